//! The checkstyle and JUnit outputs, read back with an XML parser: they
//! are well-formed (also when messages and file names hold markup and
//! control characters) and carry path, line, column, rule and message.

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// An element: its name, attributes and text.
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    /// Names of the enclosing elements, outermost first.
    parents: Vec<String>,
}

/// Every element of `xml`, in document order; panics on malformed XML.
fn parse(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<usize> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!("malformed XML at {}: {e}\n{xml}", reader.buffer_position())
        });
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let attributes = start
                    .attributes()
                    .map(|a| {
                        let a = a.expect("a well-formed attribute");
                        let value = a
                            .normalized_value(XmlVersion::Explicit1_0)
                            .expect("an escaped value")
                            .into_owned();
                        (a.key.as_ref().to_owned(), value)
                    })
                    .collect();
                let parents = stack.iter().map(|&i| elements[i].name.clone()).collect();
                elements.push(Element {
                    name: start.name().as_ref().to_owned(),
                    attributes,
                    text: String::new(),
                    parents,
                });
                if !empty {
                    stack.push(elements.len() - 1);
                }
            }
            Event::Text(text) => {
                if let Some(&open) = stack.last() {
                    elements[open]
                        .text
                        .push_str(&text.xml_content(XmlVersion::Explicit1_0));
                }
            }
            // Since quick-xml 0.38 references in text come as their own events.
            Event::GeneralRef(reference) => {
                let character = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match &*reference {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    },
                };
                if let Some(&open) = stack.last() {
                    elements[open].text.push(character);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements");
    elements
}

fn check(format: &str, paths: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--output-format", format])
        .args(paths)
        .output()
        .expect("copydesk runs");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn attr<'a>(element: &'a Element, name: &str) -> &'a str {
    element
        .attributes
        .get(name)
        .unwrap_or_else(|| panic!("{} has no {name}: {element:?}", element.name))
}

#[test]
fn checkstyle_carries_path_line_column_rule_and_message() {
    let xml = check(
        "checkstyle",
        &["fixtures/seed/article.html", "fixtures/edge/binary.html"],
    );
    let elements = parse(&xml);
    assert_eq!(elements[0].name, "checkstyle");
    let files: Vec<&Element> = elements.iter().filter(|e| e.name == "file").collect();
    assert_eq!(
        files.iter().map(|f| attr(f, "name")).collect::<Vec<_>>(),
        ["fixtures/seed/article.html", "fixtures/edge/binary.html"]
    );
    let errors: Vec<&Element> = elements.iter().filter(|e| e.name == "error").collect();
    assert_eq!(errors.len(), 8);
    let soyug = errors
        .iter()
        .find(|e| attr(e, "message").contains("Soyug-FG"))
        .expect("the Soyug-FG finding");
    assert_eq!(attr(soyug, "line"), "86");
    assert_eq!(attr(soyug, "column"), "279");
    assert_eq!(attr(soyug, "source"), "glossary-spelling");
    assert_eq!(attr(soyug, "severity"), "warning");
    let duplicate = errors
        .iter()
        .find(|e| attr(e, "source") == "near-duplicate-paragraph")
        .expect("the duplicate");
    // Quotes in messages survive escaping.
    assert!(attr(duplicate, "message").contains("\"was\" here"));
    let unreadable = errors.last().expect("the failure");
    assert_eq!(attr(unreadable, "source"), "copydesk");
    assert!(attr(unreadable, "message").contains("NUL"));
    assert!(!unreadable.attributes.contains_key("line"));
}

#[test]
fn junit_carries_path_line_column_rule_and_message() {
    let xml = check(
        "junit",
        &["fixtures/seed/article.html", "fixtures/edge/binary.html"],
    );
    let elements = parse(&xml);
    let root = &elements[0];
    assert_eq!(root.name, "testsuites");
    assert_eq!(attr(root, "tests"), "8");
    assert_eq!(attr(root, "failures"), "7");
    assert_eq!(attr(root, "errors"), "1");
    let cases: Vec<&Element> = elements.iter().filter(|e| e.name == "testcase").collect();
    let soyug = cases
        .iter()
        .find(|c| attr(c, "name") == "glossary-spelling at 86:279")
        .expect("the Soyug-FG case");
    assert_eq!(attr(soyug, "classname"), "fixtures/seed/article.html");
    assert_eq!(attr(soyug, "file"), "fixtures/seed/article.html");
    assert_eq!(attr(soyug, "line"), "86");
    let failures: Vec<&Element> = elements.iter().filter(|e| e.name == "failure").collect();
    assert_eq!(failures.len(), 7);
    let failure = failures
        .iter()
        .find(|f| attr(f, "message").contains("Soyug-FG"))
        .expect("its failure");
    assert_eq!(attr(failure, "type"), "glossary-spelling");
    assert!(
        failure.text.starts_with(
            "fixtures/seed/article.html:86:279: warning[glossary-spelling]: `Soyug-FG`"
        )
    );
    let error = elements
        .iter()
        .find(|e| e.name == "error")
        .expect("the failure");
    assert_eq!(error.parents, ["testsuites", "testsuite", "testcase"]);
    assert!(attr(error, "message").contains("NUL"));
}

#[test]
fn hostile_file_names_and_control_characters_stay_well_formed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "a&b <c> \"d\" \u{1}.html";
    let page = dir.path().join(name);
    std::fs::write(
        &page,
        "<html><body><article><p class=\"byline\">By Ann Lee</p>\
         <p>The the \u{b}tide &lt;/error&gt; came in ]]&gt; late.</p></article></body></html>",
    )
    .expect("page written");
    let path = page.to_str().expect("UTF-8 path");
    for format in ["checkstyle", "junit"] {
        let xml = check(format, &[path]);
        let elements = parse(&xml);
        let named = elements
            .iter()
            .flat_map(|e| e.attributes.values())
            .any(|v| v.ends_with("a&b <c> \"d\" \u{FFFD}.html"));
        assert!(named, "{format}: the file name is not carried: {xml}");
        assert!(
            elements
                .iter()
                .any(|e| e.name == "failure" || e.name == "error"),
            "{format}: {xml}"
        );
    }
    assert!(Path::new(path).exists());
}
