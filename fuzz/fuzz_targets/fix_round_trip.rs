//! Any UTF-8 text, as a page, through `--fix`: a pass changes only the
//! bytes its safe fixes name, the composed changes account for every byte
//! that differs, and fixing the fixed page again changes nothing.
//!
//! UTF-8 only: pages in other encodings (and broken UTF-8) have their own
//! issue (positions of bytes that decode to no character); this target
//! checks the fix machinery itself.

#![no_main]

use copydesk::config::{CliOverrides, ConfigLoader, Settings};
use copydesk::fix::apply_safe_fixes;
use copydesk::fix_loop::fix_until_stable;
use copydesk::lint::lint_source;
use copydesk::rules::Resources;
use copydesk::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

/// The default settings (no copydesk.toml above this path) and the built-in
/// glossaries, loaded once.
fn context() -> &'static (Arc<Settings>, Resources) {
    static CONTEXT: OnceLock<(Arc<Settings>, Resources)> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let loader = ConfigLoader::new(CliOverrides::default()).expect("default settings");
        let settings = loader
            .settings_for(std::path::Path::new("/copydesk-fuzz-no-config/page.html"))
            .expect("default settings");
        let resources = Resources::load(&settings.glossaries).expect("built-in glossaries");
        (settings, resources)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (settings, resources) = context();
    // As the command line reads a page: text that is not HTML at all is
    // refused before linting, so it never reaches the fix loop.
    let Ok(source) = SourceFile::from_bytes("fuzz.html".into(), text.as_bytes().to_vec()) else {
        return;
    };
    let Ok(diagnostics) = lint_source(&source, settings, resources) else {
        return;
    };

    // One pass: every replaced range is one a safe fix named, and the bytes
    // between them are kept.
    if let Some(applied) = apply_safe_fixes(&source, &diagnostics) {
        let named: Vec<(usize, usize)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().filter(|f| f.is_safe()))
            .flat_map(|f| f.edits.iter().map(|e| source.stored_range(e.range)))
            .collect();
        let (mut before, mut after) = (0usize, 0usize);
        for edit in &applied.edits {
            assert!(
                named.contains(&(edit.range.start, edit.range.end)),
                "replaced {:?}, which no safe fix names",
                edit.range
            );
            let kept = edit.range.start - before;
            assert_eq!(
                source.bytes()[before..edit.range.start],
                applied.bytes[after..after + kept]
            );
            after += kept + edit.len;
            before = edit.range.end;
        }
        assert_eq!(source.bytes()[before..], applied.bytes[after..]);
    }

    // The whole loop: the changes account for every differing byte, and
    // the result is stable.
    let original = source.bytes().to_vec();
    let fixed = fix_until_stable(source, diagnostics, settings, resources)
        .unwrap_or_else(|e| panic!("fix loop failed: {e}"));
    let (mut before, mut after) = (0usize, 0usize);
    for (old, new) in fixed.changes.ranges() {
        assert_eq!(
            original[before..old.start],
            fixed.source.bytes()[after..new.start],
            "unchanged bytes differ before {old:?}"
        );
        before = old.end;
        after = new.end;
    }
    assert_eq!(original[before..], fixed.source.bytes()[after..]);
    if fixed.count > 0 {
        assert!(
            apply_safe_fixes(&fixed.source, &fixed.diagnostics).is_none(),
            "fixing the fixed page changes it again"
        );
    }
});
