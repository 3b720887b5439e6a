//! Issue 29, item 3: each indicator's embeddable page
//! (`indicadores/TABLE/ROW/embed/`) and the `<iframe>` code its page offers;
//! item 5: the bundled site's release calendar.
//!
//! The embed holds the indicator page's chart, its numbers as a table, the
//! source, the licence and a link back, opened in the whole window; no
//! script, no stylesheet to fetch (only the site's icon, when opened alone), kept out of search engines, the sitemap
//! and the search index; drafts never reach it and sample data is marked.

mod common;

use common::{SITE_YAML, Site, report, snapshot};
use std::path::Path;

const EMBED: &str = "indicadores/visas/visas-emitidas/embed/index.html";
const INDICATOR: &str = "indicadores/visas/visas-emitidas/index.html";

/// The first inline chart (`<svg …</svg>`) of a page.
fn first_svg(html: &str) -> &str {
    let start = html.find("<svg").expect("a chart");
    let end = html[start..].find("</svg>").expect("chart end") + start + "</svg>".len();
    &html[start..end]
}

#[test]
fn an_embed_has_the_chart_its_numbers_the_source_the_licence_and_a_way_back() {
    let s = Site::basic();
    s.build();
    let embed = s.read(EMBED);
    let page = s.read(INDICATOR);
    // The very chart of the indicator's page.
    assert_eq!(first_svg(&embed), first_svg(&page));
    // Its numbers as a table, newest first, each month linked to its report.
    assert!(embed.contains("<table>") && embed.contains("<th scope=\"col\">Mes</th>"));
    let jan24 = embed
        .find("<a href=\"/portal/informes/2024/01/\">Enero de 2024</a>")
        .expect("January 2024 row");
    let jan23 = embed
        .find("<a href=\"/portal/informes/2023/01/\">Enero de 2023</a>")
        .expect("January 2023 row");
    assert!(jan24 < jan23, "newest first");
    assert_eq!(embed.matches("<td class=\"num\">158</td>").count(), 2);
    // The source, the licence, and the indicator's page.
    assert!(
        embed.contains(
            "Fuente: Instituto de Prueba, informes mensuales de enero de 2023 a enero de 2024"
        ),
        "{embed}"
    );
    assert!(
        embed.contains("rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\"")
    );
    assert!(embed.contains(
        "<a href=\"/portal/indicadores/visas/visas-emitidas/\">Ver el indicador completo en Informes de prueba</a>"
    ));
    // Every link leaves the frame for the whole window.
    assert!(embed.contains("<base target=\"_top\">"), "{embed}");
    // Search engines list the indicator's page, not the embed: a canonical
    // link, without `noindex` (which would contradict it).
    assert!(!embed.contains("noindex"), "{embed}");
    assert!(embed.contains(
        "<link rel=\"canonical\" href=\"https://example.org/portal/indicadores/visas/visas-emitidas/\">"
    ));
    // Light and whole: no script, no stylesheet to fetch, the charts' CSS inline.
    assert!(!embed.contains("<script"), "{embed}");
    assert!(!embed.contains("rel=\"stylesheet\""), "{embed}");
    assert!(embed.contains(".faro-chart-line"), "charts.css inline");
    assert!(embed.len() < 30_000, "{} bytes", embed.len());
}

#[test]
fn the_indicator_page_offers_the_iframe_code_absolute_or_from_the_root() {
    let s = Site::basic();
    s.build();
    let page = s.read(INDICATOR);
    let code = "&lt;iframe src=&quot;https://example.org/portal/indicadores/visas/visas-emitidas/embed/&quot; \
                title=&quot;Visas emitidas — Informes de prueba&quot; \
                style=&quot;width:100%;height:560px;border:0&quot; loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;";
    assert!(page.contains(code), "{page}");
    assert!(page.contains("<textarea id=\"embed-code-text\" class=\"embed-code-text\" readonly"));
    // The copy button waits for its script (progressive enhancement).
    assert!(page.contains("data-copy=\"embed-code-text\" hidden>Copiar</button>"));
    assert!(page.contains("<script type=\"module\" src=\"/portal/js/copy."));

    // A base_url without a host gives the address from the server's root.
    s.write(
        "site.yaml",
        &SITE_YAML.replace("https://example.org/portal/", "/sub/"),
    );
    s.build();
    let page = s.read(INDICATOR);
    assert!(
        page.contains("&lt;iframe src=&quot;/sub/indicadores/visas/visas-emitidas/embed/&quot;"),
        "{page}"
    );
    let embed = s.read(EMBED);
    assert!(
        embed.contains("<a href=\"/sub/informes/2024/01/\">"),
        "{embed}"
    );
}

