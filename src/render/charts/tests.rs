//! Unit tests for the chart module: geometry, markup and descriptions.

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
const CSS: &str = include_str!("../../../themes/igm/static/css/charts.css");

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
            // The one attribute that is not a colour: a fill naming a pattern
            // of this chart (CSS cannot name a per-chart id).
            if let Some(id) = a
                .value()
                .strip_prefix("url(#")
                .and_then(|v| v.strip_suffix(')'))
            {
                assert_eq!(a.name(), "fill");
                assert_eq!(
                    by_id(id),
                    Some("pattern"),
                    "{id} is not a pattern of this chart"
                );
                continue;
            }
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
    let widths: Vec<f64> = with_class(&doc, "faro-chart-bar")
        .map(|r| f(r, "width"))
        .collect();
    assert_eq!(widths.len(), 3);
    assert!((widths[0] / widths[1] - 2.0).abs() < 0.01, "{widths:?}");
    assert!((widths[0] / widths[2] - 4.0).abs() < 0.01, "{widths:?}");
    assert_eq!(
        texts(&doc, "faro-chart-value"),
        ["1,025,875", "512,937", "256,468"]
    );
    // The value sits just past its bar.
    let bar = with_class(&doc, "faro-chart-bar").next().unwrap();
    let value = with_class(&doc, "faro-chart-value").next().unwrap();
    assert!(f(value, "x") > f(bar, "x") + f(bar, "width"));
    assert_text_inside(&doc);
    // Grid lines stop short of the value labels.
    let grid = with_class(&doc, "faro-chart-grid")
        .next()
        .unwrap()
        .attribute("d")
        .unwrap();
    for segment in grid.split('M').filter(|s| !s.is_empty()) {
        let (x, rest) = segment.split_once(' ').unwrap();
        let (y1, y2) = rest.split_once('V').unwrap();
        let (x, y1, y2): (f64, f64, f64) =
            (x.parse().unwrap(), y1.parse().unwrap(), y2.parse().unwrap());
        for v in with_class(&doc, "faro-chart-value") {
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
        texts(&doc, "faro-chart-label")
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
        with_class(&doc, "faro-chart-bar").count(),
        1,
        "neither the missing nor the zero row gets a bar"
    );
    assert_eq!(texts(&doc, "faro-chart-missing"), ["sin dato"]);
    assert_eq!(texts(&doc, "faro-chart-value"), ["10", "0"]);
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
    let labels: Vec<Node<'_, '_>> = with_class(&doc, "faro-chart-label").collect();
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
    let rects: Vec<Node<'_, '_>> = with_class(&doc, "faro-chart-bar").collect();
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
            assert!(numfmt::axis_is_exact(&ticks), "{ticks:?}");
        }
    }
    assert_eq!(numfmt::abbreviated(1.2e6), "1.2 M");
}

