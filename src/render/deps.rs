//! What each render job reads, as a fingerprint: a hash of exactly the model
//! data the job's page (and its charts and data files) is made from.
//!
//! The incremental preview (`crate::pipeline::incremental`) re-renders a job only when
//! its fingerprint changed, so this file is the dependency rules of faro's
//! own model, kept beside the jobs they describe. A fingerprint that misses
//! something a job reads makes the preview stale; one that hashes too much
//! only re-renders more. When in doubt, a value goes in. The never-stale test
//! (`tests/incremental.rs`) compares the preview with full builds after
//! hundreds of random edits.
//!
//! Every job also reads the site-wide context every page shows (`site`:
//! years and their reports' cards, pages, sample flag, licence…); the
//! config, theme and definitions cannot change without a full rebuild, and
//! are hashed all the same where a job reads them.

use super::views::{ReportCard, ReportContext, SiteContext};
use super::{Input, JobKey};
use crate::derive::{self, Series};
use crate::load::model::{Period, Report};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3;

/// An xxh3 hash fed with values' JSON. Each value is serialized into a
/// buffer first: hashing serde's many tiny writes one by one is slower.
struct Fingerprint {
    hash: Xxh3,
    buffer: Vec<u8>,
}

impl Fingerprint {
    /// Starts a fingerprint with what kind of thing it is, so that two
    /// kinds that happen to read the same values never collide.
    fn new(kind: &str) -> Self {
        let mut hash = Xxh3::new();
        hash.update(kind.as_bytes());
        Fingerprint {
            hash,
            buffer: Vec::new(),
        }
    }
    fn add<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.buffer.clear();
        // Serializing model values cannot fail (no maps with non-string
        // keys); if it ever did, what was written so far is hashed, and
        // debug builds (the tests) say so.
        let written = serde_json::to_writer(&mut self.buffer, value);
        debug_assert!(written.is_ok(), "fingerprint: {written:?}");
        self.buffer.push(0);
        self.hash.update(&self.buffer);
        self
    }
    /// Adds a value by its `Hash` (every field, lengths included), for the
    /// largest values (series and their points): quicker than their JSON.
    fn add_hashed<T: Hash + ?Sized>(mut self, value: &T) -> Self {
        self.buffer.clear();
        value.hash(&mut Bytes(&mut self.buffer));
        self.buffer.push(0);
        self.hash.update(&self.buffer);
        self
    }
    /// Adds a report's row changes field by field: their JSON (floats
    /// printed as text) was most of a report's fingerprint. Destructured,
    /// so that a field added to them is a compile error here.
    fn add_row_changes(mut self, changes: &[Option<derive::RowChanges>]) -> Self {
        self.buffer.clear();
        let delta = |buffer: &mut Vec<u8>, d: &Option<derive::Delta>| match d {
            None => buffer.push(0),
            Some(derive::Delta {
                previous,
                change,
                percent,
                previous_sample,
            }) => {
                buffer.push(1);
                buffer.extend_from_slice(&previous.to_le_bytes());
                buffer.extend_from_slice(&change.to_le_bytes());
                buffer.extend_from_slice(&percent.map_or(u64::MAX, f64::to_bits).to_le_bytes());
                buffer.push(u8::from(percent.is_some()) << 1 | u8::from(*previous_sample));
            }
        };
        for c in changes {
            match c {
                None => self.buffer.push(0),
                Some(derive::RowChanges {
                    year_over_year,
                    month_over_month,
                }) => {
                    self.buffer.push(1);
                    delta(&mut self.buffer, year_over_year);
                    delta(&mut self.buffer, month_over_month);
                }
            }
        }
        self.buffer
            .extend_from_slice(&(changes.len() as u64).to_le_bytes());
        self.hash.update(&self.buffer);
        self
    }
    fn done(self) -> u64 {
        self.hash.digest()
    }
}

/// A `Hasher` that only collects what it is fed, for [`Fingerprint`] to
/// hash in one go.
struct Bytes<'a>(&'a mut Vec<u8>);

impl Hasher for Bytes<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        0
    }
}

/// The hashes several jobs share, each computed once.
struct Shared {
    site: u64,
    /// Each report whole (text, tables, photos, corrections…), by position.
    reports: Vec<u64>,
    /// What the archive-wide data files read of every report ([`report_data`]).
    report_data: u64,
    /// Each report's card (its neighbours' previous/next links), by position.
    cards: Vec<u64>,
    /// The site's title, institution, licence and contact, which a report's
    /// page and the data files show.
    publisher: u64,
    /// Each series whole, by position.
    series: Vec<u64>,
    /// Each series without its points (ids, labels, unit, table).
    series_meta: Vec<u64>,
    all_series: u64,
    /// The years with a comparison page (`Derived::comparable_years`),
    /// hashed: the year pages and the comparisons' index read them.
    comparable_years: u64,
    /// Every series' points in a year, by year (`points_by_year`).
    year_points: HashMap<i32, u64>,
}

