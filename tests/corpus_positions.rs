//! Over every page of the real corpus: no page fails to parse, and every
//! character of every block slices back to source bytes that decode to it.

mod common;

use copydesk::document::Document;
use copydesk::position_check::check_positions;
use copydesk::source::SourceFile;

#[test]
fn every_block_character_maps_back_to_its_source_on_the_corpus() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let pages = common::corpus_pages(&dir);
    assert_eq!(pages.len(), 311, "the corpus has 311 pages");
    positions_are_exact(pages);
}

/// Every fourth page again, with Windows line ends: each CR LF is one LF
/// in the text, and still maps back to both bytes.
#[test]
fn block_characters_map_back_with_windows_line_ends() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    positions_are_exact(common::windows_line_end_pages(&dir));
}

fn positions_are_exact(pages: impl IntoIterator<Item = (String, Vec<u8>)>) {
    let (mut checked, mut wrong, mut approximate) = (0usize, Vec::new(), 0usize);
    let mut wrong_count = 0usize;
    for (name, bytes) in pages {
        let source =
            SourceFile::from_bytes(name.clone().into(), bytes).expect("corpus pages are HTML");
        let doc = Document::parse(&source).expect("corpus pages parse");
        approximate += doc.html.approximate_text_bytes;
        let report = check_positions(&doc, 20usize.saturating_sub(wrong.len()));
        checked += report.checked;
        wrong_count += report.wrong_count;
        wrong.extend(report.wrong);
    }
    eprintln!(
        "checked {checked} characters, {wrong_count} wrong; {approximate} bytes of text had approximate positions"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
