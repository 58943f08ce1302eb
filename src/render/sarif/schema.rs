//! The SARIF 2.1.0 objects copydesk writes, as serde structs: only the
//! properties it fills, named as in the specification (§3.13 `sarifLog`
//! onwards), so the compiler checks the shape that `json!` trees did not.
//!
//! Fields are declared in the byte order of their JSON names (`$schema`,
//! `runs`, `version`; `byteLength` before `byteOffset`...). The log used to be
//! built as a `serde_json::Value`, whose maps sort their keys, and keeping
//! that order keeps the output byte-identical for anyone diffing logs; a test
//! in the parent module fails if a field is declared out of order. Optional
//! properties are left out rather than written as `null`, as before.

use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The top-level object (`sarifLog`).
#[derive(Serialize)]
pub(super) struct Log<'a> {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always one run: one copydesk invocation.
    pub runs: [Run<'a>; 1],
    pub version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Run<'a> {
    pub column_kind: &'static str,
    pub invocations: [Invocation<'a>; 1],
    pub results: Vec<SarifResult<'a>>,
    pub tool: Tool<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Invocation<'a> {
    pub execution_successful: bool,
    pub tool_execution_notifications: Vec<Notification<'a>>,
}

/// A problem of the run rather than a finding: a file that could not be read.
#[derive(Serialize)]
pub(super) struct Notification<'a> {
    pub level: &'static str,
    pub locations: [Location; 1],
    pub message: Text<'a>,
}

#[derive(Serialize)]
pub(super) struct Tool<'a> {
    pub driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Driver<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    pub information_uri: &'a str,
    pub name: &'static str,
    pub rules: Vec<ReportingDescriptor<'a>>,
    pub version: &'a str,
}

/// A rule's documentation (`reportingDescriptor`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReportingDescriptor<'a> {
    pub default_configuration: ReportingConfiguration,
    pub full_description: Text<'a>,
    pub help: MultiformatMessage,
    pub id: &'a str,
    pub name: &'a str,
    pub short_description: Text<'a>,
}

#[derive(Serialize)]
pub(super) struct ReportingConfiguration {
    pub enabled: bool,
    pub level: &'static str,
}

/// Text that viewers may show as Markdown (`multiformatMessageString`).
#[derive(Serialize)]
pub(super) struct MultiformatMessage {
    pub markdown: String,
    pub text: String,
}

/// A finding (`result`; named so as not to shadow `std::result::Result`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifResult<'a> {
    /// Zero or one fix: one with no edits is left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix<'a>>,
    pub level: &'static str,
    pub locations: [Location; 1],
    pub message: Text<'a>,
    /// A property bag in SARIF, so a map: its one key is versioned.
    pub partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<RelatedLocation<'a>>,
    pub rule_id: &'a str,
    /// Left out for a rule the report has no metadata for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Location {
    pub physical_location: PhysicalLocation,
}

/// A related `location`: numbered, and with its own message.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RelatedLocation<'a> {
    pub id: usize,
    pub message: Text<'a>,
    pub physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    /// Left out when the whole file is meant (a notification).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

#[derive(Serialize)]
pub(super) struct ArtifactLocation {
    pub uri: String,
}

/// Lines and UTF-16 columns (1-based, end column exclusive) plus the same span
/// in bytes of the stored file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Region {
    pub byte_length: usize,
    pub byte_offset: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub start_column: usize,
    pub start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Fix<'a> {
    pub artifact_changes: [ArtifactChange<'a>; 1],
    pub description: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ArtifactChange<'a> {
    pub artifact_location: ArtifactLocation,
    pub replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Replacement<'a> {
    pub deleted_region: Region,
    pub inserted_content: Text<'a>,
}

/// `{ "text": ... }`: SARIF's `message`, and also its `artifactContent` and
/// plain descriptions, which have the same one property here.
#[derive(Serialize)]
pub(super) struct Text<'a> {
    pub text: Cow<'a, str>,
}

impl<'a> Text<'a> {
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Text { text: text.into() }
    }
}
