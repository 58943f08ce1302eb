//! The page-design principles of the repeated-content rules, one fixture
//! page each (`fixtures/duplicates/`): the designed repeat gives no finding,
//! the slip next to it is still found.
//!
//! Every block that must be reported carries an `id` starting with `flag`;
//! the test reads those ids from the page, runs the three rules with the
//! real article scope, and requires the reported blocks to be exactly them.

use copydesk::diagnostic::Diagnostic;
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::rules::duplicate_paragraph::DuplicateParagraph;
use copydesk::rules::duplicate_sentence::DuplicateSentence;
use copydesk::rules::near_duplicate_paragraph::NearDuplicateParagraph;
use copydesk::rules::{Resources, Rule, RuleContext};
use copydesk::source::SourceFile;
use std::collections::BTreeSet;
use std::path::Path;

/// The built-in `[scope]` content and exclude selectors, as the command
/// line uses them.
fn scope_lists() -> (Vec<String>, Vec<String>) {
    copydesk::config::default_scope_lists()
}

/// Every finding of the three rules on a fixture page, with the article
/// scope the command line chooses.
fn findings(name: &str) -> (SourceFile, Vec<Diagnostic>) {
    let path = Path::new("fixtures/duplicates").join(name);
    let source = SourceFile::read(&path).expect("fixture reads");
    let (content, exclude) = scope_lists();
    let doc = Document::parse_scoped(&source, &content, &exclude).expect("fixture parses");
    let resources = Resources::default();
    let options = copydesk::rules::OptionValues::default();
    let mut out = Vec::new();
    let rules: [&dyn Rule; 3] = [
        &DuplicateParagraph,
        &NearDuplicateParagraph,
        &DuplicateSentence,
    ];
    let facts = PageFacts::new(&doc, &resources.glossary);
    for rule in rules {
        let ctx = RuleContext {
            severity: rule.meta().default_severity,
            options: &options,
            resources: &resources,
            facts: &facts,
        };
        rule.check(&doc, &ctx, &mut out);
    }
    drop(doc);
    (source, out)
}

/// The `flag...` ids of a page, as selectors.
fn flagged(source: &SourceFile) -> BTreeSet<String> {
    source
        .text
        .match_indices("id=\"flag")
        .filter_map(|(at, _)| {
            let rest = &source.text[at + 4..];
            rest.find('"').map(|end| format!("#{}", &rest[..end]))
        })
        .collect()
}

/// Checks a page: the reported blocks are exactly the flagged ones, each
/// reported once, by `rule`.
fn assert_page(name: &str, expected_rules: &[(&str, &str)]) {
    let (source, found) = findings(name);
    let reported: Vec<(String, String)> = found
        .iter()
        .map(|d| (d.rule.to_string(), d.selector.clone().unwrap_or_default()))
        .collect();
    let selectors: BTreeSet<String> = reported.iter().map(|(_, s)| s.clone()).collect();
    assert_eq!(selectors, flagged(&source), "{name}: {reported:#?}");
    assert_eq!(reported.len(), selectors.len(), "{name}: {reported:#?}");
    let mut expected: Vec<(String, String)> = expected_rules
        .iter()
        .map(|(id, rule)| (rule.to_string(), format!("#{id}")))
        .collect();
    expected.sort();
    let mut reported = reported;
    reported.sort();
    assert_eq!(reported, expected, "{name}");
}

#[test]
fn gallery_captions_repeat_each_other_but_a_caption_printed_as_body_is_found() {
    assert_page("gallery.html", &[("flag-body-copy", "duplicate-paragraph")]);
}

#[test]
fn alternate_renderings_are_one_text_but_one_marked_copy_is_not() {
    assert_page(
        "renderings.html",
        &[
            ("flag-one-side-marked", "duplicate-paragraph"),
            ("flag-plain-copy", "duplicate-paragraph"),
        ],
    );
}

#[test]
fn summary_fields_quote_the_body_but_a_large_wrapper_is_no_summary() {
    assert_page(
        "summary.html",
        &[("flag-wrapper-copy", "duplicate-paragraph")],
    );
}

#[test]
fn parallel_lists_share_items_but_one_list_must_not_repeat_one() {
    assert_page(
        "lists.html",
        &[("flag-repeated-in-one-list", "duplicate-paragraph")],
    );
}

#[test]
fn reference_lists_are_data_but_the_same_lines_in_a_plain_list_are_found() {
    assert_page(
        "references.html",
        &[("flag-plain-list", "near-duplicate-paragraph")],
    );
}

#[test]
fn titles_by_class_are_headings_but_a_sentence_styled_as_title_is_prose() {
    assert_page(
        "titles.html",
        &[("flag-styled-sentence", "duplicate-paragraph")],
    );
}

#[test]
fn templated_lines_repeat_by_design_but_copies_and_edits_are_found() {
    assert_page(
        "templates.html",
        &[
            ("flag-exact-copy", "duplicate-paragraph"),
            ("flag-lowercase-word-changed", "near-duplicate-paragraph"),
            ("flag-name-inserted", "near-duplicate-paragraph"),
        ],
    );
}
