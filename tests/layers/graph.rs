//! The module graph and its checks: which node a path lands in, the
//! elementary cycles, and what is wrong given the allowlists.

use super::paths::crate_paths;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Most elementary cycles enumerated before giving up: a graph with more
/// has lost all layering, and the list would not help anyone.
const MAX_CYCLES: usize = 10_000;

/// What the module names in paths can resolve to.
pub struct Modules {
    /// Top-level modules (`src/NAME.rs` or `src/NAME/`).
    pub top: BTreeSet<String>,
    /// Files and folders directly in `src/rules/` (without `mod.rs`).
    pub rules_children: BTreeSet<String>,
    /// The nodes that are rules (`rules::repeated_word`).
    pub rule_nodes: BTreeSet<String>,
}

impl Modules {
    /// The graph node a path (segments after `crate::`) lands in, or `None`
    /// when its first segment is no module of the crate (a crate-root item:
    /// reported by the caller).
    fn node(&self, segments: &[String]) -> Option<String> {
        let first = segments.first()?;
        if !self.top.contains(first) {
            return None;
        }
        if first == "rules"
            && let Some(child) = segments.get(1)
            && self.rules_children.contains(child)
        {
            return Some(format!("rules::{child}"));
        }
        Some(first.clone())
    }
}

/// One edge, with where it was seen first (`src/x.rs:12`) for messages.
pub type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// The node of a source file (path relative to `src/`), and its module path
/// (for `super::`). `None` for the crate roots.
fn file_module(relative: &Path) -> Option<Vec<String>> {
    let mut segments: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    match segments.as_slice() {
        [] => None,
        [only] if only == "lib" || only == "main" => None,
        _ => Some(segments),
    }
}

/// The module graph of the files `(path relative to src, source)`.
/// Paths to no module of the crate are returned as problems.
pub fn module_graph(files: &[(PathBuf, String)], modules: &Modules) -> (Graph, Vec<String>) {
    let mut graph = Graph::new();
    let mut problems = Vec::new();
    for (relative, source) in files {
        let Some(module) = file_module(relative) else {
            continue;
        };
        let Some(from) = modules.node(&module) else {
            problems.push(format!(
                "{}: not in a module of the crate",
                relative.display()
            ));
            continue;
        };
        graph.entry(from.clone()).or_default();
        for (path, line) in crate_paths(source, &module) {
            let Some(to) = modules.node(&path) else {
                // `super::` in a top-level file's `mod tests`: the file itself.
                if !path.is_empty() {
                    problems.push(format!(
                        "src/{}:{line}: `crate::{}` names no module",
                        relative.display(),
                        path.join("::")
                    ));
                }
                continue;
            };
            let owns = from == "rules" && to.starts_with("rules::");
            if to != from && !owns {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("src/{}:{line}", relative.display()));
            }
        }
    }
    (graph, problems)
}

