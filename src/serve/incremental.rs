//! The incremental engine: the pipeline of [`crate::build_in_memory`], keeping state between rebuilds.
//!
//! * **load**: every file's [`FileResult`] is cached with the file's size, modification
//!   time and a hash of its bytes. A rebuild walks `content/` (a directory listing and a
//!   `stat` per file), re-reads only files whose stamp changed, and re-parses only those
//!   whose bytes changed; deleted files drop out of the cache. When the watcher names the
//!   changed files and all are files of the last good build, only those are read (at
//!   a large site the walk and the stats alone are most of a small edit's rebuild).
//! * **link** runs on the whole raw site (it is the only stage that sees every record).
//! * **render** runs with a [`RenderCache`]: bodies keyed by their Markdown, pages skipped
//!   when their context fingerprint is unchanged.
//!
//! Two shortcuts skip link and (almost) all rendering:
//!
//! * **bodies only**: when the only changes are to the Markdown bodies of `.md` records
//!   (front matter byte-identical, the same heading ids, no internal link that was not
//!   already there), the catalog differs only in those bodies, which only their own pages
//!   and the search index show. The pages are rendered at once; the search index (the
//!   slowest output of a large site) is left for [`Engine::update_search`], which the serve loop runs
//!   after publishing the pages, unless more changes are waiting. The general path
//!   defers it the same way.
//! * **theme assets only**: when no content file changed and the theme's templates and
//!   strings are the same (its identity), only the changed stylesheets or icons are replaced.
//!
//! Anything else takes the general path. Either way the result equals a full build byte
//! for byte (`tests/incremental.rs`), once a pending search index is updated.
//!
//! Pages are held once: the served site's bytes are the render cache's own text
//! ([`Contents::Shared`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Sources};
use crate::hash::hash_of;
use crate::link::catalog::{Body, Catalog, ModuleIx, ProgrammeIx};
use crate::load::records::{RawBody, RawHeader};
use crate::load::{self, Entry, FileResult, LoadOptions, Records};
use crate::markdown::Highlighter;
use crate::render::cache::{RenderCache, RenderStats};
use crate::render::urls::SEARCH_FOLDER;
use crate::render::{Contents, OutputFile, Plan, theme};
use crate::{Failure, Options};

/// The built site: output path (relative, `/`-separated) → bytes.
pub type Outputs = Arc<BTreeMap<String, Bytes>>;

/// Keeps what the last build learnt, to rebuild only what changed.
pub struct Engine {
    options: Options,
    highlighter: Highlighter,
    files: FileCache,
    statics: HashMap<PathBuf, (Stamp, Bytes)>,
    render: RenderCache,
    good: Option<Good>,
    /// `content/`, absolute and without links, as the watcher names files in it.
    content_dir: Option<PathBuf>,
    /// Whether the last rebuild succeeded: the body shortcut patches the last good build,
    /// which is only sound when nothing failed since (a failed general rebuild may have
    /// seen changes the good build does not hold).
    shortcut_allowed: bool,
    /// Whether the good build's search index predates its bodies (see [`Engine::update_search`]).
    search_pending: bool,
}

/// The last build that succeeded, and what it was built from.
struct Good {
    walk: Vec<Entry>,
    /// Position of each file (relative to `content/`) in `walk`.
    index: HashMap<String, usize>,
    theme_stamp: Vec<(PathBuf, Stamp)>,
    catalog: Catalog,
    theme: theme::Theme,
    outputs: Outputs,
    sources: Sources,
}

/// Every content file's load result, re-parsed only when its bytes change: the per-file
/// load cache of serve's engine, also the language server's (`crate::lsp`).
#[derive(Default)]
pub(crate) struct FileCache {
    files: HashMap<String, CachedFile>,
}

impl FileCache {
    /// The load result of the file `inner` (relative to `content/`), if cached.
    pub(crate) fn get(&self, inner: &str) -> Option<&FileResult> {
        self.files.get(inner).map(|c| &c.result)
    }

    /// Forgets the file `inner`: it is read and parsed again next time.
    pub(crate) fn remove(&mut self, inner: &str) {
        self.files.remove(inner);
    }

