//! A report's `corrections` and `source_document` front matter: parsed and
//! checked here, apart from the rest of `load`, so the record of what changed after
//! publication has one home. `load` calls [`corrections`] and
//! [`source_document`] with the report's YAML and its tables.

use crate::load::model::{Correction, Table};
use crate::load::yamlpos::{Index, KeyCheck};
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::support::numfmt;
use crate::t;
use serde_yaml::{Mapping, Value};
use std::path::Path;

const CORRECTION_KEYS: &[&str] = &["date", "indicator", "previous", "note"];

/// The `corrections` list of a report whose tables are `tables`, each entry
/// checked: a valid `date`, a `note`, an `indicator` that the report lists
/// (`table-id/row-id`), a `previous` that is a count.
pub fn corrections(
    map: &Mapping,
    index: &Index,
    show: &Path,
    tables: &[Table],
    diags: &mut Diagnostics,
) -> Vec<Correction> {
    let at = |path: &str, message: String| {
        let (line, col) = index.at(path);
        Diagnostic::new(show, line, col, message)
    };
    let list = match map.get("corrections") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(s)) => s,
        Some(_) => {
            diags.push(at("corrections", t!("corrections-not-a-list")));
            return Vec::new();
        }
    };
    let known: Vec<String> = tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| format!("{}/{}", t.id, r.id)))
        .collect();
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let path = format!("corrections.{i}");
        let Value::Mapping(entry) = item else {
            diags.push(at(&path, t!("corrections-not-a-mapping")));
            continue;
        };
        index.check_keys(
            &["corrections", &i.to_string()],
            CORRECTION_KEYS,
            KeyCheck {
                path: show,
                what: "a correction",
            },
            diags,
        );
        let text = |key: &str| match entry.get(key) {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let date = text("date").unwrap_or_default();
        if date.is_empty() {
            diags.push(at(&path, t!("corrections-date-missing")));
        } else if !crate::load::fields::valid_date(&date) {
            diags.push(at(
                &format!("{path}.date"),
                t!("corrections-date-invalid", date = &date),
            ));
        }
        let note = text("note").unwrap_or_default();
        if note.is_empty() {
            diags.push(at(&path, t!("corrections-note-missing")));
        }
        let indicator = text("indicator").filter(|s| !s.is_empty());
        if let Some(id) = &indicator {
            if !known.contains(id) {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = crate::load::yamlpos::did_you_mean(id, &names)
                    .map(|k| t!("corrections-did-you-mean", id = k))
                    .unwrap_or_else(|| t!("corrections-known", ids = names.join(", ")));
                diags.push(at(
                    &format!("{path}.indicator"),
                    t!("corrections-indicator-unknown", id = id, hint = hint),
                ));
            }
        }
        let previous = match entry.get("previous") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(Value::String(s)) if numfmt::parse_count(s).is_some() => numfmt::parse_count(s),
            Some(_) => {
                diags.push(at(
                    &format!("{path}.previous"),
                    t!("corrections-previous-invalid"),
                ));
                None
            }
        };
        out.push(Correction {
            date,
            indicator,
            previous,
            note,
            line: index.at(&path).0,
        });
    }
    out
}

/// The `source_document` of a report in folder `dir`: a file name beside
/// `index.md` (no folders, no web address) that exists.
pub fn source_document(
    map: &Mapping,
    index: &Index,
    show: &Path,
    dir: &Path,
    exists: &dyn Fn(&Path) -> bool,
    diags: &mut Diagnostics,
) -> Option<String> {
    let name = match map.get("source_document") {
        None | Some(Value::Null) => return None,
        Some(Value::String(s)) => s.trim().to_string(),
        Some(_) => String::new(),
    };
    let (line, col) = index.at("source_document");
    let local = !name.is_empty()
        && !name.contains("://")
        && !name.contains(['/', '\\'])
        && name != ".."
        && !name.starts_with('.');
    if !local {
        diags.push(Diagnostic::new(
            show,
            line,
            col,
            t!("corrections-document-not-local", name = &name),
        ));
        return None;
    }
    if !exists(&dir.join(&name)) {
        diags.push(Diagnostic::new(
            show,
            line,
            col,
            t!("corrections-document-missing", name = &name),
        ));
        return None;
    }
    Some(name)
}
