//! Files editors' programs leave beside the ones they edit: swap files,
//! backups and the lock files of open documents. They are never content,
//! never published and never a reason for the preview to rebuild; the one
//! list here serves loading, the theme's files and the watcher.

use std::path::Path;

/// Swap, backup and lock files editors leave behind while a file is open
/// or after it was saved.
pub fn is_editor_junk(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo") // vim's second swap file
        || name.ends_with(".swx")
        || name.ends_with(".bck")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$") // Word's and Excel's lock file of an open document
        || name.starts_with(".~lock.") // LibreOffice's
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_of_open_documents_are_junk_and_documents_are_not() {
        for junk in [
            "~$informe.docx",
            ".~lock.informe.docx#",
            "index.md.swo",
            ".#acerca.md",
        ] {
            assert!(is_editor_junk(Path::new(junk)), "{junk}");
        }
        for real in ["informe.docx", "index.md", "sedes.md", "foto-01.jpg"] {
            assert!(!is_editor_junk(Path::new(real)), "{real}");
        }
    }
}
