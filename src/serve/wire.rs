//! The HTTP/1.1 wire: request heads in, within hard limits; responses out.
//!
//! Why this exists instead of a server crate: tiny_http, used before,
//! buffered request headers without any limit (a 100 MB header cost 230 MB
//! of memory, never returned) and waited forever on a request line ending in
//! a bare LF. The preview only needs GET and HEAD of files and one
//! long-lived event stream, so the connection handling is small; the parsing
//! itself is `httparse`'s, fed a buffer we bound and a fixed header array.

use std::collections::HashMap;
use std::io::{self, BufWriter, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The most a request line and its headers may take, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers one request may have.
pub const MAX_HEADERS: usize = 100;
/// How long a client has to send a whole request head once it starts.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may sit idle before its next request
/// (and less when the places are all taken: see [`Slots`]).
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// After refusing a request, what is still arriving is read and dropped for
/// this long (and up to LINGER_BYTES), so that closing does not reset the
/// connection before the client has read why.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: u64 = 1024 * 1024;

/// One parsed request head.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent, not yet decoded or checked.
    pub target: String,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// Names and values in the order sent (values not in UTF-8 are read lossily).
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The values of every header called `name` (case-insensitive).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection may carry another request after this one.
    fn keep_alive(&self) -> bool {
        let close = self
            .all("Connection")
            .flat_map(|v| v.split(','))
            .any(|token| token.trim().eq_ignore_ascii_case("close"));
        self.minor == 1 && !close
    }

    /// Whether a body follows the head. We never read one (GET and HEAD
    /// have none), so such a connection is closed after the answer.
    fn has_body(&self) -> bool {
        self.header("Transfer-Encoding").is_some()
            || self.all("Content-Length").any(|v| v.trim() != "0")
    }
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed the connection (or was idle too long) between requests.
    Closed,
    /// Over MAX_HEAD bytes or MAX_HEADERS headers.
    TooLarge,
    /// Not HTTP/1.x.
    Malformed,
    /// The head started but did not end within HEAD_TIMEOUT.
    TimedOut,
}

impl HeadError {
    /// The answer owed to the client, if any.
    fn response(&self) -> Option<Response> {
        let (status, message) = match self {
            HeadError::Closed => return None,
            HeadError::TooLarge => (
                431,
                crate::t!(
                    "serve-http-too-large",
                    bytes = MAX_HEAD,
                    headers = MAX_HEADERS
                ),
            ),
            HeadError::Malformed => (400, crate::t!("serve-http-malformed")),
            HeadError::TimedOut => (408, crate::t!("serve-http-timeout")),
        };
        Some(Response::text(status, &format!("{message}\n")))
    }
}

/// Parses the head at the start of `buf`: `Ok(None)` while it is incomplete,
/// or the request and how many bytes it took.
pub fn parse_head(buf: &[u8]) -> Result<Option<(Request, usize)>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(buf) {
        Ok(httparse::Status::Complete(len)) if len <= MAX_HEAD => {
            let request = Request {
                method: parsed.method.unwrap_or_default().to_string(),
                target: parsed.path.unwrap_or_default().to_string(),
                minor: parsed.version.unwrap_or_default(),
                headers: parsed
                    .headers
                    .iter()
                    .map(|h| {
                        let value = String::from_utf8_lossy(h.value).into_owned();
                        (h.name.to_string(), value)
                    })
                    .collect(),
            };
            Ok(Some((request, len)))
        }
        Ok(httparse::Status::Complete(_)) => Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(HeadError::TooLarge),
        Err(_) => Err(HeadError::Malformed),
    }
}

