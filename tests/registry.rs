//! Checks over the rule registry: what every rule must declare and document,
//! that `copydesk explain` prints all of it, and that the README's rule table
//! is what `copydesk rules` prints. Conventions that are only written down
//! drift; these fail instead.

use copydesk::rules::meta::SECTIONS;
use copydesk::rules::{FixAvailability, OptionKind, RuleMeta, module_doc, registry};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn metas() -> Vec<&'static RuleMeta> {
    registry().iter().map(|rule| rule.meta()).collect()
}

/// Runs the real binary; returns its standard output, which must be UTF-8.
fn copydesk(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("copydesk runs");
    assert_eq!(out.status.code(), Some(0), "copydesk {args:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The `## ` headings of a Markdown text, in order.
fn headings(doc: &str) -> Vec<&str> {
    doc.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

/// The headings a rule's documentation must have: *Fix safety* only for
/// rules that fix.
fn expected_sections(meta: &RuleMeta) -> Vec<&'static str> {
    SECTIONS
        .iter()
        .copied()
        .filter(|s| *s != "Fix safety" || meta.fix != FixAvailability::None)
        .collect()
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for meta in metas() {
        assert!(seen.insert(meta.id), "rule id `{}` is used twice", meta.id);
        assert!(
            !meta.id.is_empty()
                && meta
                    .id
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
            "rule id `{}` is not kebab-case",
            meta.id
        );
        assert!(
            !meta.summary.is_empty(),
            "rule `{}` has no summary",
            meta.id
        );
    }
}

#[test]
fn every_rule_doc_has_the_sections_explain_prints_in_order() {
    for meta in metas() {
        let doc = meta.doc();
        assert_eq!(
            headings(&doc),
            expected_sections(meta),
            "rule `{}`: its doc comment must have these `## ` sections \
             (Fix safety exactly when its fix availability is not none)",
            meta.id
        );
        // Each section has text, and is its own paragraph.
        let lines: Vec<&str> = doc.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with("## ") {
                continue;
            }
            assert!(
                i == 0 || lines[i - 1].trim().is_empty(),
                "rule `{}`: no blank line before `{line}`",
                meta.id
            );
            assert!(
                lines.get(i + 1).is_some_and(|next| !next.trim().is_empty()),
                "rule `{}`: `{line}` is empty",
                meta.id
            );
        }
    }
}

/// `copydesk explain missing-image-credit` used to stop after *What it
/// does*: a blank line without `//!` in the doc comment ended it.
#[test]
fn explain_prints_every_section_of_every_rule() {
    for meta in metas() {
        let out = copydesk(&["explain", meta.id]);
        assert!(out.starts_with(&format!("# {}\n", meta.id)), "{out}");
        assert_eq!(
            headings(&out),
            expected_sections(meta),
            "copydesk explain {}",
            meta.id
        );
        assert!(
            out.contains(meta.doc().trim_end()),
            "copydesk explain {} does not print the whole doc",
            meta.id
        );
        for option in meta.options.specs() {
            assert!(
                out.contains(&format!("- `{}` (", option.name)),
                "copydesk explain {} does not list option `{}`",
                meta.id,
                option.name
            );
        }
    }
}

#[test]
fn the_blank_line_that_cut_missing_image_credit_short_is_gone() {
    let source = include_str!("../src/rules/missing_image_credit.rs");
    let doc = module_doc(source);
    assert!(doc.contains("## Why it matters"), "{doc}");
    // Every line of the leading comment block is a `//!` line.
    let block: Vec<&str> = source
        .lines()
        .take_while(|l| !l.starts_with("use "))
        .collect();
    let last_doc = block
        .iter()
        .rposition(|l| l.starts_with("//!"))
        .expect("a doc comment");
    assert!(
        block[..=last_doc].iter().all(|l| l.starts_with("//!")),
        "a line inside the doc comment is not `//!`"
    );
}

#[test]
fn every_option_is_documented_and_agrees_with_its_struct() {
    for meta in metas() {
        let id = meta.id;
        let specs = meta.options.specs();
        let names: BTreeSet<&str> = specs.iter().map(|s| s.name).collect();
        assert_eq!(
            names.len(),
            specs.len(),
            "rule `{id}` declares an option twice"
        );
        let defaults = meta
            .options
            .try_defaults()
            .unwrap_or_else(|e| panic!("rule `{id}`: options struct is not TOML: {e}"));
        let fields: BTreeSet<&str> = defaults.keys().map(String::as_str).collect();
        assert_eq!(
            fields, names,
            "rule `{id}`: the options struct's fields and the specs differ"
        );
        // The defaults pass the checks configuration values get.
        let parsed = meta
            .options
            .parse(&defaults)
            .unwrap_or_else(|e| panic!("rule `{id}`: defaults are invalid: {e}"));
        assert_eq!(parsed.table(), &defaults);
        // What the rule's own doc comment says under Options is prose, never
        // a second list of options with defaults.
        let written = module_doc(meta.source);
        for spec in specs {
            let name = spec.name;
            assert!(
                !name.is_empty()
                    && name
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "rule `{id}`: option `{name}` is not kebab-case"
            );
            assert!(
                spec.doc.trim().len() > 10,
                "rule `{id}`: option `{name}` has no documentation"
            );
            let default = &defaults[name];
            let kind_matches = match spec.kind {
                OptionKind::Bool => default.is_bool(),
                OptionKind::Integer { .. } => default.is_integer(),
                OptionKind::Float { .. } => default.is_float(),
                OptionKind::String => default.is_str(),
                OptionKind::StringList => default
                    .as_array()
                    .is_some_and(|a| a.iter().all(|v| v.is_str())),
            };
            assert!(
                kind_matches,
                "rule `{id}`: option `{name}` is declared {:?} but defaults to {default}",
                spec.kind
            );
            assert!(
                !written.contains(&format!("- `{name}` (")),
                "rule `{id}`: option `{name}` is listed in the doc comment too; \
                 the list is generated from the specs"
            );
        }
    }
}

/// The README's rule table, as generated from the registry.
fn markdown_table(rows: &[[String; 5]]) -> String {
    let mut out =
        String::from("| rule | severity | on | fix | summary |\n| --- | --- | --- | --- | --- |\n");
    for [id, severity, on, fix, summary] in rows {
        out.push_str(&format!(
            "| `{id}` | {severity} | {on} | {fix} | {summary} |\n"
        ));
    }
    out
}

fn registry_rows() -> Vec<[String; 5]> {
    metas()
        .iter()
        .map(|m| {
            [
                m.id.to_owned(),
                m.default_severity.as_str().to_owned(),
                if m.enabled_by_default { "yes" } else { "no" }.to_owned(),
                m.fix.as_str().to_owned(),
                m.summary.to_owned(),
            ]
        })
        .collect()
}

/// The rows of `copydesk rules`: columns are separated by two or more
/// spaces, and no summary has two spaces in a row.
fn rules_command_rows() -> Vec<[String; 5]> {
    let out = copydesk(&["rules"]);
    let mut lines = out.lines();
    let header = lines.next().expect("a header line");
    assert_eq!(
        columns(header),
        ["rule", "severity", "on", "fix", "summary"]
    );
    lines
        .map(|line| {
            let cells = columns(line);
            cells
                .try_into()
                .unwrap_or_else(|cells| panic!("not 5 columns: {cells:?}"))
        })
        .collect()
}

fn columns(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn copydesk_rules_lists_the_registry() {
    assert_eq!(rules_command_rows(), registry_rows());
}

#[test]
fn readme_rule_table_matches_copydesk_rules() {
    let expected = markdown_table(&rules_command_rows());
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is readable");
    assert!(
        readme.contains(&expected),
        "README.md's rule table is stale; replace it with:\n\n{expected}"
    );
}

/// Every `crate::...` path a source file mentions, as `a::b` (two levels).
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        out.insert(parts.iter().take(2).copied().collect::<Vec<_>>().join("::"));
    }
    out
}

