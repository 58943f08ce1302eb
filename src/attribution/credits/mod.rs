//! Photo credits: what a credit looks like ([`patterns`]) and where an
//! image's credit is found ([`search`]).

pub mod patterns;
pub mod search;

pub use patterns::CreditPatterns;
pub use search::{Credit, image_credit};
