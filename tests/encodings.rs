//! Property tests of decoding and fixing in every kind of encoding: random
//! text (with, at times, malformed or stray bytes between characters) in
//! stateless single- and multi-byte encodings, UTF-16 and the stateful
//! ISO-2022-JP.
//!
//! Decoding: the text is what encoding_rs decodes, and every character's
//! stored range holds its own bytes and no escape or stray byte before it.
//! Fixing: a random edit applied with `apply_safe_fixes` gives bytes that
//! decode to exactly the old text with the edit, and every byte outside the
//! edited characters (and, in ISO-2022-JP, the escape sequences next to
//! them) is unchanged; an edit that cannot be written is refused, never
//! half-applied.

use copydesk::diagnostic::{Diagnostic, Fix, Severity};
use copydesk::fix::apply_safe_fixes;
use copydesk::source::{SourceFile, TextRange, iso_2022_jp_state_after};
use encoding_rs::Encoding;
use proptest::prelude::*;

/// The encodings tested, with characters each can hold.
fn encodings() -> Vec<(&'static Encoding, Vec<&'static str>)> {
    let ascii = ["word", "Soyuz", ",", ", ", "a", " ", "\n", "\\", "~"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        ascii.iter().chain(extra).copied().collect()
    };
    let japanese = [
        "日本",
        "東京",
        "カタカナ",
        "ひらがな",
        "語",
        "、",
        "。",
        "ー",
    ];
    vec![
        (encoding_rs::UTF_8, with(&["é", "東京", "😀", "’"])),
        (encoding_rs::UTF_16LE, with(&["é", "東京", "😀", "’"])),
        (encoding_rs::UTF_16BE, with(&["é", "東京", "😀", "’"])),
        (encoding_rs::WINDOWS_1252, with(&["é", "’", "“", "€", "ß"])),
        (encoding_rs::WINDOWS_1251, with(&["Привет", "ё", "—"])),
        (encoding_rs::KOI8_R, with(&["Привет", "ё"])),
        (encoding_rs::SHIFT_JIS, with(&japanese)),
        (encoding_rs::EUC_JP, with(&japanese)),
        (
            encoding_rs::ISO_2022_JP,
            with(&japanese).into_iter().chain(["¥"]).collect(),
        ),
        (encoding_rs::GBK, with(&["中文", "汉字", "测试"])),
        (encoding_rs::GB18030, with(&["中文", "汉字", "€", "😀"])),
        (encoding_rs::BIG5, with(&["中文", "繁體", "字"])),
        (encoding_rs::EUC_KR, with(&["한국어", "글"])),
    ]
}

/// Bytes that are malformed, or stray, in some encodings.
const STRAY: &[&[u8]] = &[
    b"\xe2\x82",
    b"\x80",
    b"\xff",
    b"\x82",
    b"\x1b",
    b"\x1b(B",
    b"\x1b$B",
    b"\x1b(I\x31\x32",
    b"\x1b(J",
    b"\xd8\x3d",
    b"\x8e",
    b"\xa4",
];

/// A page in `encoding`: a declaration, then pieces of encoded text and,
/// if `stray`, stray bytes between them (an ISO-2022-JP run is closed with
/// an escape back to ASCII, so a stray escape sequence may follow it back
/// to back, which decoders must treat as an error).
fn page_bytes(encoding: &'static Encoding, pieces: &[(String, Option<usize>)]) -> Vec<u8> {
    let head = format!("<meta charset=\"{}\"><p>", encoding.name());
    let mut bytes = encode(encoding, &head);
    if encoding == encoding_rs::UTF_16LE {
        bytes.splice(0..0, [0xFF, 0xFE]);
    } else if encoding == encoding_rs::UTF_16BE {
        bytes.splice(0..0, [0xFE, 0xFF]);
    }
    // Text between stray bytes is encoded in one go.
    let mut run = String::new();
    for (text, stray) in pieces {
        run.push_str(text);
        if let Some(i) = stray {
            bytes.extend(encode(encoding, &run));
            run.clear();
            bytes.extend_from_slice(STRAY[*i % STRAY.len()]);
        }
    }
    bytes.extend(encode(encoding, &run));
    bytes
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    if encoding == encoding_rs::UTF_16LE {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    } else if encoding == encoding_rs::UTF_16BE {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    } else {
        encoding.encode(text).0.into_owned()
    }
}

