//! The index in two parts, so that a change to this year's reports does not
//! index the whole archive again.
//!
//! Pagefind makes an index whole from every page it is given; on the
//! 1,200-report archive that is seconds, however small the change. But the
//! pages an institute changes are nearly always this year's: the month it
//! is writing, a correction to the month before, and the indicator pages
//! that follow them. So the index is made in two parts, each a Pagefind
//! index of its own, made anew only when one of its pages changed:
//! - the recent part (`pagefind/`): the reports of the newest report's
//!   year, the indicators and the plain pages; it also carries Pagefind's
//!   script and WebAssembly;
//! - the archive part (`pagefind/archivo/`): the reports of every year
//!   before, which change rarely. It is merged into the recent one by the
//!   search page (Pagefind's `mergeIndex`, which shares the recent part's
//!   WebAssembly), so it has no script of its own.
//!
//! Which pages go where depends only on the pages (never on an earlier
//! build), so a first build and a rebuild make the same parts. The search
//! page learns the split from [`PARTS_FILE`]: it orders the results newest
//! first by asking each part in turn (see `themes/igm/static/js/search.js`).

use super::target::{Kind, Target};
use crate::write::output::{Output, PathError};

/// Where the index goes, relative to the output root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// One part of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Recent,
    Archive,
}

/// The archive part's folder, under the output root.
pub const ARCHIVE_DIR: &str = "pagefind/archivo/";

/// What the search page reads to know the parts, under the output root.
pub const PARTS_FILE: &str = "pagefind/faro-partes.json";

impl Part {
    /// The part's folder, under the output root.
    pub fn dir(self) -> &'static str {
        match self {
            Part::Recent => BUNDLE_DIR,
            Part::Archive => ARCHIVE_DIR,
        }
    }

    /// Its name, in the fingerprint and the cache's file names.
    pub fn name(self) -> &'static str {
        match self {
            Part::Recent => "reciente",
            Part::Archive => "archivo",
        }
    }

    /// True when `path` (under the output root) is a file of this part:
    /// the recent part's folder holds the archive's, which is not its own.
    pub fn owns(self, path: &str) -> bool {
        path.starts_with(self.dir()) && (self == Part::Archive || !path.starts_with(ARCHIVE_DIR))
    }
}

/// The year of the newest report among `targets`: its year's reports are
/// the recent part.
fn recent_year(targets: &[Target]) -> Option<i32> {
    targets
        .iter()
        .filter(|t| t.kind == Kind::Report)
        .filter_map(|t| t.year)
        .max()
}

/// `targets` split in parts, each in the targets' order; the archive part
/// only when it has pages.
pub fn split(targets: &[Target]) -> Vec<(Part, Vec<Target>)> {
    let recent = recent_year(targets);
    let in_archive = |t: &Target| matches!((t.year, recent), (Some(y), Some(r)) if y < r);
    let (archive, recent_part): (Vec<Target>, Vec<Target>) =
        targets.iter().cloned().partition(in_archive);
    let mut parts = vec![(Part::Recent, recent_part)];
    if !archive.is_empty() {
        parts.push((Part::Archive, archive));
    }
    parts
}

/// [`PARTS_FILE`] for the parts [`split`] made: the archive part's folder
/// (relative to the recent part's) and the year of the recent part's
/// reports, or `{}` when the index is in one part.
pub fn parts_file(parts: &[(Part, Vec<Target>)]) -> Result<Output, PathError> {
    let recent = parts
        .iter()
        .find(|(part, _)| *part == Part::Recent)
        .and_then(|(_, targets)| recent_year(targets));
    let has_archive = parts.iter().any(|(part, _)| *part == Part::Archive);
    let text = match recent {
        Some(year) if has_archive => {
            let archive = ARCHIVE_DIR.strip_prefix(BUNDLE_DIR).unwrap_or(ARCHIVE_DIR);
            format!("{{\"archivo\":\"{archive}\",\"reciente\":\"{year}\"}}\n")
        }
        _ => "{}\n".to_string(),
    };
    Output::new(PARTS_FILE, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::Period;

    fn report(year: i32, month: u32) -> Target {
        Target {
            file: format!("informes/{year}/{month:02}/index.html"),
            kind: Kind::Report,
            year: Some(year),
            period: Some(Period { year, month }),
        }
    }

    fn page(file: &str, kind: Kind) -> Target {
        Target {
            file: file.to_string(),
            kind,
            year: None,
            period: None,
        }
    }

    fn files(targets: &[Target]) -> Vec<&str> {
        targets.iter().map(|t| t.file.as_str()).collect()
    }

    #[test]
    fn the_newest_year_and_every_page_without_one_are_recent() {
        let targets = [
            page("acerca/index.html", Kind::Page),
            page("indicadores/a/b/index.html", Kind::Indicator),
            report(2022, 12),
            report(2023, 1),
            report(2024, 1),
            report(2024, 2),
        ];
        let parts = split(&targets);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, Part::Recent);
        assert_eq!(
            files(&parts[0].1),
            [
                "acerca/index.html",
                "indicadores/a/b/index.html",
                "informes/2024/01/index.html",
                "informes/2024/02/index.html"
            ]
        );
        assert_eq!(parts[1].0, Part::Archive);
        assert_eq!(
            files(&parts[1].1),
            ["informes/2022/12/index.html", "informes/2023/01/index.html"]
        );
        let file = parts_file(&split(&targets)).expect("path");
        assert_eq!(file.path.as_str(), PARTS_FILE);
        assert_eq!(
            String::from_utf8_lossy(&file.bytes),
            "{\"archivo\":\"archivo/\",\"reciente\":\"2024\"}\n"
        );
    }

    #[test]
    fn one_year_or_none_is_one_part() {
        for targets in [
            vec![report(2024, 1), page("acerca/index.html", Kind::Page)],
            vec![page("acerca/index.html", Kind::Page)],
        ] {
            let parts = split(&targets);
            assert_eq!(parts.len(), 1);
            assert_eq!(parts[0].1.len(), targets.len());
            let file = parts_file(&split(&targets)).expect("path");
            assert_eq!(String::from_utf8_lossy(&file.bytes), "{}\n");
        }
    }

    #[test]
    fn each_part_owns_only_its_own_files() {
        assert!(Part::Recent.owns("pagefind/index/a.pf_index"));
        assert!(!Part::Recent.owns("pagefind/archivo/index/a.pf_index"));
        assert!(Part::Archive.owns("pagefind/archivo/index/a.pf_index"));
        assert!(!Part::Archive.owns("pagefind/index/a.pf_index"));
        assert!(!Part::Recent.owns("index.html"));
    }
}
