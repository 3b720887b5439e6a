//! Watch: file system events under the site's inputs → one `Change` per
//! burst of saves.
//!
//! The debouncer merges the events of one file (an editor's atomic save is
//! several), but it releases each file on its own timer, so a `git checkout`
//! of fifty files arrives as a few batches one tick apart; `next_change`
//! gathers those into one change, hence one rebuild.

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer_opt,
};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Folders of the site root that feed a build, watched recursively.
pub const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// Files of the site root that feed a build; seen through the root's own
/// (non-recursive) watch, which survives atomic saves, unlike a watch on the file.
pub const INPUT_FILES: [&str; 1] = ["site.yaml"];

/// How long a file must be quiet before its events are released. An
/// editor's save (temp file, rename, backup) takes a millisecond or two.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// How often the debouncer releases events.
const TICK: Duration = Duration::from_millis(10);
/// How long after the last batch a burst is considered over: more than two
/// ticks, so the batches of one burst, a tick apart, are never split. With
/// DEBOUNCE this is the whole wait between a save and its rebuild.
const QUIET: Duration = Duration::from_millis(25);
/// A burst that never ends (a tool writing all the time) still gets rebuilt.
const LONGEST_BURST: Duration = Duration::from_secs(2);

/// What changed: input paths relative to the site root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    pub paths: BTreeSet<PathBuf>,
}

impl Change {
    /// True when only stylesheets of the theme or site changed, which pages
    /// can pick up without reloading.
    pub fn css_only(&self) -> bool {
        !self.paths.is_empty()
            && self.paths.iter().all(|p| {
                p.extension().is_some_and(|e| e == "css")
                    && matches!(first_component(p).as_deref(), Some("themes" | "static"))
            })
    }

    /// A short description for the terminal.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = self
            .paths
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        if self.paths.len() > 3 {
            names.push(crate::t!("serve-change-more", count = self.paths.len() - 3));
        }
        names.join(", ")
    }
}

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Starts watching `root` (canonical) and whichever input folders exist.
    pub fn new(root: &Path) -> Result<Watcher, String> {
        let (tx, events) = mpsc::channel();
        // Links are not followed into: one link to /usr cost 17,301 watches,
        // and what lies behind a link is not the site's to watch. An input
        // folder that is itself a link is still watched (its real folders).
        let config = notify::Config::default().with_follow_symlinks(false);
        let debouncer = new_debouncer_opt(
            DEBOUNCE,
            Some(TICK),
            move |result| {
                // The receiver only goes away when serve stops.
                let _ = tx.send(result);
            },
            RecommendedCache::new(),
            config,
        )
        .map_err(|e| cannot_watch(root, &e))?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
        };
        // The root itself, not recursively: site.yaml, and input folders that
        // appear (or are replaced) later.
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| cannot_watch(root, &e))?;
        for dir in INPUT_DIRS {
            watcher.watch_input_dir(dir);
        }
        Ok(watcher)
    }

    /// (Re)starts the recursive watch on an input folder, if it exists now.
    /// Watching again after a folder was deleted and recreated, or renamed
    /// into place, is what keeps the preview alive through such moves.
    fn watch_input_dir(&mut self, dir: &str) {
        let path = self.root.join(dir);
        let _ = self.debouncer.unwatch(&path);
        if path.is_dir() {
            if let Err(e) = self.debouncer.watch(&path, RecursiveMode::Recursive) {
                eprintln!(
                    "{}",
                    crate::t!(
                        "serve-watch-path-failed",
                        path = path.display().to_string(),
                        error = e.to_string()
                    )
                );
            }
        }
    }

    /// Blocks until inputs change, then returns everything that changed in
    /// that burst. `None` when the watcher has stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        loop {
            let first = self.events.recv().ok()?;
            let mut change = Change::default();
            self.absorb(first, &mut change);
            let started = Instant::now();
            while started.elapsed() < LONGEST_BURST {
                match self.events.recv_timeout(QUIET) {
                    Ok(more) => self.absorb(more, &mut change),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !change.paths.is_empty() {
                return Some(change);
            }
        }
    }

    fn absorb(&mut self, result: DebounceEventResult, change: &mut Change) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("{}", crate::t!("serve-watch-error", error = e.to_string()));
                }
                return;
            }
        };
        let mut rewatch = BTreeSet::new();
        for event in events {
            if event.need_rescan() {
                // The kernel dropped events: we cannot know what changed,
                // so say "the site" (not CSS, so pages reload).
                change.paths.insert(PathBuf::from("."));
                continue;
            }
            if !is_change(&event) {
                continue;
            }
            for path in &event.paths {
                let Ok(rel) = path.strip_prefix(&self.root) else {
                    continue;
                };
                if let Some(dir) = top_input_dir(rel) {
                    rewatch.insert(dir);
                }
                if is_input(rel) {
                    change.paths.insert(rel.to_path_buf());
                }
            }
        }
        for dir in rewatch {
            self.watch_input_dir(dir);
        }
    }
}

