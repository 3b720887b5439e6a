//! Shows where a problem is: under each `path:line:col: message`, the line
//! of the file with a marker under the column, as rustc does, so an editor
//! sees the quote or the number that is wrong without opening the file.
//!
//! The drawing is annotate-snippets' (the crate rustc's own diagnostics
//! use); colour only on a terminal and never when `NO_COLOR` is set.

use crate::support::diag::{Diagnostic, Diagnostics};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

/// Whether stderr gets colours: a terminal, and `NO_COLOR` unset or empty
/// (<https://no-color.org>).
pub fn stderr_wants_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The line of `source` that `d` points at, with a marker under its
/// column; empty when `d` has no line or the line is not in `source`. Pure.
pub fn excerpt(d: &Diagnostic, source: &str, color: bool) -> String {
    if d.line == 0 {
        return String::new();
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(line) = source.lines().nth(d.line - 1) else {
        return String::new();
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    // Columns count characters, 1-based; a column past the end marks the
    // end of the line (a missing value, an unclosed quote).
    let (start, end) = if d.col == 0 {
        // No column: the whole line is meant (a row, a label), so mark its text.
        let start = line.len() - line.trim_start().len();
        (start, line.trim_end().len().max(start))
    } else {
        let start = line
            .char_indices()
            .nth(d.col - 1)
            .map_or(line.len(), |(i, _)| i);
        (start, marked_end(line, start))
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let group = Group::with_level(Level::ERROR).element(
        Snippet::source(line)
            .line_start(d.line)
            .annotation(AnnotationKind::Primary.span(start..end)),
    );
    let mut text = renderer.render(&[group]);
    text.push('\n');
    text
}

/// Where the marker ends: the rest of the word at `start` (a number, a
/// key), at most 40 characters, at least one.
fn marked_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let word: usize = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(40)
        .map(char::len_utf8)
        .sum();
    start + word.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// Every problem as `path:line:col: message` followed by its excerpt; the
/// files are read from `root` (each once). A file that cannot be read
/// shows no excerpt: the first line still says where.
pub fn render_all(diags: &Diagnostics, root: &Path, color: bool) -> String {
    let mut files: HashMap<&Path, Option<String>> = HashMap::new();
    let mut out = String::new();
    for d in &diags.0 {
        out.push_str(&format!("{d}\n"));
        let source = files
            .entry(d.path.as_path())
            .or_insert_with(|| std::fs::read_to_string(root.join(&d.path)).ok());
        if let Some(source) = source {
            out.push_str(&excerpt(d, source, color));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, col: usize) -> Diagnostic {
        Diagnostic::new("content/informes/2024/01/index.md", line, col, "mal")
    }

    #[test]
    fn marks_the_word_at_the_column() {
        let src = "---\nperiod: 2024-01\n    value: 1 350\n";
        let shown = excerpt(&at(3, 12), src, false);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines.iter().any(|l| l.ends_with("|     value: 1 350")),
            "{shown}"
        );
        let marker = lines.last().unwrap();
        let bar = lines[1].find('|').unwrap();
        // The caret sits under `1`, column 12 of the line.
        assert_eq!(marker.find('^').unwrap() - bar - 2, 11, "{shown}");
        assert_eq!(marker.matches('^').count(), 1, "{shown}");
    }

    #[test]
    fn counts_columns_in_characters_and_handles_crlf_and_bom() {
        let src = "\u{feff}title: \"Año\"\r\nunit: ñandú x\r\n";
        let shown = excerpt(&at(2, 7), src, false);
        assert!(shown.contains("unit: ñandú x"), "{shown}");
        assert!(!shown.contains('\r'), "{shown:?}");
        let marker = shown.lines().last().unwrap();
        assert_eq!(
            marker.matches('^').count(),
            "ñandú".chars().count(),
            "{shown}"
        );
    }

    #[test]
    fn nothing_when_the_line_is_unknown_or_missing() {
        assert_eq!(excerpt(&at(0, 0), "a\n", false), "");
        assert_eq!(excerpt(&at(9, 1), "a\n", false), "");
        // Past the end of a line: the marker goes after its last character.
        assert!(excerpt(&at(1, 40), "title: \"abc\n", false).contains('^'));
    }

    #[test]
    fn without_a_column_the_lines_text_is_marked() {
        let shown = excerpt(&at(1, 0), "      - label: \"=Visas\"\n", false);
        let marker = shown.lines().last().unwrap();
        assert_eq!(
            marker.matches('^').count(),
            "- label: \"=Visas\"".len(),
            "{shown}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let src = "value: x\n";
        assert!(!excerpt(&at(1, 8), src, false).contains('\u{1b}'));
        assert!(excerpt(&at(1, 8), src, true).contains('\u{1b}'));
    }
}
