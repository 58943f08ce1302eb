//! The credit of one content image: looked for in its attributes, its
//! figure, its own caption block, the elements next to it, microdata and
//! JSON-LD, each look bounded so huge pages stay fast.

use super::patterns::{CreditPatterns, is_bare_domain};
use crate::attribution::images::ContentImage;
use crate::attribution::json_ld::schema_type;
use crate::attribution::names::looks_like_url;
use crate::attribution::page::PageMetadata;
use crate::attribution::text::{TEXT_LIMIT, text_of};
use crate::document::Document;
use crate::html::attr;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use scraper::node::Element;
use serde::Serialize;

/// Where an image's credit was found.
#[derive(Debug, Clone, Serialize)]
pub struct Credit {
    pub text: String,
    pub source: String,
}

/// How far up the tree the image's own block is looked for.
const IMAGE_BLOCK_LEVELS: usize = 6;

/// Nodes looked at per ancestor when measuring the image's block: captions
/// are small, and a container bigger than this is not the image's own.
const IMAGE_BLOCK_NODES: usize = 300;

/// The credit of a content image. In order: a credit attribute on the image
/// or its wrappers (`data-credit`, a `data-caption` or `title` or `alt` with
/// a credit phrase); a wiki `File:` link (the description page names author
/// and licence); the image's figure (any caption, credit or `cite` element
/// in it); the image's own block, the nearest ancestor holding text but no
/// other picture (a caption `div` around the `img`, a `p` holding the image
/// and its credit line); the elements right before and after that block;
/// schema.org microdata and JSON-LD `ImageObject`s.
pub fn image_credit(
    doc: &Document,
    image: &ContentImage,
    patterns: &CreditPatterns,
    metadata: &PageMetadata,
) -> Option<Credit> {
    let node = doc.html.dom.tree.get(image.node)?;
    if let Some(credit) = attribute_credit(node, patterns) {
        return Some(credit);
    }
    if let Some(credit) = wiki_file_link(node) {
        return Some(credit);
    }
    if let Some(container) = caption_container(node)
        && let Some(credit) = credit_inside(container, node.id(), patterns)
    {
        return Some(credit);
    }
    let block = image_block(node);
    if let Some(text_block) = block.text
        && let Some(credit) = credit_inside(text_block, node.id(), patterns)
    {
        return Some(credit);
    }
    // A credit line or caption right next to the image's block: the
    // element before it, and the one or two after it (a caption line, then
    // a credit line). A picture that carries its own caption has its
    // caption already; the second element after it is the story going on
    // ("Main image credit: Getty" two paragraphs down is another photo's).
    let unit = block.unit;
    let after = if has_own_caption(unit) { 1 } else { 2 };
    let neighbours = unit
        .prev_siblings()
        .filter(|s| s.value().is_element())
        .take(1)
        .chain(
            unit.next_siblings()
                .filter(|s| s.value().is_element())
                .take(after),
        );
    for sibling in neighbours {
        if let Some(credit) = credit_of_element(sibling, patterns, true) {
            return Some(credit);
        }
    }
    if let Some(credit) = microdata_credit(node) {
        return Some(credit);
    }
    metadata.linked_image_credit(&image.file).map(|l| Credit {
        text: l.credit.clone(),
        source: "JSON-LD ImageObject".into(),
    })
}

