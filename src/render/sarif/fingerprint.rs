//! `partialFingerprints["copydesk/v1"]`: what lets GitHub code scanning
//! recognise a finding across commits even when lines move.
//!
//! An FNV-1a hash of rule, path, flagged text and how many earlier identical
//! findings the file has. It is written out here because std's hashers are
//! allowed to change between Rust releases, which would reopen every alert
//! after a toolchain update.

/// The key of our fingerprint in `partialFingerprints`; bump the version if the
/// hashed material ever changes, so old and new fingerprints are not compared.
pub(super) const FINGERPRINT_KEY: &str = "copydesk/v1";

/// FNV-1a 64 of the parts, each followed by a NUL so that ("ab", "c") and
/// ("a", "bc") differ; as 16 hex digits.
pub(super) fn fingerprint(rule: &str, uri: &str, text: &str, occurrence: usize) -> String {
    let occurrence = occurrence.to_string();
    let mut hash = FNV_OFFSET_BASIS;
    for part in [rule, uri, text, &occurrence] {
        hash = fnv1a64(hash, part.as_bytes());
        hash = fnv1a64(hash, &[0]);
    }
    format!("{hash:016x}")
}

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues a 64-bit FNV-1a hash over `bytes` (start from [`FNV_OFFSET_BASIS`]).
fn fnv1a64(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_published_test_vectors() {
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(FNV_OFFSET_BASIS, b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprints_hash_nul_separated_parts() {
        assert_eq!(
            fingerprint("r", "a.html", "x", 2),
            format!("{:016x}", fnv1a64(FNV_OFFSET_BASIS, b"r\0a.html\0x\x002\0"))
        );
        assert_ne!(fingerprint("ab", "c", "", 0), fingerprint("a", "bc", "", 0));
        // Pinned: a change here reopens every alert on GitHub; bump FINGERPRINT_KEY.
        assert_eq!(
            fingerprint("repeated-word", "a.html", "the the", 0),
            "114b0ffb3f534010"
        );
    }
}
