use super::file::line_col;
use super::options::{check_option, check_options};
use super::*;
use crate::rules::meta::FixAvailability;
use crate::rules::options::{OptionKind, OptionSpec, OptionsSchema, RuleOptions};
use serde::{Deserialize, Serialize};
use std::fs;
use tempfile::TempDir;
use toml::de::DeTable;

mod options;

// Stand-in rules, so these tests do not change meaning when real rules
// change their options.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
struct NearDupOptions {
    threshold: f64,
    min_words: usize,
}

impl Default for NearDupOptions {
    fn default() -> Self {
        NearDupOptions {
            threshold: 0.85,
            min_words: 8,
        }
    }
}

impl RuleOptions for NearDupOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "threshold",
            kind: OptionKind::FRACTION,
            doc: "",
        },
        OptionSpec {
            name: "min-words",
            kind: OptionKind::at_least(1),
            doc: "",
        },
    ];
}

static NEAR_DUP: RuleMeta = RuleMeta {
    id: "near-duplicate-paragraph",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "",
    fix: FixAvailability::None,
    source: "",
    options: OptionsSchema::of::<NearDupOptions>(),
};

static BYLINE: RuleMeta = RuleMeta {
    id: "missing-byline",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "",
    fix: FixAvailability::None,
    source: "",
    options: OptionsSchema::NONE,
};

static CREDIT: RuleMeta = RuleMeta {
    id: "caption-credit-format",
    default_severity: Severity::Info,
    enabled_by_default: false,
    summary: "",
    fix: FixAvailability::None,
    source: "",
    options: OptionsSchema::NONE,
};

fn rules() -> Vec<&'static RuleMeta> {
    vec![&NEAR_DUP, &BYLINE, &CREDIT]
}

fn loader(cli: CliOverrides) -> ConfigLoader {
    match ConfigLoader::with_rules(cli, rules()) {
        Ok(loader) => loader,
        Err(e) => panic!("loader: {e}"),
    }
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("create test folder");
    }
    fs::write(path, text).expect("write test file");
}

fn settings(loader: &ConfigLoader, file: &Path) -> Arc<Settings> {
    match loader.settings_for(file) {
        Ok(settings) => settings,
        Err(e) => panic!("settings_for {}: {e}", file.display()),
    }
}

fn rule<'s>(settings: &'s Settings, id: &str) -> &'s RuleSettings {
    settings.rule(id).expect("rule in settings")
}

fn source_of<'s>(settings: &'s Settings, key: &str) -> &'s str {
    settings
        .provenance
        .iter()
        .find(|p| p.key == key)
        .map(|p| p.source.as_str())
        .expect("provenance entry")
}

/// Parses `text` as `/project/copydesk.toml` and returns the error's Display.
fn parse_error(text: &str) -> String {
    match ConfigFile::parse_str(text, Path::new("/project/copydesk.toml"), &rules()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

// --- built-in defaults and the registry ---

#[test]
fn built_in_defaults_parse_with_the_real_registry() {
    let registry: Vec<_> = crate::rules::registry().iter().map(|r| r.meta()).collect();
    let built_in = ConfigFile::built_in(&registry).expect("rules/defaults.toml is valid");
    assert!(built_in.path().is_none());
    let content = built_in.scope_content.expect("defaults set scope.content");
    assert_eq!(content.value.len(), 9);
    assert_eq!(content.value[0], "[itemprop=articleBody]");
    assert_eq!(built_in.scope_exclude.len(), 15);
}

#[test]
fn loader_with_the_real_registry_lists_every_rule() {
    let dir = TempDir::new().expect("tempdir");
    let loader = ConfigLoader::new(CliOverrides::default()).expect("loader");
    let s = settings(&loader, &dir.path().join("a.html"));
    assert_eq!(s.rules.len(), crate::rules::registry().len());
    assert!(loader.warnings().is_empty());
    assert!(rule(&s, "repeated-word").enabled);
}

#[test]
fn default_scope_lists_need_no_registry() {
    let (content, exclude) = default_scope_lists();
    assert_eq!(content.len(), 9);
    assert_eq!(exclude.len(), 15);
}

#[test]
fn line_col_is_one_based_and_counts_characters() {
    let text = "ab\n\u{e9}t\u{e9} = 1\n";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 3), (2, 1));
    // "été" is 5 bytes; the space after it is column 4.
    assert_eq!(line_col(text, 8), (2, 4));
    assert_eq!(line_col(text, 1000), (3, 1));
}