/// A credit in the attributes of the image or its wrappers up to the
/// figure: a `data-` attribute named for a credit (`data-credit`,
/// `data-photographer`), or a `data-caption`, `title` or `alt` whose text
/// has a credit phrase ("Representative image. (AFP file photo)"). A credit
/// only in `alt` is not shown to sighted readers, but the rights holder is
/// named: the credit is misplaced, not missing.
fn attribute_credit(node: NodeRef<Node>, patterns: &CreditPatterns) -> Option<Credit> {
    for (depth, ancestor) in std::iter::once(node).chain(node.ancestors()).enumerate() {
        let element = ancestor.value().as_element()?;
        if depth > 0 && !is_image_wrapper(element) {
            return None;
        }
        for (name, value) in element.attrs() {
            let value = value.trim();
            if value.is_empty() || looks_like_url(value) {
                continue;
            }
            let Some(data_name) = name.strip_prefix("data-") else {
                continue;
            };
            if patterns.names_credit(data_name) {
                return Some(Credit {
                    text: value.to_owned(),
                    source: format!("attribute {name}"),
                });
            }
            if data_name.contains("caption")
                && let Some(at) = patterns.find_credit(value)
            {
                return Some(Credit {
                    text: value[at..].to_owned(),
                    source: format!("attribute {name}"),
                });
            }
        }
        for attr in ["title", "alt"] {
            if let Some(value) = crate::html::attr(element, attr)
                && let Some(at) = patterns.find_credit(value)
            {
                return Some(Credit {
                    text: value[at..].trim().to_owned(),
                    source: format!("attribute {attr}"),
                });
            }
        }
        if element.name() == "figure" {
            return None;
        }
    }
    None
}

/// Whether the picture's block holds its own caption: a `figcaption`, or
/// an element whose class names a caption (bounded walk).
fn has_own_caption(unit: NodeRef<Node>) -> bool {
    unit.descendants()
        .take(IMAGE_BLOCK_NODES)
        .filter_map(|d| d.value().as_element())
        .any(|e| {
            e.name() == "figcaption" || e.classes().any(|c| holds_ignoring_ascii_case(c, "caption"))
        })
}

/// A wiki image links to its `File:` description page, which names the
/// author and the licence: MediaWiki's way of crediting.
fn wiki_file_link(node: NodeRef<Node>) -> Option<Credit> {
    let link = node
        .ancestors()
        .take(3)
        .filter_map(|a| a.value().as_element())
        .find(|e| e.name() == "a")?;
    let href = attr(link, "href")?;
    let page = href
        .rsplit("/wiki/")
        .next()
        .filter(|_| href.contains("/wiki/"))?;
    let (namespace, _) = page.split_once(':')?;
    matches!(
        namespace.to_ascii_lowercase().as_str(),
        "file" | "image" | "datei" | "fichier" | "archivo" | "bestand" | "plik" | "ficheiro"
    )
    .then(|| Credit {
        text: href.to_owned(),
        source: "link to the image's wiki description page".into(),
    })
}

/// schema.org microdata: an `ImageObject` scope around the image with a
/// `creditText`, `copyrightHolder`, `creator`, `author` or `copyrightNotice`.
fn microdata_credit(node: NodeRef<Node>) -> Option<Credit> {
    for ancestor in node.ancestors().take(4) {
        let element = ancestor.value().as_element()?;
        if !element
            .attr("itemtype")
            .is_some_and(|t| matches!(schema_type(t.trim()), "ImageObject" | "Photograph"))
        {
            continue;
        }
        for d in ancestor.descendants().take(IMAGE_BLOCK_NODES) {
            let Some(e) = d.value().as_element() else {
                continue;
            };
            let prop = attr(e, "itemprop").unwrap_or("");
            if prop.split_ascii_whitespace().any(|p| {
                matches!(
                    p,
                    "creditText" | "copyrightHolder" | "creator" | "author" | "copyrightNotice"
                )
            }) {
                let text = e
                    .attr("content")
                    .map(str::to_owned)
                    .unwrap_or_else(|| text_of(d, TEXT_LIMIT));
                if !text.trim().is_empty() {
                    return Some(Credit {
                        text: text.trim().to_owned(),
                        source: format!("microdata itemprop={prop}"),
                    });
                }
            }
        }
    }
    None
}

/// Where an image's caption and credit can be, found by climbing from the
/// image through ancestors that hold no other picture.
struct ImageBlock<'a> {
    /// The largest such ancestor (or the image): its siblings are the
    /// elements right before and after the picture.
    unit: NodeRef<'a, Node>,
    /// The nearest such ancestor that holds text, if it holds little: the
    /// caption box around the image, or a short paragraph with the image
    /// and its credit line.
    text: Option<NodeRef<'a, Node>>,
}

