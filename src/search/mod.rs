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
//! Here: what to index and how each page is labelled. `parts` splits the
//! index in a recent part and an archive part, each made on its own;
//! `engine` drives Pagefind; `reuse` takes a published part back when the
//! pages it was made from did not change, `cache` the one kept outside the
//! output (for a build into an empty output); `on_demand` is `faro serve`'s
//! index.

mod cache;
mod engine;
mod on_demand;
mod parts;
mod reuse;

pub use on_demand::{drop_on_demand_index, index_in_place};
use parts::Part;

use crate::derive::Series;
use crate::load::model::{Archive, Period};
use crate::render::charts::CHART_START;
use crate::support::diag::Diagnostics;
use crate::support::numfmt::month_name;
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

/// How a page is prepared for Pagefind ([`for_index`]), as text for the
/// fingerprint: another preparation may index other words.
const PREPARATION: &str =
    "charts and monthly values cut; a space after cells; labels (sort: date) before </body>";

/// The page as Pagefind reads it: its charts and an indicator's table of
/// monthly values cut out, a space after the cells Pagefind would run
/// together ([`push_spaced`]) and its search labels added. Only this copy
/// changes, never the published page.
///
/// What is cut is kept out of the index anyway (`.chart-figure` and
/// `.monthly-values` in `engine`'s exclusions: a chart's text is its
/// table's, a month's value is on its report); but Pagefind would still
/// parse every element of it. Cut, it costs nothing: on the benchmark
/// archive a report's charts are a third of its bytes (Pagefind reads 33 MB
/// instead of 43 MB, in about a tenth less time), and an indicator's
/// monthly values nine tenths of its page.
fn for_index(html: &str, target: &Target) -> String {
    let labels = labels(target);
    // Before the last `</body>`; a page without one gets them at its end,
    // which an HTML parser still reads as part of the body.
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + labels.len());
    let mut rest = &html[..at];
    while let Some((start, end)) = next_cut(rest) {
        push_spaced(&mut out, &rest[..start]);
        rest = &rest[end..];
    }
    push_spaced(&mut out, rest);
    out.push_str(&labels);
    out.push_str(&html[at..]);
    out
}

/// Where an indicator's monthly values are (`themes/igm/templates/indicator.html`):
/// the table after this is cut, its element kept.
const MONTHLY_VALUES: &str = "monthly-values\"";

/// The first part of `html` to cut, as a byte range: a chart faro drew,
/// from its start ([`CHART_START`], which nothing else faro writes begins
/// with) to the end of its `</svg>` (a chart holds no other drawing), or
/// the `<table>…</table>` of [`MONTHLY_VALUES`] (which holds no other
/// table). One that never ends is not cut.
fn next_cut(html: &str) -> Option<(usize, usize)> {
    let chart = html.find(CHART_START).and_then(|start| {
        let length = html[start..].find("</svg>")?;
        Some((start, start + length + "</svg>".len()))
    });
    let monthly = html.find(MONTHLY_VALUES).and_then(|at| {
        let start = at + html[at..].find("<table")?;
        let length = html[start..].find("</table>")?;
        Some((start, start + length + "</table>".len()))
    });
    match (chart, monthly) {
        (Some(c), Some(m)) => Some(if c.0 < m.0 { c } else { m }),
        (c, m) => c.or(m),
    }
}

/// The elements whose text Pagefind runs into what follows: it keeps apart
/// only its own list of blocks (`p`, `td`, `li`, headings…), so a table's
/// caption and header cells read "residenciasCantidad de documentosFrente
/// al mes anterior" in the index and the excerpts.
const RUN_TOGETHER: &[&str] = &[
    "th",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "tr",
    "table",
    "dl",
    "ol",
    "figure",
    "blockquote",
    "pre",
    "summary",
    "legend",
    "address",
];

/// Appends `html` with a space after each end tag of [`RUN_TOGETHER`]
/// (`</th>` → `</th> `): text between cells, which the page never shows.
fn push_spaced(out: &mut String, mut html: &str) {
    while let Some(at) = html.find("</") {
        let after = &html[at + 2..];
        let name = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(after, |end| &after[..end]);
        let closed = after.as_bytes().get(name.len()) == Some(&b'>');
        if closed && RUN_TOGETHER.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            let end = at + 2 + name.len() + 1;
            out.push_str(&html[..end]);
            out.push(' ');
            html = &html[end..];
        } else {
            out.push_str(&html[..at + 2]);
            html = after;
        }
    }
    out.push_str(html);
}

/// The search labels of `target`, where Pagefind reads them: filters and
/// meta in an element it does not index as text.
fn labels(target: &Target) -> String {
    let mut labels = String::from("<div data-pagefind-ignore hidden>");
    let mut label = |attr: &str, name: &str, value: &str| {
        labels.push_str(&format!(
            "<span {attr}=\"{name}\">{}</span>",
            escape_text(value)
        ));
    };
    label("data-pagefind-filter", "kind", target.kind.label());
    if let Some(year) = target.year {
        label("data-pagefind-filter", "year", &year.to_string());
    }
    if let Some(p) = target.period {
        label(
            "data-pagefind-meta",
            "period",
            &format!("{} de {}", month_name(p.month), p.year),
        );
        // The search page's "newest first" (`themes/igm/static/js/search.js`).
        label("data-pagefind-sort", "date", &p.to_string());
    }
    label("data-pagefind-meta", "kind", target.kind.label());
    labels.push_str("</div>");
    labels
}

