//! Any UTF-8 text, as a page: the tree copydesk builds (plain markup read
//! by its own scan, script and style bodies skipped, positions recorded) is
//! the tree scraper builds, as far as `copydesk::html::outline` compares
//! them, whenever copydesk does not refuse the page.

#![no_main]

use copydesk::html::ParsedHtml;
use copydesk::html::outline::{first_difference, outline};
use libfuzzer_sys::fuzz_target;
use scraper::Html;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ours) = ParsedHtml::parse(text) else {
        return;
    };
    let theirs = Html::parse_document(text.strip_prefix('\u{FEFF}').unwrap_or(text));
    if let Some(difference) = first_difference(&outline(&ours.dom), &outline(&theirs)) {
        panic!("{difference}");
    }
});
