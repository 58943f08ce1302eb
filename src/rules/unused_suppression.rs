//! ## What it does
//! Reports an inline suppression that suppressed nothing, or that names a
//! rule copydesk does not know:
//! `<!-- copydesk-disable repeated-word -->` over text with no repeated word,
//! `data-copydesk-ignore="glosary-spelling"` (misspelled id).
//!
//! ## Why it matters
//! Suppressions outlive the text they were written for. One that no longer
//! suppresses anything hides the next real finding in that place; one with a
//! misspelled rule id never worked at all.
//!
//! ## Example
//! ```html
//! <!-- copydesk-disable-next repeated-word -->
//! <p>Nothing is repeated here.</p>
//! ```
//!
//! The forms of suppression:
//! - `<!-- copydesk-disable RULE[, RULE] -->` ... `<!-- copydesk-enable -->`
//!   (no rule list: all rules);
//! - `<!-- copydesk-disable-next RULE -->`: the next element;
//! - `data-copydesk-ignore` on an element, optionally listing rules.
//!
//! Suppressions of rules that are switched off in the configuration are not
//! reported: another configuration may switch them on.
//!
//! ## Options

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};

/// The rule id, used by the suppression pass that produces these findings.
pub const ID: &str = "unused-suppression";

pub struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: ID,
    default_severity: Severity::Info,
    enabled_by_default: true,
    summary: "An inline suppression that suppressed nothing or names an unknown rule",
    fix: FixAvailability::None,
    source: include_str!("unused_suppression.rs"),
    options: OptionsSchema::NONE,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Findings come from [`crate::suppress::apply`], which runs after every
    /// other rule; there is nothing to check here.
    fn check(&self, _doc: &Document, _ctx: &RuleContext, _out: &mut Vec<Diagnostic>) {}
}
