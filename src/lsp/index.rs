//! What the editor features look up: every record (id, title, file) and every place an id
//! is written (prerequisites, programme and project lists, `@/` links), read from the load
//! results the checks use. Records that failed to load are absent, as they are for link.

use std::collections::BTreeMap;
use std::ops::Range;

use super::workspace::Workspace;
use crate::load::records::{Raw, RawBody, RawTranslations, Text, Translation};
use crate::load::{FileResult, Records};
use crate::markdown::Heading;
use crate::yaml::Origin;

/// The kinds of record an id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `content/modules/<id>.md`.
    Module,
    /// `content/projects/*.yaml`.
    Project,
    /// `content/employers/*.yaml`.
    Employer,
    /// `content/programmes/<id>.md`.
    Programme,
    /// `content/pages/<id>.md`.
    Page,
}

impl Kind {
    /// Every kind, in the order completion lists them.
    pub const ALL: [Kind; 5] = [Kind::Module, Kind::Project, Kind::Employer, Kind::Programme, Kind::Page];

    /// The folder under `content/` holding this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Module => "modules",
            Kind::Project => "projects",
            Kind::Employer => "employers",
            Kind::Programme => "programmes",
            Kind::Page => "pages",
        }
    }

    /// The word for it in messages.
    pub fn singular(self) -> &'static str {
        self.folder().trim_end_matches('s')
    }

    /// The kind stored in `folder`.
    pub fn of_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The extension of the kind's files in an `@/` link (`.md` or `.yaml`).
    pub fn link_extension(self) -> &'static str {
        match self {
            Kind::Project | Kind::Employer => ".yaml",
            _ => ".md",
        }
    }
}

/// A record: where its id is written and what describes it.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its file, relative to the site root.
    pub file: String,
    /// Where the id is written: the `id` value of a record in a list, else the file's start.
    pub id_span: Range<usize>,
    /// Whether the id is the file's name (so renaming it renames the file).
    pub id_is_file_name: bool,
    /// Its title (an employer's name).
    pub title: Option<String>,
    /// Its summary.
    pub summary: Option<String>,
    /// Its body's headings, with the offset of the body in the file.
    pub headings: Vec<Heading>,
    /// Where the body starts in the file.
    pub body_offset: Option<usize>,
    /// Its roles (employers): title and span.
    pub roles: Vec<(String, Range<usize>)>,
}

/// A place where an id is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The kind of record it names.
    pub kind: Kind,
    /// The id it names.
    pub id: String,
    /// The file it is written in, relative to the site root.
    pub file: String,
    /// The span of the id itself (not of quotes or the rest of a link).
    pub span: Range<usize>,
    /// The `#anchor` of a link, with the span of its text.
    pub anchor: Option<(String, Range<usize>)>,
}

/// Every record and reference of the site.
#[derive(Debug, Default)]
pub struct Index {
    /// Records, in file order.
    pub records: Vec<Record>,
    /// References, in file order.
    pub references: Vec<Reference>,
    /// Skills as written, with how many records name them.
    pub skills: BTreeMap<String, usize>,
}

impl Index {
    /// The index of the workspace as it is now.
    pub fn of(workspace: &Workspace) -> Index {
        let mut index = Index::default();
        for (_, result) in workspace.files() {
            if let FileResult::Records(source, Ok(records)) = result {
                index.add(&source.text, records);
            }
        }
        index
    }

