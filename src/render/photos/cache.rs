//! The photo cache on disk: one entry per original (named by the hash of its
//! bytes and the encoder version), its `meta` file, the lock that lets one
//! run at a time use the cache, atomic writes, and the pruning of what a run
//! did not use. Layout in the module documentation of [`super`].

use super::plan::{Plan, Variants};
use super::problem::Problem;
use crate::t;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Bump whenever the pixels or bytes this module writes change (filter,
/// encoder options, colour handling): it is part of every cache key.
pub const ENCODER_VERSION: u64 = 2;

/// Takes the cache's lock, waiting (and saying so) while another run of
/// faro holds it; released when the returned file is dropped.
pub(super) fn lock_cache(cache_dir: &Path) -> io::Result<fs::File> {
    crate::write::lock_file(&cache_dir.join(".lock"), || {
        eprintln!("{}", t!("photo-cache-waiting"));
    })
}

/// The upright size an entry's `meta` file records, if it is one this
/// version wrote.
pub(super) fn read_meta(path: &Path) -> Option<(u32, u32)> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "faro-photo 1" {
        return None;
    }
    let (w, h) = lines.next()?.split_once(' ')?;
    let (w, h) = (w.parse().ok()?, h.parse().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

/// Whether every file `variants` needs is in the entry.
pub(super) fn all_present(entry: &Path, plan: &Plan, variants: &Variants) -> bool {
    variants.all.iter().all(|w| {
        ["webp", "jpg"]
            .iter()
            .all(|ext| entry.join(plan.file_name(*w, ext)).is_file())
    })
}

/// Records the upright size of the entry's photo in its `meta` file.
pub(super) fn write_meta(path: &Path, (width, height): (u32, u32)) -> Result<(), Problem> {
    write_atomic(path, format!("faro-photo 1\n{width} {height}\n").as_bytes())
}

/// Writes `bytes` to `path` whole or not at all (`support::atomic`).
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Problem> {
    crate::support::atomic::write(path, bytes).map_err(|e| Problem::Write(path.to_path_buf(), e))
}

/// Whether `name` is a cache entry's: 32 hexadecimal digits.
pub(super) fn is_entry_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes cache entries and files this run did not use, and leftover
/// temporary files. Only touches names this module creates; best effort.
pub(super) fn prune_cache(cache_dir: &Path, used: &HashSet<PathBuf>) {
    let used_dirs: HashSet<&Path> = used.iter().filter_map(|p| p.parent()).collect();
    let Ok(entries) = fs::read_dir(cache_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if !is_entry_name(&name.to_string_lossy()) || !path.is_dir() {
            continue;
        }
        if !used_dirs.contains(path.as_path()) {
            let _ = fs::remove_dir_all(&path);
            continue;
        }
        let Ok(files) = fs::read_dir(&path) else {
            continue;
        };
        for file in files.flatten() {
            let file = file.path();
            if !used.contains(&file) && file.is_file() {
                let _ = fs::remove_file(&file);
            }
        }
    }
}
