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

use super::{
    RenderOptions, Report, describe_fix, sorted_diagnostics, sorted_failures, sorted_files,
    statistics,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::find_rule;
use crate::source::{SourceFile, TextRange};
use nu_ansi_term::{Color, Style};
use std::io::Write;
use unicode_width::UnicodeWidthChar;

/// Lines longer than this many characters are cut to a window of this size.
const WINDOW: usize = 100;
/// Characters kept before and after a span that is cut in the middle.
const CONTEXT: usize = 10;
/// Characters of a long span shown at its start and at its end.
const EDGE: usize = 40;
/// The same when an emphasis in the middle of the span is shown as well.
const EDGE_WITH_FOCUS: usize = 30;
/// Characters shown around an emphasis in the middle of a long span.
const FOCUS: usize = 40;
/// Gaps shorter than this are shown rather than replaced by `…`.
const MIN_ELISION: usize = 8;

const PRIMARY_MARK: char = '^';
const RELATED_MARK: char = '-';
/// Marks emphasised characters when colour is off.
const EMPHASIS_MARK: char = '~';

/// Writes the report for a terminal or a log.
pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let painter = Painter {
        color: options.color,
    };
    let mut counts = SeverityCounts::default();
    let mut files_with_problems = 0;
    for file in sorted_files(report) {
        let diagnostics = sorted_diagnostics(file);
        if !diagnostics.is_empty() {
            files_with_problems += 1;
        }
        for diagnostic in diagnostics {
            counts.add(diagnostic.severity);
            write_header(&painter, &file.source, diagnostic, out)?;
            if !options.quiet {
                write_body(&painter, &file.source, diagnostic, out)?;
                writeln!(out)?;
            }
        }
    }
    let failures = sorted_failures(report);
    for failure in &failures {
        writeln!(
            out,
            "{}: {}: {}",
            painter.paint(Style::new().bold(), &visible(&failure.path)),
            painter.paint(severity_style(Severity::Error), "error"),
            visible(&failure.message)
        )?;
    }
    if options.quiet {
        return Ok(());
    }
    if !failures.is_empty() {
        writeln!(out)?;
    }
    if options.show_statistics {
        write_statistics(&painter, report, out)?;
    }
    let summary = summary(
        &counts,
        files_with_problems,
        report.files.len(),
        failures.len(),
    );
    writeln!(out, "{}", painter.paint(Style::new().bold(), &summary))
}

#[derive(Default)]
struct SeverityCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl SeverityCounts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
    fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// `Found 3 problems (1 error, 2 warnings, 0 info) in 2 files; 1 file could
