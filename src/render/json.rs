//! JSON output: one pretty-printed array with an object per diagnostic, in
//! path order, then position order. Files that could not be read are not in
//! the array (they are reported on standard error).
//!
//! Fields of each object:
//!
//! | field | meaning |
//! | --- | --- |
//! | `path` | the file, as named on the command line |
//! | `rule` | the rule id, e.g. `repeated-word` |
//! | `severity` | `error`, `warning` or `info` |
//! | `message` | what is wrong |
//! | `line`, `column` | 1-based start; the column counts characters |
//! | `end_line`, `end_column` | 1-based end, exclusive (the character after the span) |
//! | `byte_start`, `byte_end` | the span as byte offsets into the file **as stored** (after a BOM, in the file's own encoding), so they can be used to patch the file directly |
//! | `selector` | CSS-like path of the element holding the text, or `null` |
//! | `related` | other places involved: `[{path, line, column, end_line, end_column, message}]` |
//! | `help` | how to fix it, or `null` |
//! | `fix` | `null`, or `{replacement, byte_start, byte_end, safe, edits}`: `edits` is every `{replacement, byte_start, byte_end}` of the fix (stored byte offsets); the top-level `replacement`, `byte_start` and `byte_end` repeat the first edit for the common one-edit case; `safe` is whether `--fix` applies it |

use super::{FileFailure, FileResult, Renderer, Report, sorted_diagnostics};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, TextRange};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    selector: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    byte_start: usize,
    byte_end: usize,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    replacement: &'a str,
    byte_start: usize,
    byte_end: usize,
}

/// Writes the array, followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    super::render_with(&mut Json::default(), report, out)
}

/// The JSON renderer, written item by item as files come: the bytes are
/// those `serde_json::to_writer_pretty` writes for the whole array (an
/// item's pretty form indented one level; JSON strings hold no raw line
/// breaks, so indenting after each `\n` is exact).
#[derive(Debug, Default)]
pub struct Json {
    /// Whether the array's `[` and a first item were written.
    started: bool,
}

impl Renderer for Json {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()> {
        for diagnostic in sorted_diagnostics(file) {
            let item = serde_json::to_string_pretty(&convert(&file.source, diagnostic))?;
            out.write_all(if self.started { b",\n  " } else { b"[\n  " })?;
            self.started = true;
            out.write_all(item.replace('\n', "\n  ").as_bytes())?;
        }
        Ok(())
    }

    fn finish(&mut self, _failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })
    }
}

fn convert<'a>(source: &SourceFile, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let path = source.display_path();
    let (line, column, end_line, end_column) = positions(source, diagnostic.range);
    let (byte_start, byte_end) = source.stored_range(diagnostic.range);
    let related = diagnostic
        .related
        .iter()
        .map(|related| {
            let (line, column, end_line, end_column) = positions(source, related.range);
            JsonRelated {
                path: path.clone(),
                line,
                column,
                end_line,
                end_column,
                message: &related.message,
            }
        })
        .collect();
    let fix = diagnostic.fix.as_ref().and_then(|fix| {
        let edits: Vec<JsonEdit> = fix
            .edits
            .iter()
            .map(|edit| {
                let (byte_start, byte_end) = source.stored_range(edit.range);
                JsonEdit {
                    replacement: &edit.replacement,
                    byte_start,
                    byte_end,
                }
            })
            .collect();
        // A fix without edits changes nothing: report it as no fix.
        let first = edits.first()?;
        Some(JsonFix {
            replacement: first.replacement,
            byte_start: first.byte_start,
            byte_end: first.byte_end,
            safe: fix.is_safe(),
            edits,
        })
    });
    JsonDiagnostic {
        path,
        rule: diagnostic.rule,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        line,
        column,
        end_line,
        end_column,
        byte_start,
        byte_end,
        selector: diagnostic.selector.as_deref(),
        related,
        help: diagnostic.help.as_deref(),
        fix,
    }
}

/// 1-based (line, column, end line, end column), columns in characters.
fn positions(source: &SourceFile, range: TextRange) -> (usize, usize, usize, usize) {
    let start = source.line_column(range.start);
    let end = source.line_column(range.end);
    (start.line, start.column, end.line, end.column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;
    use crate::render::FileResult;
    use crate::render::test_support::{cafe_report, find};
    use std::sync::Arc;

    fn rendered(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("output is UTF-8")
    }

    #[test]
    fn empty_report_is_an_empty_array() {
        assert_eq!(rendered(&Report::default()), "[]\n");
    }

    #[test]
    fn diagnostic_with_related_help_and_fix() {
        insta::assert_snapshot!(rendered(&cafe_report()));
    }

    #[test]
    fn byte_offsets_are_offsets_in_the_stored_file() {
        // windows-1252: `é` and the curly quotes are one byte each as stored,
        // but two or three bytes in the decoded UTF-8 text.
        let mut bytes = b"<meta charset=\"windows-1252\"><p>caf\xe9 \x93ok ok\x94</p>".to_vec();
        let source = SourceFile::from_bytes("cp1252.html".into(), bytes.clone())
            .expect("valid windows-1252 HTML");
        let ok_ok = find(&source, "ok ok", 0);
        let diagnostic = Diagnostic::new("repeated-word", Severity::Warning, ok_ok, "twice")
            .with_fix(Fix::safe(ok_ok, "ok"));
        let report = Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics: vec![diagnostic],
                page: None,
            }],
            ..Report::default()
        };
        let value: serde_json::Value =
            serde_json::from_str(&rendered(&report)).expect("output is JSON");
        let item = &value[0];
        let start = item["byte_start"].as_u64().expect("number") as usize;
        let end = item["byte_end"].as_u64().expect("number") as usize;
        assert_eq!(&bytes[start..end], b"ok ok");
        assert!(
            ok_ok.start > start,
            "decoded offsets differ from stored ones"
        );
        // Columns still count characters of the decoded text.
        assert_eq!(item["column"], 39);
        assert_eq!(item["fix"]["byte_start"], start);
        assert_eq!(item["fix"]["edits"][0]["byte_end"], end);
        // Patching the stored bytes with the fix yields the intended text.
        bytes.splice(start..end, b"ok".iter().copied());
        assert!(bytes.ends_with(b"\x93ok\x94</p>"));
    }

    #[test]
    fn every_documented_field_is_present() {
        let out = rendered(&cafe_report());
        let value: serde_json::Value = serde_json::from_str(&out).expect("output is JSON");
        let keys: Vec<&str> = value[0]
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = [
            "path",
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "byte_start",
            "byte_end",
            "selector",
            "related",
            "help",
            "fix",
        ];
        // serde_json's map is sorted unless preserve_order is on; compare as sets.
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected);
        // The order fields are written in is pinned by the snapshot.
    }
}
