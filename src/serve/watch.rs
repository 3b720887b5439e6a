//! Watch: file system events under the site's inputs → one `Change` per
//! burst of saves.
//!
//! A save is usually one to five events within a millisecond (an in-place
//! write: modify, close; an atomic save: create a temporary file, write it,
//! rename it over), so `next_change` answers as soon as the inputs have been
//! quiet for SETTLE, a few milliseconds, not after a fixed delay. A file
//! written but not yet closed is waited for a little longer (UNCLOSED), so
//! a half-written file is rarely built. Whatever arrives while the build
//! runs waits in the channel, and the next call returns it at once: a burst
//! longer than SETTLE (a `git checkout`) costs at most one more rebuild, and
//! the last rebuild always starts after the last write, so it sees the final
//! content even when an earlier one caught a file half written.
//!
//! Plain `notify` is enough: the debouncer it replaced merged each file's
//! events on a 40 ms timer, which was most of the preview's delay.

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Folders of the site root that feed a build, watched recursively.
pub const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// Files of the site root that feed a build; seen through the root's own
/// (non-recursive) watch, which survives atomic saves, unlike a watch on the file.
pub const INPUT_FILES: [&str; 1] = ["site.yaml"];

/// How long the inputs must be quiet after an event before the rebuild
/// starts. The events of one save, or of a tool writing many files, come
/// well within this of each other.
const SETTLE: Duration = Duration::from_millis(3);
/// How long a file that was written but not yet closed is waited for after
/// the last event, before it is built as it is.
const UNCLOSED: Duration = Duration::from_millis(100);
/// A burst that never ends (a tool writing all the time) still gets rebuilt.
const LONGEST_BURST: Duration = Duration::from_secs(2);

/// What changed: input paths relative to the site root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    pub paths: BTreeSet<PathBuf>,
}

impl Change {
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

/// The burst being gathered: what changed, which files are still open for
/// writing, and when it started and last moved. Pure: `wait` says how much
/// longer to listen, given the time.
#[derive(Debug, Default)]
struct Burst {
    change: Change,
    /// Input files written (or created) whose close has not been seen yet.
    unclosed: BTreeSet<PathBuf>,
    first: Option<Instant>,
    last: Option<Instant>,
}

/// How long `next_change` listens for more events.
#[derive(Debug, PartialEq, Eq)]
enum Wait {
    /// Nothing changed yet: until something does.
    Forever,
    For(Duration),
    /// The burst is over: rebuild.
    Done,
}

impl Burst {
    /// Records one input path's event at `now`.
    fn note(&mut self, rel: PathBuf, kind: &EventKind, now: Instant) {
        match kind {
            EventKind::Modify(ModifyKind::Data(_)) | EventKind::Create(CreateKind::File) => {
                self.unclosed.insert(rel.clone());
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(RenameMode::From | RenameMode::Both)) => {
                self.unclosed.remove(&rel);
            }
            _ => {}
        }
        self.change.paths.insert(rel);
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    fn wait(&self, now: Instant) -> Wait {
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return Wait::Forever;
        };
        if now.duration_since(first) >= LONGEST_BURST {
            return Wait::Done;
        }
        let quiet = if self.unclosed.is_empty() {
            SETTLE
        } else {
            UNCLOSED
        };
        let until = (last + quiet).min(first + LONGEST_BURST);
        match until.checked_duration_since(now) {
            Some(left) if !left.is_zero() => Wait::For(left),
            _ => Wait::Done,
        }
    }
}

pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl Watcher {
    /// Starts watching `root` (canonical) and whichever input folders exist.
    pub fn new(root: &Path) -> Result<Watcher, String> {
        let (tx, events) = mpsc::channel();
        // Links are not followed into: one link to /usr cost 17,301 watches,
        // and what lies behind a link is not the site's to watch. An input
        // folder that is itself a link is still watched (its real folders).
        let config = notify::Config::default().with_follow_symlinks(false);
        let watcher = RecommendedWatcher::new(tx, config).map_err(|e| cannot_watch(root, &e))?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            watcher,
            events,
        };
        // The root itself, not recursively: site.yaml, and input folders that
        // appear (or are replaced) later.
        watcher
            .watcher
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
        let _ = self.watcher.unwatch(&path);
        if path.is_dir() {
            if let Err(e) = self.watcher.watch(&path, RecursiveMode::Recursive) {
                eprintln!(
                    "{}",
                    crate::t!(
                        "serve-watch-path-failed",
                        path = path.display().to_string(),
                        error = crate::support::i18n::error_text(&e)
                    )
                );
            }
        }
    }

    /// Blocks until inputs change, then returns everything that changed in
    /// that burst, including what changed while the last build ran. `None`
    /// when the watcher has stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        let mut burst = Burst::default();
        loop {
            let result = match burst.wait(Instant::now()) {
                Wait::Done => {
                    // What is already queued joins this build, however late
                    // this thread got to it.
                    while let Ok(result) = self.events.try_recv() {
                        self.absorb(result, &mut burst);
                    }
                    return Some(burst.change);
                }
                Wait::Forever => self.events.recv().ok()?,
                Wait::For(left) => match self.events.recv_timeout(left) {
                    Ok(result) => result,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
            };
            self.absorb(result, &mut burst);
        }
    }

