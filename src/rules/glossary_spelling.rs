//! ## What it does
//! Flags a word that looks like a misspelling of a glossary term: "Soyug-FG"
//! for "Soyuz-FG", "micrometeroid" for "micrometeoroid", "Alexy Ovchinin" for
//! "Aleksey Ovchinin". Glossaries come from `glossaries = [...]` in
//! `copydesk.toml` and `--glossary FILE`; the built-in packs
//! (`builtin:spaceflight`, `builtin:countries`, `builtin:us-states`,
//! `builtin:organizations`) are on by default.
//!
//! A word is flagged when it spells one of a term's `wrong` forms, or when it
//! is one edit (a letter added, dropped, changed, or two neighbours swapped)
//! from a word of a term and the term's other words stand around it
//! ("Kennedi Space Center"). Multi-word terms are matched word for word; the
//! finding covers only the words that are wrong.
//!
//! ## Why it matters
//! Spellcheckers do not know "Ovchinin" or "Soyuz-FG", so they either flag
//! every name or none. A glossary knows the right spelling, and a name spelled
//! wrong is the error readers and the people named notice first.
//!
//! ## Example
//! ```html
//! <p>... rode to space atop a Soyug-FG rocket on June 6, 2018.</p>
//! ```
//! Flags "Soyug-FG"; the fix writes "Soyuz-FG".
//!
//! To keep false alarms rare, a near miss is only reported when the word has
//! at least `min-length` letters (and at most 64 characters: a longer "word"
//! is a pasted blob or hash, not a name), is not itself a glossary word, an English
//! word, a known name (SCOWL lists in `rules/words/`), a compound or
//! inflection of those, keeps the term's first letter and digits ("MS-08" is
//! not a typo of "MS-09"), and is not printed twice or more on a page that
//! never uses the glossary's spelling (then the author means something else).
//! Acronyms are never matched fuzzily. Shorter names need a `wrong` entry.
//! A word with accents the term lacks ("Japón") is another language's
//! spelling; a one-word term inside a run of capitalised words ("Kamala
//! Harris" near "Kampala") is part of another name; a word glued into a
//! handle, path or domain ("Lila_Vitoria"), or in a block of one or two
//! words (menus, language pickers: "Danmark"), is not prose; and near misses are only
//! looked for on English pages (`<html lang>` absent or `en*`, and most
//! lowercase words English), because the word lists that keep real words from
//! being flagged are English.
//!
//! ## Options
//!
//! ## Fix safety
//! Safe when there is exactly one candidate and the flagged text has no markup
//! or character references inside it: the fix replaces the wrong words with
//! the glossary's spelling and nothing else. With several candidates they are
//! listed in the message and there is no fix.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::glossary::{Lexicon, Match, MatchKind, MatchOptions};
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

pub struct GlossarySpelling;

static META: RuleMeta = RuleMeta {
    id: "glossary-spelling",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A misspelling of a glossary term (\"Soyug-FG\" for \"Soyuz-FG\")",
    fix: FixAvailability::Safe,
    source: include_str!("glossary_spelling.rs"),
    options: OptionsSchema::of::<GlossarySpellingOptions>(),
};

/// `[rules.glossary-spelling]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct GlossarySpellingOptions {
    pub min_length: usize,
    pub include_diacritics: bool,
}

impl Default for GlossarySpellingOptions {
    fn default() -> Self {
        GlossarySpellingOptions {
            // The matcher's own default, so it is written once.
            min_length: MatchOptions::default().min_length,
            include_diacritics: false,
        }
    }
}

impl RuleOptions for GlossarySpellingOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "min-length",
            kind: OptionKind::at_least(4),
            doc: "Fewest letters a word needs before a near miss is reported. `wrong` \
                  forms are flagged at any length.",
        },
        OptionSpec {
            name: "include-diacritics",
            kind: OptionKind::Bool,
            doc: "Also report forms that differ from a term only by accents (\"Aunon\" \
                  for \"Auñón\") here, as misspellings with a safe fix, instead of leaving \
                  them to `glossary-diacritics` (disable that rule when you turn this on).",
        },
    ];
}

