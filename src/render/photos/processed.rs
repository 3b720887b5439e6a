//! What a page gets to show a photo: its sizes in both formats, with the
//! paths they are published at, and its gallery thumbnail.

use serde::Serialize;

/// One size of a photo, in both formats. Paths are relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub jpeg: String,
}

/// Everything a page needs to show a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Processed {
    /// Upright size of the largest output.
    pub width: u32,
    pub height: u32,
    /// Ascending widths, deduplicated (widths above the original collapse into
    /// one output at the original's width).
    pub sizes: Vec<Image>,
    /// Gallery thumbnail: `settings.thumbnail` wide (never upscaled), same
    /// aspect ratio as the photo (not cropped).
    pub thumbnail: Image,
}
