//! The words of class names and ids that say what an element is: a byline,
//! an author bio box, or page furniture (comments, related stories,
//! widgets) whose names are not the article's author.

use crate::attribution::element::ElementAttrs;

pub(crate) fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// What an element's class and id words say about it, read in one pass.
#[derive(Debug, Default)]
pub(crate) struct ClassMarks {
    /// A word names page furniture ([`is_furniture_token`]).
    pub furniture: bool,
    /// A word names an author bio box ([`is_bio_token`]).
    pub bio: bool,
    /// The first word naming a byline ([`is_byline_token`]), lower-cased.
    pub byline: Option<String>,
}

const FURNITURE: u8 = 1;
const BIO: u8 = 2;
const BYLINE: u8 = 4;

/// The letter pairs the pieces of [`may_mark`] start with, as a bit per
/// pair of lower-case letters (`a`..`z` twice): `au`, `by`, `bi`, `wr`,
/// `wi`, `co`, `re`, `di`, `po`, `tr`, `ta`, `te`, `si`, `ou`.
const PIECE_PAIRS: [u32; 26] = {
    let pairs: [&[u8; 2]; 14] = [
        b"au", b"by", b"bi", b"wr", b"wi", b"co", b"re", b"di", b"po", b"tr", b"ta", b"te", b"si",
        b"ou",
    ];
    let mut table = [0u32; 26];
    let mut i = 0;
    while i < pairs.len() {
        let [first, second] = *pairs[i];
        table[(first - b'a') as usize] |= 1 << (second - b'a');
        i += 1;
    }
    table
};

/// [`PIECE_PAIRS`] by byte: for each byte that is a letter (either
/// case), the second letters of its pairs, else 0.
const FIRST: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphabetic() {
            table[b] = PIECE_PAIRS[(byte.to_ascii_lowercase() - b'a') as usize];
        }
        b += 1;
    }
    table
};

/// Each byte's letter as a bit (either case), 0 for any other byte.
const SECOND: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphabetic() {
            table[b] = 1 << (byte.to_ascii_lowercase() - b'a');
        }
        b += 1;
    }
    table
};

/// Whether a piece of [`may_mark`] may start at `at`: its first two bytes
/// (any case) are one of [`PIECE_PAIRS`]. Two table looks per byte and no
/// branch: the byte-by-byte `match` below costs an indirect jump at every
/// byte, and most class names hold no such pair at all. ([`may_mark`]
/// reads the tables over windows of two bytes; this is its test's view.)
#[cfg(test)]
fn pair_at(bytes: &[u8], at: usize) -> bool {
    let (Some(&a), Some(&b)) = (bytes.get(at), bytes.get(at + 1)) else {
        return false;
    };
    FIRST[a as usize] & SECOND[b as usize] != 0
}

/// Whether a token (any case) may be furniture, bio or byline: each such
/// word holds one of the pieces below (see the tests), and most class names
/// hold none, so one look at each pair of bytes rules them out. Faster than
/// a general automaton on words this short, which is measured.
fn may_mark(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.windows(2).enumerate().any(|(at, pair)| {
        FIRST[pair[0] as usize] & SECOND[pair[1] as usize] != 0 && piece_at(bytes, at)
    })
}

/// Whether one of the pieces of [`may_mark`] starts at `at` (any case).
fn piece_at(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at..];
    let starts = |piece: &[u8]| {
        rest.get(..piece.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(piece))
    };
    match rest.first().map(u8::to_ascii_lowercase) {
        // is_byline_token and is_bio_token ("author" holds "aut").
        Some(b'a') => starts(b"aut"),
        Some(b'b') => starts(b"byline") || starts(b"bio"),
        Some(b'w') => starts(b"writer") || starts(b"widget"),
        // is_furniture_token.
        Some(b'c') => starts(b"comment"),
        Some(b'r') => {
            starts(b"respond") || starts(b"reply") || starts(b"related") || starts(b"recommend")
        }
        Some(b'd') => starts(b"disqus"),
        Some(b'p') => starts(b"popular"),
        Some(b't') => starts(b"trending") || starts(b"taboola") || starts(b"teaser"),
        Some(b's') => starts(b"sidebar"),
        Some(b'o') => starts(b"outbrain"),
        _ => false,
    }
}

