//! faro: monthly transparency reports in, a static portal out.
//!
//! The flow runs one way, one module per step:
//! `load` (config + content → `Archive`) → `derive` (series, comparisons) →
//! `render` (pages, charts, data files) → `write` (staging dir, swap).
//! `serve` sits on top.

pub mod charts;
pub mod config;
pub mod diag;
pub mod model;
pub mod numfmt;
pub mod slug;
pub mod yamlpos;
