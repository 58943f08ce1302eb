//! Small text utilities shared by rules: words with their offsets, and the
//! cap on how long a word the fuzzy rules will look at.

/// The longest word, in characters, that the fuzzy rules (`glossary-spelling`,
/// `glossary-diacritics`, `inconsistent-spelling`) compare with other words.
///
/// A longer word is not a name: it is a base64 blob, a hash or a URL pasted
/// into text. Comparing words one edit apart costs the square of their
/// length (one key per deleted character, each as long as the word), so a
/// 300 KB blob would take minutes; above this cap it costs nothing. The
/// longest names and words in the glossaries and dictionaries are under 50
/// characters ("pneumonoultramicroscopicsilicovolcanoconiosis" is 45).
pub const MAX_NAME_CHARS: usize = 64;

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
    c.is_alphanumeric()
}

/// Splits text into words: runs of letters and digits, with internal
/// apostrophes (’ or ') and hyphens kept ("don't", "Soyuz-FG", "MS-09").
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the start of a word.
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
                // Keep the joiner only when a word character follows it.
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
