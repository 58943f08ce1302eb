//! `copydesk config --show FILE`: the effective settings and their origins.

use super::Settings;
use std::fmt::Write;

/// Lists every effective setting as `key = value` (valid TOML values, so the
/// output reads like a config file) with where it was set as a comment,
/// aligned so the origins form a column.
pub fn render_show(settings: &Settings) -> String {
    let lines: Vec<(String, &str)> = settings
        .provenance
        .iter()
        .map(|p| (format!("{} = {}", p.key, p.value), p.source.as_str()))
        .collect();
    let width = lines
        .iter()
        .map(|(s, _)| s.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (setting, source) in lines {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{setting:<width$}  # {source}");
    }
    out
}
