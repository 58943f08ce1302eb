//! The HTML report in a real browser: headless Chromium loads reports made
//! by the binary and the tests read the DOM it built (highlights, filters,
//! sorting, links), check that nothing from a hostile page ran, time the
//! corpus report and take screenshots (written to `target/tmp/browser/`).
//!
//! On a machine without Chromium the tests skip, saying so; CI sets
//! `COPYDESK_REQUIRE_BROWSER=1`, which turns that into a failure. One
//! browser runs at a time (the tests share a lock), so they do not fight
//! over two cores.

mod cdp;
#[path = "../common/mod.rs"]
mod common;

use cdp::{Browser, find_chromium};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A browser, or `None` (after saying why) when there is none and none is
/// required.
fn browser(width: u32, height: u32) -> Option<(MutexGuard<'static, ()>, Browser)> {
    let Some(chromium) = find_chromium() else {
        if std::env::var("COPYDESK_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("COPYDESK_REQUIRE_BROWSER=1 but no chromium on the PATH");
        }
        eprintln!("skipped: chromium not found (set COPYDESK_CHROMIUM or install chromium)");
        return None;
    };
    let guard = ONE_BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some((guard, Browser::launch(&chromium, width, height)))
}

/// Runs `copydesk check --output-format html ARGS` and writes the report
/// to `dir/name`.
fn make_report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--output-format", "html"])
        .args(args)
        .output()
        .expect("copydesk runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "copydesk failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = dir.join(name);
    std::fs::write(&path, &output.stdout).expect("report written");
    path
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser")
}

/// Visible rows of the findings table.
const VISIBLE_ROWS: &str = "[...document.querySelectorAll('#findings-table tbody tr')]\
     .filter(r => !r.hidden && r.offsetParent !== null).length";

fn choose(browser: &mut Browser, select: &str, value: &str) {
    browser.eval(&format!(
        "(() => {{ const s = document.getElementById('{select}'); s.value = '{value}'; \
         s.dispatchEvent(new Event('change')); }})()"
    ));
}

#[test]
fn the_seed_report_highlights_its_seven_findings_and_every_link_lands() {
    let Some((_lock, mut browser)) = browser(1280, 1600) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let report = make_report(dir.path(), "seed.html", &["fixtures/seed/article.html"]);
    browser.open(&report);
    // One primary highlight per finding, each with its note.
    let highlighted = browser.eval(
        "new Set([...document.querySelectorAll('section.page mark.hl:not(.rel)')]\
         .map(m => m.dataset.d)).size",
    );
    assert_eq!(highlighted, json!(7));
    assert_eq!(
        browser.eval("document.querySelectorAll('.note:not(.rel)').length"),
        json!(7)
    );
    // The marks are on the flagged words.
    let words = browser.eval(
        "['f0-d3','f0-d4','f0-d5','f0-d6'].map(id => document.getElementById(id)?.textContent)",
    );
    let words: Vec<String> = serde_json::from_value(words).expect("strings");
    for word in ["Soyug-FG", "Alexy", "micrometeroid", ",,"] {
        assert!(
            words.iter().any(|w| w == word),
            "{word} not marked: {words:?}"
        );
    }
    // Glossary findings show the suggested spelling.
    let suggestions =
        browser.eval("[...document.querySelectorAll('.sug ins')].map(e => e.textContent)");
    let suggestions: Vec<String> = serde_json::from_value(suggestions).expect("strings");
    for spelling in ["Soyuz-FG", "Aleksey", "micrometeoroid"] {
        assert!(suggestions.iter().any(|s| s == spelling), "{suggestions:?}");
    }
    // The near-duplicate's two copies link to each other.
    let duplicate = browser.eval(
        "(() => { const note = [...document.querySelectorAll('.note:not(.rel)')]\
           .find(n => n.dataset.rule === 'near-duplicate-paragraph');\
         const there = document.getElementById(note.querySelector('.rel a').hash.slice(1));\
         const back = [...document.querySelectorAll('.note.rel a')]\
           .find(a => a.hash === '#' + note.querySelector('a.num').hash.slice(1));\
         return [there.closest('.txt').textContent.slice(0, 40), there.closest('.blk').className, !!back]; })()",
    );
    assert_eq!(
        duplicate,
        json!([
            "The Soyuz MS-09 spacecraft is launched w",
            "blk k-caption marked",
            true
        ])
    );
    // Every in-page link has a target.
    let dangling = browser.eval(
        "[...document.querySelectorAll('a[href^=\"#\"]')]\
         .filter(a => !document.getElementById(a.hash.slice(1))).map(a => a.href)",
    );
    assert_eq!(dangling, json!([]));
    assert_eq!(browser.console(), Vec::<String>::new());
    browser.screenshot(&screenshot_dir().join("seed.png"));
}

