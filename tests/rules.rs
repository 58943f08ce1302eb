//! Every rule, tested through the real lint path on newsroom pages.
//!
//! Each registered rule has a folder `fixtures/rules/<rule-id>/` of pages.
//! A page named `flags-*.html` must draw at least one finding from the
//! rule; a page named `clean-*.html` must draw none; every folder has at
//! least one of each. Each page is linted the way
//! `copydesk check --extend-select <rule-id> PAGE` lints it: settings from
//! the configuration loader (built-in defaults, and a `copydesk.toml` in the
//! folder if the rule needs options, found by the loader's own discovery),
//! the same scope, glossaries and suppressions, every default rule running.
//! The rule's findings are then rendered as the human output (no colour)
//! and snapshotted in `tests/snapshots/rules__<rule-id>__<page>.snap`, so a
//! change in what a rule finds or says shows up as a reviewable diff.
//!
//! The harness discovers the folders: a new rule adds its folder and pages,
//! runs `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! rules`), and checks the new snapshots in.

use copydesk::config::{CliOverrides, ConfigLoader, GlossarySource};
use copydesk::lint::{lint_source, load_resources};
use copydesk::render::{FileResult, OutputFormat, RenderOptions, Report, render};
use copydesk::rules::{Resources, registry};
use copydesk::source::SourceFile;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the fixture folders are, relative to the crate.
const FIXTURES: &str = "fixtures/rules";
/// Where the snapshots are, relative to the crate.
const SNAPSHOTS: &str = "tests/snapshots";

/// What a page expects of its rule, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// `flags-*.html`: at least one finding.
    Flags,
    /// `clean-*.html`: no finding.
    Clean,
}

/// One page of one rule's folder.
#[derive(Debug)]
struct Case {
    rule: &'static str,
    /// Relative to the crate, with `/` (as printed in the snapshot).
    path: String,
    /// The file name without `.html`: the snapshot's name after the rule's.
    stem: String,
    expect: Expect,
}

