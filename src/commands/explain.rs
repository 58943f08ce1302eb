//! `copydesk explain RULE`: a rule's documentation, as its doc comment
//! states it; an unknown id gets the closest known one as a suggestion.

use super::error::output;
use super::{CommandError, ExitStatus};
use crate::rules::{find_rule, registry};
use std::io::Write;

/// How far (in edits) a typo may be from a rule id to be suggested.
const MAX_SUGGESTION_DISTANCE: usize = 3;

pub(super) fn run(id: &str, out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    let Some(rule) = find_rule(id) else {
        let closest = registry()
            .iter()
            .map(|r| r.meta().id)
            .min_by_key(|candidate| strsim::levenshtein(candidate, id))
            .filter(|candidate| strsim::levenshtein(candidate, id) <= MAX_SUGGESTION_DISTANCE);
        let id = id.to_owned();
        return Err(match closest {
            Some(suggestion) => CommandError::UnknownRuleNear { id, suggestion },
            None => CommandError::UnknownRule { id },
        });
    };
    let meta = rule.meta();
    let mut text = format!(
        "# {}\n\nDefault severity: {}{}\n\n",
        meta.id,
        meta.default_severity,
        if meta.enabled_by_default {
            ""
        } else {
            " (off unless selected)"
        }
    );
    text.push_str(&meta.doc());
    writeln!(out, "{}", text.trim_end()).map_err(output)?;
    Ok(ExitStatus::Clean)
}
