//! The account `copydesk blocks --show-metadata` prints: the byline and
//! image credits copydesk found on the page, and where.

use crate::attribution::credits::{CreditPatterns, image_credit};
use crate::attribution::images::{DEFAULT_MIN_IMAGE_SIZE, content_images};
use crate::attribution::page::page_metadata;
use crate::document::Document;
use crate::source::TextRange;
use std::fmt::Write as _;

/// A human-readable account of the byline and image credits copydesk found
/// on the page and where, for `copydesk blocks --show-metadata`. Credits are
/// recognised with `patterns`, the run's configured ones, so the account
/// agrees with what the credit rules see.
pub fn describe(doc: &Document, patterns: &CreditPatterns) -> String {
    let metadata = page_metadata(doc);
    let at = |range: Option<TextRange>| match range {
        Some(r) => {
            let lc = doc.source.line_column(r.start);
            format!(" at {}:{}", lc.line, lc.column)
        }
        None => String::new(),
    };
    let mut out = String::new();
    match (&metadata.article, &metadata.not_article) {
        (Some(why), _) => {
            let _ = writeln!(out, "article: yes ({why})");
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "article: no ({why})");
        }
        (None, None) => {
            let _ = writeln!(out, "article: no");
        }
    }
    if metadata.bylines.is_empty() {
        let _ = writeln!(out, "byline: none found");
    }
    for byline in &metadata.bylines {
        let _ = writeln!(
            out,
            "byline: {} ({}{})",
            byline.name,
            byline.source,
            at(byline.range)
        );
    }
    for bio in &metadata.bio_authors {
        let _ = writeln!(out, "bio: {} ({}{})", bio.name, bio.source, at(bio.range));
    }
    for image in content_images(doc, DEFAULT_MIN_IMAGE_SIZE) {
        let where_ = at(image.tag);
        if let Some(why) = image.exempt.as_ref().or(image.teaser.as_ref()) {
            let _ = writeln!(out, "image: {}{where_}: exempt, {why}", image.file);
        } else if let Some(credit) = image_credit(doc, &image, patterns, &metadata) {
            let _ = writeln!(
                out,
                "image: {}{where_}: credit \"{}\" ({})",
                image.file, credit.text, credit.source
            );
        } else {
            let _ = writeln!(out, "image: {}{where_}: no credit found", image.file);
        }
    }
    out
}
