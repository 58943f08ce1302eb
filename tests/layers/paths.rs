//! Reading module paths from Rust source: comments, strings and character
//! literals blanked out, then every `crate::` and `super::` path (use trees
//! included) resolved to a path from the crate root. A small hand-written
//! lexer is enough for rustfmt'd code and keeps the test free of a parser
//! crate.

/// Replaces comments, string and character literals with spaces (newlines
/// kept, so line numbers stay right): what is left is code.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0
                || !is_ident(chars[i - 1])
                || (chars[i - 1] == 'b' && (i < 2 || !is_ident(chars[i - 2]))))
            && {
                let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                chars.get(i + 1 + hashes) == Some(&'"')
            }
        {
            // A raw string: r"..." or r#"..."#, ended by a quote and as many #.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            out.push(' ');
            i += 1 + hashes + 1;
            out.extend(std::iter::repeat_n(' ', hashes + 1));
            while i < chars.len() {
                if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    out.push(blank(ch));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{2019}'. The
            // quote, the backslash and the escaped character, then up to
            // the closing quote.
            out.push_str("   ");
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            // A one-character literal ('{', '"'); otherwise a lifetime.
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

/// The code's tokens, each with its line (1-based).
fn tokenize(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Token::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push((Token::PathSep, line));
            i += 2;
        } else {
            tokens.push((Token::Punct(c), line));
            i += 1;
        }
    }
    tokens
}

/// Parses a use tree (or an inline path) at `tokens[*at]`, the segments
/// after `prefix`, and returns every full path it names.
fn use_tree(tokens: &[(Token, usize)], at: &mut usize, prefix: Vec<String>) -> Vec<Vec<String>> {
    match tokens.get(*at).map(|t| &t.0) {
        Some(Token::Punct('{')) => {
            *at += 1;
            let mut paths = Vec::new();
            loop {
                match tokens.get(*at).map(|t| &t.0) {
                    None => return paths,
                    Some(Token::Punct('}')) => {
                        *at += 1;
                        return paths;
                    }
                    Some(Token::Punct(',')) => *at += 1,
                    Some(_) => {
                        let before = *at;
                        paths.extend(use_tree(tokens, at, prefix.clone()));
                        // Skip what a tree does not parse (`as name`).
                        while !matches!(
                            tokens.get(*at).map(|t| &t.0),
                            None | Some(Token::Punct(',' | '}'))
                        ) {
                            *at += 1;
                        }
                        if *at == before {
                            *at += 1;
                        }
                    }
                }
            }
        }
        Some(Token::Ident(name)) if name == "self" => {
            *at += 1;
            vec![prefix]
        }
        Some(Token::Ident(name)) => {
            let mut path = prefix;
            path.push(name.clone());
            *at += 1;
            if tokens.get(*at).map(|t| &t.0) == Some(&Token::PathSep) {
                *at += 1;
                use_tree(tokens, at, path)
            } else {
                vec![path]
            }
        }
        // `*`, or the end of a path (`::<T>`, `::(`).
        _ => vec![prefix],
    }
}

/// Every crate path in one file's source, with its line, as module paths
/// from the crate root (`super::` resolved against `module`, the file's
/// module path; inline `mod x { }` blocks counted).
pub fn crate_paths(source: &str, module: &[String]) -> Vec<(Vec<String>, usize)> {
    let tokens = tokenize(&code_only(source));
    let mut paths = Vec::new();
    // Inline modules open at a brace depth: `mod tests { use super::*; }`.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = (&tokens[i].0, tokens[i].1);
        let previous = i.checked_sub(1).map(|p| &tokens[p].0);
        let follows_path = matches!(previous, Some(Token::PathSep | Token::Punct('$')));
        match token {
            Token::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Token::Ident(kw)
                if kw == "mod"
                    && matches!(tokens.get(i + 2).map(|t| &t.0), Some(Token::Punct('{'))) =>
            {
                if let Some((Token::Ident(name), _)) = tokens.get(i + 1) {
                    inline.push((name.clone(), depth));
                }
                i += 2;
            }
            Token::Ident(root)
                if (root == "crate" || root == "super")
                    && !follows_path
                    && tokens.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) =>
            {
                let mut base: Vec<String> = if root == "crate" {
                    Vec::new()
                } else {
                    let mut here: Vec<String> = module.to_vec();
                    here.extend(inline.iter().map(|(n, _)| n.clone()));
                    here.pop();
                    here
                };
                i += 2;
                // `super::super::x`
                while root == "super"
                    && matches!(tokens.get(i).map(|t| &t.0), Some(Token::Ident(s)) if s == "super")
                    && tokens.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep)
                {
                    base.pop();
                    i += 2;
                }
                for path in use_tree(&tokens, &mut i, base) {
                    paths.push((path, line));
                }
            }
            _ => i += 1,
        }
    }
    paths
}

#[test]
fn paths_are_read_from_code_not_comments_or_strings() {
    let source = r####"
//! Links to [`crate::render`] in docs are not imports.
use crate::{document::{Block, Document}, rules::{self, repeated_word::ID as X}};
use crate::rules::{Rule, OptionSpec};
use super::sibling::Thing;
pub(crate) fn f() {
    let s = "crate::app in a string";
    let r = r#"crate::cli in a raw "string""#;
    let c = '{';
    let e = '\'';
    /* crate::fix in /* a nested */ block comment */
    crate::html::attr(x, "class");
    $crate::suppress::x();
}
mod tests {
    use super::*;
    use super::super::scope::Scope;
}
"####;
    let module = vec!["rules".to_string(), "duplicate_paragraph".to_string()];
    let paths: Vec<String> = crate_paths(source, &module)
        .into_iter()
        .map(|(p, line)| format!("{line}:{}", p.join("::")))
        .collect();
    assert_eq!(
        paths,
        [
            "3:document::Block",
            "3:document::Document",
            "3:rules",
            "3:rules::repeated_word::ID",
            "4:rules::Rule",
            "4:rules::OptionSpec",
            "5:rules::sibling::Thing",
            "12:html::attr",
            "16:rules::duplicate_paragraph",
            "17:rules::scope::Scope",
        ]
    );
}
