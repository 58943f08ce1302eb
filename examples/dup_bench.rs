//! Times the three repeated-content rules on a synthetic page of 20,000
//! distinct paragraphs (plus one near-duplicate pair, so the scoring path
//! runs). Not a test: timings belong in release builds on a quiet machine.
//!
//! `cargo run --release --example dup_bench [-- RUNS]`

use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;
use std::fmt::Write;
use std::time::Instant;

const PARAGRAPHS: usize = 20_000;

/// A deterministic pseudo-random word from a 5,000-word vocabulary, so
/// paragraphs share words the way prose does without being copies.
fn word(state: &mut u64) -> String {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    let n = (*state % 5_000) as usize;
    let syllables = ["ka", "lo", "mi", "ter", "su", "van", "de", "ro", "pi", "ne"];
    let mut w = String::new();
    let mut k = n + 1;
    while k > 0 {
        w.push_str(syllables[k % 10]);
        k /= 10;
    }
    w
}

fn page() -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut html = String::from("<html><body><article>\n");
    for i in 0..PARAGRAPHS {
        html.push_str("<p>");
        let len = 20 + (i % 40);
        for j in 0..len {
            if j > 0 {
                html.push(' ');
            }
            html.push_str(&word(&mut state));
            if j % 12 == 11 {
                html.push('.');
            }
        }
        let _ = writeln!(html, " paragraph {i}.</p>");
    }
    html.push_str(
        "<p>The Soyuz spacecraft is launched with three members of the crew bound for the station.</p>\n\
         <p>The Soyuz spacecraft was launched with three members of the crew bound for the station.</p>\n",
    );
    html.push_str("</article></body></html>\n");
    html
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7);
    let source = SourceFile::from_text("bench.html", page());
    let doc = Document::parse(&source).expect("synthetic page parses");
    println!("{} blocks, {} bytes", doc.blocks.len(), source.text.len());
    let options = copydesk::rules::OptionValues::default();
    let resources = Resources::default();
    let ids = [
        "duplicate-paragraph",
        "near-duplicate-paragraph",
        "duplicate-sentence",
    ];
    let mut totals = Vec::new();
    for _ in 0..runs {
        let mut found = 0;
        let start = Instant::now();
        let facts = PageFacts::new(&doc, &resources.glossary);
        for id in ids {
            let Some(rule) = find_rule(id) else { continue };
            let ctx = RuleContext {
                severity: rule.meta().default_severity,
                options: &options,
                resources: &resources,
                facts: &facts,
            };
            let mut out = Vec::new();
            let rule_start = Instant::now();
            rule.check(&doc, &ctx, &mut out);
            print!("{id} {:.1} ms; ", rule_start.elapsed().as_secs_f64() * 1e3);
            found += out.len();
        }
        let elapsed = start.elapsed();
        println!(
            "run: {:.1} ms, {found} findings",
            elapsed.as_secs_f64() * 1e3
        );
        totals.push(elapsed);
    }
    totals.sort();
    if let Some(median) = totals.get(totals.len() / 2) {
        println!("median of {runs}: {:.1} ms", median.as_secs_f64() * 1e3);
    }
}
