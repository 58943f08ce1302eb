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
//! To keep false alarms rare, a near miss needs evidence beyond one edit
//! (details in `src/glossary/near.rs`), one of:
//! - the glossary alone, on an English page: the word is not an English word
//!   or known name (SCOWL lists in `rules/words/`) nor an inflection of one,
//!   has at least `min-length` letters (or five, when the edit is a typing
//!   slip: "Hodna" for "Honda"), and is not part of a run of other names
//!   ("Kamala Harris" near "Kampala");
//! - the page: the term is printed correctly elsewhere on it and this
//!   spelling is the minority, and the edit is a typing slip (neighbouring
//!   letters swapped, a letter dropped, doubled or hit on a touching key,
//!   and from five letters a vowel for a vowel): "Cgina" and
//!   "Chna" on a page that says "China",
//!   from four letters, also inside a run of names ("Adolf Hitoer"; there
//!   only slips of the fingers, as another person is likely: "Kenji Handa"
//!   is no slip of "Honda") and on pages in other languages (there only
//!   slips of the fingers inside sentences);
//! - the term's other words around it, with a typing slip ("Ilhan Omra"),
//!   even when the word is an English word, provided the term's word is not
//!   ("Warren Buffet" for "Warren Buffett", but "Labor" is no slip of
//!   "Labour").
//!
//! Never flagged: glossary words, words that keep none of the term's first
//! letter or digits ("MS-08" is not a typo of "MS-09"), acronyms, a
//! lowercase word for a capitalised term, a word with accents or inner
//! capitals the term lacks ("Japón", "MissK"), a word glued into a handle,
//! path or domain ("Lila_Vitoria"), a word in a block of one or two words
//! (menus, language pickers: "Danmark"), an ending grammar makes ("Sonys",
//! "Robotic" for "Robotics", "Bahrain" for "Bahraini"), and a spelling
//! printed twice or more on a page that never prints the term's (then the
//! author means something else). Possessives and plurals of a misspelt name
//! ("Spny's", "Spnys'") are found like the bare name; the finding covers the
//! name and the fix keeps the ending. Words over forty letters are pasted
//! blobs or hashes, not names, and are never compared.
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
use crate::glossary::{MatchKind, MatchOptions};
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
            doc: "Fewest letters a word needs before a near miss is reported on the \
                  glossary's word alone. Words from four letters are still reported \
                  when the page backs them (see above); `wrong` forms are flagged at \
                  any length.",
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

    fn check(&self, _doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let configured = ctx.options::<GlossarySpellingOptions>();
        let include_diacritics = configured.include_diacritics;
        let facts = ctx.facts;
        let matches = facts.glossary_matches(configured.min_length);
        for m in matches.iter() {
            if m.kind == MatchKind::Diacritics && !include_diacritics {
                continue;
            }
            let found = facts.matched_text(m);
            let message = match m.candidates.as_slice() {
                [one] => format!(
                    "`{found}` looks like a misspelling of `{}`{}",
                    one.replacement,
                    facts.term_context(one.term, &one.replacement)
                ),
                many => format!(
                    "`{found}` looks like a misspelling of one of: {}",
                    many.iter()
                        .map(|c| format!("`{}`", c.replacement))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let Some(site) = facts.match_site(m) else {
                continue;
            };
            let mut diagnostic = Diagnostic::new(META.id, ctx.severity, site.range, message)
                .with_selector(site.selector);
            if let [one] = m.candidates.as_slice() {
                diagnostic = diagnostic.with_help(format!("write `{}`", one.replacement));
                if site.replaceable {
                    diagnostic =
                        diagnostic.with_fix(Fix::safe(site.range, one.replacement.clone()));
                }
            }
            out.push(diagnostic);
        }
    }
}
