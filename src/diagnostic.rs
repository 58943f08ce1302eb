//! What rules produce: diagnostics with a primary span, related spans, help and
//! an optional fix. All ranges are byte ranges into the decoded text of the file
//! ([`crate::source::SourceFile::text`]); renderers turn them into lines,
//! columns and stored byte offsets.

use crate::source::TextRange;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// A secondary span with its own message, e.g. "first printed here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// One replacement of a byte range of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub replacement: String,
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// `--fix` applies it.
    Safe,
    /// Shown as a suggestion; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// A fix: edits that never touch markup, only the flagged text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(range: TextRange, replacement: impl Into<String>) -> Fix {
        Fix {
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
            applicability: Applicability::Safe,
        }
    }
    pub fn unsafe_(range: TextRange, replacement: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(range, replacement)
        }
    }
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// A finding of one rule at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The flagged text itself.
    pub range: TextRange,
    /// CSS-selector-like path of the element holding the flagged text.
    pub selector: Option<String>,
    pub related: Vec<Related>,
    /// Sub-ranges (of the primary or related spans) the human renderer
    /// emphasises, e.g. the words that differ between near-duplicates.
    pub emphasis: Vec<TextRange>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            range,
            selector: None,
            related: Vec::new(),
            emphasis: Vec::new(),
            help: None,
            fix: None,
        }
    }
    pub fn with_selector(mut self, selector: impl Into<String>) -> Self {
        self.selector = Some(selector.into());
        self
    }
    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
    pub fn with_emphasis(mut self, range: TextRange) -> Self {
        self.emphasis.push(range);
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