/// What a lone character's stored bytes decode to. In ISO-2022-JP, the
/// bytes are read in the state the escape sequences before them set.
fn decode_alone(encoding: &'static Encoding, before: &[u8], bytes: &[u8]) -> String {
    if encoding == encoding_rs::ISO_2022_JP {
        let mut with_state = iso_2022_jp_state_after(before).escape().to_vec();
        with_state.extend_from_slice(bytes);
        return encoding
            .decode_without_bom_handling(&with_state)
            .0
            .into_owned();
    }
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

type Case = (usize, Vec<(String, Option<usize>)>);

/// An encoding (by index) and the pieces of a page in it.
fn case(stray: bool) -> impl Strategy<Value = Case> {
    let count = encodings().len();
    (0..count).prop_flat_map(move |index| {
        let pool = encodings()[index].1.clone();
        let piece = (
            prop::collection::vec(prop::sample::select(pool), 1..4).prop_map(|w| w.concat()),
            if stray {
                prop::option::weighted(0.4, 0..STRAY.len()).boxed()
            } else {
                Just(None).boxed()
            },
        );
        (Just(index), prop::collection::vec(piece, 1..12))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    #[test]
    fn every_character_maps_to_its_own_bytes((index, pieces) in case(true)) {
        let (encoding, _) = encodings()[index];
        let bytes = page_bytes(encoding, &pieces);
        let source = SourceFile::from_bytes("p.html".into(), bytes.clone()).unwrap();
        prop_assert_eq!(source.encoding, encoding);
        let bom = if source.encoding == encoding_rs::UTF_8 { 0 } else { Encoding::for_bom(&bytes).map_or(0, |(_, n)| n) };
        let expected = encoding.decode_without_bom_handling(&bytes[bom..]).0;
        prop_assert_eq!(&source.text, &expected);
        let mut last_end = bom;
        for (offset, ch) in source.text.char_indices() {
            let range = TextRange::new(offset, offset + ch.len_utf8());
            let (start, end) = source.stored_range(range);
            prop_assert!(last_end <= start && start < end && end <= bytes.len(),
                "{ch:?} at {offset} stored at {start}..{end} after {last_end}");
            last_end = end;
            let own = &bytes[start..end];
            if encoding == encoding_rs::ISO_2022_JP && ch != '\u{FFFD}' {
                prop_assert!(!own.starts_with(b"\x1b"), "{ch:?} at {offset} includes an escape: {own:?}");
            }
            // Characters of a malformed sequence decode to U+FFFD on their own.
            let alone = decode_alone(encoding, &bytes[..start], own);
            prop_assert_eq!(alone.chars().next(), Some(ch), "{:?} at {} stored as {:?}", ch, offset, own);
        }
    }

    #[test]
    fn random_bytes_decode_as_encoding_rs_does(
        index in 0..encodings().len(),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let (encoding, _) = encodings()[index];
        let mut bytes = page_bytes(encoding, &[]);
        bytes.extend_from_slice(&body);
        let Ok(source) = SourceFile::from_bytes("p.html".into(), bytes.clone()) else {
            return Ok(()); // NUL bytes: not a text file.
        };
        let bom = Encoding::for_bom(&bytes).map_or(0, |(_, n)| n);
        prop_assert_eq!(&source.text, &source.encoding.decode_without_bom_handling(&bytes[bom..]).0);
        let mut last_end = bom;
        for (offset, ch) in source.text.char_indices() {
            let (start, end) = source.stored_range(TextRange::new(offset, offset + ch.len_utf8()));
            prop_assert!(last_end <= start && start <= end && end <= bytes.len(),
                "{ch:?} at {offset} stored at {start}..{end} after {last_end}");
            last_end = end;
            if source.encoding != encoding_rs::ISO_2022_JP && start < end {
                let alone = decode_alone(source.encoding, &bytes[..start], &bytes[start..end]);
                // (A few Big5 sequences decode to two characters.)
                prop_assert!(alone.contains(ch), "{:?} at {} stored as {:?}", ch, offset, &bytes[start..end]);
            }
        }
    }

    #[test]
    fn a_fix_changes_only_its_own_characters(
        (index, pieces) in case(false),
        at in any::<prop::sample::Index>(),
        len in 0usize..6,
        replacement in any::<prop::sample::Index>(),
    ) {
        check_fix(index, &pieces, at, len, replacement, true)?;
    }

    #[test]
    fn a_fix_next_to_stray_bytes_is_exact_or_refused(
        (index, pieces) in case(true),
        at in any::<prop::sample::Index>(),
        len in 0usize..6,
        replacement in any::<prop::sample::Index>(),
    ) {
        check_fix(index, &pieces, at, len, replacement, false)?;
    }
}

/// Applies one random edit after the page's head and checks the result.
/// `must_apply`: a replacement the encoding can hold must be applied.
fn check_fix(
    index: usize,
    pieces: &[(String, Option<usize>)],
    at: prop::sample::Index,
    len: usize,
    replacement: prop::sample::Index,
    must_apply: bool,
) -> Result<(), TestCaseError> {
    let (encoding, pool) = encodings()[index].clone();
    let bytes = page_bytes(encoding, pieces);
    let source = SourceFile::from_bytes("p.html".into(), bytes.clone()).unwrap();
    let body = source.text.find("<p>").unwrap() + 3;
    let boundaries: Vec<usize> = source.text[body..]
        .char_indices()
        .map(|(i, _)| body + i)
        .chain([source.text.len()])
        .collect();
    let first = at.index(boundaries.len());
    let last = (first + len).min(boundaries.len() - 1);
    let range = TextRange::new(boundaries[first], boundaries[last]);
    // Sometimes a character the encoding cannot hold.
    let mut replacements = pool.clone();
    replacements.extend(["", "’", "😀"]);
    let replacement = replacements[replacement.index(replacements.len())];
    let diagnostic =
        Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, replacement));
    let expected = format!(
        "{}{}{}",
        &source.text[..range.start],
        replacement,
        &source.text[range.end..]
    );
    let applied = apply_safe_fixes(&source, std::slice::from_ref(&diagnostic));
    let Some(applied) = applied.filter(|a| a.count > 0) else {
        let holdable = !encoding.encode(replacement).2
            || encoding == encoding_rs::UTF_16LE
            || encoding == encoding_rs::UTF_16BE;
        prop_assert!(
            !(must_apply && holdable),
            "{} could not write {:?} over {:?}",
            encoding.name(),
            replacement,
            source.slice(range)
        );
        return Ok(());
    };
    prop_assert_eq!(applied.count, 1);
    let fixed = SourceFile::from_bytes("p.html".into(), applied.bytes.clone()).unwrap();
    prop_assert_eq!(&fixed.text, &expected, "{}", encoding.name());
    // Bytes before the first edited character and after the last are kept
    // (ISO-2022-JP: up to the escape sequences next to them).
    let keep_before = source.stored_end_offset(range.start);
    let keep_after = bytes.len() - source.stored_offset(range.end);
    prop_assert_eq!(&applied.bytes[..keep_before], &bytes[..keep_before]);
    prop_assert_eq!(
        &applied.bytes[applied.bytes.len() - keep_after..],
        &bytes[bytes.len() - keep_after..]
    );
    Ok(())
}

#[test]
fn iso_2022_jp_fix_after_kanji_keeps_the_escape_back_to_ascii() {
    let bytes = b"<meta charset=\"iso-2022-jp\"><p>Tokyo \x1b$BF|K\\\x1b(B,, the crew</p>".to_vec();
    let source = SourceFile::from_bytes("jp.html".into(), bytes.clone()).unwrap();
    let at = source.text.find(",,").unwrap();
    let (start, end) = source.stored_range(TextRange::new(at, at + 2));
    assert_eq!(&bytes[start..end], b",,");
    let range = TextRange::new(at, at + 2);
    let d = Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, ","));
    let applied = apply_safe_fixes(&source, &[d]).unwrap();
    assert_eq!(
        applied.bytes,
        b"<meta charset=\"iso-2022-jp\"><p>Tokyo \x1b$BF|K\\\x1b(B, the crew</p>"
    );
}

