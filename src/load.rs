//! Load and validate: `content/` on disk → `Archive`.
//!
//! Every file is read once, here. Every problem is collected with its file,
//! line and column; the caller gets either a whole valid archive or all the
//! problems at once.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Archive, Page, Period, PhotoRef, Report, Row, Table};
use crate::numfmt;
use crate::slug::slugify;
use crate::yamlpos::{self, Index, KeyCheck};
use rayon::prelude::*;
use serde_yaml::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const REPORT_KEYS: &[&str] = &[
    "period",
    "title",
    "summary",
    "date",
    "draft",
    "sample",
    "tables",
    "gallery",
    "extra",
    "corrections",
    "source_document",
];
const TABLE_KEYS: &[&str] = &["number", "id", "title", "unit", "source", "total", "rows"];
const ROW_KEYS: &[&str] = &["label", "value", "id"];
const PHOTO_KEYS: &[&str] = &["src", "alt", "caption", "credit"];
const PAGE_KEYS: &[&str] = &["title", "description", "draft", "extra"];

/// Output folders faro generates itself; a plain page may not take them.
const RESERVED: &[&str] = &[
    "informes",
    "datos",
    "comparar",
    "indicadores",
    "galeria",
    "static",
    "correcciones",
];

/// Reads `root/content` and validates it. Drafts are validated always, kept
/// only when `include_drafts`.
pub fn load(root: &Path, config: &Config, include_drafts: bool) -> Result<Archive, Diagnostics> {
    let _ = config;
    let content = root.join("content");
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        match entry {
            // Hidden files and editors' lock and backup files are not content.
            Ok(e)
                if e.file_type().is_file()
                    && e.path().extension().is_some_and(|x| x == "md")
                    && !e.file_name().to_string_lossy().starts_with('.')
                    && !crate::theme::is_editor_junk(e.path())
                    && !crate::definitions::is_definition(&content, e.path()) =>
            {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_else(|| content.clone());
                diags.push(Diagnostic::file(
                    shown(root, &p),
                    format!("cannot read: {e}"),
                ));
            }
        }
    }
    if !content.is_dir() {
        diags.push(Diagnostic::file(
            shown(root, &content),
            "there is no content folder: create content/informes/YYYY/MM/index.md for each report",
        ));
    }

    let parsed: Vec<Result<Loaded, Diagnostics>> = files
        .par_iter()
        .map(|path| load_file(root, &content, path))
        .collect();

    let definitions = crate::definitions::load(root, &content, &mut diags);
    let mut reports = Vec::new();
    let mut pages = Vec::new();
    let mut home = None;
    for result in parsed {
        match result {
            Ok(Loaded::Report(r)) => reports.push(*r),
            Ok(Loaded::Page(p)) if p.url_path.is_empty() => home = Some(*p),
            Ok(Loaded::Page(p)) => pages.push(*p),
            Err(d) => diags.extend(d),
        }
    }

    // The same period twice: name both files in both messages.
    let mut by_period: HashMap<Period, Vec<&LoadedReport>> = HashMap::new();
    for r in &reports {
        by_period.entry(r.period).or_default().push(r);
    }
    for (period, same) in &by_period {
        if same.len() > 1 {
            for r in same {
                let others: Vec<String> = same
                    .iter()
                    .filter(|o| o.source != r.source)
                    .map(|o| o.source.display().to_string())
                    .collect();
                diags.push(Diagnostic::new(
                    &r.source,
                    r.period_line,
                    r.period_col,
                    format!(
                        "period {period} is also used by {}: each month has one report; change `period` in the copy",
                        others.join(", ")
                    ),
                ));
            }
        }
    }

    let mut seen_urls: HashMap<String, PathBuf> = HashMap::new();
    for p in &pages {
        if let Some(first) = seen_urls.insert(p.url_path.clone(), p.source.clone()) {
            diags.push(Diagnostic::file(
                &p.source,
                format!(
                    "this page and {} would both be published at /{}",
                    first.display(),
                    p.url_path
                ),
            ));
        }
    }

    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let mut reports: Vec<Report> = reports
        .into_iter()
        .filter(|r| include_drafts || !r.draft)
        .map(|r| r.report)
        .collect();
    reports.sort_by_key(|r| r.period);
    pages.retain(|p| include_drafts || !p.draft);
    pages.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    Ok(Archive {
        reports,
        pages,
        home,
        definitions,
    })
}

