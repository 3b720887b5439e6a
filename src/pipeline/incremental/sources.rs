//! The content files as last read, and which of them a save changed.
//!
//! Every report and page file is kept parsed between saves; an update
//! re-lists `content/` (new and vanished files) and re-reads a file when the
//! watcher named it, or a folder it is in, or a file beside a report (its
//! photos, its original document), or when its size, time or inode changed:
//! the last catches a save the watcher's paths did not name.

use crate::load::{self, Loaded};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&meta),
        })
    }
}

/// A content file as last read; a report's hash (`render::report_hash`)
/// is taken once, when it is read.
struct Entry {
    stamp: Option<Stamp>,
    loaded: Loaded,
    report_hash: Option<u64>,
    /// The [`Sources::generation`] it was read in.
    read_in: u64,
}

impl Entry {
    fn read(root: &Path, path: &Path, generation: u64) -> Entry {
        let stamp = Stamp::of(path);
        let loaded = load::read_file(root, path);
        let report_hash = loaded.report().map(crate::render::report_hash);
        Entry {
            stamp,
            loaded,
            report_hash,
            read_in: generation,
        }
    }
}

/// The parsed content files, by absolute path.
pub(super) struct Sources {
    /// A fast hasher: every update looks up each report's file.
    files: FxHashMap<PathBuf, Entry>,
    /// The last listing of `content/`: a save of a file already known
    /// needs no new one.
    scan: load::Scan,
    /// The definition files the archive was built with: any change to them
    /// (or to their list) takes a full rebuild.
    definitions: Vec<PathBuf>,
    /// How many refreshes there have been: each file records the one it was
    /// read in, so the preview can tell which reports are as it last used them.
    generation: u64,
}

/// What [`Sources::refresh`] found.
pub(super) struct Refreshed {
    pub(super) scan: load::Scan,
    /// Something other than a Markdown file changed (a photo, an original
    /// document, a folder): photos are processed again.
    pub(super) other_files: bool,
}

impl Sources {
    /// Reads every file of `root/content` (after a full build).
    pub(super) fn read_all(root: &Path) -> Sources {
        let scan = load::scan(root);
        let files = scan
            .files
            .par_iter()
            .map(|f| (f.clone(), Entry::read(root, f, 0)))
            .collect();
        Sources {
            files,
            definitions: scan.definitions.clone(),
            scan,
            generation: 0,
        }
    }

    /// Re-lists `content/` and re-reads what changed; `changed` are the
    /// watcher's paths, relative to `root`. `None` when a definition file
    /// changed: a full rebuild is needed.
    pub(super) fn refresh(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Refreshed> {
        let changed: Vec<PathBuf> = changed.iter().map(|p| root.join(p)).collect();
        let definitions = root.join("content").join("indicadores");
        if changed.iter().any(|p| p.starts_with(&definitions)) {
            return None;
        }
        // Saves of Markdown files already known, still there: the listing
        // stands, and those files are all there is to read again.
        let known_saves = changed.iter().all(|p| {
            p.extension().is_some_and(|x| x == "md") && self.files.contains_key(p) && p.is_file()
        });
        let dirty: Vec<PathBuf> = if known_saves {
            changed.clone()
        } else {
            let scan = load::scan(root);
            if scan.definitions != self.definitions {
                return None;
            }
            self.scan = scan;
            self.scan
                .files
                .iter()
                .filter(|f| match self.files.get(*f) {
                    None => true,
                    Some(entry) => entry.stamp != Stamp::of(f) || named(f, &changed),
                })
                .cloned()
                .collect()
        };
        self.generation += 1;
        let generation = self.generation;
        let read: Vec<(PathBuf, Entry)> = dirty
            .par_iter()
            .map(|f| (f.clone(), Entry::read(root, f, generation)))
            .collect();
        self.files.extend(read);
        let listed: std::collections::HashSet<&PathBuf> = self.scan.files.iter().collect();
        self.files.retain(|f, _| listed.contains(f));
        let other_files = changed
            .iter()
            .any(|p| p.extension().is_none_or(|x| x != "md"));
        Some(Refreshed {
            scan: self.scan.clone(),
            other_files,
        })
    }

    /// The files in `scan`'s order, as last read.
    pub(super) fn in_order<'a>(&'a self, scan: &'a load::Scan) -> impl Iterator<Item = &'a Loaded> {
        scan.files
            .iter()
            .filter_map(|f| self.files.get(f).map(|e| &e.loaded))
    }

    /// The current generation: the number of the last refresh.
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// True when the file of `source` (relative to `root`) is still the one
    /// read by generation `generation` or before: not read again since.
    pub(super) fn unchanged_since(&self, root: &Path, source: &Path, generation: u64) -> bool {
        self.files
            .get(&root.join(source))
            .is_some_and(|e| e.read_in <= generation)
    }

    /// The hash of each of `reports` (`render::report_hash`), taken when read.
    pub(super) fn report_hashes(
        &self,
        root: &Path,
        reports: &[crate::load::model::Report],
    ) -> Vec<u64> {
        reports
            .iter()
            .map(|r| {
                self.files
                    .get(&root.join(&r.source))
                    .and_then(|e| e.report_hash)
                    .unwrap_or_else(|| crate::render::report_hash(r))
            })
            .collect()
    }
}

/// True when the watcher named `file`, a folder it is in, or (for a
/// report's `index.md`) anything in the report's folder.
fn named(file: &Path, changed: &[PathBuf]) -> bool {
    let folder = file
        .parent()
        .filter(|_| file.file_name().is_some_and(|n| n == "index.md"));
    changed
        .iter()
        .any(|p| file.starts_with(p) || folder.is_some_and(|d| p.starts_with(d)))
}
