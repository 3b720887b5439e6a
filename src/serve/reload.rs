//! Reload: tells open pages what the last rebuild did, over server-sent events.
//!
//! SSE rather than a websocket: it is plain HTTP, one direction is all we
//! need, and browsers reconnect by themselves.

use crate::support::i18n::{self, Lang};
use crate::t;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The browser side, injected into served HTML only (see `http::inject`).
pub const SCRIPT: &str = include_str!("reload.js");

/// A comment line sent when nothing happened for this long, so a closed tab
/// is noticed (the write fails) and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long one event stream lasts. Then the server ends it and the page's
/// `EventSource` reconnects (after the `retry` it was told, a second),
/// missing nothing: the `hello` it gets names the build it should show. So a
/// stream whose page is gone but whose connection lingers (a sleeping
/// laptop, a dropped network) holds its place for no longer than this.
const MAX_LIFE: Duration = Duration::from_secs(300);

/// Shared between the build loop (which reports builds) and the HTTP threads
/// (which stream them to browsers).
pub struct Hub {
    state: Mutex<State>,
}

struct State {
    /// Distinguishes this run of `faro serve` from earlier ones, so a page
    /// left open across a restart reloads when it reconnects.
    run: u128,
    good_builds: u64,
    /// The `build-error` payload while the last build failed.
    failure: Option<String>,
    /// The `build-warnings` payload of the last good build, if it had any.
    warnings: Option<String>,
    clients: Vec<Sender<Arc<str>>>,
    page_loads: u64,
    /// Page loads by path, for tests that check which pages reloaded; at
    /// most MOST_PATHS_COUNTED paths, so pings cannot fill the memory.
    loads_by_path: BTreeMap<String, u64>,
    /// Builds a page heard of and stayed for (no reload), by path, counted
    /// the same way: a test knows a page stayed without watching a clock.
    stays_by_path: BTreeMap<String, u64>,
}

/// How many different paths `loads_by_path` counts.
const MOST_PATHS_COUNTED: usize = 1000;

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        Hub {
            state: Mutex::new(State {
                run,
                good_builds: 0,
                failure: None,
                warnings: None,
                clients: Vec::new(),
                page_loads: 0,
                loads_by_path: BTreeMap::new(),
                stays_by_path: BTreeMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the preview down with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The build currently being served, as stamped into pages.
    pub fn generation(&self) -> String {
        self.lock().generation()
    }

    /// A rebuild succeeded. `changed` lists the output files it added,
    /// changed or removed: each page decides from it whether to reload (its
    /// own file or a file it uses changed), restyle, or stay (see
    /// reload.js). When nothing but stylesheets changed and no error overlay
    /// needs clearing the event is `css`, else `reload`. Its `warnings` are
    /// shown in a panel that leaves the page usable (none: the panel goes away).
    pub fn built(&self, changed: &[String], warnings: &[Shown]) {
        let report = json!({
            "lang": lang_tag(),
            "title": t!("serve-overlay-warnings-title", count = warnings.len()),
            "note": t!("serve-overlay-warnings-note"),
            "hide": t!("serve-overlay-hide"),
            "problems": warnings,
        })
        .to_string();
        let mut s = self.lock();
        let had_failure = s.failure.take().is_some();
        s.good_builds += 1;
        // Said only when there is something to show or a panel to clear.
        let had_warnings = s.warnings.is_some();
        s.warnings = (!warnings.is_empty()).then(|| report.clone());
        let css_only = !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css"));
        let name = if css_only && !had_failure {
            "css"
        } else {
            "reload"
        };
        let data = changed_json(&s.generation(), changed);
        s.broadcast(&event(name, &data));
        if had_warnings || !warnings.is_empty() {
            // Pages that stay learn about the warnings now; those that
            // reload are told again when they reconnect.
            s.broadcast(&event("build-warnings", &report));
        }
    }

    /// A rebuild failed: pages show the problems over the last good site.
    pub fn failed(&self, problems: &[Shown]) {
        let data = json!({
            "lang": lang_tag(),
            "title": t!("serve-overlay-errors-title", count = problems.len()),
            "note": t!("serve-overlay-errors-note"),
            "hide": t!("serve-overlay-hide"),
            "problems": problems,
        })
        .to_string();
        let mut s = self.lock();
        s.failure = Some(data.clone());
        s.broadcast(&event("build-error", &data));
    }

    /// The reload script of the page at `path` (as the browser sent it) ran.
    pub fn page_loaded(&self, path: Option<&str>) {
        let mut s = self.lock();
        s.page_loads += 1;
        let Some(path) = path else { return };
        count(&mut s.loads_by_path, path);
    }

    /// The page at `path` heard of a build and stayed (or only restyled).
    pub fn page_stayed(&self, path: Option<&str>) {
        if let Some(path) = path {
            count(&mut self.lock().stays_by_path, path);
        }
    }

    /// For `/__faro/status`: tests and the latency benchmark poll it.
    pub fn status_json(&self) -> String {
        let mut s = self.lock();
        s.prune();
        serde_json::json!({
            "generation": s.generation(),
            "ok": s.failure.is_none(),
            "loads": s.page_loads,
            "pages": s.loads_by_path,
            "stayed": s.stays_by_path,
            "clients": s.clients.len(),
        })
        .to_string()
    }

    /// Registers a browser; returns what it must be told first and the
    /// channel of later events.
    fn subscribe(&self) -> (String, Receiver<Arc<str>>) {
        let (tx, rx) = mpsc::channel();
        let mut s = self.lock();
        s.prune();
        s.clients.push(tx);
        let hello = json!({ "generation": s.generation() }).to_string();
        let mut first = String::from("retry: 1000\n\n");
        first.push_str(&event("hello", &hello));
        if let Some(warnings) = &s.warnings {
            first.push_str(&event("build-warnings", warnings));
        }
        if let Some(failure) = &s.failure {
            first.push_str(&event("build-error", failure));
        }
        (first, rx)
    }
}

/// One more for `path`, among at most MOST_PATHS_COUNTED paths, so pings
/// cannot fill the memory.
fn count(by_path: &mut BTreeMap<String, u64>, path: &str) {
    if by_path.len() < MOST_PATHS_COUNTED || by_path.contains_key(path) {
        *by_path.entry(path.to_string()).or_default() += 1;
    }
}

impl State {
    fn generation(&self) -> String {
        format!("{}-{}", self.run, self.good_builds)
    }

    /// Forgets browsers whose stream has ended, so `clients` counts open pages.
    /// The SSE comment it sends is ignored by browsers.
    fn prune(&mut self) {
        self.broadcast(": ping\n\n");
    }

    fn broadcast(&mut self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        // A send fails once the client's thread has ended: forget it.
        self.clients.retain(|c| c.send(message.clone()).is_ok());
    }
}

/// One problem as the overlay shows it: `path:line:col: message`, and the
/// line of the file it points at with a marker under the column (empty
/// when there is no line to show).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Shown {
    pub text: String,
    pub excerpt: String,
}

/// The language of the overlay's words, for its `lang` attribute.
fn lang_tag() -> &'static str {
    match i18n::lang() {
        Lang::Es => "es",
        Lang::En => "en",
    }
}