/// A report and where its period was written (for the duplicate-period message).
struct LoadedReport {
    report: Report,
    source: PathBuf,
    period: Period,
    period_line: usize,
    period_col: usize,
    draft: bool,
}

enum Loaded {
    Report(Box<LoadedReport>),
    Page(Box<Page>),
}

/// The path as shown in messages: relative to the site root when possible.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn load_file(root: &Path, content: &Path, path: &Path) -> Result<Loaded, Diagnostics> {
    let show = shown(root, path);
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::file(&show, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic::new(
            &show,
            line,
            0,
            "the file is not UTF-8 text: save it as UTF-8",
        )
    })?;
    let rel = path.strip_prefix(content).unwrap_or(path);
    let parts: Vec<&str> = rel.iter().filter_map(|s| s.to_str()).collect();
    match parts.as_slice() {
        ["informes", y, m, "index.md"] if y.len() == 4 && m.len() == 2 => {
            let folder = format!("{y}-{m}");
            report_from_text(&show, path, &text, &folder, &|p| p.is_file())
                .map(|r| Loaded::Report(Box::new(r)))
        }
        ["informes", ..] => Err(Diagnostic::file(
            &show,
            "reports go in content/informes/YYYY/MM/index.md (for example content/informes/2024/01/index.md)",
        )
        .into()),
        _ => {
            let doc = split_front_matter(&text)
                .map_err(|(line, msg)| Diagnostic::new(&show, line, 1, msg))?;
            parse_page(&show, &parts, &doc).map(|p| Loaded::Page(Box::new(p)))
        }
    }
}

/// Parses and validates the text of one report file, without touching the
/// disk: `shown` is the path named in messages (and recorded as the report's
/// source and, through its parent, its folder), `folder` the `YYYY-MM` its
/// location implies. Photo files are not looked for; `load` does that.
/// Any text gives a report or diagnostics, never a panic.
pub fn parse_report_text(shown: &Path, text: &str, folder: &str) -> Result<Report, Diagnostics> {
    report_from_text(shown, shown, text, folder, &|_| true).map(|r| r.report)
}

/// The report in `text`; `photo_exists` says whether a photo file is there.
fn report_from_text(
    show: &Path,
    file: &Path,
    text: &str,
    folder: &str,
    photo_exists: &dyn Fn(&Path) -> bool,
) -> Result<LoadedReport, Diagnostics> {
    let doc =
        split_front_matter(text).map_err(|(line, msg)| Diagnostic::new(show, line, 1, msg))?;
    parse_report(show, file, &doc, folder, photo_exists)
}

/// A Markdown file split into its front matter and body, line endings normalised.
pub(crate) struct Document {
    /// YAML text, without the `---` fences.
    yaml: String,
    /// Lines before the YAML's first line in the file (the opening fence).
    yaml_offset: usize,
    pub(crate) body: String,
    pub(crate) body_line: usize,
}

pub(crate) fn split_front_matter(text: &str) -> Result<Document, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        // No front matter: the whole file is the body.
        return Ok(Document {
            yaml: String::new(),
            yaml_offset: 0,
            body: text.to_string(),
            body_line: 1,
        });
    }
    let mut yaml = String::new();
    for (i, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let consumed: usize = first.len() + yaml.len() + line.len();
            return Ok(Document {
                yaml,
                yaml_offset: 1,
                body: text[consumed..].to_string(),
                body_line: i + 3,
            });
        }
        yaml.push_str(line);
    }
    Err((1, "the front matter opened with `---` on line 1 is never closed: add a line with `---` after it".into()))
}

