//! doubled-punctuation (being written)
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Rule, RuleContext, RuleMeta};

pub struct DoubledPunctuation;
static META: RuleMeta = RuleMeta {
    id: "doubled-punctuation",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "Punctuation doubled by mistake (\",,\")",
    source: include_str!("doubled_punctuation.rs"),
    options: &[],
};
impl Rule for DoubledPunctuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, _doc: &Document, _ctx: &RuleContext, _out: &mut Vec<Diagnostic>) {}
}
