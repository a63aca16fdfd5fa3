//! Translations: each translation file's text merged into a copy of its linked original.
//!
//! A translation holds only text (see `load::records::ModuleText` and its siblings); every
//! other field is the original's, so a copy of the linked original with the translated text
//! in place is a complete record whose references resolve like the original's. A text field a
//! translation leaves out keeps the original's text. A translation of a draft is dropped with
//! its original (published with it under `--drafts`).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::ops::Range;

use super::catalog::*;
use super::fields::Check;
use super::registry::Registry;
use super::{Registries, links};
use crate::diagnostics::Diagnostic;
use crate::ids::Lang;
use crate::load::RawSite;
use crate::load::records::*;
use crate::suggest;
use crate::yaml::Spanned;

/// Matches every translation to its original and merges its text into a copy of it.
pub(super) fn link(
    site: &RawSite,
    registries: &Registries,
    catalog: &Catalog,
    errors: &mut Vec<Diagnostic>,
) -> Translations {
    let mut linker =
        Linker { registries, catalog, errors, translations: Translations::default(), seen: BTreeMap::new() };
    let raw = &site.translations;
    for t in &raw.modules {
        if let Some(ix) = linker.target(t, &registries.modules, ModuleIx) {
            let module = linker.module(t, ix);
            linker.translated(&t.lang).modules.insert(ix, module);
        }
    }
    for t in &raw.projects {
        if let Some(ix) = linker.target(t, &registries.projects, ProjectIx) {
            let project = linker.project(t, ix);
            linker.translated(&t.lang).projects.insert(ix, project);
        }
    }
    for t in &raw.employers {
        if let Some(ix) = linker.target(t, &registries.employers, EmployerIx) {
            let (employer, roles) = linker.employer(t, ix);
            let translated = linker.translated(&t.lang);
            translated.employers.insert(ix, employer);
            translated.roles.extend(roles);
        }
    }
    for t in &raw.programmes {
        if let Some(ix) = linker.target(t, &registries.programmes, ProgrammeIx) {
            let programme = linker.programme(t, ix);
            linker.translated(&t.lang).programmes.insert(ix, programme);
        }
    }
    for t in &raw.pages {
        if let Some(ix) = linker.target(t, &registries.pages, PageIx) {
            let page = linker.page(t, ix);
            linker.translated(&t.lang).pages.insert(ix, page);
        }
    }
    let Linker { translations, errors, .. } = linker;
    check_links(site, registries, &translations, errors);
    translations
}

struct Linker<'a> {
    registries: &'a Registries,
    catalog: &'a Catalog,
    errors: &'a mut Vec<Diagnostic>,
    translations: Translations,
    /// Where each record was first translated into each language: (language, kind, index).
    seen: BTreeMap<(Lang, &'static str, usize), (String, Range<usize>)>,
}

