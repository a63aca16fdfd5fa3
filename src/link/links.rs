//! Internal links (`[text](@/modules/<id>.md#anchor)`) must reach a published record and anchor.

use crate::diagnostics::Diagnostic;
use crate::ids::role_anchor;
use crate::load::RawSite;
use crate::load::records::{Raw, RawBody, RawHeader};
use crate::markdown::InternalLink;
use crate::suggest;

use super::registry::Registry;
use super::{Registries, convert};

/// Checks every internal link of every published record.
pub(super) fn check(site: &RawSite, registries: &Registries, errors: &mut Vec<Diagnostic>) {
    let checker = Checker { site, registries, headings_in_language: None };
    checker.records(&site.modules, &registries.modules, errors);
    checker.records(&site.projects, &registries.projects, errors);
    checker.records(&site.employers, &registries.employers, errors);
    checker.records(&site.programmes, &registries.programmes, errors);
    checker.records(&site.pages, &registries.pages, errors);
}

/// The heading ids of a record's page (by folder and id) in a translation's language, when
/// they are not its original's.
pub(super) type HeadingsIn<'a> = &'a dyn Fn(&str, &str) -> Option<Vec<String>>;

/// Checks the internal links of one record's Markdown (`bodies`, written in `header`'s file);
/// `headings_in_language` gives the anchors of pages in a translation's language.
pub(super) fn check_bodies<'b>(
    site: &RawSite,
    registries: &Registries,
    header: &RawHeader,
    bodies: impl Iterator<Item = &'b RawBody> + Clone,
    headings_in_language: Option<HeadingsIn>,
    errors: &mut Vec<Diagnostic>,
) {
    Checker { site, registries, headings_in_language }.bodies(header, bodies, errors);
}

struct Checker<'a> {
    site: &'a RawSite,
    registries: &'a Registries,
    headings_in_language: Option<HeadingsIn<'a>>,
}

impl Checker<'_> {
    fn records<F>(&self, records: &[Raw<F>], registry: &Registry, errors: &mut Vec<Diagnostic>) {
        for ix in registry.order() {
            let record = &records[ix];
            self.bodies(&record.header, record.body.iter().chain(record.parts.iter().flatten()), errors);
        }
    }

    fn bodies<'b>(
        &self,
        header: &RawHeader,
        bodies: impl Iterator<Item = &'b RawBody> + Clone,
        errors: &mut Vec<Diagnostic>,
    ) {
        for link in bodies.clone().flat_map(|b| &b.scan.links) {
            if let Err(d) = self.link(header, link) {
                errors.push(d);
            }
        }
        for url in bodies.flat_map(|b| &b.scan.script_urls) {
            errors.push(
                Diagnostic::error(format!("link to a `{}:` URL", url.scheme))
                    .at(&header.origin.file, url.span.clone())
                    .label("this would run script in the reader's browser")
                    .hint("link to an http(s), mailto: or relative URL; scripts belong in the theme"),
            );
        }
    }

    fn link(&self, header: &RawHeader, link: &InternalLink) -> Result<(), Diagnostic> {
        let written = format!("@/{}", link.target);
        let error = |message: String| Diagnostic::error(message).at(&header.origin.file, link.span.clone());
        let Some((folder, name)) = link.target.split_once('/') else {
            return Err(error(format!("invalid internal link `{written}`")).hint(FORM_HINT));
        };
        let Some(registry) = self.registry(folder) else {
            let folders = ["modules", "projects", "employers", "programmes", "pages"];
            let hint = match suggest::closest(folder, &folders) {
                Some(s) => format!("did you mean `@/{s}/{name}`?"),
                None => FORM_HINT.to_owned(),
            };
            return Err(error(format!("internal link `{written}` names no kind of record")).hint(hint));
        };
        let Some(id) = name.strip_suffix(".md") else {
            return Err(error(format!("internal link `{written}` must end with `.md`")).hint(FORM_HINT));
        };
        let Some(raw) = registry.raw_index(id) else {
            if self.registries.broken.contains(id) {
                return Ok(());
            }
            let singular = registry.names.singular;
            if registry.is_draft(id) {
                return Err(error(format!("link to draft {singular} `{id}`"))
                    .hint("publish it (remove `draft: true`), build with --drafts, or remove the link"));
            }
            return Err(error(format!("broken link: no {singular} `{id}`"))
                .label(format!("no file content/{folder}/{id}.*"))
                .maybe_hint(registry.suggestion(id)));
        };
        let Some(anchor) = &link.anchor else { return Ok(()) };
        let anchors = self.anchors(folder, id, raw);
        if anchors.iter().any(|a| a == anchor) {
            return Ok(());
        }
        let hint = match suggest::closest(anchor, &anchors) {
            Some(s) => format!("did you mean `#{s}`?"),
            None if anchors.is_empty() => "the target has no headings: link to the page without an anchor".to_owned(),
            None => {
                format!("its anchors are: {}", anchors.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", "))
            }
        };
        Err(error(format!("broken link: `{}/{}` has no anchor `#{anchor}`", folder, name)).hint(hint))
    }

    fn registry(&self, folder: &str) -> Option<&Registry> {
        let r = self.registries;
        [&r.modules, &r.projects, &r.employers, &r.programmes, &r.pages].into_iter().find(|r| r.names.folder == folder)
    }

    /// The ids a link may point at on a record's page: its headings, and an employer's roles.
    fn anchors(&self, folder: &str, id: &str, raw_ix: usize) -> Vec<String> {
        let site = self.site;
        let translated = self.headings_in_language.and_then(|headings| headings(folder, id));
        let body = match folder {
            "modules" => &site.modules[raw_ix].body,
            "projects" => &site.projects[raw_ix].body,
            "employers" => &site.employers[raw_ix].body,
            "programmes" => &site.programmes[raw_ix].body,
            _ => &site.pages[raw_ix].body,
        };
        let mut anchors: Vec<String> =
            translated.unwrap_or_else(|| body.iter().flat_map(|b| &b.scan.headings).map(|h| h.id.clone()).collect());
        if folder == "employers" {
            let roles = &site.employers[raw_ix].fields.roles;
            anchors.extend(convert::role_ids(roles).iter().map(|id| role_anchor(id)));
        }
        anchors
    }
}

const FORM_HINT: &str = "internal links look like `@/modules/<id>.md` or `@/modules/<id>.md#<heading-id>`";
