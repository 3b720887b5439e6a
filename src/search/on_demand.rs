//! `faro serve`'s index: made on the first visit to the search page after a
//! rebuild, written straight into the preview, and dropped by the next
//! rebuild. Builds in the preview skip the search step so that a save
//! reloads fast.

use super::engine;
use super::parts::{self, BUNDLE_DIR};
use super::prepare::pages;
use super::target::Target;
use crate::support::diag::Diagnostics;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// One on-demand index at a time, and none while one is being dropped.
static ON_DEMAND: Mutex<()> = Mutex::new(());

/// `faro serve`, before each rebuild: removes the index made on demand.
/// Its files are not in the build's manifest, so the build would take them
/// for someone else's and keep them (faro never deletes what it did not
/// write): an outdated index would then be served forever.
pub fn drop_on_demand_index(out: &Path) {
    let _turn = ON_DEMAND.lock().unwrap_or_else(PoisonError::into_inner);
    let dir = out.join(BUNDLE_DIR);
    // Only a real folder of faro's own preview, never through a link.
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `faro serve`: indexes the published preview in `out` in place, unless
/// it already has an index; `targets` (the pipeline's load and derive steps,
/// `crate::pipeline::index_on_demand`) says which pages, `None` when the
/// site is not searchable. A build never leaves an index it did not make
/// (its staging folder keeps only the files it wrote), so a preview without
/// the entry file has not been indexed since its last build.
pub fn index_in_place(
    out: &Path,
    targets: impl FnOnce() -> Result<Option<Vec<Target>>, Diagnostics>,
) -> Result<(), Diagnostics> {
    let _turn = ON_DEMAND.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = out.join(BUNDLE_DIR).join("pagefind-entry.json");
    if entry.exists() {
        return Ok(());
    }
    let Some(targets) = targets()? else {
        return Ok(());
    };
    let split = parts::split(&targets);
    let mut outputs = vec![parts::parts_file(&split).map_err(|e| e.at(out))?];
    // As in a build (`super::index`).
    let made = super::in_parts(&split, |part, targets| {
        engine::run(out, part, pages(out, targets))
    })?;
    outputs.extend(made.into_iter().flatten());
    // The recent part's entry file last: until it is there, the index is
    // not taken as made.
    outputs.sort_by_key(|o| o.path.as_str() == format!("{BUNDLE_DIR}pagefind-entry.json"));
    for o in outputs {
        let path = o.path.join_under(out);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                crate::problem!(
                    "write-create-folder",
                    parent,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                )
            })?;
        }
        std::fs::write(&path, &o.bytes).map_err(|e| {
            crate::problem!(
                "write-cannot-write",
                &path,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
        })?;
    }
    Ok(())
}
