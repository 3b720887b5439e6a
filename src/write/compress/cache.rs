//! The compressed copies of earlier builds, kept outside the output
//! (`.faro-cache/compressed/` in the site folder), by what they were made
//! from: a build into an empty output (a new machine's first build, or one
//! after the output was deleted) takes them back instead of compressing
//! every page again, as the photo cache does for photos.
//!
//! Each entry is named by its copy's key (the source's hash and length, the
//! encoding and its settings: [`super::Encoding`]) and holds the hash of its
//! bytes before them: an entry whose bytes do not match is ignored and made
//! again. Entries are written through a temporary file and renamed, so a
//! build killed midway leaves none half-written. After a build that made
//! every copy of the site, the entries it did not use are removed
//! ([`Cache::prune`]): the cache holds one site's copies, not every
//! version of them.
//!
//! The cache changes speed, never output: nothing in it is trusted beyond
//! its hash, and a cache that cannot be read or written (a link planted at
//! its place, a full disk) is simply not used.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use xxhash_rust::xxh3::xxh3_64;

/// The folder under the site's root.
pub const DIR: &str = ".faro-cache/compressed";

/// An entry's name: its key in 32 hexadecimal digits.
fn name(key: u128) -> String {
    format!("{key:032x}")
}

/// Whether `name` is an entry's (what [`Cache::prune`] may remove).
fn is_entry_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

pub struct Cache {
    /// `None` when the folder is not a real folder of the site's: the
    /// cache is then not used at all.
    dir: Option<PathBuf>,
    /// The entries this build asked for or made.
    used: Mutex<FxHashSet<u128>>,
}

impl Cache {
    /// The cache of the site at `root`, made if missing. Each part of its
    /// path must be a real folder (or be made one): through a link, it
    /// would read and write elsewhere.
    pub fn of_site(root: &Path) -> Cache {
        Cache {
            dir: crate::support::real_folder::under(root, DIR).ok(),
            used: Mutex::default(),
        }
    }

    /// A cache that holds nothing and keeps nothing.
    pub fn none() -> Cache {
        Cache {
            dir: None,
            used: Mutex::default(),
        }
    }

    /// Notes that this build's site has a copy of key `key`, so that
    /// [`Cache::prune`] keeps its entry.
    pub fn note(&self, key: u128) {
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key);
    }

    /// The copy kept under `key`, if there is one and its bytes are whole.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        self.note(key);
        let path = self.dir.as_ref()?.join(name(key));
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut bytes = std::fs::read(&path).ok()?;
        let hash: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
        if u64::from_le_bytes(hash) != xxh3_64(&bytes[8..]) {
            return None;
        }
        bytes.drain(..8);
        Some(bytes)
    }

    /// Keeps `copy` under `key`; best effort (only speed is lost).
    pub fn put(&self, key: u128, copy: &[u8]) {
        self.note(key);
        let Some(dir) = &self.dir else {
            return;
        };
        let mut bytes = Vec::with_capacity(copy.len() + 8);
        bytes.extend_from_slice(&xxh3_64(copy).to_le_bytes());
        bytes.extend_from_slice(copy);
        // Best effort: only speed is lost.
        let _ = crate::support::atomic::write(&dir.join(name(key)), &bytes);
    }

    /// Removes the entries this build did not use, and temporary files a
    /// killed build left. Only names this module makes are touched.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let stale = if is_entry_name(file_name) {
                u128::from_str_radix(file_name, 16).is_ok_and(|key| !used.contains(&key))
            } else {
                crate::support::atomic::is_left_over(&entry.path())
            };
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_comes_back_whole_or_not_at_all() {
        let site = tempfile::tempdir().expect("tempdir");
        let cache = Cache::of_site(site.path());
        assert_eq!(cache.get(7), None);
        cache.put(7, b"copia");
        assert_eq!(cache.get(7).as_deref(), Some(&b"copia"[..]));
        // A damaged entry is not taken back.
        let entry = site.path().join(DIR).join(name(7));
        let mut bytes = std::fs::read(&entry).expect("entry");
        *bytes.last_mut().expect("byte") ^= 1;
        std::fs::write(&entry, bytes).expect("write");
        assert_eq!(cache.get(7), None);
        std::fs::write(&entry, b"abc").expect("write");
        assert_eq!(cache.get(7), None);
    }

    #[test]
    fn pruning_keeps_what_the_build_used_and_what_is_not_its_own() {
        let site = tempfile::tempdir().expect("tempdir");
        let first = Cache::of_site(site.path());
        first.put(1, b"uno");
        first.put(2, b"dos");
        let dir = site.path().join(DIR);
        std::fs::write(dir.join("notas.txt"), "mine").expect("write");
        let second = Cache::of_site(site.path());
        assert!(second.get(2).is_some());
        second.prune();
        assert!(!dir.join(name(1)).exists(), "unused entry removed");
        assert!(dir.join(name(2)).exists(), "used entry kept");
        assert!(dir.join("notas.txt").exists(), "someone else's file kept");
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_behind_a_link_is_not_used() {
        let (site, elsewhere) = crate::support::real_folder::site_with_linked_cache();
        let cache = Cache::of_site(site.path());
        cache.put(1, b"uno");
        assert_eq!(cache.get(1), None);
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
    }
}
