//! The staging folder: where a build puts its files, each compared with
//! what the folder held after the build before last (its manifest), before
//! [`Staging::publish`] swaps it in as the output.

mod listing;

use super::files::{copy_entry, same_bytes, same_file_bytes, write_file};
use super::manifest::{Manifest, Stamp};
use super::{Names, create_parent, foreign_in, manifest_key};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Output, OutputPath, Sink};
use crate::problem;
use listing::{Listed, Listing, list};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    names: Names,
    /// Files and folders in the staging folder when the build started.
    /// Files by manifest key (`a/b.html`), with their stamps: looked up
    /// once per file put, instead of a `stat`.
    existing_files: FxHashMap<String, Listed>,
    existing_dirs: HashSet<PathBuf>,
    /// Files of the published folder faro did not write: carried into the
    /// new site by `finish`.
    foreign: Vec<PathBuf>,
    /// Folders known to exist now: the existing ones plus those created since.
    dirs: Mutex<HashSet<PathBuf>>,
    /// What the build that last wrote the staging folder knew of its files.
    previous: Manifest,
    /// What the build that published the output knew of its files: a file
    /// made from the same source there is copied, not made again; and what
    /// this build changes is told against it (see [`Staging::changed`]).
    published_manifest: Manifest,
    /// What this build knows of the files it has put so far.
    current: Mutex<Manifest>,
    /// A write into the staging folder failed (disk full, …): a build that
    /// does not publish then removes the folder rather than leave it half
    /// written and holding the space.
    write_failed: AtomicBool,
    is_published: bool,
}

