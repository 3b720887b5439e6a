//! Ids that make months comparable: an imported table or row whose title or
//! label matches one already in the archive (ignoring case, accents, spacing
//! and punctuation) takes that id, so the new month lines up with the old
//! ones in comparisons and indicator pages. New ones get the slug of their
//! text, and are listed so an editor notices a renamed row.

use super::recognise::DraftTable;
use crate::load::model::Report;
use crate::support::slug::slugify;
use std::collections::{HashMap, HashSet};

/// The archive's ids by normalised title and label; later months win.
#[derive(Debug, Default)]
pub struct Known {
    tables: HashMap<String, String>,
    rows: HashMap<String, HashMap<String, String>>,
    /// Every `table` and `table/row` id in the archive.
    ids: HashSet<String>,
}

impl Known {
    pub fn from_reports(reports: &[Report]) -> Known {
        let mut k = Known::default();
        let mut sorted: Vec<&Report> = reports.iter().collect();
        sorted.sort_by_key(|r| r.period);
        for r in sorted {
            for t in &r.tables {
                k.tables.insert(slugify(&t.title), t.id.clone());
                k.ids.insert(t.id.clone());
                let rows = k.rows.entry(t.id.clone()).or_default();
                for row in &t.rows {
                    rows.insert(slugify(&row.label), row.id.clone());
                    k.ids.insert(format!("{}/{}", t.id, row.id));
                }
            }
        }
        k
    }

