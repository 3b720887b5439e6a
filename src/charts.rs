//! Charts drawn at build time as SVG markup (DESIGN.md, "Charts").
//!
//! Three kinds, each a pure function returning an inline `<svg>` string:
//! [`bar_chart`] (one bar per row of a report table), [`time_series`]
//! (months as columns or a line, one or two series side by side) and
//! [`sparkline`] (the last twelve months, tiny). [`standalone`] turns any of
//! them into a self-contained `.svg` file for download or embedding.
//!
//! Rules every chart follows, and why:
//! - `role="img"` and `aria-labelledby` naming its `<title>` and `<desc>`: the
//!   shapes mean nothing to a screen reader, so the `<desc>` says in Spanish
//!   what the chart shows (extremes, trend, months without data).
//! - Classes only, never colours (`chart-bar`, `chart-axis`, …): a site
//!   restyles charts with CSS alone (`themes/igm/static/css/charts.css`).
//!   Font sizes *are* attributes, because label wrapping is computed from them.
//! - A `viewBox` and no pixel size: the chart scales with its container,
//!   down to a 320px phone. Text is horizontal.
//! - A missing value (`None`) is a gap or "sin dato", never a zero.
//! - Nothing depends on hover: numbers are drawn or written in the `<desc>`,
//!   and the page shows the same numbers in a table.
//! - The second series differs by pattern (outline + hatch, dashed line,
//!   square markers) as well as colour, so it survives grey-scale printing
//!   and colour blindness. The hatch is drawn as plain line segments rather
//!   than an SVG `<pattern>`, so no `fill="url(#…)"` attribute or page-unique
//!   pattern id is needed.

use crate::markdown::escape;
use crate::model::Period;
use crate::numfmt;
use std::fmt::Write as _;

/// One row of a [`bar_chart`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar<'a> {
    /// The row's label, any length: it wraps onto several lines.
    pub label: &'a str,
    /// `None` when there is no data: drawn as "sin dato", never as a zero bar.
    pub value: Option<u64>,
}

/// Consecutive monthly values of one indicator, for [`time_series`] and [`sparkline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series<'a> {
    /// Legend and description name, e.g. `"2024"`; may be empty for a lone series.
    pub name: &'a str,
    /// The month of `values[0]`; each further value is the next month.
    pub start: Period,
    /// `None` is a month without data: a gap, never a zero.
    pub values: &'a [Option<u64>],
}

/// How a [`time_series`] draws its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A column per month (grouped when there are two series): a year's months.
    Columns,
    /// A line per series, broken at missing months: long histories.
    Line,
}

/// What a missing bar says.
const MISSING: &str = "sin dato";
/// What a missing column says where "sin dato" does not fit; explained by a note.
const MISSING_SHORT: &str = "s/d";
const MISSING_NOTE: &str = "s/d = sin dato";
const MONTH_ABBR: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];

// Bar chart geometry, in viewBox units. The viewBox is narrow (400) so that
// 15-unit labels still render at about 11px on a 320px phone.
const BAR_VIEW_W: f64 = 400.0;
const BAR_LABEL_FONT: f64 = 15.0;
const BAR_LABEL_LINE: f64 = 18.0;
const BAR_VALUE_FONT: f64 = 14.0;
const BAR_H: f64 = 18.0;
/// Non-zero values never shrink below this, so a huge outlier cannot hide them.
const MIN_VISIBLE: f64 = 2.0;
const EDGE: f64 = 2.0;

// Time series geometry.
const SERIES_VIEW_W: f64 = 420.0;
const SERIES_PLOT_H: f64 = 190.0;
const LEGEND_FONT: f64 = 14.0;
const TICK_FONT: f64 = 13.0;
const TICK_LINE: f64 = 15.0;
const NOTE_FONT: f64 = 12.0;

// Sparkline geometry: text-free, sized by CSS to a few ems.
const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 32.0;
const SPARK_PAD: f64 = 3.0;
/// A sparkline shows at most this many months, the most recent ones.
const SPARK_MONTHS: usize = 12;