    fn absorb(&mut self, result: notify::Result<Event>, burst: &mut Burst) {
        let now = Instant::now();
        let event = match result {
            Ok(event) => event,
            Err(e) => {
                eprintln!(
                    "{}",
                    crate::t!(
                        "serve-watch-error",
                        error = crate::support::i18n::error_text(&e)
                    )
                );
                return;
            }
        };
        if event.need_rescan() {
            // The kernel dropped events: we cannot know what changed, so
            // say "the site".
            burst.note(PathBuf::from("."), &event.kind, now);
            return;
        }
        if !is_change(&event.kind) {
            return;
        }
        let mut rewatch = BTreeSet::new();
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if let Some(dir) = top_input_dir(rel) {
                rewatch.insert(dir);
            }
            if is_input(rel) {
                burst.note(rel.to_path_buf(), &event.kind, now);
            }
        }
        for dir in rewatch {
            self.watch_input_dir(dir);
        }
    }
}

/// Reads (ours, while building) are not changes; writes, creations, removals,
/// renames and metadata changes (`touch`) are.
fn is_change(kind: &EventKind) -> bool {
    match kind {
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

/// Editors' temporary files: `support::junk::is_editor_junk` plus the few
/// that only matter to a watcher because they live for milliseconds.
fn is_junk(rel: &Path) -> bool {
    if crate::support::junk::is_editor_junk(rel) {
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
        || is_sed_temp(&name)
}

/// `sed -i`'s temporary file: `sed` and six letters or digits, no dot
/// (`sedGBgMWs`). A file a site would hold has an extension, or a longer
/// or shorter name.
fn is_sed_temp(name: &str) -> bool {
    name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
}

fn first_component(rel: &Path) -> Option<String> {
    match rel.components().next() {
        Some(Component::Normal(n)) => Some(n.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Why the site cannot be watched, for the terminal.
fn cannot_watch(root: &Path, error: &notify::Error) -> String {
    crate::t!(
        "serve-watch-failed",
        root = root.display().to_string(),
        error = crate::support::i18n::error_text(error)
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
            // Real files that look a little like an editor's.
            "content/informes/2024/01/sedes.md",
            "content/sedimentos.md",
            "content/informes/2024/01/sedGBgMWs.md",
            "static/sedGBgMWsX",
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
            "content/informes/2024/01/sedGBgMWs",
            "content/informes/2024/01/sed0a1B2c",
            "content/informes/2024/01/.index.md.swo",
            "content/informes/2024/01/index.md.tmp",
            "content/informes/2024/01/~$forme.docx",
            "content/informes/2024/01/.~lock.informe.docx#",
        ] {
            assert!(!is_input(Path::new(other)), "{other}");
        }
    }

    fn at(base: Instant, ms: u64) -> Instant {
        base + Duration::from_millis(ms)
    }

    #[test]
    fn a_lone_save_is_built_as_soon_as_it_settles() {
        let t0 = Instant::now();
        let mut burst = Burst::default();
        assert_eq!(burst.wait(t0), Wait::Forever);
        let report = PathBuf::from("content/a.md");
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        burst.note(report.clone(), &write, t0);
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        burst.note(report, &close, at(t0, 1));
        assert_eq!(burst.wait(at(t0, 1)), Wait::For(SETTLE));
        assert_eq!(burst.wait(at(t0, 1) + SETTLE), Wait::Done);
    }

    #[test]
    fn an_unclosed_file_is_waited_for_then_built_anyway() {
        let t0 = Instant::now();
        let mut burst = Burst::default();
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        burst.note(PathBuf::from("content/a.md"), &write, t0);
        assert_eq!(
            burst.wait(at(t0, 10)),
            Wait::For(UNCLOSED - at(t0, 10).duration_since(t0))
        );
        assert_eq!(burst.wait(t0 + UNCLOSED), Wait::Done);
    }

    #[test]
    fn an_atomic_save_settles_after_its_rename() {
        let t0 = Instant::now();
        let mut burst = Burst::default();
        let temp = PathBuf::from("content/.tmp123");
        let target = PathBuf::from("content/a.md");
        burst.note(temp.clone(), &EventKind::Create(CreateKind::File), t0);
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        burst.note(temp.clone(), &write, t0);
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        burst.note(temp.clone(), &close, at(t0, 1));
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        burst.note(temp, &from, at(t0, 1));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        burst.note(target.clone(), &to, at(t0, 1));
        assert_eq!(burst.wait(at(t0, 1) + SETTLE), Wait::Done);
        assert!(burst.change.paths.contains(&target));
    }

    #[test]
    fn a_burst_that_never_ends_is_built_anyway() {
        let t0 = Instant::now();
        let mut burst = Burst::default();
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let mut now = t0;
        while now < t0 + LONGEST_BURST {
            burst.note(PathBuf::from("content/a.md"), &write, now);
            assert_ne!(burst.wait(now), Wait::Done);
            now += Duration::from_millis(1);
        }
        assert_eq!(burst.wait(now), Wait::Done);
    }

    #[test]
    fn top_dirs() {
        assert_eq!(top_input_dir(Path::new("content")), Some("content"));
        assert_eq!(top_input_dir(Path::new("content/a.md")), None);
        assert_eq!(top_input_dir(Path::new("public")), None);
    }
}