#[test]
fn filters_hide_and_show_rows_and_headers_sort_the_tables() {
    let Some((_lock, mut browser)) = browser(1280, 900) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let report = make_report(dir.path(), "seed.html", &["fixtures/seed/article.html"]);
    browser.open(&report);
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(7));
    choose(&mut browser, "filter-rule", "glossary-spelling");
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(3));
    assert_eq!(
        browser.eval("document.getElementById('shown').textContent"),
        json!("3")
    );
    // Notes of other rules are hidden and their highlights switched off.
    assert_eq!(
        browser.eval(
            "[...document.querySelectorAll('.note:not(.rel)')].filter(n => !n.hidden).length"
        ),
        json!(3)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('mark.hl.off').length > 0"),
        json!(true)
    );
    choose(&mut browser, "filter-rule", "");
    choose(&mut browser, "filter-sev", "info");
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(1));
    choose(&mut browser, "filter-sev", "error");
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(0));
    choose(&mut browser, "filter-sev", "");
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(7));
    assert_eq!(
        browser.eval("document.querySelectorAll('mark.hl.off').length"),
        json!(0)
    );

    // Sorting by rule, then by line, both ways.
    let column = |browser: &mut Browser, n: usize| {
        browser.eval(&format!(
            "[...document.querySelectorAll('#findings-table tbody tr')]\
             .map(r => r.cells[{n}].getAttribute('data-v') ?? r.cells[{n}].textContent)"
        ))
    };
    browser.eval("document.querySelectorAll('#findings-table th')[3].click()");
    let rules: Vec<String> = serde_json::from_value(column(&mut browser, 3)).expect("strings");
    let mut sorted = rules.clone();
    sorted.sort();
    assert_eq!(rules, sorted);
    browser.eval("document.querySelectorAll('#findings-table th')[1].click()");
    browser.eval("document.querySelectorAll('#findings-table th')[1].click()");
    let lines: Vec<u64> = serde_json::from_value::<Vec<String>>(column(&mut browser, 1))
        .expect("strings")
        .iter()
        .map(|v| v.parse().expect("a line number"))
        .collect();
    assert_eq!(lines, [113, 94, 92, 86, 86, 82, 71]);
}