/// A horizontal bar chart, one bar per row, for a report table.
///
/// Each label wraps above its bar across the whole width; each value is
/// written out in full (`1,025,875`) after its bar, so no number needs hover.
/// `id` prefixes the element ids (`{id}-title`, `{id}-desc`) and must be
/// unique on the page; characters other than ASCII letters, digits, `-` and
/// `_` are replaced by `-`. `title` becomes the `<title>` (not drawn).
pub fn bar_chart(id: &str, title: &str, bars: &[Bar<'_>]) -> String {
    let id = sanitize_id(id);
    let desc = describe_bars(bars);
    if bars.is_empty() {
        return empty_chart("bars", &id, BAR_VIEW_W, title, &desc);
    }
    let value_texts: Vec<Option<String>> = bars
        .iter()
        .map(|b| b.value.map(|v| numfmt::thousands(i128::from(v))))
        .collect();
    // Room on the right for the widest value label, so the longest bar's
    // number still fits inside the viewBox.
    let reserve = value_texts
        .iter()
        .flatten()
        .map(|t| text_width(t, BAR_VALUE_FONT))
        .fold(0.0, f64::max)
        + 6.0;
    let x0 = EDGE;
    let plot_w = (BAR_VIEW_W - EDGE - reserve).max(BAR_VIEW_W / 4.0);
    // No axis at all when every value is missing: there is nothing to measure.
    let axis_ticks = bars
        .iter()
        .filter_map(|b| b.value)
        .max()
        .map(|m| fitted_ticks(m as f64, plot_w, true));
    let top = axis_ticks.as_ref().map_or(1.0, Axis::top);

    let mut body = String::new();
    let mut grid = String::new();
    let mut zero_line = String::new();
    let mut y = 4.0;
    for (bar, value_text) in bars.iter().zip(&value_texts) {
        let lines = wrap(bar.label, BAR_VIEW_W - 2.0 * EDGE, BAR_LABEL_FONT);
        if !lines.is_empty() {
            text_block(
                &mut body,
                "chart-label",
                x0,
                y + BAR_LABEL_FONT * 0.9,
                BAR_LABEL_FONT,
                "start",
                &lines,
            );
            y += lines.len() as f64 * BAR_LABEL_LINE + 4.0;
        }
        // Where this row's text sits ("sin dato" or the value after the bar),
        // so grid lines stop short of it instead of striking through it.
        let text_span = match (bar.value, value_text) {
            (Some(v), Some(text)) => {
                let start = x0 + scaled(v, top, plot_w) + 6.0;
                (start - 3.0, start + text_width(text, BAR_VALUE_FONT) + 3.0)
            }
            _ => (x0, x0 + text_width(MISSING, BAR_VALUE_FONT) + 3.0),
        };
        if let Some(Axis { ticks, .. }) = &axis_ticks {
            for &t in ticks.iter().skip(1) {
                let x = x0 + t / top * plot_w;
                if (text_span.0..=text_span.1).contains(&x) {
                    continue;
                }
                let _ = write!(
                    grid,
                    "M{} {}V{}",
                    num(x),
                    num(y - 2.0),
                    num(y + BAR_H + 2.0)
                );
            }
            if bar.value.is_some() {
                let _ = write!(
                    zero_line,
                    "M{} {}V{}",
                    num(x0),
                    num(y - 2.0),
                    num(y + BAR_H + 2.0)
                );
            }
        }
        let text_y = y + BAR_H / 2.0 + BAR_VALUE_FONT * 0.35;
        match (bar.value, value_text) {
            (Some(v), Some(text)) => {
                let len = scaled(v, top, plot_w);
                if len > 0.0 {
                    let _ = write!(
                        body,
                        r#"<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"/>"#,
                        num(x0),
                        num(y),
                        num(len),
                        num(BAR_H)
                    );
                }
                text_el(
                    &mut body,
                    "chart-value",
                    x0 + len + 6.0,
                    text_y,
                    BAR_VALUE_FONT,
                    "start",
                    text,
                );
            }
            _ => text_el(
                &mut body,
                "chart-missing",
                x0,
                text_y,
                BAR_VALUE_FONT,
                "start",
                MISSING,
            ),
        }
        y += BAR_H + 14.0;
    }

    let mut axis = String::new();
    let height = match &axis_ticks {
        Some(Axis { ticks, label_every }) => {
            let axis_y = y - 8.0;
            let _ = write!(axis, "M{} {}H{}", num(x0), num(axis_y), num(x0 + plot_w));
            let mut labels = String::new();
            for (i, &t) in ticks.iter().enumerate() {
                let x = x0 + t / top * plot_w;
                let _ = write!(axis, "M{} {}v4", num(x), num(axis_y));
                if i % label_every != 0 {
                    continue;
                }
                let label = numfmt::abbreviated(t);
                let half = text_width(&label, TICK_FONT) / 2.0;
                // Keep the end labels inside the viewBox instead of cut.
                let cx = x.max(half + 1.0).min(BAR_VIEW_W - half - 1.0);
                text_el(
                    &mut labels,
                    "chart-tick",
                    cx,
                    axis_y + 4.0 + TICK_FONT,
                    TICK_FONT,
                    "middle",
                    &label,
                );
            }
            body.push_str(&labels);
            axis_y + 4.0 + TICK_FONT + 5.0
        }
        None => y - 10.0,
    };

    let mut out = open_svg("bars", &id, BAR_VIEW_W, height, title, &desc);
    path_el(&mut out, "chart-grid", &grid);
    path_el(&mut out, "chart-axis", &zero_line);
    path_el(&mut out, "chart-axis", &axis);
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Months over time: a year's twelve months, or an indicator's whole history.
///
/// Up to two series are drawn side by side (e.g. 2023 against 2024; further
/// series are ignored), aligned by position: slot `i` is `values[i]` of each.
/// The x axis is labelled from the first series' months; with two series it
/// shows month names only, since the years are in the legend. Long spans
/// label only some ticks (every few months, or years). The second series
/// is outlined and hatched (columns) or dashed with square markers (line),
/// and a legend names both. Missing months are gaps: no column (a small
/// "s/d" where it fits) and a break in the line. `id` and `title` as in
/// [`bar_chart`].
pub fn time_series(id: &str, title: &str, series: &[Series<'_>], mark: Mark) -> String {
    let id = sanitize_id(id);
    let series = &series[..series.len().min(2)];
    let desc = describe_time_series(series, mark);
    let slots = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    if slots == 0 {
        return empty_chart("series", &id, SERIES_VIEW_W, title, &desc);
    }
    let two = series.len() == 2;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max();
    // A vertical axis always has room to label every tick.
    let Axis { ticks, .. } = fitted_ticks(max.unwrap_or(0) as f64, SERIES_PLOT_H, false);
    let top = ticks.last().copied().unwrap_or(1.0);
    let tick_labels: Vec<String> = ticks.iter().map(|&t| numfmt::abbreviated(t)).collect();
    let plot_left = tick_labels
        .iter()
        .map(|l| text_width(l, TICK_FONT))
        .fold(0.0, f64::max)
        + 10.0;
    let plot_right = SERIES_VIEW_W - 10.0;
    let plot_w = plot_right - plot_left;
    let slot_w = plot_w / slots as f64;

    // Column geometry: a group per slot, one column per series.
    let group_w = slot_w * if two { 0.84 } else { 0.7 };
    let col_w = group_w / series.len() as f64;
    let col_gap = if two && col_w > 6.0 { 1.0 } else { 0.0 };
    let short_fits = text_width(MISSING_SHORT, NOTE_FONT) <= col_w + 2.0;
    let shows_missing_marks = mark == Mark::Columns
        && short_fits
        && series.iter().any(|s| s.values.iter().any(Option::is_none));

    // Legend (two series) and the "s/d" note share a top band that flows
    // onto more rows when names are long.
    let mut legend = String::new();
    let legend_h = legend_band(&mut legend, series, mark, two, shows_missing_marks);
    let plot_top = legend_h + 12.0;
    let plot_bottom = plot_top + SERIES_PLOT_H;
    let y_of = |v: u64| plot_bottom - scaled(v, top, SERIES_PLOT_H);

    let mut out_grid = String::new();
    let mut out_axis = format!(
        "M{} {}H{}",
        num(plot_left),
        num(plot_bottom),
        num(plot_right)
    );
    let mut body = String::new();
    for (&t, label) in ticks.iter().zip(&tick_labels) {
        let y = plot_bottom - t / top * SERIES_PLOT_H;
        if t > 0.0 {
            let _ = write!(
                out_grid,
                "M{} {}H{}",
                num(plot_left),
                num(y),
                num(plot_right)
            );
        }
        text_el(
            &mut body,
            "chart-tick",
            plot_left - 6.0,
            y + TICK_FONT * 0.35,
            TICK_FONT,
            "end",
            label,
        );
    }

    // X labels.
    let start = series[0].start;
    let labels = x_labels(start, slots, slot_w, two);
    let mut label_lines = 1;
    for l in &labels {
        let edge = plot_left + l.slot as f64 * slot_w;
        let (x, anchor) = if l.at_edge {
            (edge, "start")
        } else {
            (edge + slot_w / 2.0, "middle")
        };
        let _ = write!(out_axis, "M{} {}v4", num(x), num(plot_bottom));
        let width = l
            .lines
            .iter()
            .map(|s| text_width(s, TICK_FONT))
            .fold(0.0, f64::max);
        let x = if anchor == "start" {
            x.min(SERIES_VIEW_W - width - 1.0)
        } else {
            x.max(width / 2.0 + 1.0)
                .min(SERIES_VIEW_W - width / 2.0 - 1.0)
        };
        label_lines = label_lines.max(l.lines.len());
        text_block_spaced(
            &mut body,
            "chart-tick",
            x,
            plot_bottom + 4.0 + TICK_FONT,
            TICK_FONT,
            TICK_LINE,
            anchor,
            &l.lines,
        );
    }
    let height = plot_bottom + 4.0 + label_lines as f64 * TICK_LINE + 6.0;

    let mut marks = String::new();
    for (k, s) in series.iter().enumerate() {
        let b = k == 1;
        match mark {
            Mark::Columns => {
                for (i, v) in s.values.iter().enumerate() {
                    let x =
                        plot_left + i as f64 * slot_w + (slot_w - group_w) / 2.0 + k as f64 * col_w;
                    let w = (col_w - col_gap).max(0.5);
                    match v {
                        Some(v) if *v > 0 => {
                            let y = y_of(*v);
                            bar_rect(&mut marks, b, x, y, w, plot_bottom - y);
                        }
                        Some(_) => {}
                        None if short_fits => {
                            text_el(
                                &mut marks,
                                "chart-missing",
                                x + w / 2.0,
                                plot_bottom - 4.0,
                                NOTE_FONT,
                                "middle",
                                MISSING_SHORT,
                            );
                        }
                        None => {}
                    }
                }
            }
            Mark::Line => {
                let xy = |i: usize, v: u64| (plot_left + (i as f64 + 0.5) * slot_w, y_of(v));
                line_marks(&mut marks, s.values, b, slots <= 24, xy);
            }
        }
    }

    let mut out = open_svg("series", &id, SERIES_VIEW_W, height, title, &desc);
    path_el(&mut out, "chart-grid", &out_grid);
    out.push_str(&marks);
    path_el(&mut out, "chart-axis", &out_axis);
    out.push_str(&legend);
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// A tiny line of the last twelve months of `series` (earlier values are
/// dropped), broken where a month has no data, with a dot on the latest
/// value. It has no text: the `<desc>` carries the numbers. The vertical
/// scale spans the shown values' minimum to maximum, to show the shape.
/// `id` and `title` as in [`bar_chart`].
pub fn sparkline(id: &str, title: &str, series: &Series<'_>) -> String {
    let id = sanitize_id(id);
    let skip = series.values.len().saturating_sub(SPARK_MONTHS);
    let last12 = Series {
        name: series.name,
        start: add_months(series.start, skip),
        values: &series.values[skip..],
    };
    let shown = last12.values.len();
    let desc = format!(
        "Línea de {} {}. {}",
        if shown == 1 {
            "un".to_string()
        } else {
            format!("los últimos {shown}")
        },
        plural(shown, "mes", "meses"),
        describe_series(&last12, true)
    );
    let mut out = open_svg("spark", &id, SPARK_W, SPARK_H, title, &desc);
    let values = last12.values;
    let present: Vec<u64> = values.iter().flatten().copied().collect();
    let (Some(&lo), Some(&hi)) = (present.iter().min(), present.iter().max()) else {
        // No data at all: a faint dashed baseline says "nothing here".
        let _ = write!(
            out,
            r#"<path class="chart-missing" d="M{} {}H{}"/></svg>"#,
            num(SPARK_PAD),
            num(SPARK_H / 2.0),
            num(SPARK_W - SPARK_PAD)
        );
        return out;
    };
    let inner_w = SPARK_W - 2.0 * SPARK_PAD;
    let inner_h = SPARK_H - 2.0 * SPARK_PAD;
    let n = values.len();
    let xy = |i: usize, v: u64| {
        let x = if n > 1 {
            SPARK_PAD + i as f64 * inner_w / (n - 1) as f64
        } else {
            SPARK_W / 2.0
        };
        let y = if hi > lo {
            SPARK_PAD + inner_h - (v - lo) as f64 / (hi - lo) as f64 * inner_h
        } else {
            SPARK_H / 2.0
        };
        (x, y)
    };
    line_marks(&mut out, values, false, false, xy);
    if let Some((i, v)) = values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| v.map(|v| (i, v)))
    {
        let (x, y) = xy(i, v);
        let _ = write!(
            out,
            r#"<circle class="chart-dot chart-dot--last" cx="{}" cy="{}" r="2.5"/>"#,
            num(x),
            num(y)
        );
    }
    out.push_str("</svg>");
    out
}

/// Wraps a chart from this module as a standalone `.svg` file: an XML
/// prolog, `width`/`height` from its viewBox (so `<img>` and viewers get a
/// size), `css` (the theme's charts.css) embedded in a `<style>` element, a
/// background, and the title drawn visibly on top, since no page heading
/// explains a downloaded file. Markup not made by this module is returned
/// after the prolog, unchanged.
pub fn standalone(svg: &str, css: &str) -> String {
    const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let svg = svg.trim();
    let parts = (|| {
        let open_end = svg.find('>')?;
        let open = &svg[..open_end];
        if !open.starts_with("<svg") || open.ends_with('/') {
            return None;
        }
        let view = attr(open, "viewBox")?;
        let nums: Vec<f64> = view
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [_, _, w, h] = nums[..] else { return None };
        let head_end = svg
            .find("</desc>")
            .map(|i| i + "</desc>".len())
            .unwrap_or(open_end + 1);
        let body_end = svg.rfind("</svg>")?;
        let title = svg.find("<title").and_then(|i| {
            let start = i + svg[i..].find('>')? + 1;
            let end = start + svg[start..].find("</title>")?;
            Some(unescape(&svg[start..end]))
        });
        Some((
            open_end,
            view,
            w,
            h,
            head_end,
            body_end,
            title.unwrap_or_default(),
        ))
    })();
    let Some((open_end, view, w, h, head_end, body_end, title)) = parts else {
        return format!("{PROLOG}{svg}");
    };
    let title_font = (w * 0.04).clamp(6.0, 16.0);
    let lines = wrap(&title, w - 8.0, title_font);
    let title_h = if lines.is_empty() {
        0.0
    } else {
        lines.len() as f64 * title_font * 1.25 + title_font * 0.6
    };
    let total_h = h + title_h;
    let open = svg[..open_end]
        .replacen(
            &format!("viewBox=\"{view}\""),
            &format!("viewBox=\"0 0 {} {}\"", num(w), num(total_h)),
            1,
        )
        .replacen("class=\"chart ", "class=\"chart chart--standalone ", 1);
    let mut out = String::with_capacity(svg.len() + css.len() + 512);
    out.push_str(PROLOG);
    let _ = write!(
        out,
        r#"{open} width="{}" height="{}">"#,
        num(w),
        num(total_h)
    );
    out.push_str(&svg[open_end + 1..head_end]);
    // CDATA keeps CSS selectors like `a > b` intact; a literal "]]>" in the
    // CSS is split across two sections.
    let _ = write!(
        out,
        "<style><![CDATA[\n{}\n]]></style>",
        css.replace("]]>", "]]]]><![CDATA[>")
    );
    let _ = write!(
        out,
        r#"<rect class="chart-bg" width="{}" height="{}"/>"#,
        num(w),
        num(total_h)
    );
    if !lines.is_empty() {
        out.push_str(r#"<g aria-hidden="true">"#);
        text_block_spaced(
            &mut out,
            "chart-title",
            4.0,
            title_font * 1.1,
            title_font,
            title_font * 1.25,
            "start",
            &lines,
        );
        out.push_str("</g>");
    }
    let _ = write!(out, r#"<g transform="translate(0 {})">"#, num(title_h));
    out.push_str(&svg[head_end..body_end]);
    out.push_str("</g></svg>\n");
    out
}

// ---------------------------------------------------------------------------
// Descriptions (Spanish, plain text; escaped when written).

fn describe_bars(bars: &[Bar<'_>]) -> String {
    let n = bars.len();
    if n == 0 {
        return "Gráfica de barras sin filas: no hay datos para mostrar.".to_string();
    }
    let mut s = format!(
        "Gráfica de barras horizontales con {n} {}.",
        plural(n, "fila", "filas")
    );
    let present: Vec<(&str, u64)> = bars
        .iter()
        .filter_map(|b| b.value.map(|v| (b.label.trim(), v)))
        .collect();
    let first_extreme = |better: fn(u64, u64) -> bool| {
        present
            .iter()
            .copied()
            .reduce(|best, x| if better(x.1, best.1) { x } else { best })
    };
    match (first_extreme(|a, b| a > b), first_extreme(|a, b| a < b)) {
        (Some(only), _) if present.len() == 1 => {
            let _ = write!(s, " Solo «{}» tiene dato: {}.", only.0, thousands(only.1));
        }
        (Some(max), Some(min)) if max.1 == min.1 => {
            let _ = write!(s, " Todas las filas con dato valen {}.", thousands(max.1));
        }
        (Some(max), Some(min)) => {
            let _ = write!(
                s,
                " Mayor: «{}», {}. Menor: «{}», {}.",
                max.0,
                thousands(max.1),
                min.0,
                thousands(min.1)
            );
        }
        _ => s.push_str(" Ninguna fila tiene dato."),
    }
    let missing: Vec<&str> = bars
        .iter()
        .filter(|b| b.value.is_none())
        .map(|b| b.label.trim())
        .collect();
    if !missing.is_empty() && !present.is_empty() {
        let shown: Vec<String> = missing.iter().take(5).map(|l| format!("«{l}»")).collect();
        let _ = write!(s, " Sin dato: {}", shown.join(", "));
        if missing.len() > 5 {
            let _ = write!(s, " y {} más", missing.len() - 5);
        }
        s.push('.');
    }
    s
}

fn describe_time_series(series: &[Series<'_>], mark: Mark) -> String {
    let kind = match mark {
        Mark::Columns => "Gráfica de columnas por mes",
        Mark::Line => "Gráfica de línea por mes",
    };
    let Some(first) = series.first() else {
        return format!("{kind}: no hay datos para mostrar.");
    };
    let mut s = String::from(kind);
    if series.len() == 2 {
        let _ = write!(
            s,
            " que compara {} y {}.",
            name_or(series[0].name, "la primera serie"),
            name_or(series[1].name, "la segunda serie")
        );
    } else if let Some(last) = first.values.len().checked_sub(1) {
        let _ = write!(
            s,
            ", de {} a {}.",
            period_name(first.start),
            period_name(add_months(first.start, last))
        );
    } else {
        s.push('.');
    }
    for one in series {
        s.push(' ');
        s.push_str(&describe_series(one, series.len() == 1));
    }
    s
}

/// One sentence about a series: first and last values, the trend between
/// them, the highest and lowest months, and how many months lack data.
fn describe_series(series: &Series<'_>, alone: bool) -> String {
    let mut s = if alone || series.name.trim().is_empty() {
        String::new()
    } else {
        format!("{}: ", series.name.trim())
    };
    let present: Vec<(Period, u64)> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (add_months(series.start, i), v)))
        .collect();
    let missing = series.values.len() - present.len();
    let cap = |s: &mut String, text: &str| {
        if s.is_empty() {
            let mut c = text.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(text);
        }
    };
    match present[..] {
        [] => cap(&mut s, "sin datos."),
        [(p, v)] => cap(
            &mut s,
            &format!(
                "un solo mes con dato: {} en {}.",
                thousands(v),
                period_name(p)
            ),
        ),
        [(p1, first), .., (p2, last)] => {
            let trend = if last > first {
                if first > 0 {
                    format!(
                        "aumentó {}",
                        numfmt::percent((last - first) as f64 / first as f64 * 100.0, false)
                    )
                } else {
                    "aumentó".to_string()
                }
            } else if last < first {
                format!(
                    "disminuyó {}",
                    numfmt::percent((first - last) as f64 / first as f64 * 100.0, false)
                )
            } else {
                "no cambió".to_string()
            };
            let hi = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .unwrap_or((p1, first));
            let lo = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 < a.1 { b } else { a })
                .unwrap_or((p1, first));
            cap(
                &mut s,
                &format!(
                    "de {} en {} a {} en {}, {trend}; el mes más alto fue {} con {} y el más bajo {} con {}.",
                    thousands(first),
                    period_name(p1),
                    thousands(last),
                    period_name(p2),
                    period_name(hi.0),
                    thousands(hi.1),
                    period_name(lo.0),
                    thousands(lo.1)
                ),
            );
        }
    }
    if missing > 0 && !present.is_empty() {
        let _ = write!(
            s,
            " {missing} {} sin dato.",
            plural(missing, "mes", "meses")
        );
    }
    s
}

fn name_or<'a>(name: &'a str, fallback: &'a str) -> &'a str {
    if name.trim().is_empty() {
        fallback
    } else {
        name.trim()
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn thousands(v: u64) -> String {
    numfmt::thousands(i128::from(v))
}

/// `enero de 2024`.
fn period_name(p: Period) -> String {
    format!("{} de {}", numfmt::month_name(p.month), p.year)
}

fn add_months(p: Period, n: usize) -> Period {
    let index = i64::from(p.year) * 12 + i64::from(p.month.clamp(1, 12)) - 1 + n as i64;
    Period {
        year: index.div_euclid(12) as i32,
        month: index.rem_euclid(12) as u32 + 1,
    }
}

// ---------------------------------------------------------------------------
// Axes.

/// Round ticks from 0 to at least `max`, with at most `intervals` steps of
/// 1, 2, 2.5 or 5 × 10ⁿ. Steps are whole numbers (the values are counts) and
/// are rejected when `numfmt::abbreviated` would round a tick's label (it
/// keeps one decimal: 1.25 M would read "1.2 M").
fn nice_ticks(max: f64, intervals: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = (max / intervals.max(1) as f64).max(1.0);
    let first_exp = raw.log10().floor() as i32;
    for exp in first_exp..=first_exp + 1 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(exp);
            if step < raw * (1.0 - 1e-12) {
                continue;
            }
            let n = (max / step - 1e-9).ceil().max(1.0) as usize;
            let ticks: Vec<f64> = (0..=n).map(|i| i as f64 * step).collect();
            if ticks.iter().all(|&t| label_is_exact(t)) {
                return ticks;
            }
        }
    }
    vec![0.0, max]
}

/// Whether `numfmt::abbreviated(v)` shows `v` without rounding.
fn label_is_exact(v: f64) -> bool {
    let unit = if v >= 1e6 {
        1e5
    } else if v >= 1e4 {
        1e2
    } else {
        1.0
    };
    (v / unit).fract() == 0.0
}

/// Axis ticks, of which every `label_every`-th carries a label.
struct Axis {
    ticks: Vec<f64>,
    label_every: usize,
}

impl Axis {
    fn top(&self) -> f64 {
        self.ticks.last().copied().unwrap_or(1.0)
    }
}

/// Ticks for an axis `length` units long whose labels do not collide:
/// `horizontal` axes need room for label widths, vertical ones for line
/// heights. Of the tick sets that fit (up to 6 intervals, labelling every
/// tick or every other one), the one with the lowest top wins, so bars use
/// the most room: 1,025,875 gets a grid every 200 mil up to 1.2 M, labelled
/// every 400 mil on a narrow axis, rather than 0, 500 mil … 1.5 M.
fn fitted_ticks(max: f64, length: f64, horizontal: bool) -> Axis {
    let mut best: Option<(Axis, (f64, usize, usize))> = None;
    for intervals in 1..=6 {
        let ticks = nice_ticks(max, intervals);
        let spacing = length / (ticks.len().max(2) - 1) as f64;
        let need = if horizontal {
            ticks
                .iter()
                .map(|&t| text_width(&numfmt::abbreviated(t), TICK_FONT))
                .fold(0.0, f64::max)
                + 8.0
        } else {
            TICK_FONT * 2.2
        };
        for label_every in [1, 2] {
            if spacing * (label_every as f64) < need {
                continue;
            }
            let top = ticks.last().copied().unwrap_or(1.0);
            // Lowest top, then labels on every tick, then more grid lines.
            let key = (top, label_every, usize::MAX - ticks.len());
            if best.as_ref().is_none_or(|(_, k)| key < *k) {
                best = Some((
                    Axis {
                        ticks: ticks.clone(),
                        label_every,
                    },
                    key,
                ));
            }
        }
    }
    best.map(|(axis, _)| axis).unwrap_or_else(|| Axis {
        ticks: nice_ticks(max, 1),
        label_every: 1,
    })
}

/// Length for `v` on a scale where `top` spans `length`: non-zero values get
/// at least [`MIN_VISIBLE`] so they never vanish next to an outlier.
fn scaled(v: u64, top: f64, length: f64) -> f64 {
    if v == 0 || top <= 0.0 {
        return 0.0;
    }
    (v as f64 / top * length).clamp(MIN_VISIBLE, length)
}

struct XLabel {
    slot: usize,
    lines: Vec<String>,
    /// Years mark where the year starts (the slot's left edge); months centre on their slot.
    at_edge: bool,
}

/// Which slots get an x label. Spans up to two years (or any span compared
/// month by month) get month names, every k-th month as room allows, with
/// the year under the first label and under each January; longer single
/// histories get years, every k-th year as room allows.
fn x_labels(start: Period, slots: usize, slot_w: f64, months_only: bool) -> Vec<XLabel> {
    let month_index = |i: usize| {
        let p = add_months(start, i);
        (p, i64::from(p.year) * 12 + i64::from(p.month) - 1)
    };
    if months_only || slots <= 24 {
        let need = MONTH_ABBR
            .iter()
            .map(|m| text_width(m, TICK_FONT))
            .fold(0.0, f64::max)
            + 6.0;
        let every = [1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200]
            .into_iter()
            .find(|&k| k as f64 * slot_w >= need)
            .unwrap_or(1200);
        let mut out = Vec::new();
        for i in 0..slots {
            let (p, index) = month_index(i);
            if index.rem_euclid(every) != 0 {
                continue;
            }
            let mut lines = vec![MONTH_ABBR[(p.month.clamp(1, 12) - 1) as usize].to_string()];
            if !months_only && (out.is_empty() || p.month == 1) {
                lines.push(p.year.to_string());
            }
            out.push(XLabel {
                slot: i,
                lines,
                at_edge: false,
            });
        }
        return out;
    }
    let need = text_width("0000", TICK_FONT) + 8.0;
    let every = [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|&k| (k * 12) as f64 * slot_w >= need)
        .unwrap_or(1000);
    let mut out: Vec<XLabel> = Vec::new();
    for i in 0..slots {
        let (p, _) = month_index(i);
        if p.month == 1 && p.year.rem_euclid(every) == 0 {
            out.push(XLabel {
                slot: i,
                lines: vec![p.year.to_string()],
                at_edge: true,
            });
        }
    }
    // Name the starting year too when it does not crowd the next label.
    let first_far = out.first().is_none_or(|l| l.slot as f64 * slot_w >= need);
    if start.month != 1 && first_far {
        out.insert(
            0,
            XLabel {
                slot: 0,
                lines: vec![start.year.to_string()],
                at_edge: true,
            },
        );
    }
    out
}

// ---------------------------------------------------------------------------
// Marks.

/// A column or bar; the second series adds an outline (via CSS) and a hatch.
fn bar_rect(out: &mut String, second: bool, x: f64, y: f64, w: f64, h: f64) {
    let class = if second {
        "chart-bar chart-bar--b"
    } else {
        "chart-bar"
    };
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/>"#,
        num(x),
        num(y),
        num(w),
        num(h)
    );
    if second {
        path_el(out, "chart-hatch", &hatch(x, y, w, h));
    }
}

/// Diagonal "/" hatch segments clipped to a rectangle, on a grid shared by
/// all rectangles so neighbouring columns line up.
fn hatch(x: f64, y: f64, w: f64, h: f64) -> String {
    const SPACING: f64 = 6.0;
    let mut d = String::new();
    // Along the line x' + y' = k, clipped to [x, x+w] × [y, y+h].
    let mut k = ((x + y) / SPACING).floor() * SPACING + SPACING;
    while k < x + w + y + h {
        let lo = x.max(k - y - h);
        let hi = (x + w).min(k - y);
        if hi - lo > 0.5 {
            let _ = write!(
                d,
                "M{} {}L{} {}",
                num(lo),
                num(k - lo),
                num(hi),
                num(k - hi)
            );
        }
        k += SPACING;
    }
    d
}

/// A line broken at missing values, with markers where a point would
/// otherwise be invisible (isolated between gaps) or, for short spans,
/// on every point. The second series is dashed (CSS) with square markers.
fn line_marks(
    out: &mut String,
    values: &[Option<u64>],
    second: bool,
    every_point: bool,
    xy: impl Fn(usize, u64) -> (f64, f64),
) {
    let mut d = String::new();
    let mut dots = String::new();
    for (i, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let (x, y) = xy(i, v);
        let joined = i > 0 && values[i - 1].is_some();
        let _ = write!(d, "{}{} {}", if joined { 'L' } else { 'M' }, num(x), num(y));
        let isolated = !joined && values.get(i + 1).copied().flatten().is_none();
        if every_point || isolated {
            dot(&mut dots, second, x, y);
        }
    }
    path_el(
        out,
        if second {
            "chart-line chart-line--b"
        } else {
            "chart-line"
        },
        &d,
    );
    out.push_str(&dots);
}

/// A point marker: a circle, or a square for the second series.
fn dot(out: &mut String, second: bool, x: f64, y: f64) {
    let _ = if second {
        write!(
            out,
            r#"<rect class="chart-dot chart-dot--b" x="{}" y="{}" width="6" height="6"/>"#,
            num(x - 3.0),
            num(y - 3.0)
        )
    } else {
        write!(
            out,
            r#"<circle class="chart-dot" cx="{}" cy="{}" r="3"/>"#,
            num(x),
            num(y)
        )
    };
}

/// Draws the legend (two series) and the "s/d" note, flowing left to right
/// onto more rows as needed; returns the band's height (0 when empty).
fn legend_band(out: &mut String, series: &[Series<'_>], mark: Mark, two: bool, note: bool) -> f64 {
    const SWATCH: f64 = 14.0;
    const ROW: f64 = 22.0;
    const LINE: f64 = 17.0;
    // (series index or None for the note, text lines, width)
    let mut items: Vec<(Option<usize>, Vec<String>, f64)> = Vec::new();
    if two {
        for (k, s) in series.iter().enumerate() {
            let name = name_or(s.name, if k == 0 { "Serie 1" } else { "Serie 2" });
            let lines = wrap(name, SERIES_VIEW_W - SWATCH - 12.0, LEGEND_FONT);
            let text_w = lines
                .iter()
                .map(|l| text_width(l, LEGEND_FONT))
                .fold(0.0, f64::max);
            items.push((Some(k), lines, SWATCH + 6.0 + text_w));
        }
    }
    if note {
        items.push((
            None,
            vec![MISSING_NOTE.to_string()],
            text_width(MISSING_NOTE, NOTE_FONT),
        ));
    }
    if items.is_empty() {
        return 0.0;
    }
    let (mut x, mut y, mut row_h) = (EDGE, 0.0, ROW);
    for (k, lines, width) in &items {
        if x > EDGE && x + width > SERIES_VIEW_W - EDGE {
            x = EDGE;
            y += row_h;
            row_h = ROW;
        }
        match *k {
            Some(k) => {
                legend_swatch(out, mark, k == 1, x, y + 4.0, SWATCH);
                text_block_spaced(
                    out,
                    "chart-label",
                    x + SWATCH + 6.0,
                    y + 16.0,
                    LEGEND_FONT,
                    LINE,
                    "start",
                    lines,
                );
            }
            None => text_block_spaced(
                out,
                "chart-missing",
                x,
                y + 16.0,
                NOTE_FONT,
                LINE,
                "start",
                lines,
            ),
        }
        row_h = row_h.max(ROW + (lines.len().max(1) - 1) as f64 * LINE);
        x += width + 18.0;
    }
    y + row_h
}

/// A legend key drawn with the same classes and shapes as the series it names.
fn legend_swatch(out: &mut String, mark: Mark, second: bool, x: f64, y: f64, size: f64) {
    match mark {
        Mark::Columns => bar_rect(out, second, x, y, size, size),
        Mark::Line => {
            let mid = y + size / 2.0;
            // Three points make a short line with the marker in the middle.
            let values = [Some(0u64); 3];
            line_marks(out, &values, second, false, |i, _| {
                (x + i as f64 * size / 2.0, mid)
            });
            dot(out, second, x + size / 2.0, mid);
        }
    }
}

// ---------------------------------------------------------------------------
// Markup helpers.

fn open_svg(kind: &str, id: &str, w: f64, h: f64, title: &str, desc: &str) -> String {
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        num(w),
        num(h.max(1.0)),
        escape(title.trim()),
        escape(desc)
    );
    out
}

/// A chart with nothing to draw still says so, visibly and in its desc.
fn empty_chart(kind: &str, id: &str, w: f64, title: &str, desc: &str) -> String {
    let mut out = open_svg(kind, id, w, 40.0, title, desc);
    text_el(
        &mut out,
        "chart-missing",
        EDGE,
        25.0,
        BAR_VALUE_FONT,
        "start",
        "Sin datos para mostrar",
    );
    out.push_str("</svg>");
    out
}

fn path_el(out: &mut String, class: &str, d: &str) {
    if !d.is_empty() {
        let _ = write!(out, r#"<path class="{class}" d="{d}"/>"#);
    }
}

fn text_el(out: &mut String, class: &str, x: f64, y: f64, font: f64, anchor: &str, text: &str) {
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}" font-size="{}" text-anchor="{anchor}">{}</text>"#,
        num(x),
        num(y),
        num(font),
        escape(text)
    );
}

/// Lines of one label as `<tspan>`s, each placed absolutely.
fn text_block(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    font: f64,
    anchor: &str,
    lines: &[String],
) {
    text_block_spaced(out, class, x, y, font, BAR_LABEL_LINE, anchor, lines);
}

#[allow(clippy::too_many_arguments)]
fn text_block_spaced(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    font: f64,
    line_h: f64,
    anchor: &str,
    lines: &[String],
) {
    let _ = write!(
        out,
        r#"<text class="{class}" font-size="{}" text-anchor="{anchor}">"#,
        num(font)
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan x="{}" y="{}">{}</tspan>"#,
            num(x),
            num(y + i as f64 * line_h),
            escape(line)
        );
    }
    out.push_str("</text>");
}

/// A number for an attribute: at most two decimals, no trailing zeros, no `-0`.
fn num(v: f64) -> Num {
    Num(v)
}

/// [`num`]'s result, formatted straight into the chart being written: charts
/// write thousands of coordinates, and a `String` for each cost more than
/// the drawing.
#[derive(Debug, Clone, Copy)]
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if !v.is_finite() {
            return f.write_str("0");
        }
        // Integer arithmetic: float formatting is several times slower.
        let hundredths = (v * 100.0).round();
        if hundredths.abs() >= 9.0e15 {
            return write!(f, "{}", v.round());
        }
        let hundredths = hundredths as i64;
        let (whole, frac) = (
            hundredths.unsigned_abs() / 100,
            hundredths.unsigned_abs() % 100,
        );
        let sign = if hundredths < 0 { "-" } else { "" };
        match frac {
            0 => write!(f, "{sign}{whole}"),
            d if d % 10 == 0 => write!(f, "{sign}{whole}.{}", d / 10),
            d => write!(f, "{sign}{whole}.{d:02}"),
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a start tag written by this module.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Element ids must be unique and valid: keep `[A-Za-z0-9_-]`, start with a letter.
fn sanitize_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "chart-");
    }
    s
}