#[test]
fn iso_2022_jp_ascii_fix_between_kanji_switches_state_both_ways() {
    // "日本word東京": replacing "word" must leave the kanji on both sides intact.
    let bytes = b"<meta charset=iso-2022-jp><p>\x1b$BF|K\\\x1b(Bword\x1b$BEl5~\x1b(B</p>".to_vec();
    let source = SourceFile::from_bytes("jp.html".into(), bytes).unwrap();
    let at = source.text.find("word").unwrap();
    let range = TextRange::new(at, at + 4);
    let d = Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, "語"));
    let applied = apply_safe_fixes(&source, &[d]).unwrap();
    assert_eq!(applied.count, 1);
    let fixed = SourceFile::from_bytes("jp.html".into(), applied.bytes.clone()).unwrap();
    assert_eq!(fixed.text, "<meta charset=iso-2022-jp><p>日本語東京</p>");
}

#[test]
fn truncated_utf8_before_a_word_stays_outside_the_word() {
    let bytes = b"<meta charset=utf-8><p>a \xe2\x82Soyug-FG,, x</p>".to_vec();
    let source = SourceFile::from_bytes("u.html".into(), bytes.clone()).unwrap();
    let at = source.text.find("Soyug").unwrap();
    let (start, end) = source.stored_range(TextRange::new(at, at + 8));
    assert_eq!(&bytes[start..end], b"Soyug-FG");
    let range = TextRange::new(at, at + 8);
    let d =
        Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, "Soyuz-FG"));
    let applied = apply_safe_fixes(&source, &[d]).unwrap();
    assert_eq!(
        applied.bytes,
        b"<meta charset=utf-8><p>a \xe2\x82Soyuz-FG,, x</p>"
    );
}

