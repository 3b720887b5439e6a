//! The serializable values handed to templates (reports, tables, charts,
//! indicators, photos), and the small helpers that build them.

use crate::derive::{self, Series, SeriesFacts};
use crate::load::config::Config;
use crate::load::model::{Archive, Correction, Period, Report};
use crate::render::charts::{self, Chart};
use crate::render::markdown::escape;
use crate::render::photos::Processed;
use crate::write::output::{Output, PathError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Site-wide values every template can read as `site`.
#[derive(Serialize)]
pub(super) struct SiteContext {
    title: String,
    institution: String,
    description: Option<String>,
    base_url: String,
    language: String,
    extra: serde_json::Value,
    pub(super) years: Vec<YearEntry>,
    has_sample: bool,
    latest_period: Option<Period>,
    pages: Vec<PageLink>,
    license: crate::support::license::License,
    contact: Option<String>,
    /// `mailto:…` or the URL, for links.
    contact_href: Option<String>,
    /// Whether the site has search (`search:` in `site.yaml`).
    pub(super) search: bool,
}

#[derive(Serialize)]
struct PageLink {
    url: String,
    title: String,
}

#[derive(Serialize)]
pub(super) struct YearEntry {
    pub(super) year: i32,
    reports: Vec<ReportCard>,
}

impl SiteContext {
    pub(super) fn new(config: &Config, archive: &Archive) -> Self {
        let mut years: BTreeMap<i32, Vec<ReportCard>> = BTreeMap::new();
        for r in &archive.reports {
            years
                .entry(r.period.year)
                .or_default()
                .push(ReportCard::from(r));
        }
        SiteContext {
            title: config.title.clone(),
            institution: config.institution.clone(),
            description: config.description.clone(),
            base_url: config.base_url.clone(),
            language: config.language.clone(),
            extra: config.extra.clone(),
            years: years
                .into_iter()
                .rev()
                .map(|(year, reports)| YearEntry { year, reports })
                .collect(),
            has_sample: archive.reports.iter().any(|r| r.sample),
            latest_period: archive.reports.last().map(|r| r.period),
            pages: archive
                .pages
                .iter()
                .map(|p| PageLink {
                    url: p.url_path.clone(),
                    title: p.title.clone(),
                })
                .collect(),
            license: config.license(),
            contact: config.contact.clone(),
            contact_href: config
                .contact
                .as_deref()
                .and_then(crate::support::license::contact_href),
            search: config.search,
        }
    }
}

#[derive(Serialize)]
pub(super) struct PageMeta {
    url: String,
    title: String,
    description: Option<String>,
}

impl PageMeta {
    pub(super) fn new(url: &str, title: &str, description: Option<String>) -> Self {
        PageMeta {
            url: url.to_string(),
            title: title.to_string(),
            description,
        }
    }
}

/// A report as listed in cards and archives.
#[derive(Serialize)]
pub(super) struct ReportCard {
    url: String,
    title: String,
    period: Period,
    summary: Option<String>,
    sample: bool,
    draft: bool,
}

impl From<&Report> for ReportCard {
    fn from(r: &Report) -> Self {
        ReportCard {
            url: r.period.url_path(),
            title: r.title.clone(),
            period: r.period,
            summary: r.summary.clone(),
            sample: r.sample,
            draft: r.draft,
        }
    }
}

#[derive(Serialize)]
pub(super) struct ReportContext {
    url: String,
    title: String,
    period: Period,
    summary: Option<String>,
    date: Option<String>,
    draft: bool,
    sample: bool,
    tables: Vec<TableContext>,
    extra: serde_json::Value,
    /// Newest first.
    corrections: Vec<Correction>,
    /// The latest correction's date.
    updated: Option<String>,
    /// Where the original document is published, relative to the site root.
    source_document: Option<String>,
}

#[derive(Serialize)]
struct TableContext {
    number: Option<u32>,
    id: String,
    title: String,
    caption: Option<String>,
    unit: String,
    source: Option<String>,
    total: u64,
    complete: bool,
    rows: Vec<RowContext>,
}

#[derive(Serialize)]
struct RowContext {
    id: String,
    indicator: String,
    /// The indicator's page; `None` when it has none (a draft's new row:
    /// indicators are derived from published reports only).
    indicator_url: Option<String>,
    label: String,
    value: Option<u64>,
    changes: Option<derive::RowChanges>,
    /// Corrections of this figure, newest first.
    corrections: Vec<Correction>,
}

impl ReportContext {
    /// The report with, when `changes` (its rows', by table and row:
    /// `Derived::report_changes`) are given, each row's change against last
    /// month and the same month of last year.
    pub(super) fn full(r: &Report, changes: Option<&derive::ReportChanges>) -> Self {
        let changes =
            |t: usize, row: usize| -> Option<derive::RowChanges> { *changes?.get(t)?.get(row)? };
        ReportContext {
            url: r.period.url_path(),
            title: r.title.clone(),
            period: r.period,
            summary: r.summary.clone(),
            date: r.date.clone(),
            draft: r.draft,
            sample: r.sample,
            tables: r
                .tables
                .iter()
                .enumerate()
                .map(|(ti, t)| TableContext {
                    number: t.number,
                    id: t.id.clone(),
                    title: t.title.clone(),
                    caption: t.caption.clone(),
                    unit: t.unit.clone(),
                    source: t.source.clone(),
                    total: t.total.unwrap_or_else(|| t.sum()),
                    complete: t.rows.iter().all(|r| r.value.is_some()),
                    rows: t
                        .rows
                        .iter()
                        .enumerate()
                        .map(|(ri, row)| {
                            let indicator = format!("{}/{}", t.id, row.id);
                            let changes = changes(ti, ri);
                            RowContext {
                                id: row.id.clone(),
                                indicator_url: changes
                                    .is_some()
                                    .then(|| format!("indicadores/{}/{}/", t.id, row.id)),
                                changes,
                                corrections: newest_first(
                                    r.corrections
                                        .iter()
                                        .filter(|c| c.indicator.as_deref() == Some(&indicator)),
                                ),
                                indicator,
                                label: row.label.clone(),
                                value: row.value,
                            }
                        })
                        .collect(),
                })
                .collect(),
            extra: r.extra.clone(),
            corrections: newest_first(r.corrections.iter()),
            updated: r.updated().map(str::to_string),
            source_document: r
                .source_document
                .as_deref()
                .map(|d| crate::load::model::document_output(&r.period.url_path(), d)),
        }
    }
}

/// Corrections sorted newest first (by date; the order written breaks ties).
fn newest_first<'a>(list: impl Iterator<Item = &'a Correction>) -> Vec<Correction> {
    let mut v: Vec<Correction> = list.cloned().collect();
    v.sort_by(|a, b| b.date.cmp(&a.date));
    v
}
/// A chart drawn for a page: inline SVG, plus the standalone file written
/// next to the page for download or embedding.
#[derive(Serialize, Clone)]
pub(super) struct ChartOut {
    svg: Chart,
    file: String,
    /// Draws at least one sample value: the page marks it at the chart.
    sample: bool,
    /// The chart's `<title>`, which pages show visibly above it: a chart
    /// under a table heading still needs its own name (which indicator,
    /// which months, which unit).
    title: String,
}

