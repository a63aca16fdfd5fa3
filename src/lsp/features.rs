//! The editor features: completion, hover, go to definition, references, rename and the
//! outline, answered from the [`Index`] of the site as the editor has it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    DocumentChangeOperation, DocumentChanges, DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse,
    Documentation, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location,
    MarkupContent, MarkupKind, OneOf, OptionalVersionedTextDocumentIdentifier, Position, ReferenceParams, RenameFile,
    RenameParams, ResourceOp, SymbolKind, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::fields::{self, Table};
use super::index::{Index, Kind, Record};
use super::position::{offset, position, range};
use super::workspace::Workspace;
use super::{content_path, uri_of};
use crate::link::catalog::{
    AccreditationStatus, Choice, Country, Currency, EmploymentType, Level, SalaryPeriod, Workplace,
};

/// A document of the site: its path relative to `content/` and its text as the editor has it.
struct Document<'a> {
    inner: String,
    file: String,
    text: &'a str,
}

fn document<'a>(workspace: &'a Workspace, uri: &Uri) -> Option<Document<'a>> {
    let inner = content_path(&workspace.options().root, uri)?;
    let text = workspace.text(&inner)?;
    Some(Document { file: format!("content/{inner}"), inner, text })
}

/// What the cursor is on: a record (through a reference to it or its own id) and an anchor.
struct Target {
    kind: Kind,
    id: String,
    anchor: Option<String>,
}

fn target_at(index: &Index, file: &str, at: usize) -> Option<Target> {
    let within = |span: &Range<usize>| span.start <= at && at <= span.end;
    for r in index.references.iter().filter(|r| r.file == file) {
        if let Some((anchor, _)) = r.anchor.as_ref().filter(|(_, span)| within(span)) {
            return Some(Target { kind: r.kind, id: r.id.clone(), anchor: Some(anchor.clone()) });
        }
        if within(&r.span) {
            return Some(Target { kind: r.kind, id: r.id.clone(), anchor: None });
        }
    }
    let own: Vec<&Record> = index.records.iter().filter(|r| r.file == file).collect();
    let record = own.iter().find(|r| !r.id_span.is_empty() && within(&r.id_span)).or(match own.len() {
        1 => own.first(),
        _ => None,
    })?;
    Some(Target { kind: record.kind, id: record.id.clone(), anchor: None })
}

fn location(workspace: &Workspace, file: &str, span: &Range<usize>) -> Option<Location> {
    let text = workspace.text(file.strip_prefix("content/")?)?;
    Some(Location { uri: uri_of(&workspace.options().root.join(file))?, range: range(text, span) })
}

/// Hover: a record's title, summary and file; a field's documentation.
pub fn hover(workspace: &Workspace, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let doc = document(workspace, &at.text_document.uri)?;
    let offset = offset(doc.text, at.position);
    let index = Index::of(workspace);
    let on_reference =
        index.references.iter().any(|r| r.file == doc.file && r.span.start <= offset && offset <= r.span.end);
    let value = match (on_reference, field_at(&doc, offset)) {
        (false, Some((table, name))) => fields::field(table, &name).map(|f| format!("**`{}`**: {}", f.name, f.doc))?,
        _ => {
            let target = target_at(&index, &doc.file, offset)?;
            let record = index.record(target.kind, &target.id)?;
            describe(record)
        }
    };
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range: None })
}

fn describe(record: &Record) -> String {
    let title = record.title.as_deref().unwrap_or(&record.id);
    let summary = record.summary.as_deref().map(|s| format!("\n\n{s}")).unwrap_or_default();
    format!("**{title}** ({} `{}`){summary}\n\n`{}`", record.kind.singular(), record.id, record.file)
}

/// Go to definition: the record's file and id, or the heading an `#anchor` names.
pub fn definition(workspace: &Workspace, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let doc = document(workspace, &at.text_document.uri)?;
    let index = Index::of(workspace);
    let target = target_at(&index, &doc.file, offset(doc.text, at.position))?;
    let record = index.record(target.kind, &target.id)?;
    let span = match &target.anchor {
        Some(anchor) => heading_span(workspace, record, anchor).unwrap_or(record.id_span.clone()),
        None => record.id_span.clone(),
    };
    location(workspace, &record.file, &span).map(GotoDefinitionResponse::Scalar)
}

