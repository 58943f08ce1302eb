//! `max-file-size`: the largest page copydesk reads, and sizes written the
//! way people write them (`"64M"`, `"500 KiB"`, or a number of bytes).
//!
//! A page costs several times its size in memory while it is linted, and a
//! multi-gigabyte "page" is a database dump or a log, not an article. Pages
//! over the limit are refused at once with an error naming the limit, and
//! reading stops at the limit, so even an endless stream costs no more.

/// The default `max-file-size`: 64 MiB, far above any published article
/// (the largest of the 311 corpus pages is under 3 MB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The largest `max-file-size` accepted: source positions are stored in
/// 32 bits, so a page must stay under 4 GiB.
pub const MAX_FILE_SIZE_CAP: u64 = u32::MAX as u64;

/// Parses a size: digits, then optionally `K`, `M` or `G` (any case, with
/// or without a following `B` or `iB`, with or without a space), each 1024
/// times the one before, as ripgrep's `--max-filesize` reads them. Zero is
/// refused: it would skip every page.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let invalid =
        || format!("invalid size `{text}`: expected a number of bytes, or a number and K, M or G");
    let number: u64 = digits.parse().map_err(|_| invalid())?;
    let unit = unit.trim_start().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(invalid()),
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("size `{text}` is too large"))?;
    if bytes == 0 {
        return Err(format!("invalid size `{text}`: must be at least one byte"));
    }
    if bytes > MAX_FILE_SIZE_CAP {
        return Err(format!(
            "size `{text}` is too large: copydesk reads pages under 4 GiB"
        ));
    }
    Ok(bytes)
}

/// A size for messages: "64 MiB (67108864 bytes)", or "1000 bytes".
pub fn describe_size(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit} ({bytes} bytes)", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_with_and_without_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64M"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("64 MiB"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("64mb"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
    }

    #[test]
    fn bad_sizes_say_what_was_expected() {
        assert_eq!(
            parse_size("64 apples").unwrap_err(),
            "invalid size `64 apples`: expected a number of bytes, or a number and K, M or G"
        );
        assert!(parse_size("").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("0").unwrap_err().contains("at least one byte"));
        assert!(
            parse_size("99999999999999999999G")
                .unwrap_err()
                .contains("invalid")
        );
        assert!(
            parse_size("99999999999G")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn sizes_are_described_in_the_largest_exact_unit() {
        assert_eq!(
            describe_size(DEFAULT_MAX_FILE_SIZE),
            "64 MiB (67108864 bytes)"
        );
        assert_eq!(describe_size(1536), "1536 bytes");
        assert_eq!(describe_size(2048), "2 KiB (2048 bytes)");
    }
}