impl ChartOut {
    pub(super) fn new(file: String, svg: Chart) -> Self {
        let title = svg.title().to_string();
        ChartOut {
            svg,
            file,
            title,
            sample: false,
        }
    }
    /// Marks the chart as drawing sample values (see [`sample_title`]).
    pub(super) fn with_sample(self, sample: bool) -> Self {
        ChartOut { sample, ..self }
    }
    pub(super) fn file(self, css: &str) -> Result<Output, PathError> {
        Output::new(self.file, charts::standalone(&self.svg, css))
    }
}

/// A chart's title, marked when it draws sample values: the standalone SVG
/// draws its title, so a downloaded chart carries the mark too.
pub(super) fn sample_title(title: String, sample: bool) -> String {
    if sample {
        format!("{title} — incluye datos de ejemplo")
    } else {
        title
    }
}

/// `count` consecutive months of a series from `start`; `None` where a month has no value.
pub(super) fn monthly_values(s: &Series, start: Period, count: usize) -> Vec<Option<u64>> {
    std::iter::successors(Some(start), |p| Some(p.next_month()))
        .take(count)
        .map(|p| s.value(p))
        .collect()
}

/// The last twelve months up to the series' latest value, as a sparkline.
pub(super) fn sparkline_of(s: &Series, facts: &SeriesFacts, prefix: &str) -> Option<String> {
    let (last, _) = facts.latest?;
    let start = (0..11).fold(last, |p, _| p.previous_month());
    let values = monthly_values(s, start, 12);
    let line = charts::Series {
        name: "",
        start,
        values: &values,
    };
    Some(
        charts::sparkline(
            &format!("{prefix}-{}-{}", s.table_id, s.row_id),
            &format!("{}: últimos 12 meses", s.label),
            &line,
        )
        .into(),
    )
}

