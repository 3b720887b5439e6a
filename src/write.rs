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
//!
//! The published folder's manifest is also the record of which files faro
//! wrote. faro never deletes a file it did not write: a non-empty folder
//! with no manifest is refused unless taken over (`--force`), and a file in
//! the output that the manifest does not list (a hand-made `CNAME`) is
//! carried into every new site; if the site itself needs its path, it is
//! moved aside into `.public.faro-kept/` instead of being lost.
//!
//! Before any of this, [`check_output`] resolves the output's path (following
//! symbolic links) and refuses folders that hold the site's sources, and
//! [`lock_output`] makes concurrent builds of one output take turns.

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Output, OutputPath, Sink};
use crate::{problem, t};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs::Metadata;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// Folders of the site (relative to its root) an output may never be in:
/// a build replaces its output folder whole.
const SOURCES: [&str; 6] = [
    "content",
    "themes",
    "templates",
    "static",
    ".git",
    ".faro-cache/photos",
];

/// Resolves `output` (following the symbolic links of every part that
/// exists) and refuses an output folder a build would destroy the site
/// with: the site folder itself, a folder that contains it, or a folder
/// inside its sources. Returns the resolved output: a symlinked `public`
/// resolves to its target, so the site is published there and the link
/// stays a link.
pub fn check_output(root: &Path, output: &Path) -> Result<PathBuf, Diagnostics> {
    let refuse = |problem: Diagnostic| -> Diagnostics { problem.into() };
    let root = resolve(root).map_err(|e| {
        Diagnostics::from(problem!(
            "write-open-site",
            root,
            0,
            0,
            error = e.to_string()
        ))
    })?;
    let target = resolve(output).map_err(|e| {
        refuse(problem!(
            "write-resolve-output",
            output,
            0,
            0,
            error = e.to_string()
        ))
    })?;
    let (shown_root, shown_target) = (root.display().to_string(), target.display().to_string());
    if target == root {
        return Err(refuse(problem!(
            "write-output-is-site",
            output,
            0,
            0,
            root = &shown_root
        )));
    }
    if root.starts_with(&target) {
        return Err(refuse(problem!(
            "write-output-contains-site",
            output,
            0,
            0,
            output = &shown_target,
            root = &shown_root
        )));
    }
    if let Some(source) = SOURCES.iter().find(|s| target.starts_with(root.join(s))) {
        return Err(refuse(problem!(
            "write-output-inside-sources",
            output,
            0,
            0,
            output = &shown_target,
            source = *source
        )));
    }
    if std::fs::metadata(&target).is_ok_and(|m| !m.is_dir()) {
        return Err(refuse(problem!(
            "write-output-is-file",
            output,
            0,
            0,
            output = &shown_target
        )));
    }
    Ok(target)
}