/// Climbs from the image while the ancestor holds no other picture and
/// little text, never past `article`, `main`, `section` or `body`, at most
/// [`IMAGE_BLOCK_LEVELS`] levels, each measured within
/// [`IMAGE_BLOCK_NODES`] nodes (bounded work per image).
fn image_block(node: NodeRef<'_, Node>) -> ImageBlock<'_> {
    let mut block = ImageBlock {
        unit: node,
        text: None,
    };
    for ancestor in node.ancestors().take(IMAGE_BLOCK_LEVELS) {
        let Some(element) = ancestor.value().as_element() else {
            break;
        };
        if matches!(
            element.name(),
            "article" | "main" | "section" | "body" | "html" | "td" | "li"
        ) {
            break;
        }
        let Some((pictures, chars)) = measure(ancestor) else {
            break;
        };
        if pictures > 1 || chars > TEXT_LIMIT {
            break;
        }
        block.unit = ancestor;
        if chars > 0 && block.text.is_none() {
            block.text = Some(ancestor);
        }
    }
    block
}

/// Pictures (`img`, `video`, `picture`-less) and non-space text characters
/// in a subtree; `None` if it is bigger than [`IMAGE_BLOCK_NODES`] nodes.
/// Counting stops once the subtree holds more than one picture or more
/// than [`TEXT_LIMIT`] characters: either ends the climb, and each level
/// re-reads the one below, so reading on would only repeat work.
fn measure(node: NodeRef<Node>) -> Option<(usize, usize)> {
    let (mut pictures, mut chars) = (0, 0);
    for (seen, d) in node.descendants().enumerate() {
        if seen >= IMAGE_BLOCK_NODES {
            return None;
        }
        match d.value() {
            Node::Element(e) if matches!(e.name(), "img" | "video") => pictures += 1,
            Node::Text(t) => {
                for c in t.text.chars() {
                    chars += usize::from(!c.is_whitespace());
                    if chars > TEXT_LIMIT {
                        break;
                    }
                }
            }
            _ => {}
        }
        if pictures > 1 || chars > TEXT_LIMIT {
            break;
        }
    }
    Some((pictures, chars))
}

/// Elements that wrap a single image without being its figure: a link,
/// `picture`, a span or div with an image-ish class.
fn is_image_wrapper(element: &Element) -> bool {
    matches!(
        element.name(),
        "a" | "picture" | "span" | "figure" | "div" | "p"
    ) && (matches!(element.name(), "a" | "picture" | "figure")
        || element.classes().any(|c| {
            [
                "image", "img", "photo", "media", "picture", "figure", "caption", "credit",
            ]
            .iter()
            .any(|w| holds_ignoring_ascii_case(c, w))
        }))
}

/// The image's figure: the nearest `figure` ancestor, or a wrapper whose
/// class says caption or figure, within four levels.
fn caption_container(node: NodeRef<Node>) -> Option<NodeRef<Node>> {
    for ancestor in node.ancestors().take(4) {
        let element = ancestor.value().as_element()?;
        if matches!(element.name(), "article" | "main" | "body" | "section") {
            return None;
        }
        if element.name() == "figure"
            || element.classes().any(|c| {
                holds_ignoring_ascii_case(c, "caption") || holds_ignoring_ascii_case(c, "figure")
            })
        {
            return Some(ancestor);
        }
    }
    None
}

/// A credit inside the image's figure or block (not in the image itself):
/// any element there that is not another image's is the image's caption or
/// credit, so credit phrases count in all of them; a `cite` or an element
/// named for a credit counts by itself, and a bare label ("Credit",
/// "Photo") names the credit that follows it. Text sitting directly in the
/// container counts too.
fn credit_inside(
    container: NodeRef<Node>,
    image: NodeId,
    patterns: &CreditPatterns,
) -> Option<Credit> {
    let mut stack = vec![container];
    let mut budget = IMAGE_BLOCK_NODES;
    while let Some(n) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if n.id() == image {
            continue;
        }
        if n.id() != container.id()
            && n.value().is_element()
            && let Some(credit) = credit_of_element(n, patterns, true)
        {
            return Some(credit);
        }
        stack.extend(n.children().rev().filter(|c| c.value().is_element()));
    }
    // Text directly in the container, after its elements were looked at.
    let own: String = container
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.text.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let at = patterns.find_credit(&own)?;
    Some(Credit {
        text: own[at..].to_owned(),
        source: "caption".into(),
    })
}