#[test]
fn bar_axis_labels_are_abbreviated_and_do_not_collide() {
    let rows = [("A", Some(1_025_875)), ("B", Some(10))];
    let doc_text = bar_chart("t", "T", &bars_of(&rows));
    let doc = check(&doc_text);
    let ticks: Vec<Node<'_, '_>> = with_class(&doc, "faro-chart-tick").collect();
    let labels: Vec<String> = texts(&doc, "faro-chart-tick");
    assert_eq!(labels.first().map(String::as_str), Some("0"));
    assert!(
        labels.iter().any(|l| l == "1.2 M"),
        "the scale stops at 1.2 M: {labels:?}"
    );
    assert!(!labels.iter().any(|l| l == "1.5 M"), "{labels:?}");
    assert!(
        labels.iter().skip(1).all(|l| l.ends_with(" M")),
        "one unit on the axis, not \"400 mil … 1.2 M\": {labels:?}"
    );
    for pair in ticks.windows(2) {
        let right_of_first = f(pair[0], "x") + text_width(pair[0].text().unwrap(), TICK_FONT) / 2.0;
        let left_of_second = f(pair[1], "x") - text_width(pair[1].text().unwrap(), TICK_FONT) / 2.0;
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
    let widths: Vec<f64> = with_class(&doc, "faro-chart-bar")
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
    assert!(
        !missing.contains("faro-chart-tick"),
        "no axis without values"
    );
    let zeros = bar_chart("x", "T", &bars_of(&[("A", Some(0)), ("B", Some(0))]));
    assert!(desc(&check(&zeros)).contains("Todas las filas con dato valen 0"));
}

#[test]
fn ids_are_prefixed_and_sanitized() {
    let svg = bar_chart("visas-residencias", "T", &bars_of(&[("A", Some(1))]));
    assert!(svg.contains(r#"aria-labelledby="visas-residencias-title visas-residencias-desc""#));
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
    with_class(doc, "faro-chart-bar")
        .filter(|n| n.attribute("class").unwrap().contains("faro-chart-bar--b") == class_b)
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
        // Coordinates are written with two decimals: steps may differ by 0.01.
        steps.iter().filter(|s| (*s - normal).abs() > 0.025).count(),
        1
    );
    assert!((steps[3] - 2.0 * normal).abs() < 0.025, "{steps:?}");
    assert_eq!(texts(&doc, "faro-chart-missing"), ["s/d", "s/d = sin dato"]);
    // Heights proportional to values.
    let heights: Vec<f64> = with_class(&doc, "faro-chart-bar")
        .map(|r| f(r, "height"))
        .collect();
    assert!((heights[11 - 1] / heights[0] - 12.0).abs() < 0.01);
    let d = desc(&doc);
    assert!(d.contains("de enero de 2024 a diciembre de 2024"), "{d}");
    assert!(d.contains("1 mes sin dato"), "{d}");
    assert_text_inside(&doc);
    let months = texts(&doc, "faro-chart-tick");
    assert!(months.iter().any(|m| m == "ene2024"), "{months:?}");
    assert!(months.iter().any(|m| m == "nov"), "{months:?}");
}

#[test]
fn line_breaks_at_missing_months() {
    let values = [Some(5), Some(6), None, Some(8), Some(9), None, Some(4)];
    let svg = time_series("s", "T", &[year(&values)], Mark::Line);
    let doc = check(&svg);
    let d = with_class(&doc, "faro-chart-line")
        .next()
        .unwrap()
        .attribute("d")
        .unwrap();
    assert_eq!(d.matches('M').count(), 3, "{d}");
    assert_eq!(d.matches('L').count(), 2, "{d}");
    assert_eq!(with_class(&doc, "faro-chart-bar").count(), 0);
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
        with_class(&doc, "faro-chart-hatched").count(),
        12,
        "each B column is hatched"
    );
    // One pattern, drawn with the hatch's class, that every hatch fills with.
    let patterns: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("pattern"))
        .collect();
    assert_eq!(patterns.len(), 1);
    assert_eq!(patterns[0].attribute("id"), Some("cmp-hatch"));
    assert_eq!(
        patterns[0].attribute("patternUnits"),
        Some("userSpaceOnUse")
    );
    assert_eq!(with_class(&doc, "faro-chart-hatch").count(), 1);
    assert!(
        with_class(&doc, "faro-chart-hatched")
            .all(|n| n.attribute("fill") == Some("url(#cmp-hatch)"))
    );
    let labels = texts(&doc, "faro-chart-label");
    assert_eq!(labels, ["2023", "2024"]);
    let months = texts(&doc, "faro-chart-tick");
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
        with_class(&doc, "faro-chart-line--b").count(),
        2,
        "line and legend swatch"
    );
    assert!(
        with_class(&doc, "faro-chart-dot--b").all(|n| n.has_tag_name("rect")),
        "B markers are squares"
    );
    assert!(
        with_class(&doc, "faro-chart-dot")
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
    let labels = texts(&doc, "faro-chart-tick");
    let years: Vec<&String> = labels
        .iter()
        .filter(|l| l.len() == 4 && l.starts_with("20"))
        .collect();
    assert!(years.len() >= 5 && years.len() <= 12, "{labels:?}");
    assert!(!labels.iter().any(|l| MONTH_ABBR.contains(&l.as_str())));
    assert_text_inside(&doc);
    // Year labels along the x axis do not collide.
    let mut spans: Vec<(f64, f64)> = with_class(&doc, "faro-chart-tick")
        .filter(|n| n.attribute("text-anchor").unwrap_or("start") == "start")
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
        with_class(&check(&one), "faro-chart-dot").count(),
        1,
        "an isolated point is still drawn"
    );
    let none = time_series("d", "T", &[year(&[None; 12])], Mark::Columns);
    let doc = check(&none);
    assert_eq!(with_class(&doc, "faro-chart-bar").count(), 0);
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
        Some("faro-chart faro-chart--spark")
    );
    let d = with_class(&doc, "faro-chart-line")
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
            .contains("faro-chart--standalone")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let style = doc.descendants().find(|n| n.has_tag_name("style")).unwrap();
    assert!(style.text().unwrap().contains(".faro-chart-bar"));
    assert_eq!(texts(&doc, "faro-chart-title"), ["Registro & control"]);
    assert_eq!(with_class(&doc, "faro-chart-bar").count(), 2);
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
    css_value(block, selector, property)[..7].trim()
}

