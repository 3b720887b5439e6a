//! The preview's incremental rebuild: after a save, re-read only the files
//! that changed and re-render only the pages whose inputs changed.
//!
//! A [`Preview`] starts from a full build and keeps, between saves, the
//! loaded config and theme, the parsed content files, the derived series,
//! the processed photos and, for each render job, its fingerprint (a hash of
//! the model data it reads, `render::fingerprints`) and the files it made,
//! with the hash of each file's bytes. An update re-reads the changed
//! content files, re-validates the archive, re-derives the series, then
//! re-renders the jobs whose fingerprint changed, and writes into the output
//! folder only the files whose bytes changed, deleting those no longer made
//! (`outputs`). Anything else (a template, the theme, `site.yaml`, `static/`,
//! a definition) takes a full rebuild, as does `faro serve --full`.
//!
//! A failed update writes nothing and keeps the last good state; the next
//! save updates from it.

mod kept;
mod later;
mod outputs;
mod sources;

pub use later::{LARGE_FILE, wait_until_written};

use crate::pipeline::{self as build, Model, Options, Run, Step, Steps, Summary};
use crate::render::data::ReportPart;
use crate::render::{self, JobKey};
use crate::support::diag::Diagnostics;
use crate::write::output::OutputPath;
use crate::write::{self, InPlace};
use later::Later;
use outputs::Outputs;
use sources::Sources;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// The preview's site as last built, to update from.
pub struct Preview {
    opts: Options,
    target: PathBuf,
    model: Model,
    sources: Sources,
    photo_jobs: Vec<crate::render::photos::PhotoJob>,
    /// Each job's fingerprint.
    fingerprints: HashMap<JobKey, u64>,
    /// Each report's share of the data files and its warnings.
    parts: kept::Parts,
    warnings: kept::Warnings,
    outputs: Outputs,
    written: Later,
    /// Files of at least this many bytes are written after the reload
    /// event (`later`): `faro serve`'s server waits for them at its gate.
    /// `None`: everything is written before `update` returns.
    write_later: Option<usize>,
    /// A file written after an update's reload event could not be: the
    /// output is not what `outputs` says, so the next change builds it whole.
    broken: bool,
    /// The sources' generation the archive in `model` was assembled from:
    /// its reports whose files were not read again since are moved into the
    /// next archive instead of copied. `None` after a full build (its
    /// archive was read apart from the sources) and after a failed update
    /// (its reports may be gone).
    assembled_in: Option<u64>,
}

/// True when a change to these paths (relative to the site root) may be
/// applied incrementally: only content files, definitions aside.
pub fn is_content_change(paths: &[PathBuf]) -> bool {
    !paths.is_empty()
        && paths.iter().all(|p| {
            let mut parts = p.components();
            parts.next() == Some(Component::Normal("content".as_ref()))
                && parts.next() != Some(Component::Normal("indicadores".as_ref()))
        })
}

impl Preview {
    /// A full build into `opts`' output folder (as `faro build` does it),
    /// kept to update from. `previous`, the preview it replaces, lets the
    /// summary list the files that changed.
    pub fn build(
        opts: &Options,
        previous: Option<&Preview>,
    ) -> Result<(Preview, Summary), Diagnostics> {
        if let Some(previous) = previous {
            // Its files written later must not land on this build's; if
            // they failed, this build writes them anyway.
            let _ = previous.written.settle();
        }
        let hashes = build::Hashes::default();
        let (mut summary, made) = Run::new(opts, Steps::build(opts)).to_output(Some(&hashes))?;
        let hashes = hashes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let target = write::check_output(&opts.root, &opts.output_dir())?;
        let outputs = Outputs::from_build(&made, hashes);
        if let Some(previous) = previous {
            summary.changed = previous.outputs.changed_since(&outputs);
        }
        let sources = Sources::read_all(&opts.root);
        let reports = &made.model.archive.reports;
        let hashes = sources.report_hashes(&opts.root, reports);
        let mut parts = kept::Parts::default();
        let mut warnings = kept::Warnings::default();
        parts.of(reports, &hashes);
        warnings.of(reports, &hashes);
        let preview = Preview {
            opts: opts.clone(),
            sources,
            photo_jobs: crate::render::photos::photo_jobs(&made.model.archive),
            fingerprints: render::fingerprints(&made.model.input(), Some(hashes)),
            parts,
            warnings,
            written: Later::new(target.clone(), InPlace::open(&target)),
            write_later: None,
            broken: false,
            target,
            outputs,
            model: made.model,
            assembled_in: None,
        };
        Ok((preview, summary))
    }

