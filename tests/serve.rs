//! `faro serve` end to end: the real binary on a fixture site, spoken to over
//! raw TCP (see tests/common/serve.rs). The test of a real page reloading in
//! Chromium is with the other browser tests, in tests/browser.rs.

mod common;
use common::serve::*;
use common::{SITE_YAML, report};
use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

#[test]
fn pages_get_the_reload_script_but_built_files_do_not() {
    let site = fixture();
    let server = Server::start(&site);
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    let html = page.text();
    assert!(html.contains("<script src=\"/__faro/reload.js\""), "{html}");
    let script_at = html.find("/__faro/reload.js").expect("script");
    assert!(script_at < html.rfind("</body>").expect("body end"));

    for entry in walkdir::WalkDir::new(output(&site))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read built file");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__faro"),
                "{} contains the reload script",
                entry.path().display()
            );
        }
    }
    assert!(
        !site.path("public").exists(),
        "serve must not touch public/"
    );

    let script = server.get("/__faro/reload.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));
    // Links point at the preview, whatever site.yaml says.
    assert!(
        html.contains(&format!("http://127.0.0.1:{}/", server.port)),
        "base_url"
    );
}

/// A network cannot fetch a picture from the editor's computer, and
/// drawing them slowed every save: the preview's pages name none and its
/// output and the site's picture cache hold none.
#[test]
fn the_preview_draws_no_share_pictures() {
    let site = fixture();
    let server = Server::start(&site);
    let html = server.get(PAGE).text();
    assert!(!html.contains("og:image"), "{html}");
    let pictures = walkdir::WalkDir::new(output(&site))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "compartir.png")
        .count();
    assert_eq!(pictures, 0, "share pictures in the preview");
    assert!(!site.path(".faro-cache/share").exists());
}

#[test]
fn a_save_rebuilds_and_reloads() {
    let site = fixture();
    let server = Server::start(&site);
    let mut events = server.events();
    assert!(server.get(PAGE).text().contains(">158<"));
    atomic_save(&site, REPORT, &report_with_value("4321"));
    events.expect("reload");
    let html = server.get(PAGE).text();
    assert!(html.contains("4,321"), "new value served");
    // The event can reach us before the line reaches the pipe: wait for the line.
    server.wait_for_stdout("rebuilt (content/informes/2024/01/index.md)");

    // A plain in-place write, from an editor that does not save atomically.
    site.write(REPORT, &report_with_value("5432"));
    events.expect("reload");
    assert!(server.get(PAGE).text().contains("5,432"));
}

#[test]
fn a_broken_save_shows_errors_and_keeps_the_last_good_site() {
    let site = fixture();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write(REPORT, &report_with_value("-4"));
    let error = events.expect("build-error");
    assert!(
        error.contains("content/informes/2024/01/index.md:"),
        "{error}"
    );
    assert!(error.contains("negative"), "{error}");
    let page = server.get(PAGE);
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.text().contains(">158<"));
    // The terminal says it too (waited for: the event can come first).
    server.wait_for_stderr("content/informes/2024/01/index.md:");
    // A page opened now learns about the failure as soon as it connects.
    let mut late = server.events();
    assert!(late.expect("build-error").contains("negative"));

    site.write(REPORT, &report_with_value("777"));
    events.expect("reload");
    late.expect("reload");
    assert!(server.get(PAGE).text().contains(">777<"));
}

