//! The monthly time series: columns or lines, one or two series side by side.

use super::*;

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
pub fn time_series(id: &str, title: &str, series: &[Series<'_>], mark: Mark) -> Chart {
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
    let tick_labels: Vec<String> = numfmt::axis_labels(&ticks);
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
    // A lone series' "s/d" may use its whole slot; a pair's, only its column.
    let room = if two { col_w + 2.0 } else { slot_w - 2.0 };
    let short_fits = text_width(MISSING_SHORT, NOTE_FONT) <= room;
    let shows_missing_marks = mark == Mark::Columns
        && short_fits
        && series.iter().any(|s| s.values.iter().any(Option::is_none));

    // Legend (two series) and the "s/d" note share a top band that flows
    // onto more rows when names are long.
    let hatch = hatch_id(&id);
    let mut legend = String::new();
    let legend_h = legend_band(&mut legend, series, mark, &hatch, two, shows_missing_marks);
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
    let plot = Plot {
        left: plot_left,
        right: plot_right,
        bottom: plot_bottom,
        slot_w,
    };
    y_ticks(&mut out_grid, &mut body, &plot, &ticks, &tick_labels, top);
    let x_axis = x_ticks(&mut out_axis, &mut body, &plot, series[0].start, slots, two);
    let height = plot_bottom + 4.0 + x_axis as f64 * TICK_LINE + 6.0;

    let mut marks = String::new();
    for (k, s) in series.iter().enumerate() {
        let b = k == 1;
        match mark {
            Mark::Columns => {
                let groups = Columns {
                    group_w,
                    col_w,
                    col_gap,
                    short_fits,
                };
                columns(&mut marks, &plot, &groups, s.values, k, &hatch, &y_of);
            }
            Mark::Line => {
                let xy = |i: usize, v: u64| (plot_left + (i as f64 + 0.5) * slot_w, y_of(v));
                line_marks(&mut marks, s.values, b, slots <= 24, xy);
            }
        }
    }

    let mut chart = Chart::open("series", &id, SERIES_VIEW_W, height, title, &desc);
    let out = chart.drawing();
    if two && mark == Mark::Columns {
        hatch_pattern(out, &hatch);
    }
    path_el(out, "faro-chart-grid", &out_grid);
    out.push_str(&marks);
    path_el(out, "faro-chart-axis", &out_axis);
    out.push_str(&legend);
    out.push_str(&body);
    chart.close()
}

/// Where a time series is drawn: the plot's edges and each slot's width.
struct Plot {
    left: f64,
    right: f64,
    bottom: f64,
    slot_w: f64,
}

/// The column geometry of a time series: a group per slot, one column per series.
struct Columns {
    group_w: f64,
    col_w: f64,
    col_gap: f64,
    /// The short "s/d" fits where a column is missing.
    short_fits: bool,
}

/// The value ticks: a grid line at each (but zero) and its label at the left.
fn y_ticks(
    grid: &mut String,
    body: &mut String,
    plot: &Plot,
    ticks: &[f64],
    tick_labels: &[String],
    top: f64,
) {
    for (&t, label) in ticks.iter().zip(tick_labels) {
        let y = plot.bottom - t / top * SERIES_PLOT_H;
        if t > 0.0 {
            let _ = write!(grid, "M{} {}H{}", num(plot.left), num(y), num(plot.right));
        }
        text_el(
            body,
            "faro-chart-tick",
            plot.left - 6.0,
            y + TICK_FONT * 0.35,
            TICK_FONT,
            "end",
            label,
        );
    }
}

/// The month (or year) ticks under the plot and their labels, from
/// `start`; returns how many lines the tallest label takes.
fn x_ticks(
    axis: &mut String,
    body: &mut String,
    plot: &Plot,
    start: Period,
    slots: usize,
    two: bool,
) -> usize {
    let (slot_w, plot_bottom) = (plot.slot_w, plot.bottom);
    let labels = x_labels(start, slots, slot_w, two);
    let mut label_lines = 1;
    for l in &labels {
        let edge = plot.left + l.slot as f64 * slot_w;
        let (x, anchor) = if l.at_edge {
            (edge, "start")
        } else {
            (edge + slot_w / 2.0, "middle")
        };
        let _ = write!(axis, "M{} {}v4", num(x), num(plot_bottom));
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
            body,
            "faro-chart-tick",
            x,
            plot_bottom + 4.0 + TICK_FONT,
            TICK_FONT,
            TICK_LINE,
            anchor,
            &l.lines,
        );
    }
    label_lines
}

/// The columns of the `k`th series (the second outlined and hatched with
/// the chart's pattern `hatch`), a small "s/d" where a month is missing and
/// it fits.
fn columns(
    marks: &mut String,
    plot: &Plot,
    groups: &Columns,
    values: &[Option<u64>],
    k: usize,
    hatch: &str,
    y_of: &dyn Fn(u64) -> f64,
) {
    let Columns {
        group_w,
        col_w,
        col_gap,
        short_fits,
    } = *groups;
    let slot_w = plot.slot_w;
    for (i, v) in values.iter().enumerate() {
        let x = plot.left + i as f64 * slot_w + (slot_w - group_w) / 2.0 + k as f64 * col_w;
        let w = (col_w - col_gap).max(0.5);
        match v {
            Some(v) if *v > 0 => {
                let y = y_of(*v);
                bar_rect(marks, (k == 1).then_some(hatch), x, y, w, plot.bottom - y);
            }
            Some(_) => {}
            None if short_fits => {
                text_el(
                    marks,
                    "faro-chart-missing",
                    x + w / 2.0,
                    plot.bottom - 4.0,
                    NOTE_FONT,
                    "middle",
                    MISSING_SHORT,
                );
            }
            None => {}
        }
    }
}
