//! The last index made, kept outside the output: `.faro-cache/search/` in
//! the site folder, one file per part of the index ([`Part`]) holding it
//! with its record. A build
//! into an empty output (a new machine's first build, or one after the
//! output was deleted) whose pages give the same fingerprint takes it back
//! instead of indexing again, as [`super::reuse`] does with the published
//! index: checked the same way, file by file against the record.
//!
//! One file (a zip archive, stored, not compressed: the index files are
//! gzip already) rather than a copy of the index's thousand files: keeping
//! it costs one write after each indexing.

use super::parts::Part;
use super::reuse;
use crate::write::output::Output;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The folder under the site's root.
pub const DIR: &str = ".faro-cache/search";

/// The file of `part`, in [`DIR`].
fn file(part: Part) -> String {
    format!("{}.zip", part.name())
}

/// The one file kept before the index was made in parts: replaced.
const OLD_FILE: &str = "index.zip";

/// The cache's folder under the site at `root`, made if missing; never
/// through a link (`support::real_folder`).
fn folder(root: &Path) -> Option<PathBuf> {
    crate::support::real_folder::under(root, DIR).ok()
}

/// `part` of the index kept for the site at `root`, if it was made from
/// pages of `fingerprint` and is intact.
pub fn get(root: &Path, part: Part, fingerprint: u128) -> Option<Vec<Output>> {
    let path = folder(root)?.join(file(part));
    let bytes = reuse::read_regular(&path)?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut files = HashMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).ok()?);
        entry.read_to_end(&mut bytes).ok()?;
        files.insert(entry.name().to_string(), bytes);
    }
    reuse::take_back(part, fingerprint, |path| files.remove(path))
}

/// Keeps `part` of the index (its files and record) for the site at
/// `root`, in place of the one kept before; best effort (only speed is
/// lost).
pub fn put(root: &Path, part: Part, index: &[Output]) {
    let Some(dir) = folder(root) else {
        return;
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for file in index {
        if zip.start_file(file.path.as_str(), options).is_err()
            || zip.write_all(&file.bytes).is_err()
        {
            return;
        }
    }
    let Ok(bytes) = zip.finish().map(std::io::Cursor::into_inner) else {
        return;
    };
    let _ = crate::support::atomic::write(&dir.join(file(part)), &bytes);
    crate::support::atomic::remove_left_overs(&dir);
    let _ = std::fs::remove_file(dir.join(OLD_FILE));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Vec<Output> {
        let files = vec![
            Output::new("pagefind/pagefind-entry.json", "{}").expect("path"),
            Output::new("pagefind/index/a.pf_index", "abc").expect("path"),
        ];
        let mut all = files.clone();
        all.push(reuse::record(Part::Recent, 7, &files).expect("record"));
        all
    }

    #[test]
    fn the_kept_index_comes_back_for_its_own_pages_only() {
        let site = tempfile::tempdir().expect("tempdir");
        assert!(
            get(site.path(), Part::Recent, 7).is_none(),
            "nothing kept yet"
        );
        put(site.path(), Part::Recent, &index());
        let back = get(site.path(), Part::Recent, 7).expect("kept");
        let mut names: Vec<&str> = back.iter().map(|f| f.path.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "pagefind/faro-index.txt",
                "pagefind/index/a.pf_index",
                "pagefind/pagefind-entry.json"
            ]
        );
        assert!(get(site.path(), Part::Recent, 8).is_none(), "other pages");
        assert!(
            get(site.path(), Part::Archive(0), 7).is_none(),
            "another part"
        );
        let kept = site.path().join(DIR).join(file(Part::Recent));
        std::fs::write(kept, b"PK broken").expect("write");
        assert!(
            get(site.path(), Part::Recent, 7).is_none(),
            "a damaged file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_behind_a_link_is_not_used() {
        let (site, elsewhere) = crate::support::real_folder::site_with_linked_cache();
        put(site.path(), Part::Recent, &index());
        assert!(get(site.path(), Part::Recent, 7).is_none());
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
    }
}
