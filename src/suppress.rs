//! Inline suppression (being written).

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// Drops suppressed diagnostics and reports unused suppressions.
pub fn apply(_doc: &Document, _settings: &Settings, _diagnostics: &mut Vec<Diagnostic>) {}
