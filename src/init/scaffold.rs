//! `faro new YYYY-MM`: a draft report with the latest report's tables, values
//! empty, so an editor only types the month's numbers.
//!
//! The front matter is written by hand (so it keeps the editor-friendly
//! layout of the existing reports) and then read back through the real
//! loader before anything is written: `faro new` never creates a file that
//! `faro build` would reject.

use crate::load;
use crate::load::config::Config;
use crate::load::model::{Period, Report, Table};
use crate::support::diag::Diagnostics;
use crate::support::numfmt;
use crate::support::yamlwrite::{push_row_head, quote};
use crate::t;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why `faro new` did not create a report.
#[derive(Debug)]
pub enum NewError {
    /// The report's file already exists; nothing was changed.
    Exists(PathBuf),
    /// The site could not be read (site.yaml or an existing report is broken).
    Content(Diagnostics),
    /// The generated text did not pass the loader: a bug in faro, not in the site.
    Internal(String),
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::Exists(p) => f.write_str(&t!("new-exists", path = p.display().to_string())),
            NewError::Content(d) => write!(f, "{d}{}", t!("new-site-broken")),
            NewError::Internal(m) => f.write_str(&t!("new-internal", detail = m.as_str())),
        }
    }
}

/// What `faro new` created.
#[derive(Debug)]
pub struct Created {
    /// Path relative to the site root, as shown to the editor.
    pub path: PathBuf,
    /// The report whose tables were copied; `None` when the archive was empty.
    pub based_on: Option<Period>,
    pub text: String,
}

/// clap's value parser for the `YYYY-MM` argument: a bad period is a usage
/// error (exit 2) with an example, not a content error.
pub fn parse_period_arg(s: &str) -> Result<Period, String> {
    if s.trim() != s {
        return Err(t!("new-bad-period-spaces"));
    }
    Period::parse(s).ok_or_else(|| t!("new-bad-period"))
}

/// `content/informes/YYYY/MM/index.md`, relative to the site root.
pub fn report_path(period: Period) -> PathBuf {
    PathBuf::from(format!(
        "content/informes/{:04}/{:02}/index.md",
        period.year, period.month
    ))
}

/// Creates the draft report for `period` in the site at `root`.
pub fn new_report(root: &Path, period: Period) -> Result<Created, NewError> {
    let shown = report_path(period);
    let file = root.join(&shown);
    // Checked first so the editor gets the clearest message; `create_new`
    // below still guards against a file appearing in between.
    if file.exists() {
        return Err(NewError::Exists(shown));
    }
    let config =
        Config::load(&root.join("site.yaml"), Path::new("site.yaml")).map_err(NewError::Content)?;
    let reports = if root.join("content").is_dir() {
        // Drafts included: the latest month may still be in preparation, and
        // its tables are the freshest the editors have.
        load::load(root, true).map_err(NewError::Content)?.reports
    } else {
        Vec::new()
    };
    let latest = archive_latest(&reports, |_| true);
    // The section headings come from the latest real report: a sample
    // report's headings ("Aviso", placeholders) are not the institute's.
    let outline = archive_latest(&reports, |r| !r.sample);
    let title = draft_title(period, latest, &config);
    let text = draft_text(period, &title, latest, outline);
    verify(&text, period, latest).map_err(NewError::Internal)?;
    write_new(&file, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => NewError::Exists(shown.clone()),
        _ => NewError::Content(
            crate::problem!(
                "new-cannot-create",
                &shown,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            )
            .into(),
        ),
    })?;
    Ok(Created {
        path: shown,
        based_on: latest.map(|r| r.period),
        text,
    })
}

fn write_new(file: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)?;
    f.write_all(text.as_bytes())
}

/// The first lines of a new draft's front matter: `---`, its period, the
/// institute's usual title and `draft: true` (shared with `faro import`).
pub fn draft_opening(period: Period) -> String {
    draft_opening_titled(
        period,
        &format!(
            "Informe de actividades relevantes — {} {}",
            numfmt::month_name(period.month),
            period.year
        ),
    )
}

/// [`draft_opening`] with the given title.
pub fn draft_opening_titled(period: Period, title: &str) -> String {
    format!(
        "---\nperiod: {period}\ntitle: {}\ndraft: true\n",
        quote(title)
    )
}

