//! Snapshots of what a user sees for the seed article (the page copydesk was
//! born from), in every output format, through the real binary. A change in
//! any rule, position or renderer shows up here as a reviewable diff.

use std::process::Command;

fn check(format: &str, page: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--color", "never", "--output-format", format, page])
        .env_remove("NO_COLOR")
        .output()
        .expect("copydesk runs");
    assert_eq!(out.status.code(), Some(1), "the seed page has findings");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn seed_article_human() {
    insta::assert_snapshot!(check("human", "fixtures/seed/article.html"));
}

#[test]
fn seed_article_json() {
    insta::assert_snapshot!(check("json", "fixtures/seed/article.html"));
}

#[test]
fn seed_article_sarif() {
    // The results in full; of the rules, only their ids and levels (their
    // documentation is snapshotted by `copydesk explain`, not here).
    let sarif: serde_json::Value =
        serde_json::from_str(&check("sarif", "fixtures/seed/article.html")).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules: Vec<String> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| format!("{} {}", r["id"], r["defaultConfiguration"]["level"]))
        .collect();
    let results = serde_json::to_string_pretty(&run["results"]).expect("results");
    insta::assert_snapshot!(format!(
        "rules:\n{}\n\nresults:\n{results}",
        rules.join("\n")
    ));
}

#[test]
fn minified_seed_article_human() {
    insta::assert_snapshot!(check("human", "fixtures/seed/article.min.html"));
}

#[test]
fn seed_article_github() {
    insta::assert_snapshot!(check("github", "fixtures/seed/article.html"));
}
