//! The records' Markdown bodies as HTML, each rendered once and shared by every page that shows it.

use std::sync::Arc;

use rayon::prelude::*;

use super::language::LanguageSite;
use super::urls::Urls;
use super::views::Bodies;
use crate::link::catalog::*;
use crate::markdown::{self, Highlighter};

/// Every body but the modules' of the records with a page in `site`'s language, as HTML
/// made by `one` (given `None` for a record without a body or without a page: no page shows
/// its body), in parallel; module bodies are left to the caller.
pub(super) fn bodies_but_modules(site: &LanguageSite<'_>, one: &(dyn Fn(Option<&Body>) -> Arc<str> + Sync)) -> Bodies {
    let catalog = site.catalog();
    Bodies {
        modules: Vec::new(),
        projects: par_enumerate(&catalog.projects, |p, x| {
            one(x.brief.as_ref().filter(|_| site.has_page(ProjectIx(p))))
        }),
        employers: par_enumerate(&catalog.employers, |e, x| {
            one(x.about.as_ref().filter(|_| site.has_page(EmployerIx(e))))
        }),
        programmes: par_enumerate(&catalog.programmes, |g, x| {
            one(Some(&x.body).filter(|_| site.has_page(ProgrammeIx(g))))
        }),
        funding: par_enumerate(&catalog.programmes, |g, x| {
            one(x.funding.as_ref().filter(|_| site.has_page(ProgrammeIx(g))))
        }),
        pages: par_enumerate(&catalog.pages, |ix, x| one(Some(&x.body).filter(|_| site.has_page(PageIx(ix))))),
        roles: par_enumerate(&catalog.employers, |e, x| {
            let role = |position| RoleIx { employer: EmployerIx(e), position };
            x.roles
                .iter()
                .enumerate()
                .map(|(r, x)| one(x.description.as_ref().filter(|_| site.has_page(role(r)))))
                .collect()
        }),
    }
}

/// `each` of every item of `items` with its position, in parallel, in order.
fn par_enumerate<T: Sync, U: Send>(items: &[T], each: impl Fn(usize, &T) -> U + Sync) -> Vec<U> {
    items.par_iter().enumerate().map(|(ix, item)| each(ix, item)).collect()
}

/// A body's HTML, its internal links resolved to URLs.
pub(super) fn render_markdown(markdown: &str, urls: &Urls, highlighter: &Highlighter) -> String {
    let resolve = |link: &markdown::InternalLink| urls.internal_link(link);
    markdown::render(markdown, highlighter, &resolve)
}