/// The absolute path `path` names: its longest existing part with every
/// symbolic link followed, then the parts that do not exist yet (`..`
/// among them applied as written).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let parts: Vec<Component> = absolute.components().collect();
    for known in (1..=parts.len()).rev() {
        let existing: PathBuf = parts[..known].iter().collect();
        match existing.canonicalize() {
            Ok(mut resolved) => {
                for part in &parts[known..] {
                    match part {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            // A link whose target is missing: creating the output would
            // create that target, somewhere nobody looked.
            Err(e) if std::fs::symlink_metadata(&existing).is_ok() => {
                return Err(std::io::Error::new(
                    e.kind(),
                    t!(
                        "write-broken-link",
                        path = existing.display().to_string(),
                        error = e.to_string()
                    ),
                ));
            }
            Err(_) => {}
        }
    }
    Ok(absolute)
}

/// Held while a build writes one output folder; released when dropped (or
/// when the process ends, however it ends).
pub struct OutputLock(#[allow(dead_code)] std::fs::File);

/// Takes the lock of the (resolved) output folder `target`: a lock file
/// beside it (`.public.faro-lock`). If another build holds it, calls
/// `waiting` once and waits for its turn, so the build that started last
/// also publishes last and the newest content ends up published.
pub fn lock_output(target: &Path, waiting: impl FnOnce()) -> Result<OutputLock, Diagnostics> {
    let names = Names::of(target);
    create_parent(target)?;
    lock_file(&names.lock, waiting)
        .map(OutputLock)
        .map_err(|e| {
            Diagnostics::from(problem!(
                "write-lock-output",
                &names.lock,
                0,
                0,
                error = e.to_string()
            ))
        })
}

/// Opens (or creates) the file at `path` and takes an exclusive lock on it
/// (`flock`), calling `waiting` first if another process holds it. The lock
/// goes with the file: it is released when the file is closed, however the
/// process ends, so a lock file is never stale. Elsewhere than on Unix
/// there is no lock.
pub fn lock_file(path: &Path, waiting: impl FnOnce()) -> std::io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let flock = |how| loop {
            // SAFETY: flock only reads the descriptor, which `file` keeps open.
            if unsafe { libc::flock(file.as_raw_fd(), how) } == 0 {
                return Ok(());
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        };
        match flock(libc::LOCK_EX | libc::LOCK_NB) {
            Ok(()) => return Ok(file),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => waiting(),
            Err(e) => return Err(e),
        }
        flock(libc::LOCK_EX)?;
    }
    #[cfg(not(unix))]
    let _ = waiting;
    Ok(file)
}

/// Whether `target` (resolved) holds a site a build finished: its manifest
/// is beside it. `faro publish` copies only such a folder.
pub fn is_built(target: &Path) -> bool {
    target.is_dir() && Names::of(target).manifest.is_file()
}

/// Which files of the published folder faro did not write, or why the
/// folder cannot be built into. `takeover` (`--force`) accepts a non-empty
/// folder faro did not build: all its files are then foreign.
pub fn foreign_files(target: &Path, takeover: bool) -> Result<Vec<PathBuf>, Diagnostics> {
    if !target.is_dir() {
        return Ok(Vec::new());
    }
    let names = Names::of(target);
    foreign_in(target, &names, &Manifest::read(&names.manifest), takeover)
}

/// [`foreign_files`], given the published folder's manifest.
fn foreign_in(
    target: &Path,
    names: &Names,
    manifest: &Manifest,
    takeover: bool,
) -> Result<Vec<PathBuf>, Diagnostics> {
    if !target.is_dir() {
        return Ok(Vec::new());
    }
    let found = walkdir::WalkDir::new(target)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok);
    if !manifest.exists && !takeover {
        if found.take(1).count() == 0 {
            return Ok(Vec::new());
        }
        let name = names
            .manifest
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        return Err(problem!(
            "write-foreign-folder",
            target,
            0,
            0,
            manifest = name.to_string(),
            kept = names.kept.display().to_string()
        )
        .into());
    }
    // A manifest from before faro listed photos (no header) cannot tell:
    // such folders were built by faro whole.
    if manifest.exists && !manifest.lists_every_file {
        return Ok(Vec::new());
    }
    Ok(found
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(target).ok().map(Path::to_path_buf))
        .filter(|rel| !manifest.owned.contains_key(&manifest_key(rel)))
        .collect())
}

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    names: Names,
    /// Files and folders in the staging folder when the build started.
    existing_files: HashSet<PathBuf>,
    existing_dirs: HashSet<PathBuf>,
    /// Files of the published folder faro did not write: carried into the
    /// new site by `finish`.
    foreign: Vec<PathBuf>,
    /// Folders known to exist now: the existing ones plus those created since.
    dirs: Mutex<HashSet<PathBuf>>,
    /// What the build that last wrote the staging folder knew of its files.
    previous: Manifest,
    /// What the build that published the output knew of its files: a file
    /// made from the same source there is copied, not made again; and what
    /// this build changes is told against it (see [`Staging::changed`]).
    published_manifest: Manifest,
    /// What this build knows of the files it has put so far.
    current: Mutex<Manifest>,
    /// A write into the staging folder failed (disk full, …): a build that
    /// does not publish then removes the folder rather than leave it half
    /// written and holding the space.
    write_failed: AtomicBool,
    is_published: bool,
}

