//! ## What it does
//! Flags a content image of the article that has no `alt` attribute at all
//! (nor another accessible name: `aria-label`, `aria-labelledby`).
//!
//! Only images a reader sees as part of the article are checked: the same
//! images `missing-image-credit` looks at (inside the article scope, not
//! placeholders, icons, avatars, logos, emoji, tracking pixels or images of
//! at most `min-size` pixels). Unlike credits, an image that is a link to
//! another page is checked: its `alt` is the link's only name for a screen
//! reader. An empty `alt=""` is a deliberate choice and is not flagged.
//!
//! ## Why it matters
//! Screen readers announce an image without `alt` by its file name
//! ("soyuz underscore ms underscore 09 dot jpg"); search engines and readers
//! on slow connections get nothing.
//!
//! ## Example
//! ```html
//! <figure><img src="/uploads/launch.jpg"><figcaption>...</figcaption></figure>
//! ```
//! Flags the `img` start tag: "image launch.jpg has no alt text".
//!
//! ## Options

use crate::attribution::DEFAULT_MIN_IMAGE_SIZE;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{
    FixAvailability, OptionKind, OptionSpec, OptionsSchema, Rule, RuleContext, RuleMeta,
    RuleOptions,
};
use serde::{Deserialize, Serialize};

pub struct MissingAltText;

static META: RuleMeta = RuleMeta {
    id: "missing-alt-text",
    default_severity: Severity::Info,
    enabled_by_default: true,
    summary: "A content image without an alt attribute",
    fix: FixAvailability::None,
    source: include_str!("missing_alt_text.rs"),
    options: OptionsSchema::of::<MissingAltTextOptions>(),
};

/// `[rules.missing-alt-text]` options (documented by their specs below).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct MissingAltTextOptions {
    pub min_size: u32,
}

impl Default for MissingAltTextOptions {
    fn default() -> Self {
        MissingAltTextOptions {
            min_size: DEFAULT_MIN_IMAGE_SIZE,
        }
    }
}

impl RuleOptions for MissingAltTextOptions {
    const SPECS: &'static [OptionSpec] = &[OptionSpec {
        name: "min-size",
        kind: OptionKind::PIXELS,
        doc: "Images whose `width` or `height` (attribute or inline style) is this many \
              pixels or less are decorative.",
    }];
}

impl Rule for MissingAltText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let min_size = ctx.options::<MissingAltTextOptions>().min_size;
        for image in ctx.facts.content_images(min_size).iter() {
            if image.has_alt || image.exempt.is_some() || image.is_video {
                continue;
            }
            let Some(range) = image.tag else { continue };
            out.push(
                Diagnostic::new(
                    META.id,
                    ctx.severity,
                    range,
                    format!("image `{}` has no alt text", image.file),
                )
                .with_help(
                    "describe the picture in an `alt` attribute (alt=\"\" if it is decorative)",
                ),
            );
        }
    }
}
