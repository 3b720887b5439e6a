//! A running `faro serve` for the tests that talk to it (tests/serve.rs,
//! and the browser test of reloading in tests/browser.rs), spoken to over
//! raw TCP: HTTP clients normalise paths, and traversal attempts must reach
//! the server exactly as written.

use super::{SITE_YAML, Site, report};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A hang guard, not a speed limit: how long a wait for something the
/// preview must do may last before the test fails saying what never came.
/// Generous, so that a machine loaded to the full still passes.
pub const WAIT: Duration = Duration::from_secs(120);
pub const REPORT: &str = "content/informes/2024/01/index.md";
pub const PAGE: &str = "/informes/2024/01/";

/// A running `faro serve`; dropping it kills the process.
pub struct Server {
    pub child: Child,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(site: &Site) -> Server {
        Server::try_start(site)
            .unwrap_or_else(|(status, stderr)| panic!("faro serve exited with {status}:\n{stderr}"))
    }

    /// Starts `faro serve`, or returns how it exited and what it said.
    pub fn try_start(site: &Site) -> Result<Server, (std::process::ExitStatus, String)> {
        Server::try_start_in("en", site)
    }

    /// Starts `faro serve` speaking `lang` (`FARO_LANG`).
    pub fn start_in(lang: &str, site: &Site) -> Server {
        Server::try_start_in(lang, site)
            .unwrap_or_else(|(status, stderr)| panic!("faro serve exited with {status}:\n{stderr}"))
    }

    fn try_start_in(lang: &str, site: &Site) -> Result<Server, (std::process::ExitStatus, String)> {
        Server::try_start_with(lang, site, &[])
    }

    /// Starts `faro serve` with these variables set (test hooks).
    pub fn start_with_env(site: &Site, env: &[(&str, &str)]) -> Server {
        Server::try_start_with("en", site, env)
            .unwrap_or_else(|(status, stderr)| panic!("faro serve exited with {status}:\n{stderr}"))
    }