    /// The cached results of `entries`, in their order (entries never loaded are left out).
    pub(crate) fn results(&self, entries: &[Entry]) -> Vec<FileResult> {
        entries.iter().filter_map(|e| self.get(&e.inner).cloned()).collect()
    }

    /// Updates the file cache from the walk: returns the files re-parsed and the files gone.
    pub(crate) fn refresh(&mut self, entries: &[Entry], options: &LoadOptions) -> (Vec<String>, Vec<String>) {
        let stale: Vec<Entry> = entries
            .iter()
            .filter(|e| {
                e.given_bytes().is_some() || self.files.get(&e.inner).is_none_or(|c| !c.unchanged(Stamp::of(&e.path)))
            })
            .cloned()
            .collect();
        let parsed = self.reread(&stale, options);
        let present: BTreeSet<&str> = entries.iter().map(|e| e.inner.as_str()).collect();
        let mut removed: Vec<String> = self.files.keys().filter(|k| !present.contains(k.as_str())).cloned().collect();
        removed.sort();
        for gone in &removed {
            self.files.remove(gone);
        }
        (parsed, removed)
    }

    /// Reads `entries` again and re-parses those whose bytes changed; returns those.
    pub(crate) fn reread(&mut self, entries: &[Entry], options: &LoadOptions) -> Vec<String> {
        let unknown = Stamp { len: u64::MAX, modified: None, read_at: SystemTime::UNIX_EPOCH };
        let fresh: Vec<(String, Stamp, u64, Option<FileResult>)> = entries
            .par_iter()
            .map(|entry| {
                // Bytes given in memory (an editor's unsaved text) say nothing of the file on
                // disk: an unknown stamp has it read again once they are gone.
                let (stamp, hash) = match entry.given_bytes() {
                    Some(bytes) => (unknown, hash_of(bytes)),
                    None => (
                        Stamp::reading(&entry.path).unwrap_or(unknown),
                        std::fs::read(&entry.path).map(|bytes| hash_of(&bytes)).unwrap_or(0),
                    ),
                };
                let same = self.files.get(&entry.inner).is_some_and(|c| c.hash == hash && hash != 0);
                let result = (!same).then(|| load::load_file(entry, options));
                (entry.inner.clone(), stamp, hash, result)
            })
            .collect();
        let mut parsed = Vec::new();
        for (inner, stamp, hash, result) in fresh {
            match (result, self.files.get_mut(&inner)) {
                (Some(result), _) => {
                    self.files.insert(inner.clone(), CachedFile { stamp, hash, result });
                    parsed.push(inner);
                }
                (None, Some(file)) => file.stamp = stamp,
                (None, None) => {}
            }
        }
        parsed.sort();
        parsed
    }
}

/// A content file's load result, valid while its bytes are the same.
struct CachedFile {
    stamp: Stamp,
    hash: u64,
    result: FileResult,
}

impl CachedFile {
    /// Whether the file is surely unchanged. As in git's "racily clean" rule, a file modified
    /// shortly before it was read may be written again within the same timestamp tick,
    /// so its stamp is trusted only once it is older than that.
    fn unchanged(&self, now: Option<Stamp>) -> bool {
        self.stamp.still(now)
    }
}

/// How long after its modification time a file's stamp is trusted.
const RACY: Duration = Duration::from_secs(2);

/// What `stat` says of a file; a different stamp means the file must be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    read_at: SystemTime,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp { len: metadata.len(), modified: metadata.modified().ok(), read_at: SystemTime::UNIX_EPOCH })
    }

    /// The stamp of a file being read now.
    fn reading(path: &Path) -> Option<Stamp> {
        Stamp::of(path).map(|s| Stamp { read_at: SystemTime::now(), ..s })
    }

    /// Whether the file was last modified long enough ago for its stamp to be trusted.
    fn settled_now(&self) -> bool {
        self.modified.is_some_and(|m| m + RACY < SystemTime::now())
    }

    /// Whether a file stamped `self` when read, and `now` now, surely has the same bytes.
    fn still(&self, now: Option<Stamp>) -> bool {
        let settled = self.modified.is_some_and(|m| m + RACY < self.read_at);
        now == Some(Stamp { read_at: SystemTime::UNIX_EPOCH, ..*self }) && settled
    }
}

