//! The slot layout of [`super::word_table::WordTable`]: an open-addressing
//! table of words stored in their slots, at most half full.
//!
//! `build.rs` includes this file to lay out the English word list at
//! compile time, and the table reads that layout as it stands, so both
//! must hash and place words the same way: this file is the one place.

/// Longest word stored in a slot (the slot's last byte holds the length).
pub const INLINE: usize = 15;

pub type Slot = [u8; INLINE + 1];

/// An empty slot: no stored word has length zero.
pub const EMPTY: Slot = [0; INLINE + 1];

/// The slot holding `word`, or `None` when it is empty or too long.
pub fn slot_of(word: &str) -> Option<Slot> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > INLINE {
        return None;
    }
    let mut slot = EMPTY;
    slot[..bytes.len()].copy_from_slice(bytes);
    slot[INLINE] = bytes.len() as u8;
    Some(slot)
}

/// Where the search for `slot` starts in a table of `mask + 1` slots.
#[inline]
pub fn home(slot: &Slot, mask: usize) -> usize {
    let half = |from: usize| {
        let mut eight = [0; 8];
        eight.copy_from_slice(&slot[from..from + 8]);
        u64::from_le_bytes(eight)
    };
    let h =
        (half(0).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ half(8)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    (h >> 32) as usize & mask
}

/// Lays out `words`: the slots (a power of two of them, at least twice as
/// many as words), and the words that do not fit a slot, in order.
#[cfg_attr(not(test), allow(dead_code))] // build.rs lays out the shipped table
pub fn lay_out<'w>(words: impl Iterator<Item = &'w str>) -> (Vec<Slot>, Vec<&'w str>) {
    let words: Vec<&'w str> = words.collect();
    let size = (words.len() * 2).max(16).next_power_of_two();
    let mask = size - 1;
    let mut slots = vec![EMPTY; size];
    let mut long = Vec::new();
    for word in words {
        match slot_of(word) {
            Some(slot) => {
                let mut at = home(&slot, mask);
                while slots[at] != EMPTY && slots[at] != slot {
                    at = (at + 1) & mask;
                }
                slots[at] = slot;
            }
            None => long.push(word),
        }
    }
    (slots, long)
}
