//! What `--fix` changed in a file, as byte ranges, and the unified diff
//! `--diff` prints from them.
//!
//! A general line diff (Myers) costs the number of lines times the number
//! of changed lines: 100,000 fixes took minutes. But the fixes say exactly
//! which bytes they replaced, so the diff needs no search: each pass's
//! replacements are composed into ranges of the original file and of the
//! fixed one ([`Changes`]), widened to whole lines, and printed with three
//! lines of context, in time linear in the file.

use std::fmt::Write as _;
use std::ops::Range;

/// One replacement a fix pass made: `range` of the pass's input became
/// `len` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub range: Range<usize>,
    pub len: usize,
}

/// A changed stretch: `original` bytes of the file as read became
/// `current` bytes of the file after the passes so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Region {
    original: (usize, usize),
    current: (usize, usize),
}

/// The byte ranges changed by every fix pass so far, in the original file
/// and in the current one. Between two regions the bytes are the same in
/// both files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sorted and disjoint on both sides.
    regions: Vec<Region>,
}

impl Changes {
    /// Adds a pass's replacements, given in the coordinates of the file the
    /// pass read (the current one). They must be sorted and disjoint, as
    /// the fixes a pass applies are; any that are not are skipped.
    pub fn record(&mut self, pass: &[Replaced]) {
        // Touched stretches of the current file: earlier regions and this
        // pass's replacements, merged where they overlap or touch.
        enum Part {
            Old(Region),
            New(usize, usize, usize),
        }
        let mut parts: Vec<(usize, usize, Part)> = self
            .regions
            .iter()
            .map(|r| (r.current.0, r.current.1, Part::Old(*r)))
            .collect();
        let mut last_end = 0;
        for r in pass {
            if r.range.start < last_end || r.range.end < r.range.start {
                continue;
            }
            last_end = r.range.end;
            parts.push((
                r.range.start,
                r.range.end,
                Part::New(r.range.start, r.range.end, r.len),
            ));
        }
        parts.sort_by_key(|&(start, end, _)| (start, end));

        let mut regions: Vec<Region> = Vec::with_capacity(parts.len());
        // Current minus original length of the earlier regions passed, and
        // new minus current length of this pass's replacements passed.
        let (mut shift, mut pass_shift) = (0isize, 0isize);
        let mut parts = parts.into_iter().peekable();
        while let Some((start, mut end, part)) = parts.next() {
            let mut cluster = vec![part];
            while let Some(&(next_start, next_end, _)) = parts.peek() {
                if next_start > end {
                    break;
                }
                end = end.max(next_end);
                if let Some((_, _, p)) = parts.next() {
                    cluster.push(p);
                }
            }
            let original_start = offset(start, -shift);
            let current_start = offset(start, pass_shift);
            for part in &cluster {
                match part {
                    Part::Old(r) => {
                        shift += len(r.current) as isize - len(r.original) as isize;
                    }
                    Part::New(s, e, n) => pass_shift += *n as isize - (e - s) as isize,
                }
            }
            regions.push(Region {
                original: (original_start, offset(end, -shift)),
                current: (current_start, offset(end, pass_shift)),
            });
        }
        self.regions = regions;
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Each changed stretch: its range in the file as read and in the file
    /// as fixed, in order. Bytes between them are the same in both files.
    pub fn ranges(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.regions
            .iter()
            .map(|r| (r.original.0..r.original.1, r.current.0..r.current.1))
    }
}

fn len((start, end): (usize, usize)) -> usize {
    end - start
}

fn offset(at: usize, by: isize) -> usize {
    at.saturating_add_signed(by)
}

/// Lines of context around each change, as `diff -u` and git print.
const CONTEXT: usize = 3;

/// A unified diff of a file before and after its fixes, from the ranges
/// the fixes changed. Lines end at `\n`, `\r\n` or a lone `\r`; bytes that
/// are not UTF-8 are shown as U+FFFD. Empty when nothing changed.
pub fn unified_diff(path: &str, before: &[u8], after: &[u8], changes: &Changes) -> String {
    let old = Lines::new(before);
    let new = Lines::new(after);
    let blocks = changed_lines(before, after, changes, &old, &new);
    let mut out = String::new();
    let mut i = 0;
    while i < blocks.len() {
        // A hunk: changed blocks no more than twice the context apart.
        let mut j = i;
        while j + 1 < blocks.len()
            && blocks[j + 1].old.start.saturating_sub(blocks[j].old.end) <= 2 * CONTEXT
        {
            j += 1;
        }
        if out.is_empty() {
            let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
        }
        let first = &blocks[i];
        let last = &blocks[j];
        let lead = first.old.start.min(CONTEXT);
        let old_start = first.old.start - lead;
        let new_start = first.new.start - lead;
        let trail = old.count().saturating_sub(last.old.end).min(CONTEXT);
        let old_end = last.old.end + trail;
        let new_end = last.new.end + trail;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            HunkRange(old_start, old_end),
            HunkRange(new_start, new_end)
        );
        let mut at = old_start;
        for block in &blocks[i..=j] {
            for line in at..block.old.start {
                push_line(&mut out, ' ', old.line(line));
            }
            for line in block.old.clone() {
                push_line(&mut out, '-', old.line(line));
            }
            for line in block.new.clone() {
                push_line(&mut out, '+', new.line(line));
            }
            at = block.old.end;
        }
        for line in at..old_end {
            push_line(&mut out, ' ', old.line(line));
        }
        i = j + 1;
    }
    out
}

