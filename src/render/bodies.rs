//! The records' Markdown bodies as HTML, each rendered once and shared by every page that shows it.

use std::sync::Arc;

use rayon::prelude::*;

use super::urls::Urls;
use super::views::Bodies;
use crate::link::catalog::*;
use crate::markdown::{self, Highlighter};

/// Every record's body but the modules' as HTML made by `one` (given `None` for a record
/// without one), in parallel; module bodies are left to the caller.
pub(super) fn bodies_but_modules(catalog: &Catalog, one: &(dyn Fn(Option<&Body>) -> Arc<str> + Sync)) -> Bodies {
    Bodies {
        modules: Vec::new(),
        projects: catalog.projects.par_iter().map(|p| one(p.brief.as_ref())).collect(),
        employers: catalog.employers.par_iter().map(|e| one(e.about.as_ref())).collect(),
        programmes: catalog.programmes.par_iter().map(|p| one(Some(&p.body))).collect(),
        funding: catalog.programmes.par_iter().map(|p| one(p.funding.as_ref())).collect(),
        pages: catalog.pages.par_iter().map(|p| one(Some(&p.body))).collect(),
        roles: catalog
            .employers
            .par_iter()
            .map(|e| e.roles.iter().map(|r| one(r.description.as_ref())).collect())
            .collect(),
    }
}

/// A body's HTML, its internal links resolved to URLs.
pub(super) fn render_markdown(markdown: &str, urls: &Urls, highlighter: &Highlighter) -> String {
    let resolve = |link: &markdown::InternalLink| urls.internal_link(link);
    markdown::render(markdown, highlighter, &resolve)
}
