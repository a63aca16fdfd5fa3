//! The records' Markdown bodies, rendered once each and shared by every page that shows them.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{self, RenderCache};
use super::urls::Urls;
use super::views::Bodies;
use crate::link::catalog::*;
use crate::markdown::{self, Highlighter};

/// Every record's body as HTML, reusing those `cache` holds (module bodies only with a cache).
pub(super) fn render_bodies(
    catalog: &Catalog,
    urls: &Urls,
    highlighter: &Highlighter,
    cache: &mut RenderCache,
) -> Bodies {
    let known = std::mem::take(&mut cache.bodies);
    let enabled = cache.is_enabled();
    let one = |body: &Body| -> (u64, Arc<str>, bool) {
        let key = if enabled { cache::body_key(urls.base_path(), &body.markdown) } else { 0 };
        match known.get(&key).filter(|_| enabled) {
            Some(html) => (key, html.clone(), false),
            None => (key, Arc::from(render_markdown(&body.markdown, urls, highlighter)), true),
        }
    };
    let optional = |body: &Option<Body>| match body {
        Some(body) => one(body),
        None => (0, Arc::from(""), false),
    };
    // Without a cache, each module's body is rendered by its page's task and dropped with it
    // (see `render_plans`): the bodies of a 100k catalog would be gigabytes held to the end.
    let modules: Vec<_> = if enabled { catalog.modules.par_iter().map(|m| one(&m.body)).collect() } else { Vec::new() };
    let projects: Vec<_> = catalog.projects.par_iter().map(|p| optional(&p.brief)).collect();
    let employers: Vec<_> = catalog.employers.par_iter().map(|e| optional(&e.about)).collect();
    let programmes: Vec<_> = catalog.programmes.par_iter().map(|p| one(&p.body)).collect();
    let pages: Vec<_> = catalog.pages.par_iter().map(|p| one(&p.body)).collect();
    let mut keep = |list: Vec<(u64, Arc<str>, bool)>| -> Vec<Arc<str>> {
        list.into_iter()
            .map(|(key, html, fresh)| {
                if fresh {
                    cache.stats.bodies_rendered += 1
                } else {
                    cache.stats.bodies_reused += 1
                }
                if enabled {
                    cache.bodies.insert(key, html.clone());
                }
                html
            })
            .collect()
    };
    Bodies {
        modules: keep(modules),
        projects: keep(projects),
        employers: keep(employers),
        programmes: keep(programmes),
        pages: keep(pages),
    }
}

/// One body's HTML, from the cache when its Markdown was rendered before.
pub(super) fn cached_body(markdown: &str, urls: &Urls, highlighter: &Highlighter, cache: &mut RenderCache) -> Arc<str> {
    let key = cache::body_key(urls.base_path(), markdown);
    if let Some(html) = cache.bodies.get(&key) {
        cache.stats.bodies_reused += 1;
        return html.clone();
    }
    cache.stats.bodies_rendered += 1;
    let html: Arc<str> = Arc::from(render_markdown(markdown, urls, highlighter));
    cache.bodies.insert(key, html.clone());
    html
}

pub(super) fn render_markdown(markdown: &str, urls: &Urls, highlighter: &Highlighter) -> String {
    let resolve = |link: &markdown::InternalLink| urls.internal_link(link);
    markdown::render(markdown, highlighter, &resolve)
}
