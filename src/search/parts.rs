//! The index in parts, so that a change to this year's reports does not
//! index the whole archive again, and no part holds too many pages at once.
//!
//! Pagefind makes an index whole from every page it is given; on the
//! 1,200-report archive that is seconds, however small the change, and it
//! holds every page it was given in memory until it writes the index. But
//! the pages an institute changes are nearly always this year's: the month
//! it is writing, a correction to the month before, and the indicator pages
//! that follow them. So the index is made in parts, each a Pagefind index
//! of its own, made anew only when one of its pages changed:
//! - the recent part (`pagefind/`): the reports of the newest report's
//!   year, the indicators and the plain pages; it also carries Pagefind's
//!   script and WebAssembly;
//! - the archive: the reports of every year before, which change rarely.
//!   One part (`pagefind/archivo/`) up to [`ARCHIVE_PART_PAGES`] reports;
//!   beyond, as many parts of whole years, about equal, as keep each under
//!   it (`archivo/` the oldest years, then `archivo-2/`, …). Each is merged
//!   into the recent one by the search page (Pagefind's `mergeIndex`,
//!   which shares the recent part's WebAssembly), so it has no script of
//!   its own.
//!
//! Which pages go where depends only on the pages (never on an earlier
//! build), so a first build and a rebuild make the same parts. The search
//! page learns the split from [`PARTS_FILE`]: it orders the results newest
//! first by asking each part in turn (see `themes/igm/static/js/search.js`).

use super::target::{Kind, Target};
use crate::write::output::{Output, PathError};
use std::collections::BTreeMap;

/// Where the index goes, relative to the output root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The most reports an archive part holds (unless one year has more).
/// Pagefind keeps every page of the part it makes in memory: on the
/// 1,200-report benchmark archive one archive part of 1,100 reports took a
/// build to 330 MiB at peak, against Hugo's 230 for the whole site; two of
/// about 550 take it to 170–180 MiB. Each part more costs a search's first
/// query a few kilobytes (its entry, metadata and word chunk).
pub const ARCHIVE_PART_PAGES: usize = 600;

/// One part of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The newest year's reports and every page without a year.
    Recent,
    /// The `n`th part of the archive, from its oldest years (0).
    Archive(u16),
}

/// What the search page reads to know the parts, under the output root.
pub const PARTS_FILE: &str = "pagefind/faro-partes.json";

/// How every archive part's name begins; its folder, under the recent
/// part's, is its name.
const ARCHIVE: &str = "archivo";

impl Part {
    /// Its name, in the fingerprint and the cache's file names.
    pub fn name(self) -> String {
        match self {
            Part::Recent => "reciente".to_string(),
            Part::Archive(0) => ARCHIVE.to_string(),
            Part::Archive(n) => format!("{ARCHIVE}-{}", u32::from(n) + 1),
        }
    }

    /// The part's folder under the recent part's (`""` for the recent part).
    fn folder(self) -> String {
        match self {
            Part::Recent => String::new(),
            Part::Archive(_) => format!("{}/", self.name()),
        }
    }

    /// The part's folder, under the output root.
    pub fn dir(self) -> String {
        format!("{BUNDLE_DIR}{}", self.folder())
    }

    /// True for the parts the search page merges into the recent one: they
    /// have no script or WebAssembly of their own.
    pub fn is_merged(self) -> bool {
        self != Part::Recent
    }