/// At most this many changed files are listed in an event; past it the
/// event says `"all": true` and every page reloads (a template or theme
/// change rewrites nearly every file, and a list of them would be large).
pub const MOST_LISTED: usize = 1000;

/// A build event's data: the new generation and what changed.
fn changed_json(generation: &str, changed: &[String]) -> String {
    if changed.len() > MOST_LISTED {
        json!({ "generation": generation, "all": true })
    } else {
        json!({ "generation": generation, "changed": changed })
    }
    .to_string()
}

/// One SSE message. `data` must be a single line (ours is JSON).
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// Streams events to one browser until it goes away, or for
/// [`MAX_LIFE`]. Blocks: run it on its own thread.
pub fn stream(out: Box<dyn Write + Send>, hub: &Hub) {
    stream_for(out, hub, MAX_LIFE);
}

fn stream_for(mut out: Box<dyn Write + Send>, hub: &Hub, life: Duration) {
    let ends = std::time::Instant::now() + life;
    // No length: the body simply runs until the connection closes.
    let head = "HTTP/1.1 200 OK\r\n\
                Content-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\n\
                Connection: close\r\n\r\n";
    let (first, events) = hub.subscribe();
    if send(&mut out, head).is_err() || send(&mut out, &first).is_err() {
        return;
    }
    loop {
        let left = ends.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return;
        }
        let result = match events.recv_timeout(KEEP_ALIVE.min(left)) {
            Ok(message) => send(&mut out, &message),
            Err(RecvTimeoutError::Timeout) if left <= KEEP_ALIVE => return,
            Err(RecvTimeoutError::Timeout) => send(&mut out, ": keep-alive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if result.is_err() {
            return;
        }
    }
}

