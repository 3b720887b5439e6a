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
use crate::render::photos::Processed;
use crate::render::theme::Theme;
use crate::search;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::write;
use crate::write::output::{Output, OutputPath};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub mod build;
mod documents;
pub mod incremental;
pub mod render_cache;
pub mod republish;
mod run;
mod steps;
mod summary;
mod to_output;

pub(crate) use documents::{source_document, source_documents};
pub use run::{photo_files, process_photos};
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
/// Its steps up to rendering are in `run`, into any sink; its run into the
/// output folder in `to_output`.
pub struct Run<'a> {
    opts: &'a Options,
    steps: Steps,
}

impl<'a> Run<'a> {
    pub fn new(opts: &'a Options, steps: Steps) -> Self {
        Run { opts, steps }
    }
}

/// The loaded, validated and derived site that rendering reads. The
/// incremental preview keeps it between saves.
pub struct Model {
    pub config: Config,
    pub theme: Theme,
    pub archive: Archive,
    /// Series, comparisons and changes, from `Derived::of`.
    pub derived: Derived,
    /// Processed photos by output base path (see [`crate::render::photos::photo_output`]).
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

/// The derive step: what rendering reads besides the archive.
pub fn derive(archive: &Archive) -> Derived {
    Derived::of(&archive.reports)
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
        let archive = load::load(&opts.root, opts.drafts)?;
        let derived = derive(&archive);
        Ok(Some(search::targets(&archive, &derived.series)))
    })
}

/// The hash of each file's bytes, by path (see [`Run::to_output`]).
pub(crate) type Hashes = std::sync::Mutex<HashMap<OutputPath, u64>>;
