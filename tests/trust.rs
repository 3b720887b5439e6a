//! Issue 14, numbers a journalist can trust: sample marks at every figure
//! that uses a sample value, corrections on the record, definitions,
//! licence and contact, and data-quality warnings. Each through the public
//! surface: a fixture site built by the real binary.

mod common;

use common::{Site, report};
use serde_json::Value;

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A real January 2024 against a sample December 2023 and January 2023.
fn real_after_sample() -> Site {
    let s = Site::new();
    for period in ["2023-01", "2023-12"] {
        let (y, m) = period.split_at(4);
        s.write(
            &format!("content/informes/{y}/{}/index.md", &m[1..]),
            &report(period, "sample: true\n", "Texto.\n"),
        );
    }
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", "Texto.\n"),
    );
    s
}

#[test]
fn a_change_against_a_sample_month_is_marked_at_the_figure() {
    let s = real_after_sample();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    // The real report has no sample notice of its own…
    assert!(!page.contains("notice-sample"), "{page}");
    // …but each change computed from a sample month says so where it is shown:
    // two rows, each compared with last month and last year.
    assert_eq!(
        page.matches("frente a un dato de ejemplo").count(),
        4,
        "{page}"
    );

    // The indicator page marks the same changes in its history.
    let ind = s.read("indicadores/visas/visas-emitidas/index.html");
    assert!(ind.contains("frente a un dato de ejemplo"), "{ind}");
}

#[test]
fn a_change_between_real_months_carries_no_mark() {
    let s = Site::basic();
    s.build();
    let page = s.read("informes/2024/01/index.html");
    assert!(!page.contains("dato de ejemplo"), "{page}");
    assert!(!page.contains("datos de ejemplo"), "{page}");
}

#[test]
fn charts_and_comparison_data_say_which_side_is_sample() {
    let s = real_after_sample();
    s.build();
    // The standalone chart of 2024 against 2023 draws its (visible) title with the mark.
    let svg = s.read("comparar/2024/visas-visas-emitidas.svg");
    assert!(svg.contains("incluye datos de ejemplo"), "{svg}");
    let page = s.read("comparar/2024/index.html");
    assert!(page.contains("Incluye datos de ejemplo"), "{page}");
    // The indicator's history chart, inline and standalone.
    let svg = s.read("indicadores/visas/visas-emitidas/grafico.svg");
    assert!(svg.contains("incluye datos de ejemplo"), "{svg}");

    let cmp = json(&s, "comparar/2024/datos.json");
    let january = &cmp["indicators"][0]["months"][0];
    assert_eq!(january["previous_sample"], true, "{january}");
    assert!(january.get("current_sample").is_none(), "{january}");
    let comparable = &cmp["indicators"][0]["comparable"];
    assert_eq!(comparable["previous_sample"], true, "{comparable}");

    // A year of only real values: no mark on its chart.
    let svg = s.read("informes/2024/grafico-visas-visas-emitidas.svg");
    assert!(!svg.contains("ejemplo"), "{svg}");
}
