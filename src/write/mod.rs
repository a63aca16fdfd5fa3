//! Stage 4, write: the only stage that touches the output folder.
//!
//! Files are written into a staging folder beside the target, which is then
//! swapped in with one atomic `renameat2(RENAME_EXCHANGE)` on Linux. A build
//! that fails or is killed at any point leaves the previous output as it was;
//! at worst a stale staging folder remains, and the next build removes it.
//!
//! The swap is also durable across a power cut ([`Durability::OnDisk`]): every
//! staged file and folder reaches the disk before the exchange (one `syncfs` of
//! the staging folder's file system, which flushes everything in one request where
//! an `fsync` per file waits for each in turn; figures in benches/RESULTS.md, "Durable
//! output"), and the parent folder, which records the exchange, is synced after it.
//! Without this, the exchange could reach the disk before the files' data, and a
//! power cut would publish a folder of empty or truncated files.
//!
//! A cached build (`build --cache`) starts its staging folder from the spare tree instead of
//! an empty folder, and keeps the previous output as the next spare tree rather than
//! removing it ([`Tree::Spare`], `spare.rs`): most of a cached build's files are links to the
//! published ones, so the spare tree costs little disk, and neither making a new tree nor
//! removing the old one costs time.
//!
//! Builds hold an exclusive lock (`flock`) on the output's parent folder from before
//! they clear stale staging folders until the swap: two builds into the same folder
//! started at once run one after the other, each publishing a whole site. Locking
//! the folder, not a lock file, leaves nothing beside the output; builds into two
//! outputs of one parent folder take turns too.

use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::render::{Contents, OutputFile};

mod spare;

const STAGING_MARK: &str = ".prospectus-staging-";
/// The spare tree's name beside the output `<out>`: `.<out>.prospectus-spare`.
const SPARE_MARK: &str = ".prospectus-spare";

/// What a build's staging folder starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tree {
    /// An empty folder; the previous output is removed after the swap, and any spare tree
    /// with it.
    Fresh,
    /// The spare tree the last cached build kept, changed where the new site differs; the
    /// previous output becomes the next spare tree (`build --cache`: see `spare.rs`).
    Spare,
}

/// Whether a build waits for its files to reach the disk before publishing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Sync the staged files before the swap and the parent folder after it (the default).
    OnDisk,
    /// Leave it to the kernel (`build --no-sync`): for throwaway output, such as a CI
    /// job's; a power cut may then publish empty or truncated files.
    CacheOnly,
}

/// A staging folder beside the output, filled file by file (from any thread)
/// while the site renders, then swapped in with [`Staging::commit`]. Dropped
/// without a commit, it removes itself and the output stays as it was.
///
/// Streaming pages here as they render, rather than holding the whole site in
/// memory until the end, keeps a build's peak memory near that of the catalog
/// itself: the HTML of a large site is many times the size of its content.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    /// Folders known to exist in the staging folder.
    folders: Mutex<HashSet<PathBuf>>,
    durability: Durability,
    /// Where the previous output is kept after the swap, with [`Tree::Spare`].
    spare: Option<PathBuf>,
    /// The files put, with [`Tree::Spare`] (what the spare tree keeps).
    files: Mutex<HashSet<PathBuf>>,
    /// Held until the staging folder is gone; dropped after `Drop::drop` has run.
    _lock: File,
}

