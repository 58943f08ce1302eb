//! Where each character of a block's text came from in the source, stored
//! as runs instead of one entry per byte.
//!
//! A block's text is mostly copied character for character from the source
//! (only entities, collapsed whitespace and dropped markup break the
//! correspondence), so a run "text bytes `t..t+n` are source bytes
//! `s..s+n`" covers most of it. One `(start, end)` pair per text byte cost
//! eight bytes per byte of article text: a 50 MB page of prose peaked at
//! 1.5 GB. Runs cost twelve bytes per break in the correspondence.

use crate::source::TextRange;

/// One run: from `text_start` on, either the text is the source byte for
/// byte (`identity`), or one character of the text stands for the source
/// range `src_start..src_end` (an entity, a collapsed run of whitespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    text_start: u32,
    src_start: u32,
    /// For an identity run, unused (the run ends where the next begins);
    /// for a replaced character, the end of its source range.
    src_end: u32,
    identity: bool,
}

/// The source ranges of a block's text, built character by character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockMap {
    runs: Vec<Run>,
    /// Length of the text mapped so far.
    len: u32,
}

impl BlockMap {
    /// Records the next character of the text: `len` bytes in the text,
    /// printed from the source range `source`.
    pub fn push(&mut self, len: usize, source: TextRange) {
        let (text_start, len32) = (self.len, len as u32);
        let (src_start, src_end) = (source.start as u32, source.end as u32);
        let copied = source.len() == len;
        if copied
            && let Some(last) = self.runs.last()
            && last.identity
            && last.src_start + (text_start - last.text_start) == src_start
        {
            self.len += len32;
            return;
        }
        self.runs.push(Run {
            text_start,
            src_start,
            src_end,
            identity: copied,
        });
        self.len += len32;
    }

    /// Records `len` bytes of characters copied from the source from byte
    /// `src_start` on, the first `first_len` bytes long: the same runs as
    /// pushing them one by one.
    pub fn push_copied(&mut self, len: usize, src_start: usize, first_len: usize) {
        if len == 0 {
            return;
        }
        self.push(first_len, TextRange::new(src_start, src_start + first_len));
        // The first character left an identity run ending here; the rest extend it.
        self.len += (len - first_len) as u32;
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Empties the map, keeping its buffer for the next block.
    pub fn clear(&mut self) {
        self.runs.clear();
        self.len = 0;
    }

    /// The source range of the character that starts at text byte
    /// `char_start` and is `char_len` bytes long.
    pub fn char_source(&self, char_start: usize, char_len: usize) -> TextRange {
        let at = char_start as u32;
        let i = self.runs.partition_point(|r| r.text_start <= at);
        let Some(run) = i.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return TextRange::default();
        };
        if run.identity {
            let start = (run.src_start + (at - run.text_start)) as usize;
            TextRange::new(start, start + char_len)
        } else {
            TextRange::new(
                run.src_start as usize,
                run.src_end.max(run.src_start) as usize,
            )
        }
    }

    /// How many runs the map holds (its memory is twelve bytes each).
    pub fn runs(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_text_is_one_run_and_entities_break_it() {
        // Text "a&b é" from source `a&amp;b  é`: a copied, & from an
        // entity, b copied, two spaces collapsed to one, é copied.
        let mut map = BlockMap::default();
        map.push(1, TextRange::new(10, 11)); // a
        map.push(1, TextRange::new(11, 16)); // &amp;
        map.push(1, TextRange::new(16, 17)); // b
        map.push(1, TextRange::new(17, 19)); // two spaces
        map.push(2, TextRange::new(19, 21)); // é
        assert_eq!(map.runs(), 5);
        assert_eq!(map.char_source(0, 1), TextRange::new(10, 11));
        assert_eq!(map.char_source(1, 1), TextRange::new(11, 16));
        assert_eq!(map.char_source(2, 1), TextRange::new(16, 17));
        assert_eq!(map.char_source(3, 1), TextRange::new(17, 19));
        assert_eq!(map.char_source(4, 2), TextRange::new(19, 21));
    }

    #[test]
    fn a_long_copied_stretch_costs_one_run() {
        let mut map = BlockMap::default();
        for i in 0..1000 {
            map.push(1, TextRange::new(100 + i, 101 + i));
        }
        map.push(3, TextRange::new(1100, 1103));
        assert_eq!(map.runs(), 1);
        assert_eq!(map.char_source(999, 1), TextRange::new(1099, 1100));
        assert_eq!(map.char_source(1000, 3), TextRange::new(1100, 1103));
    }

    #[test]
    fn a_jump_in_the_source_starts_a_new_run() {
        let mut map = BlockMap::default();
        map.push(1, TextRange::new(0, 1));
        map.push(1, TextRange::new(1, 2));
        map.push(1, TextRange::new(9, 10)); // after a dropped `<b>`
        assert_eq!(map.runs(), 2);
        assert_eq!(map.char_source(2, 1), TextRange::new(9, 10));
    }
}
