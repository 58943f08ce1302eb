//! Reading a person's name out of byline text: "By" and "Author:" prefixes
//! removed, cut at separators ("Jane Doe | June 3"), dates and reading
//! times dropped.

/// A byline's text up to the first separator: "Jane Doe | June 3",
/// "Jane Doe, Staff Writer", "Jane Doe - 5 min read" give "Jane Doe".
pub(crate) fn cut_at_separator(text: &str) -> &str {
    let end = text
        .find(['|', '\u{2022}', '\u{b7}', ',', '\u{ff0f}'])
        .or_else(|| text.find(" / "))
        .or_else(|| text.find(" - "))
        .or_else(|| text.find(" \u{2013} "))
        .or_else(|| text.find(" \u{2014} "))
        .unwrap_or(text.len());
    text[..end].trim()
}

/// A byline's name without the date or reading time printed after it:
/// names have no digits, so the name ends before the first word with one,
/// and a month name right before it goes too ("GILLIAN MOHNEY March 11, 2015"
/// gives "GILLIAN MOHNEY"). `None` when no name is left: a bare label such as
/// "Last Updated: January 7, 2025" next to an empty author slot.
pub(crate) fn without_date(text: &str) -> Option<&str> {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
    ];
    let words = word_spans(text);
    let cut = words
        .iter()
        .position(|&(s, e)| text[s..e].chars().any(|c| c.is_ascii_digit()))
        .unwrap_or(words.len());
    // A single word with digits is a handle ("rmb8090"), the name the site
    // prints for its author.
    if cut == 0 && words.len() == 1 {
        return clean_name(text).is_some().then_some(text.trim());
    }
    let mut keep = cut;
    if cut < words.len() {
        while keep > 0 {
            let (s, e) = words[keep - 1];
            let bare = text[s..e]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if !(MONTHS.contains(&bare.as_str()) || bare == "on" || bare == "at") {
                break;
            }
            keep -= 1;
        }
    }
    let end = keep.checked_sub(1).map_or(0, |i| words[i].1);
    let name = text[..end].trim();
    (!name.ends_with(':') && clean_name(name).is_some()).then_some(name)
}

/// Byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// The text after a "By" prefix that introduces a name: "By Jane Doe",
/// "Written by Jane Doe", "Posted by jdoe". Returns where the name starts.
pub(crate) fn by_prefix(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case mapping changed byte lengths; offsets would not line up.
        return None;
    }
    const PREFIXES: &[&str] = &[
        "by ",
        "by: ",
        "written by ",
        "posted by ",
        "words by ",
        "story by ",
        "reporting by ",
        "text by ",
    ];
    let end = match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
        Some(prefix) => prefix.len(),
        // "Posted on March 30, 2015 by Admin", "2/26/2015 7:11 AM PST BY TMZ
        // STAFF": a dateline, then the name. The words before " by " must
        // hold a date (a digit) or say "posted", so "Photo by" or a sentence
        // ("Stabbed by a stranger") is not taken for a byline.
        None => {
            let by = lower.find(" by ")?;
            let before = &lower[..by];
            if !(before.contains(|c: char| c.is_ascii_digit()) || before.starts_with("posted")) {
                return None;
            }
            by + " by ".len()
        }
    };
    let at = end + (text[end..].len() - text[end..].trim_start().len());
    // A name starts with a capital ("by the way" is not a byline), or with a
    // letter of a script without case (Japanese, Chinese, ...).
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
        .then_some(at)
}

/// A candidate's text as a name: whitespace collapsed, "By"/"Author:"
/// prefixes removed; `None` if nothing name-like is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = collapsed.as_str();
    loop {
        let lower = name.to_lowercase();
        if lower.len() != name.len() {
            break;
        }
        let stripped = [
            "written by",
            "posted by",
            "words by",
            "story by",
            "reported by",
            "by:",
            "by",
            "author:",
            "authors:",
            "author",
            "about the author",
        ]
        .iter()
        .find(|p| {
            lower.starts_with(*p)
                && lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        match stripped {
            Some(p) => name = name[p.len()..].trim_start_matches([' ', ':', '\u{a0}']),
            None => break,
        }
    }
    let name =
        name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '-' | '\u{2014}'));
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && name.chars().count() <= 200).then(|| name.to_owned())
}

pub(crate) fn looks_like_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_of_by_prefixes() {
        assert_eq!(clean_name("  By   Jane Doe ").as_deref(), Some("Jane Doe"));
        assert_eq!(
            clean_name("Written by: Jane Doe").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean_name("Byron Smith").as_deref(), Some("Byron Smith"));
        assert_eq!(clean_name("By").as_deref(), None);
    }
}