/// One indicator's twelve values of a year, a column of the year page's table.
pub(super) struct MonthlyColumn {
    label: String,
    values: Vec<Option<u64>>,
    table: (Option<u32>, String, String),
}

impl MonthlyColumn {
    pub(super) fn of(v: &IndicatorView, series: &[Series], year: i32) -> Self {
        let values = series
            .iter()
            .find(|s| s.id == v.comparison.id)
            .map(|s| monthly_values(s, Period { year, month: 1 }, 12))
            .unwrap_or_default();
        MonthlyColumn {
            label: v.comparison.label.clone(),
            values,
            table: v.table_key(),
        }
    }
}

impl InTable for MonthlyColumn {
    fn table_key(&self) -> (Option<u32>, String, String) {
        self.table.clone()
    }
}

/// A table's indicators month by month: the numbers behind the year's charts.
#[derive(Serialize)]
pub(super) struct MonthlyTable {
    id: String,
    number: Option<u32>,
    title: String,
    labels: Vec<String>,
    /// One row per month with data: the month and a value per indicator.
    rows: Vec<(u32, Vec<Option<u64>>)>,
}

impl From<TableGroup<MonthlyColumn>> for MonthlyTable {
    fn from(g: TableGroup<MonthlyColumn>) -> Self {
        let rows = (0..12usize)
            .map(|m| {
                (
                    m as u32 + 1,
                    g.items
                        .iter()
                        .map(|c| c.values.get(m).copied().flatten())
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, vals)| vals.iter().any(Option::is_some))
            .collect();
        MonthlyTable {
            id: g.id,
            number: g.number,
            title: g.title,
            labels: g.items.iter().map(|c| c.label.clone()).collect(),
            rows,
        }
    }
}

/// `<picture>` with WebP and JPEG `srcset`s, intrinsic size (no layout shift)
/// and lazy loading: body photos always sit below the report's tables.
pub(super) fn picture_html(base: &str, p: &Processed, alt: &str) -> String {
    let srcset = |webp: bool| -> String {
        p.sizes
            .iter()
            .map(|i| {
                format!(
                    "{base}{} {}w",
                    if webp { &i.webp } else { &i.jpeg },
                    i.width
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fallback = p.sizes.iter().find(|i| i.width >= 900).or(p.sizes.last());
    let src = fallback
        .map(|i| format!("{base}{}", i.jpeg))
        .unwrap_or_default();
    let sizes = "(min-width: 48rem) 44rem, calc(100vw - 2rem)";
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
        escape(&srcset(true)),
        escape(&src),
        escape(&srcset(false)),
        p.width,
        p.height,
        escape(alt)
    )
}

/// A photo as the gallery shows it: thumbnail, large image, caption, credit.
#[derive(Serialize)]
pub(super) struct GalleryPhoto {
    /// Listed under `gallery:`; false for a photo placed in the text, which
    /// a report's own end gallery leaves out (it is shown already).
    in_gallery: bool,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    thumbnail: crate::render::photos::Image,
    large: crate::render::photos::Image,
}

#[derive(Serialize)]
pub(super) struct GalleryMonth {
    pub(super) report: ReportCard,
    pub(super) photos: Vec<GalleryPhoto>,
}

/// Every photo of a report, gallery photos first, each once.
pub(super) fn gallery_of(r: &Report, photos: &HashMap<String, Processed>) -> Vec<GalleryPhoto> {
    let url = r.period.url_path();
    let mut seen = std::collections::HashSet::new();
    r.photos
        .iter()
        .filter_map(|p| {
            let key = crate::render::photos::photo_output(&url, &p.src);
            if !seen.insert(key.clone()) {
                return None;
            }
            let processed = photos.get(&key)?;
            Some(GalleryPhoto {
                in_gallery: p.in_gallery,
                alt: p.alt.clone(),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                thumbnail: processed.thumbnail.clone(),
                large: processed.sizes.last()?.clone(),
            })
        })
        .collect()
}

pub(super) fn indicator_url(s: &Series) -> String {
    format!("indicadores/{}/{}/", s.table_id, s.row_id)
}

/// Something shown under its table's heading on indicator and comparison pages.
pub(super) trait InTable {
    fn table_key(&self) -> (Option<u32>, String, String);
}

#[derive(Serialize)]
pub(super) struct TableGroup<T> {
    id: String,
    number: Option<u32>,
    title: String,
    items: Vec<T>,
}

/// Groups items by table, keeping the order in which tables first appear.
pub(super) fn group_by_table<T: InTable>(items: Vec<T>) -> Vec<TableGroup<T>> {
    let mut groups: Vec<TableGroup<T>> = Vec::new();
    for item in items {
        let (number, id, title) = item.table_key();
        match groups.iter_mut().find(|g| g.id == id) {
            Some(g) => g.items.push(item),
            None => groups.push(TableGroup {
                id,
                number,
                title,
                items: vec![item],
            }),
        }
    }
    groups
}

/// An indicator's comparison of two years, with what templates need to show it.
#[derive(Serialize)]
pub(super) struct IndicatorView {
    url: String,
    pub(super) table_id: String,
    table_number: Option<u32>,
    table_title: String,
    former_labels: Vec<String>,
    comparable_name: String,
    pub(super) chart: Option<ChartOut>,
    #[serde(flatten)]
    pub(super) comparison: derive::IndicatorComparison,
}

impl IndicatorView {
    pub(super) fn new(s: &Series, comparison: derive::IndicatorComparison) -> Self {
        IndicatorView {
            url: indicator_url(s),
            table_id: s.table_id.clone(),
            table_number: s.table_number,
            table_title: s.table_title.clone(),
            former_labels: s.former_labels.clone(),
            comparable_name: comparison.comparable.name.clone(),
            chart: None,
            comparison,
        }
    }
}

impl IndicatorView {
    pub(super) fn row_id(&self) -> &str {
        self.comparison.id.rsplit('/').next().unwrap_or("")
    }
}

impl InTable for IndicatorView {
    fn table_key(&self) -> (Option<u32>, String, String) {
        (
            self.table_number,
            self.table_id.clone(),
            self.table_title.clone(),
        )
    }
}

/// An indicator as listed in `/indicadores/`.
#[derive(Serialize)]
pub(super) struct IndicatorSummary {
    id: String,
    url: String,
    label: String,
    former_labels: Vec<String>,
    unit: String,
    table_id: String,
    table_number: Option<u32>,
    table_title: String,
    sample: bool,
    latest: Option<(Period, u64)>,
    trend: Option<derive::Delta>,
    first: Option<Period>,
    months: usize,
    pub(super) spark: Option<String>,
}

impl IndicatorSummary {
    pub(super) fn new(s: &Series, facts: &SeriesFacts) -> Self {
        IndicatorSummary {
            id: s.id.clone(),
            url: indicator_url(s),
            label: s.label.clone(),
            former_labels: s.former_labels.clone(),
            unit: s.unit.clone(),
            table_id: s.table_id.clone(),
            table_number: s.table_number,
            table_title: s.table_title.clone(),
            sample: s.sample,
            latest: facts.latest,
            trend: facts.trend,
            first: s.points.keys().next().copied(),
            months: s.points.len(),
            spark: None,
        }
    }
}

impl InTable for IndicatorSummary {
    fn table_key(&self) -> (Option<u32>, String, String) {
        (
            self.table_number,
            self.table_id.clone(),
            self.table_title.clone(),
        )
    }
}

#[derive(Serialize)]
pub(super) struct HistoryPoint {
    pub(super) period: Period,
    pub(super) value: u64,
    pub(super) sample: bool,
    pub(super) report: String,
    pub(super) changes: derive::RowChanges,
}

#[derive(Serialize)]
pub(super) struct YearTotalView {
    comparable_name: String,
    #[serde(flatten)]
    total: derive::YearTotal,
}

impl From<&derive::YearTotal> for YearTotalView {
    fn from(total: &derive::YearTotal) -> Self {
        YearTotalView {
            comparable_name: total.comparable_name.clone(),
            total: total.clone(),
        }
    }
}
