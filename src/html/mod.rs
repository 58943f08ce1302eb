//! HTML -> DOM with source positions.

/// A parsed page with positions (being written).
pub struct ParsedHtml {
    pub dom: scraper::Html,
}
