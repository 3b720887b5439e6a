//! Search: the pages a build rendered → Pagefind's index, as faro outputs.
//!
//! Pagefind (used as a library, without its web server) reads faro's own
//! rendered HTML, so what a citizen finds is exactly what the pages show. Its
//! files (a small loader, a WebAssembly search engine and the index split in
//! content-hashed chunks) go through the normal output, under `pagefind/`, so
//! an unchanged chunk is not rewritten.
//!
//! Which pages are searchable, and how each is labelled (kind, year, month),
//! comes from the archive, not from the HTML: reports, plain pages and
//! indicator pages, never drafts. Spanish stemming follows the pages'
//! `<html lang>`; Pagefind folds accents itself and ranks exact accents higher.

use crate::build::Options;
use crate::config::Config;
use crate::derive::{self, Series};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::Archive;
use crate::numfmt::month_name;
use crate::output::Output;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::{Component, Path};
use std::sync::{Mutex, PoisonError};

/// Where the index goes, relative to the output root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// Pagefind's ready-made interfaces and its highlighter: the search page
/// drives Pagefind's API itself (`js/search.js`), so these are not published.
const UNUSED: [&str; 8] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "playground",
];

/// What a search result can be; the values are the `kind` filter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Indicator,
    Page,
}

impl Kind {
    /// The filter value, as the search page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Report => "informe",
            Kind::Indicator => "indicador",
            Kind::Page => "página",
        }
    }
}

/// One page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The rendered file, relative to the output root (`informes/2024/03/index.html`).
    pub file: String,
    pub kind: Kind,
    /// Reports only: the `year` filter.
    pub year: Option<i32>,
    /// Reports only: the month shown beside the result (`marzo de 2024`).
    pub period: Option<String>,
}

/// The searchable pages of `archive`, in a stable order (the index's bytes
/// depend on it): published reports, plain pages and every indicator.
pub fn targets(archive: &Archive, series: &[Series]) -> Vec<Target> {
    let reports = archive.reports.iter().filter(|r| !r.draft).map(|r| Target {
        file: format!("{}index.html", r.period.url_path()),
        kind: Kind::Report,
        year: Some(r.period.year),
        period: Some(format!(
            "{} de {}",
            month_name(r.period.month),
            r.period.year
        )),
    });
    let pages = archive.pages.iter().filter(|p| !p.draft).map(|p| Target {
        file: format!("{}index.html", p.url_path),
        kind: Kind::Page,
        year: None,
        period: None,
    });
    // Same folder as `render::views::indicator_url`.
    let indicators = series.iter().map(|s| Target {
        file: format!("indicadores/{}/{}/index.html", s.table_id, s.row_id),
        kind: Kind::Indicator,
        year: None,
        period: None,
    });
    let mut all: Vec<Target> = reports.chain(pages).chain(indicators).collect();
    all.sort_by(|a, b| a.file.cmp(&b.file));
    all.dedup_by(|a, b| a.file == b.file);
    all
}

/// Indexes each target, read from the built site in `dir`; returns the index
/// files, paths under [`BUNDLE_DIR`].
pub fn index(dir: &Path, targets: &[Target]) -> Result<Vec<Output>, Diagnostics> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Diagnostic::file(dir, format!("search: cannot start the indexer: {e}")))?;
    runtime.block_on(index_async(dir, targets))
}

async fn index_async(dir: &Path, targets: &[Target]) -> Result<Vec<Output>, Diagnostics> {
    let options = PagefindServiceConfig::builder()
        // The site's header (brand, menu, search box) is on every page: not content.
        .exclude_selectors(vec!["body > header".into(), ".skip-link".into()])
        .build();
    let mut pagefind = PagefindIndex::new(Some(options)).map_err(|e| failed(dir, &e))?;
    for target in targets {
        let file = dir.join(&target.file);
        let html = std::fs::read_to_string(&file).map_err(|e| {
            Diagnostic::file(&file, format!("search: cannot read the built page: {e}"))
        })?;
        pagefind
            .add_html_file(None, Some(page_url(&target.file)), annotate(&html, target))
            .await
            .map_err(|e| failed(&file, &e))?;
    }
    let files = pagefind.get_files().await.map_err(|e| failed(dir, &e))?;
    let mut outputs = Vec::with_capacity(files.len());
    for f in files {
        if UNUSED.iter().any(|u| f.filename.starts_with(u)) {
            continue;
        }
        // A name that could leave the bundle folder is refused, not cleaned.
        let parts: Option<Vec<&str>> = f
            .filename
            .components()
            .map(|c| match c {
                Component::Normal(p) => p.to_str(),
                _ => None,
            })
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            return Err(failed(
                dir,
                &format!("unexpected file name {:?}", f.filename),
            ));
        };
        let output = Output::new(format!("{BUNDLE_DIR}{}", parts.join("/")), f.contents)
            .map_err(|e| e.at(dir))?;
        outputs.push(output);
    }
    Ok(outputs)
}