/// How a rebuild went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// No file had new bytes (the watcher named files saved unchanged, or only their times
    /// changed): nothing was rendered and no output changed.
    Unchanged,
    /// Everything linked again; pages re-rendered when their context changed.
    General,
    /// Only Markdown bodies changed: only their pages re-rendered.
    BodiesOnly,
    /// Only theme assets (stylesheets, icons) changed: only they were replaced.
    AssetsOnly,
    /// The search index, left behind by [`Strategy::BodiesOnly`], was brought up to date.
    SearchIndex,
}

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Wall time of the whole rebuild.
    pub duration: Duration,
    /// Which path it took.
    pub strategy: Strategy,
    /// Content files re-parsed because their bytes changed (or were new).
    pub parsed: Vec<String>,
    /// Content files that disappeared.
    pub removed: Vec<String>,
    /// Bodies and pages rendered and reused.
    pub render: RenderStats,
    /// Output files whose bytes changed, appeared or disappeared.
    pub changed: Vec<String>,
    /// How many output files the site has.
    pub files: usize,
    /// How long each step took.
    pub timings: Vec<(&'static str, Duration)>,
    /// The warnings of a rebuild that linked the site again (shortcuts leave them as they were).
    pub warnings: crate::Warnings,
}

impl Engine {
    /// An engine for the site `options` describe; nothing is read until [`Engine::rebuild`].
    pub fn new(options: Options) -> Self {
        Self {
            content_dir: std::fs::canonicalize(options.root.join("content")).ok(),
            options,
            highlighter: Highlighter::new(),
            files: FileCache::default(),
            statics: HashMap::new(),
            render: RenderCache::default(),
            good: None,
            shortcut_allowed: false,
            search_pending: false,
        }
    }

    /// Changes the base URL the site is built for (the preview's, when `site.yaml`'s path changed).
    pub fn set_base_url(&mut self, base_url: Option<String>) {
        if self.options.base_url != base_url {
            self.options.base_url = base_url;
            // The override is applied when site.yaml is parsed.
            self.files.remove("site.yaml");
            self.shortcut_allowed = false;
        }
    }

    /// The last site that built without errors.
    pub fn outputs(&self) -> Option<&Outputs> {
        self.good.as_ref().map(|g| &g.outputs)
    }

    /// Brings the site up to date with the files on disk. On errors the last good site is kept.
    pub fn rebuild(&mut self) -> Result<Report, Failure> {
        self.rebuild_changed(None)
    }

    /// [`Engine::rebuild`], told which files changed (by the watcher). When they are all
    /// content files of the last good build, only they are looked at; otherwise, or with
    /// `None`, the whole content folder is listed and every file's stamp checked.
    pub fn rebuild_changed(&mut self, changed: Option<&[PathBuf]>) -> Result<Report, Failure> {
        let started = Instant::now();
        let mut parsed = Vec::new();
        if let Some(entries) = changed.and_then(|paths| self.known_entries(paths)) {
            parsed = self.reread(&entries);
            let theme_stamp = theme_stamp(&self.options.root);
            let shortcut = match parsed.is_empty() {
                true => self.good.as_ref().map(|g| self.unchanged_report(g)),
                false => self.bodies_only(&parsed, &theme_stamp).and_then(|plans| self.rebuild_bodies(&parsed, &plans)),
            };
            if let Some(mut report) = shortcut {
                report.timings.insert(0, ("read", started.elapsed()));
                report.parsed = parsed;
                report.duration = started.elapsed();
                return Ok(report);
            }
        }
        let walk = match load::walk_content(&self.options.root) {
            Ok(walk) => walk,
            Err(loaded) => {
                self.shortcut_allowed = false;
                return Err(Failure::new(loaded.diagnostics, loaded.sources));
            }
        };
        let (more, removed) = self.refresh(&walk.files);
        parsed.extend(more);
        parsed.sort();
        parsed.dedup();
        let read = started.elapsed();
        let theme_stamp = theme_stamp(&self.options.root);
        let same_files = removed.is_empty()
            && walk.diagnostics.is_empty()
            && self.good.as_ref().is_some_and(|g| g.walk == walk.files);
        let shortcut = match (same_files, parsed.is_empty()) {
            (false, _) => None,
            (true, true) => self.rebuild_assets(&theme_stamp),
            (true, false) => {
                self.bodies_only(&parsed, &theme_stamp).and_then(|plans| self.rebuild_bodies(&parsed, &plans))
            }
        };
        let mut report = match shortcut {
            Some(report) => report,
            None => {
                let result = self.rebuild_all(walk, theme_stamp);
                self.shortcut_allowed = result.is_ok();
                result?
            }
        };
        report.parsed = parsed;
        report.removed = removed;
        report.timings.insert(0, ("walk and read", read));
        report.duration = started.elapsed();
        Ok(report)
    }

