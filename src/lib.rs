//! Prospectus turns a course catalog — Markdown modules, YAML projects and
//! employers — into a fast, searchable, accessible static site.
//!
//! The pipeline runs one way: [`load`] → [`link`] → [`render`] → [`write`].
//! Each stage reports problems as [`diagnostics::Diagnostic`]s; [`validate`]
//! runs the first three, [`build`] all four. See ARCHITECTURE.md for the map.

// A `Diagnostic` is ~150 bytes; it only travels on the failure path, where
// moving it costs nothing measurable, and boxing it would obscure every API.
#![allow(clippy::result_large_err, reason = "diagnostics are the cold path")]

pub mod build_cache;
pub mod config;
pub mod diagnostics;
pub mod escape;
pub mod hash;
pub mod ids;
pub mod link;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod suggest;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Sources};
use render::OutputFile;

/// What to build, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder (holding `content/`).
    pub root: PathBuf,
    /// Publish drafts too.
    pub drafts: bool,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Treat warnings as errors: fail (writing nothing) when there is any.
    pub deny_warnings: bool,
}

/// A site that passed every check.
#[derive(Debug)]
pub struct Site {
    /// Every output file, sorted by path, when the site was rendered in memory
    /// ([`build_in_memory`]); empty after [`build`] and [`validate`], which stream them.
    pub files: Vec<OutputFile>,
    /// How many files there are.
    pub file_count: usize,
    /// How many HTML pages there are.
    pub pages: usize,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// How often highlighting was answered from its caches.
    pub highlight: markdown::CacheStats,
    /// What the checks found questionable without stopping the build.
    pub warnings: Warnings,
    /// What the build cache saved, when the build used one.
    pub cache: Option<CacheUse>,
}

/// What a build's cache saved it (`build --cache`).
#[derive(Debug, Clone, Default)]
pub struct CacheUse {
    /// Pages handed over from the previous output, not rendered.
    pub kept: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// Why the cache was of less use than it might have been (ignored, or not saved), a line each.
    pub notices: Vec<String>,
}

/// The warnings of a run that succeeded, and the texts to show them with.
#[derive(Debug, Clone, Default)]
pub struct Warnings {
    /// The warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The files they point into (empty when there is no warning).
    pub sources: Sources,
}

impl Warnings {
    fn new(mut diagnostics: Vec<Diagnostic>, sources: &Sources) -> Self {
        diagnostics::sort(&mut diagnostics);
        let sources = if diagnostics.is_empty() { Sources::default() } else { sources.clone() };
        Warnings { diagnostics, sources }
    }

    /// The same warnings with every path under `prefix` (see [`Failure::under`]).
    pub fn under(self, prefix: &str) -> Warnings {
        let diagnostics = self.diagnostics.into_iter().map(|d| d.under(prefix)).collect();
        Warnings { diagnostics, sources: self.sources.under(prefix) }
    }
}

impl Site {
    /// A site whose files went to a sink as they rendered ([`build`], [`validate`]).
    fn streamed(
        rendered: render::Rendered,
        timings: Vec<(&'static str, Duration)>,
        highlighter: &markdown::Highlighter,
        warnings: Warnings,
    ) -> Self {
        Site {
            files: Vec::new(),
            file_count: rendered.files,
            pages: rendered.pages,
            timings,
            highlight: highlighter.cache_stats(),
            warnings,
            cache: None,
        }
    }
}

/// Why a run failed: every diagnostic, and the texts to show them with.
#[derive(Debug)]
pub struct Failure {
    /// The problems, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The files they point into.
    pub sources: Sources,
}

impl Failure {
    /// A failure reporting `diagnostics` (sorted by file and position, each once) in `sources`.
    pub(crate) fn new(mut diagnostics: Vec<Diagnostic>, sources: Sources) -> Self {
        diagnostics::sort(&mut diagnostics);
        diagnostics.dedup();
        Failure { diagnostics, sources }
    }
}

impl Failure {
    /// The same failure with every path under `prefix` (from [`root_seen_from`]) instead of
    /// relative to the site root.
    pub fn under(self, prefix: &str) -> Failure {
        let diagnostics = self.diagnostics.into_iter().map(|d| d.under(prefix)).collect();
        Failure { diagnostics, sources: self.sources.under(prefix) }
    }
}

/// Where the reader of diagnostics stands: `GITHUB_WORKSPACE` (the repository's checkout) in
/// GitHub Actions, else the working directory.
pub fn reader_base() -> PathBuf {
    std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from).or_else(|| std::env::current_dir().ok()).unwrap_or_default()
}

