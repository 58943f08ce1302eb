//! What counts as a photo credit in text: phrases ("Photo Credit:",
//! "Courtesy of"), agency names in credit position ("/ Getty Images",
//! "(AP)"), closing "via NAME" and "(NAME / OUTLET)" forms, and the class
//! names of credit elements. The lists are data (`rules/credits.toml`),
//! extendable per project; the search is one automaton pass per caption.

use crate::attribution::text::{TEXT_LIMIT, cap};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

/// The built-in credit patterns, `rules/credits.toml`.
const CREDITS_TOML: &str = include_str!("../../../rules/credits.toml");

/// Phrases, agencies and class names that identify a photo credit.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreditPatterns {
    /// Phrases introducing a credit ("Photo Credit:", "Courtesy of", "©").
    #[serde(default)]
    pub markers: Vec<String>,
    /// Agency names, credited where a credit stands ("/ Getty Images", "(AP)").
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Class, id, itemprop or attribute-name fragments marking a credit element.
    #[serde(default)]
    pub classes: Vec<String>,
    /// The agencies in capitals ("ASSOCIATED PRESS"), as credit lines
    /// print them; filled by `normalize`.
    #[serde(skip)]
    agencies_upper: Vec<String>,
    /// The lists compiled for multi-pattern search, built on first use.
    #[serde(skip)]
    search: OnceLock<Option<CreditSearch>>,
}

/// A project's additions to the built-in patterns, as configured (the
/// `extra_*` options of `missing-image-credit`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreditExtras {
    /// More phrases that introduce a credit.
    pub markers: Vec<String>,
    /// More agency names.
    pub agencies: Vec<String>,
    /// More class, id or attribute-name fragments of credit elements.
    pub classes: Vec<String>,
}

impl CreditExtras {
    /// Whether the project adds nothing (then the built-in patterns serve).
    pub fn is_empty(&self) -> bool {
        self.markers.is_empty() && self.agencies.is_empty() && self.classes.is_empty()
    }
}

/// Markers and agencies compiled into Aho-Corasick automata, so a caption is
/// scanned once for all of them instead of once per pattern.
#[derive(Debug, Clone)]
struct CreditSearch {
    /// The lowercase markers, matched against lowercased text.
    markers: aho_corasick::AhoCorasick,
    /// `agencies` then `agencies_upper`, matched exactly.
    agencies: aho_corasick::AhoCorasick,
}

