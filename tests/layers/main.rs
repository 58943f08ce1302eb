//! The module graph points one way: no cycles between the crate's modules,
//! and no rule imports another rule.
//!
//! Read from the source, not from the compiler: every `crate::...` path
//! (in `use` lines and inline, comments and strings left out) and every
//! `super::...` path in `src/**/*.rs` is an edge from the file's module to
//! the module the path names. Modules are the top-level ones (`document`,
//! `config`, `render`, ...), except inside `src/rules/`, where every file is
//! its own node (`rules::repeated_word`), so a rule that imports another
//! shows up, and so does a cycle through one rule. `rules/mod.rs` (`rules`)
//! declaring its rule files is ownership, not a dependency: edges from
//! `rules` to its own files are not counted.
//!
//! Cycles are enumerated one by one (elementary cycles), so the message
//! names each loop and a line of source for each of its edges.

mod graph;
mod paths;

use graph::{Graph, Modules, layering_problems, module_graph};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The cycles in the code today, each as the loop of modules it goes
/// through, starting from its alphabetically first module. Empty: the
/// module graph has no cycle, and any new one fails the test.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// Rule files allowed to import another rule file, as (importer, imported).
/// Empty: rules share what they need through page facts, never each other.
const KNOWN_RULE_IMPORTS: &[(&str, &str)] = &[];

/// Every `.rs` file under `dir`, relative to `root`, sorted.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).expect("under src").to_owned());
        }
    }
}

/// Names of the `.rs` files (without extension) and folders in `dir`.
fn children(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| !matches!(s.as_str(), "mod" | "lib" | "main"))
        .collect()
}

/// The crate's source files, its modules and its graph.
fn crate_graph() -> (Graph, Modules, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &src, &mut paths);
    let files: Vec<(PathBuf, String)> = paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(src.join(&p))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect();
    // A rule's file is named after its id: `repeated-word` is
    // `src/rules/repeated_word.rs` (checked by the test below).
    let rule_nodes = copydesk::rules::registry()
        .iter()
        .map(|r| format!("rules::{}", r.meta().id.replace('-', "_")))
        .collect();
    let modules = Modules {
        top: children(&src),
        rules_children: children(&src.join("rules")),
        rule_nodes,
    };
    let (graph, problems) = module_graph(&files, &modules);
    (graph, modules, problems)
}

#[test]
fn modules_form_no_cycles_and_rules_import_no_rules() {
    let (graph, modules, mut problems) = crate_graph();
    problems.extend(layering_problems(
        &graph,
        &modules.rule_nodes,
        KNOWN_CYCLES,
        KNOWN_RULE_IMPORTS,
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_is_a_node_of_the_graph() {
    // Guards the checker: a rule file the graph does not know as a rule
    // would let rule-to-rule imports through unseen.
    let (graph, modules, _) = crate_graph();
    assert_eq!(modules.rule_nodes.len(), copydesk::rules::registry().len());
    for rule in &modules.rule_nodes {
        assert!(
            graph.contains_key(rule),
            "{rule}: no file src/rules/{}.rs",
            rule.trim_start_matches("rules::")
        );
    }
    // And the graph is not empty of edges: the parser found the imports.
    assert!(
        graph
            .get("rules::repeated_word")
            .is_some_and(|n| n.contains_key("rules"))
    );
    assert!(graph.get("lint").is_some_and(|n| n.contains_key("rules")));
}
