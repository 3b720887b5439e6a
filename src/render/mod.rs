//! Render: the validated archive (plus what `derive` and the photo step
//! computed) → every output file, each handed to a `Sink` as it is made.
//! No file is read here.
//!
//! `pages` has a function per kind of page, `templates` the minijinja
//! environment, `views` the values templates read, `feeds` the sitemap and
//! feed, `deps` what each job reads (for the incremental preview).

mod assets;
mod calendar;
pub mod charts;
pub mod data;
mod deps;
mod embed;
mod feeds;
pub mod markdown;
mod pages;
pub mod photos;
pub mod share;
mod templates;
pub mod theme;
mod trust;
mod views;

use crate::derive::{Derived, Series};
use crate::load::config::Config;
use crate::load::model::Archive;
use crate::render::photos::Processed;
use crate::render::theme::Theme;
use crate::support::diag::Diagnostics;
use crate::write::output::{Output, OutputPath, Sink};
pub use deps::{fingerprints, report_hash};
use feeds::{feed, sitemap};
use rayon::prelude::*;
use std::collections::HashMap;
use templates::{Templates, environment};
use views::SiteContext;

/// Everything rendering needs, computed by earlier steps.
pub struct Input<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    /// The series, comparisons and changes, from `Derived::of`.
    pub derived: &'a Derived,
    /// Processed photos by output base path (see `photos::photo_output`).
    pub photos: &'a HashMap<String, Processed>,
    /// Publish styles, scripts and fonts under content-hashed names
    /// (`assets`): `faro build`, not the preview.
    pub hashed_assets: bool,
    /// Makes each share picture's PNG (`share`), from its cache.
    pub share: &'a share::Pictures,
}

impl Input<'_> {
    /// One series per indicator.
    pub fn series(&self) -> &[Series] {
        &self.derived.series
    }
}

/// What identifies a render job from one save to the next: the incremental
/// preview keeps each job's fingerprint and outputs under its key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum JobKey {
    /// The archive-wide data files (CSV, JSON, Data Package).
    DataFiles,
    Home,
    Archive,
    NotFound,
    Data,
    Search,
    Corrections,
    Year(i32),
    Report(crate::load::model::Period),
    /// A free-standing page, by its address.
    Page(String),
    Gallery,
    CompareIndex,
    Compare(i32),
    IndicatorIndex,
    /// An indicator's page, by its id (`table-id/row-id`).
    Indicator(String),
    /// `calendario/` and `calendario.ics`, with `calendar:` in site.yaml.
    Calendar,
}

/// The paths of the files one job made (`None`: the site-wide files).
pub type JobPaths = (Option<JobKey>, Vec<OutputPath>);

/// Renders every page and data file into `sink`; returns the path of each,
/// grouped by the job that made it, then those of [`site_files`] (under no job).
pub fn render(input: &Input<'_>, sink: &dyn Sink) -> Result<Vec<JobPaths>, Diagnostics> {
    render_reusing(input, sink, &|_| None)
}

/// Whether a job's files need not be made again, and which they are: the
/// build's render cache answers (see `crate::pipeline::render_cache`).
pub type Reuse<'a> = dyn Fn(&JobKey) -> Option<Vec<OutputPath>> + Sync + 'a;

