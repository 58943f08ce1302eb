//! Glossary loading and the glossary rules, end to end: HTML in, diagnostics
//! with exact spans and fixes out.

use copydesk::config::GlossarySource;
use copydesk::diagnostic::{Diagnostic, Severity};
use copydesk::document::Document;
use copydesk::facts::PageFacts;
use copydesk::glossary::Glossary;
use copydesk::rules::{Resources, RuleContext, find_rule};
use copydesk::source::SourceFile;
use std::path::PathBuf;

fn resources_from_toml(text: &str) -> Resources {
    let terms = Glossary::parse("test.toml", text, true).expect("test glossary parses");
    Resources {
        glossary: Glossary::from_terms(terms),
        ..Resources::default()
    }
}

fn run_with(
    rule: &str,
    source: &SourceFile,
    resources: &Resources,
    options: &toml::Table,
) -> Vec<Diagnostic> {
    let rule = find_rule(rule).expect("rule is registered");
    let doc = Document::parse(source).expect("page parses");
    let facts = PageFacts::new(&doc, &resources.glossary);
    let ctx = RuleContext {
        severity: rule.meta().default_severity,
        options: &rule.meta().options.parse(options).expect("valid options"),
        resources,
        facts: &facts,
    };
    let mut out = Vec::new();
    rule.check(&doc, &ctx, &mut out);
    out
}

fn run(rule: &str, html: &str, resources: &Resources) -> Vec<(String, Option<String>)> {
    let source = SourceFile::from_text("t.html", html);
    run_with(rule, &source, resources, &toml::Table::new())
        .into_iter()
        .map(|d| {
            let fix = d.fix.map(|f| f.edits[0].replacement.clone());
            (source.slice(d.range).to_owned(), fix)
        })
        .collect()
}

fn page(body: &str) -> String {
    format!("<html lang=\"en\"><body><article>{body}</article></body></html>")
}

fn spaceflight() -> Resources {
    Resources::load(&[GlossarySource::Builtin("spaceflight".to_owned())]).expect("pack loads")
}

/// Where a diagnostic is: 1-based line and column, and the flagged source.
fn located(source: &SourceFile, d: &Diagnostic) -> (usize, usize, String) {
    let lc = source.line_column(d.range.start);
    (lc.line, lc.column, source.slice(d.range).to_owned())
}

// --- the seed article ---

#[test]
fn seed_article_misspellings_are_found_with_exact_spans_and_safe_fixes() {
    let source = SourceFile::read(&PathBuf::from("fixtures/seed/article.html")).expect("seed");
    let resources = spaceflight();
    let found = run_with(
        "glossary-spelling",
        &source,
        &resources,
        &toml::Table::new(),
    );
    let summary: Vec<_> = found
        .iter()
        .map(|d| {
            let fix = d.fix.as_ref().expect("one candidate: a fix");
            assert!(fix.is_safe(), "{d:?}");
            assert_eq!(fix.edits[0].range, d.range);
            (located(&source, d), fix.edits[0].replacement.clone())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ((86, 279, "Soyug-FG".to_owned()), "Soyuz-FG".to_owned()),
            ((92, 346, "Alexy".to_owned()), "Aleksey".to_owned()),
            (
                (94, 341, "micrometeroid".to_owned()),
                "micrometeoroid".to_owned()
            ),
        ]
    );
    assert!(
        found[1].message.contains("`Aleksey Ovchinin`"),
        "{}",
        found[1].message
    );

    let accents = run_with(
        "glossary-diacritics",
        &source,
        &resources,
        &toml::Table::new(),
    );
    assert_eq!(accents.len(), 1, "{accents:?}");
    let d = &accents[0];
    assert_eq!(located(&source, d), (86, 67, "Aunon-Chancellor".to_owned()));
    assert_eq!(d.severity, Severity::Info);
    let fix = d.fix.as_ref().expect("a suggestion");
    assert!(!fix.is_safe(), "accents are an editorial choice");
    assert_eq!(fix.edits[0].replacement, "Auñón-Chancellor");

    // The seed's names are spelled consistently: nothing to report.
    let inconsistent = run_with(
        "inconsistent-spelling",
        &source,
        &resources,
        &toml::Table::new(),
    );
    assert!(inconsistent.is_empty(), "{inconsistent:?}");
}