/// The title of the new report for `period`: the latest report's, with its
/// month and year changed ("Informe mensual — junio 2024" → "Informe
/// mensual — julio 2024"); when there is none, or its title names no month
/// of its own to change, the site's title made singular with the month
/// ("Informes de actividades relevantes" → "Informe de actividades
/// relevantes — julio 2024"). Pure.
pub fn draft_title(period: Period, latest: Option<&Report>, config: &Config) -> String {
    if let Some(title) = latest.and_then(|r| retitle(&r.title, r.period, period)) {
        return title;
    }
    let site = config.title.trim();
    let site = match site.split_once(' ') {
        Some(("Informes", rest)) => format!("Informe {rest}"),
        Some(("INFORMES", rest)) => format!("INFORME {rest}"),
        _ if site == "Informes" => "Informe".to_string(),
        _ => site.to_string(),
    };
    format!(
        "{site} — {} {}",
        numfmt::month_name(period.month),
        period.year
    )
}

/// `title`, a report's of `from`, with `from`'s month (its name, as written,
/// or `YYYY-MM`) and year changed to `to`'s; `None` when it names neither
/// the month nor the `YYYY-MM` of `from`. Pure.
fn retitle(title: &str, from: Period, to: Period) -> Option<String> {
    let numeric = format!("{:04}-{:02}", from.year, from.month);
    if title.contains(&numeric) {
        return Some(title.replace(&numeric, &format!("{:04}-{:02}", to.year, to.month)));
    }
    let from_name = numfmt::month_name(from.month);
    let to_name = numfmt::month_name(to.month);
    let mut found = false;
    let words: Vec<String> = split_words(title)
        .into_iter()
        .map(|(word, is_word)| {
            if !is_word {
                return word.to_string();
            }
            let lower = word.to_lowercase();
            // "setiembre" is how part of Central America writes it.
            if lower == from_name || (from.month == 9 && lower == "setiembre") {
                found = true;
                same_case(word, to_name)
            } else if word == from.year.to_string() {
                to.year.to_string()
            } else {
                word.to_string()
            }
        })
        .collect();
    found.then(|| words.concat())
}

/// `text` cut into runs of letters and digits (`true`) and of everything
/// else (`false`), in order.
fn split_words(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let is_word = c.is_alphanumeric();
        if current.is_some_and(|w| w != is_word) {
            out.push((&text[start..i], current == Some(true)));
            start = i;
        }
        current = Some(is_word);
    }
    if let Some(w) = current {
        out.push((&text[start..], w));
    }
    out
}

/// `new` (lowercase) written in the case of `like`: "Julio" for "Junio",
/// "JULIO" for "JUNIO".
fn same_case(like: &str, new: &str) -> String {
    if like.chars().all(|c| !c.is_lowercase()) {
        new.to_uppercase()
    } else if like.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = new.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        new.to_string()
    }
}

pub use crate::support::yamlwrite::push_table_head;

/// The latest report of `reports` that `keep` accepts.
fn archive_latest(reports: &[Report], keep: impl Fn(&Report) -> bool) -> Option<&Report> {
    reports.iter().filter(|r| keep(r)).max_by_key(|r| r.period)
}

/// The draft's full text: its opening with `title` (see [`draft_title`]),
/// front matter with `latest`'s tables, and the `##` headings of
/// `outline`'s body, each once. Pure.
pub fn draft_text(
    period: Period,
    title: &str,
    latest: Option<&Report>,
    outline: Option<&Report>,
) -> String {
    let mut out = draft_opening_titled(period, title);
    push_draft_rest(&mut out, latest, outline);
    out
}

/// Everything of a draft after its opening lines: tables and headings.
fn push_draft_rest(out: &mut String, latest: Option<&Report>, outline: Option<&Report>) {
    match latest {
        Some(r) if !r.tables.is_empty() => {
            out.push_str("tables:\n");
            for t in &r.tables {
                push_table(out, t);
            }
        }
        _ => {
            out.push_str("tables:\n");
            push_table(out, &example_table());
        }
    }
    out.push_str("---\n");
    let mut headings = outline
        .map(|r| section_headings(&r.body))
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    headings.retain(|h| seen.insert(h.clone()));
    let headings = if headings.is_empty() {
        vec!["## 01. Sección".to_string()]
    } else {
        headings
    };
    for (i, h) in headings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(h);
        out.push('\n');
    }
}

