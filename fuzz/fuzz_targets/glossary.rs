//! Any text as a glossary (`.toml`, then `.txt`): parsing never panics,
//! errors name a line of the file, and a glossary that loads can be
//! indexed and matched against text built from its own terms.

#![no_main]

use copydesk::glossary::{Glossary, MatchOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count().max(1);
    for is_toml in [true, false] {
        match Glossary::parse("fuzz", text, is_toml) {
            Err(e) => assert!(e.line <= lines, "error line {} of {lines}: {e}", e.line),
            Ok(terms) => {
                // A page made of the terms, their wrong forms and the test
                // inputs, with each term's first and last letters swapped.
                let mut page = String::new();
                for t in &terms {
                    for s in std::iter::once(&t.term).chain(&t.wrong).chain(&t.aliases) {
                        page.push_str(s);
                        page.push_str(" and ");
                        let mut chars: Vec<char> = s.chars().collect();
                        if chars.len() > 2 {
                            chars.swap(1, 2);
                        }
                        page.extend(chars);
                        page.push_str(". ");
                    }
                }
                let glossary = Glossary::from_terms(terms);
                for m in glossary.find(&[page.as_str()], &MatchOptions::default()) {
                    assert!(page.get(m.start..m.end).is_some(), "match off char boundaries");
                }
                for t in glossary.terms() {
                    for (wrong, _, _) in &t.tests {
                        let _ = glossary.suggest(wrong);
                    }
                }
            }
        }
    }
});
