//! The staging folder, manifests and output checks, on temporary folders.

use super::files::write_file;
use super::*;
use crate::write::output::{Output, OutputPath, Sink};
use std::cell::Cell;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

#[test]
fn files_written_just_before_their_manifest_are_trusted_by_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut manifest = Manifest::default();
    for n in 0..50 {
        let name = format!("f{n}.txt");
        let stamp = write_file(&dir.path().join(&name), b"x").expect("write");
        manifest.entries.insert(name, (stamp, 1));
    }
    let path = dir.path().join("manifest");
    manifest.write(&path).expect("manifest");
    let read = Manifest::read(&path);
    assert_eq!(read.owned.len(), 50);
    assert_eq!(
        read.entries.len(),
        50,
        "a file written in the manifest's clock tick would be compressed again next build"
    );
}

thread_local! {
    /// Makes every `write_file` of this thread fail halfway, as on a full disk.
    pub(super) static DISK_FULL: Cell<bool> = const { Cell::new(false) };
}

fn output(path: &str, text: &str) -> Output {
    Output::new(path, text.as_bytes()).expect("a valid test path")
}

fn out_path(path: &str) -> OutputPath {
    OutputPath::new(path).expect("a valid test path")
}

/// One build of `files` into `target`, as `build::build` runs it.
fn build(target: &Path, files: &[(&str, &str)]) -> Result<Vec<PathBuf>, Diagnostics> {
    let staging = Staging::new(target, false)?;
    for (path, text) in files {
        staging.put(output(path, text))?;
    }
    let paths: Vec<OutputPath> = files.iter().map(|(p, _)| out_path(p)).collect();
    let kept = staging.finish(&paths, &HashSet::new())?;
    staging.publish()?;
    Ok(kept)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("<{e}>"))
}

/// One build of `files` into `target`; returns what it changed.
fn build_changing(target: &Path, files: &[(&str, &str)]) -> Vec<String> {
    let staging = Staging::new(target, false).expect("staging");
    for (path, text) in files {
        staging.put(output(path, text)).expect("put");
    }
    let paths: Vec<OutputPath> = files.iter().map(|(p, _)| out_path(p)).collect();
    staging.finish(&paths, &HashSet::new()).expect("finish");
    let changed = staging.changed();
    staging.publish().expect("publish");
    changed
}

#[test]
fn a_build_names_the_files_it_adds_changes_and_removes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    let first = [
        ("index.html", "one"),
        ("a/index.html", "a"),
        ("old.css", "x"),
    ];
    assert_eq!(
        build_changing(&target, &first),
        ["a/index.html", "index.html", "old.css"],
        "a first build changes everything"
    );
    let second = [
        ("index.html", "one"),
        ("a/index.html", "a2"),
        ("b.html", "b"),
    ];
    assert_eq!(
        build_changing(&target, &second),
        ["a/index.html", "b.html", "old.css"]
    );
    // Compared with what is published, not with the staging folder
    // (the site before last): `a` is unchanged since the last build.
    let third = [
        ("index.html", "one"),
        ("a/index.html", "a2"),
        ("b.html", "b"),
    ];
    assert!(build_changing(&target, &third).is_empty());
    let fourth = [
        ("index.html", "two"),
        ("a/index.html", "a2"),
        ("b.html", "b"),
    ];
    assert_eq!(build_changing(&target, &fourth), ["index.html"]);
}

#[test]
fn a_full_disk_leaves_the_site_published_and_nothing_half_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one"), ("a/index.html", "a1")]).expect("first");
    build(&target, &[("index.html", "two"), ("a/index.html", "a2")]).expect("second");

    DISK_FULL.set(true);
    let failed = build(&target, &[("index.html", "three"), ("a/index.html", "a3")]);
    DISK_FULL.set(false);
    assert!(failed.is_err());
    assert_eq!(read(&target.join("index.html")), "two");
    assert_eq!(read(&target.join("a/index.html")), "a2");
    let names = Names::of(&target);
    assert!(
        !names.next.exists(),
        "a half-written staging folder was left"
    );
    assert!(!names.next_manifest.exists());

    // Space is back: the next build publishes.
    build(&target, &[("index.html", "four"), ("a/index.html", "a4")]).expect("after");
    assert_eq!(read(&target.join("index.html")), "four");
    assert_eq!(read(&target.join("a/index.html")), "a4");
}

