//! Baselines: switch copydesk on for a site that already has thousands of
//! findings, and be told only about new ones.
//!
//! `check --write-baseline FILE` records a fingerprint of every finding;
//! `check --baseline FILE` hides the findings whose fingerprint is recorded.
//!
//! A fingerprint must survive edits that do not touch the finding, so it
//! never contains a line, a column or a byte offset. It is a hash of:
//! - the rule id;
//! - the flagged text and up to [`CONTEXT_WORDS`] words either side of it,
//!   taken from the *block text* (entities decoded, inline markup removed,
//!   whitespace collapsed), so re-indenting or re-wrapping the HTML, or
//!   editing other paragraphs, changes nothing. A finding outside any text
//!   block (an image without a credit, a page without a byline) uses the
//!   flagged source with its whitespace collapsed instead;
//! - an occurrence index among the findings of the same file with the same
//!   hash, in page order, so two identical findings stay two.
//!
//! The file's path is kept beside the fingerprint, relative to the baseline
//! file's folder, so the baseline works from any working directory. The
//! message is kept for people reading the file, and is not matched (it may
//! hold counts that change with unrelated edits).
//!
//! The hash is 64-bit FNV-1a: tiny, and unlike the standard library's
//! hasher its output is fixed forever, which a file checked into a
//! repository needs.

use crate::diagnostic::Diagnostic;
use crate::document::{Block, Document};
use crate::source::{SourceFile, TextRange};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The baseline format this version reads and writes.
pub const VERSION: u32 = 1;

/// Words of context taken on each side of the flagged text.
pub const CONTEXT_WORDS: usize = 5;

/// A baseline that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}: cannot read baseline: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: not a copydesk baseline: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{}: baseline format version {found} is not supported (this copydesk reads version {VERSION}); write a new one with --write-baseline",
        path.display()
    )]
    Version { path: PathBuf, found: u32 },
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Relative to the baseline file's folder, `/`-separated.
    pub path: String,
    pub rule: String,
    /// 16 hex digits.
    pub fingerprint: String,
    /// 0 for the first finding of this file with this fingerprint, 1 for
    /// the second, ...
    pub occurrence: usize,
    /// For people reading the file; not matched.
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    #[serde(default)]
    findings: Vec<Entry>,
}

/// A finding's identity, independent of where on the page it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub hash: u64,
    pub occurrence: usize,
}

impl Fingerprint {
    fn hex(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

/// The fingerprints of a file's `diagnostics` (in page order, as linting
/// returns them), one per diagnostic, in the same order. `scope_content`
/// and `scope_exclude` are the settings the file was linted with, so the
/// blocks are the ones the rules saw.
pub fn fingerprints(
    source: &SourceFile,
    scope_content: &[String],
    scope_exclude: &[String],
    diagnostics: &[Diagnostic],
) -> Vec<Fingerprint> {
    let doc = Document::parse_scoped(source, scope_content, scope_exclude).ok();
    let blocks: &[Block] = doc.as_ref().map_or(&[], |d| &d.blocks);
    let finder = BlockFinder::new(blocks);
    // Per block holding a finding: whether its characters' source ranges
    // only move forward (see `is_in_source_order`).
    let mut in_source_order: HashMap<*const Block, bool> = HashMap::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|diagnostic| {
            let block = finder.smallest_holding(diagnostic.range.start).map(|b| {
                let in_order = *in_source_order
                    .entry(std::ptr::from_ref(b))
                    .or_insert_with(|| is_in_source_order(b));
                (b, in_order)
            });
            let (flagged, before, after) = neighbourhood(source, block, diagnostic);
            let hash = fnv1a(&[diagnostic.rule, &flagged, &before, &after]);
            let count = seen.entry(hash).or_default();
            let occurrence = *count;
            *count += 1;
            Fingerprint { hash, occurrence }
        })
        .collect()
}

/// Finds the smallest block whose source range holds an offset (the first
/// such block in page order among equals), by binary search over the
/// blocks sorted by where they start: a page's findings are looked up in
/// its blocks, not each compared with every block (20,000 findings on a
/// page of 20,000 paragraphs took 4 s).
struct BlockFinder<'b> {
    blocks: &'b [Block],
    /// (start, end, block index), sorted by start then index.
    ranges: Vec<(usize, usize, usize)>,
    /// The furthest end among `ranges[..=i]`: below it, no earlier block
    /// can reach an offset.
    furthest: Vec<usize>,
}

