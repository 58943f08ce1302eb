//! Findings as the client sees them. copydesk works in byte offsets into the
//! decoded text; LSP positions are a 0-based line and a column in UTF-16
//! code units (the only encoding every client supports), so an emoji before
//! a typo counts two, an `ñ` one, and a byte offset is never sent.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::unused_suppression;
use crate::source::{SourceFile, TextRange};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, Uri,
};

/// Where a rule's documentation lives, followed by the rule id. copydesk
/// has no website, so the link names the rule in a scheme of its own: a
/// stable identifier that clients show and that a future site can replace
/// in this one place. `copydesk explain ID` prints the same documentation.
pub const RULE_DOC_BASE: &str = "copydesk://rules/";

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "copydesk";

/// The LSP position of a byte offset into the decoded text.
pub fn position(source: &SourceFile, offset: usize) -> Position {
    let at = source.line_column_utf16(offset);
    Position::new(to_u32(at.line - 1), to_u32(at.column - 1))
}

pub fn range(source: &SourceFile, range: TextRange) -> Range {
    Range::new(position(source, range.start), position(source, range.end))
}

/// The byte offset of an LSP position. A character past the end of its
/// line means the end of the line, and a line past the end of the text
/// the end of the text, as the protocol asks; a position inside a
/// surrogate pair moves to the end of its character.
pub fn offset(source: &SourceFile, position: Position) -> usize {
    let line = position.line as usize;
    if line >= source.line_count() {
        return source.text.len();
    }
    let start = source.line_start(line);
    let text = source.line_text(line);
    let mut units = 0;
    for (index, ch) in text.char_indices() {
        if units >= position.character as usize {
            return start + index;
        }
        units += ch.len_utf16();
    }
    start + text.len()
}

/// A finding as an LSP diagnostic: severity, the rule id as code with a
/// link to its documentation, related spans ("first printed here") as
/// related information in the same document.
pub fn diagnostic(source: &SourceFile, uri: &Uri, finding: &Diagnostic) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(source, related.range)),
            message: related.message.clone(),
        })
        .collect();
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    lsp_types::Diagnostic {
        range: range(source, finding.range),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: rule_doc(finding.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // Editors fade an unused suppression, as they fade unused code.
        tags: (finding.rule == unused_suppression::ID).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The documentation link of a rule.
pub fn rule_doc(rule: &str) -> Option<Uri> {
    format!("{RULE_DOC_BASE}{rule}").parse().ok()
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

pub fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_past_astral_and_accented_characters() {
        // 🚀 is two UTF-16 units (four bytes), ñ one (two bytes).
        let text = "<p>x</p>\n<p>🚀 Ñandú on Soyug-FG</p>\r\nend";
        let source = SourceFile::from_text("page.html", text);
        let start = text.find("Soyug").expect("typo");
        let at = position(&source, start);
        // `<p>` 3, 🚀 2, ` Ñandú on ` 10: 15 units, though 14 characters and
        // 19 bytes.
        assert_eq!((at.line, at.character), (1, 15));
        assert_eq!(offset(&source, at), start);
        // After CRLF, the next line starts at column 0.
        let end = text.find("end").expect("end");
        assert_eq!(position(&source, end), Position::new(2, 0));
        assert_eq!(offset(&source, Position::new(2, 0)), end);
    }

    #[test]
    fn positions_past_the_text_are_clamped() {
        let text = "<p>🚀</p>\nab";
        let source = SourceFile::from_text("page.html", text);
        assert_eq!(offset(&source, Position::new(0, 99)), "<p>🚀</p>".len());
        assert_eq!(offset(&source, Position::new(9, 0)), text.len());
        // Inside the surrogate pair of 🚀: the end of the character.
        assert_eq!(offset(&source, Position::new(0, 4)), "<p>🚀".len());
    }

    #[test]
    fn rule_links_are_valid_uris() {
        let href = rule_doc("glossary-spelling").expect("valid");
        assert_eq!(href.as_str(), "copydesk://rules/glossary-spelling");
    }
}
