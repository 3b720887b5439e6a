//! What the fuzzer does with one input, shared by `fuzz/fuzz_targets/report.rs`
//! and `tests/fuzz_regressions.rs` (which includes this file by path).
//!
//! The input is the text of a report file (`content/informes/2024/01/index.md`).
//! It goes through the loader's own parser, `faro::load::parse_report_text`,
//! then its body through the Markdown renderer, both with and without raw
//! HTML allowed, and through `photo_refs`. The invariants: nothing panics or
//! hangs; an error is a non-empty list of diagnostics whose lines are lines of
//! the file; rendered HTML never carries a script.

use std::path::Path;

pub const SHOWN: &str = "content/informes/2024/01/index.md";
pub const FOLDER: &str = "2024-01";

pub fn exercise(data: &[u8]) {
    // Invalid UTF-8 is rejected by `load` before parsing; here it becomes
    // replacement characters, so every input reaches the parser.
    let text = String::from_utf8_lossy(data);
    let lines = file_lines(&text);
    match faro::load::parse_report_text(Path::new(SHOWN), &text, FOLDER) {
        Ok(report) => {
            assert_eq!(
                report.period.to_string(),
                FOLDER,
                "a valid report has its folder's period"
            );
            assert!(
                report.body_line >= 1 && report.body_line <= lines + 1,
                "body line {} outside a file of {lines} lines",
                report.body_line
            );
            for table in &report.tables {
                if let Some(total) = table.total {
                    if table.rows.iter().all(|r| r.value.is_some()) {
                        assert_eq!(total, table.sum(), "a total that does not match passed");
                    }
                }
                if !report.draft {
                    assert!(table.rows.iter().all(|r| r.value.is_some()));
                }
            }
            markdown(&report.body, report.body_line);
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "an error without a diagnostic");
            for d in &diags.0 {
                assert!(
                    d.line <= lines + 1,
                    "diagnostic on line {} of a file of {lines} lines: {d}",
                    d.line
                );
                let _ = d.to_string();
            }
        }
    }
    // The whole text as a body too, front matter or not.
    markdown(&text, 1);
}

fn markdown(body: &str, body_line: usize) {
    for photo in faro::load::markdown_refs::photo_refs(body, body_line) {
        assert!(photo.line >= body_line, "photo line before the body");
    }
    let safe = faro::render::markdown::render(body, false, &|_, _| None);
    assert_no_script(&safe.html);
    let _ = faro::render::markdown::render(body, true, &|src, alt| {
        Some(format!(
            "<picture data-src=\"{}\">{}</picture>",
            src.len(),
            alt.len()
        ))
    });
}

/// Raw HTML is dropped when not allowed, and link or image targets that run
/// code are neutralised: no tag the renderer writes carries a script. Text
/// may say `href="javascript:` (text escapes `<` but not quotes), so only
/// what is inside tags is looked at.
fn assert_no_script(html: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("").to_ascii_lowercase();
        assert!(!tag.starts_with("script"), "a <script> tag: {html}");
        for bad in [
            "href=\"javascript:",
            "src=\"javascript:",
            "href=\"vbscript:",
        ] {
            assert!(!tag.contains(bad), "a tag with {bad}: <{tag}>");
        }
    }
}

/// Lines of the file as editors count them (CRLF and lone CR are line ends).
fn file_lines(text: &str) -> usize {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    normalized.matches('\n').count() + 1
}
