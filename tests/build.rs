//! `faro build` on fixture sites: the pages and data files it writes.

mod common;
use common::{Site, report};

#[test]
fn builds_every_page_of_a_basic_site() {
    let s = Site::basic();
    let out = s.build();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 reports") && stdout.contains(" ms"),
        "{stdout}"
    );
    for page in [
        "index.html",
        "informes/index.html",
        "informes/2023/index.html",
        "informes/2024/index.html",
        "informes/2024/01/index.html",
        "informes/2024/01/datos.csv",
        "informes/2024/01/datos.json",
        "acerca/index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
        "datos/index.html",
        "datos/informes.csv",
        "datos/informes.json",
        "datos/datapackage.json",
    ] {
        assert!(s.exists(page), "missing {page}");
    }
    let report = s.read("informes/2024/01/index.html");
    assert!(report.contains("<html lang=\"es\">"));
    assert!(report.contains("1,350"), "Guatemalan thousands");
    assert!(report.contains("1,508"), "total of the table");
    assert!(report.contains("Enero de 2024"), "Spanish month");
    assert!(report.contains("Texto de enero."));
    assert!(!report.contains("datos de ejemplo") && !report.contains("Datos de ejemplo"));
}

/// A page loads the charts' stylesheet and PNG script exactly when it draws
/// a chart: pages without one are spared 8 KB, and no chart is left
/// unstyled by a template that left them out (`chart_assets` in base.html).
#[test]
fn pages_load_the_chart_assets_exactly_when_they_draw_a_chart() {
    let s = Site::basic();
    s.build();
    let (mut with, mut without) = (0, 0);
    for (path, bytes) in common::snapshot(&s.path("public")) {
        let name = path.to_string_lossy();
        // An embed stands alone, its CSS inline.
        if !name.ends_with(".html") || name.contains("/embed/") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let draws = html.contains("class=\"faro-chart ");
        let styles = html.contains("/css/charts.");
        let script = html.contains("/js/chart-png.");
        assert_eq!((styles, script), (draws, draws), "{name}");
        if draws { with += 1 } else { without += 1 }
    }
    assert!(
        with >= 3 && without >= 3,
        "{with} pages with charts, {without} without"
    );
}

#[test]
fn every_link_works_under_a_sub_path() {
    let s = Site::basic();
    s.build();
    for page in [
        "index.html",
        "informes/2024/01/index.html",
        "404.html",
        "acerca/index.html",
        "informes/index.html",
    ] {
        let html = s.read(page);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let url = &html[i + attr.len()..];
                let url = &url[..url.find('"').unwrap_or(0)];
                let ok = url.starts_with("/portal/")
                    || url.starts_with('#')
                    || url.starts_with("https://example.org/portal/");
                assert!(ok, "{page}: link {url} escapes the base path");
                if let Some(local) = url.strip_prefix("/portal/") {
                    let local = local.split(['?', '#']).next().unwrap_or("");
                    let target = if local.is_empty() || local.ends_with('/') {
                        format!("{local}index.html")
                    } else {
                        local.to_string()
                    };
                    assert!(
                        s.exists(&target),
                        "{page}: link {url} points to a missing file"
                    );
                }
            }
        }
    }
    assert!(
        s.read("sitemap.xml")
            .contains("<loc>https://example.org/portal/informes/2024/01/</loc>")
    );
    assert!(
        s.read("robots.txt")
            .contains("Sitemap: https://example.org/portal/sitemap.xml")
    );
}

