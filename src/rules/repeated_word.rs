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
//! The comparison ignores case ("The the"). Not flagged, because they are
//! not typing slips:
//! - grammatical doubles: "had had", "that that", "is is" in "what it is is";
//! - numbers ("in 2018 2019" is a list);
//! - words separated by markup (`Save<br>Save your selections`, two adjacent
//!   links in a tag cloud): a slip typed in an editor has only spaces between;
//! - capitalised doubles, which are names ("Bora Bora", "Goo Goo Dolls"), and
//!   "new New Zealand", where the second word starts a proper noun;
//! - a word three or more times in a row ("fix fix fix"), which is deliberate;
//! - code (`code`, `pre`, `kbd`);
//! - pages in other languages (`<html lang>`), where doubling is often grammar
//!   (Indonesian "biasa biasa", Korean, Japanese): see `languages`.
//!
//! ## Options
//!
//! ## Fix safety
//! Safe: it deletes the repeated word and the whitespace before it, nothing else.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::repeats::Token;
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use crate::text::Word;
use serde::{Deserialize, Serialize};

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
    fix: FixAvailability::Safe,
    source: include_str!("repeated_word.rs"),
    options: OptionsSchema::of::<RepeatedWordOptions>(),
};

/// `[rules.repeated-word]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct RepeatedWordOptions {
    pub allow: Vec<String>,
    pub languages: Vec<String>,
}

impl Default for RepeatedWordOptions {
    fn default() -> Self {
        RepeatedWordOptions {
            allow: DEFAULT_ALLOW.iter().map(|w| w.to_string()).collect(),
            languages: vec!["en".to_owned()],
        }
    }
}

impl RuleOptions for RepeatedWordOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "allow",
            kind: OptionKind::StringList,
            doc: "Doubled words that are grammatical, never flagged (case is ignored).",
        },
        OptionSpec {
            name: "languages",
            kind: OptionKind::StringList,
            doc: "Language codes (from `<html lang>`) of the pages to check; pages that \
                  declare no language are checked, and `[]` checks every page.",
        },
    ];
}

impl Rule for RepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = ctx.options::<RepeatedWordOptions>();
        let allow: Vec<String> = options.allow.iter().map(|w| w.to_lowercase()).collect();
        if !page_language_selected(doc, &options.languages) {
            return;
        }
        for (index, block) in doc.blocks.iter().enumerate() {
            // The page's shared word split (see `PageFacts::tokens`).
            let all = ctx.facts.tokens(index);
            let word_at = |t: &Token| Word {
                text: &block.text[t.range()],
                start: t.start(),
                end: t.end(),
            };
            for (i, pair) in all.windows(2).enumerate() {
                // Most neighbouring words differ in length: compared by their
                // ranges before either is sliced out of the text.
                if pair[0].range().len() != pair[1].range().len() {
                    continue;
                }
                let (prev, word) = (word_at(&pair[0]), word_at(&pair[1]));
                let gap = &block.text[prev.end..word.start];
                // Cheap checks first: most neighbouring words differ in length.
                let is_double = prev.text.len() == word.text.len()
                    && (prev.text.eq_ignore_ascii_case(word.text)
                        || (!prev.text.is_ascii()
                            && prev.text.to_lowercase() == word.text.to_lowercase()));
                // Only whitespace between them: "the, the" is deliberate.
                if !is_double || !gap.chars().all(char::is_whitespace) || gap.is_empty() {
                    continue;
                }
                let lower = word.text.to_lowercase();
                let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
                let tripled = |w: Option<&Token>| {
                    w.is_some_and(|w| block.text[w.range()].to_lowercase() == lower)
                };
                if word.text.chars().all(|c| c.is_ascii_digit())
                    || allow.iter().any(|a| a == &lower)
                    || capitalised(word.text)
                    || tripled(all.get(i + 2))
                    || (i > 0 && tripled(all.get(i - 1)))
                    || block.overlaps_code(prev.start, word.end)
                {
                    continue;
                }
                let range = block.source_range(word.start, word.end);
                let deletion = block.source_range(prev.end, word.end);
                // Markup between the words means two items side by side
                // (links, a line break), not a slip of the keyboard.
                let prev_end = block.source_range(prev.start, prev.end).end;
                let raw_gap = doc.source.text.get(prev_end..range.start).unwrap_or("<");
                if raw_gap.contains('<') {
                    continue;
                }
                {
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

/// Whether the page's declared language is one of `languages` (by primary
/// subtag). Pages that declare none are checked; an empty list checks all.
pub(crate) fn page_language_selected(doc: &Document, languages: &[String]) -> bool {
    if languages.is_empty() {
        return true;
    }
    match doc.lang() {
        None => true,
        Some(lang) => {
            let primary = lang.split(['-', '_']).next().unwrap_or(&lang);
            languages.iter().any(|l| l.eq_ignore_ascii_case(primary))
        }
    }
}
