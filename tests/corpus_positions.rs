//! Over every page of the real corpus: no page fails to parse, and every
//! character of every block slices back to source bytes that decode to it.

mod common;

use copydesk::document::Document;
use copydesk::html::entities::decode_at;
use copydesk::source::SourceFile;

#[test]
fn every_block_character_maps_back_to_its_source_on_the_corpus() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let pages = common::corpus_pages(&dir);
    assert_eq!(pages.len(), 311, "the corpus has 311 pages");
    let (mut checked, mut wrong, mut approximate) = (0usize, Vec::new(), 0usize);
    let mut wrong_count = 0usize;
    for (name, bytes) in pages {
        let source =
            SourceFile::from_bytes(name.clone().into(), bytes).expect("corpus pages are HTML");
        let doc = Document::parse(&source).expect("corpus pages parse");
        approximate += doc.html.approximate_text_bytes;
        for block in &doc.blocks {
            for (offset, ch) in block.text.char_indices() {
                let range = block.source_range(offset, offset + ch.len_utf8());
                let raw = &source.text[range.start..range.end];
                checked += 1;
                let ok = if ch == ' ' {
                    raw.chars().all(char::is_whitespace)
                        || raw.starts_with('<')
                        || raw.starts_with('&')
                } else {
                    raw == ch.to_string().as_str()
                        || decode_at(raw.as_bytes())
                            .is_some_and(|(chars, _, len)| len == raw.len() && chars.contains(&ch))
                        || (ch == '\u{FFFD}' && raw == "\0")
                };
                if !ok {
                    if wrong.len() < 20 {
                        let shown: String = raw.chars().take(60).collect();
                        wrong.push(format!(
                            "{name}: {ch:?} in {:?} mapped to {shown:?}",
                            block.selector
                        ));
                    }
                    wrong_count += 1;
                }
            }
        }
    }
    eprintln!(
        "checked {checked} characters, {wrong_count} wrong; {approximate} bytes of text had approximate positions"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
