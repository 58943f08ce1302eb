//! Pages built to make the parser slow (issue 14): each is parsed at size n
//! and 4n, and the time must grow about linearly (4×), not quadratically
//! (16×). The times and their ratio are printed (`-- --nocapture`); the bound
//! asserted is generous so that a loaded machine cannot make it flake.
//!
//! Run in release for the real figures:
//! `cargo test --release --test parser_hangs -- --nocapture --test-threads 1`.

use copydesk::html::{MAX_DEPTH, ParseError, ParsedHtml};
use std::time::{Duration, Instant};

/// Quadratic growth gives 16 at 4× the size; linear gives 4.
const MAX_RATIO: f64 = 10.0;

/// `n`, or a quarter of it in a debug build (about ten times slower), so
/// that `cargo test` stays quick; the ratio means the same either way.
fn scaled(n: usize) -> usize {
    if cfg!(debug_assertions) { n / 4 } else { n }
}

/// The median time of three parses of `page`, and what the parse gave.
fn time_parse(page: &str) -> (Duration, Result<(), ParseError>) {
    let mut times = Vec::new();
    let mut outcome = Ok(());
    for _ in 0..3 {
        let start = Instant::now();
        outcome = ParsedHtml::parse(page).map(|_| ());
        times.push(start.elapsed());
    }
    times.sort();
    (times[1], outcome)
}

/// Parses the page `make(n)` and `make(4 * n)`, prints both times, and checks
/// that the time grows about linearly. Returns the outcome at 4n.
fn grows_linearly(name: &str, n: usize, make: impl Fn(usize) -> String) -> Result<(), ParseError> {
    let small = make(n);
    let large = make(4 * n);
    let (t1, _) = time_parse(&small);
    let (t4, outcome) = time_parse(&large);
    // Below a few milliseconds, timer noise is all there is to compare.
    let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(5e-3);
    eprintln!(
        "{name:34} n={n:>7} {:>9.1} ms ({:>5.1} MB)  4n {:>9.1} ms ({:>5.1} MB)  ratio {ratio:4.1}",
        t1.as_secs_f64() * 1e3,
        small.len() as f64 / 1e6,
        t4.as_secs_f64() * 1e3,
        large.len() as f64 / 1e6,
    );
    assert!(
        ratio < MAX_RATIO,
        "{name}: {t1:?} at n={n}, {t4:?} at 4n: ratio {ratio:.1}"
    );
    outcome
}

#[test]
fn self_closing_syntax_on_divs_nests_and_is_refused_at_the_limit() {
    // `<div/>` is not self-closing in HTML: 100,000 of them nest 100,000 deep.
    let outcome = grows_linearly("<div/> x n", 25_000, |n| {
        format!(
            "<article><p>Hello there.</p>{}</article>",
            "<div/>".repeat(n)
        )
    });
    assert_eq!(outcome, Err(ParseError::TooDeep(MAX_DEPTH + 1)));
}

#[test]
fn reopened_formatting_elements_are_refused_at_a_limit() {
    // Each paragraph closes the `b`s, and the next tag reopens every one of
    // them, one inside the other.
    let outcome = grows_linearly("<b class=k><p>x x n", 2_500, |n| {
        (0..n).map(|k| format!("<b class={k}><p>x")).collect()
    });
    assert!(outcome.is_err(), "{outcome:?}");
    // Fewer than the depth limit, but reopened around every paragraph: the
    // parser invents hundreds of elements per four bytes.
    let outcome = grows_linearly("300 <b class=k>, then <p>x x n", 25_000, |n| {
        let open: String = (0..300).map(|k| format!("<b class={k}>")).collect();
        format!("<p>{open}{}", "<p>x".repeat(n))
    });
    assert!(
        matches!(outcome, Err(ParseError::TooManyImplied(_))),
        "{outcome:?}"
    );
}

#[test]
fn nested_tables_are_refused_at_the_limit() {
    let outcome = grows_linearly("<table><tr><td> x n", 2_500, |n| {
        "<table><tr><td>x".repeat(n)
    });
    assert!(
        matches!(outcome, Err(ParseError::TooDeep(_))),
        "{outcome:?}"
    );
}

#[test]
fn comments_closed_with_bang_parse_in_linear_time() {
    let outcome = grows_linearly("<p>text<!-- c --!> x n", scaled(12_500), |n| {
        (0..n)
            .map(|k| format!("<p>para {k} words<!-- c --!>"))
            .collect()
    });
    assert_eq!(outcome, Ok(()));
    let outcome = grows_linearly("<!-- c --!> x n", scaled(25_000), |n| {
        format!("<p>{}</p>", "a<!-- c --!>b".repeat(n))
    });
    assert_eq!(outcome, Ok(()));
}

#[test]
fn an_unclosed_comment_parses_in_linear_time() {
    let outcome = grows_linearly("<!-- never closed", scaled(50_000), |n| {
        format!("<p>x</p><!-- {}", "<p>text -- - ->".repeat(n))
    });
    assert_eq!(outcome, Ok(()));
}

#[test]
fn many_elements_under_a_stack_as_deep_as_real_pages_parse_in_linear_time() {
    let outcome = grows_linearly("<div> x 50, then <p>x</p> x n", scaled(25_000), |n| {
        format!("{}{}", "<div>".repeat(50), "<p>x</p>".repeat(n))
    });
    assert_eq!(outcome, Ok(()));
}

#[test]
fn a_page_kept_deep_is_refused_once_the_parser_works_too_hard() {
    // Most tags make html5ever scan its stack of open elements; 500 deep,
    // each paragraph costs a hundred times what it costs on a real page.
    let outcome = grows_linearly("<div> x 500, then <p>x</p> x n", 2_000, |n| {
        format!("{}{}", "<div>".repeat(500), "<p>x</p>".repeat(n))
    });
    assert!(
        matches!(outcome, Err(ParseError::TooMuchWork(_))),
        "{outcome:?}"
    );
}

#[test]
fn text_in_tables_and_references_parse_in_linear_time() {
    let outcome = grows_linearly("table text and references x n", scaled(10_000), |n| {
        format!(
            "<table>{}</table>",
            "x &amp; y &notit; <tr><td>c</td></tr>".repeat(n)
        )
    });
    assert_eq!(outcome, Ok(()));
}
