//! One function per kind of page: each renders its template (and any
//! charts and data files that go with it) into the files it makes.

use super::Input;
use super::templates::Templates;
use super::views::{
    ChartOut, GalleryMonth, HistoryPoint, IndicatorSummary, IndicatorView, MonthlyColumn,
    MonthlyTable, PageMeta, ReportCard, ReportContext, YearTotalView, gallery_of, group_by_table,
    indicator_url, monthly_values, picture_html, sample_title, sparkline_of,
};
use crate::load::model::{Page, Period};
use crate::render::charts;
use crate::render::markdown;
use crate::support::diag::Diagnostics;
use crate::write::output::{Output, PathError};
use minijinja::context;
use std::collections::BTreeMap;

/// `index.html`: the home text, the latest report, recent ones and a sparkline per indicator.
pub(super) fn home(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
    let unsafe_html = input.config.markdown.unsafe_html;
    let text = input
        .archive
        .home
        .as_ref()
        .map(|p| markdown::render(&p.body, unsafe_html, &|_, _| None).html);
    let latest = reports
        .iter()
        .zip(&input.derived.report_changes)
        .rev()
        .find(|(r, _)| !r.draft)
        .or(reports
            .iter()
            .zip(&input.derived.report_changes)
            .next_back())
        .map(|(r, changes)| ReportContext::full(r, Some(changes)));
    let recent: Vec<ReportCard> = reports.iter().rev().take(6).map(ReportCard::from).collect();
    let derived = input.derived;
    let sparks: BTreeMap<String, String> = derived
        .series
        .iter()
        .zip(&derived.facts)
        .filter_map(|(s, f)| Some((s.id.clone(), sparkline_of(s, f, "home")?)))
        .collect();
    let html = templates.page(
        "home.html",
        "",
        context! {
            page => PageMeta::new("", &input.config.title, input.config.description.clone()),
            text, latest, recent, sparks,
        },
    )?;
    Ok(vec![Output::new("index.html", html)?])
}

/// A page made of its template and its title alone.
pub(super) struct StaticPage {
    template: &'static str,
    /// Its address, from the site's root (`informes/`; `404.html`).
    url: &'static str,
    title: &'static str,
    description: Option<&'static str>,
}

/// `informes/`: every report, by year.
pub(super) const ARCHIVE: StaticPage = StaticPage {
    template: "archive.html",
    url: "informes/",
    title: "Todos los informes",
    description: Some("Archivo de informes mensuales, por año."),
};

/// `404.html`.
pub(super) const NOT_FOUND: StaticPage = StaticPage {
    template: "404.html",
    url: "404.html",
    title: "Página no encontrada",
    description: None,
};

/// `datos/`: the open data downloads.
pub(super) const DATA: StaticPage = StaticPage {
    template: "data.html",
    url: "datos/",
    title: "Datos abiertos",
    description: Some(
        "Descargue todas las cifras de los informes en CSV y JSON, con su Data Package.",
    ),
};

/// `buscar/`: the search page; its script runs the query in the address
/// (`?q=`), and without JavaScript it links to the archive and indicators.
pub(super) const SEARCH: StaticPage = StaticPage {
    template: "buscar.html",
    url: "buscar/",
    title: "Buscar",
    description: Some("Busque en todos los informes, indicadores y páginas del portal."),
};

/// Renders a [`StaticPage`]: `index.html` in its folder, or the file its address names.
pub(super) fn static_page(
    templates: &Templates<'_>,
    page: &StaticPage,
) -> Result<Vec<Output>, Diagnostics> {
    let html = templates.page(
        page.template,
        page.url,
        context! {
            page => PageMeta::new(page.url, page.title, page.description.map(str::to_string)),
        },
    )?;
    let file = if page.url.ends_with('/') {
        format!("{}index.html", page.url)
    } else {
        page.url.to_string()
    };
    Ok(vec![Output::new(file, html)?])
}

