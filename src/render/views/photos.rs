//! Photos as pages show them: `<picture>` in a report's text, and the
//! gallery's entries.

use super::site::ReportCard;
use crate::load::model::Report;
use crate::render::markdown::escape;
use crate::render::photos::Processed;
use serde::Serialize;
use std::collections::HashMap;

/// `<picture>` with WebP and JPEG `srcset`s, intrinsic size (no layout shift)
/// and lazy loading: body photos always sit below the report's tables.
pub(in crate::render) fn picture_html(base: &str, p: &Processed, alt: &str) -> String {
    let srcset = |webp: bool| -> String {
        p.sizes
            .iter()
            .map(|i| {
                format!(
                    "{base}{} {}w",
                    if webp { &i.webp } else { &i.jpeg },
                    i.width
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fallback = p.sizes.iter().find(|i| i.width >= 900).or(p.sizes.last());
    let src = fallback
        .map(|i| format!("{base}{}", i.jpeg))
        .unwrap_or_default();
    let sizes = "(min-width: 48rem) 44rem, calc(100vw - 2rem)";
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
        escape(&srcset(true)),
        escape(&src),
        escape(&srcset(false)),
        p.width,
        p.height,
        escape(alt)
    )
}

/// A photo as the gallery shows it: thumbnail, large image, caption, credit.
#[derive(Serialize)]
pub(in crate::render) struct GalleryPhoto {
    /// Listed under `gallery:`; false for a photo placed in the text, which
    /// a report's own end gallery leaves out (it is shown already).
    in_gallery: bool,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    thumbnail: crate::render::photos::Image,
    large: crate::render::photos::Image,
}

#[derive(Serialize)]
pub(in crate::render) struct GalleryMonth {
    pub(in crate::render) report: ReportCard,
    pub(in crate::render) photos: Vec<GalleryPhoto>,
}

/// Every photo of a report, gallery photos first, each once.
pub(in crate::render) fn gallery_of(
    r: &Report,
    photos: &HashMap<String, Processed>,
) -> Vec<GalleryPhoto> {
    let url = r.period.url_path();
    let mut seen = std::collections::HashSet::new();
    r.photos
        .iter()
        .filter_map(|p| {
            let key = crate::render::photos::photo_output(&url, &p.src);
            if !seen.insert(key.clone()) {
                return None;
            }
            let processed = photos.get(&key)?;
            Some(GalleryPhoto {
                in_gallery: p.in_gallery,
                alt: p.alt.clone(),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                thumbnail: processed.thumbnail.clone(),
                large: processed.sizes.last()?.clone(),
            })
        })
        .collect()
}