#[test]
fn diacritics_can_be_reported_as_spelling() {
    let mut options = toml::Table::new();
    options.insert("include-diacritics".to_owned(), toml::Value::Boolean(true));
    let source = SourceFile::from_text(
        "t.html",
        page("<p>NASA astronaut Serena Aunon-Chancellor flew on the Soyuz.</p>"),
    );
    let found = run_with("glossary-spelling", &source, &spaceflight(), &options);
    assert_eq!(found.len(), 1);
    assert_eq!(source.slice(found[0].range), "Aunon-Chancellor");
    assert!(found[0].fix.as_ref().is_some_and(|f| f.is_safe()));
}

// --- near misses ---

const PEOPLE: &str = r#"
[[term]]
term = "Aleksey Ovchinin"
aliases = ["Ovchinin"]

[[term]]
term = "Kennedy Space Center"

[[term]]
term = "Soyuz MS-09"

[[term]]
term = "Soyuz MS-08"

[[term]]
term = "Tyler Nicklaus Hague"
aliases = ["Hague"]

[[term]]
term = "micrometeoroid"

[[term]]
term = "Meteor"

[[term]]
term = "Gambia"
"#;

#[test]
fn near_misses_are_one_edit_in_one_word_of_a_term() {
    let r = resources_from_toml(PEOPLE);
    let flagged = |body: &str| run("glossary-spelling", &page(body), &r);
    // Insertion, transposition, deletion; possessive kept out of the span.
    assert_eq!(
        flagged("<p>The cosmonaut Ovchinnin's crew landed safely on Thursday.</p>"),
        [("Ovchinnin".to_owned(), Some("Ovchinin".to_owned()))]
    );
    assert_eq!(
        flagged("<p>A tiny micrometoeroid may have hit the module.</p>"),
        [(
            "micrometoeroid".to_owned(),
            Some("micrometeoroid".to_owned())
        )]
    );
    // Sentence-initial capital is kept in the replacement.
    assert_eq!(
        flagged("<p>Micrometeroid strikes were ruled out by the agency.</p>"),
        [(
            "Micrometeroid".to_owned(),
            Some("Micrometeoroid".to_owned())
        )]
    );
    // A word of a multi-word term only counts with the term's other words.
    assert_eq!(
        flagged("<p>They flew from Kennedi Space Center in Florida.</p>"),
        [("Kennedi".to_owned(), Some("Kennedy".to_owned()))]
    );
    assert!(flagged("<p>Walter Kennedi said the launch went well.</p>").is_empty());
}

#[test]
fn markup_inside_the_span_means_no_fix() {
    let r = resources_from_toml(PEOPLE);
    let found = run(
        "glossary-spelling",
        &page("<p>The cosmonaut Ovch&#105;nnin landed safely on Thursday.</p>"),
        &r,
    );
    assert_eq!(found, [("Ovch&#105;nnin".to_owned(), None)]);
}