impl Staging {
    /// Opens (or creates) the staging folder next to the resolved output
    /// folder `target` (see [`check_output`]; take [`lock_output`] first)
    /// and lists what it holds. Refuses a non-empty `target` faro did not
    /// build, unless `takeover`.
    pub fn new(target: &Path, takeover: bool) -> Result<Staging, Diagnostics> {
        create_parent(target)?;
        let names = Names::of(target);
        // A build killed between the renames of `publish` leaves the site here.
        if names.prev.exists() {
            if target.exists() {
                let _ = std::fs::remove_dir_all(&names.prev);
            } else {
                let _ = std::fs::rename(&names.prev, target);
            }
        }
        let dir = names.next.clone();
        // The two folders are read side by side: each is a manifest to
        // parse and thousands of entries to list.
        let ((published, foreign), (previous, existing)) = rayon::join(
            || {
                let published = Manifest::read(&names.manifest);
                let foreign = foreign_in(target, &names, &published, takeover);
                (published, foreign)
            },
            || {
                let previous = Manifest::read(&names.next_manifest);
                let is_folder = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
                (
                    previous,
                    if is_folder {
                        list(&dir)
                    } else {
                        Listing::default()
                    },
                )
            },
        );
        let foreign = foreign?;
        // Read, then removed until `finish` writes it again: a build that
        // fails or is killed midway cannot leave a manifest that describes
        // files it has since changed.
        let _ = std::fs::remove_file(&names.next_manifest);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostics::from(problem!(
                "write-create-staging",
                &dir,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        Ok(Staging {
            previous,
            published_manifest: published,
            names,
            current: Mutex::default(),
            dirs: Mutex::new(existing.dirs.clone()),
            existing_files: existing.files,
            existing_dirs: existing.dirs,
            foreign,
            dir,
            target: target.to_path_buf(),
            write_failed: AtomicBool::new(false),
            is_published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Leaves the staging folder holding exactly the files `put` so far (their
    /// `paths`), the files listed in `keep` (written there by other steps,
    /// e.g. photos) and the published folder's foreign files: every other
    /// file is deleted, and so are emptied folders. Then writes the
    /// manifest, the record of which files are faro's. Returns the foreign
    /// files moved aside because the site needs their paths.
    pub fn finish(
        &self,
        paths: &[OutputPath],
        keep: &HashSet<PathBuf>,
    ) -> Result<Vec<PathBuf>, Diagnostics> {
        let wanted: FxHashSet<&str> = paths.iter().map(OutputPath::as_str).collect();
        let kept: FxHashSet<String> = keep.iter().map(|p| manifest_key(p)).collect();
        let ours = |f: &str| wanted.contains(f) || kept.contains(f);
        // Deleting is best-effort: a file that cannot be deleted stays,
        // unlinked from every page.
        self.existing_files
            .par_iter()
            .map(|(f, _)| f)
            .filter(|f| !ours(f))
            .for_each(|f| {
                let _ = std::fs::remove_file(self.dir.join(f));
            });
        let mut moved_aside = Vec::new();
        for rel in &self.foreign {
            if ours(&manifest_key(rel)) {
                moved_aside.push(self.keep_aside(rel)?);
            } else {
                self.carry(rel)?;
            }
        }
        let mut stale_dirs: Vec<&PathBuf> = self.existing_dirs.iter().collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in stale_dirs {
            // Fails, harmlessly, on folders that still hold files.
            let _ = std::fs::remove_dir(self.dir.join(d));
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        for photo in keep {
            if let Ok(meta) = std::fs::symlink_metadata(self.dir.join(photo)) {
                // No hash: a photo's bytes are compared by the photo step.
                let entry = (Stamp::of(&meta), 0);
                current.entries.insert(manifest_key(photo), entry);
            }
        }
        current.write(&self.names.next_manifest).map_err(|e| {
            self.failed(problem!(
                "write-cannot-write",
                &self.names.next_manifest,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        Ok(moved_aside)
    }

    /// The output files this build adds, changes or removes compared with
    /// the published folder, sorted, as `/`-separated paths
    /// (`informes/2024/01/index.html`): what `faro serve` tells open pages.
    /// Call after [`Staging::finish`]. Without a manifest of the published
    /// folder, every file counts.
    pub fn changed(&self) -> Vec<String> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        changed_files(&self.published_manifest.owned, &current.entries)
    }

    /// Copies a foreign file of the published folder into the new site.
    fn carry(&self, rel: &Path) -> Result<(), Diagnostics> {
        let to = self.dir.join(rel);
        self.ensure_parent(rel)?;
        if std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(&to);
        }
        copy_entry(&self.target.join(rel), &to).map_err(|e| {
            self.failed(problem!(
                "write-cannot-copy",
                &to,
                0,
                0,
                error = e.to_string()
            ))
        })
    }

    /// Copies a foreign file whose path the site needs into the kept-aside
    /// folder, under a name no earlier copy took; returns where it went.
    fn keep_aside(&self, rel: &Path) -> Result<PathBuf, Diagnostics> {
        let from = self.target.join(rel);
        let mut to = self.names.kept.join(rel);
        let mut n = 1;
        while std::fs::symlink_metadata(&to).is_ok() {
            if same_file_bytes(&from, &to) {
                return Ok(to);
            }
            n += 1;
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            to = self
                .names
                .kept
                .join(rel)
                .with_file_name(format!("{name}.{n}"));
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostics::from(problem!(
                    "write-create-folder",
                    parent,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        copy_entry(&from, &to).map_err(|e| {
            Diagnostics::from(problem!(
                "write-keep-aside",
                &to,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        Ok(to)
    }

    /// Swaps the staging folder in as the target; the previous site becomes
    /// the staging folder of the next build, and the manifests swap with them.
    pub fn publish(mut self) -> Result<(), Diagnostics> {
        let names = &self.names;
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &names.prev).map_err(|e| {
                Diagnostics::from(problem!(
                    "write-move-previous",
                    &self.target,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&names.prev, &self.target);
            }
            return Err(Diagnostics::from(problem!(
                "write-move-new",
                &self.target,
                0,
                0,
                error = e.to_string()
            )));
        }
        if had_target {
            let _ = std::fs::rename(&names.prev, &self.dir);
        }
        // A kill in here leaves a manifest beside the wrong folder; its
        // entries then fail to match (inodes differ) and cost only speed.
        let _ = std::fs::rename(&names.manifest, &names.prev_manifest);
        let _ = std::fs::rename(&names.next_manifest, &names.manifest);
        let _ = std::fs::rename(&names.prev_manifest, &names.next_manifest);
        self.is_published = true;
        Ok(())
    }

    fn ensure_parent(&self, rel: &Path) -> Result<(), Diagnostics> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(());
        };
        if self
            .dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(parent)
        {
            return Ok(());
        }
        let full = self.dir.join(parent);
        if std::fs::create_dir_all(&full).is_err() {
            // A file from an older build where this build needs a folder:
            // everything in the staging folder is ours to replace.
            let mut at = self.dir.clone();
            for part in parent.components() {
                at.push(part);
                if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    let _ = std::fs::remove_file(&at);
                }
            }
            std::fs::create_dir_all(&full).map_err(|e| {
                self.failed(problem!(
                    "write-create-folder",
                    &full,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        self.dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(parent.to_path_buf());
        Ok(())
    }

    /// Notes that a write failed, for [`Drop`], and says so.
    fn failed(&self, problem: Diagnostic) -> Diagnostics {
        self.write_failed.store(true, Ordering::Relaxed);
        problem.into()
    }
}

impl Drop for Staging {
    /// A build that failed to write (a full disk, most often) gives back the
    /// space its half-written staging folder holds, so that the next build
    /// neither needs more room than a first build nor reuses a torn file.
    fn drop(&mut self) {
        if !self.is_published && self.write_failed.load(Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::remove_file(&self.names.next_manifest);
        }
    }
}

impl Sink for Staging {
    /// Writes `output` into the staging folder, unless the file there already
    /// holds its bytes.
    fn put(&self, output: Output) -> Result<(), Diagnostics> {
        let rel = output.path.to_path();
        let rel = rel.as_path();
        let full = output.path.join_under(&self.dir);
        let hash = xxhash_rust::xxh3::xxh3_64(&output.bytes);
        let found = self.found(&output.path);
        let kept = found.map(|f| f.stamp).filter(|stamp| {
            self.previous.entries.get(output.path.as_str()) == Some(&(*stamp, hash))
                || (stamp.len == output.bytes.len() as u64 && same_bytes(&full, &output.bytes))
        });
        let stamp = match kept {
            Some(stamp) => stamp,
            None => self.write_at(rel, &full, found.as_ref(), &output.bytes)?,
        };
        self.record(&output.path, stamp, hash);
        Ok(())
    }
}

impl Staging {
    /// The length and hash of the bytes this build put at `path`, if it put
    /// a file there.
    pub fn put_file(&self, path: &OutputPath) -> Option<(u64, u64)> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .get(path.as_str())
            .map(|(stamp, hash)| (stamp.len, *hash))
    }

    /// Puts a file made from another file of the site (a compressed copy).
    /// `key` stands for its source's bytes and how it is made, and is what
    /// the manifest records for it. When the staging folder, or else the
    /// published folder, already holds the file made from the same key,
    /// untouched since (by their manifests), it is kept or copied and
    /// `make` is not run: making it is the slow part.
    pub fn put_derived(
        &self,
        path: &OutputPath,
        key: u64,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostics>,
    ) -> Result<(), Diagnostics> {
        let rel = path.to_path();
        let full = path.join_under(&self.dir);
        let found = self.found(path);
        let current = |manifest: &Manifest, stamp: Stamp| {
            manifest.entries.get(path.as_str()) == Some(&(stamp, key))
        };
        if let Some(listed) = found.filter(|f| current(&self.previous, f.stamp)) {
            self.record(path, listed.stamp, key);
            return Ok(());
        }
        let published = path.join_under(&self.target);
        let bytes = match std::fs::symlink_metadata(&published) {
            Ok(meta) if meta.is_file() && current(&self.published_manifest, Stamp::of(&meta)) => {
                match std::fs::read(&published) {
                    Ok(bytes) => bytes,
                    Err(_) => make()?,
                }
            }
            _ => make()?,
        };
        let stamp = self.write_at(&rel, &full, found.as_ref(), &bytes)?;
        self.record(path, stamp, key);
        Ok(())
    }

    /// Keeps the file the staging folder holds at `path` when its manifest
    /// lists it with `hash` and it is untouched since (a `stat`), or else
    /// copies it from the published folder when that one is (a copy costs
    /// less than rendering again); notes it as put by this build. False
    /// when it has to be made again.
    pub fn keep(&self, path: &OutputPath, hash: u64) -> bool {
        let full = path.join_under(&self.dir);
        let found = self.found(path);
        if let Some(listed) = &found {
            let stamp = listed.stamp;
            if listed.is_file && self.previous.entries.get(path.as_str()) == Some(&(stamp, hash)) {
                self.record(path, stamp, hash);
                return true;
            }
        }
        let Some(bytes) = self.published_bytes(path, hash) else {
            return false;
        };
        match self.write_at(&path.to_path(), &full, found.as_ref(), &bytes) {
            Ok(stamp) => {
                self.record(path, stamp, hash);
                true
            }
            Err(_) => false,
        }
    }

    /// The bytes of the published file at `path` if its manifest lists it
    /// with `hash`, untouched since, and they still hash to it.
    fn published_bytes(&self, path: &OutputPath, hash: u64) -> Option<Vec<u8>> {
        let (stamp, listed) = self.published_manifest.entries.get(path.as_str())?;
        let published = path.join_under(&self.target);
        let meta = std::fs::symlink_metadata(&published).ok()?;
        if *listed != hash || !meta.is_file() || Stamp::of(&meta) != *stamp {
            return None;
        }
        let bytes = std::fs::read(&published).ok()?;
        (xxhash_rust::xxh3::xxh3_64(&bytes) == hash).then_some(bytes)
    }

    /// What the staging folder holds at `path` now: the file this build
    /// put there, else the one the listing found when it started.
    fn found(&self, path: &OutputPath) -> Option<Listed> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        match current.entries.get(path.as_str()) {
            Some((stamp, _)) => Some(Listed {
                stamp: *stamp,
                is_file: true,
                links: 1,
            }),
            None => self.existing_files.get(path.as_str()).copied(),
        }
    }

    /// Notes in this build's manifest what the file at `path` looks like.
    fn record(&self, path: &OutputPath, stamp: Stamp, hash: u64) {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .insert(path.as_str().to_string(), (stamp, hash));
    }

    /// Writes `bytes` at `full` (`rel` in the staging folder), replacing what
    /// `found` there; returns the stamp the write left.
    fn write_at(
        &self,
        rel: &Path,
        full: &Path,
        found: Option<&Listed>,
        bytes: &[u8],
    ) -> Result<Stamp, Diagnostics> {
        self.ensure_parent(rel)?;
        // A file also linked elsewhere is not rewritten in place: the
        // other name would change with it.
        if found.is_some_and(|f| f.is_file && f.links > 1) {
            let _ = std::fs::remove_file(full);
        }
        write_file(full, bytes)
            .or_else(|e| {
                // A folder from an older build where this build needs a file.
                if !std::fs::symlink_metadata(full).is_ok_and(|m| m.is_dir()) {
                    return Err(e);
                }
                std::fs::remove_dir_all(full)?;
                write_file(full, bytes)
            })
            .map_err(|e| {
                // Never leave a torn file behind.
                let _ = std::fs::remove_file(full);
                self.failed(problem!(
                    "write-cannot-write",
                    full,
                    0,
                    0,
                    error = e.to_string()
                ))
            })
    }
}

/// The paths whose content differs between `before` and `after`, or that
/// only one of them lists, sorted.
fn changed_files(
    before: &FxHashMap<String, (Stamp, u64)>,
    after: &FxHashMap<String, (Stamp, u64)>,
) -> Vec<String> {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, entry)| !before.get(*path).is_some_and(|b| same_content(b, entry)))
        .map(|(path, _)| path.clone())
        .chain(
            before
                .keys()
                .filter(|path| !after.contains_key(*path))
                .cloned(),
        )
        .collect();
    changed.sort_unstable();
    changed
}

/// Whether two manifest entries of one path describe the same bytes. Files
/// are told by their hash; photos have none (0) but are copies that keep
/// their cache file's length and time, which change with the photo.
fn same_content(a: &(Stamp, u64), b: &(Stamp, u64)) -> bool {
    match (a.1, b.1) {
        (0, 0) => a.0.len == b.0.len && a.0.modified_ns == b.0.modified_ns,
        (x, y) => x == y,
    }
}
