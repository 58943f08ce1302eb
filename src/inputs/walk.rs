//! Directory walks, with ripgrep's walker (the `ignore` crate).
//!
//! What a walk skips, and why:
//! - files and folders listed in `.gitignore` (only inside a git
//!   repository, as ripgrep does), `.ignore`, `.git/info/exclude` and the
//!   global git excludes, unless `--no-ignore`: build output and vendored
//!   pages are rarely what a writer wants checked;
//! - paths matching `--exclude` (gitignore syntax, relative to the working
//!   directory);
//! - hidden files and folders (`.git`, `.cache`, `._page.html` left by
//!   macOS archives), as ripgrep does;
//! - symlinked folders: they are not entered, so a link back up the tree
//!   (`loop -> ..`) cannot make a walk endless, and a page reached by two
//!   names is not linted twice. Symlinked files are linted;
//! - anything that is not a regular file (FIFOs, sockets, devices): reading
//!   one would block or never end.
//!
//! The walk runs on several threads; the caller sorts what it found, so the
//! order never depends on thread timing.

use super::InputError;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use std::cmp::Ordering;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How folders are searched: the same for every path of a run.
#[derive(Debug, Clone)]
pub struct WalkSettings {
    respect_ignore_files: bool,
    exclude: Option<Arc<Gitignore>>,
    threads: usize,
    cwd: PathBuf,
}

impl WalkSettings {
    /// `exclude` holds gitignore-syntax patterns, relative to the working
    /// directory. `threads` is `-j` (`None`: one per core).
    pub fn new(
        exclude: &[String],
        respect_ignore_files: bool,
        threads: Option<usize>,
    ) -> Result<WalkSettings, InputError> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let exclude = if exclude.is_empty() {
            None
        } else {
            let mut builder = GitignoreBuilder::new(&cwd);
            for pattern in exclude {
                builder
                    .add_line(None, pattern)
                    .map_err(|e| InputError::BadExclude(e.to_string()))?;
            }
            let matcher = builder
                .build()
                .map_err(|e| InputError::BadExclude(e.to_string()))?;
            Some(Arc::new(matcher))
        };
        // Listing folders gains little from more threads than cores, and a
        // huge `-j` must not start thousands of walker threads.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = threads.filter(|&n| n > 0).unwrap_or(cores).min(cores);
        Ok(WalkSettings {
            respect_ignore_files,
            exclude,
            threads,
            cwd,
        })
    }

    /// Whether `--exclude` names this path (or, for a folder, everything
    /// in it).
    fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Some(exclude) = &self.exclude else {
            return false;
        };
        exclude
            .matched(lexically_normal(&self.cwd.join(path)), is_dir)
            .is_ignore()
    }
}

/// Removes `.` and resolves `..` without touching the file system, so that
/// paths given as `./site` or `../site` still compare with the working
/// directory an `--exclude` pattern is relative to.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A regular file or a folder met in a walk.
#[derive(Debug)]
pub(super) struct Found {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// What a walk found, and the folders it could not read.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub found: Vec<Found>,
    pub errors: Vec<(PathBuf, io::Error)>,
}

/// Decides, for a folder met in a walk, whether to go into it.
pub(super) type Descend = Arc<dyn Fn(&DirEntry) -> bool + Send + Sync>;

/// What a walk keeps: regular files whose path passes `want_file`, and the
/// folders below the root when `want_dirs`; folders for which `descend` says
/// no are skipped whole. Unordered: the caller sorts.
pub(super) fn walk(
    root: &Path,
    settings: &WalkSettings,
    want_file: fn(&Path) -> bool,
    want_dirs: bool,
    descend: Option<Descend>,
) -> Walked {
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(settings.respect_ignore_files)
        .hidden(true)
        .follow_links(false)
        .threads(settings.threads)
        .current_dir(&settings.cwd);
    if settings.exclude.is_some() || descend.is_some() {
        let settings = settings.clone();
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if settings.excludes(entry.path(), is_dir) {
                return false;
            }
            !is_dir || descend.as_ref().is_none_or(|descend| descend(entry))
        });
    }
    let shared = Mutex::new(Walked::default());
    builder.build_parallel().visit(&mut CollectorBuilder {
        shared: &shared,
        want_file,
        want_dirs,
    });
    shared
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Makes one [`Collector`] per walker thread.
struct CollectorBuilder<'s> {
    shared: &'s Mutex<Walked>,
    want_file: fn(&Path) -> bool,
    want_dirs: bool,
}

impl<'s> ParallelVisitorBuilder<'s> for CollectorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Collector {
            shared: self.shared,
            local: Walked::default(),
            want_file: self.want_file,
            want_dirs: self.want_dirs,
        })
    }
}

/// Collects one thread's finds locally and hands them over when the thread
/// is done, so threads do not contend on a lock per entry.
struct Collector<'s> {
    shared: &'s Mutex<Walked>,
    local: Walked,
    want_file: fn(&Path) -> bool,
    want_dirs: bool,
}

impl ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                if let Some(problem) = unreadable_path(err) {
                    self.local.errors.push(problem);
                }
                return WalkState::Continue;
            }
        };
        let Some(kind) = entry.file_type() else {
            return WalkState::Continue;
        };
        let path = entry.path();
        let keep_file = || {
            (self.want_file)(path)
                && (kind.is_file()
                    || (kind.is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_file())))
        };
        if kind.is_dir() {
            if self.want_dirs && entry.depth() > 0 {
                self.local.found.push(Found {
                    path: entry.into_path(),
                    is_dir: true,
                });
            }
        } else if keep_file() {
            self.local.found.push(Found {
                path: entry.into_path(),
                is_dir: false,
            });
        }
        // Anything else (FIFO, socket, device, a link to a folder or to
        // nothing) is skipped: only regular files are read.
        WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut shared = self
            .shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        shared.found.append(&mut self.local.found);
        shared.errors.append(&mut self.local.errors);
    }
}

/// The folder (or root) that could not be read, with the system's reason.
/// Problems in ignore files themselves (a bad glob in a `.gitignore`) are
/// not the pages' problem and are dropped, as ripgrep does without
/// `--debug`.
fn unreadable_path(err: ignore::Error) -> Option<(PathBuf, io::Error)> {
    let mut path = None;
    let mut err = err;
    loop {
        err = match err {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert(p);
                *err
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                *err
            }
            ignore::Error::Io(io) => return path.map(|p| (p, io)),
            _ => return None,
        };
    }
}

/// The order files are linted (and `--diff` printed) in: component by
/// component, and within a folder its files before its subfolders, as
/// `ls -R` lists them.
pub(super) fn walk_order(a: &Path, b: &Path) -> Ordering {
    let (a, b): (Vec<_>, Vec<_>) = (a.components().collect(), b.components().collect());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if x != y {
            let (a_file, b_file) = (i + 1 == a.len(), i + 1 == b.len());
            return b_file.cmp(&a_file).then_with(|| x.cmp(y));
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_before_subfolders() {
        let mut paths: Vec<PathBuf> = ["d/sub/a.html", "d/z.html", "d/a.html", "d/b/c.html"]
            .iter()
            .map(PathBuf::from)
            .collect();
        paths.sort_by(|a, b| walk_order(a, b));
        assert_eq!(
            paths,
            ["d/a.html", "d/z.html", "d/b/c.html", "d/sub/a.html"]
                .iter()
                .map(PathBuf::from)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn normal_paths_drop_dots() {
        assert_eq!(
            lexically_normal(Path::new("/w/./site/../x/a.html")),
            Path::new("/w/x/a.html")
        );
    }
}
