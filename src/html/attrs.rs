//! Questions asked of every element by scope, blocks and rules: an attribute
//! by name, whether the element is hidden, the words of its class and id.
//! They live beside the parser because they read scraper's element type and
//! run on every element of a page, so they avoid allocating where they can.

/// An attribute's value, looked up by name without interning the name.
///
/// `scraper::node::Element::attr` turns the name into an atom (a perfect-hash
/// lookup) on every call; elements have a handful of attributes, so a scan
/// comparing strings is cheaper on the hot paths that ask every element.
pub fn attr<'a>(element: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    element
        .attrs()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// Hidden by the `hidden` attribute, `aria-hidden="true"` or an inline style
/// `display: none` / `visibility: hidden`. Stylesheets are not evaluated.
pub fn is_hidden(element: &scraper::node::Element) -> bool {
    hidden_and_role(element).0
}

/// [`is_hidden`] and the `role` attribute, in one pass over the attributes:
/// scope asks both of every element of the page.
pub fn hidden_and_role(element: &scraper::node::Element) -> (bool, Option<&str>) {
    use html5ever::local_name;
    // Names compared as interned atoms: one integer comparison each.
    let mut role = None;
    for (name, value) in &element.attrs {
        let value: &str = value;
        match name.local {
            local_name!("hidden") => return (true, None),
            local_name!("aria-hidden") if value.trim().eq_ignore_ascii_case("true") => {
                return (true, None);
            }
            local_name!("style") if style_hides(value) => return (true, None),
            local_name!("role") => role = role.or(Some(value)),
            _ => {}
        }
    }
    (false, role)
}

/// Whether an inline style says `display: none` or `visibility: hidden`.
pub fn style_hides(style: &str) -> bool {
    let contains = |needle: &[u8]| {
        style
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    // Most styles say neither word: no need to normalise them.
    if !contains(b"none") && !contains(b"hidden") {
        return false;
    }
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// The words of an element's class and id, lowercased and split at `-`,
/// `_`, spaces and lower-to-upper case changes: `captionFull` gives
/// `caption`, `full`; `field--name-field-highlights` gives `highlights`.
pub fn class_words(element: &scraper::node::Element) -> Vec<String> {
    attr(element, "class")
        .into_iter()
        .chain(attr(element, "id"))
        .flat_map(split_words)
        .collect()
}

/// Calls `f` with each of [`class_words`] in turn, without allocating a
/// `String` per word: one buffer is reused, and words that are already
/// lowercase ASCII (nearly all class names) are handed out as slices of the
/// attribute. Scope asks this of every element in the article.
pub fn for_each_class_word(element: &scraper::node::Element, mut f: impl FnMut(&str)) {
    let mut buffer = String::new();
    for value in attr(element, "class")
        .into_iter()
        .chain(attr(element, "id"))
    {
        for_each_split_word(value, &mut buffer, &mut f);
    }
}

/// [`split_words`] of one value, word by word into `f`.
fn for_each_split_word(text: &str, buffer: &mut String, f: &mut impl FnMut(&str)) {
    // Fast path: only lowercase ASCII letters, digits and separators, so
    // words are the runs between separators, already folded.
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !word.is_empty() {
                f(word);
            }
        }
        return;
    }
    buffer.clear();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !buffer.is_empty() {
                f(buffer);
                buffer.clear();
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !buffer.is_empty() {
            f(buffer);
            buffer.clear();
        }
        prev_lower = c.is_lowercase();
        buffer.extend(c.to_lowercase());
    }
    if !buffer.is_empty() {
        f(buffer);
        buffer.clear();
    }
}

/// [`class_words`] of one attribute value.
pub fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}
