//! Writing an imported report into the site: only inside
//! `content/informes/YYYY/MM/`, never through a symbolic link, never over a
//! file faro did not write. Either everything is written or, on any error,
//! what was written is removed; a replaced `index.md` changes in one
//! rename, so an interrupted run leaves the old report or the new one.

use crate::load::model::Period;
use crate::t;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The report's folder, relative to the site root.
pub fn report_dir(period: Period) -> PathBuf {
    PathBuf::from(format!(
        "content/informes/{:04}/{:02}",
        period.year, period.month
    ))
}

/// What a file beside the report should hold.
pub struct File<'a> {
    pub name: String,
    pub bytes: &'a [u8],
}

/// Picks a name like `stem.ext` that is free in `dir` or already holds
/// exactly `bytes` (a re-import finds its own photos again).
pub fn free_name(dir: &Path, stem: &str, ext: &str, bytes: &[u8], taken: &[String]) -> String {
    for n in 1.. {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        if taken.contains(&name) {
            continue;
        }
        let p = dir.join(&name);
        match std::fs::symlink_metadata(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return name,
            Ok(m) if m.is_file() && std::fs::read(&p).is_ok_and(|b| b == bytes) => return name,
            _ => {}
        }
    }
    unreachable!("an unbounded range always yields a free name")
}

/// What was done, for the summary.
pub struct Written {
    pub backup: Option<PathBuf>,
}

/// Undo list for a failed write. The report itself is replaced last, in
/// one rename: until then the old `index.md` is untouched, so undoing
/// never has to put it back.
#[derive(Default)]
struct Undo {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Undo {
    fn run(self) {
        for f in self.files.iter().rev() {
            let _ = std::fs::remove_file(f);
        }
        for d in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// The new report is written here, then renamed over `index.md`.
const TEMP: &str = ".index.md.faro-import";
/// A backup being copied (where hard links are not possible).
const TEMP_BACKUP: &str = ".index.md.bak.faro-import";

/// Writes `index.md` and its files for `period` under `root`.
///
/// Replacing a month (`force`) is atomic: the photos and the new text are
/// written and synced beside the old report, the old one gets a second
/// name (`index.md.bak`, a hard link), and the new text is renamed over
/// `index.md` in one step. Stopped at any point, the folder holds the old
/// report or the new one, never neither; what an interrupted run left (its
/// temporary files) is cleared by the next.
pub fn write(
    root: &Path,
    period: Period,
    text: &str,
    files: &[File],
    force: bool,
) -> Result<Written, String> {
    let mut undo = Undo::default();
    match write_all(root, period, text, files, force, &mut undo) {
        Ok(w) => Ok(w),
        Err(e) => {
            undo.run();
            Err(e)
        }
    }
}

fn write_all(
    root: &Path,
    period: Period,
    text: &str,
    files: &[File],
    force: bool,
    undo: &mut Undo,
) -> Result<Written, String> {
    let rel = report_dir(period);
    let mut dir = root.to_path_buf();
    for part in rel.iter() {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(t!("import-place-link", path = shown(root, &dir)));
            }
            Ok(m) if !m.is_dir() => {
                return Err(t!("import-place-not-folder", path = shown(root, &dir)));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                interrupt_point();
                std::fs::create_dir(&dir)
                    .map_err(|e| io_failed("import-place-create-failed", root, &dir, &e))?;
                undo.dirs.push(dir.clone());
            }
            Err(e) => return Err(io_failed("import-place-read-failed", root, &dir, &e)),
        }
    }
    let index = dir.join("index.md");
    let replacing = match std::fs::symlink_metadata(&index) {
        Ok(m) if !force || !m.is_file() => {
            return Err(t!("import-place-exists", path = shown(root, &index)));
        }
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_failed("import-place-read-failed", root, &index, &e)),
    };
    let tmp = dir.join(TEMP);
    let tmp_backup = dir.join(TEMP_BACKUP);
    for leftover in [&tmp, &tmp_backup] {
        clear_leftover(root, leftover)?;
    }
    for f in files {
        let p = dir.join(&f.name);
        if std::fs::symlink_metadata(&p).is_ok() {
            // `free_name` chose it because it already holds these bytes.
            continue;
        }
        create_new(&p, f.bytes)
            .map_err(|e| io_failed("import-place-write-failed", root, &p, &e))?;
        undo.files.push(p);
    }
    create_new(&tmp, text.as_bytes())
        .map_err(|e| io_failed("import-place-write-failed", root, &tmp, &e))?;
    undo.files.push(tmp.clone());
    let mut backup = None;
    if replacing {
        let (bak, made) = keep_backup(&dir, &index, &tmp_backup)
            .map_err(|(p, e)| io_failed("import-place-backup-failed", root, &p, &e))?;
        if made {
            undo.files.push(bak.clone());
        }
        backup = Some(rel.join(bak.file_name().unwrap_or_default()));
        sync_dir(&dir).map_err(|e| io_failed("import-place-write-failed", root, &dir, &e))?;
    }
    interrupt_point();
    std::fs::rename(&tmp, &index)
        .map_err(|e| io_failed("import-place-write-failed", root, &index, &e))?;
    // The new report is in place: from here on nothing is undone. The
    // folder's sync makes the rename durable; if it fails, the rename
    // still happened.
    interrupt_point();
    let _ = sync_dir(&dir);
    Ok(Written { backup })
}

