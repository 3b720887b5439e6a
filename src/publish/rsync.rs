//! An rsync destination of `faro publish`: `user@host:/var/www/informes`
//! (over SSH) or, with `--rsync`, a folder.
//!
//! rsync is run directly, never through a shell, with its arguments
//! protected from the remote shell too (`-s`), and the lists of files in
//! NUL-separated files (`--files-from`, `--from0`), so no file name is
//! ever read as an option or a command. rsync writes each file under a
//! temporary name and renames it, as the folder destination does.

use super::Destination;
use super::plan::{Change, MANIFEST, read_manifest};
use crate::problem;
use crate::support::diag::Diagnostics;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

pub struct Rsync {
    /// As given: `host:path`, `user@host:path` or a local folder.
    pub dest: String,
}

/// rsync's exit code when some files could not be transferred: for the
/// manifest of a first publication, the file is simply not there yet.
const PARTIAL_TRANSFER: i32 = 23;

impl Rsync {
    /// `dest` with a trailing `/`: rsync then copies into it.
    fn dest_folder(&self) -> String {
        format!("{}/", self.dest.trim_end_matches('/'))
    }

    /// Runs rsync with `args`; its output, or the error with what it said.
    fn run(&self, args: &[&std::ffi::OsStr]) -> Result<std::process::Output, Diagnostics> {
        let out = Command::new("rsync").args(args).output().map_err(|e| {
            Diagnostics::from(problem!(
                "publish-rsync-missing",
                &self.dest,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        Ok(out)
    }

    /// Runs rsync with `args`; its complaint, if it fails, becomes the error.
    fn sync(&self, args: &[&std::ffi::OsStr]) -> Result<(), Diagnostics> {
        let out = self.run(args)?;
        if out.status.success() {
            Ok(())
        } else {
            Err(self.failed(&out))
        }
    }

    fn failed(&self, out: &std::process::Output) -> Diagnostics {
        problem!(
            "publish-rsync-failed",
            &self.dest,
            0,
            0,
            code = out.status.code().unwrap_or(-1).to_string(),
            error = String::from_utf8_lossy(&out.stderr).trim().to_string()
        )
        .into()
    }

    /// rsync's `--files-from` list for `files`, in a temporary file.
    fn list(
        files: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Result<tempfile_list::List, Diagnostics> {
        tempfile_list::List::new(files)
    }
}

impl Destination for Rsync {
    fn published(&self) -> Result<BTreeSet<String>, Diagnostics> {
        let scratch = tempfile_list::scratch_dir()?;
        let from = format!("{}{MANIFEST}", self.dest_folder());
        let out = self.run(&[
            "-s".as_ref(),
            "--".as_ref(),
            from.as_ref(),
            scratch.path().as_os_str(),
        ])?;
        match out.status.code() {
            Some(0) => {
                let text =
                    std::fs::read_to_string(scratch.path().join(MANIFEST)).unwrap_or_default();
                Ok(read_manifest(&text))
            }
            Some(PARTIAL_TRANSFER) => Ok(BTreeSet::new()),
            _ => Err(self.failed(&out)),
        }
    }

    fn compare(
        &self,
        source: &Path,
        files: &[String],
    ) -> Result<BTreeMap<String, Change>, Diagnostics> {
        let list = Self::list(files)?;
        let from = format!("{}/", source.display());
        let files_from = format!("--files-from={}", list.path().display());
        let out = self.run(&[
            "-n".as_ref(),
            "-i".as_ref(),
            "-c".as_ref(),
            "-s".as_ref(),
            "--from0".as_ref(),
            files_from.as_ref(),
            "--".as_ref(),
            from.as_ref(),
            self.dest_folder().as_ref(),
        ])?;
        if !out.status.success() {
            return Err(self.failed(&out));
        }
        let mut changes: BTreeMap<String, Change> =
            files.iter().map(|f| (f.clone(), Change::Same)).collect();
        // `<f+++++++++ path`: a new file; `<fc…` or `<f.s…`: a changed one.
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Some((flags, path)) = line.split_once(' ') else {
                continue;
            };
            if flags.len() < 3 || !flags[1..].starts_with('f') {
                continue;
            }
            if let Some(change) = changes.get_mut(path) {
                *change = if flags[2..].starts_with("+++") {
                    Change::New
                } else {
                    Change::Changed
                };
            }
        }
        Ok(changes)
    }

    fn copy(&self, source: &Path, files: &[&str]) -> Result<(), Diagnostics> {
        if files.is_empty() {
            return Ok(());
        }
        let list = Self::list(files)?;
        let from = format!("{}/", source.display());
        let files_from = format!("--files-from={}", list.path().display());
        self.sync(&[
            "-t".as_ref(),
            "-c".as_ref(),
            "-s".as_ref(),
            "--from0".as_ref(),
            "--chmod=D755,F644".as_ref(),
            files_from.as_ref(),
            "--".as_ref(),
            from.as_ref(),
            self.dest_folder().as_ref(),
        ])
    }

    fn remove(&self, files: &[String]) -> Result<(), Diagnostics> {
        if files.is_empty() {
            return Ok(());
        }
        // Each listed file is missing from an empty folder: rsync removes
        // it at the destination, and nothing else.
        let list = Self::list(files)?;
        let empty = tempfile_list::scratch_dir()?;
        // Their folders exist (empty) so that rsync does not report them
        // as vanished; it sets nothing on them without -p or -t.
        for file in files {
            if let Some((folder, _)) = file.rsplit_once('/') {
                let _ = std::fs::create_dir_all(empty.path().join(folder));
            }
        }
        let from = format!("{}/", empty.path().display());
        let files_from = format!("--files-from={}", list.path().display());
        self.sync(&[
            "-s".as_ref(),
            "--from0".as_ref(),
            "--delete-missing-args".as_ref(),
            files_from.as_ref(),
            "--".as_ref(),
            from.as_ref(),
            self.dest_folder().as_ref(),
        ])
    }

    fn write_manifest(&self, text: &str) -> Result<(), Diagnostics> {
        let scratch = tempfile_list::scratch_dir()?;
        let local = scratch.path().join(MANIFEST);
        std::fs::write(&local, text).map_err(|e| {
            Diagnostics::from(problem!(
                "publish-cannot-write",
                &local,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        self.sync(&[
            "-s".as_ref(),
            "--chmod=F644".as_ref(),
            "--".as_ref(),
            local.as_os_str(),
            self.dest_folder().as_ref(),
        ])
    }
}

/// Temporary files and folders for rsync's lists, removed when dropped.
mod tempfile_list {
    use crate::problem;
    use crate::support::diag::Diagnostics;
    use std::path::{Path, PathBuf};

    /// A scratch folder under the system's temporary folder.
    pub struct Scratch(PathBuf);

    impl Scratch {
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    pub fn scratch_dir() -> Result<Scratch, Diagnostics> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("faro-publish-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostics::from(problem!(
                "publish-cannot-write",
                &dir,
                0,
                0,
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
        Ok(Scratch(dir))
    }

    /// A NUL-separated list of paths, in a scratch folder.
    pub struct List {
        scratch: Scratch,
    }

    impl List {
        pub fn new(files: impl IntoIterator<Item = impl AsRef<str>>) -> Result<List, Diagnostics> {
            let scratch = scratch_dir()?;
            let mut text = Vec::new();
            for f in files {
                text.extend_from_slice(f.as_ref().as_bytes());
                text.push(0);
            }
            let path = scratch.path().join("files");
            std::fs::write(&path, text).map_err(|e| {
                Diagnostics::from(problem!(
                    "publish-cannot-write",
                    &path,
                    0,
                    0,
                    error = crate::support::i18n::error_text(&e)
                ))
            })?;
            Ok(List { scratch })
        }

        pub fn path(&self) -> PathBuf {
            self.scratch.path().join("files")
        }
    }
}