impl CreditPatterns {
    /// The patterns of `rules/credits.toml`. The file is embedded and checked by
    /// a test, so failing to parse it here cannot happen in a release; if it
    /// did, copydesk would find no credits rather than crash.
    pub fn builtin() -> &'static CreditPatterns {
        Self::builtin_arc()
    }

    /// [`Self::builtin`], shared: what a run without additions uses.
    pub fn builtin_shared() -> Arc<CreditPatterns> {
        Arc::clone(Self::builtin_arc())
    }

    fn builtin_arc() -> &'static Arc<CreditPatterns> {
        static BUILTIN: OnceLock<Arc<CreditPatterns>> = OnceLock::new();
        BUILTIN.get_or_init(|| Arc::new(Self::parse(CREDITS_TOML).unwrap_or_default()))
    }

    /// Parses a patterns file in the format of `rules/credits.toml`.
    pub fn parse(text: &str) -> Result<CreditPatterns, toml::de::Error> {
        let mut patterns: CreditPatterns = toml::from_str(text)?;
        patterns.normalize();
        Ok(patterns)
    }

    /// The built-in patterns plus a project's own.
    pub fn with_extras(extras: &CreditExtras) -> Self {
        let mut patterns = Self::builtin().clone();
        patterns.markers.extend(extras.markers.iter().cloned());
        patterns.agencies.extend(extras.agencies.iter().cloned());
        patterns.classes.extend(extras.classes.iter().cloned());
        patterns.normalize();
        patterns
    }

    /// Markers and classes are compared in lower case; empty entries dropped.
    fn normalize(&mut self) {
        for list in [&mut self.markers, &mut self.classes] {
            for item in list.iter_mut() {
                *item = item.trim().to_lowercase();
            }
            list.retain(|m| !m.is_empty());
        }
        self.agencies.retain(|a| !a.trim().is_empty());
        self.agencies_upper = self
            .agencies
            .iter()
            .map(|a| a.to_uppercase())
            .filter(|upper| !self.agencies.contains(upper))
            .collect();
        // The lists changed: compile them again on next use.
        self.search = OnceLock::new();
    }

    /// The compiled search, or `None` if the patterns cannot be compiled
    /// (then the lists are scanned one pattern at a time).
    fn search(&self) -> Option<&CreditSearch> {
        self.search
            .get_or_init(|| {
                Some(CreditSearch {
                    markers: aho_corasick::AhoCorasick::new(&self.markers).ok()?,
                    agencies: aho_corasick::AhoCorasick::new(
                        self.agencies.iter().chain(&self.agencies_upper),
                    )
                    .ok()?,
                })
            })
            .as_ref()
    }

    /// Where the credit in `text` starts, if it has one: the earliest marker,
    /// or an agency name standing where a credit stands.
    pub fn find_credit(&self, text: &str) -> Option<usize> {
        let text = cap(text, TEXT_LIMIT * 4);
        let (marker, agency) = match self.search() {
            Some(search) => self.find_with(search, text),
            None => self.find_plainly(text),
        };
        let marker = [marker, trailing_via(text), trailing_slash_credit(text)]
            .into_iter()
            .flatten()
            .min();
        match (marker, agency) {
            (Some(m), Some(a)) => Some(m.min(credit_start_before(text, a))),
            (Some(m), None) => Some(m),
            (None, Some(a)) => Some(credit_start_before(text, a)),
            (None, None) => None,
        }
    }

    /// [`Self::find_with`] without automata: each pattern scanned in turn.
    fn find_plainly(&self, text: &str) -> (Option<usize>, Option<usize>) {
        let marker = self
            .markers
            .iter()
            .filter_map(|m| find_word(text, m, false).next())
            .min();
        let agency = self
            .agencies
            .iter()
            .chain(&self.agencies_upper)
            .flat_map(|a| {
                find_word(text, a, true).filter(|&at| agency_in_credit_position(text, at, a.len()))
            })
            .min();
        (marker, agency)
    }

    /// The earliest marker and the earliest agency in credit position, found
    /// in one pass of each automaton over the text.
    fn find_with(&self, search: &CreditSearch, text: &str) -> (Option<usize>, Option<usize>) {
        let lower = text.to_lowercase();
        let marker = if lower.len() == text.len() {
            search
                .markers
                .find_overlapping_iter(&lower)
                .filter(|m| word_bounded(text, m.start(), m.end(), &self.markers[m.pattern()]))
                .map(|m| m.start())
                .min()
        } else {
            // Lowercasing changed byte offsets (rare scripts): scan plainly.
            self.markers
                .iter()
                .filter_map(|m| find_word(text, m, false).next())
                .min()
        };
        let agency = search
            .agencies
            .find_overlapping_iter(text)
            .filter(|m| {
                let pattern = self
                    .agencies
                    .iter()
                    .chain(&self.agencies_upper)
                    .nth(m.pattern().as_usize())
                    .map_or("", String::as_str);
                word_bounded(text, m.start(), m.end(), pattern)
                    && agency_in_credit_position(text, m.start(), m.end() - m.start())
            })
            .map(|m| m.start())
            .min();
        (marker, agency)
    }

    /// Whether a class, id, itemprop or attribute name names a credit.
    pub fn names_credit(&self, value: &str) -> bool {
        value.split_ascii_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            token
                .split(['-', '_', ':'])
                .any(|segment| self.classes.iter().any(|c| segment == c))
                || self
                    .classes
                    .iter()
                    .any(|c| c.len() > 6 && c != "source" && token.contains(c.as_str()))
        })
    }
}

/// Most words in a "via NAME" credit: "via iFixit", "via The Associated
/// Press"; more is a sentence ("via the highway to the new stadium").
const VIA_WORDS: usize = 5;

/// Where a closing "via NAME" credit starts: "... keyboard via iFixit".
/// The name is capitalised, at most [`VIA_WORDS`] words, and ends the text.
fn trailing_via(text: &str) -> Option<usize> {
    let trimmed = text.trim_end().trim_end_matches(['.', ')', ']']);
    let at = find_word(trimmed, "via", false).last()?;
    let name = trimmed[at + 3..].trim();
    let words = name.split_whitespace().count();
    // "via Reuters", "via iFixit": the name has a capital in its first word.
    let capitalised = name
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().any(char::is_uppercase));
    (capitalised && (1..=VIA_WORDS).contains(&words) && !name.contains(['.', '!', '?']))
        .then_some(at)
}

