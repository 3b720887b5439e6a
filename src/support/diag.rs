//! Problems found in the user's files, reported as `path:line:col: message`.
//!
//! Every step collects diagnostics instead of stopping at the first one, so an
//! editor sees all the mistakes of a run at once.
//!
//! A diagnostic is an error (the run fails) or a warning (worth a look, but
//! the site is built anyway, unless the editor asked for `--strict`).

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The run cannot go on: nothing is written.
    #[default]
    Error,
    /// Worth a look, but the site is built (an error under `--strict`).
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`, as printed and in `check --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file. `line` and `col` are 1-based and count lines of
/// the file itself (not of the front matter block); 0 means "unknown".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub severity: Severity,
    /// A stable English key for tools (`check --format json`): the id of
    /// the catalogue message, e.g. `load-id-not-slug`; empty when the
    /// problem has none yet.
    pub code: &'static str,
}

impl Diagnostic {
    pub fn new(
        path: impl AsRef<Path>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line,
            col,
            message: message.into(),
            severity: Severity::Error,
            code: "",
        }
    }

    /// The same problem with its stable key (see [`problem!`](crate::problem)).
    pub fn with_code(self, code: &'static str) -> Self {
        Diagnostic { code, ..self }
    }

    /// A warning at `path:line:col`: reported, but the site is still built.
    pub fn warning(
        path: impl AsRef<Path>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::new(path, line, col, message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The same problem as an error (what `--strict` does to warnings).
    pub fn as_error(self) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..self
        }
    }

    /// A problem with a file as a whole (missing, unreadable, …).
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(path, 0, 0, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        // Errors keep their plain form; a warning says it is one.
        let prefix;
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => {
                prefix = format!("{}: ", crate::t!("diag-warning"));
                prefix.as_str()
            }
        };
        let message = &self.message;
        match (self.line, self.col) {
            (0, _) => write!(f, "{path}: {kind}{message}"),
            (line, 0) => write!(f, "{path}:{line}: {kind}{message}"),
            (line, col) => write!(f, "{path}:{line}:{col}: {kind}{message}"),
        }
    }
}

/// `problem!("id", path, line, col, name = value, …)`: an error whose
/// message is the catalogue's `id` in the editor's language, and whose
/// `code` is `id` (stable, for tools).
#[macro_export]
macro_rules! problem {
    ($id:literal, $path:expr, $line:expr, $col:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::support::diag::Diagnostic::new($path, $line, $col, $crate::t!($id $(, $name = $value)*))
            .with_code($id)
    };
}

/// What a failed run returns: every problem it found, in file order.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
    /// `Ok(value)` when nothing was reported, the diagnostics otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.sorted())
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_say_so_and_errors_keep_their_form() {
        let e = Diagnostic::new("a.md", 3, 5, "mal");
        let w = Diagnostic::warning("a.md", 3, 5, "ojo");
        assert_eq!(e.to_string(), "a.md:3:5: mal");
        let warning = crate::t!("diag-warning");
        assert_eq!(w.to_string(), format!("a.md:3:5: {warning}: ojo"));
        assert_eq!(
            Diagnostic::warning("a.md", 0, 0, "x").to_string(),
            format!("a.md: {warning}: x")
        );
        assert_eq!(e.severity, Severity::Error);
        assert!(w.is_warning() && !w.clone().as_error().is_warning());
    }
}
