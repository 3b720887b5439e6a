//! The pipeline, described once: its steps ([`Step`]) and the run that
//! takes them ([`Run`]), load → photos → derive → render → search →
//! compress → write. Each command chooses its steps ([`Steps`]) and where
//! the files go: `faro build` all of them into the output folder (staged,
//! then swapped), `faro check` everything but writing, into memory, the
//! preview a full build then, on a save, its incremental update
//! (`crate::pipeline::incremental`, which takes the same steps over what changed), and
//! `faro serve`'s search page the search step over the pages already
//! written ([`index_on_demand`]).
//!
//! The derived archive (`Derived`: series, comparisons, changes) is made
//! once per run, by the derive step, and handed to rendering.

use crate::derive::Derived;
use crate::load;
use crate::load::config::Config;
use crate::load::model::{Archive, Period};
use crate::render;
use crate::render::photos::{self, Processed};
use crate::render::theme::Theme;
use crate::search;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::write::output::{Collect, Output, OutputPath, Sink};
use crate::write::{self, Staging};
use render_cache::RenderCache;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub mod build;
mod documents;
pub mod incremental;
pub mod render_cache;
pub mod republish;
mod steps;
mod summary;

pub(crate) use documents::{source_document, source_documents};
pub use steps::{Step, Steps};
pub(crate) use summary::Laps;
pub use summary::Summary;

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Show a progress bar for long steps (photos) on a terminal.
    pub progress: bool,
    /// Take over a non-empty output folder faro did not build (`--force`);
    /// its files are kept, never deleted.
    pub force: bool,
    /// Warnings are errors: nothing is written if there is any (`--strict`).
    pub strict: bool,
    /// Build the search index (`faro build`; `faro serve` indexes on demand).
    pub search: bool,
    /// Compare the values about to be published with those the output
    /// already publishes (`faro build`). Not in the preview: its output is
    /// the last preview, not what citizens read.
    pub check_published: bool,
    /// Make the output ready for a web host (`faro build`): content-hashed
    /// names for styles, scripts and fonts, the server configuration and
    /// compressed copies (see `publish`). Not in the preview: it must be
    /// quick, and its stylesheet swap needs stable names.
    pub for_host: bool,
    /// Render every page again, trusting no render cache (`faro serve
    /// --full`): the escape hatch when a preview looks wrong, and the full
    /// rebuild the preview's latency is measured against.
    pub rerender: bool,
    /// Draw each report's and indicator's share picture (`faro build`,
    /// `faro check`). Not in the preview: a social network cannot fetch a
    /// picture from the editor's computer, and drawing the pictures a save
    /// changed was a quarter of the time from save to reload.
    pub share_pictures: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            progress: false,
            force: false,
            strict: false,
            search: true,
            check_published: true,
            for_host: true,
            rerender: false,
            share_pictures: true,
        }
    }
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Everything a build produces before it is written, so `check` can stop here.
pub struct Site {
    pub config: Config,
    pub outputs: Vec<Output>,
    /// Photo files already placed in the output folder by the photo step.
    pub photo_files: HashSet<PathBuf>,
    pub summary: Summary,
}

/// Loads, validates and renders the site in memory ([`Steps::CHECK`]).
/// Photos are the exception: they are written (from the cache in
/// `.faro-cache/photos`) into `photo_dir`.
pub fn render_site(opts: &Options, photo_dir: &Path) -> Result<Site, Diagnostics> {
    Run::new(opts, Steps::CHECK)
        .in_memory(photo_dir)
        .map(|(site, _)| site)
}

/// One run of the pipeline: the steps chosen, with the options they read.
pub struct Run<'a> {
    opts: &'a Options,
    steps: Steps,
}

/// The loaded, validated and derived site that rendering reads. The
/// incremental preview keeps it between saves.
pub struct Model {
    pub config: Config,
    pub theme: Theme,
    pub archive: Archive,
    /// Series, comparisons and changes, from `Derived::of`.
    pub derived: Derived,
    /// Processed photos by output base path (see [`photos::photo_output`]).
    pub photos: HashMap<String, Processed>,
    /// Styles, scripts and fonts under content-hashed names (`faro build`).
    pub hashed_assets: bool,
    /// The share pictures' maker and its cache (`Step::Share`).
    pub share: render::share::Pictures,
}

