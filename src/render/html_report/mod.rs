//! `--output-format html`: one self-contained page for the copy editors who
//! fix what copydesk finds. They know the article as readers see it, not
//! its HTML, so the report shows each page's article text (the blocks the
//! rules lint, not the site chrome) with every finding highlighted in place
//! and its note beside it, and a summary across pages: counts per rule and
//! per page, and every finding in a table, sortable, filtered by rule and
//! severity.
//!
//! - Self-contained: the style sheet and the small script are inline; no
//!   font, image or script is loaded, and images a finding is about are
//!   shown as their `src` (a link for `http(s)` addresses), never fetched.
//! - Safe on hostile pages: every piece of page text, attribute, title and
//!   file name goes through `escape`; ids are numbers; and a
//!   Content-Security-Policy allows only the report's own script and style
//!   (see `assets`).
//! - Streamed: each page's section is written as its turn comes (pages
//!   with findings only; clean pages are rows of the summary), keeping only
//!   small rows for the summary, which is written last and shown first
//!   (CSS `order`), so a run over a whole site does not hold its pages.
//!
//! Page text is carried in [`FileResult::page`], built by [`page_text()`]
//! only when this format is chosen.

mod assets;
mod escape;
mod page;
pub mod page_text;
mod summary;

pub use page_text::{PageText, page_text};

use super::{FileFailure, FileResult, Renderer, RuleCounts};
use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use escape::Escaped;
use page::{Finding, write_page};
use std::io::Write;

/// The HTML report renderer.
pub struct HtmlReport {
    rules: Vec<&'static RuleMeta>,
    started: bool,
    pages: Vec<PageRow>,
    findings: Vec<FindingRow>,
    per_rule: RuleCounts,
}

/// A page of the summary's page table.
struct PageRow {
    path: String,
    title: Option<String>,
    /// Errors, warnings, infos.
    counts: [usize; 3],
    /// Whether the page has a section (it has findings and text).
    has_section: bool,
}

/// A row of the summary's findings table.
struct FindingRow {
    /// Index into `pages`.
    page: usize,
    /// Index into the file's diagnostics (the highlight's id).
    diagnostic: usize,
    line: usize,
    column: usize,
    severity: Severity,
    rule: &'static str,
    message: String,
}

impl HtmlReport {
    pub fn new(rules: Vec<&'static RuleMeta>) -> HtmlReport {
        HtmlReport {
            rules,
            started: false,
            pages: Vec::new(),
            findings: Vec::new(),
            per_rule: RuleCounts::default(),
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"copydesk {}\">\n\
             <title>copydesk report</title>\n<style>{}</style>\n</head>\n<body>\n\
             <main class=\"report\">\n<div id=\"pages\">\n",
            assets::content_security_policy(),
            env!("CARGO_PKG_VERSION"),
            assets::STYLE
        )
    }
}

fn severity_slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl Renderer for HtmlReport {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()> {
        self.start(out)?;
        let index = self.pages.len();
        let source = &file.source;
        // Position order, numbered from 1; indexed by diagnostic.
        let mut order: Vec<usize> = (0..file.diagnostics.len()).collect();
        order.sort_by_key(|&i| {
            let range = file.diagnostics[i].range;
            (range.start, range.end)
        });
        let mut findings: Vec<Option<Finding>> =
            (0..file.diagnostics.len()).map(|_| None).collect();
        let mut counts = [0; 3];
        for (number, &i) in order.iter().enumerate() {
            let diagnostic = &file.diagnostics[i];
            let position = source.line_column(diagnostic.range.start);
            counts[severity_slot(diagnostic.severity)] += 1;
            self.per_rule.add(diagnostic.rule);
            self.findings.push(FindingRow {
                page: index,
                diagnostic: i,
                line: position.line,
                column: position.column,
                severity: diagnostic.severity,
                rule: diagnostic.rule,
                message: diagnostic.message.clone(),
            });
            findings[i] = Some(Finding {
                diagnostic,
                number: number + 1,
                line: position.line,
                column: position.column,
            });
        }
        let page = file
            .page
            .as_deref()
            .filter(|_| !file.diagnostics.is_empty());
        if let Some(page) = page {
            let mut html = String::new();
            write_page(&mut html, index, source, &findings, page)
                .map_err(|_| std::io::Error::other("formatting the report failed"))?;
            out.write_all(html.as_bytes())?;
        }
        self.pages.push(PageRow {
            path: source.display_path(),
            title: page.and_then(|p| p.title.clone()),
            counts,
            has_section: page.is_some(),
        });
        Ok(())
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        self.start(out)?;
        let mut html = String::from("</div>\n");
        summary::write_summary(&mut html, self, failures)
            .map_err(|_| std::io::Error::other("formatting the report failed"))?;
        out.write_all(html.as_bytes())?;
        write!(
            out,
            "</main>\n<script>{}</script>\n</body>\n</html>\n",
            assets::SCRIPT
        )
    }
}

/// The page text of a linted source, parsed again with its scope settings
/// (only for the HTML format, only for pages with findings, after any
/// fixes: the text shown is the text the findings point into). A page that
/// no longer parses is listed without its text.
pub fn page_text_of(
    source: &crate::source::SourceFile,
    scope_content: &[String],
    scope_exclude: &[String],
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> Option<Box<PageText>> {
    if diagnostics.is_empty() {
        return None;
    }
    let doc = crate::document::Document::parse_scoped(source, scope_content, scope_exclude).ok()?;
    page_text(&doc, diagnostics).map(Box::new)
}

/// `1 finding`, `2 findings`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The link text and target of a page in the summary.
fn page_link(html: &mut String, index: usize, row: &PageRow) -> std::fmt::Result {
    use std::fmt::Write;
    if row.has_section {
        write!(
            html,
            "<a class=\"path\" href=\"#p{index}\">{}</a>",
            Escaped(&row.path)
        )
    } else {
        write!(html, "<span class=\"path\">{}</span>", Escaped(&row.path))
    }
}

#[cfg(test)]
mod tests;
