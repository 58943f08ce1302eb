//! Checking a `[rules.ID]` table's options where they are written: names
//! (and their old spellings), types and ranges, each error at the exact
//! value. What an option accepts comes from the rule's [`OptionSpec`]s, in
//! the leaf module [`crate::rules::options`].

use super::file::{Entry, SpanError, a_type, suggest};
use crate::rules::options::{OptionKind, OptionSpec, OptionsSchema};
use std::ops::Range;
use toml::Spanned;
use toml::de::DeValue;

/// An option value accepted by [`check_options`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CheckedOption {
    /// The option's name as the rule declares it.
    pub name: &'static str,
    pub span: Range<usize>,
    pub value: toml::Value,
    /// The old spelling it was written with, and where: for a warning.
    pub deprecated: Option<(String, Range<usize>)>,
}

/// Checks one option value against its spec (type, then range), returning
/// the value to store.
///
/// Takes a spec rather than a rule so it can be tested with hand-made
/// specs. Integers are accepted for floats (`threshold = 1`).
pub(crate) fn check_option(
    spec: &OptionSpec,
    value: &Spanned<DeValue<'_>>,
) -> Result<toml::Value, SpanError> {
    let checked = check_type(spec, value)?;
    spec.kind
        .check_range(spec.name, &checked)
        .map_err(|message| (value.span(), message))?;
    Ok(checked)
}

fn check_type(spec: &OptionSpec, value: &Spanned<DeValue<'_>>) -> Result<toml::Value, SpanError> {
    let wrong = |expected: &str| {
        (
            value.span(),
            format!(
                "wrong type for option `{}`: expected {expected}, found {}",
                spec.name,
                a_type(value.get_ref())
            ),
        )
    };
    match (spec.kind, value.get_ref()) {
        (OptionKind::Bool, DeValue::Boolean(b)) => Ok(toml::Value::Boolean(*b)),
        (OptionKind::Bool, _) => Err(wrong("a boolean")),
        (OptionKind::Integer { .. }, DeValue::Integer(i)) => integer(i.as_str(), i.radix())
            .map(toml::Value::Integer)
            .ok_or_else(|| (value.span(), "integer out of range".to_owned())),
        (OptionKind::Integer { .. }, _) => Err(wrong("an integer")),
        (OptionKind::Float { .. }, DeValue::Float(f)) => f
            .as_str()
            .parse::<f64>()
            .map(toml::Value::Float)
            .map_err(|_| (value.span(), "invalid float".to_owned())),
        (OptionKind::Float { .. }, DeValue::Integer(i)) => integer(i.as_str(), i.radix())
            .map(|i| toml::Value::Float(i as f64))
            .ok_or_else(|| (value.span(), "integer out of range".to_owned())),
        (OptionKind::Float { .. }, _) => Err(wrong("a float")),
        (OptionKind::String, DeValue::String(s)) => Ok(toml::Value::String(s.to_string())),
        (OptionKind::String, _) => Err(wrong("a string")),
        (OptionKind::StringList, DeValue::Array(items)) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok(toml::Value::String(s.to_string())),
                other => Err((
                    item.span(),
                    format!(
                        "wrong type in option `{}`: expected a string, found {}",
                        spec.name,
                        a_type(other)
                    ),
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(toml::Value::Array),
        (OptionKind::StringList, _) => Err(wrong("an array of strings")),
    }
}

fn integer(digits: &str, radix: u32) -> Option<i64> {
    i64::from_str_radix(digits, radix).ok()
}

/// The spec `name` refers to, and whether it is an old spelling:
/// `min_words` for `min-words`.
fn resolve_option_name(options: &OptionsSchema, name: &str) -> Option<(&'static OptionSpec, bool)> {
    if let Some(spec) = options.spec(name) {
        return Some((spec, false));
    }
    if name.contains('_') {
        return options
            .spec(&name.replace('_', "-"))
            .map(|spec| (spec, true));
    }
    None
}

/// Checks a `[rules.ID]` table's options against the rule's `options`;
/// `severity` is handled by the caller. Returns the validated options.
pub(crate) fn check_options(
    rule_id: &str,
    options: &OptionsSchema,
    entries: &[Entry<'_, '_>],
) -> Result<Vec<CheckedOption>, SpanError> {
    let specs = options.specs();
    let mut out: Vec<CheckedOption> = Vec::new();
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let Some((spec, deprecated)) = resolve_option_name(options, name) else {
            let message = if specs.is_empty() {
                format!(
                    "unknown option `{name}`: rule `{rule_id}` has no options (only `severity`)"
                )
            } else {
                let valid: Vec<&str> = std::iter::once("severity")
                    .chain(specs.iter().map(|s| s.name))
                    .collect();
                let hint = suggest(name, valid.iter().copied())
                    .map(|c| format!(", did you mean `{c}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown option `{name}` for rule `{rule_id}`{hint} (valid: {})",
                    valid.join(", ")
                )
            };
            return Err((key.span(), message));
        };
        if let Some(earlier) = out.iter().find(|o| o.name == spec.name) {
            let first = earlier
                .deprecated
                .as_ref()
                .map_or(spec.name, |(old, _)| old.as_str());
            return Err((
                key.span(),
                format!(
                    "option `{}` is set twice (as `{first}` and as `{name}`)",
                    spec.name
                ),
            ));
        }
        let checked = check_option(spec, value)?;
        // The specs say what the rule accepts; its options struct must agree.
        let single = toml::Table::from_iter([(spec.name.to_owned(), checked.clone())]);
        options.parse(&single).map_err(|e| {
            (
                value.span(),
                format!("invalid value for option `{}`: {e}", spec.name),
            )
        })?;
        out.push(CheckedOption {
            name: spec.name,
            span: value.span(),
            value: checked,
            deprecated: deprecated.then(|| (name.to_owned(), key.span())),
        });
    }
    Ok(out)
}
