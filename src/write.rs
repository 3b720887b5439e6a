//! Write: outputs → a staging folder beside the output folder → swapped in.
//!
//! Until the swap the published folder is untouched, so a failed or
//! interrupted build never leaves a half-written site behind.
//!
//! Creating files and folders is the slow part of a build on most disks, far
//! slower than rendering. So the staging folder is kept between builds: after
//! a swap the previous site becomes the next staging folder, and the next
//! build only rewrites the files whose bytes changed and deletes the ones no
//! longer produced. It is a hidden folder next to the output
//! (`.public.faro-next` for `public/`).

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Output;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Opens (or creates) the staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Staging, Diagnostics> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the output's parent folder", e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.faro-next"));
        let prev = parent.join(format!(".{name}.faro-prev"));
        // A build killed between the renames of `publish` leaves the site here.
        if prev.exists() {
            if target.exists() {
                let _ = std::fs::remove_dir_all(&prev);
            } else {
                let _ = std::fs::rename(&prev, target);
            }
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Makes the staging folder hold exactly `outputs` plus the files listed
    /// in `keep` (written there by other steps, e.g. photos): unchanged files
    /// are left alone, changed ones rewritten, the rest deleted.
    pub fn write_all(
        &self,
        outputs: &[Output],
        keep: &HashSet<PathBuf>,
    ) -> Result<(), Diagnostics> {
        let mut existing_files = HashSet::new();
        let mut existing_dirs = HashSet::new();
        for e in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e
                .path()
                .strip_prefix(&self.dir)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if e.file_type().is_dir() {
                existing_dirs.insert(rel);
            } else {
                existing_files.insert(rel);
            }
        }
        let wanted: HashSet<PathBuf> = outputs.iter().map(|o| PathBuf::from(&o.path)).collect();
        let mut needed_dirs: Vec<PathBuf> = outputs
            .iter()
            .filter_map(|o| Path::new(&o.path).parent().map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        needed_dirs.sort();
        for d in &needed_dirs {
            if !existing_dirs.contains(d) {
                let full = self.dir.join(d);
                std::fs::create_dir_all(&full)
                    .map_err(|e| io_error(&full, "cannot create folder", e))?;
            }
        }
        let errors: Vec<Diagnostic> = outputs
            .par_iter()
            .filter_map(|o| {
                let path = self.dir.join(&o.path);
                if existing_files.contains(Path::new(&o.path)) && same_bytes(&path, &o.bytes) {
                    return None;
                }
                std::fs::write(&path, &o.bytes)
                    .err()
                    .map(|e| Diagnostic::file(&path, format!("cannot write: {e}")))
            })
            .collect();
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        // Files from an older build that this one did not produce.
        existing_files
            .par_iter()
            .filter(|f| !wanted.contains(*f) && !keep.contains(*f))
            .for_each(|f| {
                let _ = std::fs::remove_file(self.dir.join(f));
            });
        let mut stale_dirs: Vec<&PathBuf> = existing_dirs.iter().collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in stale_dirs {
            // Fails, harmlessly, on folders that still hold files.
            let _ = std::fs::remove_dir(self.dir.join(d));
        }
        Ok(())
    }

    /// Swaps the staging folder in as the target; the previous site becomes
    /// the staging folder of the next build.
    pub fn publish(self) -> Result<(), Diagnostics> {
        let parent = parent_of(&self.target);
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prev = parent.join(format!(".{name}.faro-prev"));
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &prev)
                .map_err(|e| io_error(&self.target, "cannot move the previous site aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&prev, &self.target);
            }
            return Err(io_error(
                &self.target,
                "cannot move the new site into place",
                e,
            ));
        }
        if had_target {
            let _ = std::fs::rename(&prev, &self.dir);
        }
        Ok(())
    }
}

fn parent_of(target: &Path) -> PathBuf {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// True when the file at `path` holds exactly `bytes` (a read is much cheaper
/// than a write on the disks we run on).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostic::file(path, format!("{what}: {e}")).into()
}
