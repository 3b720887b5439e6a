//! The image settings normalised into a plan, and the widths one photo gets
//! from it (never upscaled, duplicates collapsed), with their cache names.

use crate::load::config::ImageSettings;
use std::collections::BTreeSet;

/// The settings that shape outputs, normalised.
pub(super) struct Plan {
    pub(super) widths: BTreeSet<u32>,
    pub(super) thumbnail: u32,
    pub(super) quality: u8,
    pub(super) max_pixels: u64,
    pub(super) hashed_names: bool,
}

/// The outputs of one photo, given its upright size.
pub(super) struct Variants {
    /// Widths of `Processed::sizes`, ascending.
    pub(super) sizes: Vec<u32>,
    pub(super) thumbnail: u32,
    /// Every width to write: sizes and thumbnail.
    pub(super) all: BTreeSet<u32>,
}

impl Plan {
    pub(super) fn new(s: &ImageSettings) -> Plan {
        let mut widths: BTreeSet<u32> = s.widths.iter().copied().filter(|w| *w > 0).collect();
        if widths.is_empty() {
            widths.insert(1600);
        }
        Plan {
            widths,
            thumbnail: s.thumbnail.max(1),
            quality: s.quality.clamp(1, 100),
            max_pixels: u64::from(s.max_megapixels) * 1_000_000,
            hashed_names: s.hashed_names,
        }
    }

    pub(super) fn variants(&self, width: u32) -> Variants {
        let sizes: BTreeSet<u32> = self.widths.iter().map(|w| (*w).min(width)).collect();
        let thumbnail = self.thumbnail.min(width);
        let mut all = sizes.clone();
        all.insert(thumbnail);
        Variants {
            sizes: sizes.into_iter().collect(),
            thumbnail,
            all,
        }
    }

    pub(super) fn file_name(&self, width: u32, ext: &str) -> String {
        format!("{width}-q{}.{ext}", self.quality)
    }
}

/// Height of a `width`-wide output of a `w`×`h` photo.
pub(super) fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    if width >= w {
        return h;
    }
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}