/// not be read.` where "2 files" are the files with problems, or `No problems
/// found in N files.` where N is every file checked.
fn summary(
    counts: &SeverityCounts,
    files_with_problems: usize,
    files_checked: usize,
    failures: usize,
) -> String {
    let mut line = if counts.total() == 0 {
        format!("No problems found in {}", plural(files_checked, "file"))
    } else {
        format!(
            "Found {} ({}, {}, {} info) in {}",
            plural(counts.total(), "problem"),
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            counts.infos,
            plural(files_with_problems, "file"),
        )
    };
    if failures > 0 {
        line.push_str(&format!("; {} could not be read", plural(failures, "file")));
    }
    line.push('.');
    line
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The count-per-rule table of `--statistics`, followed by a blank line.
fn write_statistics(
    painter: &Painter,
    report: &Report,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows = statistics(report);
    if rows.is_empty() {
        return Ok(());
    }
    let count_width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let id_width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, count) in rows {
        let summary = find_rule(id).map_or("", |rule| rule.meta().summary);
        let line = format!(
            "{count:>count_width$}  {}{:pad$}  {summary}",
            painter.paint(Style::new().bold(), id),
            "",
            pad = id_width - id.len(),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)
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
        painter.paint(Style::new().bold(), &visible(&source.display_path())),
        position.line,
        position.column,
        painter.paint(
            severity_style(diagnostic.severity),
            diagnostic.severity.as_str()
        ),
        painter.paint(Style::new().bold(), &format!("[{}]", diagnostic.rule)),
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
                    self.painter.paint(Style::new().bold(), label),
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

/// One source line (or a window of it) with the span underlined.
struct Excerpt {
    range: TextRange,
    /// 1-based.
    line_number: usize,
    /// The shown text, with ANSI codes when colour is on.
    text: String,
    /// Markers under the span, and a note when the span goes on past the line.
    underline: String,
}

/// Builds the excerpt for the first line of `range`, marking the span with
/// `mark` and the parts of `emphasis` that fall inside the shown window.
fn excerpt(
    painter: &Painter,
    source: &SourceFile,
    range: TextRange,
    emphasis: &[TextRange],
    mark: char,
    mark_style: Style,
) -> Excerpt {
    let start = source.floor_char_boundary(range.start);
    let end = source.floor_char_boundary(range.end).max(start);
    let line_index = source.line_index(start);
    let full_start = source.line_start(line_index);
    let full_line = source.line_text(line_index);
    // A span ending right after a line break still ends on its first line.
    let last_line = if end > start {
        source.line_index(end - 1)
    } else {
        line_index
    };
    let more_lines = last_line - line_index;
    // Only a bounded stretch of the line around the span is looked at, so an
    // excerpt of a 10 MB minified line costs what one of a short line does
    // (thousands of findings on one line must not cost line x findings).
    // The margin holds more characters than the window shows on either side.
    let margin = 4 * WINDOW + 64;
    let span_end_in_line = if more_lines > 0 {
        full_line.len()
    } else {
        (end - full_start).min(full_line.len())
    };
    let clip_from = floor_boundary(full_line, (start - full_start).saturating_sub(margin));
    let clip_to = ceil_boundary(full_line, span_end_in_line.saturating_add(margin));
    let line_start = full_start + clip_from;
    let line = &full_line[clip_from..clip_to];

    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let count = chars.len();
    // Character index within the line of a text offset, clamped to the line.
    let char_index = |offset: usize| {
        let relative = offset.saturating_sub(line_start).min(line.len());
        chars.partition_point(|&(byte, _)| byte < relative)
    };
    let span_start = char_index(start);
    let span_end = if more_lines > 0 {
        count
    } else {
        char_index(end)
    };

    let line_end = line_start + line.len();
    let mut emphasised: Vec<(usize, usize)> = emphasis
        .iter()
        .filter_map(|r| {
            let (a, b) = (r.start.max(line_start), r.end.min(line_end));
            (a < b).then(|| (char_index(a), char_index(b)))
        })
        .filter(|(a, b)| a < b)
        .collect();
    emphasised.sort_unstable();
    let focus = emphasised
        .iter()
        .copied()
        .find(|&(a, b)| a >= span_start && b <= span_end)
        .unwrap_or((span_start, span_end));
    let pieces = plan_window(count, (span_start, span_end), focus);

    let is_in_span = |i: usize| {
        if span_start == span_end {
            i == span_start
        } else {
            span_start <= i && i < span_end
        }
    };
    let is_emphasised = |i: usize| emphasised.iter().any(|&(a, b)| a <= i && i < b);
    let elision_mark = |from: usize, to: usize| {
        if span_start < to && span_end > from {
            mark
        } else {
            ' '
        }
    };

    let mut row = RowBuilder::new(painter);
    let mut previous_end = 0;
    for &(from, to) in &pieces {
        if from > previous_end {
            row.push_ellipsis(elision_mark(previous_end, from));
        }
        for (i, &(_, c)) in chars.iter().enumerate().take(to).skip(from) {
            if i == span_start {
                row.note_span_column();
            }
            let emphasised = is_emphasised(i);
            let cell_mark = if emphasised && !painter.color {
                EMPHASIS_MARK
            } else if is_in_span(i) {
                mark
            } else {
                ' '
            };
            row.push_char(c, emphasised, cell_mark, is_in_span(i));
        }
        previous_end = to;
    }
    if previous_end < count {
        row.push_ellipsis(elision_mark(previous_end, count));
    }
    if span_start == count {
        // An empty span at the end of the line, or one starting at its break.
        row.note_span_column();
    }
    let (text, mut underline) = row.finish(mark);
    underline = painter.paint(mark_style, underline.trim_end());
    if more_lines > 0 {
        let lines = if more_lines == 1 { "line" } else { "lines" };
        underline.push_str(&format!(" continues for {more_lines} more {lines}"));
    }
    Excerpt {
        range,
        line_number: line_index + 1,
        text,
        underline,
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest char boundary of `text` at or after `at`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Chooses which character ranges `[from, to)` of a line of `count`
/// characters to show so that `span` is visible and `focus` (the first
/// emphasis inside the span, or the span itself) is central.
fn plan_window(count: usize, span: (usize, usize), focus: (usize, usize)) -> Vec<(usize, usize)> {
    if count <= WINDOW + MIN_ELISION {
        return vec![(0, count)];
    }
    let (start, end) = span;
    let mut pieces = if end - start + 2 * CONTEXT <= WINDOW {
        let centre = (focus.0 + focus.1) / 2;
        let from = centre
            .saturating_sub(WINDOW / 2)
            // Keep the whole span, with a little context, in view.
            .min(start.saturating_sub(CONTEXT))
            .max((end + CONTEXT).saturating_sub(WINDOW))
            .min(count - WINDOW);
        vec![(from, from + WINDOW)]
    } else {
        // Too long for one window: its start and its end, and its emphasis.
        let focused = focus != span;
        let edge = if focused { EDGE_WITH_FOCUS } else { EDGE };
        let mut pieces = vec![
            (start.saturating_sub(CONTEXT), start + edge),
            (end - edge, (end + CONTEXT).min(count)),
        ];
        if focused {
            let centre = (focus.0 + focus.1) / 2;
            let from = centre.saturating_sub(FOCUS / 2).max(start);
            pieces.push((from, (from + FOCUS).min(end)));
        }
        pieces.sort_unstable();
        pieces
    };
    // Showing a few characters costs less than an `…` does in readability.
    if let Some(first) = pieces.first_mut()
        && first.0 < MIN_ELISION
    {
        first.0 = 0;
    }
    if let Some(last) = pieces.last_mut()
        && count - last.1 < MIN_ELISION
    {
        last.1 = count;
    }
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
    for (from, to) in pieces {
        match merged.last_mut() {
            Some(last) if from <= last.1 + MIN_ELISION => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Accumulates the text row and the underline row cell by cell, so both stay
/// aligned whatever the display width of each character.
struct RowBuilder<'p> {
    painter: &'p Painter,
    text: String,
    /// Text not yet written to `text`, all emphasised or all not.
    pending: String,
    pending_emphasised: bool,
    /// One ASCII marker per display column.
    underline: String,
    /// Display column where the span starts, if it has been reached.
    span_column: Option<usize>,
    /// Display columns of span characters pushed so far.
    span_width: usize,
}

impl<'p> RowBuilder<'p> {
    fn new(painter: &'p Painter) -> Self {
        RowBuilder {
            painter,
            text: String::new(),
            pending: String::new(),
            pending_emphasised: false,
            underline: String::new(),
            span_column: None,
            span_width: 0,
        }
    }

    fn note_span_column(&mut self) {
        self.span_column.get_or_insert(self.underline.len());
    }

    fn push_char(&mut self, c: char, emphasised: bool, mark: char, in_span: bool) {
        if emphasised != self.pending_emphasised {
            self.flush();
            self.pending_emphasised = emphasised;
        }
        let width = push_visible(c, &mut self.pending);
        self.underline.extend(std::iter::repeat_n(mark, width));
        if in_span {
            self.span_width += width;
        }
    }

    fn push_ellipsis(&mut self, mark: char) {
        self.push_char('…', false, mark, false);
    }

    fn flush(&mut self) {
        if self.pending_emphasised {
            let painted = self.painter.paint(emphasis_style(), &self.pending);
            self.text.push_str(&painted);
        } else {
            self.text.push_str(&self.pending);
        }
        self.pending.clear();
    }

    /// The text row (trailing whitespace kept: it is content) and the
    /// underline row. A span of zero display width (an empty span, or only
    /// combining marks) still gets one marker where it starts.
    fn finish(mut self, mark: char) -> (String, String) {
        self.flush();
        let mut underline = self.underline;
        if let Some(column) = self.span_column.filter(|_| self.span_width == 0) {
            if column < underline.len() {
                underline.replace_range(column..=column, &mark.to_string());
            } else {
                underline.push(mark);
            }
        }
        (self.text, underline)
    }
}

/// Invisible characters a copy editor needs to see, shown as `<U+XXXX>`.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{200B}'..='\u{200F}'  // zero-width space, joiners, direction marks
        | '\u{202A}'..='\u{202E}'  // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'  // bidi isolates
        | '\u{FEFF}'               // zero-width no-break space (stray BOM)
    )
}

/// Appends how `c` is shown and returns its display width: tabs as four
/// spaces, C0 controls as their Unicode control pictures (`␍`), other
/// controls as `�`, invisible characters as `<U+200B>`.
fn push_visible(c: char, out: &mut String) -> usize {
    match c {
        '\t' => {
            out.push_str("    ");
            4
        }
        '\u{0}'..='\u{1F}' => {
            out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
            1
        }
        '\u{7F}' => {
            out.push('\u{2421}');
            1
        }
        c if c.is_control() => {
            out.push('\u{FFFD}');
            1
        }
        c if is_invisible(c) => {
            let shown = format!("<U+{:04X}>", u32::from(c));
            out.push_str(&shown);
            shown.len()
        }
        c => {
            out.push(c);
            c.width().unwrap_or(0)
        }
    }
}

/// Text from a file or a rule made safe for a terminal (see [`push_visible`]).
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(c, &mut out);
    }
    out
}

/// Applies ANSI styles only when colour is on.
struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            style.paint(text).to_string()
        } else {
            text.to_owned()
        }
    }
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => Color::Red.bold(),
        Severity::Warning => Color::Yellow.bold(),
        Severity::Info => Color::Blue.bold(),
    }
}

