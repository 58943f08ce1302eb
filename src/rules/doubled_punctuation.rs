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
//! Flags ",,"; the fix leaves one ",".
//!
//! Not flagged: an ellipsis ("..." or "…"), "?!" and "!!" (emphatic, a matter
//! of style), "::" inside code-like text such as `std::io`, and runs in URLs.
//!
//! ## Options
//! None.
//!
//! ## Fix safety
//! Safe: it deletes the extra mark (and any space between the two).

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::rules::{Rule, RuleContext, RuleMeta};

pub struct DoubledPunctuation;

static META: RuleMeta = RuleMeta {
    id: "doubled-punctuation",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "Punctuation doubled by mistake (\",,\" or \". .\")",
    source: include_str!("doubled_punctuation.rs"),
    options: &[],
};

const MARKS: &[char] = &[',', ';', ':', '.'];

impl Rule for DoubledPunctuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        for block in &doc.blocks {
            let text = &block.text;
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut i = 0;
            while i < chars.len() {
                let (start, c) = chars[i];
                if !MARKS.contains(&c) {
                    i += 1;
                    continue;
                }
                // The same mark again, right after or after one space.
                let (next, gap) = match chars.get(i + 1) {
                    Some(&(_, n)) if n == c => (i + 1, false),
                    Some(&(_, ' ')) if chars.get(i + 2).is_some_and(|&(_, n)| n == c) => {
                        (i + 2, true)
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                // Runs of three or more full stops are ellipses; "::" between
                // word characters is code; a mark run inside a URL is a URL.
                let run_end = chars[next..]
                    .iter()
                    .take_while(|&&(_, n)| n == c || n == ' ')
                    .count()
                    + next;
                let same_count = chars[i..run_end].iter().filter(|&&(_, n)| n == c).count();
                let before = i.checked_sub(1).map(|j| chars[j].1);
                let after = chars.get(next + 1).map(|&(_, n)| n);
                let in_code = c == ':'
                    && before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                let in_url = word_around(text, start).contains("://")
                    || word_around(text, start).contains("www.");
                if (c == '.' && same_count >= 3) || in_code || in_url {
                    i = run_end.max(i + 1);
                    continue;
                }
                if gap && c == '.' && after.is_some_and(|a| a == '.') {
                    i = run_end;
                    continue;
                }
                let end = chars[next].0 + c.len_utf8();
                let range = block.source_range(start, end);
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

/// The whitespace-delimited token around a byte offset.
fn word_around(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}
