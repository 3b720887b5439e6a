//! What editors write cannot harm readers or the build: raw HTML is
//! sanitised, a runaway template stops with an error, photo file names do
//! not leak into URLs, and CSV cells a spreadsheet would run as formulas are
//! warned about (issue 11, cases 10, 12, 13 and 14).

mod common;
use common::{SITE_YAML, Site, report, snapshot, stderr};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---- Case 10: raw HTML with `markdown.unsafe_html: true` ----

#[test]
fn raw_html_is_sanitised_when_allowed() {
    let s = Site::new();
    s.write(
        "site.yaml",
        &format!("{SITE_YAML}markdown: {{ unsafe_html: true }}\n"),
    );
    s.write(
        "content/acerca.md",
        concat!(
            "---\ntitle: Acerca de\n---\n",
            "<div class=\"nota\">\n<a href=\"java\nscript:alert(1)\">enlace partido</a>\n</div>\n\n",
            "<img src=\"x.png\" onerror=\"alert(2)\">\n\n",
            "<iframe srcdoc=\"&lt;script&gt;alert(3)&lt;/script&gt;\"></iframe>\n\n",
            "<script>alert(4)</script>\n\n",
            "Texto con <b>negrita</b> y <a href=\"https://example.org/\" onclick=\"alert(5)\">un enlace</a>.\n\n",
            "<a href=\"&#x6A;avascript:alert(6)\">x</a> <a href=\"vbscript:alert(7)\">y</a>\n",
        ),
    );
    s.build();
    let html = s.read("acerca/index.html");
    for n in 1..=7 {
        assert!(
            !html.contains(&format!("alert({n})")),
            "alert({n}) got through:\n{html}"
        );
    }
    for gone in ["onerror", "onclick", "<iframe", "srcdoc"] {
        assert!(!html.contains(gone), "{gone} got through:\n{html}");
    }
    // What the allow-list keeps.
    assert!(html.contains("<div class=\"nota\">"), "{html}");
    assert!(html.contains("<b>negrita</b>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/\">un enlace</a>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"x.png\">"), "{html}");
}

// ---- Case 12: a runaway template ----

#[test]
fn a_runaway_template_is_an_error_naming_it_within_seconds() {
    let s = Site::basic();
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}\n{% endblock %}\n",
    );
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_faro"))
        // English, as the other tests (the message is asserted on below).
        .env("FARO_LANG", "en")
        .args(["build", "--root"])
        .arg(s.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faro");
    // Polls rather than waits, so that today's hang fails the test instead of hanging it.
    // A hang guard, not a speed limit: the template's work is bounded by fuel.
    let limit = common::serve::WAIT;
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(err.contains("loop"), "{err}");
    assert!(!s.exists("index.html"), "nothing is published");
}

// ---- Case 13: photos named by their content ----

fn site_with_photo(settings: &str, name: &str) -> Site {
    let s = Site::new();
    s.write("site.yaml", &format!("{SITE_YAML}{settings}"));
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            "",
            &format!("## Uno\n\n![Una reunión]({name} \"Foto: Reunión\")\n"),
        ),
    );
    s.write_bytes(
        &format!("content/informes/2024/01/{name}"),
        &common::jpeg(600, 400),
    );
    s
}

