//! The output folder through `faro build`: faro refuses outputs that would
//! destroy the site, never deletes files it did not write, follows a
//! symlinked output, lets concurrent builds take turns, recovers from a
//! failed write, and restores published files edited by hand.

mod common;
use common::{Site, snapshot, stderr};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `faro build --root SITE ARGS…`, run from `cwd`.
fn build_in(cwd: &Path, site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_faro"))
        .env("FARO_LANG", "en")
        .current_dir(cwd)
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .output()
        .expect("run faro")
}

fn ok(out: &std::process::Output) {
    assert!(out.status.success(), "build failed:\n{}", stderr(out));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The January report with `word` in its body.
/// Saved as editors' programs do, a temporary file renamed over it: a
/// build running meanwhile reads the old report or the new one, never the
/// empty file a plain write leaves for a moment (a build that reads that
/// fails, rightly, and one CI run caught it doing so).
fn january(site: &Site, word: &str) {
    common::serve::atomic_save(
        site,
        "content/informes/2024/01/index.md",
        &common::report("2024-01", "", &format!("## Política\n\n{word}\n")),
    );
}

#[test]
fn an_output_inside_content_is_refused_every_time() {
    let s = Site::basic();
    let before = snapshot(&s.path("content"));
    for _ in 0..2 {
        let out = build_in(s.root(), &s, &["--output", "content"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("content/ folder"), "{}", stderr(&out));
        assert_eq!(snapshot(&s.path("content")), before);
    }
    // Through a path that only resolves there.
    let sub = s.path("content/informes/2024/../2024");
    let out = build_in(s.root(), &s, &["--output", &sub.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&s.path("content")), before);
}

#[test]
fn the_site_folder_or_one_around_it_is_refused() {
    let s = Site::basic();
    let before = snapshot(s.root());
    let pwd = s.root().to_string_lossy().into_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_faro"))
        .env("FARO_LANG", "en")
        .current_dir(s.root())
        .args(["build", "--root", ".", "--output", &pwd])
        .output()
        .expect("run faro");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("site folder itself"),
        "{}",
        stderr(&out)
    );
    let parent = s.root().parent().expect("parent");
    let out = build_in(s.root(), &s, &["--output", &parent.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("contains the site"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(s.root()), before);
}

#[test]
fn a_folder_faro_did_not_build_is_refused_and_taken_over_only_with_force() {
    let s = Site::basic();
    s.write("docs/CNAME", "informes.example.org\n");
    s.write("docs/index.html", "hand-made home page");
    let out = build_in(s.root(), &s, &["--output", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(read(&s.path("docs/index.html")), "hand-made home page");

    ok(&build_in(s.root(), &s, &["--output", "docs", "--force"]));
    assert!(read(&s.path("docs/index.html")).contains("<html"));
    assert_eq!(read(&s.path("docs/CNAME")), "informes.example.org\n");
    assert_eq!(
        read(&s.path(".docs.faro-kept/index.html")),
        "hand-made home page"
    );
    // Taken over once: later builds need no --force and keep the CNAME.
    for word in ["segunda", "tercera"] {
        january(&s, word);
        ok(&build_in(s.root(), &s, &["--output", "docs"]));
        assert_eq!(read(&s.path("docs/CNAME")), "informes.example.org\n");
        assert!(read(&s.path("docs/informes/2024/01/index.html")).contains(word));
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_published_into_its_target_and_stays_a_link() {
    let s = Site::basic();
    let www = s.path("www");
    s.write("www/google1234.html", "google-site-verification");
    std::os::unix::fs::symlink(&www, s.path("public")).expect("ln -s");
    // The web root holds a file faro did not write: refused.
    let out = s.faro(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    ok(&s.faro(&["build", "--force"]));
    for word in ["uno", "dos", "tres"] {
        january(&s, word);
        ok(&s.faro(&["build"]));
        let link = std::fs::symlink_metadata(s.path("public")).expect("public");
        assert!(link.file_type().is_symlink(), "public is no longer a link");
        assert!(read(&www.join("informes/2024/01/index.html")).contains(word));
        assert_eq!(
            read(&www.join("google1234.html")),
            "google-site-verification"
        );
    }
}

/// Runs `faro build` on `site` in the background, its stderr lines sent to
/// the returned channel as they come.
fn spawn_build(site: &Site) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faro"))
        .env("FARO_LANG", "en")
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faro");
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

/// A link where the output's lock file goes is refused, not followed: faro
/// never creates a file through it, wherever it points.
#[cfg(unix)]
#[test]
fn a_link_in_place_of_the_lock_file_is_refused() {
    let s = Site::basic();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let target = elsewhere.path().join("created-through-the-link");
    std::os::unix::fs::symlink(&target, s.path(".public.faro-lock")).expect("link");
    let out = s.faro(&["build"]);
    assert!(!out.status.success(), "the build went on through the link");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("cannot lock the output"), "{said}");
    assert!(!target.exists(), "a file was created through the link");
    assert!(!s.exists("index.html"));
}

#[test]
fn a_second_build_waits_for_the_first_and_publishes_the_newer_content() {
    let s = Site::basic();
    january(&s, "antigua");
    s.build();
    // Another build holds the output (this test stands in for it).
    let lock = faro::write::lock_file(&s.path(".public.faro-lock"), || {}).expect("lock");
    january(&s, "nueva");
    let (mut child, lines) = spawn_build(&s);
    let said = lines.recv_timeout(common::serve::WAIT).unwrap_or_default();
    assert!(
        said.contains("another build of") && said.contains("waiting"),
        "the second build did not wait: {said:?}"
    );
    // It said so; now it is seen waiting, in the kernel's list of locks.
    let start = std::time::Instant::now();
    while !common::flock(child.id(), common::Flock::Waits) {
        assert!(
            start.elapsed() < common::serve::WAIT,
            "the second build never waited for the lock:\n{}",
            std::fs::read_to_string("/proc/locks").unwrap_or_default()
        );
        assert!(
            child.try_wait().expect("status").is_none(),
            "it did not wait"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(child.try_wait().expect("status").is_none());
    assert!(s.read("informes/2024/01/index.html").contains("antigua"));
    drop(lock);
    assert!(child.wait().expect("wait").success());
    assert!(s.read("informes/2024/01/index.html").contains("nueva"));
}

#[test]
fn two_builds_at_once_leave_the_newest_content_published() {
    let s = Site::basic();
    for n in 1..=60 {
        let year = 2000 + n / 12;
        let month = n % 12 + 1;
        s.write(
            &format!("content/informes/{year}/{month:02}/index.md"),
            &common::report(&format!("{year}-{month:02}"), "", "Texto.\n"),
        );
    }
    january(&s, "antigua");
    s.build();
    let (mut first, first_said) = spawn_build(&s);
    january(&s, "nueva");
    let (mut second, second_said) = spawn_build(&s);
    let said = |lines: std::sync::mpsc::Receiver<String>| lines.try_iter().collect::<Vec<_>>();
    assert!(
        first.wait().expect("first").success(),
        "{:?}",
        said(first_said)
    );
    assert!(
        second.wait().expect("second").success(),
        "{:?}",
        said(second_said)
    );
    assert!(s.read("informes/2024/01/index.html").contains("nueva"));
    assert!(s.exists("informes/2005/01/index.html"));
    assert!(s.exists("index.html"));
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_nothing_that_breaks_the_next_build() {
    let s = Site::basic();
    january(&s, "uno");
    s.build();
    s.build();
    january(&s, "dos");
    // Files larger than 2 KiB cannot be written, as on a disk that fills
    // up midway (SIGXFSZ ignored, so the write fails with EFBIG).
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" build --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_faro"))
        .arg(s.root())
        .output()
        .expect("run sh");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(s.read("informes/2024/01/index.html").contains("uno"));
    assert!(
        !s.path(".public.faro-next").exists(),
        "the half-written staging folder was left behind"
    );
    assert!(!s.path(".public.faro-next-manifest").exists());
    s.build();
    assert!(s.read("informes/2024/01/index.html").contains("dos"));
    s.build();
    assert!(s.read("informes/2024/01/index.html").contains("dos"));
}

#[test]
fn a_published_photo_edited_by_hand_is_restored_and_the_cache_stays_intact() {
    let s = Site::new();
    s.write(
        "content/informes/2024/01/index.md",
        &common::report("2024-01", "", "![Foto](foto.jpg)\n"),
    );
    s.write_bytes("content/informes/2024/01/foto.jpg", &common::jpeg(600, 400));
    s.build();
    let rel = "public/informes/2024/01/fotos/foto-480.jpg";
    let published = std::fs::read(s.path(rel)).expect("published photo");
    let cache_before = snapshot(&s.path(".faro-cache/photos"));
    // Edited in place, as an image editor saving over the file does.
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(s.path(rel))
            .expect("open");
        f.seek(std::io::SeekFrom::Start(100)).expect("seek");
        f.write_all(b"tampered").expect("write");
    }
    assert_eq!(snapshot(&s.path(".faro-cache/photos")), cache_before);
    for _ in 0..3 {
        s.build();
        assert!(
            std::fs::read(s.path(rel)).expect("photo") == published,
            "the edited photo was published again"
        );
    }
    assert_eq!(snapshot(&s.path(".faro-cache/photos")), cache_before);
}

/// A site whose published report has a photo and whose draft has another.
fn site_with_a_draft_photo() -> Site {
    let s = Site::basic();
    s.write(
        "content/informes/2024/01/index.md",
        &common::report("2024-01", "", "![Foto](foto.jpg)\n"),
    );
    s.write_bytes("content/informes/2024/01/foto.jpg", &common::jpeg(800, 500));
    s.write(
        "content/informes/2024/02/index.md",
        &common::report("2024-02", "draft: true\n", "![Borrador](borrador.jpg)\n"),
    );
    s.write_bytes(
        "content/informes/2024/02/borrador.jpg",
        &common::jpeg(900, 600),
    );
    s
}

#[test]
fn a_build_waits_while_another_run_uses_the_photo_cache() {
    let s = site_with_a_draft_photo();
    s.build();
    let lock = faro::write::lock_file(&s.path(".faro-cache/photos/.lock"), || {}).expect("lock");
    let (mut child, lines) = spawn_build(&s);
    let said = lines.recv_timeout(common::serve::WAIT).unwrap_or_default();
    assert!(said.contains("photo cache"), "did not wait: {said:?}");
    assert!(child.try_wait().expect("status").is_none());
    drop(lock);
    assert!(child.wait().expect("wait").success());
}

#[test]
fn builds_with_and_without_drafts_at_once_keep_each_other_s_photos() {
    // As `faro serve --drafts` and `faro build` on one site: each prunes
    // the photo cache to its own photos when it ends.
    let s = site_with_a_draft_photo();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_faro"))
            .env("FARO_LANG", "en")
            .arg("build")
            .arg("--root")
            .arg(s.root())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run faro")
    };
    for _ in 0..3 {
        let drafts = s.path("drafts").to_string_lossy().into_owned();
        let children = [
            run(&[]),
            run(&["--drafts", "--output", &drafts]),
            run(&[]),
            run(&["--drafts", "--output", &drafts]),
        ];
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert!(out.status.success(), "{}", stderr(&out));
        }
        assert!(s.exists("informes/2024/01/fotos/foto-480.jpg"));
        assert!(
            s.path("drafts/informes/2024/02/fotos/borrador-480.jpg")
                .exists()
        );
    }
}
