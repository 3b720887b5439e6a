//! Finding Chromium, and what it needs to run headless here, for every test
//! that drives a browser (the browser suite, and serve's reload test).

use std::path::{Path, PathBuf};

/// Flags Chromium needs as root on this kind of machine, headless, with no
/// traffic of its own (no updates, sync or background requests), so that
/// every request the browser makes is one a page asked for.
pub const CHROME_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
];

/// Whether the tests must fail rather than skip when a tool is missing.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A tool a test needs is missing after all. The harness
/// (`harness::main`) skips or fails a test whose tools are missing before it
/// starts, so this is reached only when a test's `needs` list forgot one:
/// never a silent pass.
pub fn missing(what: &str, fix: &str) -> ! {
    panic!(
        "{what} is missing ({fix}), and this test does not list it in its needs \
         (tests/common/harness.rs)"
    )
}

/// Finds a program: an absolute path if it exists, else a name on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let p = Path::new(name);
    if p.is_absolute() {
        return p.is_file().then(|| p.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|c| c.is_file())
}

/// The Chromium binary: `$CHROME_PATH`, else `chromium` on PATH.
pub fn chromium() -> Option<PathBuf> {
    match std::env::var_os("CHROME_PATH") {
        Some(p) => which(&p.to_string_lossy()),
        None => which("chromium").or_else(|| which("chromium-browser")),
    }
}
