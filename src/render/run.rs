//! Running the render: every page through its template and the site-wide files, handed to a sink.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::cache::{Memo, NoMemo};
use super::cards::Cards;
use super::globals::globals;
use super::language::{self, LanguageSite};
use super::pages::{PageInputs, Plan, page_context, plans_in, versions};
use super::recall::Recall;
use super::static_files::{add_static_files, protected};
use super::theme::Theme;
use super::urls::Urls;
use super::views::{Bodies, Views};
use super::{Contents, OutputFile, api, feeds, search};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::*;
use crate::markdown::Highlighter;

/// Renders every page and file of the site, in memory, sorted by path.
pub fn render(catalog: &Catalog, theme: &Theme, highlighter: &Highlighter) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_collected(|sink| render_into(catalog, theme, highlighter, &mut NoMemo { proving: false }, true, sink))
}

/// What [`render_to`] produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Files handed to the sink.
    pub files: usize,
    /// Of which HTML pages.
    pub pages: usize,
    /// Time spent making the search index (zero when it was left out), for the build's stages.
    pub search: std::time::Duration,
    /// Whether the search index was made beside the pages, in the same span of time, rather
    /// than before them.
    pub search_beside_pages: bool,
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
    render_into(catalog, theme, highlighter, &mut NoMemo { proving: false }, true, sink)
}

/// [`render_to`], but the pages `recall` knows unchanged from the previous build are handed
/// over as that build's files instead of rendered (`build --cache`).
pub fn render_recalling(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    recall: &mut Recall<'_>,
    sink: Sink<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_into(catalog, theme, highlighter, recall, true, sink)
}

/// Renders every page and file of the site as [`render_to`] does, keeping nothing, to prove
/// that it renders: every page through its template. It leaves out the search index, which
/// holds nothing but the validated records and cannot fail on them (a static file clashing
/// with one of its files is then found by the build alone).
pub fn validate(catalog: &Catalog, theme: &Theme, highlighter: &Highlighter) -> Result<Rendered, Vec<Diagnostic>> {
    render_into(catalog, theme, highlighter, &mut NoMemo { proving: true }, false, &|_| Ok(()))
}

/// [`validate`], leaving out the pages `recall` knows rendered in the previous build (see
/// [`Recall::proving`]).
pub fn validate_recalling(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    recall: &mut Recall<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_into(catalog, theme, highlighter, recall, false, &|_| Ok(()))
}

