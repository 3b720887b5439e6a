//! One rebuild of the preview: incremental when it can be, whole when it
//! must, and what the terminal and the open pages are told of it.

use super::{no_links_to_output, once, output_dir, reload, watch};
use crate::pipeline::build::{self, Options};
use crate::pipeline::incremental::Preview;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::t;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Runs one build and tells the terminal and the browsers how it went. A
/// failed build writes nothing, so the last good site stays served.
///
/// A change to content files only updates `preview`, the site as last
/// built, re-rendering what the change touched (`crate::pipeline::incremental`);
/// anything else, or `full` (`--full`), builds the whole site again.
pub(super) fn rebuild(
    opts: &Options,
    hub: &reload::Hub,
    change: Option<&watch::Change>,
    preview: &mut Option<Preview>,
    full: bool,
    printed: &mut once::Printed,
) {
    // Checked again before every build: a link may appear while we run.
    let built = match no_links_to_output(&opts.root) {
        Ok(()) => {
            crate::search::drop_on_demand_index(&opts.output_dir());
            build_or_update(opts, change, preview, full)
        }
        Err(message) => Err(Diagnostic::file(output_dir(&opts.root), message).into()),
    };
    let color = crate::support::excerpt::stderr_wants_color();
    match built {
        Ok(mut summary) => {
            let warnings = Diagnostics(summary.warnings.clone());
            // The terminal gets each warning once until it changes.
            let (fresh, repeated) = printed.fresh(&summary.warnings);
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&Diagnostics(fresh), &opts.root, color)
            );
            if repeated > 0 {
                eprintln!("{}", t!("serve-warnings-repeated", count = repeated));
            }
            let changed = std::mem::take(&mut summary.changed);
            let summary = summary.to_string();
            match change {
                Some(change) => println!(
                    "{}",
                    t!(
                        "serve-rebuilt",
                        changes = change.describe(),
                        summary = summary
                    )
                ),
                None => println!("{}", t!("serve-built", summary = summary)),
            }
            hub.built(&changed, &shown(&warnings, &opts.root));
        }
        Err(diags) => {
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&diags, &opts.root, color)
            );
            eprintln!("{}", t!("serve-build-failed", count = diags.len()));
            hub.failed(&shown(&diags, &opts.root));
        }
    }
}

/// Updates `preview` after `change` when it can, else builds the whole site
/// (and keeps it as the next preview to update from). A failed full build
/// drops the preview: what it was built from (a template, `site.yaml`) may
/// have changed, so the next change builds the whole site again. `full`
/// (`--full`) renders every page again each time, trusting no cache: the
/// escape hatch when the preview looks wrong.
pub(super) fn build_or_update(
    opts: &Options,
    change: Option<&watch::Change>,
    preview: &mut Option<Preview>,
    full: bool,
) -> Result<build::Summary, Diagnostics> {
    if full {
        return build::build(&Options {
            rerender: true,
            ..opts.clone()
        });
    }
    if let (Some(change), Some(p)) = (change, preview.as_mut()) {
        let paths: Vec<PathBuf> = change.paths.iter().cloned().collect();
        if let Some(summary) = p.update(&paths)? {
            return Ok(summary);
        }
    }
    match Preview::build(opts, preview.as_ref()) {
        Ok((mut p, summary)) => {
            // The server waits at its gate for what is written after the
            // reload event (`http::answer`).
            p.write_later(crate::pipeline::incremental::LARGE_FILE);
            *preview = Some(p);
            Ok(summary)
        }
        Err(e) => {
            *preview = None;
            Err(e)
        }
    }
}

/// Each problem as the overlay shows it, with the line of its file (read
/// from `root`, each file once; one that cannot be read shows no line).
fn shown(diags: &Diagnostics, root: &Path) -> Vec<reload::Shown> {
    let mut files: HashMap<&Path, Option<String>> = HashMap::new();
    diags
        .0
        .iter()
        .map(|d| {
            let source = files
                .entry(d.path.as_path())
                .or_insert_with(|| std::fs::read_to_string(root.join(&d.path)).ok());
            reload::Shown {
                text: d.to_string(),
                excerpt: source
                    .as_deref()
                    .map(|s| crate::support::excerpt::excerpt(d, s, false))
                    .unwrap_or_default(),
            }
        })
        .collect()
}