/// Parses the YAML of a document, or says where its syntax is wrong.
fn parse_yaml(show: &Path, doc: &Document) -> Result<(serde_yaml::Mapping, Index), Diagnostics> {
    if doc.yaml.trim().is_empty() {
        return Ok((serde_yaml::Mapping::new(), Index::default()));
    }
    // Positions first: this pass also refuses documents too deep or whose
    // aliases expand to too much for serde_yaml to build in memory.
    let index = match yamlpos::index(&doc.yaml, doc.yaml_offset) {
        Err(e) if e.limit => return Err(e.at(show).into()),
        other => other,
    };
    let value: Value = serde_yaml::from_str(&doc.yaml).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| {
                (
                    libyaml_file_line(&doc.yaml, l.line()) + doc.yaml_offset,
                    l.column(),
                )
            })
            .unwrap_or((doc.yaml_offset + 1, 0));
        Diagnostic::new(
            show,
            line,
            col,
            format!(
                "YAML syntax error: {}",
                yamlpos::clean_serde_message(&e.to_string())
            ),
        )
    })?;
    let index = index.map_err(|e| e.at(show))?;
    match value {
        Value::Mapping(m) => Ok((m, index)),
        Value::Null => Ok((serde_yaml::Mapping::new(), index)),
        _ => Err(Diagnostic::new(
            show,
            doc.yaml_offset + 1,
            1,
            "the front matter must be `key: value` lines",
        )
        .into()),
    }
}

/// serde_yaml's parser (libyaml) also ends lines at U+0085, U+2028 and
/// U+2029, which editors show inside a line (U+0085 is what a Windows "…"
/// becomes when mis-converted). Turns its 1-based line in `yaml` into the
/// line as the file counts them, `\n` only.
fn libyaml_file_line(yaml: &str, line: usize) -> usize {
    let (mut yaml_line, mut file_line) = (1, 1);
    for c in yaml.chars() {
        if yaml_line >= line {
            break;
        }
        match c {
            '\n' => {
                yaml_line += 1;
                file_line += 1;
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => yaml_line += 1,
            _ => {}
        }
    }
    file_line + line.saturating_sub(yaml_line)
}

/// Reads typed fields out of a YAML mapping, reporting each problem at its position.
struct Fields<'a> {
    show: &'a Path,
    index: &'a Index,
    diags: &'a mut Diagnostics,
}