impl Staging {
    /// Creates a staging folder for `out` from `tree`, removing those left by killed builds;
    /// waits for another build into `out` to finish first.
    pub fn new(out: &Path, durability: Durability, tree: Tree) -> Result<Self, Diagnostic> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name =
            out.file_name().ok_or_else(|| Diagnostic::error(format!("invalid output folder {}", out.display())))?;
        std::fs::create_dir_all(parent).map_err(|e| failed("cannot create", parent, e))?;
        if out.exists() && !out.is_dir() {
            return Err(Diagnostic::error(format!("output path {} is a file, not a folder", out.display())));
        }
        let lock = lock(parent, out)?;
        let prefix = format!(".{}{STAGING_MARK}", name.to_string_lossy());
        remove_stale_staging(parent, &prefix);
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        let spare = parent.join(format!(".{}{SPARE_MARK}", name.to_string_lossy()));
        // A spare tree becomes the staging folder by a rename, so a build killed now leaves
        // a stale staging folder, which the next one removes.
        let reused = tree == Tree::Spare
            && std::fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir())
            && std::fs::rename(&spare, &staging).is_ok();
        if !reused {
            let _ = spare::clear(&spare);
            std::fs::create_dir(&staging).map_err(|e| failed("cannot write", &staging, e))?;
        }
        let folders = Mutex::new(HashSet::from([staging.clone()]));
        let spare = (tree == Tree::Spare).then_some(spare);
        let files = Mutex::new(HashSet::new());
        Ok(Staging { out: out.to_owned(), staging, folders, durability, spare, files, _lock: lock })
    }

    /// Writes one file into the staging folder, creating its folders as needed.
    pub fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let target = self.staging.join(&file.path);
        let folder = target.parent().unwrap_or(&self.staging);
        let known = self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(folder);
        if !known {
            let made = match self.spare {
                Some(_) => spare::make_folder(&self.staging, folder),
                None => std::fs::create_dir_all(folder),
            };
            made.map_err(|e| failed("cannot write", folder, e))?;
            let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            folders.extend(folder.ancestors().take_while(|f| f.starts_with(&self.staging)).map(Path::to_owned));
        }
        if self.spare.is_some() {
            self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(target.clone());
        }
        let result = match &file.contents {
            Contents::Bytes(bytes) => self.write_or_link(&file.path, &target, bytes),
            Contents::Shared(text) => self.write_or_link(&file.path, &target, text.as_bytes()),
            Contents::Copy(source) => self.clear_way(&target).and_then(|()| std::fs::copy(source, &target).map(drop)),
            Contents::Previous(source) => self.link(source, &target),
        };
        result.map_err(|e| failed("cannot write", &target, e))
    }

    /// Writes `bytes` to `target`, or, when the previous output holds the same bytes at
    /// `path`, hard-links that file instead: an unchanged file costs a read, not a write
    /// of new blocks (which on this project's `discard`-mounted disks are what a rebuild
    /// waits for). The previous output is never modified, so a failed build still leaves
    /// it untouched, and the swap stays atomic.
    fn write_or_link(&self, path: &str, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let old = self.out.join(path);
        if unchanged(&old, bytes) && self.link(&old, target).is_ok() {
            return Ok(());
        }
        self.clear_way(target)?;
        std::fs::write(target, bytes)
    }

    /// Puts the previous output's file `source` at `target`: a hard link (the previous output
    /// is removed or kept as the spare tree after the swap, never changed, so sharing its file
    /// is safe), or a copy where the file system has no links. A spare tree's link to the very
    /// same file is kept as it is.
    fn link(&self, source: &Path, target: &Path) -> io::Result<()> {
        if self.spare.is_some() && spare::same_file(target, source) {
            return Ok(());
        }
        self.clear_way(target)?;
        std::fs::hard_link(source, target).or_else(|_| std::fs::copy(source, target).map(drop))
    }

    /// Removes what a spare tree holds at `target` (never written in place: it may be a link
    /// to a published file).
    fn clear_way(&self, target: &Path) -> io::Result<()> {
        if self.spare.is_some() { spare::clear(target) } else { Ok(()) }
    }

    /// Puts the staging folder in the place of the output, atomically where the platform
    /// allows, and (with [`Durability::OnDisk`]) durably: see the module's documentation.
    pub fn commit(self) -> Result<(), Diagnostic> {
        if self.spare.is_some() {
            let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            spare::prune(&self.staging, &files, &folders).map_err(|e| failed("cannot write", &self.staging, e))?;
        }
        let durable = self.durability == Durability::OnDisk;
        if durable {
            sync_tree(&self.staging).map_err(|e| failed("cannot save to disk", &self.staging, e))?;
        }
        swap(&self.staging, &self.out).map_err(|e| failed("cannot replace", &self.out, e))?;
        if durable {
            let parent = self.staging.parent().unwrap_or(Path::new("."));
            File::open(parent).and_then(|folder| folder.sync_all()).map_err(|e| failed("cannot save", parent, e))?;
        }
        // The previous output, now at the staging path, is kept as the next spare tree, or
        // removed by Drop.
        if let Some(spare) = &self.spare {
            let _ = std::fs::rename(&self.staging, spare);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a swap the staging path holds the previous output; after a failure, the partial new one.
        let _ = remove_tree(&self.staging);
    }
}

/// Whether `old` is a regular file (not a link to one) holding exactly `bytes`.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    let same_length = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_length && std::fs::read(old).is_ok_and(|held| held == bytes)
}