fn send(out: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<Shown> {
        vec![Shown {
            text: text.into(),
            excerpt: "3 | value: -4\n  |        ^^".into(),
        }]
    }

    fn css() -> Vec<String> {
        vec!["css/style.css".to_string()]
    }

    /// What a stream wrote, shared with the test.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl Write for Written {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stream_ends_after_its_life_and_tells_the_page_to_come_back() {
        let hub = Arc::new(Hub::new());
        let written = Written::default();
        let (done, ended) = mpsc::channel();
        let (out, stream_hub) = (written.clone(), Arc::clone(&hub));
        std::thread::spawn(move || {
            stream_for(Box::new(out), &stream_hub, Duration::from_millis(1));
            let _ = done.send(());
        });
        // Bounded: a stream that never ends fails here instead of hanging.
        ended
            .recv_timeout(Duration::from_secs(30))
            .expect("the stream ended");
        let text = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("retry: 1000\n"), "{text}");
        assert!(text.contains("event: hello\n"), "{text}");
    }

    #[test]
    fn css_only_changes_restyle_unless_an_overlay_must_be_cleared() {
        let hub = Hub::new();
        let (first, rx) = hub.subscribe();
        assert!(first.contains("event: hello\n"), "{first}");
        hub.built(&css(), &shown("content/a.md:3:7: odd"));
        assert!(rx.recv().unwrap().starts_with("event: css\n"));
        assert!(rx.recv().unwrap().starts_with("event: build-warnings\n"));
        // The panel is cleared when the warnings are gone.
        hub.built(&css(), &[]);
        assert!(rx.recv().unwrap().starts_with("event: css\n"));
        assert!(rx.recv().unwrap().contains("\"problems\":[]"));
        hub.built(&css(), &[]);
        assert!(rx.recv().unwrap().starts_with("event: css\n"));
        assert!(rx.try_recv().is_err(), "nothing more to say");
        hub.failed(&shown("content/a.md:3:7: bad"));
        let failure = rx.recv().unwrap();
        assert!(failure.starts_with("event: build-error\n"));
        assert!(failure.contains("content/a.md:3:7: bad"), "{failure}");
        assert!(failure.contains("value: -4"), "{failure}");
        hub.built(&css(), &[]);
        assert!(rx.recv().unwrap().starts_with("event: reload\n"));
    }

    #[test]
    fn reload_events_name_the_changed_files() {
        let hub = Hub::new();
        let (_, rx) = hub.subscribe();
        let changed = vec![
            "css/style.css".to_string(),
            "informes/2024/01/index.html".to_string(),
        ];
        hub.built(&changed, &[]);
        let event = rx.recv().unwrap();
        assert!(event.starts_with("event: reload\n"), "{event}");
        assert!(
            event.contains(r#""changed":["css/style.css","informes/2024/01/index.html"]"#),
            "{event}"
        );
        // Nothing changed: pages are told, and stay (reload.js).
        hub.built(&[], &[]);
        let event = rx.recv().unwrap();
        assert!(event.contains(r#""changed":[]"#), "{event}");
        // Too many to list: every page reloads.
        let many: Vec<String> = (0..=MOST_LISTED).map(|i| format!("p{i}.html")).collect();
        hub.built(&many, &[]);
        let event = rx.recv().unwrap();
        assert!(event.contains(r#""all":true"#), "{event}");
        assert!(!event.contains("p1.html"), "{event}");
    }

    #[test]
    fn warnings_reach_pages_that_stay() {
        let hub = Hub::new();
        let (_, rx) = hub.subscribe();
        hub.built(
            &["a/index.html".to_string()],
            &shown("content/a.md:3:7: odd"),
        );
        assert!(rx.recv().unwrap().starts_with("event: reload\n"));
        assert!(rx.recv().unwrap().starts_with("event: build-warnings\n"));
        hub.built(&[], &[]);
        assert!(rx.recv().unwrap().starts_with("event: reload\n"));
        assert!(rx.recv().unwrap().contains("\"problems\":[]"));
        hub.built(&[], &[]);
        assert!(rx.recv().unwrap().starts_with("event: reload\n"));
        assert!(rx.try_recv().is_err(), "nothing more to say");
    }

    #[test]
    fn late_subscribers_see_the_current_failure() {
        let hub = Hub::new();
        hub.failed(&shown("site.yaml: oops"));
        let (first, _rx) = hub.subscribe();
        assert!(first.contains("event: build-error\n"), "{first}");
        assert!(hub.status_json().contains("\"ok\":false"));
    }

    #[test]
    fn the_warnings_of_the_last_good_build_reach_every_page() {
        let hub = Hub::new();
        hub.built(&[], &shown("content/a.md:3:7: odd"));
        let (first, _rx) = hub.subscribe();
        assert!(first.contains("event: build-warnings\n"), "{first}");
        assert!(first.contains("content/a.md:3:7: odd"), "{first}");
        // The words of the panel come from the catalogue, not the script.
        assert!(first.contains(&t!("serve-overlay-hide")), "{first}");
        hub.built(&[], &[]);
        let (first, _rx) = hub.subscribe();
        assert!(!first.contains("build-warnings"), "{first}");
    }

    #[test]
    fn generations_change_only_on_good_builds() {
        let hub = Hub::new();
        let g0 = hub.generation();
        hub.failed(&shown("site.yaml: oops"));
        assert_eq!(hub.generation(), g0);
        hub.built(&[], &[]);
        assert_ne!(hub.generation(), g0);
    }
}
