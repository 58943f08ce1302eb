//! Output for people: one header line per diagnostic, then a source excerpt in
//! the style of rustc and ruff.
//!
//! ```text
//! news/a.html:2:9: warning[repeated-word]: Word `the` is printed twice
//!   |
//! 2 | <p>Café the the end</p>
//!   |         ^^^^^^~~~
//!   = note: news/a.html:2:9: first printed here
//!   |
//! 2 | <p>Café the the end</p>
//!   |         ---
//!   = help: Delete the second `the`
//!   = fix (safe): replace `the the` with `the`
//! ```
//!
//! Columns count characters; the underline is aligned by display width
//! (`unicode-width`), so it stays under the span after wide CJK characters or
//! emoji. `^` marks the primary span, `-` a related one. Emphasised sub-ranges
//! (e.g. the words that differ between near-duplicate captions) are bold when
//! colour is on and marked `~` in the underline row when it is off.
//!
//! Published HTML is often minified into one enormous line, so an excerpt
//! never prints a whole line longer than [`WINDOW`] characters: it shows a
//! window around the span (centred on the first emphasis inside the span, if
//! any), with `…` where the line was cut. A span longer than the window is
//! shown by its start and its end (and its emphasis), joined by `…`.
//!
//! Control and invisible characters (tabs, zero-width spaces, bidi controls)
//! are shown as visible stand-ins: a copy editor needs to see them, and raw
//! control characters from a file must not reach the terminal.

// The parts, in the order a diagnostic is written: the excerpt under its
// header (made of terminal-safe text, painted by the style), then the
// statistics and summary that close the output.
mod excerpt;
mod style;
mod summary;
mod visible;

use super::{
    FileFailure, FileResult, RenderOptions, Renderer, Report, RuleCounts, describe_fix,
    sorted_diagnostics, sorted_failure_list as sorted,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleMeta;
use crate::source::SourceFile;
use excerpt::{Excerpt, PRIMARY_MARK, RELATED_MARK, excerpt};
use std::io::Write;
use style::{Painter, bold_style, gutter_style, severity_style};
use summary::{SeverityCounts, summary, write_statistics};
use visible::visible;

/// Writes the report for a terminal or a log.
pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    super::render_with(&mut Human::new(options, report.rules.clone()), report, out)
}

/// The human renderer, fed one file at a time: each file's diagnostics are
/// written as soon as it comes; the failures, statistics and summary at the
/// end need only the counts kept here.
pub struct Human {
    painter: Painter,
    quiet: bool,
    show_statistics: bool,
    rules: Vec<&'static RuleMeta>,
    counts: SeverityCounts,
    per_rule: RuleCounts,
    files_checked: usize,
    files_with_problems: usize,
}

impl Human {
    pub fn new(options: &RenderOptions, rules: Vec<&'static RuleMeta>) -> Human {
        Human {
            painter: Painter {
                color: options.color,
            },
            quiet: options.quiet,
            show_statistics: options.show_statistics,
            rules,
            counts: SeverityCounts::default(),
            per_rule: RuleCounts::default(),
            files_checked: 0,
            files_with_problems: 0,
        }
    }
}

