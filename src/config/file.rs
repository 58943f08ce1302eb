//! Parsing one `copydesk.toml` into validated, position-tagged layers.
//!
//! The document is parsed with [`toml::de::DeTable`], which keeps the byte
//! span of every key and value, so each error can name the exact line and
//! column, and each accepted setting remembers its line for `config --show`.
//! Everything is validated here, once per file: rule ids, option types and
//! ranges, severities, globs, CSS selectors and glossary paths. Resolution
//! (in [`super::ConfigLoader`]) can then assume well-formed input.
//!
//! Options are spelled in kebab-case (`min-words`); the snake_case spellings
//! of earlier versions (`min_words`) still work, with a warning that names
//! the new spelling.

use super::options::check_options;
use super::{ConfigError, ConfigWarning, GlossarySource};
use crate::diagnostic::Severity;
use crate::rules::meta::RuleMeta;
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue};

/// The built-in defaults, in the same format as a user's file.
const BUILT_IN_TEXT: &str = include_str!("../../rules/defaults.toml");

/// The name errors in the built-in defaults are reported under.
pub(crate) const BUILT_IN_PATH: &str = "rules/defaults.toml";

/// The selector that means "every rule" in `select`, `extend-select` and `ignore`.
const ALL: &str = "ALL";

pub(crate) const TOP_LEVEL_KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "glossaries",
    "fail-on",
    "max-file-size",
    "scope",
    "rules",
    "overrides",
];
pub(crate) const SCOPE_KEYS: &[&str] = &["content", "exclude", "replace-exclude"];
const OVERRIDE_KEYS: &[&str] = &["paths", "select", "extend-select", "ignore", "rules"];

/// Where a layer of settings comes from; rendered in `config --show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    BuiltIn,
    File(PathBuf),
    CommandLine,
}

impl Origin {
    /// "built-in", "path/copydesk.toml:12" or "command line".
    pub(crate) fn describe(&self, line: usize) -> String {
        match self {
            Origin::BuiltIn => "built-in".to_owned(),
            Origin::File(path) => format!("{}:{line}", path.display()),
            Origin::CommandLine => "command line".to_owned(),
        }
    }
}

/// A value and the line it was written on (0 when not from a file).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// A rule named in `select`, `extend-select` or `ignore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleRef {
    All,
    Rule(&'static str),
}

/// A `severity` setting: `"off"` is not a [`Severity`] but disables the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeveritySetting {
    Off,
    Level(Severity),
}

/// One `[rules.ID]` table.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleTable {
    pub severity: Option<Located<SeveritySetting>>,
    /// Options already checked against the rule's [`OptionSpec`]s (and
    /// integers given for floats converted), keyed by option name.
    pub options: BTreeMap<&'static str, Located<toml::Value>>,
}

/// What both the top level of a file and each `[[overrides]]` entry may say
/// about rules. The command line is one of these too.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleLayer {
    pub select: Option<Located<Vec<RuleRef>>>,
    pub extend_select: Vec<Located<RuleRef>>,
    pub ignore: Vec<Located<RuleRef>>,
    pub rules: BTreeMap<&'static str, RuleTable>,
}

/// One `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub(crate) struct Override {
    /// Globs relative to the config file's folder.
    pub paths: Vec<glob::Pattern>,
    pub layer: RuleLayer,
}

/// One parsed and validated `copydesk.toml` (or the built-in defaults).
///
/// Holds the file's settings as written, not merged with anything: merging
/// happens per linted file in [`super::ConfigLoader`], because which `[[overrides]]`
/// apply depends on the file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub(crate) origin: Origin,
    /// The folder `paths` globs and glossary paths are relative to.
    pub(crate) dir: PathBuf,
    pub(crate) layer: RuleLayer,
    pub(crate) glossaries: Vec<Located<GlossarySource>>,
    pub(crate) fail_on: Option<Located<Severity>>,
    pub(crate) max_file_size: Option<Located<u64>>,
    pub(crate) scope_content: Option<Located<Vec<String>>>,
    pub(crate) scope_exclude: Vec<Located<String>>,
    pub(crate) replace_exclude: Option<Located<bool>>,
    pub(crate) overrides: Vec<Override>,
    /// Settings that work but should be rewritten, in file order.
    pub(crate) warnings: Vec<ConfigWarning>,
}

