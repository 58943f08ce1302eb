//! Any text as a `copydesk.toml`: parsing and validation either accept it
//! or return an error with a line and column inside the file; never a panic.

#![no_main]

use copydesk::config::ConfigFile;
use copydesk::rules::meta::RuleMeta;
use copydesk::rules::registry;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn rules() -> &'static [&'static RuleMeta] {
    static RULES: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    RULES.get_or_init(|| registry().iter().map(|r| r.meta()).collect())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = ConfigFile::parse_str(text, Path::new("/fuzz/copydesk.toml"), rules()) {
        let lines = text.split('\n').count();
        assert!(e.line <= lines.max(1), "error line {} of {lines}: {e}", e.line);
    }
});