/// Where a closing "(NAME / OUTLET)" credit starts: "... hundreds of
/// items. (Ellen M. Banner / The Seattle Times)", or a caption that is only
/// "NAME/OUTLET" ("Devindra Hardawar/AOL"), or a closing "(site.com)".
/// Both sides of the slash are short, capitalised and no sentence, and the
/// brackets end the text; "(and/or)" or "(km/h)" are not credits.
fn trailing_slash_credit(text: &str) -> Option<usize> {
    let trimmed = text.trim_end().trim_end_matches('.');
    let (open, inner) = match trimmed.strip_suffix(')') {
        Some(inner) => {
            let open = inner.rfind('(')?;
            (open, &inner[open + 1..])
        }
        // A caption that is nothing but "NAME/OUTLET".
        None => (0, trimmed),
    };
    if is_bare_domain(inner) && open > 0 {
        // "... campaign. (onmeth.com)": the source site.
        return Some(open);
    }
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    // Initials keep their dots ("Ellen M. Banner"); other sentence marks
    // say prose.
    let name_like = |part: &&str| {
        let words = part.split_whitespace().count();
        (1..=VIA_WORDS + 1).contains(&words)
            && part.chars().next().is_some_and(char::is_uppercase)
            && !part.contains(['!', '?', ';'])
            && !ends_a_sentence_inside(part)
    };
    // Two single words are a pair of labels ("Before/After"), not a name
    // and an outlet.
    let words: usize = parts.iter().map(|p| p.split_whitespace().count()).sum();
    (parts.len() >= 2 && words >= 3 && parts.iter().all(name_like)).then_some(open)
}

/// Whether a full stop ends a sentence before the last word: "Houston.
/// Jane Roe" does, the initial in "Ellen M. Banner" does not.
fn ends_a_sentence_inside(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .take(words.len().saturating_sub(1))
        .any(|w| w.ends_with('.') && w.chars().count() > 2)
}

/// Byte offsets where `needle` occurs in `hay` as whole words (a needle that
/// starts or ends with punctuation, like "credit:" or "©", needs no boundary
/// on that side). Case-insensitive unless `exact`.
fn find_word<'a>(hay: &'a str, needle: &'a str, exact: bool) -> impl Iterator<Item = usize> + 'a {
    hay.char_indices().filter_map(move |(at, _)| {
        let end = matches_at(hay, at, needle, exact)?;
        word_bounded(hay, at, end, needle).then_some(at)
    })
}