    /// The report of a rebuild that found nothing changed.
    fn unchanged_report(&self, good: &Good) -> Report {
        quick_report(Strategy::Unchanged, RenderStats::default(), Vec::new(), good.outputs.len())
    }

    /// Whether the search index is behind the pages (after the bodies-only shortcut).
    pub fn search_pending(&self) -> bool {
        self.search_pending
    }

    /// Rebuilds the search index a rebuild left behind (see the module documentation):
    /// afterwards the site equals a full build again. `None` when nothing was pending.
    pub fn update_search(&mut self) -> Option<Report> {
        let started = Instant::now();
        let good = self.good.as_mut().filter(|_| std::mem::take(&mut self.search_pending))?;
        let fresh: BTreeMap<String, Bytes> = RenderCache::search_index(&good.catalog, &good.theme)
            .into_iter()
            .filter_map(|file| Some((file.path, generated(file.contents)?)))
            .collect();
        let outputs = Arc::make_mut(&mut good.outputs);
        // The index comes whole, in a new generation folder: the previous one goes.
        let old: BTreeMap<String, Bytes> = outputs.extract_if(.., |path, _| path.starts_with(SEARCH_FOLDER)).collect();
        let changed = changed_paths(Some(&old), &fresh);
        outputs.extend(fresh);
        let mut report = quick_report(Strategy::SearchIndex, RenderStats::default(), changed, outputs.len());
        report.duration = started.elapsed();
        Some(report)
    }

    /// Updates the file cache from the walk: returns the files re-parsed and the files gone.
    fn refresh(&mut self, entries: &[Entry]) -> (Vec<String>, Vec<String>) {
        self.files.refresh(entries, &LoadOptions { base_url: self.options.base_url.clone() })
    }

    /// Reads `entries` again and re-parses those whose bytes changed; returns those.
    fn reread(&mut self, entries: &[Entry]) -> Vec<String> {
        self.files.reread(entries, &LoadOptions { base_url: self.options.base_url.clone() })
    }

    /// The walk entries of `paths` (reported by the watcher), when every one is a content file
    /// of the last good build that is still a regular file: then nothing else needs a look.
    fn known_entries(&self, paths: &[PathBuf]) -> Option<Vec<Entry>> {
        let good = self.good.as_ref().filter(|_| self.shortcut_allowed)?;
        let content = self.content_dir.as_ref()?;
        paths
            .iter()
            .map(|path| {
                let relative = path.strip_prefix(content).ok()?;
                let inner =
                    relative.components().map(|c| c.as_os_str().to_str()).collect::<Option<Vec<_>>>()?.join("/");
                let ix = *good.index.get(&inner)?;
                std::fs::symlink_metadata(path).ok().filter(|m| m.file_type().is_file())?;
                Some(good.walk[ix].clone())
            })
            .collect()
    }

