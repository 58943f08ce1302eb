//! The images of the article: which `img`s and `video` posters a reader
//! sees as the article's photos, their real sources behind lazy loaders,
//! and why the others (icons, avatars, tiny images, placeholders, teasers
//! that link elsewhere) are exempt from the credit and alt-text rules.

use crate::attribution::vocabulary::{has_token, segments};
use crate::document::Document;
use crate::html::attr;
use crate::source::TextRange;
use ego_tree::{NodeId, NodeRef};
use html5ever::local_name;
use scraper::node::Element;
use scraper::{ElementRef, Node};
use serde::Serialize;

/// The last path segment of a URL, without query or fragment.
pub fn file_name(url: &str) -> &str {
    let url = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    match url.rsplit('/').next() {
        Some(name) if !name.is_empty() => name,
        _ => url,
    }
}

/// File extensions of pictures.
const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic",
];

/// Whether a path segment names a picture file (`photo.jpg`, `x.JPEG`).
fn is_image_file(segment: &str) -> bool {
    segment
        .rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The picture's file name in an image URL: the last path segment that is
/// a picture file, else one in the query (`image.php?src=/a/photo.jpg`),
/// else the last segment. Image CDNs put sizes after the file
/// (`.../Name.jpg/revision/latest/scale-to-width-down/627`).
pub fn image_file_name(url: &str) -> &str {
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, query),
        None => (url, ""),
    };
    let path = path.split('#').next().unwrap_or(path);
    if let Some(segment) = path.rsplit('/').find(|s| is_image_file(s)) {
        return segment;
    }
    if let Some(segment) = query
        .split(['&', '=', '/'])
        .rev()
        .find(|s| is_image_file(s))
    {
        return segment;
    }
    file_name(url)
}

/// An image a reader sees as part of the article.
#[derive(Debug, Clone, Serialize)]
pub struct ContentImage {
    #[serde(skip)]
    pub node: NodeId,
    /// The `img` (or `video`) start tag.
    #[serde(skip)]
    pub tag: Option<TextRange>,
    /// The image's file name (the lazy-loaded source if `src` is a placeholder).
    pub file: String,
    /// Why the image is not a published photo (icon, avatar, logo, tiny,
    /// placeholder, ...): neither rule checks it.
    pub exempt: Option<String>,
    /// Why the image is a teaser rather than the article's photo (it is a
    /// link to another page): it needs no credit, but still alt text, the
    /// link's only name for a screen reader.
    pub teaser: Option<String>,
    /// Whether the element has an `alt` attribute at all, or another
    /// accessible name (`aria-label`, `aria-labelledby`).
    pub has_alt: bool,
    /// A `video` poster rather than an `img` (posters have no `alt`).
    pub is_video: bool,
}

/// The images inside the article scope (not in excluded furniture), in
/// document order, with the ones that are not published photos marked
/// exempt (see `exemption`).
pub fn content_images(doc: &Document, min_size: u32) -> Vec<ContentImage> {
    let mut images = Vec::new();
    let Some(root) = doc.html.dom.tree.get(doc.scope.root) else {
        return images;
    };
    let page_url = page_url(doc);
    // (node, the href of the innermost enclosing link, if any)
    let mut stack: Vec<(NodeRef<Node>, Option<&str>)> = vec![(root, None)];
    while let Some((node, link)) = stack.pop() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        if node.id() != doc.scope.root && doc.scope.excluded.contains(&node.id()) {
            continue;
        }
        let mut link = link;
        // Names compared as interned atoms: this asks every element of the
        // article.
        match element.name.local {
            local_name!("script")
            | local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("svg")
            | local_name!("head") => continue,
            local_name!("a") => link = attr(element, "href").or(link),
            local_name!("img") => {
                let source = image_source(element);
                images.push(describe_image(doc, node, element, source, min_size, |s| {
                    link_exemption(link, s, page_url.as_deref())
                }));
            }
            local_name!("video") => {
                let poster = ["poster", "data-poster", "data-postersrc", "data-poster-src"]
                    .iter()
                    .find_map(|a| attr(element, a).filter(is_real_source));
                if let Some(poster) = poster {
                    images.push(describe_image(
                        doc,
                        node,
                        element,
                        Some(poster.trim()),
                        min_size,
                        |s| link_exemption(link, s, page_url.as_deref()),
                    ));
                }
            }
            _ => {}
        }
        // Only elements can be or hold images.
        stack.extend(
            node.children()
                .rev()
                .filter(|c| c.value().is_element())
                .map(|c| (c, link)),
        );
    }
    images
}

