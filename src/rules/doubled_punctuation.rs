//! ## What it does
//! Flags punctuation doubled by mistake: ",,", ";;", "::", ". ." and ", ,".
//!
//! ## Why it matters
//! A doubled comma or full stop is a typing slip that spellcheckers ignore and
//! readers notice ("Aviation Week & Space Technology,,").
//!
//! ## Example
//! ```html
//! <p>according to Aviation Week &amp; Space Technology,, the leak</p>
//! ```
//! Flags ",,"; the fix leaves one ",". A longer run (",,,,") is one finding
//! and one fix.
//!
//! Not flagged, because they are not slips:
//! - an ellipsis ("..." or "…"), and two full stops used as an informal
//!   ellipsis or truncation ("Loading..", "the result.." at the end of a
//!   headline, ".." followed by more text with no space); two full stops are
//!   flagged only when the sentence goes on after them ("etc.. requires");
//! - "?!" and "!!" (emphatic, a matter of style);
//! - marks not attached to a word on their left (" :: " as a separator);
//! - marks with a word character right after them ("PNAS..108", "1..5",
//!   `std::io`): identifiers, ranges and references, not prose;
//! - code (`code`, `pre`, `kbd`) and URLs;
//! - marks with an image, formula or other embedded content between them
//!   ("that is, <math>…</math>, then"): the reader sees something in between.
//!
//! ## Options
//!
//! ## Fix safety
//! Safe: it deletes the extra mark (and any space between the two).

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};

pub struct DoubledPunctuation;

static META: RuleMeta = RuleMeta {
    id: "doubled-punctuation",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "Punctuation doubled by mistake (\",,\" or \". .\")",
    fix: FixAvailability::Safe,
    source: include_str!("doubled_punctuation.rs"),
    options: OptionsSchema::NONE,
};

const MARKS: &[char] = &[',', ';', ':', '.'];

impl Rule for DoubledPunctuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        for block in &doc.blocks {
            let text = &block.text;
            if !may_double(text.as_bytes()) {
                continue;
            }
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                let (start, c) = chars[i];
                if !MARKS.contains(&c) {
                    i += 1;
                    continue;
                }
                // The same mark again, right after or after one space.
                let (mut next, gap) = match chars.get(i + 1) {
                    Some(&(_, n)) if n == c => (i + 1, false),
                    Some(&(_, ' ')) if chars.get(i + 2).is_some_and(|&(_, n)| n == c) => {
                        (i + 2, true)
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                // A longer run (",,,,") is one slip, flagged and fixed whole:
                // a fix per extra mark would take a pass each.
                if !gap {
                    while chars.get(next + 1).is_some_and(|&(_, n)| n == c) {
                        next += 1;
                    }
                }
                let run_end = chars[next..]
                    .iter()
                    .take_while(|&&(_, n)| n == c || n == ' ')
                    .count()
                    + next;
                let same_count = chars[i..run_end].iter().filter(|&&(_, n)| n == c).count();
                let before = i.checked_sub(1).map(|j| chars[j].1);
                let after = chars.get(next + 1).map(|&(_, n)| n);
                let after_space = chars.get(next + 2).map(|&(_, n)| n);
                let end = chars[next].0 + c.len_utf8();
                let attached_left = before.is_some_and(|b| {
                    b.is_alphanumeric()
                        || matches!(b, '"' | '\'' | ')' | ']' | '%' | '\u{201d}' | '\u{2019}')
                });
                let joined_right = after.is_some_and(char::is_alphanumeric);
                let token = word_around(text, start);
                let in_url = token.contains("://") || token.contains("www.");
                // Two full stops in a row read as an informal ellipsis unless
                // the sentence plainly goes on ("etc.. requires").
                let informal_ellipsis = c == '.'
                    && !gap
                    && !(after == Some(' ') && after_space.is_some_and(char::is_lowercase));
                let range = block.source_range(start, end);
                if (c == '.' && same_count >= 3)
                    || !attached_left
                    || joined_right
                    || in_url
                    || informal_ellipsis
                    || block.overlaps_code(start, end)
                    || has_embedded_content(doc.source.slice(range))
                {
                    i = run_end.max(i + 1);
                    continue;
                }
                let shown = &text[start..end];
                let mut diagnostic = Diagnostic::new(
                    META.id,
                    ctx.severity,
                    range,
                    format!("doubled punctuation `{shown}`"),
                )
                .with_selector(&block.selector)
                .with_help(format!("keep one `{c}`"));
                // Fix only when the source is exactly the marks (no markup or
                // entity in between), so the edit cannot break the HTML.
                if doc.source.slice(range) == shown {
                    diagnostic = diagnostic.with_fix(Fix::safe(range, c.to_string()));
                }
                out.push(diagnostic);
                i = next + 1;
            }
        }
    }
}

/// Whether a block's text holds a mark followed by the same mark, right
/// after or after one space: what every finding starts from. The marks are
/// ASCII, and ASCII bytes never occur inside another character in UTF-8,
/// so bytes tell; most blocks have none and are not decoded at all.
fn may_double(bytes: &[u8]) -> bool {
    let doubled_at = |i: usize| {
        let mark = bytes.get(i);
        bytes.get(i + 1) == mark || (bytes.get(i + 1) == Some(&b' ') && bytes.get(i + 2) == mark)
    };
    // memchr finds the marks far faster than a byte loop tests each byte.
    memchr::memchr3_iter(b',', b';', b':', bytes).any(doubled_at)
        || memchr::memchr_iter(b'.', bytes).any(doubled_at)
}

/// Whether source markup holds an element the reader sees as content
/// (an image, a formula, an embedded frame), so the marks are not adjacent.
fn has_embedded_content(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    [
        "<img", "<math", "<svg", "<iframe", "<video", "<audio", "<object", "<embed", "<input",
        "<picture",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// The whitespace-delimited token around a byte offset.
fn word_around(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::may_double;

    /// The byte-by-byte definition `may_double` must agree with.
    fn may_double_slowly(bytes: &[u8]) -> bool {
        bytes.iter().enumerate().any(|(i, &b)| {
            matches!(b, b',' | b';' | b':' | b'.')
                && (bytes.get(i + 1) == Some(&b)
                    || (bytes.get(i + 1) == Some(&b' ') && bytes.get(i + 2) == Some(&b)))
        })
    }

    #[test]
    fn the_prefilter_agrees_with_the_definition() {
        // Every string of up to 5 bytes over marks, a space, a letter and a
        // multi-byte character's bytes, plus the edges.
        let alphabet: [&[u8]; 7] = [b",", b";", b":", b".", b" ", b"a", "\u{e9}".as_bytes()];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let mut longer = Vec::new();
            for text in &texts {
                for piece in alphabet {
                    let mut t = text.clone();
                    t.extend_from_slice(piece);
                    assert_eq!(may_double(&t), may_double_slowly(&t), "{t:?}");
                    checked += 1;
                    longer.push(t);
                }
            }
            texts = longer;
        }
        assert!(checked > 19_000);
        assert!(may_double(b"a,, b") && may_double(b"a. .") && !may_double(b"a, ;b"));
    }
}
