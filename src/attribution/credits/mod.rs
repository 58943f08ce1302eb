//! Photo credits: what a credit looks like ([`patterns`]), the patterns a
//! run uses ([`configured`]) and where an image's credit is found
//! ([`search`]).

pub mod configured;
pub mod patterns;
pub mod search;

pub use configured::CreditPatternCache;
pub use patterns::{CreditExtras, CreditPatterns};
pub use search::{Credit, image_credit};
