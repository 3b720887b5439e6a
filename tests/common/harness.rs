//! The test runner for tests that need programs from outside Rust
//! (Chromium, chromedriver, Java, npm packages).
//!
//! Why not `#[test]`: libtest decides `#[ignore]` when the test is compiled,
//! and a test that returns early when a tool is missing is reported as
//! passed, which is a lie nobody sees. Here each test names what it needs,
//! checked when it runs (`libtest-mimic`): outside CI, a test whose tools
//! are missing is reported as *ignored*, with the reason, in cargo's own
//! summary; with `CI=true` it fails.

use super::chromium::{chromium, in_ci, which};
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::Path;

/// A program or package a test needs.
#[derive(Debug, Clone, Copy)]
pub enum Tool {
    Chromium,
    Chromedriver,
    Java,
    /// A file under `node_modules/`, installed by `npm ci --omit=dev`.
    NodeModule(&'static str),
    /// LibreOffice, to turn Word documents into PDFs.
    Soffice,
    /// nginx, to serve a built site with the configuration faro prints.
    Nginx,
    /// rsync, for `faro publish` to a remote-style destination.
    Rsync,
    /// Debian's Apache (`/usr/sbin/apache2` and its modules), to serve a
    /// built site with the `.htaccess` faro writes.
    Apache,
}

/// What the browser tests need, most of them.
pub const BROWSER: &[Tool] = &[Tool::Chromium, Tool::Chromedriver];

impl Tool {
    /// How to get it, when it is not installed.
    fn missing(self) -> Option<String> {
        let (found, what) = match self {
            Tool::Chromium => (
                chromium().is_some(),
                "Chromium (apt-get install chromium, or set CHROME_PATH)".to_string(),
            ),
            Tool::Chromedriver => (
                which("chromedriver").is_some(),
                "chromedriver (apt-get install chromium-driver)".to_string(),
            ),
            Tool::Java => (
                which("java").is_some(),
                "Java (apt-get install default-jre-headless)".to_string(),
            ),
            Tool::Soffice => (
                which("soffice").is_some(),
                "LibreOffice (apt-get install libreoffice-writer-nogui)".to_string(),
            ),
            Tool::Nginx => (
                nginx().is_some(),
                "nginx (apt-get install nginx)".to_string(),
            ),
            Tool::Apache => (
                Path::new("/usr/sbin/apache2").is_file()
                    && Path::new("/usr/lib/apache2/modules/mod_rewrite.so").is_file(),
                "Apache (apt-get install apache2)".to_string(),
            ),
            Tool::Rsync => (
                which("rsync").is_some(),
                "rsync (apt-get install rsync)".to_string(),
            ),
            Tool::NodeModule(rel) => (
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("node_modules")
                    .join(rel)
                    .is_file(),
                format!("node_modules/{rel} (npm ci --omit=dev)"),
            ),
        };
        (!found).then_some(what)
    }
}

/// The nginx program: on the PATH, or where Debian installs it (`/usr/sbin`,
/// often not on a user's PATH).
pub fn nginx() -> Option<std::path::PathBuf> {
    which("nginx").or_else(|| which("/usr/sbin/nginx"))
}

/// One test: its name, what it needs, and its body (which fails by panicking,
/// as a `#[test]` does).
pub struct Test {
    pub name: &'static str,
    pub needs: &'static [Tool],
    pub run: fn(),
}

/// Why `needs` cannot be met here, if it cannot.
pub fn unmet(needs: &[Tool]) -> Option<String> {
    let missing: Vec<String> = needs.iter().filter_map(|t| t.missing()).collect();
    (!missing.is_empty())
        .then(|| format!("needs {}; see README.md, section Tests", missing.join(", ")))
}

/// Runs `tests` with cargo test's usual arguments and summary, then exits.
pub fn main(tests: &[Test]) -> ! {
    let trials = tests
        .iter()
        .map(|test| {
            let (needs, run) = (test.needs, test.run);
            Trial::ignorable_test(test.name, move || {
                match unmet(needs) {
                    Some(reason) if in_ci() => {
                        return Err(Failed::from(format!(
                            "{reason} (CI=true, so a missing tool is a failure)"
                        )));
                    }
                    Some(reason) => return Ok(Completion::ignored_with(reason)),
                    None => {}
                }
                // A panic fails the test, as under libtest.
                run();
                Ok(Completion::Completed)
            })
        })
        .collect();
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}
