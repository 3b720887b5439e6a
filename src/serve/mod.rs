//! `faro serve`: a live preview for editors.
//!
//! serve = watch ▸ build ▸ notify browsers. The site is built with the normal
//! `build` into a private folder (never the user's public/) with `base_url`
//! pointing at the preview, served by a small static server (`http`), and
//! rebuilt whenever an input changes (`watch`); open pages hear about it over
//! server-sent events (`reload`), with the list of files the rebuild
//! changed, and reload only if theirs are among them. The reload script is added to pages as they
//! are served, so no built file ever contains it.

mod http;
mod once;
mod reload;
mod watch;
mod wire;

use crate::pipeline::build::{self, Options};
use crate::pipeline::incremental::Preview;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::t;
use std::collections::HashMap;
use std::fmt;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

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

/// When --port is busy, the next ports are tried, up to this many in all.
const PORT_ATTEMPTS: u16 = 10;
/// Connections that wait for or answer requests at once, each on its own
/// thread: a browser opens six per host at most, so this is many tabs'
/// worth. When all are taken, the one idle longest is dropped to make room
/// (see `wire::Slots`).
const MAX_CONNECTIONS: usize = 64;
/// Reload-event streams open at once (one per open page), counted apart
/// from the connections above so that open tabs never starve page
/// requests; beyond this the oldest stream ends (its page reconnects).
const MAX_STREAMS: usize = 128;

/// `--open`: hands the address to the desktop's opener (`xdg-open` on
/// Linux, `open` on macOS, `start` on Windows); a failure is only a notice.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!(
            "{}",
            crate::t!(
                "serve-open-failed",
                error = crate::support::i18n::error_text(&e),
                url = url
            )
        );
    }
}

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
    let (listener, addr) = listen(opts.bind, opts.port)?;
    let url = format!("http://{}/", browsable(addr));
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
    rebuild(
        &build_opts,
        &hub,
        None,
        &mut preview,
        opts.full,
        &mut printed,
    );
    start_http(listener, &output, addr, &hub, &build_opts)?;
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
        open_browser(&url);
    }

    while let Some(change) = watcher.next_change() {
        rebuild(
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

/// Listens on `ip:port` (or the next free port), saying so when that is
/// visible from the network.
fn listen(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), ServeError> {
    let listener = bind(ip, port)?;
    let addr = listener.local_addr().map_err(|e| {
        ServeError(t!(
            "serve-address-unreadable",
            error = crate::support::i18n::error_text(&e)
        ))
    })?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "{}",
            t!("serve-visible-on-network", ip = addr.ip().to_string())
        );
    }
    Ok((listener, addr))
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
    }
}

/// Serves `output` from a thread of its own, accepting connections on
/// `listener` (bound at `addr`).
fn start_http(
    listener: TcpListener,
    output: &Path,
    addr: SocketAddr,
    hub: &Arc<reload::Hub>,
    build_opts: &Options,
) -> Result<(), ServeError> {
    let ctx = Arc::new(http::Context {
        root: output.canonicalize().map_err(|e| {
            ServeError(t!(
                "serve-open-failed-folder",
                path = output.display().to_string(),
                error = crate::support::i18n::error_text(&e)
            ))
        })?,
        hub: Arc::clone(hub),
        hosts: http::Hosts {
            bind: addr.ip(),
            port: addr.port(),
        },
        build: build_opts.clone(),
    });
    std::thread::Builder::new()
        .name("faro-http".into())
        .spawn(move || accept(listener, ctx))
        .map_err(|e| {
            ServeError(t!(
                "serve-thread-failed",
                error = crate::support::i18n::error_text(&e)
            ))
        })?;
    Ok(())
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

/// Accepts connections for as long as the process runs, each served on a
/// thread of its own, within the places of `wire::Slots`.
fn accept(listener: TcpListener, ctx: Arc<http::Context>) {
    let slots = wire::Slots::new(MAX_CONNECTIONS, MAX_STREAMS);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // The client gave up before we accepted it, or we are out of
            // file descriptors for a moment: do not spin on it.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let slot = slots.admit(&stream);
        let ctx = Arc::clone(&ctx);
        let spawned = std::thread::Builder::new()
            .name("faro-conn".into())
            .spawn(move || {
                wire::serve_connection(stream, slot, |request| http::answer(request, &ctx));
            });
        if let Err(e) = spawned {
            eprintln!(
                "{}",
                t!(
                    "serve-connection-failed",
                    error = crate::support::i18n::error_text(&e)
                )
            );
        }
    }
}

