//! What the words of an element's class and id say it is: article-like,
//! furniture, or small metadata. Both choosing the root (density scores,
//! skipped candidates) and finding furniture inside it read these.

use scraper::node::Element;

/// What the words of an element's class and id say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hint {
    /// Article-like: `content`, `article`, `post`, `story`, `entry`, ...
    Positive,
    /// Widgets that are never article prose, whatever their size: comments,
    /// share bars, newsletters, related links, ads, sidebars.
    Furniture,
    /// Small metadata: bylines, datelines, author boxes, tags. Furniture only
    /// while small, since a wrapper named `post-meta-wrap` may hold the article.
    Metadata,
    Neutral,
}

/// Calls `f` with the words of class names and ids that mark an element,
/// split at `-`, `_`, spaces and lower-to-upper case changes (`articleBody`),
/// without allocating per word: this runs for most elements of a page.
pub(super) fn hint_words(element: &Element, f: impl FnMut(&str)) {
    crate::html::for_each_class_word(element, f);
}

pub(super) fn word_hint(word: &str) -> Hint {
    match word {
        "article" | "articles" | "content" | "entry" | "hentry" | "post" | "story" | "body"
        | "text" | "main" | "blog" | "prose" | "richtext" => Hint::Positive,
        "comment" | "comments" | "disqus" | "respond" | "replies" | "share" | "sharing"
        | "sharedaddy" | "shares" | "social" | "sociable" | "addthis" | "newsletter"
        | "subscribe" | "subscription" | "signup" | "related" | "recommended"
        | "recommendations" | "recirc" | "outbrain" | "taboola" | "promo" | "promotion"
        | "sponsor" | "sponsored" | "ad" | "ads" | "advert" | "advertisement" | "adsbygoogle"
        | "dfp" | "sidebar" | "widget" | "popup" | "modal" | "cookie" | "gdpr" | "masthead"
        | "breadcrumb" | "breadcrumbs" | "pagination" | "pager" | "toolbar" | "skip" | "footer"
        | "menu" | "banner" => Hint::Furniture,
        "byline" | "dateline" | "author" | "bio" | "meta" | "tags" | "date" | "timestamp"
        | "published" | "updated" | "credits" => Hint::Metadata,
        _ => Hint::Neutral,
    }
}

/// The strongest hint among an element's words: furniture beats metadata
/// beats positive, so `post-comments` is furniture.
pub(super) fn element_hint(element: &Element) -> Hint {
    let mut hint = Hint::Neutral;
    hint_words(element, |word| {
        hint = match (hint, word_hint(word)) {
            (Hint::Furniture, _) | (_, Hint::Furniture) => Hint::Furniture,
            (Hint::Metadata, _) | (_, Hint::Metadata) => Hint::Metadata,
            (Hint::Positive, _) | (_, Hint::Positive) => Hint::Positive,
            _ => Hint::Neutral,
        };
    });
    hint
}

/// Whether class/id words name furniture and nothing article-like: a place
/// where no article is looked for. Mixed names (`content-sidebar-wrap`,
/// `article-comments`?) are left alone here, as Readability does, because
/// skipping a wrapper would lose the whole article; exclusion inside the
/// chosen root is stricter, with a size guard instead.
pub(super) fn is_furniture_only(element: &Element) -> bool {
    let (mut furniture, mut positive) = (false, false);
    hint_words(element, |word| match word_hint(word) {
        Hint::Furniture => furniture = true,
        Hint::Positive => positive = true,
        Hint::Metadata | Hint::Neutral => {}
    });
    furniture && !positive && !matches!(element.name(), "html" | "body")
}
