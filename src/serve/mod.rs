//! `faro serve`: a live preview for editors.
//!
//! serve = watch ▸ build ▸ notify browsers. The site is built with the normal
//! `build` into a private folder (never the user's public/) with `base_url`
//! pointing at the preview, served by a small static server (`http`), and
//! rebuilt whenever an input changes (`watch`); open pages hear about it over
//! server-sent events (`reload`), with the list of files the rebuild
//! changed, and reload only if theirs are among them. The reload script is
//! added to pages as they are served, so no built file ever contains it.
//! One rebuild is `rebuild`; the socket and its thread are `network`.

mod http;
mod network;
mod once;
mod rebuild;
mod reload;
mod watch;
mod wire;

use crate::pipeline::build::Options;
use crate::t;
use std::fmt;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `faro serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose.
    pub port: u16,
    pub drafts: bool,
    /// Open the preview in the browser once it is ready.
    pub open: bool,
    /// Rebuild the whole site on every change (`--full`), never incrementally.
    pub full: bool,
}

/// Why the preview could not start (or stopped).
#[derive(Debug)]
pub struct ServeError(String);

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// `--bind`: an IP address, or `localhost`.
pub fn parse_bind(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.parse()
        .map_err(|_| crate::t!("serve-bind-invalid", text = text))
}

/// Where the preview is built: inside the site's git-ignored cache folder.
pub fn output_dir(root: &Path) -> PathBuf {
    root.join(".faro-cache").join("serve").join("public")
}

/// Builds, serves and rebuilds on change until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let root = opts
        .root
        .canonicalize()
        .ok()
        .filter(|r| r.is_dir())
        .ok_or_else(|| {
            ServeError(t!(
                "serve-root-not-folder",
                root = opts.root.display().to_string()
            ))
        })?;
    let (listener, addr) = network::listen(opts.bind, opts.port)?;
    let url = format!("http://{}/", network::browsable(addr));
    let output = prepare_output(&root)?;
    let build_opts = preview_options(&root, &output, &url, opts.drafts);
    let hub = Arc::new(reload::Hub::new());
    // Watching starts before the first build so that a save during it is not lost.
    let mut watcher = watch::Watcher::new(&root).map_err(ServeError)?;
    // The first build of a large archive with new photos can take a while.
    println!(
        "{}",
        t!("serve-building", root = root.display().to_string())
    );
    let mut preview = None;
    let mut printed = once::Printed::default();
    rebuild::rebuild(
        &build_opts,
        &hub,
        None,
        &mut preview,
        opts.full,
        &mut printed,
    );
    network::start_http(listener, &output, addr, &hub, &build_opts)?;
    println!(
        "{}",
        t!(
            "serve-serving",
            root = root.display().to_string(),
            url = url.as_str()
        )
    );
    // From now on a runaway template stops its rebuild, not the preview.
    crate::render::theme::memory::keep_serving_on_runaway();
    if opts.open {
        network::open_browser(&url);
    }

    while let Some(change) = watcher.next_change() {
        rebuild::rebuild(
            &build_opts,
            &hub,
            Some(&change),
            &mut preview,
            opts.full,
            &mut printed,
        );
    }
    Err(ServeError(t!("serve-stopped-watching")))
}

/// The preview's folder, made if missing, never through a link.
fn prepare_output(root: &Path) -> Result<PathBuf, ServeError> {
    let output = output_dir(root);
    no_links_to_output(root).map_err(ServeError)?;
    std::fs::create_dir_all(&output).map_err(|e| {
        ServeError(t!(
            "serve-create-failed",
            path = output.display().to_string(),
            error = crate::support::i18n::error_text(&e)
        ))
    })?;
    Ok(output)
}

/// How the preview builds the site at `root` into `output`, served at `url`.
fn preview_options(root: &Path, output: &Path, url: &str, drafts: bool) -> Options {
    Options {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: Some(url.to_string()),
        drafts,
        progress: std::io::stderr().is_terminal(),
        force: false,
        strict: false,
        // Indexing on every save would slow save→reload: the search page
        // indexes on demand (`pipeline::index_on_demand`).
        search: false,
        // The preview's output is the last preview, not the published site.
        check_published: false,
        for_host: false,
        // Only `--full` renders everything again (see `build_or_update`).
        rerender: false,
        // No share pictures: see `Options::share_pictures`.
        share_pictures: false,
    }
}

/// Refuses a preview folder reached through a symbolic link: the build
/// would write into the link's target and the server would serve it, so a
/// link planted at `.faro-cache`, `.faro-cache/serve` or its `public` could
/// expose or overwrite files anywhere. Nothing that must not be touched is
/// touched: the link is left for the user to look at and remove.
fn no_links_to_output(root: &Path) -> Result<(), String> {
    let output = output_dir(root);
    let rel = output.strip_prefix(root).unwrap_or(&output);
    let mut path = root.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(t!(
                    "serve-output-is-link",
                    path = path.display().to_string(),
                    output = output.display().to_string()
                ));
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(t!(
                    "serve-output-not-folder",
                    path = path.display().to_string(),
                    output = output.display().to_string()
                ));
            }
            // Missing from here down: created as real folders.
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rebuild::build_or_update;

    /// A new portal (`faro init`'s) in a temporary folder, and the options
    /// the preview builds it with.
    fn portal() -> (tempfile::TempDir, Options) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("portal");
        let init = crate::init::InitOptions {
            dir: root.clone(),
            institution: "Concejo de Prueba".into(),
            title: None,
            base_url: None,
        };
        crate::init::init(&init, crate::init::last_month()).expect("init");
        let opts = Options {
            output: Some(output_dir(&root)),
            base_url: Some("http://127.0.0.1:1111/".into()),
            search: false,
            check_published: false,
            for_host: false,
            ..Options::new(&root)
        };
        (dir, opts)
    }

    #[test]
    fn full_renders_every_page_again() {
        let (_dir, opts) = portal();
        let mut preview = None;
        build_or_update(&opts, None, &mut preview, true).expect("first build");
        let again = build_or_update(&opts, None, &mut preview, true).expect("second build");
        assert!(
            again.jobs_reused == 0 && again.jobs_rendered > 0,
            "--full reused {} jobs, rendered {}",
            again.jobs_reused,
            again.jobs_rendered
        );
    }
}