impl ConfigFile {
    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path, rules: &[&'static RuleMeta]) -> Result<ConfigFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_owned()),
            line: 0,
            column: 0,
            message: format!("cannot read configuration file: {e}"),
        })?;
        Self::parse_str(&text, path, rules)
    }

    /// The built-in defaults from `rules/defaults.toml`.
    pub fn built_in(rules: &[&'static RuleMeta]) -> Result<ConfigFile, ConfigError> {
        Parser {
            text: BUILT_IN_TEXT,
            origin: Origin::BuiltIn,
            error_path: PathBuf::from(BUILT_IN_PATH),
            dir: PathBuf::new(),
            rules,
            warnings: RefCell::default(),
            newlines: OnceCell::new(),
        }
        .parse()
    }

    /// Parses `text` as the contents of `path`: errors name `path`, and
    /// relative glossary paths and override globs are taken from its folder.
    pub fn parse_str(
        text: &str,
        path: &Path,
        rules: &[&'static RuleMeta],
    ) -> Result<ConfigFile, ConfigError> {
        Parser {
            text,
            origin: Origin::File(path.to_owned()),
            error_path: path.to_owned(),
            dir: path.parent().map(Path::to_owned).unwrap_or_default(),
            rules,
            warnings: RefCell::default(),
            newlines: OnceCell::new(),
        }
        .parse()
    }

    /// Warnings about settings that work but should be rewritten.
    pub fn warnings(&self) -> &[ConfigWarning] {
        &self.warnings
    }

    /// The file this was read from, or `None` for the built-in defaults.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::BuiltIn | Origin::CommandLine => None,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest of `candidates` to `input`, if it is a plausible typo.
pub(crate) fn suggest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(input, c), c))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// "unknown rule `x`, did you mean `y`?" with a fallback pointing at the list.
pub(crate) fn unknown_rule_message(id: &str, rules: &[&'static RuleMeta]) -> String {
    match suggest(id, rules.iter().map(|r| r.id)) {
        Some(close) => format!("unknown rule `{id}`, did you mean `{close}`?"),
        None => format!("unknown rule `{id}` (`copydesk rules` lists them)"),
    }
}

pub(crate) type Entry<'t, 'i> = (&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>);

/// A table's entries in document order, so the first error reported is the
/// first one in the file (the table itself is sorted by key).
fn entries<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

pub(crate) fn a_type(value: &DeValue<'_>) -> String {
    let name = value.type_str();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// A problem and the byte span it is about, before it is placed in a file.
pub(crate) type SpanError = (Range<usize>, String);

/// Parses one document; `error_path` names it in errors.
struct Parser<'a> {
    text: &'a str,
    origin: Origin,
    error_path: PathBuf,
    dir: PathBuf,
    rules: &'a [&'static RuleMeta],
    warnings: RefCell<Vec<ConfigWarning>>,
    /// Offsets of the text's line breaks, found once: counting them again
    /// for every value made a 50,000-item list take minutes.
    newlines: OnceCell<Vec<usize>>,
}