    /// True when `path` (under the output root) is a file of this part:
    /// the recent part's folder holds the archive's, which are not its own.
    pub fn owns(self, path: &str) -> bool {
        match self {
            Part::Recent => path
                .strip_prefix(BUNDLE_DIR)
                .is_some_and(|rest| !rest.starts_with(ARCHIVE)),
            Part::Archive(_) => path.starts_with(&self.dir()),
        }
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

/// `targets` split in parts, each in the targets' order: the recent part
/// first, then the archive's from its oldest years; an archive part only
/// when it has pages.
pub fn split(targets: &[Target]) -> Vec<(Part, Vec<Target>)> {
    split_at_most(targets, ARCHIVE_PART_PAGES)
}

/// [`split`], with archive parts of at most `most` pages (unless a year
/// has more): whole years, about as many pages in each part.
fn split_at_most(targets: &[Target], most: usize) -> Vec<(Part, Vec<Target>)> {
    let recent = recent_year(targets);
    let archive_year = |t: &Target| t.year.filter(|&y| recent.is_some_and(|r| y < r));
    // Pages per archive year, oldest first.
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for year in targets.iter().filter_map(archive_year) {
        *years.entry(year).or_default() += 1;
    }
    let part_of = archive_part_of_each_year(&years, most);
    let archive_parts = part_of.values().last().map_or(0, |last| last + 1);
    let mut parts = vec![(Part::Recent, Vec::new())];
    parts.extend((0..archive_parts).map(|n| (Part::Archive(n as u16), Vec::new())));
    for t in targets {
        let at = archive_year(t).map_or(0, |year| 1 + part_of[&year]);
        parts[at].1.push(t.clone());
    }
    parts
}

/// The archive part of each year of `years` (pages per year, oldest
/// first), 0 for the oldest: a part closes once it holds its share of the
/// pages left (those left over the parts left), or when the next year
/// would take it past `most`.
fn archive_part_of_each_year(years: &BTreeMap<i32, usize>, most: usize) -> BTreeMap<i32, usize> {
    let total: usize = years.values().sum();
    let count = total.div_ceil(most.max(1));
    let share = |left: usize, made: usize| left.div_ceil(count.saturating_sub(made).max(1));
    let mut part_of = BTreeMap::new();
    let (mut part, mut held, mut left) = (0, 0, total);
    for (&year, &pages) in years {
        if held > 0 && (held >= share(left, part) || held + pages > most) {
            part += 1;
            left -= held;
            held = 0;
        }
        held += pages;
        part_of.insert(year, part);
    }
    part_of
}

/// [`PARTS_FILE`] for the parts [`split`] made: the year of the recent
/// part's reports and each archive part's folder (relative to the recent
/// part's) with its years, newest part first; `{}` when the index is in one
/// part.
pub fn parts_file(parts: &[(Part, Vec<Target>)]) -> Result<Output, PathError> {
    let recent = parts
        .iter()
        .find(|(part, _)| *part == Part::Recent)
        .and_then(|(_, targets)| recent_year(targets));
    let archive: Vec<serde_json::Value> = parts
        .iter()
        .rev()
        .filter(|(part, _)| part.is_merged())
        .map(|(part, targets)| {
            let mut years: Vec<String> = targets
                .iter()
                .filter_map(|t| t.year)
                .map(|y| y.to_string())
                .collect();
            years.sort();
            years.dedup();
            serde_json::json!({"carpeta": part.folder(), "anios": years})
        })
        .collect();
    let text = match recent {
        Some(year) if !archive.is_empty() => {
            serde_json::json!({"reciente": year.to_string(), "archivo": archive}).to_string() + "\n"
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
        assert_eq!(parts[1].0, Part::Archive(0));
        assert_eq!(
            files(&parts[1].1),
            ["informes/2022/12/index.html", "informes/2023/01/index.html"]
        );
        let file = parts_file(&split(&targets)).expect("path");
        assert_eq!(file.path.as_str(), PARTS_FILE);
        assert_eq!(
            String::from_utf8_lossy(&file.bytes),
            "{\"reciente\":\"2024\",\"archivo\":[{\"carpeta\":\"archivo/\",\"anios\":[\"2022\",\"2023\"]}]}\n"
        );
    }

    /// Reports of `years`, twelve a year.
    fn months_of(years: std::ops::RangeInclusive<i32>) -> Vec<Target> {
        years
            .flat_map(|y| (1..=12).map(move |m| report(y, m)))
            .collect()
    }

    fn years_of(targets: &[Target]) -> Vec<i32> {
        let mut years: Vec<i32> = targets.iter().filter_map(|t| t.year).collect();
        years.dedup();
        years
    }

    #[test]
    fn a_large_archive_is_split_in_parts_of_whole_years_about_equal() {
        // 10 archive years of 12 reports, at most 50 a part: 3 parts, of
        // whole years, about 40 pages each (not 48, 48 and 24).
        let targets = months_of(2011..=2021);
        let parts = split_at_most(&targets, 50);
        let names: Vec<Part> = parts.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            names,
            [
                Part::Recent,
                Part::Archive(0),
                Part::Archive(1),
                Part::Archive(2)
            ]
        );
        assert_eq!(years_of(&parts[0].1), [2021]);
        assert_eq!(years_of(&parts[1].1), [2011, 2012, 2013, 2014]);
        assert_eq!(years_of(&parts[2].1), [2015, 2016, 2017]);
        assert_eq!(years_of(&parts[3].1), [2018, 2019, 2020]);
        for (_, targets) in &parts[1..] {
            assert!(targets.len() <= 50);
        }
        // Every page in exactly one part, in the targets' order.
        let all: Vec<&str> = parts.iter().flat_map(|(_, t)| files(t)).collect();
        assert_eq!(all.len(), targets.len());
        // The search page asks the newest part first.
        let file = parts_file(&parts).expect("path");
        let json: serde_json::Value = serde_json::from_slice(&file.bytes).expect("json");
        let folders: Vec<&str> = json["archivo"]
            .as_array()
            .expect("list")
            .iter()
            .map(|p| p["carpeta"].as_str().expect("folder"))
            .collect();
        assert_eq!(folders, ["archivo-3/", "archivo-2/", "archivo/"]);
        assert_eq!(
            json["archivo"][0]["anios"],
            serde_json::json!(["2018", "2019", "2020"])
        );
        assert_eq!(json["reciente"], "2021");
        // Up to the limit, one archive part; a year larger than it is a
        // part alone.
        assert_eq!(split_at_most(&targets, 120).len(), 2);
        let parts = split_at_most(&targets, 10);
        assert_eq!(parts.len(), 11);
        assert!(parts[1..].iter().all(|(_, t)| t.len() == 12));
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
        assert!(!Part::Recent.owns("pagefind/archivo-2/index/a.pf_index"));
        assert!(Part::Archive(0).owns("pagefind/archivo/index/a.pf_index"));
        assert!(!Part::Archive(0).owns("pagefind/archivo-2/index/a.pf_index"));
        assert!(Part::Archive(1).owns("pagefind/archivo-2/index/a.pf_index"));
        assert!(!Part::Archive(1).owns("pagefind/archivo/index/a.pf_index"));
        assert!(!Part::Archive(0).owns("pagefind/index/a.pf_index"));
        assert!(!Part::Recent.owns("index.html"));
        assert_eq!(Part::Archive(1).name(), "archivo-2");
    }
}
