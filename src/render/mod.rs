//! Render: the validated archive (plus what `derive` and the photo step
//! computed) → every output file, each handed to a `Sink` as it is made.
//! No file is read here.
//!
//! `pages` has a function per kind of page, `templates` the minijinja
//! environment, `views` the values templates read, `feeds` the sitemap and feed.

mod assets;
mod feeds;
mod pages;
mod templates;
mod trust;
mod views;

use crate::config::Config;
use crate::data;
use crate::derive::{self, Series};
use crate::diag::Diagnostics;
use crate::model::{Archive, Page};
use crate::output::{Output, OutputPath, Sink};
use crate::photos::Processed;
use crate::theme::Theme;
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
    /// One series per indicator, from `derive::series`.
    pub series: &'a [Series],
    /// Processed photos by output base path (see `build::photo_output`).
    pub photos: &'a HashMap<String, Processed>,
    /// Publish styles, scripts and fonts under content-hashed names
    /// (`assets`): `faro build`, not the preview.
    pub hashed_assets: bool,
}

/// Renders every page and data file into `sink`; returns the path of each.
pub fn render(input: &Input<'_>, sink: &dyn Sink) -> Result<Vec<OutputPath>, Diagnostics> {
    let site = SiteContext::new(input.config, input.archive);
    let assets = assets::publish(&input.theme.static_files, input.hashed_assets);
    let templates = environment(input, &site, &assets)?;
    // Embedded in every standalone chart file: comments and indentation dropped.
    let chart_css = input
        .theme
        .static_files
        .get("css/charts.css")
        .map(|b| minify_css(&String::from_utf8_lossy(b)))
        .unwrap_or_default();
    let reports = &input.archive.reports;

    let mut jobs: Vec<PageJob> = vec![
        PageJob::Home,
        PageJob::Archive,
        PageJob::NotFound,
        PageJob::Data,
        PageJob::Search,
        PageJob::Corrections,
    ];
    jobs.extend(site.years.iter().map(|y| PageJob::Year(y.year)));
    jobs.extend((0..reports.len()).map(PageJob::Report));
    jobs.extend(input.archive.pages.iter().map(PageJob::Page));
    jobs.push(PageJob::Gallery);
    jobs.push(PageJob::CompareIndex);
    jobs.extend(
        derive::comparable_years(input.series)
            .into_iter()
            .map(PageJob::Compare),
    );
    jobs.push(PageJob::IndicatorIndex);
    jobs.extend((0..input.series.len()).map(PageJob::Indicator));

    // The archive-wide data files are large and serial: make them while the pages render.
    let (rendered, data_files) = rayon::join(
        || -> Vec<Result<Vec<OutputPath>, Diagnostics>> {
            jobs.par_iter()
                .map(|job| put_all(sink, render_job(&templates, input, &chart_css, job)?))
                .collect()
        },
        || {
            put_all(
                sink,
                data::archive_files(input.config, reports, &input.archive.definitions)?,
            )
        },
    );
    let mut paths = Vec::with_capacity(rendered.len() * 7 + input.theme.static_files.len());
    let mut diags = Diagnostics::default();
    for r in rendered.into_iter().chain([data_files]) {
        match r {
            Ok(mut p) => paths.append(&mut p),
            Err(d) => diags.extend(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let mut last = vec![
        Output::new(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                input.config.base_url
            ),
        )?,
        Output::new("sitemap.xml", sitemap(input.config, &paths))?,
        Output::new("feed.xml", feed(input.config, reports))?,
    ];
    let mut bad_names = Diagnostics::default();
    for (path, asset) in assets {
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
    paths.append(&mut put_all(sink, last)?);
    Ok(paths)
}

/// Hands `outputs` to `sink`; returns their paths.
fn put_all(sink: &dyn Sink, outputs: Vec<Output>) -> Result<Vec<OutputPath>, Diagnostics> {
    let paths = outputs.iter().map(|o| o.path.clone()).collect();
    for o in outputs {
        sink.put(o)?;
    }
    Ok(paths)
}

/// One page to render, with the charts and data files that go with it.
enum PageJob<'a> {
    Home,
    Archive,
    NotFound,
    Data,
    Search,
    Corrections,
    Year(i32),
    Report(usize),
    Page(&'a Page),
    Gallery,
    CompareIndex,
    Compare(i32),
    IndicatorIndex,
    Indicator(usize),
}

/// Renders one job: each kind of page is a function in `pages`.
fn render_job(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    job: &PageJob<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    match job {
        PageJob::Home => pages::home(templates, input),
        PageJob::Archive => pages::archive(templates),
        PageJob::NotFound => pages::not_found(templates),
        PageJob::Data => pages::data(templates),
        PageJob::Search => pages::search(templates),
        PageJob::Corrections => trust::corrections(templates, input),
        PageJob::Year(year) => pages::year(templates, input, chart_css, *year),
        PageJob::Report(i) => pages::report(templates, input, chart_css, *i),
        PageJob::Page(p) => pages::page(templates, input, p),
        PageJob::Gallery => pages::gallery(templates, input),
        PageJob::CompareIndex => pages::compare_index(templates, input),
        PageJob::Compare(year) => pages::compare(templates, input, chart_css, *year),
        PageJob::IndicatorIndex => pages::indicator_index(templates, input),
        PageJob::Indicator(i) => pages::indicator(templates, input, chart_css, *i),
    }
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