/// Bare labels that introduce the credit printed after them, in their own
/// element: `<span>Credit</span>Jane Roe for The Times`.
const CREDIT_LABELS: &[&str] = &[
    "credit",
    "credits",
    "photo",
    "photos",
    "photograph",
    "image",
    "picture",
    "illustration",
    "source",
    "foto",
];

/// The credit an element carries: a class/id/itemprop naming a credit with
/// text in it, a `cite` (the source of the work, by HTML's definition), a
/// bare credit label followed by a name, or a caption-like element whose
/// text has a credit phrase. `loose`: any short element whose text has a
/// credit phrase counts (elements of the image's own figure or block, and
/// the ones right next to it).
fn credit_of_element(
    node: NodeRef<Node>,
    patterns: &CreditPatterns,
    loose: bool,
) -> Option<Credit> {
    let element = node.value().as_element()?;
    if matches!(
        element.name(),
        "script" | "style" | "img" | "picture" | "source" | "video" | "noscript" | "template"
    ) {
        return None;
    }
    let naming = element
        .classes()
        .chain(element.id())
        .chain(attr(element, "itemprop"))
        .find(|v| patterns.names_credit(v));
    let is_caption = matches!(element.name(), "figcaption" | "caption")
        || element
            .classes()
            .any(|c| holds_ignoring_ascii_case(c, "caption"));
    if naming.is_none() && !is_caption && !loose {
        return None;
    }
    // Another image's figure next to this one carries that image's credit.
    if element.name() == "figure"
        || node.descendants().skip(1).take(100).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "img" | "picture" | "video" | "figure"))
        })
    {
        return None;
    }
    // Captions are read further: long ones end with the credit.
    let limit = if is_caption {
        TEXT_LIMIT * 4
    } else {
        TEXT_LIMIT
    };
    let text = text_of(node, limit);
    if text.is_empty() {
        return None;
    }
    let short = text.chars().count() <= 200;
    if let Some(name) = naming.filter(|_| short) {
        return Some(Credit {
            text,
            source: format!("credit element (`{name}`)"),
        });
    }
    if element.name() == "cite" && short {
        return Some(Credit {
            text,
            source: "`cite` by the image".into(),
        });
    }
    let label = text.trim_end_matches([':', ' ']).to_lowercase();
    if CREDIT_LABELS.contains(&label.as_str())
        && let Some(parent) = node.parent()
    {
        let whole = text_of(parent, TEXT_LIMIT);
        if whole.len() > text.len() + 1 {
            return Some(Credit {
                text: whole,
                source: format!("credit label `{text}`"),
            });
        }
    }
    if is_caption || naming.is_some() || text.chars().count() <= 300 {
        if let Some(at) = patterns.find_credit(&text) {
            return Some(Credit {
                text: text[at..].to_owned(),
                source: if is_caption {
                    "caption".into()
                } else {
                    format!("`{}` by the image", element.name())
                },
            });
        }
        if is_caption && is_bare_domain(&text) {
            return Some(Credit {
                text,
                source: "caption naming the source site".into(),
            });
        }
    }
    None
}

/// Whether `value` holds the lower-case ASCII word `word` in any ASCII
/// case, as `value.to_ascii_lowercase().contains(word)` says, without a
/// lower-cased copy of every class name of the image's surroundings.
fn holds_ignoring_ascii_case(value: &str, word: &str) -> bool {
    value
        .as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_ignoring_ascii_case_answers_as_a_lower_cased_copy() {
        for value in [
            "Caption",
            "wp-CAPTION-text",
            "capt",
            "",
            "FigureÉcaption",
            "İmage",
            "figcaptio",
        ] {
            for word in ["caption", "figure", "image", "img"] {
                assert_eq!(
                    holds_ignoring_ascii_case(value, word),
                    value.to_ascii_lowercase().contains(word),
                    "{value} {word}"
                );
            }
        }
        assert!(holds_ignoring_ascii_case("wp-CAPTION-text", "caption"));
    }
}
