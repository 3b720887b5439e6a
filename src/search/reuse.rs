//! Reusing the published index when nothing it is made from changed.
//!
//! Indexing the 1,200-report archive takes seconds, however few pages
//! changed: Pagefind builds its index whole. So the index is stored with a
//! record (`pagefind/faro-index.txt`, published with it) of the fingerprint
//! of everything it was made from (each indexed page's address and the exact
//! HTML Pagefind read, faro's and Pagefind's versions, the options) and of
//! each index file's hash. A build whose pages give the same fingerprint
//! takes the published files back, once each is found to hold the bytes the
//! record lists: a hand-edited or missing file means indexing again, so it
//! is made anew. Reading the record back is all that is trusted; whatever
//! does not match is simply indexed again.

use super::{BUNDLE_DIR, Page, engine};
use crate::output::{Output, OutputPath, PathError};
use std::path::Path;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// The record, under the output root.
pub const RECORD: &str = "pagefind/faro-index.txt";

/// The record's first line; another one is another format, never reused.
const HEADER: &str = "faro-search-index 1";

/// What the index of `pages` depends on, as one hash.
pub fn fingerprint(pages: &[Page]) -> u128 {
    let mut h = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        // Each field with its length, so that no two lists hash alike by
        // moving bytes from one field to the next.
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(HEADER.as_bytes());
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(engine::settings().as_bytes());
    for page in pages {
        field(page.url.as_bytes());
        field(page.html.as_bytes());
    }
    h.digest128()
}

/// The record of the index `files`, made from pages of `fingerprint`.
pub fn record(fingerprint: u128, files: &[Output]) -> Result<Output, PathError> {
    let mut lines: Vec<String> = files
        .iter()
        .map(|f| format!("{:016x} {}", xxh3_64(&f.bytes), f.path.as_str()))
        .collect();
    lines.sort();
    let text = format!("{HEADER}\n{fingerprint:032x}\n{}\n", lines.join("\n"));
    Output::new(RECORD, text)
}

/// The index published in `published` (the output folder), record
/// included, if it was made from pages of `fingerprint` and every file of
/// it is intact; otherwise `None`.
pub fn published(published: &Path, fingerprint: u128) -> Option<Vec<Output>> {
    let text = read_regular(&published.join(RECORD))?;
    let text = String::from_utf8(text).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) || lines.next()? != format!("{fingerprint:032x}") {
        return None;
    }
    let mut files = Vec::new();
    for line in lines {
        let (hash, path) = line.split_once(' ')?;
        // Only index files: a record edited to name another file is refused.
        if !path.starts_with(BUNDLE_DIR) || path == RECORD {
            return None;
        }
        let path = OutputPath::new(path).ok()?;
        let bytes = read_regular(&path.join_under(published))?;
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
        path: OutputPath::new(RECORD).ok()?,
        bytes: text.into_bytes(),
    });
    Some(files)
}

/// A regular file's bytes; never through a symbolic link.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, html: &str) -> Page {
        Page {
            file: format!("{}index.html", url.trim_start_matches('/')),
            url: url.into(),
            html: html.into(),
        }
    }

    #[test]
    fn the_fingerprint_follows_every_page_and_its_address() {
        let a = [page("/a/", "<p>uno</p>"), page("/b/", "<p>dos</p>")];
        let same = [page("/a/", "<p>uno</p>"), page("/b/", "<p>dos</p>")];
        assert_eq!(fingerprint(&a), fingerprint(&same));
        for other in [
            vec![page("/a/", "<p>uno</p>"), page("/b/", "<p>tres</p>")],
            vec![page("/a/", "<p>uno</p>"), page("/c/", "<p>dos</p>")],
            vec![page("/a/", "<p>uno</p>")],
            vec![page("/a/", "<p>uno</p><p>dos</p>"), page("/b/", "")],
        ] {
            assert_ne!(fingerprint(&a), fingerprint(&other));
        }
    }

    #[test]
    fn a_record_reads_back_only_while_its_files_are_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = vec![
            Output::new("pagefind/pagefind-entry.json", "{}").expect("path"),
            Output::new("pagefind/index/a.pf_index", "abc").expect("path"),
        ];
        let mut all = files.clone();
        all.push(record(7, &files).expect("record"));
        for f in &all {
            let path = f.path.join_under(dir.path());
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, &f.bytes).expect("write");
        }
        let back = published(dir.path(), 7).expect("reused");
        let names = |v: &[Output]| -> Vec<String> {
            let mut n: Vec<String> = v.iter().map(|f| f.path.as_str().to_string()).collect();
            n.sort();
            n
        };
        assert_eq!(names(&back), names(&all));
        assert!(published(dir.path(), 8).is_none(), "another fingerprint");
        std::fs::write(dir.path().join("pagefind/index/a.pf_index"), "abd").expect("edit");
        assert!(published(dir.path(), 7).is_none(), "an edited file");
        std::fs::remove_file(dir.path().join("pagefind/index/a.pf_index")).expect("rm");
        assert!(published(dir.path(), 7).is_none(), "a missing file");
    }

    #[test]
    fn a_record_naming_other_files_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("pagefind")).expect("mkdir");
        std::fs::write(dir.path().join("index.html"), "x").expect("write");
        for listed in ["index.html", "pagefind/../index.html"] {
            let text = format!("{HEADER}\n{:032x}\n{:016x} {listed}\n", 7, xxh3_64(b"x"));
            std::fs::write(dir.path().join(RECORD), text).expect("write");
            assert!(published(dir.path(), 7).is_none(), "{listed}");
        }
    }
}
