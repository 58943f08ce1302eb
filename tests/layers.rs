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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The cycles in the code today, each as the loop of modules it goes
/// through, starting from its alphabetically first module. Other engineers
/// are removing them in parallel (issue 9); the lead empties this list after
/// merging their branches. A cycle not listed here fails the test, and so
/// does a listed one that is gone (remove it, so it cannot come back).
const KNOWN_CYCLES: &[&[&str]] = &[
    // config uses the rule registry and metadata; rules/mod.rs uses
    // config::GlossarySource.
    &["config", "rules"],
    // The same, closed through the glossary, which reads config's
    // GlossarySource, and through Document.shared's glossary matches.
    &["config", "rules", "document", "glossary"],
    &["config", "rules", "glossary"],
    // Document caches metadata::PageMetadata; metadata reads the Document.
    &["document", "metadata"],
    // document.rs calls scope::choose; scope.rs uses document::Scope.
    &["document", "scope"],
];

/// Rule files that import another rule file today, as (importer, imported).
/// They share page facts (credit patterns, the page's language, glossary
/// matching) that are moving to the page-facts layer in parallel (issue 9);
/// the lead empties this list after merging. Any other rule-to-rule import
/// fails the test.
const KNOWN_RULE_IMPORTS: &[(&str, &str)] = &[
    (
        "rules::caption_credit_format",
        "rules::missing_image_credit",
    ),
    ("rules::glossary_diacritics", "rules::glossary_spelling"),
    ("rules::inconsistent_spelling", "rules::glossary_spelling"),
];

/// Most elementary cycles enumerated before giving up: a graph with more
/// has lost all layering, and the list would not help anyone.
const MAX_CYCLES: usize = 10_000;

/// What the module names in paths can resolve to.
struct Modules {
    /// Top-level modules (`src/NAME.rs` or `src/NAME/`).
    top: BTreeSet<String>,
    /// Files and folders directly in `src/rules/` (without `mod.rs`).
    rules_children: BTreeSet<String>,
    /// The nodes that are rules (`rules::repeated_word`).
    rule_nodes: BTreeSet<String>,
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
type Graph = BTreeMap<String, BTreeMap<String, String>>;

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

/// Replaces comments, string and character literals with spaces (newlines
/// kept, so line numbers stay right): what is left is code.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0
                || !is_ident(chars[i - 1])
                || (chars[i - 1] == 'b' && (i < 2 || !is_ident(chars[i - 2]))))
            && {
                let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                chars.get(i + 1 + hashes) == Some(&'"')
            }
        {
            // A raw string: r"..." or r#"..."#, ended by a quote and as many #.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            out.push(' ');
            i += 1 + hashes + 1;
            out.extend(std::iter::repeat_n(' ', hashes + 1));
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    out.push(blank(ch));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{2019}'. The
            // quote, the backslash and the escaped character, then up to
            // the closing quote.
            out.push_str("   ");
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            // A one-character literal ('{', '"'); otherwise a lifetime.
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// The code's tokens, each with its line (1-based).
fn tokenize(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Token::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push((Token::PathSep, line));
            i += 2;
        } else {
            tokens.push((Token::Punct(c), line));
            i += 1;
        }
    }
    tokens
}

/// Parses a use tree (or an inline path) at `tokens[*at]`, the segments
/// after `prefix`, and returns every full path it names.
fn use_tree(tokens: &[(Token, usize)], at: &mut usize, prefix: Vec<String>) -> Vec<Vec<String>> {
    match tokens.get(*at).map(|t| &t.0) {
        Some(Token::Punct('{')) => {
            *at += 1;
            let mut paths = Vec::new();
            loop {
                match tokens.get(*at).map(|t| &t.0) {
                    None => return paths,
                    Some(Token::Punct('}')) => {
                        *at += 1;
                        return paths;
                    }
                    Some(Token::Punct(',')) => *at += 1,
                    Some(_) => {
                        let before = *at;
                        paths.extend(use_tree(tokens, at, prefix.clone()));
                        // Skip what a tree does not parse (`as name`).
                        while !matches!(
                            tokens.get(*at).map(|t| &t.0),
                            None | Some(Token::Punct(',' | '}'))
                        ) {
                            *at += 1;
                        }
                        if *at == before {
                            *at += 1;
                        }
                    }
                }
            }
        }
        Some(Token::Ident(name)) if name == "self" => {
            *at += 1;
            vec![prefix]
        }
        Some(Token::Ident(name)) => {
            let mut path = prefix;
            path.push(name.clone());
            *at += 1;
            if tokens.get(*at).map(|t| &t.0) == Some(&Token::PathSep) {
                *at += 1;
                use_tree(tokens, at, path)
            } else {
                vec![path]
            }
        }
        // `*`, or the end of a path (`::<T>`, `::(`).
        _ => vec![prefix],
    }
}

