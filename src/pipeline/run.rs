//! The steps every run takes, whatever it writes to: load → photos →
//! derive → render, each file handed to a sink as soon as it is made
//! (`faro check` collects them in memory; `to_output` stages them, and
//! then the render step takes back the files of every job whose inputs
//! did not change, by the render cache).

use super::render_cache::{self, RenderCache};
use super::{
    Hashes, Laps, Made, Model, Options, Run, Site, Step, Summary, derive, load_config,
    source_documents, strict_errors,
};
use crate::load;
use crate::load::config::Config;
use crate::load::model::Archive;
use crate::render;
use crate::render::photos::{self, Processed};
use crate::render::theme::Theme;
use crate::search;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::write::Staging;
use crate::write::output::{Collect, OutputPath, Sink};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Loads and validates the content and the theme (at once), every problem of both.
fn load_site(opts: &Options, config: &Config) -> Result<(Archive, Theme), Diagnostics> {
    let (archive, theme) = rayon::join(
        || load::load_keeping(&opts.root, opts.drafts),
        || Theme::load(&opts.root, &config.theme),
    );
    match (archive, theme) {
        (Ok(a), Ok(t)) => Ok((a, t)),
        (a, t) => {
            let mut d = Diagnostics::default();
            if let Err(e) = a {
                d.extend(e);
            }
            if let Err(e) = t {
                d.extend(e);
            }
            Err(d.sorted())
        }
    }
}

/// Processes the photos of every report (from the cache when it has them)
/// into `photo_dir`.
pub fn process_photos(
    opts: &Options,
    config: &Config,
    archive: &Archive,
    photo_dir: &Path,
) -> Result<(HashMap<String, Processed>, photos::Stats), Diagnostics> {
    let jobs = photos::photo_jobs(archive);
    // Never through a link: faro would read and write elsewhere. Unlike the
    // other caches, photos cannot be left out of a build, so this stops it.
    use crate::support::real_folder::{Refused, under};
    let cache_dir = match under(&opts.root, PHOTO_CACHE) {
        Ok(dir) => dir,
        Err(_) if jobs.is_empty() => return Ok(Default::default()),
        Err(Refused::NotAFolder) => {
            return Err(crate::problem!(
                "photo-cache-not-folder",
                &opts.root.join(PHOTO_CACHE),
                0,
                0,
                cache = PHOTO_CACHE
            )
            .into());
        }
        Err(Refused::CannotMake(e)) => {
            return Err(crate::problem!(
                "photo-cache-create",
                &opts.root.join(PHOTO_CACHE),
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
            .into());
        }
    };
    photos::process(&jobs, &config.images, &cache_dir, photo_dir, opts.progress)
}

/// Where resized photos are kept, under the site's folder.
const PHOTO_CACHE: &str = ".faro-cache/photos";

/// Every file the photo step places in the output, relative to it.
pub fn photo_files(photos: &HashMap<String, Processed>) -> HashSet<PathBuf> {
    photos
        .values()
        .flat_map(|p| p.sizes.iter().chain(std::iter::once(&p.thumbnail)))
        .flat_map(|i| [PathBuf::from(&i.webp), PathBuf::from(&i.jpeg)])
        .collect()
}

/// What the load step read, and how long it took.
pub(super) struct Loaded {
    config: Config,
    archive: Archive,
    theme: Theme,
    warnings: Vec<Diagnostic>,
    took: Duration,
}

impl<'a> Run<'a> {
    /// The site in memory, every file in [`Site::outputs`]; photos go into
    /// `photo_dir`. Also what was loaded and derived.
    pub fn in_memory(&self, photo_dir: &Path) -> Result<(Site, Model), Diagnostics> {
        let collect = Collect::default();
        let made = self.render_into(self.load()?, photo_dir, &collect, None)?;
        let site = Site {
            config: made.model.config.clone(),
            outputs: collect.into_outputs(),
            photo_files: made.photo_files,
            summary: made.summary,
        };
        Ok((site, made.model))
    }

    /// The load step: the site's settings, archive and theme, with the
    /// quality warnings (errors under `--strict`).
    pub(super) fn load(&self) -> Result<Loaded, Diagnostics> {
        let start = Instant::now();
        let opts = self.opts;
        let config = load_config(opts)?;
        let (archive, theme) = load_site(opts, &config)?;
        let mut warnings = crate::derive::quality::warnings(&archive);
        warnings.extend(config.placeholder_warning(Path::new("site.yaml")));
        if opts.strict && !warnings.is_empty() {
            return Err(Diagnostics(strict_errors(warnings)));
        }
        Ok(Loaded {
            config,
            archive,
            theme,
            warnings,
            took: start.elapsed(),
        })
    }

    /// The photo and derive steps on what was `loaded`: the model rendering
    /// reads, the quality warnings and the photo step's counts.
    fn model(
        &self,
        loaded: Loaded,
        photo_dir: &Path,
        laps: &mut Laps,
    ) -> Result<(Model, Vec<Diagnostic>, photos::Stats), Diagnostics> {
        let opts = self.opts;
        let Loaded {
            config,
            archive,
            theme,
            warnings,
            took,
        } = loaded;
        laps.took(Step::Load.name(), took);
        let (photos, stats) = if self.steps.has(Step::Photos) {
            process_photos(opts, &config, &archive, photo_dir)?
        } else {
            Default::default()
        };
        laps.lap(Step::Photos.name());
        let derived = derive(&archive);
        laps.lap(Step::Derive.name());
        let share = if self.steps.has(Step::Share) {
            render::share::Pictures::cached_under(opts.root.clone())
        } else {
            render::share::Pictures::none()
        };
        let model = Model {
            config,
            theme,
            archive,
            derived,
            photos,
            hashed_assets: opts.for_host,
            share,
        };
        Ok((model, warnings, stats))
    }

    /// The photo, derive and render steps on what was `loaded`: each file
    /// into `sink` as soon as it is made; photos go into `photo_dir`.
    pub(super) fn render_into(
        &self,
        loaded: Loaded,
        photo_dir: &Path,
        sink: &dyn Sink,
        reusing: Option<&Reusing<'_>>,
    ) -> Result<Made, Diagnostics> {
        let now = Instant::now();
        let start = now.checked_sub(loaded.took).unwrap_or(now);
        let mut laps = Laps::start();
        let (model, warnings, stats) = self.model(loaded, photo_dir, &mut laps)?;
        let reused = AtomicUsize::new(0);
        let (jobs, render_cache) = match reusing {
            Some(reusing) => render_reusing(&model, self.opts.drafts, sink, reusing, &reused)?,
            None => (render::render(&model.input(), sink)?, None),
        };
        let jobs_reused = reused.into_inner();
        // Every picture is drawn: the text patches would only take memory
        // through indexing, a build's peak.
        model.share.forget_patches();
        if jobs_reused == 0 {
            // Every picture of the site was asked for: the rest are stale.
            model.share.prune();
        }
        let mut paths: Vec<OutputPath> = jobs.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
        let documents = source_documents(&model.archive.reports, sink)?;
        paths.extend(documents.iter().map(|(_, p)| p.clone()));
        laps.lap(Step::Render.name());
        let summary = Summary {
            reports: model.archive.reports.len(),
            pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
            files: paths.len(),
            photos: stats.processed + stats.cached,
            photos_cached: stats.cached,
            elapsed: start.elapsed(),
            steps: laps.steps,
            warnings,
            changed: Vec::new(),
            jobs_rendered: jobs.iter().filter(|(key, _)| key.is_some()).count() - jobs_reused,
            jobs_reused,
        };
        Ok(Made {
            search: (self.steps.has(Step::Search) && model.config.search)
                .then(|| search::targets(&model.archive, &model.derived.series)),
            photo_files: photo_files(&model.photos),
            paths,
            jobs,
            documents,
            summary,
            model,
            render_cache,
        })
    }
}

/// What a build over an existing output reuses of it: the staging
/// folder's files, by the render cache (see `crate::pipeline::render_cache`).
pub(super) struct Reusing<'a> {
    pub(super) staging: &'a Staging,
    /// Where the render cache is kept.
    pub(super) cache: PathBuf,
    /// Where the incremental preview notes each file's hash.
    pub(super) hashes: Option<&'a Hashes>,
    /// Whether the cache is read (see [`super::Options::rerender`]); it is
    /// written either way.
    pub(super) trusted: bool,
}

