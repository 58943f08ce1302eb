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
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use rustc_hash::{FxHashMap, FxHashSet};
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

/// Drops suppressed diagnostics and reports unused suppressions.
pub fn apply(doc: &Document, settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    // Every form of suppression names `copydesk-`: most pages have none.
    if memchr::memmem::find(doc.source.text.as_bytes(), b"copydesk-").is_none() {
        return;
    }
    let mut extents = Extents::default();
    let mut suppressions = comment_suppressions(doc, &mut extents);
    suppressions.extend(attribute_suppressions(doc, &mut extents));
    if suppressions.is_empty() {
        return;
    }
    mark_used(&mut suppressions, diagnostics);
    let covered = Coverage::new(&suppressions);
    diagnostics.retain(|d| !covered.suppresses(d));

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

/// The offsets a suppression covers, as a half-open range: its region, or
/// just its first offset when the region is empty (an element with no
/// located content still suppresses a finding at its start).
fn reach(region: TextRange) -> (usize, usize) {
    (region.start, region.end.max(region.start + 1))
}

/// Marks every suppression that covers at least one diagnostic of its
/// rules, with one binary search per suppression and rule rather than a
/// scan of every diagnostic.
fn mark_used(suppressions: &mut [Suppression], diagnostics: &[Diagnostic]) {
    let mut all: Vec<usize> = diagnostics.iter().map(|d| d.range.start).collect();
    all.sort_unstable();
    let mut by_rule: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for d in diagnostics {
        by_rule.entry(d.rule).or_default().push(d.range.start);
    }
    for starts in by_rule.values_mut() {
        starts.sort_unstable();
    }
    let any_within = |starts: &[usize], (from, to): (usize, usize)| {
        starts
            .get(starts.partition_point(|&s| s < from))
            .is_some_and(|&s| s < to)
    };
    for s in suppressions.iter_mut() {
        let reach = reach(s.region);
        s.used = match &s.rules {
            None => any_within(&all, reach),
            Some(rules) => rules.iter().any(|r| {
                by_rule
                    .get(r.as_str())
                    .is_some_and(|starts| any_within(starts, reach))
            }),
        };
    }
}

/// Which offsets are suppressed, per rule: the suppressions' reaches merged
/// into sorted, disjoint ranges, so a diagnostic is judged with a binary
/// search whatever the number of suppressions.
struct Coverage<'s> {
    every_rule: Vec<(usize, usize)>,
    by_rule: FxHashMap<&'s str, Vec<(usize, usize)>>,
}

