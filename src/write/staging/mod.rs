//! The staging folder: where a build puts its files, each compared with
//! what the folder held after the build before last (its manifest), before
//! [`Staging::publish`] swaps it in as the output.
//!
//! `listing` reads what the folder holds when a build starts, `reuse`
//! keeps files a build need not make again, `finish` leaves the folder
//! holding exactly the new site, `swap` publishes it.

mod finish;
mod listing;
mod reuse;
mod swap;

use super::files::{same_bytes, write_file};
use super::manifest::{Manifest, Stamp};
use super::nofollow::{OnLink, create_dirs};
use super::{Names, create_parent, foreign_in};
use crate::problem;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::write::output::{Output, OutputPath, Sink};
use listing::{Listed, Listing, list};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    names: Names,
    /// Files in the staging folder when the build started, by manifest
    /// key (`a/b.html`), with their stamps: looked up once per file put,
    /// instead of a `stat`.
    existing_files: FxHashMap<String, Listed>,
    /// The folders in it then that held nothing.
    empty_dirs: Vec<PathBuf>,
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
    /// folder `target` (see [`super::check_output`]; take [`super::lock_output`] first)
    /// and lists what it holds. Refuses a non-empty `target` faro did not
    /// build, unless `takeover`.
    pub fn new(target: &Path, takeover: bool) -> Result<Staging, Diagnostics> {
        create_parent(target)?;
        let names = Names::of(target);
        // A build killed between the renames of `publish` leaves the site here.
        // (Only a real folder: a link there is removed, not made the site.)
        if let Ok(prev) = std::fs::symlink_metadata(&names.prev) {
            if !prev.is_dir() {
                let _ = std::fs::remove_file(&names.prev);
            } else if target.exists() {
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
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        // About as many files as the last build put.
        let current = Manifest::with_capacity(previous.owned.len());
        Ok(Staging {
            previous,
            published_manifest: published,
            names,
            current: Mutex::new(current),
            dirs: Mutex::new(existing.dirs),
            existing_files: existing.files,
            empty_dirs: existing.empty_dirs,
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
        // A file from an older build where this build needs a folder, or a
        // link (a link planted in the output comes back here with the
        // swap): everything in the staging folder is ours to replace, and
        // a link's target is not ours to write into.
        create_dirs(&self.dir, parent, OnLink::Replace).map_err(|e| {
            self.failed(problem!(
                "write-create-folder",
                &self.dir.join(parent),
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
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
        // Only a regular file is kept: a link there is replaced, its
        // target neither kept as ours nor written.
        let kept = found
            .filter(|f| f.is_file)
            .map(|f| f.stamp)
            .filter(|stamp| {
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

    /// [`Staging::put_file`] of each of `paths`, in one lock.
    pub fn put_files(&self, paths: &[OutputPath]) -> Vec<Option<(u64, u64)>> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        paths
            .iter()
            .map(|path| {
                current
                    .entries
                    .get(path.as_str())
                    .map(|(stamp, hash)| (stamp.len, *hash))
            })
            .collect()
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
        // other name would change with it. (A symbolic link is replaced
        // by `write_file`, never written through.)
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
                    error = crate::support::i18n::error_text(&e)
                ))
            })
    }
}
