//! Source excerpts: one line (or a bounded window of it) with the span
//! underlined, as described in the parent module.
//!
//! It exists on its own because published HTML is often minified into one
//! enormous line: the excerpt looks at only a bounded stretch around the span
//! and plans which pieces of that stretch to show, so a 10 MB line costs what
//! a short one does.

use super::style::{Painter, Style, emphasis_style};
use super::visible::push_visible;
use crate::source::{SourceFile, TextRange};

/// Lines longer than this many characters are cut to a window of this size.
pub(super) const WINDOW: usize = 100;
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

pub(super) const PRIMARY_MARK: char = '^';
pub(super) const RELATED_MARK: char = '-';
/// Marks emphasised characters when colour is off.
const EMPHASIS_MARK: char = '~';

/// One source line (or a window of it) with the span underlined.
pub(super) struct Excerpt {
    pub(super) range: TextRange,
    /// 1-based.
    pub(super) line_number: usize,
    /// The shown text, with ANSI codes when colour is on.
    pub(super) text: String,
    /// Markers under the span, and a note when the span goes on past the line.
    pub(super) underline: String,
}

/// Builds the excerpt for the first line of `range`, marking the span with
/// `mark` and the parts of `emphasis` that fall inside the shown window.
pub(super) fn excerpt(
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
pub(super) fn plan_window(
    count: usize,
    span: (usize, usize),
    focus: (usize, usize),
) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