/// One on-demand index at a time, and none while one is being dropped.
static ON_DEMAND: Mutex<()> = Mutex::new(());

/// `faro serve`, before each rebuild: removes the index made on demand.
/// Its files are not in the build's manifest, so the build would take them
/// for someone else's and keep them (faro never deletes what it did not
/// write): an outdated index would then be served forever.
pub fn drop_on_demand_index(out: &Path) {
    let _turn = ON_DEMAND.lock().unwrap_or_else(PoisonError::into_inner);
    let dir = out.join(BUNDLE_DIR);
    // Only a real folder of faro's own preview, never through a link.
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `faro serve`: indexes the published preview in place, unless it already
/// has an index. Builds in the preview skip the search step, so that a save
/// reloads fast; the search page asks for this on each visit. A build never
/// leaves an index it did not make (its staging folder keeps only the files
/// it wrote), so a preview without the entry file has not been indexed since
/// its last build.
pub fn index_on_demand(opts: &Options) -> Result<(), Diagnostics> {
    let _turn = ON_DEMAND.lock().unwrap_or_else(PoisonError::into_inner);
    let out = opts.output_dir();
    let entry = out.join(BUNDLE_DIR).join("pagefind-entry.json");
    if entry.exists() {
        return Ok(());
    }
    let config = Config::load(&opts.root.join("site.yaml"), Path::new("site.yaml"))?;
    let archive = load::load(&opts.root, &config, opts.drafts)?;
    let series = derive::series(&archive.reports);
    let mut outputs = index(&out, &targets(&archive, &series))?;
    // The entry file last: until it is there, the index is not taken as made.
    outputs.sort_by_key(|o| o.path.as_str().ends_with("pagefind-entry.json"));
    for o in outputs {
        let path = o.path.join_under(&out);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::file(parent, format!("search: cannot create folder: {e}"))
            })?;
        }
        std::fs::write(&path, &o.bytes)
            .map_err(|e| Diagnostic::file(&path, format!("search: cannot write: {e}")))?;
    }
    Ok(())
}

fn failed(path: &Path, error: &dyn std::fmt::Display) -> Diagnostics {
    Diagnostic::file(
        path,
        format!("search: Pagefind could not index the site: {error}"),
    )
    .into()
}

/// The address of the page built at `file`, from the site's root:
/// `/informes/2024/03/`. Without the base path: Pagefind's script adds the
/// folder it was loaded from, so the index works wherever the site is published.
fn page_url(file: &str) -> String {
    let folder = file.strip_suffix("index.html").unwrap_or(file);
    format!("/{folder}")
}

/// The page with its search labels added where Pagefind reads them: filters
/// and meta in an element it does not index as text. Only the copy given to
/// Pagefind changes, never the published page.
pub fn annotate(html: &str, target: &Target) -> String {
    let mut labels = String::from("<div data-pagefind-ignore hidden>");
    let mut label = |attr: &str, name: &str, value: &str| {
        labels.push_str(&format!(
            "<span {attr}=\"{name}\">{}</span>",
            escape_text(value)
        ));
    };
    label("data-pagefind-filter", "kind", target.kind.label());
    if let Some(year) = target.year {
        label("data-pagefind-filter", "year", &year.to_string());
    }
    if let Some(period) = &target.period {
        label("data-pagefind-meta", "period", period);
    }
    label("data-pagefind-meta", "kind", target.kind.label());
    labels.push_str("</div>");
    // Before the last `</body>`; a page without one gets them at its end,
    // which an HTML parser still reads as part of the body.
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + labels.len());
    out.push_str(&html[..at]);
    out.push_str(&labels);
    out.push_str(&html[at..]);
    out
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Target {
        Target {
            file: "informes/2024/03/index.html".into(),
            kind: Kind::Report,
            year: Some(2024),
            period: Some("marzo de 2024".into()),
        }
    }

    #[test]
    fn labels_go_inside_the_body() {
        let html = annotate("<html><body><h1>x</h1></body></html>", &report());
        assert!(html.starts_with("<html><body><h1>x</h1><div data-pagefind-ignore hidden>"));
        assert!(html.contains(r#"<span data-pagefind-filter="year">2024</span>"#));
        assert!(html.contains(r#"<span data-pagefind-meta="period">marzo de 2024</span>"#));
        assert!(html.ends_with("</div></body></html>"));
    }

    #[test]
    fn page_urls_are_folders_from_the_root() {
        assert_eq!(
            page_url("informes/2024/03/index.html"),
            "/informes/2024/03/"
        );
        assert_eq!(page_url("acerca/index.html"), "/acerca/");
    }
}
