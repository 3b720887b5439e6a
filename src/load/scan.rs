//! Finding the files of `content/`: which are reports and pages, which
//! are definitions, and links that lead outside the site.

use super::definitions;
use super::report::PhotoFile;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::{problem, t};
use std::path::{Path, PathBuf};

/// The files of `content/`, as found: what [`super::load`] reads.
#[derive(Clone)]
pub(crate) struct Scan {
    /// Definition files, under `content/indicadores/`.
    pub(crate) definitions: Vec<PathBuf>,
    /// Report and page files.
    pub(crate) files: Vec<PathBuf>,
    /// What is wrong with the folder itself (links leading outside, no folder).
    pub(crate) diags: Vec<Diagnostic>,
}

/// Lists the `.md` files of `root/content`, sorted, definitions apart.
pub(crate) fn scan(root: &Path) -> Scan {
    let content = root.join("content");
    let mut diags = Diagnostics::default();
    let site = site_folder(root);
    let files = content_files(root, &site, &content, &mut diags);
    // `content/indicadores/` holds definitions, not pages.
    let (definitions, files): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| definitions::is_definition(&content, p));
    if !content.is_dir() {
        diags.push(problem!(
            "load-no-content-folder",
            shown(root, &content),
            0,
            0
        ));
    }
    Scan {
        definitions,
        files,
        diags: diags.0,
    }
}

/// The `.md` files under `content`, sorted. Links are followed when they
/// lead to a file or folder inside the site (`root`); one that leads
/// outside is reported, not read: faro reads only the site's own files.
pub(super) fn content_files(
    root: &Path,
    site: &Path,
    content: &Path,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut outside = Vec::new();
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if !e.file_type().is_dir() && not_content(e.path()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(site) => true,
                target => {
                    outside.push((e.path().to_path_buf(), target.ok()));
                    false
                }
            }
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_else(|| content.to_path_buf());
                // An editor's lock file is often a link to nowhere (Emacs's `.#name`).
                if p != content && not_content(&p) {
                    continue;
                }
                let show = shown(root, &p);
                diags.push(if e.loop_ancestor().is_some() {
                    problem!("load-link-loop", show, 0, 0)
                } else if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_symlink()) {
                    problem!("load-link-broken", show, 0, 0)
                } else {
                    problem!(
                        "load-cannot-read",
                        show,
                        0,
                        0,
                        error = crate::support::i18n::error_text(&e)
                    )
                });
            }
        }
    }
    for (link, target) in outside {
        let to = target.map_or_else(|| t!("load-link-nowhere"), |t| t.display().to_string());
        diags.push(problem!(
            "load-link-outside",
            shown(root, &link),
            0,
            0,
            target = to
        ));
    }
    files
}

/// Hidden files and editors' lock and backup files are not content
/// (folders are judged by the files in them).
fn not_content(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        || crate::support::junk::is_editor_junk(path)
}

/// The site folder with every link resolved, to tell what is inside it.
pub(super) fn site_folder(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// What is at `path`: a photo is read only if it is inside the site (`site`,
/// resolved), so a link cannot publish a file from elsewhere.
pub(super) fn photo_file(site: &Path, path: &Path) -> PhotoFile {
    if !path.is_file() {
        return PhotoFile::Missing;
    }
    match std::fs::canonicalize(path) {
        Ok(target) if target.starts_with(site) => PhotoFile::Found,
        Ok(target) => PhotoFile::Outside(target.display().to_string()),
        Err(_) => PhotoFile::Missing,
    }
}

/// The path as shown in messages: relative to the site root when possible.
pub(super) fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
