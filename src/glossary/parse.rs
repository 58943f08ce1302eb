//! Reading glossary files: `.txt` (one term per line) and `.toml`
//! (`[[term]]` tables). See `rules/glossaries/README.md` for both formats.
//!
//! Every error names the file and line: a glossary is data someone edits by
//! hand, and "invalid glossary" without a line number wastes their time.

use super::{GlossaryError, Term};
use serde::Deserialize;
use toml::Spanned;

/// Where each line of a glossary starts, found once per file: counting
/// newlines again for every term made a 50,000-term glossary take a minute.
struct Lines {
    /// Byte offsets of every `\n`, in order.
    newlines: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        Lines {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    /// The 1-based line of byte offset `at`.
    fn of(&self, at: usize) -> usize {
        self.newlines.partition_point(|&n| n < at) + 1
    }
}

/// Whether a term is an acronym: letters all capitals, at least two of them
/// ("NATO", "IAEA"). Acronyms are matched case-sensitively and never fuzzily.
pub(crate) fn is_acronym(term: &str) -> bool {
    let letters = term.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !term.chars().any(char::is_lowercase)
}

/// Parses a `.txt` glossary: one term per line, `#` comments, blank lines.
pub(crate) fn parse_txt(origin: &str, text: &str) -> Result<Vec<Term>, GlossaryError> {
    let mut terms = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.chars().any(char::is_alphanumeric) {
            let mut error = GlossaryError::at(
                origin,
                index + 1,
                format!("`{line}` is not a term (it has no letters or digits)"),
            );
            error.column = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
            return Err(error);
        }
        terms.push(Term {
            term: line.to_owned(),
            aliases: Vec::new(),
            wrong: Vec::new(),
            note: None,
            case_sensitive: is_acronym(line),
            origin: origin.to_owned(),
            line: index + 1,
            tests: Vec::new(),
        });
    }
    Ok(terms)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackDe {
    #[allow(dead_code)] // Documentation for humans; read so a typo in its name fails.
    description: Option<String>,
    #[allow(dead_code)]
    source: Option<String>,
    #[serde(default)]
    term: Vec<Spanned<TermDe>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermDe {
    term: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    wrong: Vec<Spanned<String>>,
    note: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    tests: Vec<Spanned<(String, String)>>,
}

/// Parses a `.toml` glossary.
pub(crate) fn parse_toml(origin: &str, text: &str) -> Result<Vec<Term>, GlossaryError> {
    let lines = Lines::new(text);
    let pack: PackDe = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        GlossaryError::at_offset(origin, text, at, e.message().trim_end().to_owned())
    })?;
    let mut terms = Vec::with_capacity(pack.term.len());
    for entry in pack.term {
        let entry_line = lines.of(entry.span().start);
        let de = entry.into_inner();
        let check = |s: &Spanned<String>, what: &str| -> Result<String, GlossaryError> {
            let value = s.get_ref().trim();
            if value.chars().any(char::is_alphanumeric) {
                Ok(value.to_owned())
            } else {
                Err(GlossaryError::at_offset(
                    origin,
                    text,
                    s.span().start,
                    format!("{what} `{}` has no letters or digits", s.get_ref()),
                ))
            }
        };
        let term = check(&de.term, "term")?;
        let aliases = de
            .aliases
            .iter()
            .map(|a| check(a, "alias"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut wrong = Vec::with_capacity(de.wrong.len());
        for w in &de.wrong {
            let value = check(w, "wrong form")?;
            let same = |c: &String| {
                if de.case_sensitive {
                    *c == value
                } else {
                    super::fold::lower(c) == super::fold::lower(&value)
                }
            };
            if same(&term) || aliases.iter().any(same) {
                return Err(GlossaryError::at_offset(
                    origin,
                    text,
                    w.span().start,
                    format!("wrong form `{value}` is also a correct spelling of `{term}`"),
                ));
            }
            wrong.push(value);
        }
        let tests = de
            .tests
            .iter()
            .map(|t| {
                let (wrong, expected) = t.get_ref().clone();
                (wrong, expected, lines.of(t.span().start))
            })
            .collect();
        terms.push(Term {
            term,
            aliases,
            wrong,
            note: de.note,
            case_sensitive: de.case_sensitive,
            origin: origin.to_owned(),
            line: entry_line,
            tests,
        });
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_errors_and_terms_carry_their_lines() {
        let text =
            "[[term]]\nterm = \"Soyuz\"\n\n[[term]]\nterm = \"Mir\"\nwrong = [\"Mri\", \"--\"]\n";
        let err = parse_toml("g.toml", text).unwrap_err();
        assert_eq!(err.line, 6);
        assert_eq!(err.message, "wrong form `--` has no letters or digits");
        let terms = parse_toml(
            "g.toml",
            "\n[[term]]\nterm = \"A\"\n[[term]]\nterm = \"B\"\n",
        )
        .expect("valid glossary");
        let lines: Vec<usize> = terms.iter().map(|t| t.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn line_lookup_counts_newlines_before_the_offset() {
        let lines = Lines::new("a\nb\n\nc");
        let got: Vec<usize> = (0..7).map(|at| lines.of(at)).collect();
        assert_eq!(got, [1, 1, 2, 2, 3, 4, 4]);
    }
}
