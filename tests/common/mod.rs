//! Access to the real-page corpus in `../shared/corpus` for tests.
//!
//! On a user's machine the corpus is absent and corpus tests skip, saying so.
//! CI sets `COPYDESK_REQUIRE_CORPUS=1`, which turns that absence into a failure.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};

/// The corpus folder, or `None` (after printing why) when it is absent and
/// not required.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("COPYDESK_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!(
            "COPYDESK_REQUIRE_CORPUS=1 but {} does not exist",
            dir.display()
        );
    }
    eprintln!("skipped: ../shared/corpus not found");
    None
}

/// Decompresses a `.gz` file.
pub fn gunzip(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

/// Every corpus page as (name, bytes): the 181 AEB pages and the 130
/// Readability pages.
pub fn corpus_pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut pages = Vec::new();
    let mut aeb: Vec<PathBuf> = std::fs::read_dir(dir.join("aeb/html"))
        .expect("aeb/html")
        .flatten()
        .map(|e| e.path())
        .collect();
    aeb.sort();
    for path in aeb {
        let name = format!("aeb/{}", path.file_name().unwrap().to_string_lossy());
        pages.push((name, gunzip(&path)));
    }
    let mut readability: Vec<PathBuf> = std::fs::read_dir(dir.join("readability"))
        .expect("readability")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("source.html.gz").is_file())
        .collect();
    readability.sort();
    for path in readability {
        let name = format!(
            "readability/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        pages.push((name, gunzip(&path.join("source.html.gz"))));
    }
    pages
}

/// Every fourth corpus page with every LF made a CR LF, as a page saved on
/// Windows would be (corpus pages have no CR). An LF byte is never part of
/// a multi-byte character in any encoding the corpus uses.
pub fn windows_line_end_pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let with_crlf = |bytes: Vec<u8>| {
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
        for b in bytes {
            if b == b'\n' {
                out.push(b'\r');
            }
            out.push(b);
        }
        out
    };
    corpus_pages(dir)
        .into_iter()
        .step_by(4)
        .map(|(name, bytes)| (name, with_crlf(bytes)))
        .collect()
}
