//! `datos/datapackage.json`: a Frictionless Data Package (v2) describing
//! `informes.csv`, with every indicator and its definition.

use super::parts::{Indicator, ReportPart};
use crate::load::config::Config;
use crate::load::model::{Definition, Report};
use serde_json::json;
use std::collections::BTreeMap;

/// A Frictionless Data Package (v2) describing `informes.csv` with a table schema.
pub(super) fn datapackage(
    config: &Config,
    reports: &[Report],
    parts: &[&ReportPart],
    definitions: &BTreeMap<String, Definition>,
) -> serde_json::Value {
    let labels = indicator_labels(parts);
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
        "indicators": indicators(&labels, definitions),
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
                    { "name": "indicator_id", "type": "string", "description": "Identificador del indicador: cuadro/fila. Su definición, en la lista «indicators» de este paquete", "categories": categories(&labels) },
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

/// Every indicator of the archive (latest label first seen), by id.
fn indicator_labels<'a>(parts: &[&'a ReportPart]) -> Vec<&'a Indicator> {
    let mut seen: BTreeMap<&str, &Indicator> = BTreeMap::new();
    for part in parts.iter().rev() {
        for indicator in &part.indicators {
            seen.entry(indicator.0.as_str()).or_insert(indicator);
        }
    }
    seen.into_values().collect()
}

/// `indicator_id`'s values with their labels (Frictionless v2 `categories`).
fn categories(labels: &[&Indicator]) -> serde_json::Value {
    labels
        .iter()
        .map(|(id, label, _)| json!({ "value": id, "label": label }))
        .collect()
}

/// Each indicator with its definition (and its table's), as editors wrote
/// them in `content/indicadores/`: `description` is the Markdown as plain text.
fn indicators(
    labels: &[&Indicator],
    definitions: &BTreeMap<String, Definition>,
) -> serde_json::Value {
    labels
        .iter()
        .map(|(id, label, table)| {
            let d = definitions.get(id);
            let td = definitions.get(table);
            let either = |f: fn(&Definition) -> Option<&String>| {
                d.and_then(f).or_else(|| td.and_then(f)).cloned()
            };
            json!({
                "id": id,
                "title": d.and_then(|d| d.title.clone()).unwrap_or_else(|| label.clone()),
                "description": d.map(Definition::plain_text).filter(|t| !t.is_empty()),
                "table_description": td.map(Definition::plain_text).filter(|t| !t.is_empty()),
                "unit": either(|d| d.unit.as_ref()),
                "source": either(|d| d.source.as_ref()),
                "frequency": either(|d| d.frequency.as_ref()),
            })
        })
        .collect()
}