/// The value of `property` in the first rule for `selector` inside `block`.
fn css_value<'a>(block: &'a str, selector: &str, property: &str) -> &'a str {
    let rule = &block[block
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("{selector}"))..];
    let rule = &rule[..rule.find('}').unwrap()];
    let start = rule
        .find(&format!(" {property}:"))
        .unwrap_or_else(|| panic!("{selector} {property}"))
        + property.len()
        + 2;
    let value = &rule[start..];
    value[..value.find(';').unwrap_or(value.len())].trim()
}

#[test]
fn stylesheet_contrast() {
    let dark_at = CSS.find("@media (prefers-color-scheme: dark)").unwrap();
    let print_at = CSS.find("@media print").unwrap();
    for (block, bg) in [
        (&CSS[..dark_at], "#ffffff"),
        (
            &CSS[dark_at..print_at],
            css_colour(&CSS[dark_at..print_at], ".faro-chart", "--chart-page"),
        ),
    ] {
        let text = [
            (".faro-chart text", "fill"),
            (".faro-chart .faro-chart-tick", "fill"),
            (".faro-chart .faro-chart-missing", "fill"),
        ];
        for (sel, prop) in text {
            let c = css_colour(block, sel, prop);
            assert!(
                contrast(c, bg) >= 4.5,
                "{sel} {c} on {bg}: {}",
                contrast(c, bg)
            );
        }
        // Stroke as well as fill: an outline inherited by text blurs it.
        for sel in [".faro-chart", ".faro-chart text"] {
            assert!(
                css_value(&CSS[..dark_at], sel, "stroke") == "none",
                "{sel} must set stroke: none"
            );
        }
        let graphics = [
            (".faro-chart-bar", "fill"),
            (".faro-chart-bar--b", "stroke"),
            (".faro-chart-hatch", "stroke"),
            (".faro-chart-line", "stroke"),
            (".faro-chart-line--b", "stroke"),
            (".faro-chart-axis", "stroke"),
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

#[test]
fn no_text_renders_under_11px_on_a_320px_phone() {
    let mut values: Vec<Option<u64>> = (1..=12).map(|m| Some(m * 90_000)).collect();
    values[6] = None;
    let charts = [
        bar_chart(
            "b",
            "T",
            &bars_of(&[(LONG, Some(1_025_875)), ("B", None), ("C", Some(3))]),
        ),
        time_series("s", "T", &[year(&values)], Mark::Columns),
        time_series("l", "T", &[year(&values)], Mark::Line),
        time_series(
            "two",
            "T",
            &[
                Series {
                    name: "2023",
                    ..year(&values)
                },
                Series {
                    name: "2024",
                    ..year(&values[..5])
                },
            ],
            Mark::Columns,
        ),
    ];
    for svg in &charts {
        let doc = check(svg);
        let (w, _) = view_box(&doc);
        let mut seen = 0;
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let px = f(t, "font-size") * NARROWEST_PX / w;
            assert!(
                px >= MIN_TEXT_PX,
                "{:?} renders at {px:.1}px in a {NARROWEST_PX}px box",
                t.text()
            );
            seen += 1;
        }
        assert!(seen > 3, "too few texts measured: {svg}");
    }
}