impl Model {
    pub fn input(&self) -> render::Input<'_> {
        render::Input {
            config: &self.config,
            archive: &self.archive,
            theme: &self.theme,
            derived: &self.derived,
            photos: &self.photos,
            hashed_assets: self.hashed_assets,
            share: &self.share,
        }
    }
}

/// What a run's render step made, besides the files it handed to its sink.
pub(crate) struct Made {
    /// Every rendered file's path.
    pub(crate) paths: Vec<OutputPath>,
    /// The same paths by the render job that made them (`None`: the
    /// site-wide files, robots, sitemap, feed, static files).
    pub(crate) jobs: Vec<render::JobPaths>,
    /// Each report's original document as published.
    pub(crate) documents: Vec<(Period, OutputPath)>,
    /// The pages the search step indexes; `None` when this build does not
    /// index (`faro serve` indexes on demand; `search: false`).
    search: Option<Vec<search::Target>>,
    pub(crate) photo_files: HashSet<PathBuf>,
    summary: Summary,
    pub(crate) model: Model,
    /// The render cache to keep for the next build, if one was used.
    render_cache: Option<String>,
}

/// What a build over an existing output reuses of it: the staging
/// folder's files, by the render cache (see `crate::pipeline::render_cache`).
struct Reusing<'a> {
    staging: &'a Staging,
    /// Where the render cache is kept.
    cache: PathBuf,
    /// Where the incremental preview notes each file's hash.
    hashes: Option<&'a Hashes>,
    /// Whether the cache is read (see [`Options::rerender`]); it is
    /// written either way.
    trusted: bool,
}

/// Reads `site.yaml` with the preview's or command line's address applied.
pub fn load_config(opts: &Options) -> Result<Config, Diagnostics> {
    let mut config = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml"))?;
    if let Some(url) = &opts.base_url {
        crate::load::config::check_base_url_option(url)?;
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    Ok(config)
}

/// Loads and validates the content and the theme (at once), every problem of both.
fn load_site(opts: &Options, config: &Config) -> Result<(Archive, Theme), Diagnostics> {
    let (archive, theme) = rayon::join(
        || load::load_keeping(&opts.root, config, opts.drafts),
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
struct Loaded {
    config: Config,
    archive: Archive,
    theme: Theme,
    warnings: Vec<Diagnostic>,
    took: Duration,
}

impl<'a> Run<'a> {
    pub fn new(opts: &'a Options, steps: Steps) -> Self {
        Run { opts, steps }
    }

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
    fn load(&self) -> Result<Loaded, Diagnostics> {
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
    fn render_into(
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

/// The derive step: what rendering reads besides the archive.
pub fn derive(archive: &Archive) -> Derived {
    Derived::of(&archive.reports)
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

/// Checks, before anything is written, that the output folder may be built
/// into: where it resolves to, that it holds none of the site, and that faro
/// built it (or `force`). Returns the resolved folder. `faro build` exits 2
/// when this fails: the command, not the content, needs changing.
pub fn check_output(opts: &Options) -> Result<PathBuf, Diagnostics> {
    let target = write::check_output(&opts.root, &opts.output_dir())?;
    // Only whether it may: the build lists the foreign files itself.
    write::refuse_foreign_folder(&target, opts.force)?;
    Ok(target)
}

/// Warnings turned into errors by `--strict`, each saying why it stops the run.
pub fn strict_errors(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|w| {
            let mut e = w.as_error();
            e.message.push_str(&crate::t!("build-strict-suffix"));
            e
        })
        .collect()
}

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

/// `faro serve`: indexes the published preview in place
/// ([`Steps::SEARCH_ON_DEMAND`]), unless it already has an index. The
/// search page asks for this on each visit.
pub fn index_on_demand(opts: &Options) -> Result<(), Diagnostics> {
    let steps = Steps::SEARCH_ON_DEMAND;
    search::index_in_place(&opts.output_dir(), || {
        let config = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml"))?;
        if !(steps.has(Step::Search) && config.search) {
            return Ok(None);
        }
        let archive = load::load(&opts.root, &config, opts.drafts)?;
        let derived = derive(&archive);
        Ok(Some(search::targets(&archive, &derived.series)))
    })
}

/// The hash of each file's bytes, by path (see [`Run::to_output`]).
pub(crate) type Hashes = std::sync::Mutex<HashMap<OutputPath, u64>>;

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
