//! Prospectus turns a course catalog — Markdown modules, YAML projects and
//! employers — into a fast, searchable, accessible static site.
//!
//! The pipeline runs one way: [`load`] → [`link`] → [`render`] → [`write`].
//! Each stage reports problems as [`diagnostics::Diagnostic`]s; [`check`]
//! runs the first three, [`build`] all four. See ARCHITECTURE.md for the map.

// A `Diagnostic` is ~150 bytes; it only travels on the failure path, where
// moving it costs nothing measurable, and boxing it would obscure every API.
#![allow(clippy::result_large_err, reason = "diagnostics are the cold path")]

pub mod config;
pub mod diagnostics;
pub mod ids;
pub mod link;
pub mod load;
pub mod markdown;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod write;

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
}

/// A site that passed every check, rendered in memory.
#[derive(Debug)]
pub struct Site {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// How many HTML pages there are.
    pub pages: usize,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// How often highlighting was answered from its caches.
    pub highlight: markdown::CacheStats,
}

/// Why a run failed: every diagnostic, and the texts to show them with.
#[derive(Debug)]
pub struct Failure {
    /// The problems, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The files they point into.
    pub sources: Sources,
}

/// Loads, links and renders the site without writing anything.
pub fn check(options: &Options) -> Result<Site, Failure> {
    let started = Instant::now();
    let load_options = load::LoadOptions { base_url: options.base_url.clone() };
    let loaded = load::load(&options.root, &load_options);
    check_loaded(loaded, options, None, vec![("load", started.elapsed())])
}

/// [`check`] on a site given in memory (see [`load::load_files`]), with a
/// highlighter the caller keeps across calls (building one loads every syntax).
/// `options.root` is only read for the site's theme overrides.
pub fn check_files(
    files: Vec<(String, Vec<u8>)>,
    options: &Options,
    highlighter: &markdown::Highlighter,
) -> Result<Site, Failure> {
    let started = Instant::now();
    let load_options = load::LoadOptions { base_url: options.base_url.clone() };
    let loaded = load::load_files(files, &load_options);
    check_loaded(loaded, options, Some(highlighter), vec![("load", started.elapsed())])
}

/// Link and render: the part of [`check`] after loading.
fn check_loaded(
    loaded: load::Loaded,
    options: &Options,
    highlighter: Option<&markdown::Highlighter>,
    mut timings: Vec<(&'static str, Duration)>,
) -> Result<Site, Failure> {
    let mut sources = loaded.sources;
    let mut diagnostics = loaded.diagnostics;
    let started = Instant::now();
    let link_options = link::LinkOptions { drafts: options.drafts, build_date: build_date() };
    let catalog =
        link::link(loaded.site, loaded.broken, &link_options).map_err(|mut d| diagnostics.append(&mut d)).ok();
    timings.push(("link", started.elapsed()));
    let theme = catalog.as_ref().and_then(|catalog| {
        render::theme::load(&options.root, &catalog.config, &mut sources)
            .map_err(|mut d| diagnostics.append(&mut d))
            .ok()
    });
    let (Some(catalog), Some(theme), true) = (catalog, theme, diagnostics.is_empty()) else {
        return Err(failure(diagnostics, sources));
    };
    let started = Instant::now();
    let own;
    let highlighter = match highlighter {
        Some(given) => given,
        None => {
            own = markdown::Highlighter::new();
            &own
        }
    };
    let files = render::render(&catalog, &theme, highlighter).map_err(|d| failure(d, sources))?;
    timings.push(("render", started.elapsed()));
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Ok(Site { files, pages, timings, highlight: highlighter.cache_stats() })
}

/// Checks the site, then replaces `out` with it; on failure `out` is left untouched.
pub fn build(options: &Options, out: &Path) -> Result<Site, Failure> {
    refuse_unsafe_output(&options.root, out)?;
    let mut site = check(options)?;
    let started = Instant::now();
    write::write(out, &site.files).map_err(|d| failure(vec![d], Sources::default()))?;
    site.timings.push(("write", started.elapsed()));
    Ok(site)
}

fn failure(mut diagnostics: Vec<Diagnostic>, sources: Sources) -> Failure {
    diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    Failure { diagnostics, sources }
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
        return Err(failure(vec![Diagnostic::error(message).hint(hint)], Sources::default()));
    }
    Ok(())
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