#[test]
fn precision_english_words_names_short_words_and_numbers_are_not_flagged() {
    let r = resources_from_toml(PEOPLE);
    let flagged = |body: &str| run("glossary-spelling", &page(body), &r);
    // English words one edit from a term ("meteors" is an inflection,
    // "meteor" a word; lowercase never matches the capitalised "Meteor").
    assert!(flagged("<p>The meteors and a metier were seen by the crew.</p>").is_empty());
    // A known name one edit from a term: Gambia / Gamboa is not in names.txt
    // but "Hague"'s neighbour "Haig" is too short, and names.txt names pass.
    assert!(flagged("<p>General Haig met reporters in the capital today.</p>").is_empty());
    assert!(flagged("<p>The novelist Hughes wrote about the Hagues later.</p>").is_empty());
    // Digits differ: another flight, not a typo.
    assert!(flagged("<p>The crew of Soyuz MS-07 returned to Earth today.</p>").is_empty());
    // Short words need an explicit wrong form.
    assert!(flagged("<p>The Meter crew returned to Earth on Thursday.</p>").is_empty());
    // Part of another person's name.
    assert!(flagged("<p>Reporter Suzanne Gamboa wrote the story on Thursday.</p>").is_empty());
    // Spelled the same way twice while the term never appears: another name.
    assert!(
        flagged("<p>Ovchinen spoke first. Later, Ovchinen spoke again at length.</p>").is_empty()
    );
}

#[test]
fn several_candidates_are_listed_without_a_fix() {
    let r = resources_from_toml("[[term]]\nterm = \"Kaminsky\"\n\n[[term]]\nterm = \"Kaminski\"\n");
    let source = SourceFile::from_text(
        "t.html",
        page("<p>The cosmonaut Kaminsko spoke to reporters on Thursday.</p>"),
    );
    let found = run_with("glossary-spelling", &source, &r, &toml::Table::new());
    assert_eq!(found.len(), 1);
    assert!(found[0].fix.is_none());
    assert!(
        found[0].message.contains("`Kaminsky`, `Kaminski`"),
        "{}",
        found[0].message
    );
}

#[test]
fn wrong_forms_are_flagged_at_any_length() {
    let r = resources_from_toml("[[term]]\nterm = \"Jon\"\nwrong = [\"Jhon\"]\n");
    assert_eq!(
        run("glossary-spelling", &page("<p>Jhon said hello.</p>"), &r),
        [("Jhon".to_owned(), Some("Jon".to_owned()))]
    );
}

#[test]
fn no_glossary_no_findings() {
    let r = Resources::default();
    assert!(run("glossary-spelling", &page("<p>Soyug-FG rocket.</p>"), &r).is_empty());
}

// --- loading ---

fn load_file(name: &str, text: &str) -> Result<Glossary, String> {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    Glossary::load(&[GlossarySource::File(path.clone())])
        .map_err(|e| e.to_string().replace(&path.display().to_string(), "FILE"))
}

#[test]
fn load_errors_name_the_file_line_and_column() {
    assert_eq!(
        load_file(
            "g.toml",
            "[[term]]\nterm = \"A\"\n\n[[term]]\nterm = \"Ok\"\nalias = [\"x\"]\n"
        )
        .expect_err("unknown key")
        .split('\n')
        .next(),
        Some(
            "FILE:6:1: unknown field `alias`, expected one of `term`, `aliases`, `wrong`, `note`, `case_sensitive`, `tests`"
        )
    );
    assert!(
        load_file("g.toml", "[[term]]\nterm = \"A\n")
            .expect_err("syntax")
            .starts_with("FILE:2:")
    );
    assert_eq!(
        load_file(
            "g.toml",
            "[[term]]\nterm = \"Soyuz\"\n\n[[term]]\nterm = \"Zarya\"\nwrong = [\"zarya\"]\n"
        )
        .expect_err("wrong is correct"),
        "FILE:6:10: wrong form `zarya` is also a correct spelling of `Zarya`"
    );
    assert_eq!(
        load_file("g.toml", "[[term]]\nterm = \" - \"\n").expect_err("no letters"),
        "FILE:2:8: term ` - ` has no letters or digits"
    );
    assert_eq!(
        load_file("g.txt", "# comment\nGhana\n\n---\n").expect_err("txt"),
        "FILE:4:1: `---` is not a term (it has no letters or digits)"
    );
    assert_eq!(
        load_file("g.csv", "Ghana\n").expect_err("format"),
        "FILE: unknown glossary format (the file name must end in .txt or .toml)"
    );
    let missing = Glossary::load(&[GlossarySource::File(PathBuf::from("/no/such/g.txt"))])
        .expect_err("missing");
    assert!(
        missing
            .to_string()
            .starts_with("/no/such/g.txt: cannot read glossary: ")
    );
}

