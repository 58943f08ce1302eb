//! Small text utilities shared by rules: words with their offsets, and the
//! cap on how long a word the fuzzy rules will look at, and fast answers to
//! what they ask of each character ([`chars`]).

mod char_entry;
pub mod chars;

/// The longest word, in characters, that the fuzzy rules (`glossary-spelling`,
/// `glossary-diacritics`, `inconsistent-spelling`) compare with other words.
///
/// A longer word is not a name: it is a base64 blob, a hash, a URL or
/// run-together text pasted into a page. Comparing words one edit apart
/// costs the square of their length (one key per deleted character, each as
/// long as the word), so a 300 KB blob would take minutes; above this cap it
/// costs nothing. The glossary's error model (`glossary::typo`) also sizes
/// its fixed buffers by it.
pub const MAX_NAME_CHARS: usize = 40;

/// Whether a word is short enough to be a name (see [`MAX_NAME_CHARS`]).
/// Stops counting at the cap, so a huge word costs no more than a long one.
pub fn is_name_length(word: &str) -> bool {
    word.chars().nth(MAX_NAME_CHARS).is_none()
}

/// A word of a block's text and its byte range in that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Whether a character continues a word: letters, digits, and apostrophes or
/// hyphens between letters are handled by [`words`].
fn is_word_char(c: char) -> bool {
    chars::is_alphanumeric(c)
}

/// Splits text into words: runs of letters and digits, with internal
/// apostrophes (’ or ') and hyphens kept ("don't", "Soyuz-FG", "MS-09").
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    Words { text, pos: 0 }
}

/// The iterator of [`words`]. It reads bytes and decodes a character only
/// where the byte is not ASCII: most article text is, and every rule's words
/// come through here.
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Words<'_> {
    /// The character at byte `i` (a character boundary), if any.
    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            Some(char::from(b))
        } else {
            self.text.get(i..).and_then(|rest| rest.chars().next())
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        // Skip to the start of a word.
        loop {
            let c = self.char_at(self.pos)?;
            if is_word_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        let start = self.pos;
        let end = loop {
            let Some(c) = self.char_at(self.pos) else {
                break self.text.len();
            };
            if is_word_char(c) {
                self.pos += c.len_utf8();
                continue;
            }
            if matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}') {
                // Keep the joiner only when a word character follows it.
                let after = self.char_at(self.pos + c.len_utf8());
                if after.is_some_and(is_word_char) {
                    self.pos += c.len_utf8();
                    continue;
                }
            }
            break self.pos;
        };
        Some(Word {
            text: &self.text[start..end],
            start,
            end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation, over `char_indices`: the byte reader must
    /// split exactly as it did.
    fn words_by_chars(text: &str) -> Vec<Word<'_>> {
        let mut chars = text.char_indices().peekable();
        std::iter::from_fn(move || {
            let (start, _) = loop {
                let (i, c) = chars.next()?;
                if is_word_char(c) {
                    break (i, c);
                }
            };
            let mut end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if is_word_char(c) {
                    chars.next();
                    continue;
                }
                if matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}') {
                    let after = text[i + c.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        chars.next();
                        continue;
                    }
                }
                end = i;
                break;
            }
            Some(Word {
                text: &text[start..end],
                start,
                end,
            })
        })
        .collect()
    }

    #[test]
    fn byte_reader_splits_as_the_char_reader() {
        for text in [
            "",
            " ",
            "a",
            "-a- b' 'c don’t ‐x‐y‑z MS-09 -",
            "Soyuz-FG's crew – don’t “stop” MS-09, 3.5 km",
            "Ærø--øre é' 'é 東京 タワー x\u{0301}y 1,000 a-",
            "end-",
            "end'",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_chars(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_keep_internal_apostrophes_and_hyphens() {
        let found: Vec<&str> = words("Soyuz-FG's crew – don’t “stop” MS-09, 3.5 km")
            .map(|w| w.text)
            .collect();
        assert_eq!(
            found,
            [
                "Soyuz-FG's",
                "crew",
                "don’t",
                "stop",
                "MS-09",
                "3",
                "5",
                "km"
            ]
        );
    }

    #[test]
    fn words_over_the_cap_are_not_names() {
        assert!(is_name_length(&"é".repeat(MAX_NAME_CHARS)));
        assert!(!is_name_length(&"é".repeat(MAX_NAME_CHARS + 1)));
        assert!(is_name_length(""));
    }

    #[test]
    fn word_offsets_slice_back() {
        let text = "Café au lait";
        for w in words(text) {
            assert_eq!(&text[w.start..w.end], w.text);
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_reader_splits_any_text_as_the_char_reader(text in "[a-zé'’\\- .東\u{2010}\u{2011}]{0,24}") {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_chars(&text));
        }
    }
}
