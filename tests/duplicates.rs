//! Behaviour of the repeated-content rules: `duplicate-paragraph`,
//! `near-duplicate-paragraph` and `duplicate-sentence`, on the seed article
//! and on small pages built for one case each.

use copydesk::diagnostic::{Diagnostic, Severity};
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::render::{self, FileResult, OutputFormat, RenderOptions, Report};
use copydesk::rules::duplicate_paragraph::DuplicateParagraph;
use copydesk::rules::duplicate_sentence::DuplicateSentence;
use copydesk::rules::near_duplicate_paragraph::NearDuplicateParagraph;
use copydesk::rules::{Resources, Rule, RuleContext};
use copydesk::source::{SourceFile, TextRange};
use std::path::Path;
use std::sync::Arc;

fn check_with(rule: &dyn Rule, source: &SourceFile, options: &toml::Table) -> Vec<Diagnostic> {
    let doc = Document::parse(source).expect("page parses");
    let resources = Resources::default();
    let facts = PageFacts::new(&doc, &resources.glossary);
    let ctx = RuleContext {
        severity: rule.meta().default_severity,
        options: &rule.meta().options.parse(options).expect("valid options"),
        resources: &resources,
        facts: &facts,
    };
    let mut out = Vec::new();
    rule.check(&doc, &ctx, &mut out);
    out
}

fn check(rule: &dyn Rule, source: &SourceFile) -> Vec<Diagnostic> {
    check_with(rule, source, &toml::Table::new())
}

fn page(body: &str) -> SourceFile {
    SourceFile::from_text("t.html", format!("<html><body>\n{body}\n</body></html>\n"))
}

/// `(line, column)` of the start of a range.
fn at(source: &SourceFile, range: TextRange) -> (usize, usize) {
    let lc = source.line_column(range.start);
    (lc.line, lc.column)
}

/// All three rules on one page.
fn all(source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = check(&DuplicateParagraph, source);
    out.extend(check(&NearDuplicateParagraph, source));
    out.extend(check(&DuplicateSentence, source));
    out
}

const CAPTION: &str = "The Soyuz MS-09 spacecraft is launched with three members of the Expedition 56 crew bound for the station.";

#[test]
fn seed_caption_repeated_as_a_paragraph_is_a_near_duplicate() {
    let source = SourceFile::read(Path::new("fixtures/seed/article.html")).expect("seed fixture");
    let found = check(&NearDuplicateParagraph, &source);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "paragraph nearly repeats an earlier caption (96% similar): \"was\" here, \"is\" there"
    );
    // The paragraph (line 82) is flagged; the figcaption (line 80) came first.
    assert_eq!(at(&source, d.range), (82, 9));
    assert!(
        source
            .slice(d.range)
            .starts_with("The Soyuz MS-09 spacecraft was launched")
    );
    assert!(source.slice(d.range).ends_with("SpaceFlight Insider"));
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].message, "first printed here");
    assert_eq!(at(&source, d.related[0].range), (80, 43));
    assert!(
        source
            .slice(d.related[0].range)
            .starts_with("The Soyuz MS-09 spacecraft is launched")
    );
    let emphasised: Vec<(&str, (usize, usize))> = d
        .emphasis
        .iter()
        .map(|r| (source.slice(*r), at(&source, *r)))
        .collect();
    assert_eq!(emphasised, [("was", (82, 36)), ("is", (80, 70))]);
    // The seed has no exact repeat and no repeated sentence beyond the caption.
    assert!(check(&DuplicateParagraph, &source).is_empty());
    assert!(check(&DuplicateSentence, &source).is_empty());
}

#[test]
fn exact_repeat_of_a_caption_flags_the_later_copy_only() {
    let source = page(&format!(
        "<figure><img src=a.jpg><figcaption>{CAPTION}</figcaption></figure>\n\
         <p>  \u{201c}the SOYUZ  MS\u{2013}09 spacecraft is launched with three members of the Expedition 56 crew bound for the station\u{201d}</p>"
    ));
    let found = check(&DuplicateParagraph, &source);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(
        d.message,
        "paragraph repeats an earlier caption word for word"
    );
    assert_eq!(at(&source, d.range), (3, 6));
    assert!(source.slice(d.range).starts_with('\u{201c}'));
    assert!(source.slice(d.range).ends_with('\u{201d}'));
    assert_eq!(at(&source, d.related[0].range), (2, 36));
    assert_eq!(source.slice(d.related[0].range), CAPTION);
    // Not a near-duplicate as well, and not a repeated sentence.
    assert!(check(&NearDuplicateParagraph, &source).is_empty());
    assert!(check(&DuplicateSentence, &source).is_empty());
}

