//! Running the render: every page through its template and the site-wide files, handed to a sink.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::bodies::{cached_body, render_bodies, render_markdown};
use super::cache::RenderCache;
use super::cards::Cards;
use super::globals::globals;
use super::pages::{PageInputs, Plan, page_context, plans};
use super::static_files::{add_static_files, protected};
use super::theme::Theme;
use super::urls::Urls;
use super::views::Views;
use super::{Contents, OutputFile, api, feeds, search};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::*;
use crate::markdown::Highlighter;

/// Renders every page and file of the site, in memory, sorted by path.
pub fn render(catalog: &Catalog, theme: &Theme, highlighter: &Highlighter) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_with(catalog, theme, highlighter, &mut RenderCache::default())
}

/// Renders every page and file of the site in memory, sorted by path, reusing the bodies
/// and pages `cache` holds whose inputs are unchanged (see [`super::cache`]).
pub fn render_with(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    cache: &mut RenderCache,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let outputs = Mutex::new(Vec::new());
    render_into(catalog, theme, highlighter, cache, &|file| {
        outputs.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().unwrap_or_else(|e| e.into_inner());
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// What [`render_to`] produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Files handed to the sink.
    pub files: usize,
    /// Of which HTML pages.
    pub pages: usize,
}

/// A consumer of rendered files, called from any thread.
pub type Sink<'s> = &'s (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync);

/// Renders every page and file of the site and hands each to `sink` as soon
/// as it is ready, from any thread and in no particular order, so that a
/// build can stream the site to disk instead of holding it in memory. On a
/// template or sink error the remaining pages are still rendered (to report
/// every template error at once) but no longer handed over; the caller must
/// then discard what it received.
pub fn render_to(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    sink: Sink<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_into(catalog, theme, highlighter, &mut RenderCache::default(), sink)
}

/// Renders every page and file of the site as [`render_to`] does, keeping nothing, to prove
/// that it renders: every page through its template. It leaves out the search index, which
/// holds nothing but the validated records and cannot fail on them (a static file clashing
/// with one of its files is then found by the build alone).
pub fn validate(catalog: &Catalog, theme: &Theme, highlighter: &Highlighter) -> Result<Rendered, Vec<Diagnostic>> {
    let mut cache = RenderCache::default();
    cache.defer_search = true;
    render_into(catalog, theme, highlighter, &mut cache, &|_| Ok(()))
}

/// The one renderer behind [`render_with`] and [`render_to`]: full and incremental builds share it.
fn render_into(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    cache: &mut RenderCache,
    sink: Sink<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    cache.stats = Default::default();
    let urls = Urls::new(&catalog.config);
    let globals = globals(catalog, theme, &urls, cache.is_enabled());
    let cards = Cards::new(catalog, theme, globals.tera_context(), cache.is_enabled());
    let views = Views { catalog, urls: &urls, cards: &cards };
    let plans = plans(catalog);
    // Kept only once the whole render succeeds (below): a shortcut must start from a good render.
    cache.last_bodies = None;
    let with_search = !cache.defer_search;
    let ((bodies, pages), (mut outputs, handed)) = rayon::join(
        || {
            let bodies = render_bodies(catalog, &urls, highlighter, cache);
            // Without a cache, module bodies are not in `bodies`: each page renders its own.
            let on_demand = (!cache.is_enabled()).then_some(highlighter);
            let inputs = PageInputs { views: &views, bodies: &bodies, theme, globals: &globals, on_demand };
            let pages = render_plans(&plans, &inputs, cache, sink);
            (bodies, pages)
        },
        // The site-wide files need no page, so they are made meanwhile: their serial
        // parts no longer add to the build's wall time.
        || site_files(catalog, &urls, theme, highlighter, with_search, sink),
    );
    // A card's error comes first and once, not once per page showing the card.
    let mut errors = cards.into_errors();
    let mut sitemap_pages = Vec::new();
    let mut generated: BTreeSet<String> = handed.paths.iter().cloned().collect();
    for (&plan, page) in plans.iter().zip(pages) {
        match page {
            Ok(path) => {
                generated.insert(urls.output_file(&path));
                if plan != Plan::NotFound {
                    sitemap_pages.push(feeds::SitemapPage { path, lastmod: feeds::lastmod(catalog, plan) });
                }
            }
            Err(d) if !errors.contains(&d) => errors.push(d),
            Err(_) => {}
        }
    }
    errors.extend(handed.error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let sitemaps = feeds::sitemaps(&urls, &sitemap_pages, feeds::SITEMAP_LIMITS);
    outputs.splice(0..0, sitemaps.into_iter().map(|(path, text)| text_file(&path, text)));
    add_static_files(catalog, generated, &mut outputs)?;
    let pages = plans.len() + outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    let rendered = Rendered { files: plans.len() + handed.paths.len() + outputs.len(), pages };
    outputs.into_par_iter().try_for_each(sink).map_err(|d| vec![d])?;
    if cache.is_enabled() {
        cache.last_bodies = Some(bodies);
    }
    Ok(rendered)
}

/// The site-wide files but the sitemaps (which list the pages): robots.txt, the
/// feeds, the API, the highlighting style sheet, the search index (`with_search`:
/// serve defers it) and the theme's assets. The feeds, the API and the search index are
/// handed to `sink` as soon as they are made (see [`Handed`]); the rest is returned.
fn site_files(
    catalog: &Catalog,
    urls: &Urls,
    theme: &Theme,
    highlighter: &Highlighter,
    with_search: bool,
    sink: Sink<'_>,
) -> (Vec<OutputFile>, Handed) {
    let mut handed = Handed::default();
    let open_roles = theme.strings.get("open_roles").map_or("Open roles", String::as_str);
    handed.give(feeds::feeds(catalog, urls, open_roles).into_iter().map(|(path, text)| text_file(&path, text)), sink);
    handed.give(api::files(catalog, urls).into_iter().map(|(path, text)| text_file(&path, text)), sink);
    if with_search {
        handed.give(search::build(catalog, urls, &theme.strings), sink);
    }
    let mut outputs = vec![text_file("robots.txt", feeds::robots(urls)), text_file("highlight.css", highlighter.css())];
    for (path, bytes) in &theme.assets {
        outputs.push(OutputFile { path: path.clone(), contents: Contents::Bytes(bytes.clone()) });
    }
    (outputs, handed)
}

/// Site-wide files handed to the sink while the pages render rather than held to the end:
/// at 100,000 modules the API and the search index are hundreds of megabytes. Only files
/// no static file may replace are handed over early (a clash is an error, after which the
/// caller discards everything), so the output is the same as if they were held.
#[derive(Default)]
struct Handed {
    /// Their output paths, for the static files' clash check.
    paths: Vec<String>,
    /// The sink's first error; nothing more is handed over after it.
    error: Option<Diagnostic>,
}

impl Handed {
    fn give(&mut self, files: impl IntoIterator<Item = OutputFile>, sink: Sink<'_>) {
        for file in files {
            debug_assert!(protected(&file.path), "{} could be replaced by a static file", file.path);
            self.paths.push(file.path.clone());
            if self.error.is_none() {
                self.error = sink(file).err();
            }
        }
    }
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile { path: path.to_owned(), contents: Contents::Bytes(text.into_bytes()) }
}

/// Re-renders only the pages of records whose Markdown body alone changed since the last
/// [`render_with`] with this cache: the catalog is the same but for those bodies (and their
/// headings), which no other page and no site-wide file shows, except the search index:
/// that is left to [`search_index`], which the caller must run too. Returns the new pages.
pub fn render_body_changes(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    cache: &mut RenderCache,
    changed: &[Plan],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    cache.stats = Default::default();
    let urls = Urls::new(&catalog.config);
    let Some(mut bodies) = cache.last_bodies.take() else {
        return render_with(catalog, theme, highlighter, cache);
    };
    for &plan in changed {
        let (slot, body) = match plan {
            Plan::Module(m) => (&mut bodies.modules[m.0], &catalog[m].body),
            Plan::Programme(g) => (&mut bodies.programmes[g.0], &catalog[g].body),
            Plan::Page(ix) => (&mut bodies.pages[ix], &catalog.pages[ix].body),
            _ => continue,
        };
        *slot = cached_body(&body.markdown, &urls, highlighter, cache);
    }
    let globals = globals(catalog, theme, &urls, cache.is_enabled());
    let cards = Cards::new(catalog, theme, globals.tera_context(), cache.is_enabled());
    let views = Views { catalog, urls: &urls, cards: &cards };
    let outputs = Mutex::new(Vec::new());
    let inputs = PageInputs { views: &views, bodies: &bodies, theme, globals: &globals, on_demand: None };
    let pages = render_plans(changed, &inputs, cache, &|file| {
        outputs.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    });
    let card_errors = cards.into_errors();
    if !card_errors.is_empty() {
        return Err(card_errors);
    }
    if let Some(Err(d)) = pages.into_iter().find(Result::is_err) {
        return Err(vec![d]);
    }
    cache.last_bodies = Some(bodies);
    Ok(outputs.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// The search index's files (in a new generation folder), as [`render_with`] makes them
/// unless its cache defers them.
pub fn search_index(catalog: &Catalog, theme: &Theme) -> Vec<OutputFile> {
    search::build(catalog, &Urls::new(&catalog.config), &theme.strings)
}

/// A page rendered by [`render_plans`]: its URL path, whether Tera ran, and what the cache keeps.
type PageDone = (String, bool, Option<(u64, Arc<str>)>);

/// Renders the pages of `plans` in parallel, skipping Tera for those whose fingerprint the
/// cache knows, and hands each page to `sink` (until a page or the sink fails). Yields each
/// page's URL path (for the sitemap) or its error.
fn render_plans(
    plans: &[Plan],
    inputs: &PageInputs<'_>,
    cache: &mut RenderCache,
    sink: Sink<'_>,
) -> Vec<Result<String, Diagnostic>> {
    let PageInputs { views, theme, .. } = *inputs;
    let known = &cache.pages;
    let failed = AtomicBool::new(false);
    let render_one = |plan: Plan| -> Result<PageDone, Diagnostic> {
        let own_body = match (plan, inputs.on_demand) {
            (Plan::Module(m), Some(highlighter)) => {
                Some(render_markdown(&views.catalog[m].body.markdown, views.urls, highlighter))
            }
            _ => None,
        };
        let (template, path, page) = page_context(plan, inputs, own_body.as_deref());
        let fingerprint = page.fingerprint(theme.template_identity(template), template);
        // A cached page is handed over as the cache's own text: one copy for both.
        let (contents, fresh, kept) = match (fingerprint, known.get(&path)) {
            (Some(f), Some((old, html))) if f == *old => (Contents::Shared(html.clone()), false, None),
            _ => {
                let html = theme.tera.render(template, &page.into_context()).map_err(|e| theme.error(&e))?;
                match fingerprint {
                    Some(f) => {
                        let html: Arc<str> = Arc::from(html);
                        (Contents::Shared(html.clone()), true, Some((f, html)))
                    }
                    None => (Contents::Bytes(html.into_bytes()), true, None),
                }
            }
        };
        if !failed.load(Ordering::Relaxed) {
            sink(OutputFile { path: views.urls.output_file(&path), contents })?;
        }
        Ok((path, fresh, kept))
    };
    let results: Vec<Result<PageDone, Diagnostic>> =
        plans.par_iter().map(|&plan| render_one(plan).inspect_err(|_| failed.store(true, Ordering::Relaxed))).collect();
    results
        .into_iter()
        .map(|result| {
            let (path, fresh, kept) = result?;
            if fresh {
                cache.stats.pages_rendered += 1;
            } else {
                cache.stats.pages_reused += 1;
            }
            if let Some(kept) = kept {
                cache.pages.insert(path.clone(), kept);
            }
            Ok(path)
        })
        .collect()
}
