//! Throughput over the real corpus (`../shared/corpus`, 311 pages, ~57 MB):
//! plain scraper parsing, parsing with positions, and the full lint (scope,
//! blocks, every default rule), on one thread and on all cores. Prints the
//! median of several runs in MB/s.
//!
//! Run: `cargo bench --bench throughput` (add `-- --runs 9` for more runs,
//! `-- --phases` for the median time of each phase and rule on one thread,
//! `-- --whole-process` to time `copydesk check -q -j1` over the same pages
//! next to the plain parse, `-- --glossary-terms 100000` to time the full
//! lint with a generated glossary of that many terms added; `-- --cpu` times
//! the one-thread figures by the thread's CPU clock, steadier than the wall
//! clock on a busy machine).

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
            // Thread CPU time (with `--cpu`) means nothing across threads.
            let (wall, start) = (Instant::now(), Stamp::now());
            let seconds = if parallel {
                pages.par_iter().for_each(work);
                wall.elapsed().as_secs_f64()
            } else {
                pages.iter().for_each(work);
                start.elapsed().as_secs_f64()
            };
            bytes as f64 / 1e6 / seconds
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
    if args.iter().any(|a| a == "--cpu") {
        CPU_CLOCK.store(true, std::sync::atomic::Ordering::Relaxed);
    }
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
        "corpus: {} pages, {:.1} MB; {} runs each, median; {} threads available; {}",
        pages.len(),
        bytes as f64 / 1e6,
        runs,
        rayon::current_num_threads(),
        if CPU_CLOCK.load(std::sync::atomic::Ordering::Relaxed) {
            "one-thread figures in thread CPU time"
        } else {
            "wall time"
        }
    );
    if args.iter().any(|a| a == "--phases") {
        phases(&pages, &settings, &resources, runs);
        return;
    }
    if args.iter().any(|a| a == "--whole-process") {
        whole_process(&pages, runs);
        return;
    }
    if let Some(terms) = args
        .iter()
        .position(|a| a == "--glossary-terms")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
    {
        big_glossary(&pages, &settings, &resources, runs, terms);
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
    let mut one_thread = Vec::new();
    for (name, work) in [
        ("scraper parse", &plain as &(dyn Fn(&SourceFile) + Sync)),
        ("parse with positions", &positions),
        ("full lint", &lint),
    ] {
        let one = measure(&pages, runs, false, work);
        let all = measure(&pages, runs, true, work);
        one_thread.push(one);
        println!(
            "{name:22} 1 thread {one:7.1} MB/s   all threads {all:7.1} MB/s   ({:.2}x)",
            all / one
        );
    }
    println!(
        "full lint / scraper parse, 1 thread: {:.0}%",
        100.0 * one_thread[2] / one_thread[0]
    );
}