// --- discovery ---

#[test]
fn discovery_walks_up_and_the_nearest_config_wins() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("copydesk.toml"),
        "ignore = [\"missing-byline\"]\n",
    );
    write(&root.join("a/copydesk.toml"), "fail-on = \"error\"\n");
    fs::create_dir_all(root.join("a/b/c")).expect("mkdir");

    assert_eq!(
        find_config(&root.join("a/b/c")),
        Some(normalize(&root.join("a/copydesk.toml")))
    );
    assert_eq!(
        find_config(root),
        Some(normalize(&root.join("copydesk.toml")))
    );

    let loader = loader(CliOverrides::default());
    let nested = settings(&loader, &root.join("a/b/c/story.html"));
    assert_eq!(nested.fail_on, Some(Severity::Error));
    // Configs do not cascade: the nearest file alone applies.
    assert!(rule(&nested, "missing-byline").enabled);
    let top = settings(&loader, &root.join("story.html"));
    assert!(!rule(&top, "missing-byline").enabled);
    assert_eq!(top.fail_on, None);
}

#[test]
fn explicit_config_bypasses_discovery() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(&root.join("site/copydesk.toml"), "fail-on = \"error\"\n");
    write(&root.join("ci/strict.toml"), "fail-on = \"info\"\n");
    let loader = loader(CliOverrides {
        config: Some(root.join("ci/strict.toml")),
        ..CliOverrides::default()
    });
    let s = settings(&loader, &root.join("site/story.html"));
    assert_eq!(s.fail_on, Some(Severity::Info));
}

#[test]
fn explicit_config_is_validated_up_front() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("strict.toml");
    write(&path, "fail-on = \"loud\"\n");
    let err = ConfigLoader::with_rules(
        CliOverrides {
            config: Some(path.clone()),
            ..CliOverrides::default()
        },
        rules(),
    )
    .expect_err("bad --config file");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1:11: invalid `fail-on` value `loud`: expected \"error\", \"warning\" or \"info\"",
            path.display()
        )
    );
}

#[test]
fn no_config_gives_the_built_in_defaults() {
    let dir = TempDir::new().expect("tempdir");
    let s = settings(&loader(CliOverrides::default()), &dir.path().join("a.html"));
    assert!(rule(&s, "near-duplicate-paragraph").enabled);
    assert!(!rule(&s, "caption-credit-format").enabled);
    assert_eq!(s.scope_content.len(), 9);
    assert_eq!(s.scope_exclude.len(), 15);
    // rules/defaults.toml turns every built-in glossary pack on.
    assert_eq!(
        s.glossaries,
        ["countries", "organizations", "spaceflight", "us-states"]
            .map(|n| GlossarySource::Builtin(n.to_owned()))
    );
    assert_eq!(source_of(&s, "rules.missing-byline.enabled"), "built-in");
}

// --- layering ---

const LAYERED: &str = r#"extend-select = ["caption-credit-format"]
ignore = ["missing-byline"]

[rules.near-duplicate-paragraph]
threshold = 0.9
severity = "error"

[[overrides]]
paths = ["blog/**/*.html"]
extend-select = ["missing-byline"]
[overrides.rules.near-duplicate-paragraph]
threshold = 0.7
severity = "info"

[[overrides]]
paths = ["blog/drafts/*.html"]
[overrides.rules.near-duplicate-paragraph]
severity = "off"
"#;