/// Every crate path in one file's source, with its line, as module paths
/// from the crate root (`super::` resolved against `module`, the file's
/// module path; inline `mod x { }` blocks counted).
fn crate_paths(source: &str, module: &[String]) -> Vec<(Vec<String>, usize)> {
    let tokens = tokenize(&code_only(source));
    let mut paths = Vec::new();
    // Inline modules open at a brace depth: `mod tests { use super::*; }`.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = (&tokens[i].0, tokens[i].1);
        let previous = i.checked_sub(1).map(|p| &tokens[p].0);
        let follows_path = matches!(previous, Some(Token::PathSep | Token::Punct('$')));
        match token {
            Token::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Token::Ident(kw)
                if kw == "mod"
                    && matches!(tokens.get(i + 2).map(|t| &t.0), Some(Token::Punct('{'))) =>
            {
                if let Some((Token::Ident(name), _)) = tokens.get(i + 1) {
                    inline.push((name.clone(), depth));
                }
                i += 2;
            }
            Token::Ident(root)
                if (root == "crate" || root == "super")
                    && !follows_path
                    && tokens.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) =>
            {
                let mut base: Vec<String> = if root == "crate" {
                    Vec::new()
                } else {
                    let mut here: Vec<String> = module.to_vec();
                    here.extend(inline.iter().map(|(n, _)| n.clone()));
                    here.pop();
                    here
                };
                i += 2;
                // `super::super::x`
                while root == "super"
                    && matches!(tokens.get(i).map(|t| &t.0), Some(Token::Ident(s)) if s == "super")
                    && tokens.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep)
                {
                    base.pop();
                    i += 2;
                }
                for path in use_tree(&tokens, &mut i, base) {
                    paths.push((path, line));
                }
            }
            _ => i += 1,
        }
    }
    paths
}

/// The module graph of the files `(path relative to src, source)`.
/// Paths to no module of the crate are returned as problems.
fn module_graph(files: &[(PathBuf, String)], modules: &Modules) -> (Graph, Vec<String>) {
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
fn layering_problems(
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
fn paths_are_read_from_code_not_comments_or_strings() {
    let source = r####"
//! Links to [`crate::render`] in docs are not imports.
use crate::{document::{Block, Document}, rules::{self, repeated_word::ID as X}};
use crate::rules::{Rule, OptionSpec};
use super::sibling::Thing;
pub(crate) fn f() {
    let s = "crate::app in a string";
    let r = r#"crate::cli in a raw "string""#;
    let c = '{';
    let e = '\'';
    /* crate::fix in /* a nested */ block comment */
    crate::html::attr(x, "class");
    $crate::suppress::x();
}
mod tests {
    use super::*;
    use super::super::scope::Scope;
}
"####;
    let module = vec!["rules".to_string(), "duplicate_paragraph".to_string()];
    let paths: Vec<String> = crate_paths(source, &module)
        .into_iter()
        .map(|(p, line)| format!("{line}:{}", p.join("::")))
        .collect();
    assert_eq!(
        paths,
        [
            "3:document::Block",
            "3:document::Document",
            "3:rules",
            "3:rules::repeated_word::ID",
            "4:rules::Rule",
            "4:rules::OptionSpec",
            "5:rules::sibling::Thing",
            "12:html::attr",
            "16:rules::duplicate_paragraph",
            "17:rules::scope::Scope",
        ]
    );
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
