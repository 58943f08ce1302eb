//! repeated-word (being written)
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Rule, RuleContext, RuleMeta};

pub struct RepeatedWord;
static META: RuleMeta = RuleMeta {
    id: "repeated-word",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A word printed twice in a row (\"the the\")",
    source: include_str!("repeated_word.rs"),
    options: &[],
};
impl Rule for RepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, _doc: &Document, _ctx: &RuleContext, _out: &mut Vec<Diagnostic>) {}
}
