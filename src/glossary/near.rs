//! Near misses of glossary words: when a word one edit from a glossary word
//! is that word misspelled.
//!
//! A word is compared with the glossary's words without case and accents,
//! and must be exactly one edit from one of them (insertion, deletion,
//! substitution or adjacent transposition: two edits make other names).
//! Whether that edit is a misspelling depends on the evidence, and there are
//! three kinds, any one of which is enough:
//!
//! - **The glossary alone**, for unknown words on English pages: not an
//!   English word or known name, and not inside a run of other capitalised
//!   words (then it is part of another name: "Kamala Harris" is not
//!   "Kampala"). From `min_length` letters (default 6) any single edit
//!   counts: in a long word one edit is a small part of it. Five-letter
//!   words need a slip of the fingers ([`super::typo`]) that is not an
//!   ending grammar could make ("Hodna" for "Honda", not "Ghani" for
//!   "Ghana", nor "Handa" without the page's word for it).
//! - **The page**: the glossary word is printed correctly elsewhere in the
//!   page's prose (not only in handles or paths: "Design_Jeong" does not
//!   make "Kim Jong" a slip), and this spelling is the minority (once, or
//!   at most half as often as the right one). The edit must look like a
//!   typing slip ([`super::typo`]), and the word must not itself be known. This is what
//!   catches short names ("Cgina" on a page that says "China" four times),
//!   names inside a run of names ("Adolf Hitoer" on a page that says
//!   "Hitler", "David Sier" on one that says "Stier"; there, as another
//!   person's name is likely, only a slip of the fingers: not "Kenji Handa"
//!   for "Honda"), and slips on pages in other languages, where
//!   the English word lists cannot vouch for anything but the page still
//!   can: there only slips of the fingers count, and not at a sentence
//!   start, where a capital says nothing ("Cada" in Portuguese is no slip
//!   of "Casa").
//! - **The term's other words**: the slip sits inside a multi-word term
//!   whose other words stand around it exactly ("Ilhan Omra"). An unknown
//!   word needs a plausible slip; a real word needs one too, and the term's
//!   word must not be an English word itself: "Warren Buffet" misspells
//!   "Warren Buffett" (the name "Buffett" is no word), but "International
//!   Labor Organization" is the American spelling of a word, not a slip.
//!
//! Always required, for every kind (each a principle, not a tuned constant):
//! - four letters or more, and at most [`typo::MAX_LETTERS`]: one edit in a
//!   three-letter word makes another word, and a forty-letter "word" is a
//!   URL or a hash; and where a slip is needed, a four-letter word needs a
//!   slip of the fingers, not of the ear (a vowel for a vowel makes another
//!   short name: Jong/Jang);
//! - the first letter and the digits equal the term's: misspellings rarely
//!   change the first letter, and "MS-08" vs "MS-09" is a different flight;
//! - acronyms are never matched fuzzily, and a lowercase word never matches
//!   a capitalised term (it is some other word);
//! - an accent or an inner capital the term does not have is another
//!   language's spelling or a brand ("Japón", "MissK"), and a hyphen or
//!   apostrophe added or dropped is house style, never a slip (the glossary
//!   alone still reports it on long words, as the house's spelling);
//! - a letter added at the end is grammar, not a slip ("Sonys", "Ivanova"),
//!   and so is a one-word term's plural "s" or derivation ending dropped
//!   ("Superbug" for "Superbugs", "Bahrain" for "Bahraini"; but inside a
//!   multi-word name nothing inflects: "Los Angele"); on pages in
//!   other languages so is any letter dropped at the end or a final vowel
//!   changed (declension: "Europas", "Americano");
//! - a spelling printed twice or more on a page that never prints the
//!   glossary's spelling is the author writing about something else, unless
//!   the term's other words around it say which name it is.
//!
//! A word ending in "s" is also tried without it, so that plurals and
//! plural possessives of a misspelled name ("Spnys", "Spnys'") are found
//! like the bare name; the finding covers only the name and the fix keeps
//! the ending, as it keeps "'s".

