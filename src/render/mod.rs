//! Renderers: one module per output format, all fed the same [`Report`].
//!
//! - [`human`]: `path:line:col: severity[rule]: message` with rustc-style
//!   source excerpts, for people at a terminal.
//! - [`json`]: a flat JSON array, for scripts.
//! - [`sarif`]: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//! - [`github`]: GitHub Actions workflow commands, for inline annotations.
//! - [`checkstyle`], [`junit`]: XML for CI systems that read those.
//! - [`html_report`]: one self-contained page for copy editors.
//!
//! Every format is a [`Renderer`] fed one file at a time, in output order,
//! then closed with the failures: a run writes each file's results as soon
//! as its turn comes and drops the page (see `commands::stream`). Formats
//! whose document needs the whole run before it can be written (SARIF, the
//! JUnit totals) keep only small owned records per file, never the page.
//! [`render`] drives a renderer over a whole [`Report`] (tests, libraries).
//!
//! Renderers never look rules up in the registry: what they say about rules
//! (SARIF's rule descriptors, the summaries beside `--statistics`) comes from
//! [`Report::rules`], which the command fills. That keeps the layers pointing
//! one way (rules -> diagnostics -> render -> commands) and lets tests render
//! with rules of their own.
//!
//! Every renderer goes through [`sorted_files`], [`sorted_diagnostics`] and
//! [`sorted_failures`], so output is in path order and then position order
//! whatever order the caller assembled the report in (files are linted in
//! parallel; relying on the caller to sort would make output flaky).

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::RuleMeta;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path};
use std::sync::Arc;

pub mod checkstyle;
pub mod github;
pub mod html_report;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
mod xml;

/// The diagnostics of one linted file, sorted by position.
#[derive(Debug)]
pub struct FileResult {
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// The article text and where each finding sits in it, for the HTML
    /// report; built only when that format is chosen (other formats pay
    /// nothing), while the parsed page is still at hand.
    pub page: Option<Box<html_report::PageText>>,
}

impl FileResult {
    /// A result without page text (every format but HTML).
    pub fn new(source: Arc<SourceFile>, diagnostics: Vec<Diagnostic>) -> FileResult {
        FileResult {
            source,
            diagnostics,
            page: None,
        }
    }
}

/// A renderer fed one file at a time. `file` is called once per file, in
/// output order (path order: see [`sorted_files`]); `finish` once at the end
/// with the files that could not be linted. A renderer must not keep the
/// [`FileResult`] (its page source is dropped after the call): what it needs
/// at the end it copies into small records of its own.
pub trait Renderer {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()>;
    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()>;
}

/// The renderer for `format`. `rules` is the rule metadata the run knew
/// (see [`Report::rules`]).
pub fn renderer(
    format: OutputFormat,
    options: &RenderOptions,
    rules: Vec<&'static RuleMeta>,
) -> Box<dyn Renderer> {
    match format {
        OutputFormat::Human => Box::new(human::Human::new(options, rules)),
        OutputFormat::Json => Box::new(json::Json::default()),
        OutputFormat::Sarif => Box::new(sarif::Sarif::new(rules)),
        OutputFormat::Github => Box::new(github::Github),
        OutputFormat::Checkstyle => Box::new(checkstyle::Checkstyle::default()),
        OutputFormat::Junit => Box::new(junit::Junit::default()),
        OutputFormat::Html => Box::new(html_report::HtmlReport::new(rules)),
    }
}

/// Feeds a whole report to a renderer, files in path order.
pub fn render_with(
    renderer: &mut dyn Renderer,
    report: &Report,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for file in sorted_files(report) {
        renderer.file(file, out)?;
    }
    renderer.finish(&report.failures, out)
}

/// Diagnostics per rule, counted as files go by (for `--statistics` and the
/// report's summary).
#[derive(Debug, Default, Clone)]
pub struct RuleCounts(HashMap<&'static str, usize>);

impl RuleCounts {
    pub fn add(&mut self, rule: &'static str) {
        *self.0.entry(rule).or_default() += 1;
    }

    /// Most frequent first, ties by id (so tables are deterministic).
    pub fn sorted(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<_> = self.0.iter().map(|(id, n)| (*id, *n)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }
}

/// A file that could not be linted, with the reason.
#[derive(Debug, Clone)]
pub struct FileFailure {
    pub path: String,
    pub message: String,
}

/// Everything one run found, ordered by path.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileResult>,
    pub failures: Vec<FileFailure>,
    /// The rules the run knew, in registry order, whether or not they were
    /// enabled: SARIF lists them all as rule descriptors (and its `ruleIndex`
    /// points into this list), `--statistics` prints their summaries. A rule
    /// missing here is still rendered, only without its metadata.
    pub rules: Vec<&'static RuleMeta>,
}

impl Report {
    /// The metadata of rule `id`, if the report carries it.
    pub fn rule(&self, id: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|meta| meta.id == id)
    }

    /// Total number of diagnostics over all files.
    pub fn diagnostic_count(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }
}

