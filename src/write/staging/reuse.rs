//! Files a build does not make again: a compressed copy whose source did
//! not change, a rendered file the render cache vouches for. Each is kept
//! when the staging folder holds it untouched, or else copied from the
//! published folder when that one does (a copy costs less than making it).

use super::super::manifest::{Manifest, Stamp};
use super::Staging;
use crate::support::diag::Diagnostics;
use crate::write::output::OutputPath;
use std::sync::PoisonError;

impl Staging {
    /// Puts a file made from another file of the site (a compressed copy).
    /// `key` stands for its source's bytes and how it is made, and is what
    /// the manifest records for it. When the staging folder, or else the
    /// published folder, already holds the file made from the same key,
    /// untouched since (by their manifests), it is kept or copied and
    /// `make` is not run: making it is the slow part.
    pub fn put_derived(
        &self,
        path: &OutputPath,
        key: u64,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostics>,
    ) -> Result<(), Diagnostics> {
        // Only a regular file is kept: a link is replaced, never trusted.
        if self.keep_listed(path, key) {
            return Ok(());
        }
        let rel = path.to_path();
        let full = path.join_under(&self.dir);
        let found = self.found(path);
        let current = |manifest: &Manifest, stamp: Stamp| {
            manifest.entries.get(path.as_str()) == Some(&(stamp, key))
        };
        if let Some(listed) = found.filter(|f| f.is_file && current(&self.previous, f.stamp)) {
            self.record(path, listed.stamp, key);
            return Ok(());
        }
        let published = path.join_under(&self.target);
        let bytes = match std::fs::symlink_metadata(&published) {
            Ok(meta) if meta.is_file() && current(&self.published_manifest, Stamp::of(&meta)) => {
                match std::fs::read(&published) {
                    Ok(bytes) => bytes,
                    Err(_) => make()?,
                }
            }
            _ => make()?,
        };
        let stamp = self.write_at(&rel, &full, found.as_ref(), &bytes)?;
        self.record(path, stamp, key);
        Ok(())
    }

    /// Keeps the file the staging folder holds at `path` when its manifest
    /// lists it with `hash` and it is untouched since (a `stat`), or else
    /// copies it from the published folder when that one is (a copy costs
    /// less than rendering again); notes it as put by this build. False
    /// when it has to be made again.
    pub fn keep(&self, path: &OutputPath, hash: u64) -> bool {
        if self.keep_listed(path, hash) {
            return true;
        }
        let full = path.join_under(&self.dir);
        let found = self.found(path);
        if let Some(listed) = &found {
            let stamp = listed.stamp;
            if listed.is_file && self.previous.entries.get(path.as_str()) == Some(&(stamp, hash)) {
                self.record(path, stamp, hash);
                return true;
            }
        }
        let Some(bytes) = self.published_bytes(path, hash) else {
            return false;
        };
        match self.write_at(&path.to_path(), &full, found.as_ref(), &bytes) {
            Ok(stamp) => {
                self.record(path, stamp, hash);
                true
            }
            Err(_) => false,
        }
    }

    /// Notes the staging folder's file at `path` as put by this build, in
    /// one lock and without a `stat`, when the listing found it as the
    /// previous manifest lists it with `hash`, a regular file (never
    /// a link), and this build has not written there since.
    fn keep_listed(&self, path: &OutputPath, hash: u64) -> bool {
        let key = path.as_str();
        let Some(listed) = self.existing_files.get(key) else {
            return false;
        };
        if !listed.is_file || self.previous.entries.get(key) != Some(&(listed.stamp, hash)) {
            return false;
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.entries.contains_key(key) {
            return false;
        }
        current
            .entries
            .insert(key.to_string(), (listed.stamp, hash));
        true
    }

    /// The bytes of the published file at `path` if its manifest lists it
    /// with `hash`, untouched since, and they still hash to it.
    fn published_bytes(&self, path: &OutputPath, hash: u64) -> Option<Vec<u8>> {
        let (stamp, listed) = self.published_manifest.entries.get(path.as_str())?;
        let published = path.join_under(&self.target);
        let meta = std::fs::symlink_metadata(&published).ok()?;
        if *listed != hash || !meta.is_file() || Stamp::of(&meta) != *stamp {
            return None;
        }
        let bytes = std::fs::read(&published).ok()?;
        (xxhash_rust::xxh3::xxh3_64(&bytes) == hash).then_some(bytes)
    }
}
