//! `faro import FILE...`: Word, PDF and text reports → draft faro reports
//! with their photos, so the historical archive gets in without retyping.
//!
//! Each file is read by its reader (`docx`, `pdf`, `txt`) into one text
//! model (`doc`), recognised (`recognise`), given the archive's ids
//! (`ids`), written as Markdown with YAML front matter (`emit`), read back
//! through the build's own loader, and only then written into the site
//! (`place`). Files are read in parallel; one bad file (even one that makes
//! a parser panic) is refused on its own and never stops the others.

pub mod doc;
pub mod docx;
pub mod emit;
pub mod ids;
pub mod images;
pub mod pdf;
pub mod place;
pub mod recognise;
pub mod txt;

use crate::config::Config;
use crate::model::{Period, Report};
use recognise::Draft;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a document may weigh before it is refused.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_images: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 200_000_000,
            max_images: 10_000,
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

/// Reads and recognises one file. Every failure is a message for the
/// editor; a panic inside a parser crate becomes one too.
pub fn convert(file: &Path, period: Option<Period>, limits: &Limits) -> Result<Converted, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if size > limits.max_bytes {
        return Err(format!(
            "the file weighs {} bytes, more than the {} MB faro imports: split the document",
            crate::numfmt::thousands(size as i128),
            limits.max_bytes / 1_000_000
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read: {e}"))?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_document(&ext, &bytes, limits)
    }));
    let document = match read {
        Ok(r) => r?,
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no detail".into());
            return Err(format!(
                "the {} reader failed on this file ({why}): it may be damaged or use an unusual font; try exporting it again, or import the Word file",
                ext.to_uppercase()
            ));
        }
    };
    let draft = recognise::recognise(&document.blocks);
    if draft.tables.is_empty() {
        return Err(
            "not a report: no tables were found (a report has at least one table of counts)".into(),
        );
    }
    let period = match (period, draft.period) {
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => {
            return Err("not a report: its month was not found (no title line like `— ENERO, 2024 —` nor a closing line ending in `enero 2024.`): give it with --period YYYY-MM".into());
        }
    };
    let mut warnings = document.warnings;
    if let (Some(given), Some(found)) = (period_given(period, draft.period), draft.period) {
        warnings.push(format!(
            "--period {given} was used; the document says {found}"
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

fn read_document(ext: &str, bytes: &[u8], limits: &Limits) -> Result<doc::Document, String> {
    match ext {
        "docx" => docx::read(bytes, limits),
        "pdf" => pdf::read(bytes, limits),
        "txt" => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| "the text file is not UTF-8: save it as UTF-8 text".to_string())?;
            Ok(txt::read(text))
        }
        "doc" => {
            Err("an old Word .doc: open it in Word and save it as .docx, then import that".into())
        }
        _ => Err("faro imports .docx, .pdf and .txt files".into()),
    }
}

/// The original's name as kept beside the report: a slug of its name, so it
/// is a safe file name and a clean address (`Informe Enero 2024.PDF` →
/// `informe-enero-2024.pdf`).
fn original_name(file: &Path, ext: &str) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = crate::slug::slugify(stem);
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
    let emitted = emit::emit(c.period, &c.draft, &names, &source);
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
        review: emitted.review + c.warnings.len(),
        new_ids,
        warnings: c.warnings.clone(),
        backup,
        repeated_images: c.repeated_images + c.draft.letterhead_images,
    })
}

/// Reads the text back with the build's own rules and checks it says what
/// was recognised: a draft of the month, the same tables, rows and values.
fn verify(shown: &Path, text: &str, period: Period, draft: &Draft) -> Result<(), String> {
    let report: Report =
        crate::load::parse_report_text(shown, text, &period.to_string()).map_err(|d| {
            format!("internal error, please report it: the imported report does not load:\n{d}")
        })?;
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
        Err("internal error, please report it: the imported report reads back differently from the document".into())
    }
}

