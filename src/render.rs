//! Render: the validated archive (plus what `derive` and the photo step
//! computed) → every output file, each handed to a `Sink` as it is made.
//! No file is read here.

use crate::charts;
use crate::config::Config;
use crate::data;
use crate::derive::{self, Series};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::{self, escape};
use crate::model::{Archive, Page, Period, Report};
use crate::numfmt;
use crate::photos::Processed;
use crate::theme::Theme;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One file of the site, relative to the output root.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Output {
    fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Output {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Everything rendering needs, computed by earlier steps.
pub struct Input<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    /// One series per indicator, from `derive::series`.
    pub series: &'a [Series],
    /// Processed photos by output base path (see `build::photo_output`).
    pub photos: &'a HashMap<String, Processed>,
}

/// Where rendered files go, each as soon as it is made: the staging folder
/// in a build, a list in memory for `check`. So a build never holds the
/// whole site (over 100 MB for a 1,200-report archive) in memory at once.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), Diagnostics>;
}

/// Collects outputs in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<Output>>);

impl Collect {
    pub fn into_outputs(self) -> Vec<Output> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, output: Output) -> Result<(), Diagnostics> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    }
}

/// Renders every page and data file into `sink`; returns the path of each.
pub fn render(input: &Input<'_>, sink: &dyn Sink) -> Result<Vec<String>, Diagnostics> {
    let site = SiteContext::new(input.config, input.archive);
    let templates = environment(input, &site)?;
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
        || -> Vec<Result<Vec<String>, Diagnostics>> {
            jobs.par_iter()
                .map(|job| put_all(sink, render_job(&templates, input, &chart_css, job)?))
                .collect()
        },
        || put_all(sink, data::archive_files(input.config, reports)),
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
        ),
        Output::new("sitemap.xml", sitemap(input.config, &paths)),
        Output::new("feed.xml", feed(input.config, reports)),
    ];
    for (path, bytes) in &input.theme.static_files {
        last.push(Output::new(path.clone(), bytes.clone()));
    }
    paths.append(&mut put_all(sink, last)?);
    Ok(paths)
}

/// Hands `outputs` to `sink`; returns their paths.
fn put_all(sink: &dyn Sink, outputs: Vec<Output>) -> Result<Vec<String>, Diagnostics> {
    let paths = outputs.iter().map(|o| o.path.clone()).collect();
    for o in outputs {
        sink.put(o)?;
    }
    Ok(paths)
}

enum PageJob<'a> {
    Home,
    Archive,
    NotFound,
    Data,
    Year(i32),
    Report(usize),
    Page(&'a Page),
    Gallery,
    CompareIndex,
    Compare(i32),
    IndicatorIndex,
    Indicator(usize),
}

