//! An error model of typing slips: what one edit between a printed word and
//! the word meant says about how likely the printed word is a typo.
//!
//! One edit is not one kind of evidence. Hands make a few mistakes far more
//! often than others: two neighbouring letters swapped ("Ltie"), a letter
//! left out ("Chna"), a letter typed twice or a neighbouring key hit as well
//! ("Ovchinnin", "Lyftg"), a key's neighbour hit instead of it ("Spny",
//! "Cgina"), and a vowel for another vowel, which is how names are misheard
//! ("Espenosa"). Any other single change ("Lyfb" for "Lyft": b is nowhere
//! near t) more often spells another word or name than slips from a keyboard.
//! The rules use [`Slip::is_plausible`] to let short words, and words backed
//! by weaker evidence, through only when the edit looks like a slip.
//!
//! Edits at the end of a word are marked ([`Slip::at_end`]): there a letter
//! added or dropped is as often grammar (a plural, a genitive, a feminine
//! surname, a declension) as a typo.
//!
//! Words are compared as given (callers fold case and accents first), on a
//! fixed-size buffer: no allocation, and words longer than [`MAX_LETTERS`]
//! are not names, so they are never judged.

/// Longest word judged: longer "words" are URLs, hashes or run-together text
/// (the one cap the fuzzy rules share, [`crate::text::MAX_NAME_CHARS`]).
pub const MAX_LETTERS: usize = crate::text::MAX_NAME_CHARS;

/// The one edit that turns the word meant into the word printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    /// Two neighbouring letters swapped.
    Transposed { at_end: bool },
    /// A letter of the word meant left out.
    Dropped { at_end: bool },
    /// A letter added: `doubled` when it repeats a neighbour, `neighbour`
    /// when its key is next to a neighbouring letter's key.
    Added {
        at_end: bool,
        doubled: bool,
        neighbour: bool,
    },
    /// A hyphen, apostrophe or digit added, dropped, changed or moved: house
    /// style ("Mu'awiyah"/"Muawiyah", "E-Paper"/"Epaper") or another thing
    /// ("MS-08"/"MS-09"), never a slip.
    Symbol { at_end: bool },
    /// One letter typed for another: `neighbour` when the keys touch,
    /// `vowels` when both are vowels.
    Substituted {
        at_end: bool,
        neighbour: bool,
        vowels: bool,
    },
}

impl Slip {
    /// Whether the edit is one hands or ears commonly make (see the module
    /// docs); a substitution of an unrelated letter or an unrelated letter
    /// added is not.
    pub fn is_plausible(self) -> bool {
        match self {
            Slip::Transposed { .. } | Slip::Dropped { .. } => true,
            Slip::Symbol { .. } => false,
            Slip::Added {
                doubled, neighbour, ..
            } => doubled || neighbour,
            Slip::Substituted {
                neighbour, vowels, ..
            } => neighbour || vowels,
        }
    }

    /// Whether the edit is a slip of the fingers, not of the ear: plausible,
    /// and not a vowel typed for a vowel on keys that do not touch. A
    /// changed vowel turns a name into another name several times as often
    /// as a touching key does (Jong/Jang, Honda/Handa; see the test
    /// `vowels_make_other_names_more_often_than_keys`), so it is the weakest
    /// plausible slip, and short words or weak evidence need this one.
    pub fn is_keyboard_slip(self) -> bool {
        match self {
            Slip::Substituted { neighbour, .. } => neighbour,
            _ => self.is_plausible(),
        }
    }

    /// Plausible for a word of `letters` letters: a keyboard slip in four
    /// letters or fewer, any plausible slip in longer words.
    pub fn is_plausible_in(self, letters: usize) -> bool {
        if letters <= 4 {
            self.is_keyboard_slip()
        } else {
            self.is_plausible()
        }
    }

    /// Whether the edit touches the last letter.
    pub fn at_end(self) -> bool {
        match self {
            Slip::Transposed { at_end }
            | Slip::Symbol { at_end }
            | Slip::Dropped { at_end }
            | Slip::Added { at_end, .. }
            | Slip::Substituted { at_end, .. } => at_end,
        }
    }

