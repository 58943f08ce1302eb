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

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::glossary::MatchKind;
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

    fn check(&self, _doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let facts = ctx.facts;
        for m in facts.glossary_exact_matches() {
            if m.kind != MatchKind::Diacritics {
                continue;
            }
            let (Some(first), Some(site)) = (m.candidates.first(), facts.match_site(m)) else {
                continue;
            };
            let message = format!(
                "`{}` is `{}` without its diacritics{}",
                facts.matched_text(m),
                first.replacement,
                facts.term_context(first.term, &first.replacement)
            );
            let mut diagnostic = Diagnostic::new(META.id, ctx.severity, site.range, message)
                .with_selector(site.selector);
            // With one candidate, offer it (unsafe: accents are house style).
            if let [only] = m.candidates.as_slice() {
                diagnostic = diagnostic.with_help(format!("write `{}`", only.replacement));
                if site.replaceable {
                    diagnostic =
                        diagnostic.with_fix(Fix::unsafe_(site.range, only.replacement.clone()));
                }
            }
            out.push(diagnostic);
        }
    }
}
