//! Which ids exist, per kind of record: checks ids, finds duplicates, sets drafts aside,
//! and resolves references with "did you mean" suggestions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::Diagnostic;
use crate::ids;
use crate::load::records::{Raw, RawHeader, Text};
use crate::suggest;

use super::fields::Check;

/// The names of one kind of record, for messages and paths.
#[derive(Debug, Clone, Copy)]
pub struct KindNames {
    /// `module`.
    pub singular: &'static str,
    /// `modules`: the folder under `content/` and in URLs.
    pub folder: &'static str,
}

/// The published records of one kind, sorted by id, and the drafts set aside.
#[derive(Debug)]
pub struct Registry {
    /// The kind.
    pub names: KindNames,
    /// Published ids, each with its index in the raw list; the position in this map is the catalog index.
    published: BTreeMap<String, usize>,
    /// Catalog index of each published id.
    positions: HashMap<String, usize>,
    /// Draft ids and their files.
    drafts: BTreeMap<String, String>,
    /// Files of every id, for suggestions.
    files: BTreeMap<String, String>,
}

impl Registry {
    /// Registers `records`, reporting invalid and duplicate ids.
    pub fn new<F>(names: KindNames, records: &[Raw<F>], include_drafts: bool, errors: &mut Vec<Diagnostic>) -> Self {
        let mut registry = Registry {
            names,
            published: BTreeMap::new(),
            positions: HashMap::new(),
            drafts: BTreeMap::new(),
            files: BTreeMap::new(),
        };
        let mut seen: BTreeMap<&str, &Raw<F>> = BTreeMap::new();
        for (raw_ix, record) in records.iter().enumerate() {
            let header = &record.header;
            if let Err(invalid) = ids::check_id(&header.id) {
                errors.push(invalid_id(names, record, invalid));
                continue;
            }
            if let Some(first) = seen.get(header.id.as_str()) {
                errors.push(duplicate_id(names, header, &first.header));
                continue;
            }
            seen.insert(&header.id, record);
            registry.files.insert(header.id.clone(), header.origin.file.clone());
            if header.draft && !include_drafts {
                registry.drafts.insert(header.id.clone(), header.origin.file.clone());
            } else {
                registry.published.insert(header.id.clone(), raw_ix);
            }
        }
        registry.positions = registry.published.keys().enumerate().map(|(ix, id)| (id.clone(), ix)).collect();
        registry
    }

    /// Raw indices of the published records, in catalog (id) order.
    pub fn order(&self) -> Vec<usize> {
        self.published.values().copied().collect()
    }

    /// The raw index of a published id (its position in the loaded list).
    pub fn raw_index(&self, id: &str) -> Option<usize> {
        self.published.get(id).copied()
    }

    /// The catalog index of a published id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// Resolves a reference written in `value`, reporting unknown and draft ids.
    /// `broken` holds ids of files that failed to load: references to them are not reported again.
    pub fn resolve(&self, value: &Text, what: &str, check: &mut Check, broken: &BTreeSet<String>) -> Option<usize> {
        let id = value.value.trim();
        if let Some(ix) = self.index_of(id) {
            return Some(ix);
        }
        if broken.contains(id) {
            return None;
        }
        let singular = self.names.singular;
        let diagnostic = if let Some(file) = self.drafts.get(id) {
            check
                .origin
                .error_at(value, format!("{what} `{id}` is a draft"))
                .label(format!("this {singular} is not published"))
                .hint(format!("publish it (remove `draft: true` in {file}) or build with --drafts"))
        } else {
            check
                .origin
                .error_at(value, format!("unknown {what} `{id}`"))
                .label(format!("no {singular} has this id"))
                .maybe_hint(self.suggestion(id).or_else(|| self.creation_hint(id)))
        };
        check.report(diagnostic);
        None
    }

    /// "did you mean `x` (file)?" for a mistyped id.
    pub fn suggestion(&self, id: &str) -> Option<String> {
        let best = suggest::closest(id, self.published.keys())?;
        let file = self.files.get(&best).map(String::as_str).unwrap_or_default();
        Some(format!("did you mean `{best}` ({file})?"))
    }

    /// "create it with `prospectus new …`", when nothing close exists and the id is valid.
    fn creation_hint(&self, id: &str) -> Option<String> {
        let singular = self.names.singular;
        ids::check_id(id)
            .ok()
            .map(|()| format!("check the spelling, or create it with `prospectus new {singular} {id}`"))
    }

    /// Whether `id` is a draft left out of this build.
    pub fn is_draft(&self, id: &str) -> bool {
        self.drafts.contains_key(id)
    }
}

/// Names both files in the message itself, so one-line formats (GitHub annotations) show both.
fn duplicate_id(names: KindNames, header: &RawHeader, first: &RawHeader) -> Diagnostic {
    let first_file = &first.origin.file;
    let whence =
        if *first_file == header.origin.file { "earlier in this file".to_owned() } else { format!("in {first_file}") };
    Diagnostic::error(format!("duplicate {} id `{}`: already defined {whence}", names.singular, header.id))
        .at(&header.origin.file, header.id_span.clone())
        .label(format!("a second {} with this id", names.singular))
        .related(first_file, first.id_span.clone(), "first defined here")
        .hint("ids must be unique: rename one of the two")
}

fn invalid_id<F>(names: KindNames, record: &Raw<F>, invalid: ids::InvalidId) -> Diagnostic {
    let ids::InvalidId { suggestion, reason } = invalid;
    let header = &record.header;
    let from_file = header.id_span == (0..3) || header.id_span == (0..0);
    let file = &header.origin.file;
    let extension = file.rsplit_once('.').map_or("", |(_, ext)| ext);
    let fix = match (&suggestion, from_file) {
        (Some(s), true) => format!("rename the file to `{s}.{extension}`"),
        (Some(s), false) => format!("write `id: {s}`"),
        (None, true) => {
            "rename the file with lowercase ASCII letters, digits and single dashes, e.g. `deep-learning`".to_owned()
        }
        (None, false) => "use lowercase ASCII letters, digits and single dashes, e.g. `deep-learning`".to_owned(),
    };
    let (span, whose) = if from_file { (0..0, " (the file name)") } else { (header.id_span.clone(), "") };
    let reason = reason.map(|r| format!(": {r}")).unwrap_or_default();
    Diagnostic::error(format!("invalid {} id `{}`{whose}{reason}", names.singular, header.id.escape_debug()))
        .at(file, span)
        .label("ids are lowercase ASCII letters and digits joined by single dashes")
        .hint(fix)
}
