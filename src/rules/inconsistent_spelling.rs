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
//! Only capitalised words of four to forty letters are compared (not parts
//! of handles, paths or domain names), only on English pages (see
//! `glossary-spelling`), and only for typing slips (see the error model in
//! `src/glossary/typo.rs`):
//! - a letter dropped, or doubled or added from a touching key, inside the
//!   word, or two neighbours swapped, when the common spelling is printed
//!   at least twice and at least twice as often as the rare one
//!   ("Hidelberg", "Ovchinnin", "Starhip"); a random letter added more often
//!   makes another name (Bill/Brill, Role/Rolfe);
//! - a letter typed for its neighbour on the keyboard, or a vowel for a
//!   vowel ("Dwstiny", "Androud", "Neumenn"), only when the rare spelling
//!   is printed once and the common one twice or more: a changed letter
//!   more often makes another name, so it needs the page's majority.
//!
//! Four-letter names need a slip of the fingers, not of the ear ("Lygt"
//! for "Lyft", but not Jong/Jang). The rare spelling is never reported when it is an English word, a
//! known name (`rules/words/names.txt`: Allan and Allen are two people), or
//! a glossary word, and a pair is never reported when the edit is at the
//! end in a way grammar makes (a letter added or dropped at the end:
//! plurals, demonyms, feminine surnames, "Ivanov"/"Ivanova"; a final vowel
//! changed: "Ghana"/"Ghani") or is a hyphen or apostrophe (house style:
//! "E-Paper"/"Epaper"). Spellings that differ only in capitalisation, their
//! first letter or their digits are left alone, and so is a rare spelling
//! that is the text of a link to a page of that name (`/wiki/Zeeland` on a
//! page about New Zealand), one printed only in a reference list, which
//! quotes other works in their own spelling, or one printed in the same
//! sentence as the common spelling with a word that contrasts the two on
//! purpose ("corrects the spelling of the region to Tuva, not Tyva").
//!
//! ## Options
//!
//! ## Fix safety
//! Unsafe: the article's majority spelling is not an authority (the name may
//! be misspelled three times and right once), so the suggestion needs an
//! editor's check.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::glossary::{Lexicon, MAX_LETTERS, Slip, deletion_keys, is_glued, lower, slip};
use crate::repeats::Token;
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};
use crate::source::TextRange;
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
const MIN_LETTERS: usize = 4;

/// Spellings sharing one deletion key beyond which the key is passed over.
/// Every pair in a group is compared, so a page of generated words all one
/// letter apart ("Xaaaaa" with each letter of every script put in) would
/// cost the square of their number; no article has more than a handful of
/// names one edit from one string (the largest group on the 311 corpus
/// pages holds 6).
const MAX_GROUP: usize = 64;

/// One spelling of a capitalised word and where it is printed.
struct Spelling<'d> {
    text: &'d str,
    lower: String,
    /// Where it is printed, in page order.
    places: Vec<Place>,
}

/// (block index, start, end) of a word in its block's text.
type Place = (usize, usize, usize);

/// A capitalised word of [`MIN_LETTERS`] to [`MAX_LETTERS`] letters with a
/// lowercase letter after the first: longer words are blobs, not names, and
/// comparing them would cost the square of their length.
fn is_candidate(word: &str) -> bool {
    // The capital first: most words of prose fail there, before any count.
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && (MIN_LETTERS..=MAX_LETTERS).contains(&word.chars().take(MAX_LETTERS + 1).count())
}

/// Whether the rare spelling `rare`, printed `rare_count` times, is a
/// typing slip of `common`, printed `common_count` times (both lowercased).
///
/// Only typing slips qualify (`Slip::is_plausible`: a random letter added
/// more often makes another name: Bill/Brill, Role/Rolfe), in two kinds:
/// - a letter dropped, or doubled or added from a touching key, inside the
///   word, or two neighbours swapped, when the common spelling is printed
///   at least twice and at least twice as often as the rare one (a slip can
///   be copied);
/// - a letter typed for another on a touching key, or a vowel for a vowel
///   ("Dwstiny", "Neumenn"), only when the rare spelling is printed once
///   and the common one twice or more: a changed letter more often makes
///   another name (White/Whyte), so it needs the page's majority to speak.
///
/// Never: a letter added or dropped at the end (plurals, demonyms, feminine
/// surnames: "Ivanov"/"Ivanova"), a final vowel changed (Ghana/Ghani), a
/// hyphen or apostrophe added or dropped (house style: E-Paper/Epaper), or
/// a four-letter word changed any way but a slip of the keyboard (a vowel
/// for a vowel makes another short name: Jong/Jang).
fn is_typo_of(rare: &str, rare_count: usize, common: &str, common_count: usize) -> bool {
    if common_count < 2 || common_count < 2 * rare_count {
        return false;
    }
    let Some(slip) = slip(rare, common) else {
        return false;
    };
    if slip.is_inflection_like()
        || !slip.is_plausible_in(rare.chars().count().min(common.chars().count()))
    {
        return false;
    }
    match slip {
        Slip::Transposed { .. } | Slip::Dropped { .. } | Slip::Added { .. } => true,
        Slip::Substituted { .. } => rare_count == 1,
        Slip::Symbol { .. } => false,
    }
}