/// Renders the jobs whose files the staging folder does not hold already
/// (by the render cache); returns every job's paths and the cache to keep.
fn render_reusing(
    model: &Model,
    drafts: bool,
    sink: &dyn Sink,
    reusing: &Reusing<'_>,
    reused: &AtomicUsize,
) -> Result<(Vec<render::JobPaths>, Option<String>), Diagnostics> {
    let input = model.input();
    let settings = render_cache::settings(&input, drafts);
    let cache = if reusing.trusted {
        RenderCache::read(&reusing.cache, settings)
    } else {
        RenderCache::default()
    };
    let fingerprints = render::fingerprints(&input, None);
    let staging = reusing.staging;
    let reuse = |key: &render::JobKey| -> Option<Vec<OutputPath>> {
        let files = cache.files(&render_cache::key_text(key), *fingerprints.get(key)?)?;
        // A file not kept is made again with its whole job.
        if !files.iter().all(|(path, hash)| staging.keep(path, *hash)) {
            return None;
        }
        if let Some(hashes) = reusing.hashes {
            let mut hashes = hashes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            hashes.extend(files.iter().cloned());
        }
        reused.fetch_add(1, Ordering::Relaxed);
        Some(files.iter().map(|(path, _)| path.clone()).collect())
    };
    let jobs = render::render_reusing(&input, sink, &reuse)?;
    let recorded: Vec<(String, u64, render_cache::Files)> = jobs
        .iter()
        .filter_map(|(key, paths)| {
            let key = key.as_ref()?;
            let files = paths
                .iter()
                .map(|p| staging.put_file(p).map(|(_, hash)| (p.clone(), hash)))
                .collect::<Option<_>>()?;
            Some((render_cache::key_text(key), *fingerprints.get(key)?, files))
        })
        .collect();
    let text = render_cache::text(
        settings,
        recorded.iter().map(|(k, f, files)| (k.clone(), *f, files)),
    );
    Ok((jobs, Some(text)))
}