use super::fold::{has_diacritics, with_folded, with_lower};
use super::lexicon::Lexicon;
use super::matcher::{Cmp, Tok, adapt_case, first_upper, inner_capitals, same_digits};
use super::parse::is_acronym;
use super::scratch::NearScratch;
use super::typo::{self, Slip};
use super::{Candidate, Glossary, Match, MatchKind, MatchOptions};

/// Shortest word ever judged a near miss: in three letters one edit makes
/// another word (Jon/Jan, Ted/Tad).
const MIN_LETTERS: usize = 4;

/// Shortest word the glossary alone can show misspelled, when the edit is a
/// typing slip: in four letters one slip still makes another name more often
/// than not ("Sony"/"Sonu", "Iran"/"Iram"), so four-letter words need the
/// page's evidence. Five-letter names one edit from a country that the
/// corpus showed (Tsonga/Tonga, Bevin/Benin, Ghani/Ghana) are none of them
/// typing slips.
const MIN_LETTERS_ALONE: usize = 5;

/// Inflections of English words: removing one may turn an unknown word into
/// a known one ("spacewalked", "meteors"). Longest first.
const INFLECTIONS: &[&str] = &["ing", "ers", "ed", "es", "er", "ly", "s", "d"];

/// Derivations of names (demonyms, adjectives): "Kenyans", "Bahraini",
/// "Ghanaian". Only tried on names and glossary words, never on English
/// words ("Kennedi" is not "kenned" + "i").
const DERIVATIONS: &[&str] = &["ians", "ian", "ese", "ish", "ans", "an", "s", "n", "i"];

/// Whether the word at `start` begins a sentence: only opening quotes or
/// brackets between it and the start of the block or the end of the last
/// sentence.
fn starts_sentence(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or_default();
    let last = before
        .trim_end_matches(|c: char| {
            c.is_whitespace() || "\"'([\u{201c}\u{2018}\u{ab}\u{bf}\u{a1}".contains(c)
        })
        .chars()
        .next_back();
    last.is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\u{2026}'))
}

/// `base` followed by `suffix`, built on the stack when it fits.
fn with_appended<R>(base: &str, suffix: char, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 72];
    let n = base.len();
    if n + suffix.len_utf8() > buf.len() {
        return f(&format!("{base}{suffix}"));
    }
    buf[..n].copy_from_slice(base.as_bytes());
    let tail = suffix.encode_utf8(&mut buf[n..]).len();
    match std::str::from_utf8(&buf[..n + tail]) {
        Ok(s) => f(s),
        Err(_) => f(&format!("{base}{suffix}")),
    }
}

/// The stems of a page word tried as a near miss, with where each ends: the
/// word without a possessive, then without a plural "s" ("Spnys" ->
/// "Spny"), so the fix keeps the ending.
fn stems<'a>(tok: &Tok<'a>) -> impl Iterator<Item = &'a str> {
    let stem = tok.stem;
    // Made only when asked for: most words stop at the first.
    let plural = std::iter::once_with(move || {
        stem.strip_suffix('s')
            .filter(|s| !s.ends_with('s') && s.chars().count() >= MIN_LETTERS)
    });
    std::iter::once(stem).chain(plural.flatten())
}

/// Whether a word can be judged at all: four to forty letters, starting
/// with a letter, with a lowercase letter (all capitals are acronyms and
/// headline styling). Bounded in the word's length.
fn has_name_shape(word: &str) -> bool {
    // One pass: this runs for every word of the page.
    let mut chars = word.chars();
    let Some(first) = chars.next().filter(|c| c.is_alphabetic()) else {
        return false;
    };
    let (mut letters, mut lowercase) = (1, first.is_lowercase());
    for c in chars.take(typo::MAX_LETTERS) {
        letters += 1;
        lowercase |= c.is_lowercase();
    }
    (MIN_LETTERS..=typo::MAX_LETTERS).contains(&letters) && lowercase
}

