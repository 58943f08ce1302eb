//! What copydesk knows about a rule without running it: its id, default
//! severity, summary, fix availability, options and documentation.
//!
//! A leaf module (it needs only [`Severity`] and the option types), so that
//! the configuration can depend on rule metadata without depending on the
//! rules, and the rules never depend on the configuration.
//!
//! A rule's documentation is its source file's leading `//!` comment, under
//! the headings [`SECTIONS`]; `copydesk explain` prints it, with the
//! *Options* section's list generated from the rule's [`OptionSpec`]s and the
//! defaults of its options struct, so no default is ever written twice.

use super::options::OptionsSchema;
use crate::diagnostic::Severity;
use std::fmt;

/// The headings of a rule's documentation, in order. *Fix safety* is there
/// exactly when the rule offers fixes.
pub const SECTIONS: &[&str] = &[
    "What it does",
    "Why it matters",
    "Example",
    "Options",
    "Fix safety",
];

/// The heading whose list is generated from the option specs.
const OPTIONS_SECTION: &str = "## Options";

/// Whether a rule's findings come with fixes, and how far `--fix` trusts them.
///
/// The most a rule offers: a `Safe` rule may still leave some findings
/// without a fix (an ambiguous correction), or offer some as unsafe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    /// Applied by `--fix`: the edit cannot change what the text means.
    Safe,
    /// Shown, applied by `--fix` only with `--unsafe-fixes`: an editor must decide.
    Unsafe,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Safe => "safe",
            FixAvailability::Unsafe => "unsafe",
        }
    }
}

impl fmt::Display for FixAvailability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the registry knows about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id, as used in `--select`, config and suppressions.
    pub id: &'static str,
    pub default_severity: Severity,
    /// Rules that are off unless selected or configured.
    pub enabled_by_default: bool,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    pub fix: FixAvailability,
    /// The rule's source file, whose leading `//!` comment is its documentation.
    pub source: &'static str,
    pub options: OptionsSchema,
}

impl RuleMeta {
    /// The rule's documentation as `copydesk explain` prints it: its file's
    /// leading `//!` comment, with the options listed under *Options*.
    pub fn doc(&self) -> String {
        with_options_listed(&module_doc(self.source), &self.options)
    }
}

/// Extracts the leading `//!` block of a Rust source file as plain text.
///
/// Blank lines between `//!` lines do not end the block (as for rustdoc, for
/// which they are one comment); anything else does.
pub fn module_doc(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("//!") {
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        } else if !trimmed.is_empty() {
            break;
        }
    }
    out
}

/// `doc` with the options listed right under its `## Options` heading,
/// before any notes the rule wrote there. (A test checks that every rule has
/// the heading.)
fn with_options_listed(doc: &str, options: &OptionsSchema) -> String {
    let mut out = String::new();
    let mut listed = false;
    let mut lines = doc.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if !listed && line.trim_end() == OPTIONS_SECTION {
            listed = true;
            out.push_str(&options_list(options));
            // Notes after the list are their own paragraph.
            if lines
                .peek()
                .is_some_and(|next| !next.trim().is_empty() && !next.starts_with('#'))
            {
                out.push('\n');
            }
        }
    }
    out
}

/// The options as a Markdown list, one item per option, wrapped like the
/// doc comments it sits among.
fn options_list(options: &OptionsSchema) -> String {
    if options.is_empty() {
        return "None (only `severity`).\n".to_owned();
    }
    let mut out = String::new();
    for option in options.iter() {
        let item = format!(
            "- `{}` ({}, default `{}`): {}",
            option.name,
            option.kind.describe(),
            option.default,
            option.doc
        );
        out.push_str(&wrap(&item, WIDTH, "  "));
    }
    out
}

/// The width rule docs are wrapped to.
const WIDTH: usize = 78;

/// Greedy word wrap; continuation lines start with `indent`. A word longer
/// than the line stays whole.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + 1 + word.chars().count();
        if !line.trim().is_empty() && needed > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_owned();
        } else if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::options::{OptionKind, OptionSpec, RuleOptions};
    use serde::{Deserialize, Serialize};

    #[test]
    fn module_doc_reads_past_blank_lines_and_stops_at_code() {
        let source = "//! ## What it does\n//! Flags.\n\n//! ## Why it matters\n//! Because.\n\nuse x;\n//! not doc\n";
        assert_eq!(
            module_doc(source),
            "## What it does\nFlags.\n## Why it matters\nBecause.\n"
        );
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
    struct Demo {
        min_words: usize,
    }

    impl Default for Demo {
        fn default() -> Self {
            Demo { min_words: 10 }
        }
    }

    impl RuleOptions for Demo {
        const SPECS: &'static [OptionSpec] = &[OptionSpec {
            name: "min-words",
            kind: OptionKind::at_least(1),
            doc: "Blocks with fewer words are never compared (one changed word in a \
                  short line is a different line).",
        }];
    }

    #[test]
    fn options_are_listed_under_their_heading_with_defaults_from_the_struct() {
        let doc = "## Example\nx\n\n## Options\nSee also `other-rule`.\n\n## Fix safety\nSafe.\n";
        assert_eq!(
            with_options_listed(doc, &OptionsSchema::of::<Demo>()),
            "## Example\nx\n\n## Options\n\
             - `min-words` (integer, at least 1, default `10`): Blocks with fewer words are\n  \
             never compared (one changed word in a short line is a different line).\n\
             \nSee also `other-rule`.\n\n## Fix safety\nSafe.\n"
        );
        assert_eq!(
            with_options_listed("## Example\nx\n\n## Options\n", &OptionsSchema::NONE),
            "## Example\nx\n\n## Options\nNone (only `severity`).\n"
        );
        assert_eq!(
            with_options_listed("## Example\nx\n", &OptionsSchema::NONE),
            "## Example\nx\n"
        );
    }

    #[test]
    fn wrap_keeps_long_words_whole() {
        assert_eq!(wrap("a bb ccc", 4, "  "), "a bb\n  ccc\n");
        assert_eq!(wrap("abcdefgh x", 4, "  "), "abcdefgh\n  x\n");
    }
}
