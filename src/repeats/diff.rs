//! A word-level diff of two token sequences: their similarity (one minus
//! the edit distance over the longer length) and the runs of words that
//! differ, which near-duplicate messages quote. Banded by the similarity the
//! caller needs, so a long pair costs its length times the edits allowed,
//! never the product of the lengths.

use super::tokens::Token;

/// The similarity at which `near-duplicate-paragraph` reports two blocks
/// by default. Measured on the corpus and on real caption slips: edited
/// copies score 0.9 and above, distinct paragraphs about the same event stay
/// under 0.6. `duplicate-sentence` leaves a whole block that is this close to
/// an earlier one to the paragraph rules, so one slip is not reported twice;
/// the number lives here so the two rules need not import each other.
pub const NEAR_DUPLICATE_SIMILARITY: f64 = 0.85;

/// One run of words that differs between two token sequences: `a` and `b`
/// are token index ranges (either may be empty: an insertion or a deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub a: std::ops::Range<usize>,
    pub b: std::ops::Range<usize>,
}

/// The word-level comparison of two blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDiff {
    /// `1 - edit distance / longer length`, in words.
    pub similarity: f64,
    pub hunks: Vec<Hunk>,
}

/// Largest banded table [`word_diff`] fills, in cells. Beyond it the pair is
/// declared dissimilar: only blocks thousands of words long with hundreds
/// of differences get there, and they are not near-duplicates anyone misses.
const MAX_DIFF_CELLS: usize = 4_000_000;

/// Compares two token sequences word by word, if their similarity can reach
/// `min_similarity`; `None` otherwise.
///
/// Common prefix and suffix are stripped first (a one-word change in a long
/// caption leaves a middle of one word), then the middle is aligned with a
/// Levenshtein table restricted to the diagonal band the threshold allows:
/// cost `O(middle × allowed edits)`, never the full product of the lengths.
pub fn word_diff(a: &[Token], b: &[Token], min_similarity: f64) -> Option<WordDiff> {
    let Middles {
        longest,
        max_edits,
        prefix,
        a: ma,
        b: mb,
    } = middles(a, b, min_similarity)?;
    let (distance, ops) = banded_alignment(ma, mb, max_edits)?;
    let mut hunks = Vec::new();
    let (mut i, mut j) = (prefix, prefix);
    let mut open: Option<Hunk> = None;
    for op in ops {
        match op {
            Op::Match => {
                if let Some(h) = open.take() {
                    hunks.push(h);
                }
                i += 1;
                j += 1;
                continue;
            }
            Op::Substitute | Op::Delete | Op::Insert => {}
        }
        let hunk = open.get_or_insert(Hunk { a: i..i, b: j..j });
        if matches!(op, Op::Substitute | Op::Delete) {
            i += 1;
            hunk.a.end = i;
        }
        if matches!(op, Op::Substitute | Op::Insert) {
            j += 1;
            hunk.b.end = j;
        }
    }
    hunks.extend(open);
    Some(WordDiff {
        similarity: 1.0 - distance as f64 / longest as f64,
        hunks,
    })
}

/// The similarity [`word_diff`] would give two token sequences, if it can
/// reach `min_similarity`; `None` otherwise. The same numbers without the
/// edit script: two rows of the banded table instead of all of it, no
/// hunks, so checking a candidate costs little more than comparing its
/// words. Near-duplicate candidates are screened with this, and only the
/// best is diffed in full.
pub fn word_similarity(a: &[Token], b: &[Token], min_similarity: f64) -> Option<f64> {
    let Middles {
        longest,
        max_edits,
        a: ma,
        b: mb,
        ..
    } = middles(a, b, min_similarity)?;
    let distance = banded_distance(ma, mb, max_edits)?;
    Some(1.0 - distance as f64 / longest as f64)
}

/// Two token sequences with their common prefix and suffix stripped, and
/// the edit budget `min_similarity` leaves them: what [`word_diff`] and
/// [`word_similarity`] align. `None` when no alignment can reach it.
struct Middles<'t> {
    longest: usize,
    max_edits: usize,
    prefix: usize,
    a: &'t [Token],
    b: &'t [Token],
}

fn middles<'t>(a: &'t [Token], b: &'t [Token], min_similarity: f64) -> Option<Middles<'t>> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return None;
    }
    let max_edits = ((1.0 - min_similarity.clamp(0.0, 1.0)) * longest as f64).floor() as usize;
    let prefix = a.iter().zip(b).take_while(|(x, y)| x.key == y.key).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x.key == y.key)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if ma.len().abs_diff(mb.len()) > max_edits {
        return None;
    }
    let band = 2 * max_edits + 1;
    if (ma.len() + 1).saturating_mul(band) > MAX_DIFF_CELLS {
        return None;
    }
    Some(Middles {
        longest,
        max_edits,
        prefix,
        a: ma,
        b: mb,
    })
}

