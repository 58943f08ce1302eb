//! The documents the editor has open: their text as the editor holds it,
//! the path their settings come from, and the lint of their current
//! version. A change only marks a document stale; the server lints once it
//! has read every message already waiting, so a burst of keystrokes costs
//! one lint, and a code action request lints first if it has to.

use super::analysis::{Linted, lint_buffer};
use super::convert;
use super::settings::SettingsCache;
use crate::source::SourceFile;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::collections::HashMap;
use std::path::PathBuf;

/// One open document.
#[derive(Debug)]
pub struct OpenDocument {
    pub version: i32,
    pub text: String,
    /// The file whose settings apply: the document's own file, or for an
    /// unsaved `untitled:` buffer a name in the workspace folder, so that
    /// the project's `copydesk.toml` still applies.
    pub path: PathBuf,
    /// The lint of `text`, once done.
    pub linted: Option<Linted>,
    /// Whether the client has been sent the current lint.
    pub published: bool,
}

/// Open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, OpenDocument>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, version: i32, text: String, path: PathBuf) {
        let document = OpenDocument {
            version,
            text,
            path,
            linted: None,
            published: false,
        };
        self.open.insert(uri, document);
    }

    /// Applies the changes of one `didChange`, in order. Whole-text changes
    /// are what the server asks for; ranged ones are applied too, for a
    /// client that sends them anyway. Returns false for an unknown document.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(document) = self.open.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let current =
                        SourceFile::from_text(document.path.clone(), document.text.as_str());
                    let start = convert::offset(&current, range.start);
                    let end = convert::offset(&current, range.end).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = version;
        document.linted = None;
        document.published = false;
        true
    }

    /// Marks a document for linting again (it was saved: the settings
    /// files next to it may have changed too).
    pub fn touch(&mut self, uri: &Uri) {
        if let Some(document) = self.open.get_mut(uri) {
            document.linted = None;
            document.published = false;
        }
    }

    /// Marks every document for linting again.
    pub fn touch_all(&mut self) {
        for document in self.open.values_mut() {
            document.linted = None;
            document.published = false;
        }
    }

    /// Forgets a document; returns whether it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.open.remove(uri).is_some()
    }

    /// A document, linted if it was not.
    pub fn linted(&mut self, uri: &Uri, settings: &mut SettingsCache) -> Option<&OpenDocument> {
        let document = self.open.get_mut(uri)?;
        if document.linted.is_none() {
            document.linted = Some(lint_buffer(uri, &document.path, &document.text, settings));
        }
        Some(document)
    }

    /// Documents whose current lint the client has not been sent.
    pub fn unpublished(&self) -> Vec<Uri> {
        let mut uris: Vec<Uri> = self
            .open
            .iter()
            .filter(|(_, document)| !document.published)
            .map(|(uri, _)| uri.clone())
            .collect();
        uris.sort();
        uris
    }

    pub fn mark_published(&mut self, uri: &Uri) {
        if let Some(document) = self.open.get_mut(uri) {
            document.published = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn ranged_changes_apply_in_utf16_positions() {
        let uri: Uri = "untitled:Untitled-1".parse().expect("uri");
        let mut documents = Documents::default();
        documents.open(uri.clone(), 1, "<p>🚀 Soyug</p>\n".into(), "u.html".into());
        let change = |range, text: &str| TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: text.to_owned(),
        };
        // "Soyug" starts at UTF-16 column 6 (🚀 counts two).
        let typo = Range::new(Position::new(0, 6), Position::new(0, 11));
        assert!(documents.change(&uri, 2, vec![change(typo, "Soyuz")]));
        let document = documents.open.get(&uri).expect("open");
        assert_eq!(document.text, "<p>🚀 Soyuz</p>\n");
        assert_eq!(document.version, 2);
        assert!(!documents.change(&"untitled:other".parse().expect("uri"), 2, Vec::new()));
    }
}