fn render_job(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    job: &PageJob<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
    let unsafe_html = input.config.markdown.unsafe_html;
    match job {
        PageJob::Home => {
            let text = input
                .archive
                .home
                .as_ref()
                .map(|p| markdown::render(&p.body, unsafe_html, &|_, _| None).html);
            let latest = reports
                .iter()
                .rev()
                .find(|r| !r.draft)
                .or(reports.last())
                .map(|r| ReportContext::full(r, Some(input.series)));
            let recent: Vec<ReportCard> =
                reports.iter().rev().take(6).map(ReportCard::from).collect();
            let sparks: BTreeMap<String, String> = input
                .series
                .iter()
                .filter_map(|s| Some((s.id.clone(), sparkline_of(s, "home")?)))
                .collect();
            let html = templates.page(
                "home.html",
                "",
                context! {
                    page => PageMeta::new("", &input.config.title, input.config.description.clone()),
                    text, latest, recent, sparks,
                },
            )?;
            Ok(vec![Output::new("index.html", html)])
        }
        PageJob::Archive => {
            let html = templates.page(
                "archive.html",
                "informes/",
                context! {
                    page => PageMeta::new("informes/", "Todos los informes", Some("Archivo de informes mensuales, por año.".into())),
                },
            )?;
            Ok(vec![Output::new("informes/index.html", html)])
        }
        PageJob::NotFound => {
            let html = templates.page(
                "404.html",
                "404.html",
                context! {
                    page => PageMeta::new("404.html", "Página no encontrada", None),
                },
            )?;
            Ok(vec![Output::new("404.html", html)])
        }
        PageJob::Data => {
            let html = templates.page(
                "data.html",
                "datos/",
                context! {
                    page => PageMeta::new("datos/", "Datos abiertos", Some("Descargue todas las cifras de los informes en CSV y JSON, con su Data Package.".into())),
                },
            )?;
            Ok(vec![Output::new("datos/index.html", html)])
        }
        PageJob::Year(year) => {
            let in_year: Vec<ReportCard> = reports
                .iter()
                .filter(|r| r.period.year == *year)
                .map(ReportCard::from)
                .collect();
            let url = format!("informes/{year}/");
            let indicators: Vec<IndicatorView> = input
                .series
                .iter()
                .filter_map(|s| derive::year_to_date(s, *year).map(|c| IndicatorView::new(s, c)))
                .collect();
            let mut chart_files = Vec::new();
            let indicators: Vec<IndicatorView> = indicators
                .into_iter()
                .map(|mut v| {
                    let Some(s) = input.series.iter().find(|s| s.id == v.comparison.id) else {
                        return v;
                    };
                    let values = monthly_values(
                        s,
                        Period {
                            year: *year,
                            month: 1,
                        },
                        12,
                    );
                    let line = charts::Series {
                        name: "",
                        start: Period {
                            year: *year,
                            month: 1,
                        },
                        values: &values,
                    };
                    let title = format!("{}: {year}, por mes ({})", s.label, s.unit);
                    let c = ChartOut::new(
                        format!("{url}grafico-{}-{}.svg", s.table_id, s.row_id),
                        charts::time_series(
                            &format!("y-{}-{}", s.table_id, s.row_id),
                            &title,
                            &[line],
                            charts::Mark::Columns,
                        ),
                    );
                    v.chart = Some(c.clone());
                    chart_files.push(c);
                    v
                })
                .collect();
            let monthly: Vec<MonthlyTable> = group_by_table(
                indicators
                    .iter()
                    .map(|v| MonthlyColumn::of(v, input.series, *year))
                    .collect::<Vec<_>>(),
            )
            .into_iter()
            .map(MonthlyTable::from)
            .collect();
            let html = templates.page(
                "year.html",
                &url,
                context! {
                    page => PageMeta::new(&url, &format!("Informes de {year}"), Some(format!("Los informes mensuales de {year} y sus cifras."))),
                    year, reports => in_year, indicators => group_by_table(indicators), monthly,
                    compare => derive::comparable_years(input.series).contains(year),
                },
            )?;
            let mut out = vec![Output::new(format!("{url}index.html"), html)];
            out.extend(chart_files.into_iter().map(|c| c.file(chart_css)));
            Ok(out)
        }
        PageJob::Report(i) => {
            let r = &reports[*i];
            let url = r.period.url_path();
            let base = input.config.base_path();
            let picture_of = |src: &str, alt: &str| -> Option<String> {
                let p = input.photos.get(&crate::build::photo_output(&url, src))?;
                Some(picture_html(&base, p, alt))
            };
            let body = markdown::render(&r.body, unsafe_html, &picture_of);
            let charts_of: Vec<ChartOut> = r
                .tables
                .iter()
                .map(|t| {
                    let bars: Vec<charts::Bar> = t
                        .rows
                        .iter()
                        .map(|row| charts::Bar {
                            label: &row.label,
                            value: row.value,
                        })
                        .collect();
                    let title = format!(
                        "{} ({}, {} de {})",
                        t.title,
                        t.unit,
                        crate::numfmt::month_name(r.period.month),
                        r.period.year
                    );
                    ChartOut::new(
                        format!("{url}cuadro-{}.svg", t.id),
                        charts::bar_chart(&format!("t-{}", t.id), &title, &bars),
                    )
                })
                .collect();
            let chart_map: BTreeMap<String, ChartOut> = r
                .tables
                .iter()
                .map(|t| t.id.clone())
                .zip(charts_of.iter().cloned())
                .collect();
            let gallery = gallery_of(r, input.photos);
            let previous = i
                .checked_sub(1)
                .and_then(|p| reports.get(p))
                .map(ReportCard::from);
            let next = reports.get(i + 1).map(ReportCard::from);
            let html = templates.page(
                "report.html",
                &url,
                context! {
                    page => PageMeta::new(&url, &r.title, r.summary.clone()),
                    report => ReportContext::full(r, Some(input.series)),
                    body => body.html,
                    toc => if body.toc.len() >= 4 { body.toc } else { vec![] },
                    previous, next, gallery, charts => chart_map,
                },
            )?;
            let mut out = vec![Output::new(format!("{url}index.html"), html)];
            out.extend(data::report_files(r));
            out.extend(charts_of.into_iter().map(|c| c.file(chart_css)));
            Ok(out)
        }
        PageJob::Gallery => {
            let months: Vec<GalleryMonth> = reports
                .iter()
                .rev()
                .map(|r| GalleryMonth {
                    report: ReportCard::from(r),
                    photos: gallery_of(r, input.photos),
                })
                .filter(|m| !m.photos.is_empty())
                .collect();
            let html = templates.page(
                "gallery.html",
                "galeria/",
                context! {
                    page => PageMeta::new("galeria/", "Galería de fotos", Some("Las fotografías de los informes, por mes.".into())),
                    months,
                },
            )?;
            Ok(vec![Output::new("galeria/index.html", html)])
        }
        PageJob::CompareIndex => {
            let years = derive::comparable_years(input.series);
            let html = templates.page(
                "compare_index.html",
                "comparar/",
                context! {
                    page => PageMeta::new("comparar/", "Comparar años", Some("Cada indicador, mes a mes, frente al año anterior.".into())),
                    years,
                },
            )?;
            Ok(vec![Output::new("comparar/index.html", html)])
        }
        PageJob::Compare(year) => {
            let Some(cmp) = derive::year_comparison(input.series, *year) else {
                return Ok(vec![]);
            };
            let url = format!("comparar/{year}/");
            let by_id = derive::series_index(input.series);
            let indicators: Vec<IndicatorView> = cmp
                .indicators
                .iter()
                .filter_map(|c| {
                    by_id
                        .get(c.id.as_str())
                        .map(|i| IndicatorView::new(&input.series[*i], c.clone()))
                })
                .collect();
            let mut chart_files = Vec::new();
            let indicators: Vec<IndicatorView> = indicators
                .into_iter()
                .map(|mut v| {
                    let previous: Vec<Option<u64>> =
                        v.comparison.months.iter().map(|m| m.previous).collect();
                    let current: Vec<Option<u64>> =
                        v.comparison.months.iter().map(|m| m.current).collect();
                    let (py, cy) = ((year - 1).to_string(), year.to_string());
                    let lines = [
                        charts::Series {
                            name: &py,
                            start: Period {
                                year: year - 1,
                                month: 1,
                            },
                            values: &previous,
                        },
                        charts::Series {
                            name: &cy,
                            start: Period {
                                year: *year,
                                month: 1,
                            },
                            values: &current,
                        },
                    ];
                    let title = format!(
                        "{}: {} y {year}, por mes ({})",
                        v.comparison.label,
                        year - 1,
                        v.comparison.unit
                    );
                    let c = ChartOut::new(
                        format!("{url}{}-{}.svg", v.table_id, v.row_id()),
                        charts::time_series(
                            &format!("c-{}-{}", v.table_id, v.row_id()),
                            &title,
                            &lines,
                            charts::Mark::Columns,
                        ),
                    );
                    v.chart = Some(c.clone());
                    chart_files.push(c);
                    v
                })
                .collect();
            let html = templates.page(
                "compare.html",
                &url,
                context! {
                    page => PageMeta::new(&url, &format!("{year} frente a {}", year - 1), Some(format!("Las cifras de {year} comparadas con las de {}, mes a mes.", year - 1))),
                    year, previous_year => year - 1, sample => cmp.sample,
                    tables => group_by_table(indicators),
                },
            )?;
            let json = serde_json::to_vec_pretty(&cmp).unwrap_or_default();
            let mut out = vec![
                Output::new(format!("{url}index.html"), html),
                Output::new(format!("{url}datos.json"), json),
            ];
            out.extend(chart_files.into_iter().map(|c| c.file(chart_css)));
            Ok(out)
        }
        PageJob::IndicatorIndex => {
            let rows: Vec<IndicatorSummary> = input
                .series
                .iter()
                .map(|s| {
                    let mut row = IndicatorSummary::new(s);
                    row.spark = sparkline_of(s, "ind");
                    row
                })
                .collect();
            let html = templates.page(
                "indicators.html",
                "indicadores/",
                context! {
                    page => PageMeta::new("indicadores/", "Indicadores", Some("Cada indicador de los informes, su último valor y su tendencia.".into())),
                    tables => group_by_table(rows),
                },
            )?;
            Ok(vec![Output::new("indicadores/index.html", html)])
        }
        PageJob::Indicator(i) => {
            let s = &input.series[*i];
            let url = indicator_url(s);
            let history_chart =
                s.points
                    .keys()
                    .next()
                    .zip(s.points.keys().next_back())
                    .map(|(first, last)| {
                        let count = ((last.year - first.year) * 12 + last.month as i32
                            - first.month as i32
                            + 1)
                        .max(1) as usize;
                        let values = monthly_values(s, *first, count);
                        let line = charts::Series {
                            name: "",
                            start: *first,
                            values: &values,
                        };
                        let title = format!("{}: historia mensual ({})", s.label, s.unit);
                        let mark = if count <= 12 {
                            charts::Mark::Columns
                        } else {
                            charts::Mark::Line
                        };
                        ChartOut::new(
                            format!("{url}grafico.svg"),
                            charts::time_series("h", &title, &[line], mark),
                        )
                    });
            let history: Vec<HistoryPoint> = s
                .points
                .iter()
                .map(|(p, pt)| HistoryPoint {
                    period: *p,
                    value: pt.value,
                    sample: pt.sample,
                    report: p.url_path(),
                    changes: derive::row_changes(s, *p),
                })
                .collect();
            let html = templates.page(
                "indicator.html",
                &url,
                context! {
                    page => PageMeta::new(&url, &s.label, Some(format!("Historia del indicador «{}»: {}.", s.label, s.table_title))),
                    indicator => IndicatorSummary::new(s), chart => &history_chart,
                    yearly => derive::yearly_totals(s).into_iter().map(YearTotalView::from).collect::<Vec<_>>(),
                    history,
                },
            )?;
            let mut out = vec![Output::new(format!("{url}index.html"), html)];
            out.extend(history_chart.map(|c| c.file(chart_css)));
            Ok(out)
        }
        PageJob::Page(p) => {
            let body = markdown::render(&p.body, unsafe_html, &|_, _| None);
            let html = templates.page(
                "page.html",
                &p.url_path,
                context! {
                    page => PageMeta::new(&p.url_path, &p.title, p.description.clone()),
                    body => body.html,
                    toc => if body.toc.len() >= 4 { body.toc } else { vec![] },
                },
            )?;
            Ok(vec![Output::new(format!("{}index.html", p.url_path), html)])
        }
    }
}

