//! The options the three repeated-content rules share (`duplicate-paragraph`,
//! `near-duplicate-paragraph`, `duplicate-sentence`): which blocks are not
//! prose and so never take part in a repeat. Each rule's options struct has
//! both fields, with the defaults of [`crate::repeats`].

use crate::repeats::Filters;
use crate::rules::options::{OptionKind, OptionSpec};

/// `max-link-density`.
pub const MAX_LINK_DENSITY: OptionSpec = OptionSpec {
    name: "max-link-density",
    kind: OptionKind::FRACTION,
    doc: "Blocks with a larger share of their characters inside links are \
          navigation and never reported.",
};

/// `max-figure-share`.
pub const MAX_FIGURE_SHARE: OptionSpec = OptionSpec {
    name: "max-figure-share",
    kind: OptionKind::FRACTION,
    doc: "Blocks with a larger share of figures among their words are data \
          (a recipe's quantities, a schedule) and never reported.",
};

/// The per-block excuses with these two options.
pub fn filters(max_link_density: f64, max_figure_share: f64) -> Filters {
    Filters {
        max_link_density,
        max_figure_share,
    }
}