/// The site root `root` as seen from `base` (where the reader stands: the repository in CI,
/// else the working directory), `/`-separated: relative when inside `base` (`""` when it is
/// `base`), else absolute. Diagnostics put it before their site-relative paths, so that
/// `--root site` reports `site/content/…`, the path an editor or GitHub can open.
pub fn root_seen_from(base: &Path, root: &Path) -> String {
    let absolute =
        |p: &Path| std::fs::canonicalize(p).or_else(|_| std::path::absolute(p)).unwrap_or_else(|_| p.to_owned());
    let (base, root) = (absolute(base), absolute(root));
    let seen = root.strip_prefix(&base).map(Path::to_path_buf).unwrap_or(root);
    seen.to_string_lossy().replace('\\', "/")
}

/// A site loaded and linked without errors, with its theme: what every command renders from.
pub(crate) struct Prepared {
    pub(crate) catalog: link::catalog::Catalog,
    pub(crate) theme: render::theme::Theme,
    pub(crate) sources: Sources,
    pub(crate) timings: Vec<(&'static str, Duration)>,
    pub(crate) warnings: Warnings,
}

/// Loads and links the site and loads its theme, reporting every problem found.
fn prepare(options: &Options) -> Result<Prepared, Failure> {
    let started = Instant::now();
    let load_options = load::LoadOptions { base_url: options.base_url.clone() };
    let loaded = load::load(&options.root, &load_options);
    prepare_loaded(loaded, options, vec![("load", started.elapsed())])
}

/// The pipeline after loading, shared by `check`, `validate`, `build` and serve's full
/// rebuild: links the loaded site and loads its theme, reporting every problem found.
pub(crate) fn prepare_loaded(
    loaded: load::Loaded,
    options: &Options,
    mut timings: Vec<(&'static str, Duration)>,
) -> Result<Prepared, Failure> {
    let mut sources = loaded.sources;
    let mut diagnostics = loaded.diagnostics;
    let started = Instant::now();
    let link_options = link::LinkOptions { drafts: options.drafts, build_date: build_date() };
    let (catalog, mut link_errors) = link::link_all(loaded.site, loaded.broken, &link_options);
    diagnostics.append(&mut link_errors);
    if let Some(catalog) = &catalog {
        diagnostics.extend(render::static_clashes(catalog));
    }
    timings.push(("link", started.elapsed()));
    let theme = catalog.as_ref().and_then(|catalog| {
        render::theme::load(&options.root, &catalog.config, &mut sources)
            .map_err(|mut d| diagnostics.append(&mut d))
            .ok()
    });
    let (Some(mut catalog), Some(theme), true) = (catalog, theme, diagnostics.is_empty()) else {
        return Err(Failure::new(diagnostics, sources));
    };
    let warnings = std::mem::take(&mut catalog.warnings);
    if options.deny_warnings && !warnings.is_empty() {
        return Err(Failure::new(warnings, sources));
    }
    let warnings = Warnings::new(warnings, &sources);
    Ok(Prepared { catalog, theme, sources, timings, warnings })
}

/// Loads, links and renders the site in memory, writing nothing (the CLI's `check` runs [`validate`]).
pub fn build_in_memory(options: &Options) -> Result<Site, Failure> {
    render_prepared(prepare(options)?, &markdown::Highlighter::new())
}

/// [`build_in_memory`] on a site given in memory (see [`load::load_files`]), with a
/// highlighter the caller keeps across calls (building one loads every syntax).
/// `options.root` is only read for the site's theme overrides.
pub fn build_files_in_memory(
    files: Vec<(String, Vec<u8>)>,
    options: &Options,
    highlighter: &markdown::Highlighter,
) -> Result<Site, Failure> {
    let started = Instant::now();
    let load_options = load::LoadOptions { base_url: options.base_url.clone() };
    let loaded = load::load_files(files, &load_options);
    render_prepared(prepare_loaded(loaded, options, vec![("load", started.elapsed())])?, highlighter)
}

/// Renders a prepared site into memory.
fn render_prepared(prepared: Prepared, highlighter: &markdown::Highlighter) -> Result<Site, Failure> {
    let Prepared { catalog, theme, sources, mut timings, warnings } = prepared;
    let started = Instant::now();
    let files = render::render(&catalog, &theme, highlighter).map_err(|d| Failure::new(d, sources))?;
    timings.push(("render", started.elapsed()));
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let highlight = highlighter.cache_stats();
    Ok(Site { file_count: files.len(), files, pages, timings, highlight, warnings, cache: None })
}

/// What `prospectus check` runs: everything a build checks, writing and keeping nothing.
///
/// It loads and links the whole site (every content rule), loads the theme,
/// renders every Markdown body and every page through its template (so a
/// template that fails on some record is found), and checks static files
/// against generated ones. It skips what cannot fail: syntax highlighting
/// (a block syntect cannot handle is shown as plain code), which is most of a
/// build's time, so code blocks are rendered as escaped plain text instead;
/// and the search index, made of the validated records alone (see
/// [`render::validate`]). With a build `cache`, the pages the last cached build rendered from
/// the same inputs are not rendered again (see [`render::recall::Recall::proving`]); the cache
/// is only read.
pub fn validate(options: &Options, cache: Option<&Path>) -> Result<Site, Failure> {
    let Prepared { catalog, theme, sources, mut timings, warnings } = prepare(options)?;
    let started = Instant::now();
    let highlighter = markdown::Highlighter::plain();
    let (previous, notice) = cache.map(build_cache::BuildCache::read).unwrap_or_default();
    let mut recall = cache.map(|_| render::recall::Recall::proving(&previous));
    let rendered = match &mut recall {
        Some(recall) => render::validate_recalling(&catalog, &theme, &highlighter, recall),
        None => render::validate(&catalog, &theme, &highlighter),
    };
    let rendered = rendered.map_err(|d| Failure::new(d, sources))?;
    timings.push(("render", started.elapsed()));
    let mut site = Site::streamed(rendered, timings, &highlighter, warnings);
    site.cache = recall.map(|r| CacheUse { kept: r.kept, rendered: r.rendered, notices: notice.into_iter().collect() });
    Ok(site)
}

/// Checks the site, then replaces `out` with it; on failure `out` is left untouched.
///
/// Pages are written to a staging folder as they render (see [`write::Staging`]),
/// so the site is never held in memory whole; the staging folder replaces
/// `out` only once every file is written (and, with [`write::Durability::OnDisk`],
/// has reached the disk). With a `cache` folder, pages unchanged since the previous cached
/// build are linked from `out` rather than rendered (see [`build_cache`]).
pub fn build(
    options: &Options,
    out: &Path,
    durability: write::Durability,
    cache: Option<&Path>,
    progress: &dyn Progress,
) -> Result<Site, Failure> {
    refuse_unsafe_output(&options.root, out)?;
    if let Some(cache) = cache {
        refuse_unsafe_cache(&options.root, out, cache)?;
    }
    let Prepared { catalog, theme, sources, mut timings, warnings } = prepare(options)?;
    let started = Instant::now();
    let tree = if cache.is_some() { write::Tree::Spare } else { write::Tree::Fresh };
    let staging = write::Staging::new(out, durability, tree).map_err(|d| Failure::new(vec![d], Sources::default()))?;
    // Opened once `out` is ours, and dropped (unlocked) before `staging`: a build waiting
    // for `out` then finds the cache free.
    let cache = cache.map(build_cache::BuildCache::open);
    let highlighter = markdown::Highlighter::new();
    progress.rendering(render::page_count(&catalog));
    let sink = |file: render::OutputFile| {
        staging.put(&file)?;
        progress.written(&file.path);
        Ok(())
    };
    let mut recall = cache.as_ref().map(|cache| render::recall::Recall::new(&cache.previous, out));
    let rendered = match &mut recall {
        Some(recall) => render::render_recalling(&catalog, &theme, &highlighter, recall, &sink),
        None => render::render_to(&catalog, &theme, &highlighter, &sink),
    };
    let rendered = rendered.map_err(|d| Failure::new(d, sources))?;
    if rendered.search_beside_pages {
        timings.push(("render+write+search", started.elapsed()));
    } else {
        // The search index is made before the pages: its own stage, out of render+write's.
        timings.push(("search", rendered.search));
        timings.push(("render+write", started.elapsed().saturating_sub(rendered.search)));
    }
    let started = Instant::now();
    staging.commit().map_err(|d| Failure::new(vec![d], Sources::default()))?;
    timings.push(("swap", started.elapsed()));
    let mut site = Site::streamed(rendered, timings, &highlighter, warnings);
    if let (Some(cache), Some(recall)) = (&cache, recall) {
        let started = Instant::now();
        site.cache = Some(save_cache(cache, recall, out));
        site.timings.push(("cache", started.elapsed()));
    }
    Ok(site)
}

/// Records what the build that just published `out` rendered, for the next one.
fn save_cache(cache: &build_cache::BuildCache, recall: render::recall::Recall<'_>, out: &Path) -> CacheUse {
    use rayon::prelude::*;
    let (kept, rendered) = (recall.kept, recall.rendered);
    let records = (recall.into_fingerprints().into_par_iter())
        .filter_map(|(file, fingerprint)| {
            let state = build_cache::FileState::of(&out.join(&file))?;
            Some((file, build_cache::Recorded { fingerprint, file: state }))
        })
        .collect();
    let notices = cache.notice.iter().cloned().chain(cache.save(&records).err()).collect();
    CacheUse { kept, rendered, notices }
}

/// What a build tells its caller as it goes: the command line draws a progress bar from it.
pub trait Progress: Sync {
    /// The pages are about to be rendered: `pages` of them.
    fn rendering(&self, pages: usize);
    /// The file at `path` (relative to the output folder) was written; called from any thread.
    fn written(&self, path: &str);
}

/// A build whose progress nobody watches.
impl Progress for () {
    fn rendering(&self, _: usize) {}
    fn written(&self, _: &str) {}
}

/// The output folder is replaced whole, so it must not hold the site's own sources.
fn refuse_unsafe_output(root: &Path, out: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (root, out) = (absolute(root), absolute(out));
    let content = root.join("content");
    if root.starts_with(&out)
        || content.starts_with(&out)
        || out.starts_with(&content)
        || out.starts_with(root.join("themes"))
    {
        let message = format!("refusing to write the site to {}: it would replace the site's own files", out.display());
        let hint = "choose an output folder outside content/ and themes/, such as `public`";
        return Err(Failure::new(vec![Diagnostic::error(message).hint(hint)], Sources::default()));
    }
    Ok(())
}

/// The build cache is kept beside the output, not in it (the swap would remove it), nor among
/// the site's sources (it would be read as content).
fn refuse_unsafe_cache(root: &Path, out: &Path, cache: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (root, out, cache) = (absolute(root), absolute(out), absolute(cache));
    let inside = [out, root.join("content"), root.join("themes")].into_iter().find(|folder| cache.starts_with(folder));
    let Some(folder) = inside else { return Ok(()) };
    let message = format!("refusing to keep the build cache in {}: it is inside {}", cache.display(), folder.display());
    let hint = "keep it outside the output, content/ and themes/, such as the default `.prospectus-cache`";
    Err(Failure::new(vec![Diagnostic::error(message).hint(hint)], Sources::default()))
}

/// The build's date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today in UTC.
pub fn build_date() -> jiff::civil::Date {
    let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    let now = from_epoch.unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}
