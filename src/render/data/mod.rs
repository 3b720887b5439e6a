//! Open data: per-report `datos.csv`/`datos.json` and the archive-wide
//! `datos/informes.csv`, `informes.json` and `datapackage.json`.
//!
//! The archive-wide files are assembled from each report's share of them
//! (`parts`), which the preview keeps between saves; `package` describes
//! the CSV as a Frictionless Data Package.

mod package;
mod parts;

use crate::load::config::Config;
use crate::load::model::{Definition, Report};
use crate::write::output::{Output, PathError};
pub use parts::ReportPart;
use rayon::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

/// A report's own numbers, next to its page.
pub fn report_files(config: &Config, r: &Report) -> Result<Vec<Output>, PathError> {
    let dir = r.period.url_path();
    let part = ReportPart::of(r);
    Ok(vec![
        Output::new(format!("{dir}datos.csv"), parts::csv_file(&[&part]))?,
        Output::new(
            format!("{dir}datos.json"),
            pretty(&with_license(config, parts::report_json(r))),
        )?,
    ])
}

/// The whole archive's numbers under `datos/`, each report's part made
/// side by side.
pub fn archive_files(
    config: &Config,
    reports: &[Report],
    definitions: &BTreeMap<String, Definition>,
) -> Result<Vec<Output>, PathError> {
    let parts: Vec<ReportPart> = reports.par_iter().map(ReportPart::of).collect();
    let parts: Vec<&ReportPart> = parts.iter().collect();
    archive_files_from(config, reports, &parts, definitions)
}

/// The whole archive's numbers under `datos/`, from the part of each of
/// `reports` (`parts[i]` is `ReportPart::of(&reports[i])`).
pub fn archive_files_from(
    config: &Config,
    reports: &[Report],
    parts: &[&ReportPart],
    definitions: &BTreeMap<String, Definition>,
) -> Result<Vec<Output>, PathError> {
    // Three independent files, the largest of a build: made side by side,
    // since a preview's save waits for them.
    let (csv, (all, package)) = rayon::join(
        || parts::csv_file(parts),
        || {
            rayon::join(
                || informes_json(config, parts),
                || pretty(&package::datapackage(config, reports, parts, definitions)),
            )
        },
    );
    Ok(vec![
        Output::new("datos/informes.csv", csv)?,
        Output::new("datos/informes.json", all)?,
        Output::new("datos/datapackage.json", package)?,
    ])
}

/// `informes.json`: the site's fields, then the reports' parts spliced in
/// where a placeholder `null` was printed.
fn informes_json(config: &Config, parts: &[&ReportPart]) -> Vec<u8> {
    let outer = pretty(&json!({
        "title": config.title,
        "institution": config.institution,
        "license": config.license(),
        "contact": config.contact,
        "reports": null,
    }));
    // A raw newline is never inside a JSON string: this is the field itself.
    const FIELD: &[u8] = b"\n  \"reports\": ";
    let Some(at) = outer
        .windows(FIELD.len() + 4)
        .position(|w| w.starts_with(FIELD) && w.ends_with(b"null"))
    else {
        // Only a change of the object above could miss it; the tests would.
        return outer;
    };
    let value = at + FIELD.len();
    let array = parts::json_array(parts);
    let mut out = Vec::with_capacity(outer.len() + array.len());
    out.extend_from_slice(&outer[..value]);
    out.extend_from_slice(&array);
    out.extend_from_slice(&outer[value + 4..]);
    out
}

/// A report's JSON with the licence its figures are published under, first.
fn with_license(config: &Config, report: serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert("license".into(), json!(config.license()));
    if let serde_json::Value::Object(fields) = report {
        out.extend(fields);
    }
    serde_json::Value::Object(out)
}

/// Pretty JSON and a final newline, as every JSON file is published.
fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut bytes = pretty_bare(v);
    bytes.push(b'\n');
    bytes
}

/// Pretty JSON, no final newline.
fn pretty_bare(v: &serde_json::Value) -> Vec<u8> {
    // Serialising a `Value` cannot fail; an empty file would be the worst case.
    serde_json::to_vec_pretty(v).unwrap_or_default()
}

#[cfg(test)]
mod tests;
