//! SARIF 2.1.0 output, as GitHub code scanning accepts it
//! (`github/codeql-action/upload-sarif`).
//!
//! One run whose `tool.driver.rules` lists every rule of [`Report::rules`]
//! (the command passes the whole registry, so a viewer can show the
//! documentation of rules that found nothing, and `ruleIndex` is stable
//! across runs). The log is built from the serde structs of [`schema`].
//! Points worth knowing:
//!
//! - Columns are UTF-16 code units, SARIF's default `columnKind` (stated
//!   explicitly on the run), not the characters the other formats count: an
//!   emoji is one character but two columns here.
//! - `byteOffset`/`byteLength` are in the file as stored, like the JSON
//!   output's byte offsets.
//! - `artifactLocation.uri` is the path as given, with `/` separators and
//!   percent-encoded; absolute paths become `file://` URIs.
//! - `partialFingerprints["copydesk/v1"]` identifies a finding across commits
//!   even when lines move (see [`fingerprint`]).
//! - Files that could not be read are `toolExecutionNotifications` of the
//!   invocation, not results.

mod fingerprint;
mod schema;

use super::{
    FileFailure, FileResult, Renderer, Report, describe_fix, sarif_level, slash_path,
    sorted_diagnostics, sorted_failure_list,
};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleMeta;
use crate::source::{SourceFile, TextRange};
use fingerprint::{FINGERPRINT_KEY, fingerprint};
use schema::{
    ArtifactChange, ArtifactLocation, Driver, Fix, Invocation, Location, Log, MultiformatMessage,
    Notification, PhysicalLocation, Region, RelatedLocation, Replacement, ReportingConfiguration,
    ReportingDescriptor, Run, SarifResult, Text,
};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What the log says about the tool itself; a parameter so tests do not
/// depend on the crate's version.
struct ToolInfo<'a> {
    version: &'a str,
    information_uri: &'a str,
}

/// Writes the SARIF log, pretty-printed, followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    super::render_with(&mut Sarif::new(report.rules.clone()), report, out)
}

/// The SARIF renderer. The log lists the unreadable files before the
/// results, so nothing can be written before the run ends: each file's
/// results are kept as owned records (small: no page text but the flagged
/// words) and the log is written by `finish`.
pub struct Sarif {
    rules: Vec<&'static RuleMeta>,
    rule_index: HashMap<&'static str, usize>,
    results: Vec<SarifResult<'static>>,
}

impl Sarif {
    pub fn new(rules: Vec<&'static RuleMeta>) -> Sarif {
        let rule_index = rules
            .iter()
            .enumerate()
            .map(|(index, meta)| (meta.id, index))
            .collect();
        Sarif {
            rules,
            rule_index,
            results: Vec::new(),
        }
    }
}

impl Renderer for Sarif {
    fn file(&mut self, file: &FileResult, _out: &mut dyn Write) -> std::io::Result<()> {
        self.results.extend(file_results(file, &self.rule_index));
        Ok(())
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        let tool = ToolInfo {
            version: env!("CARGO_PKG_VERSION"),
            information_uri: information_uri(),
        };
        let results = std::mem::take(&mut self.results);
        serde_json::to_writer_pretty(&mut *out, &sarif_log(&self.rules, results, failures, &tool))?;
        writeln!(out)
    }
}

/// The crate's homepage or repository from `Cargo.toml`; empty (and then left
/// out of the log) while neither is set.
fn information_uri() -> &'static str {
    match env!("CARGO_PKG_HOMEPAGE") {
        "" => env!("CARGO_PKG_REPOSITORY"),
        homepage => homepage,
    }
}

/// The results of one file, in position order.
fn file_results(
    file: &FileResult,
    rule_index: &HashMap<&'static str, usize>,
) -> Vec<SarifResult<'static>> {
    let source = &file.source;
    let uri = artifact_uri(&source.path);
    // Occurrences of the same rule and flagged text so far in this file.
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut results = Vec::new();
    for diagnostic in sorted_diagnostics(file) {
        let occurrence = seen
            .entry((diagnostic.rule, flagged_text(source, diagnostic.range)))
            .or_default();
        results.push(result(
            source,
            &uri,
            diagnostic,
            rule_index.get(diagnostic.rule).copied(),
            *occurrence,
        ));
        *occurrence += 1;
    }
    results
}