impl Rule for GlossarySpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let configured = ctx.options::<GlossarySpellingOptions>();
        let include_diacritics = configured.include_diacritics;
        let options = MatchOptions {
            min_length: configured.min_length,
            near: is_english_page(doc),
            ..MatchOptions::default()
        };
        let matches = doc
            .shared
            .glossary_matches
            .get_or_init(|| find(doc, ctx, &options));
        for m in matches {
            let m = m.clone();
            if m.kind == MatchKind::Diacritics && !include_diacritics {
                continue;
            }
            let found = matched_text(doc, &m);
            let message = match m.candidates.as_slice() {
                [one] => format!(
                    "`{found}` looks like a misspelling of `{}`{}",
                    one.replacement,
                    about(ctx, one.term, &one.replacement)
                ),
                many => format!(
                    "`{found}` looks like a misspelling of one of: {}",
                    many.iter()
                        .map(|c| format!("`{}`", c.replacement))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(diagnostic(doc, ctx, &m, META.id, message, true));
        }
    }
}

/// Whether a page is English enough for the English word lists to judge
/// it: its `<html lang>` is absent or English, and at least three quarters
/// of its lowercase words of three letters or more are English words. The
/// share catches pages that declare `lang="en"` but are written in German
/// or Indonesian; real English prose scores well above 0.9.
pub(crate) fn is_english_page(doc: &Document) -> bool {
    *doc.shared
        .english_page
        .get_or_init(|| english_share_high(doc))
}

fn english_share_high(doc: &Document) -> bool {
    let lang = doc.html.dom.root_element().value().attr("lang");
    if lang.is_some_and(|l| !l.trim().to_ascii_lowercase().starts_with("en")) {
        return false;
    }
    let lex = Lexicon::get();
    let (mut english, mut total) = (0usize, 0usize);
    for block in &doc.blocks {
        for w in crate::text::words(&block.text) {
            if w.text.chars().count() >= 3 && w.text.chars().all(char::is_lowercase) {
                total += 1;
                english += usize::from(lex.is_english(w.text));
            }
        }
    }
    total == 0 || english * 4 >= total * 3
}

/// The glossary matches of a document's blocks.
pub(crate) fn find(doc: &Document, ctx: &RuleContext, options: &MatchOptions) -> Vec<Match> {
    let glossary = &ctx.resources.glossary;
    if glossary.is_empty() {
        return Vec::new();
    }
    let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    glossary.find(&texts, options)
}

/// The flagged words as printed in the block text.
pub(crate) fn matched_text<'d>(doc: &'d Document, m: &Match) -> &'d str {
    doc.blocks
        .get(m.block)
        .and_then(|b| b.text.get(m.start..m.end))
        .unwrap_or_default()
}

/// " (in `Full Term`: note)" for a candidate, whichever parts add something.
pub(crate) fn about(ctx: &RuleContext, term: u32, replacement: &str) -> String {
    let Some(term) = ctx.resources.glossary.term(term) else {
        return String::new();
    };
    let full = (term.term != replacement).then(|| format!("in `{}`", term.term));
    let parts: Vec<String> = full.into_iter().chain(term.note.clone()).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(": "))
    }
}

/// A diagnostic for a match, with a fix when there is exactly one candidate
/// and the source text of the span is exactly the block text (no markup or
/// character references a replacement would destroy).
pub(crate) fn diagnostic(
    doc: &Document,
    ctx: &RuleContext,
    m: &Match,
    rule: &'static str,
    message: String,
    safe: bool,
) -> Diagnostic {
    let Some(block) = doc.blocks.get(m.block) else {
        return Diagnostic::new(rule, ctx.severity, Default::default(), message);
    };
    let range = block.source_range(m.start, m.end);
    let mut diagnostic =
        Diagnostic::new(rule, ctx.severity, range, message).with_selector(&block.selector);
    if let [one] = m.candidates.as_slice() {
        diagnostic = diagnostic.with_help(format!("write `{}`", one.replacement));
        if doc.source.slice(range) == matched_text(doc, m) {
            let fix = if safe {
                Fix::safe(range, one.replacement.clone())
            } else {
                Fix::unsafe_(range, one.replacement.clone())
            };
            diagnostic = diagnostic.with_fix(fix);
        }
    }
    diagnostic
}
