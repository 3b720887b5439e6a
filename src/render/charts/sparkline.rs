//! The sparkline: the last twelve months, tiny and text-free.

use super::*;

/// A tiny line of the last twelve months of `series` (earlier values are
/// dropped), broken where a month has no data, with a dot on the latest
/// value. It has no text: the `<desc>` carries the numbers. The vertical
/// scale spans the shown values' minimum to maximum, to show the shape.
/// `id` and `title` as in [`bar_chart`].
pub fn sparkline(id: &str, title: &str, series: &Series<'_>) -> Chart {
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
    let mut chart = Chart::open("spark", &id, SPARK_W, SPARK_H, title, &desc);
    let out = chart.drawing();
    let values = last12.values;
    let present: Vec<u64> = values.iter().flatten().copied().collect();
    let (Some(&lo), Some(&hi)) = (present.iter().min(), present.iter().max()) else {
        // No data at all: a faint dashed baseline says "nothing here".
        let _ = write!(
            out,
            r#"<path class="faro-chart-missing" d="M{} {}H{}"/>"#,
            num(SPARK_PAD),
            num(SPARK_H / 2.0),
            num(SPARK_W - SPARK_PAD)
        );
        return chart.close();
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
    line_marks(out, values, false, false, xy);
    if let Some((i, v)) = values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| v.map(|v| (i, v)))
    {
        let (x, y) = xy(i, v);
        let _ = write!(
            out,
            r#"<circle class="faro-chart-dot faro-chart-dot--last" cx="{}" cy="{}" r="2.5"/>"#,
            num(x),
            num(y)
        );
    }
    chart.close()
}
