//! What a render keeps for the next one, behind one interface ([`Memo`]) with three
//! implementations, so the renderer never asks which it has:
//!
//! * [`NoMemo`] (`build`, `check`, `validate`) keeps nothing and fingerprints nothing;
//!   each module page renders its own body and drops it with the page (the bodies of a
//!   100k catalog would be gigabytes held to the end).
//! * [`RenderCache`] (`serve`) remembers the HTML of every Markdown body (keyed by a hash
//!   of its text and of the base path, the only other input of
//!   [`crate::markdown::render`]) and of every page (keyed by its output path, and valid
//!   while the page's fingerprint, see [`super::context`], is unchanged), and offers serve
//!   what it renders beyond a full build: the pages of changed bodies alone, and the
//!   search index on its own.
//! * [`super::recall::Recall`] (`build --cache`) keeps each page's fingerprint for the next
//!   process, and hands over the previous output's file of a page whose fingerprint is
//!   unchanged.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::bodies::{BodyHtml, bodies_but_modules, bodies_rendered_but_modules, body_key, render_markdown};
use super::context::{Direct, Fingerprinted, PageContext};
use super::language::{self, LanguageSite};
use super::pages::{Page, Plan};
use super::run;
use super::theme::Theme;
use super::urls::Urls;
use super::views::Bodies;
use super::{Contents, OutputFile, search};
use crate::diagnostics::Diagnostic;
use crate::link::catalog::*;
use crate::markdown::Highlighter;

/// What a render keeps: the renderer's only view of its cache.
pub(super) trait Memo: Send + Sync {
    /// What a page's render leaves for [`Memo::keep`].
    type Kept: Send;

    /// The context every page's starts from, fingerprinted when pages are kept.
    fn root_context(&self) -> PageContext<'static>;

    /// The bodies of the records with a page in `site`'s language as HTML; module bodies
    /// only if [`Memo::module_body`] reads them.
    fn bodies(&mut self, site: &LanguageSite<'_>, highlighter: &Highlighter) -> Bodies;

    /// Module `m`'s body for its page.
    fn module_body<'b>(
        &self,
        bodies: &'b Bodies,
        catalog: &'b Catalog,
        m: ModuleIx,
        urls: &'b Urls,
        highlighter: &'b Highlighter,
    ) -> BodyHtml<'b>;

    /// The file of `page` (at `file` in the output folder): kept from a previous render, or
    /// rendered now.
    fn page(&self, page: Page<'_>, file: &str, theme: &Theme) -> Result<(Contents, Self::Kept), Diagnostic>;

    /// Keeps what rendering the page of output file `file` left.
    fn keep(&mut self, file: String, kept: Self::Kept);

    /// Keeps the bodies of a whole render that succeeded.
    fn finish(&mut self, bodies: Bodies);

    /// Whether pages may be handed over from a previous render rather than rendered (there is
    /// one to recall): their render then runs beside the site-wide files (see `run::render_into`).
    fn recalls_pages(&self) -> bool {
        false
    }
}

/// The cache of renders that keep nothing (see the module documentation).
pub(super) struct NoMemo {
    /// Whether pages are rendered only to prove that they render (`check`): none is handed over.
    pub(super) proving: bool,
}

impl Memo for NoMemo {
    type Kept = ();

    fn root_context(&self) -> PageContext<'static> {
        PageContext::root(Box::new(Direct))
    }

    fn bodies(&mut self, site: &LanguageSite<'_>, highlighter: &Highlighter) -> Bodies {
        bodies_rendered_but_modules(site, highlighter)
    }

    fn module_body<'b>(
        &self,
        _: &'b Bodies,
        catalog: &'b Catalog,
        m: ModuleIx,
        urls: &'b Urls,
        highlighter: &'b Highlighter,
    ) -> BodyHtml<'b> {
        BodyHtml::Made(Cow::Owned(render_markdown(&catalog[m].body.markdown, urls, highlighter)))
    }

    fn page(&self, page: Page<'_>, _: &str, theme: &Theme) -> Result<(Contents, ()), Diagnostic> {
        Ok((page.file(theme, self.proving)?, ()))
    }

    fn keep(&mut self, _: String, (): ()) {}

    fn finish(&mut self, _: Bodies) {}
}

