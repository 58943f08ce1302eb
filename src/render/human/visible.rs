//! Terminal-safe text: control and invisible characters from a file or a
//! rule replaced by visible stand-ins, with their display width.
//!
//! A copy editor needs to see a stray zero-width space or bidi control, and
//! raw control characters from a file must never reach the terminal.

use unicode_width::UnicodeWidthChar;

/// Invisible characters a copy editor needs to see, shown as `<U+XXXX>`.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{200B}'..='\u{200F}'  // zero-width space, joiners, direction marks
        | '\u{202A}'..='\u{202E}'  // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'  // bidi isolates
        | '\u{FEFF}'               // zero-width no-break space (stray BOM)
    )
}

/// Appends how `c` is shown and returns its display width: tabs as four
/// spaces, C0 controls as their Unicode control pictures (`␍`), other
/// controls as `�`, invisible characters as `<U+200B>`.
pub(super) fn push_visible(c: char, out: &mut String) -> usize {
    match c {
        '\t' => {
            out.push_str("    ");
            4
        }
        '\u{0}'..='\u{1F}' => {
            out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
            1
        }
        '\u{7F}' => {
            out.push('\u{2421}');
            1
        }
        c if c.is_control() => {
            out.push('\u{FFFD}');
            1
        }
        c if is_invisible(c) => {
            let shown = format!("<U+{:04X}>", u32::from(c));
            out.push_str(&shown);
            shown.len()
        }
        c => {
            out.push(c);
            c.width().unwrap_or(0)
        }
    }
}

/// Text from a file or a rule made safe for a terminal (see [`push_visible`]).
pub(super) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisibles_get_stand_ins_of_the_right_width() {
        assert_eq!(visible("a\tb"), "a    b");
        assert_eq!(visible("\u{1b}[31m\r"), "\u{241b}[31m\u{240d}");
        assert_eq!(visible("\u{7f}\u{85}"), "\u{2421}\u{fffd}");
        assert_eq!(visible("soft\u{ad}hyphen"), "soft<U+00AD>hyphen");
        let mut shown = String::new();
        assert_eq!(push_visible('\u{200b}', &mut shown), "<U+200B>".len());
        assert_eq!(push_visible('東', &mut shown), 2);
        assert_eq!(push_visible('\u{301}', &mut shown), 0, "combining mark");
    }
}
