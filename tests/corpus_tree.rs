//! Over every page of the real corpus: the tree copydesk builds (plain
//! markup read by its own scan, script and style bodies skipped, positions
//! recorded) is the tree scraper builds from the same page, element for
//! element, attribute for attribute and text for text.

mod common;

use copydesk::html::ParsedHtml;
use copydesk::source::SourceFile;
use scraper::{Html, Node};

/// Every element (namespace, name, attributes) and every text in tree
/// order. Left out, because copydesk builds them differently on purpose:
/// the text of script and style elements (skipped unread, except JSON-LD),
/// and comments (one node without text for a run of them).
fn outline(dom: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for node in dom.tree.root().descendants() {
        match node.value() {
            Node::Element(e) => {
                let mut line = format!("<{} {}", e.name.ns, e.name());
                for (name, value) in &e.attrs {
                    line += &format!(" {}:{}={:?}", name.ns, name.local, &**value);
                }
                out.push(line);
            }
            Node::Text(text) => {
                let raw = node
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|e| matches!(e.name(), "script" | "style"));
                if !raw {
                    out.push(format!("{:?}", &**text));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_tree_is_scrapers_on_every_corpus_page() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let pages = common::corpus_pages(&dir);
    assert_eq!(pages.len(), 311, "the corpus has 311 pages");
    let mut differ = Vec::new();
    for (name, bytes) in pages {
        let source =
            SourceFile::from_bytes(name.clone().into(), bytes).expect("corpus pages are HTML");
        let ours = ParsedHtml::parse(&source.text).expect("corpus pages parse");
        let theirs = Html::parse_document(source.text.trim_start_matches('\u{FEFF}'));
        let (ours, theirs) = (outline(&ours.dom), outline(&theirs));
        if ours != theirs {
            let at = ours.iter().zip(&theirs).position(|(a, b)| a != b);
            let at = at.unwrap_or(ours.len().min(theirs.len()));
            differ.push(format!(
                "{name}: node {at}: {:?} against scraper's {:?}",
                ours.get(at),
                theirs.get(at)
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
