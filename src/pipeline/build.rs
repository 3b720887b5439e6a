//! `faro build`: every step of the pipeline (`crate::pipeline`), into the
//! output folder, which is replaced only when all of them succeeded.

use crate::pipeline::{Run, Steps};
use crate::support::diag::Diagnostics;

pub use crate::pipeline::{
    Model, Options, Site, Summary, check_output, load_config, render_site, strict_errors,
};

/// `faro build`: renders and, only if everything succeeded, replaces the output folder.
pub fn build(opts: &Options) -> Result<Summary, Diagnostics> {
    Run::new(opts, Steps::build(opts))
        .to_output(None)
        .map(|(summary, _)| summary)
}