/// `informes/{year}/`: the year's reports, year-to-date figures and a chart per indicator.
pub(super) fn year(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    year: i32,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
    let in_year: Vec<ReportCard> = reports
        .iter()
        .filter(|r| r.period.year == year)
        .map(ReportCard::from)
        .collect();
    let url = format!("informes/{year}/");
    let indicators: Vec<IndicatorView> = input
        .derived
        .year_to_date(year)
        .map(|(s, c)| IndicatorView::new(s, c.clone()))
        .collect();
    let mut chart_files = Vec::new();
    let indicators: Vec<IndicatorView> = indicators
        .into_iter()
        .map(|mut v| {
            let Some(s) = input.series().iter().find(|s| s.id == v.comparison.id) else {
                return v;
            };
            let values = monthly_values(s, Period { year, month: 1 }, 12);
            let line = charts::Series {
                name: "",
                start: Period { year, month: 1 },
                values: &values,
            };
            let sample = s.year_points_sample(year);
            let title = sample_title(format!("{}: {year}, por mes ({})", s.label, s.unit), sample);
            let c = ChartOut::new(
                format!("{url}grafico-{}-{}.svg", s.table_id, s.row_id),
                charts::time_series(
                    &format!("y-{}-{}", s.table_id, s.row_id),
                    &title,
                    &[line],
                    charts::Mark::Columns,
                ),
            )
            .with_sample(sample);
            v.chart = Some(c.clone());
            chart_files.push(c);
            v
        })
        .collect();
    let monthly: Vec<MonthlyTable> = group_by_table(
        indicators
            .iter()
            .map(|v| MonthlyColumn::of(v, input.series(), year))
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
            compare => input.derived.comparable_years.contains(&year),
        },
    )?;
    let mut out = vec![Output::new(format!("{url}index.html"), html)?];
    for c in chart_files {
        out.push(c.file(chart_css)?);
    }
    Ok(out)
}

/// A report's page, its data files and a chart per table.
pub(super) fn report(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    i: usize,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
    let unsafe_html = input.config.markdown.unsafe_html;
    let r = &reports[i];
    let url = r.period.url_path();
    let base = input.config.base_path();
    let picture_of = |src: &str, alt: &str| -> Option<String> {
        let p = input
            .photos
            .get(&crate::render::photos::photo_output(&url, src))?;
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
            let title = sample_title(
                format!(
                    "{} ({}, {} de {})",
                    t.title,
                    t.unit,
                    crate::support::numfmt::month_name(r.period.month),
                    r.period.year
                ),
                r.sample,
            );
            ChartOut::new(
                format!("{url}cuadro-{}.svg", t.id),
                charts::bar_chart(&format!("t-{}", t.id), &title, &bars),
            )
            .with_sample(r.sample)
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
            report => ReportContext::full(r, input.derived.report_changes.get(i)),
            body => body.html,
            toc => if body.toc.len() >= 4 { body.toc } else { vec![] },
            previous, next, gallery, charts => chart_map,
        },
    )?;
    // A path that cannot be written names the report it comes from.
    let at_report = |e: PathError| Diagnostics::from(e.at(&r.source));
    let mut out = vec![Output::new(format!("{url}index.html"), html).map_err(at_report)?];
    out.extend(crate::render::data::report_files(input.config, r).map_err(at_report)?);
    for c in charts_of {
        out.push(c.file(chart_css).map_err(at_report)?);
    }
    Ok(out)
}

/// A free-standing Markdown page.
pub(super) fn page(
    templates: &Templates<'_>,
    input: &Input<'_>,
    p: &Page,
) -> Result<Vec<Output>, Diagnostics> {
    let unsafe_html = input.config.markdown.unsafe_html;
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
    let out = Output::new(format!("{}index.html", p.url_path), html);
    Ok(vec![out.map_err(|e| e.at(&p.source))?])
}

/// `galeria/`: every report's photos, latest month first.
pub(super) fn gallery(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = &input.archive.reports;
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
    Ok(vec![Output::new("galeria/index.html", html)?])
}

/// `comparar/`: the years that can be compared with the one before.
pub(super) fn compare_index(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let years = &input.derived.comparable_years;
    let html = templates.page(
        "compare_index.html",
        "comparar/",
        context! {
            page => PageMeta::new("comparar/", "Comparar años", Some("Cada indicador, mes a mes, frente al año anterior.".into())),
            years,
        },
    )?;
    Ok(vec![Output::new("comparar/index.html", html)?])
}

