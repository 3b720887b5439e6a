//! Pagefind, driven: pages in, index files out.
//!
//! Kept apart from deciding *what* to index (`mod.rs`) and *whether* to
//! index again (`reuse.rs`), so that the one place that knows Pagefind's API
//! and options is this file, and its options are part of the fingerprint.

use super::parts::Part;
use super::prepare::Page;
use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::{Component, Path};

/// The Pagefind release faro is built with (checked against Cargo.lock by a
/// test): a new release may write another index, so it is part of the
/// fingerprint.
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Parts of pages that are not indexed:
/// - on every page, what is not content: the site's header (brand, menu,
///   search box) and the skip link;
/// - what repeats a figure found elsewhere: a report's changes against the
///   month and the year before (computed from other reports' figures), its
///   charts (captions and download links; their text is the table's), and
///   an indicator's month-by-month values (each is on its own report's
///   page, which a search finds) and its totals by year (sums of them).
///
/// Results get shorter and to the point, and Pagefind has a quarter fewer
/// words to read on the benchmark archive: indexing costs about a quarter
/// less (README, "Search").
const EXCLUDED: [&str; 6] = [
    "body > header",
    ".skip-link",
    "td.change",
    ".chart-figure",
    ".monthly-values",
    ".year-totals",
];

/// Pagefind's ready-made interfaces and its highlighter: the search page
/// drives Pagefind's API itself (`js/search.js`), so these are not published.
const UNUSED: [&str; 8] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "playground",
];

/// What the archive part leaves out besides [`UNUSED`]: the search page
/// merges it into the recent part, whose script and WebAssembly search both.
const MERGED_UNUSED: [&str; 3] = ["pagefind.js", "pagefind-worker.js", "wasm."];

/// Everything about how the index is made besides the pages, as text for
/// the fingerprint.
pub fn settings() -> String {
    format!(
        "pagefind {PAGEFIND_VERSION}; excluded {EXCLUDED:?}; unused {UNUSED:?}; \
         merged unused {MERGED_UNUSED:?}"
    )
}

/// Indexes `pages` (given a batch at a time) as `part` of the index;
/// returns its files, paths under the part's folder. `dir` is only where
/// errors point.
pub fn run(
    dir: &Path,
    part: Part,
    pages: impl Iterator<Item = Result<Vec<Page>, Diagnostics>>,
) -> Result<Vec<Output>, Diagnostics> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| {
            crate::problem!(
                "search-cannot-start",
                dir,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
        })?;
    runtime.block_on(run_async(dir, part, pages))
}

async fn run_async(
    dir: &Path,
    part: Part,
    pages: impl Iterator<Item = Result<Vec<Page>, Diagnostics>>,
) -> Result<Vec<Output>, Diagnostics> {
    let options = PagefindServiceConfig::builder()
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .build();
    let mut pagefind = PagefindIndex::new(Some(options)).map_err(|e| failed(dir, &e))?;
    for batch in pages {
        for page in batch? {
            let file = dir.join(&page.file);
            pagefind
                .add_html_file(None, Some(page.url), page.html)
                .await
                .map_err(|e| failed(&file, &e))?;
        }
    }
    let files = pagefind.get_files().await.map_err(|e| failed(dir, &e))?;
    let mut outputs = Vec::with_capacity(files.len());
    for f in files {
        // A name or a folder of [`UNUSED`]; the start of a name of
        // [`MERGED_UNUSED`] (one WebAssembly file per language).
        let name = f.filename.to_string_lossy();
        if UNUSED.iter().any(|u| f.filename.starts_with(u))
            || (part.is_merged() && MERGED_UNUSED.iter().any(|u| name.starts_with(u)))
        {
            continue;
        }
        // A name that could leave the bundle folder is refused, not cleaned.
        let parts: Option<Vec<&str>> = f
            .filename
            .components()
            .map(|c| match c {
                Component::Normal(p) => p.to_str(),
                _ => None,
            })
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            return Err(failed(
                dir,
                &format!("unexpected file name {:?}", f.filename),
            ));
        };
        let output = Output::new(format!("{}{}", part.dir(), parts.join("/")), f.contents)
            .map_err(|e| e.at(dir))?;
        outputs.push(output);
    }
    Ok(outputs)
}

fn failed(path: &Path, error: &dyn std::fmt::Display) -> Diagnostics {
    crate::problem!("search-failed", path, 0, 0, error = error.to_string()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_in_the_fingerprint_is_the_one_built() {
        let lock = include_str!("../../Cargo.lock");
        let at = lock
            .find("name = \"pagefind\"\nversion = \"")
            .expect("pagefind in Cargo.lock");
        let version = lock[at..].lines().nth(1).unwrap_or_default();
        assert_eq!(version, format!("version = \"{PAGEFIND_VERSION}\""));
    }
}
