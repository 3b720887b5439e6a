//! Output files and the checked path each one is written at.
//!
//! Every file faro renders is an [`Output`]: bytes plus an [`OutputPath`],
//! a path relative to the output folder. An `OutputPath` can only be made by
//! [`OutputPath::new`], which refuses anything that could name a file outside
//! the output folder (absolute paths, `..`) or that is not a plain web
//! address (`.`, empty segments, backslashes, control characters, spaces,
//! `?`, `#`, `%`, …). The writer accepts only outputs, so no text from a
//! report, a theme or a future field can make it write outside the output:
//! a bad path is an error value at render time, never a write. (Zola does
//! the same with `relative_path::RelativePathBuf`.)
//!
//! This module sits below `render`, `data` and `write`, which all use it.

use crate::support::diag::{Diagnostic, Diagnostics};
use crate::t;
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// Longest segment accepted: most file systems refuse longer file names.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// A `/`-separated path relative to the output folder, checked to stay
/// inside it and to be usable as is in a URL path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

/// Why a text cannot be an [`OutputPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Absolute,
    /// A `.` or `..` segment.
    DotSegment(String),
    /// `a//b`, or a trailing `/` (an output is a file, not a folder).
    EmptySegment,
    Backslash,
    /// A control character, shown as its code point.
    Control(char),
    /// A character that has a meaning in a URL or must be escaped there.
    NotInUrl(char),
    /// A segment longer than [`MAX_SEGMENT_BYTES`].
    TooLong(usize),
}

/// A refused output path and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub problem: Problem,
}

impl OutputPath {
    /// `text` as an output path, or why it cannot be one.
    pub fn new(text: impl Into<String>) -> Result<OutputPath, PathError> {
        let text = text.into();
        match first_problem(&text) {
            None => Ok(OutputPath(text)),
            Some(problem) => Err(PathError {
                path: text,
                problem,
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path on this system, segment by segment.
    pub fn to_path(&self) -> PathBuf {
        self.0.split('/').collect()
    }

    /// `self` under the folder `dir` (which must exist in the same output).
    pub fn join_under(&self, dir: &Path) -> PathBuf {
        dir.join(self.to_path())
    }
}

fn first_problem(text: &str) -> Option<Problem> {
    if text.is_empty() {
        return Some(Problem::Empty);
    }
    if text.starts_with('/') {
        return Some(Problem::Absolute);
    }
    for segment in text.split('/') {
        if let Some(problem) = segment_problem(segment) {
            return Some(problem);
        }
    }
    None
}

fn segment_problem(segment: &str) -> Option<Problem> {
    if segment.is_empty() {
        return Some(Problem::EmptySegment);
    }
    if segment == "." || segment == ".." {
        return Some(Problem::DotSegment(segment.to_string()));
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Some(Problem::TooLong(segment.len()));
    }
    segment.chars().find_map(char_problem)
}

/// RFC 3986 allows in a path segment letters, digits, `-._~!$&'()*+,;=:@`
/// (and `%` escapes, refused here: `a%20b` and `a b` would be the same
/// file). Letters beyond ASCII are allowed as in IRIs (`año.pdf`); spaces
/// and control characters are not.
fn char_problem(c: char) -> Option<Problem> {
    if c == '\\' {
        Some(Problem::Backslash)
    } else if c.is_control() {
        Some(Problem::Control(c))
    } else if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c) {
        None
    } else if c.is_ascii() || c.is_whitespace() || is_format_char(c) {
        Some(Problem::NotInUrl(c))
    } else {
        None
    }
}

/// Invisible characters that would make two paths look the same.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

impl Deref for OutputPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for OutputPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for OutputPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = |c: &char| format!("{:04X}", *c as u32);
        let text = match self {
            Problem::Empty => t!("output-path-empty"),
            Problem::Absolute => t!("output-path-absolute"),
            Problem::DotSegment(s) => t!("output-path-dot-segment", segment = s),
            Problem::EmptySegment => t!("output-path-empty-segment"),
            Problem::Backslash => t!("output-path-backslash"),
            Problem::Control(c) => t!("output-path-control", code = code(c)),
            Problem::NotInUrl(c) if c.is_whitespace() => t!("output-path-space", code = code(c)),
            Problem::NotInUrl(c) => t!("output-path-not-in-url", character = c.to_string()),
            Problem::TooLong(n) => t!("output-path-too-long", bytes = *n, max = MAX_SEGMENT_BYTES),
        };
        f.write_str(&text)
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.escape_debug().to_string();
        let problem = self.problem.to_string();
        f.write_str(&t!("output-path-refused", path = path, problem = problem))
    }
}

impl PathError {
    /// The problem reported at `source`, the file whose content named the path.
    pub fn at(&self, source: &Path) -> Diagnostic {
        let refused = self.to_string();
        Diagnostic::file(source, t!("output-path-refused-at", refused = refused))
            .with_code("output-path-refused")
    }
}

impl From<PathError> for Diagnostics {
    /// Without a better source, the refused path itself is named.
    fn from(e: PathError) -> Diagnostics {
        let shown = PathBuf::from(e.path.escape_debug().to_string());
        e.at(&shown).into()
    }
}

/// One file of the site.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: OutputPath,
    pub bytes: Vec<u8>,
}