fn series_meta(s: &Series) -> u64 {
    Fingerprint::new("series-meta")
        .add(&(&s.id, &s.table_id, &s.row_id, &s.table_title))
        .add(&(
            &s.table_number,
            &s.unit,
            &s.label,
            &s.former_labels,
            s.sample,
        ))
        .done()
}

/// The points of every series in each year (by position), hashed by year:
/// a year page reads its year and the one before, a comparison the same.
fn points_by_year(series: &[Series]) -> HashMap<i32, u64> {
    let years: std::collections::BTreeSet<i32> = series
        .iter()
        .flat_map(|s| s.points.keys().map(|p| p.year))
        .collect();
    years
        .into_par_iter()
        .map(|year| {
            let range = Period { year, month: 0 }..=Period {
                year,
                month: u32::MAX,
            };
            let points: Vec<Vec<_>> = series
                .iter()
                .map(|s| s.points.range(range.clone()).collect())
                .collect();
            (
                year,
                Fingerprint::new("year-points").add_hashed(&points).done(),
            )
        })
        .collect()
}

/// The hash of a report whole, as [`fingerprints`] reads it: the caller
/// may keep it with the report between saves. By `Hash`, every field (its
/// lines too, which its JSON leaves out): the JSON of 1,200 reports, their
/// text escaped character by character, was a twentieth of a one-word
/// rebuild's CPU.
pub fn report_hash(r: &Report) -> u64 {
    Fingerprint::new("report").add_hashed(r).done()
}

/// The fields of a report the archive-wide data files read
/// (`render::data`: a report's element of `informes.json`, its CSV rows and
/// indicators). Its text, summary and photos are left out: a word changed
/// in a report's text does not make the site's data files again (6 % of a
/// one-word rebuild's CPU on the benchmark archive). Destructured, so that
/// a field added to reports must be placed here, in or out.
fn report_data(r: &Report) -> u64 {
    let Report {
        period,
        title,
        date,
        draft,
        sample,
        tables,
        corrections,
        source_document,
        source: _,
        dir: _,
        summary: _,
        photos: _,
        body: _,
        body_line: _,
        extra: _,
        lines: _,
    } = r;
    // By `Hash`, not JSON: the preview computes this for every report at
    // each save.
    Fingerprint::new("report-data")
        .add_hashed(&(period, title, date, draft, sample))
        .add_hashed(&(tables, corrections, source_document))
        .done()
}

/// The fingerprint of every job of the site, by key. `report_hashes`, when
/// given, are the [`report_hash`] of each report (in order), computed earlier.
pub fn fingerprints(input: &Input<'_>, report_hashes: Option<Vec<u64>>) -> HashMap<JobKey, u64> {
    let site = SiteContext::new(input.config, input.archive);
    let reports = &input.archive.reports;
    let series = input.series();
    let series_hashes: Vec<u64> = series
        .par_iter()
        .map(|s| Fingerprint::new("series").add_hashed(s).done())
        .collect();
    let shared = Shared {
        site: Fingerprint::new("site")
            .add(&site)
            .add(&input.config.markdown.unsafe_html)
            .add(&input.config.base_path())
            // Every page may name the next report's date (src/render/calendar.rs).
            .add(&super::calendar::context(input))
            .done(),
        reports: report_hashes
            .filter(|h| h.len() == reports.len())
            .unwrap_or_else(|| reports.par_iter().map(report_hash).collect()),
        report_data: Fingerprint::new("report-data")
            .add_hashed(&reports.par_iter().map(report_data).collect::<Vec<u64>>())
            .done(),
        all_series: Fingerprint::new("all-series").add(&series_hashes).done(),
        year_points: points_by_year(series),
        comparable_years: Fingerprint::new("comparable-years")
            .add(&input.derived.comparable_years)
            .done(),
        series_meta: series.iter().map(series_meta).collect(),
        cards: reports
            .par_iter()
            .map(|r| Fingerprint::new("card").add(&ReportCard::from(r)).done())
            .collect(),
        publisher: Fingerprint::new("publisher")
            .add(&(&input.config.title, &input.config.institution))
            .add(&(input.config.license(), &input.config.contact))
            .done(),
        series: series_hashes,
    };
    let keys = super::jobs(input, &site);
    keys.into_par_iter()
        .map(|(key, at)| {
            let f = fingerprint(input, &shared, &key, at);
            (key, f)
        })
        .collect()
}

