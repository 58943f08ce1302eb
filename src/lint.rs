//! Linting one file: parse, choose the scope, run the enabled rules, apply
//! suppressions, sort. Pure: no printing, no writing.

use crate::config::{GlossarySource, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::{Resources, RuleContext, registry};
use crate::source::SourceFile;

/// Lints one decoded file with its effective settings.
pub fn lint_source(
    source: &SourceFile,
    settings: &Settings,
    resources: &Resources,
) -> Result<Vec<Diagnostic>, String> {
    let doc = Document::parse_scoped(source, &settings.scope_content, &settings.scope_exclude)
        .map_err(|e| e.to_string())?;
    Ok(lint_document(&doc, settings, resources))
}

/// Runs the enabled rules over a parsed document.
pub fn lint_document(
    doc: &Document,
    settings: &Settings,
    resources: &Resources,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in registry() {
        let meta = rule.meta();
        let Some(rule_settings) = settings.rule(meta.id) else {
            continue;
        };
        if !rule_settings.enabled {
            continue;
        }
        let ctx = RuleContext {
            severity: rule_settings.severity,
            options: &rule_settings.options,
            resources,
        };
        rule.check(doc, &ctx, &mut diagnostics);
    }
    crate::suppress::apply(doc, settings, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    diagnostics
}

/// Loads the data rules share (glossaries) for a set of glossary sources.
/// Done once per distinct set in a run, never per file.
pub fn load_resources(glossaries: &[GlossarySource]) -> Result<Resources, String> {
    Resources::load(glossaries).map_err(|e| format!("glossary error: {e}"))
}

impl crate::config::ConfigLoader {
    /// A configuration loader for copydesk's own rules: validates the
    /// command line (rule ids, glossary files, `--config`) and the built-in
    /// defaults. Defined here, where rules meet settings, so that the
    /// configuration needs only rule metadata, never the rule registry.
    pub fn new(cli: crate::config::CliOverrides) -> Result<Self, crate::config::ConfigError> {
        Self::with_rules(cli, crate::rules::metas())
    }
}
