//! Linting one file: parse, choose the scope, run the enabled rules over the
//! page's facts, apply suppressions, sort. Pure: no printing, no writing.

use crate::attribution::{CreditExtras, CreditPatterns};
use crate::config::{GlossarySource, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::facts::PageFacts;
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

/// Runs the enabled rules over a parsed document. The page's facts are made
/// here, once, and every rule reads them.
pub fn lint_document(
    doc: &Document,
    settings: &Settings,
    resources: &Resources,
) -> Vec<Diagnostic> {
    let extras = settings
        .rule(CREDIT_PATTERNS_RULE)
        .map(|rule| credit_extras(rule.options.table()))
        .unwrap_or_default();
    let credit_patterns = resources.credit_patterns.get(&extras);
    let facts = PageFacts::new(doc, &resources.glossary).with_credit_patterns(&credit_patterns);
    run_rules(&facts, settings, resources)
}

/// Runs the enabled rules over a page's facts, applies suppressions and
/// sorts. A fact no enabled rule asks for is never computed
/// ([`PageFacts::computed`] tells which were).
pub fn run_rules(facts: &PageFacts, settings: &Settings, resources: &Resources) -> Vec<Diagnostic> {
    let doc = facts.doc();
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
            facts,
        };
        rule.check(doc, &ctx, &mut diagnostics);
    }
    crate::suppress::apply(doc, settings, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    diagnostics
}

/// The rule whose options extend the credit patterns. They are the run's
/// patterns, not that rule's alone: `caption-credit-format` and
/// `copydesk blocks --show-metadata` recognise the same credits.
const CREDIT_PATTERNS_RULE: &str = "missing-image-credit";

/// The project's additions to the built-in credit patterns, from the
/// options of `missing-image-credit` (its `extra-*` lists); they apply
/// whether or not that rule is enabled.
pub fn credit_extras(image_credit_options: &toml::Table) -> CreditExtras {
    let list = |name: &str| -> Vec<String> {
        match image_credit_options.get(name) {
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    CreditExtras {
        markers: list("extra-patterns"),
        agencies: list("extra-agencies"),
        classes: list("extra-classes"),
    }
}

/// The credit patterns `settings` configure, built on the spot (for one-off
/// commands; a lint run shares them through [`Resources`]).
pub fn credit_patterns(settings: &Settings) -> CreditPatterns {
    match settings.rule(CREDIT_PATTERNS_RULE) {
        Some(rule) => CreditPatterns::with_extras(&credit_extras(rule.options.table())),
        None => CreditPatterns::builtin().clone(),
    }
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