/// The span of the heading of `record` whose id is `anchor`.
fn heading_span(workspace: &Workspace, record: &Record, anchor: &str) -> Option<Range<usize>> {
    let ix = record.headings.iter().position(|h| h.id == anchor)?;
    let text = workspace.text(record.file.strip_prefix("content/")?)?;
    heading_lines(text, record.body_offset?).into_iter().nth(ix)
}

/// The spans of the ATX headings (`# …`) of the Markdown starting at `from`, outside code blocks.
fn heading_lines(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut fenced = false;
    let mut start = from;
    for line in text.get(from..).unwrap_or_default().split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && trimmed.starts_with('#') && line.len() - trimmed.len() < 4 {
            spans.push(start..start + line.trim_end().len());
        }
        start += line.len();
    }
    spans
}

/// Find references: every place naming the record under the cursor (and its own id when asked).
pub fn references(workspace: &Workspace, params: ReferenceParams) -> Option<Vec<Location>> {
    let at = params.text_document_position;
    let doc = document(workspace, &at.text_document.uri)?;
    let index = Index::of(workspace);
    let target = target_at(&index, &doc.file, offset(doc.text, at.position))?;
    let mut found = Vec::new();
    if params.context.include_declaration {
        let record = index.record(target.kind, &target.id)?;
        found.extend(location(workspace, &record.file, &record.id_span));
    }
    found.extend(index.references_to(target.kind, &target.id).filter_map(|r| location(workspace, &r.file, &r.span)));
    Some(found)
}

/// Rename a record's id: every reference, and its `id` (or its file, when the id is the file's name).
pub fn rename(workspace: &Workspace, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let at = params.text_document_position;
    let Some(doc) = document(workspace, &at.text_document.uri) else { return Ok(None) };
    let index = Index::of(workspace);
    let Some(target) = target_at(&index, &doc.file, offset(doc.text, at.position)) else { return Ok(None) };
    let Some(record) = index.record(target.kind, &target.id) else { return Ok(None) };
    let new = params.new_name.trim();
    crate::ids::check_id(new).map_err(|e| {
        let why = e.reason.unwrap_or_else(|| "ids are lowercase ASCII letters, digits and dashes".to_owned());
        let suggestion = e.suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
        format!("`{new}` cannot be an id: {why}{suggestion}")
    })?;
    if index.record(target.kind, new).is_some() {
        return Err(format!("there is already a {} `{new}`", target.kind.singular()));
    }
    let mut edits: Vec<(String, Range<usize>)> =
        index.references_to(target.kind, &target.id).map(|r| (r.file.clone(), r.span.clone())).collect();
    if !record.id_is_file_name {
        edits.push((record.file.clone(), record.id_span.clone()));
    }
    let mut by_file: HashMap<String, Vec<TextEdit>> = HashMap::new();
    for (file, span) in edits {
        if let Some(found) = location(workspace, &file, &span) {
            by_file.entry(file).or_default().push(TextEdit { range: found.range, new_text: new.to_owned() });
        }
    }
    let root = &workspace.options().root;
    let mut files: Vec<(String, Vec<TextEdit>)> = by_file.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut changes: Vec<DocumentChangeOperation> = files
        .into_iter()
        .filter_map(|(file, edits)| {
            let text_document =
                OptionalVersionedTextDocumentIdentifier { uri: uri_of(&root.join(&file))?, version: None };
            Some(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document,
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }))
        })
        .collect();
    if record.id_is_file_name {
        changes.extend(rename_file(root, &record.file, new).map(DocumentChangeOperation::Op));
    }
    Ok(Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(changes)), ..Default::default() }))
}

fn rename_file(root: &Path, file: &str, new_id: &str) -> Option<ResourceOp> {
    let (folder, name) = file.rsplit_once('/')?;
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let old_uri = uri_of(&root.join(file))?;
    let new_uri = uri_of(&root.join(format!("{folder}/{new_id}.{extension}")))?;
    Some(ResourceOp::Rename(RenameFile { old_uri, new_uri, options: None, annotation_id: None }))
}

