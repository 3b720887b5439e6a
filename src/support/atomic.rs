//! Writing a file whole or not at all, for the caches beside the output
//! (`.faro-cache/`): through a temporary file in the same folder, renamed
//! over the target, so no run ever reads a half-written entry. The
//! temporary name is `.NAME.PID-N.tmp`; [`is_left_over`] tells a killed
//! run's from one still being written, for every cache's pruning.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes the temporary files of concurrent writers in one process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically; on failure nothing is left behind.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether `path` is a temporary file of [`write`] that no run is still
/// writing: its name is one [`write`] makes and it is an hour old or more
/// (another faro may be writing a younger one into a shared cache).
pub fn is_left_over(path: &Path) -> bool {
    let temporary = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"));
    temporary
        && fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 3600)
}

/// Removes the temporary files killed runs left in `dir` ([`is_left_over`]);
/// best effort.
pub fn remove_left_overs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if is_left_over(&entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes `path` two hours old, past [`is_left_over`]'s hour: what a
/// killed run left long ago looks like to the caches' tests.
#[cfg(test)]
pub fn age_for_test(path: &Path) {
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(hours_ago))
        .expect("age");
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_old_temporary_files_are_left_overs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join(".entrada.1-0.tmp");
        let young = dir.path().join(".entrada.2-0.tmp");
        let entry = dir.path().join("entrada");
        for p in [&old, &young, &entry] {
            std::fs::write(p, b"x").expect("write");
        }
        for p in [&old, &entry] {
            super::age_for_test(p);
        }
        super::remove_left_overs(dir.path());
        assert!(!old.exists(), "an old temporary file was kept");
        assert!(young.exists(), "one still being written was removed");
        assert!(entry.exists(), "an entry was taken for a temporary file");
    }

    #[test]
    fn writes_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("entrada");
        super::write(&path, b"uno").expect("write");
        super::write(&path, b"dos").expect("write over");
        assert_eq!(std::fs::read(&path).expect("read"), b"dos");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
        // A folder that is not there: an error, and nothing made.
        assert!(super::write(&dir.path().join("no/entrada"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    }
}
