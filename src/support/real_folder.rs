//! A folder faro keeps its own files in beside the output (the caches in
//! `.faro-cache/`), made part by part: each part must be a real folder,
//! never a link, since through a link faro would read and write elsewhere.

use std::path::{Path, PathBuf};

/// Why [`under`] gave no folder: the caches that can do without one say
/// nothing (`.ok()`), the photo cache, which cannot, says which.
#[derive(Debug)]
pub enum Refused {
    /// A part is a link or a file: faro never goes through it.
    NotAFolder,
    /// A part could not be made (no permission, no space, no site folder).
    CannotMake(std::io::Error),
}

/// `root/rel`, made if missing, if every part below `root` is (or could be
/// made) a real folder.
pub fn under(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let mut dir = root.to_path_buf();
    for part in Path::new(rel).components() {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(Refused::NotAFolder),
            Err(_) => match std::fs::create_dir(&dir) {
                Ok(()) => {}
                // Another run (a build at the same time) made it meanwhile:
                // taken if it is a real folder, as if it had been found.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                        return Err(Refused::NotAFolder);
                    }
                }
                Err(e) => return Err(Refused::CannotMake(e)),
            },
        }
    }
    Ok(dir)
}

/// A site folder whose `.faro-cache` is a link to another, empty folder
/// (returned second): what each cache's "never through a link" test needs.
#[cfg(all(test, unix))]
pub fn site_with_linked_cache() -> (tempfile::TempDir, tempfile::TempDir) {
    let site = tempfile::tempdir().expect("tempdir");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join(".faro-cache")).expect("link");
    (site, elsewhere)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folders_are_made_part_by_part() {
        let site = tempfile::tempdir().expect("tempdir");
        let made = under(site.path(), ".faro-cache/share").expect("made");
        assert_eq!(made, site.path().join(".faro-cache/share"));
        assert!(made.is_dir());
        // And found again as they are.
        assert_eq!(under(site.path(), ".faro-cache/share").ok(), Some(made));
    }

    /// Two builds at once (with and without drafts, into two outputs) make
    /// the same cache folders: the one that finds a folder the other just
    /// made takes it, rather than refusing it as "not a folder".
    #[test]
    fn runs_making_the_same_folders_at_once_all_get_them() {
        for _ in 0..40 {
            let site = tempfile::tempdir().expect("tempdir");
            let start = std::sync::Barrier::new(6);
            let made: Vec<Option<PathBuf>> = std::thread::scope(|scope| {
                let runs: Vec<_> = (0..6)
                    .map(|_| {
                        scope.spawn(|| {
                            start.wait();
                            under(site.path(), ".faro-cache/photos").ok()
                        })
                    })
                    .collect();
                runs.into_iter()
                    .map(|r| r.join().expect("no panic"))
                    .collect()
            });
            let folder = site.path().join(".faro-cache/photos");
            assert!(
                made.iter().all(|m| m.as_deref() == Some(folder.as_path())),
                "{made:?}"
            );
        }
    }

    #[test]
    fn a_file_on_the_way_is_refused() {
        let site = tempfile::tempdir().expect("tempdir");
        std::fs::write(site.path().join(".faro-cache"), b"not a folder").expect("write");
        assert!(matches!(
            under(site.path(), ".faro-cache/share"),
            Err(Refused::NotAFolder)
        ));
    }

    #[test]
    fn a_folder_that_cannot_be_made_says_why() {
        let site = tempfile::tempdir().expect("tempdir");
        let gone = site.path().join("no-such-site");
        match under(&gone, ".faro-cache/photos") {
            Err(Refused::CannotMake(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_any_part_is_refused_and_nothing_is_made_through_it() {
        let (site, elsewhere) = site_with_linked_cache();
        assert!(matches!(
            under(site.path(), ".faro-cache/share"),
            Err(Refused::NotAFolder)
        ));
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
        // A link deeper down, to a folder: refused too.
        let site = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(site.path().join(".faro-cache")).expect("mkdir");
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(".faro-cache/share"))
            .expect("link");
        assert!(matches!(
            under(site.path(), ".faro-cache/share"),
            Err(Refused::NotAFolder)
        ));
    }
}
