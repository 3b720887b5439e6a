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
use super::patches::Patches;
use super::raster::{self, RasterError};
use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the pictures are kept, under the site's folder.
pub const DIR: &str = ".faro-cache/share";

/// Bump whenever the bytes made from the same SVG change (renderer, fonts,
/// palette, PNG encoder or its level): it is part of every cache key.
pub const RENDERER_VERSION: &str =
    "faro-share 3 resvg 0.49 liberation-sans 2.1.5 neuquant-256 zlib-5";

/// Makes the PNG of each picture, from the cache when it holds it.
#[derive(Debug, Default)]
pub struct Pictures {
    /// The site's folder; `None`: no pictures at all (a run without the
    /// share step).
    root: Option<PathBuf>,
    /// [`DIR`] under it, made when first needed; `None` inside if it cannot
    /// be a real folder (a link): then pictures are drawn, never cached.
    folder: std::sync::OnceLock<Option<PathBuf>>,
    drawn: AtomicUsize,
    cached: AtomicUsize,
    used: Mutex<HashSet<String>>,
    /// Text drawn once for every picture of the run.
    patches: Patches,
}

impl Pictures {
    /// Pictures cached in [`DIR`] under the site at `root`.
    pub fn cached_under(root: PathBuf) -> Self {
        Pictures {
            root: Some(root),
            ..Pictures::default()
        }
    }

    /// The cache's folder, never through a link (`support::real_folder`).
    fn folder(&self) -> Option<&PathBuf> {
        let root = self.root.as_ref()?;
        self.folder
            .get_or_init(|| crate::support::real_folder::under(root, DIR).ok())
            .as_ref()
    }

    /// No share pictures: pages name none and none is made.
    pub fn none() -> Self {
        Pictures::default()
    }

    /// Whether this run makes share pictures.
    pub fn enabled(&self) -> bool {
        self.root.is_some()
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
        let Some(dir) = self.folder() else {
            if self.enabled() {
                self.drawn.fetch_add(1, Ordering::Relaxed);
            }
            return raster::png(svg, &self.patches);
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
        let bytes = raster::png(svg, &self.patches)?;
        self.drawn.fetch_add(1, Ordering::Relaxed);
        let _ = crate::support::atomic::write(&path, &bytes);
        Ok(bytes)
    }

    /// Frees the text patches (`patches`), once every picture is drawn:
    /// a later picture only draws its text in place again.
    pub fn forget_patches(&self) {
        self.patches.forget();
    }

    /// Removes the entries this run did not use, and temporary files killed
    /// runs left: call only after a run that asked for every picture of the
    /// site. Best effort.
    pub fn prune(&self) {
        let Some(dir) = self.folder() else { return };
        let used = self
            .used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = if is_entry_name(&name) {
                !used.contains(&name)
            } else {
                crate::support::atomic::is_left_over(&entry.path())
            };
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// `<xxh3-128 of the renderer's version and the SVG, 32 hex>.png`.
fn entry_name(svg: &str) -> String {
    format!("{:032x}.png", picture_hash(svg))
}

/// What the picture's address carries to change with the picture: the
/// first 10 hex digits of its cache entry's name.
pub fn version(svg: &str) -> String {
    format!("{:032x}", picture_hash(svg))[..10].to_string()
}

/// The same for a picture known by what it is drawn from (hashed with
/// faro's version too, since the drawing may change with it).
pub fn version_of(picture: &impl std::hash::Hash) -> String {
    use std::hash::Hasher;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(RENDERER_VERSION.as_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    picture.hash(&mut hasher);
    format!("{:016x}", hasher.finish())[..10].to_string()
}

fn picture_hash(svg: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(RENDERER_VERSION.as_bytes());
    hasher.update(&[0]);
    hasher.update(svg.as_bytes());
    hasher.digest128()
}

fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(".png")
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="10" height="10"/></svg>"#;

    #[test]
    fn pictures_are_kept_and_taken_back() {
        let site = tempfile::tempdir().expect("tempdir");
        let first = Pictures::cached_under(site.path().to_path_buf());
        let png = first.png(SVG).expect("drawn");
        assert_eq!(first.counts(), (1, 0));
        let second = Pictures::cached_under(site.path().to_path_buf());
        assert_eq!(second.png(SVG).expect("cached"), png);
        assert_eq!(second.counts(), (0, 1));
    }

    #[test]
    fn pruning_removes_what_killed_runs_left() {
        let site = tempfile::tempdir().expect("tempdir");
        let pictures = Pictures::cached_under(site.path().to_path_buf());
        pictures.png(SVG).expect("drawn");
        let dir = site.path().join(DIR);
        let left = dir.join(".0123.png.99-0.tmp");
        std::fs::write(&left, b"half").expect("write");
        crate::support::atomic::age_for_test(&left);
        pictures.prune();
        assert!(!left.exists(), "a killed run's temporary file was kept");
        assert_eq!(
            std::fs::read_dir(&dir).expect("dir").count(),
            1,
            "the entry"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_behind_a_link_is_not_used() {
        let (site, elsewhere) = crate::support::real_folder::site_with_linked_cache();
        let pictures = Pictures::cached_under(site.path().to_path_buf());
        pictures.png(SVG).expect("drawn all the same");
        pictures.png(SVG).expect("and again");
        assert_eq!(pictures.counts(), (2, 0));
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
    }
}