/// Every published photo file's name, sorted.
fn published_photos(s: &Site) -> Vec<String> {
    let mut names: Vec<String> = snapshot(&s.path("public/informes/2024/01/fotos"))
        .into_iter()
        .filter_map(|(p, _)| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

#[test]
fn hashed_names_hide_the_original_name_and_follow_the_content() {
    let s = site_with_photo(
        "images: { hashed_names: true }\n",
        "juan-perez-detenido.jpg",
    );
    s.build();
    let names = published_photos(&s);
    assert!(!names.is_empty());
    let page = s.read("informes/2024/01/index.html");
    for name in &names {
        assert!(!name.contains("juan"), "{names:?}");
    }
    let largest = names.iter().find(|n| n.ends_with("-600.webp"));
    assert!(
        largest.is_some_and(|n| page.contains(n.as_str())),
        "{names:?} not on the page"
    );
    assert!(!page.contains("juan-perez"), "the page names the original");
    assert!(
        !snapshot(&s.path("public"))
            .iter()
            .any(|(p, bytes)| p.to_string_lossy().contains("juan")
                || String::from_utf8_lossy(bytes).contains("juan-perez")),
        "the original name is published somewhere"
    );
    let first = names[0].split('-').next().unwrap_or_default().to_string();
    assert_eq!(first.len(), 16, "{names:?}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{names:?}");

    // Same bytes under another name: same URLs, build after build.
    let renamed = site_with_photo("images: { hashed_names: true }\n", "otra.jpg");
    renamed.build();
    renamed.build();
    assert_eq!(published_photos(&renamed), names);

    // Other bytes: another name.
    let other = site_with_photo("images: { hashed_names: true }\n", "otra.jpg");
    other.write_bytes("content/informes/2024/01/otra.jpg", &common::jpeg(601, 400));
    other.build();
    assert_ne!(published_photos(&other)[0], names[0]);
}

#[test]
fn without_the_key_photos_keep_their_names() {
    let s = site_with_photo("", "reunion-uno.jpg");
    s.build();
    assert!(s.exists("informes/2024/01/fotos/reunion-uno-480.jpg"));
}

#[test]
fn the_bundled_site_names_photos_by_content() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.yaml"))
        .expect("site.yaml");
    let config = faro::load::config::Config::parse(&text, std::path::Path::new("site.yaml"))
        .expect("valid site.yaml");
    assert!(config.images.hashed_names);
}

// ---- Case 14: CSV cells a spreadsheet would run ----

/// A report whose second label, title and unit begin like formulas.
fn site_with_formulas() -> Site {
    let s = Site::new();
    s.write(
        "content/informes/2024/01/index.md",
        concat!(
            "---\nperiod: 2024-01\ntables:\n",
            "  - id: visas\n",
            "    title: \"=HYPERLINK(\\\"http://x\\\")\"\n",
            "    unit: \"+Cantidad\"\n",
            "    rows:\n",
            "      - label: \"Visas emitidas\"\n",
            "        value: 158\n",
            "      - label: \"@SUM(A1:A9)\"\n",
            "        value: 3\n",
            "      - label: \"-menores\"\n",
            "        value: 4\n",
            "---\nTexto.\n",
        ),
    );
    s
}

const REPORT: &str = "content/informes/2024/01/index.md";

#[test]
fn check_warns_about_formula_cells_at_their_lines_and_passes() {
    let s = site_with_formulas();
    let out = s.faro(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // A unit is reported at its table's title: the model keeps one line per table.
    for (line, text) in [
        (5, "=HYPERLINK"),
        (5, "+Cantidad"),
        (10, "@SUM(A1:A9)"),
        (12, "-menores"),
    ] {
        let at = format!("{REPORT}:{line}: warning: ");
        let hit = err.lines().find(|l| l.contains(&at) && l.contains(text));
        assert!(hit.is_some(), "no warning at {at} for {text}:\n{err}");
    }
    assert!(!err.contains("Visas emitidas"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK"));

    let strict = s.faro(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn check_json_gives_each_problem_a_severity() {
    let s = site_with_formulas();
    let out = s.faro(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["ok"], true, "{v}");
    let problems = v["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 4, "{v}");
    for p in problems {
        assert_eq!(p["severity"], "warning", "{p}");
        assert_eq!(p["path"], REPORT, "{p}");
    }
    assert_eq!(v["summary"]["warnings"], 4, "{v}");

    let strict = s.faro(&["check", "--format", "json", "--strict"]);
    let v: serde_json::Value = serde_json::from_slice(&strict.stdout).expect("json");
    assert_eq!(v["ok"], false, "{v}");
    assert_eq!(strict.status.code(), Some(1));

    // An error is an error.
    s.write("content/acerca.md", "---\ntitle: [\n---\n");
    let out = s.faro(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .any(|p| p["severity"] == "error"),
        "{v}"
    );
}

#[test]
fn build_warns_publishes_values_as_entered_and_strict_refuses() {
    let s = site_with_formulas();
    let out = s.build();
    let err = stderr(&out);
    assert!(err.contains(&format!("{REPORT}:10: warning: ")), "{err}");
    let csv = s.read("datos/informes.csv");
    assert!(csv.contains("@SUM(A1:A9)"), "{csv}");
    assert!(csv.contains("-menores"), "{csv}");
    let before = snapshot(&s.path("public"));

    s.write(
        "content/informes/2024/01/index.md",
        &std::fs::read_to_string(s.path(REPORT))
            .expect("read")
            .replace("value: 158", "value: 159"),
    );
    let strict = s.faro(&["build", "--strict"]);
    let err = stderr(&strict);
    assert_eq!(strict.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{REPORT}:10:")), "{err}");
    assert!(err.contains("--strict"), "{err}");
    assert_eq!(snapshot(&s.path("public")), before, "nothing was written");
}
