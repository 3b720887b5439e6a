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
//!
//! The output itself may be a symbolic link; nothing inside it, its staging
//! folder or the preview's folder is ever written or deleted through one
//! (see [`nofollow`]): a link in the staging or preview folder is replaced
//! by a real folder or file, and one in the published folder is the owner's
//! file, carried as a link or moved aside when the site needs its path.

pub mod compress;
mod files;
pub mod host;
mod in_place;
mod manifest;
pub(crate) mod nofollow;
pub mod output;
mod staging;
#[cfg(test)]
mod tests;

pub use in_place::InPlace;
pub use staging::Staging;

use crate::support::diag::{Diagnostic, Diagnostics};
use crate::{problem, t};
use manifest::Manifest;
use std::path::{Component, Path, PathBuf};

/// Folders of the site (relative to its root) an output may never be in:
/// a build replaces its output folder whole.
const SOURCES: [&str; 9] = [
    "content",
    "themes",
    "templates",
    "static",
    ".git",
    ".faro-cache/photos",
    compress::CACHE_DIR,
    ".faro-cache/search",
    crate::load::kept::DIR,
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
            error = crate::support::i18n::error_text(&e)
        ))
    })?;
    let target = resolve(output).map_err(|e| {
        refuse(problem!(
            "write-resolve-output",
            output,
            0,
            0,
            error = crate::support::i18n::error_text(&e)
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
                        error = crate::support::i18n::error_text(&e)
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
                error = crate::support::i18n::error_text(&e)
            ))
        })
}

/// Opens (or creates) the file at `path` and takes an exclusive lock on it
/// (`flock`), calling `waiting` first if another process holds it. The lock
/// goes with the file: it is released when the file is closed, however the
/// process ends, so a lock file is never stale. A link in its place is
/// refused, never followed: faro creates files only where it means to.
/// Elsewhere than on Unix there is no lock.
pub fn lock_file(path: &Path, waiting: impl FnOnce()) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = options.open(path)?;
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

/// Where the render cache of the (resolved) output folder `target` is kept,
/// beside its manifest (`.public.faro-render-cache`; see `crate::pipeline::render_cache`).
pub fn render_cache_path(target: &Path) -> PathBuf {
    Names::of(target).render_cache
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

/// Whether `target` (resolved) may be built into: fails as [`foreign_files`]
/// does on a non-empty folder faro did not build, unless `takeover`,
/// without reading the manifest or listing the folder (a build does both
/// once it holds the lock).
pub fn refuse_foreign_folder(target: &Path, takeover: bool) -> Result<(), Diagnostics> {
    let names = Names::of(target);
    if takeover || !target.is_dir() || std::fs::metadata(&names.manifest).is_ok() {
        return Ok(());
    }
    foreign_in(target, &names, &Manifest::default(), takeover).map(|_| ())
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
            error = crate::support::i18n::error_text(&e)
        ))
    })
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
    render_cache: PathBuf,
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
            render_cache: at("render-cache"),
        }
    }
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
