//! The web host's side of a built site, below both the pipeline (whose
//! compress step writes it) and `faro publish` (which prints it): the
//! server configuration (`server`) and the compressed copies of the text
//! files (`crate::write::compress`).

pub mod server;

use crate::load::config::Config;
use crate::support::diag::Diagnostics;
use crate::write::Staging;
use crate::write::output::{Output, OutputPath, Sink};
use std::time::{Duration, Instant};

/// The list, in the destination's top folder, of the files faro published
/// there: one `path` a line. Hidden, like `.htaccess`.
pub const MANIFEST: &str = ".faro-published";

/// The server configuration and the compressed copies, put into `staging`
/// beside the files this build put there (`paths`, to which theirs are
/// added). `compress: false` in `site.yaml` leaves the copies out. Returns
/// how long compressing took, for `--timings` (`None` when it did not run).
pub fn prepare(
    config: &Config,
    staging: &Staging,
    paths: &mut Vec<OutputPath>,
    cache: &crate::write::compress::Cache,
) -> Result<Option<Duration>, Diagnostics> {
    // Apache reads it from the output's top folder; other servers ignore
    // a hidden file (nginx's configuration is printed, not written). Its
    // comments are in the site's language, not in that of whoever builds:
    // the same site gives the same files.
    let lang = crate::support::i18n::Lang::parse(&config.language)
        .unwrap_or(crate::support::i18n::Lang::Es);
    let htaccess = Output::new(".htaccess", server::htaccess(config, lang))?;
    paths.push(htaccess.path.clone());
    staging.put(htaccess)?;
    if !config.compress {
        return Ok(None);
    }
    let lap = Instant::now();
    let copies = crate::write::compress::precompress(staging, paths, cache)?;
    paths.extend(copies);
    Ok(Some(lap.elapsed()))
}
