//! Photos through `faro build`: responsive outputs, no originals, errors that
//! name the report and the file, and the cache on a second build.

mod common;
use common::{Site, report, snapshot};

fn site_with_photos() -> Site {
    let s = Site::new();
    let front = "gallery:\n  - src: extra.jpg\n    alt: \"Personas en una capacitación\"\n    caption: \"Capacitación\"\n    credit: \"Comunicación Social\"\n";
    s.write(
        "content/informes/2024/01/index.md",
        &report(
            "2024-01",
            front,
            "## Uno\n\n![Reunión de planificación](<Reunión Uno.jpg> \"Foto: Reunión\")\n",
        ),
    );
    s.write_bytes(
        "content/informes/2024/01/Reunión Uno.jpg",
        &common::jpeg(1200, 800),
    );
    s.write_bytes(
        "content/informes/2024/01/extra.jpg",
        &common::jpeg(600, 400),
    );
    s
}

#[test]
fn photos_are_published_resized_never_as_originals() {
    let s = site_with_photos();
    let out = s.build();
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 photos (0 cached)"));
    for f in [
        "reunion-uno-480.webp",
        "reunion-uno-960.jpg",
        "reunion-uno-1200.webp",
        "extra-480.jpg",
        "extra-600.webp",
    ] {
        assert!(
            s.exists(&format!("informes/2024/01/fotos/{f}")),
            "missing {f}"
        );
    }
    assert!(
        !s.exists("informes/2024/01/fotos/reunion-uno-1600.jpg"),
        "never upscaled"
    );
    assert!(
        !s.exists("informes/2024/01/fotos/extra-960.jpg"),
        "never upscaled"
    );
    let published: Vec<_> = snapshot(&s.path("public"))
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().contains("Reuni") || p.ends_with("extra.jpg"))
        .collect();
    assert!(
        published.is_empty(),
        "originals are not published: {published:?}"
    );

    let html = s.read("informes/2024/01/index.html");
    assert!(html.contains("<figure class=\"photo\"><picture><source type=\"image/webp\" srcset=\"/portal/informes/2024/01/fotos/reunion-uno-480.webp 480w"), "{html}");
    assert!(html.contains(
        "width=\"1200\" height=\"800\" alt=\"Reunión de planificación\" loading=\"lazy\""
    ));
    assert!(html.contains("<figcaption>Foto: Reunión</figcaption>"));
    assert!(html.contains("id=\"galeria\""), "report gallery");
    assert!(html.contains("Crédito: Comunicación Social"));
    assert!(
        html.contains("js/gallery."),
        "lightbox script on pages with photos"
    );
    let gallery = s.read("galeria/index.html");
    assert!(
        gallery.contains("/portal/informes/2024/01/"),
        "links back to the report"
    );
}

#[test]
fn second_build_uses_the_cache_and_settings_invalidate_it() {
    let s = site_with_photos();
    s.build();
    let out = s.build();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 photos (2 cached)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    s.write(
        "site.yaml",
        &format!(
            "{}images: {{ widths: [300], quality: 70 }}\n",
            common::SITE_YAML
        ),
    );
    let out = s.build();
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 photos (0 cached)"));
    assert!(s.exists("informes/2024/01/fotos/extra-300.webp"));
    assert!(
        !s.exists("informes/2024/01/fotos/extra-480.webp"),
        "stale sizes removed"
    );
}

/// The photo cache is never reached through a link (faro would write
/// elsewhere); photos cannot be left out, so the build stops, says why in
/// Spanish, and writes nothing there nor in the output.
#[cfg(unix)]
#[test]
fn a_photo_cache_behind_a_link_stops_the_build_and_writes_nothing_there() {
    let s = site_with_photos();
    let elsewhere = common::link_cache(&s);
    let out = s.faro_in("es", &["build"]);
    assert!(!out.status.success(), "built through a linked cache");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".faro-cache/photos") && err.contains("no es una carpeta"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).expect("dir").count(),
        0,
        "written through the link"
    );
    assert!(!s.exists("index.html"), "an output was published");
}

#[test]
fn corrupt_photo_names_report_line_and_file() {
    let s = site_with_photos();
    s.build();
    let before = snapshot(&s.path("public"));
    s.write_bytes(
        "content/informes/2024/01/extra.jpg",
        b"\xff\xd8\xff\xe0 not really a jpeg",
    );
    let err = s.build_fails();
    assert!(err.contains("content/informes/2024/01/index.md:"), "{err}");
    assert!(err.contains("extra.jpg"), "{err}");
    assert_eq!(snapshot(&s.path("public")), before, "public/ untouched");
}

#[test]
fn unsupported_and_oversized_photos_are_errors() {
    let s = site_with_photos();
    s.write(
        "content/informes/2024/01/extra.jpg",
        "GIF89a this is not a photo format we take",
    );
    let err = s.build_fails();
    assert!(err.contains("extra.jpg"), "{err}");

    let s = site_with_photos();
    s.write(
        "site.yaml",
        &format!("{}images: {{ max_megapixels: 0 }}\n", common::SITE_YAML),
    );
    let err = s.build_fails();
    assert!(
        err.contains("Reunión Uno.jpg") || err.contains("Reuni"),
        "{err}"
    );
}