#[test]
fn file_layer_beats_built_in() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("copydesk.toml"), LAYERED);
    let s = settings(
        &loader(CliOverrides::default()),
        &dir.path().join("news/a.html"),
    );
    let config = normalize(&dir.path().join("copydesk.toml"));
    assert!(rule(&s, "caption-credit-format").enabled);
    assert!(!rule(&s, "missing-byline").enabled);
    let near = rule(&s, "near-duplicate-paragraph");
    assert_eq!(near.severity, Severity::Error);
    assert_eq!(
        near.options.get("threshold"),
        Some(&toml::Value::Float(0.9))
    );
    assert_eq!(
        near.options.get("min-words"),
        Some(&toml::Value::Integer(8))
    );
    assert_eq!(
        source_of(&s, "rules.near-duplicate-paragraph.threshold"),
        format!("{}:5", config.display())
    );
    assert_eq!(
        source_of(&s, "rules.near-duplicate-paragraph.min-words"),
        "built-in"
    );
    assert_eq!(
        source_of(&s, "rules.missing-byline.enabled"),
        format!("{}:2", config.display())
    );
}

#[test]
fn matching_overrides_apply_in_order_over_the_file() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("copydesk.toml"), LAYERED);
    let loader = loader(CliOverrides::default());

    let blog = settings(&loader, &dir.path().join("blog/2024/a.html"));
    let near = rule(&blog, "near-duplicate-paragraph");
    assert!(near.enabled);
    assert_eq!(near.severity, Severity::Info);
    assert_eq!(
        near.options.get("threshold"),
        Some(&toml::Value::Float(0.7))
    );
    assert!(rule(&blog, "missing-byline").enabled);

    // Both overrides match; the later one switches the rule off, the earlier
    // one's options still stand.
    let draft = settings(&loader, &dir.path().join("blog/drafts/a.html"));
    let near = rule(&draft, "near-duplicate-paragraph");
    assert!(!near.enabled);
    assert_eq!(
        near.options.get("threshold"),
        Some(&toml::Value::Float(0.7))
    );
}

#[test]
fn override_globs_are_relative_to_the_config_folder() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("site/copydesk.toml"), LAYERED);
    let loader = loader(CliOverrides::default());
    let threshold = |file: &str| {
        let s = settings(&loader, &dir.path().join(file));
        rule(&s, "near-duplicate-paragraph")
            .options
            .get("threshold")
            .cloned()
    };
    assert_eq!(
        threshold("site/blog/x/a.html"),
        Some(toml::Value::Float(0.7))
    );
    // `**/` also matches zero folders.
    assert_eq!(threshold("site/blog/a.html"), Some(toml::Value::Float(0.7)));
    // Relative to site/, not to the working directory or any `blog` folder.
    assert_eq!(
        threshold("site/news/blog/a.html"),
        Some(toml::Value::Float(0.9))
    );
    // A relative file path with `..` is normalized before matching.
    let roundabout = format!("{}/site/news/../blog/a.html", dir.path().display());
    assert_eq!(
        rule(
            &settings(&loader, Path::new(&roundabout)),
            "near-duplicate-paragraph"
        )
        .options
        .get("threshold"),
        Some(&toml::Value::Float(0.7))
    );
}

#[test]
fn single_star_does_not_cross_folders() {
    let dir = TempDir::new().expect("tempdir");
    write(
        &dir.path().join("copydesk.toml"),
        "[[overrides]]\npaths = [\"*.html\"]\nignore = [\"ALL\"]\n",
    );
    let loader = loader(CliOverrides::default());
    let top = settings(&loader, &dir.path().join("a.html"));
    assert!(top.rules.values().all(|r| !r.enabled));
    let nested = settings(&loader, &dir.path().join("sub/a.html"));
    assert!(rule(&nested, "missing-byline").enabled);
}

#[test]
fn command_line_beats_file_and_overrides() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("copydesk.toml"), LAYERED);
    let loader = loader(CliOverrides {
        ignore: vec!["near-duplicate-paragraph".to_owned()],
        extend_select: vec!["missing-byline".to_owned()],
        ..CliOverrides::default()
    });
    let s = settings(&loader, &dir.path().join("blog/2024/a.html"));
    assert!(!rule(&s, "near-duplicate-paragraph").enabled);
    assert!(rule(&s, "missing-byline").enabled);
    assert_eq!(
        source_of(&s, "rules.near-duplicate-paragraph.enabled"),
        "command line"
    );
}

