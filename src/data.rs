//! Open data: per-report `datos.csv`/`datos.json` and the archive-wide
//! `datos/informes.csv`, `informes.json` and `datapackage.json`.

use crate::config::Config;
use crate::model::{Definition, Report};
use crate::output::{Output, PathError};
use serde_json::json;
use std::collections::BTreeMap;

/// Column order of every CSV, as DESIGN.md fixes it.
const CSV_HEADER: [&str; 8] = [
    "period",
    "table_id",
    "table_title",
    "indicator_id",
    "label",
    "unit",
    "value",
    "sample",
];

/// A report's own numbers, next to its page.
pub fn report_files(config: &Config, r: &Report) -> Result<Vec<Output>, PathError> {
    let dir = r.period.url_path();
    Ok(vec![
        Output::new(format!("{dir}datos.csv"), csv_of(std::slice::from_ref(r)))?,
        Output::new(
            format!("{dir}datos.json"),
            pretty(&with_license(config, report_json(r))),
        )?,
    ])
}

/// The whole archive's numbers under `datos/`.
pub fn archive_files(
    config: &Config,
    reports: &[Report],
    definitions: &BTreeMap<String, Definition>,
) -> Result<Vec<Output>, PathError> {
    // Three independent files, the largest of a build: made side by side,
    // since a preview's save waits for them.
    let (csv, (all, package)) = rayon::join(
        || csv_of(reports),
        || {
            rayon::join(
                || {
                    pretty(&json!({
                        "title": config.title,
                        "institution": config.institution,
                        "license": config.license(),
                        "contact": config.contact,
                        "reports": reports.iter().map(report_json).collect::<Vec<_>>(),
                    }))
                },
                || pretty(&datapackage(config, reports, definitions)),
            )
        },
    );
    Ok(vec![
        Output::new("datos/informes.csv", csv)?,
        Output::new("datos/informes.json", all)?,
        Output::new("datos/datapackage.json", package)?,
    ])
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

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    // Serialising a `Value` cannot fail; an empty file would be the worst case.
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Tidy CSV: one row per value, RFC 4180 quoting, bare numbers. Pending
/// draft values have no row: a missing number is not a zero.
fn csv_of(reports: &[Report]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>| -> csv::Result<()> {
        w.write_record(CSV_HEADER)?;
        for r in reports {
            let period = r.period.to_string();
            for t in &r.tables {
                for row in &t.rows {
                    let Some(value) = row.value else { continue };
                    w.write_record([
                        period.as_str(),
                        &t.id,
                        &t.title,
                        &format!("{}/{}", t.id, row.id),
                        &row.label,
                        &t.unit,
                        &value.to_string(),
                        if r.sample { "true" } else { "false" },
                    ])?;
                }
            }
        }
        Ok(())
    };
    // Writing to a Vec cannot fail on I/O; only a bug could make this empty.
    if write(&mut w).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

fn report_json(r: &Report) -> serde_json::Value {
    json!({
        "period": r.period.to_string(),
        "title": r.title,
        "date": r.date,
        "sample": r.sample,
        "draft": r.draft,
        "url": r.period.url_path(),
        "updated": r.updated(),
        "corrections": r.corrections,
        "source_document": r.source_document.as_deref().map(|d| crate::load_corrections::document_output(&r.period.url_path(), d)),
        "tables": r.tables.iter().map(|t| json!({
            "id": t.id,
            "number": t.number,
            "title": t.title,
            "unit": t.unit,
            "source": t.source,
            "total": t.total.unwrap_or_else(|| t.sum()),
            "rows": t.rows.iter().map(|row| json!({
                "id": row.id,
                "indicator_id": format!("{}/{}", t.id, row.id),
                "label": row.label,
                "value": row.value,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A Frictionless Data Package (v2) describing `informes.csv` with a table schema.
fn datapackage(
    config: &Config,
    reports: &[Report],
    definitions: &BTreeMap<String, Definition>,
) -> serde_json::Value {
    let periods: Vec<String> = reports.iter().map(|r| r.period.to_string()).collect();
    let any_sample = reports.iter().any(|r| r.sample);
    let mut description = config
        .description
        .clone()
        .unwrap_or_else(|| config.title.clone());
    if any_sample {
        description.push_str(
            " Contiene datos de ejemplo: las filas con sample=true no son cifras oficiales.",
        );
    }
    json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "informes-actividades",
        "title": config.title,
        "description": description,
        "homepage": config.base_url,
        "temporalCoverage": { "start": periods.first(), "end": periods.last() },
        "licenses": [config.license()],
        "contributors": contributors(config),
        "indicators": indicators(reports, definitions),
        "resources": [{
            "name": "informes",
            "type": "table",
            "path": "informes.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json", "header": true, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"" },
            "schema": {
                "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
                "fields": [
                    { "name": "period", "type": "yearmonth", "description": "Mes del informe (AAAA-MM)" },
                    { "name": "table_id", "type": "string", "description": "Identificador estable del cuadro" },
                    { "name": "table_title", "type": "string", "description": "Título del cuadro" },
                    { "name": "indicator_id", "type": "string", "description": "Identificador del indicador: cuadro/fila. Su definición, en la lista «indicators» de este paquete", "categories": categories(reports) },
                    { "name": "label", "type": "string", "description": "Nombre del indicador en ese informe" },
                    { "name": "unit", "type": "string", "description": "Unidad de medida" },
                    { "name": "value", "type": "integer", "description": "Cantidad", "constraints": { "required": true, "minimum": 0 } },
                    { "name": "sample", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"], "description": "true si es un dato de ejemplo, no una cifra oficial" }
                ],
                "primaryKey": ["period", "indicator_id"]
            }
        }, {
            "name": "informes-json",
            "path": "informes.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8"
        }]
    })
}

/// The publisher, with the contact for questions when `site.yaml` has one.
fn contributors(config: &Config) -> serde_json::Value {
    let mut publisher = json!({ "title": config.institution, "roles": ["publisher"] });
    if let Some(c) = &config.contact {
        let key = if c.contains('@') && !c.contains("://") {
            "email"
        } else {
            "path"
        };
        publisher[key] = json!(c);
    }
    json!([publisher])
}

/// Every indicator of the archive (latest label first seen), in order of appearance.
fn indicator_labels(reports: &[Report]) -> Vec<(String, String, String)> {
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for r in reports.iter().rev() {
        for t in &r.tables {
            for row in &t.rows {
                let id = format!("{}/{}", t.id, row.id);
                if !seen.iter().any(|(i, ..)| *i == id) {
                    seen.push((id, row.label.clone(), t.id.clone()));
                }
            }
        }
    }
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    seen
}

/// `indicator_id`'s values with their labels (Frictionless v2 `categories`).
fn categories(reports: &[Report]) -> serde_json::Value {
    indicator_labels(reports)
        .into_iter()
        .map(|(id, label, _)| json!({ "value": id, "label": label }))
        .collect()
}

/// Each indicator with its definition (and its table's), as editors wrote
/// them in `content/indicadores/`: `description` is the Markdown as plain text.
fn indicators(reports: &[Report], definitions: &BTreeMap<String, Definition>) -> serde_json::Value {
    indicator_labels(reports)
        .into_iter()
        .map(|(id, label, table)| {
            let d = definitions.get(&id);
            let td = definitions.get(&table);
            let either = |f: fn(&Definition) -> Option<&String>| {
                d.and_then(f).or_else(|| td.and_then(f)).cloned()
            };
            json!({
                "id": id,
                "title": d.and_then(|d| d.title.clone()).unwrap_or(label),
                "description": d.map(Definition::plain_text).filter(|t| !t.is_empty()),
                "table_description": td.map(Definition::plain_text).filter(|t| !t.is_empty()),
                "unit": either(|d| d.unit.as_ref()),
                "source": either(|d| d.source.as_ref()),
                "frequency": either(|d| d.frequency.as_ref()),
            })
        })
        .collect()
}
