//! One page of the HTML report: the article's blocks, each with its marks
//! in the text and the findings' notes beside it.
//!
//! Every finding has exactly one highlight, a `<mark class="hl">` with the
//! id `f{file}-d{diagnostic}` (on the flagged words, the whole block, or
//! the element box of an image), and one note beside it: number, severity,
//! rule, line and column, message, the suggested spelling when the fix
//! replaces the flagged text, help, and links to its related places. A
//! related place ("first printed here") is marked too, with a note that
//! links back, so both copies of a duplicate point at each other. Ids are
//! made of numbers only, never of page content.

use super::escape::{Escaped, is_web_url};
use super::page_text::{ElementNote, Item, Mark, PageText, Role, TextBlock};
use crate::diagnostic::Diagnostic;
use crate::document::BlockKind;
use crate::source::SourceFile;
use std::fmt::Write;

/// What the notes of one page need to know about each finding.
pub(super) struct Finding<'a> {
    pub diagnostic: &'a Diagnostic,
    /// 1-based, in position order.
    pub number: usize,
    pub line: usize,
    pub column: usize,
}

/// Writes the `<section>` of page `file` (its index in the report).
pub(super) fn write_page(
    html: &mut String,
    file: usize,
    source: &SourceFile,
    findings: &[Option<Finding>],
    page: &PageText,
) -> std::fmt::Result {
    let path = source.display_path();
    let count = findings.iter().flatten().count();
    writeln!(
        html,
        "<section class=\"page\" id=\"p{file}\">\n<h2 class=\"path\">{}</h2>",
        Escaped(&path)
    )?;
    if let Some(title) = &page.title {
        writeln!(html, "<p class=\"title\">{}</p>", Escaped(title))?;
    }
    writeln!(
        html,
        "<p class=\"count\">{count} finding{}</p>\n<div class=\"flow\">",
        if count == 1 { "" } else { "s" }
    )?;
    let mut noted = vec![false; findings.len()];
    for item in &page.items {
        match item {
            Item::Block(block) => write_block(html, file, findings, block, &mut noted)?,
            Item::Element(note) => write_element(html, file, findings, note, &mut noted)?,
        }
    }
    writeln!(html, "</div>\n</section>")
}

fn block_class(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "k-heading",
        BlockKind::Paragraph => "k-paragraph",
        BlockKind::Caption => "k-caption",
        BlockKind::ListItem => "k-list-item",
        BlockKind::Quote => "k-quote",
        BlockKind::Cell => "k-cell",
        BlockKind::Other => "k-other",
    }
}

fn write_block(
    html: &mut String,
    file: usize,
    findings: &[Option<Finding>],
    block: &TextBlock,
    noted: &mut [bool],
) -> std::fmt::Result {
    let marked = !block.marks.is_empty();
    write!(
        html,
        "<div class=\"blk {}{}\"><div class=\"txt\">",
        block_class(block.kind),
        if marked { " marked" } else { "" }
    )?;
    write_marked_text(html, file, findings, &block.text, &block.marks)?;
    html.push_str("</div>");
    let places: Vec<(usize, Role)> = block.marks.iter().map(|m| (m.diagnostic, m.role)).collect();
    write_notes(html, file, findings, &places, noted)?;
    html.push_str("</div>\n");
    Ok(())
}

