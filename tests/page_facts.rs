//! What several rules learn about a page is computed once and shared through
//! the lint run (page facts), and configuration reaches every rule and
//! command that reads it: the credit patterns a project extends on
//! `missing-image-credit` are the ones `caption-credit-format` and
//! `copydesk blocks --show-metadata` use.

use copydesk::config::{CliOverrides, ConfigLoader, Settings};
use copydesk::lint::{lint_source, load_resources};
use copydesk::source::SourceFile;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// A page whose only credit uses a German phrase the built-in patterns do
/// not know.
const GERMAN_CREDIT: &str = "<!doctype html><html lang=en><head>\
    <meta property=\"og:type\" content=\"article\"><meta name=\"author\" content=\"Jane Roe\">\
    </head><body><article><h1>Launch</h1>\n\
    <figure><img src=\"/a/launch.jpg\" alt=\"The launch\" width=\"800\">\
    <figcaption>Liftoff. Bildnachweis: Hans Meier</figcaption></figure>\n\
    <p>The rocket rose from the pad on a clear morning.</p>\n\
    </article></body></html>\n";

/// A project folder with `config` as its copydesk.toml and `page` in it.
fn project(config: &str, page: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config_path = dir.path().join("copydesk.toml");
    std::fs::write(&config_path, config).expect("write config");
    let page_path = dir.path().join("page.html");
    std::fs::write(&page_path, page).expect("write page");
    (dir, config_path, page_path)
}

fn settings(config: &Path, page: &Path) -> Arc<Settings> {
    ConfigLoader::new(CliOverrides {
        config: Some(config.to_owned()),
        ..CliOverrides::default()
    })
    .expect("config loads")
    .settings_for(page)
    .expect("settings")
}

/// `(rule, flagged text)` of every finding on `page` under `config`.
fn findings(config: &str, page: &str) -> Vec<(String, String)> {
    let (_dir, config_path, page_path) = project(config, page);
    let settings = settings(&config_path, &page_path);
    let resources = load_resources(&settings.glossaries).expect("resources");
    let source = SourceFile::from_text(page_path, page);
    lint_source(&source, &settings, &resources)
        .expect("lints")
        .iter()
        .map(|d| (d.rule.to_owned(), source.slice(d.range).to_owned()))
        .collect()
}

const GERMAN_CONFIG: &str = "extend-select = [\"caption-credit-format\"]\n\
    [rules.missing-image-credit]\nextra_patterns = [\"Bildnachweis:\"]\n";

#[test]
fn extra_patterns_on_missing_image_credit_reach_caption_credit_format() {
    let found = findings(GERMAN_CONFIG, GERMAN_CREDIT);
    // The image has its credit...
    assert!(
        !found.iter().any(|(rule, _)| rule == "missing-image-credit"),
        "{found:?}"
    );
    // ... and the house-pattern rule sees the same credit, off the pattern.
    assert!(
        found.contains(&(
            "caption-credit-format".to_owned(),
            "Bildnachweis: Hans Meier".to_owned()
        )),
        "{found:?}"
    );
}

#[test]
fn without_extra_patterns_the_german_credit_is_no_credit() {
    let found = findings(
        "extend-select = [\"caption-credit-format\"]\n",
        GERMAN_CREDIT,
    );
    assert!(
        found.contains(&(
            "missing-image-credit".to_owned(),
            "<img src=\"/a/launch.jpg\" alt=\"The launch\" width=\"800\">".to_owned()
        )),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(rule, _)| rule == "caption-credit-format"),
        "{found:?}"
    );
}

#[test]
fn blocks_show_metadata_uses_the_configured_credit_patterns() {
    let (_dir, config_path, page_path) = project(GERMAN_CONFIG, GERMAN_CREDIT);
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["blocks", "--show-metadata", "--config"])
        .arg(&config_path)
        .arg(&page_path)
        .output()
        .expect("copydesk runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("image: launch.jpg at 2:9: credit \"Bildnachweis: Hans Meier\" (caption)"),
        "{text}"
    );
}

#[test]
fn credit_patterns_are_built_once_per_run_not_per_file() {
    let (_dir, config_path, page_path) = project(GERMAN_CONFIG, GERMAN_CREDIT);
    let settings = settings(&config_path, &page_path);
    let resources = load_resources(&settings.glossaries).expect("resources");
    for name in ["a.html", "b.html", "c.html"] {
        let source = SourceFile::from_text(name, GERMAN_CREDIT);
        let found = lint_source(&source, &settings, &resources).expect("lints");
        assert!(
            !found.iter().any(|d| d.rule == "missing-image-credit"),
            "{found:?}"
        );
    }
    assert_eq!(resources.credit_patterns.built(), 1);
}

/// A page with an accent-only variant of a glossary term ("Aunon" for
/// "Auñón") and a misspelling of another ("Soyug-FG").
const GLOSSARY_PAGE: &str = "<!doctype html><html lang=en><body><article>\n\
    <p>NASA astronaut Serena Aunon-Chancellor rode to space atop a Soyug-FG rocket \
    from the launch site, and the crew docked with the station after a short flight.</p>\n\
    </article></body></html>\n";

