//! Search: the pages a build rendered → Pagefind's index, as faro outputs.
//!
//! Pagefind (used as a library, without its web server) reads faro's own
//! rendered HTML, so what a citizen finds is exactly what the pages show. Its
//! files (a small loader, a WebAssembly search engine and the index split in
//! content-hashed chunks) go through the normal output, under `pagefind/`, so
//! an unchanged chunk is not rewritten.
//!
//! Which pages are searchable, and how each is labelled (kind, year, month),
//! comes from the archive, not from the HTML: reports, plain pages and
//! indicator pages, never drafts. Spanish stemming follows the pages'
//! `<html lang>`; Pagefind folds accents itself and ranks exact accents higher.
//!
//! Here: what to index. `prepare` makes the copy of a page Pagefind reads,
//! with its labels; `parts` splits the index in a recent part and an
//! archive part, each made on its own; `engine` drives Pagefind; `reuse`
//! takes a published part back when the pages it was made from did not
//! change, `cache` the one kept outside the output (for a build into an
//! empty output); `on_demand` is `faro serve`'s index.

mod cache;
mod engine;
mod on_demand;
mod parts;
mod prepare;
mod reuse;

pub use on_demand::{drop_on_demand_index, index_in_place};
use parts::Part;
use prepare::for_index;

use crate::derive::Series;
use crate::load::model::{Archive, Period};
use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use rayon::prelude::*;
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// Where the index goes, relative to the output root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// What a search result can be; the values are the `kind` filter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Indicator,
    Page,
}

impl Kind {
    /// The filter value, as the search page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Report => "informe",
            Kind::Indicator => "indicador",
            Kind::Page => "página",
        }
    }
}

/// One page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The rendered file, relative to the output root (`informes/2024/03/index.html`).
    pub file: String,
    pub kind: Kind,
    /// Reports only: the `year` filter.
    pub year: Option<i32>,
    /// Reports only: their month, shown beside the result (`marzo de
    /// 2024`) and the key results are sorted by, newest first (`2024-03`).
    pub period: Option<Period>,
}

/// The searchable pages of `archive`, in a stable order (the index's bytes
/// depend on it): published reports, plain pages and every indicator.
pub fn targets(archive: &Archive, series: &[Series]) -> Vec<Target> {
    let reports = archive.reports.iter().filter(|r| !r.draft).map(|r| Target {
        file: format!("{}index.html", r.period.url_path()),
        kind: Kind::Report,
        year: Some(r.period.year),
        period: Some(r.period),
    });
    let pages = archive.pages.iter().filter(|p| !p.draft).map(|p| Target {
        file: format!("{}index.html", p.url_path),
        kind: Kind::Page,
        year: None,
        period: None,
    });
    // Same folder as `render::views::indicator_url`.
    let indicators = series.iter().map(|s| Target {
        file: format!("indicadores/{}/{}/index.html", s.table_id, s.row_id),
        kind: Kind::Indicator,
        year: None,
        period: None,
    });
    let mut all: Vec<Target> = reports.chain(pages).chain(indicators).collect();
    all.sort_by(|a, b| a.file.cmp(&b.file));
    all.dedup_by(|a, b| a.file == b.file);
    all
}

/// A page as Pagefind reads it: its address and its HTML, labels added.
#[derive(Debug, Clone)]
pub struct Page {
    /// The built file, relative to the output root, for messages.
    pub file: String,
    pub url: String,
    pub html: String,
}

/// What the search step made.
pub struct Index {
    /// The index files, their records and [`parts::PARTS_FILE`], paths
    /// under [`BUNDLE_DIR`].
    pub outputs: Vec<Output>,
    /// The parts made anew; the others were taken back.
    made: Vec<Part>,
    /// How many parts the index has.
    parts: usize,
}

impl Index {
    /// The search step's name in `--timings`: whether the index was made,
    /// taken back, or made in part (`pipeline::summary`).
    pub fn step(&self) -> &'static str {
        match self.made.as_slice() {
            [] => "search-reused",
            made if made.len() == self.parts => "search",
            [Part::Recent] => "search-recent",
            _ => "search-archive",
        }
    }
}