impl Linker<'_> {
    fn translated(&mut self, lang: &Lang) -> &mut Translated {
        self.translations.0.entry(lang.clone()).or_default()
    }

    fn check<'c, F>(&'c mut self, t: &'c Translation<F>) -> Check<'c> {
        let header = &t.raw.header;
        Check { origin: &header.origin, record: header.id_span.clone(), what: "translation", errors: self.errors }
    }

    /// The index of the original `t` translates, when it is published, in another of the
    /// site's languages, and translated once into this one; every other case is reported,
    /// except a draft (or an original that failed to load), dropped silently.
    fn target<F, I: Versioned>(
        &mut self,
        t: &Translation<F>,
        registry: &Registry,
        index: impl Fn(usize) -> I,
    ) -> Option<I> {
        let header = &t.raw.header;
        let error = |message: String| Diagnostic::error(message).at(&header.origin.file, header.id_span.clone());
        if !self.catalog.config.declares(&t.lang) {
            let d = error(format!("translation into `{}` ({}), a language the site does not declare", t.lang, t.lang.autonym()))
                .hint(format!("add it to site.yaml's `languages` (`languages: {{{}: {{title: …, description: …}}}}`), or rename the file", t.lang));
            self.errors.push(d);
            return None;
        }
        let singular = registry.names.singular;
        let id = header.id.as_str();
        let Some(position) = registry.index_of(id) else {
            if registry.is_draft(id) || self.registries.broken.contains(id) {
                return None;
            }
            let hint = registry.suggestion(id).unwrap_or_else(|| {
                format!("create {} first, or rename this file after the {singular} it translates", t.original_file)
            });
            let d = error(format!("translation of {singular} `{id}`, which does not exist (no {})", t.original_file))
                .label(format!("a translation translates the {singular} of the same id"))
                .hint(hint);
            self.errors.push(d);
            return None;
        };
        let ix = index(position);
        let written_in = self.catalog.written_in(ix);
        if *written_in == t.lang {
            let d = error(format!("translation into `{}`, the language {singular} `{id}` is written in", t.lang)).hint(
                format!(
                    "{} is already in {}: translate it into another of the site's languages, or remove this file",
                    t.original_file,
                    written_in.autonym()
                ),
            );
            self.errors.push(d);
            return None;
        }
        match self.seen.entry((t.lang.clone(), singular, position)) {
            Entry::Vacant(first) => {
                first.insert((header.origin.file.clone(), header.id_span.clone()));
                Some(ix)
            }
            Entry::Occupied(first) => {
                let (file, span) = first.get();
                let d = error(format!("{singular} `{id}` is translated into `{}` twice", t.lang))
                    .related(file, span.clone(), "first translated here")
                    .hint("keep one translation per language: merge the two, or remove one");
                self.errors.push(d);
                None
            }
        }
    }

    fn module(&mut self, t: &Translation<ModuleText>, ix: ModuleIx) -> Module {
        let mut module = self.catalog[ix].clone();
        let f = &t.raw.fields;
        let mut c = self.check(t);
        replace(&mut module.title, c.optional(&f.title, "title"));
        replace(&mut module.summary, c.optional(&f.summary, "summary"));
        if !f.outcomes.is_empty() {
            module.outcomes = c.texts(&f.outcomes, "outcomes");
        }
        replace(&mut module.body, body(&t.raw.body));
        module
    }

    fn project(&mut self, t: &Translation<ProjectText>, ix: ProjectIx) -> Project {
        let mut project = self.catalog[ix].clone();
        let f = &t.raw.fields;
        let mut c = self.check(t);
        replace(&mut project.title, c.optional(&f.title, "title"));
        replace(&mut project.summary, c.optional(&f.summary, "summary"));
        if let Some(brief) = body(&t.raw.body) {
            project.brief = Some(brief);
        }
        if same_count(&mut c, &f.deliverables, project.deliverables.len(), "deliverables", &t.original_file) {
            project.deliverables = c.texts(&f.deliverables, "deliverables");
        }
        project
    }

    fn employer(&mut self, t: &Translation<EmployerText>, ix: EmployerIx) -> (Employer, Vec<RoleIx>) {
        let mut employer = self.catalog[ix].clone();
        let f = &t.raw.fields;
        let mut c = self.check(t);
        replace(&mut employer.summary, c.optional(&f.summary, "summary"));
        if let Some(about) = body(&t.raw.body) {
            employer.about = Some(about);
        }
        let mut roles = Vec::new();
        for (written, role) in f.roles.iter().enumerate() {
            let Some(position) = role_position(&mut c, role, &employer) else { continue };
            let role_ix = RoleIx { employer: ix, position };
            if roles.contains(&role_ix) {
                let d = c.error_at(role, format!("role `{}` is translated twice here", employer.roles[position].id));
                d.hint = Some("translate each role once: merge the two".to_owned());
                continue;
            }
            let mut c = super::convert::nested(&mut c, role, "role");
            let original = &mut employer.roles[position];
            replace(&mut original.title, c.optional(&role.value.title, "title"));
            if let Some(summary) = c.optional(&role.value.summary, "summary") {
                original.summary = Some(summary);
            }
            if let Some(description) = body(t.raw.parts.get(written).unwrap_or(&None)) {
                original.description = Some(description);
            }
            roles.push(role_ix);
        }
        (employer, roles)
    }

    fn programme(&mut self, t: &Translation<ProgrammeText>, ix: ProgrammeIx) -> Programme {
        let mut programme = self.catalog[ix].clone();
        let f = &t.raw.fields;
        let file = &t.original_file;
        let mut c = self.check(t);
        replace(&mut programme.title, c.optional(&f.title, "title"));
        replace(&mut programme.summary, c.optional(&f.summary, "summary"));
        if let Some(credential) = c.optional(&f.credential, "credential") {
            programme.credential = Some(credential);
        }
        if let Some(funding) = body(t.raw.parts.first().unwrap_or(&None)) {
            programme.funding = Some(funding);
        }
        if same_count(&mut c, &f.stages, programme.stages.len(), "stages", file) {
            for (stage, text) in programme.stages.iter_mut().zip(&f.stages) {
                replace(&mut stage.title, c.optional(&text.value.title, "title"));
                if let Some(summary) = c.optional(&text.value.summary, "summary") {
                    stage.summary = Some(summary);
                }
            }
        }
        if same_count(&mut c, &f.accreditation, programme.accreditation.len(), "accreditation", file) {
            for (item, text) in programme.accreditation.iter_mut().zip(&f.accreditation) {
                note(&mut c, &mut item.note, &text.value);
            }
        }
        if same_count(&mut c, &f.tuition, programme.tuition.len(), "tuition", file) {
            for (item, text) in programme.tuition.iter_mut().zip(&f.tuition) {
                note(&mut c, &mut item.note, &text.value);
            }
        }
        if let Some(outcomes) = &f.outcomes {
            match programme.outcomes.as_mut() {
                Some(original) => replace(&mut original.source, c.optional(&outcomes.value.source, "source")),
                None => {
                    c.error_at(outcomes, format!("`outcomes` is not in {file}")).hint = Some(format!(
                        "a translation translates the original's text: set `outcomes` in {file} first, or remove it here"
                    ));
                }
            }
        }
        replace(&mut programme.body, body(&t.raw.body));
        programme
    }

    fn page(&mut self, t: &Translation<PageText>, ix: PageIx) -> Page {
        let mut page = self.catalog[ix].clone();
        let f = &t.raw.fields;
        let mut c = self.check(t);
        replace(&mut page.title, c.optional(&f.title, "title"));
        if let Some(summary) = c.optional(&f.summary, "summary") {
            page.summary = Some(summary);
        }
        replace(&mut page.body, body(&t.raw.body));
        page
    }
}