impl Case {
    fn snapshot_name(&self) -> String {
        format!("{}__{}", self.rule, self.stem)
    }
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture pages, in rule-id then file-name order, or what is wrong
/// with the folders (a folder that is no rule, a page that says neither
/// `flags-` nor `clean-`, a file that is not a page).
fn discover() -> Result<Vec<Case>, Vec<String>> {
    let root = crate_dir().join(FIXTURES);
    let ids: BTreeMap<&str, &'static str> = registry()
        .iter()
        .map(|r| (r.meta().id, r.meta().id))
        .collect();
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "README.md" {
            continue;
        }
        let Some(&rule) = ids.get(name.as_str()).filter(|_| folder.is_dir()) else {
            problems.push(format!(
                "{FIXTURES}/{name}: not the id of a registered rule"
            ));
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        files.sort();
        for file in files {
            let file_name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if file_name == "copydesk.toml" {
                continue;
            }
            let Some(stem) = file_name.strip_suffix(".html") else {
                problems.push(format!(
                    "{FIXTURES}/{name}/{file_name}: only pages (.html) and copydesk.toml belong here"
                ));
                continue;
            };
            let expect = if stem.starts_with("flags-") {
                Expect::Flags
            } else if stem.starts_with("clean-") {
                Expect::Clean
            } else {
                problems.push(format!(
                    "{FIXTURES}/{name}/{file_name}: name it flags-*.html (the rule reports it) \
                     or clean-*.html (it does not)"
                ));
                continue;
            };
            cases.push(Case {
                rule,
                path: format!("{FIXTURES}/{name}/{file_name}"),
                stem: stem.to_owned(),
                expect,
            });
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(problems)
    }
}

/// Glossaries are loaded once per set, as the CLI does.
#[derive(Default)]
struct ResourceCache(HashMap<Vec<GlossarySource>, Arc<Resources>>);

impl ResourceCache {
    fn get(&mut self, glossaries: &[GlossarySource]) -> Arc<Resources> {
        self.0
            .entry(glossaries.to_vec())
            .or_insert_with(|| {
                Arc::new(load_resources(glossaries).unwrap_or_else(|e| panic!("{e}")))
            })
            .clone()
    }
}

/// Lints one page as `copydesk check --extend-select RULE PAGE` would and
/// returns the rule's findings rendered for humans, and how many there are.
fn lint_case(case: &Case, resources: &mut ResourceCache) -> (String, usize) {
    let loader = ConfigLoader::new(CliOverrides {
        extend_select: vec![case.rule.to_owned()],
        ..CliOverrides::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e}", case.path));
    let absolute = crate_dir().join(&case.path);
    let settings = loader
        .settings_for(&absolute)
        .unwrap_or_else(|e| panic!("{}: {e}", case.path));
    let resources = resources.get(&settings.glossaries);
    let bytes = std::fs::read(&absolute).unwrap_or_else(|e| panic!("{}: {e}", case.path));
    let source = SourceFile::from_bytes(PathBuf::from(&case.path), bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", case.path));
    let diagnostics: Vec<_> = lint_source(&source, &settings, &resources)
        .unwrap_or_else(|e| panic!("{}: {e}", case.path))
        .into_iter()
        .filter(|d| d.rule == case.rule)
        .collect();
    let count = diagnostics.len();
    let report = Report {
        files: vec![FileResult {
            source: Arc::new(source),
            diagnostics,
            page: None,
        }],
        failures: Vec::new(),
        rules: Vec::new(),
    };
    let mut out = Vec::new();
    render(
        &report,
        OutputFormat::Human,
        &RenderOptions::default(),
        &mut out,
    )
    .expect("rendering to memory");
    (String::from_utf8(out).expect("UTF-8 output"), count)
}

#[test]
fn every_rule_has_a_fixture_folder_with_flagged_and_clean_pages() {
    let cases = discover().unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    let mut missing = Vec::new();
    for rule in registry() {
        let id = rule.meta().id;
        for (expect, prefix) in [(Expect::Flags, "flags-"), (Expect::Clean, "clean-")] {
            if !cases.iter().any(|c| c.rule == id && c.expect == expect) {
                missing.push(format!("{FIXTURES}/{id}/ has no {prefix}*.html page"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn rules_find_what_their_fixtures_expect_and_match_the_snapshots() {
    let cases = discover().unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    assert!(!cases.is_empty(), "no fixtures found in {FIXTURES}");
    let mut resources = ResourceCache::default();
    let mut failures = Vec::new();
    for case in &cases {
        let (rendered, count) = lint_case(case, &mut resources);
        match case.expect {
            Expect::Flags if count == 0 => {
                failures.push(format!(
                    "{}: expected {} to report it",
                    case.path, case.rule
                ));
            }
            Expect::Clean if count > 0 => {
                failures.push(format!(
                    "{}: expected no finding from {}, got {count}:\n{rendered}",
                    case.path, case.rule
                ));
            }
            _ => {}
        }
        // Every page is checked even when one snapshot differs, so one run
        // shows (and `cargo insta review` offers) every change.
        let snapshot = std::panic::catch_unwind(|| {
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(crate_dir().join(SNAPSHOTS));
            settings.set_description(case.path.clone());
            settings.set_omit_expression(true);
            settings.bind(|| insta::assert_snapshot!(case.snapshot_name(), rendered));
        });
        if snapshot.is_err() {
            failures.push(format!(
                "{}: output differs from its snapshot (or it has none yet)",
                case.path
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_snapshot_belongs_to_a_fixture() {
    // A removed or renamed page leaves its snapshot behind; insta does not
    // notice, so stale expectations would pile up.
    let cases = discover().unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    let expected: BTreeSet<String> = cases
        .iter()
        .map(|c| format!("rules__{}.snap", c.snapshot_name()))
        .collect();
    let dir = crate_dir().join(SNAPSHOTS);
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("rules__") && n.ends_with(".snap") && !expected.contains(n))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots without a fixture page (delete them): {}",
        stale.join(", ")
    );
}