fn gutter_style() -> Style {
    Color::Blue.bold()
}

fn emphasis_style() -> Style {
    Style::new().bold().underline()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;
    use crate::render::test_support::{cafe_report, find};
    use crate::render::{FileFailure, FileResult};
    use std::sync::Arc;

    fn report_of(source: SourceFile, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            files: vec![FileResult {
                source: Arc::new(source),
                diagnostics,
            }],
            failures: vec![],
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
        let bold_the = emphasis_style().paint("the").to_string();
        assert!(coloured.contains(&bold_the), "{coloured}");
        assert!(coloured.contains(&Color::Yellow.bold().paint("warning").to_string()));
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
        let counts = SeverityCounts::default();
        assert_eq!(
            summary(&counts, 0, 3, 2),
            "No problems found in 3 files; 2 files could not be read."
        );
    }

    #[test]
    fn plan_window_keeps_short_lines_whole_and_spans_visible() {
        assert_eq!(plan_window(50, (10, 20), (10, 20)), [(0, 50)]);
        assert_eq!(plan_window(WINDOW + 5, (0, 3), (0, 3)), [(0, WINDOW + 5)]);
        // Centred on the span in a long line.
        assert_eq!(plan_window(1000, (500, 510), (500, 510)), [(455, 555)]);
        // Near the start: snapped to the beginning, no leading `…`.
        assert_eq!(plan_window(1000, (3, 5), (3, 5)), [(0, 100)]);
        // Near the end.
        assert_eq!(plan_window(1000, (995, 1000), (995, 1000)), [(900, 1000)]);
        // Focus far from the span centre still keeps the span in view.
        let pieces = plan_window(1000, (400, 480), (470, 480));
        assert_eq!(pieces.len(), 1);
        assert!(pieces[0].0 <= 400 && pieces[0].1 >= 480);
        // A long span: head and tail.
        assert_eq!(
            plan_window(1000, (100, 600), (100, 600)),
            [(90, 140), (560, 610)]
        );
        // A long span with an emphasis in the middle: head, emphasis, tail.
        assert_eq!(
            plan_window(1000, (100, 600), (340, 350)),
            [(90, 130), (325, 365), (570, 610)]
        );
    }
}
