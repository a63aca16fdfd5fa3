//! `prospectus new KIND ID --lang LANG`: a translation file of an existing record, its text
//! fields copied from the original so the author translates them in place.

use std::path::{Path, PathBuf};

use super::Kind;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::ids::Lang;
use crate::load::records::*;
use crate::load::{self, LoadOptions, RawSite};
use crate::suggest;

/// A YAML value of a translation file, written in the order given.
enum Value {
    Text(String),
    Texts(Vec<String>),
    Map(Fields),
    Items(Vec<Fields>),
}

type Fields = Vec<(&'static str, Value)>;

/// The original record's text, what the new file is called and what it holds.
struct Original {
    /// `content/modules/<id>.md`, or the list file holding the record.
    file: String,
    /// Whether the file holds a list of records (the translation is a list of one, with its `id`).
    in_list: bool,
    /// The record's own language, when it says (a module's `language`).
    language: Option<String>,
    fields: Fields,
    /// A Markdown record's body.
    body: Option<String>,
}

/// Creates `<file>.<lang>.<ext>` beside the original record `id` of `kind`, holding its text fields.
pub fn new_translation(root: &Path, kind: Kind, id: &str, lang: &str) -> Result<PathBuf, Diagnostic> {
    let loaded = load::load(root, &LoadOptions::default());
    let Some(config) = loaded.site.config.as_ref() else {
        return Err(Diagnostic::error("content/site.yaml could not be read")
            .hint("run `prospectus check` to see why, then try again"));
    };
    let lang = declared(config, lang)?;
    let original = original(&loaded.site, kind, id)?;
    let written_in = original.language.as_deref().and_then(Lang::primary_of).filter(|l| config.declares(l));
    if written_in.as_ref().unwrap_or(&config.language) == &lang {
        return Err(Diagnostic::error(format!(
            "{} is written in {} (`{lang}`) already",
            original.file,
            lang.autonym()
        ))
        .hint(format!("translate it into another of the site's languages: {}", languages(config))));
    }
    let path = root.join(translation_path(&original.file, &lang));
    if path.exists() {
        return Err(Diagnostic::error(format!("{} already exists", path.display())).hint(format!(
            "it is this {}'s translation into {}: edit it; nothing was overwritten",
            kind.singular(),
            lang.autonym()
        )));
    }
    super::create(&path, &original.text(&lang))
}

/// The language `code`, when the site declares it.
fn declared(config: &SiteConfig, code: &str) -> Result<Lang, Diagnostic> {
    let Some(lang) = Lang::parse(code) else {
        return Err(Diagnostic::error(format!("`{code}` is not a language code"))
            .hint(format!("write a two-letter ISO 639-1 code; the site's languages are {}", languages(config))));
    };
    if !config.declares(&lang) {
        return Err(Diagnostic::error(format!("the site does not declare `{lang}` ({})", lang.autonym())).hint(
            format!("add it to site.yaml's `languages` first: `languages: {{{lang}: {{title: …, description: …}}}}`"),
        ));
    }
    Ok(lang)
}

fn languages(config: &SiteConfig) -> String {
    config.all_languages().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
}

/// `content/modules/intro.md` → `content/modules/intro.fr.md`.
fn translation_path(file: &str, lang: &Lang) -> String {
    match file.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{lang}.{extension}"),
        None => format!("{file}.{lang}"),
    }
}

/// The record `id` of `kind` as loaded, or why there is none to translate.
fn original(site: &RawSite, kind: Kind, id: &str) -> Result<Original, Diagnostic> {
    let found = match kind {
        Kind::Module => find(&site.modules, id).map(module),
        Kind::Project => find(&site.projects, id).map(project),
        Kind::Employer => find(&site.employers, id).map(employer),
        Kind::Programme => find(&site.programmes, id).map(programme),
        Kind::Page => find(&site.pages, id).map(page),
    };
    found.ok_or_else(|| {
        let ids: Vec<&str> = match kind {
            Kind::Module => ids(&site.modules),
            Kind::Project => ids(&site.projects),
            Kind::Employer => ids(&site.employers),
            Kind::Programme => ids(&site.programmes),
            Kind::Page => ids(&site.pages),
        };
        let singular = kind.singular();
        let hint = match suggest::closest(id, &ids) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "a translation translates an existing {singular}: create it first with `prospectus new {singular} {id}`, or run `prospectus check` if its file has errors"
            ),
        };
        Diagnostic::error(format!("no {singular} `{id}` to translate")).hint(hint)
    })
}

