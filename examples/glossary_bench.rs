//! Throughput of the glossary rules over a corpus, in release mode:
//! no glossary vs the built-in packs vs a synthetic 100,000-term glossary.
//! Prints the glossary load time and the median of five passes per setup.
//!
//! ```sh
//! cargo run --release --example glossary_bench -- /tmp/corpus/aeb /tmp/corpus/readability
//! ```

use copydesk::config::GlossarySource;
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::glossary::{Glossary, Term, builtin_names};
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;
use std::time::{Duration, Instant};

const RULES: &[&str] = &[
    "glossary-spelling",
    "glossary-diacritics",
    "inconsistent-spelling",
];

/// 100,000 made-up names of one to three words (deterministic).
fn synthetic(n: usize) -> Vec<Term> {
    const SYL: &[&str] = &[
        "ka", "lo", "mir", "zen", "tov", "ra", "shi", "vel", "dor", "an", "pek", "sul", "ith",
        "bra", "nov", "qui", "ost", "ely", "gar", "win",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let word = |next: &mut dyn FnMut() -> u64| {
        let len = 2 + (next() % 3) as usize;
        let mut w: String = (0..len).map(|_| SYL[(next() % 20) as usize]).collect();
        w[..1].make_ascii_uppercase();
        w
    };
    (0..n)
        .map(|i| {
            let words = 1 + (next() % 3) as usize;
            let term = (0..words)
                .map(|_| word(&mut next))
                .collect::<Vec<_>>()
                .join(" ");
            Term {
                term,
                aliases: Vec::new(),
                wrong: Vec::new(),
                note: None,
                case_sensitive: false,
                origin: "synthetic".to_owned(),
                line: i + 1,
                tests: Vec::new(),
            }
        })
        .collect()
}

fn pass(docs: &[Document], resources: &Resources) -> (Duration, usize) {
    let options = copydesk::rules::OptionValues::default();
    let start = Instant::now();
    let mut findings = 0;
    for doc in docs {
        let facts = PageFacts::new(doc, &resources.glossary);
        for id in RULES {
            let Some(rule) = find_rule(id) else { continue };
            let ctx = RuleContext {
                severity: rule.meta().default_severity,
                options: &options,
                resources,
                facts: &facts,
            };
            let mut out = Vec::new();
            rule.check(doc, &ctx, &mut out);
            findings += out.len();
        }
    }
    (start.elapsed(), findings)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sources = Vec::new();
    for dir in std::env::args().skip(1) {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "html")
                && let Ok(s) = SourceFile::read(&path)
            {
                sources.push(s);
            }
        }
    }
    let parse_start = Instant::now();
    let docs: Vec<Document> = sources
        .iter()
        .filter_map(|s| Document::parse(s).ok())
        .collect();
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    println!(
        "{} pages, {:.1} MB; parsing (not part of the rule timings): {:?}",
        docs.len(),
        bytes as f64 / 1e6,
        parse_start.elapsed()
    );
    // Warm the embedded word lists so no setup pays for them.
    let _ = copydesk::glossary::Lexicon::get();

    let t = Instant::now();
    let builtins = Resources::load(
        &builtin_names()
            .into_iter()
            .map(|n| GlossarySource::Builtin(n.to_owned()))
            .collect::<Vec<_>>(),
    )?;
    let builtin_load = t.elapsed();
    let terms = synthetic(100_000);
    let t = Instant::now();
    let big = Resources {
        glossary: Glossary::from_terms(terms),
        ..Resources::default()
    };
    let big_load = t.elapsed();
    println!(
        "load: built-in packs {builtin_load:?}; 100,000 synthetic terms {big_load:?} ({:?})",
        big.glossary
    );

    for (name, resources) in [
        ("no glossary", &Resources::default()),
        ("built-in packs", &builtins),
        ("100,000 terms", &big),
    ] {
        let mut times: Vec<(Duration, usize)> = (0..5).map(|_| pass(&docs, resources)).collect();
        times.sort();
        let (median, findings) = times[2];
        println!(
            "{name:>15}: median {median:?} for all pages ({:.2} ms/page, {:.1} MB/s), {findings} findings",
            median.as_secs_f64() * 1e3 / docs.len() as f64,
            bytes as f64 / 1e6 / median.as_secs_f64()
        );
    }
    Ok(())
}