/// Lines `old` of the file before and `new` after that differ.
struct Block {
    old: Range<usize>,
    new: Range<usize>,
}

/// The changed regions widened to whole lines, merged where they meet. A
/// region is widened the same way on both sides, over bytes the two files
/// share, so the lines between two blocks are the same lines in both.
fn changed_lines(
    before: &[u8],
    after: &[u8],
    changes: &Changes,
    old: &Lines,
    new: &Lines,
) -> Vec<Block> {
    let mut spans: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for r in &changes.regions {
        if before.get(r.original.0..r.original.1).is_none()
            || after.get(r.current.0..r.current.1).is_none()
        {
            continue; // Ranges not of these files: nothing to show.
        }
        let (mut b, mut a) = (r.original.0..r.original.1, r.current.0..r.current.1);
        // On to the end of the line, over the shared bytes after (if they
        // run into the next region, that region joins this block).
        if !(ends_line(before, b.end) && ends_line(after, a.end)) {
            let forward = line_end_after(before, b.end) - b.end;
            b.end += forward;
            a.end += forward;
        }
        // Back to the start of the line, over the shared bytes before; a
        // line start inside the previous block makes this region part of it.
        let line_start = if b.start == 0 || before[b.start - 1] == b'\n' {
            b.start
        } else {
            old.start_of(b.start - 1)
        };
        match spans.last_mut() {
            // The previous block's end was measured over bytes this region
            // changed: the block now ends where this region's line ends.
            Some(last) if line_start <= last.0.end => {
                last.0.end = b.end;
                last.1.end = a.end;
            }
            _ => {
                let back = b.start - line_start;
                b.start = line_start;
                a.start -= back;
                spans.push((b, a));
            }
        }
    }
    spans
        .into_iter()
        .filter_map(|(b, a)| {
            let mut block = Block {
                old: old.count_to(b.start)..old.count_to(b.end),
                new: new.count_to(a.start)..new.count_to(a.end),
            };
            // Whole lines a block starts or ends with on both sides are
            // context ("a\nthe\n" -> "a\n" deletes "the", it does not
            // rewrite "a").
            while !block.old.is_empty()
                && !block.new.is_empty()
                && old.line(block.old.start) == new.line(block.new.start)
            {
                block.old.start += 1;
                block.new.start += 1;
            }
            while !block.old.is_empty()
                && !block.new.is_empty()
                && old.line(block.old.end - 1) == new.line(block.new.end - 1)
            {
                block.old.end -= 1;
                block.new.end -= 1;
            }
            (!block.old.is_empty() || !block.new.is_empty()).then_some(block)
        })
        .collect()
}

/// Whether `at` is where a line ends (and the next begins) in `text`.
fn ends_line(text: &[u8], at: usize) -> bool {
    at == 0
        || at >= text.len()
        || text[at - 1] == b'\n'
        || (text[at - 1] == b'\r' && text[at] != b'\n')
}

