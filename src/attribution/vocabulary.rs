//! The words of class names and ids that say what an element is: a byline,
//! an author bio box, or page furniture (comments, related stories,
//! widgets) whose names are not the article's author.

use scraper::node::Element;

pub(crate) fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case(token))
    })
}

/// Calls `f` with each of the element's class names and its id, lower-cased,
/// until it returns `true`; whether one did. Reads the raw attributes
/// (`Element::classes` interns every class name) and allocates only for a
/// token with capitals: this runs for every element of the page.
pub(crate) fn any_class_or_id(element: &Element, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut lower = String::new();
    for (name, value) in element.attrs() {
        if name == "class" || name == "id" {
            for token in value.split_ascii_whitespace() {
                let token = if token.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(token);
                    lower.make_ascii_lowercase();
                    lower.as_str()
                } else {
                    token
                };
                if f(token) {
                    return true;
                }
            }
        }
    }
    false
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

/// The [`ClassMarks`] of an element.
pub(crate) fn class_marks(element: &Element) -> ClassMarks {
    let mut marks = ClassMarks::default();
    any_class_or_id(element, |token| {
        marks.furniture = marks.furniture || is_furniture_token(token);
        marks.bio = marks.bio || is_bio_token(token);
        if marks.byline.is_none() && is_byline_token(token) {
            marks.byline = Some(token.to_owned());
        }
        false
    });
    marks
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
}
