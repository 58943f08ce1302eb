//! Case and diacritics folding for glossary keys.
//!
//! Two keys are used everywhere: [`lower`] (lowercase, joiners normalised,
//! accents kept) decides whether two spellings are the *same*, and [`fold`]
//! (also accents removed) decides whether they differ *only by diacritics*
//! and is what the fuzzy index compares, so that "Aunon-Chancelor" is one edit
//! from "Auñón-Chancellor", not three.
//!
//! The accent table covers Latin-1 and Latin Extended-A (every accented
//! letter of the built-in packs and of European names) plus combining marks;
//! it is hand-written to avoid a Unicode-normalisation dependency.

/// Lowercase with typographic apostrophes and hyphens made ASCII.
pub fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(lower_chars(s));
    out
}

/// The characters of [`lower`]`(s)`, without building it.
pub(super) fn lower_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(lower_char)
}

/// What [`lower`] makes of one character.
pub(super) fn lower_char(c: char) -> crate::text::chars::Lowercase {
    crate::text::chars::to_lowercase(match c {
        '\u{2019}' | '\u{2018}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        c => c,
    })
}

/// The characters of [`fold`]`(s)`, without building it.
pub(super) fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    lower_chars(s).flat_map(fold_lowered_char)
}

/// What [`fold`] makes of one character of [`lower`]'s output.
pub(super) fn fold_lowered_char(
    c: char,
) -> std::iter::Chain<std::str::Chars<'static>, std::option::IntoIter<char>> {
    let (base, kept) = match strip_accent(c) {
        Some(base) => (base, None),
        None if is_combining_mark(c) => ("", None),
        None => ("", Some(c)),
    };
    base.chars().chain(kept)
}

/// [`lower`] without allocating when the text is already lowercase ASCII
/// (most words of a page): the hot path of glossary lookups.
pub fn lower_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(lower(s))
    }
}

/// [`fold`] of a key that is already [`lower`]ed, without allocating when it
/// is ASCII (nothing to fold).
pub fn fold_lowered(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold(s))
    }
}

/// Longest ASCII word [`with_lower`] and [`with_folded`] handle on the stack.
const STACK_WORD: usize = 64;

/// Calls `f` with [`lower`]`(s)`, without allocating when `s` is short ASCII
/// (almost every word of a page): for lookups in the hot path.
pub fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    match ascii_lowered(s, &mut [0; STACK_WORD]) {
        Some(l) => f(l),
        None => f(&lower(s)),
    }
}

/// Calls `f` with [`fold`]`(s)`, without allocating when `s` is short ASCII.
pub fn with_folded<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    match ascii_lowered(s, &mut [0; STACK_WORD]) {
        Some(l) => f(l),
        None => f(&fold(s)),
    }
}

/// `s` lowercased into `buf` when it is ASCII and fits (for ASCII text
/// [`lower`] and [`fold`] are both plain ASCII lowercasing).
fn ascii_lowered<'b>(s: &str, buf: &'b mut [u8; STACK_WORD]) -> Option<&'b str> {
    if !s.is_ascii() || s.len() > STACK_WORD {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// [`lower`], then accents removed: "Auñón" -> "aunon", "Straße" -> "strasse".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(fold_chars(s));
    out
}

/// Whether `s` has a character that [`fold`] changes beyond case.
pub fn has_diacritics(s: &str) -> bool {
    s.chars()
        .flat_map(char::to_lowercase)
        .any(|c| strip_accent(c).is_some() || is_combining_mark(c))
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// The unaccented base of a lowercase accented Latin letter.
fn strip_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        'ð' => "d",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_joiners() {
        assert_eq!(fold("Auñón-Chancellor"), "aunon-chancellor");
        assert_eq!(fold("Côte d\u{2019}Ivoire"), "cote d'ivoire");
        assert_eq!(fold("São Tomé"), "sao tome");
        // Combining marks (decomposed input) fold the same way.
        assert_eq!(fold("Aun\u{0303}on"), "aunon");
        assert_eq!(lower("Auñón"), "auñón");
        assert!(has_diacritics("Bogotá"));
        assert!(!has_diacritics("Bogota"));
    }

    #[test]
    fn stack_helpers_agree_with_the_allocating_ones() {
        for w in [
            "Soyuz-FG",
            "Auñón",
            "don\u{2019}t",
            "MS-09",
            &"X".repeat(100),
        ] {
            assert_eq!(with_lower(w, str::to_owned), lower(w), "{w}");
            assert_eq!(with_folded(w, str::to_owned), fold(w), "{w}");
        }
    }
}
