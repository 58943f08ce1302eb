//! `copydesk check`: lint files in parallel, apply or show the safe fixes,
//! render the report and choose the exit status.

use super::error::{FileError, output};
use super::{CommandError, ExitStatus, config_loader};
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{CliOverrides, ConfigLoader, GlossarySource, Settings};
use crate::diagnostic::Severity;
use crate::fix;
use crate::fix_loop::fix_until_stable;
use crate::glossary::GlossaryError;
use crate::inputs::{self, Input, WalkSettings};
use crate::lint::lint_source;
use crate::render::{self, FileFailure, FileResult, RenderOptions, Report};
use crate::rules::{Resources, registry};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::sync::{Arc, Mutex};

pub(super) fn run(args: CheckArgs, out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    let loader = config_loader(CliOverrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        glossaries: args.glossaries.clone(),
        config: args.config.clone(),
        max_file_size: args.max_file_size,
    })?;

    let walk = WalkSettings::new(&args.exclude, !args.no_ignore, args.threads)?;
    let inputs = inputs::collect(&args.paths, args.stdin_filename.clone(), &walk)?;
    let mut failures: Vec<Failure> = inputs
        .problems
        .into_iter()
        .map(|(path, reason)| Failure {
            path: path.display().to_string(),
            reason: reason.into(),
        })
        .collect();
    let stdin_bytes = match inputs.files.iter().find(|i| matches!(i, Input::Stdin(_))) {
        Some(input) => {
            // Reading stops just past the limit: `lint_input` refuses more.
            let limit = loader
                .settings_for(input.path())
                .map_or(crate::config::DEFAULT_MAX_FILE_SIZE, |s| s.max_file_size);
            let mut buf = Vec::new();
            std::io::stdin()
                .take(limit.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(CommandError::Stdin)?;
            Some(buf)
        }
        None => None,
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let resources = ResourceCache::default();
    let mode = if args.fix {
        FixMode::Write
    } else if args.diff {
        FixMode::Diff
    } else {
        FixMode::Off
    };

    let outcomes: Vec<Result<Linted, Failure>> = pool.install(|| {
        inputs
            .files
            .par_iter()
            .map(|input| {
                lint_input(input, stdin_bytes.as_deref(), &loader, &resources, mode).map_err(
                    |reason| Failure {
                        path: input.path().display().to_string(),
                        reason,
                    },
                )
            })
            .collect()
    });

    let mut report = Report::default();
    let mut fixed_total = 0;
    let mut diffs = String::new();
    let mut stdin_output = None;
    let mut fail_on_per_file = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(linted) => {
                fixed_total += linted.fixed;
                if let Some(diff) = linted.diff {
                    diffs.push_str(&diff);
                }
                if linted.fixed_stdin.is_some() {
                    stdin_output = linted.fixed_stdin;
                }
                fail_on_per_file.push(linted.fail_on);
                report.files.push(linted.result);
            }
            Err(failure) => failures.push(failure),
        }
    }
    report.failures = collapse_shared_failures(failures);
    report.rules = registry().iter().map(|rule| rule.meta()).collect();
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    if let Some(fixed) = stdin_output {
        // `--fix` on standard input writes the fixed page to standard output,
        // so diagnostics go to standard error.
        out.write_all(&fixed).map_err(output)?;
    } else if mode == FixMode::Diff {
        out.write_all(diffs.as_bytes()).map_err(output)?;
    } else {
        let options = RenderOptions {
            color,
            show_statistics: args.statistics,
            quiet: args.quiet,
        };
        render::render(&report, args.output_format, &options, out).map_err(output)?;
        if args.output_format == render::OutputFormat::Json {
            for failure in &report.failures {
                eprintln!("{}: error: {}", failure.path, failure.message);
            }
        }
        if fixed_total > 0 && !args.quiet {
            writeln!(
                out,
                "Fixed {fixed_total} problem{}.",
                if fixed_total == 1 { "" } else { "s" }
            )
            .map_err(output)?;
        }
    }

    if !report.failures.is_empty() {
        return Ok(ExitStatus::Error);
    }
    if mode == FixMode::Diff {
        return Ok(if diffs.is_empty() {
            ExitStatus::Clean
        } else {
            ExitStatus::Findings
        });
    }
    let cli_fail_on = args.fail_on.map(Severity::from);
    let failing = report
        .files
        .iter()
        .zip(&fail_on_per_file)
        .any(|(file, configured)| {
            let threshold = cli_fail_on.or(*configured).unwrap_or(Severity::Warning);
            file.diagnostics.iter().any(|d| d.severity >= threshold)
        });
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Write,
    Diff,
}