/// One job's fingerprint: the site-wide hash, then what its page reads.
/// `at` is where the job's subject is (see `render::jobs`): a report's
/// page is not looked for among all the reports, for each report.
fn fingerprint(input: &Input<'_>, shared: &Shared, key: &JobKey, at: usize) -> u64 {
    let reports = &input.archive.reports;
    let series = input.series();
    let f = Fingerprint::new("job").add(key).add(&shared.site);
    match key {
        JobKey::Archive | JobKey::NotFound | JobKey::Data | JobKey::Search | JobKey::Calendar => f,
        JobKey::DataFiles => f
            .add(&shared.report_data)
            .add(&input.archive.definitions)
            .add(&shared.publisher),
        JobKey::Home => {
            let changes = &input.derived.report_changes;
            let latest = reports
                .iter()
                .zip(changes)
                .rev()
                .find(|(r, _)| !r.draft)
                .or(reports.iter().zip(changes).next_back())
                .map(|(r, changes)| ReportContext::full(r, Some(changes)));
            let recent: Vec<ReportCard> =
                reports.iter().rev().take(6).map(ReportCard::from).collect();
            f.add(&input.archive.home)
                .add(&latest)
                .add(&recent)
                .add(&shared.all_series)
        }
        JobKey::Corrections => {
            let with_corrections: Vec<u64> = reports
                .iter()
                .zip(&shared.reports)
                .filter(|(r, _)| !r.corrections.is_empty())
                .map(|(_, h)| *h)
                .collect();
            f.add(&with_corrections)
        }
        // Year-to-date figures compare with the year before.
        JobKey::Year(year) => f
            .add(&shared.series_meta)
            .add(&years_points(shared, *year))
            .add(&shared.comparable_years),
        JobKey::Report(period) => match reports
            .get(at)
            .filter(|r| r.period == *period)
            .map(|_| at)
            .or_else(|| reports.iter().position(|r| r.period == *period))
        {
            Some(i) => report(input, shared, f, i),
            None => f,
        },
        JobKey::Page(url) => f.add(&input.archive.pages.iter().find(|p| &p.url_path == url)),
        JobKey::Gallery => {
            let photos: Vec<_> = reports.iter().map(|r| photos_of(input, r)).collect();
            f.add(&shared.reports).add(&photos)
        }
        JobKey::CompareIndex => f.add(&shared.comparable_years),
        // The comparison is made from these (`derive::compare::year_comparison`).
        JobKey::Compare(year) => f.add(&years_points(shared, *year)).add(&shared.series_meta),
        JobKey::IndicatorIndex => f.add(&shared.all_series),
        JobKey::Indicator(id) => {
            let Some(i) = series.iter().position(|s| &s.id == id) else {
                return f.done();
            };
            let s = &series[i];
            f.add(&shared.series[i])
                .add(&input.archive.definitions.get(&s.id))
                .add(&input.archive.definitions.get(&s.table_id))
        }
    }
    .done()
}

/// The hashes of every series' points in `year` and the year before.
fn years_points(shared: &Shared, year: i32) -> [Option<u64>; 2] {
    let of = |y: Option<i32>| y.and_then(|y| shared.year_points.get(&y).copied());
    [of(year.checked_sub(1)), of(Some(year))]
}

/// A report's page reads the report, its rows' changes from the series
/// (all that `ReportContext::full` adds to the report),
/// its neighbours' cards (previous/next links) and its photos as processed.
fn report(input: &Input<'_>, shared: &Shared, f: Fingerprint, i: usize) -> Fingerprint {
    let r = &input.archive.reports[i];
    let previous = i.checked_sub(1).and_then(|p| shared.cards.get(p));
    let next = shared.cards.get(i + 1);
    f.add(&shared.reports[i])
        .add_row_changes(&row_changes(input, i))
        .add(&previous)
        .add(&next)
        .add(&photos_of(input, r))
        .add(&shared.publisher)
}

/// A report's photos as processed (sizes, published names), in its order.
fn photos_of<'a>(
    input: &Input<'a>,
    r: &Report,
) -> Vec<Option<&'a crate::render::photos::Processed>> {
    if r.photos.is_empty() {
        return Vec::new();
    }
    let url = r.period.url_path();
    r.photos
        .iter()
        .map(|p| {
            input
                .photos
                .get(&crate::render::photos::photo_output(&url, &p.src))
        })
        .collect()
}

/// Each row's changes against last month and last year, as the report's
/// page shows them (`None`: no series, e.g. a draft's rows).
fn row_changes(input: &Input<'_>, i: usize) -> Vec<Option<derive::RowChanges>> {
    input
        .derived
        .report_changes
        .get(i)
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect()
}
