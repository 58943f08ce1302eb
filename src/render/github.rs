//! GitHub Actions workflow commands, one per line, which the runner turns into
//! annotations on the pull request:
//!
//! ```text
//! ::warning file=news/a.html,line=3,col=12,endLine=3,endColumn=19,title=repeated-word::Word `the` is printed twice
//! ```
//!
//! `error` findings become `::error`, `warning` `::warning` and `info`
//! `::notice`. Columns count characters and `endColumn` is exclusive (as in
//! the JSON output and ruff's GitHub format). GitHub only honours columns when
//! an annotation starts and ends on the same line, so for multi-line spans
//! `col` and `endColumn` are left out. Files that could not be read become
//! `::error file=PATH::message`.

use super::{
    FileFailure, FileResult, Renderer, Report, slash_path, sorted_diagnostics, sorted_failure_list,
};
use crate::diagnostic::Severity;
use std::io::Write;

/// Writes one workflow command per diagnostic, then one per failure.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    super::render_with(&mut Github, report, out)
}

/// The GitHub renderer: one line per diagnostic as each file comes.
pub struct Github;

impl Renderer for Github {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()> {
        let source = &file.source;
        let path = escape_property(&slash_path(&source.path));
        for diagnostic in sorted_diagnostics(file) {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let start = source.line_column(diagnostic.range.start);
            let end = source.line_column(diagnostic.range.end);
            let position = if start.line == end.line {
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    start.line, start.column, end.line, end.column
                )
            } else {
                format!("line={},endLine={}", start.line, end.line)
            };
            writeln!(
                out,
                "::{command} file={path},{position},title={}::{}",
                escape_property(diagnostic.rule),
                escape_data(&diagnostic.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        for failure in sorted_failure_list(failures) {
            let path = escape_property(&slash_path(std::path::Path::new(&failure.path)));
            writeln!(
                out,
                "::error file={path}::{}",
                escape_data(&failure.message)
            )?;
        }
        Ok(())
    }
}

/// Escapes a command's message: `%`, CR and LF would otherwise end or corrupt
/// the command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` are separators too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::render::test_support::{cafe_report, find};
    use crate::render::{FileFailure, FileResult};
    use crate::source::{SourceFile, TextRange};
    use std::sync::Arc;

    fn rendered(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("output is UTF-8")
    }

    #[test]
    fn data_escapes_percent_first_and_line_breaks() {
        assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
        // `%0A` typed literally must survive as text, not become a newline.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%d\n"), "a%3Ab%2Cc%25d%0A");
    }

    #[test]
    fn single_line_span_gives_character_columns_with_exclusive_end() {
        let out = rendered(&cafe_report());
        assert_eq!(
            out,
            "::warning file=articles/café.html,line=2,col=9,endLine=2,endColumn=16,\
             title=repeated-word::Word `the` is printed twice\n"
        );
    }

    #[test]
    fn multi_line_span_omits_columns_and_severities_map_to_commands() {
        let source = SourceFile::from_text("x,y:z.html", "<p>one\ntwo</p>\n<p>3</p>");
        let span = TextRange::new(3, find(&source, "two", 0).end);
        let three = find(&source, "3", 0);
        let report = Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics: vec![
                    Diagnostic::new("r-info", Severity::Info, three, "50% done\nreally"),
                    Diagnostic::new("r-error", Severity::Error, span, "spans lines"),
                ],
                page: None,
            }],
            failures: vec![FileFailure {
                path: "bad.html".into(),
                message: "not an HTML file".into(),
            }],
            rules: vec![],
        };
        let out = rendered(&report);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=x%2Cy%3Az.html,line=1,endLine=2,title=r-error::spans lines",
                "::notice file=x%2Cy%3Az.html,line=3,col=4,endLine=3,endColumn=5,\
                 title=r-info::50%25 done%0Areally",
                "::error file=bad.html::not an HTML file",
            ]
        );
    }
}
