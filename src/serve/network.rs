//! The preview's network side: the listening socket (the next free port
//! when one is taken), the thread that accepts connections within
//! `wire::Slots`' places, and `--open`.

use super::{ServeError, http, reload, wire};
use crate::pipeline::build::Options;
use crate::t;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

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
pub(super) fn open_browser(url: &str) {
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

/// Listens on `ip:port` (or the next free port), saying so when that is
/// visible from the network.
pub(super) fn listen(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), ServeError> {
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

/// Serves `output` from a thread of its own, accepting connections on
/// `listener` (bound at `addr`).
pub(super) fn start_http(
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
pub(super) fn browsable(addr: SocketAddr) -> SocketAddr {
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
