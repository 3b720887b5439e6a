//! HTTP: serves the preview's output folder, and nothing outside it.
//!
//! Request targets arrive unnormalised, so every one is checked before it
//! touches the file system: the raw text (`parse_target`), then the real
//! location after symlinks (`locate`).

use super::reload::{self, Hub};
use super::wire::{Answer, Request, Response};
use crate::t;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Paths under this prefix belong to `faro serve` itself, not to the site.
const RESERVED: &str = "/__faro/";

/// What every handler needs.
pub struct Context {
    /// The output folder, canonical. The build swaps it by renaming, so this
    /// path stays right while the folder behind it changes.
    pub root: PathBuf,
    pub hub: Arc<Hub>,
    /// Who may be named in the Host header.
    pub hosts: Hosts,
    /// How the preview is built: the search page indexes it on demand.
    pub build: crate::pipeline::build::Options,
}

/// Answers one request. Never panics on client input.
pub fn answer(request: &Request, ctx: &Arc<Context>) -> Answer {
    if let Err(refusal) = ctx.hosts.check(request) {
        return Answer::Reply(refusal);
    }
    if request.method != "GET" && request.method != "HEAD" {
        let response = text(405, &t!("serve-http-method-not-allowed")).with("Allow", "GET, HEAD");
        return Answer::Reply(response);
    }
    let path = request.target.split('?').next().unwrap_or_default();
    if let Some(name) = path.strip_prefix(RESERVED) {
        return internal(request, name, ctx);
    }
    let url = match parse_target(path) {
        Ok(url) => url,
        Err(status) => return Answer::Reply(text(status, &t!("serve-http-bad-request"))),
    };
    if url.segments == ["buscar"] && url.folder {
        // Builds skip the index so a save reloads fast; the search page makes it.
        if let Err(diags) = crate::pipeline::index_on_demand(&ctx.build) {
            eprint!("{diags}");
        }
    }
    Answer::Reply(match locate_waiting(&ctx.root, &url) {
        Ok(Found::File(file)) => {
            let range = if request.header("If-Range").is_some() {
                // We have no validators to compare, so the safe answer is the whole file.
                None
            } else {
                request.header("Range")
            };
            let name = output_name(&ctx.root, &file);
            // A large file the last save changed may still be being written.
            crate::pipeline::incremental::wait_until_written(&name);
            // Read before the file, so a page never claims a newer build than it shows.
            let generation = ctx.hub.generation();
            file_response(&file, range, &generation, &name)
        }
        Ok(Found::Redirect) => {
            text(301, &t!("serve-http-moved")).with("Location", &format!("{path}/"))
        }
        Err(Miss::Forbidden) => text(403, &t!("serve-http-forbidden")),
        Err(Miss::NotFound) => not_found(&ctx.root, &ctx.hub.generation()),
    })
}

/// The names this preview answers to, against DNS rebinding: a page on
/// `evil.example` whose name is made to point at 127.0.0.1 reaches the
/// preview with `Host: evil.example`, and must not get the drafts.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The address the preview listens on (may be 0.0.0.0 or ::).
    pub bind: IpAddr,
    /// The port it listens on, which the Host header must name too.
    pub port: u16,
}

impl Hosts {
    /// `Ok` when the request names this preview; otherwise the refusal to send.
    pub fn check(&self, request: &Request) -> Result<(), Response> {
        let mut hosts = request.all("Host");
        let (host, second) = (hosts.next(), hosts.next());
        let allowed = match (host, second) {
            (Some(host), None) => self.allows(host),
            // HTTP/1.0 clients may leave Host out; browsers never do.
            (None, _) => request.minor == 0,
            (Some(_), Some(_)) => false,
        };
        if allowed {
            return Ok(());
        }
        let message = match host {
            Some(host) => t!("serve-http-misdirected", port = self.port, host = host),
            None => t!("serve-http-misdirected-no-host", port = self.port),
        };
        Err(text(421, &message))
    }

    /// Whether a Host header value (`name:port`, `[v6]:port`) names this preview.
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (host, Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
            None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
        };
        let Some(ip) = ip else {
            // A name other than localhost: what DNS rebinding looks like.
            return false;
        };
        // An address cannot be rebound: when listening on every address,
        // any of this computer's addresses is a fine way to reach it.
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }
}