#[test]
fn third_copy_points_at_the_first() {
    let source = page(&format!(
        "<p>{CAPTION}</p>\n<p>Between.</p>\n<p>{CAPTION}</p>\n<p>{CAPTION}</p>"
    ));
    let found = check(&DuplicateParagraph, &source);
    let lines: Vec<(usize, usize)> = found
        .iter()
        .map(|d| (at(&source, d.range).0, at(&source, d.related[0].range).0))
        .collect();
    assert_eq!(lines, [(4, 2), (5, 2)]);
}

#[test]
fn near_duplicate_names_insertions_and_several_differences() {
    let source = page(
        "<p>Crew members sealed the small hole in the orbital module with epoxy and gauze on Thursday.</p>\n\
         <p>Crew members quickly sealed the small hole in the orbital module with epoxy and tape on Thursday.</p>",
    );
    let found = check(&NearDuplicateParagraph, &source);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "paragraph nearly repeats an earlier one (88% similar): \"quickly\" here, nothing there; \"tape\" here, \"gauze\" there"
    );
    let emphasised: Vec<&str> = found[0].emphasis.iter().map(|r| source.slice(*r)).collect();
    assert_eq!(emphasised, ["quickly", "tape", "gauze"]);
}

#[test]
fn near_duplicate_threshold_is_an_option() {
    let source = page(
        "<p>Crew members sealed the small hole in the orbital module with epoxy and gauze on Thursday.</p>\n\
         <p>Crew members quickly sealed the small hole in the orbital module with epoxy and tape on Thursday.</p>",
    );
    let mut strict = toml::Table::new();
    strict.insert("threshold".into(), toml::Value::Float(0.95));
    assert!(check_with(&NearDuplicateParagraph, &source, &strict).is_empty());
}

#[test]
fn distinct_paragraphs_on_one_subject_are_not_near_duplicates() {
    let source = page(
        "<p>The crew found the leak in the orbital module of the Soyuz on Thursday night.</p>\n\
         <p>The leak in the Soyuz orbital module was sealed by the crew with epoxy on Friday.</p>",
    );
    assert!(all(&source).is_empty());
}

#[test]
fn repeated_sentence_in_another_paragraph_is_flagged_with_both_spans() {
    let sentence = "The crew sealed the hole with epoxy and gauze on Thursday morning.";
    let source = page(&format!(
        "<p>{sentence} Pressure has held since.</p>\n<p>Mission control confirmed the repair. {sentence}</p>"
    ));
    let found = check(&DuplicateSentence, &source);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(
        d.message,
        "sentence repeats one printed earlier in a paragraph"
    );
    assert_eq!(source.slice(d.range), sentence);
    assert_eq!(at(&source, d.range), (3, 42));
    assert_eq!(source.slice(d.related[0].range), sentence);
    assert_eq!(at(&source, d.related[0].range), (2, 4));
    assert!(check(&DuplicateParagraph, &source).is_empty());
    assert!(check(&NearDuplicateParagraph, &source).is_empty());
}

#[test]
fn repeated_sentence_within_one_paragraph_is_flagged() {
    let sentence = "The crew sealed the hole with epoxy and gauze on Thursday morning.";
    let source = page(&format!("<p>{sentence} Pressure has held. {sentence}</p>"));
    let found = check(&DuplicateSentence, &source);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "sentence repeats one printed earlier in the same paragraph"
    );
    assert_eq!(at(&source, found[0].range), (2, 90));
    assert_eq!(at(&source, found[0].related[0].range), (2, 4));
}

#[test]
fn short_sentences_and_paragraphs_are_not_repeats() {
    let source = page(
        "<p>Advertisement</p><p>Share this</p><p>Read more</p>\n\
         <p>Photo: Sean Costello / SpaceFlight Insider</p>\n<p>Photo: Sean Costello / SpaceFlight Insider</p>\n\
         <p>Click here to subscribe. It is free.</p><p>Click here to subscribe. It is free.</p>",
    );
    assert!(all(&source).is_empty(), "{:#?}", all(&source));
}

