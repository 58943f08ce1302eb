//! Who wrote the article and who made its pictures, found anywhere on the page.
//!
//! Bylines are announced in many places and a page rarely uses only one:
//! `<meta name="author">`, `article:author`, JSON-LD (`author` of an `Article`,
//! `NewsArticle`, `BlogPosting`, ..., also inside `@graph`, as arrays, as nested
//! `Person`/`Organization` objects or as `@id` references), microdata
//! (`itemprop="author"`), `rel="author"` links, links to `/author/` pages,
//! elements whose class or id says *byline* or *author*, and a visible
//! "By NAME" line under the headline. An author named only in a bio box at the
//! end of the article is *not* a byline (a reader meets it after the story),
//! but it is remembered so the finding can name them.
//!
//! Photo credits are looked for around each content image: its caption, a
//! credit element next to it, `data-credit`-style attributes, microdata and
//! JSON-LD `ImageObject`s. What counts as a credit phrase is data
//! (`rules/credits.toml`), extendable per project.
//!
//! Everything here is one linear walk of the DOM (plus bounded look-arounds
//! per image), so it stays fast on huge pages.
//!
//! The files, each one idea: [`page`] walks the page once and gathers what
//! the others find: [`bylines`] (bylines carried by elements), [`by_line`]
//! (the visible "By" line, read in the same walk), [`json_ld`], [`names`]
//! (a name out of byline text) and [`vocabulary`] (what class and id words
//! say); [`element`] reads each element's attributes once for that walk.
//! [`images`] picks the article's images and exempts the decorative ones;
//! [`credits`] says what a credit looks like and finds each image's.
//! [`describe`](mod@describe) prints it all for
//! `copydesk blocks --show-metadata`. Rules reach these through the page
//! facts ([`crate::facts`]), which compute each once per page.

pub mod by_line;
pub mod bylines;
pub mod credits;
pub mod describe;
pub mod element;
pub mod images;
pub mod json_ld;
pub mod names;
pub mod page;
pub mod text;
pub mod vocabulary;

pub use credits::{Credit, CreditExtras, CreditPatternCache, CreditPatterns, image_credit};
pub use describe::describe;
pub use images::{
    ContentImage, DEFAULT_MIN_IMAGE_SIZE, content_images, file_name, image_file_name,
};
pub use json_ld::LinkedImageCredit;
pub use names::clean_name;
pub use page::{Byline, PageMetadata, page_metadata};
pub use text::text_of;
