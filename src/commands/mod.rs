//! The commands of the `copydesk` binary, one file each. `main` parses the
//! arguments and hands them to [`run`], which returns the exit status.
//!
//! Exit statuses follow ruff and eslint: 0 no finding at or above
//! `--fail-on`, 1 findings, 2 usage, configuration or I/O error (a file that
//! could not be read is reported and the others are still linted).

mod blocks;
mod check;
mod check_baseline;
mod check_footer;
mod completions;
mod config;
mod error;
mod explain;
mod init;
mod lsp;
mod output_file;
mod rules;
mod stream;

pub use error::{CommandError, FileError};

use crate::cli::{Cli, Command};
use crate::config::{CliOverrides, ConfigError, ConfigLoader};
use std::io::Write;

/// How a run ended; `main` turns it into the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// Findings at or above `--fail-on` (or fixes left to apply in `--diff`).
    Findings,
    /// A usage, configuration or I/O error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

/// Runs a parsed command line, writing results to standard output and the
/// error that stopped it, if any, to standard error.
pub fn run(cli: Cli) -> ExitStatus {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => check::run(args, &mut out),
        Command::Rules { output_format } => rules::run(output_format, &mut out),
        Command::Explain { rule } => explain::run(&rule, &mut out),
        Command::Blocks {
            file,
            output_format,
            show_metadata,
            config,
            stdin_filename,
        } => blocks::run(
            &file,
            output_format,
            show_metadata,
            config,
            stdin_filename,
            &mut out,
        ),
        Command::Config { show, config } => config::run(&show, config, &mut out),
        Command::Init { dir } => init::run(&dir, &mut out),
        Command::Completions { shell } => completions::completions(shell, &mut out),
        Command::Man => completions::man(&mut out),
        Command::Lsp { stdio: _ } => lsp::run(&mut out),
    };
    match result {
        Ok(status) => status,
        Err(e) if e.is_broken_pipe() => ExitStatus::Clean,
        Err(e) => {
            let _ = out.flush();
            eprintln!("copydesk: error: {e}");
            ExitStatus::Error
        }
    }
}

/// The configuration loader for the command-line overrides. A `--config`
/// that is a FIFO or a device is refused here: reading it would block or
/// never end.
fn config_loader(cli: CliOverrides) -> Result<ConfigLoader, CommandError> {
    if let Some(path) = &cli.config
        && let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_dir()
        && let Err(e) = crate::inputs::require_regular(&metadata)
    {
        return Err(ConfigError {
            path: Some(path.clone()),
            line: 0,
            column: 0,
            message: format!("cannot read configuration file: {e}"),
        }
        .into());
    }
    Ok(ConfigLoader::new(cli)?)
}
