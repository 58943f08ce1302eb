//! The report's HTML, read as text: what escaping and placement produce.
//! (What a browser makes of it is tested in `tests/browser.rs`.)

use super::*;
use crate::diagnostic::{Diagnostic, Fix};
use crate::document::Document;
use crate::render::{FileResult, Report, render_with};
use crate::source::{SourceFile, TextRange};
use std::sync::Arc;

fn report_html(path: &str, page: &str, flag: &str, message: &str) -> String {
    let source = SourceFile::from_text(path, page);
    let start = source.text.find(flag).expect("flagged text in page");
    let range = TextRange::new(start, start + flag.len());
    let diagnostic = Diagnostic::new("glossary-spelling", Severity::Warning, range, message)
        .with_fix(Fix::safe(range, "Soyuz-FG"));
    let diagnostics = vec![diagnostic];
    let text = page_text(&Document::parse(&source).expect("parses"), &diagnostics);
    let report = Report {
        files: vec![FileResult {
            source: Arc::new(source),
            diagnostics,
            page: text.map(Box::new),
        }],
        ..Report::default()
    };
    let mut out = Vec::new();
    render_with(&mut HtmlReport::new(vec![]), &report, &mut out).expect("writes to a Vec");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn page_text_attributes_and_file_names_are_escaped() {
    let html = report_html(
        "\"><img src=x onerror=alert(1)>.html",
        "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>\
         <p>A &lt;script&gt;window.pwned=1&lt;/script&gt; Soyug-FG \"&gt;&lt;img src=x onerror=alert(2)&gt;</p>",
        "Soyug-FG",
        "`Soyug-FG` \"><b>bold</b>",
    );
    // The only script element is the report's own, and no page markup
    // survives as markup.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>bold"), "{html}");
    assert!(html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.html"));
    assert!(html.contains("Suggested: <ins>Soyuz-FG</ins>"));
    assert!(html.contains("id=\"f0-d0\">Soyug-FG</mark>"), "{html}");
}

#[test]
fn clean_pages_are_rows_without_a_section() {
    let source = SourceFile::from_text("clean.html", "<p>Nothing wrong.</p>");
    let report = Report {
        files: vec![FileResult::new(Arc::new(source), vec![])],
        ..Report::default()
    };
    let mut out = Vec::new();
    render_with(&mut HtmlReport::new(vec![]), &report, &mut out).expect("writes to a Vec");
    let html = String::from_utf8(out).expect("UTF-8");
    assert!(!html.contains("<section class=\"page\""));
    assert!(html.contains("<span class=\"path\">clean.html</span>"));
    assert!(html.contains("<strong>0 findings</strong>"));
    assert!(html.ends_with("</html>\n"));
}
