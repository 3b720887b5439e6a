//! A run into the output folder (`faro build`, the preview's first
//! build): rendered into a staging folder, reusing the files an unchanged
//! render job made last time (the render cache), indexed and compressed,
//! and swapped in only when every step succeeded.

use super::run::Reusing;
use super::{Hashes, Made, Run, Step, Summary, render_cache, strict_errors};
use crate::search;
use crate::support::diag::Diagnostics;
use crate::write::output::{Output, OutputPath, Sink};
use crate::write::{self, Staging};
use std::path::Path;
use std::time::{Duration, Instant};

impl Run<'_> {
    /// The chosen steps into the output folder: rendered into a staging
    /// folder, which replaces the output only if everything succeeded.
    /// With `hashes`, the hash of every file it wrote is noted there (the
    /// incremental preview starts from both).
    pub(crate) fn to_output(
        &self,
        hashes: Option<&Hashes>,
    ) -> Result<(Summary, Made), Diagnostics> {
        let opts = self.opts;
        let start = Instant::now();
        let target = write::check_output(&opts.root, &opts.output_dir())?;
        // Taken before anything is read: a build that waits renders the
        // content as it is when its turn comes, so the last to start publishes
        // the newest site.
        let _lock = write::lock_output(&target, || {
            eprintln!(
                "{}",
                crate::t!(
                    "build-waiting-for-lock",
                    output = target.display().to_string()
                )
            );
        })?;
        // Rendered files go straight into the staging folder (`render` is the
        // step that writes them); it replaces the target only after all
        // succeeded. Listing the folders and reading the site need nothing
        // of each other, so they run side by side.
        let (staging, loaded) = rayon::join(
            || {
                let staging = Staging::new(&target, opts.force);
                // Taking the lock, reading the manifests, listing both folders.
                (staging, start.elapsed())
            },
            || self.load(),
        );
        let (staging, prepared) = staging;
        let staging = staging?;
        let loaded = loaded?;
        let hashing;
        let sink: &dyn Sink = match hashes {
            Some(hashes) => {
                hashing = Hashing {
                    inner: &staging,
                    hashes,
                };
                &hashing
            }
            None => &staging,
        };
        let cache_path = write::render_cache_path(&target);
        let reusing = Reusing {
            staging: &staging,
            cache: cache_path.clone(),
            hashes,
            trusted: !opts.rerender,
        };
        let mut made = self.render_into(loaded, staging.path(), sink, Some(&reusing))?;
        let mut summary = std::mem::take(&mut made.summary);
        summary.steps.insert(0, ("prepare", prepared));
        let mut paths = std::mem::take(&mut made.paths);
        self.check_published(&target, &made, &mut summary)?;
        // Compressed copies of earlier builds, by their source: a build into
        // an empty output takes them back rather than compress again.
        let compressed = if self.steps.has(Step::Compress) && made.model.config.compress {
            write::compress::Cache::of_site(&opts.root)
        } else {
            write::compress::Cache::none()
        };
        let staged = Staged {
            staging: &staging,
            target: &target,
            sink,
            compressed: &compressed,
        };
        self.index_and_compress(&staged, &made, &mut paths, &mut summary)?;
        let lap = Instant::now();
        for kept in staging.finish(&paths, &made.photo_files)? {
            eprintln!(
                "{}",
                crate::t!("build-kept-foreign-file", kept = kept.display().to_string())
            );
        }
        summary.changed = staging.changed();
        staging.publish()?;
        // Every copy of the new site is noted: the others go.
        compressed.prune();
        if let Some(text) = made.render_cache.take() {
            // Only speed is lost if it cannot be written.
            let _ = render_cache::write(&cache_path, &text);
        }
        summary.steps.push((Step::Write.name(), lap.elapsed()));
        summary.elapsed = start.elapsed();
        Ok((summary, made))
    }

    /// Compares the values about to be published with those the output
    /// publishes now (`check_published`); under `--strict`, any warning so
    /// far stops the run. Before the swap: the output still holds what is
    /// published now; and before indexing, the slowest step, so `--strict`
    /// stops early.
    fn check_published(
        &self,
        target: &Path,
        made: &Made,
        summary: &mut Summary,
    ) -> Result<(), Diagnostics> {
        if self.opts.check_published {
            let published = crate::pipeline::republish::read_published(target);
            summary
                .warnings
                .extend(crate::pipeline::republish::unrecorded_changes(
                    &published,
                    &made.model.archive.reports,
                    &crate::pipeline::republish::today(),
                ));
        }
        if self.opts.strict && !summary.warnings.is_empty() {
            return Err(Diagnostics(strict_errors(std::mem::take(
                &mut summary.warnings,
            ))));
        }
        Ok(())
    }

    /// The search and compress steps, side by side: Pagefind indexes one
    /// page at a time, on one core, while compressing the rendered files
    /// keeps the others busy; one after the other, indexing added more than
    /// half to a first build (issue 13).
    fn index_and_compress(
        &self,
        staged: &Staged<'_>,
        made: &Made,
        paths: &mut Vec<OutputPath>,
        summary: &mut Summary,
    ) -> Result<(), Diagnostics> {
        let staging = staged.staging;
        let indexing =
            |targets: &[search::Target]| -> Result<(search::Index, Duration), Diagnostics> {
                let lap = Instant::now();
                let hash_of = |file: &str| {
                    let path = OutputPath::new(file).ok()?;
                    staging.put_file(&path).map(|(_, hash)| hash)
                };
                let index = search::index(
                    staging.path(),
                    staged.target,
                    &self.opts.root,
                    targets,
                    &hash_of,
                )?;
                Ok((index, lap.elapsed()))
            };
        let (index, compressing) = rayon::join(
            || made.search.as_deref().map(indexing).transpose(),
            || {
                if self.steps.has(Step::Compress) {
                    crate::write::host::prepare(
                        &made.model.config,
                        staging,
                        paths,
                        staged.compressed,
                    )
                } else {
                    Ok(None)
                }
            },
        );
        let mut compressing = compressing?;
        if let Some((index, took)) = index? {
            let step = index.step();
            let mut index_paths = Vec::with_capacity(index.outputs.len());
            for output in index.outputs {
                index_paths.push(output.path.clone());
                staged.sink.put(output)?;
                summary.files += 1;
            }
            summary.steps.push((step, took));
            // The index's own scripts and record, compressed once it is made.
            if let Some(compressed) = compressing.as_mut() {
                let lap = Instant::now();
                let copies =
                    crate::write::compress::precompress(staging, &index_paths, staged.compressed)?;
                paths.extend(copies);
                *compressed += lap.elapsed();
            }
            paths.extend(index_paths);
        }
        summary
            .steps
            .extend(compressing.map(|d| (Step::Compress.name(), d)));
        Ok(())
    }
}

/// Where a run to the output folder puts its files.
struct Staged<'a> {
    staging: &'a Staging,
    /// The output folder, which holds what is published now.
    target: &'a Path,
    /// The staging folder, or a sink noting each file's hash on its way there.
    sink: &'a dyn Sink,
    /// The compressed copies kept outside the output.
    compressed: &'a write::compress::Cache,
}

/// A sink that notes the hash of each file and passes it on.
struct Hashing<'a> {
    inner: &'a dyn Sink,
    hashes: &'a Hashes,
}

impl Sink for Hashing<'_> {
    fn put(&self, output: Output) -> Result<(), Diagnostics> {
        let hash = xxhash_rust::xxh3::xxh3_64(&output.bytes);
        let path = output.path.clone();
        self.inner.put(output)?;
        self.hashes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, hash);
        Ok(())
    }
}
