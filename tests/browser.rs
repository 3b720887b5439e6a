//! What a citizen gets, proved in real tools: the bundled site (18 reports,
//! photos) is built with the real `faro` binary, served under the sub-path
//! `/sub/` by a tiny static server in this process, and opened in Debian's
//! headless Chromium through chromedriver (W3C WebDriver over HTTP).
//!
//! - axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any page type, in the
//!   light and the dark colour scheme;
//! - the W3C Nu HTML checker (vnu.jar) finds no error in any built page;
//! - nothing is fetched from another host (in the browser, and in the files);
//! - the console stays clean;
//! - every internal link and anchor resolves (in memory, and fetched);
//! - the report page is light: HTML+CSS+JS and the first screen on a phone;
//! - charts have a size, a title and a description, and never overflow;
//! - the gallery lightbox opens, closes on Esc and gives focus back.
//!
//! - and a page open in Chromium on `faro serve` reloads after a save.
//!
//! Needs Chromium and chromedriver (apt: chromium, chromium-driver), Java, and
//! `npm ci --omit=dev` at the repository's top (axe-core, vnu-jar). The tests
//! run under `common::harness` (this target has `harness = false`): each
//! names what it needs, and one whose tools are missing is reported as
//! ignored, with the reason, except with CI=true, where it fails. `.ci/run`
//! installs all of them.

mod common;
#[path = "browser/embed.rs"]
mod embed;
#[path = "browser/fetches.rs"]
mod fetches;
#[path = "browser/phone.rs"]
mod phone;
#[path = "browser/png.rs"]
mod png;
#[path = "browser/print.rs"]
mod print;
#[path = "browser/reading.rs"]
mod reading;
#[path = "browser/search.rs"]
mod search;
#[path = "browser/server.rs"]
mod server;
#[path = "browser/site.rs"]
mod site;
#[path = "browser/webdriver.rs"]
mod webdriver;

use common::chromium;
use common::harness::{self, BROWSER, Test, Tool};
use common::serve::{self as preview, Server, fixture, report_with_value};
use serde_json::{Value, json};
use site::site;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use webdriver::{Driver, Session, missing};

const AXE: &str = "axe-core/axe.min.js";
const VNU: &str = "vnu-jar/build/dist/vnu.jar";

