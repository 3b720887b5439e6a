//! A folder faro keeps its own files in beside the output (the caches in
//! `.faro-cache/`), made part by part: each part must be a real folder,
//! never a link, since through a link faro would read and write elsewhere.

use std::path::{Path, PathBuf};

/// `root/rel`, made if missing, if every part below `root` is (or could be
/// made) a real folder; `None` if one is a link, a file, or cannot be made.
pub fn under(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut dir = root.to_path_buf();
    for part in Path::new(rel).components() {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return None,
            Err(_) => std::fs::create_dir(&dir).ok()?,
        }
    }
    Some(dir)
}
