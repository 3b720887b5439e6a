//! A monthly report's front matter: its period, tables, rows and gallery,
//! each read and checked by its own function.

use super::LoadedReport;
use super::document::{Document, extra_json, front_matter};
use super::fields::{Fields, join};
use crate::load::model::{MAX_COUNT, Period, PhotoRef, Report, Row, Table};
use crate::load::yamlpos::KeyCheck;
use crate::support::diag::Diagnostics;
use crate::support::numfmt;
use crate::{problem, t};
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
    photos.extend(crate::load::markdown_refs::photo_refs(
        &doc.body,
        doc.body_line,
    ));
    check_body_images(&mut f, doc);
    check_photo_files(&mut f, &photos, &dir, photo_file);
    let extra = extra_json(&map);
    let corrections = super::corrections::corrections(&map, &index, show, &tables, &mut diags);
    let found = |p: &Path| matches!(photo_file(p), PhotoFile::Found);
    let source_document =
        super::corrections::source_document(&map, &index, show, &dir, &found, &mut diags);
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
                let message = t!(
                    "load-period-not-folder",
                    period = p.to_string(),
                    folder = folder.replace('-', "/")
                );
                f.error("period", "load-period-not-folder", message);
            }
            p
        }
        Some((None, t)) => {
            let message = t!("load-period-not-month", period = &t, folder = folder);
            f.error("period", "load-period-not-month", message);
            none
        }
        None => {
            f.diags.push(problem!(
                "load-period-missing",
                f.show,
                doc.yaml_offset.max(1),
                1,
                folder = folder
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
                "load-table-not-mapping",
                t!("load-table-not-mapping"),
            );
            continue;
        };
        let table = table(f, t, &tpath, draft);
        if let Some(prev) = table_ids.insert(table.id.clone(), ti) {
            f.error(
                &join(&tpath, if t.contains_key("id") { "id" } else { "title" }),
                "load-table-id-twice",
                t!(
                    "load-table-id-twice",
                    id = &table.id,
                    first = prev + 1,
                    second = ti + 1
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
    let what = t!("load-what-table");
    f.index.check_keys(
        &["tables", ti],
        TABLE_KEYS,
        KeyCheck {
            path: f.show,
            what: &what,
        },
        f.diags,
    );
    let title = f.string(t, "title", tpath).unwrap_or_default();
    if title.trim().is_empty() {
        f.error(tpath, "load-table-no-title", t!("load-table-no-title"));
    }
    let id = f.id(t, tpath, &title, "title");
    let number = match t.get("number") {
        None | Some(Value::Null) => None,
        Some(v) => f
            .count(v, &join(tpath, "number"), &t!("load-what-table-number"))
            .ok()
            .and_then(|n| match u32::try_from(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    let message = t!("load-table-number-too-large", number = n.to_string());
                    f.error(
                        &join(tpath, "number"),
                        "load-table-number-too-large",
                        message,
                    );
                    None
                }
            }),
    };
    let total = match t.get("total") {
        None | Some(Value::Null) => None,
        Some(v) => f
            .count(v, &join(tpath, "total"), &t!("load-what-total"))
            .ok(),
    };
    let (rows, complete) = rows(f, t, tpath, &id, draft);
    if rows.is_empty() && !title.is_empty() {
        let message = t!("load-table-no-rows", title = &title);
        f.error(tpath, "load-table-no-rows", message);
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
            let message = t!(
                "load-table-sum-too-large",
                title = &table.title,
                max = numfmt::thousands(MAX_COUNT as i128)
            );
            f.error(&join(tpath, "title"), "load-table-sum-too-large", message);
            return;
        }
    };
    if let (Some(total), true) = (table.total, complete) {
        if total != sum {
            let message = t!(
                "load-table-total-mismatch",
                total = numfmt::thousands(total as i128),
                sum = numfmt::thousands(sum as i128)
            );
            f.error(&join(tpath, "total"), "load-table-total-mismatch", message);
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
            f.error(&rpath, "load-row-not-mapping", t!("load-row-not-mapping"));
            continue;
        };
        let row = row(f, r, &rpath, draft);
        complete &= row.value.is_some();
        if let Some(prev) = row_ids.insert(row.id.clone(), ri) {
            f.error(
                &join(&rpath, if r.contains_key("id") { "id" } else { "label" }),
                "load-row-id-twice",
                t!(
                    "load-row-id-twice",
                    id = &row.id,
                    table = table_id,
                    first = prev + 1,
                    second = ri + 1
                ),
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
            what: &t!("load-what-row"),
        },
        f.diags,
    );
    let label = f.string(r, "label", rpath).unwrap_or_default();
    if label.trim().is_empty() {
        f.error(rpath, "load-row-no-label", t!("load-row-no-label"));
    }
    let id = f.id(r, rpath, &label, "label");
    let value = match r.get("value") {
        None | Some(Value::Null) => {
            if !draft {
                let (line, col) = f.index.key_at(&join(rpath, "value"));
                f.diags.push(problem!(
                    "load-row-value-empty",
                    f.show,
                    line,
                    col,
                    label = &label
                ));
            }
            None
        }
        Some(v) => f
            .count(v, &join(rpath, "value"), &t!("load-what-value"))
            .ok(),
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
            f.error(
                &gpath,
                "load-photo-not-mapping",
                t!("load-photo-not-mapping"),
            );
            continue;
        };
        f.index.check_keys(
            &["gallery", &gi.to_string()],
            PHOTO_KEYS,
            KeyCheck {
                path: f.show,
                what: &t!("load-what-photo"),
            },
            f.diags,
        );
        let src = f.string(g, "src", &gpath).unwrap_or_default();
        let alt = f.string(g, "alt", &gpath).unwrap_or_default();
        if src.trim().is_empty() {
            f.error(&gpath, "load-photo-no-src", t!("load-photo-no-src"));
        }
        if alt.trim().is_empty() {
            f.error(&gpath, "load-photo-no-alt", t!("load-photo-no-alt"));
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
    let unreadable = crate::load::markdown_refs::unreadable_images(&doc.body, doc.body_line);
    for (line, col, fixed) in unreadable.iter().take(10) {
        f.diags.push(problem!(
            "load-image-as-text",
            f.show,
            *line,
            *col,
            fixed = fixed
        ));
    }
    if let Some((line, col, _)) = unreadable.get(10) {
        f.diags.push(problem!(
            "load-image-as-text-more",
            f.show,
            *line,
            *col,
            count = unreadable.len() - 10
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
            f.diags.push(problem!(
                "load-photo-not-local",
                f.show,
                p.line,
                1,
                src = &p.src
            ));
        } else {
            let problem = match photo_file(&dir.join(&p.src)) {
                PhotoFile::Found => continue,
                PhotoFile::Missing => {
                    problem!("load-photo-missing", f.show, p.line, 1, src = &p.src)
                }
                PhotoFile::Outside(to) => problem!(
                    "load-photo-outside",
                    f.show,
                    p.line,
                    1,
                    src = &p.src,
                    target = to
                ),
            };
            f.diags.push(problem);
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
fn source_lines(
    tables: &[Table],
    index: &crate::load::yamlpos::Index,
) -> crate::load::model::SourceLines {
    let mut lines = crate::load::model::SourceLines::default();
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