#[test]
fn glossary_diacritics_finds_the_same_whether_or_not_glossary_spelling_runs() {
    let both = findings("", GLOSSARY_PAGE);
    let alone = findings("ignore = [\"glossary-spelling\"]\n", GLOSSARY_PAGE);
    let diacritics = |found: &[(String, String)]| -> Vec<(String, String)> {
        found
            .iter()
            .filter(|(rule, _)| rule == "glossary-diacritics")
            .cloned()
            .collect()
    };
    assert_eq!(
        diacritics(&both),
        [(
            "glossary-diacritics".to_owned(),
            "Aunon-Chancellor".to_owned()
        )]
    );
    assert_eq!(diacritics(&alone), diacritics(&both));
    assert!(
        both.contains(&("glossary-spelling".to_owned(), "Soyug-FG".to_owned())),
        "{both:?}"
    );
    assert!(!alone.iter().any(|(rule, _)| rule == "glossary-spelling"));
}

/// Rules share what they know through the page facts, never through each
/// other: no rule file names another rule's module.
#[test]
fn rules_do_not_import_each_other() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let rules: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/rules")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs")
                .filter(|stem| *stem != "mod")
                .map(str::to_owned)
        })
        .collect();
    assert!(rules.len() > 5, "{rules:?}");
    // Helper modules of a family of rules (`repeats`) are not rules and may
    // be shared; only modules that are rules are checked.
    let rule_ids: Vec<String> = copydesk::rules::registry()
        .iter()
        .map(|r| r.meta().id.replace('-', "_"))
        .collect();
    // Known and being moved out by the split of the repeat rules (issue 9):
    // a default shared between two duplicate rules.
    let pending = [("duplicate_sentence", "near_duplicate_paragraph")];
    for file in &rules {
        let text = std::fs::read_to_string(dir.join(format!("{file}.rs"))).expect("rule file");
        for other in rule_ids.iter().filter(|other| *other != file) {
            if pending.contains(&(file.as_str(), other.as_str())) {
                continue;
            }
            for form in [
                format!("rules::{other}::"),
                format!("rules::{other};"),
                format!("super::{other}::"),
            ] {
                assert!(
                    !text.contains(&form),
                    "src/rules/{file}.rs uses the rule module `{other}`"
                );
            }
        }
    }
}

/// An article without a byline, with an uncredited photo, a misspelled
/// glossary term and a word printed twice: something for each rule below.
const EVERY_FACT_PAGE: &str = "<!doctype html><html lang=en><head>\
    <meta property=\"og:type\" content=\"article\"></head><body><article><h1>Launch</h1>\n\
    <figure><img src=\"/a/launch.jpg\" alt=\"The launch\" width=\"800\">\
    <figcaption>The rocket on the pad at dawn.</figcaption></figure>\n\
    <p>NASA astronaut Serena Aunon-Chancellor rode to space atop a Soyug-FG rocket \
    from the launch site, and the the crew docked with the station after a short flight.</p>\n\
    </article></body></html>\n";

/// The facts computed when only `enabled` rules run on [`EVERY_FACT_PAGE`].
fn computed_with(enabled: &[&str]) -> Vec<&'static str> {
    let quoted: Vec<String> = enabled.iter().map(|r| format!("\"{r}\"")).collect();
    let config = format!("select = [{}]\n", quoted.join(", "));
    let page = EVERY_FACT_PAGE;
    let (_dir, config_path, page_path) = project(&config, page);
    let settings = settings(&config_path, &page_path);
    let resources = load_resources(&settings.glossaries).expect("resources");
    let source = SourceFile::from_text(page_path, page);
    let doc = copydesk::document::Document::parse_scoped(
        &source,
        &settings.scope_content,
        &settings.scope_exclude,
    )
    .expect("parses");
    let facts = copydesk::facts::PageFacts::new(&doc, &resources.glossary);
    let found = copydesk::lint::run_rules(&facts, &settings, &resources);
    // The rules did run: the page has something for each of them.
    for rule in enabled {
        assert!(
            found.iter().any(|d| d.rule == *rule),
            "{rule} found nothing: {found:?}"
        );
    }
    facts.computed()
}

/// Nothing is computed for a rule that is switched off: the byline and
/// image-credit walks, the glossary search and the page's words each run
/// only when an enabled rule asks for them.
#[test]
fn switched_off_rules_cost_nothing() {
    assert_eq!(computed_with(&[]), Vec::<&str>::new());
    assert_eq!(computed_with(&["repeated-word"]), ["tokens"]);
    assert_eq!(computed_with(&["missing-byline"]), ["metadata"]);
    let credit = computed_with(&["missing-image-credit"]);
    assert!(credit.contains(&"images"), "{credit:?}");
    assert!(
        !credit.contains(&"glossary") && !credit.contains(&"tokens"),
        "{credit:?}"
    );
    let glossary = computed_with(&["glossary-spelling"]);
    assert!(glossary.contains(&"glossary"), "{glossary:?}");
    assert!(
        !glossary.contains(&"metadata") && !glossary.contains(&"images"),
        "{glossary:?}"
    );
}
