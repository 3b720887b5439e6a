//! What `faro publish` does to a destination, decided before anything is
//! copied: which files to copy, in which order, and which to remove.
//!
//! The order is what keeps the published site whole while it changes:
//! first everything pages load (styles, scripts, fonts, photos, charts,
//! the search index's chunks, under new names when their content changed),
//! then the pages, feeds and files that name the others, then the removal
//! of what the new site no longer has. A visitor in between gets either an
//! old page whose assets are all still there or a new page whose assets
//! have all arrived.
//!
//! The destination keeps a list of what faro published there (`MANIFEST`);
//! only files on it are ever replaced or removed. A different file at a path
//! the site needs, which faro did not put there, stops the publication.

use std::collections::{BTreeMap, BTreeSet};

pub use crate::write::host::MANIFEST;

/// How a file of the site stands against the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not at the destination.
    New,
    /// At the destination with other bytes.
    Changed,
    /// At the destination with the same bytes.
    Same,
}

/// One publication's steps, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// New or changed files that pages load: copied first.
    pub assets: Vec<(String, Change)>,
    /// New or changed pages and files that name others: copied second.
    pub pages: Vec<(String, Change)>,
    /// Files faro published before that the site no longer has: removed last.
    pub remove: Vec<String>,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Paths the site needs where the destination holds a file faro did
    /// not publish: the publication stops before copying anything.
    pub foreign: Vec<String>,
}

impl Plan {
    /// Whether there is nothing to copy or remove.
    pub fn is_empty(&self) -> bool {
        self.assets.is_empty() && self.pages.is_empty() && self.remove.is_empty()
    }

    /// Every path this publication copies, in the order it copies them.
    pub fn copies(&self) -> impl Iterator<Item = &str> {
        self.assets
            .iter()
            .chain(&self.pages)
            .map(|(p, _)| p.as_str())
    }
}

/// The plan for publishing the site's files (`site`: path → how it stands
/// at the destination) over a destination where faro published
/// `published` before.
pub fn plan(site: &BTreeMap<String, Change>, published: &BTreeSet<String>) -> Plan {
    let mut plan = Plan::default();
    for (path, change) in site {
        match change {
            Change::Same => plan.unchanged += 1,
            Change::Changed if !published.contains(path) => plan.foreign.push(path.clone()),
            change if names_others(path) => plan.pages.push((path.clone(), *change)),
            change => plan.assets.push((path.clone(), *change)),
        }
    }
    plan.remove = published
        .iter()
        .filter(|p| !site.contains_key(*p) && p.as_str() != MANIFEST)
        .cloned()
        .collect();
    plan
}

/// Whether the file at `path` names other files of the site, so that it
/// must arrive after them: pages and feeds, the server configuration, and
/// Pagefind's entry file (which names its index chunks). Their compressed
/// copies go with them.
pub fn names_others(path: &str) -> bool {
    let path = path
        .strip_suffix(".br")
        .or_else(|| path.strip_suffix(".gz"))
        .unwrap_or(path);
    path.ends_with(".html")
        || path.ends_with(".xml")
        || path == ".htaccess"
        || path.ends_with("pagefind-entry.json")
}

/// The manifest's text for `paths`.
pub fn manifest_text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for p in paths {
        text.push_str(p);
        text.push('\n');
    }
    text
}

/// The paths a manifest lists; lines that could name something outside the
/// destination (absolute, `..`) are ignored, never acted on.
pub fn read_manifest(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| crate::write::output::OutputPath::new(*l).is_ok() || *l == MANIFEST)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, Change)]) -> BTreeMap<String, Change> {
        files.iter().map(|(p, c)| (p.to_string(), *c)).collect()
    }

    fn set(paths: &[&str]) -> BTreeSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn assets_go_first_pages_second_and_old_files_last() {
        let plan = plan(
            &site(&[
                ("index.html", Change::Changed),
                ("index.html.br", Change::Changed),
                ("css/style.bbbbbbbb.css", Change::New),
                ("informes/2024/01/fotos/a-480.webp", Change::New),
                ("pagefind/pagefind-entry.json", Change::Changed),
                ("pagefind/index/es_2.pf_index", Change::New),
                ("datos/informes.csv", Change::Same),
            ]),
            &set(&[
                "index.html",
                "index.html.br",
                "css/style.aaaaaaaa.css",
                "pagefind/pagefind-entry.json",
                "datos/informes.csv",
            ]),
        );
        let assets: Vec<&str> = plan.assets.iter().map(|(p, _)| p.as_str()).collect();
        let pages: Vec<&str> = plan.pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            assets,
            [
                "css/style.bbbbbbbb.css",
                "informes/2024/01/fotos/a-480.webp",
                "pagefind/index/es_2.pf_index"
            ]
        );
        assert_eq!(
            pages,
            [
                "index.html",
                "index.html.br",
                "pagefind/pagefind-entry.json"
            ]
        );
        assert_eq!(plan.remove, ["css/style.aaaaaaaa.css"]);
        assert_eq!(plan.unchanged, 1);
        assert!(plan.foreign.is_empty());
    }

    #[test]
    fn a_file_faro_did_not_publish_is_never_replaced_nor_removed() {
        let plan = plan(
            &site(&[("index.html", Change::Changed), ("a.html", Change::New)]),
            &set(&["a.html"]),
        );
        assert_eq!(plan.foreign, ["index.html"]);
        // A file the destination has that faro never published is not
        // in `site` nor in `published`: nothing touches it.
        assert!(plan.remove.is_empty());
    }

    #[test]
    fn a_manifest_cannot_name_files_outside_the_destination() {
        let read = read_manifest("index.html\n../../etc/passwd\n/etc/hosts\ncss/a.css\n\n");
        assert_eq!(read, set(&["css/a.css", "index.html"]));
    }
}
