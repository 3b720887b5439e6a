//! Reusing a published part of the index ([`Part`]) when nothing it is made
//! from changed.
//!
//! Indexing the 1,200-report archive takes seconds, however few pages
//! changed: Pagefind builds its index whole. So each part is stored with a
//! record (`faro-index.txt` in its folder, published with it) of the fingerprint
//! of everything it was made from (each indexed page's address, the hash of
//! its HTML as built, how pages are prepared for Pagefind and the search
//! labels added to each, faro's and Pagefind's versions, the options) and
//! of each index file's hash. A build whose pages give the same fingerprint
//! takes the published files back, once each is found to hold the bytes the
//! record lists: a hand-edited or missing file means indexing again, so it
//! is made anew. Reading the record back is all that is trusted; whatever
//! does not match is simply indexed again.

use super::engine;
use super::parts::Part;
use super::prepare::{PREPARATION, labels};
use super::target::{Target, page_url};
use crate::write::output::{Output, OutputPath, PathError};
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// The record's file name, in its part's folder.
const RECORD: &str = "faro-index.txt";

/// The record of `part`, under the output root.
pub fn record_path(part: Part) -> String {
    format!("{}{RECORD}", part.dir())
}

/// The record's first line; another one is another format, never reused.
const HEADER: &str = "faro-search-index 3";

/// What `part` of the index, made of `targets`, depends on, as one hash,
/// given the hash of each target's built page (in order): the build knows
/// those already, so telling that nothing changed costs no read of the pages.
pub fn fingerprint(part: Part, targets: &[Target], page_hashes: &[u64]) -> u128 {
    // Each field with its length (`crate::support::fingerprint`).
    let mut h = crate::support::fingerprint::Fields::new();
    let mut field = |bytes: &[u8]| h.field(bytes);
    field(HEADER.as_bytes());
    field(part.name().as_bytes());
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(engine::settings().as_bytes());
    field(PREPARATION.as_bytes());
    field(&(targets.len() as u64).to_le_bytes());
    for (target, hash) in targets.iter().zip(page_hashes) {
        field(page_url(&target.file).as_bytes());
        field(&hash.to_le_bytes());
        // The labels `for_index` adds, as it adds them.
        field(labels(target).as_bytes());
    }
    h.digest128()
}

/// The record of `part`'s index `files`, made from pages of `fingerprint`.
pub fn record(part: Part, fingerprint: u128, files: &[Output]) -> Result<Output, PathError> {
    let mut lines: Vec<String> = files
        .iter()
        .map(|f| format!("{:016x} {}", xxh3_64(&f.bytes), f.path.as_str()))
        .collect();
    lines.sort();
    let text = format!("{HEADER}\n{fingerprint:032x}\n{}\n", lines.join("\n"));
    Output::new(record_path(part), text)
}

/// `part` of the index published in `published` (the output folder),
/// record included, if it was made from pages of `fingerprint` and every
/// file of it is intact; otherwise `None`.
pub fn published(published: &Path, part: Part, fingerprint: u128) -> Option<Vec<Output>> {
    take_back(part, fingerprint, |path| {
        read_regular(&OutputPath::new(path).ok()?.join_under(published))
    })
}

/// `part` of the index, whose files `read` gives by their path under the
/// output (`pagefind/…`), record included, if it was made from pages of
/// `fingerprint` and every file of it is intact; otherwise `None`.
pub fn take_back(
    part: Part,
    fingerprint: u128,
    mut read: impl FnMut(&str) -> Option<Vec<u8>>,
) -> Option<Vec<Output>> {
    let record = record_path(part);
    let text = read(&record)?;
    let text = String::from_utf8(text).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) || lines.next()? != format!("{fingerprint:032x}") {
        return None;
    }
    let mut files = Vec::new();
    for line in lines {
        let (hash, path) = line.split_once(' ')?;
        // Only the part's index files: a record edited to name another file
        // is refused.
        if !part.owns(path) || path == record {
            return None;
        }
        let path = OutputPath::new(path).ok()?;
        let bytes = read(path.as_str())?;
        if format!("{:016x}", xxh3_64(&bytes)) != hash {
            return None;
        }
        files.push(Output { path, bytes });
    }
    if !files
        .iter()
        .any(|f| f.path.as_str().ends_with("/pagefind-entry.json"))
    {
        return None;
    }
    files.push(Output {
        path: OutputPath::new(&record).ok()?,
        bytes: text.into_bytes(),
    });
    Some(files)
}