impl Renderer for Human {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()> {
        let painter = &self.painter;
        self.files_checked += 1;
        let diagnostics = sorted_diagnostics(file);
        if !diagnostics.is_empty() {
            self.files_with_problems += 1;
        }
        for diagnostic in diagnostics {
            self.counts.add(diagnostic.severity);
            self.per_rule.add(diagnostic.rule);
            write_header(painter, &file.source, diagnostic, out)?;
            if !self.quiet {
                write_body(painter, &file.source, diagnostic, out)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        let painter = &self.painter;
        let failures = sorted(failures);
        for failure in &failures {
            writeln!(
                out,
                "{}: {}: {}",
                painter.paint(bold_style(), &visible(&failure.path)),
                painter.paint(severity_style(Severity::Error), "error"),
                visible(&failure.message)
            )?;
        }
        if self.quiet {
            return Ok(());
        }
        if !failures.is_empty() {
            writeln!(out)?;
        }
        if self.show_statistics {
            write_statistics(painter, &self.per_rule.sorted(), &self.rules, out)?;
        }
        let summary = summary(
            &self.counts,
            self.files_with_problems,
            self.files_checked,
            failures.len(),
        );
        writeln!(out, "{}", painter.paint(bold_style(), &summary))
    }
}

/// The `--statistics` table alone (counts per rule, then a blank line), for
/// callers that print it apart from the report (`check -q --statistics`).
pub fn write_statistics_table(
    rows: &[(&'static str, usize)],
    rules: &[&'static crate::rules::RuleMeta],
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_statistics(&Painter { color }, rows, rules, out)
}

/// `path:line:col: severity[rule]: message`
fn write_header(
    painter: &Painter,
    source: &SourceFile,
    diagnostic: &Diagnostic,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let position = source.line_column(diagnostic.range.start);
    writeln!(
        out,
        "{}:{}:{}: {}{}: {}",
        painter.paint(bold_style(), &visible(&source.display_path())),
        position.line,
        position.column,
        painter.paint(
            severity_style(diagnostic.severity),
            diagnostic.severity.as_str()
        ),
        painter.paint(bold_style(), &format!("[{}]", diagnostic.rule)),
        visible(&diagnostic.message)
    )
}

/// The excerpts, notes, help and fix under a header.
fn write_body(
    painter: &Painter,
    source: &SourceFile,
    diagnostic: &Diagnostic,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let primary = excerpt(
        painter,
        source,
        diagnostic.range,
        &diagnostic.emphasis,
        PRIMARY_MARK,
        severity_style(diagnostic.severity),
    );
    let related: Vec<(&str, Excerpt)> = diagnostic
        .related
        .iter()
        .map(|related| {
            let excerpt = excerpt(
                painter,
                source,
                related.range,
                &diagnostic.emphasis,
                RELATED_MARK,
                gutter_style(),
            );
            (related.message.as_str(), excerpt)
        })
        .collect();
    let gutter_width = related
        .iter()
        .map(|(_, e)| e.line_number)
        .chain([primary.line_number])
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let gutter = Gutter {
        painter,
        width: gutter_width,
    };

    gutter.write_excerpt(&primary, out)?;
    for (message, excerpt) in &related {
        let position = source.line_column(excerpt.range.start);
        let location = format!(
            "{}:{}:{}: {}",
            visible(&source.display_path()),
            position.line,
            position.column,
            visible(message)
        );
        gutter.write_note("note", &location, out)?;
        gutter.write_excerpt(excerpt, out)?;
    }
    if let Some(help) = &diagnostic.help {
        gutter.write_note("help", help, out)?;
    }
    if let Some(fix) = diagnostic.fix.as_ref().filter(|fix| !fix.edits.is_empty()) {
        let label = if fix.is_safe() {
            "fix (safe)"
        } else {
            "fix (unsafe)"
        };
        gutter.write_note(label, &visible(&describe_fix(source, fix)), out)?;
    }
    Ok(())
}

/// Writes the `N |` column shared by a diagnostic's excerpts.
struct Gutter<'p> {
    painter: &'p Painter,
    width: usize,
}

impl Gutter<'_> {
    fn write_excerpt(&self, excerpt: &Excerpt, out: &mut dyn Write) -> std::io::Result<()> {
        let blank = self
            .painter
            .paint(gutter_style(), &format!("{:w$} |", "", w = self.width));
        let numbered = self.painter.paint(
            gutter_style(),
            &format!("{:>w$} |", excerpt.line_number, w = self.width),
        );
        writeln!(out, "{blank}")?;
        writeln!(out, "{}", join_nonempty(&numbered, &excerpt.text))?;
        writeln!(out, "{}", join_nonempty(&blank, &excerpt.underline))
    }

    /// `  = label: text`, continuation lines of `text` indented under it.
    fn write_note(&self, label: &str, text: &str, out: &mut dyn Write) -> std::io::Result<()> {
        let prefix = format!("{:w$} = {label}: ", "", w = self.width);
        let indent = " ".repeat(prefix.chars().count());
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                let styled = format!(
                    "{:w$} {} {}: ",
                    "",
                    self.painter.paint(gutter_style(), "="),
                    self.painter.paint(bold_style(), label),
                    w = self.width
                );
                writeln!(out, "{styled}{}", visible(line))?;
            } else {
                writeln!(out, "{indent}{}", visible(line))?;
            }
        }
        Ok(())
    }
}

fn join_nonempty(gutter: &str, content: &str) -> String {
    if content.is_empty() {
        gutter.to_owned()
    } else {
        format!("{gutter} {content}")
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt::WINDOW;
    use super::*;
    use crate::diagnostic::Fix;
    use crate::render::test_support::{cafe_report, find};
    use crate::render::{FileFailure, FileResult};
    use crate::source::TextRange;
    use std::sync::Arc;
    use unicode_width::UnicodeWidthChar;

    fn report_of(source: SourceFile, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics,
                page: None,
            }],
            ..Report::default()
        }
    }

    fn rendered_with(report: &Report, options: RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, &options, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("output is UTF-8")
    }

    fn rendered(report: &Report) -> String {
        rendered_with(report, RenderOptions::default())
    }

    /// The display column (0-based) where `needle` starts in `haystack`.
    fn column_of(haystack: &str, needle: &str) -> usize {
        let byte = haystack
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {haystack:?}"));
        haystack[..byte]
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum()
    }

    #[test]
    fn diagnostic_with_related_help_and_fix() {
        insta::assert_snapshot!(rendered(&cafe_report()));
    }

    #[test]
    fn minified_line_is_windowed_around_the_span() {
        // One 5000-character line, as a minified page is.
        let mut text = String::from("<p>");
        while text.len() < 2500 {
            text.push_str("lorem ipsum dolor ");
        }
        text.push_str("Caf\u{e9} the the end. ");
        while text.len() < 5000 {
            text.push_str("sit amet consectetur ");
        }
        text.push_str("</p>");
        let source = SourceFile::from_text("min.html", text);
        let span = find(&source, "the the", 0);
        let report = report_of(
            source,
            vec![Diagnostic::new(
                "repeated-word",
                Severity::Warning,
                span,
                "twice",
            )],
        );
        let out = rendered(&report);
        for line in out.lines() {
            assert!(line.chars().count() <= WINDOW + 10, "line too long: {line}");
        }
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[2].starts_with("1 | …") && lines[2].ends_with('…'));
        // The underline sits exactly under the span inside the window.
        assert_eq!(column_of(lines[3], "^"), column_of(lines[2], "the the"));
        assert_eq!(lines[3].trim_start_matches(['|', ' ']), "^^^^^^^");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn span_longer_than_the_window_shows_its_start_and_end() {
        let body = format!("START {}END", "word ".repeat(100));
        let text = format!("<p>{}</p><p>{}</p>", "x".repeat(300), body);
        let source = SourceFile::from_text("long.html", text);
        let span = find(&source, &body, 0);
        let report = report_of(
            source,
            vec![Diagnostic::new(
                "long-caption",
                Severity::Info,
                span,
                "too long",
            )],
        );
        let out = rendered(&report);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[2].contains("<p>START word"), "{}", lines[2]);
        assert!(lines[2].contains("word END</p>"), "{}", lines[2]);
        // Start, a cut, end: the underline runs on through the cut.
        assert_eq!(lines[2].matches('…').count(), 2);
        assert_eq!(column_of(lines[3], "^"), column_of(lines[2], "START"));
        let underline_end = column_of(lines[3], "^") + lines[3].matches('^').count();
        assert_eq!(underline_end, column_of(lines[2], "END") + 3);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn window_centres_on_emphasis_inside_a_long_span() {
        let caption = format!("{} Mayor Jane Doe {}", "a ".repeat(60), "b ".repeat(60));
        let text = format!("<figcaption>{caption}</figcaption>");
        let source = SourceFile::from_text("cap.html", text);
        let span = find(&source, &caption, 0);
        let name = find(&source, "Jane Doe", 0);
        let report = report_of(
            source,
            vec![
                Diagnostic::new("near-duplicate", Severity::Warning, span, "differs")
                    .with_emphasis(name),
            ],
        );
        let out = rendered(&report);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[2].contains("Mayor Jane Doe"), "{}", lines[2]);
        assert_eq!(
            column_of(lines[3], "~~~~~~~~"),
            column_of(lines[2], "Jane Doe")
        );
        assert_eq!(lines[3].matches('~').count(), "Jane Doe".len());
    }

    #[test]
    fn emphasis_is_bold_with_colour_and_marked_without() {
        let report = cafe_report();
        let plain = rendered(&report);
        assert!(!plain.contains('\u{1b}'), "no ANSI codes without colour");
        assert!(plain.contains("^^^^~~~"), "{plain}");
        let coloured = rendered_with(
            &report,
            RenderOptions {
                color: true,
                ..RenderOptions::default()
            },
        );
        // Bold and underlined, in one escape.
        assert!(coloured.contains("\u{1b}[1;4mthe\u{1b}[0m"), "{coloured}");
        assert!(coloured.contains("\u{1b}[1;33mwarning\u{1b}[0m"));
        // With colour the underline is uniform: emphasis is in the text.
        assert!(coloured.contains("^^^^^^^"));
    }

    #[test]
    fn multi_line_span_underlines_the_first_line_and_counts_the_rest() {
        let source = SourceFile::from_text("ml.html", "<p>one\ntwo\nthree</p>\n");
        let span = TextRange::new(3, find(&source, "three", 0).end);
        let report = report_of(
            source,
            vec![Diagnostic::new("r", Severity::Error, span, "m")],
        );
        let out = rendered(&report);
        assert!(
            out.contains("1 | <p>one\n  |    ^^^ continues for 2 more lines\n"),
            "{out}"
        );
    }

    #[test]
    fn span_ending_with_a_line_break_is_not_multi_line() {
        let source = SourceFile::from_text("nl.html", "<p>one\ntwo</p>");
        let span = TextRange::new(3, 7);
        let report = report_of(
            source,
            vec![Diagnostic::new("r", Severity::Info, span, "m")],
        );
        let out = rendered(&report);
        assert!(out.contains("  |    ^^^\n"), "{out}");
        assert!(!out.contains("continues"));
    }

    #[test]
    fn wide_characters_keep_the_underline_aligned() {
        let source = SourceFile::from_text("wide.html", "<p>東京 😀 the the</p>");
        let span = find(&source, "the the", 0);
        let report = report_of(
            source,
            vec![Diagnostic::new("r", Severity::Warning, span, "m")],
        );
        let out = rendered(&report);
        // Header column counts characters: `<p>東京 😀 ` is 8.
        assert!(out.starts_with("wide.html:1:9: warning[r]: m\n"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(column_of(lines[3], "^"), column_of(lines[2], "the the"));
    }

    #[test]
    fn control_and_invisible_characters_are_shown() {
        let source = SourceFile::from_text("ctl.html", "<p>\ta\u{200B}b\u{1b}[31m</p>");
        let span = find(&source, "\u{200B}", 0);
        let report = report_of(
            source,
            vec![Diagnostic::new("r", Severity::Warning, span, "m")],
        );
        let out = rendered(&report);
        assert!(
            !out.contains('\u{1b}'),
            "escape from the file reached the terminal"
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], "1 | <p>    a<U+200B>b␛[31m</p>");
        assert_eq!(lines[3], "  |         ^^^^^^^^");
    }

    #[test]
    fn empty_span_at_end_of_line_gets_one_caret() {
        let source = SourceFile::from_text("e.html", "<p>x</p>\n");
        let span = TextRange::empty(8);
        let report = report_of(
            source,
            vec![Diagnostic::new("r", Severity::Info, span, "m")],
        );
        let out = rendered(&report);
        assert!(out.contains("1 | <p>x</p>\n  |         ^\n"), "{out}");
    }

    #[test]
    fn unsafe_fix_and_multi_line_help() {
        let source = SourceFile::from_text("f.html", "<p>Jonh Smith</p>");
        let span = find(&source, "Jonh", 0);
        let report = report_of(
            source,
            vec![
                Diagnostic::new("name-spelling", Severity::Error, span, "misspelled name")
                    .with_help("Did you mean `John`?\nSee the style guide.")
                    .with_fix(Fix::unsafe_(span, "John")),
            ],
        );
        let out = rendered(&report);
        assert!(
            out.contains(
                "  = help: Did you mean `John`?\n          See the style guide.\n  \
                 = fix (unsafe): replace `Jonh` with `John`\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn quiet_prints_only_headers_and_failures() {
        let mut report = cafe_report();
        report.failures.push(FileFailure {
            path: "gone.html".into(),
            message: "cannot read file: No such file or directory".into(),
        });
        let out = rendered_with(
            &report,
            RenderOptions {
                quiet: true,
                show_statistics: true,
                ..RenderOptions::default()
            },
        );
        assert_eq!(
            out,
            "articles/café.html:2:9: warning[repeated-word]: Word `the` is printed twice\n\
             gone.html: error: cannot read file: No such file or directory\n"
        );
    }

    #[test]
    fn statistics_and_summary_with_failures() {
        let source = SourceFile::from_text("b.html", "<p>ab</p>");
        let a = find(&source, "a", 0);
        let b = find(&source, "b", 0);
        let mut report = report_of(
            source,
            vec![
                Diagnostic::new("zz-rule", Severity::Error, b, "second"),
                Diagnostic::new("a-rule", Severity::Info, a, "first"),
                Diagnostic::new("zz-rule", Severity::Warning, a, "first too"),
            ],
        );
        report.files.push(FileResult {
            source: Arc::new(SourceFile::from_text("a.html", "<p>ok</p>")),
            diagnostics: vec![],
            page: None,
        });
        report.failures.push(FileFailure {
            path: "c.html".into(),
            message: "not an HTML file (no HTML markup found)".into(),
        });
        let out = rendered_with(
            &report,
            RenderOptions {
                show_statistics: true,
                ..RenderOptions::default()
            },
        );
        let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("b.html:")).collect();
        assert_eq!(
            headers,
            [
                "b.html:1:4: info[a-rule]: first",
                "b.html:1:4: warning[zz-rule]: first too",
                "b.html:1:5: error[zz-rule]: second",
            ]
        );
        assert!(
            out.ends_with(
                "c.html: error: not an HTML file (no HTML markup found)\n\n\
                 2  zz-rule\n1  a-rule\n\n\
                 Found 3 problems (1 error, 1 warning, 1 info) in 1 file; \
                 1 file could not be read.\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn summary_without_problems() {
        let report = report_of(SourceFile::from_text("a.html", "<p>ok</p>"), vec![]);
        assert_eq!(rendered(&report), "No problems found in 1 file.\n");
    }
}
