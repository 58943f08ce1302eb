//! `copydesk config --show FILE`: the effective settings and their origins.

use super::{Provenance, Settings};
use std::fmt::Write;

/// Settings whose provenance has one entry per list item.
const LIST_KEYS: &[&str] = &["glossaries", "scope.content", "scope.exclude"];

/// Lines longer than this are not padded, so one long value does not push
/// every origin comment off the screen.
const MAX_ALIGN: usize = 48;

/// Renders the effective settings in the shape of a `copydesk.toml`, every
/// value filled in and, as a trailing comment, where it was set. The output is
/// valid TOML (so tools can read it), but not a loadable config as is: each
/// rule's `enabled` line stands for what a file says with `select`/`ignore`.
pub fn render_show(settings: &Settings) -> String {
    // Top-level keys must precede the first table header in TOML.
    let (top, tabled): (Vec<&Provenance>, Vec<&Provenance>) = settings
        .provenance
        .iter()
        .partition(|p| !p.key.contains('.'));
    let mut sections: Vec<(&str, Vec<&Provenance>)> = vec![("", top)];
    for entry in tabled {
        let (section, _) = split_key(&entry.key);
        match sections.iter_mut().find(|(name, _)| *name == section) {
            Some((_, entries)) => entries.push(entry),
            None => sections.push((section, vec![entry])),
        }
    }
    let mut out = String::new();
    for (section, entries) in sections {
        if entries.is_empty() {
            continue;
        }
        if !section.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            // Writing to a String cannot fail.
            let _ = writeln!(out, "[{section}]");
        }
        let lines = section_lines(&entries);
        let width = lines
            .iter()
            .map(|(text, _)| text.chars().count())
            .filter(|&w| w <= MAX_ALIGN)
            .max()
            .unwrap_or(0);
        for (text, source) in lines {
            match source {
                Some(source) => {
                    let _ = writeln!(out, "{text:<width$}  # {source}");
                }
                None => {
                    let _ = writeln!(out, "{text}");
                }
            }
        }
    }
    out
}

/// `rules.repeated-word.severity` -> (`rules.repeated-word`, `severity`).
fn split_key(key: &str) -> (&str, &str) {
    key.rsplit_once('.').unwrap_or(("", key))
}

/// One section's lines: `name = value` or, for lists, one item per line,
/// each with its origin (`None` for the list's brackets).
fn section_lines<'a>(entries: &[&'a Provenance]) -> Vec<(String, Option<&'a str>)> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].key.as_str();
        let (_, name) = split_key(key);
        if LIST_KEYS.contains(&key) {
            let items: Vec<_> = entries[i..].iter().take_while(|e| e.key == key).collect();
            lines.push((format!("{name} = ["), None));
            for item in &items {
                lines.push((format!("    {},", item.value), Some(item.source.as_str())));
            }
            lines.push(("]".to_owned(), None));
            i += items.len();
        } else {
            lines.push((
                format!("{name} = {}", entries[i].value),
                Some(entries[i].source.as_str()),
            ));
            i += 1;
        }
    }
    lines
}
