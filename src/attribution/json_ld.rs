//! JSON-LD (`<script type="application/ld+json">`): the article types a
//! page declares, their authors (strings, `Person`/`Organization` objects,
//! `@id` references, lists, `@graph`s), and the credits of `ImageObject`s.

use crate::attribution::images::image_file_name;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::Value;

/// A credit found for an image in a JSON-LD `ImageObject`.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedImageCredit {
    /// The image's file name, to match it with an `img`.
    pub file: String,
    pub credit: String,
}

/// What one JSON-LD script says, in the order it says it.
#[derive(Debug, Default)]
pub struct JsonLd {
    /// The article types of its objects (`NewsArticle`, `BlogPosting`, ...).
    pub article_types: Vec<String>,
    /// Authors of those articles: (the article's type, the name).
    pub authors: Vec<(String, String)>,
    /// Credits of its `ImageObject`s and `Photograph`s.
    pub image_credits: Vec<LinkedImageCredit>,
}

/// Reads the text of a JSON-LD script; nothing when it is not JSON.
pub fn read(text: &str) -> JsonLd {
    let mut out = JsonLd::default();
    // Pages wrap JSON-LD in HTML comments or (//)<![CDATA[ ... ]]>: the
    // JSON is what lies between the first and the last bracket.
    let mut text = text.trim();
    while let Some(rest) = ["<![CDATA[", "<!--", "//"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))
    {
        text = rest.trim_start();
    }
    while let Some(rest) = ["]]>", "-->", "//"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
    {
        text = rest.trim_end();
    }
    let (Some(first), Some(last)) = (text.find(['{', '[']), text.rfind(['}', ']'])) else {
        return out;
    };
    if last < first {
        return out;
    }
    let text = &text[first..=last];
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return out;
    };
    // Every object in the document, iteratively (graphs nest freely).
    let mut objects = Vec::new();
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(map) => {
                objects.push(map);
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    let by_id: FxHashMap<&str, &serde_json::Map<String, Value>> = objects
        .iter()
        .filter(|m| m.len() > 1)
        .filter_map(|m| Some((m.get("@id")?.as_str()?, *m)))
        .collect();
    for object in &objects {
        let types = json_types(object);
        let article = types.iter().copied().find(|t| is_article_type(t));
        if let Some(kind) = article {
            out.article_types.push(kind.to_owned());
        }
        // Yoast SEO puts the author of a post that it does not type as an
        // `Article` on the `WebPage` node, by `@id`: the page's author is
        // still the story's byline. A `WebPage` is no article signal, so it
        // adds no article type.
        if let Some(kind) = article.or_else(|| types.iter().copied().find(|t| is_page_type(t))) {
            let mut names = Vec::new();
            for key in ["author", "creator"] {
                if let Some(author) = object.get(key) {
                    json_names(author, &by_id, 0, &mut names);
                }
            }
            out.authors
                .extend(names.into_iter().map(|name| (kind.to_owned(), name)));
        }
        if types
            .iter()
            .any(|t| matches!(*t, "ImageObject" | "Photograph"))
        {
            let url = ["contentUrl", "url"]
                .iter()
                .find_map(|k| object.get(*k).and_then(Value::as_str));
            let mut credits = Vec::new();
            for key in [
                "creditText",
                "copyrightHolder",
                "creator",
                "author",
                "copyrightNotice",
            ] {
                if let Some(v) = object.get(key) {
                    json_names(v, &by_id, 0, &mut credits);
                }
            }
            if let (Some(url), Some(credit)) = (url, credits.into_iter().next()) {
                out.image_credits.push(LinkedImageCredit {
                    file: image_file_name(url).to_owned(),
                    credit,
                });
            }
        }
    }
    out
}