impl Parser<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let (line, column) = line_col(self.text, span.start);
        ConfigError {
            path: Some(self.error_path.clone()),
            line,
            column,
            message: message.into(),
        }
    }

    fn line(&self, span: &Range<usize>) -> usize {
        let newlines = self
            .newlines
            .get_or_init(|| memchr::memchr_iter(b'\n', self.text.as_bytes()).collect());
        newlines.partition_point(|&n| n < span.start) + 1
    }

    fn located<T>(&self, value: T, span: &Range<usize>) -> Located<T> {
        Located {
            value,
            line: self.line(span),
        }
    }

    fn parse(&self) -> Result<ConfigFile, ConfigError> {
        let root = DeTable::parse(self.text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(self.text, s.start));
            ConfigError {
                path: Some(self.error_path.clone()),
                line,
                column,
                message: format!("invalid TOML: {}", e.message().trim()),
            }
        })?;
        let mut file = ConfigFile {
            origin: self.origin.clone(),
            dir: self.dir.clone(),
            layer: RuleLayer::default(),
            glossaries: Vec::new(),
            fail_on: None,
            max_file_size: None,
            scope_content: None,
            scope_exclude: Vec::new(),
            replace_exclude: None,
            overrides: Vec::new(),
            warnings: Vec::new(),
        };
        for (key, value) in entries(root.get_ref()) {
            if self.rule_layer_entry(&mut file.layer, key, value)? {
                continue;
            }
            match key.get_ref().as_ref() {
                "glossaries" => {
                    for item in self.string_array(key, value)? {
                        let source = self.glossary(&item)?;
                        file.glossaries.push(self.located(source, &item.span()));
                    }
                }
                "fail-on" => {
                    let level = self.string(key, value)?;
                    let severity = level.parse::<Severity>().map_err(|_| {
                        self.error(
                            value.span(),
                            format!(
                                "invalid `fail-on` value `{level}`: expected \"error\", \"warning\" or \"info\""
                            ),
                        )
                    })?;
                    file.fail_on = Some(self.located(severity, &value.span()));
                }
                "max-file-size" => {
                    let size = match value.get_ref() {
                        DeValue::Integer(i) => {
                            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                                .ok()
                                .and_then(|n| u64::try_from(n).ok())
                                .filter(|&n| n > 0)
                                .ok_or_else(|| "must be a positive number of bytes".to_owned())
                                .and_then(|n| super::parse_size(&n.to_string()))
                        }
                        DeValue::String(s) => super::parse_size(s),
                        _ => {
                            return Err(self.expected(
                                key,
                                value,
                                "a number of bytes or a size such as \"64M\"",
                            ));
                        }
                    };
                    let size = size.map_err(|message| {
                        self.error(value.span(), format!("`max-file-size`: {message}"))
                    })?;
                    file.max_file_size = Some(self.located(size, &value.span()));
                }
                "scope" => self.scope(&mut file, key, value)?,
                "overrides" => {
                    let DeValue::Array(items) = value.get_ref() else {
                        return Err(self.expected(
                            key,
                            value,
                            "an array of tables (`[[overrides]]`)",
                        ));
                    };
                    for item in items.iter() {
                        file.overrides.push(self.override_entry(item)?);
                    }
                }
                other => return Err(self.unknown_key(key.span(), other, TOP_LEVEL_KEYS, None)),
            }
        }
        file.warnings = self.warnings.take();
        Ok(file)
    }

    fn warn(&self, span: Range<usize>, message: String) {
        let (line, column) = line_col(self.text, span.start);
        self.warnings.borrow_mut().push(ConfigWarning {
            path: self.error_path.clone(),
            line,
            column,
            message,
        });
    }

    fn unknown_key(
        &self,
        span: Range<usize>,
        name: &str,
        valid: &[&str],
        table: Option<&str>,
    ) -> ConfigError {
        let hint = suggest(name, valid.iter().copied())
            .map(|c| format!(", did you mean `{c}`?"))
            .unwrap_or_default();
        let place = table.map(|t| format!(" in [{t}]")).unwrap_or_default();
        self.error(
            span,
            format!(
                "unknown key `{name}`{hint} (valid keys{place}: {})",
                valid.join(", ")
            ),
        )
    }

    fn expected(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
        what: &str,
    ) -> ConfigError {
        self.error(
            value.span(),
            format!(
                "`{}` must be {what}, found {}",
                key.get_ref(),
                a_type(value.get_ref())
            ),
        )
    }

    fn string(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<String, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.expected(key, value, "a string")),
        }
    }

    /// The items of an array of strings, with their spans.
    fn string_array(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<Spanned<String>>, ConfigError> {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.expected(key, value, "an array of strings"));
        };
        self.strings(key, items)
    }

    fn strings(
        &self,
        key: &Spanned<DeString<'_>>,
        items: &DeArray<'_>,
    ) -> Result<Vec<Spanned<String>>, ConfigError> {
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok(Spanned::new(item.span(), s.to_string())),
                other => Err(self.error(
                    item.span(),
                    format!(
                        "`{}` must contain only strings, found {}",
                        key.get_ref(),
                        a_type(other)
                    ),
                )),
            })
            .collect()
    }

    fn table<'t, 'i>(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &'t Spanned<DeValue<'i>>,
    ) -> Result<&'t DeTable<'i>, ConfigError> {
        match value.get_ref() {
            DeValue::Table(table) => Ok(table),
            _ => Err(self.expected(key, value, "a table")),
        }
    }

    fn rule_ref(&self, item: &Spanned<String>, allow_all: bool) -> Result<RuleRef, ConfigError> {
        let id = item.get_ref().as_str();
        if allow_all && id == ALL {
            return Ok(RuleRef::All);
        }
        match self.rules.iter().find(|r| r.id == id) {
            Some(rule) => Ok(RuleRef::Rule(rule.id)),
            None => Err(self.error(item.span(), unknown_rule_message(id, self.rules))),
        }
    }

    /// Handles `select`, `extend-select`, `ignore` or `rules`, which the top
    /// level and `[[overrides]]` share. Returns `false` for any other key.
    fn rule_layer_entry(
        &self,
        layer: &mut RuleLayer,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<bool, ConfigError> {
        match key.get_ref().as_ref() {
            "select" => {
                let items = self.string_array(key, value)?;
                let refs = items
                    .iter()
                    .map(|item| self.rule_ref(item, true))
                    .collect::<Result<Vec<_>, _>>()?;
                layer.select = Some(self.located(refs, &value.span()));
            }
            "extend-select" | "ignore" => {
                let target = if key.get_ref() == "ignore" {
                    &mut layer.ignore
                } else {
                    &mut layer.extend_select
                };
                for item in self.string_array(key, value)? {
                    let rule = self.rule_ref(&item, true)?;
                    target.push(self.located(rule, &item.span()));
                }
            }
            "rules" => {
                for (id_key, table) in entries(self.table(key, value)?) {
                    let id: &str = id_key.get_ref();
                    let Some(rule) = self.rules.iter().find(|r| r.id == id) else {
                        return Err(self.error(id_key.span(), unknown_rule_message(id, self.rules)));
                    };
                    let table = self.table(id_key, table)?;
                    layer.rules.insert(rule.id, self.rule_table(rule, table)?);
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn rule_table(&self, rule: &RuleMeta, table: &DeTable<'_>) -> Result<RuleTable, ConfigError> {
        let mut out = RuleTable::default();
        let mut option_entries = Vec::new();
        for (key, value) in entries(table) {
            if key.get_ref() != "severity" {
                option_entries.push((key, value));
                continue;
            }
            let level = self.string(key, value)?;
            let setting = match level.as_str() {
                "off" => SeveritySetting::Off,
                other => SeveritySetting::Level(other.parse().map_err(|_| {
                    self.error(
                        value.span(),
                        format!(
                            "invalid severity `{other}`: expected \"error\", \"warning\", \"info\" or \"off\""
                        ),
                    )
                })?),
            };
            out.severity = Some(self.located(setting, &value.span()));
        }
        let options = check_options(rule.id, &rule.options, &option_entries)
            .map_err(|(span, message)| self.error(span, message))?;
        for option in options {
            if let Some((old, span)) = &option.deprecated {
                self.warn(
                    span.clone(),
                    format!(
                        "option `{old}` of rule `{}` is now spelled `{}`; \
                         the old spelling will stop working",
                        rule.id, option.name
                    ),
                );
            }
            let located = self.located(option.value, &option.span);
            out.options.insert(option.name, located);
        }
        Ok(out)
    }

    fn glossary(&self, item: &Spanned<String>) -> Result<GlossarySource, ConfigError> {
        let text = item.get_ref();
        if let Some(name) = text.strip_prefix("builtin:") {
            // Built-in names are checked by the glossary loader, which knows them.
            return Ok(GlossarySource::Builtin(name.to_owned()));
        }
        if self.origin == Origin::BuiltIn {
            return Err(self.error(
                item.span(),
                "the built-in defaults may only name `builtin:` glossaries",
            ));
        }
        let path = super::normalize(&self.dir.join(text));
        if !path.is_file() {
            return Err(self.error(
                item.span(),
                format!(
                    "glossary file `{text}` not found (looked for {})",
                    path.display()
                ),
            ));
        }
        Ok(GlossarySource::File(path))
    }

    fn selectors(
        &self,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<Spanned<String>>, ConfigError> {
        let items = self.string_array(key, value)?;
        for item in &items {
            if let Err(e) = scraper::Selector::parse(item.get_ref()) {
                return Err(self.error(
                    item.span(),
                    format!(
                        "invalid CSS selector `{}`: {}",
                        item.get_ref(),
                        selector_problem(&e)
                    ),
                ));
            }
        }
        Ok(items)
    }

    fn scope(
        &self,
        file: &mut ConfigFile,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<(), ConfigError> {
        for (key, value) in entries(self.table(key, value)?) {
            match key.get_ref().as_ref() {
                "content" => {
                    let items = self.selectors(key, value)?;
                    let list = items.into_iter().map(Spanned::into_inner).collect();
                    file.scope_content = Some(self.located(list, &value.span()));
                }
                "exclude" => {
                    for item in self.selectors(key, value)? {
                        let line = self.line(&item.span());
                        file.scope_exclude.push(Located {
                            value: item.into_inner(),
                            line,
                        });
                    }
                }
                "replace-exclude" => match value.get_ref() {
                    DeValue::Boolean(b) => {
                        file.replace_exclude = Some(self.located(*b, &value.span()))
                    }
                    _ => return Err(self.expected(key, value, "a boolean")),
                },
                other => {
                    return Err(self.unknown_key(key.span(), other, SCOPE_KEYS, Some("scope")));
                }
            }
        }
        Ok(())
    }

    fn override_entry(&self, item: &Spanned<DeValue<'_>>) -> Result<Override, ConfigError> {
        let DeValue::Table(table) = item.get_ref() else {
            return Err(self.error(
                item.span(),
                format!(
                    "`overrides` must be an array of tables (`[[overrides]]`), found {}",
                    a_type(item.get_ref())
                ),
            ));
        };
        let mut paths = None;
        let mut layer = RuleLayer::default();
        for (key, value) in entries(table) {
            if self.rule_layer_entry(&mut layer, key, value)? {
                continue;
            }
            match key.get_ref().as_ref() {
                "paths" => {
                    let items = self.string_array(key, value)?;
                    if items.is_empty() {
                        return Err(self.error(value.span(), "`paths` must not be empty"));
                    }
                    let patterns = items
                        .iter()
                        .map(|p| {
                            glob::Pattern::new(p.get_ref()).map_err(|e| {
                                self.error(
                                    p.span(),
                                    format!("invalid glob `{}`: {}", p.get_ref(), e.msg),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    paths = Some(patterns);
                }
                other => {
                    return Err(self.unknown_key(
                        key.span(),
                        other,
                        OVERRIDE_KEYS,
                        Some("[overrides]"),
                    ));
                }
            }
        }
        let Some(paths) = paths else {
            return Err(self.error(
                item.span(),
                "an `[[overrides]]` entry needs `paths = [\"glob\", ...]`",
            ));
        };
        Ok(Override { paths, layer })
    }
}

/// A readable reason for a selector parse failure. scraper's own Display is
/// capitalised and, for errors from the `selectors` crate, a debug dump.
fn selector_problem(e: &scraper::error::SelectorErrorKind) -> String {
    use scraper::error::SelectorErrorKind as K;
    let reason = match e {
        K::UnexpectedToken => "unexpected token",
        K::EndOfLine => "unexpected end of selector",
        K::InvalidAtRule => "invalid @-rule",
        K::InvalidAtRuleBody => "invalid @-rule body",
        K::QualRuleInvalid => "invalid qualified name",
        K::TooManyNestedBlocks => "too many nested blocks",
        K::ExpectedColonOnPseudoElement => "expected `::` before a pseudo-element",
        K::ExpectedIdentityOnPseudoElement => "expected a pseudo-element name",
        // `selectors` has no Display; its variant names (`DanglingCombinator`,
        // `UnsupportedPseudoClassOrElement`) read well as words.
        K::UnexpectedSelectorParseError(inner) => return words(&format!("{inner:?}")),
    };
    reason.to_owned()
}

/// `DanglingCombinator` -> `dangling combinator`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}