/// The first line start after `at` (or the end of the text). Reads only
/// bytes from `at` on.
fn line_end_after(text: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < text.len() {
        match text[i] {
            b'\n' => return i + 1,
            b'\r' if text.get(i + 1) != Some(&b'\n') => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// Where each line of a file starts.
struct Lines<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t [u8]) -> Lines<'t> {
        let mut starts = vec![0];
        let mut i = 0;
        while i < text.len() {
            let next = line_end_after(text, i);
            if next < text.len() {
                starts.push(next);
            }
            i = next;
        }
        if text.is_empty() {
            starts.clear();
        }
        Lines { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    /// The index of the line holding byte `at`.
    fn index_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// How many lines start before `at`: the index of the line starting at
    /// `at`, or the line count when `at` is the end.
    fn count_to(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s < at)
    }

    /// The start of the line holding byte `at`.
    fn start_of(&self, at: usize) -> usize {
        self.starts.get(self.index_of(at)).copied().unwrap_or(0)
    }

    fn line(&self, index: usize) -> &'t [u8] {
        let start = self.starts.get(index).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        &self.text[start..end]
    }
}

/// A line with its tag; a last line without a line break is marked as
/// `diff -u` marks it.
fn push_line(out: &mut String, tag: char, line: &[u8]) {
    out.push(tag);
    out.push_str(&String::from_utf8_lossy(line));
    if !line.ends_with(b"\n") && !line.ends_with(b"\r") {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// A hunk's line range as `diff -u` prints it: `start,len`, 1-based, `start`
/// alone for one line, and the line before for an empty range.
struct HunkRange(usize, usize);

impl std::fmt::Display for HunkRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.1 - self.0;
        match len {
            1 => write!(f, "{}", self.0 + 1),
            0 => write!(f, "{},0", self.0),
            _ => write!(f, "{},{}", self.0 + 1, len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies replacements to `text` and records them.
    fn apply(text: &[u8], pass: &[(usize, usize, &str)], changes: &mut Changes) -> Vec<u8> {
        let mut out = Vec::new();
        let mut pos = 0;
        let mut replaced = Vec::new();
        for &(start, end, with) in pass {
            out.extend_from_slice(&text[pos..start]);
            out.extend_from_slice(with.as_bytes());
            pos = end;
            replaced.push(Replaced {
                range: start..end,
                len: with.len(),
            });
        }
        out.extend_from_slice(&text[pos..]);
        changes.record(&replaced);
        out
    }

    /// The diff `similar` (Myers) prints, for comparison.
    fn myers(path: &str, before: &[u8], after: &[u8]) -> String {
        let before = String::from_utf8_lossy(before);
        let after = String::from_utf8_lossy(after);
        similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
            .unified_diff()
            .context_radius(CONTEXT)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string()
    }

    fn check(before: &str, passes: &[&[(usize, usize, &str)]]) -> String {
        let mut changes = Changes::default();
        let mut text = before.as_bytes().to_vec();
        for pass in passes {
            text = apply(&text, pass, &mut changes);
        }
        let ours = unified_diff("p.html", before.as_bytes(), &text, &changes);
        assert_eq!(ours, myers("p.html", before.as_bytes(), &text));
        ours
    }

    #[test]
    fn one_fix_gives_the_diff_myers_gives() {
        let page = "1\n2\n3\n4\n<p>a,, b</p>\n6\n7\n8\n9\n";
        let at = page.find(",,").unwrap();
        let diff = check(page, &[&[(at, at + 2, ",")]]);
        assert_eq!(
            diff,
            "--- a/p.html\n+++ b/p.html\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-<p>a,, b</p>\n+<p>a, b</p>\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn nearby_fixes_share_a_hunk_and_distant_ones_do_not() {
        let lines: Vec<String> = (0..40).map(|i| format!("line {i},,\n")).collect();
        let page = lines.concat();
        let fix_line = |n: usize| {
            let at =
                lines[..n].iter().map(String::len).sum::<usize>() + lines[n].find(",,").unwrap();
            (at, at + 2, ",")
        };
        check(
            &page,
            &[&[fix_line(2), fix_line(8), fix_line(9), fix_line(30)]],
        );
        check(&page, &[&[fix_line(0), fix_line(39)]]);
    }

    #[test]
    fn deleted_and_joined_lines() {
        // A deletion that joins two lines, one that removes a whole line.
        let page = "a\nthe\nthe b\nc\nd\ne\n";
        check(page, &[&[(1, 5, "")]]);
        check(page, &[&[(2, 6, "")]]);
        check(page, &[&[(0, page.len(), "")]]);
    }

    #[test]
    fn passes_compose_over_the_original() {
        // Pass two edits text pass one made, and text beside it.
        let page = "x\nwe saw the the the launch,, ok\ny\n";
        let first = page.find("the the").unwrap();
        let pass1: &[(usize, usize, &str)] = &[(first, first + 4, "")];
        let mid = "x\nwe saw the the launch,, ok\ny\n";
        let second = mid.find("the the").unwrap();
        let comma = mid.find(",,").unwrap();
        let pass2: &[(usize, usize, &str)] = &[(second, second + 4, ""), (comma, comma + 2, ",")];
        let diff = check(page, &[pass1, pass2]);
        assert!(diff.contains("+we saw the launch, ok\n"), "{diff}");
    }

    #[test]
    fn line_breaks_of_every_kind_and_no_final_newline() {
        check("a\r\nb,,\r\nc", &[&[(4, 6, ",")]]);
        check("a\rb,,\rc,,", &[&[(3, 5, ","), (7, 9, ",")]]);
        check("only,,", &[&[(4, 6, ",")]]);
        check("a\nb\n", &[&[(4, 4, "c")]]);
        check("a\nb\n", &[&[(2, 2, "x\n")]]);
    }

    #[test]
    fn a_fix_that_changes_nothing_prints_nothing() {
        assert_eq!(check("a\nb\n", &[&[(0, 1, "a")]]), "");
    }

    #[test]
    fn composed_regions_map_back_to_the_original() {
        let mut changes = Changes::default();
        changes.record(&[
            Replaced {
                range: 2..4,
                len: 0,
            },
            Replaced {
                range: 10..10,
                len: 3,
            },
        ]);
        changes.record(&[Replaced {
            range: 1..3,
            len: 1,
        }]);
        assert_eq!(
            changes.regions,
            [
                Region {
                    original: (1, 5),
                    current: (1, 2)
                },
                Region {
                    original: (10, 10),
                    current: (7, 10)
                },
            ]
        );
    }

    /// Applies a unified diff to `before` (a checker for the property
    /// test: any diff we print must turn the old file into the new one).
    fn patch(before: &str, diff: &str) -> String {
        let old: Vec<&str> = before.split_inclusive(['\n']).collect();
        let mut out = String::new();
        let mut at = 0;
        let mut lines = diff.split_inclusive('\n').skip(2).peekable();
        while let Some(line) = lines.next() {
            if let Some(header) = line.strip_prefix("@@ -") {
                let range = header.split(' ').next().unwrap();
                let mut parts = range.split(',');
                let start: usize = parts.next().unwrap().parse().unwrap();
                let len: usize = parts.next().map_or(1, |l| l.parse().unwrap());
                let first = if len == 0 { start } else { start - 1 };
                while at < first {
                    out.push_str(old[at]);
                    at += 1;
                }
                continue;
            }
            let mut body = line[1..].to_owned();
            if lines.peek() == Some(&"\\ No newline at end of file\n") {
                lines.next();
                body.pop();
            }
            match &line[..1] {
                " " => {
                    assert_eq!(old[at], body);
                    out.push_str(&body);
                    at += 1;
                }
                "-" => {
                    assert_eq!(old[at], body);
                    at += 1;
                }
                "+" => out.push_str(&body),
                other => panic!("unexpected line tag {other:?}"),
            }
        }
        for line in &old[at..] {
            out.push_str(line);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn every_diff_turns_the_old_file_into_the_new(
            text in "[ab\n,]{0,60}",
            passes in proptest::collection::vec(
                proptest::collection::vec((0usize..60, 0usize..4, "[ab\n,]{0,3}"), 0..6),
                1..4,
            ),
        ) {
            let mut changes = Changes::default();
            let mut current = text.clone().into_bytes();
            for pass in passes {
                // Sorted, disjoint edits inside the current text.
                let mut edits: Vec<(usize, usize, String)> = Vec::new();
                let mut last = 0;
                let mut sorted = pass.clone();
                sorted.sort();
                for (start, len, with) in sorted {
                    let start = start.min(current.len());
                    let end = (start + len).min(current.len());
                    if start < last || (start == last && !edits.is_empty()) {
                        continue;
                    }
                    last = end;
                    edits.push((start, end, with));
                }
                let pass: Vec<(usize, usize, &str)> =
                    edits.iter().map(|(s, e, w)| (*s, *e, w.as_str())).collect();
                current = apply(&current, &pass, &mut changes);
            }
            let after = String::from_utf8(current).unwrap();
            let diff = unified_diff("p", text.as_bytes(), after.as_bytes(), &changes);
            proptest::prop_assert_eq!(patch(&text, &diff), after.clone(), "{}", diff);
            if text == after {
                proptest::prop_assert_eq!(diff, "");
            }
        }
    }
}
