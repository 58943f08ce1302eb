//! Inputs that were quadratic, run at `n` and `4n`. Each prints its CPU
//! times, their ratio and the peak memory; linear growth is asserted with a
//! generous bound (4n within 12 times n, plus a second for start-up noise),
//! so a quadratic step (16 times, and minutes at these sizes before the
//! fixes) fails while a loaded machine does not.
//!
//! The sizes suit a debug build; `COPYDESK_SCALE=K` multiplies them (the
//! issue's full sizes: `COPYDESK_SCALE=4 cargo test --release --test
//! adversarial -- --nocapture scaling`).

use super::{HEAD, Run, TAIL, run, workspace};
use std::fmt::Write as _;
use std::time::Duration;

/// One scaling case: writes its files for size `n` into a folder and
/// returns the arguments to run copydesk with there.
struct Case {
    name: &'static str,
    n: usize,
    setup: fn(&std::path::Path, usize) -> Vec<String>,
    /// The exit code a correct run gives (so a case that fails early, say
    /// on a glossary error, does not pass as fast).
    code: i32,
}

fn scale() -> usize {
    std::env::var("COPYDESK_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn page(dir: &std::path::Path, body: &str) -> Vec<String> {
    std::fs::write(dir.join("page.html"), format!("{HEAD}{body}{TAIL}")).expect("write page");
    vec!["check".into(), "page.html".into()]
}

/// Letters and digits, deterministic, without a separator: one "word".
fn blob(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

fn long_word(dir: &std::path::Path, n: usize) -> Vec<String> {
    page(
        dir,
        &format!("<p>The crew said {} and left.</p>\n", blob(n)),
    )
}

fn disable_next(dir: &std::path::Path, n: usize) -> Vec<String> {
    let body: String = (0..n)
        .map(|i| format!("<!-- copydesk-disable-next repeated-word -->\n<p>the the {i}</p>\n"))
        .collect();
    page(dir, &body)
}

fn ignore_attribute(dir: &std::path::Path, n: usize) -> Vec<String> {
    let body: String = (0..n)
        .map(|i| format!("<p data-copydesk-ignore=\"repeated-word\">the the {i}</p>\n"))
        .collect();
    page(dir, &body)
}

fn disable_enable(dir: &std::path::Path, n: usize) -> Vec<String> {
    let mut body: String = (0..n)
        .map(|i| format!("<!-- copydesk-disable rule-{i} -->\n"))
        .collect();
    body.extend((0..n).map(|i| format!("<!-- copydesk-enable rule-{} -->\n<p>a,, b</p>\n", n - i)));
    page(dir, &body)
}

fn many_fixes(dir: &std::path::Path, n: usize) -> Vec<String> {
    let mut args = page(dir, &format!("<p>{}</p>\n", "a,, b\n".repeat(n)));
    args.push("--diff".into());
    args
}

fn many_fixes_written(dir: &std::path::Path, n: usize) -> Vec<String> {
    let mut args = page(
        dir,
        &format!("<p>{}</p>\n", "we saw the the launch,, x\n".repeat(n)),
    );
    args.push("--fix".into());
    args
}

fn repeated_sentences(dir: &std::path::Path, n: usize) -> Vec<String> {
    let sentence = "The crew waved and the hatch closed on time today. ";
    page(dir, &format!("<p>{}</p>\n", sentence.repeat(n)))
}

fn glossary_terms(dir: &std::path::Path, n: usize) -> Vec<String> {
    let mut toml = String::from("description = \"generated\"\n");
    for i in 0..n {
        let _ = write!(toml, "[[term]]\nterm = \"Term{i}abc\"\n");
    }
    std::fs::write(dir.join("g.toml"), toml).expect("write glossary");
    let mut args = page(dir, "<p>Term12abd said the crew was fine today.</p>\n");
    args.extend(["--glossary".into(), "g.toml".into()]);
    args
}

fn glossary_long_term(dir: &std::path::Path, n: usize) -> Vec<String> {
    std::fs::write(
        dir.join("g.toml"),
        format!("[[term]]\nterm = \"{}\"\n", blob(n)),
    )
    .expect("write glossary");
    let mut args = page(dir, &format!("<p>The crew said {} today.</p>\n", blob(n)));
    args.extend(["--glossary".into(), "g.toml".into()]);
    args
}

fn config_entries(dir: &std::path::Path, n: usize) -> Vec<String> {
    let items = vec!["\"missing-alt-text\""; n].join(",\n");
    std::fs::write(dir.join("copydesk.toml"), format!("ignore = [{items}]\n")).expect("config");
    page(dir, "<p>Hello there.</p>\n")
}

/// One tag with `n` attributes: html5ever's tokenizer compares each
/// attribute's name with all before it (3.3 s for 80,000 on a release
/// build); copydesk's own scan of plain tags keeps a set of them.
fn many_attributes(dir: &std::path::Path, n: usize) -> Vec<String> {
    let attrs: String = (0..n).map(|i| format!(" a{i}=x")).collect();
    page(
        dir,
        &format!("<article><h1>Attributes</h1><p{attrs}>Hello there.</p></article>\n"),
    )
}

/// `n` sibling elements each of its own name (custom elements): the block
/// walk's per-name counts and later-sibling scans were quadratic in them
/// (100 s for 80,000 on a release build).
fn custom_elements(dir: &std::path::Path, n: usize) -> Vec<String> {
    let body: String = (0..n).map(|i| format!("<x{i}>word {i}</x{i}>")).collect();
    page(dir, &format!("<article><h1>Names</h1>{body}</article>\n"))
}

/// A name printed `n` times in one paragraph, a third of them misspelt:
/// inconsistent-spelling's link and contrast guards looked at every place
/// of the common spelling, and walked the block, for each place of the
/// rare one (17 s for 40,000 on a release build).
fn misspelt_name(dir: &std::path::Path, n: usize) -> Vec<String> {
    let body = "<b>Ovchinin</b> and <b>Ovchinin</b> met <b>Ovchinnin</b>. ".repeat(n / 3);
    page(
        dir,
        &format!(
            "<article><h1>Crew</h1><p>{body}</p><p>Ovchinin wrote about the launch of \
             the rocket and the crew of the station.</p></article>\n"
        ),
    )
}

/// `n` capitalised words one letter apart ("Xaaaaa" with a letter put in),
/// each printed twice: inconsistent-spelling compared every pair sharing a
/// deletion key.
fn one_letter_apart(dir: &std::path::Path, n: usize) -> Vec<String> {
    let letters: Vec<char> = ('a'..='\u{2fff}')
        .filter(|c| c.is_lowercase() && c.to_uppercase().count() == 1)
        .collect();
    let words: Vec<String> = (0..n)
        .map(|i| {
            let (at, letter) = (1 + i / letters.len(), letters[i % letters.len()]);
            let mut word: Vec<char> = "Xaaaaaaaaaaa".chars().collect();
            word.insert(at.min(word.len()), letter);
            word.into_iter().collect()
        })
        .collect();
    let body: Vec<String> = words.iter().map(|w| format!("{w} {w}")).collect();
    page(
        dir,
        &format!(
            "<article><h1>Names</h1><p>The crew wrote about the launch of the rocket.</p>\
             <p>{}.</p></article>\n",
            body.join(" and ")
        ),
    )
}

/// `n` author links, each a different name: the page facts kept the first
/// byline of each name by scanning the ones kept (19 s for 40,000 on a
/// release build).
fn author_links(dir: &std::path::Path, n: usize) -> Vec<String> {
    let links: String = (0..n)
        .map(|i| {
            format!(
                "<a rel=\"author\" href=\"/author/{i}\">Jane {}</a> ",
                blob_name(i)
            )
        })
        .collect();
    page(
        dir,
        &format!(
            "<article><h1>Crew</h1><p>The crew wrote about the launch of the rocket.</p>\
             {links}</article>\n"
        ),
    )
}

/// A capitalised made-up name for `i`, different for every `i`.
fn blob_name(i: usize) -> String {
    let (consonants, vowels) = (b"bcdfghjklmnpqrstvwxz", b"aeiou");
    let mut name = String::from("K");
    let mut rest = i;
    for k in 0..8 {
        let set: &[u8] = if k % 2 == 0 { vowels } else { consonants };
        name.push(char::from(set[rest % set.len()]));
        rest /= set.len();
    }
    name
}

/// A baseline written for `n` findings in one paragraph: each finding's
/// place in its block was found by a look at every character of the block
/// (52 s for 6,667 findings on a release build), and its block by a look
/// at every block.
fn baseline_of_one_paragraph(dir: &std::path::Path, n: usize) -> Vec<String> {
    let body = "It was the the launch. ".repeat(n);
    let mut args = page(
        dir,
        &format!("<article><h1>Crew</h1><p>{body}</p></article>\n"),
    );
    args.extend(["--write-baseline".into(), "baseline.json".into()]);
    args
}

const CASES: &[Case] = &[
    Case {
        name: "one word of n characters",
        n: 50_000,
        setup: long_word,
        code: 0,
    },
    Case {
        name: "n differently named sibling elements",
        n: 5_000,
        setup: custom_elements,
        code: 0,
    },
    Case {
        name: "a name printed n times, a third misspelt",
        n: 6_000,
        setup: misspelt_name,
        code: 1,
    },
    Case {
        name: "n names one letter apart",
        n: 2_500,
        setup: one_letter_apart,
        code: 0,
    },
    Case {
        name: "n author links",
        n: 5_000,
        setup: author_links,
        code: 0,
    },
    Case {
        name: "--write-baseline with n findings in one block",
        n: 1_000,
        setup: baseline_of_one_paragraph,
        code: 0,
    },
    Case {
        name: "one tag with n attributes",
        n: 20_000,
        setup: many_attributes,
        code: 0,
    },
    Case {
        name: "n copydesk-disable-next",
        n: 2_500,
        setup: disable_next,
        code: 0,
    },
    Case {
        name: "n data-copydesk-ignore",
        n: 2_500,
        setup: ignore_attribute,
        code: 0,
    },
    Case {
        name: "n copydesk-disable then n copydesk-enable RULE",
        n: 2_500,
        setup: disable_enable,
        code: 1,
    },
    Case {
        name: "--diff with n fixes",
        n: 5_000,
        setup: many_fixes,
        code: 1,
    },
    Case {
        name: "--fix with 2n fixes",
        n: 2_500,
        setup: many_fixes_written,
        code: 0,
    },
    Case {
        name: "one block of n repeated sentences",
        n: 1_000,
        setup: repeated_sentences,
        code: 1,
    },
    Case {
        name: "TOML glossary of n terms",
        n: 5_000,
        setup: glossary_terms,
        code: 1,
    },
    Case {
        name: "glossary term of n characters",
        n: 5_000,
        setup: glossary_long_term,
        code: 0,
    },
    Case {
        name: "config listing n rules",
        n: 5_000,
        setup: config_entries,
        code: 0,
    },
];

fn run_case(case: &Case, n: usize) -> Run {
    let dir = workspace();
    let args = (case.setup)(dir.path(), n);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(dir.path(), &args, None);
    assert_eq!(
        out.code, case.code,
        "{} (n = {n}): unexpected exit code\n{}",
        case.name, out.stderr
    );
    out
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[test]
fn quadratic_inputs_now_grow_linearly() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for case in CASES {
        let n = case.n * scale();
        let small = run_case(case, n);
        let large = run_case(case, 4 * n);
        let ratio = seconds(large.cpu) / seconds(small.cpu).max(1e-3);
        let _ = writeln!(
            report,
            "{:<48} n={n:<8} cpu {:>6.2}s  4n cpu {:>6.2}s  ratio {ratio:>5.1}  \
             (wall {:.2}s / {:.2}s)  peak {} / {} MiB",
            case.name,
            seconds(small.cpu),
            seconds(large.cpu),
            seconds(small.wall),
            seconds(large.wall),
            small.peak_kib / 1024,
            large.peak_kib / 1024,
        );
        if large.cpu > small.cpu * 12 + Duration::from_secs(1) {
            failures.push(format!("{}: ratio {ratio:.1}", case.name));
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "not linear: {failures:?}\n{report}");
}

/// The HTML parser's cases (issue 14): `<div/>` is not self-closing in
/// HTML, so 100,000 of them nest (refused at once: deeper than the 512
/// levels copydesk parses, measured on the tree built); comments closed
/// with `--!>`; pages of many tiny paragraphs and of plain prose; script
/// and style bodies.
#[test]
fn html_parser_inputs_grow_linearly() {
    fn divs(dir: &std::path::Path, n: usize) -> Vec<String> {
        page(dir, &"<div/>".repeat(n))
    }
    fn bogus_comments(dir: &std::path::Path, n: usize) -> Vec<String> {
        page(dir, &"<!-- c --!><p>a</p>".repeat(n))
    }
    fn tiny_paragraphs(dir: &std::path::Path, n: usize) -> Vec<String> {
        page(dir, &"<p>x</p>".repeat(n))
    }
    fn prose(dir: &std::path::Path, n: usize) -> Vec<String> {
        let body: String = (0..n)
            .map(|i| {
                format!(
                    "<p>In week {i} the {} crew checked the hatch seals, logged the \
                     readings and went on with the day's work.</p>\n",
                    blob(6)
                )
            })
            .collect();
        page(dir, &body)
    }
    /// Paragraphs that differ in one figure: every block a near-duplicate
    /// candidate of every other (the MinHash index's worst case).
    fn look_alike_paragraphs(dir: &std::path::Path, n: usize) -> Vec<String> {
        let body: String = (0..n)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} tells how the crew of the station checked the hatch \
                     seals, logged the readings and went on with the day's work.</p>\n"
                )
            })
            .collect();
        page(dir, &body)
    }
    /// Script bodies are skipped unread up to their end tag (`html`
    /// module): the search for the end must not rescan, whether it is
    /// found (near misses `</scripts` on the way), given up (`<!--` in the
    /// body) or missing (the last script never ends).
    fn scripts(dir: &std::path::Path, n: usize) -> Vec<String> {
        let body = "<p>a</p><script>x</scripts>y</script><style>b</stylesheet></style>".repeat(n)
            + &"<script><!-- a </script><p>b</p>".repeat(n)
            + "<script>"
            + &"</scrip t>".repeat(n);
        page(dir, &body)
    }
    let cases = [
        Case {
            name: "n scripts and styles",
            n: 2_000,
            setup: scripts,
            code: 0,
        },
        Case {
            name: "n look-alike paragraphs",
            n: 2_000,
            setup: look_alike_paragraphs,
            code: 0,
        },
        Case {
            name: "n <div/>",
            n: 2_500,
            setup: divs,
            code: 2,
        },
        Case {
            name: "n tiny paragraphs",
            n: 10_000,
            setup: tiny_paragraphs,
            code: 0,
        },
        Case {
            name: "n paragraphs of prose",
            n: 2_000,
            setup: prose,
            code: 0,
        },
        Case {
            name: "n comments closed with --!>",
            n: 1_000,
            setup: bogus_comments,
            code: 0,
        },
    ];
    for case in &cases {
        let n = case.n * scale();
        let (small, large) = (run_case(case, n), run_case(case, 4 * n));
        eprintln!(
            "{}: n={n} cpu {:.2}s, 4n cpu {:.2}s, peak {} / {} MiB",
            case.name,
            seconds(small.cpu),
            seconds(large.cpu),
            small.peak_kib / 1024,
            large.peak_kib / 1024,
        );
        assert!(
            large.cpu <= small.cpu * 12 + Duration::from_secs(1),
            "{}",
            case.name
        );
    }
}
