//! ## What it does
//! Flags a capitalised name printed in two spellings one edit apart within
//! one article: "Ovchinin" three times and "Ovchinnin" once. The finding is at
//! the rarer spelling and suggests the common one. Needs no glossary and no
//! configuration.
//!
//! ## Why it matters
//! A name spelled two ways in one article is wrong at least once, whatever
//! the right spelling is. Spellcheckers cannot see it (they do not know the
//! name), and neither can a glossary that does not list it.
//!
//! ## Example
//! ```html
//! <p>Ovchinin said ... Ovchinin and Hague ... Ovchinnin added ...</p>
//! ```
//! Flags "Ovchinnin" and suggests "Ovchinin".
//!
//! Only words of five letters to 64 characters that start with a capital are
//! compared (not parts of handles, paths or domain names), only on English pages (see `glossary-spelling`), only for
//! typing slips (a letter dropped, doubled or swapped with its neighbour; a
//! changed letter more often makes another name: White/Whyte; a hyphen is
//! house style: E-Paper/Epaper), and a pair is reported only when the common spelling is printed
//! at least twice and at least twice as often as the rare one. The rare
//! spelling is never reported when it is an English word, a known name
//! (`rules/words/names.txt`: Allan and Allen are two people), a glossary
//! word, or the other spelling with one letter added at the end (plurals,
//! demonyms, feminine surnames: "Ivanov"/"Ivanova"). Spellings that differ
//! only in capitalisation, their first letter or their digits are left alone.
//!
//! ## Options
//!
//! ## Fix safety
//! Unsafe: the article's majority spelling is not an authority (the name may
//! be misspelled three times and right once), so the suggestion needs an
//! editor's check.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::glossary::{Lexicon, is_glued, lower};
use crate::rules::glossary_spelling::is_english_page;
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};
use crate::source::TextRange;
use crate::text::{is_name_length, words};
use rustc_hash::FxHashMap;

pub struct InconsistentSpelling;

static META: RuleMeta = RuleMeta {
    id: "inconsistent-spelling",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A name spelled two ways in one article (\"Ovchinin\"/\"Ovchinnin\")",
    fix: FixAvailability::Unsafe,
    source: include_str!("inconsistent_spelling.rs"),
    options: OptionsSchema::NONE,
};

/// Shortest name compared: below this one edit makes another real name.
const MIN_LETTERS: usize = 5;

/// One spelling of a capitalised word and where it is printed.
struct Spelling<'d> {
    text: &'d str,
    lower: String,
    /// (block index, start, end) in block text.
    places: Vec<(usize, usize, usize)>,
}

/// A capitalised word of [`MIN_LETTERS`] to [`MAX_NAME_CHARS`](crate::text::MAX_NAME_CHARS) characters
/// with a lowercase letter after the first: longer words are blobs, not
/// names, and comparing them would cost the square of their length.
fn is_candidate(word: &str) -> bool {
    is_name_length(word)
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && word.chars().count() >= MIN_LETTERS
}

/// Hashes of a word and of its one-character deletions (see the glossary
/// index): two words within one edit share one of them.
fn deletion_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut keys = vec![word.to_owned()];
    for skip in 0..chars.len() {
        keys.push(
            chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| c)
                .collect(),
        );
    }
    keys
}

/// Whether two spellings one edit apart differ the way typing slips do: a
/// letter dropped or doubled, or two neighbours swapped. A substituted letter
/// more often makes another name or word (White/Whyte, Jon/Jan,
/// Bulan/Bukan), and a hyphen or apostrophe is house style
/// (E-Paper/Epaper), so neither is reported.
fn is_slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() == b.len() {
        // A transposition: the only differences are two swapped neighbours.
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return diff.len() == 2
            && diff[1] == diff[0] + 1
            && a[diff[0]] == b[diff[1]]
            && a[diff[1]] == b[diff[0]]
            && a[diff[0]].is_alphabetic()
            && a[diff[1]].is_alphabetic();
    }
    let (long, short) = if a.len() > b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let at = (0..short.len())
        .find(|&i| long[i] != short[i])
        .unwrap_or(short.len());
    long[at].is_alphabetic()
}