    /// The pages to re-render when the changes are Markdown bodies only; `None` when the
    /// general path is needed (see the module documentation for the conditions).
    fn bodies_only(&self, parsed: &[String], theme_stamp: &[(PathBuf, Stamp)]) -> Option<Vec<(String, Plan)>> {
        let good = self.good.as_ref().filter(|_| self.shortcut_allowed)?;
        let unchanged_structure = good.theme_stamp == theme_stamp
            && theme_stamp.iter().all(|(_, stamp)| stamp.settled_now())
            && good.catalog.build_date == crate::build_date();
        if !unchanged_structure || parsed.is_empty() {
            return None;
        }
        let mut plans = Vec::new();
        for inner in parsed {
            let new = self.files.get(inner)?;
            let old = good.sources.get(&format!("content/{inner}"))?;
            let (header, body, text) = single_markdown_record(new)?;
            if text.get(..body.offset)? != old.get(..body.offset)? {
                return None;
            }
            // Same front matter: same id, fields and draft flag. An unpublished draft shows nowhere.
            let Some(plan) = plan_of(&good.catalog, inner, header) else {
                if header.draft && !self.options.drafts {
                    continue;
                }
                return None;
            };
            // A translation's copy of the record may show the original's body: link again.
            if is_translated(&good.catalog, plan) {
                return None;
            }
            let old_body = body_of(&good.catalog, plan)?;
            let old_links = links_of(&old_body.markdown);
            let known_links = body.scan.links.iter().all(|l| old_links.contains(&(l.target.clone(), l.anchor.clone())));
            if ids(&body.scan.headings) != ids(&old_body.headings) || !known_links {
                return None;
            }
            plans.push((inner.clone(), plan));
        }
        Some(plans)
    }

    /// The shortcut: patch the changed bodies into the catalog and re-render their pages.
    fn rebuild_bodies(&mut self, parsed: &[String], plans: &[(String, Plan)]) -> Option<Report> {
        let good = self.good.as_mut()?;
        for inner in parsed {
            let (_, body, text) = single_markdown_record(self.files.get(inner)?)?;
            good.sources.insert(format!("content/{inner}"), text.clone());
            let new_body = Body { markdown: body.text.clone(), headings: body.scan.headings.clone() };
            if let Some((_, plan)) = plans.iter().find(|(file, _)| file == inner) {
                match *plan {
                    Plan::Module(m) => good.catalog.modules[m.0].body = new_body,
                    Plan::Programme(g) => good.catalog.programmes[g.0].body = new_body,
                    Plan::Page(ix) => good.catalog.pages[ix].body = new_body,
                    _ => {}
                }
            }
        }
        let only_plans: Vec<Plan> = plans.iter().map(|(_, plan)| *plan).collect();
        let rendered = self.render.render_body_changes(&good.catalog, &good.theme, &self.highlighter, &only_plans);
        let Ok(pages) = rendered else {
            // The catalog was patched but not rendered: the general path rebuilds it all.
            self.shortcut_allowed = false;
            return None;
        };
        self.search_pending = true;
        let outputs = Arc::make_mut(&mut good.outputs);
        let mut changed = Vec::new();
        for page in pages {
            if let Some(bytes) = generated(page.contents) {
                if outputs.get(&page.path).is_none_or(|old| *old != bytes) {
                    changed.push(page.path.clone());
                }
                outputs.insert(page.path, bytes);
            }
        }
        Some(quick_report(Strategy::BodiesOnly, self.render.stats, changed, outputs.len()))
    }

    /// The theme-assets shortcut: when the theme's templates and strings are unchanged and it
    /// has the same asset files, replace the assets whose bytes changed. `None` otherwise
    /// (or when content's static files replace an asset), for the general path.
    fn rebuild_assets(&mut self, theme_stamp: &[(PathBuf, Stamp)]) -> Option<Report> {
        let good = self.good.as_mut().filter(|_| self.shortcut_allowed)?;
        if good.catalog.build_date != crate::build_date() {
            return None;
        }
        let mut sources = good.sources.clone();
        let theme = theme::load(&self.options.root, &good.catalog.config, &mut sources).ok()?;
        let same_files = theme.assets.keys().eq(good.theme.assets.keys());
        let replaced = |path: &String| good.catalog.static_files.iter().any(|f| &f.output == path);
        if theme.identity() != good.theme.identity() || !same_files || theme.assets.keys().any(replaced) {
            return None;
        }
        let outputs = Arc::make_mut(&mut good.outputs);
        let mut changed = Vec::new();
        for (path, bytes) in &theme.assets {
            if outputs.get(path).is_none_or(|old| old[..] != bytes[..]) {
                outputs.insert(path.clone(), Bytes::from(bytes.clone()));
                changed.push(path.clone());
            }
        }
        let files = outputs.len();
        (good.theme, good.sources, good.theme_stamp) = (theme, sources, theme_stamp.to_vec());
        // A save that left every asset's bytes as they were (or a file touched) changed nothing.
        let strategy = if changed.is_empty() { Strategy::Unchanged } else { Strategy::AssetsOnly };
        Some(quick_report(strategy, RenderStats::default(), changed, files))
    }

