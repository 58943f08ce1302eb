//! Any bytes, as a page: decoding, parsing and block extraction never
//! panic, and when every text position is exact, every character of every
//! block maps back to source that decodes to it (the text as decoded, and
//! for UTF-8 and single-byte encodings the bytes as stored).

#![no_main]

use copydesk::document::Document;
use copydesk::position_check::check_positions;
use copydesk::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.html".into(), data.to_vec()) else {
        return;
    };
    let Ok(doc) = Document::parse(&source) else {
        return;
    };
    if doc.html.approximate_text_bytes > 0 {
        return;
    }
    let report = check_positions(&doc, 1);
    assert!(report.wrong.is_empty(), "{}", report.wrong.join("\n"));
});
