//! Escaping for the HTML report. Everything that comes from a page (its
//! text, attributes, title, file name) or from a message that quotes it is
//! written through [`Escaped`], in text and in quoted attribute values
//! alike: `&`, `<`, `>`, `"` and `'` become character references, so page
//! content can neither close an element nor an attribute. Control
//! characters, which HTML does not allow in text, become U+FFFD.

use std::fmt;

/// Displays its text escaped for HTML text and quoted attribute values.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or('\u{FFFD}');
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_str("\u{FFFD}")?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'')
        || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// `text` escaped, as a `String`.
#[cfg(test)]
pub fn escape(text: &str) -> String {
    Escaped(text).to_string()
}

/// Whether `url` may become a link: an absolute `http(s)` URL. Anything
/// else (`javascript:`, `data:`, a path relative to a page we do not know
/// the address of) is shown as text.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape("\"><img src=x onerror='alert(1)'>&amp;"),
            "&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;amp;"
        );
        assert_eq!(escape("café <b>"), "café &lt;b&gt;");
        assert_eq!(escape("a\u{0}b\u{7f}c\nd"), "a\u{FFFD}b\u{FFFD}c\nd");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://example.org/a.jpg"));
        assert!(is_web_url("HTTP://example.org/"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" java\tscript:alert(1)"));
        assert!(!is_web_url("/wp-content/a.jpg"));
        assert!(!is_web_url("data:image/png;base64,AAAA"));
        assert!(!is_web_url("https://example.org/a b"));
    }
}