/// The distance of [`banded_alignment`], computed the same way row by row
/// but keeping only the previous row.
fn banded_distance(a: &[Token], b: &[Token], k: usize) -> Option<usize> {
    const INF: u32 = u32::MAX / 2;
    let (n, m) = (a.len(), b.len());
    let width = 2 * k + 1;
    // Cell (i, j) of a row lives at column j + k - i, as in the full table.
    let mut rows = vec![INF; 2 * width];
    let (mut prev, mut cur) = rows.split_at_mut(width);
    for j in 0..=m.min(k) {
        prev[j + k] = j as u32;
    }
    for i in 1..=n {
        cur.fill(INF);
        let lo = i.saturating_sub(k);
        let hi = (i + k).min(m);
        let mut row_min = INF;
        for j in lo..=hi {
            let d = j + k - i;
            let mut best = INF;
            if j == 0 {
                best = i as u32;
            } else {
                best = best.min(prev[d] + u32::from(a[i - 1].key != b[j - 1].key));
                if d >= 1 {
                    best = best.min(cur[d - 1] + 1);
                }
            }
            if d + 1 < width {
                best = best.min(prev[d + 1] + 1);
            }
            cur[d] = best.min(INF);
            row_min = row_min.min(cur[d]);
        }
        if row_min as usize > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let last = (m + k).checked_sub(n).filter(|&d| d < width)?;
    let distance = prev[last] as usize;
    (distance <= k).then_some(distance)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Match,
    Substitute,
    /// A word of `a` missing from `b`.
    Delete,
    /// A word of `b` missing from `a`.
    Insert,
}

/// Levenshtein distance over words within `k` edits, and the edit script;
/// `None` when more than `k` edits are needed.
fn banded_alignment(a: &[Token], b: &[Token], k: usize) -> Option<(usize, Vec<Op>)> {
    const INF: u32 = u32::MAX / 2;
    let (n, m) = (a.len(), b.len());
    let width = 2 * k + 1;
    // Cell (i, j) lives at row i, column j + k - i (j in i-k ..= i+k).
    let at = |i: usize, j: usize| -> Option<usize> {
        let d = (j + k).checked_sub(i)?;
        (d < width && j <= m).then_some(i * width + d)
    };
    let mut table = vec![INF; (n + 1) * width];
    for j in 0..=m.min(k) {
        if let Some(c) = at(0, j) {
            table[c] = j as u32;
        }
    }
    for i in 1..=n {
        let lo = i.saturating_sub(k);
        let hi = (i + k).min(m);
        // A row's smallest cost never falls in later rows: once every cell
        // of the band is over `k`, so is the distance. Dissimilar blocks
        // stop after about `k` rows instead of filling the whole band.
        let mut row_min = INF;
        for j in lo..=hi {
            let Some(c) = at(i, j) else { continue };
            let mut best = INF;
            if j == 0 {
                best = i as u32;
            } else {
                if let Some(d) = at(i - 1, j - 1) {
                    best = best.min(table[d] + u32::from(a[i - 1].key != b[j - 1].key));
                }
                if let Some(l) = at(i, j - 1) {
                    best = best.min(table[l] + 1);
                }
            }
            if let Some(u) = at(i - 1, j) {
                best = best.min(table[u] + 1);
            }
            table[c] = best.min(INF);
            row_min = row_min.min(table[c]);
        }
        if row_min as usize > k {
            return None;
        }
    }
    let distance = table[at(n, m)?] as usize;
    if distance > k {
        return None;
    }
    // Trace back from the end, preferring matches so hunks stay tight.
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = table[at(i, j)?];
        if i > 0 && j > 0 {
            let same = a[i - 1].key == b[j - 1].key;
            if let Some(d) = at(i - 1, j - 1)
                && table[d] + u32::from(!same) == here
            {
                ops.push(if same { Op::Match } else { Op::Substitute });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0
            && let Some(u) = at(i - 1, j)
            && table[u] + 1 == here
        {
            ops.push(Op::Delete);
            i -= 1;
            continue;
        }
        if j > 0 {
            ops.push(Op::Insert);
            j -= 1;
            continue;
        }
        // Only reachable through the j == 0 column: deletions down to the origin.
        ops.push(Op::Delete);
        i -= 1;
    }
    ops.reverse();
    Some((distance, ops))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::tokens::tokens;

    #[test]
    fn word_diff_finds_one_substitution_in_a_long_sentence() {
        let a = tokens("the spacecraft is launched with three members of the crew");
        let b = tokens("the spacecraft was launched with three members of the crew");
        let diff = word_diff(&a, &b, 0.8).expect("similar enough");
        assert!((diff.similarity - 0.9).abs() < 1e-9);
        assert_eq!(diff.hunks, vec![Hunk { a: 2..3, b: 2..3 }]);
    }

    #[test]
    fn word_diff_reports_insertions_and_deletions() {
        let a = tokens("one two three four five six seven eight nine ten");
        let b = tokens("one two four five six seven eight extra nine ten");
        let diff = word_diff(&a, &b, 0.7).expect("similar enough");
        assert_eq!(
            diff.hunks,
            vec![Hunk { a: 2..3, b: 2..2 }, Hunk { a: 8..8, b: 7..8 }]
        );
        assert!((diff.similarity - 0.8).abs() < 1e-9);
    }

    #[test]
    fn word_similarity_agrees_with_word_diff() {
        let texts = [
            "one two three four five six seven eight nine ten",
            "one two four five six seven eight extra nine ten",
            "one two 3 4 5 six seven eight nine ten",
            "two three four five six seven eight nine ten eleven",
            "ten nine eight seven six five four three two one",
            "one two three",
            "",
        ];
        for x in texts {
            for y in texts {
                for min in [0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0] {
                    let (a, b) = (tokens(x), tokens(y));
                    let full = word_diff(&a, &b, min).map(|d| d.similarity);
                    assert_eq!(word_similarity(&a, &b, min), full, "{x:?} / {y:?} at {min}");
                }
            }
        }
    }

    #[test]
    fn word_diff_gives_up_beyond_the_threshold() {
        let a = tokens("one two three four five six seven eight nine ten");
        let b = tokens("one two 3 4 5 six seven eight nine ten");
        assert!(word_diff(&a, &b, 0.8).is_none());
        assert!(word_diff(&a, &b, 0.7).is_some());
    }
}
