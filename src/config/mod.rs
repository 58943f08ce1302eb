//! `copydesk.toml`: discovery, layering, validation and provenance.
//!
//! Settings for one linted file are built from layers, later winning:
//!
//! 1. the built-in defaults (`rules/defaults.toml` plus each rule's declared
//!    default severity and options),
//! 2. the nearest `copydesk.toml` above the file (or the `--config` file),
//! 3. that file's `[[overrides]]` whose `paths` globs match the file, in order,
//! 4. the command line.
//!
//! Rule selection follows ruff: `select` replaces the enabled set,
//! `extend-select` adds to it, `ignore` removes from it, and `"ALL"` names every
//! rule. In a `[rules.ID]` table, `severity = "off"` disables the rule and any
//! other severity enables it (as in ESLint and Vale), so an override can turn
//! back on a rule the file switched off. Within one layer the order is
//! `select`, `extend-select`, `[rules.ID]`, `ignore`: an explicit `ignore` has
//! the last word.
//!
//! `[scope] content` replaces the earlier list; `[scope] exclude` adds to it
//! unless `replace-exclude = true`. Glossaries accumulate, deduplicated.
//!
//! Every file is validated completely when first read, and errors carry the
//! exact line and column, because a typo in configuration silently ignored is
//! a check silently not run.
//!
//! Rule options are checked against each rule's specs (type and range, from
//! [`crate::rules::options`]) where they are written, merged per option
//! across the layers, and parsed into the rule's options struct once per
//! [`Settings`]; rules read that struct and never check a value themselves.
//! Configuration knows rules only by their metadata ([`RuleMeta`]); the rule
//! registry is plugged in by `ConfigLoader::new` in [`crate::lint`].

mod file;
mod options;
mod show;
mod size;
#[cfg(test)]
mod tests;

/// Re-exported: configuration names glossaries; the glossary module owns
/// what a glossary source is.
pub use crate::glossary::GlossarySource;
pub use file::ConfigFile;
#[cfg(test)]
pub(crate) use file::{SCOPE_KEYS, TOP_LEVEL_KEYS};
pub use show::render_show;
pub use size::{DEFAULT_MAX_FILE_SIZE, describe_size, parse_size};

use crate::diagnostic::Severity;
use crate::rules::meta::RuleMeta;
use crate::rules::options::OptionValues;
use file::{Located, Origin, RuleLayer, RuleRef, SeveritySetting};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::Hash;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The file name looked for in each folder from the linted file upwards.
pub const CONFIG_FILE_NAME: &str = "copydesk.toml";

/// A configuration problem, pointing at where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, or `None` for a command-line argument.
    pub path: Option<PathBuf>,
    /// 1-based; 0 when the problem has no position (an unreadable file).
    pub line: usize,
    /// 1-based, counted in characters; 0 when `line` is 0.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) if self.line > 0 => write!(
                f,
                "{}:{}:{}: {}",
                path.display(),
                self.line,
                self.column,
                self.message
            ),
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => write!(f, "command line: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A configuration that works but should be changed (an option's old
/// spelling), pointing at where it was written. Printed, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigWarning {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl ConfigError {
    fn command_line(message: String) -> ConfigError {
        ConfigError {
            path: None,
            line: 0,
            column: 0,
            message,
        }
    }
}

/// The effective settings of one rule for one file.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSettings {
    pub enabled: bool,
    pub severity: Severity,
    /// Every option the rule declares, defaults filled in and parsed into the
    /// rule's options struct, so rules never have to know where a value came
    /// from nor check it.
    pub options: OptionValues,
}

/// One line of `config --show`: a setting, its value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// e.g. `rules.repeated-word.severity`, `scope.exclude`, `glossaries`.
    pub key: String,
    /// The value as TOML-ish text.
    pub value: String,
    /// `built-in`, `path/copydesk.toml:12` or `command line`.
    pub source: String,
}

/// The effective settings for one linted file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Every rule in the registry.
    pub rules: BTreeMap<&'static str, RuleSettings>,
    /// Selectors for the article's text, tried in order.
    pub scope_content: Vec<String>,
    /// Selectors for page furniture inside the content.
    pub scope_exclude: Vec<String>,
    /// In order, deduplicated.
    pub glossaries: Vec<GlossarySource>,
    pub fail_on: Option<Severity>,
    /// `max-file-size`: larger pages are refused, and reading stops here.
    pub max_file_size: u64,
    /// Where each value came from, rules first in registry order. List
    /// settings (`scope.content`, `scope.exclude`, `glossaries`) have one
    /// entry per item.
    pub provenance: Vec<Provenance>,
}

