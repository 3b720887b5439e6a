//! What can go wrong with one original, its stable code and its message for
//! the editor (from the Fluent catalogue).

use crate::t;
use std::io;
use std::path::PathBuf;

/// What went wrong with one original.
#[derive(Debug)]
pub(super) enum Problem {
    Missing(PathBuf),
    Unreadable(io::Error),
    Unsupported(String),
    TooLarge { width: u32, height: u32, limit: u64 },
    Corrupt(String),
    Encode(String),
    Write(PathBuf, io::Error),
}

impl Problem {
    /// The catalogue id of the problem, its stable `code` for tools.
    pub(super) fn code(&self) -> &'static str {
        match self {
            Problem::Missing(_) => "photo-missing",
            Problem::Unreadable(_) => "photo-unreadable",
            Problem::Unsupported(_) => "photo-unsupported",
            Problem::TooLarge { .. } => "photo-too-large",
            Problem::Corrupt(_) => "photo-corrupt",
            Problem::Encode(_) => "photo-encode",
            Problem::Write(..) => "photo-write",
        }
    }

    pub(super) fn message(&self, name: &str) -> String {
        match self {
            Problem::Missing(path) => t!(
                "photo-missing",
                name = name,
                path = path.display().to_string()
            ),
            Problem::Unreadable(e) => t!(
                "photo-unreadable",
                name = name,
                error = crate::support::i18n::error_text(e)
            ),
            Problem::Unsupported(what) => t!("photo-unsupported", name = name, what = what),
            Problem::TooLarge {
                width,
                height,
                limit,
            } => {
                let mp = u64::from(*width) * u64::from(*height);
                t!(
                    "photo-too-large",
                    name = name,
                    width = width.to_string(),
                    height = height.to_string(),
                    megapixels = format!("{:.1}", mp as f64 / 1e6),
                    limit = (limit / 1_000_000).to_string()
                )
            }
            Problem::Corrupt(why) => t!("photo-corrupt", name = name, why = why),
            Problem::Encode(why) => t!("photo-encode", name = name, why = why),
            Problem::Write(path, e) => t!(
                "photo-write",
                name = name,
                path = path.display().to_string(),
                error = crate::support::i18n::error_text(e)
            ),
        }
    }
}
