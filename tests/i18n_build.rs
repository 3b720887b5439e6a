//! The build area speaks the editor's language: `faro build` and `faro check`
//! say what they did and what is wrong in Spanish by default, one test per
//! kind of message (summary lines, warnings, broken links, the output folder,
//! photos, `--strict`), and in English when asked. `faro check` also shows
//! each problem's source line with a marker under the column.

mod common;
use common::{Site, report, stderr, stdout};

const JAN: &str = "content/informes/2024/01/index.md";

/// January's report with a link to an anchor that is not on the page, on line `line`.
fn with_broken_anchor(s: &Site) -> usize {
    let text = report(
        "2024-01",
        "",
        "## Política\n\nVea [la sección](#no-existe).\n",
    );
    s.write(JAN, &text);
    text.lines()
        .position(|l| l.contains("#no-existe"))
        .expect("the link's line")
        + 1
}

/// A report whose row label starts with `-`: a spreadsheet formula, a warning.
fn with_formula_label(s: &Site) {
    let text = report("2024-01", "", "## Política\n\nTexto.\n")
        .replace("\"Visas emitidas\"", "\"-menores\"");
    s.write(JAN, &text);
}

#[test]
fn build_summary_is_in_spanish_by_default() {
    let s = Site::basic();
    let out = s.faro_in("es", &["build", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("faro: sitio construido"), "{text}");
    for step in [
        "carpeta de salida",
        "lectura",
        "fotos",
        "cálculos",
        "páginas",
        "publicación",
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(step) && l.ends_with(" ms")),
            "no {step} line in:\n{text}"
        );
    }
    assert!(
        text.contains("2 informes,") && text.contains(" páginas, ") && text.contains(" archivos, "),
        "{text}"
    );
    assert!(text.contains("0 fotos (0 ya preparadas) en "), "{text}");
}

#[test]
fn build_warnings_summary_and_strict_in_spanish() {
    let s = Site::basic();
    with_formula_label(&s);
    let out = s.faro_in("es", &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "faro: 1 aviso; el sitio se construyó de todos modos (--strict convierte los avisos en errores)"
        ),
        "{err}"
    );
    // The warning shows its source line, as errors do.
    assert!(err.contains("| ") && err.contains("\"-menores\""), "{err}");

    let strict = s.faro_in("es", &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let err = stderr(&strict);
    assert!(
        err.contains("(es un error porque se usó --strict)"),
        "{err}"
    );
}

#[test]
fn check_ok_line_in_spanish_and_warnings_counted() {
    let s = Site::basic();
    let out = s.faro_in("es", &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("faro check: correcto — 2 informes, ")
            && text.contains("el contenido es válido"),
        "{text}"
    );

    with_formula_label(&s);
    let out = s.faro_in("es", &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("; 1 aviso arriba (--strict convierte los avisos en errores)"),
        "{text}"
    );
}

#[test]
fn check_broken_link_in_spanish_with_its_source_line_marked() {
    let s = Site::basic();
    let line = with_broken_anchor(&s);
    let out = s.faro_in("es", &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let want = format!(
        "{JAN}:{line}:18: el enlace `#no-existe` apunta a un ancla que no está en esta página"
    );
    assert!(err.contains(&want), "expected `{want}` in:\n{err}");
    // Item 3: the source line, then a marker under column 18.
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("| Vea [la sección](#no-existe)."))
        .unwrap_or_else(|| panic!("no source line in:\n{err}"));
    assert!(
        lines[at].trim_start().starts_with(&line.to_string()),
        "{err}"
    );
    let bar = lines[at].find('|').expect("gutter");
    let marker = lines[at + 1];
    assert_eq!(marker.find('^'), Some(bar + 2 + 17), "{err}");
    assert!(
        err.contains("faro check: se encontró 1 problema (no se escribió nada)"),
        "{err}"
    );
}

#[test]
fn check_json_keeps_english_codes_beside_spanish_messages() {
    let s = Site::basic();
    with_broken_anchor(&s);
    let out = s.faro_in("es", &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let p = &v["problems"][0];
    assert_eq!(p["code"], "check-link-anchor-not-on-page", "{v}");
    assert!(
        p["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("el enlace `#no-existe`")),
        "{v}"
    );
    assert_eq!(v["summary"]["broken_links"], 1, "{v}");
}

#[test]
fn check_in_english_when_asked() {
    let s = Site::basic();
    let line = with_broken_anchor(&s);
    let out = s.faro_in("en", &["check"]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{JAN}:{line}:18: link `#no-existe` points to an anchor that is not on this page"
        )),
        "{err}"
    );
    assert!(err.contains("| Vea [la sección](#no-existe)."), "{err}");
    assert!(
        err.contains("faro check: 1 problem found (nothing was written)"),
        "{err}"
    );
}

#[test]
fn refused_output_folders_are_explained_in_spanish() {
    let s = Site::basic();
    let out = s.faro_in(
        "es",
        &["build", "--output", &s.path("content").to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("está dentro de la carpeta content/ del sitio")
            && err.contains("elija una carpeta solo para la salida"),
        "{err}"
    );

    s.write("ajena/notas.txt", "mío\n");
    let out = s.faro_in(
        "es",
        &["build", "--output", &s.path("ajena").to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("esta carpeta no está vacía y no la construyó faro")
            && err.contains("faro build --force"),
        "{err}"
    );
}

#[test]
fn photo_problems_in_spanish() {
    let s = Site::new();
    s.write(
        JAN,
        &report("2024-01", "", "## Uno\n\n![Una reunión](texto.jpg)\n"),
    );
    s.write(
        "content/informes/2024/01/texto.jpg",
        "esto no es una foto\n",
    );
    let out = s.faro_in("es", &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "faro no puede usar la foto «texto.jpg»: es un archivo que no es una imagen \
             de un formato conocido. Use JPEG, PNG o WebP"
        ),
        "{err}"
    );
    let out = s.faro_in("es", &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["problems"][0]["code"], "photo-unsupported", "{v}");
}
