//! Lays out at compile time two tables a run would otherwise build at every
//! start-up (about 30 million instructions, most of a one-page run):
//!
//! - the character table of `src/text/chars.rs`, from the standard library
//!   this build uses (the layout is `src/text/char_entry.rs`);
//! - the English word list's slot table (`src/glossary/word_slots.rs`).
//!
//! Both layout files are shared with the crate by `#[path]`, and tests check
//! the compiled tables against ones built at run time.

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/text/char_entry.rs"]
mod char_entry;
#[allow(dead_code)]
#[path = "src/glossary/word_slots.rs"]
mod word_slots;

const ENGLISH: &str = "rules/words/english.txt";

fn main() {
    for input in [
        "build.rs",
        "src/text/char_entry.rs",
        "src/glossary/word_slots.rs",
        ENGLISH,
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut table = format!(
        "static TABLE: [u32; {}] = [\n",
        char_entry::TABLE_END as usize
    );
    for code in 0..char_entry::TABLE_END {
        let _ = writeln!(table, "{:#x},", char_entry::entry_of(code));
    }
    table.push_str("];\n");
    std::fs::write(out.join("char_table.rs"), table).expect("write char_table.rs");

    let english = std::fs::read_to_string(ENGLISH).expect("read the English word list");
    let (slots, long) = word_slots::lay_out(english.lines());
    std::fs::write(out.join("english_slots.bin"), slots.concat()).expect("write english_slots.bin");
    let long: String = long.iter().map(|w| format!("{w}\n")).collect();
    std::fs::write(out.join("english_long.txt"), long).expect("write english_long.txt");
}
