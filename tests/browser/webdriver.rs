//! A minimal W3C WebDriver client for the browser tests: chromedriver as a
//! child process (killed on drop) and sessions of Debian's headless Chromium
//! (deleted on drop), spoken to as JSON over HTTP with `ureq`.
#![allow(dead_code)]

pub use crate::common::chromium::{CHROME_FLAGS, chromium, missing, which};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key W3C WebDriver uses for element references.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// A running chromedriver on a free loopback port; killed when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
    chromium: PathBuf,
}

impl Driver {
    /// Starts chromedriver. The harness has checked that Chromium and
    /// chromedriver are installed (`missing` says so if not).
    pub fn start() -> Driver {
        let Some(chromium) = chromium() else {
            missing(
                "Chromium (chromium)",
                "apt-get install chromium, or set CHROME_PATH",
            );
        };
        let Some(chromedriver) = which("chromedriver") else {
            missing("chromedriver", "apt-get install chromium-driver");
        };
        // The free port may be taken between the probe and chromedriver's
        // bind; then chromedriver exits and another port is tried.
        for attempt in 1..=3 {
            let port = free_port();
            let child = Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .arg("--allowed-ips=127.0.0.1")
                .arg("--log-level=SEVERE")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
            let mut driver = Driver {
                child,
                url: format!("http://127.0.0.1:{port}"),
                chromium: chromium.clone(),
            };
            let a = agent(Duration::from_secs(2));
            let start = Instant::now();
            loop {
                let ready = a
                    .get(&format!("{}/status", driver.url))
                    .call()
                    .ok()
                    .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                    .is_some_and(|v| v["value"]["ready"] == true);
                if ready {
                    return driver;
                }
                if driver.child.try_wait().ok().flatten().is_some() && attempt < 3 {
                    break;
                }
                assert!(
                    // A hang guard, not a speed limit.
                    start.elapsed() < crate::common::serve::WAIT,
                    "chromedriver did not become ready on port {port}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("chromedriver exited at start three times")
    }

    /// A new browser session with a viewport of `width`×`height` CSS pixels.
    pub fn session(&self, width: u32, height: u32) -> Session {
        self.session_with(width, height, &[])
    }

    pub fn session_with(&self, width: u32, height: u32, extra_args: &[&str]) -> Session {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROME_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        args.extend(extra_args.iter().map(|s| s.to_string()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"script": 60000, "pageLoad": 60000, "implicit": 0},
            "goog:chromeOptions": {"binary": self.chromium.to_string_lossy(), "args": args},
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }}});
        let agent = agent(Duration::from_secs(120));
        let v = call(
            &agent,
            "POST",
            &format!("{}/session", self.url),
            Some(&caps),
        )
        .unwrap_or_else(|e| panic!("new session: {e}"));
        let id = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {v}"))
            .to_string();
        let s = Session {
            base: format!("{}/session/{id}", self.url),
            agent,
            _profile: profile,
        };
        s.set_viewport(width, height);
        s
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver call. `Ok(value)` is the response's `value`; a WebDriver
/// error becomes `Err("error: message")`.
fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let resp = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(b)) => agent.post(url).send_json(b),
        (_, None) => agent.post(url).send_json(json!({})),
    };
    let mut resp = resp.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = resp.status();
    let v: Value = resp
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .map_err(|e| format!("{method} {url}: bad JSON reply ({status}): {e}"))?;
    if status.is_success() {
        Ok(v["value"].clone())
    } else {
        Err(format!(
            "{method} {url}: {}: {}",
            v["value"]["error"].as_str().unwrap_or("?"),
            v["value"]["message"].as_str().unwrap_or("?")
        ))
    }
}

/// A browser session; deleted (Chromium closed) when dropped.
pub struct Session {
    base: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Session {
    pub fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(
            &self.agent,
            method,
            &format!("{}{path}", self.base),
            body.as_ref(),
        )
    }

    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Navigates and waits for the load event (page load strategy "normal").
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn current_url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs a function body synchronously in the page; `arguments[i]` are `args`.
    pub fn exec(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs a function body that calls `arguments[arguments.length - 1](result)`.
    pub fn exec_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// A Chrome DevTools Protocol command, through chromedriver's extension.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    /// Fixes the layout viewport at exactly `width`×`height` CSS pixels (a
    /// window can have a minimum width; an emulated viewport does not).
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    /// Emulates `prefers-color-scheme` (`"light"`, `"dark"`, or `""` to reset).
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// The first element matching a CSS selector (a W3C element reference).
    pub fn find(&self, css: &str) -> Value {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        assert!(
            v[ELEMENT_KEY].is_string(),
            "no element reference for {css}: {v}"
        );
        v
    }

    pub fn click(&self, el: &Value) {
        let id = el[ELEMENT_KEY].as_str().expect("element reference");
        self.cmd("POST", &format!("/element/{id}/click"), None);
    }

    /// Presses and releases one key (a WebDriver key code such as `"\u{E00C}"`
    /// for Escape) on whatever has focus, as a user would.
    pub fn press(&self, key: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
            ),
        );
        self.cmd("DELETE", "/actions", None);
    }

    /// Log entries of a type (`browser`: the console; `performance`: DevTools
    /// events) since the last call, through chromedriver's log endpoint.
    pub fn log(&self, kind: &str) -> Vec<Value> {
        let body = json!({ "type": kind });
        let v = self
            .try_cmd("POST", "/se/log", Some(body.clone()))
            .or_else(|_| self.try_cmd("POST", "/log", Some(body)))
            .unwrap_or_else(|e| panic!("reading the {kind} log: {e}"));
        v.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = call(&self.agent, "DELETE", &self.base, None);
    }
}