impl Output {
    /// The file at `path` holding `bytes`, or why `path` cannot be written.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Result<Output, PathError> {
        Ok(Output {
            path: OutputPath::new(path)?,
            bytes: bytes.into(),
        })
    }
}

/// Where rendered files go, each as soon as it is made: the staging folder
/// in a build, a list in memory for `check`. So a build never holds the
/// whole site (over 100 MB for a 1,200-report archive) in memory at once.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), Diagnostics>;
}

/// Collects outputs in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<Output>>);

impl Collect {
    pub fn into_outputs(self) -> Vec<Output> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, output: Output) -> Result<(), Diagnostics> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Problem {
        match OutputPath::new(text) {
            Ok(p) => panic!("`{text}` was accepted as {p}"),
            Err(e) => e.problem,
        }
    }

    #[test]
    fn accepts_the_paths_faro_makes() {
        for ok in [
            "index.html",
            "informes/2024/01/index.html",
            "indicadores/visas/visas-emitidas/grafico.svg",
            "datos/datapackage.json",
            "css/charts.css",
            "fotos/informe-año.pdf",
            ".well-known/security.txt",
            "a..b/c~d_e(1).txt",
        ] {
            let p = OutputPath::new(ok).unwrap();
            assert_eq!(p.as_str(), ok);
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        assert_eq!(refused(""), Problem::Empty);
        assert_eq!(refused("/etc/passwd"), Problem::Absolute);
        assert_eq!(refused("../x/index.html"), Problem::DotSegment("..".into()));
        assert_eq!(
            refused("indicadores/../../../../x/index.html"),
            Problem::DotSegment("..".into())
        );
        assert_eq!(refused("a/./b"), Problem::DotSegment(".".into()));
        assert_eq!(refused("a//b"), Problem::EmptySegment);
        assert_eq!(refused("indicadores//index.html"), Problem::EmptySegment);
        assert_eq!(refused("a/"), Problem::EmptySegment);
        assert_eq!(refused("..\\x"), Problem::Backslash);
        assert_eq!(refused("C:\\x"), Problem::Backslash);
    }

    #[test]
    fn refuses_characters_that_are_not_a_plain_url() {
        assert_eq!(refused("a\0b"), Problem::Control('\0'));
        assert_eq!(refused("a\nb"), Problem::Control('\n'));
        assert_eq!(refused("a\u{7f}"), Problem::Control('\u{7f}'));
        for c in [
            ' ', '?', '#', '%', '"', '<', '>', '^', '`', '{', '|', '}', '[', ']',
        ] {
            assert_eq!(
                refused(&format!("a{c}b.html")),
                Problem::NotInUrl(c),
                "{c:?}"
            );
        }
        assert_eq!(refused("a\u{a0}b"), Problem::NotInUrl('\u{a0}'));
        assert_eq!(refused("a\u{200b}b"), Problem::NotInUrl('\u{200b}'));
    }

    #[test]
    fn refuses_segments_longer_than_a_file_name() {
        let long = "a".repeat(MAX_SEGMENT_BYTES + 1);
        assert_eq!(
            refused(&format!("x/{long}/index.html")),
            Problem::TooLong(256)
        );
        assert!(OutputPath::new("a".repeat(MAX_SEGMENT_BYTES)).is_ok());
    }

    #[test]
    fn joins_segment_by_segment() {
        let p = OutputPath::new("informes/2024/01/index.html").unwrap();
        assert_eq!(
            p.join_under(Path::new("/out")),
            Path::new("/out/informes/2024/01/index.html")
        );
    }

    #[test]
    fn an_error_names_the_path_and_the_problem() {
        let e = OutputPath::new("../x").unwrap_err();
        let d: Diagnostics = e.into();
        let text = d.to_string();
        assert!(text.contains("`../x`") && text.contains("`..`"), "{text}");
        let text = Output::new("a\u{1}b", "x").unwrap_err().to_string();
        assert!(
            text.contains("a\\u{1}b") && text.contains("U+0001"),
            "{text}"
        );
    }
}
