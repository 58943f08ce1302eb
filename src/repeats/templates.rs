//! Repeats that are the page's format, told from the text alone: lines
//! written from one template where only a name or a figure changes, and
//! questions put to every subject of an interview or FAQ. No DOM here, so
//! these work the same on any block.

use super::tokens::{Token, is_name_or_figure, splitmix64, tokens};
use crate::text::words;
use rustc_hash::FxHashMap;

/// Longest line, in words, that [`TemplateIndex`] treats as a possible
/// template: calls to action and availability notes are a sentence or two.
/// Longer blocks are never taken for templates, and cost nothing there.
pub const MAX_TEMPLATE_WORDS: usize = 40;

/// Lines written from one template, where only a name or a figure changes
/// ("Vote for Olga on the last page!", "Vote for Dasha on the last page!";
/// "Faces Places is currently streaming on Netflix", "Princess Cyd is
/// currently streaming on Netflix"). Such a line printed twice is the
/// template repeated by design (once per section), not a slip.
///
/// Each short block is keyed once per run of names and figures in it: a hash
/// of the words before the run and the words after it. Two different texts
/// with a key in common differ only in that run. Prefix and suffix hashes
/// are running, so a block costs its length.
#[derive(Default)]
pub struct TemplateIndex {
    /// Slot key -> (hash of the first text seen with it, whether another
    /// text shares the key).
    slots: FxHashMap<u64, (u64, bool)>,
}

