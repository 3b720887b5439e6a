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
            Err(_) => match std::fs::create_dir(&dir) {
                Ok(()) => {}
                // Another run (a build at the same time) made it meanwhile:
                // taken if it is a real folder, as if it had been found.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                        return None;
                    }
                }
                Err(_) => return None,
            },
        }
    }
    Some(dir)
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
        assert_eq!(under(site.path(), ".faro-cache/share"), Some(made));
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
                            under(site.path(), ".faro-cache/photos")
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
        assert_eq!(under(site.path(), ".faro-cache/share"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_any_part_is_refused_and_nothing_is_made_through_it() {
        let (site, elsewhere) = site_with_linked_cache();
        assert_eq!(under(site.path(), ".faro-cache/share"), None);
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
        // A link deeper down, to a folder: refused too.
        let site = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(site.path().join(".faro-cache")).expect("mkdir");
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(".faro-cache/share"))
            .expect("link");
        assert_eq!(under(site.path(), ".faro-cache/share"), None);
    }
}