fn find<'a, F>(records: &'a [Raw<F>], id: &str) -> Option<&'a Raw<F>> {
    records.iter().find(|r| r.header.id == id)
}

fn ids<F>(records: &[Raw<F>]) -> Vec<&str> {
    records.iter().map(|r| r.header.id.as_str()).collect()
}

impl Original {
    fn of<F>(raw: &Raw<F>, fields: Fields) -> Original {
        Original {
            file: raw.header.origin.file.clone(),
            in_list: raw.header.id_span != (0..0) && !raw.header.origin.file.ends_with(".md"),
            language: None,
            fields,
            body: None,
        }
    }

    /// The translation file's text: a comment saying what it is, then the text to translate.
    fn text(&self, lang: &Lang) -> String {
        let comment = format!(
            "# The {} ({lang}) text of {}: translate it in place. Every other field is shared by all languages and set there.\n",
            lang.autonym(),
            self.file
        );
        let mut yaml = String::new();
        match &self.body {
            Some(body) => {
                yaml.push_str("---\n");
                yaml.push_str(&comment);
                write_fields(&mut yaml, &self.fields, "");
                yaml.push_str("---\n");
                yaml.push_str(body);
            }
            None if self.in_list => {
                yaml.push_str(&comment);
                write_item(&mut yaml, &self.fields, "");
            }
            None => {
                yaml.push_str(&comment);
                write_fields(&mut yaml, &self.fields, "");
            }
        }
        yaml
    }
}

fn text(fields: &mut Fields, key: &'static str, value: &Option<Text>) {
    if let Some(value) = value {
        fields.push((key, Value::Text(value.value.clone())));
    }
}

fn texts(fields: &mut Fields, key: &'static str, values: &[Text]) {
    if !values.is_empty() {
        fields.push((key, Value::Texts(values.iter().map(|v| v.value.clone()).collect())));
    }
}

fn items(fields: &mut Fields, key: &'static str, items: Vec<Fields>) {
    if !items.is_empty() {
        fields.push((key, Value::Items(items)));
    }
}

fn with_body<F>(raw: &Raw<F>, fields: Fields) -> Original {
    Original {
        body: Some(raw.body.as_ref().map(|b| b.text.to_string()).unwrap_or_default()),
        ..Original::of(raw, fields)
    }
}

fn module(raw: &RawModule) -> Original {
    let f = &raw.fields;
    let mut fields = Fields::new();
    text(&mut fields, "title", &f.title);
    text(&mut fields, "summary", &f.summary);
    texts(&mut fields, "outcomes", &f.outcomes);
    Original { language: f.language.as_ref().map(|l| l.value.clone()), ..with_body(raw, fields) }
}

fn page(raw: &RawPage) -> Original {
    let mut fields = Fields::new();
    text(&mut fields, "title", &raw.fields.title);
    text(&mut fields, "summary", &raw.fields.summary);
    with_body(raw, fields)
}

fn programme(raw: &RawProgramme) -> Original {
    let f = &raw.fields;
    let mut fields = Fields::new();
    text(&mut fields, "title", &f.title);
    text(&mut fields, "summary", &f.summary);
    text(&mut fields, "credential", &f.credential);
    text(&mut fields, "funding", &f.funding);
    let stages = f.stages.iter().map(|s| {
        let mut stage = Fields::new();
        text(&mut stage, "title", &s.value.title);
        text(&mut stage, "summary", &s.value.summary);
        stage
    });
    items(&mut fields, "stages", stages.collect());
    let note = |note: &Option<Text>| {
        let mut item = Fields::new();
        text(&mut item, "note", note);
        item
    };
    items(&mut fields, "accreditation", f.accreditation.iter().map(|a| note(&a.value.note)).collect());
    items(&mut fields, "tuition", f.tuition.iter().map(|t| note(&t.value.note)).collect());
    if let Some(source) = f.outcomes.as_ref().and_then(|o| o.value.source.clone()) {
        fields.push(("outcomes", Value::Map(vec![("source", Value::Text(source.value))])));
    }
    with_body(raw, fields)
}

