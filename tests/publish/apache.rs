//! The `.htaccess` `faro build` writes, tried on Debian's Apache: started
//! in the foreground on a loopback port with only the modules it needs,
//! serving a built site under a sub-path.

use super::nginx::{
    REVALIDATE, assert_compresses_on_the_fly, assert_serves_hashed_style, copy_tree, get, stop,
};
use crate::common::Site;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const APACHE: &str = "/usr/sbin/apache2";
const MODULES: &str = "/usr/lib/apache2/modules";

struct Apache {
    child: Child,
    port: u16,
}

impl Drop for Apache {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

fn start(dir: &Path, www: &Path) -> Apache {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let d = dir.display();
    let modules: String = [
        ("mpm_event", "mod_mpm_event"),
        ("authz_core", "mod_authz_core"),
        ("mime", "mod_mime"),
        ("rewrite", "mod_rewrite"),
        ("headers", "mod_headers"),
        ("dir", "mod_dir"),
        ("env", "mod_env"),
        ("filter", "mod_filter"),
        ("deflate", "mod_deflate"),
    ]
    .iter()
    .map(|(name, file)| format!("LoadModule {name}_module {MODULES}/{file}.so\n"))
    .collect();
    // Apache refuses to serve as root: its workers then run as www-data.
    let as_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let user = if as_root {
        "User www-data\nGroup www-data\n"
    } else {
        ""
    };
    let conf = format!(
        "ServerRoot {d}\nPidFile {d}/httpd.pid\nListen 127.0.0.1:{port}\nServerName localhost\n\
         {modules}{user}ErrorLog {d}/error.log\nTypesConfig /etc/mime.types\n\
         DocumentRoot {www}\n<Directory {www}>\n  AllowOverride All\n  Require all granted\n</Directory>\n",
        www = www.display()
    );
    std::fs::write(dir.join("httpd.conf"), conf).expect("conf");
    let child = Command::new(APACHE)
        .arg("-f")
        .arg(dir.join("httpd.conf"))
        .arg("-DFOREGROUND")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start apache");
    let mut server = Apache { child, port };
    // A hang guard, not a speed limit.
    let deadline = Instant::now() + crate::common::serve::WAIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            panic!("apache stopped ({status}): {log}");
        }
        assert!(Instant::now() < deadline, "apache did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

pub fn apache_serves_the_copies_types_caches_and_404() {
    let site = Site::basic();
    site.build();
    let dir = tempfile::tempdir().expect("temp dir");
    // Readable by the worker's user (www-data when the test runs as root).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let www = dir.path().join("www");
    let public = www.join("portal");
    copy_tree(&site.path("public"), &public);
    let apache = start(dir.path(), &www);
    let page = std::fs::read(public.join("index.html")).expect("page");
    for (accept, encoding) in [
        (Some("gzip, deflate, br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (None, None),
    ] {
        for path in ["/portal/", "/portal/index.html"] {
            let r = get(apache.port, path, accept);
            assert_eq!(r.status, 200, "{path} {accept:?}");
            assert_eq!(r.header("content-encoding"), encoding, "{path} {accept:?}");
            assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
            assert_eq!(r.header("cache-control"), Some(REVALIDATE));
            assert!(
                r.all("vary").contains("Accept-Encoding"),
                "{path} {accept:?}"
            );
            assert!(r.decoded() == page, "{path} {accept:?}");
        }
    }
    assert_serves_hashed_style(apache.port, "/portal/", &public);
    assert_compresses_on_the_fly(apache.port, "/portal/", &public);
    for (path, kind) in [
        ("datos/informes.csv", "text/csv; charset=utf-8"),
        ("datos/informes.json", "application/json; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        for accept in [Some("br"), Some("gzip"), None] {
            let r = get(apache.port, &format!("/portal/{path}"), accept);
            assert_eq!(r.header("content-type"), Some(kind), "{path} {accept:?}");
            let file = std::fs::read(public.join(path)).expect("file");
            assert!(r.decoded() == file, "{path} {accept:?}");
        }
    }
    let missing = std::fs::read(public.join("404.html")).expect("404");
    for accept in [Some("br"), Some("gzip"), None] {
        let r = get(apache.port, "/portal/no-existe/", accept);
        assert_eq!(r.status, 404, "{accept:?}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(r.decoded() == missing, "{accept:?}");
    }
    // faro publish's record of what it published is not an address.
    std::fs::write(public.join(".faro-published"), "index.html\n").expect("record");
    let r = get(apache.port, "/portal/.faro-published", None);
    assert_eq!(r.status, 404);
    assert!(r.decoded() == missing, "not the site's 404 page");
}
