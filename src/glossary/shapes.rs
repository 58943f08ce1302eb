//! The letters and lengths of glossary words, by first letter: a check,
//! cheaper than any hash of the word, that an ASCII page word is more than
//! one edit from every glossary word that starts with its first letter, so
//! neither is it one of them nor can it be a near miss of one.
//!
//! One edit (a letter added, dropped, changed, or two neighbours swapped)
//! changes the length by at most one, adds at most one letter the other
//! word lacks and drops at most one. A word's letters are kept as a set of
//! bits; its length picks the few glossary words to compare it with.

/// Longest word length with its own bucket; longer page words are always
/// let through (the matcher never judges words that long).
const MAX_LEN: usize = 63;

/// The most letter sets one page word is compared with. A bucket holds the
/// glossary words of one first letter and about one length: a handful for
/// the built-in glossaries, but hundreds for a user's glossary of 100,000
/// terms, where scanning them for every page word would cost more than the
/// hash lookups this check is there to spare. A larger bucket lets every
/// word through.
const MAX_SCAN: usize = 32;

/// The set of characters of a word as bits: `a` to `z` one bit each, any
/// other character one of the remaining bits, shared with others. Two
/// characters sharing a bit only make two sets look closer than they are,
/// so a comparison of sets never rules out a word that is within reach.
pub(super) fn letters(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            _ => 26 + c as u32 % 38,
        };
        set | 1 << bit
    })
}

/// Whether two letter sets ([`letters`]) can be one edit apart: each has
/// at most one character the other lacks.
fn sets_within_one_edit(a: u64, b: u64) -> bool {
    (a & !b).count_ones() <= 1 && (b & !a).count_ones() <= 1
}

/// Per ASCII first byte and page-word length, the letter sets of the words
/// starting with that byte within one letter of that length.
#[derive(Debug, Default)]
pub(super) struct Shapes {
    /// `sets[starts[b]..starts[b + 1]]`: bucket `b = first * 64 + length`.
    starts: Vec<u32>,
    sets: Vec<u64>,
}

impl Shapes {
    /// The shapes of `words` (folded: lowercase, accents removed). Words
    /// whose first character is not ASCII are left out: an ASCII word never
    /// starts like them.
    pub(super) fn build<'a>(words: impl Iterator<Item = &'a str>) -> Shapes {
        let mut entries: Vec<(usize, u64)> = Vec::new();
        for word in words {
            let Some(first) = word.chars().next().filter(char::is_ascii) else {
                continue;
            };
            let (n, set) = (word.chars().count(), letters(word.chars()));
            for len in n.saturating_sub(1)..=(n + 1).min(MAX_LEN) {
                entries.push((first as usize * (MAX_LEN + 1) + len, set));
            }
        }
        entries.sort_unstable();
        entries.dedup();
        let buckets = 128 * (MAX_LEN + 1);
        let mut starts = vec![0u32; buckets + 1];
        for &(bucket, _) in &entries {
            starts[bucket + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        Shapes {
            starts,
            sets: entries.into_iter().map(|(_, set)| set).collect(),
        }
    }

    /// Whether `word` may be within one edit of a word starting with its
    /// first letter (any case): false only when it is not. Words that are
    /// not ASCII, or longer than the buckets, are always let through.
    pub(super) fn may_be_near(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return true;
        };
        if word.len() >= MAX_LEN || !word.is_ascii() {
            return true;
        }
        let bucket = usize::from(first.to_ascii_lowercase()) * (MAX_LEN + 1) + word.len();
        let (Some(&from), Some(&to)) = (self.starts.get(bucket), self.starts.get(bucket + 1))
        else {
            return true;
        };
        let Some(sets) = self.sets.get(from as usize..to as usize) else {
            return true;
        };
        if sets.len() > MAX_SCAN {
            return true;
        }
        // Folded, an ASCII word is lowercased: the same letters.
        let set = letters(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        sets.iter().any(|&other| sets_within_one_edit(set, other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_one_edit_away_pass_and_others_mostly_do_not() {
        let shapes = Shapes::build(["china", "soyuz-fg", "bogota", "\u{3b1}lpha"].into_iter());
        for word in [
            "China", "CHINA", "Cgina", "Chna", "Chinna", "Hcina", "Soyug-FG",
        ] {
            // "Hcina" starts with another letter: only the first letter
            // lowercased is compared, so it is ruled out.
            assert_eq!(shapes.may_be_near(word), word != "Hcina", "{word}");
        }
        for word in ["Chicago", "Crane", "Bogus", "Soyuz-FG-2", "Alpha", ""] {
            assert_eq!(shapes.may_be_near(word), word.is_empty(), "{word}");
        }
        // Not ASCII, or too long for a bucket: let through.
        assert!(shapes.may_be_near("Chín"));
        assert!(shapes.may_be_near(&"C".repeat(MAX_LEN)));
        assert!(!Shapes::build(std::iter::empty()).may_be_near("China"));
    }

    #[test]
    fn a_crowded_bucket_is_not_scanned() {
        // 40 five-letter words starting with `c` that "Crane" is not near:
        // scanned, "Crane" would be ruled out; past the cap it goes through.
        let words: Vec<String> = (0..40u8)
            .map(|i| {
                format!(
                    "c{}{}yz",
                    char::from(b'a' + i % 20),
                    char::from(b'a' + i / 20)
                )
            })
            .collect();
        let shapes = Shapes::build(words.iter().map(String::as_str).take(MAX_SCAN / 3));
        assert!(!shapes.may_be_near("Cqqqq"));
        let crowded = Shapes::build(words.iter().map(String::as_str));
        assert!(crowded.may_be_near("Cqqqq"));
    }

    #[test]
    fn a_word_ruled_out_is_no_glossary_word_and_has_none_in_reach() {
        // Small alphabets, so that many page words are glossary words or
        // one edit from one, in any case.
        let alphabet = ['a', 'b', 'c', 'd', 'e', '-', '7', '\u{e9}', 'B'];
        let mut rng = crate::glossary::TestWords::new(0x2545_f491_4f6c_dd1d);
        let mut word = |n: u64| {
            let first = rng.pick(&['A', 'B', 'c']);
            std::iter::once(first)
                .chain(rng.word(&alphabet, n - 1).chars())
                .collect::<String>()
        };
        let text: String = (0..60).map(|i| word(3 + i % 6) + "\n").collect();
        let terms = crate::glossary::Glossary::parse("t.txt", &text, false).expect("parses");
        let glossary = crate::glossary::Glossary::from_terms(terms);
        let (mut ids, mut in_reach, mut ruled_out) = (Vec::new(), 0, 0);
        for i in 0..30_000 {
            let w = word(3 + i % 7);
            let is_glossary_word = glossary.verdict(&w, &mut ids);
            if is_glossary_word || !ids.is_empty() {
                assert!(glossary.shapes.may_be_near(&w), "{w}");
                in_reach += 1;
            } else {
                ruled_out += usize::from(!glossary.shapes.may_be_near(&w));
            }
        }
        assert!(in_reach > 500, "{in_reach}");
        assert!(ruled_out > 500, "{ruled_out}");
    }
}