/// Whether a match of `needle` at `at..end` stands as whole words: a needle
/// that starts (ends) with a letter or digit must not continue a word.
fn word_bounded(hay: &str, at: usize, end: usize, needle: &str) -> bool {
    let first_is_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    let last_is_word = needle.chars().last().is_some_and(char::is_alphanumeric);
    let before_ok = !first_is_word
        || hay[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = !last_is_word
        || hay[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// If `needle` matches `hay` at `at`, the end of the match.
fn matches_at(hay: &str, at: usize, needle: &str, exact: bool) -> Option<usize> {
    let mut hay_chars = hay[at..].char_indices();
    for n in needle.chars() {
        let (_, h) = hay_chars.next()?;
        let same = if exact {
            h == n
        } else {
            h == n || h.to_lowercase().eq(n.to_lowercase())
        };
        if !same {
            return None;
        }
    }
    Some(hay_chars.next().map_or(hay.len(), |(i, _)| at + i))
}

/// An agency name is a credit after "/", "(", "|", ":", a dash, "via" or
/// "by", before "/" or ")" ("NASA/JPL", "(AP)"), or as the last words of the
/// text. After a comma it must also end the text ("..., Reuters"): ", NASA
/// also chose two smaller firms" is a clause about the agency. Anywhere
/// else, including the start of a caption ("NASA astronaut ...") and the
/// end of a sentence that names it as an object ("..., the source told
/// Reuters."), it is a mention.
fn agency_in_credit_position(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].trim_end();
    let after = text[at + len..].trim_start();
    let lower_before = before.to_lowercase();
    let ends = after.is_empty() || after.starts_with(['/', ')', ']', '|']);
    let last_words = after.trim_end_matches(['.', ')', ']', ' ']).is_empty();
    let credit_mark = before.ends_with([
        '/', '(', '[', '|', ':', '-', '\u{2013}', '\u{2014}', '\u{a9}',
    ]) || lower_before.ends_with(" via")
        || lower_before.ends_with(" by");
    // "told Reuters.": a lowercase word, the agency, the sentence's stop.
    let object_of_sentence =
        after.starts_with('.') && before.chars().next_back().is_some_and(char::is_lowercase);
    // After a comma only the end of the text is a credit's place: the
    // comma is no credit mark, and ", Reuters." is no sentence's object.
    credit_mark || ends || (last_words && !object_of_sentence)
}

/// A credit introduced by an agency starts at the opening bracket or the
/// words after the last sentence end before it: "(AP Photo/Evan Vucci)"
/// starts at "(", "... Houston. Sean Costello / NASA" at "Sean".
fn credit_start_before(text: &str, agency_at: usize) -> usize {
    let before = &text[..agency_at];
    match before.rfind(['(', '[', '.', '|', '\u{2014}']) {
        Some(i) if matches!(before.as_bytes()[i], b'(' | b'[') => i,
        Some(i) => {
            // Past the mark, which may be the three-byte em dash.
            let next = i + before[i..].chars().next().map_or(1, char::len_utf8);
            let rest = &text[next..];
            next + (rest.len() - rest.trim_start().len())
        }
        None => 0,
    }
}

/// A caption that is only a site's domain ("topleftpixel.com") names
/// where the picture comes from.
pub(crate) fn is_bare_domain(text: &str) -> bool {
    let text = text.trim().trim_end_matches('/');
    let text = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let Some((name, tld)) = text.rsplit_once('.') else {
        return false;
    };
    !text.contains(char::is_whitespace)
        && !name.is_empty()
        && (2..=12).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_after_an_em_dash_starts_past_the_dash() {
        let text = "Peacekeepers at a camp in Sudan on Monday \u{2014}Reuters";
        let at = credit_start_before(text, text.find("Reuters").unwrap_or(0));
        assert_eq!(&text[at..], "Reuters");
    }

    #[test]
    fn built_in_credit_patterns_parse() {
        let patterns = CreditPatterns::parse(CREDITS_TOML).unwrap();
        assert!(patterns.markers.contains(&"photo credit".to_owned()));
        assert!(patterns.agencies.contains(&"Getty Images".to_owned()));
        assert!(!CreditPatterns::builtin().classes.is_empty());
    }

    #[test]
    fn credit_phrases_are_found_where_credits_stand() {
        let p = CreditPatterns::builtin();
        let text = "The Soyuz launches. Photo Credit: Sean Costello / SpaceFlight Insider";
        assert_eq!(p.find_credit(text), text.find("Photo Credit"));
        let text = "President speaks in the Rose Garden. (AP Photo/Evan Vucci)";
        assert_eq!(p.find_credit(text), text.find("(AP"));
        let text = "Crowds gather in Houston. Jane Roe / Getty Images";
        assert_eq!(p.find_credit(text), text.find("Jane"));
        assert_eq!(p.find_credit("© 2018 Jane Roe"), Some(0));
        // Mentions are not credits.
        assert_eq!(
            p.find_credit("NASA astronaut Serena Aunon-Chancellor waves."),
            None
        );
        assert_eq!(
            p.find_credit("The ministers fled to the compound, the source told Reuters."),
            None
        );
        assert_eq!(
            p.find_credit("Of the five firms, NASA also chose two smaller ones."),
            None
        );
        // The same agencies where a credit stands.
        assert!(
            p.find_credit("Peacekeepers at a camp in Sudan on Monday, Reuters")
                .is_some()
        );
        let text = "Peacekeepers at a camp in Sudan on Monday. Reuters.";
        assert_eq!(p.find_credit(text), text.find("Reuters"));
        assert_eq!(
            p.find_credit("The photographer waited for the launch."),
            None
        );
        assert_eq!(p.find_credit("Snap happy"), None);
    }
}