impl Settings {
    pub fn rule(&self, id: &str) -> Option<&RuleSettings> {
        self.rules.get(id)
    }
}

/// What the command line says about configuration.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    /// `--select`: replaces the enabled set.
    pub select: Option<Vec<String>>,
    /// `--extend-select`
    pub extend_select: Vec<String>,
    /// `--ignore`
    pub ignore: Vec<String>,
    /// `--glossary`: files relative to the working directory, or `builtin:NAME`.
    pub glossaries: Vec<PathBuf>,
    /// `--config FILE`: use this file for every linted file, no discovery.
    pub config: Option<PathBuf>,
    /// `--max-file-size`
    pub max_file_size: Option<u64>,
}

/// The nearest `copydesk.toml` in `start_dir` or a folder above it.
///
/// A relative `start_dir` is taken relative to the working directory, and the
/// search continues above it.
pub fn find_config(start_dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start_dir)
        .map(|p| normalize(&p))
        .unwrap_or_else(|_| start_dir.to_owned());
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The built-in article-scope selectors (`rules/defaults.toml`): the
/// content list, then the exclude list. For tools and tests that build a
/// [`crate::document::Document`] without a configuration.
pub fn default_scope_lists() -> (Vec<String>, Vec<String>) {
    // The built-in file names no rule, so it parses without the registry.
    match ConfigFile::built_in(&[]) {
        Ok(file) => (
            file.scope_content.map(|c| c.value).unwrap_or_default(),
            file.scope_exclude.into_iter().map(|e| e.value).collect(),
        ),
        // The built-in file is checked by a test; without it, no scope lists.
        Err(_) => (Vec::new(), Vec::new()),
    }
}

/// Removes `.` and resolves `..` lexically, without touching the file system
/// (so symlinked folders keep the path the user gave, which globs are written
/// against).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Settings are cached per config file and set of matching overrides: the
/// only inputs that differ between linted files.
type SettingsKey = (Option<PathBuf>, Vec<usize>);

/// Builds [`Settings`] for linted files, reading each `copydesk.toml` once.
///
/// Shared by the threads that lint files in parallel: the caches are behind
/// `RwLock`s, and a run lints thousands of files from a handful of folders,
/// so after warm-up nearly every call is a read-locked lookup.
#[derive(Debug)]
pub struct ConfigLoader {
    rules: Vec<&'static RuleMeta>,
    built_in: ConfigFile,
    /// The `--config` file, which replaces discovery.
    explicit: Option<Arc<ConfigFile>>,
    cli: RuleLayer,
    cli_glossaries: Vec<GlossarySource>,
    cli_max_file_size: Option<u64>,
    /// The working directory when the loader was made; relative paths are
    /// resolved against it so results do not depend on later `chdir`s.
    cwd: PathBuf,
    /// Folder of a linted file -> its nearest config file.
    discovered: RwLock<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config path -> parsed file (or why it could not be used).
    files: RwLock<HashMap<PathBuf, Result<Arc<ConfigFile>, ConfigError>>>,
    settings: RwLock<HashMap<SettingsKey, Arc<Settings>>>,
}

