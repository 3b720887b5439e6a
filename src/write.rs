//! Write: rendered files → a staging folder beside the output folder →
//! swapped in.
//!
//! Until the swap the published folder is untouched, so a failed or
//! interrupted build never leaves a half-written site behind.
//!
//! Creating files and folders is the slow part of a build on most disks, far
//! slower than rendering. So the staging folder is kept between builds: after
//! a swap the previous site becomes the next staging folder, and the next
//! build only rewrites the files whose bytes changed and deletes the ones no
//! longer produced. It is a hidden folder next to the output
//! (`.public.faro-next` for `public/`). Each folder has a manifest beside it
//! (`.public.faro-manifest`, `.public.faro-next-manifest`) so that telling an
//! unchanged file costs a `stat`, not a read; see [`Manifest`].

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Output, OutputPath, Sink};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    names: Names,
    /// Files and folders in the staging folder when the build started.
    existing_files: HashSet<PathBuf>,
    existing_dirs: HashSet<PathBuf>,
    /// Folders known to exist now: the existing ones plus those created since.
    dirs: Mutex<HashSet<PathBuf>>,
    /// What the build that last wrote the staging folder knew of its files.
    previous: Manifest,
    /// What this build knows of the files it has put so far.
    current: Mutex<Manifest>,
}

impl Staging {
    /// Opens (or creates) the staging folder next to `target` and lists what
    /// it holds.
    pub fn new(target: &Path) -> Result<Staging, Diagnostics> {
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the output's parent folder", e))?;
        let names = Names::of(target);
        // A build killed between the renames of `publish` leaves the site here.
        if names.prev.exists() {
            if target.exists() {
                let _ = std::fs::remove_dir_all(&names.prev);
            } else {
                let _ = std::fs::rename(&names.prev, target);
            }
        }
        let dir = names.next.clone();
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        let mut existing_files = HashSet::new();
        let mut existing_dirs = HashSet::new();
        for e in walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if e.file_type().is_dir() {
                existing_dirs.insert(rel);
            } else {
                existing_files.insert(rel);
            }
        }
        Ok(Staging {
            previous: Manifest::read(&names.next_manifest),
            names,
            current: Mutex::default(),
            dirs: Mutex::new(existing_dirs.clone()),
            existing_files,
            existing_dirs,
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Leaves the staging folder holding exactly the files `put` so far (their
    /// `paths`) plus the files listed in `keep` (written there by other steps,
    /// e.g. photos): every other file is deleted, and so are emptied folders.
    /// Deleting is best-effort: a file that cannot be deleted stays, unlinked
    /// from every page.
    pub fn finish(&self, paths: &[OutputPath], keep: &HashSet<PathBuf>) {
        let wanted: HashSet<PathBuf> = paths.iter().map(OutputPath::to_path).collect();
        self.existing_files
            .par_iter()
            .filter(|f| !wanted.contains(*f) && !keep.contains(*f))
            .for_each(|f| {
                let _ = std::fs::remove_file(self.dir.join(f));
            });
        let mut stale_dirs: Vec<&PathBuf> = self.existing_dirs.iter().collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in stale_dirs {
            // Fails, harmlessly, on folders that still hold files.
            let _ = std::fs::remove_dir(self.dir.join(d));
        }
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        // Only a speed-up for the next build: if it cannot be written, that
        // build compares bytes instead.
        let _ = current.write(&self.names.next_manifest);
    }

    /// Swaps the staging folder in as the target; the previous site becomes
    /// the staging folder of the next build, and the manifests swap with them.
    pub fn publish(self) -> Result<(), Diagnostics> {
        let names = &self.names;
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &names.prev)
                .map_err(|e| io_error(&self.target, "cannot move the previous site aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&names.prev, &self.target);
            }
            return Err(io_error(
                &self.target,
                "cannot move the new site into place",
                e,
            ));
        }
        if had_target {
            let _ = std::fs::rename(&names.prev, &self.dir);
        }
        // A kill in here leaves a manifest beside the wrong folder; its
        // entries then fail to match (inodes differ) and cost only speed.
        let _ = std::fs::rename(&names.manifest, &names.prev_manifest);
        let _ = std::fs::rename(&names.next_manifest, &names.manifest);
        let _ = std::fs::rename(&names.prev_manifest, &names.next_manifest);
        Ok(())
    }

    fn ensure_parent(&self, rel: &Path) -> Result<(), Diagnostics> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(());
        };
        if self
            .dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(parent)
        {
            return Ok(());
        }
        let full = self.dir.join(parent);
        if std::fs::create_dir_all(&full).is_err() {
            // A file from an older build where this build needs a folder:
            // everything in the staging folder is ours to replace.
            let mut at = self.dir.clone();
            for part in parent.components() {
                at.push(part);
                if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    let _ = std::fs::remove_file(&at);
                }
            }
            std::fs::create_dir_all(&full)
                .map_err(|e| io_error(&full, "cannot create folder", e))?;
        }
        self.dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(parent.to_path_buf());
        Ok(())
    }
}

