//! `copydesk check`: lint files in parallel, apply or show the safe fixes,
//! render the report and choose the exit status.
//!
//! Around that core, in files of their own: `--output-file` (written
//! atomically, `output_file.rs`), baselines (`check_baseline.rs`) and the
//! lines after the report (`check_footer.rs`).

use super::check_baseline::BaselineRun;
use super::error::{FileError, output};
use super::output_file::AtomicFile;
use super::{CommandError, ExitStatus, check_footer, config_loader, stream};
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{CliOverrides, ConfigLoader, GlossarySource, Settings};
use crate::diagnostic::Severity;
use crate::fix;
use crate::fix_loop::fix_until_stable_with;
use crate::glossary::GlossaryError;
use crate::inputs::{self, Input, WalkSettings};
use crate::lint::lint_source;
use crate::progress::Progress;
use crate::render::html_report::page_text_of;
use crate::render::{self, FileFailure, FileResult, RenderOptions};
use crate::rules::{Resources, RuleMeta, registry};
use crate::source::SourceFile;
use clap::ValueEnum;
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
        max_file_size: args.max_file_size,
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

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output_file.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RenderOptions {
        color,
        show_statistics: args.statistics,
        quiet: args.quiet,
    };
    let rules: Vec<&'static RuleMeta> = registry().iter().map(|rule| rule.meta()).collect();
    let mut renderer = render::renderer(args.output_format, &options, rules.clone());
    let mut tally = check_footer::Tally::default();
    // `--write-baseline` records the findings and reports none of them.
    let recording = args.write_baseline.is_some();
    let baseline_used = baseline.is_used();
    let mut files_linted = 0usize;
    let want_page = args.output_format == render::OutputFormat::Html && mode != FixMode::Diff;
    // `--fix` on standard input writes the fixed page to standard output
    // instead of the report: hold the report back until that is known.
    let hold = mode == FixMode::Write && inputs.files.iter().any(|i| matches!(i, Input::Stdin(_)));
    let jobs = output_order(&inputs.files, mode);
    let mut progress = Progress::new(jobs.len(), args.quiet);
    let cli_fail_on = args.fail_on.map(Severity::from);
    let (mut fixed_total, mut failing, mut wrote_diff) = (0, false, false);
    let (mut held, mut piece, mut stdin_output) = (Vec::new(), Vec::new(), None);
    let window = pool.current_num_threads() * stream::WINDOW_PER_THREAD;
    stream::for_each_ordered(
        &pool,
        &jobs,
        window,
        |input| {
            lint_input(
                input,
                stdin_bytes.as_deref(),
                &loader,
                &resources,
                mode,
                args.unsafe_fixes,
                want_page,
            )
            .map(|linted| {
                let fingerprints =
                    BaselineRun::fingerprint(baseline_used, &loader, input, &linted.result);
                (linted, fingerprints)
            })
            .map_err(|reason| Failure {
                path: input.path().display().to_string(),
                reason,
            })
        },
        |outcome| {
            let mut linted = match outcome {
                Ok((mut linted, fingerprints)) => {
                    baseline.apply(&mut linted.result, &fingerprints);
                    files_linted += 1;
                    linted
                }
                Err(failure) => {
                    failures.push(failure);
                    progress.file_done(0);
                    return Ok(());
                }
            };
            for line in std::mem::take(&mut linted.refused) {
                eprintln!("{line}");
            }
            tally.add(&linted.result.diagnostics);
            fixed_total += linted.fixed;
            if linted.fixed_stdin.is_some() {
                stdin_output = linted.fixed_stdin;
            }
            let threshold = cli_fail_on.or(linted.fail_on).unwrap_or(Severity::Warning);
            let diagnostics = &linted.result.diagnostics;
            failing |= diagnostics.iter().any(|d| d.severity >= threshold);
            progress.file_done(diagnostics.len());
            piece.clear();
            if let Some(diff) = linted.diff {
                wrote_diff |= !diff.is_empty();
                piece.extend_from_slice(diff.as_bytes());
            } else if mode != FixMode::Diff && !recording {
                renderer.file(&linted.result, &mut piece)?;
            }
            if hold {
                held.extend_from_slice(&piece);
                Ok(())
            } else {
                progress.write_out(|| out.write_all(&piece))
            }
        },
    )
    .map_err(output)?;
    progress.finish();
    let (configuration_errors, failures) = split_shared_failures(failures);
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }
    if !configuration_errors.is_empty() {
        if files_linted == 0 && failures.is_empty() {
            // Nothing was linted: the configuration is the whole story.
            return Err(CommandError::Configuration(configuration_errors));
        }
        for error in &configuration_errors {
            eprintln!("copydesk: error: {error}");
        }
    }
    if let Some(recorded) = baseline.write()? {
        return Ok(if failures.is_empty() && configuration_errors.is_empty() {
            recorded
        } else {
            ExitStatus::Error
        });
    }

    if let Some(fixed) = stdin_output {
        // `--fix` on standard input writes the fixed page to standard output,
        // so diagnostics go to standard error.
        out.write_all(&fixed).map_err(output)?;
    } else if mode != FixMode::Diff {
        out.write_all(&held).map_err(output)?;
        renderer.finish(&failures, out).map_err(output)?;
        check_footer::statistics(&tally, &rules, args, color, out)?;
        if args.output_format == render::OutputFormat::Json {
            for failure in &failures {
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
            check_footer::hints(&tally, args.unsafe_fixes, baseline.hidden(), out)?;
        }
    }

    if !failures.is_empty() || !configuration_errors.is_empty() {
        return Ok(ExitStatus::Error);
    }
    if mode == FixMode::Diff {
        return Ok(if wrote_diff {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        });
    }
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

/// The inputs in the order their results are written: path order, which
/// every renderer uses, so each file can be written as soon as its turn
/// comes. `--diff` prints the diffs in the order the files were named.
fn output_order(files: &[Input], mode: FixMode) -> Vec<&Input> {
    let mut jobs: Vec<&Input> = files.iter().collect();
    if mode != FixMode::Diff {
        jobs.sort_by(|a, b| a.path().cmp(b.path()));
    }
    jobs
}

fn lint_input(
    input: &Input,
    stdin: Option<&[u8]>,
    loader: &ConfigLoader,
    resources: &ResourceCache,
    mode: FixMode,
    unsafe_fixes: bool,
    want_page: bool,
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
        let page = want_page
            .then(|| {
                page_text_of(
                    &source,
                    &settings.scope_content,
                    &settings.scope_exclude,
                    &diagnostics,
                )
            })
            .flatten();
        return Ok(Linted {
            result: FileResult {
                source: Arc::new(source),
                diagnostics,
                page,
            },
            fixed: 0,
            diff: None,
            fail_on: settings.fail_on,
            fixed_stdin: None,
            refused: Vec::new(),
        });
    }

    let original = source.bytes().to_vec();
    let fixed = fix_until_stable_with(source, diagnostics, &settings, &resources, unsafe_fixes)?;
    let (mut written, mut diff, mut fixed_stdin) = (0, None, None);
    match (mode, input) {
        (FixMode::Diff, _) if fixed.count > 0 => {
            let display = input.path().display().to_string();
            diff = Some(crate::changes::unified_diff(
                &display,
                &original,
                fixed.source.bytes(),
                &fixed.changes,
            ));
        }
        (FixMode::Write, Input::File(path)) if fixed.count > 0 => {
            fix::write_atomically(path, &original, fixed.source.bytes())
                .map_err(FileError::Write)?;
            written = fixed.count;
        }
        (FixMode::Write, Input::Stdin(_)) => {
            written = fixed.count;
            fixed_stdin = Some(fixed.source.bytes().to_vec());
        }
        _ => {}
    }
    // The report describes the file after the fixes (in `--diff` mode it is
    // not rendered: the diff is the output).
    let page = want_page
        .then(|| {
            page_text_of(
                &fixed.source,
                &settings.scope_content,
                &settings.scope_exclude,
                &fixed.diagnostics,
            )
        })
        .flatten();
    Ok(Linted {
        result: FileResult {
            source: Arc::new(fixed.source),
            diagnostics: fixed.diagnostics,
            page,
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