/// A page word judged as a near miss.
#[derive(Clone, Copy)]
struct Printed<'a> {
    /// The block text and its words; the word is `toks[i]`.
    text: &'a str,
    toks: &'a [Tok<'a>],
    i: usize,
    /// The word up to a possessive or plural ending.
    word: &'a str,
    /// An English word, known name or inflection of one.
    known: bool,
    /// Whether `word` has diacritics, and its capitals after the first
    /// letter: compared with every candidate form word's, so read once.
    diacritics: bool,
    inner_capitals: usize,
}

/// Which evidence backs a near miss (see the module docs).
#[derive(Debug, Clone, Copy)]
struct Evidence {
    /// Long and unknown on an English page, not inside another name.
    alone: bool,
    /// The glossary word printed on the page, this spelling the minority.
    page: bool,
    /// A multi-word term's other words stand around the word.
    context: bool,
}

impl Glossary {
    /// Whether `word` is a word of some correct glossary form (any case,
    /// any accents), without allocating.
    fn knows_word(&self, word: &str) -> bool {
        with_folded(word, |f| self.vocab_ids.contains_key(f))
    }

    /// Whether a word is known to be a real word: a glossary word, an English
    /// word, a known name, a compound of known parts, or an inflection or
    /// derivation of one.
    pub(super) fn is_known(&self, word: &str, lex: &Lexicon) -> bool {
        let english = |w: &str| with_lower(w, |l| lex.is_english(l)) || self.knows_word(w);
        let name = |w: &str| lex.is_name(w) || self.knows_word(w);
        let known_exactly =
            |w: &str| w.chars().all(|c| c.is_ascii_digit()) || english(w) || lex.is_name(w);
        if known_exactly(word) {
            return true;
        }
        if word.contains(['-', '\u{2010}', '\u{2011}']) {
            return word
                .split(['-', '\u{2010}', '\u{2011}'])
                .all(|part| !part.is_empty() && known_exactly(part));
        }
        let base_of = |suffix: &&str| {
            word.strip_suffix(*suffix)
                .filter(|base| base.chars().count() >= 3)
        };
        INFLECTIONS
            .iter()
            .filter_map(base_of)
            .any(|base| english(base) || with_appended(base, 'e', english))
            || DERIVATIONS.iter().any(|suffix| {
                // A vowel-initial ending may replace a final "a": "Kenyans",
                // "Chinese" (not "Honds": "Honda" + "s" would keep its "a").
                base_of(suffix).is_some_and(|base| {
                    name(base)
                        || (suffix.starts_with(['a', 'e', 'i']) && with_appended(base, 'a', name))
                })
            })
    }

    /// Whether the page words `first..=last` have a neighbour that looks
    /// like part of a name: capitalised, not a sentence-initial English word
    /// nor the pronoun "I" ("the Hodna I own"), and separated only by spaces
    /// (or an initial's period).
    fn in_name_run(
        &self,
        text: &str,
        toks: &[Tok],
        first: usize,
        last: usize,
        lex: &Lexicon,
    ) -> bool {
        let is_name_part = |t: &Tok| {
            t.text != "I"
                && t.text.chars().any(char::is_uppercase)
                && (t.text.chars().count() == 1 || !with_lower(t.text, |l| lex.is_english(l)))
        };
        let joined = |a: &Tok, b: &Tok| {
            let gap = &text[a.end..b.start];
            !gap.is_empty() && gap.trim_start_matches('.').chars().all(char::is_whitespace)
        };
        let before = first
            .checked_sub(1)
            .and_then(|k| toks.get(k))
            .is_some_and(|t| joined(t, &toks[first]) && is_name_part(t));
        let after = toks
            .get(last + 1)
            .is_some_and(|t| joined(&toks[last], t) && is_name_part(t));
        before || after
    }

