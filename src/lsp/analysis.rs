//! Linting one open buffer: its settings (from its path), its text as the
//! editor holds it (never the file on disk, which may be older), and the
//! findings converted for the client. A problem that stops the lint (a
//! broken `copydesk.toml`, a glossary that does not load, a page nested too
//! deep) becomes one diagnostic at the top of the document that says so and
//! points at the offending file, since an editor has no terminal to print
//! it on.

use super::convert::{self, SOURCE};
use super::settings::{SettingsCache, SettingsError};
use super::uri;
use crate::diagnostic::Diagnostic;
use crate::lint::lint_source;
use crate::source::{SourceError, SourceFile};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, Position, Range, Uri};
use std::path::{Path, PathBuf};

/// One lint of one version of a document.
#[derive(Debug)]
pub struct Linted {
    /// The text as linted, or `None` when nothing was linted.
    pub source: Option<SourceFile>,
    /// copydesk's findings, in the order of `diagnostics`.
    pub findings: Vec<Diagnostic>,
    /// What the client is sent: one per finding, or one problem.
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

/// Lints `text`, the buffer of the document `uri` whose settings are those
/// of `path`.
pub fn lint_buffer(uri: &Uri, path: &Path, text: &str, settings: &mut SettingsCache) -> Linted {
    let nothing = |diagnostics| Linted {
        source: None,
        findings: Vec::new(),
        diagnostics,
    };
    let (settings, resources) = match settings.for_file(path) {
        Ok(found) => found,
        Err(e) => return nothing(vec![settings_problem(&e)]),
    };
    let source = match buffer_source(path.to_owned(), text) {
        Ok(source) => source,
        // An empty new file, or one that is not HTML at all: nothing to say.
        Err(SourceError::NotHtml | SourceError::Binary) => return nothing(Vec::new()),
        Err(e) => return nothing(vec![problem(e.to_string(), None)]),
    };
    // Rules do not panic on any input; should one ever do so, the editor
    // keeps its language server and hears about it.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_source(&source, &settings, &resources)
    }));
    let findings = match outcome {
        Ok(Ok(findings)) => findings,
        Ok(Err(message)) => return nothing(vec![problem(message, None)]),
        Err(_) => {
            return nothing(vec![problem(
                "internal error: copydesk failed on this page (please report it)".into(),
                None,
            )]);
        }
    };
    let diagnostics = findings
        .iter()
        .map(|finding| convert::diagnostic(&source, uri, finding))
        .collect();
    Linted {
        source: Some(source),
        findings,
        diagnostics,
    }
}

/// The buffer as a source file. The bytes are decoded as `check` decodes a
/// file, which checks that they are HTML; but a buffer is already text, so
/// a page that declares a legacy charset (`<meta charset=windows-1252>`) is
/// taken as the text it is rather than decoded a second time.
fn buffer_source(path: PathBuf, text: &str) -> Result<SourceFile, SourceError> {
    let decoded = SourceFile::from_bytes(path.clone(), text.as_bytes().to_vec())?;
    if decoded.text == text {
        Ok(decoded)
    } else {
        Ok(SourceFile::from_text(path, text))
    }
}

fn settings_problem(error: &SettingsError) -> lsp_types::Diagnostic {
    let location = match error {
        SettingsError::Config(e) => e.path.as_deref().map(|path| {
            let line = e.line.saturating_sub(1);
            (path.to_owned(), line, e.column.saturating_sub(1))
        }),
        SettingsError::Glossary(e) => (!e.origin.starts_with("builtin:"))
            .then(|| (PathBuf::from(&e.origin), e.line.saturating_sub(1), 0)),
    };
    let related = location.and_then(|(path, line, column)| {
        let href = uri::from_path(&path)?.parse().ok()?;
        let at = Position::new(convert::to_u32(line), convert::to_u32(column));
        Some(DiagnosticRelatedInformation {
            location: Location::new(href, Range::new(at, at)),
            message: "the problem is here".to_owned(),
        })
    });
    problem(error.to_string(), related)
}

/// A diagnostic at the start of the document for a problem that is not a
/// finding.
fn problem(
    message: String,
    related: Option<DiagnosticRelatedInformation>,
) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: related.map(|r| vec![r]),
        ..lsp_types::Diagnostic::default()
    }
}
