//! Load and validate: `content/` on disk → `Archive`.
//!
//! Every file is read once, here. Every problem is collected with its file,
//! line and column; the caller gets either a whole valid archive or all the
//! problems at once.
//!
//! `document` splits a file and parses its YAML, `fields` reads typed values
//! out of it, `report` and `page` check each kind of file, `definitions`
//! reads the indicator definitions.

pub mod config;
mod corrections;
pub(crate) mod definitions;
pub(crate) mod document;
pub(crate) mod fields;
pub(crate) mod kept;
pub mod markdown_refs;
pub mod model;
mod page;
mod report;
pub mod yamlerror;
pub mod yamlpos;

use crate::load::model::{Archive, Page, Period, Report};
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::{problem, t};
use document::split_front_matter;
use page::parse_page;
use rayon::prelude::*;
use report::{PhotoFile, parse_report};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

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
pub fn load(root: &Path, include_drafts: bool) -> Result<Archive, Diagnostics> {
    load_from(root, include_drafts, None)
}

/// [`load`], taking each report whose file did not change from the reports
/// the last build parsed, and keeping this build's for the next
/// ([`kept`], in the site's `.faro-cache/`): what `faro build` does.
pub fn load_keeping(root: &Path, include_drafts: bool) -> Result<Archive, Diagnostics> {
    load_from(root, include_drafts, Some(kept::Kept::read(root)))
}

fn load_from(
    root: &Path,
    include_drafts: bool,
    kept: Option<kept::Kept>,
) -> Result<Archive, Diagnostics> {
    let scan = scan(root);
    let mut diags = Diagnostics(scan.diags);
    let definitions = definitions::load(root, &root.join("content"), &scan.definitions, &mut diags);
    // Resolved once: resolving it for every file was 2 `readlink`s each.
    let site = site_folder(root);
    let content = root.join("content");
    let (parsed, entries): (Vec<Loaded>, Vec<Option<Entry>>) = scan
        .files
        .par_iter()
        .map(|path| {
            let (file, entry) = load_file(root, &site, &content, path, kept.as_ref());
            (Loaded(file.map_err(|d| d.0)), entry)
        })
        .unzip();
    if let Some(kept) = &kept {
        keep(kept, &entries);
    }
    check_across(parsed.iter(), diags)?;
    // Moved, not copied as the preview's `assemble_reusing` does (it keeps
    // its files between saves): copying every report was 6 % of a
    // one-word rebuild's peak memory.
    let (mut reports, mut pages, mut home) = (Vec::new(), Vec::new(), None);
    for loaded in parsed {
        match loaded.0 {
            Ok(File::Report(r)) if in_archive(r.draft, include_drafts) => reports.push(r.report),
            Ok(File::Page(p)) if is_home(&p) => home = Some(*p),
            Ok(File::Page(p)) if in_archive(p.draft, include_drafts) => pages.push(*p),
            _ => {}
        }
    }
    Ok(archive(reports, pages, home, definitions))
}

/// A report file's entry in the cache of parsed reports: its key, and its
/// JSON when parsed this time (`None`: taken from the cache as it is).
type Entry = (u128, Option<String>);

/// The cache of parsed reports is added to while it holds at least this
/// many entries in use for each unused one (of a report since edited,
/// moved or deleted); beyond, it is written whole again.
const USED_PER_UNUSED: usize = 8;

/// Keeps what this build parsed in the cache of parsed reports: adds the
/// reports it parsed to it, or writes it whole when it would hold fewer
/// than [`USED_PER_UNUSED`] entries in use for each unused one, or adding
/// fails.
fn keep(kept: &kept::Kept, entries: &[Option<Entry>]) {
    let entries: Vec<&Entry> = entries.iter().flatten().collect();
    let parsed: Vec<(u128, &str)> = entries
        .iter()
        .filter_map(|(key, json)| Some((*key, json.as_deref()?)))
        .collect();
    let taken = entries.len() - parsed.len();
    let unused = kept.len().saturating_sub(taken);
    if unused * USED_PER_UNUSED <= entries.len()
        && (parsed.is_empty() || kept::append(kept, &parsed))
    {
        return;
    }
    let lines: Vec<(u128, &str)> = entries
        .iter()
        .filter_map(|(key, json)| Some((*key, json.as_deref().or_else(|| kept.json(*key))?)))
        .collect();
    kept::write(kept, &lines);
}

