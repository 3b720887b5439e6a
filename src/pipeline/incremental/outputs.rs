//! The preview's output files as last written, and the difference an update
//! makes: which files to write (their bytes changed), which to delete (no
//! job makes them any more), which the editor's open pages should reload.

use crate::load::model::Period;
use crate::pipeline::Made;
use crate::render::JobKey;
use crate::write::output::{Output, OutputPath};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Every file of the preview's output, by what made it.
#[derive(Default)]
pub(super) struct Outputs {
    jobs: HashMap<JobKey, Vec<OutputPath>>,
    documents: HashMap<Period, OutputPath>,
    /// robots.txt, the sitemap, the feed, the static files.
    site: Vec<OutputPath>,
    /// The hash of each file's bytes (photos aside); a fast hasher, since
    /// every update looks up all of them.
    hashes: FxHashMap<OutputPath, u64>,
    photos: HashSet<PathBuf>,
}

/// The files after an update, before they are written.
pub(super) struct Next {
    jobs: HashMap<JobKey, Vec<OutputPath>>,
    documents: HashMap<Period, OutputPath>,
    site: Vec<OutputPath>,
    /// Everything made by this update (until [`Next::diff`] takes it).
    fresh: Vec<Output>,
}

/// What an update writes and deletes.
pub(super) struct Diff {
    /// Each file whose bytes changed, with their hash.
    pub(super) put: Vec<(Output, u64)>,
    pub(super) remove: Vec<PathBuf>,
    pub(super) photos_added: Vec<PathBuf>,
    /// Every output path added, changed or removed, sorted.
    pub(super) changed: Vec<String>,
}

impl Outputs {
    /// What a full build made; `hashes` are those of every file it wrote.
    pub(super) fn from_build(made: &Made, hashes: HashMap<OutputPath, u64>) -> Outputs {
        let mut outputs = Outputs {
            hashes: hashes.into_iter().collect(),
            photos: made.photo_files.clone(),
            documents: made.documents.iter().cloned().collect(),
            ..Outputs::default()
        };
        for (key, paths) in &made.jobs {
            match key {
                Some(key) => {
                    outputs.jobs.insert(key.clone(), paths.clone());
                }
                None => outputs.site.extend(paths.iter().cloned()),
            }
        }
        outputs
    }

    /// True when the output holds a file of that name (photos aside).
    pub(super) fn has(&self, path: &OutputPath) -> bool {
        self.hashes.contains_key(path)
    }

    pub(super) fn has_photo(&self, path: &PathBuf) -> bool {
        self.photos.contains(path)
    }

    /// The files that differ between `self` and `newer`: added, changed, removed.
    pub(super) fn changed_since(&self, newer: &Outputs) -> Vec<String> {
        let mut changed: Vec<String> = newer
            .hashes
            .iter()
            .filter(|(p, h)| self.hashes.get(*p) != Some(*h))
            .map(|(p, _)| p.as_str().to_string())
            .chain(
                self.hashes
                    .keys()
                    .filter(|p| !newer.hashes.contains_key(*p))
                    .map(|p| p.as_str().to_string()),
            )
            .chain(
                self.photos
                    .symmetric_difference(&newer.photos)
                    .map(|p| super::slashed(p)),
            )
            .collect();
        changed.sort();
        changed
    }