#[test]
fn css_changes_swap_stylesheets_without_a_reload() {
    let site = fixture();
    let server = Server::start(&site);
    let mut events = server.events();
    // static/ does not exist yet: its creation is seen through the root.
    site.write("static/css/extra.css", "body { color: #111; }\n");
    let (name, _) = events
        .next_build(WAIT)
        .expect("an event for the new folder");
    assert!(name == "reload" || name == "css", "{name}");
    site.write("static/css/extra.css", "body { color: #222; }\n");
    events.expect("css");
    let css = server.get("/css/extra.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(css.text().contains("#222"));
    // Anything else changing with it means a reload.
    site.write("static/css/extra.css", "body { color: #333; }\n");
    site.write(
        "content/acerca.md",
        "---\ntitle: Acerca de\n---\nOtro texto.\n",
    );
    events.expect("reload");
}

#[test]
fn a_burst_of_changes_rebuilds_once_and_once_more_for_what_came_during_it() {
    let site = fixture();
    let server = Server::start(&site);
    let before = server.good_builds();
    // Like a `git checkout`: many files within a few milliseconds, each
    // saved whole (so that no build fails on one half written). The build
    // starts once the inputs are quiet for a few milliseconds; what is
    // written while it runs is built once more after it. On a loaded machine
    // this thread may be paused mid-burst, and each pause may start a build:
    // those are counted, not guessed from a clock.
    for i in 0..40 {
        atomic_save(
            &site,
            &format!("content/pagina-{i}.md"),
            &format!("---\ntitle: Página {i}\n---\nTexto {i}.\n"),
        );
    }
    // Builds finished before the last save: each may have had another start
    // before that save, and the saves not yet built get one more build.
    let finished_during = server.good_builds() - before;
    // A page saved after the burst: once it is served, every save of the
    // burst has been built (the watcher reads events in order), and any
    // build the burst still owed has run.
    atomic_save(&site, "content/fin.md", "---\ntitle: Fin\n---\nFin.\n");
    wait_until("the page saved after the burst to be served", || {
        server.get("/fin/").status == 200
    });
    let builds = usize::try_from(server.good_builds() - before).expect("count");
    let lines = server.wait_for_rebuilt_lines(builds);
    // Its own build names it alone; else it joined the burst's last build.
    let own = lines
        .last()
        .is_some_and(|l| l.starts_with("faro: rebuilt (content/fin.md):"));
    let for_burst = builds - usize::from(own);
    assert!(
        for_burst as u64 <= finished_during + 2,
        "{for_burst} rebuilds for one burst, {finished_during} of them finished during it:\n{}",
        lines.join("\n")
    );
    // Every page of the burst is served, if not already with `fin`, then by
    // the build still owed for it (once, on a fresh clone under load, page
    // 38 of 40 was not yet served when `fin` was: bounded poll, not a clock).
    for i in 0..40 {
        wait_until(&format!("/pagina-{i}/ to be served"), || {
            server.get(&format!("/pagina-{i}/")).status == 200
        });
    }
}

#[test]
fn survives_editor_junk_renamed_deleted_and_new_folders() {
    let site = fixture();
    let server = Server::start(&site);

    // Junk alone never rebuilds: the first rebuild after it is the one for
    // the page saved next, and names that page alone.
    site.write("content/informes/2024/01/.index.md.swp", "x");
    site.write("content/informes/2024/01/index.md~", "x");
    site.write("content/4913", "x");
    site.write("content/informes/2024/01/index.md___jb_tmp___", "x");
    // Emacs's lock file is a dangling symlink.
    std::os::unix::fs::symlink(
        "editor@host.123:1700000000",
        site.path("content/.#acerca.md"),
    )
    .expect("lock symlink");
    atomic_save(&site, "content/fin.md", "---\ntitle: Fin\n---\nFin.\n");
    let first = server.wait_for_rebuilt_lines(1).remove(0);
    assert!(
        first.starts_with("faro: rebuilt (content/fin.md):"),
        "junk rebuilt the site: {first}"
    );
    assert_eq!(server.get("/fin/").status, 200);

    // A new folder with a new report in it, arriving whole (as a copy
    // renamed into place would).
    let outside = site.path("nuevo-informe");
    std::fs::create_dir(&outside).expect("folder outside the inputs");
    std::fs::write(
        outside.join("index.md"),
        report("2024-02", "", "Febrero.\n"),
    )
    .expect("write report");
    std::fs::rename(&outside, site.path("content/informes/2024/02")).expect("move in");
    wait_until("the new folder's report to be served", || {
        server.get("/informes/2024/02/").status == 200
    });

    // A deleted folder.
    std::fs::remove_dir_all(site.path("content/informes/2024/02")).expect("remove");
    wait_until("the deleted report to be gone", || {
        server.get("/informes/2024/02/").status == 404
    });

    // content/ itself moved away and back: the watch must follow.
    let ok = |server: &Server| server.get("/__faro/status").text().contains("\"ok\":true");
    std::fs::rename(site.path("content"), site.path("content.moved")).expect("move away");
    wait_until("a build without content/", || {
        !ok(&server) || server.get(PAGE).status == 404
    });
    std::fs::rename(site.path("content.moved"), site.path("content")).expect("move back");
    wait_until("the report to be served again", || {
        server.get(PAGE).status == 200 && ok(&server)
    });
    site.write(REPORT, &report_with_value("999"));
    wait_until("the report saved after the move to be built", || {
        server.get(PAGE).text().contains(">999<")
    });

    // site.yaml saved atomically.
    atomic_save(
        &site,
        "site.yaml",
        &SITE_YAML.replace("Informes de prueba", "Otro título"),
    );
    wait_until("the new title", || {
        server.get("/").text().contains("Otro título")
    });
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = fixture();
    let server = Server::start(&site);
    let out = output(&site);
    // Symlinks planted in the output, to a file and to a folder outside it.
    std::os::unix::fs::symlink(site.path("secret.txt"), out.join("leak.txt")).expect("symlink");
    std::os::unix::fs::symlink(site.root(), out.join("informes/up")).expect("symlink");
    let attempts = [
        "/../site.yaml",
        "/../../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2e%2e/%2e%2e/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/..%2f..%2f..%2fsite.yaml",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fsite.yaml",
        "/informes/..\\..\\site.yaml",
        "/informes/..\\..\\..\\..\\site.yaml",
        "/..%5c..%5c..%5csite.yaml",
        "//etc/passwd",
        "/../../../../../../../../etc/passwd",
        "/%2fetc/passwd",
        "/index.html%00/../../../site.yaml",
        "/leak.txt",
        "/informes/up/site.yaml",
        "/informes/up/secret.txt",
        "/informes/up/",
    ];
    for path in attempts {
        for method in ["GET", "HEAD"] {
            let reply = server.raw(&format!(
                "{method} {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                server.port
            ));
            assert!(
                [400, 403, 404].contains(&reply.status),
                "{method} {path} → {}",
                reply.status
            );
            let body = reply.text();
            assert!(
                !body.contains("secret-marker"),
                "{path} leaked a file: {body}"
            );
            assert!(!body.contains("root:x:0"), "{path} leaked /etc/passwd");
        }
    }
    // A request line with an absolute URL (proxy form) is not a path either.
    let reply = server.raw(&format!(
        "GET http://localhost/../site.yaml HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(reply.status, 400);
}

#[test]
fn unknown_paths_get_the_404_page_and_folders_no_listing() {
    let site = fixture();
    let server = Server::start(&site);
    let missing = server.get("/no/existe/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(missing.header("Cache-Control"), Some("no-store"));
    assert!(missing.text().contains("Página no encontrada"));
    assert!(missing.text().contains("/__faro/reload.js"));
    assert_eq!(
        server.get("/css/").status,
        404,
        "a folder without index.html"
    );
    assert_eq!(server.get("/__faro/nothing").status, 404);
    let folder = server.get("/informes");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/informes/"));
    let post = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(post.status, 405);
}

#[test]
fn content_types_head_and_ranges() {
    let site = fixture();
    let server = Server::start(&site);
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/datos/informes.json", "application/json; charset=utf-8"),
        ("/datos/informes.csv", "text/csv; charset=utf-8"),
        // As nginx and Apache send it (`host::server::media_type`).
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(kind), "{path}");
        assert_eq!(reply.header("Cache-Control"), Some("no-store"), "{path}");
    }

    let csv = std::fs::read(output(&site).join("datos/informes.csv")).expect("csv on disk");
    let len = csv.len();
    let head = server.raw(&format!(
        "HEAD /datos/informes.csv HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        head.header("Content-Length"),
        Some(len.to_string().as_str())
    );
    assert!(head.body.is_empty(), "HEAD has no body");

    let range = |spec: &str| {
        server.raw(&format!(
            "GET /datos/informes.csv HTTP/1.1\r\nHost: localhost:{}\r\nRange: {spec}\r\nConnection: close\r\n\r\n",
            server.port
        ))
    };
    let r = range("bytes=0-9");
    assert_eq!(r.status, 206);
    assert_eq!(
        r.header("Content-Range"),
        Some(format!("bytes 0-9/{len}").as_str())
    );
    assert_eq!(r.body, &csv[..10]);
    let r = range("bytes=10-");
    assert_eq!(r.status, 206);
    assert_eq!(r.body, &csv[10..]);
    let r = range("bytes=-7");
    assert_eq!(r.status, 206);
    assert_eq!(
        r.header("Content-Range"),
        Some(format!("bytes {}-{}/{len}", len - 7, len - 1).as_str())
    );
    assert_eq!(r.body, &csv[len - 7..]);
    let r = range(&format!("bytes={len}-"));
    assert_eq!(r.status, 416);
    assert_eq!(
        r.header("Content-Range"),
        Some(format!("bytes */{len}").as_str())
    );
}

#[test]
fn only_requests_that_name_the_preview_are_answered() {
    let site = fixture();
    let server = Server::start(&site);
    let port = server.port;
    let request = |host_line: &str, path: &str| {
        server.raw(&format!(
            "GET {path} HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n"
        ))
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = request(&format!("Host: {host}\r\n"), PAGE);
        assert_eq!(reply.status, 200, "Host: {host}");
    }
    // What a page under DNS rebinding sends, and other names for elsewhere.
    let refused = [
        format!("Host: evil.example:{port}\r\n"),
        "Host: evil.example\r\n".to_string(),
        format!("Host: 127.0.0.1.nip.io:{port}\r\n"),
        format!("Host: localhost.evil.example:{port}\r\n"),
        format!("Host: 10.1.2.3:{port}\r\n"),
        format!("Host: 127.0.0.1:{}\r\n", port.wrapping_add(1)),
        "Host: 127.0.0.1\r\n".to_string(),
        "Host: \r\n".to_string(),
        format!("Host: localhost:{port}\r\nHost: evil.example:{port}\r\n"),
        String::new(), // no Host at all, on HTTP/1.1
    ];
    for host_line in &refused {
        for path in [
            PAGE,
            "/",
            "/__faro/status",
            "/__faro/events",
            "/__faro/reload.js",
        ] {
            let reply = request(host_line, path);
            assert!(
                [403, 421].contains(&reply.status),
                "{host_line:?} {path} → {}",
                reply.status
            );
            let body = reply.text();
            assert!(
                !body.contains("Resumen de enero") && !body.contains("generation"),
                "{host_line:?} {path} leaked: {body}"
            );
        }
    }
}

#[test]
fn oversized_and_malformed_requests_get_an_answer_not_a_hang() {
    let site = fixture();
    let server = Server::start(&site);
    let port = server.port;
    // A hang guard: each answer below says by its status that the request
    // was understood, not left waiting for the server's timeouts.
    let soon = WAIT;
    // A request whose lines end in a bare LF is read like any other.
    let bare = raw_request_within(
        port,
        &format!("GET {PAGE} HTTP/1.1\nHost: localhost:{port}\nConnection: close\n\n"),
        soon,
    );
    assert_eq!(bare.status, 200);
    // Headers past 16 KiB, or past 100 of them.
    let big = format!(
        "GET / HTTP/1.1\r\nHost: localhost:{port}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(raw_request_within(port, &big, soon).status, 431);
    let many: String = (0..150).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n{many}\r\n");
    assert_eq!(raw_request_within(port, &many, soon).status, 431);
    for malformed in [
        format!("GET / HTTP/1.1\r\nHost localhost:{port}\r\n\r\n"),
        "HELLO\r\n\r\n".to_string(),
        format!("GET / HTTP/9.9\r\nHost: localhost:{port}\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n folded: x\r\n\r\n"),
    ] {
        let reply = raw_request_within(port, &malformed, soon);
        assert_eq!(reply.status, 400, "{malformed:?}");
    }

    // A header that never ends: the server stops reading long before the
    // client has sent 64 MiB (it used to keep all of it in memory).
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let start = format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nX-Endless: ");
    stream.write_all(start.as_bytes()).expect("send");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    let limit = 64 * 1024 * 1024;
    while sent < limit {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(sent < limit, "the server read {sent} bytes of one header");
    // And it still serves everyone else.
    assert_eq!(server.get(PAGE).status, 200);
}

#[test]
fn a_symlinked_preview_folder_is_never_served_or_written_through() {
    for link in [
        ".faro-cache",
        ".faro-cache/serve",
        ".faro-cache/serve/public",
    ] {
        let site = fixture();
        // Files elsewhere that a link in the cache would expose.
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let target = elsewhere.path().join("target");
        for dir in ["", "serve", "serve/public", "public"] {
            let dir = target.join(dir);
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join("secret.txt"), "secret-marker-9b1c\n").expect("write");
        }
        let before = common::snapshot(elsewhere.path());
        let at = site.path(link);
        std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(&target, &at).expect("symlink");
        // The first build fails, so nothing of the site's own is served either.
        site.write(REPORT, &report_with_value("-4"));

        match Server::try_start(&site) {
            Ok(server) => {
                let reply = server.get("/secret.txt");
                assert!(
                    !reply.text().contains("secret-marker-9b1c"),
                    "{link} as a link: a file outside the site was served"
                );
                panic!("{link} as a link: faro serve started anyway");
            }
            Err((status, stderr)) => {
                assert_eq!(status.code(), Some(1), "{link}: {stderr}");
                assert!(
                    stderr.contains(&format!("{link} is a symbolic link")),
                    "{link}: {stderr}"
                );
            }
        }
        assert!(at.is_symlink(), "{link}: the link was replaced");
        assert_eq!(
            common::snapshot(elsewhere.path()),
            before,
            "{link}: files behind the link changed"
        );
    }
}

/// How many inotify watches a process holds, from the kernel's own list.
fn inotify_watches(pid: u32) -> usize {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fdinfo")).expect("fdinfo");
    fds.filter_map(Result::ok)
        .filter_map(|fd| std::fs::read_to_string(fd.path()).ok())
        .map(|info| {
            info.lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count()
        })
        .sum()
}

#[test]
fn links_to_big_folders_add_no_watches() {
    // A folder outside the site with many folders in it, like /usr.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    for i in 0..300 {
        std::fs::create_dir_all(elsewhere.path().join(format!("d{i}/sub"))).expect("mkdir");
    }
    let site = fixture();
    std::os::unix::fs::symlink(elsewhere.path(), site.path("content/big")).expect("symlink");
    let server = Server::start(&site);
    let at_start = inotify_watches(server.child.id());
    assert!(
        at_start > 0,
        "the watches are not where they were looked for"
    );
    assert!(
        at_start < 100,
        "{at_start} watches for a site of a dozen folders: the link was followed"
    );

    // A folder moved in later with such a link inside it.
    let mut events = server.events();
    let moved = tempfile::tempdir_in(site.root()).expect("temp dir in the site");
    std::fs::create_dir_all(moved.path().join("nuevo")).expect("mkdir");
    std::fs::write(
        moved.path().join("nuevo/index.md"),
        "---\ntitle: Nuevo\n---\nTexto.\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(elsewhere.path(), moved.path().join("nuevo/big")).expect("symlink");
    std::fs::rename(moved.path().join("nuevo"), site.path("content/nuevo")).expect("move in");
    let (name, _) = events
        .next_build(WAIT)
        .expect("an event for the new folder");
    assert!(name == "reload" || name == "build-error", "{name}");
    let later = inotify_watches(server.child.id());
    assert!(
        later < at_start + 10,
        "{later} watches after a folder with a link moved in (from {at_start})"
    );
}

/// The preview shows drafts by default, each marked "Borrador", so a report
/// just made by `faro new` can be seen at once; `faro build` leaves it out.
#[test]
fn the_preview_shows_drafts_marked_by_default() {
    let site = fixture();
    site.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "draft: true\n", "Borrador de febrero.\n"),
    );
    let server = Server::start(&site);
    let page = server.get("/informes/2024/02/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("Borrador"), "{}", page.text());
    drop(server);
    let built = site.faro(&["build"]);
    assert!(built.status.success());
    assert!(!site.exists("informes/2024/02/index.html"));
}

fn changed_files(data: &str) -> Vec<String> {
    let data: serde_json::Value = serde_json::from_str(data).expect("event JSON");
    data["changed"]
        .as_array()
        .unwrap_or_else(|| panic!("no list of changed files in {data}"))
        .iter()
        .map(|p| p.as_str().expect("a path").to_string())
        .collect()
}

/// Pages reload only when their own file, or one they use, changed: each
/// page is told which file it is, and each rebuild which files changed.
#[test]
fn a_reload_names_the_files_that_changed() {
    let site = fixture();
    let server = Server::start(&site);
    // Two open pages: the report being edited, and one that does not show it.
    let edited = server.get(PAGE).text();
    assert!(
        edited.contains("data-output=\"informes/2024/01/index.html\""),
        "{edited}"
    );
    let other = server.get("/acerca/").text();
    assert!(
        other.contains("data-output=\"acerca/index.html\""),
        "{other}"
    );
    let missing = server.get("/informes/2024/02/").text();
    assert!(missing.contains("data-output=\"404.html\""), "{missing}");
    let (mut on_edited, mut on_other) = (server.events(), server.events());

    site.write(REPORT, &report_with_value("4321"));
    for events in [&mut on_edited, &mut on_other] {
        let changed = changed_files(&events.expect("reload"));
        assert!(
            changed.contains(&"informes/2024/01/index.html".to_string()),
            "{changed:?}"
        );
        for unchanged in ["acerca/index.html", "404.html", "css/style.css"] {
            assert!(!changed.contains(&unchanged.to_string()), "{changed:?}");
        }
    }
    // Saved again with the same text: nothing changed, so no page reloads.
    site.write(REPORT, &report_with_value("4321"));
    assert_eq!(
        changed_files(&on_other.expect("reload")),
        Vec::<String>::new()
    );

    // A new report: its address, a 404 until now, is named.
    site.write(
        "content/informes/2024/02/index.md",
        &report("2024-02", "", "Febrero.\n"),
    );
    let changed = changed_files(&on_other.expect("reload"));
    assert!(
        changed.contains(&"informes/2024/02/index.html".to_string()),
        "{changed:?}"
    );
}

/// Saves that keep coming while a build runs are built after it: the last
/// build starts after the last save, so the preview ends up current.
#[test]
fn saves_during_a_build_are_built_after_it() {
    let site = fixture();
    let server = Server::start(&site);
    let before = server.good_builds();
    // Saves, each followed by a question to the server (no timer between
    // them), until a build has finished while they kept coming: some came
    // while it ran. Bounded by a count, should the preview never build.
    let mut value = 1000;
    while server.good_builds() == before {
        value += 1;
        assert!(value < 200_000, "no build finished after {value} saves");
        site.write(REPORT, &report_with_value(&value.to_string()));
    }
    // Some builds may have caught a save half written (and failed): the
    // point is how it ends.
    let shown = format!("{},{:03}", value / 1000, value % 1000);
    wait_until(&format!("the last save ({shown}) to be shown"), || {
        server.get(PAGE).text().contains(&shown)
    });
    let status = server.get("/__faro/status").text();
    assert!(status.contains("\"ok\":true"), "{status}");
}

/// A file built while half written (an editor or tool still writing it) is
/// built again once complete.
#[test]
fn a_half_written_save_ends_with_the_whole_file_built() {
    let site = fixture();
    let server = Server::start(&site);
    let mut events = server.events();
    let text = report_with_value("4321");
    let cut = text.find("value: 4321").expect("the value") + "value: 43".len();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(site.path(REPORT))
        .expect("open the report");
    file.write_all(&text.as_bytes()[..cut]).expect("first half");
    file.flush().expect("flush");
    // Not closed: built as it is after a little while.
    let (name, _) = events
        .next_build(WAIT)
        .expect("a build of the half-written file");
    assert!(name == "build-error" || name == "reload", "{name}");
    file.write_all(&text.as_bytes()[cut..])
        .expect("second half");
    drop(file);
    events.expect("reload");
    assert!(server.get(PAGE).text().contains("4,321"));
    let status = server.get("/__faro/status").text();
    assert!(status.contains("\"ok\":true"), "{status}");
}
