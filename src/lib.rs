//! copydesk: a linter for published HTML articles.
//!
//! Data flows one way: file -> [`source`] -> [`html`] (DOM with source
//! positions) -> [`document`] (located text blocks) -> [`rules`] ->
//! [`diagnostic`]s -> filters -> [`render`].

pub mod app;
pub mod attribution;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod glossary;
pub mod html;
pub mod lint;
pub mod render;
pub mod rules;
pub mod scope;
pub mod source;
pub mod suppress;
pub mod text;