/// `/__faro/…`: the reload script, the event stream, and page-load pings.
fn internal(request: &Request, name: &str, ctx: &Arc<Context>) -> Answer {
    let response = match name {
        "reload.js" => Response::bytes(
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
        ),
        "events" if request.method == "GET" => {
            let ctx = Arc::clone(ctx);
            return Answer::Stream(Box::new(move |out| reload::stream(out, &ctx.hub)));
        }
        "events" => Response::bytes(200, "text/event-stream; charset=utf-8", Vec::new()),
        "ping" => {
            let path = query_value(&request.target, "path");
            if query_value(&request.target, "stayed").is_some() {
                ctx.hub.page_stayed(path.as_deref());
            } else {
                ctx.hub.page_loaded(path.as_deref());
            }
            Response::bytes(204, "text/plain; charset=utf-8", Vec::new())
        }
        "status" => Response::bytes(200, "application/json", ctx.hub.status_json().into_bytes()),
        _ => text(404, &t!("serve-http-not-found")),
    };
    Answer::Reply(no_store(response))
}

/// The value of `name` in a request target's query, percent-decoded.
fn query_value(target: &str, name: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned()
        })
}

/// A request path that passed the textual checks: its segments, decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct UrlPath {
    segments: Vec<String>,
    /// Ends with `/`, so it names a folder (its index.html).
    folder: bool,
}

/// Checks and decodes the path part of a request target. Anything that could
/// climb out of the output folder or be read two ways is refused with 400
/// rather than cleaned up: a browser never sends such paths.
pub fn parse_target(raw: &str) -> Result<UrlPath, u16> {
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(400); // absolute-form ("http://…") or "*"
    };
    if rest.starts_with('/') || raw.contains('\\') {
        return Err(400); // "//etc/passwd", "..\..\"
    }
    let decoded = percent_decode(rest).ok_or(400u16)?;
    let decoded = String::from_utf8(decoded).map_err(|_| 400u16)?;
    if decoded.contains(['\0', '\\']) {
        return Err(400);
    }
    // An encoded slash would make one segment look like two after decoding.
    let raw_segments = rest.split('/').count();
    let mut segments: Vec<String> = decoded.split('/').map(str::to_string).collect();
    if segments.len() != raw_segments {
        return Err(400);
    }
    let folder = segments.last().is_some_and(|s| s.is_empty());
    if folder {
        segments.pop();
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(400);
    }
    Ok(UrlPath { segments, folder })
}

/// Strict percent-decoding: a `%` not followed by two hex digits is an error,
/// not a literal (as `percent-encoding` would keep it), so odd encodings
/// cannot slip past the checks.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let well_formed = s.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed.then(|| percent_encoding::percent_decode_str(s).collect())
}

#[derive(Debug, PartialEq, Eq)]
enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links in its
    /// index.html only work from `folder/`.
    Redirect,
}

#[derive(Debug, PartialEq, Eq)]
enum Miss {
    NotFound,
    /// Resolves outside the output folder (a symlink).
    Forbidden,
}

/// Finds the file a checked path names, following symlinks only as far as
/// the output folder. Folders serve their index.html, never a listing.
fn locate(root: &Path, url: &UrlPath) -> Result<Found, Miss> {
    let mut path = root.to_path_buf();
    path.extend(&url.segments);
    let real = inside(root, &path)?;
    let meta = std::fs::metadata(&real).map_err(|_| Miss::NotFound)?;
    if meta.is_dir() {
        if !url.folder && !url.segments.is_empty() {
            return Ok(Found::Redirect);
        }
        let index = inside(root, &real.join("index.html"))?;
        return match std::fs::metadata(&index) {
            Ok(m) if m.is_file() => Ok(Found::File(index)),
            _ => Err(Miss::NotFound),
        };
    }
    if url.folder || !meta.is_file() {
        return Err(Miss::NotFound);
    }
    Ok(Found::File(real))
}

/// The real path of `path`, if it exists and lies inside `root`.
fn inside(root: &Path, path: &Path) -> Result<PathBuf, Miss> {
    let real = path.canonicalize().map_err(|_| Miss::NotFound)?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Miss::Forbidden)
    }
}

