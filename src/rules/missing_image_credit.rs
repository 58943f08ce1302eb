//! ## What it does
//! Flags a content image of the article (`img`, including lazy-loaded ones
//! and those inside `picture`, and a `video` poster) that has no credit.
//!
//! A credit is found in the image's caption ("Photo Credit:", "Photo:",
//! "Photograph:", "Image:", "Credit:", "Courtesy of", "©", "(AP
//! Photo/...)", "/ Getty Images", "(NAME / OUTLET)", "via NAME", ...), in
//! any element of the image's figure or of its own caption block (a `cite`,
//! an element whose class, id or itemprop names credit, copyright,
//! photographer or source, a bare "Credit" label before a name), in the
//! element right before or after the image, in a `data-credit`-style
//! attribute or a `data-caption`/`title`/`alt` holding a credit phrase, in a
//! wiki image's link to its `File:` page, or in schema.org markup (microdata
//! or a JSON-LD `ImageObject` with `creditText`, `creator`,
//! `copyrightHolder` or `author`).
//!
//! Only the article's published photos need a credit. Not checked: images
//! outside the article scope or in excluded furniture, lazy-loading
//! placeholders with no real source (blank, spacer, pixel, 1x1, `data:`
//! URIs, ...), images `min_size` pixels or smaller by their `width`/`height`
//! attributes or inline style, presentational or hidden images, icons,
//! avatars, logos, emoji, sprites, badges, tracking pixels, the site
//! theme's pictures, and images that are a link to another page (teasers
//! for other stories, ads, product and profile links; a link to the picture
//! itself, a lightbox or the picture's own media page keeps it a photo).

//! ## Why it matters
//! Publishing a photo without its credit breaks the licence of most agency
//! and freelance pictures, and readers (and rights holders) look for it.
//!
//! ## Example
//! ```html
//! <figure><img src="/uploads/launch.jpg" alt="Launch">
//!   <figcaption>The Soyuz lifts off from Baikonur.</figcaption></figure>
//! ```
//! Flags the `img` start tag: "image launch.jpg has no credit". Adding
//! "Photo Credit: Sean Costello / SpaceFlight Insider" to the caption fixes it.
//!
//! Credit phrases and agencies live in `rules/credits.toml`.
//!
//! ## Options
//! - `min_size` (integer, default 100): images whose `width` or `height`
//!   (attribute or inline style) is this many pixels or less are decorative.
//! - `extra_patterns` (list, default empty): more phrases that introduce a
//!   credit in your captions, e.g. `["Foto:", "Bildnachweis"]`.
//! - `extra_agencies` (list, default empty): more agency names, credited where
//!   a credit stands ("/ Agency", "(Agency)", last words of the caption).
//! - `extra_classes` (list, default empty): more class, id or attribute-name
//!   fragments that mark a credit element, e.g. `["fotograf"]`.

use crate::attribution::{ContentImage, DEFAULT_MIN_IMAGE_SIZE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{OptionKind, OptionSpec, Rule, RuleContext, RuleMeta};

pub struct MissingImageCredit;

static META: RuleMeta = RuleMeta {
    id: "missing-image-credit",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A content image without a photo credit",
    source: include_str!("missing_image_credit.rs"),
    options: &[
        OptionSpec {
            name: "min_size",
            kind: OptionKind::Integer,
            default: "100",
            doc: "Images this many pixels wide or high or less (attribute or inline style) are decorative.",
        },
        OptionSpec {
            name: "extra_patterns",
            kind: OptionKind::StringList,
            default: "[]",
            doc: "More phrases that introduce a credit (case-insensitive).",
        },
        OptionSpec {
            name: "extra_agencies",
            kind: OptionKind::StringList,
            default: "[]",
            doc: "More agency names, credited where a credit stands.",
        },
        OptionSpec {
            name: "extra_classes",
            kind: OptionKind::StringList,
            default: "[]",
            doc: "More class/id/attribute-name fragments marking a credit element.",
        },
    ],
};

impl Rule for MissingImageCredit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let min_size = ctx.u32("min_size", DEFAULT_MIN_IMAGE_SIZE);
        // The credit patterns, this rule's `extra_*` options included, are
        // the run's: the lint run builds them once and the facts hold them.
        let facts = ctx.facts;
        let images = facts.content_images(min_size);
        let needs_credit = |i: &&ContentImage| i.exempt.is_none() && i.teaser.is_none();
        for image in images.iter().filter(needs_credit) {
            if facts.image_credit(image).is_some() {
                continue;
            }
            // Parser-invented elements have no tag; a real `img` always has one.
            let Some(range) = image.tag else { continue };
            out.push(
                Diagnostic::new(
                    META.id,
                    ctx.severity,
                    range,
                    format!("image `{}` has no credit", image.file),
                )
                .with_help(
                    "add a credit to the caption (e.g. \"Photo Credit: NAME / OUTLET\") \
                     or a credit element next to the image",
                ),
            );
        }
    }
}