/// A regular file's bytes; never through a symbolic link.
pub(super) fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(folder: &str, year: Option<i32>) -> Target {
        Target {
            file: format!("{folder}index.html"),
            kind: super::super::Kind::Report,
            year,
            period: None,
        }
    }

    #[test]
    fn the_fingerprint_follows_every_page_its_address_and_labels() {
        let a = [page("a/", None), page("b/", None)];
        let fp = |targets: &[Target], hashes: &[u64]| fingerprint(Part::Recent, targets, hashes);
        assert_eq!(
            fp(&a, &[1, 2]),
            fp(&[page("a/", None), page("b/", None)], &[1, 2])
        );
        assert_ne!(fp(&a, &[1, 2]), fp(&a, &[1, 3]), "a page changed");
        assert_ne!(
            fp(&a, &[1, 2]),
            fp(&[page("a/", None), page("c/", None)], &[1, 2])
        );
        assert_ne!(fp(&a, &[1, 2]), fp(&a[..1], &[1]), "a page less");
        assert_ne!(
            fp(&a, &[1, 2]),
            fp(&[page("a/", None), page("b/", Some(2024))], &[1, 2]),
            "a label changed"
        );
        assert_ne!(
            fp(&a, &[1, 2]),
            fingerprint(Part::Archive(0), &a, &[1, 2]),
            "another part"
        );
    }

    #[test]
    fn a_record_reads_back_only_while_its_files_are_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = vec![
            Output::new("pagefind/pagefind-entry.json", "{}").expect("path"),
            Output::new("pagefind/index/a.pf_index", "abc").expect("path"),
        ];
        let mut all = files.clone();
        all.push(record(Part::Recent, 7, &files).expect("record"));
        for f in &all {
            let path = f.path.join_under(dir.path());
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, &f.bytes).expect("write");
        }
        let back = published(dir.path(), Part::Recent, 7).expect("reused");
        let names = |v: &[Output]| -> Vec<String> {
            let mut n: Vec<String> = v.iter().map(|f| f.path.as_str().to_string()).collect();
            n.sort();
            n
        };
        assert_eq!(names(&back), names(&all));
        assert!(
            published(dir.path(), Part::Recent, 8).is_none(),
            "another fingerprint"
        );
        std::fs::write(dir.path().join("pagefind/index/a.pf_index"), "abd").expect("edit");
        assert!(
            published(dir.path(), Part::Recent, 7).is_none(),
            "an edited file"
        );
        std::fs::remove_file(dir.path().join("pagefind/index/a.pf_index")).expect("rm");
        assert!(
            published(dir.path(), Part::Recent, 7).is_none(),
            "a missing file"
        );
    }

    #[test]
    fn a_record_naming_other_files_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("pagefind")).expect("mkdir");
        std::fs::write(dir.path().join("index.html"), "x").expect("write");
        std::fs::create_dir_all(dir.path().join("pagefind/archivo")).expect("mkdir");
        std::fs::write(dir.path().join("pagefind/archivo/a.pf_index"), "x").expect("write");
        for listed in [
            "index.html",
            "pagefind/../index.html",
            "pagefind/archivo/a.pf_index",
        ] {
            let text = format!("{HEADER}\n{:032x}\n{:016x} {listed}\n", 7, xxh3_64(b"x"));
            std::fs::write(dir.path().join(record_path(Part::Recent)), text).expect("write");
            assert!(published(dir.path(), Part::Recent, 7).is_none(), "{listed}");
        }
    }
}
