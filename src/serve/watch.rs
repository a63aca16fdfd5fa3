//! File events → rebuild requests.
//!
//! `content/` and `themes/` are watched with notify-debouncer-full, so an editor's
//! save-by-rename or a burst of changes arrives as one batch. Reads are not changes:
//! `Access` events are dropped (the build's own reads would otherwise trigger endless
//! rebuilds), except `Close(Write)`. Hidden files, editor backups and swap files are
//! ignored. `--poll` uses a polling watcher for file systems without inotify.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache};

/// How long the debouncer waits for quiet before reporting a batch.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// How often the polling watcher looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A batch of changes: the paths that changed, or `None` when events were lost and
/// everything must be looked at again.
pub type Batch = Option<Vec<PathBuf>>;

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    /// inotify (or the platform's native API).
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    /// Polling, for network and virtual file systems.
    Poll(Debouncer<notify::PollWatcher, NoCache>),
}

/// Watches the site under `root`, sending each relevant batch to `batches`.
pub fn watch(root: &Path, poll: bool, batches: Sender<Batch>) -> notify::Result<Watcher> {
    // Events name paths under the path watched: watch the absolute one so filtering is exact.
    let root = &std::fs::canonicalize(root)?;
    let filter_root = root.to_owned();
    let handler = move |result: DebounceEventResult| {
        let batch = match result {
            Ok(events) => relevant(&filter_root, &events).map(Some),
            Err(_) => Some(None),
        };
        if let Some(batch) = batch {
            // The rebuild loop has stopped: nothing left to tell.
            let _ = batches.send(batch);
        }
    };
    let mut watcher = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Watcher::Poll(notify_debouncer_full::new_debouncer_opt(DEBOUNCE, None, handler, NoCache, config)?)
    } else {
        Watcher::Native(notify_debouncer_full::new_debouncer(DEBOUNCE, None, handler)?)
    };
    watcher.watch(&root.join("content"), RecursiveMode::Recursive)?;
    // The root itself (not recursively), to notice `themes/` being created.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watcher.watch_themes(root);
    Ok(watcher)
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    /// Watches `themes/` if it exists (again after it was created; watching twice is harmless).
    pub fn watch_themes(&mut self, root: &Path) {
        let Ok(root) = std::fs::canonicalize(root) else { return };
        let themes = root.join("themes");
        if themes.is_dir() {
            // A failure only means theme edits are seen at the next content change.
            let _ = self.watch(&themes, RecursiveMode::Recursive);
        }
    }
}

/// The changed paths worth a rebuild, if any.
fn relevant(root: &Path, events: &[DebouncedEvent]) -> Option<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = events
        .iter()
        .filter(|event| is_change(&event.kind) || event.need_rescan())
        .flat_map(|event| event.paths.iter())
        .filter(|path| in_site(root, path) && !is_editor_noise(path))
        .cloned()
        .collect();
    if events.iter().any(|e| e.need_rescan()) {
        paths.push(root.join("content"));
    }
    paths.sort();
    paths.dedup();
    (!paths.is_empty()).then_some(paths)
}

/// Writes, creations, removals and renames; reads are not changes.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Under `content/` or `themes/` (the root's own events are about those two folders).
fn in_site(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    matches!(relative.components().next(), Some(c) if c.as_os_str() == "content" || c.as_os_str() == "themes")
}

/// What loading ignores too (hidden files, `x~` and `#x` backups, vim's swap files start
/// with a dot), and vim's `4913` probe, created and deleted at once.
fn is_editor_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else { return false };
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_not_changes_but_closing_a_written_file_is() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(notify::event::ModifyKind::Any)));
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in [".x.md.swp", "x.md~", "#x.md#", "4913", ".hidden"] {
            assert!(is_editor_noise(Path::new(name)), "{name}");
        }
        assert!(!is_editor_noise(Path::new("content/modules/x.md")));
    }

    #[test]
    fn only_content_and_themes_are_watched() {
        let root = Path::new("/site");
        assert!(in_site(root, Path::new("/site/content/modules/x.md")));
        assert!(in_site(root, Path::new("/site/themes/default/templates/base.html")));
        assert!(!in_site(root, Path::new("/site/public/index.html")));
        assert!(!in_site(root, Path::new("/elsewhere/content/x.md")));
    }
}