/// `faro build`: indexes the targets, read from the built site in `dir`, in
/// their parts ([`parts`]), side by side. A part whose published copy in
/// `published`, or else whose copy kept in the cache of the site at `root`
/// ([`cache`]), was made from the very same pages (see [`reuse`]) is taken
/// back as it is. Which pages those are is told by the hash of each page's
/// bytes, `hash_of` a target's file (the build has them all; a page it has
/// none of is read). A part made anew is kept in that cache.
pub fn index(
    dir: &Path,
    published: &Path,
    root: &Path,
    targets: &[Target],
    hash_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Result<Index, Diagnostics> {
    let split = parts::split(targets);
    let indexed: Vec<(Vec<Output>, bool)> = split
        .par_iter()
        .map(|(part, targets)| index_part(dir, published, root, *part, targets, hash_of))
        .collect::<Result<_, Diagnostics>>()?;
    let made = split
        .iter()
        .zip(&indexed)
        .filter(|(_, (_, reused))| !reused)
        .map(|((part, _), _)| *part)
        .collect();
    let mut outputs: Vec<Output> = indexed.into_iter().flat_map(|(files, _)| files).collect();
    outputs.push(parts::parts_file(targets).map_err(|e| e.at(dir))?);
    Ok(Index {
        outputs,
        made,
        parts: split.len(),
    })
}

/// One part of [`index`]: its files and record, and whether they were taken
/// back.
fn index_part(
    dir: &Path,
    published: &Path,
    root: &Path,
    part: Part,
    targets: &[Target],
    hash_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Result<(Vec<Output>, bool), Diagnostics> {
    let hashes: Vec<u64> = targets
        .par_iter()
        .map(|target| match hash_of(&target.file) {
            Some(hash) => Ok(hash),
            None => read_page(dir, &target.file).map(|html| xxh3_64(html.as_bytes())),
        })
        .collect::<Result<_, Diagnostics>>()?;
    let fingerprint = reuse::fingerprint(part, targets, &hashes);
    let kept = reuse::published(published, part, fingerprint)
        .or_else(|| cache::get(root, part, fingerprint));
    if let Some(outputs) = kept {
        return Ok((outputs, true));
    }
    let mut outputs = engine::run(dir, part, pages(dir, targets))?;
    outputs.push(reuse::record(part, fingerprint, &outputs).map_err(|e| e.at(dir))?);
    cache::put(root, part, &outputs);
    Ok((outputs, false))
}

/// The built page at `file` under `dir`.
fn read_page(dir: &Path, file: &str) -> Result<String, Diagnostics> {
    let path = dir.join(file);
    std::fs::read_to_string(&path).map_err(|e| {
        crate::problem!(
            "search-cannot-read-page",
            &path,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        )
        .into()
    })
}

/// How many pages are read and prepared at once (in parallel): Pagefind
/// keeps its own record of every page it has read, so the pages' HTML is
/// read a batch at a time rather than all held beside it (40 MB on the
/// 1,200-report archive).
const BATCH: usize = 64;

/// Each target read from `dir` and labelled, in the targets' order, a
/// batch at a time.
fn pages<'a>(
    dir: &'a Path,
    targets: &'a [Target],
) -> impl Iterator<Item = Result<Vec<Page>, Diagnostics>> + 'a {
    targets.chunks(BATCH).map(move |batch| {
        batch
            .par_iter()
            .map(|target| {
                let html = read_page(dir, &target.file)?;
                Ok(Page {
                    file: target.file.clone(),
                    url: page_url(&target.file),
                    html: for_index(&html, target),
                })
            })
            .collect()
    })
}

/// The address of the page built at `file`, from the site's root:
/// `/informes/2024/03/`. Without the base path: Pagefind's script adds the
/// folder it was loaded from, so the index works wherever the site is published.
fn page_url(file: &str) -> String {
    let folder = file.strip_suffix("index.html").unwrap_or(file);
    format!("/{folder}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_are_folders_from_the_root() {
        assert_eq!(
            page_url("informes/2024/03/index.html"),
            "/informes/2024/03/"
        );
        assert_eq!(page_url("acerca/index.html"), "/acerca/");
    }
}