/// The block text cut at every mark boundary; each piece inside a mark is
/// one `<mark>` (overlapping marks split into pieces; the piece's class
/// says which roles cover it). The id goes on a mark's first piece, the
/// finding's number after its last.
fn write_marked_text(
    html: &mut String,
    file: usize,
    findings: &[Option<Finding>],
    text: &str,
    marks: &[Mark],
) -> std::fmt::Result {
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start, m.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut started = vec![false; marks.len()];
    // Sweep the cuts in order, keeping the marks that cover the current
    // piece (every mark end is a cut, so a mark that covers a piece's start
    // covers the whole piece): linear in cuts and marks.
    let mut by_start: Vec<usize> = (0..marks.len()).collect();
    by_start.sort_by_key(|&k| marks[k].start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    for piece in cuts.windows(2) {
        let (start, end) = (piece[0], piece[1]);
        let piece_text = Escaped(&text[start..end]);
        active.retain(|&k| marks[k].end > start);
        while let Some(&k) = by_start.get(next).filter(|&&k| marks[k].start <= start) {
            if marks[k].end > start {
                active.push(k);
            }
            next += 1;
        }
        let shown = active
            .iter()
            .copied()
            .filter(|&k| marks[k].role != Role::Emphasis)
            .max_by_key(|&k| (marks[k].role == Role::Primary, marks[k].start));
        let emphasis = active.iter().any(|&k| marks[k].role == Role::Emphasis);
        let Some(shown) = shown else {
            if emphasis {
                write!(html, "<b class=\"emph\">{piece_text}</b>")?;
            } else {
                write!(html, "{piece_text}")?;
            }
            continue;
        };
        let mark = marks[shown];
        let Some(finding) = findings.get(mark.diagnostic).and_then(Option::as_ref) else {
            write!(html, "{piece_text}")?;
            continue;
        };
        let diagnostic = finding.diagnostic;
        write!(
            html,
            "<mark class=\"hl sev-{}{}{}\" data-d=\"{}\" data-rule=\"{}\" data-sev=\"{}\" title=\"{}\"",
            diagnostic.severity,
            if mark.role == Role::Primary {
                ""
            } else {
                " rel"
            },
            if emphasis { " emph" } else { "" },
            mark.diagnostic,
            Escaped(diagnostic.rule),
            diagnostic.severity,
            Escaped(&diagnostic.message),
        )?;
        if !started[shown] {
            started[shown] = true;
            write!(
                html,
                " id=\"{}\"",
                place_id(file, mark.diagnostic, mark.role)
            )?;
        }
        write!(html, ">{piece_text}</mark>")?;
        if mark.role == Role::Primary && mark.end == end {
            write!(
                html,
                "<a class=\"num\" href=\"#n{}\">{}</a>",
                place_id(file, mark.diagnostic, Role::Primary),
                finding.number
            )?;
        }
    }
    Ok(())
}

/// `f3-d5` for a finding's flagged text, `f3-d5-r0` for its first related
/// place.
fn place_id(file: usize, diagnostic: usize, role: Role) -> String {
    match role {
        Role::Related(k) => format!("f{file}-d{diagnostic}-r{k}"),
        Role::Primary | Role::Emphasis => format!("f{file}-d{diagnostic}"),
    }
}

fn write_element(
    html: &mut String,
    file: usize,
    findings: &[Option<Finding>],
    note: &ElementNote,
    noted: &mut [bool],
) -> std::fmt::Result {
    html.push_str("<div class=\"blk elem marked\"><div class=\"txt\"><div class=\"elem-box\">");
    match &note.tag {
        Some(tag) => write!(html, "<span class=\"tag\">&lt;{}&gt;</span> ", Escaped(tag))?,
        None => html.push_str("<span class=\"tag\">markup</span> "),
    }
    if let Some(src) = &note.src {
        if is_web_url(src) {
            write!(
                html,
                "<a class=\"src\" href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                Escaped(src)
            )?;
        } else {
            write!(html, "<code class=\"src\">{}</code>", Escaped(src))?;
        }
    }
    if let Some(alt) = &note.alt {
        write!(html, " <span class=\"alt\">alt: “{}”</span>", Escaped(alt))?;
    }
    if !note.excerpt.is_empty() {
        write!(
            html,
            " <span class=\"excerpt\">{}</span>",
            Escaped(&note.excerpt)
        )?;
    }
    html.push_str("</div>");
    // An element is not text to mark: each finding pointing at it gets a
    // chip, its highlight, under the element's description.
    for &(index, role) in &note.marks {
        let Some(finding) = findings.get(index).and_then(Option::as_ref) else {
            continue;
        };
        let diagnostic = finding.diagnostic;
        write!(
            html,
            "<mark class=\"hl chip sev-{0}{1}\" data-d=\"{2}\" data-rule=\"{3}\" data-sev=\"{0}\" \
             id=\"{4}\">{3}</mark>",
            diagnostic.severity,
            if role == Role::Primary { "" } else { " rel" },
            index,
            Escaped(diagnostic.rule),
            place_id(file, index, role)
        )?;
        if role == Role::Primary {
            write!(
                html,
                "<a class=\"num\" href=\"#n{}\">{}</a> ",
                place_id(file, index, role),
                finding.number
            )?;
        }
    }
    html.push_str("</div>");
    write_notes(html, file, findings, &note.marks, noted)?;
    html.push_str("</div>\n");
    Ok(())
}

/// The notes beside a block: the full note of each finding whose flagged
/// text is here (once per finding, at its first place), and a back link for
/// each related place.
fn write_notes(
    html: &mut String,
    file: usize,
    findings: &[Option<Finding>],
    places: &[(usize, Role)],
    noted: &mut [bool],
) -> std::fmt::Result {
    let mut wrote_any = false;
    let mut seen = Vec::new();
    for &(index, role) in places {
        if role == Role::Emphasis || seen.contains(&(index, role)) {
            continue;
        }
        seen.push((index, role));
        let Some(finding) = findings.get(index).and_then(Option::as_ref) else {
            continue;
        };
        if role == Role::Primary && noted.get(index).copied().unwrap_or(true) {
            continue;
        }
        if !wrote_any {
            html.push_str("<div class=\"notes\">");
            wrote_any = true;
        }
        match role {
            Role::Primary => {
                noted[index] = true;
                write_note(html, file, index, finding)?;
            }
            Role::Related(k) => write_related_note(html, file, index, k, finding)?,
            Role::Emphasis => {}
        }
    }
    if wrote_any {
        html.push_str("</div>");
    }
    Ok(())
}

fn write_note(html: &mut String, file: usize, index: usize, finding: &Finding) -> std::fmt::Result {
    let diagnostic = finding.diagnostic;
    let id = place_id(file, index, Role::Primary);
    write!(
        html,
        "<div class=\"note sev-{0}\" id=\"n{id}\" data-rule=\"{1}\" data-sev=\"{0}\">\
         <a class=\"num\" href=\"#{id}\">{2}</a> <span class=\"sev\">{0}</span> \
         <code class=\"rule\">{1}</code> <span class=\"loc\">line {3}, column {4}</span>\
         <p class=\"msg\">{5}</p>",
        diagnostic.severity,
        Escaped(diagnostic.rule),
        finding.number,
        finding.line,
        finding.column,
        Escaped(&diagnostic.message),
    )?;
    if let Some(suggestion) = suggestion(diagnostic) {
        write!(
            html,
            "<p class=\"sug\">Suggested: <ins>{}</ins>{}</p>",
            Escaped(suggestion),
            match &diagnostic.fix {
                Some(fix) if fix.is_safe() => "",
                _ => " <span class=\"unsafe\">(check before applying)</span>",
            }
        )?;
    }
    if let Some(help) = &diagnostic.help {
        write!(html, "<p class=\"help\">{}</p>", Escaped(help))?;
    }
    for (k, related) in diagnostic.related.iter().enumerate() {
        write!(
            html,
            "<p class=\"rel\"><a href=\"#{}\">{} ↗</a></p>",
            place_id(file, index, Role::Related(k)),
            Escaped(&related.message)
        )?;
    }
    html.push_str("</div>");
    Ok(())
}

fn write_related_note(
    html: &mut String,
    file: usize,
    index: usize,
    k: usize,
    finding: &Finding,
) -> std::fmt::Result {
    let diagnostic = finding.diagnostic;
    let message = diagnostic
        .related
        .get(k)
        .map_or("related", |r| r.message.as_str());
    write!(
        html,
        "<div class=\"note rel sev-{0}\" data-rule=\"{1}\" data-sev=\"{0}\">\
         <span class=\"num\">{2}</span> <span class=\"sev\">{3}</span> \
         <a href=\"#{4}\">see finding {2} ↗</a></div>",
        diagnostic.severity,
        Escaped(diagnostic.rule),
        finding.number,
        Escaped(message),
        place_id(file, index, Role::Primary),
    )
}

/// The replacement a fix suggests for the flagged text (the right spelling
/// of a glossary term, the single word of a doubled one).
fn suggestion(diagnostic: &Diagnostic) -> Option<&str> {
    let fix = diagnostic.fix.as_ref()?;
    match fix.edits.as_slice() {
        [edit] if edit.range == diagnostic.range && !edit.replacement.is_empty() => {
            Some(edit.replacement.as_str())
        }
        _ => None,
    }
}