/// One build that puts `index.html.br` made from `key`; returns whether
/// it had to make it.
fn build_derived(target: &Path, key: u64, bytes: &str) -> bool {
    let staging = Staging::new(target, false).expect("staging");
    let made = Cell::new(false);
    let path = out_path("index.html.br");
    staging
        .put_derived(&path, key, || {
            made.set(true);
            Ok(bytes.as_bytes().to_vec())
        })
        .expect("put_derived");
    // A file stamped in the manifest's own clock tick is not trusted
    // (`Manifest::read`); a real build takes longer than a tick.
    std::thread::sleep(std::time::Duration::from_millis(20));
    staging.finish(&[path], &HashSet::new()).expect("finish");
    staging.publish().expect("publish");
    made.get()
}

#[test]
fn a_derived_file_is_made_again_only_when_its_key_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    assert!(build_derived(&target, 1, "one"), "first build makes it");
    // The second build writes the other staging folder: it copies the
    // published file rather than make it again.
    assert!(!build_derived(&target, 1, "never used"));
    assert_eq!(read(&target.join("index.html.br")), "one");
    // The third finds it in its own folder.
    assert!(!build_derived(&target, 1, "never used"));
    assert_eq!(read(&target.join("index.html.br")), "one");
    // A new key (its source changed): made again.
    assert!(build_derived(&target, 2, "two"));
    assert_eq!(read(&target.join("index.html.br")), "two");
    // Edited by hand: its stamp no longer matches, so it is not copied
    // from, and the next build, which finds it in its staging folder,
    // replaces it.
    std::thread::sleep(std::time::Duration::from_millis(10));
    std::fs::write(target.join("index.html.br"), "hand").expect("edit");
    assert!(
        build_derived(&target, 2, "two"),
        "the edited copy was copied"
    );
    assert_eq!(read(&target.join("index.html.br")), "two");
    build_derived(&target, 2, "two");
    assert_eq!(read(&target.join("index.html.br")), "two");
}

#[test]
fn a_file_kept_from_the_published_folder_then_rendered_again_holds_the_new_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one")]).expect("first");
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&target, &[("index.html", "second")]).expect("second");
    // The staging folder holds "one", the published folder "second". A
    // job is kept from the published folder, then rendered again (another
    // of its files could not be kept), back to "one": what the staging
    // folder held when the build started, but no longer holds.
    let staging = Staging::new(&target, false).expect("staging");
    let path = out_path("index.html");
    assert!(staging.keep(&path, xxhash_rust::xxh3::xxh3_64(b"second")));
    staging.put(output("index.html", "one")).expect("put");
    staging.finish(&[path], &HashSet::new()).expect("finish");
    staging.publish().expect("publish");
    assert_eq!(read(&target.join("index.html")), "one");
}

#[test]
fn folders_left_empty_are_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    let both = [("index.html", "i"), ("a/b/x.html", "x")];
    build(&target, &both).expect("first");
    build(&target, &both).expect("second");
    // An empty folder in the staging folder, left by someone.
    std::fs::create_dir_all(Names::of(&target).next.join("e/f")).expect("mkdir");
    for _ in 0..2 {
        build(&target, &[("index.html", "i")]).expect("without a/");
        for gone in ["a", "e"] {
            assert!(!target.join(gone).exists(), "{gone}/ was published");
        }
    }
}

#[test]
fn a_build_that_stops_midway_leaves_no_manifest_that_lies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one")]).expect("first");
    build(&target, &[("index.html", "two")]).expect("second");
    let names = Names::of(&target);
    assert!(names.next_manifest.exists());
    {
        // Killed after it rewrote a file of the staging folder.
        let staging = Staging::new(&target, false).expect("staging");
        staging.put(output("index.html", "three")).expect("put");
        std::mem::forget(staging);
    }
    assert!(!names.next_manifest.exists());
    // The staging folder now holds "three" where its old manifest said
    // "one"; the next build must still write what it renders.
    build(&target, &[("index.html", "one")]).expect("after the kill");
    assert_eq!(read(&target.join("index.html")), "one");
}

