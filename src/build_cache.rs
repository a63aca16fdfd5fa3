//! The build cache (`build --cache DIR`): what one build leaves for the next, across processes.
//!
//! For each page it publishes, a cached build records the page's fingerprint (a hash of its
//! theme, template and every value its template sees: see `render::context`) and the
//! state of the file it left in the output folder (length and modification time, to the
//! nanosecond: the quick check of rsync and make). The next cached build fingerprints each
//! page again; when the fingerprint is the recorded one and the output folder still holds a
//! file in that state, the page is not rendered (nor its Markdown body): the file is
//! hard-linked from the previous output into the staging folder. A file edited by hand, or
//! an output folder other than the recorded one, has another state, so its pages are
//! rendered again. Inodes are not compared, so that an output folder restored with its
//! files' times (`tar`, CI caches) is recognised. Nothing but fingerprints and states is
//! kept: a page is either known whole or rendered from its sources.
//!
//! The cache is one file, `manifest`: a header (format, the compile of the program that wrote
//! it, a checksum of the rest) and the records as JSON. It is replaced with a rename, under a
//! lock (`lock`) held from reading it to writing it, so a build never reads a half-written
//! one. A cache that is damaged, truncated, written by another compile or in use by another
//! build is ignored with a one-line notice: the build then renders every page, which is always
//! right, only slower.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::hash::hash_of;

/// The first line of a manifest.
const MAGIC: &str = "prospectus build cache";
/// The manifest's layout; a manifest of another one is ignored.
const FORMAT: u32 = 1;
/// The compile of the program (see build.rs): another compile may fingerprint differently.
const BINARY: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("PROSPECTUS_BUILD_ID"));
/// The file the records are in.
const MANIFEST: &str = "manifest";
/// The file whose lock a build holds while it uses the cache.
const LOCK: &str = "lock";

/// A file's length and modification time: a file in the same state is taken as unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    len: u64,
    modified_s: u64,
    modified_ns: u32,
}

impl FileState {
    /// The state of the regular file at `path` (not following a symbolic link); `None` when
    /// there is none.
    pub fn of(path: &Path) -> Option<FileState> {
        let meta = std::fs::symlink_metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(FileState { len: meta.len(), modified_s: modified.as_secs(), modified_ns: modified.subsec_nanos() })
    }
}

/// What a build recorded of one page: the fingerprint it was rendered from and its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// The page's fingerprint.
    pub fingerprint: u64,
    /// The file the page was published as.
    pub file: FileState,
}

/// The recorded pages, by path in the output folder.
pub type Records = HashMap<String, Recorded>;

/// A build cache opened by a build: the records of the previous one, and the right to write
/// the next (while no other build holds it).
#[derive(Debug)]
pub struct BuildCache {
    dir: PathBuf,
    /// Held from opening to saving; `None` when another build holds it (nothing is saved).
    lock: Option<File>,
    /// The previous build's records (empty when there are none to trust).
    pub previous: Records,
    /// Why the cache was ignored, in one line, when it was.
    pub notice: Option<String>,
}

impl BuildCache {
    /// Opens the cache in `dir` (creating it), reading the previous build's records. Never
    /// fails: a cache that cannot be used is ignored, with a [`BuildCache::notice`] saying why.
    pub fn open(dir: &Path) -> BuildCache {
        let mut cache = BuildCache { dir: dir.to_owned(), lock: None, previous: Records::new(), notice: None };
        match take_lock(dir) {
            Ok(Some(lock)) => cache.lock = Some(lock),
            Ok(None) => cache.notice = ignored(dir, "another build is using it".into()),
            Err(e) => cache.notice = ignored(dir, format!("cannot open it ({e})")),
        }
        if cache.lock.is_some() {
            (cache.previous, cache.notice) = BuildCache::read(dir);
        }
        cache
    }

    /// The records of the cache in `dir`, read without creating or locking it (`check`, which
    /// writes nothing, reads a manifest that is only ever replaced whole): none when there is
    /// none yet, and a notice when it cannot be trusted.
    pub fn read(dir: &Path) -> (Records, Option<String>) {
        match read_manifest(&dir.join(MANIFEST)) {
            Ok(records) => (records, None),
            Err(why) => (Records::new(), ignored(dir, why)),
        }
    }