/// The template environment, and the file each template came from, so that
/// an error names the file the editor can open, not just the template.
struct Templates<'a> {
    env: Environment<'a>,
    origins: HashMap<String, String>,
}

impl Templates<'_> {
    /// Renders `template` for the page at `url` (relative to the site root).
    fn page(&self, template: &str, url: &str, ctx: Value) -> Result<String, Diagnostics> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| self.error(template, &e))?;
        let ctx = context! { current_url => url, ..ctx };
        tmpl.render(ctx).map_err(|e| self.error(template, &e))
    }

    fn error(&self, fallback: &str, e: &minijinja::Error) -> Diagnostics {
        let name = e.name().unwrap_or(fallback);
        let origin = self.origins.get(name).map_or(name, String::as_str);
        let mut message = format!(
            "template error: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        );
        if let Some(src) = std::error::Error::source(e) {
            message.push_str(&format!(" ({src})"));
        }
        Diagnostic::new(origin, e.line().unwrap_or(0), 0, message).into()
    }
}

/// The template environment: theme templates, filters and URL helpers.
fn environment<'a>(input: &Input<'a>, site: &SiteContext) -> Result<Templates<'a>, Diagnostics> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // minijinja's HTML escaping also escapes `/`, which bloats every URL;
    // `&<>"'` are all that HTML text and quoted attributes need.
    env.set_formatter(|out, state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        if value.is_safe() || state.auto_escape() == minijinja::AutoEscape::None {
            return write!(out, "{value}")
                .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure));
        }
        match value.as_str() {
            Some(s) => out.write_str(&escape(s)),
            None => out.write_str(&escape(&value.to_string())),
        }
        .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
    });
    let mut diags = Diagnostics::default();
    let mut origins = HashMap::new();
    for (name, t) in &input.theme.templates {
        origins.insert(name.clone(), t.origin.display().to_string());
        if let Err(e) = env.add_template_owned(name.clone(), t.source.clone()) {
            let line = e.line().unwrap_or(0);
            diags.push(Diagnostic::new(
                &t.origin,
                line,
                0,
                format!(
                    "template error: {}",
                    e.detail().unwrap_or(&e.kind().to_string())
                ),
            ));
        }
    }
    for required in [
        "base.html",
        "home.html",
        "archive.html",
        "year.html",
        "report.html",
        "page.html",
        "404.html",
        "data.html",
    ] {
        if !input.theme.templates.contains_key(required) {
            diags.push(Diagnostic::file(
                format!("themes/{}/templates/{required}", input.config.theme),
                "this template is missing from the theme",
            ));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let base_path = input.config.base_path();
    env.add_global("site", Value::from_serialize(site));
    env.add_global("base_path", base_path.clone());
    let fingerprints: BTreeMap<String, String> = input
        .theme
        .static_files
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                format!("{:x}", xxhash_rust::xxh3::xxh3_64(v) & 0xffff_ffff),
            )
        })
        .collect();
    let bp = base_path.clone();
    env.add_function("url", move |path: &str| -> String {
        format!("{bp}{}", path.trim_start_matches('/'))
    });
    let bp = base_path;
    env.add_function("asset", move |path: &str| -> String {
        let path = path.trim_start_matches('/');
        match fingerprints.get(path) {
            Some(v) => format!("{bp}{path}?v={v}"),
            None => format!("{bp}{path}"),
        }
    });
    env.add_filter("number", |v: Value| -> String {
        match i128::try_from(v.clone()) {
            Ok(n) => numfmt::thousands(n),
            Err(_) => v.to_string(),
        }
    });
    env.add_filter("signed", |v: Value| -> String {
        match i128::try_from(v.clone()) {
            Ok(n) => numfmt::signed(n),
            Err(_) => v.to_string(),
        }
    });
    env.add_filter("percent", |v: f64, signed: Option<bool>| -> String {
        numfmt::percent(v, signed.unwrap_or(false))
    });
    env.add_filter("month", |m: u32| -> &'static str { numfmt::month_name(m) });
    env.add_filter("period", |p: Value| -> String {
        match (
            p.get_attr("year").ok().and_then(|y| i32::try_from(y).ok()),
            p.get_attr("month").ok().and_then(|m| u32::try_from(m).ok()),
        ) {
            (Some(y), Some(m)) => format!("{} de {y}", numfmt::month_name(m)),
            _ => String::new(),
        }
    });
    env.add_filter("capfirst", |s: &str| -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    Ok(Templates { env, origins })
}

/// Site-wide values every template can read as `site`.
#[derive(Serialize)]
struct SiteContext {
    title: String,
    institution: String,
    description: Option<String>,
    base_url: String,
    language: String,
    extra: serde_json::Value,
    years: Vec<YearEntry>,
    has_sample: bool,
    latest_period: Option<Period>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    url: String,
    title: String,
}

#[derive(Serialize)]
struct YearEntry {
    year: i32,
    reports: Vec<ReportCard>,
}

impl SiteContext {
    fn new(config: &Config, archive: &Archive) -> Self {
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
        }
    }
}

