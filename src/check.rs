//! `faro check`: everything `faro build` validates, plus the site's internal
//! links and anchors, without writing anything.
//!
//! The site is rendered in memory ([`Steps::CHECK`]), then the link
//! checker reads the rendered HTML. A broken link is reported at its line in
//! the Markdown when it comes from a report's or page's text, and otherwise
//! (a theme template) once, at the shallowest rendered page that has it.

pub mod definitions;
pub mod links;

pub use links::{BrokenLink, broken_links};

use crate::load::model::Archive;
use crate::pipeline::{Options, Run, Steps};
use crate::support::diag::Diagnostic;
use crate::t;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How `faro check` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    // Plain comments, not doc comments: clap would show those in `--help`,
    // in English; `cli-arg-format` describes both values in the editor's language.
    // `path:line:col: message` lines and a summary line.
    #[default]
    Text,
    // One JSON object on stdout, for other tools.
    Json,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Errors and warnings, sorted by file and line. Empty when the site is clean.
    pub problems: Vec<Diagnostic>,
    pub summary: CheckSummary,
    /// Warnings count as failures (`--strict`).
    pub strict: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSummary {
    pub reports: usize,
    pub pages: usize,
    pub files: usize,
    /// Broken internal references found in the HTML, before template links are grouped.
    pub broken_links: usize,
    pub problems: usize,
    /// How many of the problems are warnings.
    pub warnings: usize,
    pub elapsed_ms: u128,
}

impl Outcome {
    /// True when nothing fails the check: no errors, and no warnings either under `--strict`.
    pub fn ok(&self) -> bool {
        self.problems.iter().all(|d| d.is_warning() && !self.strict)
    }

    /// `{"ok": bool, "problems": [{"path","line","column","severity","message"}], "summary": {…}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let problems: Vec<serde_json::Value> = self
            .problems
            .iter()
            .map(|d| {
                serde_json::json!({
                    "path": d.path.to_string_lossy(),
                    "line": d.line,
                    "column": d.col,
                    "severity": d.severity.as_str(),
                    "code": if d.code.is_empty() { "problem" } else { d.code },
                    "message": d.message,
                })
            })
            .collect();
        serde_json::json!({
            "ok": self.ok(),
            "problems": problems,
            "summary": self.summary,
        })
    }
}

/// Validates and renders the site in memory and checks its links. Writes nothing.
pub fn check(opts: &Options) -> Outcome {
    let start = Instant::now();
    // Photos are written (from the cache) into a scratch folder, never the site's output.
    let scratch = std::env::temp_dir().join(format!("faro-check-{}", std::process::id()));
    // Warnings are rendered past and judged in `Outcome::ok`, so that
    // `--strict` still checks the links.
    let lenient = Options {
        strict: false,
        ..opts.clone()
    };
    let rendered = Run::new(&lenient, Steps::CHECK).in_memory(&scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    let (site, model) = match rendered {
        Ok(made) => made,
        Err(diags) => {
            let problems = diags.sorted().0;
            return Outcome {
                summary: CheckSummary {
                    problems: problems.len(),
                    warnings: problems.iter().filter(|d| d.is_warning()).count(),
                    elapsed_ms: start.elapsed().as_millis(),
                    ..CheckSummary::default()
                },
                problems,
                strict: opts.strict,
            };
        }
    };
    // Photo files are not among the rendered outputs; list them so links to them resolve.
    let mut outputs = site.outputs;
    outputs.extend(site.photo_files.iter().filter_map(|p| {
        crate::write::output::Output::new(p.to_string_lossy().replace('\\', "/"), Vec::new()).ok()
    }));
    let broken = broken_links(&outputs, &site.config.base_path());
    // The archive the pages were rendered from, for source files and
    // Markdown text.
    let broken_count = broken.len();
    let mut problems = locate(broken, Some(&model.archive));
    problems.extend(site.summary.warnings);
    // Definitions are `check`'s alone: a build need not say this every time.
    problems.extend(definitions::missing(
        &model.derived.series,
        &model.archive.definitions,
    ));
    problems.sort();
    problems.dedup();
    Outcome {
        summary: CheckSummary {
            reports: site.summary.reports,
            pages: site.summary.pages,
            files: site.summary.files,
            broken_links: broken_count,
            problems: problems.len(),
            warnings: problems.iter().filter(|d| d.is_warning()).count(),
            elapsed_ms: start.elapsed().as_millis(),
        },
        problems,
        strict: opts.strict,
    }
}

/// A Markdown file that renders to one output page.
struct Source<'a> {
    path: &'a Path,
    body: &'a str,
    body_line: usize,
}

/// Output page (`informes/2024/01/index.html`) → the Markdown it comes from.
fn sources(archive: &Archive) -> HashMap<String, Source<'_>> {
    let mut map = HashMap::new();
    for r in &archive.reports {
        map.insert(
            format!("{}index.html", r.period.url_path()),
            Source {
                path: &r.source,
                body: &r.body,
                body_line: r.body_line,
            },
        );
    }
    for p in archive.pages.iter().chain(&archive.home) {
        map.insert(
            format!("{}index.html", p.url_path),
            Source {
                path: &p.source,
                body: &p.body,
                body_line: p.body_line,
            },
        );
    }
    map
}

