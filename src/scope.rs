//! The article scope: which part of the page the text rules lint.
//! (Placeholder: the whole body; content selection is being written.)

use crate::document::{Scope, body_or_root};
use crate::html::ParsedHtml;
use rustc_hash::FxHashSet;

/// Chooses the container holding the article and the subtrees inside it that
/// are page furniture. `content` selectors are tried in order; `exclude`
/// selectors mark furniture.
pub fn choose(html: &ParsedHtml, _content: &[String], _exclude: &[String]) -> Scope {
    Scope {
        root: body_or_root(html),
        excluded: FxHashSet::default(),
        reason: "the page body".into(),
    }
}
