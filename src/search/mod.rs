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
//! Here: what to index and how each page is labelled. `engine` drives
//! Pagefind; `reuse` takes the published index back when the pages it was
//! made from did not change, `cache` the one kept outside the output (for a
//! build into an empty output); `on_demand` is `faro serve`'s index.

mod cache;
mod engine;
mod on_demand;
mod reuse;

pub use on_demand::{drop_on_demand_index, index_in_place};

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
    /// The index files and their record, paths under [`BUNDLE_DIR`].
    pub outputs: Vec<Output>,
    /// True when the published index was taken back instead of made anew.
    pub reused: bool,
}

/// `faro build`: indexes each target, read from the built site in `dir`,
/// unless the index published in `published`, or else the one kept in the
/// cache of the site at `root` ([`cache`]), was made from the very same
/// pages (see [`reuse`]): then its files are taken back as they are. Which
/// pages those are is told by the hash of each page's bytes, `hash_of` a
/// target's file (the build has them all; a page it has none of is read).
/// An index made anew is kept in that cache.
pub fn index(
    dir: &Path,
    published: &Path,
    root: &Path,
    targets: &[Target],
    hash_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Result<Index, Diagnostics> {
    let hashes: Vec<u64> = targets
        .par_iter()
        .map(|target| match hash_of(&target.file) {
            Some(hash) => Ok(hash),
            None => read_page(dir, &target.file).map(|html| xxh3_64(html.as_bytes())),
        })
        .collect::<Result<_, Diagnostics>>()?;
    let fingerprint = reuse::fingerprint(targets, &hashes);
    let kept = reuse::published(published, fingerprint).or_else(|| cache::get(root, fingerprint));
    if let Some(outputs) = kept {
        return Ok(Index {
            outputs,
            reused: true,
        });
    }
    let mut outputs = engine::run(dir, pages(dir, targets))?;
    outputs.push(reuse::record(fingerprint, &outputs).map_err(|e| e.at(dir))?);
    cache::put(root, &outputs);
    Ok(Index {
        outputs,
        reused: false,
    })
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
const PREPARATION: &str = "charts cut; a space after cells; labels (sort: date) before </body>";

/// The page as Pagefind reads it: its charts cut out, a space after the
/// cells Pagefind would run together ([`push_spaced`]) and its search labels
/// added. Only this copy changes, never the published page.
///
/// A chart's text is its table's, and the theme keeps it out of the index
/// (`.chart-figure` in `engine`'s exclusions); but Pagefind would still parse
/// every element of its drawing, a third of a report page's bytes. Cut, they
/// cost nothing: on the benchmark archive Pagefind reads 33 MB instead of
/// 43 MB, in about a tenth less time.
fn for_index(html: &str, target: &Target) -> String {
    let labels = labels(target);
    // Before the last `</body>`; a page without one gets them at its end,
    // which an HTML parser still reads as part of the body.
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + labels.len());
    push_without_charts(&mut out, &html[..at]);
    out.push_str(&labels);
    out.push_str(&html[at..]);
    out
}

/// Appends `html` without the charts faro drew in it: from each chart's
/// start ([`CHART_START`], which nothing else faro writes begins with) to
/// the end of its `</svg>` (a chart holds no other drawing). An unfinished
/// chart is kept as it is.
fn push_without_charts(out: &mut String, mut html: &str) {
    const END: &str = "</svg>";
    while let Some(start) = html.find(CHART_START) {
        let Some(length) = html[start..].find(END) else {
            break;
        };
        push_spaced(out, &html[..start]);
        html = &html[start + length + END.len()..];
    }
    push_spaced(out, html);
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