#[test]
fn nothing_from_a_hostile_page_runs_in_the_report() {
    let Some((_lock, mut browser)) = browser(1280, 900) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "\"><img src=x onerror=window.pwned=1>.html";
    let page = dir.path().join(name);
    std::fs::write(
        &page,
        "<html><head><title>&lt;/title&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;</title></head>\
         <body><article><h1>Hostile &lt;script&gt;window.pwned=3&lt;/script&gt; headline</h1>\
         <p class=\"byline\">By Jane Doe</p>\
         <p>The the text holds &quot;&gt;&lt;img src=x onerror=window.pwned=4&gt; and \
         &lt;svg onload=window.pwned=5&gt; and ' onmouseover='window.pwned=6 here.</p>\
         <figure><img src=\"javascript:window.pwned=7\" alt=\"&quot;&gt;&lt;script&gt;window.pwned=8&lt;/script&gt;\" \
         width=\"1200\" height=\"800\"><figcaption>A harbour at dawn \
         &quot;&gt;&lt;img src=x onerror=window.pwned=9&gt;</figcaption></figure>\
         <p>Closing paragraph of the story, long enough to be article text.</p>\
         </article></body></html>",
    )
    .expect("page written");
    let page_arg = page.to_str().expect("UTF-8 path");
    let report = make_report(dir.path(), "report.html", &[page_arg]);
    browser.open(&report);
    // The page was rendered, with its findings.
    let marks = browser.eval("document.querySelectorAll('section.page mark.hl').length");
    assert!(marks.as_u64().is_some_and(|n| n >= 2), "{marks}");
    assert_eq!(browser.eval("typeof window.pwned"), json!("undefined"));
    assert_eq!(browser.eval("document.title"), json!("copydesk report"));
    assert_eq!(browser.eval("document.scripts.length"), json!(1));
    assert_eq!(
        browser.eval(
            "[...document.querySelectorAll('*')]\
             .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"
        ),
        json!(0)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('img, svg, iframe').length"),
        json!(0)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('a[href^=\"javascript\" i]').length"),
        json!(0)
    );
    // The hostile text is shown as text.
    for text in [
        "window.pwned=4",
        "window.pwned=7",
        "onerror=window.pwned=1>.html",
    ] {
        assert_eq!(
            browser.eval(&format!(
                "document.body.textContent.includes({})",
                json!(text)
            )),
            json!(true),
            "{text} not shown"
        );
    }
    assert_eq!(browser.console(), Vec::<String>::new());
    // Defence in depth: the Content-Security-Policy lets the report's own
    // script run (its filters work) but no other inline script.
    let rows = browser.eval(VISIBLE_ROWS);
    choose(&mut browser, "filter-rule", "repeated-word");
    assert_eq!(browser.eval(VISIBLE_ROWS), json!(1), "of {rows}");
    let injected = browser.eval(
        "(() => { const s = document.createElement('script'); \
         s.textContent = 'window.injected = 1'; document.body.appendChild(s); \
         return typeof window.injected; })()",
    );
    assert_eq!(injected, json!("undefined"));
}

#[test]
fn the_corpus_report_is_small_and_opens_fast() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let Some((_lock, mut browser)) = browser(1280, 900) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("pages");
    for (name, bytes) in common::corpus_pages(&corpus) {
        let name = name.trim_end_matches(".gz").trim_end_matches(".html");
        let path = pages.join(format!("{name}.html"));
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        std::fs::write(&path, bytes).expect("page written");
    }
    let pages_arg = pages.to_str().expect("UTF-8 path");
    let report = make_report(dir.path(), "corpus.html", &[pages_arg]);
    let size = std::fs::metadata(&report).expect("report").len();
    // The best of three loads: the report's own cost, not that of whatever
    // else the machine was doing at the time.
    let mut load_ms = f64::INFINITY;
    let mut wall = std::time::Duration::MAX;
    for _ in 0..3 {
        wall = wall.min(browser.open(&report));
        let load = browser
            .eval("performance.getEntriesByType('navigation')[0].loadEventEnd")
            .as_f64()
            .expect("a time");
        load_ms = load_ms.min(load);
    }
    eprintln!(
        "corpus report: {:.2} MB, load event after {load_ms:.0} ms ({wall:?} from the navigate command)",
        size as f64 / 1e6
    );
    assert!(size < 10_000_000, "the corpus report is {size} bytes");
    assert!(
        load_ms < 2000.0,
        "the corpus report took {load_ms} ms to load"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#pages-table tbody tr').length"),
        json!(311)
    );
    // Every finding in the table has its highlight in a page.
    let rows = browser.eval("document.querySelectorAll('#findings-table tbody tr').length");
    let highlights = browser.eval(
        "new Set([...document.querySelectorAll('section.page mark.hl:not(.rel)')]\
         .map(m => m.closest('section').id + '/' + m.dataset.d)).size",
    );
    assert_eq!(rows, highlights);
    browser.screenshot(&screenshot_dir().join("corpus.png"));
}