/// Puts the translated value in place, when the translation has one.
fn replace<T>(field: &mut T, translated: Option<T>) {
    if let Some(value) = translated {
        *field = value;
    }
}

/// Translated Markdown, unless blank (the original's stays).
fn body(raw: &Option<RawBody>) -> Option<Body> {
    let raw = raw.as_ref().filter(|b| !b.text.trim().is_empty())?;
    Some(Body { markdown: raw.text.clone(), headings: raw.scan.headings.clone() })
}

fn note(c: &mut Check, note: &mut Option<String>, text: &NoteText) {
    if let Some(translated) = c.optional(&text.note, "note") {
        *note = Some(translated);
    }
}

/// Whether a translated list has as many items as the original's (an empty one is left out:
/// the original's stays); a different number is reported at the translation's first item.
fn same_count<T>(c: &mut Check, items: &[Spanned<T>], original: usize, field: &str, file: &str) -> bool {
    let Some(first) = items.first() else { return false };
    if items.len() == original {
        return true;
    }
    let d =
        c.error_at(first, format!("`{field}` has {} here and {} in {file}", count_of(items.len()), count_of(original)));
    d.label = Some(format!("the original's `{field}`, translated one by one, in order"));
    d.hint = Some(format!("translate the {} of {file}'s `{field}`, one by one, in the same order", count_of(original)));
    false
}