#[derive(Serialize)]
struct PageMeta {
    url: String,
    title: String,
    description: Option<String>,
}

impl PageMeta {
    fn new(url: &str, title: &str, description: Option<String>) -> Self {
        PageMeta {
            url: url.to_string(),
            title: title.to_string(),
            description,
        }
    }
}

/// A report as listed in cards and archives.
#[derive(Serialize)]
struct ReportCard {
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
struct ReportContext {
    url: String,
    title: String,
    period: Period,
    summary: Option<String>,
    date: Option<String>,
    draft: bool,
    sample: bool,
    tables: Vec<TableContext>,
    extra: serde_json::Value,
}

#[derive(Serialize)]
struct TableContext {
    number: Option<u32>,
    id: String,
    title: String,
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
    indicator_url: String,
    label: String,
    value: Option<u64>,
    changes: Option<derive::RowChanges>,
}

impl ReportContext {
    /// The report with, when `series` is given, each row's change against
    /// last month and the same month of last year.
    fn full(r: &Report, series: Option<&[Series]>) -> Self {
        let index = series.map(derive::series_index).unwrap_or_default();
        let changes = |id: &str, value: Option<u64>| -> Option<derive::RowChanges> {
            let s = &series?[*index.get(id)?];
            Some(derive::row_changes_for_value(s, r.period, value))
        };
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
                .map(|t| TableContext {
                    number: t.number,
                    id: t.id.clone(),
                    title: t.title.clone(),
                    unit: t.unit.clone(),
                    source: t.source.clone(),
                    total: t.total.unwrap_or_else(|| t.sum()),
                    complete: t.rows.iter().all(|r| r.value.is_some()),
                    rows: t
                        .rows
                        .iter()
                        .map(|row| {
                            let indicator = format!("{}/{}", t.id, row.id);
                            RowContext {
                                id: row.id.clone(),
                                indicator_url: format!("indicadores/{}/{}/", t.id, row.id),
                                changes: changes(&indicator, row.value),
                                indicator,
                                label: row.label.clone(),
                                value: row.value,
                            }
                        })
                        .collect(),
                })
                .collect(),
            extra: r.extra.clone(),
        }
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

/// A chart drawn for a page: inline SVG, plus the standalone file written
/// next to the page for download or embedding.
#[derive(Serialize, Clone)]
struct ChartOut {
    svg: String,
    file: String,
}

impl ChartOut {
    fn new(file: String, svg: String) -> Self {
        ChartOut { svg, file }
    }
    fn file(self, css: &str) -> Output {
        Output::new(self.file, charts::standalone(&self.svg, css))
    }
}

/// `count` consecutive months of a series from `start`; `None` where a month has no value.
fn monthly_values(s: &Series, start: Period, count: usize) -> Vec<Option<u64>> {
    std::iter::successors(Some(start), |p| Some(p.next_month()))
        .take(count)
        .map(|p| s.value(p))
        .collect()
}

/// The last twelve months up to the series' latest value, as a sparkline.
fn sparkline_of(s: &Series, prefix: &str) -> Option<String> {
    let (last, _) = derive::latest(s)?;
    let start = (0..11).fold(last, |p, _| p.previous_month());
    let values = monthly_values(s, start, 12);
    let line = charts::Series {
        name: "",
        start,
        values: &values,
    };
    Some(charts::sparkline(
        &format!("{prefix}-{}-{}", s.table_id, s.row_id),
        &format!("{}: últimos 12 meses", s.label),
        &line,
    ))
}

/// One indicator's twelve values of a year, a column of the year page's table.
struct MonthlyColumn {
    label: String,
    values: Vec<Option<u64>>,
    table: (Option<u32>, String, String),
}

impl MonthlyColumn {
    fn of(v: &IndicatorView, series: &[Series], year: i32) -> Self {
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
struct MonthlyTable {
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
fn picture_html(base: &str, p: &Processed, alt: &str) -> String {
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
struct GalleryPhoto {
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    thumbnail: crate::photos::Image,
    large: crate::photos::Image,
}

#[derive(Serialize)]
struct GalleryMonth {
    report: ReportCard,
    photos: Vec<GalleryPhoto>,
}

/// Every photo of a report, gallery photos first, each once.
fn gallery_of(r: &Report, photos: &HashMap<String, Processed>) -> Vec<GalleryPhoto> {
    let url = r.period.url_path();
    let mut seen = std::collections::HashSet::new();
    r.photos
        .iter()
        .filter_map(|p| {
            let key = crate::build::photo_output(&url, &p.src);
            if !seen.insert(key.clone()) {
                return None;
            }
            let processed = photos.get(&key)?;
            Some(GalleryPhoto {
                alt: p.alt.clone(),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                thumbnail: processed.thumbnail.clone(),
                large: processed.sizes.last()?.clone(),
            })
        })
        .collect()
}

fn indicator_url(s: &Series) -> String {
    format!("indicadores/{}/{}/", s.table_id, s.row_id)
}

/// Something shown under its table's heading on indicator and comparison pages.
trait InTable {
    fn table_key(&self) -> (Option<u32>, String, String);
}

#[derive(Serialize)]
struct TableGroup<T> {
    id: String,
    number: Option<u32>,
    title: String,
    items: Vec<T>,
}

/// Groups items by table, keeping the order in which tables first appear.
fn group_by_table<T: InTable>(items: Vec<T>) -> Vec<TableGroup<T>> {
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
struct IndicatorView {
    url: String,
    table_id: String,
    table_number: Option<u32>,
    table_title: String,
    former_labels: Vec<String>,
    comparable_name: String,
    chart: Option<ChartOut>,
    #[serde(flatten)]
    comparison: derive::IndicatorComparison,
}

impl IndicatorView {
    fn new(s: &Series, comparison: derive::IndicatorComparison) -> Self {
        IndicatorView {
            url: indicator_url(s),
            table_id: s.table_id.clone(),
            table_number: s.table_number,
            table_title: s.table_title.clone(),
            former_labels: s.former_labels.clone(),
            comparable_name: derive::month_span_name(&comparison.comparable.months),
            chart: None,
            comparison,
        }
    }
}

impl IndicatorView {
    fn row_id(&self) -> &str {
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
struct IndicatorSummary {
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
    spark: Option<String>,
}

impl IndicatorSummary {
    fn new(s: &Series) -> Self {
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
            latest: derive::latest(s),
            trend: derive::trend(s),
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
struct HistoryPoint {
    period: Period,
    value: u64,
    sample: bool,
    report: String,
    changes: derive::RowChanges,
}

#[derive(Serialize)]
struct YearTotalView {
    comparable_name: String,
    #[serde(flatten)]
    total: derive::YearTotal,
}

impl From<derive::YearTotal> for YearTotalView {
    fn from(total: derive::YearTotal) -> Self {
        YearTotalView {
            comparable_name: derive::month_span_name(&total.comparable_months),
            total,
        }
    }
}

fn sitemap(config: &Config, paths: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.strip_suffix("index.html"))
        .collect();
    pages.sort_unstable();
    for p in pages {
        s.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            escape(&config.base_url),
            escape(p)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// Atom feed of the latest reports.
fn feed(config: &Config, reports: &[Report]) -> String {
    let updated_of = |r: &Report| -> String {
        match &r.date {
            Some(d) => format!("{d}T00:00:00Z"),
            None => {
                let next = if r.period.month == 12 {
                    Period {
                        year: r.period.year + 1,
                        month: 1,
                    }
                } else {
                    Period {
                        year: r.period.year,
                        month: r.period.month + 1,
                    }
                };
                format!("{next}-01T00:00:00Z")
            }
        }
    };
    let published: Vec<&Report> = reports.iter().rev().filter(|r| !r.draft).take(20).collect();
    let updated = published
        .iter()
        .map(|r| updated_of(r))
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.base_url),
        escape(&config.base_url),
        escape(&config.base_url),
        escape(if config.institution.is_empty() {
            &config.title
        } else {
            &config.institution
        }),
    );
    for r in published {
        let url = format!("{}{}", config.base_url, r.period.url_path());
        let mut summary = r.summary.clone().unwrap_or_default();
        if r.sample {
            summary = format!("[Datos de ejemplo] {summary}");
        }
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" href=\"{}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&r.title),
            escape(&url),
            escape(&url),
            updated_of(r),
            escape(summary.trim()),
        ));
    }
    s.push_str("</feed>\n");
    s
}
