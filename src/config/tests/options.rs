//! Rule options in configuration files: defaults, typed values, ranges,
//! old spellings, and each error at its position.

use super::*;

#[test]
fn option_defaults_come_from_the_options_struct_and_parse_into_it() {
    let dir = TempDir::new().expect("tempdir");
    let s = settings(&loader(CliOverrides::default()), &dir.path().join("a.html"));
    let options = &rule(&s, "near-duplicate-paragraph").options;
    assert_eq!(options.get("threshold"), Some(&toml::Value::Float(0.85)));
    assert_eq!(options.get("min-words"), Some(&toml::Value::Integer(8)));
    assert!(options.is::<NearDupOptions>());
    assert_eq!(
        *options.typed::<NearDupOptions>(),
        NearDupOptions::default()
    );
}

#[test]
fn configured_options_reach_the_rule_typed_and_integers_count_as_floats() {
    let dir = TempDir::new().expect("tempdir");
    write(
        &dir.path().join("copydesk.toml"),
        "[rules.near-duplicate-paragraph]\nthreshold = 1\nmin-words = 12\n",
    );
    let s = settings(&loader(CliOverrides::default()), &dir.path().join("a.html"));
    let options = &rule(&s, "near-duplicate-paragraph").options;
    assert_eq!(options.get("threshold"), Some(&toml::Value::Float(1.0)));
    assert_eq!(
        *options.typed::<NearDupOptions>(),
        NearDupOptions {
            threshold: 1.0,
            min_words: 12
        }
    );
}

#[test]
fn unknown_option_lists_the_rules_options() {
    assert_eq!(
        parse_error("[rules.near-duplicate-paragraph]\nthresold = 0.5\n"),
        "/project/copydesk.toml:2:1: unknown option `thresold` for rule `near-duplicate-paragraph`, \
         did you mean `threshold`? (valid: severity, threshold, min-words)"
    );
    assert_eq!(
        parse_error("[rules.missing-byline]\nmin-words = 3\n"),
        "/project/copydesk.toml:2:1: unknown option `min-words`: rule `missing-byline` has no \
         options (only `severity`)"
    );
}

#[test]
fn wrong_option_type_in_a_file() {
    assert_eq!(
        parse_error("[rules.near-duplicate-paragraph]\nthreshold = \"high\"\n"),
        "/project/copydesk.toml:2:13: wrong type for option `threshold`: expected a float, found a string"
    );
    assert_eq!(
        parse_error("[rules.near-duplicate-paragraph]\nmin-words = 2.5\n"),
        "/project/copydesk.toml:2:13: wrong type for option `min-words`: expected an integer, found a float"
    );
}

