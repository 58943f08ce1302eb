//! Glob patterns on the command line (`'site/**/*.html'`, for shells that do
//! not expand `**`), expanded by walking the pattern's fixed prefix.
//!
//! Expanding with the `glob` crate followed symlinked folders, so a
//! `loop -> ..` link made `dir/**/*.html` run forever. Walking the fixed
//! prefix (`site` above) with the directory walker instead gives a glob the
//! same rules as a folder named on the command line: symlinked folders are
//! not entered (as bash's `globstar`), ignore files and `--exclude` apply,
//! hidden folders are skipped, only regular files are kept. The pattern
//! syntax and its error messages stay the `glob` crate's.

use super::walk::{self, Descend, Found, WalkSettings};
use super::{InputError, PathError, is_html_file};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a pattern matched: files (a matched folder adds its HTML files),
/// and the folders that could not be read.
#[derive(Debug, Default)]
pub(super) struct Expansion {
    pub files: Vec<PathBuf>,
    pub problems: Vec<(PathBuf, PathError)>,
}

/// `*`, `?` and `[` make an argument a pattern (when no file has its name).
pub(super) fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    // `*` stays within one folder name, as when the glob crate expanded it.
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// Expands `pattern` into the files it names, sorted in walk order.
pub(super) fn expand(pattern: &str, settings: &WalkSettings) -> Result<Expansion, InputError> {
    let matcher = glob::Pattern::new(pattern).map_err(|e| InputError::BadGlob {
        pattern: pattern.to_owned(),
        message: e.to_string(),
    })?;
    let parts: Vec<&str> = pattern.split('/').collect();
    let fixed = parts.iter().take_while(|p| !is_pattern(p)).count();
    let prefix = parts[..fixed].join("/");
    // A pattern with no fixed folder (`*.html`, `**/x.html`) is walked from
    // `.`, and the `./` the walk adds is taken off again before matching.
    let (root, strip_dot) = match prefix.as_str() {
        "" if pattern.starts_with('/') => (PathBuf::from("/"), false),
        "" => (PathBuf::from("."), true),
        _ => (PathBuf::from(&prefix), false),
    };
    let descend = prune_by_component(&parts[fixed..])?;
    let walked = walk::walk(&root, settings, |_| true, true, descend);

    let shown = |path: PathBuf| -> PathBuf {
        match path.strip_prefix(".") {
            Ok(rest) if strip_dot => rest.to_path_buf(),
            _ => path,
        }
    };
    let found: Vec<(PathBuf, bool)> = walked
        .found
        .into_iter()
        .map(|Found { path, is_dir }| (shown(path), is_dir))
        .collect();
    let matched_dirs: HashSet<&Path> = found
        .iter()
        .filter(|(path, is_dir)| *is_dir && matcher.matches_path_with(path, MATCH))
        .map(|(path, _)| path.as_path())
        .collect();
    // A file is named by the pattern itself (whatever its extension, as a
    // file named on the command line), or is an HTML file in a matched folder.
    let mut files: Vec<PathBuf> = found
        .iter()
        .filter(|(path, is_dir)| {
            !is_dir
                && (matcher.matches_path_with(path, MATCH)
                    || (is_html_file(path)
                        && path.ancestors().skip(1).any(|a| matched_dirs.contains(a))))
        })
        .map(|(path, _)| path.clone())
        .collect();
    files.sort_by(|a, b| walk::walk_order(a, b));

    let problems = walked
        .errors
        .into_iter()
        // A prefix that names nothing matches nothing, as with any shell.
        .filter(|(path, e)| !(e.kind() == std::io::ErrorKind::NotFound && *path == root))
        .map(|(path, e)| (path, PathError::GlobRead(e)))
        .collect();
    Ok(Expansion { files, problems })
}

/// Skips folders that cannot lead to a match: down to the first `**`, the
/// folder at depth n must match the pattern's n-th part after the fixed
/// prefix. Below a folder that matches the whole pattern everything is
/// walked, since a matched folder stands for its HTML files.
fn prune_by_component(parts: &[&str]) -> Result<Option<Descend>, InputError> {
    let checked = parts.iter().take_while(|p| **p != "**").count();
    if checked == 0 {
        return Ok(None);
    }
    let components = parts[..checked]
        .iter()
        .map(|p| glob::Pattern::new(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| InputError::BadGlob {
            pattern: parts.join("/"),
            message: e.to_string(),
        })?;
    Ok(Some(Arc::new(move |entry| {
        let depth = entry.depth();
        match components.get(depth.wrapping_sub(1)) {
            Some(component) if depth > 0 => entry
                .file_name()
                .to_str()
                .is_some_and(|name| component.matches_with(name, MATCH)),
            _ => true,
        }
    })))
}
