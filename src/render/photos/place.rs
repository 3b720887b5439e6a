//! A cache file copied into the output, never linked, and left alone on
//! the next build while nobody has written to the copy.

use super::problem::Problem;
use std::fs;
use std::path::Path;

/// Puts a copy of a cache file at `dest`. Never a hard link: a published
/// photo edited in place would change the cache, and the change would be
/// published by every later build. The copy takes the cache file's
/// modification time, so an unchanged copy costs two `stat`s on the next
/// build, and a copy edited since (its time changes) is copied again. On
/// file systems that offer it, the kernel shares the blocks (reflink).
///
/// `dest` is `rel` in `out_dir`, one of faro's own folders (the staging
/// folder, the preview's): its folders are made without following a link,
/// and a link in the way is replaced by a real folder, never written
/// through (see `write::nofollow`).
pub(super) fn place(cached: &Path, out_dir: &Path, rel: &str) -> Result<(), Problem> {
    let dest = &out_dir.join(rel);
    let write = |e| Problem::Write(dest.to_path_buf(), e);
    let source = fs::metadata(cached).map_err(|e| Problem::Write(cached.to_path_buf(), e))?;
    if let Some(folders) = Path::new(rel).parent() {
        use crate::write::nofollow::{OnLink, create_dirs};
        fs::create_dir_all(out_dir)
            .and_then(|()| create_dirs(out_dir, folders, OnLink::Replace))
            .map_err(|e| Problem::Write(out_dir.join(folders), e))?;
    }
    if let Ok(found) = fs::symlink_metadata(dest) {
        if found.is_file() && is_intact_copy(&source, &found) {
            return Ok(());
        }
        // A link (hard or symbolic) or an edited copy: replaced, never
        // written through.
        if found.is_dir() {
            fs::remove_dir_all(dest).map_err(write)?;
        } else {
            fs::remove_file(dest).map_err(write)?;
        }
    }
    let copied = fs::copy(cached, dest).and_then(|_| {
        let modified = source.modified()?;
        fs::File::options()
            .write(true)
            .open(dest)?
            .set_modified(modified)
    });
    if let Err(e) = copied {
        // Never leave a torn photo behind.
        let _ = fs::remove_file(dest);
        return Err(write(e));
    }
    Ok(())
}

/// True when `found` is a copy of the cache file `source` that nobody has
/// written since: same length and time, and not the cache file itself.
fn is_intact_copy(source: &fs::Metadata, found: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if found.nlink() > 1 || (found.dev(), found.ino()) == (source.dev(), source.ino()) {
            return false;
        }
    }
    found.len() == source.len()
        && matches!((found.modified(), source.modified()), (Ok(a), Ok(b)) if a == b)
}