impl<'s> Coverage<'s> {
    fn new(suppressions: &'s [Suppression]) -> Coverage<'s> {
        let mut every_rule = Vec::new();
        let mut by_rule: FxHashMap<&str, Vec<(usize, usize)>> = FxHashMap::default();
        for s in suppressions {
            match &s.rules {
                None => every_rule.push(reach(s.region)),
                Some(rules) => {
                    for r in rules {
                        by_rule.entry(r).or_default().push(reach(s.region));
                    }
                }
            }
        }
        merge(&mut every_rule);
        by_rule.values_mut().for_each(merge);
        Coverage {
            every_rule,
            by_rule,
        }
    }

    fn suppresses(&self, d: &Diagnostic) -> bool {
        let at = d.range.start;
        let within = |ranges: &[(usize, usize)]| {
            let i = ranges.partition_point(|&(start, _)| start <= at);
            i > 0 && at < ranges[i - 1].1
        };
        within(&self.every_rule) || self.by_rule.get(d.rule).is_some_and(|r| within(r))
    }
}

/// Sorts ranges and merges the overlapping ones.
fn merge(ranges: &mut Vec<(usize, usize)>) {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for &(start, end) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    *ranges = merged;
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

fn comment_suppressions(doc: &Document, extents: &mut Extents) -> Vec<Suppression> {
    let text = &doc.source.text;
    let mut out = Vec::new();
    let mut open = OpenRegions::default();
    let mut pos = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[pos..], b"<!--") {
        let start = pos + found;
        let body_start = start + 4;
        let Some(close) = memchr::memmem::find(&text.as_bytes()[body_start..], b"-->") else {
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
                let rules = parse_rules(rest);
                open.push(out.len(), rules.as_deref());
                out.push(Suppression {
                    region: TextRange::new(end, text.len()),
                    rules,
                    origin,
                    used: false,
                });
            }
            "enable" => {
                for i in open.close(parse_rules(rest).as_deref()) {
                    out[i].region.end = start;
                }
            }
            "disable-next" => {
                if let Some(region) = extents.of_next_element(doc, end) {
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

/// The `copydesk-disable` regions not yet ended, indexed by the rules they
/// name, so that each `copydesk-enable` touches only the regions it ends
/// (a page of many regions and many enables stays linear).
#[derive(Default)]
struct OpenRegions {
    /// Regions of every rule: ended only by a bare `copydesk-enable`.
    every_rule: Vec<usize>,
    /// Rule id -> regions naming it. A region naming several rules is
    /// listed under each; `ended` keeps it from being ended twice.
    by_rule: FxHashMap<String, Vec<usize>>,
    ended: FxHashSet<usize>,
}

impl OpenRegions {
    fn push(&mut self, index: usize, rules: Option<&[String]>) {
        match rules {
            None => self.every_rule.push(index),
            Some(rules) => {
                for r in rules {
                    self.by_rule.entry(r.clone()).or_default().push(index);
                }
            }
        }
    }

    /// Ends the regions an enable naming `rules` ends (all of them when
    /// `None`; else those naming one of `rules`), in the order opened.
    fn close(&mut self, rules: Option<&[String]>) -> Vec<usize> {
        let mut ending: Vec<usize> = match rules {
            None => {
                let mut all = std::mem::take(&mut self.every_rule);
                all.extend(self.by_rule.drain().flat_map(|(_, v)| v));
                all
            }
            Some(rules) => rules
                .iter()
                .filter_map(|r| self.by_rule.remove(r.as_str()))
                .flatten()
                .collect(),
        };
        ending.sort_unstable();
        ending.dedup();
        ending.retain(|&i| self.ended.insert(i));
        ending
    }
}

/// Source extents of elements, computed for the whole tree in one pass the
/// first time one is asked for: finding each directive's element by walking
/// the tree again made 50,000 directives take over a minute.
#[derive(Default)]
struct Extents {
    computed: bool,
    /// Located elements sorted by the start of their start tag.
    by_start: Vec<(usize, NodeId)>,
    /// Element -> its extent: its start tag and all its located content.
    extent: FxHashMap<NodeId, TextRange>,
}

impl Extents {
    fn compute(&mut self, doc: &Document) {
        if self.computed {
            return;
        }
        self.computed = true;
        let html = &doc.html;
        // Each open element's extent so far; a closed element's extent
        // joins its parent's.
        let mut stack: Vec<Option<TextRange>> = Vec::new();
        let join = |a: Option<TextRange>, b: Option<TextRange>| match (a, b) {
            (Some(a), Some(b)) => Some(a.cover(b)),
            (a, b) => a.or(b),
        };
        for edge in html.dom.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let own = match node.value() {
                        Node::Element(_) => html.start_tag(node.id()),
                        Node::Text(_) => html.text_map(node.id()).and_then(|map| map.extent()),
                        _ => None,
                    };
                    if let (Node::Element(_), Some(tag)) = (node.value(), own) {
                        self.by_start.push((tag.start, node.id()));
                    }
                    stack.push(own);
                }
                Edge::Close(node) => {
                    let Some(mine) = stack.pop() else {
                        continue;
                    };
                    if let Some(extent) = mine.filter(|_| node.value().is_element()) {
                        self.extent.insert(node.id(), extent);
                    }
                    if let Some(parent) = stack.last_mut() {
                        *parent = join(*parent, mine);
                    }
                }
            }
        }
        // Stable: elements starting at the same offset stay in tree order.
        self.by_start.sort_by_key(|&(start, _)| start);
    }

    /// The extent of an element (`None` if nothing in it is located).
    fn of(&mut self, doc: &Document, node: NodeId) -> Option<TextRange> {
        self.compute(doc);
        self.extent.get(&node).copied()
    }

    /// The extent of the first element whose start tag follows `offset`.
    fn of_next_element(&mut self, doc: &Document, offset: usize) -> Option<TextRange> {
        self.compute(doc);
        let i = self.by_start.partition_point(|&(start, _)| start < offset);
        let &(_, node) = self.by_start.get(i)?;
        self.extent.get(&node).copied()
    }
}

fn attribute_suppressions(doc: &Document, extents: &mut Extents) -> Vec<Suppression> {
    let mut out = Vec::new();
    for node in doc.html.dom.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let Some(value) = element.attr("data-copydesk-ignore") else {
            continue;
        };
        let (Some(origin), Some(region)) =
            (doc.html.start_tag(node.id()), extents.of(doc, node.id()))
        else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_ranges_are_sorted_and_disjoint() {
        let mut ranges = vec![(8, 9), (1, 3), (2, 5), (5, 6), (10, 12)];
        merge(&mut ranges);
        assert_eq!(ranges, [(1, 6), (8, 9), (10, 12)]);
    }

    #[test]
    fn an_empty_region_reaches_its_start() {
        assert_eq!(reach(TextRange::new(4, 4)), (4, 5));
        assert_eq!(reach(TextRange::new(4, 9)), (4, 9));
    }
}