fn main() {
    use Tool::*;
    let test = |name, needs, run| Test { name, needs, run };
    harness::main(&[
        test(
            "axe_finds_no_wcag_21_aa_violation_on_any_page_type",
            &[Chromium, Chromedriver, NodeModule(AXE)],
            axe_finds_no_wcag_21_aa_violation_on_any_page_type,
        ),
        test(
            "nu_html_checker_finds_no_error_in_any_built_page",
            &[Java, NodeModule(VNU)],
            nu_html_checker_finds_no_error_in_any_built_page,
        ),
        test(
            "built_files_fetch_nothing_from_another_host",
            &[],
            built_files_fetch_nothing_from_another_host,
        ),
        test(
            "the_scanner_tells_fetches_from_links",
            &[],
            the_scanner_tells_fetches_from_links,
        ),
        test(
            "the_browser_requests_nothing_outside_the_site",
            BROWSER,
            the_browser_requests_nothing_outside_the_site,
        ),
        test(
            "the_console_stays_clean_on_every_page_type",
            BROWSER,
            the_console_stays_clean_on_every_page_type,
        ),
        test(
            "every_internal_link_and_anchor_resolves_in_the_rendered_site",
            &[],
            every_internal_link_and_anchor_resolves_in_the_rendered_site,
        ),
        test(
            "internal_links_resolve_when_fetched_by_the_browser",
            BROWSER,
            internal_links_resolve_when_fetched_by_the_browser,
        ),
        test(
            "the_report_page_is_light_on_a_phone",
            BROWSER,
            the_report_page_is_light_on_a_phone,
        ),
        test(
            "charts_have_a_size_a_title_a_description_and_never_overflow",
            BROWSER,
            charts_have_a_size_a_title_a_description_and_never_overflow,
        ),
        test(
            "chart_text_and_marks_contrast_with_the_page_in_light_and_dark",
            BROWSER,
            chart_text_and_marks_contrast_with_the_page_in_light_and_dark,
        ),
        test(
            "the_gallery_lightbox_opens_closes_on_escape_and_returns_focus",
            BROWSER,
            the_gallery_lightbox_opens_closes_on_escape_and_returns_focus,
        ),
        test(
            "pages_of_every_type_answer_under_the_sub_path",
            &[],
            pages_of_every_type_answer_under_the_sub_path,
        ),
        test(
            "phone::at_320px_no_table_is_wider_than_the_viewport_and_every_value_shows",
            BROWSER,
            phone::at_320px_no_table_is_wider_than_the_viewport_and_every_value_shows,
        ),
        test(
            "phone::at_320px_chart_text_is_at_least_11px_never_outlined_and_every_chart_is_named",
            BROWSER,
            phone::at_320px_chart_text_is_at_least_11px_never_outlined_and_every_chart_is_named,
        ),
        test(
            "phone::the_first_screen_of_a_report_shows_its_title_and_first_figures",
            BROWSER,
            phone::the_first_screen_of_a_report_shows_its_title_and_first_figures,
        ),
        test(
            "phone::the_report_follows_its_source_document",
            BROWSER,
            phone::the_report_follows_its_source_document,
        ),
        test(
            "phone::built_pages_write_true_minus_signs_and_one_unit_per_axis",
            &[],
            phone::built_pages_write_true_minus_signs_and_one_unit_per_axis,
        ),
        test(
            "png::a_click_on_png_gives_a_legible_png_of_the_chart",
            BROWSER,
            png::a_click_on_png_gives_a_legible_png_of_the_chart,
        ),
        test(
            "print::a_report_prints_on_a4_and_letter_as_the_institutes_document",
            BROWSER,
            print::a_report_prints_on_a4_and_letter_as_the_institutes_document,
        ),
        test(
            "print::printed_photos_and_charts_fit_the_page",
            BROWSER,
            print::printed_photos_and_charts_fit_the_page,
        ),
        test(
            "reading::at_1280px_report_tables_fit_without_scrolling_and_labels_keep_their_words",
            BROWSER,
            reading::at_1280px_report_tables_fit_without_scrolling_and_labels_keep_their_words,
        ),
        test(
            "reading::at_320px_the_comparison_shows_a_year_per_indicator_in_800px_each_notice_once",
            BROWSER,
            reading::at_320px_the_comparison_shows_a_year_per_indicator_in_800px_each_notice_once,
        ),
        test(
            "embed::the_copied_code_shows_the_chart_and_its_links_open_in_the_whole_window",
            BROWSER,
            embed::the_copied_code_shows_the_chart_and_its_links_open_in_the_whole_window,
        ),
        test(
            "search::queries_find_reports_with_or_without_accents_and_in_plural",
            BROWSER,
            search::queries_find_reports_with_or_without_accents_and_in_plural,
        ),
        test(
            "search::result_links_lead_to_pages_that_exist",
            BROWSER,
            search::result_links_lead_to_pages_that_exist,
        ),
        test(
            "search::indicator_pages_rank_first_and_filters_narrow_the_results",
            BROWSER,
            search::indicator_pages_rank_first_and_filters_narrow_the_results,
        ),
        test(
            "search::results_come_newest_first_or_by_relevance_as_chosen",
            BROWSER,
            search::results_come_newest_first_or_by_relevance_as_chosen,
        ),
        test(
            "search::newest_first_holds_across_the_parts_of_a_large_archive",
            BROWSER,
            search::newest_first_holds_across_the_parts_of_a_large_archive,
        ),
        test(
            "search::excerpts_keep_table_cells_apart",
            BROWSER,
            search::excerpts_keep_table_cells_apart,
        ),
        test(
            "search::the_header_box_searches_from_any_page_with_the_keyboard",
            BROWSER,
            search::the_header_box_searches_from_any_page_with_the_keyboard,
        ),
        test(
            "search::the_search_page_does_not_move_while_it_loads",
            BROWSER,
            search::the_search_page_does_not_move_while_it_loads,
        ),
        test(
            "search::when_the_search_cannot_load_the_page_offers_the_links_instead",
            BROWSER,
            search::when_the_search_cannot_load_the_page_offers_the_links_instead,
        ),
        test(
            "search::axe_finds_no_violation_on_the_results_page",
            &[Chromium, Chromedriver, NodeModule(AXE)],
            search::axe_finds_no_violation_on_the_results_page,
        ),
        test(
            "an_open_page_in_chromium_reloads_after_a_save",
            &[Chromium],
            an_open_page_in_chromium_reloads_after_a_save,
        ),
        test(
            "only_the_pages_whose_files_changed_reload",
            &[Chromium],
            only_the_pages_whose_files_changed_reload,
        ),
        test(
            "a_page_that_stays_drops_the_error_overlay_when_fixed",
            BROWSER,
            a_page_that_stays_drops_the_error_overlay_when_fixed,
        ),
    ])
}

/// One page of each type, as site paths under the base URL.
const PAGES: &[(&str, &str)] = &[
    ("home", ""),
    ("archive", "informes/"),
    ("year", "informes/2024/"),
    ("report with photos", "informes/2024/01/"),
    ("comparisons index", "comparar/"),
    ("comparison", "comparar/2024/"),
    ("indicators index", "indicadores/"),
    ("indicator", "indicadores/visas-residencias/visas-emitidas/"),
    ("gallery", "galeria/"),
    ("plain page", "acerca/"),
    ("open data", "datos/"),
    ("release calendar", "calendario/"),
    (
        "indicator embed",
        "indicadores/visas-residencias/visas-emitidas/embed/",
    ),
    ("404", "no-existe/"),
];

const REPORT: &str = "informes/2024/01/";
const ESCAPE: &str = "\u{E00C}";
const ARROW_RIGHT: &str = "\u{E014}";

fn node_module(rel: &str) -> PathBuf {
    let p = site::repo().join("node_modules").join(rel);
    if !p.is_file() {
        missing(
            &format!("node_modules/{rel}"),
            "run `npm ci --omit=dev` at the repository's top",
        );
    }
    p
}

/// Waits until the page has loaded and no new resource has arrived for a
/// few ticks (deferred scripts, lazy images that were due).
fn settle(s: &Session) {
    s.exec_async(
        "const done = arguments[arguments.length - 1];
         let last = -1, stable = 0;
         (function tick() {
           const n = performance.getEntriesByType('resource').length;
           if (document.readyState === 'complete' && n === last) {
             if (++stable >= 3) return done(n);
           } else stable = 0;
           last = n;
           setTimeout(tick, 100);
         })();",
        json!([]),
    );
}

fn open(s: &Session, path: &str) {
    s.goto(&site().url(path));
    settle(s);
}

// ---------------------------------------------------------------- 1. axe-core

