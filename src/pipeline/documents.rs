//! Each report's original document, copied beside its page. Read here, at
//! the edge, like photos.

use crate::load::model::Period;
use crate::support::diag::Diagnostics;
use crate::write::output::{Output, OutputPath, Sink};

/// Copies each report's original document (`source_document`) into the
/// output, beside its page. Read here, at the edge, like photos.
pub(crate) fn source_documents(
    reports: &[crate::load::model::Report],
    sink: &dyn Sink,
) -> Result<Vec<(Period, OutputPath)>, Diagnostics> {
    let mut paths = Vec::new();
    for r in reports {
        if let Some(output) = source_document(r)? {
            paths.push((r.period, output.path.clone()));
            sink.put(output)?;
        }
    }
    Ok(paths)
}

/// A report's original document as published, if it has one.
pub(crate) fn source_document(
    r: &crate::load::model::Report,
) -> Result<Option<Output>, Diagnostics> {
    let Some(name) = &r.source_document else {
        return Ok(None);
    };
    let bytes = std::fs::read(r.dir.join(name)).map_err(|e| {
        crate::problem!(
            "build-cannot-read-document",
            &r.source,
            0,
            0,
            name = name.as_str(),
            error = crate::support::i18n::error_text(&e)
        )
    })?;
    let path = crate::load::model::document_output(&r.period.url_path(), name);
    let output = Output::new(path, bytes).map_err(|e| e.at(&r.source))?;
    Ok(Some(output))
}
