//! `copydesk lsp`: a language server over standard input and output, so
//! that an editor shows copydesk's findings in the HTML source as it is
//! typed, with quick fixes, instead of someone running `check` and reading
//! `line:col` against the source by hand.
//!
//! What it supports:
//!
//! - diagnostics on open, on every change (whole-document sync) and on
//!   save, linted from the editor's buffer, not the file on disk: severity,
//!   the rule id as `code` with a link to its documentation
//!   (`codeDescription`, [`convert::RULE_DOC_BASE`]), related spans ("first
//!   printed here") as `relatedInformation`, `source: "copydesk"`, and
//!   positions in UTF-16 code units;
//! - code actions: each fix as a quick fix (safe fixes preferred, unsafe
//!   ones offered), and "disable RULE for this element", which inserts the
//!   `copydesk-disable-next` comment [`crate::suppress`] understands;
//! - settings from `copydesk.toml` found exactly as `check` finds them, read
//!   again when a configuration or glossary file changes.
//!
//! Built on `lsp-server` (message types, as in rust-analyzer) and
//! `lsp-types`: synchronous, no async runtime.
//!
//! Modules, in the order a message meets them: `transport` (framing),
//! `server` (the loop and lifecycle), `documents` (open buffers),
//! `settings` (configuration cache), `analysis` (one lint),
//! [`convert`] (positions and diagnostics), `actions` and `disable` (code
//! actions), [`uri`] (`file:` URIs).

mod actions;
mod analysis;
pub mod convert;
mod disable;
mod documents;
mod server;
mod settings;
mod transport;
pub mod uri;

pub use server::{Ending, ServeError, serve};
