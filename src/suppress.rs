//! Inline suppression, for findings an editor has judged, and for CMS
//! templates that mark their own furniture:
//!
//! - `<!-- copydesk-disable RULE[, RULE] -->` ... `<!-- copydesk-enable -->`:
//!   a region of the file (no rule list: every rule). `copydesk-enable RULE`
//!   ends only the regions that name that rule.
//! - `<!-- copydesk-disable-next RULE -->`: the next element after the comment
//!   (its start tag and everything inside it).
//! - `data-copydesk-ignore` on any element (optionally listing rules:
//!   `data-copydesk-ignore="glossary-spelling"`): that element and its content.
//!
//! A finding is suppressed when it starts inside a region that covers its rule.
//! A suppression that suppressed nothing, or names an unknown rule, is itself
//! reported as `unused-suppression` (info), as ruff reports unused `noqa`.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::find_rule;
use crate::rules::unused_suppression::ID as UNUSED;
use crate::source::TextRange;
use scraper::Node;

/// One suppression: where it applies, to which rules, and where it was written.
#[derive(Debug)]
struct Suppression {
    region: TextRange,
    /// `None`: every rule.
    rules: Option<Vec<String>>,
    /// The comment or start tag that asked for it.
    origin: TextRange,
    used: bool,
}

impl Suppression {
    fn covers(&self, rule: &str) -> bool {
        self.rules
            .as_ref()
            .is_none_or(|rules| rules.iter().any(|r| r == rule))
    }
}

/// Drops suppressed diagnostics and reports unused suppressions.
pub fn apply(doc: &Document, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    // Every form of suppression names `copydesk-`: most pages have none.
    if memchr::memmem::find(doc.source.text.as_bytes(), b"copydesk-").is_none() {
        return;
    }
    let mut suppressions = comment_suppressions(doc);
    suppressions.extend(attribute_suppressions(doc));
    if suppressions.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let mut suppressed = false;
        for s in suppressions.iter_mut() {
            let inside = s.region.contains(d.range.start) || s.region.start == d.range.start;
            if inside && s.covers(d.rule) {
                s.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });

    let Some(unused) = settings.rule(UNUSED).filter(|r| r.enabled) else {
        return;
    };
    for s in &suppressions {
        let unknown: Vec<&String> = s
            .rules
            .iter()
            .flatten()
            .filter(|r| find_rule(r).is_none())
            .collect();
        let message = if !unknown.is_empty() {
            let names: Vec<String> = unknown.iter().map(|r| format!("`{r}`")).collect();
            format!("suppression names unknown rule {}", names.join(", "))
        } else if !s.used {
            match &s.rules {
                // A suppression of rules that are all switched off here is
                // not a mistake of the page: another config may enable them.
                Some(rules)
                    if rules
                        .iter()
                        .all(|r| settings.rule(r).is_some_and(|r| !r.enabled)) =>
                {
                    continue;
                }
                Some(rules) => format!("suppression of {} suppressed nothing", rules.join(", ")),
                None => "suppression suppressed nothing".to_string(),
            }
        } else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(UNUSED, unused.severity, s.origin, message)
                .with_help("remove it, or check the rule id"),
        );
    }
}

/// Rule ids listed after a directive: separated by commas or spaces.
fn parse_rules(list: &str) -> Option<Vec<String>> {
    let rules: Vec<String> = list
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    (!rules.is_empty()).then_some(rules)
}

fn comment_suppressions(doc: &Document) -> Vec<Suppression> {
    let text = &doc.source.text;
    let mut out = Vec::new();
    // Indices into `out` of regions still open.
    let mut open: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("<!--") {
        let start = pos + found;
        let body_start = start + 4;
        let Some(close) = text[body_start..].find("-->") else {
            break;
        };
        let end = body_start + close + 3;
        pos = end;
        let body = text[body_start..body_start + close].trim();
        let Some(directive) = body.strip_prefix("copydesk-") else {
            continue;
        };
        let origin = TextRange::new(start, end);
        let (name, rest) = directive
            .split_once(char::is_whitespace)
            .unwrap_or((directive, ""));
        match name {
            "disable" => {
                open.push(out.len());
                out.push(Suppression {
                    region: TextRange::new(end, text.len()),
                    rules: parse_rules(rest),
                    origin,
                    used: false,
                });
            }
            "enable" => {
                let ending = parse_rules(rest);
                open.retain(|&i| {
                    let s: &mut Suppression = &mut out[i];
                    let ends = match (&ending, &s.rules) {
                        (None, _) => true,
                        (Some(_), None) => false,
                        (Some(e), Some(r)) => r.iter().any(|r| e.contains(r)),
                    };
                    if ends {
                        s.region.end = start;
                    }
                    !ends
                });
            }
            "disable-next" => {
                if let Some(region) = next_element_extent(doc, end) {
                    out.push(Suppression {
                        region,
                        rules: parse_rules(rest),
                        origin,
                        used: false,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The source extent of the first element whose start tag follows `offset`.
fn next_element_extent(doc: &Document, offset: usize) -> Option<TextRange> {
    let next = doc
        .html
        .dom
        .tree
        .nodes()
        .filter(|n| matches!(n.value(), Node::Element(_)))
        .filter_map(|n| doc.html.start_tag(n.id()).map(|r| (r, n.id())))
        .filter(|(r, _)| r.start >= offset)
        .min_by_key(|(r, _)| r.start)?;
    doc.html.element_extent(next.1)
}

fn attribute_suppressions(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    for node in doc.html.dom.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let Some(value) = element.attr("data-copydesk-ignore") else {
            continue;
        };
        let (Some(origin), Some(region)) = (
            doc.html.start_tag(node.id()),
            doc.html.element_extent(node.id()),
        ) else {
            continue;
        };
        out.push(Suppression {
            region,
            rules: parse_rules(value),
            origin,
            used: false,
        });
    }
    out
}
