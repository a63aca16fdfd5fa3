//! Stage 2, link: the only stage that knows about more than one record.
//!
//! It checks every field, resolves ids into typed references, rejects
//! duplicates, drafts and cycles, checks internal links and their anchors,
//! groups skills, and derives the relations the pages show (unlocks,
//! projects per module, roles per skill, programme totals). The result is
//! an immutable [`Catalog`], or every diagnostic found.

pub mod catalog;
mod convert;
pub mod fields;
mod graph;
mod links;
mod registry;
mod skills;
mod stages;
mod translations;
mod warnings;

use std::collections::BTreeSet;

use jiff::civil::Date;

pub use catalog::Catalog;
pub use convert::role_ids;
use registry::{KindNames, Registry};

use crate::diagnostics::Diagnostic;
use crate::load::RawSite;

/// Options that change what is published.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Publish drafts too.
    pub drafts: bool,
    /// The build's date: roles that closed before it are shown as closed.
    pub build_date: Date,
}

/// The names of each kind, in messages and URLs.
pub(crate) const MODULES: KindNames = KindNames { singular: "module", folder: "modules" };
pub(crate) const PROJECTS: KindNames = KindNames { singular: "project", folder: "projects" };
pub(crate) const EMPLOYERS: KindNames = KindNames { singular: "employer", folder: "employers" };
pub(crate) const PROGRAMMES: KindNames = KindNames { singular: "programme", folder: "programmes" };
pub(crate) const PAGES: KindNames = KindNames { singular: "page", folder: "pages" };

/// Page ids that would collide with the site's own folders and files.
const RESERVED_PAGE_IDS: &[&str] =
    &["modules", "projects", "employers", "programmes", "skills", "catalog", "api", "search", "static", "404"];

/// Every registry, for resolving references of any kind.
pub(crate) struct Registries {
    pub modules: Registry,
    pub projects: Registry,
    pub employers: Registry,
    pub programmes: Registry,
    pub pages: Registry,
    /// Ids (file stems) of files that failed to load; references to them are not reported again.
    pub broken: BTreeSet<String>,
}

/// Links the raw site into a catalog. `broken` lists the stems of files that failed to load.
pub fn link(site: RawSite, broken: BTreeSet<String>, options: &LinkOptions) -> Result<Catalog, Vec<Diagnostic>> {
    match link_all(site, broken, options) {
        (Some(catalog), errors) if errors.is_empty() => Ok(catalog),
        (_, errors) => Err(errors),
    }
}

/// [`link`], keeping the catalog even when there are errors (`None` only without a usable
/// `site.yaml`): the records that failed a check are in it as far as they could be read, so
/// later checks (static files against generated pages) still run and report alongside.
pub fn link_all(site: RawSite, broken: BTreeSet<String>, options: &LinkOptions) -> (Option<Catalog>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let registries = Registries {
        modules: Registry::new(MODULES, &site.modules, options.drafts, &mut errors),
        projects: Registry::new(PROJECTS, &site.projects, options.drafts, &mut errors),
        employers: Registry::new(EMPLOYERS, &site.employers, options.drafts, &mut errors),
        programmes: Registry::new(PROGRAMMES, &site.programmes, options.drafts, &mut errors),
        pages: Registry::new(PAGES, &site.pages, options.drafts, &mut errors),
        broken,
    };
    check_page_ids(&site, &registries, &mut errors);
    check_config_files(&site, &mut errors);
    links::check(&site, &registries, &mut errors);
    let mut catalog = convert::convert(&site, &registries, options, &mut errors);
    if let Some(catalog) = catalog.as_mut() {
        catalog.translations = translations::link(&site, &registries, catalog, &mut errors);
    }
    if let Some(catalog) = catalog.as_mut().filter(|_| errors.is_empty()) {
        catalog.warnings = warnings::check(&site, &registries, catalog);
    }
    (catalog, errors)
}

fn check_page_ids(site: &RawSite, registries: &Registries, errors: &mut Vec<Diagnostic>) {
    for ix in registries.pages.order() {
        let header = &site.pages[ix].header;
        if RESERVED_PAGE_IDS.contains(&header.id.as_str()) {
            errors.push(
                Diagnostic::error(format!("page id `{}` is reserved", header.id))
                    .at(&header.origin.file, 0..0)
                    .label(format!("the site already has /{}/", header.id))
                    .hint(format!("rename the file: these page ids are reserved: {}", RESERVED_PAGE_IDS.join(", "))),
            );
        }
    }
}

/// The files `site.yaml` names (the organisation's logo, the share image) must be static files.
fn check_config_files(site: &RawSite, errors: &mut Vec<Diagnostic>) {
    let Some(config) = &site.config else { return };
    let logo = config.organization.as_ref().and_then(|o| o.logo.as_ref());
    for file in logo.into_iter().chain(&config.image) {
        if !site.static_files.iter().any(|s| s.output == file.path) {
            errors.push(
                Diagnostic::error(format!("no static file `{}`", file.path))
                    .at(&file.file, file.span.clone())
                    .label(format!("content/static/{} does not exist", file.path))
                    .hint("put the file in content/static/ and write its path from there, e.g. `logo.svg`"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
