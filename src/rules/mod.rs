//! The rules, their registry, and what every rule gets to see.
//!
//! One rule, one file: a unit struct implementing [`Rule`], its [`RuleMeta`]
//! in a `static META`, its options struct (see [`options`]), and a `//!` doc
//! comment under the headings of [`meta::SECTIONS`] that `copydesk explain`
//! prints, so code and documentation cannot drift. A new rule touches its own
//! file and one line of [`registry`].
//!
//! [`Rule::check`] takes a [`Document`] (located text blocks and the DOM) and
//! a [`RuleContext`] (severity, parsed options, shared resources) and pushes
//! diagnostics. Rules never read files and never print.
//!
//! Rule metadata lives in the leaf modules [`meta`] and [`options`], which the
//! configuration uses; this module and the rules never use the configuration.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::glossary::GlossarySource;
use std::borrow::Cow;

pub mod meta;
pub mod options;

pub use meta::{FixAvailability, RuleMeta, module_doc};
pub use options::{
    NoOptions, OptionDoc, OptionKind, OptionSpec, OptionValues, OptionsSchema, RuleOptions,
};

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
pub mod repeat_filters;
pub mod repeated_word;
pub mod unused_suppression;

/// The resolved settings of one rule for one file.
#[derive(Debug, Clone)]
pub struct RuleContext<'a> {
    /// The severity findings get (configured, or the rule's default).
    pub severity: Severity,
    /// The rule's options, checked and parsed when the settings were built.
    pub options: &'a OptionValues,
    pub resources: &'a Resources,
    /// What the lint run knows about the page, computed once for all rules.
    pub facts: &'a crate::facts::PageFacts<'a>,
}

impl RuleContext<'_> {
    /// The rule's options struct, as configured (its defaults when the
    /// context was built without parsed options, as some tests do).
    pub fn options<T: RuleOptions>(&self) -> Cow<'_, T> {
        self.options.typed()
    }
}

/// Loaded data that rules share (the glossaries). Built once per set of
/// glossaries, shared by every file and thread.
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
        glossaries: &[GlossarySource],
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

/// The metadata of every rule, in registry order: what the configuration
/// validates against.
pub fn metas() -> Vec<&'static RuleMeta> {
    registry().iter().map(|rule| rule.meta()).collect()
}

/// Looks a rule up by id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}