    /// The record of `kind` with `id`.
    pub fn record(&self, kind: Kind, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.kind == kind && r.id == id)
    }

    /// The references to the record of `kind` with `id`.
    pub fn references_to<'a>(&'a self, kind: Kind, id: &'a str) -> impl Iterator<Item = &'a Reference> {
        self.references.iter().filter(move |r| r.kind == kind && r.id == id)
    }

    fn add(&mut self, text: &str, records: &Records) {
        match records {
            Records::Modules(list) => {
                for m in list {
                    self.record_of(Kind::Module, m, &m.fields.title, &m.fields.summary);
                    self.references_of(text, &m.header.origin, Kind::Module, &m.fields.prerequisites);
                    self.skills_of(&m.fields.skills);
                }
            }
            Records::Projects(list) => {
                for p in list {
                    self.record_of(Kind::Project, p, &p.fields.title, &p.fields.summary);
                    self.references_of(text, &p.header.origin, Kind::Module, &p.fields.modules);
                    self.skills_of(&p.fields.skills);
                }
            }
            Records::Employers(list) => {
                for e in list {
                    self.record_of(Kind::Employer, e, &e.fields.name, &e.fields.summary);
                    let origin = &e.header.origin;
                    let roles = e.fields.roles.iter().map(|r| {
                        let title = r.value.title.as_ref().map_or_else(|| "role".to_owned(), |t| t.value.clone());
                        (title, origin.span(r))
                    });
                    if let Some(record) = self.records.last_mut() {
                        record.roles = roles.collect();
                    }
                    for role in &e.fields.roles {
                        self.skills_of(&role.value.skills);
                    }
                }
            }
            Records::Programmes(list) => {
                for g in list {
                    self.record_of(Kind::Programme, g, &g.fields.title, &g.fields.summary);
                    self.references_of(text, &g.header.origin, Kind::Module, &g.fields.modules);
                    self.references_of(text, &g.header.origin, Kind::Project, &g.fields.projects);
                }
            }
            Records::Pages(list) => {
                for p in list {
                    self.record_of(Kind::Page, p, &p.fields.title, &p.fields.summary);
                }
            }
            // A translation defines no record (its id is the original's); its links are references.
            Records::Translations(_) => {}
        }
        self.links_of(text, records);
    }

    fn record_of<F>(&mut self, kind: Kind, raw: &Raw<F>, title: &Option<Text>, summary: &Option<Text>) {
        let header = &raw.header;
        self.records.push(Record {
            kind,
            id: header.id.clone(),
            file: header.origin.file.clone(),
            id_span: header.id_span.clone(),
            id_is_file_name: header.id_span.is_empty() || header.origin.file.ends_with(".md"),
            title: title.as_ref().map(|t| t.value.clone()),
            summary: summary.as_ref().map(|t| t.value.clone()),
            headings: raw.body.as_ref().map(|b| b.scan.headings.clone()).unwrap_or_default(),
            body_offset: raw.body.as_ref().map(|b| b.offset),
            roles: Vec::new(),
        });
    }

    fn references_of(&mut self, text: &str, origin: &Origin, kind: Kind, values: &[Text]) {
        for value in values {
            let id = value.value.trim().to_owned();
            let span = exact(text, origin.span(value), &id);
            self.references.push(Reference { kind, id, file: origin.file.clone(), span, anchor: None });
        }
    }

    fn skills_of(&mut self, skills: &[Text]) {
        for skill in skills {
            *self.skills.entry(skill.value.trim().to_owned()).or_default() += 1;
        }
    }

    /// The `@/kind/id.ext#anchor` links of every body of the file's records.
    fn links_of(&mut self, text: &str, records: &Records) {
        let (file, bodies): (&str, Vec<&RawBody>) = match records {
            Records::Modules(l) => (first_file(l), l.iter().filter_map(|r| r.body.as_ref()).collect()),
            Records::Programmes(l) => (first_file(l), l.iter().filter_map(|r| r.body.as_ref()).collect()),
            Records::Pages(l) => (first_file(l), l.iter().filter_map(|r| r.body.as_ref()).collect()),
            Records::Projects(l) => (first_file(l), l.iter().filter_map(|r| r.body.as_ref()).collect()),
            Records::Employers(l) => {
                let bodies = l.iter().flat_map(|r| r.body.iter().chain(r.parts.iter().flatten())).collect();
                (first_file(l), bodies)
            }
            Records::Translations(t) => translation_bodies(t),
        };
        for link in bodies.iter().flat_map(|b| &b.scan.links) {
            let Some((folder, name)) = link.target.split_once('/') else { continue };
            let Some(kind) = Kind::of_folder(folder) else { continue };
            let id = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_owned();
            let written = text.get(link.span.clone()).unwrap_or_default();
            let span = match written.find(&format!("{folder}/{id}")) {
                Some(at) => {
                    let start = link.span.start + at + folder.len() + 1;
                    start..start + id.len()
                }
                None => link.span.clone(),
            };
            let anchor = link.anchor.as_ref().map(|a| {
                let at = written.rfind(&format!("#{a}")).map_or(span.end, |i| link.span.start + i + 1);
                (a.clone(), at..at + a.len())
            });
            self.references.push(Reference { kind, id, file: file.to_owned(), span, anchor });
        }
    }
}

/// A translation file's name and the Markdown of its records.
fn translation_bodies(t: &RawTranslations) -> (&str, Vec<&RawBody>) {
    fn of<F>(list: &[Translation<F>]) -> impl Iterator<Item = (&str, &RawBody)> {
        list.iter().flat_map(|t| {
            let file = t.raw.header.origin.file.as_str();
            t.raw.body.iter().chain(t.raw.parts.iter().flatten()).map(move |b| (file, b))
        })
    }
    let all: Vec<(&str, &RawBody)> = of(&t.modules)
        .chain(of(&t.projects))
        .chain(of(&t.employers))
        .chain(of(&t.programmes))
        .chain(of(&t.pages))
        .collect();
    let file = all.first().map_or("", |(file, _)| file);
    (file, all.into_iter().map(|(_, body)| body).collect())
}

fn first_file<F>(records: &[Raw<F>]) -> &str {
    records.first().map_or("", |r| r.header.origin.file.as_str())
}

/// The span of `id` inside `span` (which may hold quotes or spaces around it).
fn exact(text: &str, span: Range<usize>, id: &str) -> Range<usize> {
    match text.get(span.clone()).and_then(|written| written.find(id)) {
        Some(at) if !id.is_empty() => span.start + at..span.start + at + id.len(),
        _ => span,
    }
}
