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
//!
//! Here: indexing, part by part, or taking a part back. `target` says which
//! pages are searchable; `prepare` reads each and makes the copy Pagefind
//! reads, with its labels, `cut` saying what that copy leaves out; `parts`
//! splits the index in a recent part and the archive's parts, each made on
//! its own; `engine` drives Pagefind; `reuse` takes a published part back
//! when the pages it was made from did not change, `cache` the one kept
//! outside the output (for a build into an empty output); `on_demand` is
//! `faro serve`'s index.

mod cache;
mod cut;
mod engine;
mod on_demand;
mod parts;
mod prepare;
mod reuse;
mod target;

pub use on_demand::{drop_on_demand_index, index_in_place};
pub use parts::BUNDLE_DIR;
pub use target::{Kind, Target, targets};

use parts::Part;
use prepare::{pages, read_page};

use crate::support::diag::Diagnostics;
use crate::write::output::Output;
use rayon::prelude::*;
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// What the search step made.
pub struct Index {
    /// The index files, their records and [`parts::PARTS_FILE`], paths
    /// under [`BUNDLE_DIR`].
    pub outputs: Vec<Output>,
    /// The parts made anew; the others were taken back.
    made: Vec<Part>,
    /// How many parts the index has.
    parts: usize,
}

impl Index {
    /// The search step's name in `--timings`: whether the index was made,
    /// taken back, or made in part (`pipeline::summary`).
    pub fn step(&self) -> &'static str {
        match self.made.as_slice() {
            [] => "search-reused",
            made if made.len() == self.parts => "search",
            [Part::Recent] => "search-recent",
            _ => "search-archive",
        }
    }
}

/// `faro build`: indexes the targets, read from the built site in `dir`, in
/// their parts ([`parts`]), side by side. A part whose published copy in
/// `published`, or else whose copy kept in the cache of the site at `root`
/// ([`cache`]), was made from the very same pages (see [`reuse`]) is taken
/// back as it is. Which pages those are is told by the hash of each page's
/// bytes, `hash_of` a target's file (the build has them all; a page it has
/// none of is read). A part made anew is kept in that cache.
pub fn index(
    dir: &Path,
    published: &Path,
    root: &Path,
    targets: &[Target],
    hash_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Result<Index, Diagnostics> {
    let split = parts::split(targets);
    let indexed = in_parts(&split, |part, targets| {
        index_part(dir, published, root, part, targets, hash_of)
    })?;
    let made = split
        .iter()
        .zip(&indexed)
        .filter(|(_, (_, reused))| !reused)
        .map(|((part, _), _)| *part)
        .collect();
    let mut outputs: Vec<Output> = indexed.into_iter().flat_map(|(files, _)| files).collect();
    outputs.push(parts::parts_file(&split).map_err(|e| e.at(dir))?);
    Ok(Index {
        outputs,
        made,
        parts: split.len(),
    })
}

/// `each` part of `split` made: the recent part beside the archive's, and
/// the archive's parts one after the other, in order. Pagefind holds every
/// page of the part it makes until it writes it: archive parts made side by
/// side would need the memory of all of them at once (`parts::ARCHIVE_PART_PAGES`).
pub(crate) fn in_parts<T: Send>(
    split: &[(Part, Vec<Target>)],
    each: impl Fn(Part, &[Target]) -> Result<T, Diagnostics> + Sync,
) -> Result<Vec<T>, Diagnostics> {
    let (recent, archive) = split.split_at(split.len().min(1));
    let in_turn = |parts: &[(Part, Vec<Target>)]| {
        parts
            .iter()
            .map(|(part, targets)| each(*part, targets))
            .collect::<Result<Vec<T>, Diagnostics>>()
    };
    let (recent, archive) = rayon::join(|| in_turn(recent), || in_turn(archive));
    let mut made = recent?;
    made.extend(archive?);
    Ok(made)
}

/// One part of [`index`]: its files and record, and whether they were taken
/// back.
fn index_part(
    dir: &Path,
    published: &Path,
    root: &Path,
    part: Part,
    targets: &[Target],
    hash_of: &(dyn Fn(&str) -> Option<u64> + Sync),
) -> Result<(Vec<Output>, bool), Diagnostics> {
    let hashes: Vec<u64> = targets
        .par_iter()
        .map(|target| match hash_of(&target.file) {
            Some(hash) => Ok(hash),
            None => read_page(dir, &target.file).map(|html| xxh3_64(html.as_bytes())),
        })
        .collect::<Result<_, Diagnostics>>()?;
    let fingerprint = reuse::fingerprint(part, targets, &hashes);
    let kept = reuse::published(published, part, fingerprint)
        .or_else(|| cache::get(root, part, fingerprint));
    if let Some(outputs) = kept {
        return Ok((outputs, true));
    }
    let mut outputs = engine::run(dir, part, pages(dir, targets))?;
    outputs.push(reuse::record(part, fingerprint, &outputs).map_err(|e| e.at(dir))?);
    cache::put(root, part, &outputs);
    Ok((outputs, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prepare::{Page, for_index_cut_by};
    use target::page_url;

    /// What the copy Pagefind reads leaves out (`cut`) changes no byte of
    /// the index: Pagefind would leave it out anyway. On the bundled site
    /// (the January 2024 report as published, photos, corrections, a
    /// sample year), every searchable page.
    #[test]
    fn the_index_is_the_same_from_pages_cut_and_whole() {
        // Built where it is, into a temporary output, as `tests/embed.rs`
        // builds it.
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().expect("temp dir");
        let opts = crate::pipeline::Options {
            output: Some(out.path().to_path_buf()),
            search: false,
            ..crate::pipeline::Options::new(repo)
        };
        crate::pipeline::build::build(&opts).expect("build");
        let archive = crate::load::load(repo, false).expect("load");
        let series = crate::pipeline::derive(&archive).series;
        let targets = targets(&archive, &series);
        let built = opts.output_dir();
        let index = |cut: bool| {
            let pages: Vec<Page> = targets
                .iter()
                .map(|t| {
                    let html = read_page(&built, &t.file).expect("page");
                    let whole = |_: &str| Vec::new();
                    Page {
                        file: t.file.clone(),
                        url: page_url(&t.file),
                        html: if cut {
                            prepare::for_index(&html, t)
                        } else {
                            for_index_cut_by(&html, t, whole)
                        },
                    }
                })
                .collect();
            let mut files: Vec<(String, Vec<u8>)> =
                engine::run(&built, Part::Recent, std::iter::once(Ok(pages)))
                    .expect("index")
                    .into_iter()
                    .map(|f| (f.path.as_str().to_string(), f.bytes))
                    .collect();
            files.sort();
            files
        };
        let (cut, whole) = (index(true), index(false));
        assert!(cut.len() > 10, "{} files", cut.len());
        assert_eq!(
            cut.iter().map(|f| &f.0).collect::<Vec<_>>(),
            whole.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for (c, w) in cut.iter().zip(&whole) {
            assert!(c.1 == w.1, "{} differs", c.0);
        }
    }
}