impl Fields<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        let (line, col) = self.index.at(path);
        self.diags
            .push(Diagnostic::new(self.show, line, col, message));
    }

    fn string(&mut self, map: &serde_yaml::Mapping, key: &str, path: &str) -> Option<String> {
        match map.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.error(&join(path, key), format!("`{key}` must be text"));
                None
            }
        }
    }

    fn boolean(&mut self, map: &serde_yaml::Mapping, key: &str, path: &str) -> bool {
        match map.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(&join(path, key), format!("`{key}` must be true or false"));
                false
            }
        }
    }

    fn list<'v>(&mut self, map: &'v serde_yaml::Mapping, key: &str, path: &str) -> &'v [Value] {
        match map.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Sequence(s)) => s,
            Some(_) => {
                self.error(
                    &join(path, key),
                    format!("`{key}` must be a list (lines starting with `- `)"),
                );
                &[]
            }
        }
    }

    /// A count: a non-negative integer, or text like "1,350".
    fn count(&mut self, value: &Value, path: &str, what: &str) -> Result<u64, ()> {
        let bad = |s: &str| {
            format!("{what} `{s}` is not a count: write a whole number such as 1350 or 1,350")
        };
        let message = match value {
            Value::Number(n) => {
                if let Some(v) = n.as_u64() {
                    return Ok(v);
                }
                if n.as_i64().is_some() {
                    format!("{what} is negative ({n}): counts are zero or more")
                } else if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f > 0.0) {
                    format!(
                        "{what} {n} is too large (the largest count is {})",
                        u64::MAX
                    )
                } else {
                    bad(&n.to_string())
                }
            }
            Value::String(s) => match numfmt::parse_count(s) {
                Some(v) => return Ok(v),
                None if s.trim().starts_with('-') => {
                    format!("{what} is negative ({s}): counts are zero or more")
                }
                None if s
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c.is_whitespace())
                    && !s.trim().is_empty() =>
                {
                    if !numfmt::commas_group_thousands(s) {
                        format!(
                            "{what} `{s}` has misplaced commas: group thousands by three, as in 1,025,875"
                        )
                    } else {
                        format!(
                            "{what} {s} is too large (the largest count is {})",
                            u64::MAX
                        )
                    }
                }
                None => bad(s),
            },
            other => bad(&format!("{other:?}")),
        };
        self.error(path, message);
        Err(())
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn parse_report(
    show: &Path,
    file: &Path,
    doc: &Document,
    folder: &str,
    photo_exists: &dyn Fn(&Path) -> bool,
) -> Result<LoadedReport, Diagnostics> {
    let (map, index, mut diags) = front_matter(show, doc, REPORT_KEYS)?;
    let mut f = Fields {
        show,
        index: &index,
        diags: &mut diags,
    };

    let period_text = f.string(&map, "period", "");
    let (period_line, period_col) = index.at("period");
    let period = match period_text.as_deref().map(|t| (t, Period::parse(t))) {
        Some((_, Some(p))) => {
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
        Some((t, None)) => {
            f.error(
                "period",
                format!("period `{t}` is not a month: write it as YYYY-MM, e.g. period: {folder}"),
            );
            Period { year: 0, month: 0 }
        }
        None => {
            f.diags.push(Diagnostic::new(
                show,
                doc.yaml_offset.max(1),
                1,
                format!("`period` is missing: add `period: {folder}` to the front matter"),
            ));
            Period { year: 0, month: 0 }
        }
    };
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
    let date = f.string(&map, "date", "");
    if let Some(d) = &date {
        if !valid_date(d) {
            f.error(
                "date",
                format!("date `{d}` is not a date: write it as YYYY-MM-DD, e.g. 2024-02-05"),
            );
        }
    }

    let mut tables = Vec::new();
    let mut table_ids: HashMap<String, usize> = HashMap::new();
    for (ti, tv) in f.list(&map, "tables", "").iter().enumerate() {
        let tpath = format!("tables.{ti}");
        let Value::Mapping(t) = tv else {
            f.error(
                &tpath,
                "each table must be a mapping with `title` and `rows`",
            );
            continue;
        };
        index.check_keys(
            &["tables", &ti.to_string()],
            TABLE_KEYS,
            KeyCheck {
                path: show,
                what: "a table",
            },
            f.diags,
        );
        let title = f.string(t, "title", &tpath).unwrap_or_default();
        if title.trim().is_empty() {
            f.error(&tpath, "a table needs a `title`");
        }
        let id = f.string(t, "id", &tpath).unwrap_or_else(|| slugify(&title));
        if let Some(prev) = table_ids.insert(id.clone(), ti) {
            f.error(
                &join(&tpath, if t.contains_key("id") { "id" } else { "title" }),
                format!("table id `{id}` is used twice (tables {} and {}): give each table its own `id`", prev + 1, ti + 1),
            );
        }
        let number = match t.get("number") {
            None | Some(Value::Null) => None,
            Some(v) => f
                .count(v, &join(&tpath, "number"), "table number")
                .ok()
                .map(|n| n.min(u32::MAX as u64) as u32),
        };
        let total = match t.get("total") {
            None | Some(Value::Null) => None,
            Some(v) => f.count(v, &join(&tpath, "total"), "total").ok(),
        };
        let mut rows = Vec::new();
        let mut row_ids: HashMap<String, usize> = HashMap::new();
        let mut complete = true;
        for (ri, rv) in f.list(t, "rows", &tpath).iter().enumerate() {
            let rpath = format!("{tpath}.rows.{ri}");
            let Value::Mapping(r) = rv else {
                f.error(&rpath, "each row must have a `label` and a `value`");
                continue;
            };
            index.check_keys(
                &["tables", &ti.to_string(), "rows", &ri.to_string()],
                ROW_KEYS,
                KeyCheck {
                    path: show,
                    what: "a row",
                },
                f.diags,
            );
            let label = f.string(r, "label", &rpath).unwrap_or_default();
            if label.trim().is_empty() {
                f.error(&rpath, "a row needs a `label`");
            }
            let id = f.string(r, "id", &rpath).unwrap_or_else(|| slugify(&label));
            if let Some(prev) = row_ids.insert(id.clone(), ri) {
                f.error(
                    &join(&rpath, if r.contains_key("id") { "id" } else { "label" }),
                    format!("row id `{id}` is used twice in table `{}` (rows {} and {}): give each row its own `id`", table_ids_key(&title, t), prev + 1, ri + 1),
                );
            }
            let value = match r.get("value") {
                None | Some(Value::Null) => {
                    complete = false;
                    if !draft {
                        let (line, col) = index.key_at(&join(&rpath, "value"));
                        f.diags.push(Diagnostic::new(
                            show,
                            line,
                            col,
                            format!("the value of \"{label}\" is empty: type the number, or set `draft: true` while the report is unfinished"),
                        ));
                    }
                    None
                }
                Some(v) => {
                    let got = f.count(v, &join(&rpath, "value"), "value").ok();
                    complete &= got.is_some();
                    got
                }
            };
            rows.push(Row { id, label, value });
        }
        if rows.is_empty() && !title.is_empty() {
            f.error(
                &tpath,
                format!(
                    "table \"{title}\" has no rows: add `rows:` with a `label` and `value` each"
                ),
            );
        }
        let table = Table {
            number,
            id,
            title,
            unit: String::new(),
            source: None,
            total,
            rows,
        };
        let sum = table.sum();
        if let (Some(total), true) = (total, complete) {
            if total != sum {
                f.error(
                    &join(&tpath, "total"),
                    format!(
                        "total {} does not equal the sum of the rows, {}: correct a value or the total",
                        numfmt::thousands(total as i128),
                        numfmt::thousands(sum as i128)
                    ),
                );
            }
        }
        let unit = f
            .string(t, "unit", &tpath)
            .unwrap_or_else(|| "Cantidad".to_string());
        let source = f.string(t, "source", &tpath);
        tables.push(Table {
            unit,
            source,
            ..table
        });
    }

    let mut photos = Vec::new();
    for (gi, gv) in f.list(&map, "gallery", "").iter().enumerate() {
        let gpath = format!("gallery.{gi}");
        let Value::Mapping(g) = gv else {
            f.error(&gpath, "each gallery photo needs `src` and `alt`");
            continue;
        };
        index.check_keys(
            &["gallery", &gi.to_string()],
            PHOTO_KEYS,
            KeyCheck {
                path: show,
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
            line: index.at(&gpath).0,
            in_gallery: true,
        });
    }
    photos.extend(crate::markdown::photo_refs(&doc.body, doc.body_line));
    // The first few are enough to see the pattern.
    let unreadable = crate::markdown::unreadable_images(&doc.body, doc.body_line);
    for (line, col, fixed) in unreadable.iter().take(10) {
        f.diags.push(Diagnostic::new(
            show,
            *line,
            *col,
            format!("this image would show as text: a file name with spaces goes between < and >, as ![…]({fixed}), or rename the file without spaces"),
        ));
    }
    if let Some((line, col, _)) = unreadable.get(10) {
        f.diags.push(Diagnostic::new(
            show,
            *line,
            *col,
            format!(
                "and {} more images like these from here on",
                unreadable.len() - 10
            ),
        ));
    }
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    for p in &photos {
        if p.src.is_empty() {
            continue;
        }
        if !is_local_photo_path(&p.src) {
            f.diags.push(Diagnostic::new(show, p.line, 1, format!("photo \"{}\" must be a file in the report's folder (no folders above it, no web addresses)", p.src)));
        } else if !photo_exists(&dir.join(&p.src)) {
            f.diags.push(Diagnostic::new(
                show,
                p.line,
                1,
                format!(
                    "photo \"{}\" is missing: put the file next to index.md or correct the name",
                    p.src
                ),
            ));
        }
    }

    let extra = extra_json(&map);
    let corrections = crate::load_corrections::corrections(&map, &index, show, &tables, &mut diags);
    let source_document = crate::load_corrections::source_document(
        &map,
        &index,
        show,
        &dir,
        photo_exists,
        &mut diags,
    );
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

/// Where each table, label and value is written; `tables` in front-matter order.
fn source_lines(tables: &[Table], index: &Index) -> crate::model::SourceLines {
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

fn table_ids_key(title: &str, t: &serde_yaml::Mapping) -> String {
    t.get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| slugify(title))
}

/// A photo path editors may use: relative, inside the report's folder.
fn is_local_photo_path(src: &str) -> bool {
    !src.contains("://")
        && !src.starts_with('/')
        && !src.starts_with('\\')
        && !src.split(['/', '\\']).any(|part| part == "..")
}

pub fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && d[..4].parse::<u32>().is_ok()
        && d[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && d[8..].parse::<u32>().is_ok_and(|x| (1..=31).contains(&x))
}

fn extra_json(map: &serde_yaml::Mapping) -> serde_json::Value {
    map.get("extra")
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// The front matter's values and positions, with its unknown top-level keys
/// already reported in the returned diagnostics.
pub(crate) fn front_matter(
    show: &Path,
    doc: &Document,
    keys: &[&str],
) -> Result<(serde_yaml::Mapping, Index, Diagnostics), Diagnostics> {
    let (map, index) = parse_yaml(show, doc)?;
    let mut diags = Diagnostics::default();
    let check = KeyCheck {
        path: show,
        what: "the front matter",
    };
    index.check_keys(&[], keys, check, &mut diags);
    Ok((map, index, diags))
}

fn parse_page(show: &Path, parts: &[&str], doc: &Document) -> Result<Page, Diagnostics> {
    let (map, index, mut diags) = front_matter(show, doc, PAGE_KEYS)?;
    let mut f = Fields {
        show,
        index: &index,
        diags: &mut diags,
    };
    let url_path = page_url(parts);
    if let Some(first) = url_path.split('/').next() {
        if RESERVED.contains(&first) {
            f.diags.push(Diagnostic::file(
                show,
                format!("/{first}/ is generated by faro: rename this page (for example content/sobre-{first}.md)"),
            ));
        }
    }
    let stem = parts
        .last()
        .and_then(|p| p.strip_suffix(".md"))
        .unwrap_or("");
    let title = f
        .string(&map, "title", "")
        .unwrap_or_else(|| first_heading(&doc.body).unwrap_or_else(|| stem.replace('-', " ")));
    let description = f.string(&map, "description", "");
    let draft = f.boolean(&map, "draft", "");
    let extra = extra_json(&map);
    diags.into_result(Page {
        source: show.to_path_buf(),
        url_path,
        title,
        description,
        draft,
        body: doc.body.clone(),
        body_line: doc.body_line,
        extra,
    })
}

/// `_index.md` → `""` (home), `acerca.md` → `acerca/`, `a/index.md` → `a/`, `a/b.md` → `a/b/`.
fn page_url(parts: &[&str]) -> String {
    let mut segs: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    if let Some(last) = segs.pop() {
        let stem = last.trim_end_matches(".md");
        if stem != "index" && stem != "_index" {
            segs.push(stem.to_string());
        }
    }
    let segs: Vec<String> = segs
        .iter()
        .map(|s| slugify(s))
        .filter(|s| !s.is_empty())
        .collect();
    if segs.is_empty() {
        String::new()
    } else {
        format!("{}/", segs.join("/"))
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
}

/// Ids already in use, so callers can report conflicts; kept here to share the rule.
pub fn reserved_sections() -> HashSet<&'static str> {
    RESERVED.iter().copied().collect()
}