/// The table offered when the archive has no report yet, taken from the
/// January 2024 report so the shape is a real one.
fn example_table() -> Table {
    Table {
        number: Some(1),
        id: "visas-residencias".into(),
        title: "Registro, control y emisión de visas y residencias".into(),
        caption: None,
        unit: "Cantidad de documentos".into(),
        source: Some("Ejecución mensual de metas físicas, Subdirección de Planificación.".into()),
        total: None,
        rows: vec![crate::load::model::Row {
            id: "visas-emitidas".into(),
            label: "Visas emitidas".into(),
            value: None,
            line: 0,
        }],
        line: 0,
    }
}

/// One table with every `value:` empty and no `total:` (the total of a
/// half-filled table would be wrong, and the build computes it anyway).
fn push_table(out: &mut String, t: &Table) {
    push_table_head(out, t.number, &t.id, &t.title, &t.unit, t.source.as_deref());
    out.push_str("    rows:\n");
    for r in &t.rows {
        push_row_head(out, &r.label, &r.id);
        out.push_str("        value:\n");
    }
}

/// An `##` heading being read: its `{#id .class}` attributes and the byte
/// span of its inline content in the body.
type OpenHeading = (Option<String>, Vec<String>, Option<(usize, usize)>);

/// The `##` headings of a Markdown body, as `## text` lines (with their
/// `{#id .class}` attributes, so anchors stay stable from month to month).
/// Parsed, not grepped, so `##` inside code blocks is not taken for a heading
/// and setext (`---` underlined) headings are found too.
pub fn section_headings(body: &str) -> Vec<String> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    let mut current: Option<OpenHeading> = None;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                classes,
                ..
            }) => {
                current = Some((
                    id.map(|s| s.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    None,
                ))
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((id, classes, Some((a, b)))) = current.take() {
                    let text: String = body
                        .get(a..b)
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if text.is_empty() {
                        continue;
                    }
                    let mut line = format!("## {text}");
                    let mut attrs: Vec<String> = Vec::new();
                    if let Some(id) = id {
                        attrs.push(format!("#{id}"));
                    }
                    attrs.extend(classes.into_iter().map(|c| format!(".{c}")));
                    if !attrs.is_empty() {
                        line.push_str(&format!(" {{{}}}", attrs.join(" ")));
                    }
                    out.push(line);
                }
            }
            _ => {
                if let Some((_, _, span)) = current.as_mut() {
                    *span = Some(match *span {
                        None => (range.start, range.end),
                        Some((a, b)) => (a.min(range.start), b.max(range.end)),
                    });
                }
            }
        }
    }
    out
}