impl Staging {
    /// Opens (or creates) the staging folder next to the resolved output
    /// folder `target` (see [`check_output`]; take [`lock_output`] first)
    /// and lists what it holds. Refuses a non-empty `target` faro did not
    /// build, unless `takeover`.
    pub fn new(target: &Path, takeover: bool) -> Result<Staging, Diagnostics> {
        create_parent(target)?;
        let names = Names::of(target);
        // A build killed between the renames of `publish` leaves the site here.
        if names.prev.exists() {
            if target.exists() {
                let _ = std::fs::remove_dir_all(&names.prev);
            } else {
                let _ = std::fs::rename(&names.prev, target);
            }
        }
        let published = Manifest::read(&names.manifest);
        let foreign = foreign_in(target, &names, &published, takeover)?;
        // Read, then removed until `finish` writes it again: a build that
        // fails or is killed midway cannot leave a manifest that describes
        // files it has since changed.
        let previous = Manifest::read(&names.next_manifest);
        let _ = std::fs::remove_file(&names.next_manifest);
        let dir = names.next.clone();
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostics::from(problem!(
                "write-create-staging",
                &dir,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        let (existing_files, existing_dirs) = list(&dir);
        Ok(Staging {
            previous,
            published_manifest: published,
            names,
            current: Mutex::default(),
            dirs: Mutex::new(existing_dirs.clone()),
            existing_files,
            existing_dirs,
            foreign,
            dir,
            target: target.to_path_buf(),
            write_failed: AtomicBool::new(false),
            is_published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Leaves the staging folder holding exactly the files `put` so far (their
    /// `paths`), the files listed in `keep` (written there by other steps,
    /// e.g. photos) and the published folder's foreign files: every other
    /// file is deleted, and so are emptied folders. Then writes the
    /// manifest, the record of which files are faro's. Returns the foreign
    /// files moved aside because the site needs their paths.
    pub fn finish(
        &self,
        paths: &[OutputPath],
        keep: &HashSet<PathBuf>,
    ) -> Result<Vec<PathBuf>, Diagnostics> {
        let wanted: HashSet<PathBuf> = paths.iter().map(OutputPath::to_path).collect();
        let ours = |f: &Path| wanted.contains(f) || keep.contains(f);
        // Deleting is best-effort: a file that cannot be deleted stays,
        // unlinked from every page.
        self.existing_files
            .par_iter()
            .filter(|f| !ours(f))
            .for_each(|f| {
                let _ = std::fs::remove_file(self.dir.join(f));
            });
        let mut moved_aside = Vec::new();
        for rel in &self.foreign {
            if ours(rel) {
                moved_aside.push(self.keep_aside(rel)?);
            } else {
                self.carry(rel)?;
            }
        }
        let mut stale_dirs: Vec<&PathBuf> = self.existing_dirs.iter().collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in stale_dirs {
            // Fails, harmlessly, on folders that still hold files.
            let _ = std::fs::remove_dir(self.dir.join(d));
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        for photo in keep {
            if let Ok(meta) = std::fs::symlink_metadata(self.dir.join(photo)) {
                // No hash: a photo's bytes are compared by the photo step.
                let entry = (Stamp::of(&meta), 0);
                current.entries.insert(manifest_key(photo), entry);
            }
        }
        current.write(&self.names.next_manifest).map_err(|e| {
            self.failed(problem!(
                "write-cannot-write",
                &self.names.next_manifest,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        Ok(moved_aside)
    }

    /// The output files this build adds, changes or removes compared with
    /// the published folder, sorted, as `/`-separated paths
    /// (`informes/2024/01/index.html`): what `faro serve` tells open pages.
    /// Call after [`Staging::finish`]. Without a manifest of the published
    /// folder, every file counts.
    pub fn changed(&self) -> Vec<String> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        changed_files(&self.published_manifest.owned, &current.entries)
    }

    /// Copies a foreign file of the published folder into the new site.
    fn carry(&self, rel: &Path) -> Result<(), Diagnostics> {
        let to = self.dir.join(rel);
        self.ensure_parent(rel)?;
        if std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(&to);
        }
        copy_entry(&self.target.join(rel), &to).map_err(|e| {
            self.failed(problem!(
                "write-cannot-copy",
                &to,
                0,
                0,
                error = e.to_string()
            ))
        })
    }

    /// Copies a foreign file whose path the site needs into the kept-aside
    /// folder, under a name no earlier copy took; returns where it went.
    fn keep_aside(&self, rel: &Path) -> Result<PathBuf, Diagnostics> {
        let from = self.target.join(rel);
        let mut to = self.names.kept.join(rel);
        let mut n = 1;
        while std::fs::symlink_metadata(&to).is_ok() {
            if same_file_bytes(&from, &to) {
                return Ok(to);
            }
            n += 1;
            let name = rel.file_name().unwrap_or_default().to_string_lossy();
            to = self
                .names
                .kept
                .join(rel)
                .with_file_name(format!("{name}.{n}"));
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostics::from(problem!(
                    "write-create-folder",
                    parent,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        copy_entry(&from, &to).map_err(|e| {
            Diagnostics::from(problem!(
                "write-keep-aside",
                &to,
                0,
                0,
                error = e.to_string()
            ))
        })?;
        Ok(to)
    }

    /// Swaps the staging folder in as the target; the previous site becomes
    /// the staging folder of the next build, and the manifests swap with them.
    pub fn publish(mut self) -> Result<(), Diagnostics> {
        let names = &self.names;
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &names.prev).map_err(|e| {
                Diagnostics::from(problem!(
                    "write-move-previous",
                    &self.target,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&names.prev, &self.target);
            }
            return Err(Diagnostics::from(problem!(
                "write-move-new",
                &self.target,
                0,
                0,
                error = e.to_string()
            )));
        }
        if had_target {
            let _ = std::fs::rename(&names.prev, &self.dir);
        }
        // A kill in here leaves a manifest beside the wrong folder; its
        // entries then fail to match (inodes differ) and cost only speed.
        let _ = std::fs::rename(&names.manifest, &names.prev_manifest);
        let _ = std::fs::rename(&names.next_manifest, &names.manifest);
        let _ = std::fs::rename(&names.prev_manifest, &names.next_manifest);
        self.is_published = true;
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
            std::fs::create_dir_all(&full).map_err(|e| {
                self.failed(problem!(
                    "write-create-folder",
                    &full,
                    0,
                    0,
                    error = e.to_string()
                ))
            })?;
        }
        self.dirs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(parent.to_path_buf());
        Ok(())
    }

    /// Notes that a write failed, for [`Drop`], and says so.
    fn failed(&self, problem: Diagnostic) -> Diagnostics {
        self.write_failed.store(true, Ordering::Relaxed);
        problem.into()
    }
}

impl Drop for Staging {
    /// A build that failed to write (a full disk, most often) gives back the
    /// space its half-written staging folder holds, so that the next build
    /// neither needs more room than a first build nor reuses a torn file.
    fn drop(&mut self) {
        if !self.is_published && self.write_failed.load(Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::remove_file(&self.names.next_manifest);
        }
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
            .flatten();
        let kept = found.as_ref().map(Stamp::of).filter(|stamp| {
            self.previous.entries.get(output.path.as_str()) == Some(&(*stamp, hash))
                || (stamp.len == output.bytes.len() as u64 && same_bytes(&full, &output.bytes))
        });
        let stamp = match kept {
            Some(stamp) => stamp,
            None => self.write_at(rel, &full, found.as_ref(), &output.bytes)?,
        };
        self.record(&output.path, stamp, hash);
        Ok(())
    }
}

impl Staging {
    /// The length and hash of the bytes this build put at `path`, if it put
    /// a file there.
    pub fn put_file(&self, path: &OutputPath) -> Option<(u64, u64)> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .get(path.as_str())
            .map(|(stamp, hash)| (stamp.len, *hash))
    }

    /// Puts a file made from another file of the site (a compressed copy).
    /// `key` stands for its source's bytes and how it is made, and is what
    /// the manifest records for it. When the staging folder, or else the
    /// published folder, already holds the file made from the same key,
    /// untouched since (by their manifests), it is kept or copied and
    /// `make` is not run: making it is the slow part.
    pub fn put_derived(
        &self,
        path: &OutputPath,
        key: u64,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostics>,
    ) -> Result<(), Diagnostics> {
        let rel = path.to_path();
        let full = path.join_under(&self.dir);
        let found = self
            .existing_files
            .contains(&rel)
            .then(|| std::fs::symlink_metadata(&full).ok())
            .flatten();
        let current = |manifest: &Manifest, meta: Option<&Metadata>| {
            meta.is_some_and(|m| manifest.entries.get(path.as_str()) == Some(&(Stamp::of(m), key)))
        };
        if current(&self.previous, found.as_ref()) {
            if let Some(meta) = &found {
                self.record(path, Stamp::of(meta), key);
                return Ok(());
            }
        }
        let published = path.join_under(&self.target);
        let bytes = match std::fs::symlink_metadata(&published) {
            Ok(meta) if meta.is_file() && current(&self.published_manifest, Some(&meta)) => {
                match std::fs::read(&published) {
                    Ok(bytes) => bytes,
                    Err(_) => make()?,
                }
            }
            _ => make()?,
        };
        let stamp = self.write_at(&rel, &full, found.as_ref(), &bytes)?;
        self.record(path, stamp, key);
        Ok(())
    }

    /// Notes in this build's manifest what the file at `path` looks like.
    fn record(&self, path: &OutputPath, stamp: Stamp, hash: u64) {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .insert(path.as_str().to_string(), (stamp, hash));
    }

    /// Writes `bytes` at `full` (`rel` in the staging folder), replacing what
    /// `found` there; returns the stamp the write left.
    fn write_at(
        &self,
        rel: &Path,
        full: &Path,
        found: Option<&Metadata>,
        bytes: &[u8],
    ) -> Result<Stamp, Diagnostics> {
        self.ensure_parent(rel)?;
        // A file also linked elsewhere is not rewritten in place: the
        // other name would change with it.
        if found.is_some_and(|m| m.is_file() && links(m) > 1) {
            let _ = std::fs::remove_file(full);
        }
        write_file(full, bytes)
            .or_else(|e| {
                // A folder from an older build where this build needs a file.
                if !std::fs::symlink_metadata(full).is_ok_and(|m| m.is_dir()) {
                    return Err(e);
                }
                std::fs::remove_dir_all(full)?;
                write_file(full, bytes)
            })
            .map_err(|e| {
                // Never leave a torn file behind.
                let _ = std::fs::remove_file(full);
                self.failed(problem!(
                    "write-cannot-write",
                    full,
                    0,
                    0,
                    error = e.to_string()
                ))
            })
    }
}

/// The paths whose content differs between `before` and `after`, or that
/// only one of them lists, sorted.
fn changed_files(
    before: &HashMap<String, (Stamp, u64)>,
    after: &HashMap<String, (Stamp, u64)>,
) -> Vec<String> {
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(path, entry)| !before.get(*path).is_some_and(|b| same_content(b, entry)))
        .map(|(path, _)| path.clone())
        .chain(
            before
                .keys()
                .filter(|path| !after.contains_key(*path))
                .cloned(),
        )
        .collect();
    changed.sort_unstable();
    changed
}

/// Whether two manifest entries of one path describe the same bytes. Files
/// are told by their hash; photos have none (0) but are copies that keep
/// their cache file's length and time, which change with the photo.
fn same_content(a: &(Stamp, u64), b: &(Stamp, u64)) -> bool {
    match (a.1, b.1) {
        (0, 0) => a.0.len == b.0.len && a.0.modified_ns == b.0.modified_ns,
        (x, y) => x == y,
    }
}

/// Creates the folder that holds `target` (its staging folder, manifests
/// and lock live there too).
fn create_parent(target: &Path) -> Result<(), Diagnostics> {
    let parent = parent_of(target);
    std::fs::create_dir_all(&parent).map_err(|e| {
        Diagnostics::from(problem!(
            "write-create-parent",
            &parent,
            0,
            0,
            error = e.to_string()
        ))
    })
}

/// The files and the folders under `dir`, relative to it.
fn list(dir: &Path) -> (HashSet<PathBuf>, HashSet<PathBuf>) {
    let mut files = HashSet::new();
    let mut dirs = HashSet::new();
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(dir)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if e.file_type().is_dir() {
            dirs.insert(rel);
        } else {
            files.insert(rel);
        }
    }
    (files, dirs)
}

/// Writes `bytes` to `path`; returns the stamp the write left.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    #[cfg(test)]
    if tests::DISK_FULL.get() {
        // Half the bytes land, as when the disk fills up midway.
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(std::io::ErrorKind::StorageFull.into());
    }
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// Copies a file, or recreates a symbolic link as a link (never following
/// it: where it points is the owner's business).
fn copy_entry(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        let _ = std::fs::remove_file(to);
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    if std::fs::symlink_metadata(to).is_ok_and(|m| links(&m) > 1 || m.file_type().is_symlink()) {
        std::fs::remove_file(to)?;
    }
    std::fs::copy(from, to).map(|_| ())
}

#[cfg(unix)]
fn links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &Metadata) -> u64 {
    1
}

/// The names of the hidden files and folders kept beside the target
/// (`public/`): the staging folder, the previous site during a swap, each
/// folder's manifest, the lock and the foreign files moved aside.
struct Names {
    next: PathBuf,
    prev: PathBuf,
    manifest: PathBuf,
    next_manifest: PathBuf,
    prev_manifest: PathBuf,
    lock: PathBuf,
    kept: PathBuf,
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
            lock: at("lock"),
            kept: at("kept"),
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

/// The first line of a manifest that lists every file faro wrote (photos
/// included), so that any other file in the folder is someone else's.
const MANIFEST_HEADER: &str = "faro-manifest 2";

/// A folder's files as a build left them: path → (stamp, hash of the bytes).
/// A file whose stamp still matches holds the bytes of that hash, so an
/// unchanged output costs a `stat` instead of reading the file back. A file
/// changed since, or a manifest that belongs to another folder after an
/// interrupted swap, fails to match and is compared byte by byte.
#[derive(Default)]
struct Manifest {
    /// The entries whose stamps can be trusted.
    entries: HashMap<String, (Stamp, u64)>,
    /// Every path listed, the files faro wrote, with their entries,
    /// trusted or not.
    owned: HashMap<String, (Stamp, u64)>,
    exists: bool,
    lists_every_file: bool,
}

impl Manifest {
    /// Reads a manifest; a missing or damaged one is (partly) empty.
    fn read(path: &Path) -> Manifest {
        let Ok(written) = std::fs::metadata(path).map(|m| Stamp::of(&m).modified_ns) else {
            return Manifest::default();
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut manifest = Manifest {
            exists: true,
            lists_every_file: text.lines().next() == Some(MANIFEST_HEADER),
            ..Manifest::default()
        };
        for (path, (stamp, hash)) in text.lines().filter_map(parse_entry) {
            manifest.owned.insert(path.clone(), (stamp, hash));
            // A file modified in the same clock tick as the manifest was
            // written could have changed again unseen (timestamps are
            // coarse): such entries are not trusted, as git does. `write`
            // dates the manifest after its newest file, so this catches
            // files changed after the manifest was written.
            if stamp.modified_ns < written {
                manifest.entries.insert(path, (stamp, hash));
            }
        }
        manifest
    }

    /// A header, then one line per file: `hash len modified_ns inode path`.
    fn write(&self, path: &Path) -> std::io::Result<()> {
        use std::fmt::Write;
        let mut text = String::with_capacity(self.entries.len() * 96);
        text.push_str(MANIFEST_HEADER);
        text.push('\n');
        for (p, (s, hash)) in &self.entries {
            let _ = writeln!(
                text,
                "{hash:016x} {} {} {} {p}",
                s.len, s.modified_ns, s.inode
            );
        }
        std::fs::write(path, text)?;
        // Entries are trusted only when older than the manifest (see
        // `read`). File times move in clock ticks of a few ms, so the files
        // written last often share the manifest's tick and would be made
        // again next time: date it after the newest one instead.
        let newest = self.entries.values().map(|(s, _)| s.modified_ns).max();
        let file = std::fs::OpenOptions::new().write(true).open(path)?;
        for _ in 0..20 {
            let now = std::time::SystemTime::now();
            let now_ns = now
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
            if newest.is_none_or(|n| now_ns > n) {
                return file.set_modified(now);
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Ok(())
    }
}

fn parse_entry(line: &str) -> Option<(String, (Stamp, u64))> {
    let mut f = line.splitn(5, ' ');
    let hash = u64::from_str_radix(f.next()?, 16).ok()?;
    let len = f.next()?.parse().ok()?;
    let modified_ns = f.next()?.parse().ok()?;
    let inode = f.next()?.parse().ok()?;
    let path = f.next()?.to_string();
    let stamp = Stamp {
        len,
        modified_ns,
        inode,
    };
    Some((path, (stamp, hash)))
}

/// A relative path as the manifest spells it: `/`-separated, like outputs.
fn manifest_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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

fn same_file_bytes(a: &Path, b: &Path) -> bool {
    std::fs::read(a).is_ok_and(|bytes| same_bytes(b, &bytes))
}

/// A published folder updated in place, file by file: the preview's, where
/// each save changes a few files and a whole new site would cost more than
/// the save. Each file is written to a temporary name and renamed over the
/// old one, so a page being served is never torn; the manifest stays the
/// truthful record of faro's files (see [`InPlace::apply`]).
pub struct InPlace {
    target: PathBuf,
    names: Names,
    manifest: Manifest,
}

impl InPlace {
    /// Opens the resolved, faro-built output folder `target` (take
    /// [`lock_output`] around each [`InPlace::apply`]).
    pub fn open(target: &Path) -> InPlace {
        let names = Names::of(target);
        let mut manifest = Manifest::read(&names.manifest);
        // Entries not trusted still name faro's files: kept, never matching.
        let untrusted = Stamp {
            len: u64::MAX,
            modified_ns: 0,
            inode: 0,
        };
        for path in manifest.owned.keys() {
            if !manifest.entries.contains_key(path) {
                manifest.entries.insert(path.clone(), (untrusted, 0));
            }
        }
        InPlace {
            target: target.to_path_buf(),
            names,
            manifest,
        }
    }

    /// Writes `put`, deletes `remove` and records `photos` (placed in the
    /// folder already by the photo step). Paths new to the manifest are
    /// listed in it before they are written, and the files deleted only
    /// after, so an interrupted update never leaves a file of ours looking
    /// like someone else's; the manifest is written again at the end with
    /// the new files' stamps.
    pub fn apply(
        &mut self,
        put: &[Output],
        remove: &[PathBuf],
        photos: &[PathBuf],
    ) -> Result<(), Diagnostics> {
        let unknown = Stamp {
            len: u64::MAX,
            modified_ns: 0,
            inode: 0,
        };
        let new_paths: Vec<String> = put
            .iter()
            .map(|o| o.path.as_str().to_string())
            .chain(photos.iter().map(|p| manifest_key(p)))
            .filter(|p| !self.manifest.entries.contains_key(p))
            .collect();
        if !new_paths.is_empty() {
            for p in new_paths {
                self.manifest.entries.insert(p, (unknown, 0));
            }
            self.write_manifest()?;
        }
        let written: Vec<Result<(String, Stamp, u64), Diagnostics>> = put
            .par_iter()
            .map(|o| {
                let full = o.path.join_under(&self.target);
                let stamp = replace_file(&full, &o.bytes).map_err(|e| {
                    Diagnostics::from(problem!(
                        "write-cannot-write",
                        &full,
                        0,
                        0,
                        error = e.to_string()
                    ))
                })?;
                let hash = xxhash_rust::xxh3::xxh3_64(&o.bytes);
                Ok((o.path.as_str().to_string(), stamp, hash))
            })
            .collect();
        let mut failed = Diagnostics::default();
        for w in written {
            match w {
                Ok((path, stamp, hash)) => {
                    self.manifest.entries.insert(path, (stamp, hash));
                }
                Err(d) => failed.extend(d),
            }
        }
        for photo in photos {
            if let Ok(meta) = std::fs::symlink_metadata(self.target.join(photo)) {
                let entry = (Stamp::of(&meta), 0);
                self.manifest.entries.insert(manifest_key(photo), entry);
            }
        }
        for rel in remove {
            let full = self.target.join(rel);
            if std::fs::remove_file(&full).is_ok() || !full.exists() {
                self.manifest.entries.remove(&manifest_key(rel));
                remove_empty_parents(&self.target, rel);
            }
        }
        self.write_manifest()?;
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.sorted())
        }
    }

    fn write_manifest(&self) -> Result<(), Diagnostics> {
        let temp = self.names.manifest.with_extension("faro-tmp");
        self.manifest
            .write(&temp)
            .and_then(|()| std::fs::rename(&temp, &self.names.manifest))
            .map_err(|e| {
                problem!(
                    "write-cannot-write",
                    &self.names.manifest,
                    0,
                    0,
                    error = e.to_string()
                )
                .into()
            })
    }
}

/// Writes `bytes` at `path` through a temporary file beside it, renamed
/// over whatever is there (a folder from an older site is removed first).
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let parent = path.parent().unwrap_or(Path::new("."));
    if std::fs::create_dir_all(parent).is_err() {
        // A file of an older site where a folder is needed now.
        let mut at = parent.to_path_buf();
        while !at.exists() || at.is_dir() {
            if !at.pop() {
                break;
            }
        }
        let _ = std::fs::remove_file(&at);
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent.join(format!(".{name}.faro-tmp"));
    let written = write_file(&temp, bytes);
    match written.and_then(|_| std::fs::rename(&temp, path)) {
        Ok(()) => Ok(Stamp::of(&std::fs::symlink_metadata(path)?)),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Removes the folders holding `rel` under `root` that are left empty.
fn remove_empty_parents(root: &Path, rel: &Path) {
    let mut dir = rel.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn files_written_just_before_their_manifest_are_trusted_by_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut manifest = Manifest::default();
        for n in 0..50 {
            let name = format!("f{n}.txt");
            let stamp = write_file(&dir.path().join(&name), b"x").expect("write");
            manifest.entries.insert(name, (stamp, 1));
        }
        let path = dir.path().join("manifest");
        manifest.write(&path).expect("manifest");
        let read = Manifest::read(&path);
        assert_eq!(read.owned.len(), 50);
        assert_eq!(
            read.entries.len(),
            50,
            "a file written in the manifest's clock tick would be compressed again next build"
        );
    }
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Makes every `write_file` of this thread fail halfway, as on a full disk.
        pub(super) static DISK_FULL: Cell<bool> = const { Cell::new(false) };
    }

    fn output(path: &str, text: &str) -> Output {
        Output::new(path, text.as_bytes()).expect("a valid test path")
    }

    fn out_path(path: &str) -> OutputPath {
        OutputPath::new(path).expect("a valid test path")
    }

    /// One build of `files` into `target`, as `build::build` runs it.
    fn build(target: &Path, files: &[(&str, &str)]) -> Result<Vec<PathBuf>, Diagnostics> {
        let staging = Staging::new(target, false)?;
        for (path, text) in files {
            staging.put(output(path, text))?;
        }
        let paths: Vec<OutputPath> = files.iter().map(|(p, _)| out_path(p)).collect();
        let kept = staging.finish(&paths, &HashSet::new())?;
        staging.publish()?;
        Ok(kept)
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| format!("<{e}>"))
    }

    /// One build of `files` into `target`; returns what it changed.
    fn build_changing(target: &Path, files: &[(&str, &str)]) -> Vec<String> {
        let staging = Staging::new(target, false).expect("staging");
        for (path, text) in files {
            staging.put(output(path, text)).expect("put");
        }
        let paths: Vec<OutputPath> = files.iter().map(|(p, _)| out_path(p)).collect();
        staging.finish(&paths, &HashSet::new()).expect("finish");
        let changed = staging.changed();
        staging.publish().expect("publish");
        changed
    }

    #[test]
    fn a_build_names_the_files_it_adds_changes_and_removes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        let first = [
            ("index.html", "one"),
            ("a/index.html", "a"),
            ("old.css", "x"),
        ];
        assert_eq!(
            build_changing(&target, &first),
            ["a/index.html", "index.html", "old.css"],
            "a first build changes everything"
        );
        let second = [
            ("index.html", "one"),
            ("a/index.html", "a2"),
            ("b.html", "b"),
        ];
        assert_eq!(
            build_changing(&target, &second),
            ["a/index.html", "b.html", "old.css"]
        );
        // Compared with what is published, not with the staging folder
        // (the site before last): `a` is unchanged since the last build.
        let third = [
            ("index.html", "one"),
            ("a/index.html", "a2"),
            ("b.html", "b"),
        ];
        assert!(build_changing(&target, &third).is_empty());
        let fourth = [
            ("index.html", "two"),
            ("a/index.html", "a2"),
            ("b.html", "b"),
        ];
        assert_eq!(build_changing(&target, &fourth), ["index.html"]);
    }

    #[test]
    fn a_full_disk_leaves_the_site_published_and_nothing_half_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one"), ("a/index.html", "a1")]).expect("first");
        build(&target, &[("index.html", "two"), ("a/index.html", "a2")]).expect("second");

        DISK_FULL.set(true);
        let failed = build(&target, &[("index.html", "three"), ("a/index.html", "a3")]);
        DISK_FULL.set(false);
        assert!(failed.is_err());
        assert_eq!(read(&target.join("index.html")), "two");
        assert_eq!(read(&target.join("a/index.html")), "a2");
        let names = Names::of(&target);
        assert!(
            !names.next.exists(),
            "a half-written staging folder was left"
        );
        assert!(!names.next_manifest.exists());

        // Space is back: the next build publishes.
        build(&target, &[("index.html", "four"), ("a/index.html", "a4")]).expect("after");
        assert_eq!(read(&target.join("index.html")), "four");
        assert_eq!(read(&target.join("a/index.html")), "a4");
    }

    /// One build that puts `index.html.br` made from `key`; returns whether
    /// it had to make it.
    fn build_derived(target: &Path, key: u64, bytes: &str) -> bool {
        let staging = Staging::new(target, false).expect("staging");
        let made = Cell::new(false);
        let path = out_path("index.html.br");
        staging
            .put_derived(&path, key, || {
                made.set(true);
                Ok(bytes.as_bytes().to_vec())
            })
            .expect("put_derived");
        // A file stamped in the manifest's own clock tick is not trusted
        // (`Manifest::read`); a real build takes longer than a tick.
        std::thread::sleep(std::time::Duration::from_millis(20));
        staging.finish(&[path], &HashSet::new()).expect("finish");
        staging.publish().expect("publish");
        made.get()
    }

    #[test]
    fn a_derived_file_is_made_again_only_when_its_key_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        assert!(build_derived(&target, 1, "one"), "first build makes it");
        // The second build writes the other staging folder: it copies the
        // published file rather than make it again.
        assert!(!build_derived(&target, 1, "never used"));
        assert_eq!(read(&target.join("index.html.br")), "one");
        // The third finds it in its own folder.
        assert!(!build_derived(&target, 1, "never used"));
        assert_eq!(read(&target.join("index.html.br")), "one");
        // A new key (its source changed): made again.
        assert!(build_derived(&target, 2, "two"));
        assert_eq!(read(&target.join("index.html.br")), "two");
        // Edited by hand: its stamp no longer matches, so it is not copied
        // from, and the next build, which finds it in its staging folder,
        // replaces it.
        std::thread::sleep(std::time::Duration::from_millis(10));
        std::fs::write(target.join("index.html.br"), "hand").expect("edit");
        assert!(
            build_derived(&target, 2, "two"),
            "the edited copy was copied"
        );
        assert_eq!(read(&target.join("index.html.br")), "two");
        build_derived(&target, 2, "two");
        assert_eq!(read(&target.join("index.html.br")), "two");
    }

    #[test]
    fn a_build_that_stops_midway_leaves_no_manifest_that_lies() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one")]).expect("first");
        build(&target, &[("index.html", "two")]).expect("second");
        let names = Names::of(&target);
        assert!(names.next_manifest.exists());
        {
            // Killed after it rewrote a file of the staging folder.
            let staging = Staging::new(&target, false).expect("staging");
            staging.put(output("index.html", "three")).expect("put");
            std::mem::forget(staging);
        }
        assert!(!names.next_manifest.exists());
        // The staging folder now holds "three" where its old manifest said
        // "one"; the next build must still write what it renders.
        build(&target, &[("index.html", "one")]).expect("after the kill");
        assert_eq!(read(&target.join("index.html")), "one");
    }

    #[test]
    fn a_folder_faro_did_not_build_is_refused_unless_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("docs");
        std::fs::create_dir_all(&target).expect("docs");
        std::fs::write(target.join("CNAME"), "example.org\n").expect("CNAME");
        std::fs::write(target.join("index.html"), "hand-made").expect("index");

        let refused = build(&target, &[("index.html", "faro")])
            .map(|_| ())
            .unwrap_err();
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(read(&target.join("index.html")), "hand-made");

        let staging = Staging::new(&target, true).expect("taken over");
        staging.put(output("index.html", "faro")).expect("put");
        let kept = staging
            .finish(&[out_path("index.html")], &HashSet::new())
            .expect("finish");
        staging.publish().expect("publish");
        assert_eq!(read(&target.join("index.html")), "faro");
        assert_eq!(read(&target.join("CNAME")), "example.org\n");
        assert_eq!(kept, [Names::of(&target).kept.join("index.html")]);
        assert_eq!(read(&kept[0]), "hand-made");

        // Later builds keep the CNAME and need no --force.
        for text in ["faro 2", "faro 3"] {
            build(&target, &[("index.html", text)]).expect("rebuild");
            assert_eq!(read(&target.join("CNAME")), "example.org\n");
            assert_eq!(read(&target.join("index.html")), text);
        }
        assert_eq!(read(&kept[0]), "hand-made");
    }

    #[test]
    fn a_file_added_to_the_output_by_hand_is_never_deleted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one"), ("old.html", "old")]).expect("first");
        std::fs::write(target.join("google123.html"), "verify").expect("hand-made");
        for text in ["two", "three", "four"] {
            build(&target, &[("index.html", text)]).expect("rebuild");
            assert_eq!(read(&target.join("google123.html")), "verify");
            assert!(
                !target.join("old.html").exists(),
                "faro's own file stays deleted"
            );
        }
    }

    #[test]
    fn a_published_file_edited_by_hand_is_rewritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one")]).expect("first");
        build(&target, &[("index.html", "one")]).expect("second");
        std::fs::write(target.join("index.html"), "two").expect("edit");
        build(&target, &[("index.html", "one")]).expect("third");
        build(&target, &[("index.html", "one")]).expect("fourth");
        assert_eq!(read(&target.join("index.html")), "one");
    }

    #[cfg(unix)]
    #[test]
    fn a_staged_file_linked_elsewhere_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one")]).expect("first");
        build(&target, &[("index.html", "two")]).expect("second");
        // The staging folder holds "one"; link it from outside.
        let outside = dir.path().join("precious");
        std::fs::hard_link(Names::of(&target).next.join("index.html"), &outside).expect("link");
        build(&target, &[("index.html", "three")]).expect("third");
        assert_eq!(read(&target.join("index.html")), "three");
        assert_eq!(read(&outside), "one");
    }

