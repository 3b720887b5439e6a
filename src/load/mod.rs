//! Load and validate: `content/` on disk → `Archive`.
//!
//! Every file is read once, here. Every problem is collected with its file,
//! line and column; the caller gets either a whole valid archive or all the
//! problems at once.
//!
//! `scan` finds the files, `file` reads and checks each on its own
//! (`document` splits it and parses its YAML, `fields` reads typed values
//! out of it, `report` and `page` check each kind), `across` checks them
//! together and makes the archive; `definitions` reads the indicator
//! definitions, `kept` is the cache of parsed reports.

mod across;
pub mod config;
mod corrections;
pub(crate) mod definitions;
pub(crate) mod document;
pub(crate) mod fields;
mod file;
pub(crate) mod kept;
pub mod markdown_refs;
pub mod model;
mod page;
mod report;
mod scan;
pub mod yamlerror;
pub mod yamlpos;

use crate::load::model::Archive;
use crate::support::diag::Diagnostics;
pub(crate) use across::assemble_reusing;
use across::{archive, check_across, in_archive, is_home};
pub use file::parse_report_text;
use file::{File, LoadedReport, load_file};
pub(crate) use file::{Loaded, read_file};
use rayon::prelude::*;
use scan::site_folder;
pub(crate) use scan::{Scan, scan};
use std::collections::HashSet;
use std::path::Path;

/// Output folders faro generates itself; a plain page may not take them.
const RESERVED: &[&str] = &[
    "informes",
    "datos",
    "comparar",
    "indicadores",
    "galeria",
    "static",
    "correcciones",
];

/// Reads `root/content` and validates it. Drafts are validated always, kept
/// only when `include_drafts`.
pub fn load(root: &Path, include_drafts: bool) -> Result<Archive, Diagnostics> {
    load_from(root, include_drafts, None)
}

/// [`load`], taking each report whose file did not change from the reports
/// the last build parsed, and keeping this build's for the next
/// ([`kept`], in the site's `.faro-cache/`): what `faro build` does.
pub fn load_keeping(root: &Path, include_drafts: bool) -> Result<Archive, Diagnostics> {
    load_from(root, include_drafts, Some(kept::Kept::read(root)))
}

fn load_from(
    root: &Path,
    include_drafts: bool,
    kept: Option<kept::Kept>,
) -> Result<Archive, Diagnostics> {
    let scan = scan(root);
    let mut diags = Diagnostics(scan.diags);
    let definitions = definitions::load(root, &root.join("content"), &scan.definitions, &mut diags);
    // Resolved once: resolving it for every file was 2 `readlink`s each.
    let site = site_folder(root);
    let content = root.join("content");
    let (parsed, entries): (Vec<Loaded>, Vec<Option<Entry>>) = scan
        .files
        .par_iter()
        .map(|path| {
            let (file, entry) = load_file(root, &site, &content, path, kept.as_ref());
            (Loaded(file.map_err(|d| d.0)), entry)
        })
        .unzip();
    if let Some(kept) = &kept {
        keep(kept, &entries);
    }
    check_across(parsed.iter(), diags)?;
    // Moved, not copied as the preview's `assemble_reusing` does (it keeps
    // its files between saves): copying every report was 6 % of a
    // one-word rebuild's peak memory.
    let (mut reports, mut pages, mut home) = (Vec::new(), Vec::new(), None);
    for loaded in parsed {
        match loaded.0 {
            Ok(File::Report(r)) if in_archive(r.draft, include_drafts) => reports.push(r.report),
            Ok(File::Page(p)) if is_home(&p) => home = Some(*p),
            Ok(File::Page(p)) if in_archive(p.draft, include_drafts) => pages.push(*p),
            _ => {}
        }
    }
    Ok(archive(reports, pages, home, definitions))
}

/// A report file's entry in the cache of parsed reports: its key, and its
/// JSON when parsed this time (`None`: taken from the cache as it is).
type Entry = (u128, Option<String>);

/// The cache of parsed reports is added to while it holds at least this
/// many entries in use for each unused one (of a report since edited,
/// moved or deleted); beyond, it is written whole again.
const USED_PER_UNUSED: usize = 8;

/// Keeps what this build parsed in the cache of parsed reports: adds the
/// reports it parsed to it, or writes it whole when it would hold fewer
/// than [`USED_PER_UNUSED`] entries in use for each unused one, or adding
/// fails.
fn keep(kept: &kept::Kept, entries: &[Option<Entry>]) {
    let entries: Vec<&Entry> = entries.iter().flatten().collect();
    let parsed: Vec<(u128, &str)> = entries
        .iter()
        .filter_map(|(key, json)| Some((*key, json.as_deref()?)))
        .collect();
    let taken = entries.len() - parsed.len();
    let unused = kept.len().saturating_sub(taken);
    if unused * USED_PER_UNUSED <= entries.len()
        && (parsed.is_empty() || kept::append(kept, &parsed))
    {
        return;
    }
    let lines: Vec<(u128, &str)> = entries
        .iter()
        .filter_map(|(key, json)| Some((*key, json.as_deref().or_else(|| kept.json(*key))?)))
        .collect();
    kept::write(kept, &lines);
}

/// Ids already in use, so callers can report conflicts; kept here to share the rule.
pub fn reserved_sections() -> HashSet<&'static str> {
    RESERVED.iter().copied().collect()
}