/// [`render`], except for the jobs `reuse` gives the files of: those are
/// not rendered, and their paths are returned as if they were. The
/// site-wide files are always made (the sitemap lists every page).
pub fn render_reusing(
    input: &Input<'_>,
    sink: &dyn Sink,
    reuse: &Reuse<'_>,
) -> Result<Vec<JobPaths>, Diagnostics> {
    let site = SiteContext::new(input.config, input.archive);
    let jobs: Vec<(JobKey, usize, Option<Vec<OutputPath>>)> = jobs(input, &site)
        .into_par_iter()
        .map(|(key, at)| {
            let reused = reuse(&key);
            (key, at, reused)
        })
        .collect();
    let mut made = Vec::with_capacity(jobs.len() + 1);
    if jobs.iter().all(|(_, _, reused)| reused.is_some()) {
        made.extend(
            jobs.into_iter()
                .map(|(key, _, paths)| (Some(key), paths.unwrap_or_default())),
        );
    } else {
        let assets = assets::publish(&input.theme.static_files, input.hashed_assets);
        let templates = environment(input, &site, &assets, calendar_global(input))?;
        let chart_css = chart_css(input);
        let rendered: Vec<Result<(JobKey, Vec<OutputPath>), Diagnostics>> = jobs
            .into_par_iter()
            .map(|(key, at, reused)| match reused {
                Some(paths) => Ok((key, paths)),
                None => {
                    let outputs = render_job(&templates, input, &chart_css, &key, at)?;
                    Ok((key, put_all(sink, outputs)?))
                }
            })
            .collect();
        let mut diags = Diagnostics::default();
        for r in rendered {
            match r {
                Ok((key, paths)) => made.push((Some(key), paths)),
                Err(d) => diags.extend(d),
            }
        }
        if !diags.is_empty() {
            return Err(diags.sorted());
        }
    }
    let paths: Vec<OutputPath> = made.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
    made.push((None, put_all(sink, site_files(input, &paths)?)?));
    Ok(made)
}

/// Renders only the jobs `wanted` picks, each job's files kept apart: the
/// incremental preview re-renders what a save changed with this.
pub fn render_jobs(
    input: &Input<'_>,
    wanted: &(dyn Fn(&JobKey) -> bool + Sync),
) -> Result<Vec<(JobKey, Vec<Output>)>, Diagnostics> {
    let site = SiteContext::new(input.config, input.archive);
    let assets = assets::publish(&input.theme.static_files, input.hashed_assets);
    let templates = environment(input, &site, &assets, calendar_global(input))?;
    let chart_css = chart_css(input);
    let rendered: Vec<Result<(JobKey, Vec<Output>), Diagnostics>> = jobs(input, &site)
        .into_par_iter()
        .filter(|(key, _)| wanted(key))
        .map(|(key, at)| {
            let outputs = render_job(&templates, input, &chart_css, &key, at)?;
            Ok((key, outputs))
        })
        .collect();
    let mut made = Vec::with_capacity(rendered.len());
    let mut diags = Diagnostics::default();
    for r in rendered {
        match r {
            Ok(job) => made.push(job),
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(made)
    } else {
        Err(diags.sorted())
    }
}

/// Every job of the site, the slow serial data files first so that they
/// start while the pages render. Each key comes with where its subject is:
/// the index of its report, page or series (0 for the others).
fn jobs(input: &Input<'_>, site: &SiteContext) -> Vec<(JobKey, usize)> {
    let mut jobs: Vec<(JobKey, usize)> = [
        JobKey::DataFiles,
        JobKey::Home,
        JobKey::Archive,
        JobKey::NotFound,
        JobKey::Data,
        JobKey::Corrections,
    ]
    .map(|k| (k, 0))
    .into();
    if site.search {
        jobs.push((JobKey::Search, 0));
    }
    jobs.extend(site.years.iter().map(|y| (JobKey::Year(y.year), 0)));
    let reports = input.archive.reports.iter();
    jobs.extend(
        reports
            .enumerate()
            .map(|(i, r)| (JobKey::Report(r.period), i)),
    );
    let pages = input.archive.pages.iter().enumerate();
    jobs.extend(pages.map(|(i, p)| (JobKey::Page(p.url_path.clone()), i)));
    jobs.push((JobKey::Gallery, 0));
    jobs.push((JobKey::CompareIndex, 0));
    let years = input.derived.comparable_years.iter();
    jobs.extend(years.map(|y| (JobKey::Compare(*y), 0)));
    jobs.push((JobKey::IndicatorIndex, 0));
    let series = input.series().iter().enumerate();
    jobs.extend(series.map(|(i, s)| (JobKey::Indicator(s.id.clone()), i)));
    if input.config.calendar.is_some() {
        jobs.push((JobKey::Calendar, 0));
    }
    jobs
}

/// The CSS embedded in every standalone chart file: comments and indentation dropped.
fn chart_css(input: &Input<'_>) -> String {
    input
        .theme
        .static_files
        .get("css/charts.css")
        .map(|b| minify_css(&String::from_utf8_lossy(b)))
        .unwrap_or_default()
}

/// The files made from the whole site once its pages are known: robots.txt,
/// the sitemap (from `paths`, every page's), the feed and the theme's static files.
pub fn site_files(input: &Input<'_>, paths: &[OutputPath]) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
    let mut last = vec![
        Output::new(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                input.config.base_url
            ),
        )?,
        Output::new("sitemap.xml", sitemap(input.config, paths))?,
        Output::new("feed.xml", feed(input.config, reports))?,
    ];
    let mut bad_names = Diagnostics::default();
    for (path, asset) in assets::publish(&input.theme.static_files, input.hashed_assets) {
        // Checked by the name the editor gave it, then as published.
        let checked =
            OutputPath::new(path.clone()).and_then(|_| Output::new(asset.path, asset.bytes));
        match checked {
            Ok(o) => last.push(o),
            // Named as the editor sees it: a file of a `static/` folder.
            Err(e) => bad_names.push(e.at(&std::path::Path::new("static").join(path))),
        }
    }
    if !bad_names.is_empty() {
        return Err(bad_names.sorted());
    }
    Ok(last)
}