/// Library source files under `dir`, without test-only modules.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    if root.is_file() {
        stack.clear();
        let text = std::fs::read_to_string(&root).expect("source is readable");
        out.push((dir.to_owned(), text));
    }
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).expect("source folder is readable");
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // Test-only modules (`config/tests/`) may use anything.
                if path.file_name().is_none_or(|n| n != "tests") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                let text = std::fs::read_to_string(&path).expect("source is readable");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

/// Issue 9: `config` used the rule registry while `rules` used
/// `config::GlossarySource`, and `glossary` used `config`. Rule metadata is
/// now a leaf that configuration depends on.
#[test]
fn rule_metadata_is_a_leaf_and_config_never_reaches_the_rules() {
    for leaf in ["rules/meta.rs", "rules/options.rs"] {
        for (file, text) in sources(leaf) {
            // Test modules may use anything; the code may not.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for path in crate_paths(code) {
                assert!(
                    path.starts_with("diagnostic") || path.starts_with("rules::options"),
                    "{file} uses crate::{path}, so it is not a leaf"
                );
            }
        }
    }
    for (file, text) in sources("config") {
        for path in crate_paths(&text) {
            assert!(
                !path.starts_with("rules") || path == "rules::meta" || path == "rules::options",
                "{file} uses crate::{path}: configuration may use rule metadata only"
            );
        }
    }
    for dir in ["rules", "glossary"] {
        for (file, text) in sources(dir) {
            assert!(
                !crate_paths(&text).iter().any(|p| p.starts_with("config")),
                "{file} uses the configuration"
            );
        }
    }
    let diagnostic = sources("diagnostic.rs");
    for (file, text) in diagnostic {
        assert!(
            !crate_paths(&text)
                .iter()
                .any(|p| p.starts_with("rules") || p.starts_with("config")),
            "{file} uses rules or config, so rule metadata would not be a leaf"
        );
    }
}
