//! `faro import FILE...`: Word, PDF and text reports → draft faro reports
//! with their photos, so the historical archive gets in without retyping.
//!
//! Each file is read by its reader (`docx`, `pdf`, `txt`) into one text
//! model (`doc`), recognised (`recognise`), given the archive's ids
//! (`ids`), written as Markdown with YAML front matter (`emit`), read back
//! through the build's own loader, and only then written into the site
//! (`place`). Files are read in parallel, each in its own worker process
//! with limits on memory and time (`worker`): one bad file (even one that
//! makes a parser crash, loop or eat all memory) is refused on its own and
//! never stops the others.

pub mod batch;
pub mod doc;
pub mod docx;
pub mod emit;
pub mod ids;
pub mod images;
pub mod pdf;
pub mod pdf_fence;
pub mod place;
pub mod recognise;
pub mod txt;
pub mod worker;

use crate::load::config::Config;
use crate::load::model::{Period, Report};
use crate::t;
use recognise::Draft;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a document may weigh before it is refused, and what reading it
/// may take: the worker that reads it (`worker`) is stopped at
/// `max_memory` bytes of memory or `max_seconds` seconds.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_images: usize,
    pub max_memory: u64,
    pub max_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 200_000_000,
            max_images: 10_000,
            max_memory: 1 << 30,
            max_seconds: 60,
        }
    }
}

/// The command's options.
#[derive(Debug, Clone)]
pub struct Options {
    pub files: Vec<PathBuf>,
    pub root: PathBuf,
    /// Overrides the period found in the document.
    pub period: Option<Period>,
    /// Replace an existing month (its old file kept as `index.md.bak`).
    pub force: bool,
    /// Read, recognise and check everything; write nothing.
    pub dry_run: bool,
    /// Copy the imported file into the report's folder.
    pub keep_original: bool,
    pub progress: bool,
    pub limits: Limits,
    /// Where to write what happened to each file, as JSON (`--report`).
    pub report: Option<PathBuf>,
}

/// A document read and recognised, not yet written.
pub struct Converted {
    pub period: Period,
    pub draft: Draft,
    pub warnings: Vec<String>,
    pub repeated_images: usize,
    /// The original file's name as recorded in the report, and its bytes.
    pub original_name: String,
    pub original: Vec<u8>,
    pub sha256: String,
}

/// Reads and recognises one file. Only a regular file is read; its bytes
/// are parsed in a worker process started from `worker_exe` (faro
/// itself), so a document that crashes, loops or exhausts a parser is
/// refused alone. Every failure is a message for the editor.
pub fn convert(
    file: &Path,
    period: Option<Period>,
    limits: &Limits,
    worker_exe: &Path,
) -> Result<Converted, String> {
    let bytes = worker::read_regular(file, limits.max_bytes)?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let document = match ext.as_str() {
        "docx" | "pdf" | "txt" => worker::read_fenced(worker_exe, &ext, &bytes, limits)?,
        // Refused by name: not worth a process.
        _ => read_document(&ext, &bytes, limits)?,
    };
    let draft = recognise::recognise(&document.blocks);
    if draft.tables.is_empty() {
        return Err(t!("import-no-tables"));
    }
    let period = match (period, draft.period) {
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => {
            return Err(t!("import-no-period"));
        }
    };
    let mut warnings = document.warnings;
    if let (Some(given), Some(found)) = (period_given(period, draft.period), draft.period) {
        warnings.push(t!(
            "import-period-differs",
            given = given.to_string(),
            found = found.to_string()
        ));
    }
    warnings.extend(draft.warnings.iter().cloned());
    Ok(Converted {
        period,
        warnings,
        repeated_images: document.repeated_images,
        original_name: original_name(file, &ext),
        sha256: hex(&Sha256::digest(&bytes)),
        original: bytes,
        draft,
    })
}

fn period_given(used: Period, found: Option<Period>) -> Option<Period> {
    found.filter(|f| *f != used).map(|_| used)
}

