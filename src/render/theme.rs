//! The theme: templates and static files, read once at the start of a build.
//!
//! Lookup order, the first that has a file wins: the site's `templates/` and
//! `static/`, then `themes/<name>/` in the site, then (for `igm`) the copy of
//! the theme built into faro, so a bare archive builds without a theme folder.

use crate::support::diag::Diagnostics;
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
                    error = crate::support::i18n::error_text(&e)
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || crate::support::junk::is_editor_junk(entry.path()) {
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
                error = crate::support::i18n::error_text(&e)
            )),
        }
    }
}

/// The memory bound of a theme's templates.
///
/// A template is code: minijinja's fuel (see `render::templates`) bounds
/// how many steps one page may take, but not how much memory its values
/// take, and a handful of steps can double a string forty times (`{% set
/// ns.s = ns.s ~ ns.s %}` in a loop, or a macro calling itself): a
/// terabyte. minijinja 2 has no setting that bounds a value's size, and
/// Rust cannot recover from a failed allocation. So the allocator itself
/// watches: while a page is being rendered ([`memory::rendering`]), one allocation
/// of more than [`memory::MAX_ALLOCATION`] (a page's text is at most
/// `render::templates::MAX_PAGE_BYTES`, half that) is a runaway template.
/// It is never made: faro prints which template and page it was and,
/// in `faro build` (and every other command), stops with exit 1 before
/// anything is published; in `faro serve` once the preview is up
/// ([`memory::keep_serving_on_runaway`]), the rebuild that ran it stops there and
/// the preview keeps serving the last good site until it is restarted.
pub mod memory {
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::{Cell, RefCell};
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The largest allocation one page's render may make.
    pub const MAX_ALLOCATION: usize = 128 * 1024 * 1024;

    thread_local! {
        static RENDERING: Cell<bool> = const { Cell::new(false) };
        /// The template and page being rendered, for the message.
        static WHAT: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
    }

    static KEEP_SERVING: AtomicBool = AtomicBool::new(false);

    /// From now on a runaway template stops only the rebuild that ran it,
    /// not the process (`faro serve`, once its preview answers).
    pub fn keep_serving_on_runaway() {
        KEEP_SERVING.store(true, Ordering::Relaxed);
    }

    /// Runs `render`, the render of `template` for the page at `page`, on
    /// this thread under the bound.
    pub fn rendering<T>(template: &str, page: &str, render: impl FnOnce() -> T) -> T {
        let _ = WHAT.try_with(|w| {
            if let Ok(mut w) = w.try_borrow_mut() {
                w.0.clear();
                w.0.push_str(template);
                w.1.clear();
                w.1.push_str(page);
            }
        });
        let outer = RENDERING.replace(true);
        let rendered = render();
        RENDERING.set(outer);
        rendered
    }

    /// The global allocator: mimalloc, watched as the module says.
    pub struct Allocator;

    fn check(size: usize) {
        if size > MAX_ALLOCATION && RENDERING.try_with(Cell::get).unwrap_or(false) {
            runaway(size);
        }
    }

    /// Says which template ran away, then ends the process, or (in the
    /// preview) this thread's work.
    #[cold]
    fn runaway(size: usize) -> ! {
        // From here on allocations are not watched: the message needs some.
        let _ = RENDERING.try_with(|r| r.set(false));
        let keep_serving = KEEP_SERVING.load(Ordering::Relaxed);
        let message = WHAT
            .try_with(|w| {
                let w = w.try_borrow().ok()?;
                let id = if keep_serving {
                    "template-runaway-serve"
                } else {
                    "template-runaway"
                };
                let text = crate::support::i18n::message(
                    id,
                    &[
                        ("template", crate::support::i18n::Arg::from(w.0.as_str())),
                        ("page", crate::support::i18n::Arg::from(w.1.as_str())),
                        (
                            "size",
                            crate::support::i18n::Arg::from((size >> 20).to_string()),
                        ),
                        (
                            "limit",
                            crate::support::i18n::Arg::from((MAX_ALLOCATION >> 20).to_string()),
                        ),
                    ],
                );
                Some(format!("{text}\n"))
            })
            .ok()
            .flatten()
            .unwrap_or_default();
        // SAFETY: writes a buffer we own to standard error.
        unsafe { libc::write(2, message.as_ptr().cast(), message.len()) };
        if keep_serving {
            // The preview's other threads go on serving; this one waits
            // for the process to end, holding no more than the bound.
            loop {
                // SAFETY: pause only waits for a signal.
                unsafe { libc::pause() };
            }
        }
        // SAFETY: ends the process at once, as a failed build does; nothing
        // was published (the swap comes after every page is rendered).
        unsafe { libc::_exit(1) }
    }

    // SAFETY: every call is mimalloc's own, after a check that either
    // returns or never does.
    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            check(layout.size());
            // SAFETY: the caller's guarantees, passed on.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            check(layout.size());
            // SAFETY: as above.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: as above.
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            check(new_size);
            // SAFETY: as above.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}