impl Sink for Staging {
    /// Writes `output` into the staging folder, unless the file there already
    /// holds its bytes.
    fn put(&self, output: Output) -> Result<(), Diagnostics> {
        let rel = output.path.to_path();
        let rel = rel.as_path();
        let full = output.path.join_under(&self.dir);
        let hash = xxhash_rust::xxh3::xxh3_64(&output.bytes);
        let found = self
            .existing_files
            .contains(rel)
            .then(|| std::fs::symlink_metadata(&full).ok())
            .flatten()
            .map(|meta| Stamp::of(&meta));
        let stamp = match found {
            Some(stamp)
                if self.previous.0.get(output.path.as_str()) == Some(&(stamp, hash))
                    || (stamp.len == output.bytes.len() as u64
                        && same_bytes(&full, &output.bytes)) =>
            {
                stamp
            }
            _ => {
                self.ensure_parent(rel)?;
                write_file(&full, &output.bytes)
                    .or_else(|e| {
                        // A folder from an older build where this build needs a file.
                        if !std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir()) {
                            return Err(e);
                        }
                        std::fs::remove_dir_all(&full)?;
                        write_file(&full, &output.bytes)
                    })
                    .map_err(|e| Diagnostic::file(&full, format!("cannot write: {e}")))?
            }
        };
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .0
            .insert(output.path.as_str().to_string(), (stamp, hash));
        Ok(())
    }
}

/// Writes `bytes` to `path`; returns the stamp the write left.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// The names of the hidden files and folders kept beside the target
/// (`public/`): the staging folder, the previous site during a swap, and
/// each folder's manifest.
struct Names {
    next: PathBuf,
    prev: PathBuf,
    manifest: PathBuf,
    next_manifest: PathBuf,
    prev_manifest: PathBuf,
}

impl Names {
    fn of(target: &Path) -> Names {
        let parent = parent_of(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let at = |suffix: &str| parent.join(format!(".{name}.faro-{suffix}"));
        Names {
            next: at("next"),
            prev: at("prev"),
            manifest: at("manifest"),
            next_manifest: at("next-manifest"),
            prev_manifest: at("prev-manifest"),
        }
    }
}

/// What a file looked like right after a build wrote (or kept) it. If it
/// still looks the same, nobody has written to it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified_ns: i128,
    inode: u64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn of(meta: &Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp {
            len: meta.len(),
            modified_ns,
            inode: 0,
        }
    }
}

/// A folder's files as a build left them: path → (stamp, hash of the bytes).
/// A file whose stamp still matches holds the bytes of that hash, so an
/// unchanged output costs a `stat` instead of reading the file back. A file
/// changed since, or a manifest that belongs to another folder after an
/// interrupted swap, fails to match and is compared byte by byte.
#[derive(Default)]
struct Manifest(HashMap<String, (Stamp, u64)>);

impl Manifest {
    /// Reads a manifest; a missing or damaged one is (partly) empty.
    fn read(path: &Path) -> Manifest {
        let Ok(written) = std::fs::metadata(path).map(|m| Stamp::of(&m).modified_ns) else {
            return Manifest::default();
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let entries = text.lines().filter_map(|line| {
            let mut f = line.splitn(5, ' ');
            let hash = u64::from_str_radix(f.next()?, 16).ok()?;
            let len = f.next()?.parse().ok()?;
            let modified_ns = f.next()?.parse().ok()?;
            let inode = f.next()?.parse().ok()?;
            let path = f.next()?.to_string();
            // A file modified in the same clock tick as the manifest was
            // written could have changed again unseen (timestamps are
            // coarse): such entries are not trusted, as git does.
            (modified_ns < written).then_some((
                path,
                (
                    Stamp {
                        len,
                        modified_ns,
                        inode,
                    },
                    hash,
                ),
            ))
        });
        Manifest(entries.collect())
    }

    /// One line per file: `hash len modified_ns inode path`.
    fn write(&self, path: &Path) -> std::io::Result<()> {
        use std::fmt::Write;
        let mut text = String::with_capacity(self.0.len() * 96);
        for (p, (s, hash)) in &self.0 {
            let _ = writeln!(
                text,
                "{hash:016x} {} {} {} {p}",
                s.len, s.modified_ns, s.inode
            );
        }
        std::fs::write(path, text)
    }
}

fn parent_of(target: &Path) -> PathBuf {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// True when the file at `path` holds exactly `bytes` (a read is much cheaper
/// than a write on the disks we run on).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostic::file(path, format!("{what}: {e}")).into()
}
