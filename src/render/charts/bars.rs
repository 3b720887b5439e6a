//! The horizontal bar chart: one bar per row of a report table.

use super::*;

/// A horizontal bar chart, one bar per row, for a report table.
///
/// Each label wraps above its bar across the whole width; each value is
/// written out in full (`1,025,875`) after its bar, so no number needs hover.
/// `id` prefixes the element ids (`{id}-title`, `{id}-desc`) and must be
/// unique on the page; characters other than ASCII letters, digits, `-` and
/// `_` are replaced by `-`. `title` becomes the `<title>` (not drawn).
pub fn bar_chart(id: &str, title: &str, bars: &[Bar<'_>]) -> Chart {
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
                "faro-chart-label",
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
        let scale = Scale { x0, top, plot_w };
        if let Some(Axis { ticks, .. }) = &axis_ticks {
            bar_grid(&mut grid, &scale, ticks, text_span, y);
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
        bar_and_value(&mut body, &scale, bar.value.zip(value_text.as_deref()), y);
        y += BAR_H + 14.0;
    }

    let mut axis = String::new();
    let height = match &axis_ticks {
        Some(ticks) => bar_axis(&mut axis, &mut body, &Scale { x0, top, plot_w }, ticks, y),
        None => y - 10.0,
    };

    let mut chart = Chart::open("bars", &id, BAR_VIEW_W, height, title, &desc);
    let out = chart.drawing();
    path_el(out, "faro-chart-grid", &grid);
    path_el(out, "faro-chart-axis", &zero_line);
    path_el(out, "faro-chart-axis", &axis);
    out.push_str(&body);
    chart.close()
}

/// Where a bar chart's values fall: its zero at `x0`, `top` at `x0 + plot_w`.
struct Scale {
    x0: f64,
    top: f64,
    plot_w: f64,
}

/// A bar row's grid lines, each stopping short of the row's text
/// (`text_span`, from left to right) instead of striking through it.
fn bar_grid(grid: &mut String, scale: &Scale, ticks: &[f64], text_span: (f64, f64), y: f64) {
    for &t in ticks.iter().skip(1) {
        let x = scale.x0 + t / scale.top * scale.plot_w;
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
}

/// A bar and its value written after it, or "sin dato" (`value`: `None`).
fn bar_and_value(body: &mut String, scale: &Scale, value: Option<(u64, &str)>, y: f64) {
    let x0 = scale.x0;
    let text_y = y + BAR_H / 2.0 + BAR_VALUE_FONT * 0.35;
    match value {
        Some((v, text)) => {
            let len = scaled(v, scale.top, scale.plot_w);
            if len > 0.0 {
                let _ = write!(
                    body,
                    r#"<rect class="faro-chart-bar" x="{}" y="{}" width="{}" height="{}"/>"#,
                    num(x0),
                    num(y),
                    num(len),
                    num(BAR_H)
                );
            }
            text_el(
                body,
                "faro-chart-value",
                x0 + len + 6.0,
                text_y,
                BAR_VALUE_FONT,
                "start",
                text,
            );
        }
        None => text_el(
            body,
            "faro-chart-missing",
            x0,
            text_y,
            BAR_VALUE_FONT,
            "start",
            MISSING,
        ),
    }
}

/// The value axis below the bars (`y`: below the last row), its ticks and
/// labels; returns the chart's height.
fn bar_axis(axis: &mut String, body: &mut String, scale: &Scale, ticks: &Axis, y: f64) -> f64 {
    let Axis { ticks, label_every } = ticks;
    let (x0, top, plot_w) = (scale.x0, scale.top, scale.plot_w);
    let axis_y = y - 8.0;
    let _ = write!(axis, "M{} {}H{}", num(x0), num(axis_y), num(x0 + plot_w));
    let mut labels = String::new();
    let texts = numfmt::axis_labels(ticks);
    for ((i, &t), label) in ticks.iter().enumerate().zip(&texts) {
        let x = x0 + t / top * plot_w;
        let _ = write!(axis, "M{} {}v4", num(x), num(axis_y));
        if i % label_every != 0 {
            continue;
        }
        let half = text_width(label, TICK_FONT) / 2.0;
        // Keep the end labels inside the viewBox instead of cut.
        let cx = x.max(half + 1.0).min(BAR_VIEW_W - half - 1.0);
        text_el(
            &mut labels,
            "faro-chart-tick",
            cx,
            axis_y + 4.0 + TICK_FONT,
            TICK_FONT,
            "middle",
            label,
        );
    }
    body.push_str(&labels);
    axis_y + 4.0 + TICK_FONT + 5.0
}
