//! ## What it does
//! Checks that photo credits in captions follow the newsroom's house pattern,
//! e.g. `Photo Credit: {name} / {outlet}`. Off by default: enable it and set
//! `pattern` in `copydesk.toml`.
//!
//! In the pattern, `{...}` placeholders stand for any non-empty text and
//! everything else must appear exactly as written (case and punctuation
//! included: house style is exactly what this rule is for). The credit of a
//! caption starts where the pattern's opening words appear, or else at the
//! first credit phrase or agency copydesk recognises (see
//! `missing-image-credit`), and runs to the end of the caption; a final full
//! stop is ignored. Captions without any credit are left to
//! `missing-image-credit`.
//!
//! ## Why it matters
//! Credits in one form are easy for readers to find and for rights holders
//! to check; "Photo: X", "Credit - X" and "X/Outlet" on the same site look
//! careless.
//!
//! ## Example
//! With `pattern = "Photo Credit: {name} / {outlet}"`:
//! ```html
//! <figcaption>The Soyuz lifts off. Photo: Sean Costello</figcaption>
//! ```
//! Flags "Photo: Sean Costello". "Photo Credit: Sean Costello / SpaceFlight
//! Insider" passes.
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{BlockKind, Document};
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

pub struct CaptionCreditFormat;

static META: RuleMeta = RuleMeta {
    id: "caption-credit-format",
    default_severity: Severity::Warning,
    enabled_by_default: false,
    summary: "A photo credit that does not follow the house pattern",
    fix: FixAvailability::None,
    source: include_str!("caption_credit_format.rs"),
    options: OptionsSchema::of::<CaptionCreditFormatOptions>(),
};

/// `[rules.caption-credit-format]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct CaptionCreditFormatOptions {
    pub pattern: String,
}

impl Default for CaptionCreditFormatOptions {
    fn default() -> Self {
        CaptionCreditFormatOptions {
            pattern: "Photo Credit: {name} / {outlet}".to_owned(),
        }
    }
}

impl RuleOptions for CaptionCreditFormatOptions {
    const SPECS: &'static [OptionSpec] = &[OptionSpec {
        name: "pattern",
        kind: OptionKind::String,
        doc: "The house form of a credit line; `{placeholders}` stand for any text.",
    }];
}

/// A credit pattern: literal text and placeholders, in order.
#[derive(Debug, PartialEq)]
enum Part {
    Literal(String),
    Placeholder,
}

/// Splits `Photo Credit: {name} / {outlet}` into literals and placeholders.
/// Whitespace is collapsed as it is in block text; adjacent placeholders
/// merge (nothing could tell them apart).
fn parse_pattern(pattern: &str) -> Vec<Part> {
    let collapsed = pattern.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts = Vec::new();
    let mut rest = collapsed.as_str();
    while !rest.is_empty() {
        match (
            rest.find('{'),
            rest.find('{')
                .and_then(|o| rest[o..].find('}').map(|c| o + c)),
        ) {
            (Some(open), Some(close)) => {
                if open > 0 {
                    parts.push(Part::Literal(rest[..open].to_owned()));
                }
                if parts.last() != Some(&Part::Placeholder) {
                    parts.push(Part::Placeholder);
                }
                rest = &rest[close + 1..];
            }
            _ => {
                parts.push(Part::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    parts
}

/// Whether `text` is exactly one instance of the pattern.
fn matches(parts: &[Part], text: &str) -> bool {
    let mut pos = 0;
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            Part::Literal(literal) => {
                if !text[pos..].starts_with(literal.as_str()) {
                    return false;
                }
                pos += literal.len();
                i += 1;
            }
            Part::Placeholder => match parts.get(i + 1) {
                None => return !text[pos..].trim().is_empty(),
                Some(Part::Literal(literal)) => {
                    // The placeholder takes at least one character, then up
                    // to the first occurrence of the next literal.
                    let Some(first) = text[pos..].chars().next() else {
                        return false;
                    };
                    let from = pos + first.len_utf8();
                    let Some(found) = text[from..].find(literal.as_str()) else {
                        return false;
                    };
                    if text[pos..from + found].trim().is_empty() {
                        return false;
                    }
                    pos = from + found + literal.len();
                    i += 2;
                }
                Some(Part::Placeholder) => i += 1,
            },
        }
    }
    pos == text.len()
}

impl Rule for CaptionCreditFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = ctx.options::<CaptionCreditFormatOptions>();
        let pattern = options.pattern.as_str();
        let parts = parse_pattern(pattern);
        // A pattern with no fixed text cannot be checked against anything.
        if !parts
            .iter()
            .any(|p| matches!(p, Part::Literal(l) if !l.trim().is_empty()))
        {
            return;
        }
        let lead = match parts.first() {
            Some(Part::Literal(l)) => Some(l.trim().to_owned()),
            _ => None,
        };
        // The run's patterns, extended by `missing-image-credit`'s options.
        let credit_patterns = ctx.facts.credit_patterns();
        for block in doc.blocks.iter().filter(|b| b.kind == BlockKind::Caption) {
            let text = block.text.as_str();
            let start = lead
                .as_deref()
                .and_then(|l| text.find(l))
                .or_else(|| credit_patterns.find_credit(text));
            let Some(start) = start else { continue };
            let credit = text[start..].trim_end();
            let credit = credit
                .strip_suffix('.')
                .filter(|_| !pattern.trim_end().ends_with('.'))
                .unwrap_or(credit);
            if credit.is_empty() || matches(&parts, credit) {
                continue;
            }
            let range = block.source_range(start, start + credit.len());
            out.push(
                Diagnostic::new(
                    META.id,
                    ctx.severity,
                    range,
                    format!("credit `{credit}` does not follow the house pattern `{pattern}`"),
                )
                .with_selector(&block.selector)
                .with_help(format!("write the credit as `{pattern}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_credits_only() {
        let parts = parse_pattern("Photo Credit: {name} / {outlet}");
        assert!(matches(
            &parts,
            "Photo Credit: Sean Costello / SpaceFlight Insider"
        ));
        assert!(!matches(
            &parts,
            "Photo credit: Sean Costello / SpaceFlight Insider"
        ));
        assert!(!matches(&parts, "Photo Credit: Sean Costello"));
        assert!(!matches(&parts, "Photo Credit: / SpaceFlight Insider"));
        assert!(!matches(
            &parts,
            "Photo: Sean Costello / SpaceFlight Insider"
        ));
        let trailing = parse_pattern("({name}/{outlet})");
        assert!(matches(&trailing, "(AP Photo/Evan Vucci)"));
        assert!(!matches(&trailing, "(AP Photo/Evan Vucci) more"));
    }
}
