//! The preview and the import speak the editor's language: Spanish by
//! default, English on request. One test per kind of message of these two
//! areas (terminal lines, HTTP answers, the preview's overlay for errors and
//! for warnings, the import's refusals, summary and REVISAR notes), each
//! checked on the real binary.

mod common;
use common::Site;
use common::serve::*;
use serde_json::Value;

/// An SSE payload as JSON.
fn json(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"))
}

/// The text of every problem of an overlay payload, with its excerpt.
fn problems(report: &Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems: {report}"))
        .iter()
        .map(|p| {
            let text = p["text"].as_str().unwrap_or_default().to_string();
            (text, p["excerpt"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn a_failed_rebuild_is_told_in_spanish_with_the_line_and_a_marker() {
    let site = fixture();
    let server = Server::start_in("es", &site);
    assert!(
        server.stdout().contains("faro: vista previa de "),
        "{}",
        server.stdout()
    );
    assert!(
        server.stdout().contains("faro: construido: "),
        "{}",
        server.stdout()
    );
    let mut events = server.events();
    site.write(REPORT, &report_with_value("-4"));
    let report = json(&events.expect("build-error"));
    assert_eq!(report["lang"], "es");
    assert_eq!(
        report["title"], "faro: no se pudo reconstruir el sitio (1 problema)",
        "{report}"
    );
    assert_eq!(report["hide"], "Ocultar");
    assert!(
        report["note"]
            .as_str()
            .unwrap_or_default()
            .contains("Corrija el archivo")
    );
    let shown = problems(&report);
    let (text, excerpt) = &shown[0];
    assert!(
        text.starts_with("content/informes/2024/01/index.md:"),
        "{text}"
    );
    // The line of the file, and a marker under the value that is wrong.
    let marked = excerpt
        .lines()
        .find(|l| l.contains("value: -4"))
        .unwrap_or_else(|| panic!("no source line: {excerpt}"));
    let marker = excerpt.lines().last().unwrap_or_default();
    let caret = marker
        .find('^')
        .unwrap_or_else(|| panic!("no marker: {excerpt}"));
    assert_eq!(marked.find("-4"), Some(caret), "{excerpt}");
    // The terminal says it too, in Spanish, with the same excerpt.
    server.wait_for_stderr("se sigue mostrando el último sitio correcto");
    let stderr = server.stderr();
    assert!(
        stderr.contains("faro: no se pudo construir (1 problema)"),
        "{stderr}"
    );
    assert!(stderr.contains("value: -4"), "{stderr}");
}

#[test]
fn warnings_show_in_a_panel_and_the_page_is_up_to_date() {
    let site = fixture();
    let server = Server::start_in("es", &site);
    let mut events = server.events();
    let report = report_with_value("777").replace("\"Visas emitidas\"", "\"=Visas emitidas\"");
    site.write(REPORT, &report);
    events.expect("reload");
    // Not blocked: the new page is served.
    assert!(server.get(PAGE).text().contains(">777<"));
    // A page that (re)connects hears about the warning.
    let mut fresh = server.events();
    let warnings = json(&fresh.expect("build-warnings"));
    assert_eq!(
        warnings["title"], "faro: el sitio se construyó, con 1 aviso",
        "{warnings}"
    );
    assert_eq!(warnings["hide"], "Ocultar");
    let shown = problems(&warnings);
    assert_eq!(shown.len(), 1, "{warnings}");
    assert!(shown[0].0.starts_with(REPORT), "{:?}", shown[0]);
    assert!(shown[0].1.contains("=Visas emitidas"), "{:?}", shown[0]);
    assert!(shown[0].1.contains('^'), "{:?}", shown[0]);
    // Fixed: the panel's list empties.
    site.write(REPORT, &report_with_value("778"));
    events.expect("reload");
    // A page that connects now is told of no warning: what it hears first
    // after its `hello` is the next save's build, nothing before it.
    let mut after = server.events();
    site.write(REPORT, &report_with_value("779"));
    let (name, data) = after.next(WAIT).expect("the next build");
    assert_eq!(name, "reload", "no warnings left to show: {data}");
}

#[test]
fn the_overlay_words_come_from_the_server_not_the_script() {
    let site = fixture();
    let server = Server::start_in("es", &site);
    let script = server.get("/__faro/reload.js").text();
    assert!(script.contains("build-warnings"), "{script}");
    for english in [
        "could not be rebuilt",
        "\"Hide\"",
        "last good build",
        "lang\", \"en\"",
    ] {
        assert!(
            !script.contains(english),
            "hard-coded {english:?} in reload.js"
        );
    }
}

#[test]
fn answers_a_browser_shows_are_in_spanish() {
    let site = fixture();
    let server = Server::start_in("es", &site);
    let port = server.port;
    let refused = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(refused.status, 421);
    assert!(
        refused
            .text()
            .contains("solicitud mal dirigida: esta es la vista previa de faro"),
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("iba dirigida a `evil.example:"),
        "{}",
        refused.text()
    );
    let post = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(post.status, 405);
    assert_eq!(post.text(), "método no permitido\n");
}

#[test]
fn english_on_request() {
    let site = fixture();
    let server = Server::start_in("en", &site);
    assert!(
        server.stdout().contains("faro: serving "),
        "{}",
        server.stdout()
    );
    let mut events = server.events();
    site.write(REPORT, &report_with_value("-4"));
    let report = json(&events.expect("build-error"));
    assert_eq!(report["lang"], "en");
    assert_eq!(
        report["title"], "faro: the site could not be rebuilt (1 problem)",
        "{report}"
    );
    assert_eq!(report["hide"], "Hide");
}

/// A report whose values need review: `15O` is no number, a cell is empty.
const UNCERTAIN: &str = "— MARZO, 2024 —\n\nCuadro 1. Visas (12).\n\nVisas\tCantidad\nEmitidas\t15O\nNegadas\t\nRenovadas\t12\n\nFuente: Planificación.\n\n01. Uno\n\nTexto.\n";

fn import_in(lang: &str, site: &Site) -> std::process::Output {
    site.write("in/informe.txt", UNCERTAIN);
    site.write("in/notas.odt", "x");
    let informe = site.path("in/informe.txt");
    let notas = site.path("in/notas.odt");
    site.faro_in(
        lang,
        &[
            "import",
            informe.to_str().unwrap_or_default(),
            notas.to_str().unwrap_or_default(),
        ],
    )
}

#[test]
fn the_import_speaks_spanish() {
    let site = Site::new();
    let out = import_in("es", &site);
    assert_eq!(out.status.code(), Some(1), "one file refused");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notas.odt no se importó: faro importa archivos .docx, .pdf y .txt"),
        "{stderr}"
    );
    assert!(
        stdout.contains("faro import: 1 importado, 1 sin importar, 2 puntos por revisar"),
        "{stdout}"
    );
    assert!(
        stdout.contains("escribió content/informes/2024/03/index.md (1 cuadro,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("siguiente paso: revise los borradores"),
        "{stdout}"
    );
    let text =
        std::fs::read_to_string(site.path("content/informes/2024/03/index.md")).unwrap_or_default();
    assert!(
        text.contains("value:   # REVISAR: el documento tiene \"15O\" aquí; escriba la cifra"),
        "{text}"
    );
    assert!(
        text.contains("value:   # REVISAR: el documento tiene una celda vacía aquí"),
        "{text}"
    );
}

#[test]
fn the_import_speaks_english_on_request() {
    let site = Site::new();
    let out = import_in("en", &site);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notas.odt was not imported: faro imports .docx, .pdf and .txt files"),
        "{stderr}"
    );
    assert!(
        stdout.contains("faro import: 1 imported, 1 not imported, 2 places need review"),
        "{stdout}"
    );
}