/// Reads (ours, while building) are not changes; writes, creations, removals,
/// renames and metadata changes (`touch`) are.
fn is_change(event: &DebouncedEvent) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The input folder `rel` is, when it is one itself (not something inside it).
fn top_input_dir(rel: &Path) -> Option<&'static str> {
    let mut components = rel.components();
    let name = match (components.next(), components.next()) {
        (Some(Component::Normal(name)), None) => name.to_str()?,
        _ => return None,
    };
    INPUT_DIRS.into_iter().find(|d| *d == name)
}

/// True for paths (relative to the root) that a build reads: inside an input
/// folder or an input file, and not an editor's scratch file or VCS data.
pub fn is_input(rel: &Path) -> bool {
    let Some(first) = first_component(rel) else {
        return false;
    };
    let wanted = if rel.components().count() == 1 {
        INPUT_FILES.contains(&first.as_str()) || INPUT_DIRS.contains(&first.as_str())
    } else {
        INPUT_DIRS.contains(&first.as_str())
    };
    wanted
        && !is_junk(rel)
        && !rel
            .components()
            .any(|c| matches!(c, Component::Normal(n) if n == ".git" || n == ".faro-cache"))
}

/// Editors' temporary files: `theme::is_editor_junk` plus the few that only
/// matter to a watcher because they live for milliseconds.
fn is_junk(rel: &Path) -> bool {
    if crate::theme::is_editor_junk(rel) {
        return true;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name == "4913" // vim checks that it may write in the folder with this file
        || name.starts_with(".goutputstream-") // GNOME's atomic save
        || name.ends_with(".kate-swp")
        || name.ends_with(".crswap") // browsers' File System Access API
}

fn first_component(rel: &Path) -> Option<String> {
    match rel.components().next() {
        Some(Component::Normal(n)) => Some(n.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Why the site cannot be watched, for the terminal.
fn cannot_watch(root: &Path, error: &dyn std::fmt::Display) -> String {
    crate::t!(
        "serve-watch-failed",
        root = root.display().to_string(),
        error = error.to_string()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_and_junk() {
        for input in [
            "site.yaml",
            "content",
            "content/informes/2024/01/index.md",
            "content/informes/2024/01/foto.jpg",
            "themes/igm/templates/base.html",
            "templates/report.html",
            "static/css/extra.css",
        ] {
            assert!(is_input(Path::new(input)), "{input}");
        }
        for other in [
            "public/index.html",
            ".faro-cache/serve/public/index.html",
            ".git/index",
            "README.md",
            "site.yaml~",
            ".site.yaml.swp",
            "content/informes/2024/01/.index.md.swp",
            "content/informes/2024/01/index.md~",
            "content/informes/2024/01/index.md.bck",
            "content/informes/2024/01/index.md___jb_tmp___",
            "content/informes/2024/01/.#index.md",
            "content/informes/2024/01/4913",
            "content/.goutputstream-ABC123",
            "themes/igm/.git/HEAD",
        ] {
            assert!(!is_input(Path::new(other)), "{other}");
        }
    }

    #[test]
    fn css_only() {
        let change = |paths: &[&str]| Change {
            paths: paths.iter().map(PathBuf::from).collect(),
        };
        assert!(change(&["themes/igm/static/css/style.css"]).css_only());
        assert!(change(&["static/css/a.css", "static/b.css"]).css_only());
        assert!(!change(&["static/css/a.css", "content/_index.md"]).css_only());
        assert!(!change(&["content/informes/2024/01/notes.css"]).css_only());
        assert!(!change(&["static"]).css_only());
        assert!(!change(&[]).css_only());
    }

    #[test]
    fn top_dirs() {
        assert_eq!(top_input_dir(Path::new("content")), Some("content"));
        assert_eq!(top_input_dir(Path::new("content/a.md")), None);
        assert_eq!(top_input_dir(Path::new("public")), None);
    }
}
