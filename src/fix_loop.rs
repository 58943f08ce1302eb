//! The `--fix` loop: apply the safe fixes, lint again, repeat until nothing
//! is left to apply (or [`fix::MAX_PASSES`] rounds), so that fixes which
//! overlap or uncover others are all made.
//!
//! Pure: it neither prints nor writes. The command decides what to do with
//! the result (write the file, print a diff, send it to standard output).

use crate::changes::Changes;
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::fix;
use crate::lint::lint_source;
use crate::rules::Resources;
use crate::source::{SourceError, SourceFile};

/// A file after every applicable safe fix, with what is left to report.
#[derive(Debug)]
pub struct Fixed {
    pub source: SourceFile,
    /// The findings on the fixed file.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied over all rounds.
    pub count: usize,
    /// Safe fixes the file's encoding could not hold, one line each (from
    /// the last round that had fixes to apply).
    pub refused: Vec<String>,
    /// The bytes the fixes changed, in the file as read and as fixed.
    pub changes: Changes,
}

/// Why the loop stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum FixLoopError {
    #[error("a fix produced an unreadable file: {0}")]
    Unreadable(SourceError),
    /// The fixed page could not be linted again.
    #[error("{0}")]
    Relint(String),
}

/// Fixes `source`, whose findings are `diagnostics`, with `settings` and
/// `resources` as it was linted with.
pub fn fix_until_stable(
    source: SourceFile,
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    resources: &Resources,
) -> Result<Fixed, FixLoopError> {
    fix_until_stable_with(source, diagnostics, settings, resources, false)
}

/// [`fix_until_stable`], applying unsafe fixes too when `unsafe_fixes`.
pub fn fix_until_stable_with(
    mut source: SourceFile,
    mut diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    resources: &Resources,
    unsafe_fixes: bool,
) -> Result<Fixed, FixLoopError> {
    let mut count = 0;
    let mut refused = Vec::new();
    let mut changes = Changes::default();
    for _ in 0..fix::MAX_PASSES {
        let Some(applied) = fix::apply_fixes(&source, &diagnostics, unsafe_fixes) else {
            refused.clear();
            break;
        };
        refused = applied.refused;
        if applied.count == 0 {
            break;
        }
        count += applied.count;
        changes.record(&applied.edits);
        source = SourceFile::from_bytes(source.path.clone(), applied.bytes)
            .map_err(FixLoopError::Unreadable)?;
        diagnostics = lint_source(&source, settings, resources).map_err(FixLoopError::Relint)?;
    }
    Ok(Fixed {
        source,
        diagnostics,
        count,
        refused,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CliOverrides, ConfigLoader};

    fn lint_and_fix(html: &str) -> Fixed {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("copydesk.toml");
        std::fs::write(&config, "").unwrap();
        let loader = ConfigLoader::new(CliOverrides {
            config: Some(config),
            ..CliOverrides::default()
        })
        .unwrap();
        let settings = loader.settings_for(&dir.path().join("a.html")).unwrap();
        let resources = Resources::load(&settings.glossaries).unwrap();
        let source = SourceFile::from_text(dir.path().join("a.html"), html);
        let diagnostics = lint_source(&source, &settings, &resources).unwrap();
        fix_until_stable(source, diagnostics, &settings, &resources).unwrap()
    }

    #[test]
    fn safe_fixes_are_applied_and_the_findings_are_those_of_the_fixed_page() {
        let fixed =
            lint_and_fix("<html lang=en><body><p>We saw the the launch,, twice.</p></body></html>");
        assert_eq!(
            fixed.source.text,
            "<html lang=en><body><p>We saw the launch, twice.</p></body></html>"
        );
        assert_eq!(fixed.count, 2);
        let rules: Vec<&str> = fixed.diagnostics.iter().map(|d| d.rule).collect();
        assert!(
            !rules.contains(&"repeated-word") && !rules.contains(&"doubled-punctuation"),
            "{rules:?}"
        );
    }

    #[test]
    fn nothing_to_fix_leaves_the_file_as_it_was() {
        let html = "<html lang=en><body><p>All fine here.</p></body></html>";
        let fixed = lint_and_fix(html);
        assert_eq!(fixed.count, 0);
        assert_eq!(fixed.source.text, html);
    }
}
