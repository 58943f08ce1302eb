//! Where linting time goes, phase by phase and rule by rule, over the corpus
//! in /tmp/corpus (decompressed pages). A development aid, not a benchmark:
//! `cargo run --release --example profile_lint`.
use copydesk::config::{CliOverrides, ConfigLoader};
use copydesk::document::Document;
use copydesk::html::ParsedHtml;
use copydesk::lint::load_resources;
use copydesk::rules::{RuleContext, registry};
use copydesk::source::SourceFile;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/corpus".into());
    let loader = ConfigLoader::new(CliOverrides::default()).unwrap();
    let settings = loader.settings_for(Path::new("page.html")).unwrap();
    let resources = load_resources(&settings.glossaries).unwrap();
    let mut pages = Vec::new();
    for sub in ["aeb", "readability"] {
        for e in std::fs::read_dir(Path::new(&dir).join(sub))
            .unwrap()
            .flatten()
        {
            if let Ok(s) = SourceFile::read(&e.path()) {
                pages.push(s);
            }
        }
    }
    // `profile_lint DIR plain|positions` runs one phase only, for `perf stat`.
    match std::env::args().nth(2).as_deref() {
        Some("plain") => {
            for p in &pages {
                std::hint::black_box(scraper::Html::parse_document(&p.text));
            }
            return;
        }
        Some("positions") => {
            for p in &pages {
                std::hint::black_box(ParsedHtml::parse(&p.text).ok());
            }
            return;
        }
        Some("lint") => {
            for p in &pages {
                std::hint::black_box(copydesk::lint::lint_source(p, &settings, &resources).ok());
            }
            return;
        }
        _ => {}
    }
    let mut times: BTreeMap<String, Duration> = BTreeMap::new();
    let mut add = |k: &str, d: Duration| *times.entry(k.to_string()).or_default() += d;
    for p in &pages {
        let t = Instant::now();
        std::hint::black_box(scraper::Html::parse_document(&p.text));
        add("0 plain scraper parse", t.elapsed());
        let t = Instant::now();
        let html = ParsedHtml::parse(&p.text).unwrap();
        add("1 parse with positions", t.elapsed());
        let t = Instant::now();
        let scope =
            copydesk::scope::choose(&html, &settings.scope_content, &settings.scope_exclude);
        add("2 scope", t.elapsed());
        let t = Instant::now();
        let doc = Document::with_scope(p, html, scope);
        add("3 blocks", t.elapsed());
        for rule in registry() {
            let meta = rule.meta();
            let rs = settings.rule(meta.id).unwrap();
            if !rs.enabled {
                continue;
            }
            let ctx = RuleContext {
                severity: rs.severity,
                options: &rs.options,
                resources: &resources,
            };
            let mut out = Vec::new();
            let t = Instant::now();
            rule.check(&doc, &ctx, &mut out);
            add(&format!("4 rule {}", meta.id), t.elapsed());
        }
    }
    for (k, v) in &times {
        println!("{k:40} {:8.1} ms", v.as_secs_f64() * 1000.0);
    }
}
