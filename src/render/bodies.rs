//! The records' Markdown bodies as HTML, each rendered once and shared by every page that shows it.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::context::Hashing;
use super::language::LanguageSite;
use super::urls::Urls;
use super::views::Bodies;
use crate::hash::hash_of;
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

/// [`bodies_but_modules`], each body rendered now.
pub(super) fn bodies_rendered_but_modules(site: &LanguageSite<'_>, highlighter: &Highlighter) -> Bodies {
    let urls = &site.urls;
    bodies_but_modules(site, &|body| {
        body.map_or_else(|| Arc::from(""), |body| Arc::from(render_markdown(&body.markdown, urls, highlighter)))
    })
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

/// The key of a body's HTML: its Markdown and what its internal links resolve by (the
/// base path, the language, where each record's page is: [`Urls::key`]). The HTML is a pure
/// function of these and of the program (its highlighter).
pub(super) fn body_key(urls: (&str, u64), markdown: &str) -> u64 {
    hash_of(&(urls, markdown))
}

/// A module's body as its page holds it: HTML, or the means to make it.
pub(super) enum BodyHtml<'a> {
    /// The HTML, made already.
    Made(Cow<'a, str>),
    /// Made only when the page is rendered: a page's fingerprint holds the body's key
    /// ([`body_key`]) instead, so a page known from a previous build costs no Markdown.
    Deferred(Box<Deferred<'a>>),
}

/// A body whose HTML is made on first use (see [`BodyHtml::Deferred`]).
pub(super) struct Deferred<'a> {
    markdown: &'a str,
    urls: &'a Urls,
    highlighter: &'a Highlighter,
    html: OnceLock<String>,
}

impl<'a> BodyHtml<'a> {
    /// `markdown`'s HTML, made when a template needs it.
    pub fn deferred(markdown: &'a str, urls: &'a Urls, highlighter: &'a Highlighter) -> Self {
        BodyHtml::Deferred(Box::new(Deferred { markdown, urls, highlighter, html: OnceLock::new() }))
    }
}

impl Serialize for BodyHtml<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            BodyHtml::Made(html) => serializer.serialize_str(html),
            BodyHtml::Deferred(body) if Hashing::now() => {
                serializer.serialize_u64(body_key(body.urls.key(), body.markdown))
            }
            BodyHtml::Deferred(body) => serializer
                .serialize_str(body.html.get_or_init(|| render_markdown(body.markdown, body.urls, body.highlighter))),
        }
    }
}
