//! copydesk: a linter for published HTML articles.
//!
//! Data flows one way: file -> [`source`] -> [`html`] (DOM with source
//! positions) -> [`scope`] (the article) -> [`document`] (located text
//! blocks) -> [`facts`] (what several rules need about the page: bylines,
//! images and credits from [`attribution`], glossary matches) -> [`rules`]
//! -> [`diagnostic`]s -> filters -> [`fix_loop`] / [`render`] ->
//! [`commands`] (which find and read the files through [`inputs`]).

pub mod attribution;
pub mod baseline;
pub mod block_map;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod facts;
pub mod fix;
pub mod fix_loop;
pub mod glossary;
pub mod html;
pub mod inputs;
pub mod lint;
pub mod lsp;
pub mod position_check;
pub mod progress;
pub mod render;
pub mod repeats;
pub mod rules;
pub mod scope;
pub mod source;
pub mod suppress;
pub mod text;
