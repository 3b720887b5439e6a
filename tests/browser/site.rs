//! The bundled site (site.yaml + content/ at the repository's top), built
//! once per test binary with the real `faro` binary and served under the
//! sub-path `/sub/` by `server::serve` on a free loopback port.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const PREFIX: &str = "/sub/";

pub struct Built {
    /// The build output, served at `base`.
    pub out: PathBuf,
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    /// `http://127.0.0.1:PORT/sub/`: the site's base URL.
    pub base: String,
}

impl Built {
    /// The absolute URL of a site path (`informes/2024/01/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds and serves the bundled site, once per process.
pub fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local addr").port();
        let origin = format!("http://127.0.0.1:{port}");
        let base = format!("{origin}{PREFIX}");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        let run = Command::new(env!("CARGO_BIN_EXE_faro"))
            .arg("build")
            .arg("--root")
            .arg(repo())
            .arg("--output")
            .arg(&out)
            .arg("--base-url")
            .arg(&base)
            .output()
            .expect("run faro build");
        assert!(
            run.status.success(),
            "faro build of the bundled site failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        crate::server::serve(listener, out.clone(), PREFIX);
        Built { out, origin, base }
    })
}

/// Every built file with one of the extensions, sorted.
pub fn files_with(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect();
    v.sort();
    v
}
