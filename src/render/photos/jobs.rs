//! The photos of an archive as jobs, one per use of a photo by a report, and
//! how a job is named in the messages an editor reads.

use super::naming::photo_output;
use crate::load::model::Archive;
use crate::support::diag::Diagnostic;
use std::path::PathBuf;

/// One use of a photo by a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoJob {
    /// The report file as shown in messages, e.g. `content/informes/2024/01/index.md`.
    pub report: PathBuf,
    /// The line of the report where the photo is referenced (1-based; 0 if unknown).
    pub line: usize,
    /// Absolute path of the original.
    pub source: PathBuf,
    /// Output base path relative to the site root, `/`-separated, without
    /// extension, e.g. `informes/2024/01/fotos/planificacion`. Files are written
    /// as `<output>-<width>.webp` and `<output>-<width>.jpg`.
    pub output: String,
}

/// One job per photo of each report, in the archive's order.
pub fn photo_jobs(archive: &Archive) -> Vec<PhotoJob> {
    archive
        .reports
        .iter()
        .flat_map(|r| {
            r.photos.iter().map(move |p| PhotoJob {
                report: r.source.clone(),
                line: p.line,
                source: r.dir.join(&p.src),
                output: photo_output(&r.period.url_path(), &p.src),
            })
        })
        .collect()
}

/// A message about `job`, at its line of its report.
pub(super) fn job_diag(job: &PhotoJob, message: String) -> Diagnostic {
    let col = if job.line > 0 { 1 } else { 0 };
    Diagnostic::new(&job.report, job.line, col, message)
}

/// The photo's path as the editor wrote it: relative to the report's folder
/// when the original lies under it, the full path otherwise.
pub(super) fn shown_name(job: &PhotoJob) -> String {
    if let Some(dir) = job.report.parent().filter(|d| !d.as_os_str().is_empty()) {
        for ancestor in job.source.ancestors().skip(1) {
            if ancestor.ends_with(dir) {
                if let Ok(rest) = job.source.strip_prefix(ancestor) {
                    return rest.to_string_lossy().replace('\\', "/");
                }
            }
        }
    }
    job.source.display().to_string()
}