/// Turns broken links into diagnostics at the Markdown line that wrote them,
/// or, for links from templates, one diagnostic per distinct link.
fn locate(broken: Vec<BrokenLink>, archive: Option<&Archive>) -> Vec<Diagnostic> {
    let sources = archive.map(sources).unwrap_or_default();
    let mut problems = Vec::new();
    // How many times each (page, href) was already placed in the Markdown,
    // so the second broken `[x](#a)` on a page points at the second one.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut from_templates: BTreeMap<(String, Option<String>), Vec<BrokenLink>> = BTreeMap::new();
    for b in broken {
        let source = sources.get(&b.page);
        if let Some(src) = source {
            let nth = seen.entry((b.page.clone(), b.href.clone())).or_default();
            if let Some((line, col)) = find_in_body(src.body, &b.href, *nth) {
                *nth += 1;
                problems.push(
                    Diagnostic::new(src.path, src.body_line + line - 1, col, b.message())
                        .with_code(b.code()),
                );
                continue;
            }
        }
        from_templates
            .entry((b.href.clone(), b.missing_anchor.clone()))
            .or_default()
            .push(b);
    }
    for (_, mut pages) in from_templates {
        // Pages are checked in the order they were rendered, which varies
        // from run to run: name the shallowest (the home page first) so
        // that the same site always gets the same message.
        pages.sort_by_cached_key(|b| {
            (
                b.page.matches('/').count(),
                !b.page.ends_with("index.html"),
                b.page.clone(),
            )
        });
        let first = &pages[0];
        let also = match pages.len() {
            1 => String::new(),
            2 => t!("check-link-also-on", page = &pages[1].page),
            n => t!(
                "check-link-also-on-more",
                page = &pages[1].page,
                count = n - 2
            ),
        };
        problems.push(
            Diagnostic::new(
                PathBuf::from(&first.page),
                first.line,
                first.col,
                t!(
                    "check-link-from-templates",
                    message = first.message(),
                    also = also
                ),
            )
            .with_code(first.code()),
        );
    }
    problems
}

/// Line (1-based, within `body`) and column of the `nth` place `href` is
/// written in the Markdown, as a whole URL (not part of a longer one).
/// Tries the URL as rendered and percent-decoded, since the renderer
/// percent-encodes what the editor typed as `#sección`.
fn find_in_body(body: &str, href: &str, nth: usize) -> Option<(usize, usize)> {
    let mut candidates = vec![href.to_string()];
    if let Some(decoded) = links::percent_decode(href).filter(|d| d != href) {
        candidates.push(decoded);
    }
    for needle in &candidates {
        if needle.is_empty() {
            continue;
        }
        let hits: Vec<usize> = body
            .match_indices(needle.as_str())
            .map(|(i, _)| i)
            .filter(|&i| {
                let before = body[..i].chars().next_back();
                let after = body[i + needle.len()..].chars().next();
                before
                    .is_none_or(|c| matches!(c, '(' | '<' | '"' | '\'' | '=') || c.is_whitespace())
                    && after
                        .is_none_or(|c| matches!(c, ')' | '>' | '"' | '\'') || c.is_whitespace())
            })
            .collect();
        if let Some(&i) = hits.get(nth).or(hits.last()) {
            let line = body[..i].matches('\n').count() + 1;
            let line_start = body[..i].rfind('\n').map_or(0, |s| s + 1);
            let col = body[line_start..i].chars().count() + 1;
            return Some((line, col));
        }
    }
    None
}

/// `faro check` as the command line runs it: prints the result, returns the exit code.
pub fn run(opts: &Options, format: Format) -> u8 {
    let outcome = check(opts);
    match format {
        Format::Json => println!("{}", outcome.to_json()),
        Format::Text => {
            // Each problem with its source line and a marker, as `faro build` shows them.
            let color = crate::support::excerpt::stderr_wants_color();
            let problems = crate::support::diag::Diagnostics(outcome.problems.clone());
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&problems, &opts.root, color)
            );
            let s = &outcome.summary;
            if outcome.ok() {
                let warned = match s.warnings {
                    0 => String::new(),
                    n => t!("check-ok-warnings", count = n),
                };
                println!(
                    "{}",
                    t!(
                        "check-ok",
                        reports = s.reports,
                        pages = s.pages,
                        files = s.files,
                        warned = warned,
                        ms = s.elapsed_ms.to_string()
                    )
                );
            } else {
                eprintln!(
                    "{}",
                    t!(
                        "check-failed",
                        count = outcome.problems.len(),
                        warnings = s.warnings
                    )
                );
            }
        }
    }
    if outcome.ok() { 0 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nth_whole_url_in_markdown() {
        let body = "Intro.\n\nVer [a](#ab) y [b](#a).\n\n[c](#a \"t\")\n";
        assert_eq!(find_in_body(body, "#a", 0), Some((3, 20)));
        assert_eq!(find_in_body(body, "#a", 1), Some((5, 5)));
        assert_eq!(find_in_body(body, "#pol%C3%ADtica", 0), None);
        assert_eq!(
            find_in_body("[x](#política)", "#pol%C3%ADtica", 0),
            Some((1, 5))
        );
    }
}
