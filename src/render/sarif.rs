//! SARIF 2.1.0 output, as GitHub code scanning accepts it
//! (`github/codeql-action/upload-sarif`).
//!
//! One run whose `tool.driver.rules` lists every rule of the registry (so a
//! viewer can show the documentation of rules that found nothing, and
//! `ruleIndex` is stable across runs). Points worth knowing:
//!
//! - Columns are UTF-16 code units, SARIF's default `columnKind` (stated
//!   explicitly on the run), not the characters the other formats count: an
//!   emoji is one character but two columns here.
//! - `byteOffset`/`byteLength` are in the file as stored, like the JSON
//!   output's byte offsets.
//! - `artifactLocation.uri` is the path as given, with `/` separators and
//!   percent-encoded; absolute paths become `file://` URIs.
//! - `partialFingerprints["copydesk/v1"]` identifies a finding across commits
//!   even when lines move: an FNV-1a hash of rule, path, flagged text and how
//!   many earlier identical findings the file has. It is written out here
//!   because std's hashers are allowed to change between Rust releases, which
//!   would reopen every alert after a toolchain update.
//! - Files that could not be read are `toolExecutionNotifications` of the
//!   invocation, not results.

use super::{
    Report, describe_fix, sarif_level, slash_path, sorted_diagnostics, sorted_failures,
    sorted_files,
};
use crate::diagnostic::Diagnostic;
use crate::rules::{RuleMeta, registry};
use crate::source::{SourceFile, TextRange};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of our fingerprint in `partialFingerprints`; bump the version if the
/// hashed material ever changes, so old and new fingerprints are not compared.
const FINGERPRINT_KEY: &str = "copydesk/v1";

/// What the log says about the tool itself; a parameter so tests do not
/// depend on the crate's version or on the rules other people add.
struct Tool<'a> {
    version: &'a str,
    information_uri: &'a str,
    rules: Vec<&'a RuleMeta>,
}

/// Writes the SARIF log, pretty-printed, followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let tool = Tool {
        version: env!("CARGO_PKG_VERSION"),
        information_uri: information_uri(),
        rules: registry().iter().map(|rule| rule.meta()).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &sarif_log(report, &tool))?;
    writeln!(out)
}

/// The crate's homepage or repository from `Cargo.toml`; empty (and then left
/// out of the log) while neither is set.
fn information_uri() -> &'static str {
    match env!("CARGO_PKG_HOMEPAGE") {
        "" => env!("CARGO_PKG_REPOSITORY"),
        homepage => homepage,
    }
}

fn sarif_log(report: &Report, tool: &Tool) -> Value {
    let mut driver = json!({
        "name": "copydesk",
        "version": tool.version,
        "rules": tool.rules.iter().map(|meta| rule_descriptor(meta)).collect::<Vec<_>>(),
    });
    if !tool.information_uri.is_empty() {
        driver["informationUri"] = json!(tool.information_uri);
    }
    let rule_index: HashMap<&str, usize> = tool
        .rules
        .iter()
        .enumerate()
        .map(|(index, meta)| (meta.id, index))
        .collect();

    let mut results = Vec::new();
    for file in sorted_files(report) {
        let source = &file.source;
        let uri = artifact_uri(&source.path);
        // Occurrences of the same rule and flagged text so far in this file.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
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
    }

    let notifications: Vec<Value> = sorted_failures(report)
        .into_iter()
        .map(|failure| {
            json!({
                "level": "error",
                "message": { "text": failure.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(Path::new(&failure.path)) }
                    }
                }],
            })
        })
        .collect();

    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [{
                // The run itself completed; unreadable files are reported
                // as notifications rather than as a failed execution.
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let doc = meta.doc();
    let help = if doc.trim().is_empty() {
        meta.summary.to_owned()
    } else {
        doc.clone()
    };
    let full = first_paragraph(&doc).unwrap_or_else(|| meta.summary.to_owned());
    json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": full },
        // The docs are Markdown; GitHub renders `markdown` when present.
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": {
            "enabled": meta.enabled_by_default,
            "level": sarif_level(meta.default_severity),
        },
    })
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
) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.rule,
        "level": sarif_level(diagnostic.severity),
        "message": { "text": diagnostic.message },
        "locations": [{ "physicalLocation": physical_location(source, uri, diagnostic.range) }],
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(diagnostic.rule, uri, flagged_text(source, diagnostic.range), occurrence),
        },
    });
    // A diagnostic from outside the registry (none today) simply has no index.
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !diagnostic.related.is_empty() {
        result["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                json!({
                    "id": id,
                    "physicalLocation": physical_location(source, uri, related.range),
                    "message": { "text": related.message },
                })
            })
            .collect();
    }
    if let Some(fix) = diagnostic.fix.as_ref().filter(|fix| !fix.edits.is_empty()) {
        let safety = if fix.is_safe() { "safe" } else { "unsafe" };
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(source, edit.range),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": format!("{} ({safety})", describe_fix(source, fix)) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

fn physical_location(source: &SourceFile, uri: &str, range: TextRange) -> Value {
    json!({
        "artifactLocation": { "uri": uri },
        "region": region(source, range),
    })
}

/// Lines and UTF-16 columns of the decoded text (end column exclusive, as
/// SARIF defines it), plus the same span in bytes of the stored file.
fn region(source: &SourceFile, range: TextRange) -> Value {
    let start = source.line_column_utf16(range.start);
    let end = source.line_column_utf16(range.end);
    let (byte_start, byte_end) = source.stored_range(range);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "byteOffset": byte_start,
        "byteLength": byte_end.saturating_sub(byte_start),
    })
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