#[test]
fn base_url_flag_and_output_flag() {
    let s = Site::basic();
    let out_dir = s.path("elsewhere/site");
    let out = s.faro(&[
        "build",
        "--base-url",
        "http://localhost:8000/x",
        "--output",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(html.contains("href=\"/x/informes/\""), "{html}");
    assert!(!s.exists("index.html"), "default output untouched");
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let s = Site::basic();
    let draft = "---\nperiod: 2024-02\ndraft: true\ntables:\n  - title: Visas\n    rows:\n      - label: Visas emitidas\n        value:\n---\nEn preparación.\n";
    s.write("content/informes/2024/02/index.md", draft);
    s.build();
    assert!(!s.exists("informes/2024/02/index.html"));
    let out = s.faro(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = s.read("informes/2024/02/index.html");
    assert!(
        html.contains("pendiente"),
        "an empty draft value shows as pending"
    );
    assert!(html.contains("Borrador"));
}

#[test]
fn crlf_and_bom_are_normal_input() {
    let s = Site::new();
    let text = format!(
        "\u{feff}{}",
        report("2024-01", "", "## Sección\n\nTexto.\n").replace('\n', "\r\n")
    );
    s.write("content/informes/2024/01/index.md", &text);
    s.build();
    let html = s.read("informes/2024/01/index.html");
    assert!(html.contains("1,350") && html.contains("id=\"seccion\""));
}

#[test]
fn open_data_files_are_tidy_and_described() {
    let s = Site::basic();
    s.write(
        "content/informes/2023/02/index.md",
        &report("2023-02", "sample: true\n", ""),
    );
    s.build();
    let csv = s.read("datos/informes.csv");
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("period,table_id,table_title,indicator_id,label,unit,value,sample")
    );
    assert_eq!(
        lines.next(),
        Some(
            "2023-01,visas,Visas y residencias,visas/visas-emitidas,Visas emitidas,Cantidad de documentos,158,false"
        )
    );
    assert!(csv.contains("2023-02,visas,Visas y residencias,visas/registro-de-extranjeria,Registro de extranjería,Cantidad de documentos,1350,true"));
    assert_eq!(csv.trim_end().split("\r\n").count(), 1 + 3 * 2);

    let report_csv = s.read("informes/2024/01/datos.csv");
    assert_eq!(report_csv.trim_end().split("\r\n").count(), 3);
    let json: serde_json::Value =
        serde_json::from_str(&s.read("informes/2024/01/datos.json")).unwrap();
    assert_eq!(json["tables"][0]["rows"][1]["value"], 1350);
    assert_eq!(
        json["tables"][0]["rows"][1]["indicator_id"],
        "visas/registro-de-extranjeria"
    );

    let pkg: serde_json::Value = serde_json::from_str(&s.read("datos/datapackage.json")).unwrap();
    assert_eq!(
        pkg["$schema"],
        "https://datapackage.org/profiles/2.0/datapackage.json"
    );
    let fields: Vec<&str> = pkg["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "period",
            "table_id",
            "table_title",
            "indicator_id",
            "label",
            "unit",
            "value",
            "sample"
        ]
    );
    let all: serde_json::Value = serde_json::from_str(&s.read("datos/informes.json")).unwrap();
    assert_eq!(all["reports"].as_array().unwrap().len(), 3);
    // Sample data is visible on the page that shows it.
    assert!(
        s.read("informes/2023/02/index.html")
            .contains("Datos de ejemplo")
    );
}

#[test]
fn feed_is_atom_with_the_latest_reports() {
    let s = Site::basic();
    s.build();
    let feed = s.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed parses");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2);
    assert!(feed.contains("https://example.org/portal/informes/2024/01/"));
    roxmltree::Document::parse(&s.read("sitemap.xml")).expect("sitemap parses");
}

#[test]
fn markdown_features_reach_the_page() {
    let s = Site::new();
    let body = "## Uno\n\nTexto[^n].\n\n[^n]: Una nota.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![Una reunión](foto.jpg \"Foto: Reunión de planificación\")\n\n<script>alert(1)</script>\n\n[malo](javascript:alert(1))\n\n## Dos\n\n## Tres\n\n### Tres punto uno\n\n## Cuatro\n";
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", body),
    );
    s.write_bytes("content/informes/2024/01/foto.jpg", &common::jpeg(64, 48));
    s.build();
    let html = s.read("informes/2024/01/index.html");
    assert!(html.contains("<figure"), "captioned photo becomes a figure");
    assert!(html.contains("<figcaption>Foto: Reunión de planificación</figcaption>"));
    assert!(html.contains("footnote-definition"));
    assert!(html.contains("<table>"));
    assert!(!html.contains("<script>alert"), "raw HTML omitted");
    assert!(!html.contains("javascript:"), "no javascript: URL");
    assert!(html.contains("id=\"tres-punto-uno\""), "heading anchors");
    assert!(
        html.contains("class=\"toc\""),
        "long report has a table of contents"
    );
    assert!(html.contains("href=\"#dos\""));
}

