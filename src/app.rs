//! Runs the commands: finds the files, lints them in parallel, applies fixes,
//! renders. Returns an exit code; `main` only passes it on.
//!
//! Exit codes follow ruff and eslint: 0 no finding at or above `--fail-on`,
//! 1 findings, 2 usage, configuration or I/O error (a file that could not be
//! read is reported and the others are still linted).

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, ListFormat};
use crate::config::{CliOverrides, ConfigError, ConfigLoader, GlossarySource, Settings};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::fix;
use crate::lint::lint_source;
use crate::render::{self, FileFailure, FileResult, RenderOptions, Report};
use crate::rules::{Resources, find_rule, registry};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> u8 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => check(args, &mut out),
        Command::Rules { output_format } => list_rules(output_format, &mut out),
        Command::Explain { rule } => explain(&rule, &mut out),
        Command::Blocks {
            file,
            output_format,
            show_metadata,
            config,
        } => blocks(&file, output_format, show_metadata, config, &mut out),
        Command::Config { show, config } => show_config(&show, config, &mut out),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`copydesk check | head`): stop quietly.
        Err(message) if message == BROKEN_PIPE => EXIT_OK,
        Err(message) => {
            let _ = out.flush();
            eprintln!("copydesk: error: {message}");
            EXIT_ERROR
        }
    }
}

/// The error of a write to standard output whose reader has gone away.
const BROKEN_PIPE: &str = "broken pipe";

/// Why output could not be written; a closed pipe is not worth a message.
fn output_error(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        BROKEN_PIPE.to_string()
    } else {
        format!("cannot write output: {e}")
    }
}

/// A file to lint: a path, or standard input under a name.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Stdin(PathBuf),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Stdin(p) => p,
        }
    }
}