/// The files `render` hands to its sink, collected and sorted by path.
pub(super) fn render_collected(
    render: impl FnOnce(Sink<'_>) -> Result<Rendered, Vec<Diagnostic>>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let outputs = Mutex::new(Vec::new());
    render(&|file| {
        outputs.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().unwrap_or_else(|e| e.into_inner());
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// The one renderer of every page and site-wide file (the search index `with_search`):
/// full and incremental builds share it, each with its [`Memo`].
pub(super) fn render_into<M: Memo>(
    catalog: &Catalog,
    theme: &Theme,
    highlighter: &Highlighter,
    memo: &mut M,
    with_search: bool,
    sink: Sink<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let urls = Urls::new(&catalog.config);
    let sites = language::sites(catalog);
    let plans: Vec<Vec<Plan>> = sites.iter().map(plans_in).collect();
    let make_site_files = || site_files(catalog, &sites, &urls, theme, highlighter, with_search, sink);
    // The site-wide files first, then the pages, never both at once: each is a large
    // share of a big site's memory (the search documents; the pages' cards and caches).
    // A build recalling a previous one's pages makes them beside the site-wide files, as
    // each has parts that keep one thread busy and leave the others idle. When a change
    // renders every page again (a template, site.yaml), both peaks then meet: at 10k the
    // peak was still lower than before (benches/RESULTS.md, "Issue 16, round three").
    let search_beside_pages = with_search && memo.recalls_pages();
    let render_sites = |memo: &mut M| render_sites(&sites, &plans, theme, highlighter, memo, sink);
    let ((mut outputs, handed), (mut bodies, pages)) = if search_beside_pages {
        rayon::join(make_site_files, || render_sites(memo))
    } else {
        (make_site_files(), render_sites(memo))
    };
    let mut generated: BTreeSet<String> = handed.paths.iter().cloned().collect();
    let (sitemap_pages, mut errors) = sitemap_pages(catalog, &sites, &plans, pages, &urls, &mut generated);
    errors.extend(handed.error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let sitemaps = feeds::sitemaps(&urls, &sitemap_pages, feeds::SITEMAP_LIMITS);
    outputs.splice(0..0, sitemaps.into_iter().map(|(path, text)| text_file(path, text)));
    add_static_files(catalog, generated, &mut outputs)?;
    let page_count: usize = plans.iter().map(Vec::len).sum();
    let pages = page_count + outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    let files = page_count + handed.paths.len() + outputs.len();
    let rendered = Rendered { files, pages, search: handed.search, search_beside_pages };
    outputs.into_par_iter().try_for_each(sink).map_err(|d| vec![d])?;
    // Serve's shortcut for body edits re-renders one language's pages: a site of several
    // languages takes the general path.
    if let (Some(only), 1) = (bodies.pop(), sites.len()) {
        memo.finish(only);
    }
    Ok(rendered)
}

/// What [`render_pages`] yields for one language's site: its pages' URL paths, or every error.
pub(super) type SitePages = Result<Vec<String>, Vec<Diagnostic>>;

/// Every language's pages, each site's rendered from its bodies: the bodies (for
/// [`Memo::finish`]) and each site's page paths or errors (see [`render_pages`]).
fn render_sites<M: Memo>(
    sites: &[LanguageSite<'_>],
    plans: &[Vec<Plan>],
    theme: &Theme,
    highlighter: &Highlighter,
    memo: &mut M,
    sink: Sink<'_>,
) -> (Vec<Bodies>, Vec<SitePages>) {
    let (mut bodies, mut pages) = (Vec::new(), Vec::new());
    for (site, plans) in sites.iter().zip(plans) {
        let site_bodies = memo.bodies(site, highlighter);
        pages.push(render_pages(site, sites, theme, highlighter, &site_bodies, memo, plans, sink));
        bodies.push(site_bodies);
    }
    (bodies, pages)
}

/// The sitemap's entries of the rendered `pages` (each site's paths in the order of its
/// plans), adding their output files to `generated`; and every page error, each once.
fn sitemap_pages(
    catalog: &Catalog,
    sites: &[LanguageSite<'_>],
    plans: &[Vec<Plan>],
    pages: Vec<SitePages>,
    urls: &Urls,
    generated: &mut BTreeSet<String>,
) -> (Vec<feeds::SitemapPage>, Vec<Diagnostic>) {
    let (mut sitemap_pages, mut errors) = (Vec::new(), Vec::new());
    for ((site, plans), pages) in sites.iter().zip(plans).zip(pages) {
        match pages {
            Ok(paths) => {
                for (&plan, path) in plans.iter().zip(paths) {
                    generated.insert(urls.output_file(&path));
                    if plan.indexable(catalog) {
                        let versions = versions(plan, site, sites).into_iter();
                        let alternates = versions.map(|(lang, path)| (lang.to_string(), path)).collect();
                        let lastmod = feeds::lastmod(site.catalog(), plan);
                        sitemap_pages.push(feeds::SitemapPage { path, lastmod, alternates });
                    }
                }
            }
            Err(page_errors) => {
                for error in page_errors {
                    if !errors.contains(&error) {
                        errors.push(error);
                    }
                }
            }
        }
    }
    (sitemap_pages, errors)
}

/// Renders the pages of `plans` from `bodies` and hands each to `sink`. Yields each page's
/// URL path (for the sitemap), or every error: a card's first and once (not once per page
/// showing the card), then the pages'.
#[allow(clippy::too_many_arguments, reason = "the inputs of one render, passed through")]
pub(super) fn render_pages<M: Memo>(
    site: &LanguageSite<'_>,
    sites: &[LanguageSite<'_>],
    theme: &Theme,
    highlighter: &Highlighter,
    bodies: &Bodies,
    memo: &mut M,
    plans: &[Plan],
    sink: Sink<'_>,
) -> SitePages {
    let catalog = site.catalog();
    let globals = globals(site, sites, theme, memo.root_context());
    let cards = Cards::new(catalog, theme, &globals);
    let views = Views { catalog, urls: &site.urls, cards: &cards, shown: &site.shown };
    let inputs = PageInputs { views: &views, bodies, theme, globals: &globals, highlighter, site, sites };
    let pages = render_plans(plans, &inputs, memo, sink);
    let mut errors = cards.into_errors();
    let mut paths = Vec::new();
    for page in pages {
        match page {
            Ok(path) => paths.push(path),
            Err(d) if !errors.contains(&d) => errors.push(d),
            Err(_) => {}
        }
    }
    if errors.is_empty() { Ok(paths) } else { Err(errors) }
}

/// The site-wide files but the sitemaps (which list the pages): robots.txt, the
/// feeds, the API, the highlighting style sheet, the search index (`with_search`:
/// serve defers it) and the theme's assets. The feeds, the API and the search index are
/// handed to `sink` as soon as they are made (see [`Handed`]); the rest is returned.
fn site_files(
    catalog: &Catalog,
    sites: &[LanguageSite<'_>],
    urls: &Urls,
    theme: &Theme,
    highlighter: &Highlighter,
    with_search: bool,
    sink: Sink<'_>,
) -> (Vec<OutputFile>, Handed) {
    let mut handed = Handed::default();
    for site in sites {
        let open_roles = site.strings(theme).get("open_roles").map_or("Open roles", String::as_str);
        let feeds = feeds::feeds(site, open_roles);
        handed.give(feeds.into_iter().map(|(path, text)| text_file(path, text)), sink);
    }
    api::files(catalog, urls, sites, |path, text| handed.give([text_file(path, text)], sink));
    if with_search {
        let started = std::time::Instant::now();
        let index = search::build_all(sites, theme);
        handed.search = started.elapsed();
        handed.give(index, sink);
    }
    let mut outputs = vec![
        text_file(urls.output_file(&urls.robots()), feeds::robots(urls)),
        text_file(urls.output_file(&urls.highlight_css()), highlighter.css()),
    ];
    // The content files' schemas, at a stable address for editors and tools.
    outputs.extend(
        crate::schema::content_schemas()
            .into_iter()
            .map(|schema| text_file(urls.output_file(&urls.content_schema(schema.name)), schema.json)),
    );
    for (path, bytes) in &theme.assets {
        outputs.push(OutputFile { path: path.clone(), contents: Contents::Bytes(bytes.clone()) });
    }
    (outputs, handed)
}

/// Site-wide files handed to the sink as soon as they are made rather than held to the end:
/// at 100,000 modules the API and the search index are hundreds of megabytes. Only files
/// no static file may replace are handed over early (a clash is an error, after which the
/// caller discards everything), so the output is the same as if they were held.
#[derive(Default)]
struct Handed {
    /// Their output paths, for the static files' clash check.
    paths: Vec<String>,
    /// The sink's first error; nothing more is handed over after it.
    error: Option<Diagnostic>,
    /// Time spent making the search index.
    search: std::time::Duration,
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

/// The file of generated text at output path `path`.
fn text_file(path: String, text: String) -> OutputFile {
    OutputFile { path, contents: Contents::Bytes(text.into_bytes()) }
}

/// Renders the pages of `plans` in parallel, each as `memo` has it, and hands each page to
/// `sink` (until a page or the sink fails). Yields each page's URL path or its error.
fn render_plans<M: Memo>(
    plans: &[Plan],
    inputs: &PageInputs<'_>,
    memo: &mut M,
    sink: Sink<'_>,
) -> Vec<Result<String, Diagnostic>> {
    let PageInputs { views, bodies, theme, highlighter, .. } = *inputs;
    let shared = &*memo;
    let failed = AtomicBool::new(false);
    let render_one = |plan: Plan| -> Result<(String, String, M::Kept), Diagnostic> {
        let own_body = match plan {
            Plan::Module(m) => Some(shared.module_body(bodies, views.catalog, m, views.urls, highlighter)),
            _ => None,
        };
        let page = page_context(plan, inputs, own_body);
        let path = page.path.clone();
        let file = views.urls.output_file(&path);
        let (contents, kept) = shared.page(page, &file, theme)?;
        if !failed.load(Ordering::Relaxed) {
            sink(OutputFile { path: file.clone(), contents })?;
        }
        Ok((path, file, kept))
    };
    let results: Vec<_> =
        plans.par_iter().map(|&plan| render_one(plan).inspect_err(|_| failed.store(true, Ordering::Relaxed))).collect();
    results
        .into_iter()
        .map(|result| {
            let (path, file, kept) = result?;
            memo.keep(file, kept);
            Ok(path)
        })
        .collect()
}