/// The files of `content/`, as found: what [`load`] reads.
#[derive(Clone)]
pub(crate) struct Scan {
    /// Definition files, under `content/indicadores/`.
    pub(crate) definitions: Vec<PathBuf>,
    /// Report and page files.
    pub(crate) files: Vec<PathBuf>,
    /// What is wrong with the folder itself (links leading outside, no folder).
    pub(crate) diags: Vec<Diagnostic>,
}

/// Lists the `.md` files of `root/content`, sorted, definitions apart.
pub(crate) fn scan(root: &Path) -> Scan {
    let content = root.join("content");
    let mut diags = Diagnostics::default();
    let site = site_folder(root);
    let files = content_files(root, &site, &content, &mut diags);
    // `content/indicadores/` holds definitions, not pages.
    let (definitions, files): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| definitions::is_definition(&content, p));
    if !content.is_dir() {
        diags.push(problem!(
            "load-no-content-folder",
            shown(root, &content),
            0,
            0
        ));
    }
    Scan {
        definitions,
        files,
        diags: diags.0,
    }
}

/// One report or page file read and checked on its own, or its problems.
#[derive(Debug, Clone)]
pub(crate) struct Loaded(Result<File, Vec<Diagnostic>>);

impl Loaded {
    /// The report this file holds, if it is a valid report.
    pub(crate) fn report(&self) -> Option<&Report> {
        match &self.0 {
            Ok(File::Report(r)) => Some(&r.report),
            _ => None,
        }
    }
}

/// Reads and checks one file of `root/content` (its path as [`scan`] gives it).
pub(crate) fn read_file(root: &Path, path: &Path) -> Loaded {
    let site = site_folder(root);
    Loaded(
        load_file(root, &site, &root.join("content"), path, None)
            .0
            .map_err(|d| d.0),
    )
}

/// The preview's archive from the files it read ([`check_across`] first),
/// drafts kept only when `include_drafts`; each report taken from `reuse`
/// when it hands back one (the preview's last archive holds the same
/// report, already made, for a file not read again since) instead of
/// copying the file's.
pub(crate) fn assemble_reusing<'a>(
    parsed: impl Iterator<Item = &'a Loaded>,
    definitions: std::collections::BTreeMap<String, crate::load::model::Definition>,
    include_drafts: bool,
    diags: Diagnostics,
    reuse: &(dyn Fn(&Report) -> Option<Report> + Sync),
) -> Result<Archive, Diagnostics> {
    let files = check_across(parsed, diags)?;
    // Copied side by side: the preview assembles the archive at each save.
    let kept: Vec<&LoadedReport> = files
        .reports
        .into_iter()
        .filter(|r| in_archive(r.draft, include_drafts))
        .collect();
    let reports: Vec<Report> = kept
        .par_iter()
        .map(|r| reuse(&r.report).unwrap_or_else(|| r.report.clone()))
        .collect();
    let pages: Vec<Page> = files
        .pages
        .into_iter()
        .filter(|p| in_archive(p.draft, include_drafts))
        .cloned()
        .collect();
    Ok(archive(reports, pages, files.home.cloned(), definitions))
}

/// Whether a file goes in the archive: drafts only when `include_drafts`.
/// (The home text is kept whatever its `draft`.)
fn in_archive(draft: bool, include_drafts: bool) -> bool {
    include_drafts || !draft
}

/// Whether a page is the home text: the one at the site's root.
fn is_home(page: &Page) -> bool {
    page.url_path.is_empty()
}

/// The valid files of the archive by kind; the last home text wins (two
/// are an error).
struct Files<'a> {
    reports: Vec<&'a LoadedReport>,
    pages: Vec<&'a Page>,
    home: Option<&'a Page>,
}

/// The files by kind, once the checks across files (one report per month,
/// one page per address, one home text) found nothing wrong in them nor in
/// any file; otherwise every problem, with `diags`, the earlier ones.
fn check_across<'a>(
    parsed: impl Iterator<Item = &'a Loaded>,
    mut diags: Diagnostics,
) -> Result<Files<'a>, Diagnostics> {
    let mut files = Files {
        reports: Vec::new(),
        pages: Vec::new(),
        home: None,
    };
    for result in parsed {
        match &result.0 {
            Ok(File::Report(r)) => files.reports.push(r.as_ref()),
            Ok(File::Page(p)) if is_home(p) => {
                if let Some(first) = files.home {
                    diags.push(both_home(first, p));
                }
                files.home = Some(p.as_ref())
            }
            Ok(File::Page(p)) => files.pages.push(p.as_ref()),
            Err(d) => diags.extend(Diagnostics(d.clone())),
        }
    }
    duplicate_periods(&files.reports, &mut diags);
    duplicate_urls(&files.pages, &mut diags);
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags.sorted())
    }
}