fn failed(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what} {}: {e}", path.display()))
        .hint("the previous output was left untouched; check the folder's permissions and free space")
}

/// Takes the exclusive lock of builds into `parent` (the output's parent folder), waiting
/// (and saying so) while another build holds it. The kernel releases it when the
/// holder exits, killed or not.
fn lock(parent: &Path, out: &Path) -> Result<File, Diagnostic> {
    let cannot = |e| failed("cannot lock", parent, e);
    let file = File::open(parent).map_err(cannot)?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::Error(e)) => return Err(cannot(e)),
        Err(std::fs::TryLockError::WouldBlock) => {}
    }
    eprintln!("another build is writing {}; waiting for it to finish", out.display());
    file.lock().map_err(cannot)?;
    Ok(file)
}

/// Makes every file and folder under `root` reach the disk.
#[cfg(target_os = "linux")]
fn sync_tree(root: &Path) -> io::Result<()> {
    // One call for the whole file system: the kernel writes every dirty page back in one
    // pass, in disk order, instead of one journal commit per file.
    rustix::fs::syncfs(File::open(root)?).map_err(io::Error::from)
}

/// Makes every file and folder under `root` reach the disk.
#[cfg(not(target_os = "linux"))]
fn sync_tree(root: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let paths: Vec<PathBuf> =
        walkdir::WalkDir::new(root).into_iter().map(|e| e.map(|e| e.into_path())).collect::<Result<_, _>>()?;
    paths.par_iter().try_for_each(|path| File::open(path)?.sync_all())
}

/// Removes staging folders left by builds that were killed.
fn remove_stale_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Removes a folder and everything in it, in parallel.
///
/// On a file system mounted with `discard` (as the project's VM's ext4 is), removing a
/// folder waits for the disk to discard the folder's block; one by one, those waits were
/// most of a small site's rebuild (figures in benches/RESULTS.md, "Start-up and mimalloc's
/// purge delay"), and in parallel they overlap. `remove_dir_all` opens folders relative to
/// their parent without following symbolic links, like `std::fs::remove_dir_all`.
fn remove_tree(path: &Path) -> io::Result<()> {
    remove_dir_all::remove_dir_all(path)
}

