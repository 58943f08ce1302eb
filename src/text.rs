//! Small text utilities shared by rules: words with their offsets.

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
    fn word_offsets_slice_back() {
        let text = "Café au lait";
        for w in words(text) {
            assert_eq!(&text[w.start..w.end], w.text);
        }
    }
}