fn axe_violations(s: &Session, axe_src: &str) -> Vec<String> {
    if s.exec("return typeof window.axe;", json!([])) != "object" {
        s.exec(&format!("{axe_src}\nreturn typeof window.axe;"), json!([]));
    }
    let r = s.exec_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {
           runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
           resultTypes: ['violations'],
         }).then(r => done({
           violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})),
           incomplete: r.incomplete.map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ') + ': ' + (n.any[0] || {}).message).join('; ')),
           passes: r.passes.length,
         })).catch(e => done({error: String(e)}));",
        json!([]),
    );
    assert!(r["error"].is_null(), "axe failed: {}", r["error"]);
    eprintln!(
        "    axe: {} rules passed, needs review: {}",
        r["passes"], r["incomplete"]
    );
    let mut out = Vec::new();
    for v in r["violations"].as_array().into_iter().flatten() {
        let mut line = format!(
            "{} [{}]: {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("")
        );
        for n in v["nodes"].as_array().into_iter().flatten().take(8) {
            line.push_str(&format!(
                "\n        at {}\n          {}",
                n["target"].as_str().unwrap_or(""),
                n["summary"]
                    .as_str()
                    .unwrap_or("")
                    .replace('\n', "\n          ")
            ));
        }
        out.push(line);
    }
    out
}