/// Names in a JSON-LD author value: a string, a `Person`/`Organization` with
/// a `name`, an `@id` reference to one elsewhere in the graph, or a list.
fn json_names(
    value: &Value,
    by_id: &FxHashMap<&str, &serde_json::Map<String, Value>>,
    depth: usize,
    out: &mut Vec<String>,
) {
    if depth > 4 {
        return;
    }
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => {
            for item in items {
                json_names(item, by_id, depth + 1, out);
            }
        }
        Value::Object(map) => {
            if let Some(name) = map.get("name") {
                json_names(name, by_id, depth + 1, out);
            } else if let Some(target) = map
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| by_id.get(id))
                && target.contains_key("name")
            {
                json_names(&Value::Object((*target).clone()), by_id, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The `@type`s of a JSON-LD object, without `schema:` or URL prefixes.
fn json_types(object: &serde_json::Map<String, Value>) -> Vec<&str> {
    match object.get("@type") {
        Some(Value::String(s)) => vec![schema_type(s)],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(schema_type)
            .collect(),
        _ => Vec::new(),
    }
}

/// `http://schema.org/NewsArticle` or `schema:NewsArticle` -> `NewsArticle`.
pub(crate) fn schema_type(value: &str) -> &str {
    value.rsplit(['/', ':']).next().unwrap_or(value).trim()
}

/// schema.org types of the page itself whose `author` is the story's author
/// when no `Article` node says so (profile and collection pages are not).
fn is_page_type(kind: &str) -> bool {
    matches!(kind, "WebPage" | "ItemPage")
}

/// schema.org types of a written story: `Article` and its subtypes
/// (`NewsArticle`, `ReportageNewsArticle`, `ScholarlyArticle`, ...),
/// `BlogPosting`, `LiveBlogPosting`, `SocialMediaPosting`, `Report`.
pub(crate) fn is_article_type(kind: &str) -> bool {
    // `SocialMediaPosting` (Tumblr) and `DiscussionForumPosting` are
    // subtypes of `Article` too.
    kind.ends_with("Article") || kind.ends_with("Posting") || kind == "Report"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_by_reference_and_image_credits_are_read_from_a_graph() {
        let ld = read(
            r##"<!-- {"@graph": [
                {"@type": "NewsArticle", "author": {"@id": "#jane"}},
                {"@id": "#jane", "@type": "Person", "name": "Jane Roe"},
                {"@type": "ImageObject", "url": "https://x.org/a/photo.jpg?w=800", "creditText": "NASA"}
            ]} -->"##,
        );
        assert_eq!(ld.article_types, ["NewsArticle"]);
        assert_eq!(
            ld.authors,
            [("NewsArticle".to_owned(), "Jane Roe".to_owned())]
        );
        assert_eq!(ld.image_credits.len(), 1);
        assert_eq!(ld.image_credits[0].file, "photo.jpg");
        assert_eq!(ld.image_credits[0].credit, "NASA");
    }

    #[test]
    fn a_yoast_web_page_author_by_reference_is_a_byline_but_no_article() {
        let ld = read(
            r##"{"@context":"https://schema.org","@graph":[
                {"@type":"WebSite","@id":"https://x.org/#website","name":"X"},
                {"@type":"WebPage","@id":"https://x.org/p/","name":"Story - X",
                 "author":{"@id":"https://x.org/#/schema/person/9a1"}},
                {"@type":"ProfilePage","author":{"@id":"https://x.org/#/schema/person/77"}},
                {"@type":["Person"],"@id":"https://x.org/#/schema/person/9a1","name":"Josh Ames"},
                {"@type":["Person"],"@id":"https://x.org/#/schema/person/77","name":"Ann Lee"}
            ]}"##,
        );
        assert!(ld.article_types.is_empty());
        assert_eq!(ld.authors, [("WebPage".to_owned(), "Josh Ames".to_owned())]);
    }

    #[test]
    fn text_that_is_not_json_says_nothing() {
        let ld = read("{ not json");
        assert!(ld.article_types.is_empty() && ld.authors.is_empty());
    }
}
