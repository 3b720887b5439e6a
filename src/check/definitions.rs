//! `faro check`'s warnings about indicator definitions (`crate::load::definitions`):
//! an indicator without one, a definition of no indicator.

use crate::derive::Series;
use crate::load::model::Definition;
use crate::support::diag::Diagnostic;
use crate::t;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// A warning for each indicator with no definition (at the report where it
/// first appears), and for each definition that names no indicator or table
/// of the archive (a typo in its file name). Only once the site has started
/// writing definitions (one at least): a site without any gets none of
/// these, rather than one warning per indicator on every check.
pub fn missing(series: &[Series], definitions: &BTreeMap<String, Definition>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if definitions.is_empty() {
        return out;
    }
    let mut known: HashSet<&str> = HashSet::new();
    for s in series {
        known.insert(&s.id);
        known.insert(&s.table_id);
        if definitions.contains_key(&s.id) {
            continue;
        }
        let first = s.points.values().next().map(|p| p.source.clone());
        out.push(Diagnostic::warning(
            first.unwrap_or_else(|| PathBuf::from("content")),
            0,
            0,
            t!(
                "definitions-missing",
                id = s.id.as_str(),
                label = s.label.as_str(),
                file = format!("content/indicadores/{}/{}.md", s.table_id, s.row_id)
            ),
        ));
    }
    for (id, d) in definitions {
        if !known.contains(id.as_str()) {
            out.push(Diagnostic::warning(
                &d.source_path,
                0,
                0,
                t!("definitions-orphan", id = id.as_str()),
            ));
        }
    }
    out
}
