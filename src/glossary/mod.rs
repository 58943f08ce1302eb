//! Glossaries: lists of correctly spelled names and terms, loaded once per run
//! and indexed so the glossary rules can find near misses of them in article
//! text ("Soyug-FG" for "Soyuz-FG") without scanning every term per word.
//!
//! - [`Glossary::load`] reads built-in packs (`builtin:NAME`, embedded from
//!   `rules/glossaries/`) and files (`.txt`, `.toml`), runs each file's inline
//!   tests, and builds one index over all of them.
//! - [`Glossary::find`] returns every glossary match in a page's text blocks;
//!   the rules (`glossary-spelling`, `glossary-diacritics`) only choose which
//!   kinds to report and how.
//!
//! A `Glossary` is immutable after loading and `Send + Sync`: the CLI builds
//! it once and shares it across files and threads.

mod first_words;
mod fold;
mod index;
mod lexicon;
mod matcher;
mod near;
mod parse;
mod reach;
mod scratch;
mod shapes;
mod source;
mod typo;
mod word_slots;
mod word_table;

pub use fold::{fold, lower};
pub use index::deletion_keys;
pub use lexicon::Lexicon;
pub use matcher::{BlockText, Candidate, Match, MatchKind, MatchOptions, is_glued};
pub use source::GlossarySource;
pub use typo::{MAX_LETTERS, Slip, slip};

use first_words::FirstWords;
use index::DeletionIndex;
use reach::LowercaseReach;
use rustc_hash::{FxHashMap, FxHashSet};
use shapes::Shapes;
use std::fmt;

/// The built-in packs, by name (`builtin:NAME`).
const BUILTINS: &[(&str, &str)] = &[
    (
        "countries.txt",
        include_str!("../../rules/glossaries/countries.txt"),
    ),
    (
        "organizations.txt",
        include_str!("../../rules/glossaries/organizations.txt"),
    ),
    (
        "spaceflight.toml",
        include_str!("../../rules/glossaries/spaceflight.toml"),
    ),
    (
        "us-states.txt",
        include_str!("../../rules/glossaries/us-states.txt"),
    ),
];

/// The largest glossary file read: far above any real one (the built-in
/// packs are under 100 KB), and a bound on the memory a wrong path (a log,
/// a dump) can take, since parsing a TOML file costs about 60 times its size.
pub const MAX_GLOSSARY_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a glossary file, refusing one over `limit` bytes without reading
/// past it.
fn read_glossary(path: &std::path::Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read glossary: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read glossary: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "glossary is larger than {limit} bytes; is this the right file?"
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| "cannot read glossary: stream did not contain valid UTF-8".to_owned())
}

/// Names of the built-in packs, as used after `builtin:`.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS
        .iter()
        .filter_map(|(file, _)| file.rsplit_once('.').map(|(name, _)| name))
        .collect()
}

/// A glossary that could not be loaded: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryError {
    /// The file path, or `builtin:NAME`.
    pub origin: String,
    /// 1-based line, or 0 when the problem is not on a line (unknown
    /// built-in name, unreadable file).
    pub line: usize,
    /// 1-based column in characters, or 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl GlossaryError {
    pub(crate) fn at(origin: &str, line: usize, message: impl Into<String>) -> GlossaryError {
        GlossaryError {
            origin: origin.to_owned(),
            line,
            column: 0,
            message: message.into(),
        }
    }

    /// An error at byte `offset` of the glossary's `text`, placed by line
    /// and column.
    pub(crate) fn at_offset(
        origin: &str,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> GlossaryError {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        GlossaryError {
            origin: origin.to_owned(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: message.into(),
        }
    }
}

impl fmt::Display for GlossaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else if self.column > 0 {
            let (origin, line, column) = (&self.origin, self.line, self.column);
            write!(f, "{origin}:{line}:{column}: {}", self.message)
        } else {
            write!(f, "{}:{}: {}", self.origin, self.line, self.message)
        }
    }
}