/// `copydesk check -q -j1` over the pages written out to a directory, next
/// to the plain parse of the same pages in memory, alternating, median of
/// `runs` each: what a user waits for against the floor of reading HTML.
/// The environment variable `COPYDESK_BIN` names another binary to time.
fn whole_process(pages: &[SourceFile], runs: usize) {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (i, page) in pages.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("{i:04}.html")),
            page.text.as_bytes(),
        )
        .expect("write page");
    }
    // `COPYDESK_BIN` times another build (an older one, to compare).
    let binary =
        std::env::var_os("COPYDESK_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_copydesk").into());
    let (mut parse, mut check) = (Vec::new(), Vec::new());
    let (mut parse_cpu, mut check_cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (start, cpu) = (Instant::now(), cpu_ms(libc::RUSAGE_SELF));
        for page in pages {
            std::hint::black_box(scraper::Html::parse_document(&page.text));
        }
        parse.push(start.elapsed().as_secs_f64() * 1000.0);
        parse_cpu.push(cpu_ms(libc::RUSAGE_SELF) - cpu);
        let (start, cpu) = (Instant::now(), cpu_ms(libc::RUSAGE_CHILDREN));
        let status = std::process::Command::new(&binary)
            .args(["check", "-q", "-j1"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run copydesk");
        check.push(start.elapsed().as_secs_f64() * 1000.0);
        check_cpu.push(cpu_ms(libc::RUSAGE_CHILDREN) - cpu);
        // Exit code 1 means findings, which the corpus has.
        assert!(status.code().is_some_and(|c| c <= 1), "copydesk failed");
    }
    let (parse, check) = (median(parse), median(check));
    let (parse_cpu, check_cpu) = (median(parse_cpu), median(check_cpu));
    println!("                                       wall       CPU (user+sys)");
    println!("plain scraper parse (in memory)  {parse:8.1} ms  {parse_cpu:8.1} ms");
    println!("copydesk check -q -j1 (process)  {check:8.1} ms  {check_cpu:8.1} ms");
    println!(
        "ratio                            {:8.2}x    {:8.2}x",
        check / parse,
        check_cpu / parse_cpu
    );
}

/// User plus system CPU time of this process or of its waited-for
/// children, in ms: steadier than wall time on a loaded machine.
fn cpu_ms(who: libc::c_int) -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// The full lint on one thread with the configured glossaries, then with a
/// generated glossary of `terms` more terms (two-word names, as a newsroom
/// style list holds): what a large glossary adds per page. Loading it is
/// timed apart, since a run does it once.
fn big_glossary(
    pages: &[SourceFile],
    settings: &Settings,
    resources: &Resources,
    runs: usize,
    terms: usize,
) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, generated_glossary(terms)).expect("write glossary");
    let mut sources = settings.glossaries.clone();
    sources.push(copydesk::glossary::GlossarySource::File(path));
    let start = Instant::now();
    let big = load_resources(&sources).expect("generated glossary loads");
    let load = start.elapsed().as_secs_f64() * 1000.0;
    let (mut base, mut with) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        for (resources, times) in [(resources, &mut base), (&big, &mut with)] {
            let start = Stamp::now();
            for page in pages {
                std::hint::black_box(lint_source(page, settings, resources).ok());
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let (base, with) = (median(base), median(with));
    println!("glossary of {terms} generated terms: loaded in {load:.1} ms");
    println!("full lint, built-in glossaries   {base:8.1} ms");
    println!("full lint, plus generated terms  {with:8.1} ms");
    println!(
        "added                            {:8.1}%",
        100.0 * (with / base - 1.0)
    );
}

/// `terms` distinct two-word names made of pronounceable syllables
/// ("Varkelo Minastri"), deterministic, one per line.
fn generated_glossary(terms: usize) -> String {
    const ONSETS: &[&str] = &[
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u"];
    const CODAS: &[&str] = &["", "n", "r", "s", "l"];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let word = |next: &mut dyn FnMut() -> u64| {
        let syllables = 2 + next() % 3;
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSETS[(next() % ONSETS.len() as u64) as usize]);
            w.push_str(VOWELS[(next() % VOWELS.len() as u64) as usize]);
            w.push_str(CODAS[(next() % CODAS.len() as u64) as usize]);
        }
        let mut chars = w.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = String::from("# Generated for the throughput benchmark.\n");
    while seen.len() < terms {
        let name = format!("{} {}", word(&mut next), word(&mut next));
        if seen.insert(name.clone()) {
            out.push_str(&name);
            out.push('\n');
        }
    }
    out
}

/// Time of each phase of linting and of each rule, summed over the corpus,
/// on one thread: where the cost of a lint beyond parsing goes. Each phase's
/// figure is the median over `runs` passes; plain and positioned parsing run
/// back to back on each page, so load from other processes hits both alike.
fn phases(pages: &[SourceFile], settings: &Settings, resources: &Resources, runs: usize) {
    let mut passes: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    // Per page: the plain parse and everything after the positioned parse.
    let mut per_page: Vec<Vec<(f64, f64)>> = vec![Vec::new(); pages.len()];
    for _ in 0..runs {
        let (times, pages_once) = phases_once(pages, settings, resources);
        for (page, (plain, after)) in pages_once.into_iter().enumerate() {
            per_page[page].push((plain, after));
        }
        for (phase, time) in times {
            passes
                .entry(phase)
                .or_default()
                .push(time.as_secs_f64() * 1000.0);
        }
    }
    for (phase, times) in passes {
        println!("{phase:40} {:8.1} ms", median(times));
    }
    // The pages whose lint costs most beyond the parse: where to look next.
    let mut worst: Vec<(f64, f64, &SourceFile)> = per_page
        .iter()
        .zip(pages)
        .map(|(runs, page)| {
            let plain = median(runs.iter().map(|r| r.0).collect());
            let after = median(runs.iter().map(|r| r.1).collect());
            (after, plain, page)
        })
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("pages costing most after the parse (ms after / ms plain parse):");
    for (after, plain, page) in worst.iter().take(8) {
        println!(
            "  {after:7.2} / {plain:7.2}  {} ({} KB)",
            page.path.display(),
            page.text.len() / 1000
        );
    }
}

/// Each phase's time over all pages, and per page the plain parse and
/// everything after the positioned parse, in ms.
fn phases_once(
    pages: &[SourceFile],
    settings: &Settings,
    resources: &Resources,
) -> (BTreeMap<String, Duration>, Vec<(f64, f64)>) {
    let mut times: BTreeMap<String, Duration> = BTreeMap::new();
    let mut per_page = Vec::with_capacity(pages.len());
    let mut add = |k: &str, d: Duration| *times.entry(k.to_string()).or_default() += d;
    for page in pages {
        let t = Stamp::now();
        std::hint::black_box(scraper::Html::parse_document(&page.text));
        let plain = t.elapsed();
        add("0 plain scraper parse", plain);
        let t = Stamp::now();
        let Ok(html) = ParsedHtml::parse(&page.text) else {
            per_page.push((plain.as_secs_f64() * 1000.0, 0.0));
            continue;
        };
        add("1 parse with positions", t.elapsed());
        let after = Stamp::now();
        let t = Stamp::now();
        let scope =
            copydesk::scope::choose(&html, &settings.scope_content, &settings.scope_exclude);
        add("2 article scope", t.elapsed());
        let t = Stamp::now();
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
        let mut findings = Vec::new();
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
            let t = Stamp::now();
            rule.check(&doc, &ctx, &mut out);
            add(&format!("4 rule {}", meta.id), t.elapsed());
            findings.append(&mut out);
        }
        let t = Stamp::now();
        copydesk::suppress::apply(&doc, settings, &mut findings);
        add("5 suppressions", t.elapsed());
        let t = Stamp::now();
        drop(facts);
        drop(doc);
        add("6 free the page", t.elapsed());
        per_page.push((
            plain.as_secs_f64() * 1000.0,
            after.elapsed().as_secs_f64() * 1000.0,
        ));
    }
    (times, per_page)
}

/// Whether one-thread timings read the thread's CPU clock (`--cpu`) rather
/// than the wall clock: on a machine shared with other work, time spent
/// waiting for a core inflates wall time by 30% or more between runs, while
/// CPU time moves little (cache and hyper-thread contention still show).
static CPU_CLOCK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A reading of the benchmark's clock (see [`CPU_CLOCK`]).
#[derive(Clone, Copy)]
struct Stamp(Duration);

impl Stamp {
    fn now() -> Stamp {
        if CPU_CLOCK.load(std::sync::atomic::Ordering::Relaxed) {
            // SAFETY: clock_gettime writes into the zeroed struct we own.
            let ts = unsafe {
                let mut ts: libc::timespec = std::mem::zeroed();
                libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
                ts
            };
            Stamp(Duration::new(
                u64::try_from(ts.tv_sec).unwrap_or(0),
                u32::try_from(ts.tv_nsec).unwrap_or(0),
            ))
        } else {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            Stamp(START.get_or_init(Instant::now).elapsed())
        }
    }

    fn elapsed(self) -> Duration {
        Stamp::now().0.saturating_sub(self.0)
    }
}