#[test]
fn select_replaces_the_enabled_set_and_enables_opt_in_rules() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("copydesk.toml"), LAYERED);
    let loader = loader(CliOverrides {
        select: Some(vec!["caption-credit-format".to_owned()]),
        ..CliOverrides::default()
    });
    let s = settings(&loader, &dir.path().join("blog/a.html"));
    let enabled: Vec<_> = s
        .rules
        .iter()
        .filter(|(_, r)| r.enabled)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(enabled, ["caption-credit-format"]);

    let all = settings(
        &super::ConfigLoader::with_rules(
            CliOverrides {
                select: Some(vec!["ALL".to_owned()]),
                ..CliOverrides::default()
            },
            rules(),
        )
        .expect("loader"),
        &dir.path().join("news/a.html"),
    );
    assert!(all.rules.values().all(|r| r.enabled));
}

#[test]
fn a_severity_level_re_enables_a_rule_and_ignore_wins_within_a_layer() {
    let dir = TempDir::new().expect("tempdir");
    write(
        &dir.path().join("copydesk.toml"),
        r#"ignore = ["missing-byline", "near-duplicate-paragraph"]
[rules.near-duplicate-paragraph]
severity = "error"
[[overrides]]
paths = ["blog/*"]
[overrides.rules.missing-byline]
severity = "error"
"#,
    );
    let loader = loader(CliOverrides::default());
    let news = settings(&loader, &dir.path().join("news.html"));
    assert!(!rule(&news, "near-duplicate-paragraph").enabled);
    assert_eq!(
        rule(&news, "near-duplicate-paragraph").severity,
        Severity::Error
    );
    assert!(!rule(&news, "missing-byline").enabled);
    let blog = settings(&loader, &dir.path().join("blog/a.html"));
    assert!(rule(&blog, "missing-byline").enabled);
    assert_eq!(rule(&blog, "missing-byline").severity, Severity::Error);
}

#[test]
fn scope_content_replaces_and_exclude_extends_or_replaces() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("a/copydesk.toml"),
        "[scope]\ncontent = [\"article .entry-content\", \"main\"]\nexclude = [\".paywall\", \"nav\"]\n",
    );
    write(
        &root.join("b/copydesk.toml"),
        "[scope]\nexclude = [\".paywall\"]\nreplace-exclude = true\n",
    );
    let loader = loader(CliOverrides::default());
    let a = settings(&loader, &root.join("a/x.html"));
    assert_eq!(a.scope_content, ["article .entry-content", "main"]);
    assert_eq!(a.scope_exclude.len(), 16, "`nav` is not repeated");
    assert_eq!(a.scope_exclude.last().map(String::as_str), Some(".paywall"));
    let b = settings(&loader, &root.join("b/x.html"));
    assert_eq!(b.scope_exclude, [".paywall"]);
    assert_eq!(b.scope_content.len(), 9);
}

#[test]
fn glossaries_resolve_against_the_config_folder_in_order_without_duplicates() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(&root.join("site/glossaries/newsroom.toml"), "");
    write(&root.join("extra.toml"), "");
    write(
        &root.join("site/copydesk.toml"),
        "glossaries = [\"builtin:spaceflight\", \"glossaries/newsroom.toml\", \"./glossaries/newsroom.toml\"]\n",
    );
    let loader = loader(CliOverrides {
        glossaries: vec![
            root.join("extra.toml"),
            PathBuf::from("builtin:spaceflight"),
        ],
        ..CliOverrides::default()
    });
    let s = settings(&loader, &root.join("site/a.html"));
    assert_eq!(
        s.glossaries,
        [
            // The built-in packs of rules/defaults.toml come first.
            GlossarySource::Builtin("countries".to_owned()),
            GlossarySource::Builtin("organizations".to_owned()),
            GlossarySource::Builtin("spaceflight".to_owned()),
            GlossarySource::Builtin("us-states".to_owned()),
            GlossarySource::File(normalize(&root.join("site/glossaries/newsroom.toml"))),
            GlossarySource::File(normalize(&root.join("extra.toml"))),
        ]
    );
}

// --- caching ---

#[test]
fn files_sharing_config_and_overrides_share_one_arc() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("copydesk.toml"), LAYERED);
    let loader = loader(CliOverrides::default());
    let a = settings(&loader, &dir.path().join("news/a.html"));
    let b = settings(&loader, &dir.path().join("news/b.html"));
    assert!(Arc::ptr_eq(&a, &b));
    // A different folder with no matching override has the same inputs too.
    let c = settings(&loader, &dir.path().join("sport/c.html"));
    assert!(Arc::ptr_eq(&a, &c));
    let blog = settings(&loader, &dir.path().join("blog/x/a.html"));
    assert!(!Arc::ptr_eq(&a, &blog));
}

