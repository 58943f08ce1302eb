//! Renderers: one module per output format, all fed the same [`Report`].
//! (Skeleton: the renderers are being written.)

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::sync::Arc;

/// The diagnostics of one linted file, sorted by position.
#[derive(Debug)]
pub struct FileResult {
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be linted, with the reason.
#[derive(Debug, Clone)]
pub struct FileFailure {
    pub path: String,
    pub message: String,
}

/// Everything one run found, ordered by path.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub failures: Vec<FileFailure>,
}