/// Bodies and pages kept from the previous render, and what the last render did.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Body HTML by hash of (base path, Markdown).
    bodies: HashMap<u64, Arc<str>>,
    /// Page HTML by output file, with the fingerprint it was rendered from.
    pages: HashMap<String, (u64, Arc<str>)>,
    /// Every body's HTML as of the last whole render, by catalog index.
    last_bodies: Option<Bodies>,
    /// Leave the search index out of renders: the caller makes it with
    /// [`RenderCache::search_index`] once the pages are out (serve shows an edit sooner).
    pub defer_search: bool,
    /// What the last render did.
    pub stats: RenderStats,
}

/// Counts of what a render did and what it reused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Markdown bodies rendered.
    pub bodies_rendered: usize,
    /// Markdown bodies taken from the cache.
    pub bodies_reused: usize,
    /// Pages rendered by Tera.
    pub pages_rendered: usize,
    /// Pages whose fingerprint was unchanged, taken from the cache.
    pub pages_reused: usize,
}

/// What rendering one page left in a [`RenderCache`].
pub(super) enum PageKept {
    /// The page's fingerprint was known: its kept HTML was handed over.
    Reused,
    /// Tera rendered it; kept with its fingerprint unless it has none (unhashable values).
    Rendered(Option<(u64, Arc<str>)>),
}

impl RenderCache {
    /// Renders every page and file of the site in memory, sorted by path, reusing the bodies
    /// and pages this cache holds whose inputs are unchanged, and keeping the new ones.
    pub fn render(
        &mut self,
        catalog: &Catalog,
        theme: &Theme,
        highlighter: &Highlighter,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.stats = RenderStats::default();
        self.last_bodies = None;
        let with_search = !self.defer_search;
        run::render_collected(|sink| run::render_into(catalog, theme, highlighter, self, with_search, sink))
    }

    /// Re-renders only the pages of records whose Markdown body alone changed since the last
    /// [`RenderCache::render`]: the catalog is the same but for those bodies (and their
    /// headings), which no other page and no site-wide file shows, except the search index:
    /// that is left to [`RenderCache::search_index`], which the caller must run too. Returns
    /// the new pages.
    pub fn render_body_changes(
        &mut self,
        catalog: &Catalog,
        theme: &Theme,
        highlighter: &Highlighter,
        changed: &[Plan],
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let Some(mut bodies) = self.last_bodies.take() else {
            return self.render(catalog, theme, highlighter);
        };
        self.stats = RenderStats::default();
        let sites = language::sites(catalog);
        let [site] = sites.as_slice() else {
            return self.render(catalog, theme, highlighter);
        };
        let (catalog, urls) = (site.catalog(), &site.urls);
        for &plan in changed {
            let (slot, body) = match plan {
                Plan::Module(m) => (&mut bodies.modules[m.0], &catalog[m].body),
                Plan::Programme(g) => (&mut bodies.programmes[g.0], &catalog[g].body),
                Plan::Page(ix) => (&mut bodies.pages[ix], &catalog.pages[ix].body),
                _ => continue,
            };
            *slot = self.body(&body.markdown, urls, highlighter);
        }
        let pages = run::render_collected(|sink| {
            run::render_pages(site, &sites, theme, highlighter, &bodies, self, changed, sink)
                .map(|_| run::Rendered::default())
        })?;
        self.last_bodies = Some(bodies);
        Ok(pages)
    }

    /// The search index's files (in a new generation folder), as [`RenderCache::render`]
    /// makes them unless [`RenderCache::defer_search`] is set.
    pub fn search_index(catalog: &Catalog, theme: &Theme) -> Vec<OutputFile> {
        search::build_all(&language::sites(catalog), theme)
    }