#[test]
fn loader_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ConfigLoader>();
}

#[test]
fn a_broken_discovered_config_fails_every_file_under_it() {
    let dir = TempDir::new().expect("tempdir");
    let config = dir.path().join("copydesk.toml");
    write(&config, "select = [\"nope\"]\n");
    let loader = loader(CliOverrides::default());
    for name in ["a.html", "b.html"] {
        let err = loader
            .settings_for(&dir.path().join(name))
            .expect_err("broken config");
        assert_eq!(
            err.to_string(),
            format!(
                "{}:1:11: unknown rule `nope` (`copydesk rules` lists them)",
                normalize(&config).display()
            )
        );
    }
}

// --- errors, each with its exact position ---

#[test]
fn toml_syntax_error_uses_the_parser_position() {
    assert_eq!(
        parse_error("select = [\"missing-byline\",\nfail-on = 1\n"),
        "/project/copydesk.toml:2:9: invalid TOML: unexpected `=` in array, expected value, `]`"
    );
}

#[test]
fn unknown_top_level_key_lists_valid_keys_and_suggests() {
    assert_eq!(
        parse_error("fail-on = \"error\"\nextend_select = []\n"),
        "/project/copydesk.toml:2:1: unknown key `extend_select`, did you mean `extend-select`? \
         (valid keys: select, extend-select, ignore, glossaries, fail-on, max-file-size, scope, rules, overrides)"
    );
    assert_eq!(
        parse_error("colour = \"red\"\n"),
        "/project/copydesk.toml:1:1: unknown key `colour` \
         (valid keys: select, extend-select, ignore, glossaries, fail-on, max-file-size, scope, rules, overrides)"
    );
}

#[test]
fn unknown_scope_key_suggests() {
    assert_eq!(
        parse_error("[scope]\n  exclud = [\"nav\"]\n"),
        "/project/copydesk.toml:2:3: unknown key `exclud`, did you mean `exclude`? \
         (valid keys in [scope]: content, exclude, replace-exclude)"
    );
}

#[test]
fn unknown_rule_ids_are_reported_wherever_they_appear() {
    assert_eq!(
        parse_error("select = [\"ALL\", \"missing-bylin\"]\n"),
        "/project/copydesk.toml:1:18: unknown rule `missing-bylin`, did you mean `missing-byline`?"
    );
    assert_eq!(
        parse_error("\nignore = [\"spelling\"]\n"),
        "/project/copydesk.toml:2:11: unknown rule `spelling` (`copydesk rules` lists them)"
    );
    assert_eq!(
        parse_error("[rules.missing-bylines]\nseverity = \"info\"\n"),
        "/project/copydesk.toml:1:8: unknown rule `missing-bylines`, did you mean `missing-byline`?"
    );
    assert_eq!(
        parse_error("[[overrides]]\npaths = [\"a/*\"]\nextend-select = [\"caption-credit\"]\n"),
        "/project/copydesk.toml:3:18: unknown rule `caption-credit` (`copydesk rules` lists them)"
    );
    assert_eq!(
        parse_error("[[overrides]]\npaths = [\"a/*\"]\n[overrides.rules.byline]\n"),
        "/project/copydesk.toml:3:18: unknown rule `byline` (`copydesk rules` lists them)"
    );
}

#[test]
fn unknown_rule_on_the_command_line_names_the_flag() {
    let err = ConfigLoader::with_rules(
        CliOverrides {
            ignore: vec!["missing-bylin".to_owned()],
            ..CliOverrides::default()
        },
        rules(),
    )
    .expect_err("bad --ignore");
    assert_eq!(
        err.to_string(),
        "command line: --ignore: unknown rule `missing-bylin`, did you mean `missing-byline`?"
    );
}

