//! `faro publish DEST`: to a folder, and through rsync.

use super::hosting::files;
use crate::common::{Site, snapshot, stderr, stdout};
use std::path::Path;

fn publish(site: &Site, args: &[&str]) -> std::process::Output {
    let mut all = vec!["publish"];
    all.extend_from_slice(args);
    site.faro(&all)
}

fn style_of(dir: &Path) -> String {
    files(dir)
        .into_iter()
        .find(|f| f.starts_with("css/style.") && f.ends_with(".css"))
        .expect("a stylesheet")
}

/// Publishes twice (the second time after the stylesheet changed), through
/// `extra` arguments (`--rsync` or none), checking the order of the plan,
/// that nothing faro did not publish is touched, and the old asset's removal.
fn publish_twice(extra: &[&str]) {
    let site = Site::basic();
    site.build();
    let dest_dir = tempfile::tempdir().expect("dest");
    let dest = dest_dir.path().join("www");
    std::fs::create_dir_all(&dest).expect("www");
    std::fs::write(dest.join("CNAME"), "example.org\n").expect("foreign file");
    let dest_arg = dest.display().to_string();
    let mut args = vec![dest_arg.as_str()];
    args.extend_from_slice(extra);

    let out = publish(&site, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path("public");
    let mut expected = files(&public);
    expected.push("CNAME".into());
    expected.push(".faro-published".into());
    expected.sort();
    assert_eq!(files(&dest), expected);
    for f in files(&public) {
        assert_eq!(
            std::fs::read(public.join(&f)).expect("built"),
            std::fs::read(dest.join(&f)).expect("published"),
            "{f}"
        );
    }
    let old_style = style_of(&dest);

    // A new stylesheet: the dry run says what would happen, in order.
    site.write("static/css/style.css", "body { color: #222; }\n");
    site.build();
    let new_style = style_of(&public);
    assert_ne!(new_style, old_style);
    let before = snapshot(&dest);
    let mut dry = args.clone();
    dry.push("--dry-run");
    let plan = publish(&site, &dry);
    assert!(plan.status.success(), "{}", stderr(&plan));
    assert_eq!(snapshot(&dest), before, "a dry run changed the destination");
    let lines: Vec<String> = stdout(&plan).lines().map(str::to_string).collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("no `{line}` in {lines:#?}"))
    };
    let new_css = at(&format!("+ {new_style}"));
    // Alphabetically before the stylesheet, yet copied after it.
    let page = at("~ acerca/index.html");
    let removed = at(&format!("- {old_style}"));
    assert!(new_css < page && page < removed, "{lines:#?}");
    assert!(!lines.iter().any(|l| l.ends_with("CNAME")), "{lines:#?}");
    let last = lines.last().expect("summary");
    assert!(last.contains("nothing was changed"), "{last}");

    let out = publish(&site, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dest.join(&old_style).exists(), "the old stylesheet stayed");
    assert!(dest.join(&new_style).exists());
    assert_eq!(
        std::fs::read_to_string(dest.join("CNAME")).expect("CNAME"),
        "example.org\n"
    );
    let index = std::fs::read_to_string(dest.join("index.html")).expect("index");
    assert!(index.contains(&new_style));

    // Published again as it is: nothing to do.
    let out = publish(&site, &args);
    assert!(
        stdout(&out).contains("nothing to publish"),
        "{}",
        stdout(&out)
    );
}

pub fn publishes_to_a_folder_assets_first_old_files_last() {
    publish_twice(&[]);
}

pub fn publishes_through_rsync() {
    publish_twice(&["--rsync"]);
}

pub fn refuses_the_site_its_sources_and_the_output() {
    let site = Site::basic();
    let out = publish(&site, &["/tmp/faro-never-written"]);
    assert_eq!(out.status.code(), Some(2), "no build yet");
    assert!(stderr(&out).contains("faro build"), "{}", stderr(&out));
    site.build();
    let before = snapshot(site.root());
    for dest in [
        site.root().to_path_buf(),
        site.path("content"),
        site.path("content/new"),
        site.path("public"),
        site.path("public/copia"),
        site.root().parent().expect("parent").to_path_buf(),
    ] {
        let out = publish(&site, &[&dest.display().to_string()]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}: {}",
            dest.display(),
            stderr(&out)
        );
    }
    assert_eq!(snapshot(site.root()), before, "a refused publish wrote");
}

pub fn a_file_faro_did_not_publish_stops_the_publication() {
    let site = Site::basic();
    site.build();
    let dest = tempfile::tempdir().expect("dest");
    std::fs::write(dest.path().join("index.html"), "hecho a mano").expect("hand-made");
    let out = publish(&site, &[&dest.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("index.html"), "{}", stderr(&out));
    assert_eq!(files(dest.path()), ["index.html"], "something was copied");
    assert_eq!(
        std::fs::read_to_string(dest.path().join("index.html")).expect("index"),
        "hecho a mano"
    );
}
