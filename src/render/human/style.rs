//! Colours of the human output, applied only when colour is on.

use crate::diagnostic::Severity;
use nu_ansi_term::{Color, Style};

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
