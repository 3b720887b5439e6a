//! A monthly report's front matter: its period, tables, rows and gallery,
//! each read and checked by its own function.

use super::LoadedReport;
use super::document::{Document, extra_json, front_matter};
use super::fields::{Fields, join};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{MAX_COUNT, Period, PhotoRef, Report, Row, Table};
use crate::numfmt;
use crate::yamlpos::KeyCheck;
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;

const REPORT_KEYS: &[&str] = &[
    "period",
    "title",
    "summary",
    "date",
    "draft",
    "sample",
    "tables",
    "gallery",
    "source_document",
    "extra",
    "corrections",
];
const TABLE_KEYS: &[&str] = &[
    "number", "id", "title", "caption", "unit", "source", "total", "rows",
];
const ROW_KEYS: &[&str] = &["label", "value", "id"];
const PHOTO_KEYS: &[&str] = &["src", "alt", "caption", "credit"];

/// What is at a photo's path.
pub(super) enum PhotoFile {
    Found,
    Missing,
    /// A link to this place outside the site.
    Outside(String),
}

/// Checks a report's front matter and body; `file` is where it is on disk
/// (its photos are next to it), `show` the path named in messages.
pub(super) fn parse_report(
    show: &Path,
    file: &Path,
    doc: &Document,
    folder: &str,
    photo_file: &dyn Fn(&Path) -> PhotoFile,
) -> Result<LoadedReport, Diagnostics> {
    let (map, index, mut diags) = front_matter(show, doc, REPORT_KEYS)?;
    let mut f = Fields {
        show,
        index: &index,
        diags: &mut diags,
    };
    let period = period(&mut f, &map, doc, folder);
    let (period_line, period_col) = index.at("period");
    let draft = f.boolean(&map, "draft", "");
    let sample = f.boolean(&map, "sample", "");
    let title = f.string(&map, "title", "").unwrap_or_else(|| {
        format!(
            "Informe de actividades relevantes — {} {}",
            numfmt::month_name(period.month),
            period.year
        )
    });
    let summary = f.string(&map, "summary", "");
    let date = f.date(&map, "date");
    let tables = tables(&mut f, &map, draft);
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut photos = gallery(&mut f, &map);
    photos.extend(crate::markdown::photo_refs(&doc.body, doc.body_line));
    check_body_images(&mut f, doc);
    check_photo_files(&mut f, &photos, &dir, photo_file);
    let extra = extra_json(&map);
    let corrections = crate::load_corrections::corrections(&map, &index, show, &tables, &mut diags);
    let found = |p: &Path| matches!(photo_file(p), PhotoFile::Found);
    let source_document =
        crate::load_corrections::source_document(&map, &index, show, &dir, &found, &mut diags);
    let lines = source_lines(&tables, &index);
    if !diags.is_empty() {
        return Err(diags);
    }
    let report = Report {
        source: show.to_path_buf(),
        dir,
        period,
        title,
        summary,
        date,
        draft,
        sample,
        tables,
        photos,
        body: doc.body.clone(),
        body_line: doc.body_line,
        extra,
        corrections,
        source_document,
        lines,
    };
    Ok(LoadedReport {
        source: show.to_path_buf(),
        period,
        period_line,
        period_col,
        draft,
        report,
    })
}

/// The report's `period`, checked against the folder it is in. A missing or
/// malformed one is reported and read as month 0.
fn period(f: &mut Fields<'_>, map: &serde_yaml::Mapping, doc: &Document, folder: &str) -> Period {
    let none = Period { year: 0, month: 0 };
    match f.string(map, "period", "").map(|t| (Period::parse(&t), t)) {
        Some((Some(p), _)) => {
            if p.to_string() != folder {
                f.error(
                    "period",
                    format!(
                        "period {p} does not match the folder informes/{}/: move the file or correct `period`",
                        folder.replace('-', "/")
                    ),
                );
            }
            p
        }
        Some((None, t)) => {
            f.error(
                "period",
                format!("period `{t}` is not a month: write it as YYYY-MM, e.g. period: {folder}"),
            );
            none
        }
        None => {
            f.diags.push(Diagnostic::new(
                f.show,
                doc.yaml_offset.max(1),
                1,
                format!("`period` is missing: add `period: {folder}` to the front matter"),
            ));
            none
        }
    }
}

/// The report's `tables`, each checked, ids unique among them.
fn tables(f: &mut Fields<'_>, map: &serde_yaml::Mapping, draft: bool) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut table_ids: HashMap<String, usize> = HashMap::new();
    for (ti, tv) in f.list(map, "tables", "").iter().enumerate() {
        let tpath = format!("tables.{ti}");
        let Value::Mapping(t) = tv else {
            f.error(
                &tpath,
                "each table must be a mapping with `title` and `rows`",
            );
            continue;
        };
        let table = table(f, t, &tpath, draft);
        if let Some(prev) = table_ids.insert(table.id.clone(), ti) {
            f.error(
                &join(&tpath, if t.contains_key("id") { "id" } else { "title" }),
                format!(
                    "table id `{}` is used twice (tables {} and {}): give each table its own `id`",
                    table.id,
                    prev + 1,
                    ti + 1
                ),
            );
        }
        tables.push(table);
    }
    tables
}