/// Binds `ip:port`, or the next free port when it is taken.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last = port;
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        last = candidate;
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!(
                        "{}",
                        t!("serve-port-moved", port = port, candidate = candidate)
                    );
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(ServeError(t!(
                    "serve-listen-failed",
                    address = SocketAddr::new(ip, candidate).to_string(),
                    error = crate::support::i18n::error_text(&e)
                )));
            }
        }
    }
    let ip = ip.to_string();
    Err(ServeError(if last == port {
        t!("serve-port-busy", port = port, ip = ip.as_str())
    } else {
        t!(
            "serve-ports-busy",
            first = port,
            last = last,
            ip = ip.as_str()
        )
    }))
}

/// The address to put in URLs: a wildcard bind (0.0.0.0, ::) is reached
/// from this computer through loopback. IPv6 comes out in brackets, as URLs
/// need: `[::1]:1111`.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Runs one build and tells the terminal and the browsers how it went. A
/// failed build writes nothing, so the last good site stays served.
///
/// A change to content files only updates `preview`, the site as last
/// built, re-rendering what the change touched (`crate::pipeline::incremental`);
/// anything else, or `full` (`--full`), builds the whole site again.
fn rebuild(
    opts: &Options,
    hub: &reload::Hub,
    change: Option<&watch::Change>,
    preview: &mut Option<Preview>,
    full: bool,
    printed: &mut once::Printed,
) {
    // Checked again before every build: a link may appear while we run.
    let built = match no_links_to_output(&opts.root) {
        Ok(()) => {
            crate::search::drop_on_demand_index(&opts.output_dir());
            build_or_update(opts, change, preview, full)
        }
        Err(message) => Err(Diagnostic::file(output_dir(&opts.root), message).into()),
    };
    let color = crate::support::excerpt::stderr_wants_color();
    match built {
        Ok(mut summary) => {
            let warnings = Diagnostics(summary.warnings.clone());
            // The terminal gets each warning once until it changes.
            let (fresh, repeated) = printed.fresh(&summary.warnings);
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&Diagnostics(fresh), &opts.root, color)
            );
            if repeated > 0 {
                eprintln!("{}", t!("serve-warnings-repeated", count = repeated));
            }
            let changed = std::mem::take(&mut summary.changed);
            let summary = summary.to_string();
            match change {
                Some(change) => println!(
                    "{}",
                    t!(
                        "serve-rebuilt",
                        changes = change.describe(),
                        summary = summary
                    )
                ),
                None => println!("{}", t!("serve-built", summary = summary)),
            }
            hub.built(&changed, &shown(&warnings, &opts.root));
        }
        Err(diags) => {
            eprint!(
                "{}",
                crate::support::excerpt::render_all(&diags, &opts.root, color)
            );
            eprintln!("{}", t!("serve-build-failed", count = diags.len()));
            hub.failed(&shown(&diags, &opts.root));
        }
    }
}

/// Updates `preview` after `change` when it can, else builds the whole site
/// (and keeps it as the next preview to update from). A failed full build
/// drops the preview: what it was built from (a template, `site.yaml`) may
/// have changed, so the next change builds the whole site again. `full`
/// (`--full`) renders every page again each time, trusting no cache: the
/// escape hatch when the preview looks wrong.
fn build_or_update(
    opts: &Options,
    change: Option<&watch::Change>,
    preview: &mut Option<Preview>,
    full: bool,
) -> Result<build::Summary, Diagnostics> {
    if full {
        return build::build(&Options {
            rerender: true,
            ..opts.clone()
        });
    }
    if let (Some(change), Some(p)) = (change, preview.as_mut()) {
        let paths: Vec<PathBuf> = change.paths.iter().cloned().collect();
        if let Some(summary) = p.update(&paths)? {
            return Ok(summary);
        }
    }
    match Preview::build(opts, preview.as_ref()) {
        Ok((mut p, summary)) => {
            // The server waits at its gate for what is written after the
            // reload event (`http::answer`).
            p.write_later(crate::pipeline::incremental::LARGE_FILE);
            *preview = Some(p);
            Ok(summary)
        }
        Err(e) => {
            *preview = None;
            Err(e)
        }
    }
}

/// Each problem as the overlay shows it, with the line of its file (read
/// from `root`, each file once; one that cannot be read shows no line).
fn shown(diags: &Diagnostics, root: &Path) -> Vec<reload::Shown> {
    let mut files: HashMap<&Path, Option<String>> = HashMap::new();
    diags
        .0
        .iter()
        .map(|d| {
            let source = files
                .entry(d.path.as_path())
                .or_insert_with(|| std::fs::read_to_string(root.join(&d.path)).ok());
            reload::Shown {
                text: d.to_string(),
                excerpt: source
                    .as_deref()
                    .map(|s| crate::support::excerpt::excerpt(d, s, false))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
