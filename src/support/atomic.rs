//! Writing a file whole or not at all, for the caches beside the output
//! (`.faro-cache/`): through a temporary file in the same folder, renamed
//! over the target, so no run ever reads a half-written entry. The
//! temporary name is `.NAME.PID-N.tmp`, which every cache's pruning
//! recognises as a leftover of a killed run.

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

#[cfg(test)]
mod tests {
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