/// Reads `text` back through the real loader (in a scratch site, so nothing
/// in the editor's site is touched) and checks it says what was meant: a
/// draft for `period` with the latest report's tables, rows and labels, every
/// value empty.
pub fn verify(text: &str, period: Period, latest: Option<&Report>) -> Result<(), String> {
    let scratch = Scratch::new().map_err(|e| {
        t!(
            "new-scratch-create",
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    let file = scratch.0.join(report_path(period));
    write_new(&file, text).map_err(|e| {
        t!(
            "new-scratch-write",
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    let archive = load::load(&scratch.0, true)
        .map_err(|d| format!("the generated report does not load:\n{d}"))?;
    let [got] = archive.reports.as_slice() else {
        return Err("the generated report was not read back as one report".into());
    };
    let expected: Vec<Table> = match latest {
        Some(r) if !r.tables.is_empty() => r.tables.clone(),
        _ => vec![example_table()],
    };
    let mismatch = |what: &str| {
        Err(format!(
            "the generated report reads back with a different {what}"
        ))
    };
    if got.period != period || !got.draft || got.sample {
        return mismatch("period or draft flag");
    }
    if got.tables.len() != expected.len() {
        return mismatch("number of tables");
    }
    for (g, e) in got.tables.iter().zip(&expected) {
        if (g.number, &g.id, &g.title, &g.unit, &g.source)
            != (e.number, &e.id, &e.title, &e.unit, &e.source)
            || g.total.is_some()
            || g.rows.len() != e.rows.len()
        {
            return mismatch(&format!("table `{}`", e.id));
        }
        for (gr, er) in g.rows.iter().zip(&e.rows) {
            if (&gr.id, &gr.label) != (&er.id, &er.label) || gr.value.is_some() {
                return mismatch(&format!("row `{}/{}`", e.id, er.id));
            }
        }
    }
    Ok(())
}

/// A private folder under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "faro-new-{}-{}-{}",
            std::process::id(),
            nanos,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        // create_dir, not create_dir_all: fails rather than reuse a folder
        // someone else made with the same name.
        std::fs::create_dir(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `faro new` as the command line runs it: prints what happened, returns the exit code.
pub fn run(root: &Path, period: Period) -> u8 {
    match new_report(root, period) {
        Ok(c) => {
            let path = c.path.display().to_string();
            println!("{}", t!("new-created", path = path.as_str()));
            match c.based_on {
                Some(p) => println!("{}", t!("new-based-on", period = p.to_string())),
                None => println!("{}", t!("new-example")),
            }
            println!("{}", t!("new-next", path = path.as_str()));
            0
        }
        Err(e) => {
            eprintln!("faro: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_parsed_not_grepped() {
        let body = "## 01. Política *Migratoria*\n\nTexto.\n\n```\n## not a heading\n```\n\nDos\n---\n\n### Sub\n\n## Tres {#tres .x}\n";
        assert_eq!(
            section_headings(body),
            [
                "## 01. Política *Migratoria*",
                "## Dos",
                "## Tres {#tres .x}"
            ]
        );
    }

    #[test]
    fn a_title_takes_the_new_month_in_its_own_words() {
        let p = |year, month| Period { year, month };
        let (june, july) = (p(2024, 6), p(2024, 7));
        for (title, from, to, expected) in [
            (
                "Informe mensual — junio 2024",
                june,
                july,
                "Informe mensual — julio 2024",
            ),
            (
                "Boletín de Junio de 2024",
                june,
                july,
                "Boletín de Julio de 2024",
            ),
            ("RESUMEN JUNIO 2024", june, july, "RESUMEN JULIO 2024"),
            (
                "Informe de diciembre 2024",
                p(2024, 12),
                p(2025, 1),
                "Informe de enero 2025",
            ),
            ("Datos 2024-06", june, july, "Datos 2024-07"),
            (
                "Cifras de setiembre",
                p(2024, 9),
                p(2024, 10),
                "Cifras de octubre",
            ),
            // Only the report's own year changes: 2023 is something else.
            (
                "Junio 2024: la meta de 2023",
                june,
                july,
                "Julio 2024: la meta de 2023",
            ),
        ] {
            assert_eq!(
                retitle(title, from, to).as_deref(),
                Some(expected),
                "{title}"
            );
        }
        // Names no month of its own: the site's title is used instead.
        assert_eq!(retitle("Informe de actividades", june, july), None);
        assert_eq!(retitle("Informe de mayo 2024", june, july), None);
        // "junior" is not "junio".
        assert_eq!(retitle("Programa junior 2024", june, july), None);
    }

    #[test]
    fn without_a_report_the_title_is_the_sites_in_the_singular() {
        let config = |title: &str| {
            Config::parse(
                &format!("title: \"{title}\"\nbase_url: https://x.org/\n"),
                Path::new("site.yaml"),
            )
            .expect("config")
        };
        let july = Period {
            year: 2024,
            month: 7,
        };
        assert_eq!(
            draft_title(july, None, &config("Informes de actividades relevantes")),
            "Informe de actividades relevantes — julio 2024"
        );
        assert_eq!(
            draft_title(july, None, &config("Portal de datos")),
            "Portal de datos — julio 2024"
        );
        let mut report = Report::empty(Period {
            year: 2024,
            month: 6,
        });
        report.title = "Boletín de junio 2024".into();
        assert_eq!(
            draft_title(july, Some(&report), &config("Portal de datos")),
            "Boletín de julio 2024"
        );
        report.title = "Boletín".into();
        assert_eq!(
            draft_title(july, Some(&report), &config("Portal de datos")),
            "Portal de datos — julio 2024"
        );
    }

    #[test]
    fn invalid_periods_are_usage_errors() {
        assert!(parse_period_arg("2024-13").is_err());
        assert!(parse_period_arg("24-01").is_err());
        assert!(parse_period_arg("2024-1").is_err());
        assert_eq!(
            parse_period_arg("2024-02"),
            Ok(Period {
                year: 2024,
                month: 2
            })
        );
    }
}
