//! A tiny std-only static file server for the browser tests: serves a built
//! site under a sub-path, the way a static host would. `/sub/x/` serves
//! `x/index.html`, `/sub/x` redirects to `/sub/x/` when `x` is a folder, and
//! anything missing gets the site's `404.html` with status 404.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Serves `root` at `http://127.0.0.1:<port><prefix>` on background threads
/// for the rest of the process. `prefix` starts and ends with `/`.
pub fn serve(listener: TcpListener, root: PathBuf, prefix: &str) {
    serve_without(listener, root, prefix, None);
}

/// As [`serve`], answering 404 for everything under the folder `missing`
/// (`pagefind/archivo/`), as a host the folder was not uploaded to.
pub fn serve_without(
    listener: TcpListener,
    root: PathBuf,
    prefix: &str,
    missing: Option<&'static str>,
) {
    let prefix = prefix.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let prefix = prefix.clone();
            std::thread::spawn(move || {
                let _ = connection(stream, &root, &prefix, missing);
            });
        }
    });
}

fn connection(
    stream: TcpStream,
    root: &Path,
    prefix: &str,
    missing: Option<&str>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        let mut close = false;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                let v = v.trim();
                match k.to_ascii_lowercase().as_str() {
                    "content-length" => length = v.parse().unwrap_or(0),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        std::io::copy(&mut (&mut reader).take(length as u64), &mut std::io::sink())?;
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let (status, headers, body) = respond(method, target, root, prefix, missing);
        let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if method != "HEAD" {
            out.write_all(&body)?;
        }
        out.flush()?;
        if close {
            return Ok(());
        }
    }
}

type Response = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

fn respond(
    method: &str,
    target: &str,
    root: &Path,
    prefix: &str,
    missing: Option<&str>,
) -> Response {
    if method != "GET" && method != "HEAD" {
        return (
            "405 Method Not Allowed",
            vec![("Allow", "GET, HEAD".into())],
            Vec::new(),
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == prefix.trim_end_matches('/') {
        return (
            "301 Moved Permanently",
            vec![("Location", prefix.to_string())],
            Vec::new(),
        );
    }
    let Some(rel) = path.strip_prefix(prefix) else {
        return not_found(root);
    };
    let Some(rel) = decode(rel) else {
        return not_found(root);
    };
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains('\\'))
    {
        return not_found(root);
    }
    if missing.is_some_and(|folder| rel.starts_with(folder)) {
        return not_found(root);
    }
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return (
                "301 Moved Permanently",
                vec![("Location", format!("{path}/"))],
                Vec::new(),
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) if file.is_file() => (
            "200 OK",
            vec![("Content-Type", content_type(&file).into())],
            bytes,
        ),
        _ => not_found(root),
    }
}

fn not_found(root: &Path) -> Response {
    let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
    (
        "404 Not Found",
        vec![("Content-Type", "text/html; charset=utf-8".into())],
        body,
    )
}

fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "png" => "image/png",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