// ---------------------------------------------------------------------------
// Text measurement. SVG cannot wrap text, so lines are broken here using a
// per-character width estimate for Arial-like fonts (charts.css asks for
// Arial, Liberation Sans, Helvetica), padded by 10% for other sans-serifs.

fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | 'í' | 'ì' | 'ï' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => {
            0.28
        }
        'f' | 't' | 'r' | 'I' | '(' | ')' | '-' | '/' | '[' | ']' => 0.36,
        'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' => 0.92,
        '0'..='9' => 0.56,
        c if c.is_uppercase() => 0.74,
        c if c.is_lowercase() => 0.56,
        c if (c as u32) >= 0x2E80 => 1.0,
        _ => 0.6,
    }
}

/// Estimated width of `s` at `font` units; errs on the wide side.
fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font * 1.1
}

/// Greedy word wrap to `max_w`; a word wider than a line is broken by
/// characters so nothing is ever cut off. Empty text gives no lines.
fn wrap(text: &str, max_w: f64, font: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        for piece in split_long_word(word, max_w, font) {
            let candidate = if current.is_empty() {
                piece.clone()
            } else {
                format!("{current} {piece}")
            };
            if current.is_empty() || text_width(&candidate, font) <= max_w {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, piece));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn split_long_word(word: &str, max_w: f64, font: f64) -> Vec<String> {
    if text_width(word, font) <= max_w {
        return vec![word.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if text_width(&piece, font) > max_w && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

#[cfg(test)]
mod tests {

    #[test]
    fn coordinates_are_written_with_at_most_two_decimals() {
        assert_eq!(num(12.3456).to_string(), "12.35");
        assert_eq!(num(12.5).to_string(), "12.5");
        assert_eq!(num(100.0).to_string(), "100");
        assert_eq!(num(-2.5).to_string(), "-2.5");
        assert_eq!(num(-0.001).to_string(), "0");
        assert_eq!(num(0.05).to_string(), "0.05");
        assert_eq!(num(f64::NAN).to_string(), "0");
    }

    use super::*;
    use roxmltree::{Document, Node};

    const LONG: &str =
        "Personas nacionales y extranjeras con registro de ingreso, permanencia y egreso del país";
    const CSS: &str = include_str!("../themes/igm/static/css/charts.css");

    fn p(year: i32, month: u32) -> Period {
        Period { year, month }
    }

    /// Parses the SVG and checks what every chart must have: the SVG
    /// namespace, a viewBox without pixel size, role="img", aria-labelledby
    /// naming an existing `<title>` and `<desc>`, only one `<title>` (no
    /// hover tooltips), no inline colour or style attributes, and classes
    /// that charts.css defines.
    fn check(svg: &str) -> Document<'_> {
        let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(root.attribute("viewBox").is_some());
        assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
        assert_eq!(root.attribute("role"), Some("img"));
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        assert_eq!(ids.len(), 2);
        let by_id = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .map(|n| n.tag_name().name())
        };
        assert_eq!(by_id(ids[0]), Some("title"));
        assert_eq!(by_id(ids[1]), Some("desc"));
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("title"))
                .count(),
            1
        );
        for n in doc.descendants().filter(|n| n.is_element()) {
            for a in n.attributes() {
                assert!(
                    ![
                        "fill",
                        "stroke",
                        "style",
                        "color",
                        "stroke-width",
                        "opacity",
                        "stroke-dasharray"
                    ]
                    .contains(&a.name()),
                    "inline styling {}={} on {:?}",
                    a.name(),
                    a.value(),
                    n.tag_name()
                );
                if a.name() != "d" && a.name() != "viewBox" {
                    assert!(
                        !a.value().contains("NaN") && !a.value().contains("inf"),
                        "{}",
                        a.value()
                    );
                }
            }
            for class in n.attribute("class").unwrap_or("").split_whitespace() {
                assert!(
                    CSS.contains(&format!(".{class}")),
                    "class {class} not styled in charts.css"
                );
            }
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        doc
    }

    fn desc<'a>(doc: &'a Document<'a>) -> &'a str {
        doc.descendants()
            .find(|n| n.has_tag_name("desc"))
            .and_then(|n| n.text())
            .unwrap_or("")
    }

    fn view_box(doc: &Document<'_>) -> (f64, f64) {
        let v: Vec<f64> = doc
            .root_element()
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        (v[2], v[3])
    }

    fn f(n: Node<'_, '_>, name: &str) -> f64 {
        n.attribute(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .parse()
            .unwrap()
    }

    fn with_class<'a, 'i>(
        doc: &'a Document<'i>,
        class: &'a str,
    ) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
        doc.descendants().filter(move |n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
    }

    fn texts(doc: &Document<'_>, class: &str) -> Vec<String> {
        with_class(doc, class)
            .map(|n| {
                n.descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect::<Vec<_>>()
                    .join("")
            })
            .collect()
    }

    /// Every text line, measured with the module's estimate, lies inside the viewBox.
    fn assert_text_inside(doc: &Document<'_>) {
        let (w, h) = view_box(doc);
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let font = f(t, "font-size");
            let anchor = t.attribute("text-anchor").unwrap_or("start");
            let lines: Vec<Node<'_, '_>> = if t.children().any(|c| c.has_tag_name("tspan")) {
                t.children().filter(|c| c.has_tag_name("tspan")).collect()
            } else {
                vec![t]
            };
            for line in lines {
                let (x, y) = (f(line, "x"), f(line, "y"));
                let width = text_width(line.text().unwrap_or(""), font);
                let left = match anchor {
                    "middle" => x - width / 2.0,
                    "end" => x - width,
                    _ => x,
                };
                assert!(
                    left >= -0.01 && left + width <= w + 0.01,
                    "{:?} overflows ({left}..{})",
                    line.text(),
                    left + width
                );
                assert!(
                    y - font >= -0.01 && y <= h + 0.01,
                    "{:?} outside vertically",
                    line.text()
                );
            }
        }
    }

    fn bars_of<'a>(rows: &'a [(&'a str, Option<u64>)]) -> Vec<Bar<'a>> {
        rows.iter()
            .map(|&(label, value)| Bar { label, value })
            .collect()
    }

    fn year(values: &[Option<u64>]) -> Series<'_> {
        Series {
            name: "2024",
            start: p(2024, 1),
            values,
        }
    }

    #[test]
    fn bar_lengths_are_proportional_and_values_written_in_full() {
        let rows = [
            ("Visas emitidas", Some(1_025_875)),
            ("Residencias", Some(512_937)),
            ("Prórrogas", Some(256_468)),
        ];
        let svg = bar_chart("t1", "Cuadro 1", &bars_of(&rows));
        let doc = check(&svg);
        let widths: Vec<f64> = with_class(&doc, "chart-bar")
            .map(|r| f(r, "width"))
            .collect();
        assert_eq!(widths.len(), 3);
        assert!((widths[0] / widths[1] - 2.0).abs() < 0.01, "{widths:?}");
        assert!((widths[0] / widths[2] - 4.0).abs() < 0.01, "{widths:?}");
        assert_eq!(
            texts(&doc, "chart-value"),
            ["1,025,875", "512,937", "256,468"]
        );
        // The value sits just past its bar.
        let bar = with_class(&doc, "chart-bar").next().unwrap();
        let value = with_class(&doc, "chart-value").next().unwrap();
        assert!(f(value, "x") > f(bar, "x") + f(bar, "width"));
        assert_text_inside(&doc);
        // Grid lines stop short of the value labels.
        let grid = with_class(&doc, "chart-grid")
            .next()
            .unwrap()
            .attribute("d")
            .unwrap();
        for segment in grid.split('M').filter(|s| !s.is_empty()) {
            let (x, rest) = segment.split_once(' ').unwrap();
            let (y1, y2) = rest.split_once('V').unwrap();
            let (x, y1, y2): (f64, f64, f64) =
                (x.parse().unwrap(), y1.parse().unwrap(), y2.parse().unwrap());
            for v in with_class(&doc, "chart-value") {
                let (vx, vy) = (f(v, "x"), f(v, "y"));
                let crosses = (y1..=y2).contains(&vy)
                    && (vx..=vx + text_width(v.text().unwrap(), BAR_VALUE_FONT)).contains(&x);
                assert!(!crosses, "grid line at {x} strikes through {:?}", v.text());
            }
        }
    }

    #[test]
    fn bar_description_names_extremes_and_missing_rows() {
        let rows = [
            ("Visas emitidas", Some(158)),
            ("Residencias", None),
            ("Prórrogas", Some(12)),
            ("Otros & <más>", Some(40)),
        ];
        let doc_text = bar_chart("t", "Cuadro", &bars_of(&rows));
        let doc = check(&doc_text);
        let d = desc(&doc);
        assert!(d.contains("4 filas"), "{d}");
        assert!(d.contains("Mayor: «Visas emitidas», 158"), "{d}");
        assert!(d.contains("Menor: «Prórrogas», 12"), "{d}");
        assert!(d.contains("Sin dato: «Residencias»"), "{d}");
        // Text round-trips through escaping.
        assert!(
            texts(&doc, "chart-label")
                .iter()
                .any(|t| t == "Otros & <más>")
        );
    }

    #[test]
    fn missing_bar_has_no_rect_but_says_sin_dato() {
        let rows = [("A", Some(10)), ("B", None), ("C", Some(0))];
        let doc_text = bar_chart("t", "T", &bars_of(&rows));
        let doc = check(&doc_text);
        assert_eq!(
            with_class(&doc, "chart-bar").count(),
            1,
            "neither the missing nor the zero row gets a bar"
        );
        assert_eq!(texts(&doc, "chart-missing"), ["sin dato"]);
        assert_eq!(texts(&doc, "chart-value"), ["10", "0"]);
    }

    #[test]
    fn long_labels_wrap_without_overlap() {
        let rows = [
            (LONG, Some(1_025_875)),
            (LONG, Some(3)),
            ("Corta", Some(500)),
        ];
        let svg = bar_chart("t", "T", &bars_of(&rows));
        let doc = check(&svg);
        let labels: Vec<Node<'_, '_>> = with_class(&doc, "chart-label").collect();
        let first: Vec<Node<'_, '_>> = labels[0]
            .children()
            .filter(|c| c.has_tag_name("tspan"))
            .collect();
        assert!(first.len() >= 2, "long label should wrap");
        let joined: Vec<&str> = first.iter().map(|t| t.text().unwrap()).collect();
        assert_eq!(joined.join(" "), LONG, "wrapping keeps every word");
        for t in &first {
            assert!(text_width(t.text().unwrap(), BAR_LABEL_FONT) <= BAR_VIEW_W - 2.0 * EDGE);
        }
        assert_text_inside(&doc);
        // Each row's label starts below the previous bar, and each bar below its label.
        let rects: Vec<Node<'_, '_>> = with_class(&doc, "chart-bar").collect();
        for (i, label) in labels.iter().enumerate() {
            let spans: Vec<f64> = label
                .children()
                .filter(|c| c.has_tag_name("tspan"))
                .map(|t| f(t, "y"))
                .collect();
            let last_baseline = *spans.last().unwrap();
            assert!(
                last_baseline + BAR_LABEL_FONT * 0.25 < f(rects[i], "y"),
                "label {i} runs into its bar"
            );
            if i > 0 {
                let prev_bottom = f(rects[i - 1], "y") + f(rects[i - 1], "height");
                assert!(
                    spans[0] - BAR_LABEL_FONT > prev_bottom,
                    "label {i} overlaps the previous bar"
                );
            }
        }
    }

    #[test]
    fn wrap_breaks_words_longer_than_a_line() {
        let word = "a".repeat(200);
        let lines = wrap(&word, 100.0, 15.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        assert!(lines.iter().all(|l| text_width(l, 15.0) <= 100.0));
        assert!(wrap("", 100.0, 15.0).is_empty());
        assert_eq!(wrap("  dos   palabras ", 1000.0, 15.0), ["dos palabras"]);
    }

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(
            nice_ticks(1_025_875.0, 6),
            [0.0, 200e3, 400e3, 600e3, 800e3, 1e6, 1.2e6]
        );
        assert_eq!(nice_ticks(100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(
            nice_ticks(9.0, 4),
            [0.0, 5.0, 10.0],
            "no 2.5 steps for counts"
        );
        assert_eq!(
            nice_ticks(0.0, 5),
            [0.0, 1.0],
            "all zeros still has a scale"
        );
        assert_eq!(nice_ticks(1.0, 5), [0.0, 1.0], "steps are whole counts");
        assert_eq!(
            nice_ticks(70_000.0, 3),
            [0.0, 25e3, 50e3, 75e3],
            "2.5 steps where the labels stay exact"
        );
        for max in [
            1.0,
            3.0,
            7.0,
            42.0,
            999.0,
            12_345.0,
            1_025_875.0,
            8.7e6,
            3.3e9,
            u64::MAX as f64,
        ] {
            for intervals in 1..=6 {
                let ticks = nice_ticks(max, intervals);
                let step = ticks[1];
                let mantissa = step / 10f64.powf(step.log10().floor());
                assert!(
                    [1.0, 2.0, 2.5, 5.0]
                        .iter()
                        .any(|m| (m - mantissa).abs() < 1e-9),
                    "{max}: step {step}"
                );
                assert!(
                    *ticks.last().unwrap() >= max && ticks.len() - 1 <= intervals.max(1),
                    "{max}/{intervals}: {ticks:?}"
                );
                assert!(ticks.iter().all(|&t| label_is_exact(t)));
            }
        }
        assert_eq!(numfmt::abbreviated(1.2e6), "1.2 M");
    }

    #[test]
    fn bar_axis_labels_are_abbreviated_and_do_not_collide() {
        let rows = [("A", Some(1_025_875)), ("B", Some(10))];
        let doc_text = bar_chart("t", "T", &bars_of(&rows));
        let doc = check(&doc_text);
        let ticks: Vec<Node<'_, '_>> = with_class(&doc, "chart-tick").collect();
        let labels: Vec<String> = texts(&doc, "chart-tick");
        assert_eq!(labels.first().map(String::as_str), Some("0"));
        assert!(
            labels.iter().any(|l| l == "1.2 M"),
            "the scale stops at 1.2 M: {labels:?}"
        );
        assert!(!labels.iter().any(|l| l == "1.5 M"), "{labels:?}");
        for pair in ticks.windows(2) {
            let right_of_first =
                f(pair[0], "x") + text_width(pair[0].text().unwrap(), TICK_FONT) / 2.0;
            let left_of_second =
                f(pair[1], "x") - text_width(pair[1].text().unwrap(), TICK_FONT) / 2.0;
            assert!(right_of_first < left_of_second, "{labels:?}");
        }
    }

    #[test]
    fn outlier_keeps_small_bars_visible() {
        let rows = [
            ("Enorme", Some(50_000_000)),
            ("Diminuta", Some(1)),
            ("Cero", Some(0)),
        ];
        let doc_text = bar_chart("t", "T", &bars_of(&rows));
        let doc = check(&doc_text);
        let widths: Vec<f64> = with_class(&doc, "chart-bar")
            .map(|r| f(r, "width"))
            .collect();
        assert_eq!(widths.len(), 2);
        assert!(widths[1] >= MIN_VISIBLE);
    }

    #[test]
    fn degenerate_bar_inputs_draw_sensibly() {
        for rows in [
            vec![],
            vec![("Sola", Some(7))],
            vec![("A", Some(0)), ("B", Some(0))],
            vec![("A", None), ("B", None)],
            vec![("", Some(u64::MAX)), ("B", Some(1))],
        ] {
            let svg = bar_chart("x", "T", &bars_of(&rows));
            let doc = check(&svg);
            assert!(!desc(&doc).is_empty());
            assert_text_inside(&doc);
            let (_, h) = view_box(&doc);
            assert!(h > 0.0);
        }
        let empty = bar_chart("x", "T", &[]);
        assert!(empty.contains("Sin datos para mostrar"));
        let missing = bar_chart("x", "T", &bars_of(&[("A", None)]));
        assert!(desc(&check(&missing)).contains("Ninguna fila tiene dato"));
        assert!(!missing.contains("chart-tick"), "no axis without values");
        let zeros = bar_chart("x", "T", &bars_of(&[("A", Some(0)), ("B", Some(0))]));
        assert!(desc(&check(&zeros)).contains("Todas las filas con dato valen 0"));
    }

    #[test]
    fn ids_are_prefixed_and_sanitized() {
        let svg = bar_chart("visas-residencias", "T", &bars_of(&[("A", Some(1))]));
        assert!(
            svg.contains(r#"aria-labelledby="visas-residencias-title visas-residencias-desc""#)
        );
        let svg = bar_chart("2024 \"x\"", "T", &bars_of(&[("A", Some(1))]));
        let doc = check(&svg);
        assert_eq!(
            doc.root_element().attribute("aria-labelledby"),
            Some("chart-2024--x--title chart-2024--x--desc")
        );
    }

    #[test]
    fn escaping_survives_hostile_text() {
        let nasty = "<script>\"a\" & 'b'</script>\u{1}";
        let svg = bar_chart("t", nasty, &bars_of(&[(nasty, Some(1))]));
        let doc = check(&svg);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(title, "<script>\"a\" & 'b'</script>");
        assert!(!svg.contains("<script>"));
    }

    fn slot_rects(doc: &Document<'_>, class_b: bool) -> Vec<f64> {
        with_class(doc, "chart-bar")
            .filter(|n| n.attribute("class").unwrap().contains("chart-bar--b") == class_b)
            .map(|n| f(n, "x"))
            .collect()
    }

    #[test]
    fn missing_month_is_a_gap_not_a_zero() {
        let mut values: Vec<Option<u64>> = (1..=12).map(|m| Some(m * 100)).collect();
        values[4] = None; // mayo
        let svg = time_series("s", "Visas 2024", &[year(&values)], Mark::Columns);
        let doc = check(&svg);
        let xs = slot_rects(&doc, false);
        assert_eq!(xs.len(), 11);
        // The gap sits where May would be: the spacing doubles there.
        let steps: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
        let normal = steps[0];
        assert_eq!(
            steps.iter().filter(|s| (*s - normal).abs() > 0.01).count(),
            1
        );
        assert!((steps[3] - 2.0 * normal).abs() < 0.01, "{steps:?}");
        assert_eq!(texts(&doc, "chart-missing"), ["s/d", "s/d = sin dato"]);
        // Heights proportional to values.
        let heights: Vec<f64> = with_class(&doc, "chart-bar")
            .map(|r| f(r, "height"))
            .collect();
        assert!((heights[11 - 1] / heights[0] - 12.0).abs() < 0.01);
        let d = desc(&doc);
        assert!(d.contains("de enero de 2024 a diciembre de 2024"), "{d}");
        assert!(d.contains("1 mes sin dato"), "{d}");
        assert_text_inside(&doc);
        let months = texts(&doc, "chart-tick");
        assert!(months.iter().any(|m| m == "ene2024"), "{months:?}");
        assert!(months.iter().any(|m| m == "nov"), "{months:?}");
    }

    #[test]
    fn line_breaks_at_missing_months() {
        let values = [Some(5), Some(6), None, Some(8), Some(9), None, Some(4)];
        let svg = time_series("s", "T", &[year(&values)], Mark::Line);
        let doc = check(&svg);
        let d = with_class(&doc, "chart-line")
            .next()
            .unwrap()
            .attribute("d")
            .unwrap();
        assert_eq!(d.matches('M').count(), 3, "{d}");
        assert_eq!(d.matches('L').count(), 2, "{d}");
        assert_eq!(with_class(&doc, "chart-bar").count(), 0);
    }

    #[test]
    fn series_description_states_trend_extremes_and_gaps() {
        let values = [Some(80), Some(120), None, Some(60), Some(90)];
        let doc_text = time_series("s", "T", &[year(&values)], Mark::Columns);
        let d = desc(&check(&doc_text)).to_string();
        assert!(
            d.contains("De 80 en enero de 2024 a 90 en mayo de 2024, aumentó 12.5%"),
            "{d}"
        );
        assert!(d.contains("más alto fue febrero de 2024 con 120"), "{d}");
        assert!(d.contains("más bajo abril de 2024 con 60"), "{d}");
        assert!(d.contains("1 mes sin dato"), "{d}");
        let down = [Some(200), None, None, Some(150)];
        let doc_text = time_series("s", "T", &[year(&down)], Mark::Line);
        let d = desc(&check(&doc_text)).to_string();
        assert!(
            d.contains("disminuyó 25.0%") && d.contains("2 meses sin dato"),
            "{d}"
        );
        let from_zero = [Some(0), Some(10)];
        let doc_text = time_series("s", "T", &[year(&from_zero)], Mark::Line);
        assert!(desc(&check(&doc_text)).contains("aumentó;"));
    }

    #[test]
    fn two_series_differ_by_pattern_and_have_a_legend() {
        let y2023: Vec<Option<u64>> = (1..=12).map(|m| Some(m * 10)).collect();
        let mut y2024: Vec<Option<u64>> = (1..=12).map(|m| Some(m * 12)).collect();
        y2024[11] = None;
        let a = Series {
            name: "2023",
            start: p(2023, 1),
            values: &y2023,
        };
        let b = Series {
            name: "2024",
            start: p(2024, 1),
            values: &y2024,
        };
        let svg = time_series("cmp", "Visas 2023 y 2024", &[a, b], Mark::Columns);
        let doc = check(&svg);
        // Legend swatches included: 12 + 1 of series A, 11 + 1 of series B.
        assert_eq!(slot_rects(&doc, false).len(), 13);
        assert_eq!(slot_rects(&doc, true).len(), 12);
        assert_eq!(
            with_class(&doc, "chart-hatch").count(),
            12,
            "each B column is hatched"
        );
        let labels = texts(&doc, "chart-label");
        assert_eq!(labels, ["2023", "2024"]);
        let months = texts(&doc, "chart-tick");
        assert!(
            !months.iter().any(|m| m.contains("202")),
            "years belong to the legend: {months:?}"
        );
        let d = desc(&doc);
        assert!(
            d.contains("compara 2023 y 2024") && d.contains("2024: de 12 en enero de 2024"),
            "{d}"
        );
        assert_text_inside(&doc);

        let svg = time_series("cmp", "T", &[a, b], Mark::Line);
        let doc = check(&svg);
        assert_eq!(
            with_class(&doc, "chart-line--b").count(),
            2,
            "line and legend swatch"
        );
        assert!(
            with_class(&doc, "chart-dot--b").all(|n| n.has_tag_name("rect")),
            "B markers are squares"
        );
        assert!(
            with_class(&doc, "chart-dot")
                .filter(|n| !n.attribute("class").unwrap().contains("--b"))
                .all(|n| n.has_tag_name("circle"))
        );
    }

    #[test]
    fn long_history_labels_only_some_years() {
        let values: Vec<Option<u64>> = (0..130)
            .map(|i| {
                if i % 37 == 5 {
                    None
                } else {
                    Some(1000 + i * 7)
                }
            })
            .collect();
        let series = Series {
            name: "",
            start: p(2014, 3),
            values: &values,
        };
        let svg = time_series("h", "Historia", &[series], Mark::Line);
        let doc = check(&svg);
        let labels = texts(&doc, "chart-tick");
        let years: Vec<&String> = labels
            .iter()
            .filter(|l| l.len() == 4 && l.starts_with("20"))
            .collect();
        assert!(years.len() >= 5 && years.len() <= 12, "{labels:?}");
        assert!(!labels.iter().any(|l| MONTH_ABBR.contains(&l.as_str())));
        assert_text_inside(&doc);
        // Year labels along the x axis do not collide.
        let mut spans: Vec<(f64, f64)> = with_class(&doc, "chart-tick")
            .filter(|n| n.attribute("text-anchor") == Some("start"))
            .flat_map(|n| {
                n.children()
                    .filter(|c| c.has_tag_name("tspan"))
                    .collect::<Vec<_>>()
            })
            .map(|t| {
                (
                    f(t, "x"),
                    f(t, "x") + text_width(t.text().unwrap(), TICK_FONT),
                )
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{spans:?}");
        let d = desc(&doc);
        assert!(d.contains("de marzo de 2014 a diciembre de 2024"), "{d}");
        assert!(d.contains("meses sin dato"), "{d}");
    }

    #[test]
    fn degenerate_series_inputs_draw_sensibly() {
        let cases: Vec<Vec<Option<u64>>> = vec![
            vec![],
            vec![Some(5)],
            vec![None; 12],
            vec![Some(0); 12],
            vec![Some(u64::MAX), Some(1)],
            vec![None, Some(3), None],
        ];
        for values in &cases {
            for mark in [Mark::Columns, Mark::Line] {
                let svg = time_series("d", "T", &[year(values)], mark);
                let doc = check(&svg);
                assert!(!desc(&doc).is_empty());
                assert_text_inside(&doc);
            }
            let svg = sparkline("sp", "T", &year(values));
            check(&svg);
        }
        assert!(time_series("d", "T", &[], Mark::Line).contains("Sin datos para mostrar"));
        let one = time_series("d", "T", &[year(&[None, Some(3), None])], Mark::Line);
        assert_eq!(
            with_class(&check(&one), "chart-dot").count(),
            1,
            "an isolated point is still drawn"
        );
        let none = time_series("d", "T", &[year(&[None; 12])], Mark::Columns);
        let doc = check(&none);
        assert_eq!(with_class(&doc, "chart-bar").count(), 0);
        assert!(desc(&doc).contains("Sin datos."), "{}", desc(&doc));
    }

    #[test]
    fn sparkline_shows_last_twelve_months_with_gaps() {
        let values: Vec<Option<u64>> = (0..20)
            .map(|i| if i == 15 { None } else { Some(i * 3) })
            .collect();
        let series = Series {
            name: "Visas",
            start: p(2023, 1),
            values: &values,
        };
        let svg = sparkline("sp", "Visas emitidas", &series);
        let doc = check(&svg);
        assert_eq!(
            doc.root_element().attribute("class"),
            Some("chart chart--spark")
        );
        let d = with_class(&doc, "chart-line")
            .next()
            .unwrap()
            .attribute("d")
            .unwrap();
        assert_eq!(d.matches('M').count(), 2, "one gap: {d}");
        assert_eq!(d.matches('L').count(), 9, "11 points shown: {d}");
        let d = desc(&doc);
        assert!(
            d.starts_with(
                "Línea de los últimos 12 meses. De 24 en septiembre de 2023 a 57 en agosto de 2024"
            ),
            "{d}"
        );
        assert!(d.contains("1 mes sin dato"), "{d}");
        assert_eq!(
            doc.descendants().filter(|n| n.has_tag_name("text")).count(),
            0
        );
    }

    #[test]
    fn standalone_file_embeds_css_and_title() {
        let rows = [(LONG, Some(158)), ("Residencias", Some(42))];
        let inline = bar_chart("t", "Registro & control", &bars_of(&rows));
        let file = standalone(&inline, CSS);
        assert!(file.starts_with("<?xml"));
        let doc = Document::parse(&file).unwrap();
        let root = doc.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(
            root.attribute("class")
                .unwrap()
                .contains("chart--standalone")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        let style = doc.descendants().find(|n| n.has_tag_name("style")).unwrap();
        assert!(style.text().unwrap().contains(".chart-bar"));
        assert_eq!(texts(&doc, "chart-title"), ["Registro & control"]);
        assert_eq!(with_class(&doc, "chart-bar").count(), 2);
        let (w, h) = view_box(&doc);
        assert_eq!((f(root, "width"), f(root, "height")), (w, h));
        assert_text_inside(&doc);
        // The title and desc stay first, so aria-labelledby still resolves.
        let first: Vec<&str> = root
            .children()
            .filter(|n| n.is_element())
            .take(2)
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(first, ["title", "desc"]);
        for svg in [
            time_series("a", "T", &[year(&[Some(1), None])], Mark::Columns),
            sparkline("b", "T", &year(&[Some(1), Some(2)])),
            bar_chart("c", "", &[]),
        ] {
            Document::parse(&standalone(&svg, "a > b { x: ']]>' }")).unwrap();
        }
        assert!(standalone("<p>x</p>", "").ends_with("<p>x</p>"));
    }

    /// WCAG relative luminance contrast of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |hex: &str| {
            let c = |i: usize| {
                let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// The colour of `property` in the first rule for `selector` inside `block`.
    fn css_colour<'a>(block: &'a str, selector: &str, property: &str) -> &'a str {
        let rule = &block[block
            .find(&format!("{selector} {{"))
            .unwrap_or_else(|| panic!("{selector}"))..];
        let rule = &rule[..rule.find('}').unwrap()];
        let value = &rule[rule
            .find(&format!("{property}:"))
            .unwrap_or_else(|| panic!("{selector} {property}"))
            + property.len()
            + 1..];
        value.trim_start()[..7].trim()
    }

    #[test]
    fn stylesheet_contrast() {
        let dark_at = CSS.find("@media (prefers-color-scheme: dark)").unwrap();
        let print_at = CSS.find("@media print").unwrap();
        for (block, bg) in [
            (&CSS[..dark_at], "#ffffff"),
            (
                &CSS[dark_at..print_at],
                css_colour(&CSS[dark_at..print_at], ".chart", "--chart-page"),
            ),
        ] {
            let text = [
                (".chart text", "fill"),
                (".chart .chart-tick", "fill"),
                (".chart .chart-missing", "fill"),
            ];
            for (sel, prop) in text {
                let c = css_colour(block, sel, prop);
                assert!(
                    contrast(c, bg) >= 4.5,
                    "{sel} {c} on {bg}: {}",
                    contrast(c, bg)
                );
            }
            let graphics = [
                (".chart-bar", "fill"),
                (".chart-bar--b", "stroke"),
                (".chart-hatch", "stroke"),
                (".chart-line", "stroke"),
                (".chart-line--b", "stroke"),
                (".chart-axis", "stroke"),
            ];
            for (sel, prop) in graphics {
                let c = css_colour(block, sel, prop);
                assert!(
                    contrast(c, bg) >= 3.0,
                    "{sel} {c} on {bg}: {}",
                    contrast(c, bg)
                );
            }
        }
    }
}