#[test]
fn editor_lock_and_backup_files_are_not_content() {
    let s = Site::basic();
    s.write("content/.#acerca.md", "---\ntitle: lock\n---\n");
    s.write("content/acerca.md~", "---\ntitle: backup\n---\n");
    s.write("content/informes/2024/01/.index.md.swp", "binary junk");
    s.build();
    assert!(s.read("acerca/index.html").contains("Acerca de"));
}

#[test]
fn files_edited_by_hand_are_rewritten_by_later_builds() {
    let s = Site::basic();
    s.build();
    s.build();
    let expected = common::snapshot(&s.path("public"));
    let page = "informes/2024/01/index.html";
    // Same length, new bytes: the published site and the staging folder
    // (the previous site, which the next build writes into) are both edited.
    let scribble = |dir: &str| {
        let path = s.path(&format!("{dir}/{page}"));
        let len = std::fs::metadata(&path).expect("page").len() as usize;
        std::fs::write(&path, "x".repeat(len)).expect("edit");
    };
    scribble("public");
    scribble(".public.faro-next");
    s.build();
    assert_eq!(common::snapshot(&s.path("public")), expected);
    s.build();
    assert_eq!(common::snapshot(&s.path("public")), expected);

    // Damaged manifests cost speed, never correctness.
    for m in [".public.faro-manifest", ".public.faro-next-manifest"] {
        s.write(m, "zz 1 2 3 informes/2024/01/index.html\n\u{0}garbage");
    }
    scribble(".public.faro-next");
    s.build();
    assert_eq!(common::snapshot(&s.path("public")), expected);
    s.build();
    assert_eq!(common::snapshot(&s.path("public")), expected);
}

#[test]
fn timings_flag_lists_each_step() {
    let s = Site::basic();
    let out = s.faro(&["build", "--timings"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for step in [
        "output folder",
        "load",
        "photos",
        "derive",
        "render",
        "publish",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.trim_start().starts_with(step) && l.ends_with(" ms")),
            "no {step} line in:\n{stdout}"
        );
    }
}

#[test]
fn intro_from_extra_comes_before_the_tables() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report(
            "2024-02",
            "extra:\n  intro: \"En febrero se brindaron <estos> servicios:\"\n",
            "",
        ),
    );
    s.build();
    let page = s.read("informes/2024/02/index.html");
    let intro = page
        .find("<p class=\"intro\">En febrero se brindaron &lt;estos&gt; servicios:</p>")
        .expect("intro, escaped");
    let first_table = page.find("<table").expect("a table");
    assert!(intro < first_table);
    assert!(
        !s.read("informes/2024/01/index.html")
            .contains("class=\"intro\"")
    );
}

#[test]
fn leftovers_in_the_staging_folder_never_block_a_build() {
    let s = Site::basic();
    s.build();
    s.build();
    // The staging folder (the previous site) with a file where this build
    // needs a folder, and a folder where it needs a file.
    let staged = |rel: &str| s.path(&format!(".public.faro-next/{rel}"));
    std::fs::remove_dir_all(staged("informes")).expect("remove a staged folder");
    std::fs::write(staged("informes"), "not a folder").expect("a file in its place");
    std::fs::remove_file(staged("404.html")).expect("remove a staged file");
    std::fs::create_dir_all(staged("404.html/x")).expect("a folder in its place");
    s.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "", "Texto nuevo.\n"),
    );
    s.build();
    assert!(
        s.read("informes/2024/02/index.html")
            .contains("Texto nuevo.")
    );
    assert!(s.read("404.html").contains("<html"));
    let published = common::snapshot(&s.path("public"));
    s.build();
    assert_eq!(common::snapshot(&s.path("public")), published);
}
