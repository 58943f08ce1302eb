//! Checkstyle XML, which Jenkins (warnings-ng), GitLab code quality
//! converters, reviewdog and many editors read:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <checkstyle version="4.3">
//! <file name="news/a.html">
//!   <error line="2" column="9" severity="warning" message="Word `the` is printed twice" source="repeated-word"/>
//! </file>
//! </checkstyle>
//! ```
//!
//! Every linted file gets a `<file>` element (empty when clean, as
//! Checkstyle itself writes); `column` counts characters, 1-based; `source`
//! is the rule id. A file that could not be read gets one `<error>` without
//! a line, with `source="copydesk"`. Written through quick-xml, which
//! escapes every attribute; characters XML forbids are replaced first.
//! Each file's element is written as soon as the file comes.

use super::xml::{Finding, xml_safe};
use super::{FileFailure, FileResult, Renderer, sorted_diagnostics, sorted_failure_list};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use std::io::Write;

/// The checkstyle renderer.
#[derive(Debug, Default)]
pub struct Checkstyle {
    /// Whether the XML declaration and `<checkstyle>` were written.
    started: bool,
}

impl Checkstyle {
    fn start(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            let mut writer = Writer::new(out);
            writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
            writer.get_mut().write_all(b"\n")?;
            writer.write_event(Event::Start(
                BytesStart::new("checkstyle").with_attributes([("version", "4.3")]),
            ))?;
        }
        Ok(())
    }
}

impl Renderer for Checkstyle {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> std::io::Result<()> {
        self.start(out)?;
        let findings: Vec<Finding> = sorted_diagnostics(file)
            .into_iter()
            .map(|d| Finding::new(&file.source, d))
            .collect();
        write_file(&file.source.display_path(), &findings, None, out)
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        self.start(out)?;
        for failure in sorted_failure_list(failures) {
            write_file(&failure.path, &[], Some(&failure.message), out)?;
        }
        out.write_all(b"\n")?;
        Writer::new(&mut *out).write_event(Event::End(BytesEnd::new("checkstyle")))?;
        out.write_all(b"\n")
    }
}

/// One `<file>` element on its own lines.
fn write_file(
    path: &str,
    findings: &[Finding],
    failure: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(b"\n")?;
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    let path = xml_safe(path);
    let element = writer
        .create_element("file")
        .with_attribute(("name", path.as_ref()));
    if findings.is_empty() && failure.is_none() {
        element.write_empty()?;
        return Ok(());
    }
    element.write_inner_content(|writer| {
        for finding in findings {
            let (line, column) = (finding.line.to_string(), finding.column.to_string());
            let message = xml_safe(&finding.message);
            writer
                .create_element("error")
                .with_attributes([
                    ("line", line.as_str()),
                    ("column", column.as_str()),
                    ("severity", finding.severity.as_str()),
                    ("message", message.as_ref()),
                    ("source", finding.rule),
                ])
                .write_empty()?;
        }
        if let Some(message) = failure {
            let message = xml_safe(message);
            writer
                .create_element("error")
                .with_attributes([
                    ("severity", "error"),
                    ("message", message.as_ref()),
                    ("source", "copydesk"),
                ])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}