fn sarif_log<'a>(
    rules: &'a [&'static RuleMeta],
    results: Vec<SarifResult<'a>>,
    failures: &'a [FileFailure],
    tool: &ToolInfo<'a>,
) -> Log<'a> {
    let notifications = sorted_failure_list(failures)
        .into_iter()
        .map(|failure| Notification {
            level: "error",
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: artifact_uri(Path::new(&failure.path)),
                    },
                    region: None,
                },
            }],
            message: Text::new(failure.message.as_str()),
        })
        .collect();

    Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "utf16CodeUnits",
            invocations: [Invocation {
                // The run itself completed; unreadable files are reported
                // as notifications rather than as a failed execution.
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            results,
            tool: schema::Tool {
                driver: Driver {
                    information_uri: tool.information_uri,
                    name: "copydesk",
                    rules: rules.iter().map(|meta| rule_descriptor(meta)).collect(),
                    version: tool.version,
                },
            },
        }],
        version: "2.1.0",
    }
}

fn rule_descriptor(meta: &RuleMeta) -> ReportingDescriptor<'_> {
    let doc = meta.doc();
    let full = first_paragraph(&doc).map_or(Text::new(meta.summary), Text::new);
    let help = if doc.trim().is_empty() {
        meta.summary.to_owned()
    } else {
        doc
    };
    ReportingDescriptor {
        default_configuration: ReportingConfiguration {
            enabled: meta.enabled_by_default,
            level: sarif_level(meta.default_severity),
        },
        full_description: full,
        // The docs are Markdown; GitHub renders `markdown` when present.
        help: MultiformatMessage {
            markdown: help.clone(),
            text: help,
        },
        id: meta.id,
        name: meta.id,
        short_description: Text::new(meta.summary),
    }
}

/// The first paragraph of Markdown text that is not a heading, on one line.
fn first_paragraph(doc: &str) -> Option<String> {
    let paragraph: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty() || line.starts_with('#'))
        .take_while(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

fn result(
    source: &SourceFile,
    uri: &str,
    diagnostic: &Diagnostic,
    rule_index: Option<usize>,
    occurrence: usize,
) -> SarifResult<'static> {
    let flagged = flagged_text(source, diagnostic.range);
    let related_locations = diagnostic
        .related
        .iter()
        .enumerate()
        .map(|(id, related)| RelatedLocation {
            id,
            message: Text::new(related.message.clone()),
            physical_location: physical_location(source, uri, related.range),
        })
        .collect();
    let fixes = diagnostic
        .fix
        .iter()
        .filter(|fix| !fix.edits.is_empty())
        .map(|fix| {
            let safety = if fix.is_safe() { "safe" } else { "unsafe" };
            let replacements = fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: region(source, edit.range),
                    inserted_content: Text::new(edit.replacement.clone()),
                })
                .collect();
            Fix {
                artifact_changes: [ArtifactChange {
                    artifact_location: ArtifactLocation {
                        uri: uri.to_owned(),
                    },
                    replacements,
                }],
                description: Text::new(format!("{} ({safety})", describe_fix(source, fix))),
            }
        })
        .collect();
    SarifResult {
        fixes,
        level: sarif_level(diagnostic.severity),
        locations: [Location {
            physical_location: physical_location(source, uri, diagnostic.range),
        }],
        message: Text::new(diagnostic.message.clone()),
        partial_fingerprints: BTreeMap::from([(
            FINGERPRINT_KEY,
            fingerprint(diagnostic.rule, uri, flagged, occurrence),
        )]),
        related_locations,
        rule_id: diagnostic.rule,
        // A diagnostic of a rule the report does not describe has no index.
        rule_index,
    }
}

fn physical_location(source: &SourceFile, uri: &str, range: TextRange) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri.to_owned(),
        },
        region: Some(region(source, range)),
    }
}