impl<'b> BlockFinder<'b> {
    fn new(blocks: &'b [Block]) -> BlockFinder<'b> {
        let mut ranges: Vec<(usize, usize, usize)> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let r = b.range();
                (r.start, r.end, i)
            })
            .collect();
        ranges.sort_unstable();
        let furthest = ranges
            .iter()
            .scan(0, |far, &(_, end, _)| {
                *far = (*far).max(end);
                Some(*far)
            })
            .collect();
        BlockFinder {
            blocks,
            ranges,
            furthest,
        }
    }

    fn smallest_holding(&self, offset: usize) -> Option<&'b Block> {
        let mut best: Option<(usize, usize)> = None; // (text length, index)
        let mut i = self.ranges.partition_point(|&(start, ..)| start <= offset);
        while i > 0 && self.furthest[i - 1] > offset {
            i -= 1;
            let (_, end, index) = self.ranges[i];
            if end > offset {
                let len = self.blocks[index].text.len();
                if best.is_none_or(|b| (len, index) < b) {
                    best = Some((len, index));
                }
            }
        }
        best.map(|(_, index)| &self.blocks[index])
    }
}

/// Whether the source ranges of a block's characters never move back, at
/// either end: text in page order, as nearly every block is (the parser
/// may move text, e.g. out of a table). One pass over the block.
fn is_in_source_order(block: &Block) -> bool {
    let mut last = TextRange::new(0, 0);
    block.text.char_indices().all(|(i, c)| {
        let at = block.source_range(i, i + c.len_utf8());
        let forward = at.start >= last.start && at.end >= last.end;
        last = at;
        forward
    })
}

/// The first character of `text` (its byte offset) for which `reached`
/// holds, where `reached` is false and then true along the text; the
/// text's length if it never holds.
fn first_reached(text: &str, reached: impl Fn(usize, usize) -> bool) -> usize {
    let char_at = |i: usize| text[i..].chars().next().map_or(0, char::len_utf8);
    let (mut lo, mut hi) = (0, text.len());
    while lo < hi {
        let mut mid = lo + (hi - lo) / 2;
        while !text.is_char_boundary(mid) {
            mid -= 1;
        }
        if reached(mid, mid + char_at(mid)) {
            hi = mid;
        } else {
            lo = mid + char_at(mid).max(1);
        }
    }
    lo
}

/// The flagged text and the words before and after it, whitespace-collapsed,
/// in `block`, the smallest block holding the start of the finding (with
/// whether its text is in source order).
fn neighbourhood(
    source: &SourceFile,
    block: Option<(&Block, bool)>,
    diagnostic: &Diagnostic,
) -> (String, String, String) {
    let range = diagnostic.range;
    let Some((block, in_source_order)) = block else {
        return (collapse(source.slice(range)), String::new(), String::new());
    };
    // Map the source range to block-text offsets: the first character
    // ending after the range starts, and the end of the last one starting
    // before the range ends. In source order both are binary searches;
    // otherwise every character is looked at (once per finding, which a
    // block of thousands of findings made quadratic in the common case).
    let (start, end) = if in_source_order {
        let at = |i: usize, j: usize| block.source_range(i, j);
        let start = first_reached(&block.text, |i, j| at(i, j).end > range.start);
        let end = first_reached(&block.text, |i, j| at(i, j).start >= range.end);
        (start, (end > 0).then_some(end))
    } else {
        let (mut start, mut end) = (None, None);
        for (i, c) in block.text.char_indices() {
            let at = block.source_range(i, i + c.len_utf8());
            if start.is_none() && at.end > range.start {
                start = Some(i);
            }
            if at.start < range.end {
                end = Some(i + c.len_utf8());
            }
        }
        (start.unwrap_or(block.text.len()), end)
    };
    let end = end.unwrap_or(start).max(start);
    let before: Vec<&str> = block.text[..start]
        .split_whitespace()
        .rev()
        .take(CONTEXT_WORDS)
        .collect();
    let before: Vec<&str> = before.into_iter().rev().collect();
    let after: Vec<&str> = block.text[end..]
        .split_whitespace()
        .take(CONTEXT_WORDS)
        .collect();
    (
        collapse(&block.text[start..end]),
        before.join(" "),
        after.join(" "),
    )
}

