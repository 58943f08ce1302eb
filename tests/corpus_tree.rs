//! Over every page of the real corpus: the tree copydesk builds (plain
//! markup read by its own scan, script and style bodies skipped, positions
//! recorded) is the tree scraper builds from the same page, element for
//! element, attribute for attribute and text for text.

mod common;

use copydesk::html::ParsedHtml;
use copydesk::html::outline::{first_difference, outline};
use copydesk::source::SourceFile;
use scraper::Html;

#[test]
fn the_tree_is_scrapers_on_every_corpus_page() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let pages = common::corpus_pages(&dir);
    assert_eq!(pages.len(), 311, "the corpus has 311 pages");
    same_trees(pages);
}

/// No corpus page has a CR, and the plain scan reads CR LF itself (as one
/// LF): every fourth page again, with Windows line ends.
#[test]
fn the_tree_is_scrapers_with_windows_line_ends() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    same_trees(common::windows_line_end_pages(&dir));
}

fn same_trees(pages: impl IntoIterator<Item = (String, Vec<u8>)>) {
    let mut differ = Vec::new();
    for (name, bytes) in pages {
        let source =
            SourceFile::from_bytes(name.clone().into(), bytes).expect("corpus pages are HTML");
        let ours = ParsedHtml::parse(&source.text).expect("corpus pages parse");
        let theirs = Html::parse_document(source.text.trim_start_matches('\u{FEFF}'));
        if let Some(difference) = first_difference(&outline(&ours.dom), &outline(&theirs)) {
            differ.push(format!("{name}: {difference}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
