//! Photos: every photo a report uses is decoded once, turned upright (EXIF
//! orientation), resized to the configured widths (never upscaled) and written
//! as lossy WebP and JPEG with no metadata at all, plus a gallery thumbnail.
//!
//! Work runs on all cores (one decoded original per worker at a time) and is
//! cached by content hash in `cache_dir`, so an unchanged photo is never
//! decoded twice. Cache layout:
//!
//! ```text
//! <cache_dir>/<xxh3-128 of the original's bytes, seeded with ENCODER_VERSION, 32 hex>/
//!     meta                 "faro-photo 1\n<upright width> <upright height>\n"
//!     <width>-q<quality>.webp
//!     <width>-q<quality>.jpg
//! ```
//!
//! An output's file depends only on the original, its own width, the quality
//! and the encoder version, so changing `widths`, `thumbnail` or `quality`
//! encodes exactly the files that are missing. Cache files are written to a
//! temporary name and renamed, so an entry is never half-written. Outputs are
//! copied from the cache into `out_dir`, never hard-linked (see [`place`]).
//! After a successful run, cache entries no job of the run used are removed.
//!
//! One run at a time uses a cache: `faro serve` and `faro build` on the same
//! site take turns through a lock file (`<cache_dir>/.lock`), so neither
//! prunes or rewrites an entry the other is reading.
//!
//! How the modules fit, in the order a run uses them:
//!
//! - [`jobs`]: the photos of an archive, one [`PhotoJob`] per use, and how a
//!   job is named in messages;
//! - [`naming`]: where a photo is published (the key pages look it up by,
//!   and its hashed name with `images.hashed_names`);
//! - [`plan`]: the settings normalised, and the widths one photo gets;
//! - [`unit`]: one original, from its bytes to its published copies;
//! - [`cache`]: entries, their `meta` file, the lock that keeps one run at a
//!   time in a cache, atomic writes and pruning;
//! - [`decode`] and [`encode`]: pixels in (upright, checked) and out (WebP, JPEG);
//! - [`place`]: a cache file copied into the output;
//! - [`problem`]: what can go wrong with one original, as a message;
//! - [`processed`]: what a page gets to show a photo.

mod cache;
mod decode;
mod encode;
mod jobs;
mod naming;
mod place;
mod plan;
mod problem;
mod processed;
mod unit;

pub use cache::ENCODER_VERSION;
pub use jobs::{PhotoJob, photo_jobs};
pub use naming::{photo_output, published_base};
pub use processed::{Image, Processed};

use crate::load::config::ImageSettings;
use crate::support::diag::Diagnostics;
use crate::{problem, t};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jobs::{job_diag, shown_name};
use plan::Plan;
use problem::Problem;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use unit::Done;

/// How many distinct photos were encoded and how many came whole from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub processed: usize,
    pub cached: usize,
}

/// Processes every photo of a run: see the module documentation.
///
/// Returns the processed photos keyed by `PhotoJob::output`, or every problem
/// found (each naming the report, its line and the photo). On error the cache
/// is left as it was apart from complete new entries; `out_dir` may hold some
/// outputs, so the caller should build into a staging directory.
///
/// The cache is pruned to what this run used, so pass every photo of the site
/// in one call.
pub fn process(
    jobs: &[PhotoJob],
    settings: &ImageSettings,
    cache_dir: &Path,
    out_dir: &Path,
    progress: bool,
) -> Result<(HashMap<String, Processed>, Stats), Diagnostics> {
    let mut diags = Diagnostics::default();
    let plan = Plan::new(settings);
    let units = units(jobs, &mut diags);

    if let Err(e) = fs::create_dir_all(cache_dir) {
        diags.push(problem!(
            "photo-cache-create",
            cache_dir,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        ));
        return Err(diags.sorted());
    }
    let _lock = cache::lock_cache(cache_dir).map_err(|e| {
        Diagnostics::from(problem!(
            "photo-cache-lock",
            cache_dir,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        ))
    })?;

    let bar = progress_bar(progress, units.len());
    // Published bases already being written: two originals with the same
    // bytes get the same hashed name, and only one of them may write it.
    let claimed = std::sync::Mutex::new(HashSet::new());
    let results: Vec<Result<Done, Problem>> = units
        .par_iter()
        .map(|(source, jobs)| {
            let result = unit::process_unit(source, jobs, &plan, cache_dir, out_dir, &claimed);
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();

    let (out, stats, used) = gather(&units, results, &mut diags);
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    cache::prune_cache(cache_dir, &used);
    Ok((out, stats))
}

/// One unit per distinct original, with the jobs that use it; the same
/// output from two different originals is a conflict, pushed to `diags`.
fn units<'a>(jobs: &'a [PhotoJob], diags: &mut Diagnostics) -> Vec<(&'a Path, Vec<&'a PhotoJob>)> {
    let mut units: BTreeMap<&Path, Vec<&PhotoJob>> = BTreeMap::new();
    let mut owner: HashMap<&str, &PhotoJob> = HashMap::new();
    for job in jobs {
        if let Some(first) = owner.get(job.output.as_str()) {
            if first.source != job.source {
                let message = t!(
                    "photo-same-output",
                    name = shown_name(job),
                    other = first.source.display().to_string(),
                    output = &job.output
                );
                diags.push(job_diag(job, message).with_code("photo-same-output"));
            }
            continue;
        }
        owner.insert(&job.output, job);
        units.entry(&job.source).or_default().push(job);
    }
    units.into_iter().collect()
}

/// A progress bar on standard error over `len` originals, or a hidden one.
fn progress_bar(shown: bool, len: usize) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{} {{bar:30}} {{pos}}/{{len}} {{wide_msg}}",
            t!("photo-progress")
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The outputs, counts and cache files used of every unit that went
/// through; each unit that failed becomes one message per job that uses it.
fn gather(
    units: &[(&Path, Vec<&PhotoJob>)],
    results: Vec<Result<Done, Problem>>,
    diags: &mut Diagnostics,
) -> (HashMap<String, Processed>, Stats, HashSet<PathBuf>) {
    let mut out = HashMap::new();
    let mut stats = Stats::default();
    let mut used: HashSet<PathBuf> = HashSet::new();
    for ((_, jobs), result) in units.iter().zip(results) {
        match result {
            Ok(done) => {
                if done.cached {
                    stats.cached += 1;
                } else {
                    stats.processed += 1;
                }
                used.extend(done.cache_files);
                out.extend(done.outputs);
            }
            Err(problem) => {
                for job in jobs {
                    let message = problem.message(&shown_name(job));
                    diags.push(job_diag(job, message).with_code(problem.code()));
                }
            }
        }
    }
    (out, stats, used)
}

#[cfg(test)]
mod tests;