    /// The general path: link everything again and render with the cache.
    fn rebuild_all(&mut self, walk: load::Walk, theme_stamp: Vec<(PathBuf, Stamp)>) -> Result<Report, Failure> {
        let started = Instant::now();
        let entries = walk.files.clone();
        let results = self.files.results(&walk.files);
        let loaded = load::assemble(walk, results);
        let assembled = vec![("assemble", started.elapsed())];
        let crate::Prepared { catalog, theme, sources, mut timings, warnings } =
            crate::prepare_loaded(loaded, &self.options, assembled)?;
        let mut step = Instant::now();
        let mut lap = |name: &'static str| timings.push((name, std::mem::replace(&mut step, Instant::now()).elapsed()));
        // The search index is made after the pages are out, unless a static file may clash
        // with it (that error must come now, as from a full build).
        self.render.defer_search = !catalog.static_files.iter().any(|f| f.output.starts_with(SEARCH_FOLDER));
        let files =
            self.render.render(&catalog, &theme, &self.highlighter).map_err(|d| Failure::new(d, sources.clone()))?;
        lap("render");
        let mut outputs = self.outputs_of(files).map_err(|d| Failure::new(vec![d], sources.clone()))?;
        if self.render.defer_search {
            // The last index is served until `update_search` replaces it.
            let last = self.good.as_ref().map(|g| {
                g.outputs.range::<str, _>((std::ops::Bound::Included(SEARCH_FOLDER), std::ops::Bound::Unbounded))
            });
            let last = last.into_iter().flatten().take_while(|(path, _)| path.starts_with(SEARCH_FOLDER));
            outputs.extend(last.map(|(path, bytes)| (path.clone(), bytes.clone())));
        }
        let changed = changed_paths(self.good.as_ref().map(|g| &*g.outputs), &outputs);
        lap("compare");
        let files = outputs.len();
        let outputs = Arc::new(outputs);
        let index = entries.iter().enumerate().map(|(ix, e)| (e.inner.clone(), ix)).collect();
        self.good = Some(Good { walk: entries, index, theme_stamp, catalog, theme, outputs, sources });
        self.search_pending = self.render.defer_search;
        Ok(Report {
            duration: Duration::ZERO,
            strategy: Strategy::General,
            parsed: Vec::new(),
            removed: Vec::new(),
            render: self.render.stats,
            changed,
            files,
            timings,
            warnings,
        })
    }

    /// Output files as bytes; static files are read (without following links) only when changed.
    fn outputs_of(&mut self, files: Vec<OutputFile>) -> Result<BTreeMap<String, Bytes>, Diagnostic> {
        let mut outputs = BTreeMap::new();
        let mut statics = HashMap::new();
        for file in files {
            let bytes = match file.contents {
                Contents::Bytes(bytes) => Bytes::from(bytes),
                Contents::Shared(text) => shared(text),
                Contents::Copy(source) | Contents::Previous(source) => {
                    let stamp = Stamp::reading(&source);
                    let bytes = match self.statics.get(&source) {
                        Some((old, bytes)) if old.still(Stamp::of(&source)) => bytes.clone(),
                        _ => Bytes::from(read_no_follow(&source)?),
                    };
                    if let Some(stamp) = stamp {
                        statics.insert(source, (stamp, bytes.clone()));
                    }
                    bytes
                }
            };
            outputs.insert(file.path, bytes);
        }
        self.statics = statics;
        Ok(outputs)
    }
}

/// A report of a shortcut (its duration and parsed files are filled in by the caller).
fn quick_report(strategy: Strategy, render: RenderStats, changed: Vec<String>, files: usize) -> Report {
    Report {
        duration: Duration::ZERO,
        strategy,
        parsed: Vec::new(),
        removed: Vec::new(),
        render,
        changed,
        files,
        timings: Vec::new(),
        warnings: crate::Warnings::default(),
    }
}

/// Text shared with the render cache, as bytes to serve.
struct SharedText(Arc<str>);

