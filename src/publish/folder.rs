//! A folder as the destination of `faro publish` (a mounted share, the web
//! server's own folder on this machine).
//!
//! Each file is written beside its place under a temporary name and then
//! renamed over it, so a visitor gets the old file or the new one, never
//! half of one.

use super::Destination;
use super::plan::{Change, MANIFEST, read_manifest};
use crate::problem;
use crate::support::diag::Diagnostics;
use crate::write::nofollow::{OnLink, create_dirs, create_file, first_link};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub struct Folder {
    pub dir: PathBuf,
}

impl Folder {
    /// Stops, naming them, at the symbolic links inside the destination on
    /// the way to `paths` (a folder of theirs or the file itself): faro
    /// never writes or deletes through a link it did not make, and the
    /// destination's links are its owner's, not faro's to remove. The
    /// destination itself may be a link.
    fn refuse_links<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<(), Diagnostics> {
        let mut clear: BTreeSet<&str> = BTreeSet::new();
        let mut links: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            let ends = path.match_indices('/').map(|(i, _)| i).chain([path.len()]);
            for end in ends {
                let part = &path[..end];
                if clear.contains(part) {
                    continue;
                }
                let at = self.dir.join(part);
                match std::fs::symlink_metadata(&at) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        links.insert(at);
                        break;
                    }
                    Ok(meta) if meta.is_dir() => {
                        clear.insert(part);
                    }
                    // Missing (nothing below exists either) or a file.
                    _ => break,
                }
            }
        }
        let mut found = Diagnostics::default();
        for link in links {
            found.push(problem!("publish-link-refused", &link, 0, 0));
        }
        found.into_result(())
    }
}

impl Destination for Folder {
    fn published(&self) -> Result<BTreeSet<String>, Diagnostics> {
        match std::fs::read_to_string(self.dir.join(MANIFEST)) {
            Ok(text) => {
                let published = read_manifest(&text);
                self.refuse_links(published.iter().map(String::as_str))?;
                Ok(published)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
            Err(e) => Err(problem!(
                "publish-cannot-read",
                self.dir.join(MANIFEST),
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
            .into()),
        }
    }

    fn compare(
        &self,
        source: &Path,
        files: &[String],
    ) -> Result<BTreeMap<String, Change>, Diagnostics> {
        self.refuse_links(files.iter().map(String::as_str))?;
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
            .filter_map(|rel| copy_one(&source.join(rel), &self.dir, rel).err())
            .collect();
        collect(failed)
    }

    fn remove(&self, files: &[String]) -> Result<(), Diagnostics> {
        let mut failed = Vec::new();
        for rel in files {
            let path = self.dir.join(rel);
            // Checked before anything was copied; checked again, as a
            // deletion through a link would delete someone else's file.
            if let Some(link) = first_link(&self.dir, Path::new(rel), false) {
                failed.push(Diagnostics::from(problem!(
                    "publish-link-refused",
                    &link,
                    0,
                    0
                )));
                continue;
            }
            match std::fs::remove_file(&path) {
                Ok(()) => remove_empty_parents(&self.dir, &path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => failed.push(Diagnostics::from(problem!(
                    "publish-cannot-remove",
                    &path,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
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
                error = crate::support::i18n::error_text(&e)
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

/// Copies `from` to `rel` in the destination folder `dir` through a
/// temporary file beside it; the folders on the way are made without
/// following a link (one stops the copy, named).
fn copy_one(from: &Path, dir: &Path, rel: &str) -> Result<(), Diagnostics> {
    let to = &dir.join(rel);
    let bytes = std::fs::read(from).map_err(|e| {
        Diagnostics::from(problem!(
            "publish-cannot-read",
            from,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        ))
    })?;
    if let Some(parent) = to.parent() {
        let folders = Path::new(rel).parent().unwrap_or(Path::new(""));
        create_dirs(dir, folders, OnLink::Refuse).map_err(|e| {
            Diagnostics::from(problem!(
                "publish-cannot-write",
                parent,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
    }
    write_atomically(to, &bytes).map_err(|e| {
        problem!(
            "publish-cannot-write",
            to,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
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
    // The temporary name is faro's own: a link there is replaced, not
    // written through; the rename then replaces whatever is at `path`
    // (never following it).
    let written = create_file(&temp, OnLink::Replace)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .and_then(|()| std::fs::rename(&temp, path));
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
