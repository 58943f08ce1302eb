//! Rule options: what each option is (name, type, allowed range, meaning),
//! and the typed values a rule reads.
//!
//! A rule with options declares one serde struct (kebab-case names) whose
//! `Default` is the only place its defaults are written, and implements
//! [`RuleOptions`] for it: one [`OptionSpec`] per field, with the range the
//! configuration enforces and the text `copydesk explain` prints. The
//! configuration checks each value against its spec where it is written (so
//! errors name `file:line:col`), then deserializes the merged values into the
//! struct once per configuration; the rule reads the struct from its context
//! with [`OptionValues::typed`]. A test over the registry checks that every
//! struct and its specs agree.
//!
//! A leaf module: the configuration depends on it; it depends on nothing else
//! in the crate.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The type of an option's value, and its allowed range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionKind {
    Bool,
    /// A whole number in `min..=max`.
    Integer {
        min: i64,
        max: i64,
    },
    /// A number in `min..=max` (never NaN). Integers are accepted.
    Float {
        min: f64,
        max: f64,
    },
    String,
    StringList,
}

impl OptionKind {
    /// A count with a lower bound: `min-words` needs at least one word.
    pub const fn at_least(min: i64) -> OptionKind {
        OptionKind::Integer { min, max: i64::MAX }
    }

    /// A size in pixels, as the `u32` it is stored in.
    pub const PIXELS: OptionKind = OptionKind::Integer {
        min: 0,
        max: u32::MAX as i64,
    };

    /// A share or a similarity, from 0 to 1.
    pub const FRACTION: OptionKind = OptionKind::Float { min: 0.0, max: 1.0 };

    /// The type as documented: "integer, at least 1", "number from 0 to 1".
    pub fn describe(&self) -> String {
        match *self {
            OptionKind::Bool => "boolean".to_owned(),
            OptionKind::Integer { min, max: i64::MAX } => format!("integer, at least {min}"),
            OptionKind::Integer { min, max } => format!("integer from {min} to {max}"),
            OptionKind::Float { min, max } => {
                format!("number from {} to {}", number(min), number(max))
            }
            OptionKind::String => "string".to_owned(),
            OptionKind::StringList => "list of strings".to_owned(),
        }
    }

    /// Checks that `value` (already of this kind) is in range; the error is
    /// the message the configuration reports at the value.
    pub fn check_range(&self, name: &str, value: &toml::Value) -> Result<(), String> {
        let (range, found) = match (*self, value) {
            (OptionKind::Integer { min, max }, toml::Value::Integer(i)) => {
                if (min..=max).contains(i) {
                    return Ok(());
                }
                let range = if max == i64::MAX {
                    format!("at least {min}")
                } else {
                    format!("between {min} and {max}")
                };
                (range, i.to_string())
            }
            (OptionKind::Float { min, max }, toml::Value::Float(f)) => {
                // NaN is in no range: `contains` is false for it.
                if (min..=max).contains(f) {
                    return Ok(());
                }
                let range = format!("between {} and {}", number(min), number(max));
                (range, number(*f))
            }
            _ => return Ok(()),
        };
        Err(format!("option `{name}` must be {range}, found {found}"))
    }
}

/// A number as TOML spells it: `0.5`, `1`, `nan`, `inf`.
fn number(f: f64) -> String {
    if f.is_nan() {
        "nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        f.to_string()
    }
}

/// One option of a rule: `[rules.RULE] name = value` in `copydesk.toml`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionSpec {
    /// Kebab-case, as written in configuration.
    pub name: &'static str,
    pub kind: OptionKind,
    /// What the option does, for `copydesk explain` and `copydesk rules`.
    pub doc: &'static str,
}

/// A rule's options struct: deserialized from configuration, its `Default`
/// the built-in values, one [`OptionSpec`] per field.
///
/// Declare it with `#[serde(default, rename_all = "kebab-case",
/// deny_unknown_fields)]`, so the names in configuration, in the specs and in
/// `config --show` are the same.
pub trait RuleOptions:
    Serialize + DeserializeOwned + Default + Clone + fmt::Debug + Send + Sync + 'static
{
    /// One spec per field, in the order the documentation lists them.
    const SPECS: &'static [OptionSpec];
}

/// The options struct of a rule that has none.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

impl RuleOptions for NoOptions {
    const SPECS: &'static [OptionSpec] = &[];
}