/// Every elementary cycle of the graph, each starting at its smallest
/// node, in order. A search from each node in turn, through larger nodes
/// only, finds each cycle exactly once.
fn elementary_cycles(graph: &Graph) -> Result<Vec<Vec<String>>, String> {
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Only nodes that `start` reaches and that reach `start` back (its
        // strongly connected component, among nodes not before it) can be on
        // a cycle through it: the search never wanders down the layers.
        let forward = reachable(start, |n| graph.get(n).into_iter().flat_map(|m| m.keys()));
        let backward = reachable(start, |n| {
            graph
                .iter()
                .filter(move |(_, next)| next.contains_key(n))
                .map(|(from, _)| from)
        });
        let component: BTreeSet<&String> = forward
            .intersection(&backward)
            .copied()
            .filter(|n| *n >= start)
            .collect();
        let mut path = vec![start.clone()];
        // Each frame: the successors of the path's last node still to try.
        let successors = |node: &String| -> Vec<String> {
            graph
                .get(node)
                .map(|next| {
                    next.keys()
                        .filter(|n| component.contains(n))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut stack = vec![successors(start)];
        while let Some(frame) = stack.last_mut() {
            let Some(next) = frame.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if next == *start {
                cycles.push(path.clone());
                if cycles.len() > MAX_CYCLES {
                    return Err(format!("more than {MAX_CYCLES} cycles"));
                }
            } else if !path.contains(&next) {
                stack.push(successors(&next));
                path.push(next);
            }
        }
    }
    cycles.sort();
    Ok(cycles)
}

/// Every node reachable from `start` (itself included) through `next`.
fn reachable<'g, I>(start: &'g String, next: impl Fn(&'g String) -> I) -> BTreeSet<&'g String>
where
    I: Iterator<Item = &'g String>,
{
    let mut seen = BTreeSet::from([start]);
    let mut todo = vec![start];
    while let Some(node) = todo.pop() {
        for n in next(node) {
            if seen.insert(n) {
                todo.push(n);
            }
        }
    }
    seen
}

/// What is wrong with the graph given the allowlists: cycles not listed,
/// listed cycles that are gone, rule-to-rule imports not listed and listed
/// ones that are gone. Empty when all is well.
pub fn layering_problems(
    graph: &Graph,
    rule_nodes: &BTreeSet<String>,
    known_cycles: &[&[&str]],
    known_rule_imports: &[(&str, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let cycles = match elementary_cycles(graph) {
        Ok(c) => c,
        Err(e) => return vec![e],
    };
    let known: BTreeSet<Vec<String>> = known_cycles
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let edges_of = |cycle: &[String]| -> BTreeSet<(String, String)> {
        (0..cycle.len())
            .map(|k| (cycle[k].clone(), cycle[(k + 1) % cycle.len()].clone()))
            .collect()
    };
    let new: Vec<&Vec<String>> = cycles.iter().filter(|c| !known.contains(*c)).collect();
    // One new import usually closes many loops: name the edges they share.
    if new.len() > 1
        && let Some(shared) = new
            .iter()
            .map(|c| edges_of(c))
            .reduce(|a, b| a.intersection(&b).cloned().collect())
        && !shared.is_empty()
    {
        let edges: Vec<String> = shared
            .iter()
            .map(|(from, to)| {
                let at = graph.get(from).and_then(|n| n.get(to)).map_or("?", |s| s);
                format!("{from} -> {to} at {at}")
            })
            .collect();
        problems.push(format!(
            "{} new cycles, all through: {}",
            new.len(),
            edges.join(", ")
        ));
    }
    for cycle in new {
        let mut message = format!("cycle: {} -> {}", cycle.join(" -> "), cycle[0]);
        for (k, from) in cycle.iter().enumerate() {
            let to = &cycle[(k + 1) % cycle.len()];
            if let Some(at) = graph.get(from).and_then(|n| n.get(to)) {
                message.push_str(&format!("\n    {from} -> {to} at {at}"));
            }
        }
        problems.push(message);
    }
    for gone in known.iter().filter(|k| !cycles.contains(k)) {
        problems.push(format!(
            "KNOWN_CYCLES lists {gone:?}, which is no longer a cycle: remove it"
        ));
    }
    let mut rule_imports = BTreeSet::new();
    for (from, targets) in graph.iter().filter(|(n, _)| rule_nodes.contains(*n)) {
        for (to, at) in targets.iter().filter(|(n, _)| rule_nodes.contains(*n)) {
            rule_imports.insert((from.clone(), to.clone()));
            if !known_rule_imports.contains(&(from.as_str(), to.as_str())) {
                problems.push(format!("rule {from} imports rule {to} at {at}"));
            }
        }
    }
    for (from, to) in known_rule_imports {
        if !rule_imports.contains(&(from.to_string(), to.to_string())) {
            problems.push(format!(
                "KNOWN_RULE_IMPORTS lists {from} -> {to}, which is gone: remove it"
            ));
        }
    }
    problems
}

// The checker itself, on synthetic input.

fn synthetic(edges: &[(&str, &str)]) -> Graph {
    let mut graph = Graph::new();
    for (from, to) in edges {
        graph
            .entry(from.to_string())
            .or_default()
            .insert(to.to_string(), format!("{from}.rs:1"));
        graph.entry(to.to_string()).or_default();
    }
    graph
}

#[test]
fn elementary_cycles_finds_each_loop_once() {
    let graph = synthetic(&[
        ("a", "b"),
        ("b", "a"),
        ("c", "d"),
        ("d", "e"),
        ("e", "c"),
        ("e", "d"),
        ("f", "g"),
        ("g", "h"),
    ]);
    let cycles = elementary_cycles(&graph).expect("few cycles");
    assert_eq!(
        cycles,
        [vec!["a", "b"], vec!["c", "d", "e"], vec!["d", "e"]]
    );
}

#[test]
fn an_unlisted_cycle_fails_and_a_listed_one_passes() {
    let graph = synthetic(&[
        ("document", "scope"),
        ("scope", "document"),
        ("lint", "rules"),
    ]);
    let none = BTreeSet::new();
    let problems = layering_problems(&graph, &none, &[], &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("cycle: document -> scope -> document"));
    assert!(problems[0].contains("scope -> document at scope.rs:1"));
    assert!(layering_problems(&graph, &none, &[&["document", "scope"]], &[]).is_empty());
    // A listed cycle that is gone fails too, so the list only shrinks.
    let problems = layering_problems(&graph, &none, &[&["document", "scope"], &["a", "b"]], &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("no longer a cycle"));
}

#[test]
fn a_rule_importing_a_rule_fails_unless_listed() {
    let graph = synthetic(&[
        ("rules::a", "rules"),
        ("rules::a", "rules::b"),
        ("rules::b", "repeats"),
    ]);
    let rules: BTreeSet<String> = ["rules::a", "rules::b"].map(String::from).into();
    let problems = layering_problems(&graph, &rules, &[], &[]);
    assert_eq!(
        problems,
        ["rule rules::a imports rule rules::b at rules::a.rs:1"]
    );
    assert!(layering_problems(&graph, &rules, &[], &[("rules::a", "rules::b")]).is_empty());
}

#[test]
fn rule_files_are_nodes_and_other_paths_land_in_their_top_module() {
    let modules = Modules {
        top: ["rules", "config", "repeats"].map(String::from).into(),
        rules_children: ["repeated_word", "meta"].map(String::from).into(),
        rule_nodes: BTreeSet::new(),
    };
    let node = |path: &str| modules.node(&path.split("::").map(String::from).collect::<Vec<_>>());
    assert_eq!(
        node("rules::repeated_word::ID").as_deref(),
        Some("rules::repeated_word")
    );
    assert_eq!(
        node("rules::meta::RuleMeta").as_deref(),
        Some("rules::meta")
    );
    assert_eq!(node("rules::Rule").as_deref(), Some("rules"));
    assert_eq!(node("repeats::tokens::Token").as_deref(), Some("repeats"));
    assert_eq!(node("Severity"), None);
    let files = vec![
        (
            PathBuf::from("rules/mod.rs"),
            "use crate::config::X; fn r() { repeated_word::R; crate::rules::repeated_word::R; }"
                .to_string(),
        ),
        (
            PathBuf::from("config/file.rs"),
            "use super::ConfigError; use crate::rules::meta::RuleMeta;".to_string(),
        ),
        (
            PathBuf::from("rules/repeated_word.rs"),
            "use super::Rule; use crate::repeats::tokens;".to_string(),
        ),
    ];
    let (graph, problems) = module_graph(&files, &modules);
    assert!(problems.is_empty(), "{problems:?}");
    let edges: Vec<String> = graph
        .iter()
        .flat_map(|(from, to)| to.keys().map(move |t| format!("{from} -> {t}")))
        .collect();
    // `rules` owning `rules::repeated_word` is not an edge; `config/file.rs`
    // using its own parent is not either.
    assert_eq!(
        edges,
        [
            "config -> rules::meta",
            "rules -> config",
            "rules::repeated_word -> repeats",
            "rules::repeated_word -> rules"
        ]
    );
}

#[test]
fn many_new_cycles_name_the_edge_they_share() {
    // html -> lint closes two loops at once.
    let graph = synthetic(&[
        ("document", "html"),
        ("html", "lint"),
        ("lint", "document"),
        ("lint", "rules"),
        ("rules", "document"),
    ]);
    let problems = layering_problems(&graph, &BTreeSet::new(), &[], &[]);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(
        problems[0],
        "2 new cycles, all through: document -> html at document.rs:1, html -> lint at html.rs:1"
    );
}