/// What each class or id word of one page says, asked once per distinct
/// word: a page repeats a few hundred words over thousands of elements,
/// and the word tests cost far more than a hash lookup.
#[derive(Default)]
pub(crate) struct TokenMarks<'a> {
    seen: rustc_hash::FxHashMap<&'a str, u8>,
    values: rustc_hash::FxHashMap<&'a str, (u8, Option<&'a str>)>,
}

impl<'a> TokenMarks<'a> {
    /// The marks of a raw token (any case).
    fn of(&mut self, token: &'a str) -> u8 {
        if !may_mark(token) {
            return 0;
        }
        *self.seen.entry(token).or_insert_with(|| {
            let lower = token.to_ascii_lowercase();
            let mark = |yes: bool, bit: u8| if yes { bit } else { 0 };
            mark(is_furniture_token(&lower), FURNITURE)
                | mark(is_bio_token(&lower), BIO)
                | mark(is_byline_token(&lower), BYLINE)
        })
    }

    /// The marks of a class or id value (its tokens' together) and its
    /// first byline token, once per distinct value: pages repeat the same
    /// class strings over many elements.
    fn value(&mut self, value: &'a str) -> (u8, Option<&'a str>) {
        // No piece anywhere in the value, so none in its tokens (pieces hold
        // no space): most values are ruled out by one pass of the pair table,
        // cheaper than hashing them (ids are all new to the cache).
        if !may_mark(value) {
            return (0, None);
        }
        if let Some(&known) = self.values.get(value) {
            return known;
        }
        let (mut marks, mut byline) = (0, None);
        for token in value.split_ascii_whitespace() {
            let m = self.of(token);
            marks |= m;
            if byline.is_none() && m & BYLINE != 0 {
                byline = Some(token);
            }
        }
        self.values.insert(value, (marks, byline));
        (marks, byline)
    }

    /// The [`ClassMarks`] of an element, by its `class` and `id`.
    pub(crate) fn element(&mut self, attrs: &ElementAttrs<'a>) -> ClassMarks {
        let mut marks = ClassMarks::default();
        for value in attrs.class_id.into_iter().flatten() {
            let (m, byline) = self.value(value);
            marks.furniture |= m & FURNITURE != 0;
            marks.bio |= m & BIO != 0;
            if marks.byline.is_none() {
                marks.byline = byline.map(str::to_ascii_lowercase);
            }
        }
        marks
    }

    /// Whether a class or id word of an element names page furniture.
    pub(crate) fn furniture(&mut self, attrs: &ElementAttrs<'a>) -> bool {
        attrs
            .class_id
            .into_iter()
            .flatten()
            .any(|value| self.value(value).0 & FURNITURE != 0)
    }
}

/// Segments of a class/id token: `c-byline__author-name` -> c, byline, author, name.
pub(crate) fn segments(token: &str) -> impl Iterator<Item = &str> {
    token.split(['-', '_', ':', '.']).filter(|s| !s.is_empty())
}

/// Whether `token` holds any of `needles`. Tokens are a few bytes long and
/// this runs for every token of a page, so a plain scan beats building a
/// substring searcher per needle and call.
fn holds_any(token: &str, needles: &[&[u8]]) -> bool {
    let bytes = token.as_bytes();
    (0..bytes.len()).any(|at| {
        needles
            .iter()
            .any(|n| n.first() == Some(&bytes[at]) && bytes[at..].starts_with(n))
    })
}

/// A class or id naming the byline or the author: `byline`, `author`,
/// `post-author`, `entry-author`, `article__byline`, `authorName`, ...
pub(crate) fn is_byline_token(token: &str) -> bool {
    // Every byline word holds one of these (author, autor, auteur, byline,
    // writer): most tokens of a page are ruled out without splitting them.
    if !holds_any(token, &[b"aut", b"byline", b"writer"]) {
        return false;
    }
    segments(token).any(|s| {
        // `byline`, `bylines`, `FeatureByline`, `storyByline`.
        s.contains("byline")
            || matches!(
                s,
                "author" | "authors" | "authorname" | "writer" | "autor" | "auteur"
            )
            || (s.ends_with("author") && s.len() <= 16)
    }) && !segments(token).any(|s| {
        matches!(
            s,
            "avatar"
                | "image"
                | "img"
                | "photo"
                | "pic"
                | "picture"
                | "bio"
                | "description"
                | "url"
        )
    })
}

