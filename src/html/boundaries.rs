//! Token boundaries: a token sink between html5ever's tokenizer and its tree
//! builder that knows where in the page each token came from.
//!
//! html5ever reports no byte offsets. But the page is fed as one buffer, and
//! the tokenizer consumes its input queue from the front: when it emits a
//! token, everything before the front of the queue has been read. So a token
//! ends where the queue now starts, and begins where the previous token ended.
//! This sink sees every token on its way to the tree builder, works out that
//! range and hands it to the tree sink ([`super::sink`]), which attributes to it
//! whatever the tree builder creates or appends while processing the token.
//!
//! This leans on html5ever internals: the queue holds what is left of our one
//! buffer, and what the tokenizer pushes back in front of it (the unmatched
//! tail of a character reference) is raw text it took from that buffer. So
//! html5ever is pinned to one exact version in Cargo.toml, and the tests below
//! fail loudly if the ranges stop being exact.

use super::names::NameCache;
use super::plain_tokens::{self, Plain, PlainTag};
use super::sink::{LocatingSink, Recording};
use super::{ParseError, max_parse_work};
use ego_tree::NodeId;
use html5ever::TokenizerResult;
use html5ever::interface::TreeSink;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use scraper::Html;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

/// Parses `page` (a file's text after any byte order mark, which starts
/// `origin` bytes into the file) into scraper's DOM, recording positions as
/// offsets into the file's text.
pub fn parse(page: &str, origin: u32) -> (Html, Recording) {
    let tokenizer = tokenize(page, origin);
    tokenizer.sink.builder.sink.finish()
}

/// Runs the tokenizer and tree builder over `page`.
fn tokenize(page: &str, origin: u32) -> Tokenizer<BoundarySink> {
    // As `scraper::Html::parse_document`: scripting on (`<noscript>` content
    // is raw text), except that the caller strips the byte order mark: the
    // tokenizer would drop a U+FEFF at the start of every `feed`, and it is
    // fed again after each `</script>`.
    let builder = TreeBuilder::new(LocatingSink::new(page.len()), TreeBuilderOpts::default());
    let whole = StrTendril::from_slice(page);
    let base = if page.len() > 8 {
        whole.as_ptr() as usize
    } else {
        usize::MAX
    };
    let sink = BoundarySink {
        base,
        whole: whole.clone(),
        origin,
        builder,
        queue: BufferQueue::default(),
        last_end: Cell::new(0),
        scratch: RefCell::new(Vec::new()),
        stopped: Cell::new(false),
        work: Cell::new(0),
        work_limit: max_parse_work(page.len()),
        slow_measures: Cell::new(0),
        plain_tag: RefCell::new(PlainTag::default()),
        names: RefCell::new(NameCache::default()),
        #[cfg(test)]
        ranges: RefCell::new(Vec::new()),
        #[cfg(test)]
        plain_read: Cell::new(0),
    };
    sink.queue.push_back(whole);
    let tokenizer = Tokenizer::new(
        sink,
        TokenizerOpts {
            discard_bom: false,
            ..TokenizerOpts::default()
        },
    );
    // `feed` returns early after a `</script>` (a browser would run it) and
    // when the sink refuses the tree (too deep, too many invented elements).
    while !tokenizer.sink.stopped.get() {
        if let TokenizerResult::Done = tokenizer.feed(&tokenizer.sink.queue) {
            break;
        }
    }
    if !tokenizer.sink.stopped.get() {
        tokenizer.end();
    }
    tokenizer
}

/// Markup the tokenizer reads and drops without a token of its own: an end
/// tag with no name, and the brackets of a CDATA section (in SVG or MathML).
pub const DROPPED_MARKUP: [&[u8]; 3] = [b"</>", b"<![CDATA[", b"]]>"];

/// The length of the [`DROPPED_MARKUP`] at the start of `window`.
fn dropped_len(window: &[u8]) -> usize {
    let mut len = 0;
    while let Some(markup) = DROPPED_MARKUP.iter().find(|m| window[len..].starts_with(m)) {
        len += markup.len();
    }
    len
}