/// Lines and UTF-16 columns of the decoded text (end column exclusive, as
/// SARIF defines it), plus the same span in bytes of the stored file.
fn region(source: &SourceFile, range: TextRange) -> Region {
    let start = source.line_column_utf16(range.start);
    let end = source.line_column_utf16(range.end);
    let (byte_start, byte_end) = source.stored_range(range);
    Region {
        byte_length: byte_end.saturating_sub(byte_start),
        byte_offset: byte_start,
        end_column: end.column,
        end_line: end.line,
        start_column: start.column,
        start_line: start.line,
    }
}

/// The flagged text, tolerating ranges that do not fall on char boundaries.
fn flagged_text(source: &SourceFile, range: TextRange) -> &str {
    let start = source.floor_char_boundary(range.start);
    let end = source.floor_char_boundary(range.end).max(start);
    &source.text[start..end]
}

/// A path as a URI reference: relative paths stay relative (GitHub resolves
/// them against the repository root), absolute ones become `file://` URIs.
/// Everything but unreserved characters and `/` is percent-encoded, which
/// also keeps a `:` in a file name from being read as a URI scheme.
fn artifact_uri(path: &Path) -> String {
    let absolute = path.is_absolute();
    let path = slash_path(path);
    let bytes = path.as_bytes();
    let has_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if absolute && has_drive {
        // `C:/x` → `file:///C:/x`: the drive's colon must stay literal.
        format!("file:///{}{}", &path[..2], percent_encode(&path[2..]))
    } else if absolute {
        format!("file://{}", percent_encode(&path))
    } else {
        percent_encode(&path)
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::render::test_support::{cafe_report, find};
    use crate::render::{FileFailure, FileResult, sorted_files};
    use serde_json::Value;
    use std::sync::Arc;

    static REPEATED_WORD: RuleMeta = RuleMeta {
        id: "repeated-word",
        default_severity: Severity::Warning,
        enabled_by_default: true,
        summary: "A word printed twice in a row",
        source: "//! # repeated-word\n//!\n//! ## What it does\n//!\n//! Finds a word printed\n//! twice in a row.\n",
        fix: crate::rules::FixAvailability::None,
        options: crate::rules::OptionsSchema::NONE,
    };
    static MISSING_CREDIT: RuleMeta = RuleMeta {
        id: "missing-credit",
        default_severity: Severity::Info,
        enabled_by_default: false,
        summary: "A photo without a credit line",
        source: "",
        fix: crate::rules::FixAvailability::None,
        options: crate::rules::OptionsSchema::NONE,
    };

    const TEST_TOOL: ToolInfo<'static> = ToolInfo {
        version: "0.0.0-test",
        information_uri: "https://example.invalid/copydesk",
    };

    /// `report` with the two test rules, as a command fills the registry in.
    fn with_test_rules(mut report: Report) -> Report {
        report.rules = vec![&MISSING_CREDIT, &REPEATED_WORD];
        report
    }

    fn log(report: &Report) -> Log<'_> {
        let mut sarif = Sarif::new(report.rules.clone());
        for file in sorted_files(report) {
            sarif.results.extend(file_results(file, &sarif.rule_index));
        }
        sarif_log(&report.rules, sarif.results, &report.failures, &TEST_TOOL)
    }

    /// What `render` writes, less the final newline.
    fn pretty(log: &Log) -> String {
        serde_json::to_string_pretty(log).expect("the log serialises")
    }

    /// The log as a tree, for tests that look at one property.
    fn value(report: &Report) -> Value {
        serde_json::to_value(log(report)).expect("the log serialises")
    }

    /// The café report with a failure: every optional property is present.
    fn full_report() -> Report {
        let mut report = with_test_rules(cafe_report());
        report.failures.push(FileFailure {
            path: "broken.html".into(),
            message: "not a text file (it contains NUL bytes)".into(),
        });
        report
    }

    #[test]
    fn diagnostic_with_related_help_and_fix() {
        let report = full_report();
        insta::assert_snapshot!(pretty(&log(&report)));
    }

    #[test]
    fn properties_are_written_in_sorted_order() {
        // The output used to be a `Value` tree, which sorts keys; the structs
        // must declare their fields in that order to write the same bytes.
        assert_eq!(
            serde_json::json!({"b": 0, "a": 0}).to_string(),
            r#"{"a":0,"b":0}"#,
            "serde_json's preserve_order is on: this test needs sorted maps"
        );
        let report = full_report();
        let direct = pretty(&log(&report));
        for property in [
            "informationUri",
            "toolExecutionNotifications",
            "fixes",
            "relatedLocations",
            "ruleIndex",
        ] {
            assert!(direct.contains(&format!("\"{property}\"")), "{property}");
        }
        let sorted = serde_json::to_string_pretty(&value(&report)).expect("a Value serialises");
        assert_eq!(direct, sorted);
    }

    #[test]
    fn columns_are_utf16_code_units() {
        let source = SourceFile::from_text("emoji.html", "<p>😀 the the</p>");
        let span = find(&source, "the the", 0);
        let report = Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics: vec![Diagnostic::new(
                    "repeated-word",
                    Severity::Warning,
                    span,
                    "twice",
                )],
                page: None,
            }],
            ..with_test_rules(Report::default())
        };
        let log = value(&report);
        let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        // `<p>` is 3 units, the emoji a surrogate pair (2), the space 1.
        assert_eq!(region["startColumn"], 7);
        assert_eq!(region["endColumn"], 14);
        // In bytes the emoji is 4.
        assert_eq!(region["byteOffset"], 8);
        assert_eq!(region["byteLength"], 7);
        assert_eq!(log["runs"][0]["results"][0]["ruleIndex"], 1);
    }

    #[test]
    fn real_render_lists_the_reports_rules_and_the_crate_version() {
        let mut out = Vec::new();
        render(&with_test_rules(cafe_report()), &mut out).expect("writing to a Vec cannot fail");
        let log: Value = serde_json::from_slice(&out).expect("output is JSON");
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .expect("rules array")
            .iter()
            .filter_map(|rule| rule["id"].as_str())
            .collect();
        assert_eq!(ids, ["missing-credit", "repeated-word"]);
        let result = &log["runs"][0]["results"][0];
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(ids[index], result["ruleId"]);
    }

    #[test]
    fn finding_of_an_undescribed_rule_has_no_rule_index() {
        let log = value(&cafe_report());
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"], serde_json::json!([]));
        assert_eq!(run["results"][0]["ruleId"], "repeated-word");
        assert!(run["results"][0].get("ruleIndex").is_none());
    }

    #[test]
    fn uris_are_slashed_and_percent_encoded() {
        assert_eq!(
            artifact_uri(Path::new("./news/a b.html")),
            "news/a%20b.html"
        );
        assert_eq!(artifact_uri(Path::new("x:y.html")), "x%3Ay.html");
        assert_eq!(artifact_uri(Path::new("café.html")), "caf%C3%A9.html");
        assert_eq!(artifact_uri(Path::new("/srv/a.html")), "file:///srv/a.html");
    }

    #[test]
    fn repeated_identical_findings_get_distinct_fingerprints() {
        let source = SourceFile::from_text("a.html", "<p>the the</p><p>the the</p>");
        let first = find(&source, "the the", 0);
        let second = find(&source, "the the", 1);
        let report = Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics: vec![
                    Diagnostic::new("repeated-word", Severity::Warning, second, "twice"),
                    Diagnostic::new("repeated-word", Severity::Warning, first, "twice"),
                ],
                page: None,
            }],
            ..Report::default()
        };
        let log = value(&report);
        let results = log["runs"][0]["results"].as_array().expect("results");
        let prints: Vec<&Value> = results
            .iter()
            .map(|r| &r["partialFingerprints"][FINGERPRINT_KEY])
            .collect();
        assert_ne!(prints[0], prints[1]);
        // Sorted by position: the first occurrence comes first.
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            4
        );
        assert_eq!(
            prints[0].as_str(),
            Some(fingerprint("repeated-word", "a.html", "the the", 0).as_str())
        );
    }

    #[test]
    fn first_paragraph_skips_headings() {
        assert_eq!(
            first_paragraph(&REPEATED_WORD.doc()).as_deref(),
            Some("Finds a word printed twice in a row.")
        );
        assert_eq!(first_paragraph(""), None);
    }
}
