//! DOM -> Document: located text blocks, the unit the text rules see.

use crate::html::ParsedHtml;
use crate::source::{SourceFile, TextRange};
use ego_tree::NodeId;

/// What kind of element a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Caption,
    ListItem,
    Quote,
    Cell,
    Other,
}

/// A paragraph-like run of text with a map back to the source.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The element the block came from.
    pub node: NodeId,
    /// Flattened text: entities decoded, inline markup removed, whitespace collapsed.
    pub text: String,
    /// CSS-selector-like path of the element, e.g. `body > article > p:nth-of-type(3)`.
    pub selector: String,
    /// For every byte of `text`, the source range of the character it belongs to.
    map: Vec<TextRange>,
}

impl Block {
    /// Source range of a byte range of the block text.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        if self.map.is_empty() {
            return TextRange::default();
        }
        let start = start.min(self.map.len() - 1);
        if end <= start {
            return TextRange::empty(self.map[start].start);
        }
        let last = (end - 1).min(self.map.len() - 1);
        TextRange::new(
            self.map[start].start,
            self.map[last].end.max(self.map[start].start),
        )
    }
    /// Source range of the whole text.
    pub fn range(&self) -> TextRange {
        self.source_range(0, self.text.len())
    }
}

/// A parsed page: the DOM with positions and its text blocks.
pub struct Document<'src> {
    pub source: &'src SourceFile,
    pub html: ParsedHtml,
    pub blocks: Vec<Block>,
}