/// The page's own address, from `<link rel="canonical">` or `og:url`, so a
/// featured image linking to its own article is not taken for a teaser.
fn page_url(doc: &Document) -> Option<String> {
    let head = doc
        .html
        .dom
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "head")?;
    head.children().filter_map(ElementRef::wrap).find_map(|e| {
        let e = e.value();
        let canonical = e.name() == "link" && has_token(attr(e, "rel"), "canonical");
        let og = e.name() == "meta" && attr(e, "property") == Some("og:url");
        let url = if canonical {
            attr(e, "href")
        } else if og {
            attr(e, "content")
        } else {
            None
        };
        url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty())
    })
}

/// A URL without scheme, `www.`, query, fragment and trailing slash, to
/// compare two links to the same page.
fn comparable_url(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    url.strip_prefix("www.")
        .unwrap_or(url)
        .trim_end_matches('/')
}

/// Why an image inside a link is not one of the article's photos: a picture
/// that is a link to another page is a teaser for another story, an ad, a
/// product or a profile link ("images inside links to other articles").
/// Links that open the picture itself (an image file, the same file in
/// another size, a `#` lightbox), links to the page itself, and links to
/// the picture's own page (a media, photo, gallery or attachment page, or a
/// wiki `File:` page) keep it a content image.
fn link_exemption(link: Option<&str>, source: Option<&str>, page: Option<&str>) -> Option<String> {
    let href = link?.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty()
        || href.starts_with('#')
        || lower.starts_with("javascript:")
        || lower.starts_with("data:")
    {
        return None;
    }
    let target = file_name(href);
    if is_image_file(target) || is_image_file(image_file_name(href)) {
        return None;
    }
    if let Some(source) = source
        && comparable_url(source) == comparable_url(href)
    {
        return None;
    }
    if page.is_some_and(|p| comparable_url(p) == comparable_url(href)) {
        return None;
    }
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    let own_page = [
        "/photo/",
        "/photos/",
        "/album/",
        "/gallery/",
        "/galleries/",
        "/media/",
        "/attachment/",
        "/image/",
        "/images/",
        "/file:",
        "/datei:",
        "/fichier:",
        "/archivo:",
        "/image:",
    ]
    .iter()
    .any(|p| path.contains(p))
        || lower.contains("attachment_id=");
    if own_page {
        return None;
    }
    Some("a link to another page (a teaser, an ad or a product)".into())
}

/// Whether an image URL is a real picture rather than a lazy-loading
/// placeholder: not a `data:` URI, no file stem word that only placeholders
/// use (placeholder, holder, blank, spacer, pixel, transparent, 1x1), and
/// not a stem made only of words such as lazy, loading, empty, missing,
/// grey, white, sizes and numbers (`lazy-loading-14x9.png`). A photo named
/// `lazy-sunday.jpg` is real.
fn is_real_source(url: &&str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.to_ascii_lowercase().starts_with("data:") {
        return false;
    }
    let file = file_name(url).to_ascii_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let strong = |w: &str| {
        matches!(
            w,
            "blank"
                | "spacer"
                | "pixel"
                | "transparent"
                | "1x1"
                | "lazyload"
                | "loader"
                | "spinner"
        ) || w.ends_with("placeholder")
            || w.ends_with("holder")
    };
    let weak_word = |w: &str| {
        matches!(
            w,
            "lazy"
                | "loading"
                | "empty"
                | "missing"
                | "grey"
                | "gray"
                | "white"
                | "black"
                | "dummy"
                | "clear"
                | "default"
                | "noimage"
                | "no"
                | "image"
                | "img"
        )
    };
    // Sizes and numbers go with the words; a stem of digits is a real
    // photo's id (`275221.jpg`).
    let weak = |w: &str| weak_word(w) || w.chars().all(|c| c.is_ascii_digit() || c == 'x');
    let placeholder = segments(stem).any(strong)
        || (segments(stem).any(|w| !matches!(w, "image" | "img") && weak_word(w))
            && segments(stem).all(weak));
    !placeholder
}

/// The real source of an `img`. Lazy loaders keep the picture in a `data-`
/// attribute and put a placeholder (a blank GIF, a `data:` URI, a grey
/// square) in `src`, so the lazy attributes (`data-src`, `data-srcset`, ...)
/// win; then `src`, then the first `srcset` candidate. `None` when only placeholders are left.
pub fn image_source(element: &Element) -> Option<&str> {
    // A srcset candidate is a URL (which may hold commas) then a
    // descriptor; the URL ends at the first whitespace.
    fn first_candidate(srcset: &str) -> Option<&str> {
        srcset
            .split_whitespace()
            .next()
            .map(|u| u.trim_end_matches(','))
    }
    for attr in [
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-lazy",
        "data-url",
        "data-hi-res-src",
        "data-srcset",
        "data-lazy-srcset",
        "src",
        "srcset",
    ] {
        let value = crate::html::attr(element, attr).map(str::trim);
        let value = if attr.ends_with("srcset") {
            value.and_then(first_candidate)
        } else {
            value
        };
        if let Some(v) = value.filter(is_real_source) {
            return Some(v);
        }
    }
    None
}