fn check(args: CheckArgs, out: &mut dyn Write) -> Result<u8, String> {
    let loader = ConfigLoader::new(CliOverrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        glossaries: args.glossaries.clone(),
        config: args.config.clone(),
    })
    .map_err(|e| e.to_string())?;

    let (inputs, mut failures) = collect_inputs(&args)?;
    let stdin_bytes = if inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Some(buf)
    } else {
        None
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let resources = ResourceCache::default();
    let mode = if args.fix {
        FixMode::Write
    } else if args.diff {
        FixMode::Diff
    } else {
        FixMode::Off
    };

    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| lint_input(input, stdin_bytes.as_deref(), &loader, &resources, mode))
            .collect()
    });

    let mut report = Report::default();
    let mut fixed_total = 0;
    let mut diffs = String::new();
    let mut stdin_output = None;
    let mut fail_on_per_file = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Linted {
                result,
                fixed,
                diff,
                fail_on,
                fixed_stdin,
            } => {
                fixed_total += fixed;
                if let Some(diff) = diff {
                    diffs.push_str(&diff);
                }
                if fixed_stdin.is_some() {
                    stdin_output = fixed_stdin;
                }
                fail_on_per_file.push(fail_on);
                report.files.push(result);
            }
            Outcome::Failed(failure) => failures.push(failure),
        }
    }
    report.failures = collapse_shared_failures(failures);

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let io = output_error;
    if let Some(fixed) = stdin_output {
        // `--fix` on standard input writes the fixed page to standard output,
        // so diagnostics go to standard error.
        out.write_all(&fixed).map_err(io)?;
    } else if mode == FixMode::Diff {
        out.write_all(diffs.as_bytes()).map_err(io)?;
    } else {
        let options = RenderOptions {
            color,
            show_statistics: args.statistics,
            quiet: args.quiet,
        };
        render::render(&report, args.output_format, &options, out).map_err(io)?;
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
            .map_err(io)?;
        }
    }

    if !report.failures.is_empty() {
        return Ok(EXIT_ERROR);
    }
    if mode == FixMode::Diff {
        return Ok(if diffs.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
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
    Ok(if failing { EXIT_FINDINGS } else { EXIT_OK })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Write,
    Diff,
}

enum Outcome {
    Linted {
        result: FileResult,
        fixed: usize,
        diff: Option<String>,
        fail_on: Option<Severity>,
        fixed_stdin: Option<Vec<u8>>,
    },
    Failed(FileFailure),
}

fn lint_input(
    input: &Input,
    stdin: Option<&[u8]>,
    loader: &ConfigLoader,
    resources: &ResourceCache,
    mode: FixMode,
) -> Outcome {
    let display = input.path().display().to_string();
    let fail = |message: String| {
        Outcome::Failed(FileFailure {
            path: display.clone(),
            message,
        })
    };
    let settings = match loader.settings_for(input.path()) {
        Ok(s) => s,
        Err(e) => return fail(config_message(&e)),
    };
    let resources = match resources.get(&settings) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let bytes = match input {
        Input::File(path) => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return fail(format!("cannot read file: {e}")),
        },
        Input::Stdin(_) => stdin.unwrap_or_default().to_vec(),
    };
    let mut source = match SourceFile::from_bytes(input.path().to_path_buf(), bytes) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let mut diagnostics = match lint_source(&source, &settings, &resources) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };

    let mut fixed = 0;
    let mut diff = None;
    let mut fixed_stdin = None;
    if mode != FixMode::Off {
        let original = source.bytes.clone();
        // Fixes can uncover or overlap others: apply, re-lint, repeat a few times.
        for _ in 0..fix::MAX_PASSES {
            let Some(applied) = fix::apply_safe_fixes(&source, &diagnostics) else {
                break;
            };
            fixed += applied.count;
            source = match SourceFile::from_bytes(source.path.clone(), applied.bytes) {
                Ok(s) => s,
                Err(e) => return fail(format!("a fix produced an unreadable file: {e}")),
            };
            diagnostics = match lint_source(&source, &settings, &resources) {
                Ok(d) => d,
                Err(e) => return fail(e),
            };
        }
        if fixed > 0 {
            match (mode, input) {
                (FixMode::Diff, _) => {
                    diff = Some(fix::unified_diff(&display, &original, &source.bytes));
                }
                (FixMode::Write, Input::File(path)) => {
                    if let Err(e) = fix::write_atomically(path, &source.bytes) {
                        return fail(format!("cannot write fixes: {e}"));
                    }
                }
                (FixMode::Write, Input::Stdin(_)) => fixed_stdin = Some(source.bytes.clone()),
                (FixMode::Off, _) => {}
            }
        } else if matches!((mode, input), (FixMode::Write, Input::Stdin(_))) {
            fixed_stdin = Some(source.bytes.clone());
        }
        if mode == FixMode::Diff {
            // In diff mode the report describes the file as it is on disk.
            fixed = 0;
        }
    }
    Outcome::Linted {
        result: FileResult {
            source: Arc::new(source),
            diagnostics,
        },
        fixed,
        diff,
        fail_on: settings.fail_on,
        fixed_stdin,
    }
}

/// A broken configuration or glossary fails every file that uses it with
/// the same message: report it once, saying how many files it stopped.
fn collapse_shared_failures(failures: Vec<FileFailure>) -> Vec<FileFailure> {
    let shared =
        |m: &str| m.starts_with("configuration error:") || m.starts_with("glossary error:");
    let mut counts: HashMap<String, usize> = HashMap::new();
    for f in failures.iter().filter(|f| shared(&f.message)) {
        *counts.entry(f.message.clone()).or_default() += 1;
    }
    let mut seen = std::collections::HashSet::new();
    failures
        .into_iter()
        .filter_map(|mut f| {
            if !shared(&f.message) {
                return Some(f);
            }
            if !seen.insert(f.message.clone()) {
                return None;
            }
            let others = counts.get(&f.message).copied().unwrap_or(1) - 1;
            if others > 0 {
                f.message = format!(
                    "{} (and {others} more file{} not linted for the same reason)",
                    f.message,
                    if others == 1 { "" } else { "s" }
                );
            }
            Some(f)
        })
        .collect()
}

fn config_message(e: &ConfigError) -> String {
    format!("configuration error: {e}")
}

