//! The theme: templates and static files, read once at the start of a build.
//!
//! Lookup order, the first that has a file wins: the site's `templates/` and
//! `static/`, then `themes/<name>/` in the site, then (for `igm`) the copy of
//! the theme built into faro, so a bare archive builds without a theme folder.

use crate::diag::Diagnostics;
use crate::{problem, t};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static BUILTIN_IGM: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/igm");

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Template {
    pub source: String,
    pub origin: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// By name, e.g. `report.html`.
    pub templates: BTreeMap<String, Template>,
    /// By output path relative to the site root, e.g. `css/style.css`.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::default();
        let mut diags = Diagnostics::default();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            read_layer(root, &theme_dir, &mut theme, &mut diags);
        } else if name == "igm" {
            for (rel, bytes) in builtin_files("templates") {
                let source = String::from_utf8_lossy(&bytes).into_owned();
                theme.templates.insert(
                    rel.clone(),
                    Template {
                        source,
                        // Named in messages about the template, as its path would be.
                        origin: PathBuf::from(format!("{}/templates/{rel}", t!("theme-builtin"))),
                    },
                );
            }
            theme.static_files.extend(builtin_files("static"));
        } else {
            diags.push(problem!(
                "theme-not-found",
                Path::new("site.yaml"),
                0,
                0,
                name = name
            ));
        }
        // Site-level overrides win over the theme, file by file.
        read_layer(root, root, &mut theme, &mut diags);
        diags.into_result(theme)
    }
}

fn builtin_files(sub: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Some(dir) = BUILTIN_IGM.get_dir(sub) {
        collect_builtin(dir, sub, &mut out);
    }
    out
}

fn collect_builtin(dir: &Dir<'static>, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        if let Ok(rel) = f.path().strip_prefix(prefix) {
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_builtin(d, prefix, out);
    }
}

/// Reads `dir/templates/` and `dir/static/` over what `theme` already holds.
fn read_layer(root: &Path, dir: &Path, theme: &mut Theme, diags: &mut Diagnostics) {
    for (folder, templates) in [("templates", true), ("static", false)] {
        read_dir_into(
            root,
            &dir.join(folder),
            &mut theme.templates,
            &mut theme.static_files,
            templates,
            diags,
        );
    }
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, Template>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    as_templates: bool,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(problem!(
                    "theme-cannot-read",
                    dir,
                    0,
                    0,
                    error = crate::i18n::error_text(&e)
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || is_editor_junk(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) if as_templates => match String::from_utf8(bytes) {
                Ok(source) => {
                    templates.insert(
                        rel,
                        Template {
                            source,
                            origin: shown,
                        },
                    );
                }
                Err(_) => diags.push(problem!("theme-template-not-utf8", shown, 0, 0)),
            },
            Ok(bytes) => {
                statics.insert(rel, bytes);
            }
            Err(e) => diags.push(problem!(
                "theme-cannot-read",
                shown,
                0,
                0,
                error = crate::i18n::error_text(&e)
            )),
        }
    }
}

/// Swap and backup files editors leave behind; never published.
pub fn is_editor_junk(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".bck")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
        || (name.starts_with('#') && name.ends_with('#'))
}
