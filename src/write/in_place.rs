//! The preview's output, updated file by file rather than swapped whole.

use super::files::{remove_empty_parents, replace_file};
use super::manifest::{Manifest, Stamp};
use super::nofollow::first_link;
use super::{Names, manifest_key};
use crate::problem;
use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A published folder updated in place, file by file: the preview's, where
/// each save changes a few files and a whole new site would cost more than
/// the save. Each file is written to a temporary name and renamed over the
/// old one, so a page being served is never torn; the manifest stays the
/// truthful record of faro's files (see [`InPlace::apply`]).
pub struct InPlace {
    target: PathBuf,
    names: Names,
    manifest: Manifest,
}

impl InPlace {
    /// Opens the resolved, faro-built output folder `target` (take
    /// [`super::lock_output`] around each [`InPlace::apply`]).
    pub fn open(target: &Path) -> InPlace {
        let names = Names::of(target);
        let mut manifest = Manifest::read(&names.manifest);
        // Entries not trusted still name faro's files: kept, never matching.
        let untrusted = Stamp {
            len: u64::MAX,
            modified_ns: 0,
            inode: 0,
        };
        for path in manifest.owned.keys() {
            if !manifest.entries.contains_key(path) {
                manifest.entries.insert(path.clone(), (untrusted, 0));
            }
        }
        InPlace {
            target: target.to_path_buf(),
            names,
            manifest,
        }
    }

    /// Writes `put` (each file with the hash of its bytes), deletes
    /// `remove` and records `photos` (placed in the
    /// folder already by the photo step). Paths new to the manifest are
    /// listed in it before they are written, and the files deleted only
    /// after, so an interrupted update never leaves a file of ours looking
    /// like someone else's; the manifest is written again at the end with
    /// the new files' stamps, unless `record` is false: then a later
    /// `apply` records them (until it does, those files are faro's, but
    /// not trusted to be unchanged, as after an interrupted update).
    pub fn apply(
        &mut self,
        put: &[(Output, u64)],
        remove: &[PathBuf],
        photos: &[PathBuf],
        record: bool,
    ) -> Result<(), Diagnostics> {
        let unknown = Stamp {
            len: u64::MAX,
            modified_ns: 0,
            inode: 0,
        };
        let new_paths: Vec<String> = put
            .iter()
            .map(|(o, _)| o.path.as_str().to_string())
            .chain(photos.iter().map(|p| manifest_key(p)))
            .filter(|p| !self.manifest.entries.contains_key(p))
            .collect();
        if !new_paths.is_empty() {
            for p in new_paths {
                self.manifest.entries.insert(p, (unknown, 0));
            }
            self.write_manifest()?;
        }
        let written: Vec<Result<(String, Stamp, u64), Diagnostics>> = put
            .par_iter()
            .map(|(o, hash)| {
                let full = o.path.join_under(&self.target);
                let stamp =
                    replace_file(&self.target, &o.path.to_path(), &o.bytes).map_err(|e| {
                        Diagnostics::from(problem!(
                            "write-cannot-write",
                            &full,
                            0,
                            0,
                            error = crate::support::i18n::error_text(&e)
                        ))
                    })?;
                Ok((o.path.as_str().to_string(), stamp, *hash))
            })
            .collect();
        let mut failed = Diagnostics::default();
        for w in written {
            match w {
                Ok((path, stamp, hash)) => {
                    self.manifest.entries.insert(path, (stamp, hash));
                }
                Err(d) => failed.extend(d),
            }
        }
        for photo in photos {
            if let Ok(meta) = std::fs::symlink_metadata(self.target.join(photo)) {
                let entry = (Stamp::of(&meta), 0);
                self.manifest.entries.insert(manifest_key(photo), entry);
            }
        }
        for rel in remove {
            // A link in the way (a folder of the preview replaced by one):
            // the file is not here any more, and what the link leads to is
            // not ours to delete.
            if first_link(&self.target, rel, false).is_some() {
                self.manifest.entries.remove(&manifest_key(rel));
                continue;
            }
            let full = self.target.join(rel);
            if std::fs::remove_file(&full).is_ok() || std::fs::symlink_metadata(&full).is_err() {
                self.manifest.entries.remove(&manifest_key(rel));
                remove_empty_parents(&self.target, rel);
            }
        }
        if record {
            self.write_manifest()?;
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.sorted())
        }
    }

    fn write_manifest(&self) -> Result<(), Diagnostics> {
        let temp = self.names.manifest.with_extension("faro-tmp");
        self.manifest
            .write(&temp)
            .and_then(|()| std::fs::rename(&temp, &self.names.manifest))
            .map_err(|e| {
                problem!(
                    "write-cannot-write",
                    &self.names.manifest,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                )
                .into()
            })
    }
}
