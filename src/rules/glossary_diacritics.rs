//! ## What it does
//! Flags a glossary term printed without its diacritics: "Aunon-Chancellor"
//! for "Auñón-Chancellor", "Bogota" for "Bogotá", "Sao Tome" for "São Tomé".
//! Only forms that equal a term once accents are removed are reported; a form
//! listed as correct in the glossary (term or alias) never is.
//!
//! ## Why it matters
//! Many style guides drop accents (AP style, ASCII-only headlines), so this
//! is not a misspelling in the way "Soyug-FG" is, and it is reported as
//! information. Where the house style keeps accents, a name printed without
//! them is wrong, and it is easy to miss.
//!
//! ## Example
//! ```html
//! <p>NASA astronaut Serena Aunon-Chancellor and ...</p>
//! ```
//! Flags "Aunon-Chancellor" and suggests "Auñón-Chancellor".
//!
//! ## Options
//! Raise `severity` to `warning` where accents are house style; to report
//! these as misspellings with a safe fix instead, set `include-diacritics =
//! true` on `glossary-spelling` and disable this rule.
//!
//! ## Fix safety
//! Unsafe: whether to print accents is an editorial choice that varies by
//! publication, so the accented spelling is offered but not applied by `--fix`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::glossary::{MatchKind, MatchOptions};
use crate::rules::glossary_spelling::{about, diagnostic, find, matched_text};
use crate::rules::{FixAvailability, OptionsSchema, Rule, RuleContext, RuleMeta};

pub struct GlossaryDiacritics;

static META: RuleMeta = RuleMeta {
    id: "glossary-diacritics",
    default_severity: Severity::Info,
    enabled_by_default: true,
    summary: "A glossary term printed without its accents (\"Aunon\" for \"Auñón\")",
    fix: FixAvailability::Unsafe,
    source: include_str!("glossary_diacritics.rs"),
    options: OptionsSchema::NONE,
};

impl Rule for GlossaryDiacritics {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let options = MatchOptions {
            near: false,
            ..MatchOptions::default()
        };
        // Reuse glossary-spelling's matches when it ran: a search with near
        // misses finds every exact and accent-only match too.
        let own;
        let matches = match doc.shared.glossary_matches.get() {
            Some(shared) => shared,
            None => {
                own = find(doc, ctx, &options);
                &own
            }
        };
        for m in matches {
            if m.kind != MatchKind::Diacritics {
                continue;
            }
            let Some(one) = m.candidates.first() else {
                continue;
            };
            let message = format!(
                "`{}` is `{}` without its diacritics{}",
                matched_text(doc, m),
                one.replacement,
                about(ctx, one.term, &one.replacement)
            );
            out.push(diagnostic(doc, ctx, m, META.id, message, false));
        }
    }
}