    #[test]
    fn a_build_killed_between_the_renames_of_publish_recovers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "one")]).expect("first");
        // Killed after moving the site aside, before moving the new one in.
        std::fs::rename(&target, Names::of(&target).prev).expect("aside");
        build(&target, &[("index.html", "two")]).expect("after the kill");
        assert_eq!(read(&target.join("index.html")), "two");
        assert!(!Names::of(&target).prev.exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_is_resolved_through_symlinks_and_refused_over_the_sources() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("content");
        std::os::unix::fs::symlink(root.join("content"), dir.path().join("alias")).expect("ln");
        let refused = |out: &Path| check_output(&root, out).is_err();
        assert!(refused(&root));
        assert!(refused(&root.join("content/../.")));
        assert!(refused(dir.path()));
        assert!(refused(&root.join("content")));
        assert!(refused(&root.join("content/new/deeper")));
        assert!(refused(&dir.path().join("alias")));
        assert!(refused(&dir.path().join("alias/public")));
        assert!(refused(&root.join("themes")));
        assert!(refused(&root.join("static/x")));
        assert_eq!(
            check_output(&root, &root.join("public/../public")).ok(),
            Some(root.canonicalize().expect("root").join("public"))
        );
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        let first = lock_output(&target, || panic!("nothing to wait for")).expect("first");
        let waited = std::sync::Arc::new(AtomicBool::new(false));
        let second = {
            let (target, waited) = (target.clone(), std::sync::Arc::clone(&waited));
            std::thread::spawn(move || {
                let lock = lock_output(&target, || waited.store(true, Ordering::SeqCst));
                lock.is_ok()
            })
        };
        while !waited.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!second.is_finished());
        drop(first);
        assert!(second.join().expect("second thread"));
    }
}
