//! One original, from its bytes to its published copies: its cache entry
//! looked up (or filled by decoding and encoding), then a copy of each output
//! placed where each job that uses it publishes it.

use super::cache::ENCODER_VERSION;
use super::cache::{all_present, read_meta, write_meta};
use super::decode::decode;
use super::encode::encode_missing;
use super::jobs::PhotoJob;
use super::naming::published_base;
use super::place::place;
use super::plan::{Plan, Variants, scaled_height};
use super::problem::Problem;
use super::processed::{Image, Processed};
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A photo that went through: its outputs and the cache files they came from.
pub(super) struct Done {
    pub(super) cached: bool,
    pub(super) outputs: Vec<(String, Processed)>,
    pub(super) cache_files: Vec<PathBuf>,
}

/// Processes the original at `source` for every job that uses it. `claimed`
/// holds the published bases already being written by any unit of the run.
pub(super) fn process_unit(
    source: &Path,
    jobs: &[&PhotoJob],
    plan: &Plan,
    cache_dir: &Path,
    out_dir: &Path,
    claimed: &Mutex<HashSet<String>>,
) -> Result<Done, Problem> {
    let bytes = fs::read(source).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Problem::Missing(source.to_path_buf()),
        _ => Problem::Unreadable(e),
    })?;
    let key = xxhash_rust::xxh3::xxh3_128_with_seed(&bytes, ENCODER_VERSION);
    let content = plan
        .hashed_names
        .then(|| xxhash_rust::xxh3::xxh3_64(&bytes));
    let entry = cache_dir.join(format!("{key:032x}"));
    let meta_path = entry.join("meta");
    let (cached, size) = match read_meta(&meta_path) {
        Some((w, h)) if all_present(&entry, plan, &plan.variants(w)) => (true, (w, h)),
        _ => (false, fill_entry(bytes, &entry, &meta_path, plan)?),
    };

    let variants = plan.variants(size.0);
    let mut cache_files = vec![meta_path];
    for width in &variants.all {
        for ext in ["webp", "jpg"] {
            cache_files.push(entry.join(plan.file_name(*width, ext)));
        }
    }
    let mut outputs = Vec::with_capacity(jobs.len());
    for job in jobs {
        let base = published_base(&job.output, content);
        let first = claimed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(base.clone());
        let shown = Shown { base, size };
        if first {
            shown.publish(&entry, plan, &variants, out_dir)?;
        }
        outputs.push((job.output.clone(), shown.processed(&variants)));
    }
    Ok(Done {
        cached,
        outputs,
        cache_files,
    })
}

/// Decodes the original and writes its cache entry: the `meta` file and
/// every output missing from it. Returns the photo's upright size.
fn fill_entry(
    bytes: Vec<u8>,
    entry: &Path,
    meta_path: &Path,
    plan: &Plan,
) -> Result<(u32, u32), Problem> {
    keep_freed_memory();
    let img = decode(&bytes, plan.max_pixels)?;
    drop(bytes);
    let size = (img.width(), img.height());
    fs::create_dir_all(entry).map_err(|e| Problem::Write(entry.to_path_buf(), e))?;
    write_meta(meta_path, size)?;
    encode_missing(img, entry, plan)?;
    Ok(size)
}

/// A photo as one job publishes it: its published base and upright size.
struct Shown {
    base: String,
    size: (u32, u32),
}

impl Shown {
    /// The `width`-wide output's size and published paths.
    fn image(&self, width: u32) -> Image {
        let (w, h) = self.size;
        let base = &self.base;
        Image {
            width,
            height: scaled_height(w, h, width),
            webp: format!("{base}-{width}.webp"),
            jpeg: format!("{base}-{width}.jpg"),
        }
    }

    /// Copies every output of the entry to where this job publishes it.
    fn publish(
        &self,
        entry: &Path,
        plan: &Plan,
        variants: &Variants,
        out_dir: &Path,
    ) -> Result<(), Problem> {
        for width in &variants.all {
            let img = self.image(*width);
            place(
                &entry.join(plan.file_name(*width, "webp")),
                out_dir,
                &img.webp,
            )?;
            place(
                &entry.join(plan.file_name(*width, "jpg")),
                out_dir,
                &img.jpeg,
            )?;
        }
        Ok(())
    }

    /// What a page needs to show the photo.
    fn processed(&self, variants: &Variants) -> Processed {
        let sizes: Vec<Image> = variants.sizes.iter().map(|w| self.image(*w)).collect();
        let (width, height) = sizes
            .last()
            .map(|i| (i.width, i.height))
            .unwrap_or(self.size);
        Processed {
            width,
            height,
            sizes,
            thumbnail: self.image(variants.thumbnail),
        }
    }
}

/// Every photo allocates and frees a few buffers of several megabytes (the
/// binary's own through mimalloc, the C encoders' through glibc). glibc's
/// defaults give each back to the kernel (mmap/munmap, heap trim)
/// and fault its pages in again on the next photo, which cost about a tenth
/// of a cold build's CPU time; keep them in the allocator for reuse instead.
/// Peak memory stays the same: the next photo reuses what the last one freed.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes allocator thresholds; it is safe to
        // call at any time, from any thread.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        });
    }
}
