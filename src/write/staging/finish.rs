//! Finishing a build in the staging folder: what is not the site's any
//! more is deleted, the foreign files of the published folder are carried
//! over (or moved aside), and the manifest is written; then what changed
//! against the published folder.

use super::super::files::{copy_entry, same_file_bytes};
use super::super::manifest::Stamp;
use super::super::manifest_key;
use super::super::nofollow::{OnLink, create_dirs};
use super::Staging;
use crate::problem;
use crate::support::diag::Diagnostics;
use crate::write::output::OutputPath;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

impl Staging {
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
        let deleted: Vec<&String> = self
            .existing_files
            .par_iter()
            .map(|(f, _)| f)
            .filter(|f| !ours(f))
            .inspect(|f| {
                let _ = std::fs::remove_file(self.dir.join(f));
            })
            .collect();
        let mut moved_aside = Vec::new();
        // The folders the site needs: a foreign file or link at one of
        // them (`acerca -> /elsewhere` where the site makes
        // `acerca/index.html`) is in the site's way as much as one at a
        // file's path, and so is one inside a path the site makes a file.
        let folders: FxHashSet<&str> = if self.foreign.is_empty() {
            FxHashSet::default()
        } else {
            wanted
                .iter()
                .copied()
                .chain(kept.iter().map(String::as_str))
                .flat_map(|f| f.match_indices('/').map(move |(i, _)| &f[..i]))
                .collect()
        };
        let in_the_way = |rel: &Path| {
            let key = manifest_key(rel);
            ours(&key)
                || folders.contains(key.as_str())
                || key.match_indices('/').any(|(i, _)| ours(&key[..i]))
        };
        for rel in &self.foreign {
            if in_the_way(rel) {
                moved_aside.push(self.keep_aside(rel)?);
            } else {
                self.carry(rel)?;
            }
        }
        self.remove_emptied_folders(&deleted);
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
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        Ok(moved_aside)
    }

    /// Removes the folders left empty: those that held the `deleted` files
    /// or were empty already, and the folders holding them. Only those
    /// are tried: trying every folder was a failed `rmdir` each.
    fn remove_emptied_folders(&self, deleted: &[&String]) {
        let mut maybe_empty: FxHashSet<&Path> = FxHashSet::default();
        let starts = deleted
            .iter()
            .filter_map(|f| Path::new(f.as_str()).parent())
            .chain(self.empty_dirs.iter().map(PathBuf::as_path));
        for start in starts {
            let mut dir = Some(start);
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                if !maybe_empty.insert(d) {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut deepest_first: Vec<&Path> = maybe_empty.into_iter().collect();
        deepest_first.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in deepest_first {
            // Fails, harmlessly, on folders that still hold files.
            let _ = std::fs::remove_dir(self.dir.join(d));
        }
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
                error = crate::support::i18n::error_text(&e)
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
        // The kept-aside folder holds the owner's files and links: a link
        // on the way stops the build rather than be written through.
        let made = std::fs::create_dir_all(&self.names.kept).and_then(|()| {
            let folders = to
                .strip_prefix(&self.names.kept)
                .ok()
                .and_then(Path::parent);
            folders.map_or(Ok(()), |f| create_dirs(&self.names.kept, f, OnLink::Refuse))
        });
        if let Err(e) = made {
            let parent = to.parent().unwrap_or(&self.names.kept);
            return Err(problem!(
                "write-create-folder",
                parent,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
            .into());
        }
        copy_entry(&from, &to).map_err(|e| {
            Diagnostics::from(problem!(
                "write-keep-aside",
                &to,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        Ok(to)
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
