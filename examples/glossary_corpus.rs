//! Runs the glossary rules over a folder of pages with the built-in packs
//! and prints every finding with its context, for judging precision by eye.
//!
//! ```sh
//! cargo run --release --example glossary_corpus -- /tmp/corpus/aeb /tmp/corpus/readability
//! ```

use copydesk::config::{CliOverrides, ConfigLoader};
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;
use std::path::PathBuf;

const RULES: &[&str] = &[
    "glossary-spelling",
    "glossary-diacritics",
    "inconsistent-spelling",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let loader = ConfigLoader::new(CliOverrides::default())?;
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::env::args().skip(1) {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut resources: Option<Resources> = None;
    let mut counts = [0usize; 3];
    for path in &files {
        let settings = loader.settings_for(path)?;
        let resources = match &resources {
            Some(r) => r,
            None => resources.insert(Resources::load(&settings.glossaries)?),
        };
        let Ok(source) = SourceFile::read(path) else {
            continue;
        };
        let Ok(doc) =
            Document::parse_scoped(&source, &settings.scope_content, &settings.scope_exclude)
        else {
            continue;
        };
        let facts = PageFacts::new(&doc, &resources.glossary);
        for (k, id) in RULES.iter().enumerate() {
            let (Some(rule), Some(rs)) = (find_rule(id), settings.rule(id)) else {
                continue;
            };
            let ctx = RuleContext {
                severity: rs.severity,
                options: &rs.options,
                resources,
                facts: &facts,
            };
            let mut out = Vec::new();
            rule.check(&doc, &ctx, &mut out);
            for d in out {
                counts[k] += 1;
                let lc = source.line_column(d.range.start);
                let at = d.range.start;
                let lo = source.floor_char_boundary(at.saturating_sub(60));
                let hi = source.floor_char_boundary((d.range.end + 60).min(source.text.len()));
                let context = source.text[lo..hi].replace('\n', " ");
                println!(
                    "{}:{}:{} [{}] {}\n    …{}…",
                    path.file_name()
                        .map(|f| f.to_string_lossy())
                        .unwrap_or_default(),
                    lc.line,
                    lc.column,
                    d.rule,
                    d.message,
                    context
                );
            }
        }
    }
    println!("files: {}", files.len());
    for (id, n) in RULES.iter().zip(counts) {
        println!("{id}: {n}");
    }
    Ok(())
}