/// The reading step, file bytes → the text model: what the worker runs
/// (and the fuzz targets). Never call it on a document in the importing
/// process: a hostile document can take down the process that reads it.
pub fn read_document(ext: &str, bytes: &[u8], limits: &Limits) -> Result<doc::Document, String> {
    match ext {
        "docx" => docx::read(bytes, limits),
        "pdf" => pdf::read(bytes, limits),
        "txt" => {
            let text = std::str::from_utf8(bytes).map_err(|_| t!("import-txt-not-utf8"))?;
            Ok(txt::read(text))
        }
        "doc" => Err(t!("import-old-doc")),
        _ => Err(t!("import-unknown-kind")),
    }
}

/// The original's name as kept beside the report: a slug of its name, so it
/// is a safe file name and a clean address (`Informe Enero 2024.PDF` →
/// `informe-enero-2024.pdf`).
fn original_name(file: &Path, ext: &str) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = crate::support::slug::slugify(stem);
    let stem = if stem.is_empty() || stem == "index" {
        "original".to_string()
    } else {
        stem
    };
    format!("{stem}.{ext}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The result of importing one file, for the summary.
pub struct Imported {
    pub path: PathBuf,
    pub tables: usize,
    pub photos: usize,
    pub captions_without_image: usize,
    pub review: usize,
    /// Each place to review: its line in the report's file, and what.
    pub points: Vec<(usize, String)>,
    pub new_ids: Vec<String>,
    pub warnings: Vec<String>,
    pub backup: Option<PathBuf>,
    pub repeated_images: usize,
}

/// Turns a converted document into the report's text and files, checks
/// the text with the build's loader, and writes it (unless `dry_run`).
pub fn finish(c: &mut Converted, known: &ids::Known, opts: &Options) -> Result<Imported, String> {
    let new_ids = ids::assign(&mut c.draft.tables, known);
    let dir_rel = place::report_dir(c.period);
    let dir = opts.root.join(&dir_rel);
    let mut names: Vec<String> = Vec::new();
    let mut files: Vec<place::File> = Vec::new();
    for item in &c.draft.body {
        if let recognise::Item::Photo {
            image: Some(img), ..
        } = item
        {
            let stem = format!("foto-{:02}", names.len() + 1);
            let name = place::free_name(&dir, &stem, img.ext, &img.bytes, &names);
            names.push(name.clone());
            files.push(place::File {
                name,
                bytes: &img.bytes,
            });
        }
    }
    let original_name = if opts.keep_original {
        let (stem, ext) = c
            .original_name
            .rsplit_once('.')
            .unwrap_or((&c.original_name, ""));
        let name = place::free_name(&dir, stem, ext, &c.original, &names);
        files.push(place::File {
            name: name.clone(),
            bytes: &c.original,
        });
        name
    } else {
        c.original_name.clone()
    };
    let source = emit::Source {
        name: &original_name,
        kept: opts.keep_original,
        sha256: &c.sha256,
    };
    let emitted = emit::emit(c.period, &c.draft, &names, &source, &c.warnings);
    let shown = dir_rel.join("index.md");
    verify(&shown, &emitted.text, c.period, &c.draft)?;
    let backup = if opts.dry_run {
        None
    } else {
        place::write(&opts.root, c.period, &emitted.text, &files, opts.force)?.backup
    };
    let captions_without_image = c
        .draft
        .body
        .iter()
        .filter(|i| matches!(i, recognise::Item::Photo { image: None, .. }))
        .count();
    Ok(Imported {
        path: shown,
        tables: c.draft.tables.len(),
        photos: names.len(),
        captions_without_image,
        review: emitted.points.len(),
        points: emitted.points,
        new_ids,
        warnings: c.warnings.clone(),
        backup,
        repeated_images: c.repeated_images + c.draft.letterhead_images,
    })
}

/// Reads the text back with the build's own rules and checks it says what
/// was recognised: a draft of the month, the same tables, rows and values.
fn verify(shown: &Path, text: &str, period: Period, draft: &Draft) -> Result<(), String> {
    let report: Report = crate::load::parse_report_text(shown, text, &period.to_string())
        .map_err(|d| t!("import-internal-does-not-load", problems = d.to_string()))?;
    let same = report.period == period
        && report.draft
        && report.tables.len() == draft.tables.len()
        && report.tables.iter().zip(&draft.tables).all(|(g, e)| {
            (g.number, &g.id, &g.title, &g.unit, &g.source, g.total)
                == (e.number, &e.id, &e.title, &e.unit, &e.source, e.total)
                && g.rows.len() == e.rows.len()
                && g.rows.iter().zip(&e.rows).all(|(gr, er)| {
                    (&gr.id, &gr.label, gr.value)
                        == (&er.id, &er.label, er.value.as_ref().ok().copied())
                })
        });
    if same {
        Ok(())
    } else {
        Err(t!("import-internal-reads-differently"))
    }
}

/// `faro import` as the command line runs it: prints a line per file and a
/// summary, returns the exit code (0 all imported, 1 any refused).
pub fn run(opts: &Options) -> u8 {
    // Only a site is imported into: its `site.yaml` must read.
    if let Err(d) = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml")) {
        eprint!("{d}");
        eprintln!(
            "{}",
            t!("import-not-a-site", root = opts.root.display().to_string())
        );
        return 1;
    }
    let mut known = if opts.root.join("content").is_dir() {
        match crate::load::load(&opts.root, true) {
            Ok(a) => ids::Known::from_reports(&a.reports),
            Err(d) => {
                eprint!("{d}");
                eprintln!("{}", t!("import-site-does-not-load"));
                return 1;
            }
        }
    } else {
        ids::Known::default()
    };
    let first_report = known.is_empty();
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!(
                "{}",
                t!(
                    "import-worker-no-exe",
                    error = crate::support::i18n::error_text(&e)
                )
            );
            return 1;
        }
    };
    // Folders stand for the files they hold (src/import/batch.rs).
    let files = batch::expand(&opts.files);
    let converted = convert_all(opts, &files, &exe);
    // Oldest month first, so a batch of history lines up month after month.
    let mut order: Vec<usize> = (0..converted.len()).collect();
    order.sort_by_key(|&i| converted[i].as_ref().map(|c| c.period).ok());
    let mut results: Vec<Option<Result<Imported, String>>> =
        (0..converted.len()).map(|_| None).collect();
    let months: Vec<(&Path, Option<Period>)> = files
        .iter()
        .zip(&converted)
        .map(|(f, c)| (f.as_path(), c.as_ref().ok().map(|c| c.period)))
        .collect();
    let choices = batch::choose(&months);
    let mut converted = converted;
    for i in order {
        let result = match (&mut converted[i], &choices[i]) {
            (Err(e), _) => Err(e.clone()),
            (Ok(_), batch::Choice::SameAs(_)) => continue,
            (Ok(c), batch::Choice::Twice(j)) => Err(t!(
                "import-month-twice",
                period = c.period.to_string(),
                other = files[*j].display().to_string()
            )),
            (Ok(c), _) => {
                let r = finish(c, &known, opts);
                if r.is_ok() {
                    known.learn(&c.draft.tables);
                }
                r
            }
        };
        results[i] = Some(result);
    }
    report(opts, &files, &results, &choices, first_report)
}