    /// Brings the output up to date after a change to `changed` (paths
    /// relative to the site root, as the watcher gives them): the
    /// pipeline's steps ([`Steps::PREVIEW_UPDATE`]) over what changed.
    /// `Ok(None)` when the change needs a full rebuild: nothing was done.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Option<Summary>, Diagnostics> {
        // Built for a web host (compressed copies, server files), with an
        // index or under `--strict`: only a full build does all of that.
        if !is_content_change(changed)
            || self.opts.search
            || self.opts.strict
            || self.opts.for_host
            || self.broken
        {
            return Ok(None);
        }
        self.settle()?;
        let start = Instant::now();
        let mut laps = build::Laps::start();
        let mut step = |s: Step| laps.lap(s.name());
        let Some(loaded) = self.load(changed)? else {
            return Ok(None);
        };
        step(Step::Load);
        let photo_jobs = crate::render::photos::photo_jobs(&loaded.archive);
        let photos = if loaded.other_files || photo_jobs != self.photo_jobs {
            self.process_photos(&loaded.archive)?
        } else {
            self.model.photos.clone()
        };
        step(Step::Photos);
        let (archive, hashes) = (loaded.archive, loaded.hashes);
        let derived = build::derive(&archive);
        let input = render::Input {
            config: &self.model.config,
            theme: &self.model.theme,
            archive: &archive,
            derived: &derived,
            photos: &photos,
            hashed_assets: self.model.hashed_assets,
            share: &self.model.share,
        };
        let fingerprints = render::fingerprints(&input, Some(hashes.clone()));
        step(Step::Derive);
        let stale: HashSet<&JobKey> = fingerprints
            .iter()
            .filter(|(key, f)| self.fingerprints.get(*key) != Some(*f))
            .map(|(key, _)| key)
            .collect();
        let rendering = Rendering {
            input: &input,
            stale: &stale,
            fingerprints: &fingerprints,
            hashes: &hashes,
            changed,
            root: &self.opts.root,
        };
        let (next, mut diff) = rendering.render(&mut self.parts, &self.outputs)?;
        step(Step::Render);
        let written = self.write(&mut diff)?;
        step(Step::Write);
        let summary = Summary {
            reports: archive.reports.len(),
            pages: next.count(|p| p.ends_with(".html")),
            files: next.count(|_| true),
            photos: photos.len(),
            elapsed: start.elapsed(),
            warnings: loaded.warnings,
            steps: laps.steps,
            changed: diff.changed.clone(),
            ..Summary::default()
        };
        let photo_files = build::photo_files(&photos);
        self.outputs
            .update(next, &written, &diff.remove, photo_files);
        self.fingerprints = fingerprints;
        self.photo_jobs = photo_jobs;
        // The last archive and series are freed on another thread: the
        // browser's reload need not wait for it.
        let old = (
            std::mem::replace(&mut self.model.archive, archive),
            std::mem::replace(&mut self.model.derived, derived),
            std::mem::replace(&mut self.model.photos, photos),
        );
        rayon::spawn(move || drop(old));
        self.assembled_in = Some(self.sources.generation());
        Ok(Some(summary))
    }

    /// The load step over the changed files: the archive assembled from
    /// them and the reports kept, each report's hash and the warnings.
    /// `None` when the change needs a full rebuild.
    fn load(&mut self, changed: &[PathBuf]) -> Result<Option<Loaded>, Diagnostics> {
        let Some(refreshed) = self.sources.refresh(&self.opts.root, changed) else {
            return Ok(None);
        };
        let mut scan = refreshed.scan;
        let diags = Diagnostics(std::mem::take(&mut scan.diags));
        let reusable = self.reusable_reports();
        let reuse = |r: &crate::load::model::Report| {
            let mut reusable = reusable.lock().unwrap_or_else(PoisonError::into_inner);
            reusable.remove(&r.source)
        };
        let archive = crate::load::assemble_reusing(
            self.sources.in_order(&scan),
            self.model.archive.definitions.clone(),
            self.opts.drafts,
            diags,
            &reuse,
        )?;
        // What was not reused is freed off the save's path.
        rayon::spawn(move || drop(reusable));
        let hashes = self
            .sources
            .report_hashes(&self.opts.root, &archive.reports);
        let warnings = self.warnings.of(&archive.reports, &hashes);
        Ok(Some(Loaded {
            archive,
            hashes,
            warnings,
            other_files: refreshed.other_files,
        }))
    }

    /// The write step: the files whose bytes changed, the large ones after
    /// the reload event when [`Preview::write_later`] asks; returns the
    /// path and hash of each file written.
    fn write(&mut self, diff: &mut outputs::Diff) -> Result<Vec<(OutputPath, u64)>, Diagnostics> {
        let written: Vec<(OutputPath, u64)> = diff
            .put
            .iter()
            .map(|(o, hash)| (o.path.clone(), *hash))
            .collect();
        let (later, now): (Vec<_>, Vec<_>) =
            std::mem::take(&mut diff.put)
                .into_iter()
                .partition(|(o, _)| {
                    self.write_later.is_some_and(|min| o.bytes.len() >= min)
                        && self.outputs.has(&o.path)
                });
        self.written
            .apply(&now, &diff.remove, &diff.photos_added, later)?;
        Ok(written)
    }

    /// Takes the last archive's reports out of it, by source, keeping those
    /// whose files were not read again since it was assembled. Taking them
    /// leaves the archive without reports, so until this update succeeds
    /// none is reused again.
    fn reusable_reports(&mut self) -> Mutex<HashMap<PathBuf, crate::load::model::Report>> {
        let last = std::mem::take(&mut self.model.archive.reports);
        let Some(generation) = self.assembled_in.take() else {
            rayon::spawn(move || drop(last));
            return Mutex::default();
        };
        let (root, sources) = (&self.opts.root, &self.sources);
        let (same, changed): (Vec<_>, Vec<_>) = last
            .into_iter()
            .partition(|r| sources.unchanged_since(root, &r.source, generation));
        rayon::spawn(move || drop(changed));
        Mutex::new(same.into_iter().map(|r| (r.source.clone(), r)).collect())
    }

    /// Processes every photo again into the output folder (from the cache
    /// when it has them), and records the files placed in the manifest at
    /// once, so that a render failing after it leaves no file unaccounted for.
    fn process_photos(
        &mut self,
        archive: &crate::load::model::Archive,
    ) -> Result<HashMap<String, crate::render::photos::Processed>, Diagnostics> {
        let _lock = write::lock_output(&self.target, || {})?;
        let (photos, _) =
            build::process_photos(&self.opts, &self.model.config, archive, &self.target)?;
        let placed: Vec<PathBuf> = build::photo_files(&photos)
            .into_iter()
            .filter(|p| !self.outputs.has_photo(p))
            .collect();
        self.written.record_photos(&placed)?;
        Ok(photos)
    }

    /// From now on, writes the files of at least `from_bytes` that the
    /// output holds already after `update` returns ([`LARGE_FILE`] in `faro
    /// serve`, whose server waits for them: [`wait_until_written`]).
    pub fn write_later(&mut self, from_bytes: usize) {
        self.write_later = Some(from_bytes);
    }

    /// Waits until every file of the last update is written; its failure,
    /// if writing one failed (the next change then builds the whole site).
    fn settle(&mut self) -> Result<(), Diagnostics> {
        let settled = self.written.settle();
        self.broken |= settled.is_err();
        settled
    }
}