fn project(raw: &RawProject) -> Original {
    let f = &raw.fields;
    let mut fields = Fields::new();
    text(&mut fields, "id", &f.id);
    text(&mut fields, "title", &f.title);
    text(&mut fields, "summary", &f.summary);
    text(&mut fields, "brief", &f.brief);
    texts(&mut fields, "deliverables", &f.deliverables);
    Original::of(raw, fields)
}

fn employer(raw: &RawEmployer) -> Original {
    let f = &raw.fields;
    let mut fields = Fields::new();
    text(&mut fields, "id", &f.id);
    text(&mut fields, "summary", &f.summary);
    text(&mut fields, "about", &f.about);
    let role_ids = crate::link::role_ids(&f.roles);
    let roles = f.roles.iter().zip(role_ids).map(|(role, id)| {
        let mut fields = vec![("id", Value::Text(id))];
        text(&mut fields, "title", &role.value.title);
        text(&mut fields, "summary", &role.value.summary);
        text(&mut fields, "description", &role.value.description);
        fields
    });
    items(&mut fields, "roles", roles.collect());
    Original::of(raw, fields)
}

/// Writes `key: value` lines at `indent`.
fn write_fields(out: &mut String, fields: &Fields, indent: &str) {
    for (key, value) in fields {
        out.push_str(indent);
        out.push_str(key);
        out.push(':');
        let inner = format!("{indent}  ");
        match value {
            Value::Text(text) => write_scalar(out, text, &inner),
            Value::Texts(texts) => {
                out.push('\n');
                for text in texts {
                    out.push_str(&format!("{inner}-"));
                    write_scalar(out, text, &format!("{inner}  "));
                }
            }
            Value::Map(fields) => {
                out.push('\n');
                write_fields(out, fields, &inner);
            }
            Value::Items(items) => {
                out.push('\n');
                items.iter().for_each(|item| write_item(out, item, &inner));
            }
        }
    }
}

/// Writes one `- key: value` item of a list at `indent`.
fn write_item(out: &mut String, fields: &Fields, indent: &str) {
    let mut item = String::new();
    write_fields(&mut item, fields, &format!("{indent}  "));
    match item.strip_prefix(&format!("{indent}  ")) {
        Some(rest) => out.push_str(&format!("{indent}- {rest}")),
        None => out.push_str(&format!("{indent}- {{}}\n")),
    }
}

/// Writes ` value\n` after a key: plain when that reads the same, a literal block for
/// Markdown lines, else double-quoted (JSON's quoting is valid YAML).
fn write_scalar(out: &mut String, text: &str, indent: &str) {
    if is_plain(text) {
        out.push_str(&format!(" {text}\n"));
    } else if text.contains('\n') && !text.starts_with([' ', '\t', '\n']) && !text.contains('\t') {
        let chomp = match text.strip_suffix('\n') {
            None => "-",
            Some(rest) if rest.ends_with('\n') => "+",
            Some(_) => "",
        };
        out.push_str(&format!(" |{chomp}\n"));
        for line in text.lines() {
            if !line.is_empty() {
                out.push_str(indent);
                out.push_str(line);
            }
            out.push('\n');
        }
    } else {
        let quoted = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
        out.push_str(&format!(" {quoted}\n"));
    }
}

/// Whether `text` reads as itself as a plain YAML scalar: words, not a number, a date, a
/// boolean or null, and nothing YAML gives a meaning to.
fn is_plain(text: &str) -> bool {
    const SPECIAL: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(|c| c.is_control())
        && !SPECIAL.contains(&text.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(text: &str) -> String {
        let mut out = String::new();
        write_scalar(&mut out, text, "  ");
        out
    }

    #[test]
    fn words_are_written_plain_and_anything_else_quoted() {
        assert_eq!(scalar("Les bases de Python"), " Les bases de Python\n");
        assert_eq!(scalar("Note: this"), " \"Note: this\"\n");
        assert_eq!(scalar("yes"), " \"yes\"\n");
        assert_eq!(scalar("2026-01-01"), " \"2026-01-01\"\n");
    }

    #[test]
    fn markdown_lines_are_a_literal_block_keeping_their_last_newline() {
        assert_eq!(scalar("## A\n\nB.\n"), " |\n  ## A\n\n  B.\n");
        assert_eq!(scalar("A\nB"), " |-\n  A\n  B\n");
    }
}