/// Removes what an interrupted run left at `path` (a temporary name only
/// faro import uses). A folder there is not faro's: refused.
fn clear_leftover(root: &Path, path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(t!("import-place-exists", path = shown(root, path))),
        Ok(_) => {
            interrupt_point();
            std::fs::remove_file(path)
                .map_err(|e| io_failed("import-place-write-failed", root, path, &e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_failed("import-place-read-failed", root, path, &e)),
    }
}

/// Gives the old report its backup name while it stays `index.md`: a
/// hard link, or (where links are not possible) a synced copy renamed
/// into place. A backup an interrupted run already made of this very
/// report is used again. Returns the backup and whether it is new.
fn keep_backup(
    dir: &Path,
    index: &Path,
    tmp_backup: &Path,
) -> Result<(PathBuf, bool), (PathBuf, std::io::Error)> {
    let (free, latest) = backups(dir);
    if let Some(latest) = latest {
        let old = std::fs::read(index).map_err(|e| (index.to_path_buf(), e))?;
        if std::fs::read(&latest).is_ok_and(|b| b == old) {
            return Ok((latest, false));
        }
    }
    interrupt_point();
    match std::fs::hard_link(index, &free) {
        Ok(()) => {}
        // Taken since it was found free: never written over.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err((free, e)),
        Err(_) => copy_backup(index, &free, tmp_backup)?,
    }
    Ok((free, true))
}

/// The backup as a copy, where the file system has no hard links: synced
/// under a temporary name, then renamed into place.
fn copy_backup(
    index: &Path,
    free: &Path,
    tmp_backup: &Path,
) -> Result<(), (PathBuf, std::io::Error)> {
    let old = std::fs::read(index).map_err(|e| (index.to_path_buf(), e))?;
    create_new(tmp_backup, &old).map_err(|e| (tmp_backup.to_path_buf(), e))?;
    interrupt_point();
    std::fs::rename(tmp_backup, free).map_err(|e| {
        let _ = std::fs::remove_file(tmp_backup);
        (free.to_path_buf(), e)
    })
}

/// `index.md.bak`, or `index.md.2.bak`… when earlier backups are there:
/// the first free name, and the last one taken.
fn backups(dir: &Path) -> (PathBuf, Option<PathBuf>) {
    let name = |n: u32| {
        dir.join(if n == 1 {
            "index.md.bak".to_string()
        } else {
            format!("index.md.{n}.bak")
        })
    };
    let mut latest = None;
    for n in 1..u32::MAX {
        let p = name(n);
        match std::fs::symlink_metadata(&p) {
            Err(_) => return (p, latest),
            Ok(m) if m.is_file() => latest = Some(p),
            Ok(_) => latest = None,
        }
    }
    (name(u32::MAX), latest)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    interrupt_point();
    std::fs::File::open(dir)?.sync_all()
}

/// Where a test may stop the process, as Ctrl-C or a power cut would:
/// with `FARO_TEST_FAIL_AT=N` (debug builds only), the N-th point exits
/// at once with code 86, running no undo and no destructor.
fn interrupt_point() {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static REACHED: AtomicUsize = AtomicUsize::new(0);
        let at = std::env::var("FARO_TEST_FAIL_AT")
            .ok()
            .and_then(|v| v.parse::<usize>().ok());
        if let Some(at) = at
            && REACHED.fetch_add(1, Ordering::SeqCst) + 1 == at
        {
            std::process::exit(86);
        }
    }
}

/// `cannot write PATH: ERROR` and its kin: the message `id` with the path
/// (as the editor knows it) and the system's reason.
fn io_failed(id: &str, root: &Path, path: &Path, error: &std::io::Error) -> String {
    crate::support::i18n::message(
        id,
        &[
            ("path", shown(root, path).into()),
            ("error", error.to_string().into()),
        ],
    )
}

/// A new file holding `bytes`, synced to disk; on an error after it was
/// made, it is removed (a file that was there already is never touched).
fn create_new(p: &Path, bytes: &[u8]) -> std::io::Result<()> {
    interrupt_point();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)?;
    let written = (|| {
        interrupt_point();
        f.write_all(bytes)?;
        interrupt_point();
        f.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(p);
    }
    written
}

fn shown(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