/// `locate`, but tolerant of the instant during a rebuild when the output
/// folder has been moved aside and the new one not yet moved in.
fn locate_waiting(root: &Path, url: &UrlPath) -> Result<Found, Miss> {
    for _ in 0..100 {
        if root.is_dir() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    locate(root, url)
}

/// The media type for a file name, as the web host's configuration sends
/// it (`host::server::media_type`; mime_guess's table for the types a site
/// does not publish), with a charset for text: every text file faro writes
/// is UTF-8, and a browser guessing another encoding shows «MigraciÃ³n».
pub fn content_type(path: &Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if let Some((kind, text)) = crate::write::host::server::media_type(ext) {
        return if text {
            format!("{kind}; charset=utf-8")
        } else {
            kind.to_string()
        };
    }
    match mime_guess::from_path(path).first_raw() {
        Some(kind) if kind.starts_with("text/") => format!("{kind}; charset=utf-8"),
        Some(kind) => kind.to_string(),
        None => "application/octet-stream".to_string(),
    }
}

/// A `Range` header's meaning for a body of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum ByteRange {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// One `bytes=` range (`a-b`, `a-`, `-n`), read by `http-range-header`.
/// An unknown unit is ignored and several ranges are answered with the
/// whole body, both of which RFC 9110 allows; malformed ranges get 416, as
/// most servers do.
pub fn parse_range(header: Option<&str>, len: u64) -> ByteRange {
    let Some(spec) = header.map(str::trim) else {
        return ByteRange::Whole;
    };
    let bytes = spec
        .get(..6)
        .is_some_and(|unit| unit.eq_ignore_ascii_case("bytes="));
    if !bytes || spec.contains(',') {
        return ByteRange::Whole;
    }
    match http_range_header::parse_range_header(spec).and_then(|r| r.validate(len)) {
        Ok(ranges) => match ranges.as_slice() {
            [one] => ByteRange::Part(*one.start(), *one.end()),
            _ => ByteRange::Unsatisfiable, // an empty body has no bytes to give
        },
        Err(_) => ByteRange::Unsatisfiable,
    }
}

/// A served file's path in the output folder, `/`-separated, as build
/// events name changed files (`informes/2024/01/index.html`).
fn output_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Where the reload script goes: before the last `</body>`, or at the end.
/// It is told the build the page came from and the output file it is, so
/// that it reloads only when that file (or one it uses) changes.
pub fn inject(html: &[u8], generation: &str, output: &str) -> Vec<u8> {
    let output = attribute_text(output);
    let tag = format!(
        "<script src=\"{RESERVED}reload.js\" data-generation=\"{generation}\" \
         data-output=\"{output}\" defer></script>"
    );
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Text made safe inside a double-quoted HTML attribute.
fn attribute_text(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).into_owned()
}

/// A body that can start anywhere: a file, or a page in memory.
trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

fn file_response(path: &Path, range: Option<&str>, generation: &str, output: &str) -> Response {
    let kind = content_type(path);
    let (mut body, len): (Box<dyn Source>, u64) = if kind.starts_with("text/html") {
        // Pages are small; reading them whole lets the script go in and the
        // length stay exact.
        match std::fs::read(path) {
            Ok(html) => {
                let html = inject(&html, generation, output);
                let len = html.len() as u64;
                (Box::new(Cursor::new(html)), len)
            }
            Err(_) => return text(404, &t!("serve-http-not-found")),
        }
    } else {
        match File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len()))) {
            Ok((file, len)) => (Box::new(file), len),
            Err(_) => return text(404, &t!("serve-http-not-found")),
        }
    };
    let response = match parse_range(range, len) {
        ByteRange::Whole => {
            no_store(Response::new(200, Box::new(body), len)).with("Content-Type", &kind)
        }
        ByteRange::Part(first, last) => {
            if body.seek(SeekFrom::Start(first)).is_err() {
                return text(500, &t!("serve-http-unreadable"));
            }
            let count = last - first + 1;
            no_store(Response::new(206, Box::new(body.take(count)), count))
                .with("Content-Type", &kind)
                .with("Content-Range", &format!("bytes {first}-{last}/{len}"))
        }
        ByteRange::Unsatisfiable => {
            text(416, &t!("serve-http-range")).with("Content-Range", &format!("bytes */{len}"))
        }
    };
    response.with("Accept-Ranges", "bytes")
}

/// The site's own 404 page (with the reload script, so it turns into the
/// page once the page exists), or a bare one before the first good build.
fn not_found(root: &Path, generation: &str) -> Response {
    let page = inside(root, &root.join("404.html"))
        .ok()
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_else(bare_not_found);
    no_store(Response::bytes(
        404,
        "text/html; charset=utf-8",
        inject(&page, generation, "404.html"),
    ))
}

/// The 404 page before the site has one, in the editor's language.
fn bare_not_found() -> Vec<u8> {
    let lang = match crate::support::i18n::lang() {
        crate::support::i18n::Lang::Es => "es",
        crate::support::i18n::Lang::En => "en",
    };
    let title = t!("serve-404-title");
    format!(
        "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>{title}</title>\
         <body><h1>{title}</h1><p>{}</p></body></html>",
        t!("serve-404-text")
    )
    .into_bytes()
}

/// A plain-text answer: one line for a person to read.
fn text(status: u16, message: &str) -> Response {
    no_store(Response::text(status, &format!("{message}\n")))
}

