//! JUnit XML, the test report format most CI systems show (GitLab, Jenkins,
//! Azure Pipelines, CircleCI):
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="copydesk" tests="2" failures="1" errors="0">
//!   <testsuite name="news/a.html" tests="1" failures="1" errors="0">
//!     <testcase name="repeated-word at 2:9" classname="news/a.html" file="news/a.html" line="2">
//!       <failure message="Word `the` is printed twice" type="repeated-word">news/a.html:2:9: warning[repeated-word]: Word `the` is printed twice</failure>
//!     </testcase>
//!   </testsuite>
//!   ...
//! ```
//!
//! One test suite per file; one failed test case per finding (named after
//! the rule and the position, with the `file` and `line` attributes GitLab
//! and pytest use); a clean file is one passing test case named
//! `copydesk`; a file that could not be read is a test case with an
//! `<error>`. The totals on `<testsuites>` need the whole run, so each
//! file's findings are kept as small records and written by `finish`.

use super::xml::{Finding, xml_safe};
use super::{FileFailure, FileResult, Renderer, sorted_diagnostics, sorted_failure_list};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io::Write;

/// The JUnit renderer.
#[derive(Debug, Default)]
pub struct Junit {
    suites: Vec<Suite>,
}

#[derive(Debug)]
struct Suite {
    path: String,
    findings: Vec<Finding>,
    /// Why the file could not be linted.
    error: Option<String>,
}

impl Renderer for Junit {
    fn file(&mut self, file: &FileResult, _out: &mut dyn Write) -> std::io::Result<()> {
        self.suites.push(Suite {
            path: file.source.display_path(),
            findings: sorted_diagnostics(file)
                .into_iter()
                .map(|d| Finding::new(&file.source, d))
                .collect(),
            error: None,
        });
        Ok(())
    }

    fn finish(&mut self, failures: &[FileFailure], out: &mut dyn Write) -> std::io::Result<()> {
        let mut suites = std::mem::take(&mut self.suites);
        suites.extend(sorted_failure_list(failures).into_iter().map(|f| Suite {
            path: f.path.clone(),
            findings: Vec::new(),
            error: Some(f.message.clone()),
        }));
        let tests: usize = suites.iter().map(Suite::tests).sum();
        let failed: usize = suites.iter().map(|s| s.findings.len()).sum();
        let errors = suites.iter().filter(|s| s.error.is_some()).count();

        let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let (tests, failed, errors) = (tests.to_string(), failed.to_string(), errors.to_string());
        writer
            .create_element("testsuites")
            .with_attributes([
                ("name", "copydesk"),
                ("tests", tests.as_str()),
                ("failures", failed.as_str()),
                ("errors", errors.as_str()),
            ])
            .write_inner_content(|writer| {
                for suite in &suites {
                    write_suite(suite, writer)?;
                }
                Ok(())
            })?;
        out.write_all(b"\n")
    }
}

impl Suite {
    fn tests(&self) -> usize {
        self.findings.len().max(1)
    }
}

fn write_suite<W: Write>(suite: &Suite, writer: &mut Writer<W>) -> std::io::Result<()> {
    let path = xml_safe(&suite.path);
    let path = path.as_ref();
    let tests = suite.tests().to_string();
    let failures = suite.findings.len().to_string();
    let errors = usize::from(suite.error.is_some()).to_string();
    writer
        .create_element("testsuite")
        .with_attributes([
            ("name", path),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", errors.as_str()),
        ])
        .write_inner_content(|writer| {
            if let Some(message) = &suite.error {
                let message = xml_safe(message);
                writer
                    .create_element("testcase")
                    .with_attributes([("name", "copydesk"), ("classname", path), ("file", path)])
                    .write_inner_content(|writer| {
                        writer
                            .create_element("error")
                            .with_attributes([("message", message.as_ref()), ("type", "io")])
                            .write_empty()?;
                        Ok(())
                    })?;
            } else if suite.findings.is_empty() {
                writer
                    .create_element("testcase")
                    .with_attributes([("name", "copydesk"), ("classname", path), ("file", path)])
                    .write_empty()?;
            }
            for finding in &suite.findings {
                write_case(path, finding, writer)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_case<W: Write>(
    path: &str,
    finding: &Finding,
    writer: &mut Writer<W>,
) -> std::io::Result<()> {
    let name = format!("{} at {}:{}", finding.rule, finding.line, finding.column);
    let line = finding.line.to_string();
    let message = xml_safe(&finding.message);
    let text = format!(
        "{path}:{}:{}: {}[{}]: {message}",
        finding.line, finding.column, finding.severity, finding.rule
    );
    writer
        .create_element("testcase")
        .with_attributes([
            ("name", name.as_str()),
            ("classname", path),
            ("file", path),
            ("line", line.as_str()),
        ])
        .write_inner_content(|writer| {
            writer
                .create_element("failure")
                .with_attributes([("message", message.as_ref()), ("type", finding.rule)])
                .write_text_content(BytesText::new(&text))?;
            Ok(())
        })?;
    Ok(())
}
