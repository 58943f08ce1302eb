//! The rules, their registry, and what every rule gets to see.
//!
//! One rule, one file. Each file starts with a `//!` doc comment under the
//! headings *What it does*, *Why it matters*, *Example*, *Options* (and *Fix
//! safety* where it fixes): that text is embedded with `include_str!` and is
//! what `copydesk explain RULE` prints, so code and documentation cannot drift.
//!
//! A rule is a plain function from a [`Document`] (located text blocks and the
//! DOM) and its [`RuleContext`] (severity, options, shared resources) to
//! diagnostics. Rules never read files and never print.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

pub mod caption_credit_format;
pub mod doubled_punctuation;
pub mod duplicate_paragraph;
pub mod duplicate_sentence;
pub mod glossary_diacritics;
pub mod glossary_spelling;
pub mod inconsistent_spelling;
pub mod missing_alt_text;
pub mod missing_byline;
pub mod missing_image_credit;
pub mod near_duplicate_paragraph;
pub mod repeated_word;
pub mod repeats;
pub mod unused_suppression;

/// The type of a rule option, used to validate configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Bool,
    Integer,
    Float,
    String,
    StringList,
}

/// One tunable option of a rule, as `[rules.RULE] name = value` in `copydesk.toml`.
#[derive(Debug)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, written as TOML (e.g. `"0.85"`, `"[\"had\", \"that\"]"`).
    pub default: &'static str,
    pub doc: &'static str,
}

/// What the registry knows about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id, as used in `--select`, config and suppressions.
    pub id: &'static str,
    pub default_severity: Severity,
    /// Rules that are off unless selected or configured.
    pub enabled_by_default: bool,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    /// The rule's source file, whose leading `//!` comment is its documentation.
    pub source: &'static str,
    pub options: &'static [OptionSpec],
}

impl RuleMeta {
    /// The rule's documentation: its file's leading `//!` comment.
    pub fn doc(&self) -> String {
        module_doc(self.source)
    }
}

/// Extracts the leading `//!` block of a Rust source file as plain text.
pub fn module_doc(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("//!") {
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        } else if trimmed.is_empty() && out.is_empty() {
            continue;
        } else {
            break;
        }
    }
    out
}

/// The resolved settings of one rule for one file.
#[derive(Debug, Clone)]
pub struct RuleContext<'a> {
    /// The severity findings get (configured, or the rule's default).
    pub severity: Severity,
    /// The rule's options table from configuration (missing keys take defaults).
    pub options: &'a toml::Table,
    pub resources: &'a Resources,
    /// What the lint run knows about the page, computed once for all rules.
    pub facts: &'a crate::facts::PageFacts<'a>,
}

impl RuleContext<'_> {
    fn option(&self, name: &str) -> Option<&toml::Value> {
        self.options.get(name)
    }
    pub fn f64(&self, name: &str, default: f64) -> f64 {
        match self.option(name) {
            Some(toml::Value::Float(f)) => *f,
            Some(toml::Value::Integer(i)) => *i as f64,
            _ => default,
        }
    }
    pub fn usize(&self, name: &str, default: usize) -> usize {
        match self.option(name) {
            Some(toml::Value::Integer(i)) if *i >= 0 => *i as usize,
            _ => default,
        }
    }
    /// An integer option as `u32` (pixel sizes), saturating.
    pub fn u32(&self, name: &str, default: u32) -> u32 {
        u32::try_from(self.usize(name, default as usize)).unwrap_or(u32::MAX)
    }
    pub fn bool(&self, name: &str, default: bool) -> bool {
        match self.option(name) {
            Some(toml::Value::Boolean(b)) => *b,
            _ => default,
        }
    }
    pub fn string_list(&self, name: &str, default: &[&str]) -> Vec<String> {
        match self.option(name) {
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => default.iter().map(|s| s.to_string()).collect(),
        }
    }
    pub fn string(&self, name: &str) -> Option<&str> {
        self.option(name).and_then(|v| v.as_str())
    }
}

/// Loaded data that rules share (glossaries, credit patterns). Built once per
/// configuration, shared by every file and thread.
#[derive(Debug, Default)]
pub struct Resources {
    /// The configured glossaries, indexed (empty when none are configured).
    pub glossary: crate::glossary::Glossary,
    /// Credit patterns built for the configurations seen so far.
    pub credit_patterns: crate::attribution::CreditPatternCache,
}

impl Resources {
    /// Loads the glossaries of `Settings.glossaries` (which already include
    /// `--glossary` files): once per run, before linting any file.
    pub fn load(
        glossaries: &[crate::config::GlossarySource],
    ) -> Result<Resources, crate::glossary::GlossaryError> {
        Ok(Resources {
            glossary: crate::glossary::Glossary::load(glossaries)?,
            credit_patterns: Default::default(),
        })
    }
}

/// A rule: metadata plus a check over one document.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>);
}

/// Every rule copydesk knows, in the order `copydesk rules` lists them.
pub fn registry() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &repeated_word::RepeatedWord,
        &doubled_punctuation::DoubledPunctuation,
        &duplicate_paragraph::DuplicateParagraph,
        &near_duplicate_paragraph::NearDuplicateParagraph,
        &duplicate_sentence::DuplicateSentence,
        &glossary_spelling::GlossarySpelling,
        &glossary_diacritics::GlossaryDiacritics,
        &inconsistent_spelling::InconsistentSpelling,
        &missing_image_credit::MissingImageCredit,
        &missing_byline::MissingByline,
        &caption_credit_format::CaptionCreditFormat,
        &missing_alt_text::MissingAltText,
        &unused_suppression::UnusedSuppression,
    ];
    RULES
}

/// Looks a rule up by id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}