impl ConfigLoader {
    /// Validates the command line (rule ids, glossary files, `--config`) and
    /// the built-in defaults against `rules`, the rules that exist.
    ///
    /// `ConfigLoader::new`, for copydesk's own rules, is defined in
    /// [`crate::lint`], where rules meet settings: configuration needs only
    /// rule metadata, never the registry.
    pub fn with_rules(
        cli: CliOverrides,
        rules: Vec<&'static RuleMeta>,
    ) -> Result<Self, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let built_in = ConfigFile::built_in(&rules)?;
        let explicit = match &cli.config {
            Some(path) => Some(Arc::new(ConfigFile::load(
                &normalize(&cwd.join(path)),
                &rules,
            )?)),
            None => None,
        };
        let rule_refs =
            |flag: &str, ids: &[String]| -> Result<Vec<Located<RuleRef>>, ConfigError> {
                ids.iter()
                    .map(|id| {
                        if id == "ALL" {
                            return Ok(RuleRef::All);
                        }
                        rules
                            .iter()
                            .find(|r| r.id == id)
                            .map(|r| RuleRef::Rule(r.id))
                            .ok_or_else(|| {
                                ConfigError::command_line(format!(
                                    "{flag}: {}",
                                    file::unknown_rule_message(id, &rules)
                                ))
                            })
                    })
                    .map(|r| r.map(|value| Located { value, line: 0 }))
                    .collect()
            };
        let select = match &cli.select {
            Some(ids) => Some(Located {
                value: rule_refs("--select", ids)?
                    .into_iter()
                    .map(|r| r.value)
                    .collect(),
                line: 0,
            }),
            None => None,
        };
        let cli_layer = RuleLayer {
            select,
            extend_select: rule_refs("--extend-select", &cli.extend_select)?,
            ignore: rule_refs("--ignore", &cli.ignore)?,
            rules: BTreeMap::new(),
        };
        let cli_glossaries = cli
            .glossaries
            .iter()
            .map(|path| {
                if let Some(name) = path.to_str().and_then(|s| s.strip_prefix("builtin:")) {
                    return Ok(GlossarySource::Builtin(name.to_owned()));
                }
                let absolute = normalize(&cwd.join(path));
                if absolute.is_file() {
                    Ok(GlossarySource::File(absolute))
                } else {
                    Err(ConfigError::command_line(format!(
                        "--glossary: file `{}` not found",
                        path.display()
                    )))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(ConfigLoader {
            rules,
            built_in,
            explicit,
            cli: cli_layer,
            cli_glossaries,
            cli_max_file_size: cli.max_file_size,
            cwd,
            discovered: RwLock::default(),
            files: RwLock::default(),
            settings: RwLock::default(),
        })
    }

    /// The settings for linting `file`.
    ///
    /// Files in the same folder (more precisely: with the same config file
    /// and the same matching overrides) get the same `Arc`.
    pub fn settings_for(&self, file: &Path) -> Result<Arc<Settings>, ConfigError> {
        let file = normalize(&self.cwd.join(file));
        let config = match &self.explicit {
            Some(explicit) => Some(Arc::clone(explicit)),
            None => self.discovered_config(&file)?,
        };
        let matching: Vec<usize> = match &config {
            Some(config) => matching_overrides(config, &file),
            None => Vec::new(),
        };
        let key = (
            config.as_ref().and_then(|c| c.path().map(Path::to_owned)),
            matching,
        );
        if let Some(settings) = read(&self.settings).get(&key) {
            return Ok(Arc::clone(settings));
        }
        let settings = Arc::new(self.resolve(config.as_deref(), &key.1)?);
        // Another thread may have resolved the same key meanwhile; keep the
        // first so every file of a folder shares one `Arc`.
        let mut cache = write(&self.settings);
        Ok(Arc::clone(cache.entry(key).or_insert(settings)))
    }

    /// The config file that applies to `file` by discovery, parsed.
    fn discovered_config(&self, file: &Path) -> Result<Option<Arc<ConfigFile>>, ConfigError> {
        let dir = file.parent().unwrap_or(Path::new("")).to_owned();
        let cached = read(&self.discovered).get(&dir).cloned();
        let path = match cached {
            Some(path) => path,
            None => {
                let found = find_config(&dir);
                write(&self.discovered).insert(dir, found.clone());
                found
            }
        };
        let Some(path) = path else {
            return Ok(None);
        };
        if let Some(parsed) = read(&self.files).get(&path) {
            return parsed.clone().map(Some);
        }
        let parsed = ConfigFile::load(&path, &self.rules).map(Arc::new);
        let mut files = write(&self.files);
        files.entry(path).or_insert(parsed).clone().map(Some)
    }

    /// Deprecation warnings of every configuration file read so far, each
    /// once, in file order.
    pub fn warnings(&self) -> Vec<ConfigWarning> {
        let files = read(&self.files);
        let mut warnings: Vec<ConfigWarning> = self
            .explicit
            .iter()
            .chain(files.values().filter_map(|parsed| parsed.as_ref().ok()))
            .flat_map(|file| file.warnings.iter().cloned())
            .collect();
        warnings.sort();
        warnings.dedup();
        warnings
    }

    /// Layers built-in < file < matching overrides < command line, and
    /// parses each rule's options.
    fn resolve(
        &self,
        config: Option<&ConfigFile>,
        overrides: &[usize],
    ) -> Result<Settings, ConfigError> {
        let mut rules = RuleStates::new(&self.rules);
        let mut scope_content = Vec::new();
        let mut scope_exclude: Vec<Located<String>> = Vec::new();
        let mut exclude_origins: Vec<Origin> = Vec::new();
        let mut glossaries: Vec<(GlossarySource, String)> = Vec::new();
        let mut fail_on = None;
        let mut max_file_size = None;
        let mut provenance = Vec::new();

        let files = std::iter::once(&self.built_in).chain(config);
        let mut content_from = None;
        for file in files {
            rules.apply(&file.layer, &file.origin);
            if let Some(content) = &file.scope_content {
                scope_content = content.value.clone();
                content_from = Some(file.origin.describe(content.line));
            }
            if file.replace_exclude.as_ref().is_some_and(|r| r.value) {
                scope_exclude.clear();
                exclude_origins.clear();
            }
            for item in &file.scope_exclude {
                scope_exclude.push(item.clone());
                exclude_origins.push(file.origin.clone());
            }
            for g in &file.glossaries {
                glossaries.push((g.value.clone(), file.origin.describe(g.line)));
            }
            if let Some(level) = &file.fail_on {
                fail_on = Some((level.value, file.origin.describe(level.line)));
            }
            if let Some(size) = &file.max_file_size {
                max_file_size = Some((size.value, file.origin.describe(size.line)));
            }
        }
        if let Some(size) = self.cli_max_file_size {
            max_file_size = Some((size, Origin::CommandLine.describe(0)));
        }
        if let Some(config) = config {
            for &index in overrides {
                if let Some(entry) = config.overrides.get(index) {
                    rules.apply(&entry.layer, &config.origin);
                }
            }
        }
        rules.apply(&self.cli, &Origin::CommandLine);
        for g in &self.cli_glossaries {
            glossaries.push((g.clone(), Origin::CommandLine.describe(0)));
        }

        rules.provenance(&mut provenance);
        let content_from = content_from.unwrap_or_else(|| Origin::BuiltIn.describe(0));
        for selector in &scope_content {
            provenance.push(Provenance {
                key: "scope.content".to_owned(),
                value: toml_text(toml::Value::String(selector.clone())),
                source: content_from.clone(),
            });
        }
        let mut excludes = Vec::new();
        for (item, origin) in scope_exclude.iter().zip(&exclude_origins) {
            if excludes.contains(&item.value) {
                continue;
            }
            excludes.push(item.value.clone());
            provenance.push(Provenance {
                key: "scope.exclude".to_owned(),
                value: toml_text(toml::Value::String(item.value.clone())),
                source: origin.describe(item.line),
            });
        }
        let glossaries = dedup_by_first(glossaries);
        for (g, source) in &glossaries {
            provenance.push(Provenance {
                key: "glossaries".to_owned(),
                value: toml_text(toml::Value::String(g.to_string())),
                source: source.clone(),
            });
        }
        if let Some((level, source)) = &fail_on {
            provenance.push(Provenance {
                key: "fail-on".to_owned(),
                value: toml_text(toml::Value::String(level.as_str().to_owned())),
                source: source.clone(),
            });
        }
        if let Some((size, source)) = &max_file_size {
            provenance.push(Provenance {
                key: "max-file-size".to_owned(),
                value: toml_text(toml::Value::Integer(
                    i64::try_from(*size).unwrap_or(i64::MAX),
                )),
                source: source.clone(),
            });
        }
        let rules = rules.finish().map_err(|message| ConfigError {
            // Each value was checked where it was written; a failure here
            // is a rule whose options struct disagrees with its specs.
            path: config.and_then(|c| c.path().map(Path::to_owned)),
            line: 0,
            column: 0,
            message,
        })?;
        Ok(Settings {
            rules,
            scope_content,
            scope_exclude: excludes,
            glossaries: glossaries.into_iter().map(|(g, _)| g).collect(),
            fail_on: fail_on.map(|(level, _)| level),
            max_file_size: max_file_size.map_or(DEFAULT_MAX_FILE_SIZE, |(size, _)| size),
            provenance,
        })
    }
}

/// A value as it would be written in `copydesk.toml`.
fn toml_text(value: toml::Value) -> String {
    value.to_string()
}

fn dedup_by_first<K: Eq + Hash + Clone, V>(items: Vec<(K, V)>) -> Vec<(K, V)> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|(k, _)| seen.insert(k.clone()))
        .collect()
}