    /// Adds the tables of a report imported in this run, so the next
    /// month of a batch takes the same ids.
    pub fn learn(&mut self, tables: &[DraftTable]) {
        for t in tables {
            self.tables.insert(slugify(&t.title), t.id.clone());
            self.ids.insert(t.id.clone());
            let rows = self.rows.entry(t.id.clone()).or_default();
            for r in &t.rows {
                rows.insert(slugify(&r.label), r.id.clone());
                self.ids.insert(format!("{}/{}", t.id, r.id));
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Gives every table and row its id; returns the ids the archive did not have.
pub fn assign(tables: &mut [DraftTable], known: &Known) -> Vec<String> {
    let mut new = Vec::new();
    let mut used_tables = HashSet::new();
    for (ti, t) in tables.iter_mut().enumerate() {
        let matched = known.tables.get(&slugify(&t.title)).cloned();
        let base = matched
            .clone()
            .unwrap_or_else(|| non_empty(slugify(&t.title), "cuadro", ti));
        t.id = unique(base, &mut used_tables);
        let rows = matched.as_ref().and_then(|id| known.rows.get(id));
        if !known.ids.contains(&t.id) {
            new.push(t.id.clone());
        }
        let mut used_rows = HashSet::new();
        for (ri, r) in t.rows.iter_mut().enumerate() {
            let base = rows
                .and_then(|m| m.get(&slugify(&r.label)).cloned())
                .unwrap_or_else(|| non_empty(slugify(&r.label), "fila", ri));
            r.id = unique(base, &mut used_rows);
            let full = format!("{}/{}", t.id, r.id);
            if !known.ids.contains(&full) {
                new.push(full);
            }
        }
    }
    new
}

/// A label with no letters or digits (`—`, `日本`) still needs an id; a
/// long one is shortened at a word (`shorten`).
fn non_empty(slug: String, what: &str, index: usize) -> String {
    if slug.is_empty() {
        format!("{what}-{}", index + 1)
    } else {
        shorten(&slug, MAX_ID_LEN)
    }
}

/// The longest id the build accepts (src/load/fields.rs).
const MAX_ID_LEN: usize = crate::load::fields::MAX_ID_LEN;

/// `slug` cut to at most `max` bytes at a word boundary (a `-`), or at
/// `max` when its first word alone is longer. Slugs are ASCII.
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let head = &slug[..max.min(slug.len())];
    let cut = if slug.as_bytes().get(max) == Some(&b'-') {
        max
    } else {
        head.rfind('-').filter(|&i| i > 0).unwrap_or(max)
    };
    slug[..cut].trim_end_matches('-').to_string()
}

/// `id`, or `id-2`, `id-3`… when a table or row already took it, each
/// shortened so that it stays within the longest id.
fn unique(id: String, used: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        let suffix = format!("-{n}");
        candidate = format!("{}{suffix}", shorten(&id, MAX_ID_LEN - suffix.len()));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_make_accepted_ids_cut_at_a_word() {
        let label = "Migrantes nacionales y extranjeros atendidos para la protección y asistencia de sus derechos Asistencia y Protección a las Personas Migrantes Cantidad de Personas";
        let mut t = vec![DraftTable {
            number: Some(2),
            caption: None,
            title: label.into(),
            unit: "u".into(),
            source: None,
            total: None,
            total_note: None,
            notes: Vec::new(),
            rows: vec![row(label), row(label), row("—")],
            id: String::new(),
        }];
        assign(&mut t, &Known::default());
        let ids: Vec<&str> = std::iter::once(t[0].id.as_str())
            .chain(t[0].rows.iter().map(|r| r.id.as_str()))
            .collect();
        for id in &ids {
            assert!(id.len() <= MAX_ID_LEN, "{id}");
            assert!(!id.ends_with('-') && !id.starts_with('-'), "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
        let full = slugify(label);
        assert!(full.starts_with(ids[0]) && full[ids[0].len()..].starts_with('-'));
        assert_eq!(ids[1], ids[0]);
        assert_eq!(ids[2], format!("{}-2", shorten(ids[0], MAX_ID_LEN - 2)));
        assert_eq!(ids[3], "fila-3");
        assert_eq!(shorten("abc-def", 5), "abc");
        assert_eq!(shorten("abcdefgh", 5), "abcde");
        assert_eq!(shorten("abc-def", 3), "abc");
    }
    use crate::import::recognise::DraftRow;
    use crate::load::model::{Period, Row, Table};

    fn row(label: &str) -> DraftRow {
        DraftRow {
            label: label.into(),
            value: Ok(1),
            id: String::new(),
        }
    }

    #[test]
    fn reuses_ids_ignoring_case_accents_and_spacing() {
        let old = Report {
            source: "x".into(),
            dir: "x".into(),
            period: Period {
                year: 2024,
                month: 1,
            },
            title: String::new(),
            summary: None,
            date: None,
            draft: false,
            sample: false,
            tables: vec![Table {
                number: Some(1),
                id: "visas-residencias".into(),
                title: "Registro, control y emisión de visas y residencias".into(),
                caption: None,
                line: 0,
                unit: "u".into(),
                source: None,
                total: None,
                rows: vec![Row {
                    id: "prorroga".into(),
                    label: "Prórroga de documentos".into(),
                    value: Some(1),
                    line: 0,
                }],
            }],
            photos: vec![],
            body: String::new(),
            body_line: 1,
            extra: serde_json::Value::Null,
            corrections: Vec::new(),
            source_document: None,
            lines: Default::default(),
        };
        let known = Known::from_reports(&[old]);
        let mut t = vec![DraftTable {
            number: Some(1),
            caption: None,
            title: "REGISTRO,  control y emision de visas y residencias".into(),
            unit: "u".into(),
            source: None,
            total: None,
            total_note: None,
            notes: Vec::new(),
            rows: vec![
                row("prorroga de  DOCUMENTOS"),
                row("Nueva fila"),
                row("Nueva fila"),
            ],
            id: String::new(),
        }];
        let new = assign(&mut t, &known);
        assert_eq!(t[0].id, "visas-residencias");
        let ids: Vec<&str> = t[0].rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["prorroga", "nueva-fila", "nueva-fila-2"]);
        assert_eq!(
            new,
            [
                "visas-residencias/nueva-fila",
                "visas-residencias/nueva-fila-2"
            ]
        );
    }
}