/// One table at `tpath`: its fields, its rows, and its total against their sum.
fn table(f: &mut Fields<'_>, t: &serde_yaml::Mapping, tpath: &str, draft: bool) -> Table {
    let ti = tpath.trim_start_matches("tables.");
    f.index.check_keys(
        &["tables", ti],
        TABLE_KEYS,
        KeyCheck {
            path: f.show,
            what: "a table",
        },
        f.diags,
    );
    let title = f.string(t, "title", tpath).unwrap_or_default();
    if title.trim().is_empty() {
        f.error(tpath, "a table needs a `title`");
    }
    let id = f.id(t, tpath, &title, "title");
    let number = match t.get("number") {
        None | Some(Value::Null) => None,
        Some(v) => f
            .count(v, &join(tpath, "number"), "table number")
            .ok()
            .and_then(|n| match u32::try_from(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    f.error(
                        &join(tpath, "number"),
                        format!("table number {n} is too large: number tables 1, 2, 3…"),
                    );
                    None
                }
            }),
    };
    let total = match t.get("total") {
        None | Some(Value::Null) => None,
        Some(v) => f.count(v, &join(tpath, "total"), "total").ok(),
    };
    let (rows, complete) = rows(f, t, tpath, &id, draft);
    if rows.is_empty() && !title.is_empty() {
        f.error(
            tpath,
            format!("table \"{title}\" has no rows: add `rows:` with a `label` and `value` each"),
        );
    }
    let unit = f
        .string(t, "unit", tpath)
        .unwrap_or_else(|| "Cantidad".to_string());
    let source = f.string(t, "source", tpath);
    let caption = f.string(t, "caption", tpath);
    let table = Table {
        number,
        line: f.index.at(&join(tpath, "title")).0,
        id,
        title,
        caption,
        unit,
        source,
        total,
        rows,
    };
    check_sum(f, &table, tpath, complete);
    table
}

/// The rows' sum must be a count, and equal the `total` when one is given
/// and every row has a value.
fn check_sum(f: &mut Fields<'_>, table: &Table, tpath: &str, complete: bool) {
    let sum = match table.checked_sum() {
        Some(sum) if sum <= MAX_COUNT => sum,
        _ => {
            f.error(
                &join(tpath, "title"),
                format!(
                    "the rows of table \"{}\" add up to more than {}, the largest count: check the values",
                    table.title,
                    numfmt::thousands(MAX_COUNT as i128)
                ),
            );
            return;
        }
    };
    if let (Some(total), true) = (table.total, complete) {
        if total != sum {
            f.error(
                &join(tpath, "total"),
                format!(
                    "total {} does not equal the sum of the rows, {}: correct a value or the total",
                    numfmt::thousands(total as i128),
                    numfmt::thousands(sum as i128)
                ),
            );
        }
    }
}

/// The rows of the table at `tpath`, ids unique among them; and whether
/// every row has a value.
fn rows(
    f: &mut Fields<'_>,
    t: &serde_yaml::Mapping,
    tpath: &str,
    table_id: &str,
    draft: bool,
) -> (Vec<Row>, bool) {
    let mut rows = Vec::new();
    let mut row_ids: HashMap<String, usize> = HashMap::new();
    let mut complete = true;
    for (ri, rv) in f.list(t, "rows", tpath).iter().enumerate() {
        let rpath = format!("{tpath}.rows.{ri}");
        let Value::Mapping(r) = rv else {
            f.error(&rpath, "each row must have a `label` and a `value`");
            continue;
        };
        let row = row(f, r, &rpath, draft);
        complete &= row.value.is_some();
        if let Some(prev) = row_ids.insert(row.id.clone(), ri) {
            f.error(
                &join(&rpath, if r.contains_key("id") { "id" } else { "label" }),
                format!("row id `{}` is used twice in table `{table_id}` (rows {} and {}): give each row its own `id`", row.id, prev + 1, ri + 1),
            );
        }
        rows.push(row);
    }
    (rows, complete)
}

/// One row at `rpath`. An empty value is allowed only in a draft.
fn row(f: &mut Fields<'_>, r: &serde_yaml::Mapping, rpath: &str, draft: bool) -> Row {
    let parts: Vec<&str> = rpath.split('.').collect();
    f.index.check_keys(
        &parts,
        ROW_KEYS,
        KeyCheck {
            path: f.show,
            what: "a row",
        },
        f.diags,
    );
    let label = f.string(r, "label", rpath).unwrap_or_default();
    if label.trim().is_empty() {
        f.error(rpath, "a row needs a `label`");
    }
    let id = f.id(r, rpath, &label, "label");
    let value = match r.get("value") {
        None | Some(Value::Null) => {
            if !draft {
                let (line, col) = f.index.key_at(&join(rpath, "value"));
                f.diags.push(Diagnostic::new(
                    f.show,
                    line,
                    col,
                    format!("the value of \"{label}\" is empty: type the number, or set `draft: true` while the report is unfinished"),
                ));
            }
            None
        }
        Some(v) => f.count(v, &join(rpath, "value"), "value").ok(),
    };
    Row {
        line: f.index.at(&join(rpath, "label")).0,
        id,
        label,
        value,
    }
}

