//! faro: monthly transparency reports in, a static portal out.
//!
//! The flow runs one way, one module per step:
//! `load` (config + content → `Archive`) → `derive` (series, comparisons) →
//! `render` (pages, charts, data files) → `write` (staging dir, swap).
//! `quality` warns about valid but suspect content; `serve` sits on top.

pub mod build;
pub mod charts;
pub mod check;
pub mod cli;
pub mod compress;
pub mod config;
pub mod data;
pub mod data_quality;
pub mod derive;
pub mod diag;
pub mod excerpt;
pub mod fingerprint;
pub mod host;
pub mod i18n;
pub mod import;
pub mod incremental;
pub mod init;
pub mod license;
pub mod load;
pub mod markdown;
pub mod model;
pub mod numfmt;
pub mod output;
pub mod photos;
pub mod pipeline;
pub mod publish;
pub mod quality;
pub mod render;
pub mod render_cache;
pub mod republish;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod write;
pub mod yamlerror;
pub mod yamlpos;
pub mod yamlwrite;
