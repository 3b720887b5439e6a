//! The content area's messages in the editor's language: Spanish by
//! default, English with FARO_LANG=en, and the stable English `code` beside
//! the Spanish text in `check --format json`. One test per kind of message:
//! the front matter's fields, the files and folders of content/, site.yaml,
//! themes and templates, output paths, and data-quality warnings.

mod common;
use common::{Site, report};

/// Runs `faro args` in Spanish, expecting it to fail; returns stderr.
fn fails_in_spanish(s: &Site, args: &[&str]) -> String {
    let out = s.faro_in("es", args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "expected a failure:\n{err}");
    err
}

#[test]
fn front_matter_fields_are_explained_in_spanish() {
    let s = Site::basic();
    let text = report("2024-01", "periodo: 2024-01\n", "Texto.\n")
        .replace("value: 158", "value: \"1 350\"")
        .replace("id: visas", "id: Visas Emitidas");
    s.write("content/informes/2024/01/index.md", &text);
    let err = fails_in_spanish(&s, &["build"]);
    for expected in [
        "la clave `periodo` no existe en la cabecera. ¿Quiso decir `period`?",
        "el valor `1 350` separa los miles con un espacio: escriba 1350 o 1,350",
        "el id `Visas Emitidas` no sirve como id (los ids llevan solo minúsculas a-z, cifras y `-`): escriba `id: visas-emitidas`",
    ] {
        assert!(err.contains(expected), "missing «{expected}» in:\n{err}");
    }
    assert!(err.contains("3 problemas"), "{err}");
}

#[test]
fn content_files_and_folders_are_explained_in_spanish() {
    let s = Site::basic();
    s.write("content/informes/enero.md", "Texto.\n");
    s.write("content/comparar.md", "---\ntitle: Comparar\n---\nTexto.\n");
    let body = "Texto.\n\n![Reunión](reunion.jpg \"Foto: Reunión\")\n";
    s.write(
        "content/informes/2024/01/index.md",
        &report("2024-01", "", body),
    );
    let err = fails_in_spanish(&s, &["build"]);
    for expected in [
        "content/informes/enero.md: los informes van en content/informes/AAAA/MM/index.md",
        "content/comparar.md: /comparar/ la genera faro: cambie el nombre de esta página",
        "falta la foto «reunion.jpg»: ponga el archivo junto a index.md o corrija el nombre",
    ] {
        assert!(err.contains(expected), "missing «{expected}» in:\n{err}");
    }
}

#[test]
fn site_yaml_and_theme_problems_are_explained_in_spanish() {
    let s = Site::basic();
    let yaml = format!("{}theme: nada\nimages:\n  quality: 0\n", common::SITE_YAML);
    s.write("site.yaml", &yaml);
    let err = fails_in_spanish(&s, &["build"]);
    assert!(
        err.contains("images.quality debe estar entre 1 y 100, no 0"),
        "{err}"
    );

    let yaml = format!("{}theme: nada\n", common::SITE_YAML);
    s.write("site.yaml", &yaml);
    let err = fails_in_spanish(&s, &["build"]);
    assert!(
        err.contains("no se encuentra el tema `nada`: no existe la carpeta themes/nada/"),
        "{err}"
    );
}

#[test]
fn template_and_output_path_problems_are_explained_in_spanish() {
    let s = Site::basic();
    s.write("templates/page.html", "{% if %}\n");
    let err = fails_in_spanish(&s, &["build"]);
    assert!(
        err.contains("templates/page.html:1: error en la plantilla:"),
        "{err}"
    );

    let s = Site::basic();
    s.write("static/mi logo.png", "png");
    let err = fails_in_spanish(&s, &["build"]);
    assert!(
        err.contains("la ruta de salida `mi logo.png` contiene un espacio (U+0020): faro solo escribe dentro de la carpeta de salida"),
        "{err}"
    );
}

#[test]
fn a_data_quality_warning_is_in_spanish() {
    let s = Site::basic();
    let text = report("2024-01", "", "Texto.\n").replace("Visas emitidas", "=Visas emitidas");
    s.write("content/informes/2024/01/index.md", &text);
    let out = s.faro_in("es", &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let all = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert!(
        all.contains(
            "aviso: la fila «=Visas emitidas» empieza con `=`, así que una hoja de cálculo"
        ),
        "{all}"
    );
}

#[test]
fn json_keeps_the_english_code_beside_the_spanish_text() {
    let s = Site::basic();
    let text = report("2024-01", "", "Texto.\n").replace("period: 2024-01", "period: 2024-02");
    s.write("content/informes/2024/01/index.md", &text);
    let out = s.faro_in("es", &["check", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    let text = json.to_string();
    assert!(
        text.contains("\"code\":\"load-period-not-folder\""),
        "{text}"
    );
    assert!(
        text.contains(
            "el periodo 2024-02 no coincide con la carpeta informes/2024/01/: mueva el archivo o corrija `period`"
        ),
        "{text}"
    );
}

#[test]
fn english_is_available() {
    let s = Site::basic();
    let text = report("2024-01", "", "Texto.\n").replace("period: 2024-01", "period: 2024-02");
    s.write("content/informes/2024/01/index.md", &text);
    let err = s.build_fails();
    assert!(
        err.contains(
            "period 2024-02 does not match the folder informes/2024/01/: move the file or correct `period`"
        ),
        "{err}"
    );
}