/// `comparar/{year}/`: each indicator against the year before, its data and charts.
pub(super) fn compare(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    year: i32,
) -> Result<Vec<Output>, Diagnostics> {
    let Some(cmp) = input.derived.comparison(year) else {
        return Ok(vec![]);
    };
    let url = format!("comparar/{year}/");
    let indicators: Vec<IndicatorView> = cmp
        .indicators
        .iter()
        .filter_map(|c| {
            input
                .derived
                .position(&c.id)
                .map(|i| IndicatorView::new(&input.series()[i], c.clone()))
        })
        .collect();
    let mut chart_files = Vec::new();
    let indicators: Vec<IndicatorView> = indicators
        .into_iter()
        .map(|mut v| {
            let previous: Vec<Option<u64>> =
                v.comparison.months.iter().map(|m| m.previous).collect();
            let current: Vec<Option<u64>> = v.comparison.months.iter().map(|m| m.current).collect();
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
                    start: Period { year, month: 1 },
                    values: &current,
                },
            ];
            let sample = v.comparison.sample;
            let title = sample_title(
                format!(
                    "{}: {} y {year}, por mes ({})",
                    v.comparison.label,
                    year - 1,
                    v.comparison.unit
                ),
                sample,
            );
            let c = ChartOut::new(
                format!("{url}{}-{}.svg", v.table_id, v.row_id()),
                charts::time_series(
                    &format!("c-{}-{}", v.table_id, v.row_id()),
                    &title,
                    &lines,
                    charts::Mark::Columns,
                ),
            )
            .with_sample(sample);
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
        Output::new(format!("{url}index.html"), html)?,
        Output::new(format!("{url}datos.json"), json)?,
    ];
    for c in chart_files {
        out.push(c.file(chart_css)?);
    }
    Ok(out)
}

/// `indicadores/`: every indicator with its latest value and trend.
pub(super) fn indicator_index(
    templates: &Templates<'_>,
    input: &Input<'_>,
) -> Result<Vec<Output>, Diagnostics> {
    let derived = input.derived;
    let rows: Vec<IndicatorSummary> = derived
        .series
        .iter()
        .zip(&derived.facts)
        .map(|(s, f)| {
            let mut row = IndicatorSummary::new(s, f);
            row.spark = sparkline_of(s, f, "ind");
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
    Ok(vec![Output::new("indicadores/index.html", html)?])
}

/// An indicator's page: its history, yearly totals and chart; and its
/// embed (`embed`), from the same history and chart.
pub(super) fn indicator(
    templates: &Templates<'_>,
    input: &Input<'_>,
    chart_css: &str,
    i: usize,
) -> Result<Vec<Output>, Diagnostics> {
    let (s, facts) = (&input.series()[i], &input.derived.facts[i]);
    let url = indicator_url(s);
    let history_chart =
        s.points
            .keys()
            .next()
            .zip(s.points.keys().next_back())
            .map(|(first, last)| {
                let count = ((last.year - first.year) * 12 + last.month as i32 - first.month as i32
                    + 1)
                .max(1) as usize;
                let values = monthly_values(s, *first, count);
                let line = charts::Series {
                    name: "",
                    start: *first,
                    values: &values,
                };
                let title = sample_title(
                    format!("{}: historia mensual ({})", s.label, s.unit),
                    s.sample,
                );
                let mark = if count <= 12 {
                    charts::Mark::Columns
                } else {
                    charts::Mark::Line
                };
                ChartOut::new(
                    format!("{url}grafico.svg"),
                    charts::time_series("h", &title, &[line], mark),
                )
                .with_sample(s.sample)
            });
    let history: Vec<HistoryPoint> = s
        .points
        .iter()
        .zip(&facts.point_changes)
        .map(|((p, pt), changes)| HistoryPoint {
            period: *p,
            value: pt.value,
            sample: pt.sample,
            report: p.url_path(),
            changes: *changes,
        })
        .collect();
    let embed = super::embed::available(input).then(|| super::embed::code(input.config, s));
    let html = templates.page(
        "indicator.html",
        &url,
        context! {
            page => PageMeta::new(&url, &s.label, Some(format!("Historia del indicador «{}»: {}.", s.label, s.table_title))),
            indicator => IndicatorSummary::new(s, facts), chart => &history_chart,
            definition => super::trust::definition(input, &s.id),
            table_definition => super::trust::definition(input, &s.table_id),
            yearly => facts.yearly_totals.iter().map(YearTotalView::from).collect::<Vec<_>>(),
            history => &history, embed,
        },
    )?;
    let mut out = vec![Output::new(format!("{url}index.html"), html)?];
    let with = (s, facts);
    out.extend(super::embed::page(
        templates,
        input,
        with,
        &history,
        history_chart.as_ref(),
        chart_css,
    )?);
    if let Some(c) = history_chart {
        out.push(c.file(chart_css)?);
    }
    Ok(out)
}