#[test]
fn embeds_are_in_neither_the_sitemap_nor_the_search_index() {
    let s = Site::basic();
    s.build();
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("/indicadores/visas/visas-emitidas/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("embed"), "{sitemap}");
    // Each part's entry counts the pages it indexed (src/search/parts.rs):
    // two reports, a page and two indicators in all, no embed.
    let mut counted = 0;
    for part in ["pagefind/", "pagefind/archivo/"] {
        let entry: serde_json::Value =
            serde_json::from_str(&s.read(&format!("{part}pagefind-entry.json"))).expect("entry");
        counted += entry["languages"]
            .as_object()
            .expect("languages")
            .values()
            .map(|l| l["page_count"].as_u64().expect("page_count"))
            .sum::<u64>();
    }
    assert_eq!(counted, 5);
}

#[test]
fn a_draft_never_reaches_an_embed_and_sample_data_is_marked() {
    let s = Site::basic();
    s.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "draft: true\n", "Borrador.\n").replace("value: 158", "value: 987654"),
    );
    let out = s.faro(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        s.exists("informes/2024/02/index.html"),
        "the draft is built"
    );
    let embed = s.read(EMBED);
    assert!(
        !embed.contains("987") && !embed.contains("2024/02"),
        "{embed}"
    );
    assert!(!embed.contains("Datos de ejemplo"), "{embed}");

    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "sample: true\n", "Texto.\n"),
    );
    s.build();
    let embed = s.read(EMBED);
    assert!(
        embed.contains("<strong>Datos de ejemplo.</strong> Esta serie contiene"),
        "{embed}"
    );
    assert!(embed.contains("Enero de 2024</a> <span class=\"tag tag-sample\">ejemplo</span>"));
    assert!(
        embed.contains("incluye datos de ejemplo"),
        "the chart's title says so"
    );
}

#[test]
fn a_theme_without_an_embed_template_makes_no_embed_and_offers_no_code() {
    let s = Site::basic();
    // A copy of the bundled theme in the site, from before embeds.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/igm");
    for entry in walkdir::WalkDir::new(&theme)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(&theme).expect("inside");
        if entry.file_type().is_file() && rel != Path::new("templates/embed.html") {
            let bytes = std::fs::read(entry.path()).expect("read theme");
            s.write_bytes(&format!("themes/igm/{}", rel.display()), &bytes);
        }
    }
    s.build();
    assert!(!s.exists(EMBED));
    assert!(s.exists(INDICATOR));
    assert!(!s.read(INDICATOR).contains("embed-code"));
}

/// The bundled site (site.yaml and content/ at the repository's top) builds
/// its release calendar and embeds, and builds again into the same folder
/// byte for byte as into an empty one.
#[test]
fn the_bundled_site_has_its_calendar_and_embeds_and_rebuilds_identically() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let build = |out: &Path| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_faro"))
            .env("FARO_LANG", "en")
            .arg("build")
            .arg("--root")
            .arg(repo)
            .arg("--output")
            .arg(out)
            .output()
            .expect("run faro");
        assert!(run.status.success(), "{}", common::stderr(&run));
    };
    let (first, fresh) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&first);
    let calendar = std::fs::read_to_string(first.join("calendario/index.html")).expect("calendar");
    assert!(calendar.contains("<time datetime="), "{calendar}");
    assert!(first.join("calendario.ics").is_file());
    let embed = std::fs::read_to_string(
        first.join("indicadores/visas-residencias/visas-emitidas/embed/index.html"),
    )
    .expect("an embed");
    assert!(embed.len() < 30_000, "{} bytes", embed.len());
    build(&first);
    build(&fresh);
    let strip = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        snapshot(dir)
            .into_iter()
            .map(|(p, b)| {
                (
                    p.strip_prefix(dir).expect("inside").display().to_string(),
                    b,
                )
            })
            .collect()
    };
    let (again, fresh) = (strip(&first), strip(&fresh));
    let differ: Vec<&String> = again
        .iter()
        .zip(&fresh)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(again.len(), fresh.len(), "file lists differ");
    assert!(differ.is_empty(), "rebuilt files differ: {differ:?}");
}

#[test]
fn a_long_history_lists_its_latest_three_years_and_links_the_rest() {
    let s = Site::new();
    for i in 0..40 {
        let (year, month) = (2020 + i / 12, i % 12 + 1);
        let period = format!("{year}-{month:02}");
        s.write(
            &format!("content/informes/{year}/{month:02}/index.md"),
            &report(&period, "", "Texto.\n"),
        );
    }
    s.build();
    let embed = s.read(EMBED);
    assert_eq!(
        embed.matches("<tr><th scope=\"row\">").count(),
        36,
        "{embed}"
    );
    // The latest month first, back to May 2020; April 2020 is left to the page.
    assert!(embed.contains(">Abril de 2023</a>") && embed.contains(">Mayo de 2020</a>"));
    assert!(!embed.contains(">Abril de 2020</a>"), "{embed}");
    assert!(embed.contains("Valores mensuales (Cantidad de documentos): los últimos 36 meses"));
    assert!(embed.contains(
        "Los 4 meses anteriores están en <a href=\"/portal/indicadores/visas/visas-emitidas/\">"
    ));
    // The chart is still the whole history, as on the indicator's page.
    assert_eq!(first_svg(&embed), first_svg(&s.read(INDICATOR)));
}
