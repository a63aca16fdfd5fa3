//! The spare tree of cached builds ([`super::Tree::Spare`]): the output before last, kept
//! beside the output after a cached build's swap instead of removed, and made into the next
//! cached build's staging folder by changing only what differs.
//!
//! Creating a staging tree of 10,000 folders and removing the previous one of as many was
//! half of a cached 10k build (docs/performance.md, "The build cache"). The spare tree is
//! trusted for nothing: a file is kept only when it is the very file the published output
//! holds at that path (same device and inode: a hard link made by an earlier build), and
//! anything else is removed and written again. A file is never changed in place, since it
//! may be a link to a published file; it is unlinked and replaced. Entries the new site does
//! not have are removed before the swap ([`prune`]).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Whether `a` and `b` are the same file (not following symbolic links).
#[cfg(unix)]
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Without inodes nothing is known to be the same file: everything is written again.
#[cfg(not(unix))]
pub(super) fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Removes whatever is at `path` (a file, a link or a folder with its contents), if anything.
pub(super) fn clear(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => super::remove_tree(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `folder` under `root` and its missing parents, removing any file in the way.
pub(super) fn make_folder(root: &Path, folder: &Path) -> io::Result<()> {
    if std::fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    let mut path = root.to_owned();
    for part in folder.strip_prefix(root).map_err(|_| io::Error::other("outside the staging folder"))?.components() {
        path.push(part);
        if !std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            clear(&path)?;
            std::fs::create_dir(&path)?;
        }
    }
    Ok(())
}

/// Removes from the tree at `root` every entry that is neither one of `files` nor one of
/// `folders` (the new site's), without following symbolic links. Folders are read in
/// parallel: reading the 10,000 folders of a 10k site one after the other was most of a
/// cached build's swap.
pub(super) fn prune(root: &Path, files: &HashSet<PathBuf>, folders: &HashSet<PathBuf>) -> io::Result<()> {
    let entries = std::fs::read_dir(root).and_then(Iterator::collect::<io::Result<Vec<_>>>).map_err(at(root))?;
    entries.into_par_iter().try_for_each(|entry| {
        let path = entry.path();
        // The entry's own type, as the folder lists it: a symbolic link is not followed.
        let is_dir = entry.file_type().map_err(at(&path))?.is_dir();
        if is_dir && folders.contains(&path) {
            prune(&path, files, folders)
        } else if !is_dir && files.contains(&path) {
            Ok(())
        } else {
            clear(&path).map_err(at(&path))
        }
    })
}

/// An error that names the entry it happened at (the caller names only the staging folder).
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