    /// Whether the edit is an ending grammar could have made: a letter
    /// added or dropped at the end, or a final vowel changed ("Ivanov" /
    /// "Ivanova", "Europa" / "Europas", "Americano" / "Americana").
    pub fn is_inflection_like(self) -> bool {
        match self {
            Slip::Added { at_end, .. } | Slip::Dropped { at_end } => at_end,
            Slip::Substituted { at_end, vowels, .. } => at_end && vowels,
            Slip::Transposed { .. } | Slip::Symbol { .. } => false,
        }
    }
}

/// QWERTY rows; row `r + 1` is shifted right of row `r`, so key `i` of a
/// row touches keys `i` and `i + 1` of the row above and `i - 1` and `i` of
/// the row below.
const ROWS: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];

fn key_position(c: char) -> Option<(usize, usize)> {
    let b = u8::try_from(c).ok()?;
    ROWS.iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&k| k == b).map(|i| (r, i)))
}

/// Whether two (lowercase ASCII) letters are on touching keys.
pub fn keys_touch(a: char, b: char) -> bool {
    let (Some((ra, ia)), Some((rb, ib))) = (key_position(a), key_position(b)) else {
        return false;
    };
    match (ra as isize - rb as isize, ia as isize - ib as isize) {
        (0, d) => d.abs() == 1,
        // `a` is one row below `b`: `b` is at `ia` or `ia + 1`.
        (1, d) => d == 0 || d == -1,
        (-1, d) => d == 0 || d == 1,
        _ => false,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Copies the chars of `s` into `buf`; `None` when longer than the buffer.
fn chars_into(s: &str, buf: &mut [char; MAX_LETTERS + 1]) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// The one edit that turns `meant` into `printed`, or `None` when they are
/// equal, more than one edit apart (optimal string alignment: adjacent
/// transpositions count as one edit), or longer than [`MAX_LETTERS`] + 1.
pub fn slip(printed: &str, meant: &str) -> Option<Slip> {
    // Most words compared are short ASCII (every index candidate of a page
    // word is checked): their bytes are their characters, so the edit is
    // read from them without copying.
    if printed.is_ascii() && meant.is_ascii() {
        if printed.len().max(meant.len()) > MAX_LETTERS + 1 {
            return None;
        }
        return edit_of(printed.as_bytes(), meant.as_bytes());
    }
    slip_by_chars(printed, meant)
}

/// [`slip`] on the words' characters, for any text.
fn slip_by_chars(printed: &str, meant: &str) -> Option<Slip> {
    let mut pb = ['\0'; MAX_LETTERS + 1];
    let mut mb = ['\0'; MAX_LETTERS + 1];
    let (pn, mn) = (chars_into(printed, &mut pb)?, chars_into(meant, &mut mb)?);
    edit_of(&pb[..pn], &mb[..mn])
}

/// The one edit between two words given as characters (`char`s, or the
/// bytes of ASCII words).
fn edit_of<T: Copy + PartialEq + Into<char>>(p: &[T], m: &[T]) -> Option<Slip> {
    let ch = |c: T| -> char { c.into() };
    // First and last positions where the two differ, from each end.
    let prefix = p.iter().zip(m).take_while(|(a, b)| a == b).count();
    if prefix == p.len() && prefix == m.len() {
        return None;
    }
    let suffix = p[prefix..]
        .iter()
        .rev()
        .zip(m[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (pd, md) = (&p[prefix..p.len() - suffix], &m[prefix..m.len() - suffix]);
    let letters = pd.iter().chain(md).all(|&c| ch(c).is_alphabetic());
    let at_end = |len: usize, last: usize| last + 1 >= len;
    let edit = match (pd.len(), md.len()) {
        (1, 1) => {
            let (a, b) = (ch(pd[0]), ch(md[0]));
            Some(Slip::Substituted {
                at_end: at_end(p.len(), prefix),
                neighbour: keys_touch(a, b),
                vowels: is_vowel(a) && is_vowel(b),
            })
        }
        (2, 2) if pd[0] == md[1] && pd[1] == md[0] => Some(Slip::Transposed {
            at_end: at_end(p.len(), prefix + 1),
        }),
        (0, 1) => Some(Slip::Dropped {
            at_end: at_end(m.len(), prefix),
        }),
        (1, 0) => {
            // The added letter's position is ambiguous inside a run of equal
            // letters; its neighbours in the printed word are what matter.
            let added = ch(pd[0]);
            let before = prefix.checked_sub(1).map(|i| ch(p[i]));
            let after = p.get(prefix + 1).map(|&c| ch(c));
            let next_to = |f: &dyn Fn(char) -> bool| before.is_some_and(f) || after.is_some_and(f);
            Some(Slip::Added {
                at_end: at_end(p.len(), prefix),
                doubled: next_to(&|c| c == added),
                neighbour: next_to(&|c| keys_touch(c, added)),
            })
        }
        _ => None,
    }?;
    // A hyphen, apostrophe or digit added, dropped or changed is house style
    // or another thing ("Mu'awiyah"/"Muawiyah", "MS-08"), not a slip.
    Some(if letters {
        edit
    } else {
        Slip::Symbol {
            at_end: edit.at_end(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_keys() {
        assert!(keys_touch('n', 'm'));
        assert!(keys_touch('p', 'o'));
        assert!(keys_touch('g', 't'));
        assert!(keys_touch('t', 'g'));
        assert!(keys_touch('i', 'k'));
        assert!(keys_touch('z', 's'));
        assert!(!keys_touch('b', 't'));
        assert!(!keys_touch('q', 'p'));
        assert!(!keys_touch('a', 'a'));
        assert!(!keys_touch('é', 'e'));
    }

    #[test]
    fn classifies_the_one_edit() {
        use Slip::*;
        let sub = |at_end, neighbour, vowels| Substituted {
            at_end,
            neighbour,
            vowels,
        };
        assert_eq!(slip("spny", "sony"), Some(sub(false, true, false)));
        assert_eq!(slip("cgina", "china"), Some(sub(false, true, false)));
        assert_eq!(slip("espenosa", "espinosa"), Some(sub(false, false, true)));
        assert_eq!(slip("lyfb", "lyft"), Some(sub(true, false, false)));
        assert_eq!(slip("ltie", "lite"), Some(Transposed { at_end: false }));
        assert_eq!(slip("mayre", "mayer"), Some(Transposed { at_end: true }));
        assert_eq!(slip("chna", "china"), Some(Dropped { at_end: false }));
        assert_eq!(slip("hitle", "hitler"), Some(Dropped { at_end: true }));
        assert_eq!(
            slip("ovchinnin", "ovchinin"),
            Some(Added {
                at_end: false,
                doubled: true,
                neighbour: false
            })
        );
        assert_eq!(
            slip("lyftg", "lyft"),
            Some(Added {
                at_end: true,
                doubled: false,
                neighbour: true
            })
        );
        assert_eq!(slip("sony", "sony"), None);
        assert_eq!(
            slip("muawiyah", "mu'awiyah"),
            Some(Symbol { at_end: false })
        );
        assert_eq!(slip("ms-08", "ms-09"), Some(Symbol { at_end: true }));
        assert_eq!(
            slip("e-paper", "epaper").map(Slip::is_plausible),
            Some(false)
        );
        assert_eq!(slip("snoy", "sony").map(Slip::is_plausible), Some(true));
        assert_eq!(slip("snoi", "sony"), None);
        assert_eq!(
            slip("sonys", "sony").map(Slip::is_inflection_like),
            Some(true)
        );
    }

    #[test]
    fn plausibility_follows_the_keyboard_and_the_ear() {
        let plausible = |p: &str, m: &str| slip(p, m).is_some_and(Slip::is_plausible);
        assert!(plausible("trmp", "trump"));
        assert!(plausible("ttump", "trump"));
        assert!(plausible("neumenn", "neumann"));
        assert!(!plausible("lyfb", "lyft"));
        assert!(!plausible("sanxorn", "sanborn"));
        assert!(!plausible("lyfqt", "lyft"));
        let keyboard = |p: &str, m: &str| slip(p, m).is_some_and(|s| s.is_plausible_in(4));
        assert!(keyboard("lygt", "lyft"));
        assert!(keyboard("audu", "audi"));
        assert!(!keyboard("jong", "jang"));
        assert!(!slip("handa", "honda").is_some_and(|s| s.is_keyboard_slip()));
        assert!(slip("braon", "braun").is_some_and(|s| s.is_plausible_in(5)));
        assert!(slip("espenosa", "espinosa").is_some_and(|s| s.is_plausible_in(8)));
    }

    /// The ground for trusting a vowel for a vowel less than a touching key:
    /// over the known names, changing one letter of a name for a vowel
    /// (keys apart) makes another known name several times as often as
    /// changing it for a touching key, at every length; and both get rarer
    /// as names get longer.
    #[test]
    fn vowels_make_other_names_more_often_than_keys() {
        let names: std::collections::HashSet<Vec<u8>> = include_str!("../../rules/words/names.txt")
            .lines()
            .filter(|n| n.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(|n| n.to_ascii_lowercase().into_bytes())
            .collect();
        let mut rates = Vec::new();
        for len in 4..=8 {
            // (vowel edits, of which names), (keyboard edits, of which names)
            let (mut vowel, mut keys) = ((0u32, 0u32), (0u32, 0u32));
            for name in names.iter().filter(|n| n.len() == len) {
                for i in 1..len {
                    for c in b'a'..=b'z' {
                        let (was, now) = (char::from(name[i]), char::from(c));
                        if was == now {
                            continue;
                        }
                        let mut other = name.clone();
                        other[i] = c;
                        let hit = u32::from(names.contains(&other));
                        if keys_touch(was, now) {
                            keys = (keys.0 + 1, keys.1 + hit);
                        } else if is_vowel(was) && is_vowel(now) {
                            vowel = (vowel.0 + 1, vowel.1 + hit);
                        }
                    }
                }
            }
            let rate = |(n, hit): (u32, u32)| f64::from(hit) / f64::from(n.max(1));
            rates.push((len, rate(vowel), rate(keys)));
        }
        for &(len, vowel, keys) in &rates {
            assert!(vowel > 2.0 * keys, "{len} letters: {vowel} vs {keys}");
        }
        for pair in rates.windows(2) {
            assert!(pair[1].1 < pair[0].1 && pair[1].2 < pair[0].2, "{rates:?}");
        }
    }

    #[test]
    fn overlong_words_are_never_judged() {
        let long = "a".repeat(MAX_LETTERS + 2);
        assert_eq!(slip(&long, "aaaa"), None);
        assert_eq!(slip("aaaa", &long), None);
        let longest = "a".repeat(MAX_LETTERS + 1);
        assert_eq!(
            slip(&longest, &"a".repeat(MAX_LETTERS)),
            slip_by_chars(&longest, &"a".repeat(MAX_LETTERS))
        );
    }

    #[test]
    fn ascii_words_slip_as_their_characters_do() {
        // Few letters, so most pairs are one edit apart: neighbouring keys,
        // vowels, doubled letters, symbols, and words at the length cap.
        let alphabet = ['a', 'e', 's', 'd', 'r', 't', '-', '7', 'A'];
        let mut rng = crate::glossary::TestWords::new(0x9e37_79b9_7f4a_7c15);
        let mut slips = 0;
        for i in 0..200_000u64 {
            let n = if i % 50 == 0 { 38 + i % 6 } else { 1 + i % 7 };
            let a = rng.word(&alphabet, n);
            // One random edit of `a`, or another word.
            let mut chars: Vec<char> = a.chars().collect();
            let at = (i as usize / 3) % (chars.len() + 1);
            match i % 5 {
                0 if at < chars.len() => chars[at] = rng.pick(&alphabet),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                2 => chars.insert(at, rng.pick(&alphabet)),
                3 if at + 1 < chars.len() => chars.swap(at, at + 1),
                _ => chars = rng.word(&alphabet, n).chars().collect(),
            }
            let b: String = chars.into_iter().collect();
            let want = slip_by_chars(&a, &b);
            assert_eq!(slip(&a, &b), want, "{a:?} {b:?}");
            slips += usize::from(want.is_some());
        }
        assert!(slips > 50_000, "{slips}");
    }
}
