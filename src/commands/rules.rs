//! `copydesk rules`: every rule with its default severity, whether it is on
//! by default, and its summary (a table, or JSON with the options).

use super::error::output;
use super::{CommandError, ExitStatus};
use crate::cli::ListFormat;
use crate::rules::registry;
use std::io::Write;

pub(super) fn run(format: ListFormat, out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    match format {
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = registry()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "severity": m.default_severity.as_str(),
                        "enabled": m.enabled_by_default,
                        "fix": m.fix.as_str(),
                        "summary": m.summary,
                        "options": m.options.iter().map(|o| serde_json::json!({
                            "name": o.name, "default": o.default, "doc": o.doc,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rules)?;
            writeln!(out, "{text}").map_err(output)?;
        }
        ListFormat::Human => {
            let width = registry()
                .iter()
                .map(|r| r.meta().id.len())
                .max()
                .unwrap_or(10);
            writeln!(
                out,
                "{:width$}  {:8}  {:3}  {:6}  summary",
                "rule", "severity", "on", "fix"
            )
            .map_err(output)?;
            for rule in registry() {
                let m = rule.meta();
                writeln!(
                    out,
                    "{:width$}  {:8}  {:3}  {:6}  {}",
                    m.id,
                    m.default_severity.as_str(),
                    if m.enabled_by_default { "yes" } else { "no" },
                    m.fix.as_str(),
                    m.summary
                )
                .map_err(output)?;
            }
        }
    }
    Ok(ExitStatus::Clean)
}