/// What an update's load step made.
struct Loaded {
    archive: crate::load::model::Archive,
    /// Each report's hash, in order (`render::report_hash`).
    hashes: Vec<u64>,
    warnings: Vec<crate::support::diag::Diagnostic>,
    /// Something other than a Markdown file changed: photos are processed again.
    other_files: bool,
}

/// An update's render step: the jobs whose fingerprint changed.
struct Rendering<'a> {
    input: &'a render::Input<'a>,
    stale: &'a HashSet<&'a JobKey>,
    fingerprints: &'a HashMap<JobKey, u64>,
    hashes: &'a [u64],
    changed: &'a [PathBuf],
    root: &'a Path,
}

impl Rendering<'_> {
    /// Renders the stale jobs, the data files from the reports' `parts`
    /// and the site-wide files; returns the files after the update and how
    /// they differ from `outputs`.
    fn render(
        &self,
        parts: &mut kept::Parts,
        outputs: &Outputs,
    ) -> Result<(outputs::Next, outputs::Diff), Diagnostics> {
        let (input, stale) = (self.input, self.stale);
        let archive = input.archive;
        // The data files from the reports' parts, beside the pages.
        let (rendered, data_files) = rayon::join(
            || {
                render::render_jobs(input, &|key| {
                    *key != JobKey::DataFiles && stale.contains(key)
                })
            },
            || {
                stale.contains(&JobKey::DataFiles).then(|| {
                    let parts = parts.of(&archive.reports, self.hashes);
                    let parts: Vec<&ReportPart> = parts.iter().map(|p| p.as_ref()).collect();
                    crate::render::data::archive_files_from(
                        input.config,
                        &archive.reports,
                        &parts,
                        &archive.definitions,
                    )
                })
            },
        );
        let mut rendered = rendered?;
        if let Some(files) = data_files {
            rendered.push((JobKey::DataFiles, files?));
        }
        let documents = documents(archive, stale, self.changed, self.root)?;
        let mut next = outputs.next(rendered, documents, self.fingerprints);
        let site_files = render::site_files(input, &next.paths())?;
        next.site_files(site_files);
        let photo_files = build::photo_files(input.photos);
        let diff = next.diff(outputs, &photo_files);
        Ok((next, diff))
    }
}

/// The original documents to copy again: those of the reports re-rendered
/// or with a changed file beside them (an original replaced in place).
fn documents(
    archive: &crate::load::model::Archive,
    stale: &HashSet<&JobKey>,
    changed: &[PathBuf],
    root: &Path,
) -> Result<
    Vec<(
        crate::load::model::Period,
        Option<crate::write::output::Output>,
    )>,
    Diagnostics,
> {
    let touched = |dir: &Path| changed.iter().any(|p| root.join(p).starts_with(dir));
    archive
        .reports
        .iter()
        .filter(|r| stale.contains(&JobKey::Report(r.period)) || touched(&r.dir))
        .map(|r| Ok((r.period, build::source_document(r)?)))
        .collect()
}

/// A path relative to the output folder, `/`-separated as outputs are named.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