/// Reads every file, in parallel (a worker per file, as many at once as
/// there are cores), with a progress bar on a terminal.
fn convert_all(opts: &Options, files: &[PathBuf], exe: &Path) -> Vec<Result<Converted, String>> {
    use rayon::prelude::*;
    let bar = if opts.progress && files.len() > 1 {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
            "{} {{bar:30}} {{pos}}/{{len}} {{wide_msg}}",
            t!("import-progress")
        )) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let out = files
        .par_iter()
        .map(|f| {
            let r = convert(f, opts.period, &opts.limits, exe);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    out
}

/// Prints the per-file lines and the summary (with a table of every file
/// when there are several, and the JSON report when asked); the exit code.
fn report(
    opts: &Options,
    files: &[PathBuf],
    results: &[Option<Result<Imported, String>>],
    choices: &[batch::Choice],
    first_report: bool,
) -> u8 {
    let verb = if opts.dry_run {
        t!("import-verb-would-write")
    } else {
        t!("import-verb-wrote")
    };
    let outcomes: Vec<batch::Outcome> = files
        .iter()
        .zip(results)
        .zip(choices)
        .filter_map(|((file, r), choice)| {
            outcome(file, r.as_ref(), choice, files, &verb, first_report)
        })
        .collect();
    let ok = batch::count(&outcomes, batch::Verdict::Imported);
    let refused = batch::count(&outcomes, batch::Verdict::Refused);
    let review: usize = results.iter().flatten().flatten().map(|i| i.review).sum();
    if outcomes.len() > 1 {
        print!("{}", batch::table(&outcomes));
    }
    let summary = t!(
        "import-summary",
        ok = ok,
        refused = refused,
        review = review
    );
    if opts.dry_run {
        println!("{summary}{}", t!("import-summary-dry-run"));
    } else {
        println!("{summary}");
    }
    if ok > 0 && !opts.dry_run {
        println!("{}", t!("import-next"));
    }
    if let Some(path) = &opts.report {
        if let Err(e) = std::fs::write(path, batch::json(&outcomes)) {
            eprintln!(
                "{}",
                t!(
                    "import-report-not-written",
                    path = path.display().to_string(),
                    error = crate::support::i18n::error_text(&e)
                )
            );
            return 1;
        }
    }
    if refused > 0 { 1 } else { 0 }
}

/// Prints what became of `file` and returns it for the table and the JSON
/// report; `None` for a file that was not read (and not the same month as
/// another).
fn outcome(
    file: &Path,
    result: Option<&Result<Imported, String>>,
    choice: &batch::Choice,
    files: &[PathBuf],
    verb: &str,
    first_report: bool,
) -> Option<batch::Outcome> {
    let shown = file.display().to_string();
    match (result, choice) {
        (Some(Ok(i)), _) => {
            print_imported(file, i, verb, first_report);
            let path = i.path.display().to_string();
            Some(batch::Outcome {
                file: shown,
                result: batch::Verdict::Imported,
                report: Some(path.clone()),
                why: None,
                review: i
                    .points
                    .iter()
                    .map(|(line, what)| format!("{path}:{line}: {what}"))
                    .collect(),
            })
        }
        (Some(Err(e)), _) => {
            eprintln!(
                "{}",
                t!("import-refused", file = shown.as_str(), why = e.as_str())
            );
            Some(batch::Outcome {
                file: shown,
                result: batch::Verdict::Refused,
                report: None,
                why: Some(e.clone()),
                review: Vec::new(),
            })
        }
        (None, batch::Choice::SameAs(j)) => {
            let other = files.get(*j)?.display().to_string();
            println!(
                "{}",
                t!(
                    "import-same-month",
                    file = shown.as_str(),
                    other = other.as_str()
                )
            );
            Some(batch::Outcome {
                file: shown,
                result: batch::Verdict::SameMonth,
                report: None,
                why: Some(other),
                review: Vec::new(),
            })
        }
        (None, _) => None,
    }
}

/// The lines for one imported file.
fn print_imported(file: &Path, i: &Imported, verb: &str, first_report: bool) {
    println!(
        "{}",
        t!(
            "import-imported",
            file = file.display().to_string(),
            verb = verb,
            path = i.path.display().to_string(),
            tables = i.tables,
            photos = i.photos
        )
    );
    if let Some(b) = &i.backup {
        let backup = b.display().to_string();
        println!("  {}", t!("import-backup-kept", backup = backup));
    }
    if i.captions_without_image > 0 {
        let count = i.captions_without_image;
        println!("  {}", t!("import-captions-without-image", count = count));
    }
    if i.repeated_images > 0 {
        let count = i.repeated_images;
        println!("  {}", t!("import-repeated-images", count = count));
    }
    let shown = i.path.display().to_string();
    for (line, what) in &i.points {
        let point = t!(
            "import-review-point",
            file = shown.as_str(),
            line = line.to_string(),
            what = what.as_str()
        );
        println!("  {point}");
    }
    if first_report && !i.new_ids.is_empty() {
        let count = i.new_ids.len();
        println!("  {}", t!("import-ids-created", count = count));
    } else if !i.new_ids.is_empty() {
        let ids = i.new_ids.join(", ");
        println!("  {}", t!("import-new-ids", ids = ids));
    }
    if i.review > 0 {
        println!("  {}", t!("import-places-to-review", count = i.review));
    }
}