fn describe_image(
    doc: &Document,
    node: NodeRef<Node>,
    element: &Element,
    source: Option<&str>,
    min_size: u32,
    link_exemption: impl FnOnce(Option<&str>) -> Option<String>,
) -> ContentImage {
    let file = source.map_or_else(
        || "(no source)".to_owned(),
        |s| image_file_name(s).to_owned(),
    );
    let exempt = exemption(element, source, min_size);
    let teaser = link_exemption(source);
    ContentImage {
        node: node.id(),
        tag: doc.html.start_tag(node.id()),
        file,
        exempt,
        teaser,
        // `aria-label` and `aria-labelledby` name the image for screen
        // readers as `alt` does.
        has_alt: ["alt", "aria-label", "aria-labelledby"]
            .iter()
            .any(|a| attr(element, a).is_some()),
        is_video: element.name.local == local_name!("video"),
    }
}

/// A length in CSS pixels from an attribute or inline style value: `120`,
/// `120px`, `120.5px`; `None` for percentages, `em`, `auto`, ...
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim().to_ascii_lowercase();
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let unit = value[number_end..].trim();
    if !(unit.is_empty() || unit == "px" || unit == "px !important") {
        return None;
    }
    let whole = value[..number_end].split('.').next().unwrap_or("");
    whole.parse().ok()
}

/// The `width` and `height` an image is shown at, by its attributes and its
/// inline style (the style wins, as in the browser).
fn declared_size(element: &Element) -> [Option<u32>; 2] {
    let mut size = [
        attr(element, "width").and_then(pixels),
        attr(element, "height").and_then(pixels),
    ];
    if let Some(style) = attr(element, "style") {
        for declaration in style.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            match property.trim().to_ascii_lowercase().as_str() {
                "width" => size[0] = pixels(value).or(size[0]),
                "height" => size[1] = pixels(value).or(size[1]),
                _ => {}
            }
        }
    }
    size
}

/// Why an image is not a published photo needing a credit, if it is not:
/// no real source (only a lazy-loading placeholder), smaller than
/// `min_size` by its attributes or inline style, presentational or hidden,
/// or decorative by its class, source path or file name (icons, avatars,
/// logos, emoji, sprites, badges, tracking pixels, site theme assets).
fn exemption(element: &Element, source: Option<&str>, min_size: u32) -> Option<String> {
    let Some(source) = source else {
        return Some("no image source (only a placeholder)".into());
    };
    if let Some(small) = declared_size(element)
        .into_iter()
        .flatten()
        .find(|&s| s <= min_size)
    {
        return Some(format!("{small} px, at most {min_size} px"));
    }
    let role = attr(element, "role").unwrap_or("").to_ascii_lowercase();
    if matches!(role.as_str(), "presentation" | "none")
        && attr(element, "alt").is_none_or(|a| a.trim().is_empty())
    {
        return Some("presentational (empty alt, role=presentation)".into());
    }
    if element
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Some("hidden from readers (aria-hidden)".into());
    }
    const DECORATIVE: &[&str] = &[
        "icon",
        "icons",
        "avatar",
        "avatars",
        "logo",
        "logos",
        "emoji",
        "smiley",
        "gravatar",
        "sprite",
        "badge",
        "pixel",
        "spacer",
        "tracking",
        "tracker",
        "beacon",
        "spinner",
        "loader",
        "wp-smiley",
        "favicon",
    ];
    for token in element.classes().chain(element.id()) {
        let token = token.to_ascii_lowercase();
        if let Some(word) = segments(&token).find(|s| DECORATIVE.contains(s)) {
            return Some(format!("decorative (class `{word}`)"));
        }
    }
    let lower = source.to_ascii_lowercase();
    let host_and_path = lower.split(['?', '#']).next().unwrap_or("");
    for word in [
        "gravatar.com",
        "/emoji/",
        "/icons/",
        "/avatars/",
        "/avatar/",
        "pixel",
        "/logos/",
        // Pictures of the site's theme or a plugin are its design, not
        // the story's photos.
        "/themes/",
        "/wp-content/plugins/",
    ] {
        if host_and_path.contains(word) {
            return Some(format!(
                "decorative (source path has `{}`)",
                word.trim_matches('/')
            ));
        }
    }
    let file = image_file_name(host_and_path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if let Some(word) = segments(stem).find(|s| {
        matches!(
            *s,
            "logo" | "icon" | "avatar" | "favicon" | "spacer" | "emoji" | "sprite"
        )
    }) {
        return Some(format!("decorative (file name has `{word}`)"));
    }
    None
}

/// Images this many pixels wide or high or less (by attributes or inline
/// style) are decorative: 100 px is the size of thumbnails and avatars, and
/// no published photo is shown that small.
pub const DEFAULT_MIN_IMAGE_SIZE: u32 = 100;