/// Parses `text` as `/project/copydesk.toml` against the real rules.
fn real_parse_error(text: &str) -> String {
    let rules = crate::rules::metas();
    match ConfigFile::parse_str(text, Path::new("/project/copydesk.toml"), &rules) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn out_of_range_options_stop_the_run_with_their_position() {
    // The values of issue 9, which used to pass silently (`nan` switched
    // the rule off; -5 fell back to the default).
    assert_eq!(
        real_parse_error("[rules.near-duplicate-paragraph]\nthreshold = 2.5\n"),
        "/project/copydesk.toml:2:13: option `threshold` must be between 0 and 1, found 2.5"
    );
    assert_eq!(
        real_parse_error("[rules.near-duplicate-paragraph]\nthreshold = nan\n"),
        "/project/copydesk.toml:2:13: option `threshold` must be between 0 and 1, found nan"
    );
    assert_eq!(
        real_parse_error("[rules.duplicate-paragraph]\nmin_words = -5\n"),
        "/project/copydesk.toml:2:13: option `min-words` must be at least 1, found -5"
    );
    assert_eq!(
        real_parse_error("[rules.duplicate-sentence]\nmin-words = 0\n"),
        "/project/copydesk.toml:2:13: option `min-words` must be at least 1, found 0"
    );
    assert_eq!(
        real_parse_error("[rules.duplicate-paragraph]\nmax-link-density = -0.1\n"),
        "/project/copydesk.toml:2:20: option `max-link-density` must be between 0 and 1, found -0.1"
    );
    assert_eq!(
        real_parse_error("[rules.missing-alt-text]\nmin-size = -1\n"),
        "/project/copydesk.toml:2:12: option `min-size` must be between 0 and 4294967295, found -1"
    );
    assert_eq!(
        real_parse_error("[rules.glossary-spelling]\nmin-length = 3\n"),
        "/project/copydesk.toml:2:14: option `min-length` must be at least 4, found 3"
    );
    // In an override too.
    assert_eq!(
        real_parse_error(
            "[[overrides]]\npaths = [\"*\"]\n[overrides.rules.near-duplicate-paragraph]\nthreshold = inf\n"
        ),
        "/project/copydesk.toml:4:13: option `threshold` must be between 0 and 1, found inf"
    );
}

#[test]
fn old_option_spellings_work_with_a_warning_naming_the_new_one() {
    let dir = TempDir::new().expect("tempdir");
    let config = dir.path().join("copydesk.toml");
    write(
        &config,
        "[rules.near-duplicate-paragraph]\nthreshold = 0.9\n  min_words = 3\n",
    );
    let loader = loader(CliOverrides::default());
    assert!(loader.warnings().is_empty(), "nothing read yet");
    let s = settings(&loader, &dir.path().join("a.html"));
    let options = &rule(&s, "near-duplicate-paragraph").options;
    assert_eq!(options.typed::<NearDupOptions>().min_words, 3);
    assert_eq!(
        source_of(&s, "rules.near-duplicate-paragraph.min-words"),
        format!("{}:3", normalize(&config).display())
    );
    let warnings: Vec<String> = loader.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [format!(
            "{}:3:3: option `min_words` of rule `near-duplicate-paragraph` is now spelled \
             `min-words`; the old spelling will stop working",
            normalize(&config).display()
        )]
    );
    // Read once, warned once, however many files it configures.
    settings(&loader, &dir.path().join("b/c.html"));
    assert_eq!(loader.warnings().len(), 1);
}

#[test]
fn an_option_written_in_both_spellings_is_an_error() {
    assert_eq!(
        parse_error("[rules.near-duplicate-paragraph]\nmin_words = 3\nmin-words = 4\n"),
        "/project/copydesk.toml:3:1: option `min-words` is set twice (as `min_words` and as `min-words`)"
    );
}

#[test]
fn old_spellings_are_checked_like_new_ones() {
    assert_eq!(
        parse_error("[rules.near-duplicate-paragraph]\nmin_words = \"ten\"\n"),
        "/project/copydesk.toml:2:13: wrong type for option `min-words`: expected an integer, found a string"
    );
    // Only options have old spellings: keys elsewhere are still exact.
    assert!(
        parse_error("[rules.near-duplicate-paragraph]\nmin__words = 3\n")
            .starts_with("/project/copydesk.toml:2:1: unknown option `min__words`")
    );
}

#[test]
fn the_built_in_defaults_and_real_rules_give_no_warnings_and_typed_options() {
    let dir = TempDir::new().expect("tempdir");
    write(
        &dir.path().join("copydesk.toml"),
        "[rules.near-duplicate-paragraph]\nthreshold = 0.9\n",
    );
    let loader = ConfigLoader::new(CliOverrides::default()).expect("loader");
    let s = settings(&loader, &dir.path().join("a.html"));
    let options = &rule(&s, "near-duplicate-paragraph").options;
    let typed =
        options.typed::<crate::rules::near_duplicate_paragraph::NearDuplicateParagraphOptions>();
    assert_eq!(typed.threshold, 0.9);
    assert_eq!(typed.min_words, 10);
    assert!(loader.warnings().is_empty());
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
struct EveryKind {
    strict: bool,
    count: u32,
    ratio: f64,
    style: String,
    words: Vec<String>,
}

impl RuleOptions for EveryKind {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "strict",
            kind: OptionKind::Bool,
            doc: "",
        },
        OptionSpec {
            name: "count",
            kind: OptionKind::PIXELS,
            doc: "",
        },
        OptionSpec {
            name: "ratio",
            kind: OptionKind::Float {
                min: 0.0,
                max: 10.0,
            },
            doc: "",
        },
        OptionSpec {
            name: "style",
            kind: OptionKind::String,
            doc: "",
        },
        OptionSpec {
            name: "words",
            kind: OptionKind::StringList,
            doc: "",
        },
    ];
}