/// Hands `outputs` to `sink`; returns their paths.
fn put_all(sink: &dyn Sink, outputs: Vec<Output>) -> Result<Vec<OutputPath>, Diagnostics> {
    let paths = outputs.iter().map(|o| o.path.clone()).collect();
    for o in outputs {
        sink.put(o)?;
    }
    Ok(paths)
}

/// Renders one job: each kind of page is a function in `pages`.
fn render_job(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    key: &JobKey,
    at: usize,
) -> Result<Vec<Output>, Diagnostics> {
    match key {
        JobKey::DataFiles => Ok(data::archive_files(
            input.config,
            &input.archive.reports,
            &input.archive.definitions,
        )?),
        JobKey::Home => pages::home(templates, input),
        JobKey::Archive => pages::static_page(templates, &pages::ARCHIVE),
        JobKey::NotFound => pages::static_page(templates, &pages::NOT_FOUND),
        JobKey::Data => pages::static_page(templates, &pages::DATA),
        JobKey::Search => pages::static_page(templates, &pages::SEARCH),
        JobKey::Corrections => trust::corrections(templates, input),
        JobKey::Year(year) => pages::year(templates, input, chart_css, *year),
        JobKey::Report(_) => with(pages::report(templates, input, chart_css, at)?, || {
            share::report(input, at)
        }),
        JobKey::Page(_) => pages::page(templates, input, &input.archive.pages[at]),
        JobKey::Gallery => pages::gallery(templates, input),
        JobKey::CompareIndex => pages::compare_index(templates, input),
        JobKey::Compare(year) => pages::compare(templates, input, chart_css, *year),
        JobKey::IndicatorIndex => pages::indicator_index(templates, input),
        JobKey::Indicator(_) => with(pages::indicator(templates, input, chart_css, at)?, || {
            share::indicator(input, at, chart_css)
        }),
        JobKey::Calendar => calendar::pages(templates, input),
    }
}

/// A page's files and its share picture, if it has one.
fn with(
    mut outputs: Vec<Output>,
    picture: impl FnOnce() -> Result<Option<Output>, Diagnostics>,
) -> Result<Vec<Output>, Diagnostics> {
    outputs.extend(picture()?);
    Ok(outputs)
}

/// Drops comments and collapses whitespace: enough to keep the CSS embedded
/// in each standalone chart small, without a CSS parser.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `calendar` global of templates: the release calendar's dates, or
/// none without `calendar:` in site.yaml.
fn calendar_global(input: &Input<'_>) -> minijinja::Value {
    minijinja::Value::from_serialize(calendar::context(input))
}
