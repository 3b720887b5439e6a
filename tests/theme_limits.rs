//! Themes are bounded in memory as they are in time (issue 25, item 8):
//! a template that doubles a string forty times (a terabyte) stops the
//! build with a message naming it, and the preview keeps serving.
//!
//! Every faro started here runs under an address-space limit, so that a
//! regression fails the test instead of taking the machine's memory.
#![cfg(target_os = "linux")]

mod common;

use common::Site;
use common::serve::{WAIT, collect, raw_request_within};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space a faro run here may take: room for a build of a
/// small site (threads, mimalloc's arenas), far from the machine's memory.
const ADDRESS_SPACE: u64 = 3 << 30;

/// A string doubled forty times, through a namespace (a `set` in a loop
/// would not outlive the iteration).
const RUNAWAY: &str = "{% set ns = namespace(s=\"ab\") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}";

/// `faro ARGS --root SITE`, its address space bounded.
fn faro(site: &Site, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_faro"));
    command
        .env("FARO_LANG", "en")
        .args(args)
        .arg("--root")
        .arg(site.root());
    let limit = libc::rlimit {
        rlim_cur: ADDRESS_SPACE,
        rlim_max: ADDRESS_SPACE,
    };
    // SAFETY: setrlimit is async-signal-safe and only reads `limit`.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    command
}

/// The theme's page template with the runaway in its body.
fn runaway_page(site: &Site) {
    site.write(
        "templates/page.html",
        &format!("{{% extends \"base.html\" %}}{{% block content %}}{RUNAWAY}{{% endblock %}}"),
    );
}

#[test]
fn a_template_that_doubles_a_string_forty_times_stops_the_build() {
    let site = Site::basic();
    let first = faro(&site, &["build"]).output().expect("run faro");
    assert!(
        first.status.success(),
        "a good build fits the limit: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = std::fs::read(site.path("public/acerca/index.html")).expect("page");
    runaway_page(&site);
    let out = faro(&site, &["build"]).output().expect("run faro");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/page.html"), "{err}");
    assert_eq!(
        std::fs::read(site.path("public/acerca/index.html")).expect("page"),
        before,
        "public/ untouched"
    );
}

/// A hundred megabytes of text from a few steps (each value is small):
/// fuel lets it through, the page's size limit does not.
#[test]
fn a_page_larger_than_64_mb_stops_the_build() {
    let site = Site::basic();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% for i in range(100) %}{{ \"x\" * 1000000 }}{% endfor %}{% endblock %}",
    );
    let out = faro(&site, &["build"]).output().expect("run faro");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(err.contains("64 MB"), "{err}");
    assert!(!site.path("public").exists(), "nothing published");
}

#[test]
fn the_preview_keeps_serving_when_a_template_runs_away() {
    let site = Site::basic();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = faro(&site, &["serve", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start faro serve");
    let stdout = collect(child.stdout.take().expect("stdout"));
    let stderr = collect(child.stderr.take().expect("stderr"));
    let get = |path: &str| {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
        raw_request_within(port, &request, WAIT).status
    };
    let until = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < WAIT,
                "{what} never happened; stdout:\n{}\nstderr:\n{}",
                stdout.lock().expect("lock"),
                stderr.lock().expect("lock")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    until("the preview listening", &|| {
        stdout.lock().expect("lock").contains(&port.to_string())
    });
    assert_eq!(get("/"), 200);
    runaway_page(&site);
    until("the runaway reported", &|| {
        stderr.lock().expect("lock").contains("templates/page.html")
    });
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the preview ended"
    );
    assert_eq!(get("/"), 200);
    assert_eq!(get("/informes/2024/01/"), 200);
    let _ = child.kill();
    let _ = child.wait();
}