#[test]
fn bad_severity_value() {
    assert_eq!(
        parse_error("[rules.missing-byline]\nseverity = \"fatal\"\n"),
        "/project/copydesk.toml:2:12: invalid severity `fatal`: expected \"error\", \"warning\", \"info\" or \"off\""
    );
    assert_eq!(
        parse_error("[[overrides]]\npaths = [\"*\"]\nrules.missing-byline.severity = 2\n"),
        "/project/copydesk.toml:3:33: `severity` must be a string, found an integer"
    );
}

#[test]
fn bad_glob_in_overrides() {
    assert_eq!(
        parse_error("[[overrides]]\npaths = [\"blog/*.html\", \"blog/[a-\"]\n"),
        "/project/copydesk.toml:2:25: invalid glob `blog/[a-`: invalid range pattern"
    );
}

#[test]
fn overrides_need_paths_and_known_keys() {
    assert_eq!(
        parse_error("[[overrides]]\nignore = [\"missing-byline\"]\n"),
        "/project/copydesk.toml:1:1: an `[[overrides]]` entry needs `paths = [\"glob\", ...]`"
    );
    assert_eq!(
        parse_error("[[overrides]]\npaths = [\"a\"]\nglossaries = []\n"),
        "/project/copydesk.toml:3:1: unknown key `glossaries` \
         (valid keys in [[overrides]]: paths, select, extend-select, ignore, rules)"
    );
}

#[test]
fn bad_css_selector_in_scope() {
    assert_eq!(
        parse_error("[scope]\ncontent = [\"main\", \"article[\"]\n"),
        "/project/copydesk.toml:2:20: invalid CSS selector `article[`: unexpected end of selector"
    );
    assert_eq!(
        parse_error("[scope]\nexclude = [\".a\", \"nav >> p\"]\n"),
        "/project/copydesk.toml:2:18: invalid CSS selector `nav >> p`: dangling combinator"
    );
    assert_eq!(
        parse_error("[scope]\nexclude = [\"p:shiny\"]\n"),
        "/project/copydesk.toml:2:12: invalid CSS selector `p:shiny`: unsupported pseudo class or element"
    );
}

#[test]
fn missing_glossary_file() {
    let dir = TempDir::new().expect("tempdir");
    let config = dir.path().join("copydesk.toml");
    write(
        &config,
        "glossaries = [\n  \"builtin:anything-goes\",\n  \"glossaries/newsroom.toml\",\n]\n",
    );
    let err = ConfigFile::load(&config, &rules()).expect_err("missing glossary");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:3:3: glossary file `glossaries/newsroom.toml` not found (looked for {})",
            config.display(),
            dir.path().join("glossaries/newsroom.toml").display()
        )
    );
}

#[test]
fn missing_glossary_on_the_command_line() {
    let err = ConfigLoader::with_rules(
        CliOverrides {
            glossaries: vec![PathBuf::from("/no/such/glossary.toml")],
            ..CliOverrides::default()
        },
        rules(),
    )
    .expect_err("missing --glossary");
    assert_eq!(
        err.to_string(),
        "command line: --glossary: file `/no/such/glossary.toml` not found"
    );
}

#[test]
fn wrong_shapes_name_the_key() {
    assert_eq!(
        parse_error("select = \"ALL\"\n"),
        "/project/copydesk.toml:1:10: `select` must be an array of strings, found a string"
    );
    assert_eq!(
        parse_error("ignore = [\"ALL\", 3]\n"),
        "/project/copydesk.toml:1:18: `ignore` must contain only strings, found an integer"
    );
    assert_eq!(
        parse_error("scope = 1\n"),
        "/project/copydesk.toml:1:9: `scope` must be a table, found an integer"
    );
    assert_eq!(
        parse_error("[scope]\nreplace-exclude = \"yes\"\n"),
        "/project/copydesk.toml:2:19: `replace-exclude` must be a boolean, found a string"
    );
}

#[test]
fn unreadable_config_has_no_position() {
    let err =
        ConfigFile::load(Path::new("/no/such/copydesk.toml"), &rules()).expect_err("missing file");
    assert!(
        err.to_string()
            .starts_with("/no/such/copydesk.toml: cannot read configuration file: "),
        "{err}"
    );
}

// --- config --show ---