#[test]
fn unwritable_replacement_is_refused_with_a_message() {
    let bytes = b"<meta charset=koi8-r><p>it is here</p>".to_vec();
    let source = SourceFile::from_bytes("k.html".into(), bytes).unwrap();
    let at = source.text.find(" is").unwrap();
    let range = TextRange::new(at, at + 1);
    let d = Diagnostic::new("typography", Severity::Warning, range, "m")
        .with_fix(Fix::safe(range, "\u{2019}"));
    let applied = apply_safe_fixes(&source, &[d]).unwrap();
    assert_eq!(applied.count, 0);
    assert_eq!(applied.bytes, source.bytes());
    assert_eq!(applied.refused.len(), 1);
    let message = &applied.refused[0];
    assert!(message.starts_with("k.html:1:"), "{message}");
    assert!(
        message.contains("typography") && message.contains("KOI8-R"),
        "{message}"
    );
}

/// A page that declares no encoding, in `encoding`.
fn undeclared(encoding: &'static Encoding, body: &str) -> Vec<u8> {
    let page = format!(
        "<html><head><title>t</title></head><body><article><p>{body}</p></article></body></html>"
    );
    let (bytes, _, unmappable) = encoding.encode(&page);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn undeclared_legacy_pages_are_decoded_in_the_encoding_they_are_in() {
    let cases = [
        (
            encoding_rs::SHIFT_JIS,
            "東京の宇宙センターで、乗組員は予定どおりハッチを閉じた。天気は晴れで、風も弱かった。",
        ),
        (
            encoding_rs::EUC_KR,
            "우주 비행사들은 예정대로 해치를 닫았다. 날씨는 맑았고 바람도 약했다.",
        ),
        (
            encoding_rs::GBK,
            "宇航员们按计划关闭了舱门。天气晴朗，风也很小，发射准时进行。",
        ),
        (
            encoding_rs::WINDOWS_1251,
            "Экипаж помахал рукой, и люк закрылся точно по расписанию. Погода была ясной.",
        ),
        (
            encoding_rs::WINDOWS_1252,
            "L'équipage a salué, et l'écoutille s'est fermée à l'heure prévue. Très beau temps.",
        ),
    ];
    for (encoding, body) in cases {
        let source = SourceFile::from_bytes("u.html".into(), undeclared(encoding, body)).unwrap();
        assert_eq!(source.encoding, encoding, "{body}");
        assert!(
            source.text.contains(body),
            "{}: {}",
            encoding.name(),
            source.text
        );
    }
}

#[test]
fn undeclared_utf8_stays_utf8_and_a_declaration_wins_over_the_guess() {
    let body = "東京の宇宙センターで、乗組員は予定どおりハッチを閉じた。";
    let source =
        SourceFile::from_bytes("u.html".into(), undeclared(encoding_rs::UTF_8, body)).unwrap();
    assert_eq!(source.encoding, encoding_rs::UTF_8);
    assert!(source.is_stored_as_text());
    // Shift_JIS bytes labelled windows-1251 are read as windows-1251.
    let mut bytes = b"<meta charset=windows-1251>".to_vec();
    bytes.extend(undeclared(encoding_rs::SHIFT_JIS, body));
    let source = SourceFile::from_bytes("u.html".into(), bytes).unwrap();
    assert_eq!(source.encoding, encoding_rs::WINDOWS_1251);
}

#[test]
fn a_fix_on_an_undeclared_shift_jis_page_round_trips() {
    let body = "東京の宇宙センターで、乗組員は予定どおりハッチを閉じた,, 天気は晴れだった。";
    let bytes = undeclared(encoding_rs::SHIFT_JIS, body);
    let source = SourceFile::from_bytes("u.html".into(), bytes).unwrap();
    assert_eq!(source.encoding, encoding_rs::SHIFT_JIS);
    let at = source.text.find(",,").unwrap();
    let range = TextRange::new(at, at + 2);
    let d = Diagnostic::new("t", Severity::Warning, range, "m").with_fix(Fix::safe(range, "、"));
    let applied = apply_safe_fixes(&source, &[d]).unwrap();
    assert_eq!(applied.count, 1, "{:?}", applied.refused);
    assert_eq!(
        applied.bytes,
        undeclared(encoding_rs::SHIFT_JIS, &body.replace(",,", "、"))
    );
}