/// `faro import` as the command line runs it: prints a line per file and a
/// summary, returns the exit code (0 all imported, 1 any refused).
pub fn run(opts: &Options) -> u8 {
    let config = match Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml")) {
        Ok(c) => c,
        Err(d) => {
            eprint!("{d}");
            eprintln!(
                "faro import: {} is not a faro site (site.yaml does not load)",
                opts.root.display()
            );
            return 1;
        }
    };
    let mut known = if opts.root.join("content").is_dir() {
        match crate::load::load(&opts.root, &config, true) {
            Ok(a) => ids::Known::from_reports(&a.reports),
            Err(d) => {
                eprint!("{d}");
                eprintln!(
                    "faro import: the site's reports must load first (import reuses their ids): correct the problems above"
                );
                return 1;
            }
        }
    } else {
        ids::Known::default()
    };
    let first_report = known.is_empty();
    let converted = convert_all(opts);
    // Oldest month first, so a batch of history lines up month after month.
    let mut order: Vec<usize> = (0..converted.len()).collect();
    order.sort_by_key(|&i| converted[i].as_ref().map(|c| c.period).ok());
    let mut results: Vec<Option<Result<Imported, String>>> =
        (0..converted.len()).map(|_| None).collect();
    let mut months: std::collections::HashMap<Period, usize> = Default::default();
    let mut converted = converted;
    for i in order {
        let result = match &mut converted[i] {
            Err(e) => Err(e.clone()),
            Ok(c) => match months.get(&c.period) {
                Some(&j) => Err(format!(
                    "{} is also imported from {} in this run: import one file per month",
                    c.period,
                    opts.files[j].display()
                )),
                None => {
                    months.insert(c.period, i);
                    let r = finish(c, &known, opts);
                    if r.is_ok() {
                        known.learn(&c.draft.tables);
                    }
                    r
                }
            },
        };
        results[i] = Some(result);
    }
    report(opts, &results, first_report)
}

/// Reads every file, in parallel, with a progress bar on a terminal.
fn convert_all(opts: &Options) -> Vec<Result<Converted, String>> {
    use rayon::prelude::*;
    let bar = if opts.progress && opts.files.len() > 1 {
        let b = indicatif::ProgressBar::new(opts.files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("importando {bar:30} {pos}/{len} {wide_msg}")
        {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    // Parser panics are reported as that file's error; their default
    // message would only clutter the terminal.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = opts
        .files
        .par_iter()
        .map(|f| {
            let r = convert(f, opts.period, &opts.limits);
            bar.inc(1);
            r
        })
        .collect();
    std::panic::set_hook(hook);
    bar.finish_and_clear();
    out
}

/// Prints the per-file lines and the summary; the exit code.
fn report(opts: &Options, results: &[Option<Result<Imported, String>>], first_report: bool) -> u8 {
    let (mut ok, mut refused, mut review) = (0, 0, 0);
    let verb = if opts.dry_run { "would write" } else { "wrote" };
    for (file, r) in opts.files.iter().zip(results) {
        match r {
            Some(Ok(i)) => {
                ok += 1;
                review += i.review;
                print_imported(file, i, verb, first_report);
            }
            Some(Err(e)) => {
                refused += 1;
                eprintln!("faro import: {} was not imported: {e}", file.display());
            }
            None => {}
        }
    }
    println!(
        "faro import: {ok} imported, {refused} not imported, {review} places need review{}",
        if opts.dry_run {
            " (dry run: nothing was written)"
        } else {
            ""
        }
    );
    if ok > 0 && !opts.dry_run {
        println!(
            "  next: review the drafts with `faro serve` (or `faro build --drafts`), then remove `draft: true` to publish"
        );
    }
    if refused > 0 { 1 } else { 0 }
}

/// The lines for one imported file.
fn print_imported(file: &Path, i: &Imported, verb: &str, first_report: bool) {
    println!(
        "faro import: {} → {verb} {} ({} tables, {} photos)",
        file.display(),
        i.path.display(),
        i.tables,
        i.photos
    );
    if let Some(b) = &i.backup {
        println!("  the previous report was kept as {}", b.display());
    }
    if i.captions_without_image > 0 {
        println!(
            "  {} photo captions have no image in this file: put the photos beside index.md and add them",
            i.captions_without_image
        );
    }
    if i.repeated_images > 0 {
        println!(
            "  {} repeated images (logo, letterhead) were left out",
            i.repeated_images
        );
    }
    for w in &i.warnings {
        println!("  revisar: {w}");
    }
    if first_report && !i.new_ids.is_empty() {
        println!(
            "  {} ids created (the site had no report to take ids from)",
            i.new_ids.len()
        );
    } else if !i.new_ids.is_empty() {
        println!(
            "  new ids (not in earlier reports; a renamed row would split an indicator in two): {}",
            i.new_ids.join(", ")
        );
    }
    if i.review > 0 {
        println!(
            "  {} places need review: the `revisar:` lines above and the REVISAR comments in the file",
            i.review
        );
    }
}
