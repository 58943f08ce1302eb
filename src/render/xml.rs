//! What the XML formats (checkstyle, JUnit) share: text made safe for XML
//! 1.0 and one finding's position, computed while the page is at hand.
//!
//! quick-xml escapes markup characters, but XML 1.0 also forbids most
//! control characters (a parser rejects the whole document for one of
//! them), and a message quotes page text or a file name that may hold
//! them: they become U+FFFD.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use std::borrow::Cow;

/// `text` with every character XML 1.0 does not allow replaced by U+FFFD.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

/// XML 1.0's `Char` production.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// A finding as the XML formats carry it: small and owned, so the page can
/// be dropped.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub line: usize,
    /// 1-based, in characters (as the human and JSON outputs count).
    pub column: usize,
    pub message: String,
}

impl Finding {
    pub fn new(source: &SourceFile, diagnostic: &Diagnostic) -> Finding {
        let position = source.line_column(diagnostic.range.start);
        Finding {
            rule: diagnostic.rule,
            severity: diagnostic.severity,
            line: position.line,
            column: position.column,
            message: diagnostic.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_replacement_characters() {
        assert_eq!(xml_safe("a\u{0}b\u{b}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
        assert!(matches!(xml_safe("plain <text>"), Cow::Borrowed(_)));
        assert_eq!(xml_safe("\u{FFFE}😀"), "\u{FFFD}😀");
    }
}
