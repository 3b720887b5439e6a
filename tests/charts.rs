//! Charts through `faro build`: inline SVG on the pages, standalone files
//! beside them, geometry proportional to the values, gaps for missing months.

mod common;
use common::{Site, report};

fn bars(svg: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses as XML");
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|k| k == "faro-chart-bar"))
        })
        .map(|n| {
            n.attribute("width")
                .and_then(|w| w.parse().ok())
                .expect("bar width")
        })
        .collect()
}

fn column_count(svg: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses as XML");
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|k| k == "faro-chart-bar"))
        })
        .count()
}

/// Every inline `<svg>` of a page: parses, is an image with a title and a description it points at.
fn inline_svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + 6;
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

fn assert_accessible(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("inline SVG parses as XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
    for id in labelled.split_whitespace() {
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element #{id}"));
        assert!(node.has_tag_name("title") || node.has_tag_name("desc"));
        assert!(
            !node.text().unwrap_or("").trim().is_empty(),
            "#{id} is empty"
        );
    }
    assert!(
        doc.descendants().any(|n| n.has_tag_name("desc")),
        "a description"
    );
    assert!(
        !svg.contains("fill=\"#") && !svg.contains("style=\""),
        "styling only through CSS classes"
    );
}

#[test]
fn report_tables_get_proportional_bar_charts() {
    let s = Site::basic();
    s.build();
    let html = s.read("informes/2024/01/index.html");
    let svgs = inline_svgs(&html);
    assert_eq!(svgs.len(), 1, "one bar chart per table");
    assert_accessible(&svgs[0]);
    assert!(
        svgs[0].contains("Mayor: «Registro de extranjería», 1,350"),
        "desc names the largest bar"
    );
    assert!(
        html.contains("href=\"/portal/informes/2024/01/cuadro-visas.svg\""),
        "download link next to the chart"
    );

    let file = s.read("informes/2024/01/cuadro-visas.svg");
    assert!(file.starts_with("<?xml"));
    assert!(file.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    let widths = bars(&file);
    assert_eq!(widths.len(), 2);
    let ratio = widths[0] / widths[1];
    assert!(
        (ratio - 158.0 / 1350.0).abs() < 0.01,
        "bar lengths proportional to values: {widths:?}"
    );
}

#[test]
fn missing_month_is_a_gap_not_a_zero() {
    let s = Site::new();
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", ""),
    );
    s.write(
        "content/informes/2024/03/index.md",
        &report("2024-03", "", ""),
    );
    s.build();
    let file = s.read("informes/2024/grafico-visas-visas-emitidas.svg");
    assert_eq!(
        column_count(&file),
        2,
        "January and March drawn, February a gap"
    );
    assert!(
        file.contains("s/d") || file.contains("sin dato"),
        "the gap is labelled"
    );
    let year = s.read("informes/2024/index.html");
    for svg in inline_svgs(&year) {
        assert_accessible(&svg);
    }
    assert!(
        year.contains("Valores mensuales de 2024"),
        "the numbers in a table beside the charts"
    );
    let ind = s.read("indicadores/visas/visas-emitidas/index.html");
    assert!(inline_svgs(&ind).len() == 1, "indicator history chart");
    assert!(s.exists("indicadores/visas/visas-emitidas/grafico.svg"));
}

#[test]
fn comparison_charts_draw_both_years_and_home_has_sparklines() {
    let s = Site::basic();
    s.build();
    let cmp = s.read("comparar/2024/index.html");
    let svgs = inline_svgs(&cmp);
    assert_eq!(svgs.len(), 2, "one chart per indicator");
    for svg in &svgs {
        assert_accessible(svg);
        assert!(
            svg.contains("2023") && svg.contains("2024"),
            "a legend names both years"
        );
    }
    let home = s.read("index.html");
    assert!(
        inline_svgs(&home).len() >= 2,
        "sparklines of the key indicators"
    );
    for svg in inline_svgs(&home) {
        assert_accessible(&svg);
    }
}

#[test]
fn a_site_can_restyle_charts_without_rust() {
    let s = Site::basic();
    s.write("static/css/charts.css", ".chart-bar { fill: #7a0019; }\n");
    s.build();
    // Published under a name with its hash (`css/charts.<hash>.css`).
    let published = std::fs::read_dir(s.path("public/css"))
        .expect("css")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("charts.") && n.ends_with(".css"))
        .expect("charts stylesheet");
    assert_eq!(
        s.read(&format!("css/{published}")),
        ".chart-bar { fill: #7a0019; }\n"
    );
    assert!(
        s.read("informes/2024/01/cuadro-visas.svg")
            .contains("#7a0019"),
        "standalone files carry the site's chart CSS"
    );
}