    fn try_start_with(
        lang: &str,
        site: &Site,
        env: &[(&str, &str)],
    ) -> Result<Server, (std::process::ExitStatus, String)> {
        // A port that was free a moment ago; should another process take it
        // first, faro moves on to the next one, and we read the one it chose.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_faro"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .env("FARO_LANG", lang)
            .envs(env.iter().copied())
            .arg(site.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start faro serve");
        let (stdout, out_reader) = collect_until_closed(child.stdout.take().expect("stdout"));
        let (stderr, err_reader) = collect_until_closed(child.stderr.take().expect("stderr"));
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
            readers: vec![out_reader, err_reader],
        };
        let start = Instant::now();
        loop {
            let out = server.stdout();
            // The serving line, in any language: `… at http://127.0.0.1:PORT/ …`.
            if let Some(at) = out.find(" http://127.0.0.1:") {
                let rest = &out[at + " http://127.0.0.1:".len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                server.port = digits.parse().expect("port in the serving line");
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                // The reader threads end when the pipes close: all it said.
                server.drain_output();
                return Err((status, server.stderr()));
            }
            assert!(
                start.elapsed() < WAIT,
                "faro serve did not start:\n{out}\n{}",
                server.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the reader threads have read all the (exited) process
    /// wrote: they end when its pipes close.
    fn drain_output(&self) {
        wait_until("faro serve's output to be read to its end", || {
            self.readers.iter().all(|r| r.is_finished())
        });
    }

    /// The terminal's `rebuilt (…)` lines so far (English: `Server::start`),
    /// one per rebuild after the first build, in order.
    pub fn rebuilt_lines(&self) -> Vec<String> {
        self.stdout()
            .lines()
            .filter(|l| l.starts_with("faro: rebuilt ("))
            .map(str::to_string)
            .collect()
    }

    /// Waits until faro has printed `n` `rebuilt (…)` lines and returns them.
    pub fn wait_for_rebuilt_lines(&self, n: usize) -> Vec<String> {
        wait_until(&format!("{n} `rebuilt` lines"), || {
            self.rebuilt_lines().len() >= n
        });
        self.rebuilt_lines()
    }

    /// The number of good builds so far (the first one included), read from
    /// `/__faro/status`: the server counts a build as soon as it is done,
    /// before it tells the pages.
    pub fn good_builds(&self) -> u64 {
        let status = self.get("/__faro/status").text();
        let value: serde_json::Value = serde_json::from_str(&status).expect("status JSON");
        value["generation"]
            .as_str()
            .and_then(|g| g.rsplit('-').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no build count in {status}"))
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().expect("stdout lock").clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Waits until faro has printed `text` on stderr; fails after WAIT. (An
    /// event can reach a test before the line reaches the pipe.)
    pub fn wait_for_stderr(&self, text: &str) {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "faro serve never printed {text:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until faro has printed `text` on stdout; fails after WAIT.
    pub fn wait_for_stdout(&self, text: &str) {
        let start = Instant::now();
        while !self.stdout().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "faro serve never printed {text:?}; stdout:\n{}",
                self.stdout()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    pub fn raw(&self, request: &str) -> Reply {
        raw_request(self.port, request)
    }

    pub fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a child's output into a shared string, on a thread.
pub fn collect(from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    collect_until_closed(from).0
}

/// `collect`, with the thread that reads, which ends when the pipe closes.
fn collect_until_closed(
    mut from: impl Read + Send + 'static,
) -> (Arc<Mutex<String>>, std::thread::JoinHandle<()>) {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("lock")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    (text, reader)
}

/// Polls `done` until it holds. Not a timer: the bound is a hang guard
/// ([`WAIT`]), and the test fails saying what never happened.
pub fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < WAIT, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection, read until the server closes it.
pub fn raw_request(port: u16, request: &str) -> Reply {
    raw_request_within(port, request, WAIT)
}

/// `raw_request`, failing unless the whole reply arrives within `time`.
pub fn raw_request_within(port: u16, request: &str, time: Duration) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(time)).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send request");
    let mut bytes = Vec::new();
    if let Err(e) = stream.read_to_end(&mut bytes) {
        panic!(
            "no complete reply to {:?} within {time:?} ({e}); got {:?}",
            request.get(..80).unwrap_or(request),
            String::from_utf8_lossy(&bytes)
        );
    }
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut body = bytes[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if let Some(len) = reply
        .header("Content-Length")
        .and_then(|l| l.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Reply { body, ..reply }
}

/// A browser's view of `/__faro/events`: (event name, data) pairs.
pub struct Events {
    rx: Receiver<(String, String)>,
    seen: Vec<(String, String)>,
}

impl Events {
    pub fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect events");
        stream
            .write_all(
                format!(
                    "GET /__faro/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
                )
                .as_bytes(),
            )
            .expect("request events");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(stream);
            let mut in_body = false;
            let (mut name, mut data) = (String::new(), String::new());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if !in_body {
                    in_body = line.is_empty();
                    continue;
                }
                if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data = v.to_string();
                } else if line.is_empty()
                    && !name.is_empty()
                    && tx
                        .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                        .is_err()
                {
                    break;
                }
            }
        });
        let mut events = Events {
            rx,
            seen: Vec::new(),
        };
        events.expect("hello");
        events
    }

    /// The next event, whatever it is, within `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let event = self.rx.recv_timeout(timeout).ok()?;
        self.seen.push(event.clone());
        Some(event)
    }

    /// The next event that tells of a build (not `build-warnings`, which
    /// follows some), within `timeout`.
    pub fn next_build(&mut self, timeout: Duration) -> Option<(String, String)> {
        let start = Instant::now();
        loop {
            let left = timeout.checked_sub(start.elapsed())?;
            match self.next(left)? {
                (name, _) if name == "build-warnings" => continue,
                event => return Some(event),
            }
        }
    }

    /// Waits for the next event and checks its name; returns its data. A
    /// `build-warnings` event (which follows each build with warnings to
    /// show or clear) is passed over unless it is the one asked for.
    pub fn expect(&mut self, name: &str) -> String {
        let mut next = self.next(WAIT);
        while name != "build-warnings" && next.as_ref().is_some_and(|(n, _)| n == "build-warnings")
        {
            next = self.next(WAIT);
        }
        match next {
            Some((n, data)) if n == name => data,
            other => panic!(
                "expected a {name} event, got {other:?} after {:?}",
                self.seen
            ),
        }
    }
}

pub fn fixture() -> Site {
    let site = Site::basic();
    // Something that must never be served, and is easy to spot if it is.
    site.write("site.yaml", &format!("{SITE_YAML}# secret-marker-7f3a\n"));
    site.write("secret.txt", "secret-marker-7f3a\n");
    site
}

pub fn output(site: &Site) -> PathBuf {
    site.path(".faro-cache/serve/public")
}

/// Writes like an editor's atomic save: a temporary file renamed over the target.
pub fn atomic_save(site: &Site, rel: &str, text: &str) {
    let target = site.path(rel);
    let temp = target.with_file_name(".faro-test-save.tmp");
    std::fs::write(&temp, text).expect("write temp");
    std::fs::rename(&temp, &target).expect("rename over");
}

pub fn report_with_value(value: &str) -> String {
    report(
        "2024-01",
        "summary: \"Resumen de enero\"\n",
        "## Política\n\nTexto de enero.\n",
    )
    .replace("value: 158", &format!("value: {value}"))
}