/// The parsed form, shared by every file with the same settings.
type Typed = Arc<dyn Any + Send + Sync>;

/// A rule's options as the registry knows them: the specs, and the options
/// struct behind them (its defaults, and how to parse into it).
#[derive(Debug, Clone, Copy)]
pub struct OptionsSchema {
    specs: &'static [OptionSpec],
    defaults: fn() -> Result<toml::Table, String>,
    parse: fn(toml::Table) -> Result<Typed, String>,
}

fn defaults_of<T: RuleOptions>() -> Result<toml::Table, String> {
    toml::Table::try_from(T::default()).map_err(|e| e.to_string())
}

fn parse_of<T: RuleOptions>(table: toml::Table) -> Result<Typed, String> {
    let value: T = table
        .try_into()
        .map_err(|e: toml::de::Error| e.message().trim().to_owned())?;
    Ok(Arc::new(value))
}

impl OptionsSchema {
    /// The schema of options struct `T`.
    pub const fn of<T: RuleOptions>() -> OptionsSchema {
        OptionsSchema {
            specs: T::SPECS,
            defaults: defaults_of::<T>,
            parse: parse_of::<T>,
        }
    }

    /// The schema of a rule without options.
    pub const NONE: OptionsSchema = OptionsSchema::of::<NoOptions>();

    pub fn specs(&self) -> &'static [OptionSpec] {
        self.specs
    }

    pub fn spec(&self, name: &str) -> Option<&'static OptionSpec> {
        self.specs.iter().find(|s| s.name == name)
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// The built-in values, from the struct's `Default`, by option name.
    ///
    /// Empty if the struct cannot be written as TOML (a test checks every
    /// rule's can).
    pub fn defaults(&self) -> toml::Table {
        (self.defaults)().unwrap_or_default()
    }

    /// The struct's defaults as TOML, or why they cannot be written.
    pub fn try_defaults(&self) -> Result<toml::Table, String> {
        (self.defaults)()
    }

    /// Checks `values` (option name -> value, missing ones take defaults)
    /// and parses them into the rule's options struct.
    ///
    /// The configuration checks each value where it is written first, for
    /// errors with positions; this is the last step, and the way tests give
    /// a rule options.
    pub fn parse(&self, values: &toml::Table) -> Result<OptionValues, String> {
        let mut table = self.defaults();
        for (name, value) in values {
            let Some(spec) = self.spec(name) else {
                return Err(format!("unknown option `{name}`"));
            };
            let value = match (spec.kind, value) {
                // As in configuration files: `threshold = 1` is a float.
                (OptionKind::Float { .. }, toml::Value::Integer(i)) => {
                    toml::Value::Float(*i as f64)
                }
                _ => value.clone(),
            };
            spec.kind.check_range(name, &value)?;
            table.insert(name.clone(), value);
        }
        let typed = (self.parse)(table.clone())?;
        Ok(OptionValues {
            table,
            typed: Some(typed),
        })
    }

    /// Each option with its default as TOML text, in documentation order.
    pub fn iter(&self) -> impl Iterator<Item = OptionDoc> + '_ {
        let defaults = self.defaults();
        self.specs.iter().map(move |spec| OptionDoc {
            name: spec.name,
            kind: spec.kind,
            default: defaults
                .get(spec.name)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            doc: spec.doc,
        })
    }
}

/// An option as documented: its spec and its default written as TOML.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionDoc {
    pub name: &'static str,
    pub kind: OptionKind,
    /// e.g. `0.85`, `["en"]`, `"Photo Credit: {name} / {outlet}"`.
    pub default: String,
    pub doc: &'static str,
}

/// A rule's options, checked and parsed: what the rule reads while linting.
///
/// Built once per configuration (per set of settings), shared by every file
/// that has those settings. The default value holds no parsed struct, and a
/// rule reading it gets its struct's defaults.
#[derive(Clone, Default)]
pub struct OptionValues {
    /// Every option by name, defaults filled in.
    table: toml::Table,
    typed: Option<Typed>,
}

impl OptionValues {
    /// One option's value, as TOML.
    pub fn get(&self, name: &str) -> Option<&toml::Value> {
        self.table.get(name)
    }

