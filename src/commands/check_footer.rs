//! What `check` prints after the report: `--statistics` where the format
//! itself has no place for it, and the hints under the human summary (how
//! many findings `--fix` can repair, how many the baseline hid).

use super::CommandError;
use super::error::output;
use crate::cli::CheckArgs;
use crate::diagnostic::Diagnostic;
use crate::render::{self, OutputFormat, RuleCounts};
use crate::rules::RuleMeta;
use std::io::Write;

/// What the footer needs of a run, counted as the files stream by (the
/// files themselves are freed once written).
#[derive(Debug, Default)]
pub(super) struct Tally {
    counts: RuleCounts,
    safe_fixes: usize,
    unsafe_fixes: usize,
}

impl Tally {
    pub(super) fn add(&mut self, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            self.counts.add(diagnostic.rule);
            match &diagnostic.fix {
                Some(fix) if fix.is_safe() => self.safe_fixes += 1,
                Some(_) => self.unsafe_fixes += 1,
                None => {}
            }
        }
    }
}

/// `--statistics` for the formats whose renderer does not print it: after
/// the quiet human output, and on standard error for machine formats, so
/// their standard output stays one valid document (a JSON array, a SARIF
/// log) whatever the flags.
pub(super) fn statistics(
    tally: &Tally,
    rules: &[&'static RuleMeta],
    args: &CheckArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    if !args.statistics {
        return Ok(());
    }
    match args.output_format {
        // The human renderer prints the table itself, above the summary.
        OutputFormat::Human if !args.quiet => Ok(()),
        OutputFormat::Human => {
            render::human::write_statistics_table(&tally.counts.sorted(), rules, color, out)
                .map_err(output)
        }
        _ => {
            let mut table = Vec::new();
            render::human::write_statistics_table(&tally.counts.sorted(), rules, false, &mut table)
                .map_err(output)?;
            // A closed standard error is not worth failing the run for.
            let _ = std::io::stderr().write_all(&table);
            Ok(())
        }
    }
}

/// The hint lines under the human summary.
pub(super) fn hints(
    tally: &Tally,
    unsafe_fixes: bool,
    hidden_by_baseline: usize,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    if let Some(line) = fixable_hint(tally, unsafe_fixes) {
        writeln!(out, "{line}").map_err(output)?;
    }
    if hidden_by_baseline > 0 {
        writeln!(
            out,
            "{hidden_by_baseline} known finding{} hidden by the baseline.",
            if hidden_by_baseline == 1 { "" } else { "s" }
        )
        .map_err(output)?;
    }
    Ok(())
}

/// "3 fixable with `--fix` (1 more with `--fix --unsafe-fixes`).", or
/// `None` when no finding has a fix.
fn fixable_hint(tally: &Tally, unsafe_fixes: bool) -> Option<String> {
    match (tally.safe_fixes, tally.unsafe_fixes) {
        (0, 0) => None,
        (safe, unsafe_) if unsafe_fixes => Some(format!(
            "{} fixable with `--fix --unsafe-fixes`.",
            safe + unsafe_
        )),
        (0, unsafe_) => Some(format!("{unsafe_} fixable with `--fix --unsafe-fixes`.")),
        (safe, 0) => Some(format!("{safe} fixable with `--fix`.")),
        (safe, unsafe_) => Some(format!(
            "{safe} fixable with `--fix` ({unsafe_} more with `--fix --unsafe-fixes`)."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Fix, Severity};
    use crate::source::TextRange;

    fn report(fixes: &[Option<bool>]) -> Tally {
        let range = TextRange::new(3, 4);
        let diagnostics = fixes
            .iter()
            .map(|fix| {
                let d = Diagnostic::new("t", Severity::Warning, range, "m");
                match fix {
                    Some(true) => d.with_fix(Fix::safe(range, "y")),
                    Some(false) => d.with_fix(Fix::unsafe_(range, "y")),
                    None => d,
                }
            })
            .collect();
        let diagnostics: Vec<Diagnostic> = diagnostics;
        let mut tally = Tally::default();
        tally.add(&diagnostics);
        tally
    }

    #[test]
    fn fixable_hint_counts_safe_fixes_and_mentions_unsafe_ones() {
        assert_eq!(fixable_hint(&report(&[None]), false), None);
        assert_eq!(
            fixable_hint(&report(&[Some(true), Some(true), None]), false).as_deref(),
            Some("2 fixable with `--fix`.")
        );
        assert_eq!(
            fixable_hint(&report(&[Some(true), Some(false)]), false).as_deref(),
            Some("1 fixable with `--fix` (1 more with `--fix --unsafe-fixes`).")
        );
        assert_eq!(
            fixable_hint(&report(&[Some(false)]), false).as_deref(),
            Some("1 fixable with `--fix --unsafe-fixes`.")
        );
        assert_eq!(
            fixable_hint(&report(&[Some(true), Some(false)]), true).as_deref(),
            Some("2 fixable with `--fix --unsafe-fixes`.")
        );
    }
}