impl AsRef<[u8]> for SharedText {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Bytes that point into the render cache's copy of a page: no second copy.
fn shared(text: Arc<str>) -> Bytes {
    Bytes::from_owner(SharedText(text))
}

/// The bytes of a generated file (not of a copied static one).
fn generated(contents: Contents) -> Option<Bytes> {
    match contents {
        Contents::Bytes(bytes) => Some(Bytes::from(bytes)),
        Contents::Shared(text) => Some(shared(text)),
        Contents::Copy(_) | Contents::Previous(_) => None,
    }
}

/// The header, body and text of a file holding exactly one Markdown record.
fn single_markdown_record(result: &FileResult) -> Option<(&RawHeader, &RawBody, &Arc<str>)> {
    let FileResult::Records(source, Ok(records)) = result else { return None };
    let (header, body) = match records {
        Records::Modules(r) if r.len() == 1 => (&r[0].header, r[0].body.as_ref()?),
        Records::Programmes(r) if r.len() == 1 => (&r[0].header, r[0].body.as_ref()?),
        Records::Pages(r) if r.len() == 1 => (&r[0].header, r[0].body.as_ref()?),
        _ => return None,
    };
    Some((header, body, &source.text))
}

/// The body a page shows.
fn body_of(catalog: &Catalog, plan: Plan) -> Option<&Body> {
    match plan {
        Plan::Module(m) => Some(&catalog[m].body),
        Plan::Programme(g) => Some(&catalog[g].body),
        Plan::Page(ix) => catalog.pages.get(ix).map(|p| &p.body),
        _ => None,
    }
}

/// Whether a record has a translation, whose copy of it the shortcut would not patch.
fn is_translated(catalog: &Catalog, plan: Plan) -> bool {
    catalog.translations.0.values().any(|t| match plan {
        Plan::Module(m) => t.modules.contains_key(&m),
        Plan::Programme(g) => t.programmes.contains_key(&g),
        Plan::Page(ix) => t.pages.keys().any(|p| p.0 == ix),
        _ => false,
    })
}

/// The page of the published record `header` names in the file `inner`.
fn plan_of(catalog: &Catalog, inner: &str, header: &RawHeader) -> Option<Plan> {
    let id = header.id.as_str();
    if inner.starts_with("modules/") {
        catalog.modules.binary_search_by(|m| m.id.as_str().cmp(id)).ok().map(|ix| Plan::Module(ModuleIx(ix)))
    } else if inner.starts_with("programmes/") {
        catalog.programmes.binary_search_by(|g| g.id.as_str().cmp(id)).ok().map(|ix| Plan::Programme(ProgrammeIx(ix)))
    } else if inner.starts_with("pages/") {
        catalog.pages.binary_search_by(|p| p.id.as_str().cmp(id)).ok().map(Plan::Page)
    } else {
        None
    }
}

fn ids(headings: &[crate::markdown::Heading]) -> Vec<&str> {
    headings.iter().map(|h| h.id.as_str()).collect()
}

fn links_of(markdown: &str) -> BTreeSet<(String, Option<String>)> {
    crate::markdown::scan(markdown).links.into_iter().map(|l| (l.target, l.anchor)).collect()
}

/// Stamps of the site's theme overrides: any change there reloads the theme.
fn theme_stamp(root: &Path) -> Vec<(PathBuf, Stamp)> {
    let themes = root.join("themes");
    walkdir::WalkDir::new(&themes)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| Stamp::of(e.path()).map(|s| (e.into_path(), s)))
        .collect()
}

/// Reads a static file, refusing a symbolic link (even one swapped in after the walk).
fn read_no_follow(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let shown = path.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| crate::diagnostics::io_error("cannot read static file", &e).at(&shown, 0..0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| crate::diagnostics::io_error("cannot read static file", &e).at(&shown, 0..0))?;
    Ok(bytes)
}

/// Output paths whose bytes differ between two builds (new and removed paths included).
fn changed_paths(old: Option<&BTreeMap<String, Bytes>>, new: &BTreeMap<String, Bytes>) -> Vec<String> {
    let Some(old) = old else { return new.keys().cloned().collect() };
    let mut changed: Vec<String> = new
        .par_iter()
        .filter(|(path, bytes)| old.get(*path).is_none_or(|o| o != *bytes))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    changed.sort();
    changed
}
