//! The preview cannot be starved (issue 25, item 7): open reload-event
//! streams and idle sockets, however many, never keep a page request from
//! being answered.

mod common;

use common::Site;
use common::serve::{Server, WAIT, raw_request_within};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A connection that sends nothing may wait this long for its first
/// request (seconds): far longer than the hang guard `WAIT`, so a page
/// answered beside idle sockets was answered because the server made room,
/// never because they timed out; no clock decides the test.
const IDLE_HOLDS_FOR: &str = "600";

fn start(site: &Site) -> Server {
    Server::start_with_env(site, &[("FARO_TEST_FIRST_REQUEST_SECS", IDLE_HOLDS_FOR)])
}

fn connect(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port)).expect("connect")
}

/// Opens `n` reload-event streams, as `n` open tabs do, and reads the
/// start of each: how many were answered within `budget` altogether.
/// Tabs open a few at a time: a burst of more new connections than the
/// server's connection cap (64) lets it drop the oldest not yet read, as
/// it drops idle ones, and how many it reads in time depends on the load.
fn open_streams(port: u16, n: usize, budget: Duration) -> (Vec<TcpStream>, usize) {
    const AT_ONCE: usize = 16;
    let request = format!(
        "GET /__faro/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    );
    let deadline = Instant::now() + budget;
    let mut streams = Vec::with_capacity(n);
    let mut answered = 0;
    while streams.len() < n {
        let batch: Vec<TcpStream> = (0..AT_ONCE.min(n - streams.len()))
            .map(|_| {
                let mut s = connect(port);
                s.write_all(request.as_bytes()).expect("request events");
                s
            })
            .collect();
        for mut s in &batch {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || s.set_read_timeout(Some(left)).is_err() {
                break;
            }
            let mut head = [0u8; 15];
            if s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200") {
                answered += 1;
            }
        }
        streams.extend(batch);
    }
    (streams, answered)
}

/// `n` connections that send nothing at all.
fn open_idle(port: u16, n: usize) -> Vec<TcpStream> {
    (0..n).map(|_| connect(port)).collect()
}

fn get_home(server: &Server) -> u16 {
    let request = format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    );
    raw_request_within(server.port, &request, WAIT).status
}

#[test]
fn a_page_is_answered_while_200_idle_sockets_are_open() {
    let site = Site::basic();
    let server = start(&site);
    assert_eq!(get_home(&server), 200);
    let _idle = open_idle(server.port, 200);
    assert_eq!(get_home(&server), 200);
    // Repeatably: a second wave changes nothing.
    let _more = open_idle(server.port, 200);
    assert_eq!(get_home(&server), 200);
}

#[test]
fn a_page_is_answered_while_100_reload_streams_and_200_idle_sockets_are_open() {
    let site = Site::basic();
    let server = start(&site);
    assert_eq!(get_home(&server), 200);
    // A hang guard: with the streams held open, a stream that took a
    // request's place would leave the last ones unanswered however long.
    let (_streams, answered) = open_streams(server.port, 100, WAIT);
    assert_eq!(answered, 100, "every open tab gets its reload stream");
    let _idle = open_idle(server.port, 200);
    assert_eq!(get_home(&server), 200);
    // The streams still work: a new tab gets one too.
    let (_one, answered) = open_streams(server.port, 1, WAIT);
    assert_eq!(answered, 1);
}