/// A class or id of a bio box: `author-bio`, `about-author`, `author-box`.
pub(crate) fn is_bio_token(token: &str) -> bool {
    // Every bio word below holds "bio" or "author"; this runs for every
    // token of the page, most of which hold neither.
    if !holds_any(token, &[b"bio", b"author"]) {
        return false;
    }
    // `hasnt-bio`, `no-bio` say the opposite.
    if segments(token).any(|s| matches!(s, "hasnt" | "has" | "no" | "not" | "without")) {
        return false;
    }
    segments(token).any(|s| matches!(s, "bio" | "bios" | "biography" | "authorbio" | "authorbox"))
        || token.contains("about-author")
        || token.contains("about-the-author")
        || token.contains("aboutauthor")
        || token.contains("author-box")
        || token.contains("author-description")
}

/// Page furniture whose names are not the article's author.
pub(crate) fn is_furniture_token(token: &str) -> bool {
    segments(token).any(|s| {
        s.starts_with("comment")
            || matches!(
                s,
                "respond"
                    | "reply"
                    | "disqus"
                    | "related"
                    | "recommended"
                    | "recommendations"
                    | "popular"
                    | "trending"
                    | "sidebar"
                    | "widget"
                    | "outbrain"
                    | "taboola"
                    | "teaser"
                    | "teasers"
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_tokens() {
        assert!(is_byline_token("byline"));
        assert!(is_byline_token("c-byline__author"));
        assert!(is_byline_token("entry-author"));
        assert!(is_byline_token("postauthor"));
        assert!(!is_byline_token("author-avatar"));
        assert!(!is_byline_token("authority"));
        assert!(is_byline_token("autor"));
        assert!(is_byline_token("auteur-article"));
        assert!(is_byline_token("featurebyline"));
        assert!(is_byline_token("post_writer"));
        assert!(!is_byline_token("authoring-tools"));
        assert!(!is_byline_token("headline"));
        assert!(is_bio_token("author-bio"));
        assert!(is_bio_token("about-the-author"));
        assert!(is_bio_token("authorbox"));
        assert!(is_bio_token("bios"));
        assert!(!is_bio_token("no-bio"));
        assert!(!is_bio_token("biology"));
        assert!(!is_bio_token("entry-content"));
        assert!(is_furniture_token("comment-form-author"));
    }

    #[test]
    fn every_marked_word_passes_the_prefilter() {
        for token in [
            "byline",
            "c-byline__author",
            "entry-author",
            "postauthor",
            "autor",
            "auteur-article",
            "FeatureByline",
            "post_writer",
            "author-bio",
            "about-the-author",
            "authorbox",
            "bios",
            "Comment-Form",
            "respond",
            "reply",
            "disqus_thread",
            "related-posts",
            "recommended",
            "recommendations",
            "popular",
            "trending",
            "sidebar",
            "widget",
            "outbrain",
            "taboola",
            "teaser",
            "teasers",
            "commentlist",
        ] {
            let lower = token.to_ascii_lowercase();
            assert!(
                is_byline_token(&lower) || is_bio_token(&lower) || is_furniture_token(&lower),
                "{token}"
            );
            assert!(may_mark(token), "{token}");
        }
        assert!(!may_mark("entry-content"));
        assert!(may_mark("x-AUTHOR"));
        // Every piece starts with a pair of the table.
        for piece in [
            "aut",
            "byline",
            "bio",
            "writer",
            "widget",
            "comment",
            "respond",
            "reply",
            "related",
            "recommend",
            "disqus",
            "popular",
            "trending",
            "taboola",
            "teaser",
            "sidebar",
            "outbrain",
        ] {
            assert!(pair_at(piece.as_bytes(), 0), "{piece}");
            assert!(may_mark(piece), "{piece}");
        }
        assert!(!may_mark("august-tree"));
        assert!(!may_mark("headline"));
    }

    #[test]
    fn the_byte_tables_say_what_the_letter_pairs_say() {
        // Every pair of bytes, as the pairs of lower-cased letters answer.
        let letter = |b: u8| b.to_ascii_lowercase().wrapping_sub(b'a');
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let (la, lb) = (letter(a), letter(b));
                let by_letters = la < 26 && lb < 26 && PIECE_PAIRS[la as usize] & (1 << lb) != 0;
                assert_eq!(pair_at(&[a, b], 0), by_letters, "{a} {b}");
            }
        }
        assert!(!pair_at(b"a", 0));
        assert!(may_mark("xAUThor"));
        assert!(!may_mark("au"));
    }
}
