//! Command-line arguments (clap derive). Parsing only: [`crate::commands`]
//! turns them into settings and runs.

use crate::diagnostic::Severity;
use crate::render::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// copydesk: a linter for published HTML articles.
///
/// Finds what spellcheckers miss on published pages: a caption printed twice,
/// misspelled names, photos without a credit, articles without a byline.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// `check` has many more arguments than the other commands; the enum is built
// once per run, so its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint HTML files, directories or glob patterns (`-` reads standard input).
    Check(CheckArgs),
    /// List every rule with its default severity and a one-line summary.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        output_format: ListFormat,
    },
    /// Print a rule's documentation: what it catches, why, an example, its options.
    Explain {
        /// The rule id, e.g. `near-duplicate-paragraph`.
        rule: String,
    },
    /// Show the text blocks copydesk lints in a file, and the article scope chosen.
    Blocks {
        /// The page; `-` reads standard input.
        file: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        output_format: ListFormat,
        /// Also show the byline and image credits found on the page.
        #[arg(long)]
        show_metadata: bool,
        /// Use this configuration file instead of discovering copydesk.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Name to use for standard input (for messages and config discovery).
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
    },
    /// Run a language server for editors, over standard input and output.
    ///
    /// Diagnostics as you type, quick fixes and "disable" actions, with the
    /// settings `check` would use (the nearest copydesk.toml).
    Lsp {
        /// Accepted for clients that always pass it; standard input and
        /// output are the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Show configuration.
    Config {
        /// Print the effective settings for FILE and where each came from.
        #[arg(long, value_name = "FILE")]
        show: PathBuf,
        /// Use this configuration file instead of discovering copydesk.toml.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write a commented copydesk.toml (every rule and option) and a starter
    /// glossary into a folder; existing files are never overwritten.
    Init {
        /// Where to write them.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script, e.g.
    /// `copydesk completions bash > /etc/bash_completion.d/copydesk`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `copydesk man > copydesk.1`.
    Man,
}

/// Output of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories (searched for *.html, *.htm, *.xhtml) or glob
    /// patterns; `-` reads standard input. Default: the current directory.
    pub paths: Vec<String>,

    #[arg(long, value_enum, default_value = "human")]
    pub output_format: OutputFormat,

    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Only these rules (comma-separated ids, or ALL); replaces the configured set.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,

    /// Enable these rules in addition to the configured set.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// Disable these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Exit with 1 when a finding has at least this severity [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Print the number of findings per rule.
    #[arg(long)]
    pub statistics: bool,

    /// Number of threads, at most 256 [default (or 0): one per core].
    #[arg(short = 'j', long = "threads", value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,

    /// Print only the findings, one line each.
    #[arg(short, long)]
    pub quiet: bool,

    /// Use this configuration file instead of discovering copydesk.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,

    /// Name to use for standard input (for messages and config discovery).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Add a glossary file (repeatable), or `builtin:NAME`.
    #[arg(long = "glossary", value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,

    /// Apply safe fixes to the files in place.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print the safe fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,

    /// Let `--fix` and `--diff` apply unsafe fixes too (an editor should
    /// review them).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Exit with 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Write the output to FILE instead of standard output (atomically: the
    /// file appears complete or not at all).
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every finding in FILE as the baseline, instead of reporting.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["diff", "output_file"])]
    pub write_baseline: Option<PathBuf>,

    /// Skip files and folders matching these patterns (gitignore syntax,
    /// relative to the working directory, comma-separated or repeated) when
    /// searching folders and expanding globs. Files named on the command
    /// line are always linted.
    #[arg(long, value_delimiter = ',', value_name = "PATTERN")]
    pub exclude: Vec<String>,

    /// Also search files listed in .gitignore, .ignore and git's exclude files.
    #[arg(long)]
    pub no_ignore: bool,

    /// Skip pages larger than this (bytes, or a number and K, M or G)
    /// [default: max-file-size in copydesk.toml, else 64M].
    #[arg(long, value_name = "SIZE", value_parser = crate::config::parse_size)]
    pub max_file_size: Option<u64>,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(value: FailOn) -> Severity {
        match value {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// The most threads `-j` accepts: linting is CPU-bound, so more threads than
/// cores only cost memory, and a typo such as `-j 100000` must not start a
/// hundred thousand threads.
pub const MAX_THREADS: usize = 256;

/// `-j N`: a number from 0 (one per core) to [`MAX_THREADS`].
fn parse_threads(value: &str) -> Result<usize, String> {
    let n: usize = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of threads"))?;
    if n > MAX_THREADS {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        return Err(format!(
            "at most {MAX_THREADS} threads (this machine has {cores} core{}; more threads than cores do not help)",
            if cores == 1 { "" } else { "s" }
        ));
    }
    Ok(n)
}
