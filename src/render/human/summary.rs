//! The closing lines of the human output: the `--statistics` table of counts
//! per rule and the one-line summary of the run.

use super::style::{Painter, bold_style};
use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use std::io::Write;

#[derive(Default)]
pub(super) struct SeverityCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl SeverityCounts {
    pub(super) fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
    pub(super) fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// `Found 3 problems (1 error, 2 warnings, 0 info) in 2 files; 1 file could
/// not be read.` where "2 files" are the files with problems, or `No problems
/// found in N files.` where N is every file checked.
pub(super) fn summary(
    counts: &SeverityCounts,
    files_with_problems: usize,
    files_checked: usize,
    failures: usize,
) -> String {
    let mut line = if counts.total() == 0 {
        format!("No problems found in {}", plural(files_checked, "file"))
    } else {
        format!(
            "Found {} ({}, {}, {} info) in {}",
            plural(counts.total(), "problem"),
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            counts.infos,
            plural(files_with_problems, "file"),
        )
    };
    if failures > 0 {
        line.push_str(&format!("; {} could not be read", plural(failures, "file")));
    }
    line.push('.');
    line
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The count-per-rule table of `--statistics`, followed by a blank line.
pub(super) fn write_statistics(
    painter: &Painter,
    rows: &[(&'static str, usize)],
    rules: &[&'static RuleMeta],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let count_width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let id_width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for &(id, count) in rows {
        let summary = rules
            .iter()
            .find(|meta| meta.id == id)
            .map_or("", |meta| meta.summary);
        let line = format!(
            "{count:>count_width$}  {}{:pad$}  {summary}",
            painter.paint(bold_style(), id),
            "",
            pad = id_width - id.len(),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(severities: &[Severity]) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for &severity in severities {
            counts.add(severity);
        }
        counts
    }

    #[test]
    fn summary_counts_files_checked_when_nothing_was_found() {
        assert_eq!(
            summary(&counts(&[]), 0, 3, 2),
            "No problems found in 3 files; 2 files could not be read."
        );
        assert_eq!(
            summary(&counts(&[]), 0, 1, 0),
            "No problems found in 1 file."
        );
    }

    #[test]
    fn summary_counts_severities_and_files_with_problems() {
        let found = counts(&[Severity::Warning, Severity::Warning, Severity::Info]);
        assert_eq!(
            summary(&found, 1, 5, 0),
            "Found 3 problems (0 errors, 2 warnings, 1 info) in 1 file."
        );
        let one = counts(&[Severity::Error]);
        assert_eq!(
            summary(&one, 1, 1, 1),
            "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file; 1 file could not be read."
        );
    }
}