impl std::error::Error for GlossaryError {}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The correct form; the suggestion when a wrong form is found.
    pub term: String,
    /// Other correct spellings, never flagged.
    pub aliases: Vec<String>,
    /// Spellings always flagged, whatever their length.
    pub wrong: Vec<String>,
    /// Shown with a finding.
    pub note: Option<String>,
    /// Only the exact capitalisation is the term (acronyms, names that are
    /// also English words).
    pub case_sensitive: bool,
    /// File path or `builtin:NAME`, and the 1-based line of the entry.
    pub origin: String,
    pub line: usize,
    /// Inline tests: (wrong text, expected suggestion, line).
    pub tests: Vec<(String, String, usize)>,
}

/// A spelling of a term split into words, as the matcher compares it with
/// the words of a page.
#[derive(Debug)]
struct Form {
    term: u32,
    /// The words as written (by [`crate::text::words`]).
    words: Vec<String>,
    /// Non-space separators between consecutive words ("," in
    /// "Washington, D.C."); `gaps.len() == words.len() - 1`.
    gaps: Vec<String>,
    /// A correct spelling (term or alias), or a `wrong` one.
    correct: bool,
}

/// A distinct word of the correct forms, keyed by its folded spelling.
#[derive(Debug)]
struct VocabWord {
    folded: String,
    /// Where it occurs: (form id, word position).
    postings: Vec<(u32, u16)>,
}

/// Loaded, indexed glossary terms. Empty by default (no glossary rules fire).
#[derive(Default)]
pub struct Glossary {
    terms: Vec<Term>,
    forms: Vec<Form>,
    /// `lower(first word)` -> wrong forms starting with it.
    wrong_by_first: FxHashMap<String, Vec<u32>>,
    /// `fold(first word)` -> correct forms that have diacritics.
    accented_by_first: FxHashMap<String, Vec<u32>>,
    /// `lower` of every correct form, words joined by single spaces.
    correct_keys: FxHashSet<String>,
    /// `fold(word)` -> position in `vocab`, for every word of a correct form.
    vocab_ids: FxHashMap<String, u32>,
    vocab: Vec<VocabWord>,
    index: DeletionIndex,
    /// Which ASCII words may start a wrong or accented form.
    first_words: FirstWords,
    /// Which lowercase words may be near misses at all.
    lowercase_reach: LowercaseReach,
    /// Which ASCII words may be within one edit of a glossary word (or be
    /// one), by their letters and length.
    shapes: Shapes,
    /// Distinct for every glossary built in the process (0: empty), so
    /// per-thread caches of its verdicts know whose they are.
    id: u64,
}

impl fmt::Debug for Glossary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Glossary")
            .field("terms", &self.terms.len())
            .field("forms", &self.forms.len())
            .field("words", &self.vocab.len())
            .field("index_keys", &self.index.len())
            .finish()
    }
}

/// Splits a form into its words and the non-space separators between them.
fn split_form(form: &str) -> (Vec<String>, Vec<String>) {
    let words: Vec<_> = crate::text::words(form).collect();
    let gaps = words
        .windows(2)
        .map(|w| gap_key(&form[w[0].end..w[1].start]))
        .collect();
    (words.iter().map(|w| w.text.to_owned()).collect(), gaps)
}