/// Text made safe as an element's content (`&`, `<`, `>`).
fn escape_text(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Target {
        Target {
            file: "informes/2024/03/index.html".into(),
            kind: Kind::Report,
            year: Some(2024),
            period: Some(Period {
                year: 2024,
                month: 3,
            }),
        }
    }

    #[test]
    fn labels_go_inside_the_body() {
        let html = for_index("<html><body><h1>x</h1></body></html>", &report());
        assert!(html.starts_with("<html><body><h1>x</h1><div data-pagefind-ignore hidden>"));
        assert!(html.contains(r#"<span data-pagefind-filter="year">2024</span>"#));
        assert!(html.contains(r#"<span data-pagefind-meta="period">marzo de 2024</span>"#));
        assert!(html.ends_with("</div></body></html>"));
    }

    #[test]
    fn charts_are_cut_and_everything_else_kept() {
        let chart = |n: u32| {
            format!(
                "{CHART_START}faro-chart--bars\"><title>Cuadro {n}</title><text>58</text></svg>"
            )
        };
        let html = format!(
            "<html><body><p>antes</p><figure class=\"chart-figure\">{}<p>enlace</p></figure>\
             <svg class=\"icono\"><text>propio</text></svg>{}<p>después</p></body></html>",
            chart(1),
            chart(2)
        );
        let cut = for_index(&html, &report());
        assert!(!cut.contains("Cuadro") && !cut.contains("58"), "{cut}");
        for kept in [
            "antes",
            "<figure class=\"chart-figure\"><p>enlace</p></figure>",
            "propio",
            "después",
        ] {
            assert!(cut.contains(kept), "{kept} lost: {cut}");
        }
        // A chart that never ends is left as it is.
        let unfinished = format!("<body><p>a</p>{CHART_START}x\"><text>b</text></body>");
        assert!(for_index(&unfinished, &report()).contains("<text>b</text>"));
    }

    #[test]
    fn an_indicator_s_monthly_values_are_cut_and_their_element_kept() {
        let values = "<div class=\"table-scroll monthly-values\" tabindex=\"0\">\
                      <table class=\"stack\"><tr><td>Enero de 2023</td></tr></table></div>";
        let html =
            format!("<body><table><tr><td>Totales</td></tr></table>{values}<p>después</p></body>");
        let cut = for_index(&html, &report());
        assert!(!cut.contains("Enero"), "{cut}");
        assert!(
            cut.starts_with(
                "<body><table><tr><td>Totales</td></tr> </table> \
                 <div class=\"table-scroll monthly-values\" tabindex=\"0\"></div><p>después</p>"
            ),
            "{cut}"
        );
        // A table that never ends is left as it is.
        let unfinished = "<body><div class=\"monthly-values\"><table><tr><td>Enero</td></body>";
        assert!(for_index(unfinished, &report()).contains("Enero"));
    }

    #[test]
    fn cells_and_captions_are_kept_apart_and_nothing_else_changes() {
        let html = "<body><table><caption>Cuadro 1. Visas</caption><thead><tr>\
                    <th>Cantidad</th><TH>Frente al mes anterior</TH></tr></thead>\
                    <tbody><tr><th scope=\"row\">Visas</th><td>58</td></tr></tbody></table>\
                    <dl><dt>Unidad</dt><dd>Documentos</dd></dl>\
                    <p>un <a href=\"/x/\">enlace</a></p><thx>x</thx></body>";
        let prepared = for_index(html, &report());
        for spaced in [
            "</caption> <thead>",
            "<th>Cantidad</th> <TH>Frente al mes anterior</TH> </tr> </thead>",
            "</th> <td>58</td></tr> </tbody></table> ",
            "<dt>Unidad</dt> <dd>Documentos</dd> </dl> ",
            // Inline and unknown elements are left as they are.
            "un <a href=\"/x/\">enlace</a></p><thx>x</thx><div",
        ] {
            assert!(prepared.contains(spaced), "{spaced} not in {prepared}");
        }
        // An end tag cut short at the end of the page is kept as it is.
        assert!(for_index("<p>a</th", &report()).starts_with("<p>a</th<div"));
    }

    #[test]
    fn reports_are_sorted_by_their_month() {
        let html = for_index("<body></body>", &report());
        assert!(
            html.contains(r#"<span data-pagefind-sort="date">2024-03</span>"#),
            "{html}"
        );
        let page = Target {
            kind: Kind::Page,
            year: None,
            period: None,
            ..report()
        };
        assert!(!for_index("<body></body>", &page).contains("data-pagefind-sort"));
    }

    #[test]
    fn page_urls_are_folders_from_the_root() {
        assert_eq!(
            page_url("informes/2024/03/index.html"),
            "/informes/2024/03/"
        );
        assert_eq!(page_url("acerca/index.html"), "/acerca/");
    }
}