/// Puts `staging` in the place of `out`, atomically where the platform allows.
fn swap(staging: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Some filesystems lack RENAME_EXCHANGE: fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = staging.with_extension("old");
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    std::fs::rename(&old, staging)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.to_owned(), contents: Contents::Bytes(text.as_bytes().to_vec()) }
    }

    /// Stages `files` and swaps them in, as a build does.
    fn write(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        write_from(out, files, Tree::Fresh)
    }

    /// [`write`] from `tree`.
    fn write_from(out: &Path, files: &[OutputFile], tree: Tree) -> Result<(), Diagnostic> {
        let staging = Staging::new(out, Durability::OnDisk, tree)?;
        files.iter().try_for_each(|file| staging.put(file))?;
        staging.commit()
    }

    fn previous(out: &Path, path: &str) -> OutputFile {
        OutputFile { path: path.to_owned(), contents: Contents::Previous(out.join(path)) }
    }

    /// The files under `folder`, by relative path, with their text.
    fn tree(folder: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(folder)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(folder).unwrap().to_string_lossy().into_owned();
                (path, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn pair(path: &str, text: &str) -> (String, String) {
        (path.to_owned(), text.to_owned())
    }

    #[test]
    fn new_output_replaces_the_old_one_entirely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a/index.html", "one"), file("old.txt", "x")]).unwrap();
        write(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.txt").exists());
    }

    #[test]
    fn no_staging_folder_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("index.html", "one")]).unwrap();
        write(&out, &[file("index.html", "two")]).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn stale_staging_folders_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".public.prospectus-staging-1");
        std::fs::create_dir_all(stale.join("x")).unwrap();
        write(&dir.path().join("public"), &[file("index.html", "one")]).unwrap();
        assert!(!stale.exists());
    }

    #[cfg(unix)]
    #[test]
    fn removing_the_old_output_does_not_follow_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("sub")).unwrap();
        std::fs::write(outside.join("sub/keep.txt"), "kept").unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("a/b/index.html", "one")]).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("a/link")).unwrap();
        write(&out, &[file("index.html", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(outside.join("sub/keep.txt")).unwrap(), "kept");
    }

    #[test]
    fn failed_write_leaves_the_previous_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("index.html", "old")]).unwrap();
        // A file and a folder at the same path cannot both be written.
        let clash = [file("a", "file"), file("a/b.html", "inside")];
        assert!(write(&out, &clash).is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("same.html", "kept"), file("edited.html", "old")]).unwrap();
        let (same, edited) = (inode(&out.join("same.html")), inode(&out.join("edited.html")));
        write(&out, &[file("same.html", "kept"), file("edited.html", "new")]).unwrap();
        assert_eq!(inode(&out.join("same.html")), same);
        assert_ne!(inode(&out.join("edited.html")), edited);
        assert_eq!(std::fs::read_to_string(out.join("edited.html")).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_previous_output_is_not_carried_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("elsewhere.html"), "same").unwrap();
        let out = dir.path().join("public");
        write(&out, &[file("index.html", "one")]).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.html"), out.join("page.html")).unwrap();
        write(&out, &[file("page.html", "same")]).unwrap();
        assert!(std::fs::symlink_metadata(out.join("page.html")).unwrap().is_file());
    }

    #[test]
    fn a_cached_build_keeps_the_previous_output_as_the_spare_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_from(&out, &[file("a/index.html", "one")], Tree::Spare).unwrap();
        write_from(&out, &[file("a/index.html", "two")], Tree::Spare).unwrap();
        assert_eq!(tree(&dir.path().join(".public.prospectus-spare")), [pair("a/index.html", "one")]);
        assert_eq!(tree(&out), [pair("a/index.html", "two")]);
    }

    #[test]
    fn the_spare_tree_becomes_exactly_the_new_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [file("a/index.html", "1"), file("gone/index.html", "x"), file("b", "file"), file("c/d.html", "y")];
        write_from(&out, &first, Tree::Spare).unwrap();
        write_from(&out, &[file("a/index.html", "1")], Tree::Spare).unwrap();
        // The spare tree now holds `first`: a file where a folder goes, a folder where a file
        // goes, files and folders the new site lacks.
        let third = [file("a/index.html", "1"), file("b/index.html", "folder now"), file("c", "file now")];
        write_from(&out, &third, Tree::Spare).unwrap();
        assert_eq!(tree(&out), [pair("a/index.html", "1"), pair("b/index.html", "folder now"), pair("c", "file now")]);
        assert!(!out.join("gone").exists());
    }

    #[test]
    fn a_file_the_spare_tree_shares_with_the_published_output_is_replaced_not_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_from(&out, &[file("a.html", "one")], Tree::Spare).unwrap();
        // The published file, linked into the new output: the spare tree then shares it.
        write_from(&out, &[previous(&out, "a.html")], Tree::Spare).unwrap();
        let staging = Staging::new(&out, Durability::OnDisk, Tree::Spare).unwrap();
        staging.put(&file("a.html", "two")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one", "the published file is untouched");
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "two");
    }

    #[cfg(unix)]
    #[test]
    fn a_spare_tree_s_link_to_the_published_file_is_kept_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_from(&out, &[file("a.html", "one")], Tree::Spare).unwrap();
        write_from(&out, &[previous(&out, "a.html")], Tree::Spare).unwrap();
        let published = inode(&out.join("a.html"));
        write_from(&out, &[previous(&out, "a.html")], Tree::Spare).unwrap();
        assert_eq!(inode(&out.join("a.html")), published);
        assert_eq!(inode(&dir.path().join(".public.prospectus-spare/a.html")), published);
    }

    #[test]
    fn a_build_without_the_cache_removes_the_spare_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_from(&out, &[file("a.html", "one")], Tree::Spare).unwrap();
        write_from(&out, &[file("a.html", "two")], Tree::Spare).unwrap();
        write(&out, &[file("a.html", "three")]).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_failed_build_from_the_spare_tree_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_from(&out, &[file("a/index.html", "one")], Tree::Spare).unwrap();
        write_from(&out, &[file("a/index.html", "two")], Tree::Spare).unwrap();
        let staging = Staging::new(&out, Durability::OnDisk, Tree::Spare).unwrap();
        staging.put(&file("a/index.html", "half")).unwrap();
        drop(staging); // The build failed: nothing is swapped in.
        assert_eq!(tree(&out), [pair("a/index.html", "two")]);
        write_from(&out, &[file("a/index.html", "three")], Tree::Spare).unwrap();
        assert_eq!(tree(&out), [pair("a/index.html", "three")]);
    }
}
