//! Where a photo is published: the key pages look a photo up by (from the
//! report's period and the photo's file name), and, with
//! `images.hashed_names`, the name made from the hash of its bytes.

use crate::support::slug::slugify;
use std::path::Path;

/// Each photo of each report by name, `informes/YYYY/MM/fotos/<name>`: the
/// key pages look photos up by, and where the photo is published unless
/// `images.hashed_names` names it by content ([`published_base`]).
pub fn photo_output(period_url: &str, src: &str) -> String {
    let stem = Path::new(src)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = slugify(&stem);
    format!(
        "{period_url}fotos/{}",
        if name.is_empty() {
            "foto".to_string()
        } else {
            name
        }
    )
}

/// Where a photo's files are published: `output` as given, or, with
/// `images.hashed_names`, its folder and the hash of the original's bytes
/// (`informes/2024/01/fotos/0123456789abcdef`), which says nothing of the
/// original's name and stays the same from build to build.
pub fn published_base(output: &str, content_hash: Option<u64>) -> String {
    match content_hash {
        None => output.to_string(),
        Some(hash) => match output.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{hash:016x}"),
            None => format!("{hash:016x}"),
        },
    }
}
