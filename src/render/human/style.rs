//! Colours of the human output, applied only when colour is on.
//!
//! Whether colour is on is the command's decision (`--color`, `NO_COLOR`),
//! passed in as `RenderOptions::color`; it changes more than escape codes
//! (emphasis is bold with colour, `~` under the text without), so it cannot
//! be left to a colour-stripping stream.
//!
//! The styles are nu-ansi-term's, not anstyle's (which clap already pulls in):
//! anstyle writes each attribute as its own escape (`ESC[1m ESC[31m`) where
//! nu-ansi-term joins them (`ESC[1;31m`), so a switch would change every
//! coloured byte of the output without removing code.

use crate::diagnostic::Severity;
use nu_ansi_term::Color;
// Re-exported so the other parts name styles through this module only.
pub(super) use nu_ansi_term::Style;

/// Applies ANSI styles only when colour is on.
pub(super) struct Painter {
    pub(super) color: bool,
}

impl Painter {
    pub(super) fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            style.paint(text).to_string()
        } else {
            text.to_owned()
        }
    }
}

/// Paths, rule ids, labels and the summary.
pub(super) fn bold_style() -> Style {
    Style::new().bold()
}

pub(super) fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => Color::Red.bold(),
        Severity::Warning => Color::Yellow.bold(),
        Severity::Info => Color::Blue.bold(),
    }
}

pub(super) fn gutter_style() -> Style {
    Color::Blue.bold()
}

pub(super) fn emphasis_style() -> Style {
    Style::new().bold().underline()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_joins_attributes_in_one_escape_and_is_off_by_default() {
        let on = Painter { color: true };
        assert_eq!(
            on.paint(severity_style(Severity::Error), "error"),
            "\u{1b}[1;31merror\u{1b}[0m"
        );
        assert_eq!(on.paint(emphasis_style(), "the"), "\u{1b}[1;4mthe\u{1b}[0m");
        // Nothing to paint: no stray escape pair.
        assert_eq!(on.paint(gutter_style(), ""), "");
        let off = Painter { color: false };
        assert_eq!(
            off.paint(severity_style(Severity::Warning), "warning"),
            "warning"
        );
    }
}