    /// Every option by name, as TOML.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// The rule's options struct; its defaults when none was parsed, or when
    /// `T` is not the struct these values were parsed into.
    pub fn typed<T: RuleOptions>(&self) -> Cow<'_, T> {
        match self.typed.as_deref().and_then(|t| t.downcast_ref::<T>()) {
            Some(options) => Cow::Borrowed(options),
            None => Cow::Owned(T::default()),
        }
    }

    /// Whether these values were parsed into `T`.
    pub fn is<T: RuleOptions>(&self) -> bool {
        self.typed.as_deref().is_some_and(|t| t.is::<T>())
    }
}

impl PartialEq for OptionValues {
    /// Equal values parse to equal structs.
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table
    }
}

impl fmt::Debug for OptionValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
    struct Demo {
        threshold: f64,
        min_words: usize,
        allow: Vec<String>,
    }

    impl Default for Demo {
        fn default() -> Self {
            Demo {
                threshold: 0.85,
                min_words: 10,
                allow: vec!["had".to_owned()],
            }
        }
    }

    impl RuleOptions for Demo {
        const SPECS: &'static [OptionSpec] = &[
            OptionSpec {
                name: "threshold",
                kind: OptionKind::FRACTION,
                doc: "",
            },
            OptionSpec {
                name: "min-words",
                kind: OptionKind::at_least(1),
                doc: "",
            },
            OptionSpec {
                name: "allow",
                kind: OptionKind::StringList,
                doc: "",
            },
        ];
    }

    const SCHEMA: OptionsSchema = OptionsSchema::of::<Demo>();

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("test TOML parses")
    }

    #[test]
    fn defaults_come_from_the_struct_in_kebab_case() {
        let defaults = SCHEMA.defaults();
        assert_eq!(defaults.get("threshold"), Some(&toml::Value::Float(0.85)));
        assert_eq!(defaults.get("min-words"), Some(&toml::Value::Integer(10)));
        let docs: Vec<(&str, String)> = SCHEMA.iter().map(|d| (d.name, d.default)).collect();
        assert_eq!(
            docs,
            [
                ("threshold", "0.85".to_owned()),
                ("min-words", "10".to_owned()),
                ("allow", "[\"had\"]".to_owned())
            ]
        );
    }

    #[test]
    fn parse_fills_in_defaults_and_reads_back_typed() {
        let values = SCHEMA.parse(&table("threshold = 1")).expect("valid");
        assert!(values.is::<Demo>());
        let demo = values.typed::<Demo>();
        assert_eq!(demo.threshold, 1.0);
        assert_eq!(demo.min_words, 10);
        assert_eq!(values.get("threshold"), Some(&toml::Value::Float(1.0)));
    }

    #[test]
    fn parse_rejects_out_of_range_values_and_unknown_names() {
        assert_eq!(
            SCHEMA.parse(&table("threshold = 2.5")).map(|_| ()),
            Err("option `threshold` must be between 0 and 1, found 2.5".to_owned())
        );
        assert_eq!(
            SCHEMA.parse(&table("threshold = nan")).map(|_| ()),
            Err("option `threshold` must be between 0 and 1, found nan".to_owned())
        );
        assert_eq!(
            SCHEMA.parse(&table("min-words = 0")).map(|_| ()),
            Err("option `min-words` must be at least 1, found 0".to_owned())
        );
        assert_eq!(
            SCHEMA.parse(&table("min_words = 3")).map(|_| ()),
            Err("unknown option `min_words`".to_owned())
        );
    }

    #[test]
    fn unparsed_values_give_the_defaults() {
        let values = OptionValues::default();
        assert_eq!(*values.typed::<Demo>(), Demo::default());
        assert!(!values.is::<Demo>());
        // Values parsed for another struct are not mistaken for this one.
        let none = OptionsSchema::NONE
            .parse(&toml::Table::new())
            .expect("no options");
        assert_eq!(*none.typed::<Demo>(), Demo::default());
    }

    #[test]
    fn kinds_describe_their_ranges() {
        assert_eq!(OptionKind::at_least(1).describe(), "integer, at least 1");
        assert_eq!(OptionKind::FRACTION.describe(), "number from 0 to 1");
        assert_eq!(
            OptionKind::PIXELS.describe(),
            "integer from 0 to 4294967295"
        );
        assert_eq!(
            OptionKind::PIXELS.check_range("min-size", &toml::Value::Integer(-1)),
            Err("option `min-size` must be between 0 and 4294967295, found -1".to_owned())
        );
    }
}
