//! What an editor reads when something is wrong: Spanish by default, the
//! source line with a marker under the column, no colour codes when the
//! output is not a terminal.

mod common;
use common::{Site, report};

#[test]
fn a_problem_shows_its_line_with_a_marker_under_the_column() {
    let s = Site::basic();
    let text = report("2024-01", "", "Texto.\n").replace("value: 158", "value: 15x8");
    s.write("content/informes/2024/01/index.md", &text);
    let out = s.faro_in("es", &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().position(|l| l.contains("15x8")).unwrap() + 1;
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("content/informes/2024/01/index.md:{line}:")))
        .unwrap_or_else(|| panic!("no path:line:col line:\n{err}"));
    let source = lines[at + 2];
    assert!(source.starts_with(&format!("{line} |")), "{err}");
    assert!(source.ends_with("value: 15x8"), "{err}");
    let marker = lines[at + 3];
    let caret = marker.find('^').expect("a marker");
    assert_eq!(&source[caret..caret + 4], "15x8", "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no colour codes off a terminal: {err:?}"
    );
    assert!(err.contains("1 problema; no se escribió nada"), "{err}");
}

/// Builds a site whose January report has `front` as its front matter and
/// returns stderr (messages in Spanish).
fn spanish_error(front: &str) -> String {
    let s = Site::new();
    s.write(
        "content/informes/2024/01/index.md",
        &format!("---\n{front}---\nTexto.\n"),
    );
    let out = s.faro_in("es", &["build"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const TABLE: &str = "tables:\n  - id: visas\n    title: \"Visas\"\n    rows:\n      - label: \"Visas emitidas\"\n        value: 158\n";
const FILE: &str = "content/informes/2024/01/index.md";

/// Each YAML mistake editors make is named at the line where it starts, in
/// plain Spanish, with the fix.
#[test]
fn yaml_mistakes_are_said_in_plain_words_at_their_line() {
    let cases: [(&str, usize, &[&str]); 6] = [
        (
            "period: 2024-01\ntitle: \"Informe de enero\nsummary: \"x\"\n",
            3,
            &["las comillas abiertas en la línea 3 no se cierran"],
        ),
        (
            "period: 2024-01\ntables:\n  - id: visas\n\t title: \"Visas\"\n",
            5,
            &[
                "tabulador",
                "use espacios",
                "reemplace el tabulador por espacios",
            ],
        ),
        (
            "period: 2024-01\nsummary:Resumen\n",
            3,
            &["falta un espacio después de «:»", "summary: Resumen"],
        ),
        (
            "period: 2024-01\ntables:\n  - id: visas\n    title: \"Visas\"\n    rows:\n      - label: \"A\"\n        value: 1\n       - label: \"B\"\n        value: 2\n",
            9,
            &["no está alineado", "sangría"],
        ),
        (
            "period: 2024-01\ntitle: Informe: enero\n",
            3,
            &["entre comillas", "title: \"Informe: enero\""],
        ),
        (
            "period: 2024-01\ntitle: \"A\"\nsummary: \"B\"\ntitle: \"C\"\n",
            5,
            &["la clave «title» aparece dos veces (líneas 3 y 5)"],
        ),
    ];
    for (front, line, words) in cases {
        let front = if front.contains("tables:") {
            front.to_string()
        } else {
            format!("{front}{TABLE}")
        };
        let err = spanish_error(&front);
        assert!(
            err.starts_with(&format!("{FILE}:{line}:")),
            "expected line {line} for\n{front}\ngot:\n{err}"
        );
        for w in words {
            assert!(err.contains(w), "expected «{w}» for\n{front}\ngot:\n{err}");
        }
        assert!(
            !err.contains("did not find expected"),
            "parser jargon:\n{err}"
        );
    }
}