#[test]
fn a_folder_faro_did_not_build_is_refused_unless_taken_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("docs");
    std::fs::create_dir_all(&target).expect("docs");
    std::fs::write(target.join("CNAME"), "example.org\n").expect("CNAME");
    std::fs::write(target.join("index.html"), "hand-made").expect("index");

    let refused = build(&target, &[("index.html", "faro")])
        .map(|_| ())
        .unwrap_err();
    assert!(refused.to_string().contains("--force"), "{refused}");
    assert_eq!(read(&target.join("index.html")), "hand-made");

    let staging = Staging::new(&target, true).expect("taken over");
    staging.put(output("index.html", "faro")).expect("put");
    let kept = staging
        .finish(&[out_path("index.html")], &HashSet::new())
        .expect("finish");
    staging.publish().expect("publish");
    assert_eq!(read(&target.join("index.html")), "faro");
    assert_eq!(read(&target.join("CNAME")), "example.org\n");
    assert_eq!(kept, [Names::of(&target).kept.join("index.html")]);
    assert_eq!(read(&kept[0]), "hand-made");

    // Later builds keep the CNAME and need no --force.
    for text in ["faro 2", "faro 3"] {
        build(&target, &[("index.html", text)]).expect("rebuild");
        assert_eq!(read(&target.join("CNAME")), "example.org\n");
        assert_eq!(read(&target.join("index.html")), text);
    }
    assert_eq!(read(&kept[0]), "hand-made");
}

#[test]
fn a_file_added_to_the_output_by_hand_is_never_deleted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one"), ("old.html", "old")]).expect("first");
    std::fs::write(target.join("google123.html"), "verify").expect("hand-made");
    std::fs::create_dir_all(target.join("a/b")).expect("mkdir");
    std::fs::write(target.join("a/b/notes.txt"), "mine").expect("hand-made");
    for text in ["two", "three", "four"] {
        build(&target, &[("index.html", text)]).expect("rebuild");
        assert_eq!(read(&target.join("google123.html")), "verify");
        assert_eq!(read(&target.join("a/b/notes.txt")), "mine");
        assert!(
            !target.join("old.html").exists(),
            "faro's own file stays deleted"
        );
    }
}

#[test]
fn a_published_file_edited_by_hand_is_rewritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one")]).expect("first");
    build(&target, &[("index.html", "one")]).expect("second");
    std::fs::write(target.join("index.html"), "two").expect("edit");
    build(&target, &[("index.html", "one")]).expect("third");
    build(&target, &[("index.html", "one")]).expect("fourth");
    assert_eq!(read(&target.join("index.html")), "one");
}

#[cfg(unix)]
#[test]
fn a_staged_file_linked_elsewhere_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one")]).expect("first");
    build(&target, &[("index.html", "two")]).expect("second");
    // The staging folder holds "one"; link it from outside.
    let outside = dir.path().join("precious");
    std::fs::hard_link(Names::of(&target).next.join("index.html"), &outside).expect("link");
    build(&target, &[("index.html", "three")]).expect("third");
    assert_eq!(read(&target.join("index.html")), "three");
    assert_eq!(read(&outside), "one");
}

#[test]
fn a_build_killed_between_the_renames_of_publish_recovers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    build(&target, &[("index.html", "one")]).expect("first");
    // Killed after moving the site aside, before moving the new one in.
    std::fs::rename(&target, Names::of(&target).prev).expect("aside");
    build(&target, &[("index.html", "two")]).expect("after the kill");
    assert_eq!(read(&target.join("index.html")), "two");
    assert!(!Names::of(&target).prev.exists());
}

#[cfg(unix)]
#[test]
fn an_output_is_resolved_through_symlinks_and_refused_over_the_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content")).expect("content");
    std::os::unix::fs::symlink(root.join("content"), dir.path().join("alias")).expect("ln");
    let refused = |out: &Path| check_output(&root, out).is_err();
    assert!(refused(&root));
    assert!(refused(&root.join("content/../.")));
    assert!(refused(dir.path()));
    assert!(refused(&root.join("content")));
    assert!(refused(&root.join("content/new/deeper")));
    assert!(refused(&dir.path().join("alias")));
    assert!(refused(&dir.path().join("alias/public")));
    assert!(refused(&root.join("themes")));
    assert!(refused(&root.join("static/x")));
    assert_eq!(
        check_output(&root, &root.join("public/../public")).ok(),
        Some(root.canonicalize().expect("root").join("public"))
    );
}

#[test]
fn a_second_lock_waits_for_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("public");
    let first = lock_output(&target, || panic!("nothing to wait for")).expect("first");
    let waited = std::sync::Arc::new(AtomicBool::new(false));
    let second = {
        let (target, waited) = (target.clone(), std::sync::Arc::clone(&waited));
        std::thread::spawn(move || {
            let lock = lock_output(&target, || waited.store(true, Ordering::SeqCst));
            lock.is_ok()
        })
    };
    while !waited.load(Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!second.is_finished());
    drop(first);
    assert!(second.join().expect("second thread"));
}
