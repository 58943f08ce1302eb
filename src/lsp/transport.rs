//! JSON-RPC framing over a byte stream: `Content-Length` headers, then the
//! message. Reading is done here rather than by `lsp-server`'s own stdio
//! transport so that a message whose JSON is malformed is skipped (its
//! bytes were framed correctly, so the stream can go on) instead of ending
//! the session, and so that writes go through the caller's writer (the
//! command's locked standard output) on the server's own thread.

use lsp_server::Message;
use std::io::{self, BufRead, Write};

/// Larger messages are refused: a wrong header must not make the server
/// allocate gigabytes. A 300 KB page is a 300 KB message; this leaves room
/// for pages a hundred times that size.
const MAX_MESSAGE_BYTES: usize = 256 << 20;

/// Why a message could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The stream failed or the framing is broken: nothing more can be read.
    #[error("cannot read from the client: {0}")]
    Stream(#[from] io::Error),
    #[error("bad message header: {0}")]
    Header(String),
    /// The body was read whole but is not a JSON-RPC message: the next
    /// message can still be read.
    #[error("malformed message skipped: {0}")]
    Json(#[from] serde_json::Error),
}

impl ReadError {
    /// Whether reading can continue after this error.
    pub fn is_recoverable(&self) -> bool {
        matches!(self, ReadError::Json(_))
    }
}

/// Reads one message; `None` at the end of the stream.
pub fn read_message(input: &mut impl BufRead) -> Result<Option<Message>, ReadError> {
    let mut length = None;
    let mut line = String::new();
    let mut first = true;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return if first {
                Ok(None)
            } else {
                Err(ReadError::Header("stream ended inside the headers".into()))
            };
        }
        first = false;
        // The protocol says CRLF; a bare LF is accepted, as most servers do.
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| ReadError::Header(format!("`{header}`")))?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let parsed = value
                .parse::<usize>()
                .map_err(|_| ReadError::Header(format!("Content-Length `{value}`")))?;
            length = Some(parsed);
        }
    }
    let length = length.ok_or_else(|| ReadError::Header("no Content-Length".into()))?;
    if length > MAX_MESSAGE_BYTES {
        return Err(ReadError::Header(format!(
            "Content-Length {length} is over the {MAX_MESSAGE_BYTES}-byte limit"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(serde_json::from_slice(&body)?))
}

/// Writes one message and flushes it.
pub fn write_message(out: &mut dyn Write, message: Message) -> io::Result<()> {
    message.write(&mut &mut *out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_json_is_skipped_and_the_next_message_still_read() {
        let stream = framed("{not json") + &framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = stream.as_bytes();
        let error = read_message(&mut input).expect_err("malformed");
        assert!(error.is_recoverable());
        match read_message(&mut input) {
            Ok(Some(Message::Notification(n))) => assert_eq!(n.method, "exit"),
            other => panic!("expected the exit notification, got {other:?}"),
        }
        assert!(matches!(read_message(&mut input), Ok(None)));
    }

    #[test]
    fn broken_headers_end_the_stream() {
        for stream in [
            "Content-Length: x\r\n\r\n{}",
            "Content-Type: json\r\n\r\n{}",
            "Content-Length: 99999999999\r\n\r\n",
            "Content-Length: 10\r\n",
        ] {
            let error = read_message(&mut stream.as_bytes()).expect_err(stream);
            assert!(!error.is_recoverable(), "{stream:?}: {error}");
        }
    }

    #[test]
    fn written_messages_read_back() {
        let mut out = Vec::new();
        let note = lsp_server::Notification::new("initialized".into(), serde_json::json!({}));
        write_message(&mut out, note.into()).expect("write");
        let text = String::from_utf8(out.clone()).expect("utf-8");
        assert!(text.starts_with("Content-Length: "), "{text}");
        match read_message(&mut out.as_slice()) {
            Ok(Some(Message::Notification(n))) => assert_eq!(n.method, "initialized"),
            other => panic!("{other:?}"),
        }
    }
}
