//! Element and attribute names as atoms, remembered by how they are written.
//!
//! A page writes the same few dozen names thousands of times. Making an atom
//! from a name means checking it is UTF-8, lowercasing it and hashing it
//! into string_cache's static set; a small direct-mapped table of the names
//! seen on this page does that once per name.

use html5ever::LocalName;

/// Names longer than this are not remembered.
const MAX_LEN: usize = 22;
const SLOTS: usize = 256;

#[derive(Clone, Default)]
struct Slot {
    len: u8,
    written: [u8; MAX_LEN],
    name: Option<LocalName>,
}

/// Atoms for the names seen on one page.
pub struct NameCache {
    slots: Vec<Slot>,
}

impl Default for NameCache {
    fn default() -> Self {
        NameCache {
            slots: vec![Slot::default(); SLOTS],
        }
    }
}

impl NameCache {
    /// The atom for the name written as `written` (ASCII), lowercased as
    /// the tokenizer does; `None` if `written` is not UTF-8.
    pub fn get(&mut self, written: &[u8]) -> Option<LocalName> {
        let len = written.len();
        if len == 0 || len > MAX_LEN {
            return lowercase_name(written);
        }
        let hash = len * 31
            + written[0] as usize * 7
            + written[len - 1] as usize * 3
            + written[len / 2] as usize;
        let slot = &mut self.slots[hash % SLOTS];
        if slot.len as usize == len
            && slot.written[..len] == *written
            && let Some(name) = &slot.name
        {
            return Some(name.clone());
        }
        let name = lowercase_name(written)?;
        slot.len = len as u8;
        slot.written[..len].copy_from_slice(written);
        slot.name = Some(name.clone());
        Some(name)
    }
}

/// The name written as `bytes`, lowercased as the tokenizer does (ASCII
/// letters only).
fn lowercase_name(bytes: &[u8]) -> Option<LocalName> {
    if bytes.iter().any(u8::is_ascii_uppercase) {
        let lower = bytes.to_ascii_lowercase();
        return std::str::from_utf8(&lower).ok().map(LocalName::from);
    }
    std::str::from_utf8(bytes).ok().map(LocalName::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_lowercased_whether_remembered_or_not() {
        let mut cache = NameCache::default();
        let long = "data-a-very-long-attribute-name";
        for _ in 0..2 {
            for written in [
                "div",
                "DIV",
                "Class",
                "class",
                "x-y:z",
                long,
                "DATA-A-VERY-LONG-ATTRIBUTE-NAME",
            ] {
                let name = cache.get(written.as_bytes()).expect("a name");
                assert_eq!(&*name, written.to_ascii_lowercase(), "{written}");
            }
        }
        // Many names landing in the same slots still come back right.
        for i in 0..2_000 {
            let written = format!("n{i}");
            assert_eq!(&*cache.get(written.as_bytes()).unwrap(), written);
        }
    }
}