fn axe_finds_no_wcag_21_aa_violation_on_any_page_type() {
    let axe = node_module("axe-core/axe.min.js");
    let axe_src = std::fs::read_to_string(axe).expect("read axe.min.js");
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let phone = driver.session(390, 844);
    let mut failures = Vec::new();
    for (name, path) in PAGES {
        for (session, width) in [(&s, 1280), (&phone, 390)] {
            open(session, path);
            for scheme in ["light", "dark"] {
                session.color_scheme(scheme);
                eprintln!("  /{path} ({name}), {width}px, {scheme}");
                for v in axe_violations(session, &axe_src) {
                    failures.push(format!(
                        "/{path} ({name}, {width}px wide, {scheme} scheme): {v}"
                    ));
                }
            }
            session.color_scheme("");
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found {} violation(s):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

// ------------------------------------------------------------ 2. Nu checker

fn nu_html_checker_finds_no_error_in_any_built_page() {
    let vnu = node_module("vnu-jar/build/dist/vnu.jar");
    let Some(java) = webdriver::which("java") else {
        missing("Java (java)", "apt-get install default-jre-headless");
    };
    let built = site();
    let pages = site::files_with(&built.out, &["html"]);
    let styles = site::files_with(&built.out, &["css"]);
    assert!(pages.len() >= 30, "only {} pages built", pages.len());
    let run = std::process::Command::new(java)
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--format", "json", "--also-check-css"])
        .args(&pages)
        .args(&styles)
        .output()
        .expect("run vnu.jar");
    // vnu writes its JSON report to stderr.
    let report: Value = serde_json::from_slice(&run.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu.jar did not print JSON ({e}):\n{}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            format!(
                "{}:{}:{}: {}: {}",
                m["url"]
                    .as_str()
                    .unwrap_or("?")
                    .rsplit_once("browser-site/")
                    .map_or("?", |x| x.1),
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    eprintln!(
        "vnu.jar checked {} pages and {} stylesheets: {} error(s)",
        pages.len(),
        styles.len(),
        errors.len()
    );
    assert!(
        errors.is_empty() && run.status.success(),
        "the Nu HTML checker found {} error(s):\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
}

// ------------------------------------------------- 3. no request leaves the site

fn built_files_fetch_nothing_from_another_host() {
    let built = site();
    let files = site::files_with(&built.out, &["html", "css", "js", "svg"]);
    let mut bad = Vec::new();
    let mut seen_external_links = 0;
    for f in &files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = std::fs::read_to_string(f).expect("read built file");
        seen_external_links += text.matches("href=\"https://igm.gob.gt").count();
        for hit in fetches::scan(ext, &text) {
            // Pagefind's scripts parse result URLs against a placeholder
            // origin (`new URL(url, "https://example.com")`); nothing fetches it.
            let pagefind_placeholder = f.starts_with(built.out.join("pagefind"))
                && hit.url.starts_with("https://example.com${");
            if !hit.url.starts_with(&built.base) && !pagefind_placeholder {
                bad.push(format!(
                    "{}: {} fetches {}",
                    f.strip_prefix(&built.out).unwrap_or(f).display(),
                    hit.context,
                    hit.url
                ));
            }
        }
    }
    eprintln!("scanned {} HTML/CSS/JS/SVG files", files.len());
    assert!(files.len() > 50, "only {} files scanned", files.len());
    // The scan must not be blind: the seed links to igm.gob.gt, which is allowed.
    assert!(
        seen_external_links > 0,
        "expected the seed's link to https://igm.gob.gt/"
    );
    assert!(
        bad.is_empty(),
        "built files fetch from other hosts:\n  {}",
        bad.join("\n  ")
    );
}

fn the_scanner_tells_fetches_from_links() {
    let html = r#"<a href="https://x.org/">x</a><link rel="canonical" href="https://x.org/c">
        <link rel=stylesheet href="https://cdn.x.org/a.css"><img src="//cdn.x.org/i.png" alt="">
        <img srcset="/a.jpg 1x, https://x.org/b.jpg 2x" alt=""><script src="https://x.org/s.js"></script>
        <div style="background:url('https://x.org/bg.png')"></div><!-- <img src="https://x.org/c.png"> -->
        <link rel="icon" href="https://x.org/favicon.ico"><svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.org/i.svg"/></svg>
        <style>@import "https://fonts.x.org/f.css"; p{background:url(https://x.org/p.png)}</style>"#;
    let urls: Vec<String> = fetches::scan("html", html)
        .into_iter()
        .map(|f| f.url)
        .collect();
    assert_eq!(
        urls,
        [
            "https://cdn.x.org/a.css",
            "//cdn.x.org/i.png",
            "https://x.org/b.jpg",
            "https://x.org/s.js",
            "https://x.org/bg.png",
            "https://x.org/favicon.ico",
            "https://x.org/i.svg",
            "https://x.org/p.png",
            "https://fonts.x.org/f.css",
        ]
    );
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href="https://x.org/"><text>t</text></a><image xlink:href="https://x.org/i.png"/><rect style="fill:url(https://x.org/#g)"/></svg>"#;
    let urls: Vec<String> = fetches::scan("svg", svg)
        .into_iter()
        .map(|f| f.url)
        .collect();
    assert_eq!(urls, ["https://x.org/i.png", "https://x.org/#g"]);
    assert_eq!(
        fetches::scan("js", "fetch('https://x.org/api')")[0].url,
        "https://x.org/api"
    );
    assert!(
        fetches::scan(
            "js",
            "document.createElementNS('http://www.w3.org/2000/svg','g')"
        )
        .is_empty()
    );
}

fn the_browser_requests_nothing_outside_the_site() {
    let driver = Driver::start();
    let built = site();
    let s = driver.session(390, 844);
    // Forget what the browser's own start-up page loaded.
    s.goto("about:blank");
    s.log("performance");
    let mut bad = Vec::new();
    let mut total = 0;
    for (name, path) in PAGES {
        open(&s, path);
        // Scroll to the end so that every lazy image loads too.
        s.exec_async(
            "const done = arguments[arguments.length - 1];
             window.scrollTo(0, document.documentElement.scrollHeight);
             setTimeout(done, 300);",
            json!([]),
        );
        settle(&s);
        let entries = s.exec(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
               .map(e => ({name: e.name, status: e.responseStatus, type: e.entryType}));",
            json!([]),
        );
        let expected_status = if *name == "404" { 404 } else { 200 };
        for (i, e) in entries.as_array().into_iter().flatten().enumerate() {
            total += 1;
            let url = e["name"].as_str().unwrap_or("");
            let want = if i == 0 { expected_status } else { 200 };
            if !url.starts_with(&built.base) {
                bad.push(format!("/{path} ({name}): {} {url}", e["type"]));
            } else if e["status"] != want {
                bad.push(format!(
                    "/{path} ({name}): {url} answered {} (expected {want})",
                    e["status"]
                ));
            }
        }
        // DevTools' own record of every request, failed ones included.
        for entry in s.log("performance") {
            let Ok(m) = serde_json::from_str::<Value>(entry["message"].as_str().unwrap_or("{}"))
            else {
                continue;
            };
            if m["message"]["method"] == "Network.requestWillBeSent" {
                let url = m["message"]["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("");
                if !url.starts_with(&format!("{}/", built.origin)) && !url.starts_with("data:") {
                    bad.push(format!("/{path} ({name}): DevTools saw a request to {url}"));
                }
            }
        }
    }
    eprintln!(
        "{total} navigation and resource entries, all from {}",
        built.base
    );
    assert!(total > PAGES.len() * 3, "too few resources seen: {total}");
    assert!(
        bad.is_empty(),
        "requests outside the site, or failing:\n  {}",
        bad.join("\n  ")
    );
}

// ------------------------------------------------------------ 4. console

fn the_console_stays_clean_on_every_page_type() {
    let driver = Driver::start();
    let built = site();
    let s = driver.session(1280, 900);
    // The log endpoint must really carry console output, or this test proves nothing.
    open(&s, "acerca/");
    s.log("browser");
    s.exec("console.error('faro-probe-error'); return 1;", json!([]));
    let probe = s.log("browser");
    assert!(
        probe.iter().any(|e| e["level"] == "SEVERE"
            && e["message"]
                .as_str()
                .unwrap_or("")
                .contains("faro-probe-error")),
        "chromedriver's browser log does not carry console.error: {probe:?}"
    );
    let mut bad = Vec::new();
    for (name, path) in PAGES {
        open(&s, path);
        // Deferred scripts and handlers have run; late errors come from
        // tasks they queued: wait until the page has none left (idle).
        s.exec_async(
            "const done = arguments[arguments.length - 1];
             requestIdleCallback(() => done(true), {timeout: 30000});",
            json!([]),
        );
        for e in s.log("browser") {
            let msg = e["message"].as_str().unwrap_or("");
            // The 404 page's own status is logged as a failed load of the page itself.
            let own_404 = *name == "404"
                && e["source"] == "network"
                && msg.starts_with(&format!("{} ", built.url(path)))
                && msg.contains("404");
            if own_404 {
                continue;
            }
            if e["level"] == "SEVERE" || e["level"] == "WARNING" {
                bad.push(format!(
                    "/{path} ({name}): {} {}: {msg}",
                    e["level"].as_str().unwrap_or("?"),
                    e["source"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "console errors or warnings:\n  {}",
        bad.join("\n  ")
    );
}

// ------------------------------------------------------------ 5. links

fn every_internal_link_and_anchor_resolves_in_the_rendered_site() {
    let built = site();
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut opts = faro::pipeline::build::Options::new(site::repo());
    opts.base_url = Some(built.base.clone());
    let rendered = match faro::pipeline::build::render_site(&opts, scratch.path()) {
        Ok(s) => s,
        Err(d) => panic!("render_site failed: {d:?}"),
    };
    let mut outputs = rendered.outputs;
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    outputs.extend(rendered.photo_files.iter().map(|p| {
        faro::write::output::Output::new(p.to_string_lossy().replace('\\', "/"), Vec::new())
            .unwrap()
    }));
    assert_eq!(rendered.config.base_path(), site::PREFIX);
    let broken = faro::check::broken_links(&outputs, &rendered.config.base_path());
    eprintln!(
        "{pages} rendered pages, {} files: {} broken references",
        outputs.len(),
        broken.len()
    );
    assert!(
        broken.is_empty(),
        "broken internal references:\n  {}",
        broken
            .iter()
            .map(|b| format!("{}:{}:{}: {}", b.page, b.line, b.col, b.message()))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

fn internal_links_resolve_when_fetched_by_the_browser() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let mut bad = Vec::new();
    let mut checked = 0;
    for path in ["", REPORT, "galeria/", "no-existe/"] {
        open(&s, path);
        let r = s.exec_async(
            "const done = arguments[arguments.length - 1];
             const here = location.origin;
             const refs = new Set();
             document.querySelectorAll('a[href], link[href], img[src], script[src]').forEach(e => {
               const u = new URL(e.href || e.src, location.href);
               if (u.origin === here) refs.add(u.href);
             });
             document.querySelectorAll('img[srcset], source[srcset]').forEach(e => {
               e.getAttribute('srcset').split(',').forEach(c => {
                 const u = new URL(c.trim().split(/\\s+/)[0], location.href);
                 if (u.origin === here) refs.add(u.href);
               });
             });
             const docs = new Map();
             const problems = [];
             Promise.all([...refs].map(async href => {
               const u = new URL(href); const frag = decodeURIComponent(u.hash.slice(1)); u.hash = '';
               // A fragment of this very page (the 404 page too) is looked up here.
               if (u.href === location.href.split('#')[0]) {
                 if (frag && !document.getElementById(frag)) problems.push(href + ': no element with id=\"' + frag + '\"');
                 return;
               }
               let p = docs.get(u.href);
               if (!p) { p = fetch(u.href).then(async r => ({status: r.status, text: await r.text()})); docs.set(u.href, p); }
               const r = await p;
               if (r.status !== 200) problems.push(href + ' answered ' + r.status);
               else if (frag) {
                 const d = new DOMParser().parseFromString(r.text, 'text/html');
                 if (!d.getElementById(frag)) problems.push(href + ': no element with id=\"' + frag + '\"');
               }
             })).then(() => done({count: refs.size, problems}), e => done({count: 0, problems: [String(e)]}));",
            json!([]),
        );
        checked += r["count"].as_u64().unwrap_or(0);
        for p in r["problems"].as_array().into_iter().flatten() {
            bad.push(format!("/{path}: {}", p.as_str().unwrap_or("?")));
        }
    }
    eprintln!("fetched {checked} internal references from 4 pages");
    assert!(checked > 50, "too few internal references: {checked}");
    assert!(
        bad.is_empty(),
        "internal references that do not resolve:\n  {}",
        bad.join("\n  ")
    );
}

// ------------------------------------------------------------ 6. weight

fn the_report_page_is_light_on_a_phone() {
    let driver = Driver::start();
    let s = driver.session(390, 844);
    open(&s, REPORT);
    // Transferred bytes as the browser counts them (headers included). The
    // test server does not compress, so a host that gzips sends less.
    let r = s.exec(
        "const nav = performance.getEntriesByType('navigation')[0];
         const res = performance.getEntriesByType('resource');
         const lazy = [...document.querySelectorAll('img[loading=lazy]')].map(i => ({
           top: i.getBoundingClientRect().top + scrollY,
           loaded: res.some(e => e.name === i.currentSrc) || (i.currentSrc !== '' && i.complete && i.naturalWidth > 0),
           src: i.currentSrc || i.getAttribute('src'),
         }));
         return {
           scrollY, inner: innerHeight, width: innerWidth,
           page: {name: nav.name, transfer: nav.transferSize, body: nav.encodedBodySize},
           resources: res.map(e => ({name: e.name, type: e.initiatorType, transfer: e.transferSize, body: e.encodedBodySize})),
           lazy,
         };",
        json!([]),
    );
    assert_eq!(r["scrollY"], 0, "the page scrolled by itself");
    assert_eq!(r["width"], 390);
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let resources = r["resources"].as_array().cloned().unwrap_or_default();
    let is_code = |name: &str| {
        let p = name.split('?').next().unwrap_or("");
        p.ends_with(".css") || p.ends_with(".js")
    };
    let html = n(&r["page"]["transfer"]);
    assert!(html > 0, "no transferSize for the page: {r}");
    let code: u64 = resources
        .iter()
        .filter(|e| is_code(e["name"].as_str().unwrap_or("")))
        .map(|e| n(&e["transfer"]))
        .sum();
    let first_screen: u64 = html + resources.iter().map(|e| n(&e["transfer"])).sum::<u64>();
    eprintln!("report page at 390x844, transferred (uncompressed, headers included):");
    eprintln!("  HTML {html} B + CSS/JS {code} B = {} B", html + code);
    for e in &resources {
        eprintln!(
            "  {:>7} B  {:<6} {}",
            n(&e["transfer"]),
            e["type"].as_str().unwrap_or(""),
            e["name"].as_str().unwrap_or("")
        );
    }
    eprintln!("  first screen total: {first_screen} B");
    assert!(
        html + code < 100_000,
        "HTML+CSS+JS is {} B, over 100 KB",
        html + code
    );
    assert!(
        first_screen < 300_000,
        "the first screen is {first_screen} B, over 300 KB"
    );

    // Lazy images far below the first screen must not have been fetched.
    // Chromium starts lazy images up to 1250-2500 px before they scroll into
    // view (more on slow connections), so "far" is beyond that margin.
    let inner = n(&r["inner"]) as f64;
    let lazy = r["lazy"].as_array().cloned().unwrap_or_default();
    assert!(!lazy.is_empty(), "the report has no lazy images");
    let far: Vec<&Value> = lazy
        .iter()
        .filter(|i| i["top"].as_f64().unwrap_or(0.0) > inner + 2500.0)
        .collect();
    let loaded_far: Vec<String> = far
        .iter()
        .filter(|i| i["loaded"] == true)
        .map(|i| format!("{} at y={}", i["src"], i["top"]))
        .collect();
    eprintln!(
        "  lazy images: {} in all, {} beyond first screen + 2500 px, {} of those loaded; loaded in all: {}",
        lazy.len(),
        far.len(),
        loaded_far.len(),
        lazy.iter().filter(|i| i["loaded"] == true).count()
    );
    assert!(
        !far.is_empty(),
        "no lazy image lies far below the first screen; the check would prove nothing"
    );
    assert!(
        loaded_far.is_empty(),
        "lazy images far below the fold were fetched:\n  {}",
        loaded_far.join("\n  ")
    );

    // And they do load once the reader gets there, in the size that fits a phone.
    s.exec(
        "document.querySelector('img[loading=lazy]').scrollIntoView(); return 1;",
        json!([]),
    );
    settle(&s);
    let shown = s.exec(
        "const i = document.querySelector('img[loading=lazy]');
         return {src: i.currentSrc, complete: i.complete, width: i.naturalWidth};",
        json!([]),
    );
    eprintln!("  first photo after scrolling to it: {shown}");
    assert_eq!(
        shown["complete"], true,
        "the first photo did not load when scrolled to: {shown}"
    );
    assert!(
        shown["width"].as_u64() > Some(0),
        "the first photo is broken: {shown}"
    );
    let src = shown["src"].as_str().unwrap_or("");
    assert!(
        src.ends_with("-480.webp"),
        "a 390px phone should get the 480w WebP, got {src}"
    );
}

// ------------------------------------------------------------ 7. charts

fn charts_have_a_size_a_title_a_description_and_never_overflow() {
    let driver = Driver::start();
    let chart_pages = [
        REPORT,
        "informes/2024/",
        "comparar/2024/",
        "indicadores/visas-residencias/visas-emitidas/",
        "",
    ];
    let mut bad = Vec::new();
    for width in [320u32, 1280] {
        let s = driver.session(width, 800);
        for path in chart_pages {
            open(&s, path);
            let r = s.exec(
                "return {
                   inner: innerWidth, scroll: document.documentElement.scrollWidth,
                   charts: [...document.querySelectorAll('svg[role=img]')].map(svg => {
                     const b = svg.getBoundingClientRect();
                     const t = svg.querySelector(':scope > title'), d = svg.querySelector(':scope > desc');
                     return {id: svg.id || (t && t.id) || svg.getAttribute('class'), w: b.width, h: b.height,
                             left: b.left, right: b.right,
                             title: t ? t.textContent.trim() : '', desc: d ? d.textContent.trim() : ''};
                   }),
                 };",
                json!([]),
            );
            let charts = r["charts"].as_array().cloned().unwrap_or_default();
            eprintln!(
                "  /{path} at {width}px: {} charts, scrollWidth {} / innerWidth {}",
                charts.len(),
                r["scroll"],
                r["inner"]
            );
            if path == REPORT && charts.len() < 4 {
                bad.push(format!("/{path}: only {} charts", charts.len()));
            }
            if r["inner"] != width {
                bad.push(format!(
                    "/{path}: viewport is {} wide, not {width}",
                    r["inner"]
                ));
            }
            if r["scroll"].as_u64() > r["inner"].as_u64() {
                bad.push(format!(
                    "/{path} at {width}px: the page scrolls sideways (scrollWidth {} > {})",
                    r["scroll"], r["inner"]
                ));
            }
            for c in &charts {
                let f = |k: &str| c[k].as_f64().unwrap_or(0.0);
                let id = c["id"].as_str().unwrap_or("?");
                if f("w") <= 0.0 || f("h") <= 0.0 {
                    bad.push(format!(
                        "/{path} at {width}px: chart {id} is {}x{}",
                        f("w"),
                        f("h")
                    ));
                }
                if f("left") < 0.0 || f("right") > width as f64 + 0.5 {
                    bad.push(format!(
                        "/{path} at {width}px: chart {id} spans x {}..{}",
                        f("left"),
                        f("right")
                    ));
                }
                if c["title"] == "" || c["desc"] == "" {
                    bad.push(format!("/{path}: chart {id} lacks a <title> or a <desc>"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "chart problems:\n  {}", bad.join("\n  "));
}

/// axe-core leaves SVG text out of its contrast rule ("needs review"), so
/// the charts' colours are measured here against the page behind them, in
/// both colour schemes: text 4.5:1, bars, outlines, lines and axes 3:1.
fn chart_text_and_marks_contrast_with_the_page_in_light_and_dark() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    let mut bad = BTreeSet::new();
    let mut measured = 0;
    for path in [
        REPORT,
        "informes/2024/",
        "comparar/2024/",
        "indicadores/visas-residencias/visas-emitidas/",
        "indicadores/",
        "",
    ] {
        open(&s, path);
        for scheme in ["light", "dark"] {
            s.color_scheme(scheme);
            let r = s.exec(
                "const rgba = c => (c.match(/[\\d.]+/g) || []).map(Number);
                 const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); })
                   .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
                 const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
                 const page = el => {
                   for (let e = el.closest('svg').parentElement; e; e = e.parentElement) {
                     const c = rgba(getComputedStyle(e).backgroundColor);
                     if (c.length === 3 || c[3] > 0) return c;
                   }
                   return [255, 255, 255];
                 };
                 const out = [];
                 const check = (sel, prop, min) => document.querySelectorAll(sel).forEach(el => {
                   const cs = getComputedStyle(el);
                   const v = cs[prop];
                   if (!v || v === 'none' || cs.display === 'none' || cs.visibility === 'hidden') return;
                   if (sel.endsWith('text') && !el.textContent.trim()) return;
                   const r = ratio(rgba(v), page(el));
                   out.push({what: sel + ' ' + prop, colour: v, bg: String(page(el)), ratio: Math.round(r * 100) / 100, min});
                 });
                 check('svg.faro-chart text', 'fill', 4.5);
                 check('svg.faro-chart text', 'stroke', 4.5);
                 check('svg.faro-chart .faro-chart-bar:not(.faro-chart-bar--b)', 'fill', 3);
                 check('svg.faro-chart .faro-chart-bar--b', 'stroke', 3);
                 check('svg.faro-chart .faro-chart-line', 'stroke', 3);
                 check('svg.faro-chart .faro-chart-axis', 'stroke', 3);
                 return out;",
                json!([]),
            );
            for m in r.as_array().into_iter().flatten() {
                measured += 1;
                if m["ratio"].as_f64().unwrap_or(0.0) < m["min"].as_f64().unwrap_or(0.0) {
                    bad.insert(format!(
                        "/{path} ({scheme}): {} {} on rgb({}) is {}:1, under {}:1",
                        m["what"].as_str().unwrap_or("?"),
                        m["colour"].as_str().unwrap_or("?"),
                        m["bg"].as_str().unwrap_or("?"),
                        m["ratio"],
                        m["min"]
                    ));
                }
            }
        }
        s.color_scheme("");
    }
    eprintln!("measured {measured} chart texts and marks");
    assert!(
        measured > 100,
        "too few chart elements measured: {measured}"
    );
    assert!(
        bad.is_empty(),
        "chart colours without enough contrast:\n  {}",
        bad.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

// ------------------------------------------------------------ 8. lightbox

fn the_gallery_lightbox_opens_closes_on_escape_and_returns_focus() {
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    open(&s, "galeria/");
    let thumbs = s.exec(
        "return document.querySelectorAll('[data-gallery] a').length;",
        json!([]),
    );
    assert!(
        thumbs.as_u64() > Some(1),
        "the gallery has {thumbs} thumbnails"
    );
    // Without the script each thumbnail is a link to a large image (checked in
    // the link tests); with it, a click opens the dialog instead.
    let thumb = s.find("[data-gallery] a");
    s.click(&thumb);
    let state = "const d = document.querySelector('dialog.lightbox');
                 return {open: !!(d && d.open), inside: !!(d && d.contains(document.activeElement)),
                         onThumb: document.activeElement === arguments[0], url: location.href,
                         count: d ? d.querySelector('.lightbox-count').textContent : '',
                         img: d ? d.querySelector('img').getAttribute('src') : null};";
    let opened = s.exec(state, json!([thumb]));
    assert_eq!(
        opened["open"], true,
        "clicking a thumbnail did not open the lightbox: {opened}"
    );
    assert_eq!(
        opened["inside"], true,
        "focus is not inside the open dialog: {opened}"
    );
    assert_eq!(
        opened["url"],
        site().url("galeria/"),
        "the click navigated away"
    );
    assert!(
        opened["img"].as_str().is_some_and(|s| !s.is_empty()),
        "no large image shown: {opened}"
    );
    s.press(ARROW_RIGHT);
    let next = s.exec(state, json!([thumb]));
    assert_ne!(
        next["count"], opened["count"],
        "ArrowRight did not move to the next photo"
    );
    s.press(ESCAPE);
    let closed = s.exec(state, json!([thumb]));
    assert_eq!(
        closed["open"], false,
        "Esc did not close the lightbox: {closed}"
    );
    assert_eq!(
        closed["onThumb"], true,
        "focus did not return to the thumbnail: {closed}"
    );
}

fn pages_of_every_type_answer_under_the_sub_path() {
    // The server itself: pretty URLs, redirects to the slash, 404 with the site's page.
    let built = site();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    for (_, path) in PAGES {
        let want = if *path == "no-existe/" { 404 } else { 200 };
        let r = agent.get(&built.url(path)).call().expect("GET");
        assert_eq!(r.status().as_u16(), want, "/sub/{path}");
    }
    let r = agent.get(&built.url("informes/2024")).call().expect("GET");
    assert_eq!(r.status().as_u16(), 301);
    let mut r = agent
        .get(&format!("{}/informes/", built.origin))
        .call()
        .expect("GET");
    assert_eq!(r.status().as_u16(), 404, "only /sub/ is the site");
    let body = r.body_mut().read_to_string().expect("body");
    assert!(
        body.contains(&format!("{}css/style.", site::PREFIX)),
        "404.html links its CSS under the sub-path"
    );
}

// ------------------------------------------------- faro serve in a real browser

/// Chromium, if installed, run headless on a page; dropping it ends it and
/// its helper processes.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Chromium runs in its own process group (see below): end the group
        // politely, then for sure.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status(server: &Server) -> serde_json::Value {
    serde_json::from_slice(&server.get("/__faro/status").body).expect("status JSON")
}

fn wait_until(what: &str, server: &Server, test: impl Fn(&serde_json::Value) -> bool) {
    let start = Instant::now();
    loop {
        let s = status(server);
        if test(&s) {
            return;
        }
        assert!(
            start.elapsed() < common::serve::WAIT,
            "timed out waiting for {what}: {s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Chromium (headless) open on `path` of the preview. (Headless Chromium
/// opens one page only: several pages take several browsers.)
fn chromium_on(chromium: &Path, server: &Server, path: &str) -> Browser {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut command = Command::new(chromium);
    command
        .args(chromium::CHROME_FLAGS)
        .arg("--remote-debugging-port=0")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("http://127.0.0.1:{}{path}", server.port))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Its own process group, so that ending it ends its helpers too.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    Browser {
        child: command.spawn().expect("start chromium"),
        _profile: profile,
    }
}

fn an_open_page_in_chromium_reloads_after_a_save() {
    let Some(chromium) = chromium::chromium() else {
        missing("Chromium (chromium)", "apt-get install chromium");
    };
    let site = fixture();
    let server = Server::start(&site);
    let _browser = chromium_on(&chromium, &server, preview::PAGE);
    // The injected script pings the server when the page has loaded, then
    // subscribes to events.
    wait_until("the page to load", &server, |s| {
        s["loads"] == 1 && s["clients"] == 1
    });
    site.write(preview::REPORT, &report_with_value("2468"));
    wait_until("the page to reload", &server, |s| s["loads"] == 2);
    assert!(server.get(preview::PAGE).text().contains("2,468"));
}

/// Three pages: the report being edited, a page that does not show it, and
/// the 404 page at the address of a report not written yet. Each reloads
/// only when its own file changes (reload.js's decision, in a real page).
fn only_the_pages_whose_files_changed_reload() {
    let Some(chromium) = chromium::chromium() else {
        missing("Chromium (chromium)", "apt-get install chromium");
    };
    let site = fixture();
    let server = Server::start(&site);
    let (edited, other, missing_page) = (preview::PAGE, "/acerca/", "/informes/2024/02/");
    let _browsers: Vec<Browser> = [edited, other, missing_page]
        .iter()
        .map(|path| chromium_on(&chromium, &server, path))
        .collect();
    let loads = |s: &serde_json::Value, path: &str| s["pages"][path].as_u64().unwrap_or(0);
    let stays = |s: &serde_json::Value, path: &str| s["stayed"][path].as_u64().unwrap_or(0);
    // Good builds so far, from the generation `RUN-BUILDS`.
    let builds = |s: &serde_json::Value| -> u64 {
        s["generation"]
            .as_str()
            .and_then(|g| g.rsplit('-').next())
            .and_then(|n| n.parse().ok())
            .expect("generation")
    };
    wait_until("the pages to load", &server, |s| {
        [edited, other, missing_page]
            .iter()
            .all(|p| loads(s, p) == 1)
            && s["clients"] == 3
    });
    let first = builds(&status(&server));
    site.write(preview::REPORT, &report_with_value("2468"));
    wait_until("the edited page to reload", &server, |s| {
        loads(s, edited) == 2
    });
    site.write(
        "content/informes/2024/02/index.md",
        &common::report("2024-02", "", "Febrero.\n"),
    );
    wait_until("the new report's page to load", &server, |s| {
        loads(s, missing_page) == 2
    });
    // The page that did not change has decided about every build since it
    // loaded: it says when it stays, so nothing is left to wait for.
    let since = builds(&status(&server)) - first;
    wait_until("the unchanged page to hear of each build", &server, |s| {
        loads(s, other) > 1 || stays(s, other) >= since
    });
    let s = status(&server);
    assert_eq!(
        loads(&s, other),
        1,
        "a page that did not change reloaded: {s}"
    );
    // (The edited report reloads again for the new one: it links to it.)
    assert!(loads(&s, edited) >= 2, "{s}");
}

/// A failed rebuild covers every open page with the errors; the fix clears
/// them, and a page whose file the fix left as it was stays (no reload).
fn a_page_that_stays_drops_the_error_overlay_when_fixed() {
    let site = fixture();
    let server = Server::start(&site);
    let driver = Driver::start();
    let s = driver.session(1280, 900);
    s.goto(&format!("http://127.0.0.1:{}/acerca/", server.port));
    wait_until("the page to listen", &server, |st| st["clients"] == 1);
    // Gone if the page reloads.
    s.exec("window.faroTestMark = 1; return true;", json!([]));
    let overlay_shown = || {
        s.exec(
            "return document.getElementById('faro-errors') !== null;",
            json!([]),
        ) == json!(true)
    };
    let until = |what: &str, test: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !test() {
            assert!(start.elapsed() < common::serve::WAIT, "timed out: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let good = std::fs::read_to_string(site.path(preview::REPORT)).expect("the report");
    site.write(preview::REPORT, &report_with_value("-4"));
    until("the error overlay", &|| overlay_shown());
    // Back as it was: the fix changes no file of this page.
    site.write(preview::REPORT, &good);
    until("the overlay to go", &|| !overlay_shown());
    assert_eq!(
        s.exec("return window.faroTestMark === 1;", json!([])),
        json!(true),
        "the page reloaded"
    );
    assert_eq!(status(&server)["pages"]["/acerca/"], 1);
}