    /// What a page word is on its own (for [`NearScratch::verdict`]):
    /// whether it is a glossary word (never a near miss, nor is its plural
    /// stem: "Roscosmos" is not "Roscosmo" + "s") and whether it is known;
    /// `ids` gets the glossary words one edit away that keep its first
    /// letter and digits (empty for a glossary word).
    pub(super) fn verdict(&self, word: &str, ids: &mut Vec<u32>) -> bool {
        ids.clear();
        if self.knows_word(word) {
            return true;
        }
        with_folded(word, |folded| {
            self.index.candidates_into(folded, ids);
            ids.retain(|&id| {
                self.vocab.get(id as usize).is_some_and(|v| {
                    v.folded.chars().next() == folded.chars().next()
                        && same_digits(&v.folded, folded)
                        && typo::slip(folded, &v.folded).is_some()
                })
            });
        });
        false
    }

    /// A near miss at word `i`.
    pub(super) fn near_at<'t>(
        &self,
        text: &'t str,
        toks: &[Tok<'t>],
        i: usize,
        block: usize,
        options: &MatchOptions,
        scratch: &mut NearScratch<'_, 't>,
    ) -> Option<Match> {
        let tok = toks[i];
        // Most words of a page: lowercase, and no glossary word printed
        // lowercase is within a letter of their length with their first
        // letter, so none can be their correction (a lowercase word never
        // is a capitalised term's near miss). Settled with one table read.
        if !first_upper(tok.text) && stems(&tok).all(|w| !self.lowercase_reach.may_reach(w)) {
            return None;
        }
        // Near misses need prose around them (see `min_block_words`), and
        // identifiers are not prose.
        if toks.len() < options.min_block_words || super::is_glued(text, tok.start, tok.end) {
            return None;
        }
        // A stem with nothing in reach that the next stem is tried after
        // only if it is unknown; whether it is, is asked only if that next
        // stem has something in reach (see `Verdict::known`).
        let mut must_be_unknown: Option<&'t str> = None;
        for word in stems(&tok) {
            // Cheap checks first: this runs for every word of the page.
            if !has_name_shape(word) {
                return None;
            }
            // Most words: no glossary word within one edit, nor one itself,
            // shown by their letters and length without a hash; then
            // `scratch.verdict` would find nothing in reach either.
            if !self.shapes.may_be_near(word) {
                must_be_unknown = Some(word);
                continue;
            }
            // A glossary word is never a misspelling, and a known word is
            // not a plural of a slip ("Roscosmos" is not "Roscosmo" + "s").
            if scratch.verdict(self, word) {
                return None;
            }
            // Without a glossary word in reach there is nothing to judge.
            if scratch.ids.is_empty() {
                must_be_unknown = Some(word);
                continue;
            }
            if let Some(before) = must_be_unknown.take()
                && scratch.known(self, before)
            {
                return None;
            }
            let known = scratch.known(self, word);
            let options = &scratch.resolved(options);
            let printed = Printed {
                text,
                toks,
                i,
                word,
                known,
                diacritics: has_diacritics(word),
                inner_capitals: inner_capitals(word),
            };
            let candidates = self.near_candidates(&printed, options, scratch);
            if !candidates.is_empty() {
                return Some(Match {
                    kind: MatchKind::Near,
                    block,
                    start: tok.start,
                    end: tok.start + word.len(),
                    candidates,
                });
            }
            if known {
                return None;
            }
        }
        None
    }

