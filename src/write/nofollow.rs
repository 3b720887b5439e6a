//! Writing inside a folder without ever going through a symbolic link faro
//! did not make.
//!
//! A link planted inside the output (`public/acerca -> /elsewhere`), the
//! staging folder or a publication's destination would otherwise take
//! faro's writes and deletions to wherever it points. The folder itself
//! may be a link (`public -> /var/www/site` is a common deployment): what
//! matters is what lies inside it. So folders are created one part at a
//! time, each part looked at without following it, and files are opened
//! with `O_NOFOLLOW`, which fails on a link instead of opening its target.
//!
//! What is done with a link found on the way depends on whose folder it
//! is ([`OnLink`]): in faro's own folders (the staging folder, the
//! preview's) it is removed, its target untouched, and a real folder or
//! file takes its place; in folders that hold someone else's files too (a
//! publication's destination, the files kept aside) the run stops and
//! names it.
//!
//! These checks look, then act: they guard against links left in the way,
//! not against a process racing faro to plant one between the two.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What to do with a symbolic link (or a file) found where a folder or a
/// file of faro's is to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnLink {
    /// Remove it (only the link: its target is not touched) and make a real
    /// folder or file in its place.
    Replace,
    /// Stop with an error that names it.
    Refuse,
}

/// The error for a link faro will not go through: names it.
pub fn link_refused(link: &Path) -> io::Error {
    io::Error::other(crate::t!(
        "write-link-refused",
        path = link.display().to_string()
    ))
}

/// Creates the folders of `rel` under `root` (which exists, and may itself
/// be a link), never following a link among them: with
/// [`OnLink::Replace`] a link or a file in the way is removed and a folder
/// made in its place; with [`OnLink::Refuse`] a link stops it, named.
pub fn create_dirs(root: &Path, rel: &Path, on_link: OnLink) -> io::Result<()> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        let Component::Normal(name) = part else {
            continue;
        };
        at.push(name);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(meta) => match on_link {
                OnLink::Replace => std::fs::remove_file(&at)?,
                OnLink::Refuse if meta.file_type().is_symlink() => return Err(link_refused(&at)),
                OnLink::Refuse => {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        crate::t!("write-file-in-the-way", path = at.display().to_string()),
                    ));
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        match std::fs::create_dir(&at) {
            Ok(()) => {}
            // Made meanwhile by another thread of this build: fine if a folder.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if !std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The first symbolic link on the way from `root` to `rel` (its folders,
/// and `rel` itself when `last`), if any; parts that do not exist end the
/// search.
pub fn first_link(root: &Path, rel: &Path, last: bool) -> Option<PathBuf> {
    let parts: Vec<&std::ffi::OsStr> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    let upto = if last {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    let mut at = root.to_path_buf();
    for name in &parts[..upto] {
        at.push(name);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(at),
            Ok(meta) if meta.is_dir() => {}
            _ => return None,
        }
    }
    None
}

/// Creates (or truncates) the file at `path` for writing without following
/// a link there: a link in its place is removed first with
/// [`OnLink::Replace`], refused (named) with [`OnLink::Refuse`]. The folder
/// holding it must have been made by [`create_dirs`] (or be known free of
/// links).
pub fn create_file(path: &Path, on_link: OnLink) -> io::Result<File> {
    match open_nofollow(path) {
        Err(e) if is_link_error(&e, path) => match on_link {
            OnLink::Replace => {
                std::fs::remove_file(path)?;
                open_nofollow(path)
            }
            OnLink::Refuse => Err(link_refused(path)),
        },
        other => other,
    }
}

#[cfg(unix)]
fn open_nofollow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
}

#[cfg(not(unix))]
fn open_nofollow(path: &Path) -> io::Result<File> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::from_raw_os_error(0));
    }
    File::create(path)
}

/// Whether opening `path` failed because it is a symbolic link (`ELOOP`
/// on Linux, `EMLINK` on FreeBSD; checked against the file itself).
fn is_link_error(e: &io::Error, path: &Path) -> bool {
    e.kind() != io::ErrorKind::NotFound
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn folders_replace_a_link_in_the_way_and_leave_its_target_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let (root, elsewhere) = (dir.path().join("root"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::create_dir_all(elsewhere.join("b")).expect("mkdir");
        symlink(&elsewhere, root.join("a")).expect("link");
        let refused = create_dirs(&root, Path::new("a/b/c"), OnLink::Refuse);
        assert!(refused.is_err());
        assert!(!elsewhere.join("b/c").exists());
        assert_eq!(
            first_link(&root, Path::new("a/b/c.html"), false),
            Some(root.join("a"))
        );
        create_dirs(&root, Path::new("a/b/c"), OnLink::Replace).expect("dirs");
        assert!(root.join("a/b/c").symlink_metadata().expect("a").is_dir());
        assert!(!elsewhere.join("b/c").exists());
        assert_eq!(first_link(&root, Path::new("a/b/c.html"), true), None);
    }

    #[test]
    fn a_file_is_never_opened_through_a_link() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "theirs").expect("write");
        let link = dir.path().join("index.html");
        symlink(&target, &link).expect("link");
        assert!(create_file(&link, OnLink::Refuse).is_err());
        use std::io::Write;
        create_file(&link, OnLink::Replace)
            .and_then(|mut f| f.write_all(b"ours"))
            .expect("write");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "theirs");
        assert_eq!(std::fs::read_to_string(&link).expect("read"), "ours");
    }
}
