//! Comparisons through the public surface: a fixture archive built into a
//! temp dir, `/comparar/YYYY/datos.json` checked number by number.

mod common;
use common::Site;
use serde_json::{Value, json};

fn month(period: &str, sample: bool, visas: Option<u64>, label: &str, residencias: u64) -> String {
    let visas_row = match visas {
        Some(v) => {
            format!("      - id: visas-emitidas\n        label: \"{label}\"\n        value: {v}\n")
        }
        None => String::new(),
    };
    format!(
        "---\nperiod: {period}\nsample: {sample}\ntables:\n  - id: visas-residencias\n    title: \"Visas y residencias\"\n    unit: \"Cantidad de documentos\"\n    rows:\n{visas_row}      - id: residencias\n        label: \"Residencias\"\n        value: {residencias}\n---\n"
    )
}

/// 2023: January–March (visas in Jan and Feb only); 2024: January–February.
fn archive() -> Site {
    let s = Site::new();
    s.write(
        "content/informes/2023/01/index.md",
        &month("2023-01", true, Some(150), "Visas", 0),
    );
    s.write(
        "content/informes/2023/02/index.md",
        &month("2023-02", true, Some(100), "Visas", 10),
    );
    s.write(
        "content/informes/2023/03/index.md",
        &month("2023-03", true, None, "Visas", 20),
    );
    s.write(
        "content/informes/2024/01/index.md",
        &month("2024-01", false, Some(158), "Visas emitidas", 5),
    );
    s.write(
        "content/informes/2024/02/index.md",
        &month("2024-02", false, Some(90), "Visas emitidas", 12),
    );
    s
}

#[test]
fn year_comparison_json_number_by_number() {
    let s = archive();
    s.build();
    let v: Value = serde_json::from_str(&s.read("comparar/2024/datos.json")).unwrap();
    assert_eq!(v["year"], 2024);
    assert_eq!(v["previous_year"], 2023);
    let visas = &v["indicators"][0];
    assert_eq!(visas["id"], "visas-residencias/visas-emitidas");
    assert_eq!(visas["label"], "Visas emitidas", "the latest label");
    assert_eq!(visas["unit"], "Cantidad de documentos");
    let months = visas["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(
        months[0],
        json!({"month": 1, "previous": 150, "current": 158, "change": 8, "percent": 5.3, "previous_sample": true}),
        "2023 is sample data: the side that is says so"
    );
    assert_eq!(
        months[1],
        json!({"month": 2, "previous": 100, "current": 90, "change": -10, "percent": -10.0, "previous_sample": true})
    );
    assert_eq!(
        months[2],
        json!({"month": 3, "previous": null, "current": null, "change": null, "percent": null})
    );
    assert_eq!(months[11]["month"], 12);
    assert_eq!(
        visas["comparable"],
        json!({"months": [1, 2], "previous": 250, "current": 248, "change": -2, "percent": -0.8, "previous_sample": true})
    );
    assert_eq!(
        visas["totals"],
        json!({"previous": 250, "previous_months": 2, "current": 248, "current_months": 2})
    );

    let res = &v["indicators"][1];
    assert_eq!(res["id"], "visas-residencias/residencias");
    // January 2023 was 0: a change, but never a percent against zero.
    assert_eq!(
        res["months"][0],
        json!({"month": 1, "previous": 0, "current": 5, "change": 5, "percent": null, "previous_sample": true})
    );
    // March exists only in 2023: the comparable total leaves it out.
    assert_eq!(res["comparable"]["months"], json!([1, 2]));
    assert_eq!(res["comparable"]["previous"], 10);
    assert_eq!(res["comparable"]["current"], 17);
    assert_eq!(res["comparable"]["percent"], 70.0);
    assert_eq!(
        res["totals"],
        json!({"previous": 30, "previous_months": 3, "current": 17, "current_months": 2})
    );
}

#[test]
fn pages_show_changes_and_history() {
    let s = archive();
    s.build();
    let report = s.read("informes/2024/01/index.html");
    assert!(report.contains("+8 (+5.3%)"), "change against January 2023");
    assert!(
        report.contains("sin dato"),
        "no previous month for January 2024 (December 2023 missing)"
    );
    let feb = s.read("informes/2024/02/index.html");
    assert!(
        feb.contains("\u{2212}68 (\u{2212}43.0%)"),
        "February against January, across the table"
    );

    let cmp = s.read("comparar/2024/index.html");
    assert!(cmp.contains("Enero–febrero"), "comparable months named");
    assert!(cmp.contains("Datos de ejemplo"), "2023 is sample data");
    assert!(s.read("comparar/index.html").contains("2024 frente a 2023"));

    let ind = s.read("indicadores/visas-residencias/visas-emitidas/index.html");
    assert!(ind.contains("<h1>Visas emitidas</h1>"));
    assert!(ind.contains("«Visas»"), "former label listed");
    assert!(
        s.read("indicadores/index.html")
            .contains("visas-residencias/visas-emitidas/")
    );
    let year = s.read("informes/2024/index.html");
    assert!(year.contains("248"), "total so far");
}

#[test]
fn no_comparison_page_without_a_previous_year() {
    let s = Site::new();
    s.write(
        "content/informes/2024/01/index.md",
        &month("2024-01", false, Some(158), "Visas", 5),
    );
    s.build();
    assert!(!s.exists("comparar/2024/index.html"));
    assert!(
        s.read("comparar/index.html")
            .contains("Todavía no hay dos años")
    );
    // Only one year: shown without a percent.
    let ind = s.read("indicadores/visas-residencias/visas-emitidas/index.html");
    // The embed code below the numbers has its own `width:100%`.
    let numbers = ind.split("class=\"embed-code\"").next().unwrap_or_default();
    assert!(
        numbers.contains("158") && !numbers.contains('%'),
        "{numbers}"
    );
}
