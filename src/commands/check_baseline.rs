//! `check --baseline FILE` and `--write-baseline FILE`: what a `check` run
//! does with baselines (the fingerprints themselves are [`crate::baseline`]).
//!
//! Fingerprints are computed on the lint threads, from the file as reported
//! (after `--fix`); recording and filtering happen as each file's result is
//! collected, so the renderers only ever see the findings to report.

use super::output_file;
use super::{CommandError, ExitStatus};
use crate::baseline::{self, Baseline, Entry, Fingerprint};
use crate::config::ConfigLoader;
use crate::inputs::Input;
use crate::render::FileResult;
use std::path::{Path, PathBuf};

/// One fingerprint per diagnostic of a file (empty when no baseline is used).
pub(super) type Fingerprints = Vec<Fingerprint>;

/// The baselines of one run: the one findings are checked against, the one
/// being recorded, and what happened.
pub(super) struct BaselineRun {
    filter: Option<Baseline>,
    /// The file to write and the folder its paths are relative to.
    record: Option<(PathBuf, PathBuf)>,
    recorded: Vec<Entry>,
    recorded_files: usize,
    hidden: usize,
}

impl BaselineRun {
    /// Loads `--baseline` (a missing or malformed file stops the run before
    /// any linting) and prepares `--write-baseline`.
    pub(super) fn new(
        filter: Option<&Path>,
        record: Option<&Path>,
    ) -> Result<BaselineRun, CommandError> {
        Ok(BaselineRun {
            filter: filter.map(Baseline::load).transpose()?,
            record: record.map(|path| (path.to_path_buf(), baseline::base_dir(path))),
            recorded: Vec::new(),
            recorded_files: 0,
            hidden: 0,
        })
    }

    pub(super) fn is_used(&self) -> bool {
        self.filter.is_some() || self.record.is_some()
    }

    /// The fingerprints of a linted file's findings, with the scope settings
    /// it was linted with. Runs on the lint threads.
    /// `used` is [`BaselineRun::is_used`], asked once before the run, so the
    /// lint threads need no access to the run's state.
    pub(super) fn fingerprint(
        used: bool,
        loader: &ConfigLoader,
        input: &Input,
        result: &FileResult,
    ) -> Fingerprints {
        if !used {
            return Vec::new();
        }
        match loader.settings_for(input.path()) {
            Ok(settings) => baseline::fingerprints(
                &result.source,
                &settings.scope_content,
                &settings.scope_exclude,
                &result.diagnostics,
            ),
            // Settings that failed would have failed the lint already.
            Err(_) => baseline::fingerprints(&result.source, &[], &[], &result.diagnostics),
        }
    }

    /// Records a file's findings (`--write-baseline`) and removes those the
    /// baseline knows (`--baseline`).
    pub(super) fn apply(&mut self, result: &mut FileResult, fingerprints: &Fingerprints) {
        if !self.is_used() || fingerprints.len() != result.diagnostics.len() {
            return;
        }
        if let Some((_, dir)) = &self.record {
            let path = baseline::relative_path(dir, &result.source.path);
            if !result.diagnostics.is_empty() {
                self.recorded_files += 1;
            }
            self.recorded
                .extend(baseline::entries(&path, &result.diagnostics, fingerprints));
        }
        if let Some(filter) = &self.filter {
            let path = baseline::relative_path(filter.dir(), &result.source.path);
            let before = result.diagnostics.len();
            let mut known = fingerprints.iter();
            result.diagnostics.retain(|d| {
                known
                    .next()
                    .is_none_or(|fp| !filter.contains(&path, d.rule, fp))
            });
            self.hidden += before - result.diagnostics.len();
        }
    }

    /// How many findings the baseline hid.
    pub(super) fn hidden(&self) -> usize {
        self.hidden
    }

    /// Writes the recorded baseline, if asked for, and says so on standard
    /// error; `Some` when the run ends here (a recording run reports
    /// nothing).
    pub(super) fn write(&mut self) -> Result<Option<ExitStatus>, CommandError> {
        let Some((path, _)) = &self.record else {
            return Ok(None);
        };
        let count = self.recorded.len();
        let text = baseline::to_json(std::mem::take(&mut self.recorded));
        output_file::write(path, text.as_bytes())?;
        eprintln!(
            "Wrote a baseline of {count} finding{} in {} file{} to {}.",
            if count == 1 { "" } else { "s" },
            self.recorded_files,
            if self.recorded_files == 1 { "" } else { "s" },
            path.display()
        );
        Ok(Some(ExitStatus::Clean))
    }
}
