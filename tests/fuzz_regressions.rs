//! Inputs the fuzz targets in `fuzz/` once failed on, kept as regression
//! tests, and the `html_blocks` invariant run over every edge-case fixture:
//! every character of every block maps back to source text that prints as
//! it, and to stored bytes that decode to that text.

use copydesk::document::Document;
use copydesk::position_check::check_positions;
use copydesk::source::SourceFile;
use std::path::{Path, PathBuf};

/// The `html_blocks` fuzz target's invariant, for one page.
fn assert_positions_exact(path: &Path) {
    let bytes = std::fs::read(path).expect("read fixture");
    let Ok(source) = SourceFile::from_bytes(path.to_path_buf(), bytes) else {
        return;
    };
    let Ok(doc) = Document::parse(&source) else {
        return;
    };
    if doc.html.approximate_text_bytes > 0 {
        return;
    }
    let report = check_positions(&doc, 10);
    assert!(report.wrong.is_empty(), "{}", report.wrong.join("\n"));
}

fn html_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_crashes_of_html_blocks_stay_fixed() {
    let files = html_files("fixtures/fuzz/html_blocks");
    assert!(!files.is_empty());
    for file in files {
        assert_positions_exact(&file);
    }
}

#[test]
fn every_edge_fixture_maps_each_character_back_to_its_bytes() {
    let files = html_files("fixtures/edge");
    assert!(files.len() > 5);
    for file in files {
        assert_positions_exact(&file);
    }
}

/// Runs `copydesk check --fix` on `path` and returns the file afterwards.
fn fixed_once(path: &Path) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--fix", "--quiet"])
        .arg(path)
        .output()
        .expect("run copydesk");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{}: {:?}",
        path.display(),
        out
    );
    std::fs::read(path).expect("read fixed page")
}

/// `fix_round_trip` found pages that `--fix` did not finish: a run of sixty
/// semicolons lost one mark per pass. Fixing a fixed page changes nothing.
#[test]
fn fix_round_trip_crashes_are_fixed_in_one_run() {
    let files = html_files("fixtures/fuzz/fix_round_trip");
    assert!(!files.is_empty());
    for file in files {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("page.html");
        std::fs::copy(&file, &page).expect("copy fixture");
        let original = std::fs::read(&page).expect("read");
        let once = fixed_once(&page);
        assert_ne!(once, original, "{}: nothing was fixed", file.display());
        let twice = fixed_once(&page);
        assert_eq!(
            String::from_utf8_lossy(&twice),
            String::from_utf8_lossy(&once),
            "{}: fixing the fixed page changed it again",
            file.display()
        );
    }
}