/// Every answer: no caching, since the preview changes under the browser's
/// feet, and no sniffing of types.
fn no_store(response: Response) -> Response {
    response
        .with("Cache-Control", "no-store")
        .with("X-Content-Type-Options", "nosniff")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Vec<String> {
        parse_target(raw).expect(raw).segments
    }

    #[test]
    fn ordinary_paths_parse() {
        assert_eq!(segments("/"), Vec::<String>::new());
        assert_eq!(segments("/informes/2024/01/"), ["informes", "2024", "01"]);
        assert_eq!(segments("/css/style.css"), ["css", "style.css"]);
        assert_eq!(segments("/acerca%20de/"), ["acerca de"]);
        assert_eq!(segments("/a%C3%B1o/"), ["año"]);
        assert!(parse_target("/informes/").unwrap().folder);
        assert!(!parse_target("/informes").unwrap().folder);
    }

    #[test]
    fn traversal_and_ambiguous_paths_are_refused() {
        for raw in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/.%2e/site.yaml",
            "/..%2fsite.yaml",
            "/..%2Fsite.yaml",
            "/..%5csite.yaml",
            "/informes/..\\..\\site.yaml",
            "//etc/passwd",
            "/informes//x",
            "/./index.html",
            "/informes/..",
            "/index.html%00.txt",
            "/%zz",
            "/%2",
            "/%ff",
            "site.yaml",
            "http://example.org/../site.yaml",
            "*",
        ] {
            assert_eq!(parse_target(raw), Err(400), "{raw}");
        }
    }

    #[test]
    fn only_the_preview_s_own_names_are_allowed() {
        let loopback = Hosts {
            bind: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:1112",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "10.0.0.5:1111",
            "localhost:",
            "localhost:x",
            "",
            ":1111",
            "[::1:1111",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let lan = Hosts {
            bind: "192.168.1.20".parse().unwrap(),
            port: 80,
        };
        assert!(lan.allows("192.168.1.20"));
        assert!(lan.allows("192.168.1.20:80"));
        assert!(!lan.allows("192.168.1.21"));
        assert!(!lan.allows("preview.lan"));
        let any = Hosts {
            bind: "0.0.0.0".parse().unwrap(),
            port: 1111,
        };
        assert!(any.allows("192.168.1.21:1111"));
        assert!(any.allows("[fe80::1]:1111"));
        assert!(!any.allows("rebound.example:1111"));
    }

    #[test]
    fn ranges() {
        use ByteRange::*;
        assert_eq!(parse_range(None, 10), Whole);
        assert_eq!(parse_range(Some("bytes=0-3"), 10), Part(0, 3));
        assert_eq!(parse_range(Some("bytes=4-"), 10), Part(4, 9));
        assert_eq!(parse_range(Some("bytes=-3"), 10), Part(7, 9));
        assert_eq!(parse_range(Some("bytes=-30"), 10), Part(0, 9));
        assert_eq!(parse_range(Some("bytes=5-100"), 10), Part(5, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-0"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=5-2"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=x-2"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-0"), 0), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), Whole);
        assert_eq!(parse_range(Some("items=0-1"), 10), Whole);
        assert_eq!(parse_range(Some(" bytes=2-3 "), 10), Part(2, 3));
        assert_eq!(parse_range(Some("BYTES=2-3"), 10), Part(2, 3));
        assert_eq!(parse_range(Some("bytes=-1"), 0), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=1-2-3"), 10), Unsatisfiable);
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<p></body>x</BODY></html>", "7", "a/index.html");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with(
                "<p></body>x<script src=\"/__faro/reload.js\" data-generation=\"7\" \
                 data-output=\"a/index.html\""
            ),
            "{out}"
        );
        assert!(out.ends_with("</script></BODY></html>"), "{out}");
        let bare = String::from_utf8(inject(b"<p>hola", "1", "x\"<.html")).unwrap();
        assert!(bare.starts_with("<p>hola<script"), "{bare}");
        assert!(bare.contains("data-output=\"x&quot;&lt;.html\""), "{bare}");
    }

    #[test]
    fn content_types() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"),
            ("a.json", "application/json; charset=utf-8"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.pdf", "application/pdf"),
            ("a.webp", "image/webp"),
            ("a.JPG", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.png", "image/png"),
            ("a.ico", "image/x-icon"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.woff2", "font/woff2"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn symlinks_out_of_the_root_are_forbidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("css")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("index.html"), "<p>").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        let root = root.canonicalize().unwrap();
        let url = |raw: &str| parse_target(raw).unwrap();
        assert_eq!(locate(&root, &url("/leak.txt")), Err(Miss::Forbidden));
        assert_eq!(locate(&root, &url("/up/secret.txt")), Err(Miss::Forbidden));
        assert_eq!(locate(&root, &url("/up/")), Err(Miss::Forbidden));
        assert_eq!(locate(&root, &url("/css/")), Err(Miss::NotFound));
        assert_eq!(locate(&root, &url("/css")), Ok(Found::Redirect));
        assert_eq!(
            locate(&root, &url("/")),
            Ok(Found::File(root.join("index.html")))
        );
        assert_eq!(locate(&root, &url("/index.html/")), Err(Miss::NotFound));
    }
}
