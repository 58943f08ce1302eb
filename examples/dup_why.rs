//! Prints, for every block of a page that repeats an earlier one word for
//! word, which excuse (if any) keeps `duplicate-paragraph` quiet about it:
//! a template line, a per-block filter (hidden, table, links, figures,
//! references, titles) on either copy, or a pair excuse (gallery,
//! renderings, summary, lists). For tuning on real pages.
//!
//! `cargo run --release --example dup_why -- PAGE.html`

use copydesk::document::Document;
use copydesk::repeats::{Filters, PairExcuses, TemplateIndex, normalise, tokens};
use copydesk::source::SourceFile;
use rustc_hash::FxHashMap;
use std::path::Path;

/// The built-in `[scope]` lists, as the command line uses them.
fn scope_lists() -> (Vec<String>, Vec<String>) {
    copydesk::config::default_scope_lists()
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dup_why PAGE.html");
        std::process::exit(2);
    };
    let source = match SourceFile::read(Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let (content, exclude) = scope_lists();
    let doc = match Document::parse_scoped(&source, &content, &exclude) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let filters = Filters {
        max_link_density: copydesk::repeats::DEFAULT_MAX_LINK_DENSITY,
        max_figure_share: copydesk::repeats::DEFAULT_MAX_FIGURE_SHARE,
    };
    let pairs = PairExcuses::new(&doc);
    println!(
        "{}: {} blocks, scope {}",
        path,
        doc.blocks.len(),
        doc.scope.reason
    );
    let mut templates = TemplateIndex::default();
    for block in &doc.blocks {
        templates.insert(&block.text);
    }
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (i, block) in doc.blocks.iter().enumerate() {
        let key = normalise(&block.text);
        if key.split(' ').count() < 8 {
            continue;
        }
        let Some(&first) = seen.get(&key) else {
            seen.insert(key, i);
            continue;
        };
        let original = &doc.blocks[first];
        println!(
            "{} <- {}: template {}, block {:?}, first {:?}, pair {:?}",
            block.selector,
            original.selector,
            templates.is_template(&block.text),
            filters.excuses(&doc, block, &tokens(&block.text)),
            filters.excuses(&doc, original, &tokens(&original.text)),
            pairs.excuse(original, block)
        );
    }
}
