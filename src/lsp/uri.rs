//! `file:` URIs and paths. Editors name documents by URI, while the
//! configuration is found by walking up from the document's path, and a
//! configuration error points at a file the editor should be able to open.
//! Only what LSP clients send is handled: `file://` with an empty or
//! `localhost` authority and a percent-encoded path.

use std::path::{Path, PathBuf};

/// The path a `file:` URI names, or `None` for other schemes (`untitled:`)
/// and for URIs that name no local file.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let scheme_end = uri.find(':')?;
    if !uri[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = uri[scheme_end + 1..].strip_prefix("//")?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    if !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    bytes_to_path(percent_decode(path)?)
}

/// A `file://` URI for an absolute path.
pub fn from_path(path: &Path) -> Option<String> {
    if !path.is_absolute() {
        return None;
    }
    let bytes = path_bytes(path)?;
    let mut uri = String::from("file://");
    if bytes.first() != Some(&b'/') {
        // `C:/x` on Windows: the URI path is `/C:/x`.
        uri.push('/');
    }
    for &byte in bytes.iter() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Some(uri)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/x` names `C:/x`.
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => text[1..].to_owned(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
    // Bytes that are not UTF-8 are percent-encoded like any other.
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes().into())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
    Some(path.to_str()?.replace('\\', "/").into_bytes().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_uri_round_trips_through_a_path_with_spaces_and_accents() {
        let path = Path::new("/home/ed/Artículos y notas/page #1.html");
        let uri = from_path(path).expect("absolute path");
        assert_eq!(
            uri,
            "file:///home/ed/Art%C3%ADculos%20y%20notas/page%20%231.html"
        );
        assert_eq!(to_path(&uri).as_deref(), Some(path));
    }

    #[cfg(unix)]
    #[test]
    fn localhost_authority_and_uppercase_scheme_are_local_files() {
        assert_eq!(
            to_path("FILE://localhost/tmp/a%2Fb.html"),
            Some(PathBuf::from("/tmp/a/b.html"))
        );
    }

    #[test]
    fn other_schemes_and_remote_hosts_name_no_file() {
        assert_eq!(to_path("untitled:Untitled-1"), None);
        assert_eq!(to_path("file://server/share/page.html"), None);
        assert_eq!(to_path("file:///bad%zzescape.html"), None);
        assert_eq!(from_path(Path::new("relative/page.html")), None);
    }
}
