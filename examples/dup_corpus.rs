//! Runs the three repeated-content rules over a folder of HTML pages and
//! prints every finding with both copies, for judging false alarms by eye.
//!
//! `cargo run --release --example dup_corpus -- [--full-body] DIR...`
//!
//! By default the article scope comes from `Document::parse_scoped` with the
//! built-in `[scope]` lists (`rules/defaults.toml`); `--full-body` lints the
//! whole body instead.

use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;
use std::path::PathBuf;

const RULES: [&str; 3] = [
    "duplicate-paragraph",
    "near-duplicate-paragraph",
    "duplicate-sentence",
];

fn scope_lists() -> (Vec<String>, Vec<String>) {
    copydesk::config::default_scope_lists()
}

fn shorten(text: &str) -> String {
    let t: String = text.chars().take(160).collect();
    t.replace('\n', " ")
}

fn main() {
    let mut full_body = false;
    let mut dirs = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--full-body" {
            full_body = true;
        } else {
            dirs.push(PathBuf::from(arg));
        }
    }
    let (content, exclude) = if full_body {
        (vec![], vec![])
    } else {
        scope_lists()
    };
    let mut paths: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(d)
                .expect("readable dir")
                .flatten()
                .map(|e| e.path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    let options = copydesk::rules::OptionValues::default();
    let resources = Resources::default();
    let mut counts = [0usize; 3];
    let mut pages_with = [0usize; 3];
    for path in &paths {
        let Ok(source) = SourceFile::read(path) else {
            continue;
        };
        let Ok(doc) = Document::parse_scoped(&source, &content, &exclude) else {
            continue;
        };
        let facts = PageFacts::new(&doc, &resources.glossary);
        for (i, id) in RULES.iter().enumerate() {
            let Some(rule) = find_rule(id) else { continue };
            let ctx = RuleContext {
                severity: rule.meta().default_severity,
                options: &options,
                resources: &resources,
                facts: &facts,
            };
            let mut out = Vec::new();
            rule.check(&doc, &ctx, &mut out);
            if !out.is_empty() {
                pages_with[i] += 1;
            }
            for d in &out {
                counts[i] += 1;
                let lc = source.line_column(d.range.start);
                println!(
                    "== {} {}:{}:{} [{}] {}",
                    d.severity,
                    path.file_name()
                        .map(|f| f.to_string_lossy())
                        .unwrap_or_default(),
                    lc.line,
                    lc.column,
                    id,
                    d.message
                );
                println!(
                    "   at   {:?} {}",
                    d.selector,
                    shorten(source.slice(d.range))
                );
                for r in &d.related {
                    println!("   first {}", shorten(source.slice(r.range)));
                }
            }
        }
    }
    println!("pages: {}", paths.len());
    for (i, id) in RULES.iter().enumerate() {
        println!("{id}: {} findings on {} pages", counts[i], pages_with[i]);
    }
}