/// The last segment of a link's path: `zeeland` of `/wiki/zeeland/?ref=1`.
/// A link names a page about a spelling when this is the spelling (any
/// case): "/wiki/Zeeland", not a slug made from a longer link text
/// ("/category/jeongdong-perfomance-news/", which copies a slip along with
/// the rest).
fn last_segment(href: &str) -> &str {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

/// The links of one block by the last segment of their address
/// (ASCII-lowercased), each list sorted by where the link starts, with the
/// furthest end so far beside each: found in one walk of the block, so
/// asking about every place of a spelling costs a look-up and a binary
/// search each, not a walk of the block each (quadratic on a page printing
/// a name thousands of times).
#[derive(Default)]
struct BlockLinks {
    by_segment: FxHashMap<String, Vec<(TextRange, usize)>>,
}

impl BlockLinks {
    fn of(doc: &Document, b: usize) -> BlockLinks {
        let mut links = BlockLinks::default();
        let Some(node) = doc
            .blocks
            .get(b)
            .and_then(|block| doc.html.dom.tree.get(block.node))
        else {
            return links;
        };
        for d in node.descendants() {
            let Some(href) = d
                .value()
                .as_element()
                .filter(|el| el.name() == "a")
                .and_then(|el| el.attr("href"))
            else {
                continue;
            };
            if let Some(extent) = doc.html.element_extent(d.id()) {
                links
                    .by_segment
                    .entry(last_segment(href).to_ascii_lowercase())
                    .or_default()
                    .push((extent, 0));
            }
        }
        for list in links.by_segment.values_mut() {
            list.sort_by_key(|(extent, _)| (extent.start, extent.end));
            let mut furthest = 0;
            for (extent, end) in list.iter_mut() {
                furthest = furthest.max(extent.end);
                *end = furthest;
            }
        }
        links
    }

    /// Whether a link to a page named `lower` covers `range`.
    fn covers(&self, lower: &str, range: TextRange) -> bool {
        let Some(list) = self.by_segment.get(&lower.to_ascii_lowercase()) else {
            return false;
        };
        let before = list.partition_point(|(extent, _)| extent.start <= range.start);
        before > 0 && list[before - 1].1 >= range.end
    }
}

/// Whether the spelling at `start..end` of block `b` is the text of a link
/// to a page named by that spelling (`<a href="/wiki/Zeeland">Zeeland</a>`
/// on a page about New Zealand): the name of the page linked to, written on
/// purpose. A slip in a link's text leaves its address alone.
fn is_linked_name(doc: &Document, links: &BlockLinks, (b, start, end): Place, lower: &str) -> bool {
    doc.blocks
        .get(b)
        .is_some_and(|block| links.covers(lower, block.source_range(start, end)))
}

/// Whether block `b` is an entry of a reference list or a `cite`: a
/// citation reproduces another work's title and spelling ("He named the
/// country Staaten Land", quoting an old history of a page that writes
/// "Staten Land"), which is no slip of this article.
fn in_citation(doc: &Document, b: usize) -> bool {
    doc.blocks
        .get(b)
        .is_some_and(|block| crate::repeats::is_reference(doc, block))
}

impl Rule for InconsistentSpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        // The known-word guards are English word lists.
        if !ctx.facts.is_english() {
            return;
        }
        // Distinct spellings, with where each is printed.
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut spellings: Vec<Spelling> = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            // The page's shared word split (see `PageFacts::tokens`).
            for t in ctx.facts.tokens(b) {
                let Some(word) = block.text.get(t.range()) else {
                    continue;
                };
                let stem = word
                    .strip_suffix("'s")
                    .or_else(|| word.strip_suffix("\u{2019}s"))
                    .unwrap_or(word);
                if !is_candidate(stem) || is_glued(&block.text, t.start(), t.end()) {
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
                    .push((b, t.start(), t.start() + stem.len()));
            }
        }
        // Pairs one edit apart, found through shared deletion keys: linear
        // in the number of distinct spellings, never all pairs. One sorted
        // list of (key, spelling), not a vector per key: nearly every key
        // belongs to one spelling only.
        let mut keyed: Vec<(u64, usize)> = spellings
            .iter()
            .enumerate()
            .flat_map(|(id, s)| deletion_keys(&s.lower).map(move |key| (key, id)))
            .collect();
        keyed.sort_unstable();
        let groups = keyed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|g| g.len() > 1 && g.len() <= MAX_GROUP)
            .map(|g| g.iter().map(|&(_, id)| id));
        let lex = Lexicon::get();
        let glossary = &ctx.resources.glossary;
        let is_known = |s: &Spelling| {
            lex.is_english(&s.lower) || lex.is_name(s.text) || glossary.has_word(s.text)
        };
        let mut reported = vec![false; spellings.len()];
        // Found for a block on first need, kept for the rest of the page.
        let mut links: FxHashMap<usize, BlockLinks> = FxHashMap::default();
        let mut marks: FxHashMap<usize, SentenceMarks> = FxHashMap::default();
        for group in groups {
            for rare in group.clone() {
                for common in group.clone() {
                    let (r, c) = (&spellings[rare], &spellings[common]);
                    if reported[rare]
                        || rare == common
                        || r.lower == c.lower
                        || r.lower.chars().next() != c.lower.chars().next()
                        || !r
                            .lower
                            .chars()
                            .filter(char::is_ascii_digit)
                            .eq(c.lower.chars().filter(char::is_ascii_digit))
                        || !is_typo_of(&r.lower, r.places.len(), &c.lower, c.places.len())
                        || is_known(r)
                        || r.places.iter().any(|&p| {
                            let links =
                                links.entry(p.0).or_insert_with(|| BlockLinks::of(doc, p.0));
                            is_linked_name(doc, links, p, &r.lower)
                        })
                        || r.places.iter().all(|&(b, ..)| in_citation(doc, b))
                        || r.places.iter().all(|&p| {
                            let marks = marks
                                .entry(p.0)
                                .or_insert_with(|| SentenceMarks::of(doc, ctx, p.0));
                            contrasted(marks, p, c)
                        })
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

/// Words that, between two spellings in one sentence, set them against
/// each other on purpose.
const CONTRAST_WORDS: &[&str] = &[
    "not",
    "instead",
    "rather",
    "formerly",
    "previously",
    "misspelled",
    "misspelt",
    "spelled",
    "spelt",
    "spelling",
];

/// Where one block's sentences end and where its contrast words are, found
/// once per block, so judging every place of a spelling is a few binary
/// searches, not a scan of its sentence each.
struct SentenceMarks {
    /// Byte offsets of `.`, `!`, `?` and `;`.
    ends: Vec<usize>,
    /// (start, end) of each word of [`CONTRAST_WORDS`], in order.
    contrast: Vec<(usize, usize)>,
}

impl SentenceMarks {
    fn of(doc: &Document, ctx: &RuleContext, b: usize) -> SentenceMarks {
        let text = doc.blocks.get(b).map_or("", |block| block.text.as_str());
        SentenceMarks::new(text, ctx.facts.tokens(b))
    }

    /// The marks of a block's `text`, split into `tokens` (the page's words).
    fn new(text: &str, tokens: &[Token]) -> SentenceMarks {
        let ends = text
            .bytes()
            .enumerate()
            .filter(|(_, c)| matches!(c, b'.' | b'!' | b'?' | b';'))
            .map(|(i, _)| i)
            .collect();
        let contrast = tokens
            .iter()
            .filter(|t| {
                text.get(t.range())
                    .is_some_and(|w| CONTRAST_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
            })
            .map(|t| (t.start(), t.end()))
            .collect();
        SentenceMarks { ends, contrast }
    }

    /// Whether a contrast word lies wholly inside `from..to`.
    fn contrast_within(&self, from: usize, to: usize) -> bool {
        let first = self.contrast.partition_point(|&(start, _)| start < from);
        self.contrast.get(first).is_some_and(|&(_, end)| end <= to)
    }
}

/// Whether the rare spelling at `place` is set against the common one in
/// the same sentence: a deliberate contrast ("corrects the spelling of the
/// region to Tuva, not Tyva"), not a slip. Both spellings in one sentence
/// without such a word ("Ovchinin's crew and Ovchinnin waved") is a slip.
///
/// Only the common spelling's furthest place on each side within the
/// sentence needs a look: the words between it and the rare one include
/// those between any nearer place and the rare one.
fn contrasted(marks: &SentenceMarks, (b, start, _): Place, common: &Spelling) -> bool {
    // The sentence: after the last end before `start`, up to the first end
    // at or after it (no `.` in the text between the two spellings).
    let ends_before = marks.ends.partition_point(|&e| e < start);
    let sentence_start = ends_before
        .checked_sub(1)
        .and_then(|i| marks.ends.get(i))
        .map_or(0, |&e| e + 1);
    let sentence_end = marks.ends.get(ends_before).copied().unwrap_or(usize::MAX);
    // The common spelling's places in block `b`, in order.
    let places = &common.places;
    let from = places.partition_point(|&(cb, cs, _)| (cb, cs) < (b, sentence_start));
    let to = places.partition_point(|&(cb, cs, _)| (cb, cs) <= (b, sentence_end));
    let in_sentence = places.get(from..to).unwrap_or_default();
    let left = in_sentence.first().filter(|&&(_, cs, _)| cs < start);
    let right = in_sentence.last().filter(|&&(_, cs, _)| cs > start);
    left.is_some_and(|&(_, cs, _)| marks.contrast_within(cs, start))
        || right.is_some_and(|&(_, cs, _)| marks.contrast_within(start, cs))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_the_page_majority() {
        // Keyboard neighbours and vowels, once against twice or more.
        assert!(is_typo_of("dwstiny", 1, "destiny", 5));
        assert!(is_typo_of("neumenn", 1, "neumann", 2));
        assert!(is_typo_of("lygt", 1, "lyft", 2));
        assert!(is_typo_of("hidelberg", 1, "heidelberg", 2));
        // A changed letter printed twice is a spelling, not a slip.
        assert!(!is_typo_of("dwstiny", 2, "destiny", 5));
        // Needs a majority printed at least twice.
        assert!(!is_typo_of("neumenn", 1, "neumann", 1));
        // Not slips: a random letter, a vowel in a short name, endings.
        assert!(!is_typo_of("brill", 1, "bill", 2));
        assert!(!is_typo_of("jong", 1, "jang", 5));
        assert!(!is_typo_of("ivanova", 1, "ivanov", 3));
        assert!(!is_typo_of("ghani", 1, "ghana", 3));
        assert!(!is_typo_of("e-paper", 1, "epaper", 3));
    }

    #[test]
    fn links_to_a_page_of_that_name() {
        let names_page = |href: &str, lower: &str| {
            let mut links = BlockLinks::default();
            links.by_segment.insert(
                last_segment(href).to_ascii_lowercase(),
                vec![(TextRange::new(0, 9), 9)],
            );
            links.covers(lower, TextRange::new(1, 8))
        };
        assert!(names_page("/wiki/Zeeland", "zeeland"));
        assert!(names_page(
            "https://example.org/topics/zeeland/?ref=1",
            "zeeland"
        ));
        assert!(!names_page(
            "http://example.com/category/jeongdong-perfomance-news/",
            "perfomance"
        ));
        assert!(!names_page("/wiki/New_Zealand", "zealand"));
    }

    /// `contrasted` looks at the common spelling's furthest place on each
    /// side of the sentence only; it must answer as looking at every place
    /// does (the rule's first form, kept here as the reference).
    #[test]
    fn contrast_by_furthest_place_equals_contrast_by_every_place() {
        let every_place = |text: &str, start: usize, common: &[usize]| {
            common.iter().any(|&cs| {
                let (lo, hi) = (cs.min(start), cs.max(start));
                text.get(lo..hi).is_some_and(|between| {
                    !between.contains(['.', '!', '?', ';'])
                        && crate::text::words(between).any(|w| {
                            CONTRAST_WORDS
                                .iter()
                                .any(|c| w.text.eq_ignore_ascii_case(c))
                        })
                })
            })
        };
        let pieces = [
            "Tuva", "Tyva", "not", "the", "region", ".", ";", "instead", "of", ",",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..2000 {
            let len = 1 + next(14);
            let text = (0..len)
                .map(|_| pieces[next(pieces.len())])
                .collect::<Vec<_>>()
                .join(" ");
            let tokens = crate::repeats::tokens::tokens(&text);
            let at = |word: &str| -> Vec<usize> {
                tokens
                    .iter()
                    .filter(|t| &text[t.range()] == word)
                    .map(|t| t.start())
                    .collect()
            };
            let (rare, common) = (at("Tyva"), at("Tuva"));
            let spelling = Spelling {
                text: "Tuva",
                lower: "tuva".into(),
                places: common.iter().map(|&cs| (0, cs, cs + 4)).collect(),
            };
            let marks = SentenceMarks::new(&text, &tokens);
            for &start in &rare {
                assert_eq!(
                    contrasted(&marks, (0, start, start + 4), &spelling),
                    every_place(&text, start, &common),
                    "{text:?} at {start}"
                );
            }
        }
    }
}