/// The archive of these reports and pages, each sorted (by period, by address).
fn archive(
    mut reports: Vec<Report>,
    mut pages: Vec<Page>,
    home: Option<Page>,
    definitions: std::collections::BTreeMap<String, crate::load::model::Definition>,
) -> Archive {
    reports.sort_by_key(|r| r.period);
    pages.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    Archive {
        reports,
        pages,
        home,
        definitions,
    }
}

/// The same period twice: name both files in both messages.
fn duplicate_periods(reports: &[&LoadedReport], diags: &mut Diagnostics) {
    let mut by_period: HashMap<Period, Vec<&LoadedReport>> = HashMap::new();
    for r in reports {
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
                diags.push(problem!(
                    "load-period-twice",
                    &r.source,
                    r.period_line,
                    r.period_col,
                    period = period.to_string(),
                    others = others.join(", "),
                ));
            }
        }
    }
}

/// Two pages at the same address.
fn duplicate_urls(pages: &[&Page], diags: &mut Diagnostics) {
    let mut seen_urls: HashMap<String, PathBuf> = HashMap::new();
    for p in pages {
        if let Some(first) = seen_urls.insert(p.url_path.clone(), p.source.clone()) {
            diags.push(problem!(
                "load-page-same-address",
                &p.source,
                0,
                0,
                other = first.display().to_string(),
                address = &p.url_path,
            ));
        }
    }
}

/// The `.md` files under `content`, sorted. Links are followed when they
/// lead to a file or folder inside the site (`root`); one that leads
/// outside is reported, not read: faro reads only the site's own files.
fn content_files(
    root: &Path,
    site: &Path,
    content: &Path,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut outside = Vec::new();
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if !e.file_type().is_dir() && not_content(e.path()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(site) => true,
                target => {
                    outside.push((e.path().to_path_buf(), target.ok()));
                    false
                }
            }
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_else(|| content.to_path_buf());
                // An editor's lock file is often a link to nowhere (Emacs's `.#name`).
                if p != content && not_content(&p) {
                    continue;
                }
                let show = shown(root, &p);
                diags.push(if e.loop_ancestor().is_some() {
                    problem!("load-link-loop", show, 0, 0)
                } else if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_symlink()) {
                    problem!("load-link-broken", show, 0, 0)
                } else {
                    problem!(
                        "load-cannot-read",
                        show,
                        0,
                        0,
                        error = crate::support::i18n::error_text(&e)
                    )
                });
            }
        }
    }
    for (link, target) in outside {
        let to = target.map_or_else(|| t!("load-link-nowhere"), |t| t.display().to_string());
        diags.push(problem!(
            "load-link-outside",
            shown(root, &link),
            0,
            0,
            target = to
        ));
    }
    files
}

/// Hidden files and editors' lock and backup files are not content
/// (folders are judged by the files in them).
fn not_content(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        || crate::support::junk::is_editor_junk(path)
}

