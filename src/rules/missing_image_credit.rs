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
//! URIs, ...), images `min-size` pixels or smaller by their `width`/`height`
//! attributes or inline style, presentational or hidden images, icons,
//! avatars, logos, emoji, sprites, badges, tracking pixels, the site
//! theme's pictures, and images that are a link to another page (teasers
//! for other stories, ads, product and profile links; a link to the picture
//! itself, a lightbox or the picture's own media page keeps it a photo).
//!
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

use crate::attribution::{ContentImage, DEFAULT_MIN_IMAGE_SIZE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

pub struct MissingImageCredit;

static META: RuleMeta = RuleMeta {
    id: "missing-image-credit",
    default_severity: Severity::Warning,
    enabled_by_default: true,
    summary: "A content image without a photo credit",
    fix: FixAvailability::None,
    source: include_str!("missing_image_credit.rs"),
    options: OptionsSchema::of::<MissingImageCreditOptions>(),
};

/// `[rules.missing-image-credit]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct MissingImageCreditOptions {
    pub min_size: u32,
    pub extra_patterns: Vec<String>,
    pub extra_agencies: Vec<String>,
    pub extra_classes: Vec<String>,
}

impl Default for MissingImageCreditOptions {
    fn default() -> Self {
        MissingImageCreditOptions {
            min_size: DEFAULT_MIN_IMAGE_SIZE,
            extra_patterns: Vec::new(),
            extra_agencies: Vec::new(),
            extra_classes: Vec::new(),
        }
    }
}

impl RuleOptions for MissingImageCreditOptions {
    const SPECS: &'static [OptionSpec] = &[
        OptionSpec {
            name: "min-size",
            kind: OptionKind::PIXELS,
            doc: "Images whose `width` or `height` (attribute or inline style) is this \
                  many pixels or less are decorative.",
        },
        OptionSpec {
            name: "extra-patterns",
            kind: OptionKind::StringList,
            doc: "More phrases that introduce a credit in your captions \
                  (case-insensitive), e.g. `[\"Foto:\", \"Bildnachweis\"]`.",
        },
        OptionSpec {
            name: "extra-agencies",
            kind: OptionKind::StringList,
            doc: "More agency names, credited where a credit stands (\"/ Agency\", \
                  \"(Agency)\", last words of the caption).",
        },
        OptionSpec {
            name: "extra-classes",
            kind: OptionKind::StringList,
            doc: "More class, id or attribute-name fragments that mark a credit \
                  element, e.g. `[\"fotograf\"]`.",
        },
    ];
}

impl Rule for MissingImageCredit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let min_size = ctx.options::<MissingImageCreditOptions>().min_size;
        // The credit patterns, this rule's `extra-*` options included, are
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