    /// The corrections of a page word that enough evidence backs.
    fn near_candidates(
        &self,
        printed: &Printed,
        options: &MatchOptions,
        scratch: &mut NearScratch<'_, '_>,
    ) -> Vec<Candidate> {
        let Printed {
            toks,
            i,
            word,
            known,
            ..
        } = *printed;
        let page_upper = first_upper(word);
        if known {
            // A real word can only be a slip inside a multi-word name: it
            // must be capitalised like one and stand next to a word of the
            // glossary. Checked first because most words are known.
            let near_glossary_word = |k: Option<usize>| {
                k.and_then(|k| toks.get(k))
                    .is_some_and(|t| self.knows_word(t.stem))
            };
            if !options.english
                || !page_upper
                || !(near_glossary_word(i.checked_sub(1)) || near_glossary_word(Some(i + 1)))
            {
                return Vec::new();
            }
        }
        with_folded(word, |folded| {
            // The candidates [`NearScratch::verdict`] left for this word.
            let ids = std::mem::take(&mut scratch.ids);
            let mut out = Vec::new();
            for &id in &ids {
                self.judge_vocab_word(printed, folded, id, options, scratch, &mut out);
            }
            scratch.ids = ids;
            // Consistent usage of another spelling: printed twice or more
            // while the glossary spelling never appears, unless the term's
            // other words say which name it is ("Warren Buffet" twice).
            if !out.iter().any(|(_, context)| *context)
                && !out.is_empty()
                && scratch.count(word) >= 2
                && out.iter().all(|(c, _)| scratch.count(&c.replacement) == 0)
            {
                out.clear();
            }
            out.into_iter().map(|(c, _)| c).collect()
        })
    }

    /// Adds to `out` the corrections of a page word (`folded`: without case
    /// and accents) by glossary word `id` that enough evidence backs, each
    /// with whether the term's other words stand around it.
    fn judge_vocab_word(
        &self,
        printed: &Printed,
        folded: &str,
        id: u32,
        options: &MatchOptions,
        scratch: &mut NearScratch<'_, '_>,
        out: &mut Vec<(Candidate, bool)>,
    ) {
        let Printed {
            text,
            toks,
            i,
            word,
            known,
            diacritics,
            inner_capitals: capitals,
        } = *printed;
        let Some(vocab) = self.vocab.get(id as usize) else {
            return;
        };
        if vocab.folded.chars().next() != folded.chars().next()
            || !same_digits(&vocab.folded, folded)
        {
            return;
        }
        let Some(slip) = typo::slip(folded, &vocab.folded) else {
            return;
        };
        let lex = Lexicon::get();
        let letters = word.chars().count();
        let page_upper = first_upper(word);
        for &(f, pos) in &vocab.postings {
            let pos = usize::from(pos);
            // Cheapest checks first: a large glossary has many postings.
            if pos > i {
                continue;
            }
            let form = &self.forms[f as usize];
            let form_word = &form.words[pos];
            let term_upper = first_upper(form_word);
            if (term_upper && !page_upper) || is_acronym(form_word) {
                continue;
            }
            if (diacritics && !has_diacritics(form_word)) || capitals != inner_capitals(form_word) {
                continue;
            }
            let multi = form.words.len() > 1;
            if !Self::ending_is_a_slip(slip, folded, &vocab.folded, multi, options) {
                continue;
            }
            if known && (!multi || lex.is_english(&vocab.folded)) {
                continue;
            }
            let case_sensitive = self.terms[form.term as usize].case_sensitive;
            let cmp = Cmp::Spelling { case_sensitive };
            let Some(last) = self.fits(text, toks, i - pos, form, cmp, Some(pos)) else {
                continue;
            };
            // Long words may be any one edit from the term; a five-letter
            // word only a typing slip that grammar cannot explain.
            let long_enough = letters >= options.min_length.max(MIN_LETTERS)
                || (letters >= MIN_LETTERS_ALONE
                    && slip.is_keyboard_slip()
                    && !slip.is_inflection_like());
            // On a page in another language the word lists cannot vouch for
            // a capitalised word at a sentence start, and a vowel for a vowel
            // is as often grammar (Français/François): only keyboard slips
            // inside sentences. Inside a run of names a four-letter word is
            // a name part too often ("Kim Jong") for the page to vouch.
            let slip_fits = if options.english {
                slip.is_plausible_in(letters)
            } else {
                slip.is_keyboard_slip() && !starts_sentence(text, toks[i].start)
            };
            let in_run = !multi && self.in_name_run(text, toks, i - pos, last, lex);
            let evidence = Evidence {
                alone: options.english && !known && long_enough && !in_run,
                context: multi && slip_fits,
                page: !known && slip_fits && (!in_run || slip.is_keyboard_slip()) && {
                    let (printed, right) = (scratch.count(word), scratch.count(form_word));
                    right >= 1 && (printed <= 1 || 2 * printed <= right)
                },
            };
            if !(evidence.alone || evidence.page || evidence.context) {
                continue;
            }
            let replacement = adapt_case(form_word, word);
            if !out.iter().any(|(c, _)| c.replacement == replacement) {
                let candidate = Candidate {
                    replacement,
                    term: form.term,
                };
                out.push((candidate, evidence.context));
            }
        }
    }

