//! ## What it does
//! Flags a word printed twice in a row: "the the", "of of", "Space Space".
//!
//! ## Why it matters
//! A doubled word survives spellcheck (each word is spelled right) and is easy
//! to read past in a draft, but it is the first thing a reader notices on the
//! published page.
//!
//! ## Example
//! ```html
//! <p>They are expected to return to the the Earth in December.</p>
//! ```
//! Flags the second "the"; the fix deletes it (and the space before it).
//!
//! The comparison ignores case ("The the"). Doubles that are grammatical are
//! allowed: "had had", "that that", "is is" in "what it is is", and the like.
//! Numbers are never flagged ("in 2018 2019" is a list, not a typo).
//!
//! ## Options
//! - `allow` (list of words, default: had, that, is, do, can, will, you, bye,
//!   chop, knock, tut, ha, no, so, very, well, really, long, far, many, much):
//!   doubles that are not mistakes.
//!
//! ## Fix safety
//! Safe: it deletes the repeated word and the whitespace before it, nothing else.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::{OptionKind, OptionSpec, Rule, RuleContext, RuleMeta};
use crate::text::words;

/// Doubles that are grammatical in ordinary English.
const DEFAULT_ALLOW: &[&str] = &[
    "had", "that", "is", "do", "can", "will", "you", "bye", "chop", "knock", "tut", "ha", "no",
    "so", "very", "well", "really", "long", "far", "many", "much",
];

pub struct RepeatedWord;

static META: RuleMeta = RuleMeta {
    id: "repeated-word",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A word printed twice in a row (\"the the\")",
    source: include_str!("repeated_word.rs"),
    options: &[OptionSpec {
        name: "allow",
        kind: OptionKind::StringList,
        default: r#"["had", "that", "is", "do", "can", "will", "you", "bye", "chop", "knock", "tut", "ha", "no", "so", "very", "well", "really", "long", "far", "many", "much"]"#,
        doc: "Doubled words that are grammatical and never flagged.",
    }],
};

impl Rule for RepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let allow: Vec<String> = ctx
            .string_list("allow", DEFAULT_ALLOW)
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        for block in &doc.blocks {
            let mut previous = None;
            for word in words(&block.text) {
                if let Some(prev) = previous.replace(word) {
                    let prev: crate::text::Word = prev;
                    let gap = &block.text[prev.end..word.start];
                    let is_double = prev.text.eq_ignore_ascii_case(word.text)
                        || prev.text.to_lowercase() == word.text.to_lowercase();
                    // Only whitespace between them: "the, the" is deliberate.
                    if !is_double || !gap.chars().all(char::is_whitespace) || gap.is_empty() {
                        continue;
                    }
                    if word.text.chars().all(|c| c.is_ascii_digit())
                        || allow.iter().any(|a| a == &word.text.to_lowercase())
                    {
                        continue;
                    }
                    let range = block.source_range(word.start, word.end);
                    let deletion = block.source_range(prev.end, word.end);
                    let mut diagnostic = Diagnostic::new(
                        META.id,
                        ctx.severity,
                        range,
                        format!("`{}` is printed twice in a row", word.text),
                    )
                    .with_selector(&block.selector)
                    .with_help("delete the second one");
                    // Safe only when the source between the words is plain
                    // whitespace, so deleting it cannot remove markup.
                    let raw_gap = doc.source.slice(deletion);
                    if raw_gap.len() >= word.text.len()
                        && raw_gap[..raw_gap.len() - word.text.len()]
                            .chars()
                            .all(char::is_whitespace)
                        && raw_gap.ends_with(word.text)
                    {
                        diagnostic = diagnostic.with_fix(Fix::safe(deletion, ""));
                    }
                    out.push(diagnostic);
                }
            }
        }
    }
}
