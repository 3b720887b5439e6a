//! Write: outputs → a staging folder beside the output folder → swapped in.
//!
//! Until the swap the published folder is untouched, so a failed or
//! interrupted build never leaves a half-written site behind.

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Output;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A folder being filled; dropped without `publish`, it is removed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Staging, Diagnostics> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(parent, "cannot create the output's parent folder", e))?;
        clean_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes every output file into the staging folder, in parallel.
    pub fn write_all(&self, outputs: &[Output]) -> Result<(), Diagnostics> {
        let dirs: BTreeSet<PathBuf> = outputs
            .iter()
            .filter_map(|o| Path::new(&o.path).parent().map(|p| self.dir.join(p)))
            .collect();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| io_error(d, "cannot create folder", e))?;
        }
        let errors: Vec<Diagnostic> = outputs
            .par_iter()
            .filter_map(|o| {
                let path = self.dir.join(&o.path);
                std::fs::write(&path, &o.bytes)
                    .err()
                    .map(|e| Diagnostic::file(&path, format!("cannot write: {e}")))
            })
            .collect();
        Diagnostics(errors).into_result(())
    }

    /// Replaces the target folder by the staging folder.
    pub fn publish(mut self) -> Result<(), Diagnostics> {
        let parent = self
            .target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if self.target.exists() {
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_error(&self.target, "cannot move the previous site aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io_error(
                &self.target,
                "cannot move the new site into place",
                e,
            ));
        }
        self.published = true;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging and old folders that an interrupted build left behind, and
/// restores the site if a build was killed between the two renames of `publish`.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let target = parent.join(name);
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if file.starts_with(&format!(".{name}.old-")) && !target.exists() {
            let _ = std::fs::rename(e.path(), &target);
        } else if file.starts_with(&format!(".{name}.staging-"))
            || file.starts_with(&format!(".{name}.old-"))
        {
            let pid = file.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            // Another faro may be building into the same place right now.
            if pid.is_some_and(|p| {
                p != std::process::id() && Path::new(&format!("/proc/{p}")).exists()
            }) {
                continue;
            }
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostic::file(path, format!("{what}: {e}")).into()
}