#[test]
fn headings_and_table_cells_are_not_compared() {
    let long = "Launch of the Soyuz MS-09 spacecraft from the Baikonur Cosmodrome in Kazakhstan";
    let source = page(&format!(
        "<h2>{long}</h2><h2>{long}</h2>\n\
         <table><tr><td>{long}</td></tr><tr><td>{long}</td></tr>\
         <tr><td><div>{long}</div></td></tr></table>"
    ));
    assert!(all(&source).is_empty(), "{:#?}", all(&source));
}

#[test]
fn navigation_and_teaser_lists_are_not_repeats() {
    let teaser = "Soyuz MS-09 launches Expedition 56 crew to the International Space Station";
    let source = page(&format!(
        "<ul><li><a href=/a>{teaser}</a></li></ul>\n<ul><li><a href=/a>{teaser}</a></li></ul>\n\
         <div class=card><a href=/b><div><p>{CAPTION}</p></div></a></div>\n\
         <div class=card><a href=/b><div><p>{CAPTION}</p></div></a></div>"
    ));
    assert!(all(&source).is_empty(), "{:#?}", all(&source));
}

#[test]
fn schedule_and_recipe_lines_are_not_repeats() {
    let source = page(
        "<ul><li>10:00 to 10:30 registration and coffee in the main hall, level 2</li>\
         <li>10:00 to 10:30 registration and coffee in the main hall, level 2</li></ul>\n\
         <p>Lunch: 1 cup spinach, 4 oz. chicken, 1 cup quinoa, 2 tsp. olive oil and lemon juice.</p>\n\
         <p>Lunch: 1 cup spinach, 8 oz. chicken, 1 cup quinoa, 2 tsp. olive oil and lemon juice.</p>\n\
         <p>Regarding item 22222, under sufficiently extreme conditions, quarks may become deconfined.</p>\n\
         <p>Regarding item 33333, under sufficiently extreme conditions, quarks may become deconfined.</p>",
    );
    assert!(all(&source).is_empty(), "{:#?}", all(&source));
}

#[test]
fn hidden_copies_and_repeated_interview_questions_are_not_repeats() {
    let question = "What was the hardest part of the training for the long mission on the station?";
    let source = page(&format!(
        "<p>{CAPTION}</p><div style=\"display: none\"><p>{CAPTION}</p></div>\n\
         <div class=\"visible-xs\"><p>{CAPTION}</p></div><p class=sr-only>{CAPTION}</p>\n\
         <p>{question}</p><p>Answer one.</p><p>{question}</p><p>Answer two.</p>"
    ));
    assert!(all(&source).is_empty(), "{:#?}", all(&source));
}

#[test]
fn pull_quotes_are_reported_as_info() {
    let sentence =
        "It was done by a human hand and there are traces of a drill sliding along the surface.";
    let source = page(&format!(
        "<p>Rogozin said the hole was made on purpose. {sentence}</p>\n\
         <blockquote class=\"wp-block-pullquote\"><p>{sentence}</p></blockquote>\n\
         <aside><p>Rogozin said the hole was made on purpose. {sentence}</p></aside>"
    ));
    // The `aside` copy is outside the article scope (asides are furniture),
    // so only the pull quote in the body repeats the sentence: at info.
    let found = all(&source);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Info, "{found:#?}");
    assert_eq!(found[0].rule, "duplicate-sentence");
}

#[test]
fn many_distinct_paragraphs_give_no_findings() {
    let body: String = (0..2_000)
        .map(|i| {
            format!(
                "<p>Paragraph number {i} talks about item {} and then mentions the weather in city {} today.</p>\n",
                i * 7,
                i * 13
            )
        })
        .collect();
    // Only figures differ between these paragraphs: a template, not a slip.
    assert!(all(&page(&body)).is_empty());
}

#[test]
fn human_output_of_the_seed_finding() {
    let source = SourceFile::read(Path::new("fixtures/seed/article.html")).expect("seed fixture");
    let diagnostics = check(&NearDuplicateParagraph, &source);
    let report = Report {
        files: vec![FileResult {
            source: Arc::new(source),
            diagnostics,
            page: None,
        }],
        failures: vec![],
        rules: vec![],
    };
    let mut out = Vec::new();
    render::render(
        &report,
        OutputFormat::Human,
        &RenderOptions {
            color: false,
            show_statistics: false,
            quiet: false,
        },
        &mut out,
    )
    .expect("render");
    insta::assert_snapshot!(String::from_utf8(out).expect("utf-8"));
}