/// A separator with whitespace removed: what must match between two words.
pub(crate) fn gap_key(gap: &str) -> String {
    gap.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Glossary {
    /// Loads and indexes glossaries in order. Each file's inline tests run
    /// against that file alone, so a pack's tests do not depend on what else
    /// is loaded; the first failure is the error. The built-in packs' tests
    /// run in the test suite instead: they cannot fail in a shipped binary,
    /// and running them cost every start-up a glossary build.
    pub fn load(sources: &[GlossarySource]) -> Result<Glossary, GlossaryError> {
        let mut terms = Vec::new();
        for source in sources {
            let (origin, text, is_toml) = match source {
                GlossarySource::Builtin(name) => {
                    let found = BUILTINS.iter().find(|(file, _)| {
                        file.rsplit_once('.').is_some_and(|(stem, _)| stem == name)
                    });
                    let Some((file, text)) = found else {
                        return Err(GlossaryError::at(
                            &format!("builtin:{name}"),
                            0,
                            format!(
                                "unknown built-in glossary (available: {})",
                                builtin_names()
                                    .iter()
                                    .map(|n| format!("builtin:{n}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    };
                    (
                        format!("builtin:{name}"),
                        (*text).to_owned(),
                        file.ends_with(".toml"),
                    )
                }
                GlossarySource::File(path) => {
                    let origin = path.display().to_string();
                    let is_toml = match path.extension().and_then(|e| e.to_str()) {
                        Some("toml") => true,
                        Some("txt") => false,
                        _ => {
                            return Err(GlossaryError::at(
                                &origin,
                                0,
                                "unknown glossary format (the file name must end in .txt or .toml)",
                            ));
                        }
                    };
                    let text = read_glossary(path, MAX_GLOSSARY_BYTES)
                        .map_err(|e| GlossaryError::at(&origin, 0, e))?;
                    (origin, text, is_toml)
                }
            };
            let parsed = Glossary::parse(&origin, &text, is_toml)?;
            if let GlossarySource::File(_) = source {
                Glossary::run_inline_tests(&parsed)?;
            }
            terms.extend(parsed);
        }
        Ok(Glossary::from_terms(terms))
    }

    /// Parses one glossary file's text (`is_toml` picks the format).
    pub fn parse(origin: &str, text: &str, is_toml: bool) -> Result<Vec<Term>, GlossaryError> {
        if is_toml {
            parse::parse_toml(origin, text)
        } else {
            parse::parse_txt(origin, text)
        }
    }

    /// Checks the `tests` of `terms` against a glossary of those terms alone.
    fn run_inline_tests(terms: &[Term]) -> Result<(), GlossaryError> {
        if terms.iter().all(|t| t.tests.is_empty()) {
            return Ok(());
        }
        let glossary = Glossary::from_terms(terms.to_vec());
        for term in terms {
            for (wrong, expected, line) in &term.tests {
                let got = glossary.suggest(wrong);
                if got.as_deref() != Some(expected.as_str()) {
                    let got = match got {
                        Some(s) => format!("suggests `{s}`"),
                        None => "is not flagged".to_owned(),
                    };
                    return Err(GlossaryError::at(
                        &term.origin,
                        *line,
                        format!("inline test failed: `{wrong}` {got} (expected `{expected}`)"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Builds the lookup tables and the fuzzy index.
    pub fn from_terms(terms: Vec<Term>) -> Glossary {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut g = Glossary {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Glossary::default()
        };
        for (term_id, term) in terms.iter().enumerate() {
            let correct = std::iter::once(&term.term).chain(&term.aliases);
            let forms = correct
                .map(|f| (f, true))
                .chain(term.wrong.iter().map(|f| (f, false)));
            for (text, correct) in forms {
                let (words, gaps) = split_form(text);
                if words.is_empty() {
                    continue;
                }
                let form_id = g.forms.len() as u32;
                if correct {
                    g.correct_keys.insert(lower(&words.join(" ")));
                    if fold::has_diacritics(text) {
                        g.accented_by_first
                            .entry(fold(&words[0]))
                            .or_default()
                            .push(form_id);
                    }
                    for (pos, word) in words.iter().enumerate() {
                        let key = fold(word);
                        let next = g.vocab.len() as u32;
                        let id = *g.vocab_ids.entry(key.clone()).or_insert(next);
                        if id == next {
                            g.vocab.push(VocabWord {
                                folded: key,
                                postings: Vec::new(),
                            });
                        }
                        let pos = u16::try_from(pos).unwrap_or(u16::MAX);
                        g.vocab[id as usize].postings.push((form_id, pos));
                    }
                } else {
                    g.wrong_by_first
                        .entry(lower(&words[0]))
                        .or_default()
                        .push(form_id);
                }
                g.forms.push(Form {
                    term: term_id as u32,
                    words,
                    gaps,
                    correct,
                });
            }
        }
        g.first_words = FirstWords::build(
            g.wrong_by_first
                .keys()
                .chain(g.accented_by_first.keys())
                .map(String::as_str),
        );
        let forms = &g.forms;
        let printed_lowercase = |v: &&VocabWord| {
            v.postings.iter().any(|&(f, pos)| {
                forms
                    .get(f as usize)
                    .and_then(|form| form.words.get(usize::from(pos)))
                    .is_none_or(|w| !matcher::first_upper(w))
            })
        };
        // Words under four letters are never matched fuzzily (see the rule's
        // `min-length`), so they need no deletion keys, nor can they make a
        // lowercase word a near miss.
        let fuzzy = |v: &&VocabWord| v.folded.chars().count() >= 4;
        g.lowercase_reach = LowercaseReach::build(
            g.vocab
                .iter()
                .filter(fuzzy)
                .filter(printed_lowercase)
                .map(|v| v.folded.as_str()),
        );
        g.shapes = Shapes::build(g.vocab.iter().map(|v| v.folded.as_str()));
        g.index = DeletionIndex::build(
            g.vocab
                .iter()
                .enumerate()
                .filter(|(_, v)| fuzzy(v))
                .map(|(i, v)| (i as u32, v.folded.as_str())),
        );
        g.terms = terms;
        g
    }

    /// This glossary's identity in the process (see the field).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn term(&self, id: u32) -> Option<&Term> {
        self.terms.get(id as usize)
    }

    /// Whether `word` is a word of some correct glossary form (any case,
    /// any accents).
    pub fn has_word(&self, word: &str) -> bool {
        self.vocab_ids
            .contains_key(fold::fold_lowered(&fold::lower_cow(word)).as_ref())
    }

    /// What the glossary would make of `text` on its own: the text with the
    /// first finding's first suggestion applied, or `None` if nothing is
    /// flagged. Used by inline tests.
    pub fn suggest(&self, text: &str) -> Option<String> {
        let options = MatchOptions {
            min_block_words: 0,
            ..MatchOptions::default()
        };
        let found = self.find(&[text], &options);
        let m = found.first()?;
        let c = m.candidates.first()?;
        Some(format!(
            "{}{}{}",
            &text[..m.start],
            c.replacement,
            &text[m.end..]
        ))
    }
}

/// Random words for the glossary's property tests: xorshift over a small
/// alphabet, so that many words are glossary words or one edit from one;
/// the same words for the same seed.
#[cfg(test)]
pub(crate) struct TestWords(u64);

#[cfg(test)]
impl TestWords {
    pub(crate) fn new(seed: u64) -> TestWords {
        TestWords(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// One item of `from`, at random.
    pub(crate) fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }

    /// `n` characters of `alphabet`, at random.
    pub(crate) fn word(&mut self, alphabet: &[char], n: u64) -> String {
        (0..n).map(|_| self.pick(alphabet)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> GlossarySource {
        GlossarySource::Builtin(name.to_owned())
    }

    #[test]
    fn every_builtin_pack_loads_and_passes_its_inline_tests() {
        let all: Vec<_> = builtin_names().into_iter().map(builtin).collect();
        let g = Glossary::load(&all).expect("built-in packs load");
        assert!(g.terms().len() > 600, "{g:?}");
        let mut tested = 0;
        for (file, text) in BUILTINS {
            let parsed = Glossary::parse(file, text, file.ends_with(".toml")).expect("parses");
            tested += parsed.iter().map(|t| t.tests.len()).sum::<usize>();
            Glossary::run_inline_tests(&parsed).expect("inline tests pass");
        }
        assert!(tested >= 4, "the packs' inline tests ran: {tested}");
    }

    #[test]
    fn unknown_builtin_lists_the_available_ones() {
        let err = Glossary::load(&[builtin("rockets")]).expect_err("unknown pack");
        assert_eq!(
            err.to_string(),
            "builtin:rockets: unknown built-in glossary (available: builtin:countries, \
             builtin:organizations, builtin:spaceflight, builtin:us-states)"
        );
    }

    #[test]
    fn a_glossary_over_the_size_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.txt");
        std::fs::write(&path, "Soyuz\nProgress\n").unwrap();
        assert_eq!(read_glossary(&path, 15).unwrap(), "Soyuz\nProgress\n");
        assert_eq!(
            read_glossary(&path, 14).unwrap_err(),
            "glossary is larger than 14 bytes; is this the right file?"
        );
    }

    #[test]
    fn glossary_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Glossary>();
    }
}