#[test]
fn render_show_lists_values_with_their_origins() {
    let dir = TempDir::new().expect("tempdir");
    write(&dir.path().join("glossary.toml"), "");
    let text = format!("glossaries = [\"glossary.toml\"]\nfail-on = \"info\"\n{LAYERED}");
    write(&dir.path().join("copydesk.toml"), &text);
    let config = normalize(&dir.path().join("copydesk.toml"))
        .display()
        .to_string();
    let loader = loader(CliOverrides {
        ignore: vec!["caption-credit-format".to_owned()],
        ..CliOverrides::default()
    });
    let settings = settings(&loader, &dir.path().join("blog/a.html"));
    let shown = render_show(&settings);
    // Collapse the alignment padding; the expected text is about content.
    let squeezed: Vec<String> = shown
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let glossary = normalize(&dir.path().join("glossary.toml"));
    let expected_start = format!(
        "glossaries = [
\"builtin:countries\", # built-in
\"builtin:organizations\", # built-in
\"builtin:spaceflight\", # built-in
\"builtin:us-states\", # built-in
\"{glossary}\", # {config}:1
]
fail-on = \"info\" # {config}:2

[rules.near-duplicate-paragraph]
enabled = true # {config}:15
severity = \"info\" # {config}:15
threshold = 0.7 # {config}:14
min-words = 8 # built-in

[rules.missing-byline]
enabled = true # {config}:12
severity = \"warning\" # built-in

[rules.caption-credit-format]
enabled = false # command line
severity = \"info\" # built-in

[scope]
content = [
\"[itemprop=articleBody]\", # built-in",
        glossary = glossary.display()
    );
    let expected_start: Vec<&str> = expected_start.lines().collect();
    assert_eq!(squeezed[..expected_start.len()], expected_start, "{shown}");
    assert_eq!(squeezed.last().map(String::as_str), Some("]"));
    assert!(squeezed.contains(&"\"nav\", # built-in".to_owned()));
    // The output is itself a valid configuration.
    assert!(toml::from_str::<toml::Table>(&shown).is_ok(), "{shown}");
    // Origins are aligned within a section.
    let rule_section: Vec<usize> = shown
        .lines()
        .skip_while(|l| !l.starts_with("[rules.near"))
        .skip(1)
        .take(4)
        .filter_map(|l| l.find("  # "))
        .collect();
    assert_eq!(rule_section.len(), 4);
    assert!(rule_section.windows(2).all(|w| w[0] == w[1]), "{shown}");
}

// --- max-file-size ---

#[test]
fn max_file_size_defaults_and_layers_with_its_source() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(&root.join("big/copydesk.toml"), "max-file-size = \"2K\"\n");
    write(&root.join("bytes/copydesk.toml"), "max-file-size = 1_000\n");
    let plain = loader(CliOverrides::default());
    let s = settings(&plain, &root.join("a.html"));
    assert_eq!(s.max_file_size, crate::config::DEFAULT_MAX_FILE_SIZE);
    let s = settings(&plain, &root.join("big/a.html"));
    assert_eq!(s.max_file_size, 2048);
    assert!(source_of(&s, "max-file-size").ends_with("big/copydesk.toml:1"));
    assert_eq!(
        settings(&plain, &root.join("bytes/a.html")).max_file_size,
        1000
    );
    let flagged = loader(CliOverrides {
        max_file_size: Some(5),
        ..CliOverrides::default()
    });
    let s = settings(&flagged, &root.join("big/a.html"));
    assert_eq!(s.max_file_size, 5);
    assert_eq!(source_of(&s, "max-file-size"), "command line");
}

#[test]
fn bad_max_file_size_points_at_the_value() {
    assert_eq!(
        parse_error("max-file-size = \"lots\"\n"),
        "/project/copydesk.toml:1:17: `max-file-size`: invalid size `lots`: expected a number \
         of bytes, or a number and K, M or G"
    );
    assert_eq!(
        parse_error("max-file-size = -3\n"),
        "/project/copydesk.toml:1:17: `max-file-size`: must be a positive number of bytes"
    );
    assert_eq!(
        parse_error("max-file-size = true\n"),
        "/project/copydesk.toml:1:17: `max-file-size` must be a number of bytes or a size such \
         as \"64M\", found a boolean"
    );
}