    /// One body's HTML, from the cache when its Markdown was rendered before.
    fn body(&mut self, markdown: &str, urls: &Urls, highlighter: &Highlighter) -> Arc<str> {
        let key = body_key(urls.key(), markdown);
        if let Some(html) = self.bodies.get(&key) {
            self.stats.bodies_reused += 1;
            return html.clone();
        }
        self.stats.bodies_rendered += 1;
        let html: Arc<str> = Arc::from(render_markdown(markdown, urls, highlighter));
        self.bodies.insert(key, html.clone());
        html
    }
}

impl Memo for RenderCache {
    type Kept = PageKept;

    fn root_context(&self) -> PageContext<'static> {
        PageContext::root(Box::new(Fingerprinted::new()))
    }

    fn bodies(&mut self, site: &LanguageSite<'_>, highlighter: &Highlighter) -> Bodies {
        let (catalog, urls) = (site.catalog(), &site.urls);
        let known = std::mem::take(&mut self.bodies);
        // Each body used, by key, and whether it was rendered now; absent bodies count as reused.
        let used = Mutex::new(Vec::new());
        let one = |markdown: &str| -> Arc<str> {
            let key = body_key(urls.key(), markdown);
            let (html, fresh) = match known.get(&key) {
                Some(html) => (html.clone(), false),
                None => (Arc::from(render_markdown(markdown, urls, highlighter)), true),
            };
            used.lock().unwrap_or_else(|e| e.into_inner()).push((key, html.clone(), fresh));
            html
        };
        let absent = AtomicUsize::new(0);
        let mut bodies = bodies_but_modules(site, &|body| match body {
            Some(body) => one(&body.markdown),
            None => {
                absent.fetch_add(1, Ordering::Relaxed);
                Arc::from("")
            }
        });
        bodies.modules = (catalog.modules.par_iter().enumerate())
            .map(|(m, module)| if site.has_page(ModuleIx(m)) { one(&module.body.markdown) } else { Arc::from("") })
            .collect();
        self.stats.bodies_reused += absent.into_inner();
        for (key, html, fresh) in used.into_inner().unwrap_or_else(|e| e.into_inner()) {
            match fresh {
                true => self.stats.bodies_rendered += 1,
                false => self.stats.bodies_reused += 1,
            }
            self.bodies.insert(key, html);
        }
        bodies
    }

    fn module_body<'b>(&self, bodies: &'b Bodies, _: &Catalog, m: ModuleIx, _: &Urls, _: &Highlighter) -> BodyHtml<'b> {
        BodyHtml::Made(Cow::Borrowed(&bodies.modules[m.0]))
    }

    fn page(&self, page: Page<'_>, file: &str, theme: &Theme) -> Result<(Contents, PageKept), Diagnostic> {
        let fingerprint = page.fingerprint(theme);
        // A kept page is handed over as the cache's own text: one copy for both.
        if let (Some(f), Some((old, html))) = (fingerprint, self.pages.get(file))
            && f == *old
        {
            return Ok((Contents::Shared(html.clone()), PageKept::Reused));
        }
        let html: Arc<str> = Arc::from(page.render(theme)?);
        Ok((Contents::Shared(html.clone()), PageKept::Rendered(fingerprint.map(|f| (f, html)))))
    }

    fn keep(&mut self, file: String, kept: PageKept) {
        match kept {
            PageKept::Reused => self.stats.pages_reused += 1,
            PageKept::Rendered(kept) => {
                self.stats.pages_rendered += 1;
                if let Some(kept) = kept {
                    self.pages.insert(file, kept);
                }
            }
        }
    }

    fn finish(&mut self, bodies: Bodies) {
        self.last_bodies = Some(bodies);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_keys_depend_on_the_base_path() {
        assert_ne!(body_key(("/", 0), "# Hi"), body_key(("/docs/", 0), "# Hi"));
    }

    #[test]
    fn body_keys_depend_on_where_records_are() {
        assert_ne!(body_key(("/", 0), "# Hi"), body_key(("/", 1), "# Hi"));
    }
}
