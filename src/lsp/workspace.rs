//! The site as the editor sees it: the files on disk with the editor's unsaved texts laid
//! over them, loaded through serve's per-file cache (`serve::incremental::FileCache`) and
//! checked by the same pipeline as `prospectus check`.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::load::{self, Entry, FileResult, LoadOptions, Walk};
use crate::serve::incremental::FileCache;
use crate::{Failure, Options, markdown, render};

/// The files of a site, the editor's unsaved texts, and their load results.
pub struct Workspace {
    options: Options,
    /// The last listing of `content/`, or why there is none.
    walk: Result<Walk, Vec<Diagnostic>>,
    cache: FileCache,
    /// Unsaved texts by path relative to `content/`.
    open: BTreeMap<String, String>,
}

/// What a check found, and how far it went.
pub struct Checked {
    /// Every diagnostic (none: the site is fine as far as the check went) and the texts.
    pub found: Failure,
    /// Whether the site loaded and linked without errors (and its theme loaded): only then
    /// can pages be rendered.
    pub linked: bool,
    /// Whether every page went through its template: the diagnostics, if any, are the templates'.
    pub rendered: bool,
    /// The warnings of a site that linked (in `found`'s texts), as `check` prints them.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Checked {
    fn failed(found: Failure) -> Checked {
        Checked { found, linked: false, rendered: false, warnings: Vec::new() }
    }
}

impl Workspace {
    /// A workspace for the site `options.root` names; [`Workspace::rescan`] reads it.
    pub fn new(options: Options) -> Self {
        Workspace { options, walk: Ok(Walk::default()), cache: FileCache::default(), open: BTreeMap::new() }
    }

    /// The site's options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Lists `content/` again and re-reads the files whose stamp changed on disk (after a
    /// save, or files changed outside the editor); unchanged files keep their parse.
    pub fn rescan(&mut self) {
        self.walk = load::walk_content(&self.options.root).map_err(|loaded| loaded.diagnostics);
        let entries = self.entries();
        self.cache.refresh(&entries, &self.load_options());
    }

    /// Lays the editor's text of `inner` (relative to `content/`) over the file on disk and
    /// parses it again if it changed: the only file read on a keystroke.
    pub fn set_text(&mut self, inner: &str, text: String) {
        self.open.insert(inner.to_owned(), text);
        let entries: Vec<Entry> = self.entries().into_iter().filter(|e| e.inner == inner).collect();
        self.cache.reread(&entries, &self.load_options());
    }

    /// The editor closed `inner`: the file on disk counts again.
    pub fn close(&mut self, inner: &str) {
        if self.open.remove(inner).is_some() {
            self.cache.remove(inner);
            self.rescan();
        }
    }

    /// The text of `inner` as the editor has it (unsaved) or as it was last read.
    pub fn text(&self, inner: &str) -> Option<&str> {
        if let Some(text) = self.open.get(inner) {
            return Some(text);
        }
        match self.cache.get(inner)? {
            FileResult::Config(source, _) | FileResult::Records(source, _) => Some(&source.text),
            _ => None,
        }
    }

    /// Every content file (relative to `content/`) with its load result.
    pub fn files(&self) -> impl Iterator<Item = (String, &FileResult)> {
        self.entries().into_iter().filter_map(|e| self.cache.get(&e.inner).map(|r| (e.inner, r)))
    }

    /// The site's diagnostics, from the same stages as `prospectus check`: load and link
    /// always; with `render`, also every page through its template (seconds on a large
    /// site, so the server runs it on start and save, not on every keystroke).
    pub fn check(&mut self, render: bool) -> Checked {
        let diagnostics = match &self.walk {
            Ok(walk) => walk.diagnostics.clone(),
            Err(diagnostics) => return Checked::failed(Failure::new(diagnostics.clone(), Default::default())),
        };
        let files = self.entries();
        let missing: Vec<Entry> = files.iter().filter(|e| self.cache.get(&e.inner).is_none()).cloned().collect();
        self.cache.reread(&missing, &self.load_options());
        let results = self.cache.results(&files);
        let loaded = load::assemble(Walk { files, diagnostics }, results);
        let prepared = match crate::prepare_loaded(loaded, &self.options, Vec::new()) {
            Ok(prepared) => prepared,
            Err(failure) => return Checked::failed(failure),
        };
        let warnings = prepared.warnings.diagnostics;
        if !render {
            let found = Failure::new(Vec::new(), prepared.sources);
            // Freeing a large site's catalog takes tens of milliseconds: off the keystroke's path.
            let (catalog, theme) = (prepared.catalog, prepared.theme);
            std::thread::spawn(move || drop((catalog, theme)));
            return Checked { found, linked: true, rendered: false, warnings };
        }
        let highlighter = markdown::Highlighter::plain();
        let diagnostics = render::validate(&prepared.catalog, &prepared.theme, &highlighter).err().unwrap_or_default();
        Checked { found: Failure::new(diagnostics, prepared.sources), linked: true, rendered: true, warnings }
    }

    fn load_options(&self) -> LoadOptions {
        LoadOptions { base_url: self.options.base_url.clone() }
    }

    /// The walk's entries with the unsaved texts laid over them, and unsaved files the walk
    /// has not seen (new files) after them.
    fn entries(&self) -> Vec<Entry> {
        let Ok(walk) = &self.walk else { return Vec::new() };
        let mut entries: Vec<Entry> = walk
            .files
            .iter()
            .map(|e| match self.open.get(&e.inner) {
                Some(text) => e.with_bytes(text.clone().into_bytes()),
                None => e.clone(),
            })
            .collect();
        let new = self.open.iter().filter(|(inner, _)| !walk.files.iter().any(|e| &e.inner == *inner));
        entries.extend(new.filter_map(|(inner, text)| Entry::in_memory(inner.clone(), text.clone().into_bytes()).ok()));
        entries
    }
}
