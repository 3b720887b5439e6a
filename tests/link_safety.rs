//! Nothing is ever written or deleted through a symbolic link faro did not
//! make (issue 25, item 6): links planted at every level of the output,
//! of its staging folder and of a publication's destination, each leading
//! to a folder or a file outside, which must come out byte for byte as
//! they were, with nothing added.
#![cfg(unix)]

mod common;

use common::Site;
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Every file and link under `dir` (not following links), with its bytes
/// (a link: where it points).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .expect("link")
                    .into_os_string()
                    .into_encoded_bytes()
            } else {
                std::fs::read(e.path()).expect("read")
            };
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// A folder outside the site holding someone else's files, at the names
/// faro writes (`index.html`, its compressed copies, a report's page).
fn elsewhere(site: &Site) -> PathBuf {
    let dir = site.root().parent().expect("parent").join(format!(
        "elsewhere-{}",
        site.root().file_name().expect("name").to_string_lossy()
    ));
    for name in [
        "index.html",
        "index.html.br",
        "index.html.gz",
        "01/index.html",
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, format!("not faro's: {name}")).expect("write");
    }
    std::fs::write(dir.join("precious.txt"), "not faro's either").expect("write");
    dir
}

/// That `dir` holds what `before` says, naming what differs.
fn assert_unchanged(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = snapshot(dir);
    let differ: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .collect();
    assert!(differ.is_empty(), "changed through a link: {differ:?}");
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Removes `path` (a file, a link or a folder) and puts a link to `to` there.
fn plant(path: &Path, to: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).expect("rm"),
        Ok(_) => std::fs::remove_file(path).expect("rm"),
        Err(_) => std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir"),
    }
    symlink(to, path).expect("link");
}

/// Builds `site` twice more after `plant` and checks that `outside` is as
/// it was and that the site's own pages are real files again.
fn builds_leave_it_alone(site: &Site, outside: &Path) {
    let before = snapshot(outside);
    site.build();
    site.build();
    assert_unchanged(outside, &before);
    for page in [
        "index.html",
        "acerca/index.html",
        "informes/2024/01/index.html",
    ] {
        let path = site.path(&format!("public/{page}"));
        let meta = std::fs::symlink_metadata(&path).expect("page");
        assert!(meta.is_file(), "{page} is not a real file");
        assert!(
            site.read(page).contains("<html"),
            "{page} does not hold the site's page"
        );
    }
    let _ = std::fs::remove_dir_all(outside);
}

#[test]
fn links_planted_in_the_output_are_never_written_through() {
    let site = Site::basic();
    site.build();
    site.build();
    let outside = elsewhere(&site);
    let file = outside.join("precious.txt");
    plant(&site.path("public/acerca"), &outside);
    plant(&site.path("public/informes/2024"), &outside);
    plant(&site.path("public/index.html"), &file);
    plant(
        &site.path("public/index.html.br"),
        &outside.join("index.html.br"),
    );
    plant(&site.path("public/informes/2023/01/index.html.gz"), &file);
    builds_leave_it_alone(&site, &outside);
}

#[test]
fn links_planted_in_the_staging_folder_are_never_written_through() {
    let site = Site::basic();
    site.build();
    site.build();
    let outside = elsewhere(&site);
    let file = outside.join("precious.txt");
    let staging = site.path(".public.faro-next");
    assert!(
        staging.is_dir(),
        "the staging folder is kept between builds"
    );
    plant(&staging.join("acerca"), &outside);
    plant(&staging.join("informes/2024"), &outside);
    plant(&staging.join("informes/2023/01"), &outside);
    plant(&staging.join("index.html"), &file);
    plant(
        &staging.join("index.html.gz"),
        &outside.join("index.html.gz"),
    );
    builds_leave_it_alone(&site, &outside);
}

#[test]
fn links_planted_beside_the_output_are_never_written_through() {
    let site = Site::basic();
    site.build();
    let outside = elsewhere(&site);
    let file = outside.join("precious.txt");
    plant(&site.path(".public.faro-next"), &outside);
    plant(&site.path(".public.faro-next-manifest"), &file);
    builds_leave_it_alone(&site, &outside);
}

fn publish(site: &Site, dest: &Path) -> Output {
    site.faro(&["publish", &dest.display().to_string()])
}