/// Whether `long` is `short` with one letter added at the end.
fn is_suffixed(long: &str, short: &str) -> bool {
    long.strip_prefix(short)
        .is_some_and(|rest| rest.chars().count() == 1)
}

impl Rule for InconsistentSpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        // The known-word guards are English word lists.
        if !is_english_page(doc) {
            return;
        }
        // Distinct spellings, with where each is printed.
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut spellings: Vec<Spelling> = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            for w in words(&block.text) {
                let stem = w
                    .text
                    .strip_suffix("'s")
                    .or_else(|| w.text.strip_suffix("\u{2019}s"))
                    .unwrap_or(w.text);
                if !is_candidate(stem) || is_glued(&block.text, w.start, w.end) {
                    continue;
                }
                let id = *ids.entry(stem).or_insert_with(|| {
                    spellings.push(Spelling {
                        text: stem,
                        lower: lower(stem),
                        places: Vec::new(),
                    });
                    spellings.len() - 1
                });
                spellings[id]
                    .places
                    .push((b, w.start, w.start + stem.len()));
            }
        }
        // Pairs one edit apart, found through shared deletion keys: linear
        // in the number of distinct spellings, never all pairs.
        let mut by_key: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (id, s) in spellings.iter().enumerate() {
            for key in deletion_keys(&s.lower) {
                by_key.entry(key).or_default().push(id);
            }
        }
        let lex = Lexicon::get();
        let glossary = &ctx.resources.glossary;
        let is_known = |s: &Spelling| {
            lex.is_english(&s.lower) || lex.is_name(s.text) || glossary.has_word(s.text)
        };
        let mut reported = vec![false; spellings.len()];
        for group in by_key.values().filter(|g| g.len() > 1) {
            for &rare in group {
                for &common in group {
                    let (r, c) = (&spellings[rare], &spellings[common]);
                    if reported[rare]
                        || rare == common
                        || c.places.len() < 2
                        || c.places.len() < 2 * r.places.len()
                        || r.lower == c.lower
                        || r.lower.chars().next() != c.lower.chars().next()
                        || !r
                            .lower
                            .chars()
                            .filter(char::is_ascii_digit)
                            .eq(c.lower.chars().filter(char::is_ascii_digit))
                        || strsim::osa_distance(&r.lower, &c.lower) != 1
                        || !is_slip(&r.lower, &c.lower)
                        || is_suffixed(&r.lower, &c.lower)
                        || is_suffixed(&c.lower, &r.lower)
                        || is_known(r)
                    {
                        continue;
                    }
                    reported[rare] = true;
                    self.report(doc, ctx, r, c, out);
                }
            }
        }
    }
}

impl InconsistentSpelling {
    fn report(
        &self,
        doc: &Document,
        ctx: &RuleContext,
        rare: &Spelling,
        common: &Spelling,
        out: &mut Vec<Diagnostic>,
    ) {
        let first_common: Option<TextRange> = common
            .places
            .first()
            .and_then(|&(b, s, e)| doc.blocks.get(b).map(|block| block.source_range(s, e)));
        for &(b, start, end) in &rare.places {
            let Some(block) = doc.blocks.get(b) else {
                continue;
            };
            let range = block.source_range(start, end);
            let mut d = Diagnostic::new(
                META.id,
                ctx.severity,
                range,
                format!(
                    "`{}` is spelled `{}` {} times elsewhere in this article",
                    rare.text,
                    common.text,
                    common.places.len()
                ),
            )
            .with_selector(&block.selector)
            .with_help(format!(
                "check the name; if `{}` is right, write it here too",
                common.text
            ));
            if let Some(first) = first_common {
                d = d.with_related(first, format!("spelled `{}` here", common.text));
            }
            if doc.source.slice(range) == rare.text {
                d = d.with_fix(Fix::unsafe_(range, common.text));
            }
            out.push(d);
        }
    }
}