impl TemplateIndex {
    /// The slot keys of a block, with the hash of its whole text; none for
    /// blocks longer than [`MAX_TEMPLATE_WORDS`] (counted before tokenising,
    /// so long paragraphs cost one pass over their first words).
    fn keys(text: &str, tokens: &[Token]) -> SlotKeys {
        let mut keys = SlotKeys {
            whole: 0,
            keys: [0; MAX_SLOT_RUNS],
            len: 0,
        };
        if tokens.len() > MAX_TEMPLATE_WORDS {
            return keys;
        }
        let mix = |h: u64, k: u64| splitmix64(h ^ k);
        // On the stack: every prose block of a page passes through here.
        let mut prefix = [0u64; MAX_TEMPLATE_WORDS + 1];
        prefix[0] = 0x5150;
        for (i, t) in tokens.iter().enumerate() {
            prefix[i + 1] = mix(prefix[i], t.key);
        }
        let mut suffix = [0xa5a5_u64; MAX_TEMPLATE_WORDS + 1];
        for i in (0..tokens.len()).rev() {
            suffix[i] = mix(suffix[i + 1], tokens[i].key);
        }
        keys.whole = prefix[tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            if !is_name_or_figure(text, &tokens[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < tokens.len() && is_name_or_figure(text, &tokens[i]) {
                i += 1;
            }
            if let Some(key) = keys.keys.get_mut(keys.len) {
                *key = mix(prefix[start], suffix[i].rotate_left(17));
                keys.len += 1;
            }
        }
        keys
    }

    /// Records a block.
    pub fn insert(&mut self, text: &str) {
        self.insert_tokens(text, &tokens(text));
    }

    /// [`Self::insert`] of a block already split into `tokens` (the page
    /// facts' shared split), so its words are not split again.
    pub fn insert_tokens(&mut self, text: &str, tokens: &[Token]) {
        let keys = Self::keys(text, tokens);
        let whole = keys.whole;
        for &key in keys.as_slice() {
            let slot = self.slots.entry(key).or_insert((whole, false));
            if slot.0 != whole {
                slot.1 = true;
            }
        }
    }

    /// Whether a recorded block has a sibling text that differs from it only
    /// in one run of names or figures.
    pub fn is_template(&self, text: &str) -> bool {
        Self::keys(text, &tokens(text))
            .as_slice()
            .iter()
            .any(|k| self.slots.get(k).is_some_and(|&(_, varied)| varied))
    }
}

/// Most runs of names and figures a block of [`MAX_TEMPLATE_WORDS`] words
/// can hold: runs are separated by at least one other word.
const MAX_SLOT_RUNS: usize = MAX_TEMPLATE_WORDS / 2 + 1;

/// [`TemplateIndex::keys`]: a block's slot keys, on the stack (every short
/// prose block of a page is keyed, twice per page).
struct SlotKeys {
    /// Hash of the block's whole text.
    whole: u64,
    keys: [u64; MAX_SLOT_RUNS],
    len: usize,
}

impl SlotKeys {
    fn as_slice(&self) -> &[u64] {
        &self.keys[..self.len.min(MAX_SLOT_RUNS)]
    }
}

/// Whether a text is a question: it ends with `?` (before closing quotes).
/// Interviews and FAQs put the same question to each subject, so a repeated
/// question is the format, not a slip.
pub fn is_question(text: &str) -> bool {
    without_closers(text).ends_with(['?', '\u{ff1f}'])
}

/// Whether a block is a question put to someone, as an interview or FAQ
/// prints it: it ends with `?` and the question is the block's substance,
/// at least a third of its words ("You grew up in Ohio. What was that
/// like?"). A statement paragraph that closes on a short question ("...
/// Wait, what?") or quotes one ("Emery retweeted the story, saying, “Are
/// there un-angry Trump supporters?”") is prose, and printed twice it is
/// a slip like any other paragraph.
pub fn is_question_block(text: &str) -> bool {
    let body = without_closers(text);
    let Some(body) = body.strip_suffix(['?', '\u{ff1f}']) else {
        return false;
    };
    // The question starts after the last sentence end or opening quote.
    let start = body
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '\u{201c}' | '\u{ab}' | '\u{300c}')
                || (matches!(c, '.' | '!' | '?' | '\u{2026}' | '\u{3002}')
                    && body[i + c.len_utf8()..].starts_with(char::is_whitespace))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let question = words(&body[start..]).count();
    let all = words(text).count();
    3 * question >= all
}

/// A text without trailing spaces, closing quotes and brackets.
fn without_closers(text: &str) -> &str {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}' | ')')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_lines_need_a_sibling_that_differs_in_a_name_or_figure() {
        let mut index = TemplateIndex::default();
        let olga = "Vote for Olga on the very last page of this article!";
        let dasha = "Vote for Dasha on the very last page of this article!";
        let jury = "The jury will announce the winner at a dinner in the city hall.";
        let other = "The jury will announce the winner at a lunch in the city hall.";
        for line in [olga, olga, jury, jury, other] {
            index.insert(line);
        }
        // Olga alone, printed twice, is no template yet.
        assert!(!index.is_template(olga));
        index.insert(dasha);
        assert!(index.is_template(olga));
        assert!(index.is_template(dasha));
        // "dinner" and "lunch" are not names: a change of meaning, not a slot.
        assert!(!index.is_template(jury));
    }

    #[test]
    fn a_question_block_is_mostly_its_question() {
        assert!(is_question_block("What was your first job?"));
        assert!(is_question_block("Q: What was your first job?"));
        assert!(is_question_block(
            "You grew up in Ohio. What was that like?"
        ));
        assert!(is_question_block("\u{201c}Would you do it again?\u{201d}"));
        // A statement paragraph closing on a short question is prose.
        assert!(!is_question_block(
            "The council will vote on the harbour budget on Tuesday after a year of delays \
             and two public hearings about the ferry fares. Wait, what?"
        ));
        // So is one that quotes a question.
        assert!(!is_question_block(
            "The mayor shared the harbour report with reporters on Monday evening, saying, \
             \u{201c}Are there any boats left?\u{201d}"
        ));
        assert!(!is_question_block("The ferry sails at noon."));
    }

    #[test]
    fn template_index_ignores_long_blocks() {
        let long = |name: &str| format!("{name} {}", "said the budget would pass ".repeat(10));
        let mut index = TemplateIndex::default();
        index.insert(&long("Smith"));
        index.insert(&long("Jones"));
        assert!(!index.is_template(&long("Smith")));
    }
}