    /// Replaces the records with `records` (those of the build that just published), unless
    /// another build held the cache. A cache that cannot be written is not an error: the next
    /// build renders more.
    pub fn save(&self, records: &Records) -> Result<(), String> {
        if self.lock.is_none() {
            return Ok(());
        }
        let body = serde_json::to_string(&Sorted(records)).map_err(|e| e.to_string())?;
        let header = format!("{MAGIC}\nformat {FORMAT}\nbinary {BINARY}\nchecksum {:016x}\n\n", hash_of(&body));
        let temporary = self.dir.join(format!("{MANIFEST}.{}.tmp", std::process::id()));
        let written = std::fs::write(&temporary, header + &body)
            .and_then(|()| std::fs::rename(&temporary, self.dir.join(MANIFEST)));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            format!("the build cache {} could not be saved for the next build: {e}", self.dir.display())
        })
    }
}

/// The notice of a cache in `dir` ignored for `why`.
fn ignored(dir: &Path, why: String) -> Option<String> {
    Some(format!("the build cache {} was ignored, every page rendered: {why}", dir.display()))
}

/// The records in path order, so that a manifest's text depends on its records alone.
struct Sorted<'r>(&'r Records);

impl Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut records: Vec<_> = self.0.iter().collect();
        records.sort_unstable_by(|a, b| a.0.cmp(b.0));
        serializer.collect_seq(records)
    }
}

/// Takes the cache's lock without waiting: `None` when another build holds it.
fn take_lock(dir: &Path) -> io::Result<Option<File>> {
    std::fs::create_dir_all(dir)?;
    let file = File::options().create(true).truncate(false).write(true).open(dir.join(LOCK))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// The records of the manifest at `path`: none when there is no manifest yet, or why it
/// cannot be trusted.
fn read_manifest(path: &Path) -> Result<Records, String> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Records::new()),
        Err(e) => return Err(format!("cannot read it ({e})")),
    };
    let text = String::from_utf8(text).map_err(|_| "it is damaged (not text)".to_owned())?;
    let (header, body) = text.split_once("\n\n").ok_or("it is truncated (no header)")?;
    let mut lines = header.lines();
    if lines.next() != Some(MAGIC) || lines.next() != Some(&format!("format {FORMAT}")) {
        return Err("it is not a build cache of this version of prospectus".into());
    }
    if lines.next() != Some(&format!("binary {BINARY}")) {
        return Err("another build of prospectus wrote it".into());
    }
    let checksum = lines.next().and_then(|l| l.strip_prefix("checksum ")).ok_or("it is damaged (no checksum)")?;
    if checksum != format!("{:016x}", hash_of(body)) {
        return Err("it is damaged or truncated (its checksum does not match)".into());
    }
    let records: Vec<(String, Recorded)> = serde_json::from_str(body).map_err(|e| format!("it is damaged ({e})"))?;
    Ok(records.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fingerprint: u64) -> Recorded {
        let file = FileState { len: 3, modified_s: 4, modified_ns: 5 };
        Recorded { fingerprint, file }
    }

    #[test]
    fn saved_records_are_read_back_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let records = Records::from([("a/index.html".to_owned(), record(7)), ("b.html".to_owned(), record(8))]);
        BuildCache::open(dir.path()).save(&records).unwrap();
        let next = BuildCache::open(dir.path());
        assert_eq!((next.previous, next.notice), (records, None));
    }

    #[test]
    fn a_cache_held_by_another_build_is_ignored_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let first = BuildCache::open(dir.path());
        first.save(&Records::from([("a.html".to_owned(), record(1))])).unwrap();
        let second = BuildCache::open(dir.path());
        assert!(second.notice.as_deref().unwrap_or_default().contains("another build is using it"));
        assert!(second.previous.is_empty());
        second.save(&Records::new()).unwrap();
        drop(first);
        assert_eq!(BuildCache::open(dir.path()).previous.len(), 1);
    }

    #[test]
    fn a_file_state_changes_when_the_file_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "one").unwrap();
        let before = FileState::of(&path).unwrap();
        assert_eq!(FileState::of(&path), Some(before));
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1)).unwrap();
        assert_ne!(FileState::of(&path), Some(before));
        std::fs::write(&path, "two!").unwrap();
        assert_ne!(FileState::of(&path).map(|s| s.len), Some(before.len));
    }

    #[test]
    fn a_missing_file_or_a_folder_has_no_state() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(FileState::of(&dir.path().join("missing.html")), None);
        assert_eq!(FileState::of(dir.path()), None);
    }
}
