//! File operations the staging folder and the in-place preview share:
//! writing, copying and comparing one file.

use super::manifest::Stamp;
use super::nofollow::{OnLink, create_dirs, create_file};
use std::fs::Metadata;
use std::path::Path;

/// Writes `bytes` to `path`; returns the stamp the write left. A link at
/// `path` is replaced, never written through: `path` is in one of faro's
/// own folders.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    use std::io::Write;
    let mut file = create_file(path, OnLink::Replace)?;
    #[cfg(test)]
    if super::tests::DISK_FULL.get() {
        // Half the bytes land, as when the disk fills up midway.
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(std::io::ErrorKind::StorageFull.into());
    }
    file.write_all(bytes)?;
    Ok(Stamp::of(&file.metadata()?))
}

/// Copies a file, or recreates a symbolic link as a link (never following
/// it: where it points is the owner's business).
pub(super) fn copy_entry(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        let _ = std::fs::remove_file(to);
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    if std::fs::symlink_metadata(to).is_ok_and(|m| links(&m) > 1) {
        std::fs::remove_file(to)?;
    }
    let mut source = std::fs::File::open(from)?;
    let mut copy = create_file(to, OnLink::Replace)?;
    std::io::copy(&mut source, &mut copy)?;
    copy.set_permissions(meta.permissions())
}

#[cfg(unix)]
pub(super) fn links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
pub(super) fn links(_: &Metadata) -> u64 {
    1
}

/// True when the file at `path` holds exactly `bytes` (a read is much cheaper
/// than a write on the disks we run on).
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

pub(super) fn same_file_bytes(a: &Path, b: &Path) -> bool {
    std::fs::read(a).is_ok_and(|bytes| same_bytes(b, &bytes))
}

/// Writes `bytes` at `rel` under `root` through a temporary file beside it,
/// renamed over whatever is there (a folder from an older site is removed
/// first). `root` is one of faro's own folders: a file of an older site,
/// or a link, where a folder is needed now is replaced by one, and a link
/// at `rel` by the file; nothing is written through a link.
pub(super) fn replace_file(root: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
    let path = root.join(rel);
    let path = path.as_path();
    let parent = path.parent().unwrap_or(Path::new("."));
    if let Some(folders) = rel.parent() {
        create_dirs(root, folders, OnLink::Replace)?;
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

/// Removes the folders holding `rel` under `root` that are left empty
/// (call only when none of them is a link: see `nofollow::first_link`).
pub(super) fn remove_empty_parents(root: &Path, rel: &Path) {
    let mut dir = rel.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}
