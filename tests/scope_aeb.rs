//! Measures content scoping on the Article Extraction Benchmark: does the text
//! copydesk lints match the human-labelled article body of 181 real pages?
//!
//! The metric is the benchmark's own: both texts are split into lowercase
//! words, consecutive 4-word shingles are counted as multisets, and per page
//! precision = common / ours, recall = common / truth (an empty prediction
//! scores 0); the figures are means over pages. Readability.js scores F1
//! 0.947, precision 0.914, recall 0.982.
//!
//! The corpus lives outside the repository (`../shared/corpus`). Without it
//! the test says so and passes, unless `COPYDESK_REQUIRE_CORPUS=1`. Set
//! `COPYDESK_SCOPE_EVAL_OUT=file.tsv` to get one line per page (worst first)
//! for diagnosis, and `COPYDESK_SCOPE_EVAL_DUMP=dir` to get the linted text of
//! each page in `dir/<hash>.txt`; `scripts/scope_eval` does all three.

use copydesk::document::Document;
use copydesk::source::SourceFile;
use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const MIN_F1: f64 = 0.92;
const MIN_RECALL: f64 = 0.95;

fn gunzip(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    GzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

/// The built-in `[scope]` lists, read from the file the binary embeds.
fn default_lists() -> (Vec<String>, Vec<String>) {
    copydesk::config::default_scope_lists()
}

/// Lowercase words: maximal runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The multiset of 4-word shingles; a text of 1-3 words is one shingle.
fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let words = words(text);
    let mut out = HashMap::new();
    if words.is_empty() {
        return out;
    }
    if words.len() < 4 {
        *out.entry(words).or_insert(0) += 1;
        return out;
    }
    for window in words.windows(4) {
        *out.entry(window.to_vec()).or_insert(0) += 1;
    }
    out
}

/// (precision, recall, F1) of `predicted` against `truth`.
fn score(predicted: &str, truth: &str) -> (f64, f64, f64) {
    let ours = shingles(predicted);
    let theirs = shingles(truth);
    let ours_total: usize = ours.values().sum();
    let theirs_total: usize = theirs.values().sum();
    if ours_total == 0 || theirs_total == 0 {
        return (0.0, 0.0, 0.0);
    }
    let common: usize = ours
        .iter()
        .map(|(s, n)| (*n).min(theirs.get(s).copied().unwrap_or(0)))
        .sum();
    let precision = common as f64 / ours_total as f64;
    let recall = common as f64 / theirs_total as f64;
    let f1 = if common == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

#[test]
fn shingle_score_matches_hand_computation() {
    // truth: a b c d e -> {abcd, bcde}; ours: a b c d x -> {abcd, bcdx}.
    let (p, r, f) = score("A b, c d x", "a b c d e");
    assert_eq!((p, r, f), (0.5, 0.5, 0.5));
    assert_eq!(score("", "a b c d"), (0.0, 0.0, 0.0));
    assert_eq!(score("a b c d", "a b c d"), (1.0, 1.0, 1.0));
}

#[test]
fn aeb_article_bodies_are_what_copydesk_lints() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/aeb");
    if !corpus.is_dir() {
        assert!(
            std::env::var("COPYDESK_REQUIRE_CORPUS").as_deref() != Ok("1"),
            "COPYDESK_REQUIRE_CORPUS=1 but {} is missing",
            corpus.display()
        );
        println!("skipped: ../shared/corpus not found");
        return;
    }
    let truth: serde_json::Value =
        serde_json::from_slice(&gunzip(&corpus.join("ground-truth.json.gz"))).expect("json");
    let truth = truth.as_object().expect("an object keyed by hash");
    let (content, exclude) = default_lists();

    let mut rows = Vec::new();
    for (hash, entry) in truth {
        let body = entry["articleBody"].as_str().unwrap_or_default();
        let path: PathBuf = corpus.join("html").join(format!("{hash}.html.gz"));
        let source = SourceFile::from_bytes(path.clone(), gunzip(&path)).expect("decodes");
        let (predicted, reason) = match Document::parse_scoped(&source, &content, &exclude) {
            Ok(doc) => {
                let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
                (texts.join(" "), doc.scope.reason.clone())
            }
            Err(e) => (String::new(), e.to_string()),
        };
        if let Ok(dir) = std::env::var("COPYDESK_SCOPE_EVAL_DUMP") {
            let text = format!("{reason}\n\n{}", predicted.replace(". ", ".\n"));
            std::fs::write(Path::new(&dir).join(format!("{hash}.txt")), text).expect("dump");
        }
        let (p, r, f) = score(&predicted, body);
        rows.push((f, p, r, hash.clone(), reason));
    }
    let n = rows.len() as f64;
    let mean =
        |pick: fn(&(f64, f64, f64, String, String)) -> f64| rows.iter().map(pick).sum::<f64>() / n;
    let (f1, precision, recall) = (mean(|r| r.0), mean(|r| r.1), mean(|r| r.2));
    let poor = rows.iter().filter(|r| r.0 < 0.5).count();
    println!(
        "aeb: {} pages, F1 {f1:.3}, precision {precision:.3}, recall {recall:.3}, \
         {poor} pages with F1 < 0.5",
        rows.len()
    );
    if let Ok(out) = std::env::var("COPYDESK_SCOPE_EVAL_OUT") {
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let lines: Vec<String> = rows
            .iter()
            .map(|(f, p, r, hash, reason)| {
                let url = truth[hash]["url"].as_str().unwrap_or_default();
                format!("{f:.3}\t{p:.3}\t{r:.3}\t{hash}\t{url}\t{reason}")
            })
            .collect();
        std::fs::write(&out, lines.join("\n") + "\n").expect("write eval output");
    }
    assert!(f1 >= MIN_F1, "mean F1 {f1:.3} < {MIN_F1}");
    assert!(
        recall >= MIN_RECALL,
        "mean recall {recall:.3} < {MIN_RECALL}"
    );
}