/// The site folder with every link resolved, to tell what is inside it.
fn site_folder(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// What is at `path`: a photo is read only if it is inside the site (`site`,
/// resolved), so a link cannot publish a file from elsewhere.
fn photo_file(site: &Path, path: &Path) -> PhotoFile {
    if !path.is_file() {
        return PhotoFile::Missing;
    }
    match std::fs::canonicalize(path) {
        Ok(target) if target.starts_with(site) => PhotoFile::Found,
        Ok(target) => PhotoFile::Outside(target.display().to_string()),
        Err(_) => PhotoFile::Missing,
    }
}

/// A report and where its period was written (for the duplicate-period message).
#[derive(Debug, Clone)]
struct LoadedReport {
    report: Report,
    source: PathBuf,
    period: Period,
    period_line: usize,
    period_col: usize,
    draft: bool,
}

#[derive(Debug, Clone)]
enum File {
    Report(Box<LoadedReport>),
    Page(Box<Page>),
}

/// Two files that would both be the home text.
fn both_home(first: &Page, second: &Page) -> Diagnostic {
    problem!(
        "load-home-twice",
        &second.source,
        0,
        0,
        other = first.source.display().to_string()
    )
}

/// The path as shown in messages: relative to the site root when possible.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads and checks one file; with `kept`, a report is taken from it when
/// its file did not change, and the report's cache entry comes back.
fn load_file(
    root: &Path,
    site: &Path,
    content: &Path,
    path: &Path,
    kept: Option<&kept::Kept>,
) -> (Result<File, Diagnostics>, Option<Entry>) {
    let show = shown(root, path);
    let text = match read_text(&show, path) {
        Ok(text) => text,
        Err(e) => return (Err(e), None),
    };
    let rel = path.strip_prefix(content).unwrap_or(path);
    let Some(parts) = rel
        .iter()
        .map(|s| s.to_str())
        .collect::<Option<Vec<&str>>>()
    else {
        return (
            Err(problem!("load-name-not-utf8", &show, 0, 0).into()),
            None,
        );
    };
    match parts.as_slice() {
        ["informes", y, m, "index.md"] if y.len() == 4 && m.len() == 2 => {
            let folder = format!("{y}-{m}");
            let photo = |p: &Path| photo_file(site, p);
            let (report, entry) = match kept {
                Some(kept) => report_kept(kept, &show, path, &text, &folder, &photo),
                None => (report_from_text(&show, path, &text, &folder, &photo), None),
            };
            (report.map(|r| File::Report(Box::new(r))), entry)
        }
        ["informes", ..] => (
            Err(problem!("load-report-misplaced", &show, 0, 0).into()),
            None,
        ),
        _ => {
            let page = split_front_matter(&text)
                .map_err(|(line, msg)| unclosed(&show, line, msg).into())
                .and_then(|doc| parse_page(&show, &parts, &doc));
            (page.map(|p| File::Page(Box::new(p))), None)
        }
    }
}

/// The file's text, or why it cannot be read.
fn read_text(show: &Path, path: &Path) -> Result<String, Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| {
        problem!(
            "load-cannot-read",
            show,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        problem!("load-not-utf8", show, line, 0).into()
    })
}

/// The report in `text`, from `kept` when the same file was parsed before
/// and what it names beside it is still there; parsed otherwise. Its cache
/// entry with it, when it is a valid report.
fn report_kept(
    kept: &kept::Kept,
    show: &Path,
    path: &Path,
    text: &str,
    folder: &str,
    photo: &dyn Fn(&Path) -> PhotoFile,
) -> (Result<LoadedReport, Diagnostics>, Option<Entry>) {
    let key = kept::key(path, text);
    let found = |p: &Path| matches!(photo(p), PhotoFile::Found);
    let from_cache = kept.json(key).and_then(|json| {
        let doc = split_front_matter(text).ok()?;
        let r = kept::decode(json, show, path, folder, doc.body, doc.body_line)?;
        kept::still_valid(&r.report, &found).then_some(r)
    });
    if let Some(report) = from_cache {
        return (Ok(report), Some((key, None)));
    }
    match report_from_text(show, path, text, folder, photo) {
        Ok(mut report) => {
            let json = kept::encode(&mut report);
            (Ok(report), json.map(|j| (key, Some(j))))
        }
        Err(e) => (Err(e), None),
    }
}

/// Parses and validates the text of one report file, without touching the
/// disk: `shown` is the path named in messages (and recorded as the report's
/// source and, through its parent, its folder), `folder` the `YYYY-MM` its
/// location implies. Photo files are not looked for; `load` does that.
/// Any text gives a report or diagnostics, never a panic.
pub fn parse_report_text(shown: &Path, text: &str, folder: &str) -> Result<Report, Diagnostics> {
    report_from_text(shown, shown, text, folder, &|_| PhotoFile::Found).map(|r| r.report)
}

/// The report in `text`; `photo_file` says what is at a photo's path.
fn report_from_text(
    show: &Path,
    file: &Path,
    text: &str,
    folder: &str,
    photo_file: &dyn Fn(&Path) -> PhotoFile,
) -> Result<LoadedReport, Diagnostics> {
    let doc = split_front_matter(text).map_err(|(line, msg)| unclosed(show, line, msg))?;
    parse_report(show, file, &doc, folder, photo_file)
}

/// The front matter never closed (the one way splitting it fails).
fn unclosed(show: &Path, line: usize, message: String) -> Diagnostic {
    Diagnostic::new(show, line, 1, message).with_code("load-front-matter-unclosed")
}

/// Ids already in use, so callers can report conflicts; kept here to share the rule.
pub fn reserved_sections() -> HashSet<&'static str> {
    RESERVED.iter().copied().collect()
}
