//! Why a command failed, and why one file could not be linted.
//!
//! Two layers, two types: a [`CommandError`] stops the command (exit 2); a
//! [`FileError`] is reported against one file while the others are still
//! linted (the run then exits 2 too). `Display` gives the exact text the
//! user sees.

use crate::config::ConfigError;
use crate::fix_loop::FixLoopError;
use crate::glossary::GlossaryError;
use crate::inputs::{InputError, PathError, ReadError};
use crate::source::SourceError;
use std::io;
use std::path::PathBuf;

/// An error that stops a command. `commands::run` prints it after
/// `copydesk: error: ` and exits 2 (a closed output pipe excepted).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Said the same way as when it stops files in `check`.
    #[error("configuration error: {0}")]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] io::Error),
    #[error("cannot start threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// Standard output could not be written to.
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("unknown rule `{id}`; did you mean `{suggestion}`? (`copydesk rules` lists them)")]
    UnknownRuleNear {
        id: String,
        suggestion: &'static str,
    },
    #[error("unknown rule `{id}` (`copydesk rules` lists them)")]
    UnknownRule { id: String },
    /// The one file a command works on could not be used.
    #[error("{}: {reason}", path.display())]
    File { path: PathBuf, reason: FileError },
    /// Broken configuration or glossary files, one message each (with how
    /// many files each stopped); every file of the run was stopped by one.
    #[error("{}", .0.join("\ncopydesk: error: "))]
    Configuration(Vec<String>),
    /// Options that cannot be used together, said in words.
    #[error("{0}")]
    Usage(String),
    /// No path on the command line gave a file to lint.
    #[error("no files to lint: {}", join_problems(.0))]
    NoFiles(Vec<(PathBuf, crate::inputs::PathError)>),
    #[error("{}: {message}", path.display())]
    Init { path: PathBuf, message: String },
    #[error(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
    /// `--output-file` could not be written.
    #[error("{}: cannot write output: {source}", path.display())]
    OutputFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn join_problems(problems: &[(PathBuf, crate::inputs::PathError)]) -> String {
    problems
        .iter()
        .map(|(path, reason)| format!("{}: {reason}", path.display()))
        .collect::<Vec<_>>()
        .join("; ")
}

impl CommandError {
    /// Whether this is a write to a reader that has gone away
    /// (`copydesk check | head`): the run stops quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CommandError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Wraps a failed write to standard output.
pub(super) fn output(e: io::Error) -> CommandError {
    CommandError::Output(e)
}

/// Why one file was not linted (or not fixed).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The path on the command line gave no file.
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("configuration error: {0}")]
    Config(#[source] ConfigError),
    #[error("glossary error: {0}")]
    Glossary(#[source] GlossaryError),
    #[error("{0}")]
    Source(SourceError),
    /// The page could not be parsed into blocks.
    #[error("{0}")]
    Lint(String),
    #[error(transparent)]
    Fix(#[from] FixLoopError),
    #[error("cannot write fixes: {0}")]
    Write(#[source] crate::fix::WriteError),
}

impl FileError {
    /// A broken configuration or glossary stops every file that uses it
    /// with the same message: such failures are reported once.
    pub fn is_shared(&self) -> bool {
        matches!(self, FileError::Config(_) | FileError::Glossary(_))
    }
}
