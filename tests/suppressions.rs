//! Inline suppressions on pages with several of them: which regions an
//! enable ends, and nested ones (the one-pass matching in `suppress.rs`
//! must judge every region as the per-directive walk it replaced did).

use copydesk::config::{CliOverrides, ConfigLoader};
use copydesk::lint::lint_source;
use copydesk::rules::Resources;
use copydesk::source::SourceFile;

/// `line:rule` of every finding on a page, with the default settings.
fn findings(html: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("copydesk.toml");
    std::fs::write(&config, "").unwrap();
    let loader = ConfigLoader::new(CliOverrides {
        config: Some(config),
        ..CliOverrides::default()
    })
    .unwrap();
    let settings = loader.settings_for(&dir.path().join("a.html")).unwrap();
    let resources = Resources::load(&settings.glossaries).unwrap();
    let source = SourceFile::from_text(dir.path().join("a.html"), html);
    lint_source(&source, &settings, &resources)
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", source.line_column(d.range.start).line, d.rule))
        .collect()
}

#[test]
fn an_enable_naming_a_rule_ends_only_the_regions_naming_it() {
    let html = "<html lang=en><body>\n\
        <!-- copydesk-disable repeated-word, doubled-punctuation -->\n\
        <!-- copydesk-disable -->\n\
        <!-- copydesk-enable repeated-word -->\n\
        <p>one the the,, x</p>\n\
        <!-- copydesk-enable -->\n\
        <p>two the the,, x</p>\n\
        </body></html>";
    assert_eq!(
        findings(html),
        [
            "2:unused-suppression",
            "7:repeated-word",
            "7:doubled-punctuation"
        ],
        "the first region ends at line 4 (empty), the bare one at line 6"
    );
}

#[test]
fn nested_ignored_elements_and_stacked_directives_are_each_used() {
    let html = "<html lang=en><body>\n\
        <div data-copydesk-ignore=\"repeated-word\">\n\
        <div data-copydesk-ignore=\"doubled-punctuation\"><p>one the the,, x</p></div>\n\
        </div>\n\
        <!-- copydesk-disable-next repeated-word -->\n\
        <!-- copydesk-disable-next doubled-punctuation -->\n\
        <p>two the the,, x</p>\n\
        </body></html>";
    assert_eq!(findings(html), Vec::<String>::new());
}

#[test]
fn a_disable_next_with_no_element_after_it_is_dropped() {
    let html = "<html lang=en><body><p>one the the x</p></body></html>\n\
        <!-- copydesk-disable-next repeated-word -->";
    assert_eq!(findings(html), ["1:repeated-word"]);
}