/// The name of the element whose raw text body may be skipped, if `token`
/// opens one: a `<style>`, or a `<script>` other than JSON-LD, the one kind
/// of script whose text page facts read. Every reader of the tree passes
/// over script and style elements (they are never text), so their bodies
/// are not needed. Whether the tokenizer really reads a raw text body next
/// is the tree builder's to say (not in SVG, say): see
/// [`BoundarySink::skip_raw_text`].
fn skippable_body(token: &Token) -> Option<LocalName> {
    let Token::TagToken(Tag {
        kind: TagKind::StartTag,
        name,
        attrs,
        ..
    }) = token
    else {
        return None;
    };
    match *name {
        local_name!("style") => Some(name.clone()),
        local_name!("script") => {
            // As the page facts read it: the first `type` attribute.
            let json_ld = attrs
                .iter()
                .find(|a| a.name.local == local_name!("type"))
                .is_some_and(|a| a.value.trim().eq_ignore_ascii_case("application/ld+json"));
            (!json_ld).then(|| name.clone())
        }
        _ => None,
    }
}

/// The length of a raw text body at the start of `rest`, up to its end tag
/// `</name` followed by whitespace, `/` or `>` in any case; `None` if the
/// page ends first.
fn raw_text_len(rest: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&rest[from..], b"</") {
        let at = from + found;
        let after = at + 2 + name.len();
        if rest
            .get(at + 2..after)
            .is_some_and(|written| written.eq_ignore_ascii_case(name))
            && matches!(
                rest.get(after),
                Some(b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
            )
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The token sink: the tree builder, the input queue it is fed from, and
/// where the previous token ended.
struct BoundarySink {
    builder: TreeBuilder<NodeId, LocatingSink>,
    queue: BufferQueue,
    /// The text fed, as one buffer (the tokenizer's copy of the page, which
    /// is what is in the cache).
    whole: StrTendril,
    /// Where the text fed starts in the file's text.
    origin: u32,
    /// The address of the buffer the queue's slices point into (`usize::MAX`
    /// for a page of 8 bytes or fewer, which a tendril keeps inline).
    base: usize,
    last_end: Cell<u32>,
    /// Reused when the queue has to be taken apart to be measured.
    scratch: RefCell<Vec<StrTendril>>,
    /// Set once the tree is refused: tokens are no longer built into it.
    stopped: Cell<bool>,
    /// The parser's work so far: the depth of its stack at each token.
    work: Cell<usize>,
    work_limit: usize,
    /// How often the queue had to be taken apart to be measured.
    slow_measures: Cell<usize>,
    /// Reused by [`Self::read_plain`].
    plain_tag: RefCell<PlainTag>,
    names: RefCell<NameCache>,
    /// Every token's range, for the tests.
    #[cfg(test)]
    ranges: RefCell<Vec<(u32, u32)>>,
    /// How many tokens were read as plain markup, for the tests.
    #[cfg(test)]
    plain_read: Cell<usize>,
}

impl BoundarySink {
    /// How many bytes of the text fed the tokenizer has consumed.
    fn consumed(&self) -> u32 {
        let len = self.whole.len();
        let remaining = match self.queue.peek_front_chunk_mut() {
            None => 0,
            Some(front) => {
                // Usually the front of the queue is what is left of the page:
                // a slice ending where the page ends.
                let at = front.as_ptr() as usize;
                if at >= self.base && at + front.len() == self.base + len {
                    return (at - self.base) as u32;
                }
                drop(front);
                self.remaining_slow()
            }
        };
        len.saturating_sub(remaining) as u32
    }

    /// The length of everything in the queue: what is left of the page (a
    /// copy once 8 bytes or fewer are left) and what the tokenizer put back.
    fn remaining_slow(&self) -> usize {
        self.slow_measures.set(self.slow_measures.get() + 1);
        let mut scratch = self.scratch.borrow_mut();
        while let Some(buffer) = self.queue.pop_front() {
            scratch.push(buffer);
        }
        let remaining = scratch.iter().map(|b| b.len()).sum();
        for buffer in scratch.drain(..) {
            self.queue.push_back(buffer);
        }
        remaining
    }

    /// Where the text token `text`, read from `start` with the queue now at
    /// `end`, really ends. The tokenizer sometimes reads past a token before
    /// emitting it and then reconsumes what it read as the next tokens (`<`
    /// then a space; `</p` in a `<textarea>`, which turns out to be text):
    /// the text then starts the window, after any input dropped without a
    /// token (`</>`, the LF of a CRLF), and what follows it belongs to the
    /// next token. A decoded reference never starts its own source, except
    /// `&` itself (`&amp;`), which is never emitted after reading ahead.
    fn read_ahead(&self, start: u32, end: u32, text: &str) -> u32 {
        // Nearly always the text fills its window.
        if (end - start) as usize <= text.len() {
            return end;
        }
        let window = self
            .whole
            .as_bytes()
            .get(start as usize..end as usize)
            .unwrap_or_default();
        if text == "&" {
            return end;
        }
        // The LF of a CRLF whose CR ended the previous token is always
        // dropped; markup is dropped in most states, and is text in some.
        let (lf, skip) = self.dropped_before(start, window);
        for skip in [skip, lf] {
            let rest = &window[skip..];
            if rest.starts_with(text.as_bytes()) {
                return if rest.len() > text.len() {
                    start + (skip + text.len()) as u32
                } else {
                    end
                };
            }
        }
        end
    }

    /// Where the start tag `name` whose token spans `start..end` begins: its
    /// `<`, after any input dropped without a token of its own (`</>`, the
    /// LF of a CRLF).
    fn tag_start(&self, start: u32, end: u32, name: &str) -> u32 {
        let window = self
            .whole
            .as_bytes()
            .get(start as usize..end as usize)
            .unwrap_or_default();
        // Nearly always the token is the tag and nothing else.
        if window.first() == Some(&b'<') && window.get(1).is_some_and(u8::is_ascii_alphabetic) {
            return start;
        }
        let (_, skip) = self.dropped_before(start, window);
        if window.get(skip) == Some(&b'<') {
            return start + skip as u32;
        }
        // Not seen on any page: look for the tag by its name.
        let name = name.as_bytes();
        let mut from = 0;
        while let Some(found) = memchr::memchr(b'<', window.get(from..).unwrap_or_default()) {
            let at = from + found;
            if window
                .get(at + 1..at + 1 + name.len())
                .is_some_and(|written| written.eq_ignore_ascii_case(name))
            {
                return start + at as u32;
            }
            from = at + 1;
        }
        start
    }

    /// The input at the start of the window of a token from `start` that
    /// the tokenizer dropped without a token: the length of the LF of a CRLF
    /// whose CR ended the previous token, and that plus [`DROPPED_MARKUP`].
    fn dropped_before(&self, start: u32, window: &[u8]) -> (usize, usize) {
        let after_cr = start > 0 && self.whole.as_bytes().get(start as usize - 1) == Some(&b'\r');
        let lf = usize::from(after_cr && window.first() == Some(&b'\n'));
        (lf, lf + dropped_len(&window[lf..]))
    }

    /// Takes the body of the script or style element just opened out of the
    /// tokenizer's input, so that it reads the end tag next. Nothing reads
    /// these bodies (see [`skippable_body`]), and they are half the bytes of
    /// a typical news page, which the tokenizer would otherwise turn into
    /// text character by character. The body ends where the tokenizer would
    /// end it: at the first `</name` followed by whitespace, `/` or `>`, in
    /// any case. A script holding `<!--` is left alone: there the tokenizer
    /// can enter its escaped states, in which `</script>` may not end it.
    /// So is a body that runs to the end of the page, and any queue that is
    /// not simply the rest of the page.
    fn skip_raw_text(&self, name: &LocalName, kind: RawKind) {
        let Some(from) = self.front_offset() else {
            return;
        };
        let rest = &self.whole.as_bytes()[from..];
        let Some(body) = raw_text_len(rest, name.as_bytes()) else {
            return;
        };
        if kind == RawKind::ScriptData && memchr::memmem::find(&rest[..body], b"<!--").is_some() {
            return;
        }
        // The body ends before `<`, an ASCII byte: a character boundary.
        if self.take_front(body) {
            let end = (from + body) as u32;
            #[cfg(test)]
            self.ranges.borrow_mut().push((from as u32, end));
            self.last_end.set(end);
        }
    }

    /// Where the front of the queue is in the page, if the queue is simply
    /// the rest of the page (nothing put back in front of it).
    fn front_offset(&self) -> Option<usize> {
        let front = self.queue.peek_front_chunk_mut()?;
        let at = front.as_ptr() as usize;
        (at >= self.base && at + front.len() == self.base + self.whole.len())
            .then(|| at - self.base)
    }

    /// Takes `len` bytes off the front of the queue, ending at a character
    /// boundary short of the end of the front buffer.
    fn take_front(&self, len: usize) -> bool {
        let Some(mut front) = self.queue.peek_front_chunk_mut() else {
            return false;
        };
        len < front.len() && front.try_pop_front(len as u32).is_ok()
    }

    /// Counts the previous token's work; true once the tree is refused.
    fn refused(&self) -> bool {
        let sink = &self.builder.sink;
        // Checked before each token, not after it, so that the tree
        // builder's result is returned as is: copying it out costs a stall
        // on every token.
        let work = self.work.get() + sink.last_depth() as usize;
        self.work.set(work);
        if work > self.work_limit {
            sink.refuse(ParseError::TooMuchWork(work));
        }
        sink.refused().is_some()
    }

    /// Tells the tree sink which source the token about to be processed
    /// came from.
    fn begin(&self, token: &Token, start: u32, end: u32) {
        self.last_end.set(end);
        #[cfg(test)]
        self.ranges.borrow_mut().push((start, end));
        let sink = &self.builder.sink;
        match token {
            Token::CharacterTokens(_) | Token::NullCharacterToken => {
                sink.begin_text(self.origin + start, self.origin + end)
            }
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let tag_start = self.tag_start(start, end, &tag.name);
                sink.begin_start_tag(tag.name.clone(), self.origin + tag_start, self.origin + end)
            }
            _ => sink.begin_other(self.origin + start, self.origin + end),
        }
    }

    /// Reads plain markup ([`plain_tokens`]) at the front of the queue
    /// and hands its tokens to the tree builder, until something the
    /// tokenizer must read. Called after a tag, when the tokenizer is in its
    /// data state; returns what to tell the tokenizer about that tag.
    fn read_plain(&self, line_number: u64) -> TokenSinkResult<NodeId> {
        let mut tag = self.plain_tag.borrow_mut();
        loop {
            let Some(from) = self.front_offset() else {
                return TokenSinkResult::Continue;
            };
            let (token, end) = match plain_tokens::scan(self.whole.as_bytes(), from, &mut tag) {
                Plain::Stop => return TokenSinkResult::Continue,
                Plain::Text { end, decode } => match self.text(from, end, decode) {
                    Some(text) => (Token::CharacterTokens(text), end),
                    None => return TokenSinkResult::Continue,
                },
                Plain::Tag(end) => match self.plain_tag_token(&tag) {
                    Some(tag) => (Token::TagToken(tag), end),
                    None => return TokenSinkResult::Continue,
                },
            };
            if !self.take_front(end - from) {
                return TokenSinkResult::Continue;
            }
            if self.refused() {
                self.stopped.set(true);
                return self.stop(true);
            }
            self.begin(&token, from as u32, end as u32);
            #[cfg(test)]
            self.plain_read.set(self.plain_read.get() + 1);
            let result = self.builder.process_token(token, line_number);
            if !matches!(result, TokenSinkResult::Continue) {
                return result;
            }
        }
    }

    /// The page from `start` to `end`, sharing its buffer, or if it holds
    /// references or CRs (`decode`), decoded.
    fn text(&self, start: usize, end: usize, decode: bool) -> Option<StrTendril> {
        if decode {
            let raw = self.whole.get(start..end)?;
            return Some(StrTendril::from(plain_tokens::decode_plain(raw)));
        }
        self.whole
            .try_subtendril(start as u32, (end - start) as u32)
            .ok()
    }

    /// The tag token the tokenizer would emit for `tag`, or `None` for a tag
    /// after which it could leave its data state (raw text follows
    /// `<title>` or `<script>`, say): those it reads itself.
    fn plain_tag_token(&self, tag: &PlainTag) -> Option<Tag> {
        let page = self.whole.as_bytes();
        let mut names = self.names.borrow_mut();
        let name = names.get(&page[tag.name.0..tag.name.1])?;
        if matches!(
            name,
            local_name!("script")
                | local_name!("style")
                | local_name!("title")
                | local_name!("textarea")
                | local_name!("xmp")
                | local_name!("iframe")
                | local_name!("noembed")
                | local_name!("noframes")
                | local_name!("noscript")
                | local_name!("plaintext")
        ) {
            return None;
        }
        let mut attrs: Vec<Attribute> = Vec::with_capacity(tag.attrs.len());
        let mut had_duplicate_attributes = false;
        // The names so far, once there are many: html5ever's tokenizer
        // compares each name with all before it, quadratic in a tag.
        let mut seen: Option<HashSet<LocalName>> = None;
        for attr in &tag.attrs {
            let local = names.get(&page[attr.name.0..attr.name.1])?;
            // The tokenizer keeps the first of two attributes of one name.
            let duplicate = if attrs.len() < 16 {
                attrs.iter().any(|a| a.name.local == local)
            } else {
                let seen = seen
                    .get_or_insert_with(|| attrs.iter().map(|a| a.name.local.clone()).collect());
                !seen.insert(local.clone())
            };
            if duplicate {
                had_duplicate_attributes = true;
                continue;
            }
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), local),
                value: self.text(attr.value.0, attr.value.1, attr.decode)?,
            });
        }
        Some(Tag {
            kind: if tag.end_tag {
                TagKind::EndTag
            } else {
                TagKind::StartTag
            },
            name,
            self_closing: tag.self_closing,
            attrs,
            had_duplicate_attributes,
        })
    }

    /// What to tell the tokenizer once the tree is refused: a tag token may
    /// pretend to be a script end, which makes `feed` return at once; any
    /// other token must let it continue (until the next tag).
    fn stop(&self, is_tag: bool) -> TokenSinkResult<NodeId> {
        if is_tag {
            TokenSinkResult::Script(self.builder.sink.get_document())
        } else {
            TokenSinkResult::Continue
        }
    }
}

impl TokenSink for BoundarySink {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        let is_tag = matches!(token, Token::TagToken(_));
        if self.stopped.get() {
            return self.stop(is_tag);
        }
        // Errors are reported mid-token: they mark no boundary.
        if let Token::ParseError(_) = token {
            return self.builder.process_token(token, line_number);
        }
        if self.refused() {
            self.stopped.set(true);
            return self.stop(is_tag);
        }
        let start = self.last_end.get();
        let mut end = self.consumed().max(start);
        if let Token::CharacterTokens(text) = &token {
            end = self.read_ahead(start, end, text);
        }
        self.begin(&token, start, end);
        let skippable = skippable_body(&token);
        let result = self.builder.process_token(token, line_number);
        match result {
            TokenSinkResult::RawData(kind @ (RawKind::ScriptData | RawKind::Rawtext)) => {
                if let Some(name) = skippable {
                    self.skip_raw_text(&name, kind);
                }
                result
            }
            // After a tag the tokenizer is in its data state.
            TokenSinkResult::Continue if is_tag => self.read_plain(line_number),
            _ => result,
        }
    }

    fn end(&self) {
        self.builder.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
#[path = "boundaries_tests.rs"]
mod tests;
