//! faro: monthly transparency reports in, a static portal out.
//!
//! The modules, in the order data flows (docs/ARCHITECTURE.md):
//! `load` (site.yaml + content/ → a validated `Archive`) → `derive`
//! (series, comparisons, warnings; pure) → `render` (pages, charts, photos,
//! data files) → `search` (the index) → `write` (staging folder, compressed
//! copies, swap). `pipeline` describes those steps once and runs them for
//! `faro build`, `check`, the preview (`serve`) and on-demand search;
//! `import`, `publish` and `init` sit beside them; `support` holds what
//! every step uses (messages, diagnostics, number formats).

pub mod check;
pub mod cli;
pub mod derive;
pub mod import;
pub mod init;
pub mod load;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod support;
pub mod write;
