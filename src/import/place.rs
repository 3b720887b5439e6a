//! Writing an imported report into the site: only inside
//! `content/informes/YYYY/MM/`, never through a symbolic link, never over a
//! file faro did not write. Either everything is written or, on any error,
//! what was written is removed and a replaced `index.md` is put back.

use crate::model::Period;
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

/// Undo list for a failed write.
#[derive(Default)]
struct Undo {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    restore: Option<(PathBuf, PathBuf)>,
}

impl Undo {
    fn run(self) {
        for f in self.files.iter().rev() {
            let _ = std::fs::remove_file(f);
        }
        if let Some((bak, index)) = self.restore {
            let _ = std::fs::rename(bak, index);
        }
        for d in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Writes `index.md` and its files for `period` under `root`.
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
                std::fs::create_dir(&dir)
                    .map_err(|e| io_failed("import-place-create-failed", root, &dir, &e))?;
                undo.dirs.push(dir.clone());
            }
            Err(e) => return Err(io_failed("import-place-read-failed", root, &dir, &e)),
        }
    }
    let index = dir.join("index.md");
    let mut backup = None;
    match std::fs::symlink_metadata(&index) {
        Ok(m) if !force || !m.is_file() => {
            return Err(t!("import-place-exists", path = shown(root, &index)));
        }
        Ok(_) => {
            let bak = free_backup(&dir);
            interrupt_point();
            std::fs::rename(&index, &bak)
                .map_err(|e| io_failed("import-place-backup-failed", root, &bak, &e))?;
            undo.restore = Some((bak.clone(), index.clone()));
            backup = Some(rel.join(bak.file_name().unwrap_or_default()));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_failed("import-place-read-failed", root, &index, &e)),
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
    let tmp = dir.join(".index.md.faro-import");
    create_new(&tmp, text.as_bytes())
        .map_err(|e| io_failed("import-place-write-failed", root, &tmp, &e))?;
    undo.files.push(tmp.clone());
    interrupt_point();
    std::fs::rename(&tmp, &index)
        .map_err(|e| io_failed("import-place-write-failed", root, &index, &e))?;
    undo.files.pop();
    Ok(Written { backup })
}

/// `cannot write PATH: ERROR` and its kin: the message `id` with the path
/// (as the editor knows it) and the system's reason.
fn io_failed(id: &str, root: &Path, path: &Path, error: &std::io::Error) -> String {
    crate::i18n::message(
        id,
        &[
            ("path", shown(root, path).into()),
            ("error", error.to_string().into()),
        ],
    )
}

/// `index.md.bak`, or `index.md.2.bak`… when earlier backups are there.
fn free_backup(dir: &Path) -> PathBuf {
    (1..)
        .map(|n| {
            dir.join(if n == 1 {
                "index.md.bak".to_string()
            } else {
                format!("index.md.{n}.bak")
            })
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| dir.join("index.md.bak"))
}

fn create_new(p: &Path, bytes: &[u8]) -> std::io::Result<()> {
    interrupt_point();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)?;
    interrupt_point();
    f.write_all(bytes)?;
    interrupt_point();
    f.sync_all()
}

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

fn shown(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
