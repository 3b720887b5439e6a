//! The share pictures' cache: one PNG per picture, named by the hash of
//! the SVG it was drawn from and the renderer's version, beside the
//! photos' cache (`.faro-cache/share/<32 hex>.png`). A picture whose SVG
//! did not change is copied, never drawn again; a first build of the
//! archive draws every picture once.
//!
//! Entries are written to a temporary name and renamed, and each is
//! checked as a whole PNG of the picture's size before it is used, so a
//! half-written or damaged entry is drawn again, never published. Two runs
//! of faro may share the folder: an entry is the same bytes whoever wrote
//! it. After a run that drew or copied every picture of the site, entries
//! it did not use are removed.

use super::draw::{HEIGHT, WIDTH};
use super::raster::{self, RasterError};
use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bump whenever the pixels drawn from the same SVG change (renderer,
/// fonts, encoder): it is part of every cache key.
pub const RENDERER_VERSION: &str = "faro-share 1 resvg 0.49 liberation-sans 2.1.5";

/// Makes the PNG of each picture, from the cache when it holds it.
#[derive(Debug, Default)]
pub struct Pictures {
    /// `None`: no pictures at all (a run without the share step).
    dir: Option<PathBuf>,
    drawn: AtomicUsize,
    cached: AtomicUsize,
    used: Mutex<HashSet<String>>,
}

impl Pictures {
    /// Pictures cached in `dir` (made when first needed).
    pub fn cached_in(dir: PathBuf) -> Self {
        Pictures {
            dir: Some(dir),
            ..Pictures::default()
        }
    }

    /// No share pictures: pages name none and none is made.
    pub fn none() -> Self {
        Pictures::default()
    }

    /// Whether this run makes share pictures.
    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    /// How many pictures were drawn and how many came from the cache.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.drawn.load(Ordering::Relaxed),
            self.cached.load(Ordering::Relaxed),
        )
    }

    /// The PNG of `svg`: the cached one if it is whole, else drawn (and
    /// kept for the next run; only speed is lost if it cannot be kept).
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, RasterError> {
        let Some(dir) = &self.dir else {
            return raster::png(svg);
        };
        let name = entry_name(svg);
        self.used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name.clone());
        let path = dir.join(&name);
        if let Ok(bytes) = fs::read(&path)
            && raster::png_size(&bytes) == Some((WIDTH, HEIGHT))
        {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return Ok(bytes);
        }
        let bytes = raster::png(svg)?;
        self.drawn.fetch_add(1, Ordering::Relaxed);
        let _ = fs::create_dir_all(dir).and_then(|()| crate::support::atomic::write(&path, &bytes));
        Ok(bytes)
    }

    /// Removes the entries this run did not use: call only after a run
    /// that asked for every picture of the site. Best effort.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let used = self
            .used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_entry_name(&name) && !used.contains(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// `<xxh3-128 of the renderer's version and the SVG, 32 hex>.png`.
fn entry_name(svg: &str) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(RENDERER_VERSION.as_bytes());
    hasher.update(&[0]);
    hasher.update(svg.as_bytes());
    format!("{:032x}.png", hasher.digest128())
}

fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(".png")
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}