    /// Whether an edit at the end of a word can be a slip rather than
    /// grammar: a letter added at the end never is ("Sonys", "Ivanova"), nor
    /// is a one-word term's plural "s" or a derivation's ending dropped
    /// ("Superbug" for "Superbugs", "Bahrain" for "Bahraini", "Artona" for
    /// "Artonan"; `multi`: inside a multi-word term nothing inflects); on
    /// a page in another language neither is any letter dropped at the end
    /// or a final vowel changed (declension and gender: "Europas",
    /// "Americano").
    fn ending_is_a_slip(
        slip: Slip,
        printed: &str,
        meant: &str,
        multi: bool,
        options: &MatchOptions,
    ) -> bool {
        match slip {
            Slip::Added { at_end: true, .. } => false,
            _ if !options.english => !slip.is_inflection_like(),
            Slip::Dropped { at_end: true } if !multi => {
                let dropped = meant.chars().next_back();
                let before = printed.chars().next_back();
                !matches!(
                    (before, dropped),
                    (_, Some('s' | 'i')) | (Some('a'), Some('n'))
                )
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_starts() {
        let text = "Que absurdo? \u{201c}Cada um. E Kim Jong, (Casa";
        let at = |w: &str| starts_sentence(text, text.find(w).unwrap_or(0));
        assert!(at("Que"));
        assert!(at("Cada"));
        assert!(at("E "));
        assert!(!at("Kim"));
        assert!(!at("Jong"));
        assert!(!at("Casa"));
    }

    #[test]
    fn appended_on_the_stack_or_not() {
        assert_eq!(with_appended("manag", 'e', str::to_owned), "manage");
        let long = "x".repeat(100);
        assert_eq!(with_appended(&long, 'a', |s| s.len()), 101);
    }

    #[test]
    fn derivations_of_names_are_known_but_a_name_with_an_s_for_its_a_is_not() {
        let terms = Glossary::parse("t.txt", "Honda\nKenya\nChina\nBahrain\n", false)
            .expect("glossary parses");
        let g = Glossary::from_terms(terms);
        let lex = Lexicon::get();
        for known in ["Kenyans", "Kenyan", "Chinese", "Bahraini", "Hondas"] {
            assert!(g.is_known(known, lex), "{known}");
        }
        assert!(!g.is_known("Honds", lex));
        assert_eq!(
            g.suggest("the version of the Honds I own").as_deref(),
            Some("the version of the Honda I own")
        );
    }

    #[test]
    fn name_shapes() {
        for (word, shaped) in [
            ("Soyuz-FG", true),
            ("Chna", true),
            ("Chn", false),
            ("NASA", false),
            ("4real", false),
            ("\u{e9}cole", true),
            (&"a".repeat(typo::MAX_LETTERS), true),
            (&"a".repeat(typo::MAX_LETTERS + 1), false),
        ] {
            assert_eq!(has_name_shape(word), shaped, "{word}");
        }
    }

    #[test]
    fn plural_stems_are_tried_after_the_word() {
        let toks = super::super::matcher::tokenize("Spnys Sony's Bass");
        let all: Vec<Vec<&str>> = toks.iter().map(|t| stems(t).collect()).collect();
        assert_eq!(all, [vec!["Spnys", "Spny"], vec!["Sony"], vec!["Bass"]]);
    }
}