/// Every option kind, checked directly against hand-made specs.
#[test]
fn check_options_validates_each_kind() {
    let schema = OptionsSchema::of::<EveryKind>();
    let check = |text: &str| -> Result<Vec<(String, toml::Value)>, String> {
        let table = DeTable::parse(text).expect("test TOML parses");
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        check_options("demo", &schema, &entries)
            .map(|opts| {
                opts.into_iter()
                    .map(|o| (o.name.to_owned(), o.value))
                    .collect()
            })
            .map_err(|(span, message)| {
                let (line, col) = line_col(text, span.start);
                format!("{line}:{col}: {message}")
            })
    };
    assert_eq!(
        check("strict = true\ncount = 0x10\nratio = 1\nstyle = 'x'\nwords = [\"a\", \"b\"]\n"),
        Ok(vec![
            ("strict".to_owned(), toml::Value::Boolean(true)),
            ("count".to_owned(), toml::Value::Integer(16)),
            ("ratio".to_owned(), toml::Value::Float(1.0)),
            ("style".to_owned(), toml::Value::String("x".to_owned())),
            (
                "words".to_owned(),
                toml::Value::Array(vec!["a".into(), "b".into()])
            ),
        ])
    );
    assert_eq!(
        check("strict = 1"),
        Err(
            "1:10: wrong type for option `strict`: expected a boolean, found an integer".to_owned()
        )
    );
    assert_eq!(
        check("count = true"),
        Err("1:9: wrong type for option `count`: expected an integer, found a boolean".to_owned())
    );
    assert_eq!(
        check("ratio = [1]"),
        Err("1:9: wrong type for option `ratio`: expected a float, found an array".to_owned())
    );
    assert_eq!(
        check("style = 2"),
        Err("1:9: wrong type for option `style`: expected a string, found an integer".to_owned())
    );
    assert_eq!(
        check("words = \"a\""),
        Err(
            "1:9: wrong type for option `words`: expected an array of strings, found a string"
                .to_owned()
        )
    );
    assert_eq!(
        check("words = [\"a\", 3]"),
        Err("1:15: wrong type in option `words`: expected a string, found an integer".to_owned())
    );
    assert_eq!(
        check("wrods = []"),
        Err(
            "1:1: unknown option `wrods` for rule `demo`, did you mean `words`? \
             (valid: severity, strict, count, ratio, style, words)"
                .to_owned()
        )
    );
    assert_eq!(
        check("count = -1"),
        Err("1:9: option `count` must be between 0 and 4294967295, found -1".to_owned())
    );
    assert_eq!(
        check("ratio = 10.5"),
        Err("1:9: option `ratio` must be between 0 and 10, found 10.5".to_owned())
    );
    assert_eq!(
        check("ratio = -inf"),
        Err("1:9: option `ratio` must be between 0 and 10, found -inf".to_owned())
    );
    let spec = &EveryKind::SPECS[1];
    let table = DeTable::parse("v = 99999999999999999999").expect("parses");
    let value = table.get_ref().get("v").expect("v");
    assert_eq!(
        check_option(spec, value).map_err(|(_, m)| m),
        Err("integer out of range".to_owned())
    );
}
