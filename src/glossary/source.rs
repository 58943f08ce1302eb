//! Where a glossary comes from: a pack shipped with copydesk or a file.
//!
//! Here rather than in the configuration, which names glossaries, so that
//! loading them does not depend on the configuration (the configuration
//! depends on this).

use std::fmt;
use std::path::PathBuf;

/// A glossary to load: one shipped with copydesk, or a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GlossarySource {
    /// `builtin:NAME`; the name is checked by the glossary loader.
    Builtin(String),
    /// An absolute path, checked to exist when the configuration was read.
    File(PathBuf),
}

impl fmt::Display for GlossarySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlossarySource::Builtin(name) => write!(f, "builtin:{name}"),
            GlossarySource::File(path) => write!(f, "{}", path.display()),
        }
    }
}