/// A file that could not be linted, by the name the user gave it.
struct Failure {
    path: String,
    reason: FileError,
}

/// One linted file and what fixing it did.
struct Linted {
    result: FileResult,
    /// Fixes written (0 in `--diff` mode, where nothing is written).
    fixed: usize,
    diff: Option<String>,
    fail_on: Option<Severity>,
    /// The page for standard output, when `--fix` reads standard input.
    fixed_stdin: Option<Vec<u8>>,
}

fn lint_input(
    input: &Input,
    stdin: Option<&[u8]>,
    loader: &ConfigLoader,
    resources: &ResourceCache,
    mode: FixMode,
) -> Result<Linted, FileError> {
    let settings = loader
        .settings_for(input.path())
        .map_err(FileError::Config)?;
    let resources = resources.get(&settings).map_err(FileError::Glossary)?;
    let bytes = match input {
        Input::File(path) => inputs::read_regular_file(path, settings.max_file_size)?,
        Input::Stdin(_) => {
            inputs::within_limit(stdin.unwrap_or_default(), settings.max_file_size)?.to_vec()
        }
    };
    let source =
        SourceFile::from_bytes(input.path().to_path_buf(), bytes).map_err(FileError::Source)?;
    let diagnostics = lint_source(&source, &settings, &resources).map_err(FileError::Lint)?;
    if mode == FixMode::Off {
        return Ok(Linted {
            result: FileResult {
                source: Arc::new(source),
                diagnostics,
            },
            fixed: 0,
            diff: None,
            fail_on: settings.fail_on,
            fixed_stdin: None,
        });
    }

    let original = (mode == FixMode::Diff).then(|| source.bytes.clone());
    let fixed = fix_until_stable(source, diagnostics, &settings, &resources)?;
    let (mut written, mut diff, mut fixed_stdin) = (0, None, None);
    match (mode, input) {
        (FixMode::Diff, _) if fixed.count > 0 => {
            let display = input.path().display().to_string();
            let before = original.as_deref().unwrap_or_default();
            diff = Some(crate::changes::unified_diff(
                &display,
                before,
                &fixed.source.bytes,
                &fixed.changes,
            ));
        }
        (FixMode::Write, Input::File(path)) if fixed.count > 0 => {
            fix::write_atomically(path, &fixed.source.bytes).map_err(FileError::Write)?;
            written = fixed.count;
        }
        (FixMode::Write, Input::Stdin(_)) => {
            written = fixed.count;
            fixed_stdin = Some(fixed.source.bytes.clone());
        }
        _ => {}
    }
    // The report describes the file after the fixes (in `--diff` mode it is
    // not rendered: the diff is the output).
    Ok(Linted {
        result: FileResult {
            source: Arc::new(fixed.source),
            diagnostics: fixed.diagnostics,
        },
        fixed: written,
        diff,
        fail_on: settings.fail_on,
        fixed_stdin,
    })
}

/// A broken configuration or glossary fails every file that uses it with
/// the same message: report it once, saying how many files it stopped.
fn collapse_shared_failures(failures: Vec<Failure>) -> Vec<FileFailure> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let failures: Vec<(Failure, String)> = failures
        .into_iter()
        .map(|f| {
            let message = f.reason.to_string();
            (f, message)
        })
        .collect();
    for (_, message) in failures.iter().filter(|(f, _)| f.reason.is_shared()) {
        *counts.entry(message.clone()).or_default() += 1;
    }
    let mut seen = HashSet::new();
    failures
        .into_iter()
        .filter_map(|(f, mut message)| {
            if !f.reason.is_shared() {
                return Some(FileFailure {
                    path: f.path,
                    message,
                });
            }
            if !seen.insert(message.clone()) {
                return None;
            }
            let others = counts.get(&message).copied().unwrap_or(1) - 1;
            if others > 0 {
                message = format!(
                    "{message} (and {others} more file{} not linted for the same reason)",
                    if others == 1 { "" } else { "s" }
                );
            }
            Some(FileFailure {
                path: f.path,
                message,
            })
        })
        .collect()
}

/// Loaded glossaries and other shared data, built once per distinct set of
/// glossary sources and shared by every thread.
#[derive(Default)]
struct ResourceCache {
    loaded: Mutex<HashMap<Vec<GlossarySource>, LoadedResources>>,
}

type LoadedResources = Result<Arc<Resources>, GlossaryError>;

impl ResourceCache {
    fn get(&self, settings: &Settings) -> Result<Arc<Resources>, GlossaryError> {
        let key = settings.glossaries.clone();
        let mut loaded = self
            .loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded
            .entry(key)
            .or_insert_with(|| Resources::load(&settings.glossaries).map(Arc::new))
            .clone()
    }
}
