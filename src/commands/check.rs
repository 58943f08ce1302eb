//! `copydesk check`: lint files in parallel, apply or show the safe fixes,
//! render the report and choose the exit status.
//!
//! Around that core, in files of their own: `--output-file` (written
//! atomically, `output_file.rs`), baselines (`check_baseline.rs`) and the
//! lines after the report (`check_footer.rs`).

use super::check_baseline::{BaselineRun, Fingerprints};
use super::error::{FileError, output};
use super::output_file::AtomicFile;
use super::{CommandError, ExitStatus, check_footer, config_loader};
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{CliOverrides, ConfigLoader, GlossarySource, Settings};
use crate::diagnostic::Severity;
use crate::fix;
use crate::fix_loop::fix_until_stable_with;
use crate::glossary::GlossaryError;
use crate::inputs::{self, Input, WalkSettings};
use crate::lint::lint_source;
use crate::render::{self, FileFailure, FileResult, RenderOptions, Report};
use crate::rules::{Resources, registry};
use crate::source::SourceFile;
use clap::ValueEnum;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::sync::{Arc, Mutex};

pub(super) fn run(args: CheckArgs, stdout: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    let status = match &args.output_file {
        None => run_to(&args, stdout)?,
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            let status = run_to(&args, &mut file)?;
            file.commit()?;
            status
        }
    };
    // `--exit-zero`: findings do not fail the run; errors still do.
    Ok(match status {
        ExitStatus::Findings if args.exit_zero => ExitStatus::Clean,
        status => status,
    })
}

/// The run, writing what `check` prints to `out`.
fn run_to(args: &CheckArgs, out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    if args.diff && args.output_format != render::OutputFormat::Human {
        return Err(CommandError::Usage(format!(
            "--diff prints the fixes as a unified diff, so it cannot be combined with \
             --output-format {}; without --diff that format carries each finding's fix",
            args.output_format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_owned())
        )));
    }
    let loader = config_loader(CliOverrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        glossaries: args.glossaries.clone(),
        config: args.config.clone(),
    })?;

    let walk = WalkSettings::new(&args.exclude, !args.no_ignore, args.threads)?;
    let inputs = inputs::collect(&args.paths, args.stdin_filename.clone(), &walk)?;
    if inputs.files.is_empty() {
        return Err(CommandError::NoFiles(inputs.problems));
    }
    let mut baseline = BaselineRun::new(args.baseline.as_deref(), args.write_baseline.as_deref())?;
    let mut failures: Vec<Failure> = inputs
        .problems
        .into_iter()
        .map(|(path, reason)| Failure {
            path: path.display().to_string(),
            reason: reason.into(),
        })
        .collect();
    let stdin_bytes = if inputs.files.iter().any(|i| matches!(i, Input::Stdin(_))) {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(CommandError::Stdin)?;
        Some(buf)
    } else {
        None
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

    let outcomes: Vec<Result<(Linted, Fingerprints), Failure>> = pool.install(|| {
        inputs
            .files
            .par_iter()
            .map(|input| {
                lint_input(
                    input,
                    stdin_bytes.as_deref(),
                    &loader,
                    &resources,
                    mode,
                    args.unsafe_fixes,
                )
                .map(|linted| {
                    let fingerprints = baseline.fingerprint(&loader, input, &linted.result);
                    (linted, fingerprints)
                })
                .map_err(|reason| Failure {
                    path: input.path().display().to_string(),
                    reason,
                })
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
            Ok((mut linted, fingerprints)) => {
                baseline.apply(&mut linted.result, &fingerprints);
                for line in &linted.refused {
                    eprintln!("{line}");
                }
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
    let (configuration_errors, failures) = split_shared_failures(failures);
    report.failures = failures;
    report.rules = registry().iter().map(|rule| rule.meta()).collect();
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }
    if !configuration_errors.is_empty() {
        if report.files.is_empty() && report.failures.is_empty() {
            // Nothing was linted: the configuration is the whole story.
            return Err(CommandError::Configuration(configuration_errors));
        }
        for error in &configuration_errors {
            eprintln!("copydesk: error: {error}");
        }
    }
    if let Some(recorded) = baseline.write()? {
        return Ok(
            if report.failures.is_empty() && configuration_errors.is_empty() {
                recorded
            } else {
                ExitStatus::Error
            },
        );
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output_file.is_none()
                && std::io::stdout().is_terminal()
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
        check_footer::statistics(&report, args, color, out)?;
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
        if args.output_format == render::OutputFormat::Human && !args.quiet {
            check_footer::hints(&report, args.unsafe_fixes, baseline.hidden(), out)?;
        }
    }

    if !report.failures.is_empty() || !configuration_errors.is_empty() {
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
    /// Safe fixes the file's encoding could not hold, one line each.
    refused: Vec<String>,
}

fn lint_input(
    input: &Input,
    stdin: Option<&[u8]>,
    loader: &ConfigLoader,
    resources: &ResourceCache,
    mode: FixMode,
    unsafe_fixes: bool,
) -> Result<Linted, FileError> {
    let settings = loader
        .settings_for(input.path())
        .map_err(FileError::Config)?;
    let resources = resources.get(&settings).map_err(FileError::Glossary)?;
    let bytes = match input {
        Input::File(path) => inputs::read_regular_file(path)?,
        Input::Stdin(_) => stdin.unwrap_or_default().to_vec(),
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
            refused: Vec::new(),
        });
    }

    let original = source.bytes.clone();
    let fixed = fix_until_stable_with(source, diagnostics, &settings, &resources, unsafe_fixes)?;
    let (mut written, mut diff, mut fixed_stdin) = (0, None, None);
    match (mode, input) {
        (FixMode::Diff, _) if fixed.count > 0 => {
            let display = input.path().display().to_string();
            diff = Some(fix::unified_diff(&display, &original, &fixed.source.bytes));
        }
        (FixMode::Write, Input::File(path)) if fixed.count > 0 => {
            fix::write_atomically(path, &original, &fixed.source.bytes)
                .map_err(FileError::Write)?;
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
        refused: fixed.refused,
    })
}

/// A broken configuration or glossary fails every file that uses it with
/// the same message: it is a configuration error, not a problem of the
/// file, so it is reported once (saying how many files it stopped) apart
/// from the files that could not be read. Returns (configuration errors,
/// file failures).
fn split_shared_failures(failures: Vec<Failure>) -> (Vec<String>, Vec<FileFailure>) {
    let mut shared: Vec<(String, usize)> = Vec::new();
    let mut file_failures = Vec::new();
    for failure in failures {
        let message = failure.reason.to_string();
        if !failure.reason.is_shared() {
            file_failures.push(FileFailure {
                path: failure.path,
                message,
            });
        } else if let Some((_, count)) = shared.iter_mut().find(|(m, _)| *m == message) {
            *count += 1;
        } else {
            shared.push((message, 1));
        }
    }
    let shared = shared
        .into_iter()
        .map(|(message, files)| {
            format!(
                "{message} ({files} file{} not linted)",
                if files == 1 { "" } else { "s" }
            )
        })
        .collect();
    (shared, file_failures)
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