/// FNV-1a 64 of the parts, each followed by a NUL so that ("ab", "c") and
/// ("a", "bc") differ; as 16 hex digits.
fn fingerprint(rule: &str, uri: &str, text: &str, occurrence: usize) -> String {
    let occurrence = occurrence.to_string();
    let mut hash = FNV_OFFSET_BASIS;
    for part in [rule, uri, text, &occurrence] {
        hash = fnv1a64(hash, part.as_bytes());
        hash = fnv1a64(hash, &[0]);
    }
    format!("{hash:016x}")
}

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues a 64-bit FNV-1a hash over `bytes` (start from [`FNV_OFFSET_BASIS`]).
fn fnv1a64(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::render::test_support::{cafe_report, find};
    use crate::render::{FileFailure, FileResult};
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

    fn test_tool() -> Tool<'static> {
        Tool {
            version: "0.0.0-test",
            information_uri: "https://example.invalid/copydesk",
            rules: vec![&MISSING_CREDIT, &REPEATED_WORD],
        }
    }

    fn log(report: &Report) -> Value {
        sarif_log(report, &test_tool())
    }

    fn pretty(value: &Value) -> String {
        serde_json::to_string_pretty(value).expect("a Value always serialises")
    }

    #[test]
    fn diagnostic_with_related_help_and_fix() {
        let mut report = cafe_report();
        report.failures.push(FileFailure {
            path: "broken.html".into(),
            message: "not a text file (it contains NUL bytes)".into(),
        });
        insta::assert_snapshot!(pretty(&log(&report)));
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
            }],
            failures: vec![],
        };
        let log = log(&report);
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
    fn real_render_lists_every_registered_rule_and_the_crate_version() {
        let mut out = Vec::new();
        render(&cafe_report(), &mut out).expect("writing to a Vec cannot fail");
        let log: Value = serde_json::from_slice(&out).expect("output is JSON");
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .expect("rules array")
            .iter()
            .filter_map(|rule| rule["id"].as_str())
            .collect();
        let registered: Vec<&str> = registry().iter().map(|r| r.meta().id).collect();
        assert_eq!(ids, registered);
        let result = &log["runs"][0]["results"][0];
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(ids[index], result["ruleId"]);
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
    fn fnv1a64_matches_published_test_vectors() {
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprints_hash_nul_separated_parts() {
        assert_eq!(
            fingerprint("r", "a.html", "x", 2),
            format!("{:016x}", fnv1a64(FNV_OFFSET_BASIS, b"r\0a.html\0x\x002\0"))
        );
        assert_ne!(fingerprint("ab", "c", "", 0), fingerprint("a", "bc", "", 0));
        // Pinned: a change here reopens every alert on GitHub; bump FINGERPRINT_KEY.
        assert_eq!(
            fingerprint("repeated-word", "a.html", "the the", 0),
            "114b0ffb3f534010"
        );
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
            }],
            failures: vec![],
        };
        let log = log(&report);
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