/// Loaded glossaries and other shared data, built once per distinct set of
/// glossary sources and shared by every thread.
#[derive(Default)]
struct ResourceCache {
    loaded: Mutex<HashMap<Vec<GlossarySource>, LoadedResources>>,
}

type LoadedResources = Result<Arc<Resources>, String>;

impl ResourceCache {
    fn get(&self, settings: &Settings) -> Result<Arc<Resources>, String> {
        let key = settings.glossaries.clone();
        let mut loaded = self
            .loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        loaded
            .entry(key)
            .or_insert_with(|| crate::lint::load_resources(&settings.glossaries).map(Arc::new))
            .clone()
    }
}

/// Expands the command-line paths into files. Directories are searched
/// recursively for HTML files; glob patterns are expanded with the `glob`
/// crate (for shells that do not expand `**`). Paths that name nothing are
/// failures; the other files are still linted.
fn collect_inputs(args: &CheckArgs) -> Result<(Vec<Input>, Vec<FileFailure>), String> {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    let paths = if args.paths.is_empty() {
        vec![".".to_string()]
    } else {
        args.paths.clone()
    };
    let mut stdin_seen = false;
    for arg in &paths {
        if arg == "-" {
            if stdin_seen {
                return Err("`-` (standard input) given twice".into());
            }
            stdin_seen = true;
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdin>"));
            inputs.push(Input::Stdin(name));
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            walk_dir(path, &mut inputs, &mut failures);
        } else if path.exists() {
            inputs.push(Input::File(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            let entries = glob::glob(arg).map_err(|e| format!("bad glob pattern `{arg}`: {e}"))?;
            let mut matched = false;
            for entry in entries {
                match entry {
                    Ok(p) if p.is_dir() => {
                        matched = true;
                        walk_dir(&p, &mut inputs, &mut failures)
                    }
                    Ok(p) => {
                        matched = true;
                        inputs.push(Input::File(p))
                    }
                    Err(e) => failures.push(FileFailure {
                        path: e.path().display().to_string(),
                        message: format!("cannot read: {}", e.error()),
                    }),
                }
            }
            if !matched {
                failures.push(FileFailure {
                    path: arg.clone(),
                    message: "no file matches this pattern".into(),
                });
            }
        } else {
            failures.push(FileFailure {
                path: arg.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    // One file named twice (a path and a glob) is linted once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(i.path().to_path_buf()));
    Ok((inputs, failures))
}

fn is_html_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}

/// Depth-first, sorted, without following symlinked directories (no loops).
fn walk_dir(root: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<FileFailure>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                failures.push(FileFailure {
                    path: dir.display().to_string(),
                    message: format!("cannot read directory: {e}"),
                });
                continue;
            }
        };
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if kind.is_dir() {
                if !hidden {
                    dirs.push(path);
                }
            } else if is_html_file(&path) && (kind.is_file() || path.is_file()) {
                files.push(path);
            }
        }
        files.sort();
        dirs.sort();
        inputs.extend(files.into_iter().map(Input::File));
        stack.extend(dirs.into_iter().rev());
    }
}

fn list_rules(format: ListFormat, out: &mut dyn Write) -> Result<u8, String> {
    let io = output_error;
    match format {
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = registry()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "severity": m.default_severity.as_str(),
                        "enabled": m.enabled_by_default,
                        "summary": m.summary,
                        "options": m.options.iter().map(|o| serde_json::json!({
                            "name": o.name, "default": o.default, "doc": o.doc,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rules).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(io)?;
        }
        ListFormat::Human => {
            let width = registry()
                .iter()
                .map(|r| r.meta().id.len())
                .max()
                .unwrap_or(10);
            writeln!(
                out,
                "{:width$}  {:8}  {:3}  summary",
                "rule", "severity", "on"
            )
            .map_err(io)?;
            for rule in registry() {
                let m = rule.meta();
                writeln!(
                    out,
                    "{:width$}  {:8}  {:3}  {}",
                    m.id,
                    m.default_severity.as_str(),
                    if m.enabled_by_default { "yes" } else { "no" },
                    m.summary
                )
                .map_err(io)?;
            }
        }
    }
    Ok(EXIT_OK)
}

fn explain(id: &str, out: &mut dyn Write) -> Result<u8, String> {
    let Some(rule) = find_rule(id) else {
        let closest = registry()
            .iter()
            .map(|r| r.meta().id)
            .min_by_key(|candidate| strsim::levenshtein(candidate, id))
            .filter(|candidate| strsim::levenshtein(candidate, id) <= 3);
        return Err(match closest {
            Some(c) => {
                format!("unknown rule `{id}`; did you mean `{c}`? (`copydesk rules` lists them)")
            }
            None => format!("unknown rule `{id}` (`copydesk rules` lists them)"),
        });
    };
    let meta = rule.meta();
    let mut text = format!(
        "# {}\n\nDefault severity: {}{}\n\n",
        meta.id,
        meta.default_severity,
        if meta.enabled_by_default {
            ""
        } else {
            " (off unless selected)"
        }
    );
    text.push_str(&meta.doc());
    writeln!(out, "{}", text.trim_end()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

fn load_one(file: &Path, config: Option<PathBuf>) -> Result<(SourceFile, Arc<Settings>), String> {
    let loader = ConfigLoader::new(CliOverrides {
        config,
        ..CliOverrides::default()
    })
    .map_err(|e| e.to_string())?;
    let settings = loader.settings_for(file).map_err(|e| e.to_string())?;
    let source = SourceFile::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok((source, settings))
}

fn blocks(
    file: &Path,
    format: ListFormat,
    show_metadata: bool,
    config: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let (source, settings) = load_one(file, config)?;
    let doc = Document::parse_scoped(&source, &settings.scope_content, &settings.scope_exclude)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let metadata = || crate::attribution::describe(&doc, &crate::lint::credit_patterns(&settings));
    let io = output_error;
    match format {
        ListFormat::Json => {
            let blocks: Vec<serde_json::Value> = doc
                .blocks
                .iter()
                .map(|b| {
                    let range = b.range();
                    let start = source.line_column(range.start);
                    let end = source.line_column(range.end);
                    let (byte_start, byte_end) = source.stored_range(range);
                    serde_json::json!({
                        "kind": b.kind.as_str(),
                        "text": b.text,
                        "selector": b.selector,
                        "line": start.line, "column": start.column,
                        "end_line": end.line, "end_column": end.column,
                        "byte_start": byte_start, "byte_end": byte_end,
                    })
                })
                .collect();
            let mut value = serde_json::json!({
                "path": source.display_path(),
                "scope": doc.scope.reason,
                "blocks": blocks,
            });
            if show_metadata {
                value["metadata"] = serde_json::Value::String(metadata());
            }
            let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(io)?;
        }
        ListFormat::Human => {
            writeln!(
                out,
                "{}: article scope: {}",
                source.display_path(),
                doc.scope.reason
            )
            .map_err(io)?;
            for b in &doc.blocks {
                let at = source.line_column(b.range().start);
                writeln!(
                    out,
                    "{}:{}:{}: {} {}",
                    source.display_path(),
                    at.line,
                    at.column,
                    b.kind.as_str(),
                    b.selector
                )
                .map_err(io)?;
                writeln!(out, "    {}", b.text).map_err(io)?;
            }
            writeln!(out, "{} blocks", doc.blocks.len()).map_err(io)?;
            if show_metadata {
                writeln!(out, "\n{}", metadata().trim_end()).map_err(io)?;
            }
        }
    }
    Ok(EXIT_OK)
}

fn show_config(file: &Path, config: Option<PathBuf>, out: &mut dyn Write) -> Result<u8, String> {
    let loader = ConfigLoader::new(CliOverrides {
        config,
        ..CliOverrides::default()
    })
    .map_err(|e| e.to_string())?;
    let settings = loader.settings_for(file).map_err(|e| e.to_string())?;
    write!(out, "{}", crate::config::render_show(&settings)).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}