/// The output format chosen with `--output-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Messages with source excerpts, for reading at a terminal.
    Human,
    /// A JSON array of diagnostics, for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
    /// Checkstyle XML, for CI systems and editors that read it.
    Checkstyle,
    /// JUnit XML: one test suite per file, a failed test case per finding.
    Junit,
    /// One self-contained HTML page for copy editors: each article's text
    /// with the findings highlighted in place, and a summary.
    Html,
}

/// Presentation switches; only the human format looks at them (machine
/// formats must not change shape with terminal settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Print a table of counts per rule before the summary.
    pub show_statistics: bool,
    /// Print only the one-line diagnostics and failures: no excerpts, no
    /// statistics (even if asked for), no summary.
    pub quiet: bool,
}

/// Writes `report` to `out` in `format`.
pub fn render(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    render_with(
        renderer(format, options, report.rules.clone()).as_mut(),
        report,
        out,
    )
}

/// How many diagnostics each rule produced, most frequent first, ties by id
/// (so the table is deterministic).
pub fn statistics(report: &Report) -> Vec<(&'static str, usize)> {
    let mut counts = RuleCounts::default();
    for file in &report.files {
        for diagnostic in &file.diagnostics {
            counts.add(diagnostic.rule);
        }
    }
    counts.sorted()
}

/// Files in path order (stable: equal paths keep the caller's order).
pub fn sorted_files(report: &Report) -> Vec<&FileResult> {
    let mut files: Vec<&FileResult> = report.files.iter().collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    files
}

/// A file's diagnostics in position order (start, then end; stable, so rules
/// flagging the same span keep the order they were run in).
pub fn sorted_diagnostics(file: &FileResult) -> Vec<&Diagnostic> {
    let mut diagnostics: Vec<&Diagnostic> = file.diagnostics.iter().collect();
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
    diagnostics
}

/// Failures in path order.
pub fn sorted_failures(report: &Report) -> Vec<&FileFailure> {
    sorted_failure_list(&report.failures)
}

/// Failures in path order.
pub fn sorted_failure_list(failures: &[FileFailure]) -> Vec<&FileFailure> {
    let mut failures: Vec<&FileFailure> = failures.iter().collect();
    failures.sort_by(|a, b| Path::new(&a.path).cmp(Path::new(&b.path)));
    failures
}

/// The path with `/` separators and without leading `./`, as GitHub expects
/// paths relative to the repository root. Built from path components so a
/// Windows `a\b.html` becomes `a/b.html` while a Unix file name that happens
/// to contain a backslash keeps it.
pub fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(prefix) => {
                out.push_str(&prefix.as_os_str().to_string_lossy());
                continue;
            }
            Component::ParentDir => out.push_str(".."),
            Component::Normal(name) => out.push_str(&name.to_string_lossy()),
        }
        out.push('/');
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    if out.is_empty() {
        // A path of only `.` components: keep something the reader recognises.
        out.push('.');
    }
    out
}

/// SARIF's name for a severity (`info` is `note` there).
pub fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Longest excerpt of flagged or replacement text quoted in a fix description.
const FIX_QUOTE_CHARS: usize = 40;

