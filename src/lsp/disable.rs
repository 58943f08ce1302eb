//! Where a "disable this rule here" comment goes. copydesk's inline
//! suppressions ([`crate::suppress`]) have no line-scoped form; the
//! narrowest is `<!-- copydesk-disable-next RULE -->`, which covers the
//! next element after the comment. So the comment is put right before the
//! start tag of the innermost element that holds the finding: on a line of
//! its own, indented like the tag, when the tag begins its line, and inline
//! otherwise (minified pages, or inside `<pre>` where a line break would
//! show).

use crate::html::ParsedHtml;
use crate::source::{SourceFile, TextRange};
use scraper::Node;

/// A suppression comment to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// Byte offset into the decoded text.
    pub offset: usize,
    pub text: String,
    /// The tag name of the element the comment covers, for the title.
    pub element: String,
}

/// Elements whose whitespace shows: no line break is added inside them.
const PREFORMATTED: [&str; 4] = ["pre", "textarea", "listing", "plaintext"];

/// The comment that suppresses `rule` for the finding starting at `at`,
/// or `None` when no element with a start tag holds that offset.
pub fn disable_next(
    html: &ParsedHtml,
    source: &SourceFile,
    rule: &str,
    at: usize,
) -> Option<Insertion> {
    // An element's descendants start after it, so among the elements that
    // hold `at`, the innermost is the one whose start tag comes last.
    let mut candidates: Vec<(TextRange, ego_tree::NodeId)> = html
        .dom
        .tree
        .nodes()
        .filter(|node| matches!(node.value(), Node::Element(_)))
        .filter_map(|node| Some((html.start_tag(node.id())?, node.id())))
        .filter(|(tag, _)| tag.start <= at)
        .collect();
    candidates.sort_by_key(|(tag, _)| std::cmp::Reverse(tag.start));
    let (tag, node) = candidates.into_iter().find(|&(_, node)| {
        html.element_extent(node)
            .is_some_and(|extent| extent.contains(at) || extent.start == at)
    })?;
    let node_ref = html.dom.tree.get(node)?;
    let element = node_ref.value().as_element()?.name().to_owned();
    let comment = format!("<!-- copydesk-disable-next {rule} -->");

    let line = source.line_index(tag.start);
    let indent = &source.text[source.line_start(line)..tag.start];
    let preformatted = node_ref.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| PREFORMATTED.contains(&e.name()))
    });
    let text = if indent.chars().all(|c| c == ' ' || c == '\t') && !preformatted {
        let rest = &source.text[tag.start..];
        let newline = match rest.find(['\r', '\n']) {
            Some(i) if rest[i..].starts_with("\r\n") => "\r\n",
            Some(i) if rest[i..].starts_with('\r') => "\r",
            _ => "\n",
        };
        format!("{comment}{newline}{indent}")
    } else {
        comment
    };
    Some(Insertion {
        offset: tag.start,
        text,
        element,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CliOverrides, ConfigLoader};
    use crate::lint::lint_source;
    use crate::rules::Resources;
    use std::path::Path;

    fn insertion(text: &str, rule: &str, at: usize) -> Option<Insertion> {
        let source = SourceFile::from_text("page.html", text);
        let html = ParsedHtml::parse(&source.text).expect("parses");
        disable_next(&html, &source, rule, at)
    }

    #[test]
    fn comment_goes_on_its_own_line_before_the_indented_element() {
        let text = "<body>\n\t  <p>One <em>two two</em></p>\r\n</body>";
        let at = text.find("two two").expect("finding");
        let found = insertion(text, "repeated-word", at).expect("element");
        assert_eq!(found.element, "em");
        assert_eq!(found.offset, text.find("<em>").expect("em"));
        // `<em>` is inside a line: inline.
        assert_eq!(found.text, "<!-- copydesk-disable-next repeated-word -->");

        let at = text.find("One").expect("finding");
        let found = insertion(text, "repeated-word", at).expect("element");
        assert_eq!(found.element, "p");
        assert_eq!(
            found.text,
            "<!-- copydesk-disable-next repeated-word -->\r\n\t  "
        );
    }

    #[test]
    fn no_line_break_is_added_inside_pre() {
        let text = "<pre>\n<b>the the</b>\n</pre>";
        let found = insertion(text, "repeated-word", text.find("the").expect("x")).expect("b");
        assert_eq!(found.element, "b");
        assert_eq!(found.text, "<!-- copydesk-disable-next repeated-word -->");
    }

    /// The real proof: on the seed article, every finding's comment makes
    /// that finding disappear, and the comment is not reported unused.
    #[test]
    fn every_seed_finding_is_suppressed_by_its_comment() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/article.html");
        let loader = ConfigLoader::new(CliOverrides::default()).expect("loader");
        let settings = loader.settings_for(&path).expect("settings");
        let resources = Resources::load(&settings.glossaries).expect("glossaries");
        let source = SourceFile::read(&path).expect("seed");
        let findings = lint_source(&source, &settings, &resources).expect("lint");
        assert_eq!(findings.len(), 7);
        let html = ParsedHtml::parse(&source.text).expect("parses");
        for finding in &findings {
            let insertion = disable_next(&html, &source, finding.rule, finding.range.start)
                .unwrap_or_else(|| panic!("no element for {}", finding.rule));
            let mut text = source.text.clone();
            text.insert_str(insertion.offset, &insertion.text);
            let edited = SourceFile::from_text(path.clone(), text);
            let after = lint_source(&edited, &settings, &resources).expect("lint");
            let flagged = source.slice(finding.range);
            assert!(
                !after
                    .iter()
                    .any(|d| d.rule == finding.rule && edited.slice(d.range) == flagged),
                "{} on `{flagged}` still reported",
                finding.rule
            );
            assert_eq!(
                after.len(),
                findings.len() - 1,
                "{}: {after:#?}",
                finding.rule
            );
        }
    }
}
