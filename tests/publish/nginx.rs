//! The nginx configuration of `faro publish --print-config nginx`, tried on
//! Debian's nginx: started as a user process on a loopback port, serving a
//! built site, asked with and without `Accept-Encoding`: the `.br` copies
//! from the disk, gzip made by nginx.

use super::hosting::{unbrotli, ungzip};
use crate::common::{self, Site, stderr};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An nginx serving `www` with faro's snippet in its `server` block;
/// stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(www: &Path, snippet: &str) -> Nginx {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let d = dir.path().display();
        std::fs::write(dir.path().join("faro.conf"), snippet).expect("snippet");
        // `user root`: a master started by root would otherwise run its
        // workers as `nobody`, who cannot read the temp dirs; ignored (with a
        // notice) when not root.
        let conf = format!(
            "user root root;\nworker_processes 1;\nevents {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n\
             \x20 client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
             \x20 fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             \x20 server {{\n    listen 127.0.0.1:{port};\n    root {www};\n    include {d}/faro.conf;\n  }}\n}}\n",
            www = www.display()
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).expect("conf");
        let nginx = common::harness::nginx().expect("nginx (checked by the harness)");
        let child = Command::new(nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .arg("-g")
            .arg(format!(
                "daemon off; pid {d}/nginx.pid; error_log {d}/error.log;"
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nginx");
        let mut server = Nginx {
            child,
            port,
            _dir: dir,
        };
        // A hang guard, not a speed limit.
        let deadline = Instant::now() + crate::common::serve::WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = server.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("nginx stopped ({status}): {err}\n{snippet}");
            }
            assert!(Instant::now() < deadline, "nginx did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn get(&self, path: &str, accept_encoding: Option<&str>) -> Reply {
        get(self.port, path, accept_encoding)
    }
}

/// Stops a server's master process with SIGTERM, which stops its workers
/// too (a SIGKILL would leave them running), then waits for it.
pub fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `GET path` from the server on the loopback `port`, over plain HTTP/1.1.
pub fn get(port: u16, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let encoding = accept_encoding
        .map(|e| format!("Accept-Encoding: {e}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: example.org\r\n{encoding}Connection: close\r\n\r\n"
    )
    .expect("request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("response");
    Reply::parse(&raw)
}

impl Drop for Nginx {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

pub struct Reply {
    pub status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut reply = Reply {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        };
        // What a server compresses on the fly has no length known ahead:
        // it comes in chunks (`len in hex\r\n bytes \r\n`, a last of 0).
        if reply.header("transfer-encoding") == Some("chunked") {
            let mut rest = &reply.body[..];
            let mut body = Vec::new();
            loop {
                let line = rest
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .expect("chunk size");
                let size = std::str::from_utf8(&rest[..line]).expect("chunk size");
                let size = usize::from_str_radix(size.split(';').next().unwrap_or(""), 16)
                    .expect("chunk size");
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&rest[line + 2..line + 2 + size]);
                rest = &rest[line + 2 + size + 2..];
            }
            reply.body = body;
        }
        reply
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All the values of a header that may come more than once, joined.
    pub fn all(&self, name: &str) -> String {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn decoded(&self) -> Vec<u8> {
        match self.header("content-encoding") {
            Some("br") => unbrotli(&self.body),
            Some("gzip") => ungzip(&self.body),
            None => self.body.clone(),
            Some(other) => panic!("unexpected encoding {other}"),
        }
    }
}

/// Builds `site`, publishes its output as `<www><path>` and starts nginx
/// with the printed snippet.
fn serve(site: &Site, path: &str) -> (Nginx, PathBuf, tempfile::TempDir) {
    site.build();
    let printed = site.faro(&["publish", "--print-config", "nginx"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let snippet = String::from_utf8_lossy(&printed.stdout).into_owned();
    let www = tempfile::tempdir().expect("www");
    let public = www.path().join(path.trim_matches('/'));
    copy_tree(&site.path("public"), &public);
    (Nginx::start(www.path(), &snippet), public, www)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("under");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

fn hashed_style(public: &Path) -> String {
    std::fs::read_dir(public.join("css"))
        .expect("css")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("hashed style")
}

/// The hashed stylesheet of `public`, fetched through `port` under `prefix`
/// with each encoding: its type, a year's cache and its exact bytes.
pub fn assert_serves_hashed_style(port: u16, prefix: &str, public: &Path) {
    let style = hashed_style(public);
    let css = std::fs::read(public.join("css").join(&style)).expect("css");
    for accept in [Some("br"), Some("gzip"), None] {
        let r = get(port, &format!("{prefix}css/{style}"), accept);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some(IMMUTABLE), "{accept:?}");
        assert!(r.decoded() == css, "{accept:?}");
    }
}

/// A standalone chart of the basic site and the page it is on, fetched
/// through `port` under `prefix` from `public`: no copy of its own, so the
/// server compresses it in gzip for whoever takes gzip (nginx and Apache
/// have no brotli of their own), with its type and `Vary`, and it decodes
/// to the very file; and a page asked for by a browser without brotli
/// (plain HTTP) comes in gzip too, made on the fly.
pub fn assert_compresses_on_the_fly(port: u16, prefix: &str, public: &Path) {
    let chart = "informes/2024/01/cuadro-visas.svg";
    let file = std::fs::read(public.join(chart)).expect("chart");
    assert!(file.len() >= 1024, "{chart} is small");
    assert!(!public.join(format!("{chart}.br")).exists());
    for (accept, encoding) in [
        (Some("gzip, deflate, br"), Some("gzip")),
        (Some("gzip"), Some("gzip")),
        (None, None),
    ] {
        let r = get(port, &format!("{prefix}{chart}"), accept);
        assert_eq!(r.status, 200, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(
            r.header("content-type"),
            Some("image/svg+xml; charset=utf-8"),
            "{accept:?}"
        );
        assert_eq!(r.header("cache-control"), Some(REVALIDATE), "{accept:?}");
        if encoding.is_some() {
            assert!(r.all("vary").contains("Accept-Encoding"), "{accept:?}");
        }
        assert!(r.decoded() == file, "{accept:?}: not the chart");
    }
    let page = "informes/2024/01/index.html";
    assert!(!public.join(format!("{page}.gz")).exists());
    let r = get(port, &format!("{prefix}{page}"), Some("gzip"));
    assert_eq!(
        (r.status, r.header("content-encoding")),
        (200, Some("gzip"))
    );
    assert!(r.all("vary").contains("Accept-Encoding"));
    assert!(r.decoded() == std::fs::read(public.join(page)).expect("page"));
}

pub const REVALIDATE: &str = "no-cache";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn nginx_serves_the_copies_types_caches_and_404() {
    let site = Site::basic();
    site.write_bytes("static/img/mapa.webp", b"RIFF\0\0\0\0WEBPVP8 ");
    let (nginx, public, _www) = serve(&site, "/portal/");
    let page = std::fs::read(public.join("index.html")).expect("page");
    for (accept, encoding) in [
        (Some("gzip, deflate, br"), Some("br")),
        (Some("br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (None, None),
    ] {
        let r = nginx.get("/portal/", accept);
        assert_eq!(r.status, 200, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{accept:?}"
        );
        assert_eq!(r.header("cache-control"), Some(REVALIDATE), "{accept:?}");
        if encoding.is_some() {
            assert!(r.all("vary").contains("Accept-Encoding"), "{accept:?}");
        }
        assert!(r.decoded() == page, "{accept:?}: not the page");
    }
    // A report's folder address and its file address.
    let report = std::fs::read(public.join("informes/2024/01/index.html")).expect("report");
    for path in [
        "/portal/informes/2024/01/",
        "/portal/informes/2024/01/index.html",
    ] {
        let r = nginx.get(path, Some("br"));
        assert_eq!(
            (r.status, r.header("content-encoding")),
            (200, Some("br")),
            "{path}"
        );
        assert!(r.decoded() == report, "{path}");
    }

    // A hashed stylesheet is kept a year, compressed or not.
    assert_serves_hashed_style(nginx.port, "/portal/", &public);
    // What has no copy is compressed by nginx.
    assert_compresses_on_the_fly(nginx.port, "/portal/", &public);

    // Types of the data files and images.
    for (path, kind) in [
        ("datos/informes.csv", "text/csv; charset=utf-8"),
        ("datos/informes.json", "application/json; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("favicon.svg", "image/svg+xml; charset=utf-8"),
        ("img/mapa.webp", "image/webp"),
    ] {
        for accept in [Some("br"), None] {
            let r = nginx.get(&format!("/portal/{path}"), accept);
            assert_eq!(r.status, 200, "{path}");
            assert_eq!(r.header("content-type"), Some(kind), "{path} {accept:?}");
            assert_eq!(r.header("cache-control"), Some(REVALIDATE), "{path}");
            let file = std::fs::read(public.join(path)).expect("file");
            assert!(r.decoded() == file, "{path} {accept:?}");
        }
    }

    // The site's own 404 page, compressed too, with the 404 status.
    let missing = std::fs::read(public.join("404.html")).expect("404");
    for accept in [Some("br"), Some("gzip"), None] {
        let r = nginx.get("/portal/no-existe/", accept);
        assert_eq!(r.status, 404, "{accept:?}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(
            r.decoded() == missing,
            "{accept:?}: not the site's 404 page"
        );
    }
    // The copies are not addresses of their own.
    assert_eq!(nginx.get("/portal/index.html.br", None).status, 404);
    // Nor is faro publish's record of what it published.
    std::fs::write(public.join(".faro-published"), "index.html\n").expect("record");
    let r = nginx.get("/portal/.faro-published", None);
    assert_eq!(r.status, 404);
    assert!(r.decoded() == missing, "not the site's 404 page");
}

pub fn nginx_serves_a_site_at_the_host_root() {
    let site = Site::basic();
    site.write(
        "site.yaml",
        &common::SITE_YAML.replace("https://example.org/portal/", "https://example.org/"),
    );
    let (nginx, public, _www) = serve(&site, "/");
    let page = std::fs::read(public.join("index.html")).expect("page");
    let r = nginx.get("/", Some("br"));
    assert_eq!((r.status, r.header("content-encoding")), (200, Some("br")));
    assert!(r.decoded() == page);
    let r = nginx.get("/no-existe/", Some("gzip"));
    assert_eq!(r.status, 404);
    assert!(r.decoded() == std::fs::read(public.join("404.html")).expect("404"));
    assert_serves_hashed_style(nginx.port, "/", &public);
}
