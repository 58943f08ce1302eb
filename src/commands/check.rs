//! `copydesk check`: lint files in parallel, apply or show the safe fixes,
//! render the report and choose the exit status.

use super::error::{FileError, output};
use super::{CommandError, ExitStatus, config_loader, stream};
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{CliOverrides, ConfigLoader, GlossarySource, Settings};
use crate::diagnostic::Severity;
use crate::fix;
use crate::fix_loop::fix_until_stable;
use crate::glossary::GlossaryError;
use crate::inputs::{self, Input, WalkSettings};
use crate::lint::lint_source;
use crate::progress::Progress;
use crate::render::html_report::page_text_of;
use crate::render::{self, FileFailure, FileResult, RenderOptions};
use crate::rules::{Resources, registry};
use crate::source::SourceFile;
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

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RenderOptions {
        color,
        show_statistics: args.statistics,
        quiet: args.quiet,
    };
    let rules = registry().iter().map(|rule| rule.meta()).collect();
    let mut renderer = render::renderer(args.output_format, &options, rules);
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
                want_page,
            )
            .map_err(|reason| Failure {
                path: input.path().display().to_string(),
                reason,
            })
        },
        |outcome| {
            let linted = match outcome {
                Ok(linted) => linted,
                Err(failure) => {
                    failures.push(failure);
                    progress.file_done(0);
                    return Ok(());
                }
            };
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
            } else if mode != FixMode::Diff {
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
    let failures = collapse_shared_failures(failures);
    for warning in loader.warnings() {
        eprintln!("copydesk: warning: {warning}");
    }

    if let Some(fixed) = stdin_output {
        // `--fix` on standard input writes the fixed page to standard output,
        // so diagnostics go to standard error.
        out.write_all(&fixed).map_err(output)?;
    } else if mode != FixMode::Diff {
        out.write_all(&held).map_err(output)?;
        renderer.finish(&failures, out).map_err(output)?;
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
    }

    if !failures.is_empty() {
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
    want_page: bool,
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
        });
    }

    let original = (mode == FixMode::Diff).then(|| source.bytes.clone());
    let fixed = fix_until_stable(source, diagnostics, &settings, &resources)?;
    let (mut written, mut diff, mut fixed_stdin) = (0, None, None);
    match (mode, input) {
        (FixMode::Diff, _) if fixed.count > 0 => {
            let display = input.path().display().to_string();
            let before = original.as_deref().unwrap_or_default();
            diff = Some(fix::unified_diff(&display, before, &fixed.source.bytes));
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
