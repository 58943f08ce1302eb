//! Throughput over the real corpus (`../shared/corpus`, 311 pages, ~57 MB):
//! plain scraper parsing, parsing with positions, and the full lint (scope,
//! blocks, every default rule), on one thread and on all cores. Prints the
//! median of several runs in MB/s.
//!
//! Run: `cargo bench --bench throughput` (add `-- --runs 9` for more runs,
//! `-- --phases` for the median time of each phase and rule on one thread).

use copydesk::config::{CliOverrides, ConfigLoader, Settings};
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::html::ParsedHtml;
use copydesk::lint::{lint_source, load_resources};
use copydesk::rules::{Resources, RuleContext, registry};
use copydesk::source::SourceFile;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use std::time::Instant;

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let file = std::fs::File::open(path).expect("corpus file");
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn load_corpus(dir: &Path) -> Vec<SourceFile> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir.join("aeb/html"))
        .expect("aeb")
        .flatten()
    {
        paths.push(entry.path());
    }
    for entry in std::fs::read_dir(dir.join("readability"))
        .expect("readability")
        .flatten()
    {
        let page = entry.path().join("source.html.gz");
        if page.is_file() {
            paths.push(page);
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| SourceFile::from_bytes(p.clone(), gunzip(p)).ok())
        .collect()
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(|a, b| a.total_cmp(b));
    runs[runs.len() / 2]
}

/// Runs `work` over all pages `runs` times; returns the median MB/s.
fn measure(
    pages: &[SourceFile],
    runs: usize,
    parallel: bool,
    work: &(dyn Fn(&SourceFile) + Sync),
) -> f64 {
    let bytes: usize = pages.iter().map(|p| p.text.len()).sum();
    let timings = (0..runs)
        .map(|_| {
            let start = Instant::now();
            if parallel {
                pages.par_iter().for_each(work);
            } else {
                pages.iter().for_each(work);
            }
            bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
        })
        .collect();
    median(timings)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/corpus not found");
        return;
    }
    let pages = load_corpus(&dir);
    let bytes: usize = pages.iter().map(|p| p.text.len()).sum();
    let loader = ConfigLoader::new(CliOverrides::default()).expect("built-in configuration");
    let settings = loader
        .settings_for(Path::new("page.html"))
        .expect("settings");
    let resources = load_resources(&settings.glossaries).expect("built-in glossaries");

    println!(
        "corpus: {} pages, {:.1} MB; {} runs each, median; {} threads available",
        pages.len(),
        bytes as f64 / 1e6,
        runs,
        rayon::current_num_threads()
    );
    if args.iter().any(|a| a == "--phases") {
        phases(&pages, &settings, &resources, runs);
        return;
    }
    let plain = |p: &SourceFile| {
        std::hint::black_box(scraper::Html::parse_document(&p.text));
    };
    let positions = |p: &SourceFile| {
        std::hint::black_box(ParsedHtml::parse(&p.text).ok());
    };
    let lint = |p: &SourceFile| {
        std::hint::black_box(lint_source(p, &settings, &resources).ok());
    };
    for (name, work) in [
        ("scraper parse", &plain as &(dyn Fn(&SourceFile) + Sync)),
        ("parse with positions", &positions),
        ("full lint", &lint),
    ] {
        let one = measure(&pages, runs, false, work);
        let all = measure(&pages, runs, true, work);
        println!("{name:22} 1 thread {one:7.1} MB/s   all threads {all:7.1} MB/s");
    }
}

/// Time of each phase of linting and of each rule, summed over the corpus,
/// on one thread: where the cost of a lint beyond parsing goes. Each phase's
/// figure is the median over `runs` passes; plain and positioned parsing run
/// back to back on each page, so load from other processes hits both alike.
fn phases(pages: &[SourceFile], settings: &Settings, resources: &Resources, runs: usize) {
    let mut passes: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..runs {
        for (phase, time) in phases_once(pages, settings, resources) {
            passes
                .entry(phase)
                .or_default()
                .push(time.as_secs_f64() * 1000.0);
        }
    }
    for (phase, times) in passes {
        println!("{phase:40} {:8.1} ms", median(times));
    }
}

fn phases_once(
    pages: &[SourceFile],
    settings: &Settings,
    resources: &Resources,
) -> BTreeMap<String, Duration> {
    let mut times: BTreeMap<String, Duration> = BTreeMap::new();
    let mut add = |k: &str, d: Duration| *times.entry(k.to_string()).or_default() += d;
    for page in pages {
        let t = Instant::now();
        std::hint::black_box(scraper::Html::parse_document(&page.text));
        add("0 plain scraper parse", t.elapsed());
        let t = Instant::now();
        let Ok(html) = ParsedHtml::parse(&page.text) else {
            continue;
        };
        add("1 parse with positions", t.elapsed());
        let t = Instant::now();
        let scope =
            copydesk::scope::choose(&html, &settings.scope_content, &settings.scope_exclude);
        add("2 article scope", t.elapsed());
        let t = Instant::now();
        let doc = Document::with_scope(page, html, scope);
        add("3 blocks", t.elapsed());
        // Facts are computed on first use: each is charged to the first rule
        // that asks for it.
        let extras = settings
            .rule("missing-image-credit")
            .map(|r| copydesk::lint::credit_extras(r.options.table()))
            .unwrap_or_default();
        let patterns = resources.credit_patterns.get(&extras);
        let facts = PageFacts::new(&doc, &resources.glossary).with_credit_patterns(&patterns);
        for rule in registry() {
            let meta = rule.meta();
            let Some(rule_settings) = settings.rule(meta.id).filter(|r| r.enabled) else {
                continue;
            };
            let ctx = RuleContext {
                severity: rule_settings.severity,
                options: &rule_settings.options,
                resources,
                facts: &facts,
            };
            let mut out = Vec::new();
            let t = Instant::now();
            rule.check(&doc, &ctx, &mut out);
            add(&format!("4 rule {}", meta.id), t.elapsed());
        }
    }
    times
}