/// The `gallery` list's photos.
fn gallery(f: &mut Fields<'_>, map: &serde_yaml::Mapping) -> Vec<PhotoRef> {
    let mut photos = Vec::new();
    for (gi, gv) in f.list(map, "gallery", "").iter().enumerate() {
        let gpath = format!("gallery.{gi}");
        let Value::Mapping(g) = gv else {
            f.error(&gpath, "each gallery photo needs `src` and `alt`");
            continue;
        };
        f.index.check_keys(
            &["gallery", &gi.to_string()],
            PHOTO_KEYS,
            KeyCheck {
                path: f.show,
                what: "a gallery photo",
            },
            f.diags,
        );
        let src = f.string(g, "src", &gpath).unwrap_or_default();
        let alt = f.string(g, "alt", &gpath).unwrap_or_default();
        if src.trim().is_empty() {
            f.error(&gpath, "a gallery photo needs `src`, the photo's file name");
        }
        if alt.trim().is_empty() {
            f.error(&gpath, "a gallery photo needs `alt`: describe what the photo shows, for people who cannot see it");
        }
        let caption = f.string(g, "caption", &gpath);
        let credit = f.string(g, "credit", &gpath);
        photos.push(PhotoRef {
            src,
            alt,
            caption,
            credit,
            line: f.index.at(&gpath).0,
            in_gallery: true,
        });
    }
    photos
}

/// Images of the body Markdown would show as text (a file name with spaces).
fn check_body_images(f: &mut Fields<'_>, doc: &Document) {
    // The first few are enough to see the pattern.
    let unreadable = crate::markdown::unreadable_images(&doc.body, doc.body_line);
    for (line, col, fixed) in unreadable.iter().take(10) {
        f.diags.push(Diagnostic::new(
            f.show,
            *line,
            *col,
            format!("this image would show as text: a file name with spaces goes between < and >, as ![…]({fixed}), or rename the file without spaces"),
        ));
    }
    if let Some((line, col, _)) = unreadable.get(10) {
        f.diags.push(Diagnostic::new(
            f.show,
            *line,
            *col,
            format!(
                "and {} more images like these from here on",
                unreadable.len() - 10
            ),
        ));
    }
}

/// Every photo must be a file in the report's folder `dir`.
fn check_photo_files(
    f: &mut Fields<'_>,
    photos: &[PhotoRef],
    dir: &Path,
    photo_file: &dyn Fn(&Path) -> PhotoFile,
) {
    for p in photos {
        if p.src.is_empty() {
            continue;
        }
        if !is_local_photo_path(&p.src) {
            f.diags.push(Diagnostic::new(f.show, p.line, 1, format!("photo \"{}\" must be a file in the report's folder (no folders above it, no web addresses)", p.src)));
        } else {
            let problem = match photo_file(&dir.join(&p.src)) {
                PhotoFile::Found => continue,
                PhotoFile::Missing => format!(
                    "photo \"{}\" is missing: put the file next to index.md or correct the name",
                    p.src
                ),
                PhotoFile::Outside(to) => format!(
                    "photo \"{}\" is a link to {to}, outside the site folder: faro publishes only files inside the site; copy the photo here instead",
                    p.src
                ),
            };
            f.diags.push(Diagnostic::new(f.show, p.line, 1, problem));
        }
    }
}

/// A photo path editors may use: relative, inside the report's folder.
fn is_local_photo_path(src: &str) -> bool {
    !src.contains("://")
        && !src.starts_with('/')
        && !src.starts_with('\\')
        && !src.split(['/', '\\']).any(|part| part == "..")
}

/// Where each table, label and value is written; `tables` in front-matter order.
fn source_lines(tables: &[Table], index: &crate::yamlpos::Index) -> crate::model::SourceLines {
    let mut lines = crate::model::SourceLines::default();
    for (ti, t) in tables.iter().enumerate() {
        lines
            .tables
            .insert(t.id.clone(), index.at(&format!("tables.{ti}")).0);
        for (ri, r) in t.rows.iter().enumerate() {
            let id = format!("{}/{}", t.id, r.id);
            let row = format!("tables.{ti}.rows.{ri}");
            lines
                .values
                .insert(id.clone(), index.key_at(&format!("{row}.value")).0);
            lines
                .labels
                .insert(id, index.key_at(&format!("{row}.label")).0);
        }
    }
    lines
}
