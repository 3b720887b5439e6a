//! A folder as the destination of `faro publish` (a mounted share, the web
//! server's own folder on this machine).
//!
//! Each file is written beside its place under a temporary name and then
//! renamed over it, so a visitor gets the old file or the new one, never
//! half of one.

use super::Destination;
use super::plan::{Change, MANIFEST, read_manifest};
use crate::diag::Diagnostics;
use crate::problem;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub struct Folder {
    pub dir: PathBuf,
}

impl Destination for Folder {
    fn published(&self) -> Result<BTreeSet<String>, Diagnostics> {
        match std::fs::read_to_string(self.dir.join(MANIFEST)) {
            Ok(text) => Ok(read_manifest(&text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
            Err(e) => Err(problem!(
                "publish-cannot-read",
                self.dir.join(MANIFEST),
                0,
                0,
                error = crate::i18n::error_text(&e)
            )
            .into()),
        }
    }

    fn compare(
        &self,
        source: &Path,
        files: &[String],
    ) -> Result<BTreeMap<String, Change>, Diagnostics> {
        Ok(files
            .par_iter()
            .map(|rel| {
                let there = self.dir.join(rel);
                let change = match std::fs::symlink_metadata(&there) {
                    Err(_) => Change::New,
                    Ok(meta) if !meta.is_file() => Change::Changed,
                    Ok(meta) => {
                        let here = source.join(rel);
                        let same = std::fs::metadata(&here).is_ok_and(|m| m.len() == meta.len())
                            && std::fs::read(&here).ok() == std::fs::read(&there).ok();
                        if same { Change::Same } else { Change::Changed }
                    }
                };
                (rel.clone(), change)
            })
            .collect())
    }

    fn copy(&self, source: &Path, files: &[&str]) -> Result<(), Diagnostics> {
        let failed: Vec<Diagnostics> = files
            .par_iter()
            .filter_map(|rel| copy_one(&source.join(rel), &self.dir.join(rel)).err())
            .collect();
        collect(failed)
    }

    fn remove(&self, files: &[String]) -> Result<(), Diagnostics> {
        let mut failed = Vec::new();
        for rel in files {
            let path = self.dir.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => remove_empty_parents(&self.dir, &path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => failed.push(Diagnostics::from(problem!(
                    "publish-cannot-remove",
                    &path,
                    0,
                    0,
                    error = crate::i18n::error_text(&e)
                ))),
            }
        }
        collect(failed)
    }

    fn write_manifest(&self, text: &str) -> Result<(), Diagnostics> {
        let path = self.dir.join(MANIFEST);
        write_atomically(&path, text.as_bytes()).map_err(|e| {
            problem!(
                "publish-cannot-write",
                &path,
                0,
                0,
                error = crate::i18n::error_text(&e)
            )
            .into()
        })
    }
}

fn collect(failed: Vec<Diagnostics>) -> Result<(), Diagnostics> {
    let mut all = Diagnostics::default();
    for d in failed {
        all.extend(d);
    }
    all.into_result(())
}

/// Copies `from` to `to` through a temporary file beside `to`.
fn copy_one(from: &Path, to: &Path) -> Result<(), Diagnostics> {
    let bytes = std::fs::read(from).map_err(|e| {
        Diagnostics::from(problem!(
            "publish-cannot-read",
            from,
            0,
            0,
            error = crate::i18n::error_text(&e)
        ))
    })?;
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostics::from(problem!(
                "publish-cannot-write",
                parent,
                0,
                0,
                error = crate::i18n::error_text(&e)
            ))
        })?;
    }
    write_atomically(to, &bytes).map_err(|e| {
        problem!(
            "publish-cannot-write",
            to,
            0,
            0,
            error = crate::i18n::error_text(&e)
        )
        .into()
    })
}

/// Writes `bytes` under a temporary name in `path`'s folder, then renames it
/// to `path`: readers see the old file or the new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.faro-tmp"));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Removes the folders between `file` and `top` that are empty now.
fn remove_empty_parents(top: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == top || !d.starts_with(top) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