/// The outline: a Markdown file's headings; a YAML file's records and their roles.
#[allow(deprecated, reason = "DocumentSymbol::deprecated must be named; `tags` replaces it")]
pub fn symbols(workspace: &Workspace, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let doc = document(workspace, &params.text_document.uri)?;
    let index = Index::of(workspace);
    let symbol = |name: String, kind: SymbolKind, span: &Range<usize>, children: Option<Vec<DocumentSymbol>>| {
        let range = range(doc.text, span);
        DocumentSymbol {
            name,
            detail: None,
            kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: range,
            children,
        }
    };
    let mut symbols = Vec::new();
    for record in index.records.iter().filter(|r| r.file == doc.file) {
        if let Some(body) = record.body_offset.filter(|_| doc.file.ends_with(".md")) {
            let spans = heading_lines(doc.text, body);
            for (heading, span) in record.headings.iter().zip(spans) {
                symbols.push(symbol(heading.text.clone(), SymbolKind::STRING, &span, None));
            }
            continue;
        }
        let roles: Vec<DocumentSymbol> =
            record.roles.iter().map(|(title, span)| symbol(title.clone(), SymbolKind::OBJECT, span, None)).collect();
        let name = record.title.clone().unwrap_or_else(|| record.id.clone());
        let span = record.id_span.start..record.roles.last().map_or(record.id_span.end, |(_, s)| s.end);
        symbols.push(symbol(name, SymbolKind::CLASS, &span, (!roles.is_empty()).then_some(roles)));
    }
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// Completion: ids where an id goes, `@/` links and their anchors, field names, enumerations,
/// country and currency codes, and the skills the site already spells.
pub fn completion(workspace: &Workspace, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let doc = document(workspace, &at.text_document.uri)?;
    let offset = offset(doc.text, at.position);
    let line_start = doc.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &doc.text[line_start..offset];
    let index = Index::of(workspace);
    let items = if let Some(link) = line.rfind("@/").map(|i| line_start + i + 2) {
        link_items(&index, &doc.text[link..offset], link, doc.text, at.position)
    } else if in_yaml(&doc, offset) {
        yaml_items(&index, &doc, line, line_start)
    } else {
        Vec::new()
    };
    Some(CompletionResponse::Array(items))
}

fn in_yaml(doc: &Document, offset: usize) -> bool {
    if !doc.inner.ends_with(".md") {
        return true;
    }
    crate::load::front_matter::split(doc.text, &doc.file).is_ok_and(|s| s.yaml.start <= offset && offset <= s.yaml.end)
}

/// `@/` links: `kind/id.ext`, or the heading ids after `#`.
fn link_items(index: &Index, written: &str, start: usize, text: &str, cursor: Position) -> Vec<CompletionItem> {
    let edit = |from: usize, label: String| {
        CompletionTextEdit::Edit(TextEdit {
            range: lsp_types::Range { start: position(text, from), end: cursor },
            new_text: label,
        })
    };
    if let Some((target, _)) = written.split_once('#') {
        let Some((folder, name)) = target.split_once('/') else { return Vec::new() };
        let id = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let Some(record) = Kind::of_folder(folder).and_then(|kind| index.record(kind, id)) else { return Vec::new() };
        let from = start + target.len() + 1;
        return record
            .headings
            .iter()
            .map(|h| CompletionItem {
                label: h.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(h.text.clone()),
                text_edit: Some(edit(from, h.id.clone())),
                ..Default::default()
            })
            .collect();
    }
    index
        .records
        .iter()
        .map(|r| {
            let label = format!("{}/{}{}", r.kind.folder(), r.id, r.kind.link_extension());
            CompletionItem {
                detail: r.title.clone(),
                kind: Some(CompletionItemKind::FILE),
                text_edit: Some(edit(start, label.clone())),
                label,
                ..Default::default()
            }
        })
        .collect()
}

/// In YAML: a value for the key the line (or the list it is in) belongs to, else field names.
fn yaml_items(index: &Index, doc: &Document, line: &str, line_start: usize) -> Vec<CompletionItem> {
    let item = line.trim_start().strip_prefix("- ").map(str::trim_start);
    let key_value = item.unwrap_or(line.trim_start()).split_once(':');
    let key = match (key_value, item) {
        (Some((key, _)), _) => Some(key.trim().to_owned()),
        (None, Some(_)) => parent_key(&doc.text[..line_start], indent(line)),
        (None, None) => None,
    };
    match key {
        Some(key) => value_items(index, &doc.inner, &key),
        None => field_items(doc, line_start, indent(line)),
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The key of the list a `- item` line at `indent` belongs to: the nearest line above
/// that is `key:` with nothing after it, indented no deeper.
fn parent_key(before: &str, indent_of_item: usize) -> Option<String> {
    before.lines().rev().find_map(|line| {
        let key = line.trim_start().trim_start_matches("- ").strip_suffix(':')?;
        (indent(line) <= indent_of_item && !key.contains(' ')).then(|| key.to_owned())
    })
}

fn value_items(index: &Index, inner: &str, key: &str) -> Vec<CompletionItem> {
    let words = |choices: &[&'static str]| choices.iter().map(|w| simple(w, CompletionItemKind::ENUM_MEMBER)).collect();
    match key {
        "prerequisites" | "modules" => ids(index, Kind::Module),
        "projects" if inner.starts_with("programmes/") => ids(index, Kind::Project),
        "level" => words(&choices::<Level>()),
        "employment_type" => words(&choices::<EmploymentType>()),
        "workplace" => words(&choices::<Workplace>()),
        "status" => words(&choices::<AccreditationStatus>()),
        "period" => words(&choices::<SalaryPeriod>()),
        "draft" | "refund" | "remote" => words(&["true", "false"]),
        "country" | "countries" | "applicant_countries" => Country::all()
            .map(|c| CompletionItem {
                detail: Some(c.name().to_owned()),
                ..simple(c.code(), CompletionItemKind::VALUE)
            })
            .collect(),
        "currency" => Currency::all()
            .map(|(code, name)| CompletionItem { detail: Some(name), ..simple(code, CompletionItemKind::VALUE) })
            .collect(),
        "skills" => {
            let mut skills: Vec<(&String, &usize)> = index.skills.iter().collect();
            skills.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            skills
                .into_iter()
                .enumerate()
                .map(|(rank, (skill, count))| CompletionItem {
                    detail: Some(format!("used {count}×")),
                    sort_text: Some(format!("{rank:05}")),
                    ..simple(skill, CompletionItemKind::VALUE)
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn choices<C: Choice>() -> Vec<&'static str> {
    C::CHOICES.iter().map(|(word, _)| *word).collect()
}

fn simple(label: &str, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem { label: label.to_owned(), kind: Some(kind), ..Default::default() }
}

fn ids(index: &Index, kind: Kind) -> Vec<CompletionItem> {
    index
        .records
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| CompletionItem {
            detail: r.title.clone(),
            documentation: r.summary.clone().map(Documentation::String),
            ..simple(&r.id, CompletionItemKind::REFERENCE)
        })
        .collect()
}

/// The field names of the mapping being written, with their documentation.
/// In a translation, only the text fields a translation may hold.
fn field_items(doc: &Document, line_start: usize, indent_now: usize) -> Vec<CompletionItem> {
    let Some(table) = table_at(doc, line_start, indent_now) else { return Vec::new() };
    let allowed = crate::load::is_translation(&doc.inner).then(|| fields::translatable(table));
    fields::fields(table)
        .iter()
        .filter(|f| allowed.as_ref().is_none_or(|names| names.contains(&f.name)))
        .map(|f| CompletionItem {
            label: f.name.clone(),
            kind: Some(CompletionItemKind::FIELD),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: f.doc.clone(),
            })),
            insert_text: Some(format!("{}: ", f.name)),
            ..Default::default()
        })
        .collect()
}

/// Which mapping's fields a line at `indent_now` of the document writes.
fn table_at(doc: &Document, line_start: usize, indent_now: usize) -> Option<Table> {
    let (folder, _) = doc.inner.split_once('/').unwrap_or((doc.inner.as_str(), ""));
    Some(match folder {
        "site.yaml" => Table::Site,
        "modules" => Table::Module,
        "projects" => Table::Project,
        "programmes" => Table::Programme,
        "pages" => Table::Page,
        "employers" => match parent_key(&doc.text[..line_start], indent_now.saturating_sub(1)) {
            Some(key) if key == "roles" && indent_now > 0 => Table::Role,
            _ => Table::Employer,
        },
        _ => return None,
    })
}

/// The field name under the cursor (`name:` at the start of a line of YAML) and its table.
fn field_at(doc: &Document, at: usize) -> Option<(Table, String)> {
    if !in_yaml(doc, at) {
        return None;
    }
    let line_start = doc.text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = doc.text[at..].find('\n').map_or(doc.text.len(), |i| at + i);
    let line = &doc.text[line_start..line_end];
    let key_start = line_start + indent(line) + if line.trim_start().starts_with("- ") { 2 } else { 0 };
    let (key, _) = doc.text[key_start..line_end].split_once(':')?;
    if at < key_start || at > key_start + key.len() || key.contains(' ') {
        return None;
    }
    let table = table_at(doc, line_start, key_start - line_start)?;
    Some((table, key.to_owned()))
}
