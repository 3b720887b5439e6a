//! What a folder holds when a build starts: every file with its stamp, and
//! every folder, by path relative to it.
//!
//! A rebuild checks nearly every file of its staging folder against the
//! manifest (is it untouched since the last build wrote it?). Taking each
//! file's stamp here, while listing, costs one `fstatat` relative to the
//! open folder instead of a `stat` of its full path later, and is done
//! folder by folder in parallel, beside the published folder's own listing.

use super::super::manifest::Stamp;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file (or link) as the listing found it.
#[derive(Debug, Clone, Copy)]
pub(in crate::write) struct Listed {
    pub(in crate::write) stamp: Stamp,
    pub(in crate::write) is_file: bool,
    /// How many names the file has (see `files::links`).
    pub(in crate::write) links: u64,
}

/// A folder's files by manifest key (`a/b.html`) and its folders.
#[derive(Default)]
pub(in crate::write) struct Listing {
    pub(in crate::write) files: FxHashMap<String, Listed>,
    pub(in crate::write) dirs: HashSet<PathBuf>,
    /// The folders that hold nothing.
    pub(in crate::write) empty_dirs: Vec<PathBuf>,
}

/// Lists `dir` (not following links). Entries that cannot be read are
/// left out, as if absent: what is not listed is written again.
pub(in crate::write) fn list(dir: &Path) -> Listing {
    let mut found = Found::default();
    list_into(dir, "", &mut found);
    Listing {
        files: found.files.into_iter().collect(),
        dirs: found.dirs.into_iter().map(PathBuf::from).collect(),
        empty_dirs: found.empty_dirs.into_iter().map(PathBuf::from).collect(),
    }
}

/// What [`list_into`] found, in lists: each subfolder's are appended to
/// its parent's, and hashed once, at the top.
#[derive(Default)]
struct Found {
    files: Vec<(String, Listed)>,
    dirs: Vec<String>,
    empty_dirs: Vec<String>,
}

/// Lists the folder `dir`, whose manifest key is `key` (empty at the
/// top), into `found`; its subfolders in parallel.
fn list_into(dir: &Path, key: &str, found: &mut Found) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs = Vec::new();
    let mut empty = true;
    for entry in entries.filter_map(Result::ok) {
        empty = false;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let child = if key.is_empty() {
            name.into_owned()
        } else {
            format!("{key}/{name}")
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            subdirs.push((entry.path(), child));
        } else if let Ok(meta) = entry.metadata() {
            let listed = Listed {
                stamp: Stamp::of(&meta),
                is_file: meta.is_file(),
                links: super::super::files::links(&meta),
            };
            found.files.push((child, listed));
        }
    }
    if empty && !key.is_empty() {
        found.empty_dirs.push(key.to_string());
    }
    let below: Vec<Found> = subdirs
        .into_par_iter()
        .map(|(path, child)| {
            let mut sub = Found::default();
            list_into(&path, &child, &mut sub);
            sub.dirs.push(child);
            sub
        })
        .collect();
    for mut sub in below {
        found.files.append(&mut sub.files);
        found.dirs.append(&mut sub.dirs);
        found.empty_dirs.append(&mut sub.empty_dirs);
    }
}