/// Whitespace runs become one space; no leading or trailing space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 64-bit FNV-1a over the parts, each followed by a 0x1f separator byte (so
/// `("ab", "c")` and `("a", "bc")` differ).
fn fnv1a(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The folder a baseline's paths are relative to: the baseline file's own
/// (resolved, so that `./b.json` and `/abs/b.json` agree).
pub fn base_dir(baseline: &Path) -> PathBuf {
    let parent = match baseline.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&parent).unwrap_or_else(|_| absolute(&parent))
}

/// `file` relative to `base_dir` (`..` where needed), `/`-separated, so a
/// baseline stays valid wherever the repository is checked out. The
/// absolute path when the two share no root (two Windows drives).
pub fn relative_path(base_dir: &Path, file: &Path) -> String {
    let resolved = std::fs::canonicalize(file).unwrap_or_else(|_| absolute(file));
    let base: Vec<Component> = base_dir.components().collect();
    let target: Vec<Component> = resolved.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let name = |c: &Component| c.as_os_str().to_string_lossy().into_owned();
    if common == 0 {
        return target.iter().map(name).collect::<Vec<_>>().join("/");
    }
    let ups = std::iter::repeat_n("..".to_owned(), base.len() - common);
    ups.chain(target[common..].iter().map(name))
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` made absolute against the working directory, `.` and `..`
/// resolved lexically (for names that do not exist, such as `<stdin>`).
fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The entries recording one file's findings (for `--write-baseline`).
pub fn entries(path: &str, diagnostics: &[Diagnostic], fingerprints: &[Fingerprint]) -> Vec<Entry> {
    diagnostics
        .iter()
        .zip(fingerprints)
        .map(|(d, fp)| Entry {
            path: path.to_owned(),
            rule: d.rule.to_owned(),
            fingerprint: fp.hex(),
            occurrence: fp.occurrence,
            message: d.message.clone(),
        })
        .collect()
}

/// A baseline file, as JSON: entries sorted by path (each file's findings
/// stay in page order), so rewriting it after a small change makes a small
/// diff.
pub fn to_json(mut entries: Vec<Entry>) -> String {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let file = BaselineFile {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// A loaded baseline: the recorded findings, looked up by path, rule and
/// fingerprint.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    known: HashSet<(String, String, u64, usize)>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(path, &text)
    }

    /// Parses a baseline's text; `path` places it (and names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let parse_error = |e: serde_json::Error| BaselineError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        // The version first, so a future format is named as such rather
        // than as a malformed file.
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        let versioned: Versioned = serde_json::from_str(text).map_err(parse_error)?;
        if versioned.version != VERSION {
            return Err(BaselineError::Version {
                path: path.to_path_buf(),
                found: versioned.version,
            });
        }
        let file: BaselineFile = serde_json::from_str(text).map_err(parse_error)?;
        let mut known = HashSet::new();
        for entry in file.findings {
            let Ok(hash) = u64::from_str_radix(&entry.fingerprint, 16) else {
                return Err(BaselineError::Parse {
                    path: path.to_path_buf(),
                    line: 0,
                    column: 0,
                    message: format!("fingerprint `{}` is not hexadecimal", entry.fingerprint),
                });
            };
            known.insert((entry.path, entry.rule, hash, entry.occurrence));
        }
        Ok(Baseline {
            dir: base_dir(path),
            known,
        })
    }

    /// The folder the recorded paths are relative to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a finding of `rule` in `path` (as [`relative_path`] gives it)
    /// with this fingerprint is recorded.
    pub fn contains(&self, path: &str, rule: &str, fingerprint: &Fingerprint) -> bool {
        // Borrowed lookup would need a custom key type; baselines are
        // consulted once per finding, so the allocation is noise.
        self.known.contains(&(
            path.to_owned(),
            rule.to_owned(),
            fingerprint.hash,
            fingerprint.occurrence,
        ))
    }

    /// How many findings the baseline records.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::TextRange;

    fn diagnostic_at(source: &SourceFile, needle: &str, nth: usize) -> Diagnostic {
        let start = source
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap();
        Diagnostic::new(
            "repeated-word",
            Severity::Warning,
            TextRange::new(start, start + needle.len()),
            "m",
        )
    }

    fn fingerprint_of(html: &str, needle: &str, nth: usize) -> Fingerprint {
        let source = SourceFile::from_text("a.html", html);
        let d = diagnostic_at(&source, needle, nth);
        fingerprints(&source, &[], &[], &[d])[0]
    }

    #[test]
    fn fingerprint_ignores_lines_indentation_and_wrapping() {
        let html = "<body><p>One two three the the four five six.</p></body>";
        let moved = "<!-- a -->\n\n\n<body>\n    <p>One two\n        three the\n   the four five six.</p>\n</body>";
        assert_eq!(
            fingerprint_of(html, "the the", 0).hash,
            fingerprint_of(moved, "the\n   the", 0).hash
        );
    }

    #[test]
    fn fingerprint_changes_with_the_words_around_the_finding() {
        let a = "<p>One two three the the four five six.</p>";
        let b = "<p>One two three the the FOUR five six.</p>";
        assert_ne!(
            fingerprint_of(a, "the the", 0).hash,
            fingerprint_of(b, "the the", 0).hash
        );
        // ... but not with words further away than the context.
        let far = "<p>Zero a b c d e the the f g h i j nine.</p>";
        let far_edited = "<p>CHANGED a b c d e the the f g h i j EDITED.</p>";
        assert_eq!(
            fingerprint_of(far, "the the", 0).hash,
            fingerprint_of(far_edited, "the the", 0).hash
        );
    }

    #[test]
    fn identical_findings_get_successive_occurrences() {
        let html = "<p>a the the b</p><p>a the the b</p>";
        let source = SourceFile::from_text("a.html", html);
        let ds = [
            diagnostic_at(&source, "the the", 0),
            diagnostic_at(&source, "the the", 1),
        ];
        let fps = fingerprints(&source, &[], &[], &ds);
        assert_eq!(fps[0].hash, fps[1].hash);
        assert_eq!((fps[0].occurrence, fps[1].occurrence), (0, 1));
    }

    #[test]
    fn findings_outside_blocks_use_the_collapsed_source() {
        let a = "<body><p>text</p><img src=a.jpg\n      alt=x></body>";
        let b = "<body>\n<p>text</p>\n<img src=a.jpg alt=x>\n</body>";
        assert_eq!(
            fingerprint_of(a, "<img src=a.jpg\n      alt=x>", 0).hash,
            fingerprint_of(b, "<img src=a.jpg alt=x>", 0).hash
        );
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the separator byte follows.
        let mut expected: u64 = 0xaf63_dc4c_8601_ec8c;
        expected ^= 0x1f;
        expected = expected.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(fnv1a(&["a"]), expected);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn round_trip_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        let fp = Fingerprint {
            hash: 0xabc,
            occurrence: 1,
        };
        let d = Diagnostic::new(
            "repeated-word",
            Severity::Warning,
            TextRange::new(0, 1),
            "m",
        );
        let text = to_json(entries("news/a.html", &[d], &[fp]));
        std::fs::write(&path, &text).unwrap();
        let baseline = Baseline::load(&path).unwrap();
        assert_eq!(baseline.len(), 1);
        assert!(baseline.contains("news/a.html", "repeated-word", &fp));
        assert!(!baseline.contains("news/b.html", "repeated-word", &fp));

        let err = Baseline::parse(&path, "{\"version\": 9}").unwrap_err();
        assert!(err.to_string().contains("version 9"), "{err}");
        let err = Baseline::parse(&path, "{\n  \"version\": 1,\n  \"findings\": 3\n}").unwrap_err();
        assert!(err.to_string().contains("baseline.json:3:"), "{err}");
    }

    #[test]
    fn paths_are_relative_to_the_baseline_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("news")).unwrap();
        let page = dir.path().join("news/a.html");
        std::fs::write(&page, "").unwrap();
        let base = base_dir(&dir.path().join("baseline.json"));
        assert_eq!(relative_path(&base, &page), "news/a.html");
        let ci = base_dir(&dir.path().join("ci/x/baseline.json"));
        assert_eq!(relative_path(&ci, &page), "../../news/a.html");
    }
}
