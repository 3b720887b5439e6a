//! What a build reports: the summary line, the warnings, the files that
//! changed, and how long each step took (`--timings`).

use crate::support::diag::Diagnostic;
use std::time::{Duration, Instant};

/// What a successful build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub reports: usize,
    pub pages: usize,
    pub files: usize,
    pub photos: usize,
    pub photos_cached: usize,
    pub elapsed: Duration,
    /// How long each step took, in order (`faro build --timings`).
    pub steps: Vec<(&'static str, Duration)>,
    /// What is worth a look although the site was built (see `quality`).
    pub warnings: Vec<Diagnostic>,
    /// The output files this build added, changed or removed compared with
    /// what was published, `/`-separated and sorted
    /// (`informes/2024/01/index.html`, `css/style.css`): `faro serve`
    /// reloads only the pages they concern.
    pub changed: Vec<String>,
    /// Render jobs whose files were rendered, and those whose files the
    /// output held already (see `crate::pipeline::render_cache`).
    pub jobs_rendered: usize,
    pub jobs_reused: usize,
}

impl Summary {
    /// One line per step: `  load      170 ms`, the step named in the editor's language.
    pub fn timings(&self) -> String {
        let named: Vec<(String, &Duration)> = self
            .steps
            .iter()
            .map(|(step, d)| (step_name(step), d))
            .collect();
        let width = named
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        named
            .iter()
            .map(|(name, d)| format!("  {name:<width$} {:>6.1} ms\n", d.as_secs_f64() * 1000.0))
            .collect()
    }
}

/// The time each step of a run took, in order, for `--timings`.
pub(crate) struct Laps {
    pub(crate) steps: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Laps {
    pub(crate) fn start() -> Laps {
        Laps {
            steps: Vec::new(),
            since: Instant::now(),
        }
    }

    /// Records the step `name`, timed elsewhere as `took`; the next one
    /// starts now.
    pub(crate) fn took(&mut self, name: &'static str, took: Duration) {
        self.steps.push((name, took));
        self.since = Instant::now();
    }

    /// Records the step `name` as ending now; the next one starts now.
    pub(crate) fn lap(&mut self, name: &'static str) {
        self.steps.push((name, self.since.elapsed()));
        self.since = Instant::now();
    }
}

/// A build step's name as `--timings` shows it.
fn step_name(step: &str) -> String {
    match step {
        "prepare" => crate::t!("build-step-prepare"),
        "load" => crate::t!("build-step-load"),
        "photos" => crate::t!("build-step-photos"),
        "derive" => crate::t!("build-step-derive"),
        "render" => crate::t!("build-step-render"),
        "publish" => crate::t!("build-step-publish"),
        "compress" => crate::t!("build-step-compress"),
        "search" => crate::t!("build-step-search"),
        "search-reused" => crate::t!("build-step-search-reused"),
        "search-recent" => crate::t!("build-step-search-recent"),
        "search-archive" => crate::t!("build-step-search-archive"),
        other => other.to_string(),
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = crate::t!(
            "build-summary",
            reports = self.reports,
            pages = self.pages,
            files = self.files,
            photos = self.photos,
            cached = self.photos_cached,
            ms = self.elapsed.as_millis().to_string()
        );
        f.write_str(&line)
    }
}
