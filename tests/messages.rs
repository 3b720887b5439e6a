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