/// Indices of `config`'s overrides whose globs match `file`, which must be
/// absolute and normalized. Globs are relative to the config's folder; files
/// outside that folder match no override. `*` stops at `/`, `**` does not.
fn matching_overrides(config: &ConfigFile, file: &Path) -> Vec<usize> {
    let Ok(relative) = file.strip_prefix(&config.dir) else {
        return Vec::new();
    };
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    config
        .overrides
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            o.paths
                .iter()
                .any(|p| p.matches_path_with(relative, options))
        })
        .map(|(i, _)| i)
        .collect()
}

/// A cache lock, tolerating poisoning: a panic elsewhere cannot leave a
/// half-written entry, since entries are inserted whole.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A setting's value and the description of where it was set.
#[derive(Debug, Clone)]
struct Sourced<T> {
    value: T,
    source: String,
}

impl<T> Sourced<T> {
    fn built_in(value: T) -> Self {
        Sourced {
            value,
            source: Origin::BuiltIn.describe(0),
        }
    }
}

/// One rule's settings while the layers are applied.
struct RuleState {
    meta: &'static RuleMeta,
    enabled: Sourced<bool>,
    severity: Sourced<Severity>,
    options: Vec<(&'static str, Sourced<toml::Value>)>,
}

/// All rules' settings while the layers are applied, in registry order.
struct RuleStates(Vec<RuleState>);

impl RuleStates {
    fn new(rules: &[&'static RuleMeta]) -> Self {
        RuleStates(
            rules
                .iter()
                .map(|meta| RuleState {
                    meta,
                    enabled: Sourced::built_in(meta.enabled_by_default),
                    severity: Sourced::built_in(meta.default_severity),
                    options: {
                        let mut defaults = meta.options.defaults();
                        meta.options
                            .specs()
                            .iter()
                            .filter_map(|spec| {
                                let value = defaults.remove(spec.name)?;
                                Some((spec.name, Sourced::built_in(value)))
                            })
                            .collect()
                    },
                })
                .collect(),
        )
    }

    fn get(&mut self, id: &str) -> Option<&mut RuleState> {
        self.0.iter_mut().find(|r| r.meta.id == id)
    }

    /// Sets `enabled` for the rules `rule` names.
    fn set_enabled(&mut self, rule: RuleRef, enabled: bool, source: &str) {
        for state in &mut self.0 {
            if rule == RuleRef::All || rule == RuleRef::Rule(state.meta.id) {
                state.enabled = Sourced {
                    value: enabled,
                    source: source.to_owned(),
                };
            }
        }
    }

    /// Applies one layer: `select`, `extend-select`, `[rules.ID]`, `ignore`.
    fn apply(&mut self, layer: &RuleLayer, origin: &Origin) {
        if let Some(select) = &layer.select {
            let source = origin.describe(select.line);
            self.set_enabled(RuleRef::All, false, &source);
            for &rule in &select.value {
                self.set_enabled(rule, true, &source);
            }
        }
        for rule in &layer.extend_select {
            self.set_enabled(rule.value, true, &origin.describe(rule.line));
        }
        for (id, table) in &layer.rules {
            let Some(state) = self.get(id) else { continue };
            if let Some(severity) = &table.severity {
                let source = origin.describe(severity.line);
                match severity.value {
                    SeveritySetting::Off => {
                        state.enabled = Sourced {
                            value: false,
                            source,
                        }
                    }
                    SeveritySetting::Level(level) => {
                        state.enabled = Sourced {
                            value: true,
                            source: source.clone(),
                        };
                        state.severity = Sourced {
                            value: level,
                            source,
                        };
                    }
                }
            }
            for (&name, value) in &table.options {
                let sourced = Sourced {
                    value: value.value.clone(),
                    source: origin.describe(value.line),
                };
                match state.options.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, slot)) => *slot = sourced,
                    // Only if the struct has no default for a spec (a test
                    // checks every rule's has).
                    None => state.options.push((name, sourced)),
                }
            }
        }
        for rule in &layer.ignore {
            self.set_enabled(rule.value, false, &origin.describe(rule.line));
        }
    }

    fn provenance(&self, out: &mut Vec<Provenance>) {
        for state in &self.0 {
            let id = state.meta.id;
            out.push(Provenance {
                key: format!("rules.{id}.enabled"),
                value: state.enabled.value.to_string(),
                source: state.enabled.source.clone(),
            });
            out.push(Provenance {
                key: format!("rules.{id}.severity"),
                value: toml_text(toml::Value::String(
                    state.severity.value.as_str().to_owned(),
                )),
                source: state.severity.source.clone(),
            });
            for (name, value) in &state.options {
                out.push(Provenance {
                    key: format!("rules.{id}.{name}"),
                    value: toml_text(value.value.clone()),
                    source: value.source.clone(),
                });
            }
        }
    }

    /// The settings of every rule, options parsed into their structs.
    fn finish(self) -> Result<BTreeMap<&'static str, RuleSettings>, String> {
        self.0
            .into_iter()
            .map(|state| {
                let table: toml::Table = state
                    .options
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value.value))
                    .collect();
                let options = state
                    .meta
                    .options
                    .parse(&table)
                    .map_err(|e| format!("rule `{}`: {e}", state.meta.id))?;
                let settings = RuleSettings {
                    enabled: state.enabled.value,
                    severity: state.severity.value,
                    options,
                };
                Ok((state.meta.id, settings))
            })
            .collect()
    }
}