/// The position among the employer's roles of the role a translated role names by `id`.
fn role_position(c: &mut Check, role: &Spanned<RoleText>, employer: &Employer) -> Option<usize> {
    let ids: Vec<&str> = employer.roles.iter().map(|r| r.id.as_str()).collect();
    let Some(id) = &role.value.id else {
        let d = c.error_at(role, "translated role has no `id`");
        d.hint = Some(format!("write the id of the role it translates: {}", list(&ids)));
        return None;
    };
    let written = id.value.trim();
    if let Some(position) = ids.iter().position(|r| *r == written) {
        return Some(position);
    }
    let hint = match suggest::closest(written, &ids) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("its roles are: {}", list(&ids)),
    };
    let d = c.error_at(id, format!("employer `{}` has no role `{written}`", employer.id));
    d.label = Some("a translated role is matched to the original's by id".to_owned());
    d.hint = Some(hint);
    None
}

/// `1 item`, `2 items`.
fn count_of(n: usize) -> String {
    if n == 1 { "1 item".to_owned() } else { format!("{n} items") }
}

fn list(ids: &[&str]) -> String {
    ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
}

/// Checks the internal links of every translation: targets as for any record, anchors on the
/// target's page in the translation's language (its translation's headings, when it has one).
fn check_links(site: &RawSite, registries: &Registries, translations: &Translations, errors: &mut Vec<Diagnostic>) {
    let empty = Translated::default();
    let raw = &site.translations;
    let headers = raw
        .modules
        .iter()
        .map(|t| (&t.lang, &t.raw.header, bodies(&t.raw)))
        .chain(raw.projects.iter().map(|t| (&t.lang, &t.raw.header, bodies(&t.raw))))
        .chain(raw.employers.iter().map(|t| (&t.lang, &t.raw.header, bodies(&t.raw))))
        .chain(raw.programmes.iter().map(|t| (&t.lang, &t.raw.header, bodies(&t.raw))))
        .chain(raw.pages.iter().map(|t| (&t.lang, &t.raw.header, bodies(&t.raw))));
    let mut by_language: BTreeMap<&Lang, Vec<_>> = BTreeMap::new();
    for (lang, header, bodies) in headers {
        by_language.entry(lang).or_default().push((header, bodies));
    }
    for (lang, records) in by_language {
        let translated = translations.0.get(lang).unwrap_or(&empty);
        let headings = |folder: &str, id: &str| translated_headings(registries, translated, folder, id);
        for (header, bodies) in records {
            links::check_bodies(site, registries, header, bodies.into_iter(), Some(&headings), errors);
        }
    }
}

fn bodies<F>(raw: &Raw<F>) -> Vec<&RawBody> {
    raw.body.iter().chain(raw.parts.iter().flatten()).collect()
}

/// The heading ids of a record's page in a translation's language, when its translation
/// replaced the original's body there.
fn translated_headings(
    registries: &Registries,
    translated: &Translated,
    folder: &str,
    id: &str,
) -> Option<Vec<String>> {
    let r = registries;
    let body = match folder {
        "modules" => translated.modules.get(&ModuleIx(r.modules.index_of(id)?)).map(|m| &m.body),
        "projects" => translated.projects.get(&ProjectIx(r.projects.index_of(id)?))?.brief.as_ref(),
        "employers" => translated.employers.get(&EmployerIx(r.employers.index_of(id)?))?.about.as_ref(),
        "programmes" => translated.programmes.get(&ProgrammeIx(r.programmes.index_of(id)?)).map(|g| &g.body),
        _ => translated.pages.get(&PageIx(r.pages.index_of(id)?)).map(|p| &p.body),
    }?;
    Some(body.headings.iter().map(|h| h.id.clone()).collect())
}