/// `faro publish` stops at a link inside the destination, names it, and
/// neither writes nor deletes through it; with the link gone it publishes.
#[test]
fn links_planted_in_the_destination_stop_the_publication() {
    let site = Site::basic();
    site.build();
    let dest = site.root().parent().expect("parent").join(format!(
        "dest-{}",
        site.root().file_name().expect("name").to_string_lossy()
    ));
    std::fs::create_dir_all(&dest).expect("mkdir");
    let first = publish(&site, &dest);
    assert!(first.status.success(), "{}", stderr(&first));
    let outside = elsewhere(&site);
    let file = outside.join("precious.txt");
    let before = snapshot(&outside);
    let plants = [
        (dest.join("acerca"), outside.clone()),
        (dest.join("informes/2023"), outside.clone()),
        (dest.join("index.html"), file.clone()),
        (dest.join("index.html.br"), outside.join("index.html.br")),
    ];
    for (at, to) in &plants {
        plant(at, to);
    }
    // The 2023 report goes: its published page would be deleted through
    // the link; the 2024 one changes: it would be written through it.
    std::fs::remove_dir_all(site.path("content/informes/2023")).expect("rm");
    site.write(
        "content/acerca.md",
        "---\ntitle: Acerca de\n---\nOtro texto.\n",
    );
    site.build();
    for _ in 0..2 {
        let out = publish(&site, &dest);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        for (at, _) in &plants {
            assert!(
                stderr(&out).contains(&at.display().to_string()),
                "{} not named:\n{}",
                at.display(),
                stderr(&out)
            );
        }
        assert_unchanged(&outside, &before);
    }
    for (at, _) in &plants {
        std::fs::remove_file(at).expect("unlink");
    }
    let last = publish(&site, &dest);
    assert!(last.status.success(), "{}", stderr(&last));
    assert!(dest.join("acerca/index.html").is_file());
    assert_unchanged(&outside, &before);
    let _ = std::fs::remove_dir_all(&dest);
    let _ = std::fs::remove_dir_all(&outside);
}

/// The preview updates its folder in place, file by file: a link planted
/// there is replaced when a page under it is written, and a page removed
/// under it is not deleted through it.
#[test]
fn links_planted_in_the_preview_are_never_written_through() {
    use common::serve::{Server, WAIT};
    let site = Site::basic();
    let server = Server::start(&site);
    assert_eq!(server.get("/acerca/").status, 200);
    let outside = elsewhere(&site);
    let before = snapshot(&outside);
    let preview = site.path(".faro-cache/serve/public");
    plant(&preview.join("acerca"), &outside);
    plant(&preview.join("informes/2023"), &outside);
    std::fs::remove_dir_all(site.path("content/informes/2023")).expect("rm");
    site.write(
        "content/acerca.md",
        "---\ntitle: Acerca de\n---\nTexto nuevo del portal.\n",
    );
    let page = preview.join("acerca/index.html");
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&page).is_ok_and(|t| t.contains("Texto nuevo")) {
        assert!(
            start.elapsed() < WAIT,
            "the preview never rebuilt:\n{}",
            server.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_unchanged(&outside, &before);
    assert!(
        std::fs::symlink_metadata(preview.join("acerca"))
            .expect("acerca")
            .is_dir(),
        "a real folder in the link's place"
    );
    let _ = std::fs::remove_dir_all(&outside);
}

/// Photos are copied into the staging folder by a step of their own: a
/// link planted at their folder is replaced as well.
#[test]
fn links_planted_at_the_photos_folder_are_never_written_through() {
    let site = Site::basic();
    site.write(
        "content/informes/2024/01/index.md",
        &common::report(
            "2024-01",
            "",
            "## Uno\n\n![Reunión de planificación](<foto.jpg> \"Foto\")\n",
        ),
    );
    site.write_bytes("content/informes/2024/01/foto.jpg", &common::jpeg(600, 400));
    site.build();
    site.build();
    let fotos = "informes/2024/01/fotos";
    assert!(
        site.path(&format!("public/{fotos}")).is_dir(),
        "photos published"
    );
    let outside = elsewhere(&site);
    plant(&site.path(&format!(".public.faro-next/{fotos}")), &outside);
    plant(&site.path(&format!("public/{fotos}")), &outside);
    builds_leave_it_alone(&site, &outside);
    let fotos = site.path(&format!("public/{fotos}"));
    assert!(std::fs::symlink_metadata(&fotos).expect("fotos").is_dir());
}