    /// The files after an update: the jobs `rendered` replace their old
    /// files, the others keep theirs, and jobs no longer in `fingerprints`
    /// are gone; `documents` are the originals copied again.
    pub(super) fn next(
        &self,
        rendered: Vec<(JobKey, Vec<Output>)>,
        documents: Vec<(Period, Option<Output>)>,
        fingerprints: &HashMap<JobKey, u64>,
    ) -> Next {
        let mut jobs: HashMap<JobKey, Vec<OutputPath>> = self
            .jobs
            .iter()
            .filter(|(key, _)| fingerprints.contains_key(*key))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut fresh = Vec::new();
        for (key, outputs) in rendered {
            jobs.insert(key, outputs.iter().map(|o| o.path.clone()).collect());
            fresh.extend(outputs);
        }
        let mut kept_documents: HashMap<Period, OutputPath> = self
            .documents
            .iter()
            .filter(|(period, _)| fingerprints.contains_key(&JobKey::Report(**period)))
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        for (period, document) in documents {
            match document {
                Some(d) => {
                    kept_documents.insert(period, d.path.clone());
                    fresh.push(d);
                }
                None => {
                    kept_documents.remove(&period);
                }
            }
        }
        Next {
            jobs,
            documents: kept_documents,
            site: Vec::new(),
            fresh,
        }
    }

    /// Takes in what an update wrote, with each file's hash, and removed
    /// (see [`Next::diff`]): the files made again with the same bytes keep
    /// their hash.
    pub(super) fn update(
        &mut self,
        next: Next,
        written: &[(OutputPath, u64)],
        removed: &[PathBuf],
        photos: HashSet<PathBuf>,
    ) {
        for path in removed {
            if let Ok(p) = OutputPath::new(super::slashed(path)) {
                self.hashes.remove(&p);
            }
        }
        for (path, hash) in written {
            self.hashes.insert(path.clone(), *hash);
        }
        let old = (
            std::mem::replace(&mut self.jobs, next.jobs),
            std::mem::replace(&mut self.documents, next.documents),
            std::mem::replace(&mut self.site, next.site),
            std::mem::replace(&mut self.photos, photos),
        );
        // Some ten thousand paths, freed off the save's path.
        rayon::spawn(move || drop(old));
    }
}

impl Next {
    /// The paths of every job's files (what the sitemap lists).
    pub(super) fn paths(&self) -> Vec<OutputPath> {
        self.jobs.values().flatten().cloned().collect()
    }

    /// Adds the site-wide files, made once the pages are known.
    pub(super) fn site_files(&mut self, files: Vec<Output>) {
        self.site = files.iter().map(|o| o.path.clone()).collect();
        self.fresh.extend(files);
    }

    /// How many files the site has that `keep` picks.
    pub(super) fn count(&self, keep: impl Fn(&str) -> bool) -> usize {
        self.all().filter(|p| keep(p.as_str())).count()
    }

    fn all(&self) -> impl Iterator<Item = &OutputPath> {
        self.jobs
            .values()
            .flatten()
            .chain(self.documents.values())
            .chain(&self.site)
    }

    /// What to write and delete to go from `old` to `self`, and which photo
    /// files (`photos`, all of them now) are new. The files made are moved
    /// into the difference: each is hashed once, and none copied.
    pub(super) fn diff(&mut self, old: &Outputs, photos: &HashSet<PathBuf>) -> Diff {
        let put: Vec<(Output, u64)> = std::mem::take(&mut self.fresh)
            .into_par_iter()
            .map(|o| {
                let hash = xxhash_rust::xxh3::xxh3_64(&o.bytes);
                (o, hash)
            })
            .filter(|(o, hash)| old.hashes.get(&o.path) != Some(hash))
            .collect();
        let now: FxHashSet<&OutputPath> = self.all().collect();
        let mut remove: Vec<PathBuf> = old
            .hashes
            .keys()
            .filter(|p| !now.contains(p))
            .map(OutputPath::to_path)
            .collect();
        remove.extend(old.photos.difference(photos).cloned());
        let photos_added: Vec<PathBuf> = photos.difference(&old.photos).cloned().collect();
        let mut changed: Vec<String> = put
            .iter()
            .map(|(o, _)| o.path.as_str().to_string())
            .chain(remove.iter().map(|p| super::slashed(p)))
            .chain(photos_added.iter().map(|p| super::slashed(p)))
            .collect();
        changed.sort();
        changed.dedup();
        Diff {
            put,
            remove,
            photos_added,
            changed,
        }
    }
}
