//! The invariant every position in copydesk rests on, as one check the
//! corpus test, the regression tests and the `html_blocks` fuzz target
//! share: every character of every block maps back to source text that
//! prints as that character, and to stored bytes that decode to that text.

use crate::document::Document;
use crate::html::entities::decode_at;
use crate::source::TextRange;

/// Whether source text `raw` can print as `ch` in a block: the character
/// itself, an entity or character reference for it, whitespace or markup
/// for a space, a NUL for U+FFFD, a CR or CR LF for a line feed.
pub fn prints_as(raw: &str, ch: char) -> bool {
    if ch == ' ' {
        return raw.chars().all(char::is_whitespace)
            || raw.starts_with('<')
            || raw.starts_with('&');
    }
    let mut utf8 = [0u8; 4];
    raw == ch.encode_utf8(&mut utf8)
        || decode_at(raw.as_bytes())
            .is_some_and(|(chars, _, len)| len == raw.len() && chars.contains(&ch))
        || (ch == '\u{FFFD}' && raw == "\0")
        || (ch == '\n' && (raw == "\r\n" || raw == "\r"))
}

/// What the check found on one page.
#[derive(Debug, Default)]
pub struct PositionReport {
    /// Characters checked.
    pub checked: usize,
    /// One line per character that maps wrongly, the first `limit` of them.
    pub wrong: Vec<String>,
    /// How many characters map wrongly in all.
    pub wrong_count: usize,
}

/// Checks every character of every block of `doc`; the stored bytes too
/// when the page is UTF-8 or in a single-byte encoding (where a character's
/// bytes decode on their own). Lists at most `limit` wrong characters.
pub fn check_positions(doc: &Document, limit: usize) -> PositionReport {
    let source = doc.source;
    let stored_checked = source.encoding == encoding_rs::UTF_8 || source.encoding.is_single_byte();
    let mut report = PositionReport::default();
    for block in &doc.blocks {
        for (offset, ch) in block.text.char_indices() {
            report.checked += 1;
            let range = block.source_range(offset, offset + ch.len_utf8());
            let problem = match source.text.get(range.start..range.end) {
                None => Some(format!("maps outside the text: {range:?}")),
                Some(raw) if !prints_as(raw, ch) => {
                    let shown: String = raw.chars().take(60).collect();
                    Some(format!("maps to {shown:?}"))
                }
                Some(raw) if stored_checked => {
                    let (start, end) = source.stored_range(TextRange::new(range.start, range.end));
                    let (decoded, _) = source
                        .encoding
                        .decode_without_bom_handling(&source.bytes()[start..end]);
                    (decoded != raw)
                        .then(|| format!("stored bytes {start}..{end} decode to {decoded:?}"))
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                report.wrong_count += 1;
                if report.wrong.len() < limit {
                    report.wrong.push(format!(
                        "{}: {ch:?} at {offset} of {:?} {problem}",
                        source.display_path(),
                        block.selector
                    ));
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn entities_spaces_and_line_breaks_print_as_their_characters() {
        assert!(prints_as("&amp;", '&'));
        assert!(prints_as("&#8217;", '\u{2019}'));
        assert!(prints_as("\n  ", ' '));
        assert!(prints_as("<br>", ' '));
        assert!(prints_as("\r\n", '\n'));
        assert!(prints_as("é", 'é'));
        assert!(!prints_as("&amp;", 'a'));
        assert!(!prints_as("x", 'y'));
    }

    #[test]
    fn a_clean_page_has_no_wrong_characters() {
        let source = SourceFile::from_bytes(
            "a.html".into(),
            "<p>Caf&eacute; &amp; cr\u{e8}me, <b>bold</b>\n text</p>"
                .as_bytes()
                .to_vec(),
        )
        .unwrap();
        let doc = Document::parse(&source).unwrap();
        let report = check_positions(&doc, 10);
        assert_eq!(report.wrong, Vec::<String>::new());
        assert_eq!(report.checked, "Café & crème, bold text".chars().count());
    }
}