#[test]
fn a_failing_inline_test_fails_the_load_at_its_line() {
    let text = "[[term]]\nterm = \"Soyuz-FG\"\ntests = [\n  [\"Soyuz-FG\", \"Soyuz-FG\"],\n]\n\n\
                [[term]]\nterm = \"Prokopyev\"\ntests = [[\"Prokopiev\", \"Prokopyev\"], [\"Prokopov\", \"Prokopyev\"]]\n";
    assert_eq!(
        load_file("g.toml", text).expect_err("inline test fails"),
        "FILE:4: inline test failed: `Soyuz-FG` is not flagged (expected `Soyuz-FG`)"
    );
    let text = "[[term]]\nterm = \"Prokopyev\"\ntests = [[\"Prokopiev\", \"Prokopyev\"], [\"Prokopov\", \"Prokopyev\"]]\n";
    assert_eq!(
        load_file("g.toml", text).expect_err("second test fails"),
        "FILE:3: inline test failed: `Prokopov` is not flagged (expected `Prokopyev`)"
    );
    assert!(
        load_file(
            "g.toml",
            "[[term]]\nterm = \"Prokopyev\"\ntests = [[\"Prokopiev\", \"Prokopyev\"]]\n"
        )
        .is_ok()
    );
}

#[test]
fn txt_acronyms_are_case_sensitive_and_never_fuzzy() {
    let g = load_file("g.txt", "NATO\nGuinea-Bissau\n").expect("loads");
    assert!(g.terms()[0].case_sensitive);
    assert!(!g.terms()[1].case_sensitive);
    assert_eq!(g.suggest("the NATOO summit"), None);
    assert_eq!(
        g.suggest("in Guinea-Bisau today").as_deref(),
        Some("in Guinea-Bissau today")
    );
}

// --- inconsistent spelling ---

#[test]
fn inconsistent_spelling_flags_the_minority_with_an_unsafe_fix() {
    let r = Resources::default();
    let html = page(
        "<p>Ovchinin commanded the flight. Ovchinin said the crew was fine.</p>\
         <p>Later Ovchinin's crew and Ovchinnin waved to reporters.</p>",
    );
    let source = SourceFile::from_text("t.html", html);
    let found = run_with("inconsistent-spelling", &source, &r, &toml::Table::new());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(source.slice(found[0].range), "Ovchinnin");
    let fix = found[0].fix.as_ref().expect("suggestion");
    assert!(!fix.is_safe());
    assert_eq!(fix.edits[0].replacement, "Ovchinin");
    assert_eq!(source.slice(found[0].related[0].range), "Ovchinin");
}

#[test]
fn inconsistent_spelling_leaves_real_variants_alone() {
    let r = Resources::default();
    let none = |body: &str| {
        let found = run("inconsistent-spelling", &page(body), &r);
        assert!(found.is_empty(), "{body}: {found:?}");
    };
    // Different people (names.txt) and short names.
    none("<p>Allen spoke. Allen left. Allen returned. Allan stayed.</p>");
    none("<p>John spoke. John left. John returned. Jon stayed.</p>");
    // A changed letter makes another name; an added final letter is grammar.
    none("<p>Whyte spoke. Whyte left. Whyte returned. White stayed home.</p>");
    none("<p>Ivanov spoke. Ivanov left. Ivanov returned. Ivanova stayed.</p>");
    // Plurals, possessives and English words.
    none("<p>Zarkovs came. Zarkov's wife. Zarkov left. Zarkov stayed.</p>");
    // Both spellings equally common: no majority to suggest.
    none("<p>Garrett spoke. Garett left. Garrett ran. Garett sat.</p>");
}