/// A one-line description of a fix, e.g. ``replace `the the` with `the` ``,
/// shared by the human renderer and SARIF's fix description.
pub fn describe_fix(source: &SourceFile, fix: &Fix) -> String {
    let parts: Vec<String> = fix
        .edits
        .iter()
        .map(|edit| {
            let start = source.floor_char_boundary(edit.range.start);
            let end = source.floor_char_boundary(edit.range.end).max(start);
            let old = quote(&source.text[start..end]);
            let new = quote(&edit.replacement);
            match (start == end, edit.replacement.is_empty()) {
                (true, _) => format!("insert {new}"),
                (false, true) => format!("delete {old}"),
                (false, false) => format!("replace {old} with {new}"),
            }
        })
        .collect();
    if parts.is_empty() {
        "no change".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Backtick-quotes text, shortened in the middle when long so a fix that
/// rewrites a whole paragraph still fits on a line.
fn quote(text: &str) -> String {
    let count = text.chars().count();
    if count <= FIX_QUOTE_CHARS {
        return format!("`{text}`");
    }
    let half = FIX_QUOTE_CHARS / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = text.chars().skip(count - half).collect();
    format!("`{head}…{tail}`")
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builders shared by the renderers' tests.

    use super::*;
    use crate::diagnostic::{Diagnostic, Fix, Severity};
    use crate::source::TextRange;

    /// The byte range of the `nth` (0-based) occurrence of `needle` in `source`.
    pub fn find(source: &SourceFile, needle: &str, nth: usize) -> TextRange {
        let start = source
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in test source"));
        TextRange::new(start, start + needle.len())
    }

    /// `<p>Café the the end</p>`: a multi-byte character before the span, a
    /// related location, help and a safe fix.
    pub fn cafe_report() -> Report {
        let source = SourceFile::from_text(
            "articles/café.html",
            "<html>\n<p>Caf\u{e9} the the end</p>\n</html>\n",
        );
        let the_the = find(&source, "the the", 0);
        let first = find(&source, "the", 0);
        let second = find(&source, "the", 1);
        let diagnostic = Diagnostic::new(
            "repeated-word",
            Severity::Warning,
            the_the,
            "Word `the` is printed twice",
        )
        .with_selector("html > body > p")
        .with_related(first, "first printed here")
        .with_emphasis(second)
        .with_help("Delete the second `the`")
        .with_fix(Fix::safe(the_the, "the"));
        Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics: vec![diagnostic],
                page: None,
            }],
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::source::TextRange;

    fn diag(rule: &'static str, start: usize) -> Diagnostic {
        Diagnostic::new(
            rule,
            Severity::Warning,
            TextRange::new(start, start + 1),
            "m",
        )
    }

    #[test]
    fn statistics_sort_by_count_then_id() {
        let report = Report {
            files: vec![
                FileResult {
                    source: Arc::new(SourceFile::from_text("b.html", "<p>abcdef</p>")),
                    diagnostics: vec![diag("zeta", 3), diag("alpha", 4), diag("mid", 5)],
                    page: None,
                },
                FileResult {
                    source: Arc::new(SourceFile::from_text("a.html", "<p>abcdef</p>")),
                    diagnostics: vec![diag("mid", 3), diag("zeta", 4)],
                    page: None,
                },
            ],
            ..Report::default()
        };
        assert_eq!(
            statistics(&report),
            vec![("mid", 2), ("zeta", 2), ("alpha", 1)]
        );
    }

    #[test]
    fn sorting_is_by_path_then_position_and_stable() {
        let report = Report {
            files: vec![
                FileResult {
                    source: Arc::new(SourceFile::from_text("b.html", "<p>abcdef</p>")),
                    diagnostics: vec![diag("late", 6), diag("first", 3), diag("second", 3)],
                    page: None,
                },
                FileResult {
                    source: Arc::new(SourceFile::from_text("a.html", "<p>abcdef</p>")),
                    diagnostics: vec![],
                    page: None,
                },
            ],
            ..Report::default()
        };
        let files = sorted_files(&report);
        assert_eq!(files[0].source.display_path(), "a.html");
        let rules: Vec<_> = sorted_diagnostics(files[1])
            .iter()
            .map(|d| d.rule)
            .collect();
        assert_eq!(rules, ["first", "second", "late"]);
    }

    #[test]
    fn slash_path_normalises_separators_and_dot_prefix() {
        assert_eq!(slash_path(Path::new("./news/a.html")), "news/a.html");
        assert_eq!(slash_path(Path::new("/srv/a.html")), "/srv/a.html");
        assert_eq!(slash_path(Path::new("../x/a.html")), "../x/a.html");
        assert_eq!(slash_path(Path::new(".")), ".");
    }

    #[test]
    fn fix_descriptions_name_the_edit_kind() {
        let source = SourceFile::from_text("a.html", "<p>the the end</p>");
        let the_the = find(&source, "the the", 0);
        assert_eq!(
            describe_fix(&source, &Fix::safe(the_the, "the")),
            "replace `the the` with `the`"
        );
        assert_eq!(
            describe_fix(&source, &Fix::safe(the_the, "")),
            "delete `the the`"
        );
        assert_eq!(
            describe_fix(&source, &Fix::safe(TextRange::empty(3), "A ")),
            "insert `A `"
        );
        let long = "x".repeat(100);
        assert_eq!(
            quote(&long),
            format!("`{}…{}`", "x".repeat(20), "x".repeat(20))
        );
    }
}
