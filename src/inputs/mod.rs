//! Which files a `check` run lints: the paths on the command line turned
//! into a list of files, and reading those files safely.
//!
//! A path is standard input (`-`), a file, a folder (searched for HTML
//! files, see `walk.rs`) or, when nothing has its name, a glob pattern (see
//! `glob.rs`). A path that names nothing usable is reported and the others
//! are still linted; only a malformed command line stops the run.

mod glob;
mod read;
mod walk;

pub use read::{FileKind, ReadError, read_regular_file, require_regular, within_limit};
pub use walk::WalkSettings;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file to lint: a path, or standard input under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin(PathBuf),
}

impl Input {
    /// The path in messages and for configuration discovery.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Stdin(p) => p,
        }
    }
}

/// A command line that cannot be run at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("`-` (standard input) given twice")]
    StdinTwice,
    #[error("bad glob pattern `{pattern}`: {message}")]
    BadGlob { pattern: String, message: String },
    /// The message names the pattern.
    #[error("--exclude: {0}")]
    BadExclude(String),
}

/// Why one path on the command line, or met while expanding one, gave no
/// file to lint.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("no such file or directory")]
    NotFound,
    #[error("no file matches this pattern")]
    NoMatch,
    /// A folder searched without finding a page.
    #[error(
        "no .html, .htm or .xhtml file in this folder (hidden and ignored files and --exclude matches are skipped)"
    )]
    NoHtmlFiles,
    #[error("cannot read directory: {0}")]
    ReadDir(#[source] std::io::Error),
    /// A folder that could not be read while expanding a glob.
    #[error("cannot read: {0}")]
    GlobRead(#[source] std::io::Error),
    #[error(transparent)]
    Unreadable(#[from] ReadError),
}

/// The files to lint, in order, and the paths that gave none.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    pub problems: Vec<(PathBuf, PathError)>,
}

/// Turns the command-line paths (none: the current folder) into files.
/// Files keep the order of the arguments; a folder's or a pattern's files
/// are sorted (see `walk.rs`), so the result never depends on thread timing.
/// A file named twice (a path and a glob) is linted once.
pub fn collect(
    paths: &[String],
    stdin_name: Option<PathBuf>,
    settings: &WalkSettings,
) -> Result<Inputs, InputError> {
    let default = [".".to_owned()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Inputs::default();
    let mut stdin_seen = false;
    for arg in paths {
        if arg == "-" {
            if stdin_seen {
                return Err(InputError::StdinTwice);
            }
            stdin_seen = true;
            let name = stdin_name
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdin>"));
            inputs.files.push(Input::Stdin(name));
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => add_folder(path, settings, &mut inputs),
            Ok(metadata) => match require_regular(&metadata) {
                Ok(()) => inputs.files.push(Input::File(path.to_path_buf())),
                Err(e) => inputs.problems.push((path.to_path_buf(), e.into())),
            },
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => inputs
                .problems
                .push((path.to_path_buf(), ReadError::Io(e).into())),
            Err(_) if glob::is_pattern(arg) => {
                let expansion = glob::expand(arg, settings)?;
                if expansion.files.is_empty() && expansion.problems.is_empty() {
                    inputs
                        .problems
                        .push((path.to_path_buf(), PathError::NoMatch));
                }
                inputs
                    .files
                    .extend(expansion.files.into_iter().map(Input::File));
                inputs.problems.extend(expansion.problems);
            }
            Err(_) => inputs
                .problems
                .push((path.to_path_buf(), PathError::NotFound)),
        }
    }
    let mut seen = HashSet::new();
    inputs.files.retain(|i| seen.insert(i.path().to_path_buf()));
    Ok(inputs)
}

/// Adds a folder's HTML files, in walk order.
fn add_folder(root: &Path, settings: &WalkSettings, inputs: &mut Inputs) {
    let walked = walk::walk(root, settings, is_html_file, false, None);
    if walked.found.is_empty() && walked.errors.is_empty() {
        inputs
            .problems
            .push((root.to_path_buf(), PathError::NoHtmlFiles));
        return;
    }
    let mut files: Vec<PathBuf> = walked.found.into_iter().map(|f| f.path).collect();
    files.sort_by(|a, b| walk::walk_order(a, b));
    inputs.files.extend(files.into_iter().map(Input::File));
    inputs.problems.extend(
        walked
            .errors
            .into_iter()
            .map(|(path, e)| (path, PathError::ReadDir(e))),
    );
}

/// The extensions a folder search picks up.
fn is_html_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}