/// Reads one request head. `buf` holds what was read past the previous
/// request (a pipelined one) and keeps what is read past this one. It never
/// grows past MAX_HEAD plus one read.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    idle: Duration,
) -> Result<Request, HeadError> {
    let mut chunk = [0u8; 4096];
    let mut deadline = Instant::now() + idle;
    let mut check = !buf.is_empty();
    loop {
        if check {
            if let Some((request, len)) = parse_head(buf)? {
                buf.drain(..len);
                return Ok(request);
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let started = !buf.iter().all(u8::is_ascii_whitespace);
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(if started {
                HeadError::TimedOut
            } else {
                HeadError::Closed
            });
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => {
                if !started {
                    deadline = Instant::now() + HEAD_TIMEOUT;
                }
                // A head only ends at a line end: parse again only when one arrives.
                check = chunk[..n].contains(&b'\n') || buf.len() + n >= MAX_HEAD;
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(if started {
                    HeadError::TimedOut
                } else {
                    HeadError::Closed
                });
            }
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// A response: status, headers, and a body of known length.
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Box<dyn Read + Send>,
    len: u64,
}

impl Response {
    pub fn new(status: u16, body: Box<dyn Read + Send>, len: u64) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
            len,
        }
    }

    pub fn bytes(status: u16, kind: &str, bytes: Vec<u8>) -> Response {
        let len = bytes.len() as u64;
        Response::new(status, Box::new(io::Cursor::new(bytes)), len).with("Content-Type", kind)
    }

    pub fn text(status: u16, message: &str) -> Response {
        Response::bytes(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    }

    /// Adds a header. Values are ours; any byte that is not visible ASCII
    /// (a redirect target's UTF-8, a stray CR or LF) is percent-encoded, so no
    /// value can end the header early.
    pub fn with(mut self, name: &'static str, value: &str) -> Response {
        let mut ascii = String::with_capacity(value.len());
        for b in value.bytes() {
            if b.is_ascii_graphic() || b == b' ' {
                ascii.push(char::from(b));
            } else {
                ascii.push_str(&format!("%{b:02X}"));
            }
        }
        self.headers.push((name, ascii));
        self
    }

    #[cfg(test)]
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Writes the response; HEAD gets the head only, with the length a GET would have.
    fn write(self, out: &mut impl Write, head_only: bool, keep_alive: bool) -> io::Result<()> {
        let mut out = BufWriter::new(out);
        write!(out, "HTTP/1.1 {} {}\r\n", self.status, reason(self.status))?;
        for (name, value) in &self.headers {
            write!(out, "{name}: {value}\r\n")?;
        }
        let connection = if keep_alive { "keep-alive" } else { "close" };
        write!(
            out,
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            self.len
        )?;
        if !head_only {
            let sent = io::copy(&mut self.body.take(self.len), &mut out)?;
            if sent < self.len {
                // The file shrank under us: the length we promised is a lie,
                // so the connection must end here.
                out.flush()?;
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short body"));
            }
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        416 => "Range Not Satisfiable",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What a handler makes of a request.
pub enum Answer {
    Reply(Response),
    /// The handler takes the connection over (an event stream) and writes
    /// to it until the client leaves.
    Stream(Box<dyn FnOnce(Box<dyn Write + Send>) + Send>),
}

/// Serves one connection: requests one after another until the client
/// closes it, sends something it must not, or a stream takes it over;
/// `slot` is its place among the preview's connections.
pub fn serve_connection(mut stream: TcpStream, slot: Slot, answer: impl Fn(&Request) -> Answer) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buf = Vec::new();
    let mut idle = first_request_timeout();
    loop {
        slot.set(Doing::Waiting);
        let request = read_head(&mut stream, &mut buf, idle);
        slot.set(Doing::Answering);
        let request = match request {
            Ok(request) => request,
            Err(e) => {
                if let Some(response) = e.response() {
                    refuse(stream, response);
                }
                return;
            }
        };
        let keep_alive = request.keep_alive() && !request.has_body();
        match answer(&request) {
            Answer::Reply(response) => {
                let head_only = request.method == "HEAD";
                if response.write(&mut stream, head_only, keep_alive).is_err() || !keep_alive {
                    return;
                }
            }
            Answer::Stream(run) => {
                slot.set(Doing::Streaming);
                let _ = stream.set_read_timeout(None);
                run(Box::new(stream));
                return;
            }
        }
        idle = IDLE_TIMEOUT;
    }
}

/// How long a new connection may take to start its first request. A
/// browser sends it at once; a socket that sends nothing holds a thread
/// and a place for no longer than this.
const FIRST_REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

/// `FIRST_REQUEST_TIMEOUT`, or in debug builds `FARO_TEST_FIRST_REQUEST_SECS`:
/// a test that makes it longer than its own hang guard knows a page answered
/// beside idle sockets was answered by making room, not by their timing out.
fn first_request_timeout() -> Duration {
    #[cfg(debug_assertions)]
    {
        static FROM_ENV: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
        let secs = FROM_ENV.get_or_init(|| {
            std::env::var("FARO_TEST_FIRST_REQUEST_SECS")
                .ok()
                .and_then(|v| v.parse().ok())
        });
        if let Some(secs) = secs {
            return Duration::from_secs(*secs);
        }
    }
    FIRST_REQUEST_TIMEOUT
}
/// How long sending one piece of a response may stall (a client that
/// stopped reading): then the connection is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// What a connection is doing, for [`Slots`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doing {
    /// Waiting for a request head (none sent yet, idle between requests,
    /// or one arriving): may be dropped to make room.
    Waiting,
    /// Answering a request.
    Answering,
    /// Carrying a reload-event stream: counted apart, under its own cap.
    Streaming,
}

struct Open {
    /// A handle on the socket, to shut it down from the accepting thread.
    socket: Option<TcpStream>,
    doing: Doing,
    since: Instant,
    /// Shut down to make room; its thread is ending.
    dropped: bool,
}

/// The preview's connections, each on a thread of its own: at most
/// `requests` that wait for or answer requests, and at most `streams`
/// reload-event streams besides, so open tabs never take the places pages
/// are fetched through. When every place is taken, the connection that
/// has been waiting longest for a request (an idle keep-alive, a socket
/// that sent nothing, a head arriving byte by byte) is dropped to make
/// room; a new stream beyond the cap ends the oldest one (a live page's
/// `EventSource` reconnects by itself).
pub struct Slots {
    table: Mutex<Table>,
    freed: Condvar,
    requests: usize,
    streams: usize,
}

#[derive(Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Open>,
}

impl Slots {
    pub fn new(requests: usize, streams: usize) -> Arc<Slots> {
        Arc::new(Slots {
            table: Mutex::new(Table::default()),
            freed: Condvar::new(),
            requests,
            streams,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a place for a newly accepted connection, making room if all
    /// are taken; waits only while every other connection is answering a
    /// request (each is bounded by its timeouts).
    pub fn admit(self: &Arc<Self>, socket: &TcpStream) -> Slot {
        let mut table = self.lock();
        loop {
            let taken = table
                .open
                .values()
                .filter(|o| o.doing != Doing::Streaming)
                .count();
            if taken < self.requests {
                break;
            }
            let oldest = table
                .open
                .values_mut()
                .filter(|o| o.doing == Doing::Waiting && !o.dropped)
                .min_by_key(|o| o.since);
            if let Some(open) = oldest {
                open.drop_it();
            }
            table = self
                .freed
                .wait_timeout(table, Duration::from_millis(100))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        let id = table.next;
        table.next += 1;
        table.open.insert(
            id,
            Open {
                socket: socket.try_clone().ok(),
                doing: Doing::Waiting,
                since: Instant::now(),
                dropped: false,
            },
        );
        Slot {
            slots: Arc::clone(self),
            id,
        }
    }

    /// How many connections are open (streams included).
    #[cfg(test)]
    fn open(&self) -> usize {
        self.lock().open.len()
    }
}

impl Open {
    fn drop_it(&mut self) {
        self.dropped = true;
        if let Some(socket) = &self.socket {
            let _ = socket.shutdown(Shutdown::Both);
        }
    }
}

/// One connection's place in [`Slots`], given back when dropped.
pub struct Slot {
    slots: Arc<Slots>,
    id: u64,
}

impl Slot {
    fn set(&self, doing: Doing) {
        let mut table = self.slots.lock();
        if let Some(open) = table.open.get_mut(&self.id) {
            open.doing = doing;
            open.since = Instant::now();
        }
        if doing != Doing::Streaming {
            return;
        }
        let streams = table
            .open
            .values()
            .filter(|o| o.doing == Doing::Streaming && !o.dropped)
            .count();
        if streams > self.slots.streams {
            let oldest = table
                .open
                .values_mut()
                .filter(|o| o.doing == Doing::Streaming && !o.dropped)
                .min_by_key(|o| o.since);
            if let Some(open) = oldest {
                open.drop_it();
            }
        }
        drop(table);
        // A place for requests is free now.
        self.slots.freed.notify_all();
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.lock().open.remove(&self.id);
        self.slots.freed.notify_all();
    }
}

/// Answers a request that cannot be served and closes the connection,
/// reading (and dropping) a bounded amount of what the client still sends.
pub fn refuse(mut stream: TcpStream, response: Response) {
    if response.write(&mut stream, false, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(LINGER));
    let started = Instant::now();
    let mut sink = [0u8; 8192];
    let mut dropped = 0u64;
    while started.elapsed() < LINGER && dropped < LINGER_BYTES {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => dropped += n as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<(Request, usize)>, HeadError> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn a_complete_head_parses_and_says_where_it_ends() {
        let text = "GET /a?b HTTP/1.1\r\nHost: localhost:1111\r\nRange: bytes=0-1\r\n\r\nGET /next";
        let (request, len) = parse(text).unwrap().unwrap();
        assert_eq!(&text[len..], "GET /next");
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/a?b");
        assert_eq!(request.minor, 1);
        assert_eq!(request.header("host"), Some("localhost:1111"));
        assert_eq!(request.header("RANGE"), Some("bytes=0-1"));
        assert!(request.keep_alive());
        assert!(!request.has_body());
    }

    #[test]
    fn bare_line_feeds_end_lines_too() {
        let (request, _) = parse("GET / HTTP/1.1\nHost: localhost\n\n")
            .unwrap()
            .unwrap();
        assert_eq!(request.header("Host"), Some("localhost"));
    }

    #[test]
    fn an_incomplete_head_waits_for_more() {
        assert_eq!(parse("GET / HTTP/1.1\r\nHost: local"), Ok(None));
        assert_eq!(parse(""), Ok(None));
    }

    #[test]
    fn heads_over_the_limits_are_refused() {
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&long).err(), Some(HeadError::TooLarge));
        let unfinished = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&unfinished).err(), Some(HeadError::TooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(parse(&many).err(), Some(HeadError::TooLarge));
        let enough: String = (0..MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert!(parse(&format!("GET / HTTP/1.1\r\n{enough}\r\n")).is_ok());
    }

    #[test]
    fn malformed_heads_are_refused() {
        for text in [
            "GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "\x16\x03\x01\x02\x00\x01\x00\x01\r\n\r\n",
        ] {
            assert_eq!(parse(text).err(), Some(HeadError::Malformed), "{text:?}");
        }
    }

    #[test]
    fn bodies_and_close_end_the_connection() {
        let head = |extra: &str| {
            parse(&format!("POST / HTTP/1.1\r\n{extra}\r\n"))
                .unwrap()
                .unwrap()
                .0
        };
        assert!(head("Content-Length: 5\r\n").has_body());
        assert!(head("Transfer-Encoding: chunked\r\n").has_body());
        assert!(!head("Content-Length: 0\r\n").has_body());
        assert!(!head("Connection: keep-alive, close\r\n").keep_alive());
        let old = parse("GET / HTTP/1.0\r\n\r\n").unwrap().unwrap().0;
        assert!(!old.keep_alive());
    }

    #[test]
    fn the_connection_waiting_longest_makes_room_for_a_new_one() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let slots = Slots::new(1, 1);
        let _idle_client = TcpStream::connect(addr).unwrap();
        let (mut idle, _) = listener.accept().unwrap();
        let slot = slots.admit(&idle);
        // Its thread, waiting for a request that never comes; bounded, so
        // that a failure to drop it fails the test instead of hanging it.
        idle.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let waiting = std::thread::spawn(move || {
            let read = idle.read(&mut [0u8; 1]);
            drop(slot);
            read.ok()
        });
        let _page_client = TcpStream::connect(addr).unwrap();
        let (page, _) = listener.accept().unwrap();
        let _page = slots.admit(&page);
        assert_eq!(waiting.join().unwrap(), Some(0), "shut down, not timed out");
        assert_eq!(slots.open(), 1);
    }

    #[test]
    fn header_values_cannot_break_the_head() {
        let response = Response::text(301, "moved\n").with("Location", "/a\r\nSet-Cookie: x/ñ");
        assert_eq!(
            response.header("Location"),
            Some("/a%0D%0ASet-Cookie: x/%C3%B1")
        );
        let mut out = Vec::new();
        response.write(&mut out, true, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("HTTP/1.1 301 Moved Permanently\r\n"),
            "{out}"
        );
        assert!(
            out.ends_with("Content-Length: 6\r\nConnection: close\r\n\r\n"),
            "{out}"
        );
    }
}
