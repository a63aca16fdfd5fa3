//! Fingerprints: 64-bit hashes that tell whether something changed (cache keys, ETags,
//! theme identities). They use std's `DefaultHasher` with its fixed keys, so a value has the
//! same fingerprint in every process built by the same compiler; only the build cache writes
//! some to disk, with the identity of the compile that made them (src/build_cache.rs).

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of one value.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut fingerprint = Fingerprint::default();
    value.hash(&mut fingerprint);
    fingerprint.finish()
}

/// A fingerprint built up piece by piece: values are hashed into it (`Hash`), serialized into
/// it (`io::Write`) or formatted into it (`fmt::Write`, for types that only have `Debug`).
#[derive(Default, Clone)]
pub struct Fingerprint(DefaultHasher);

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_have_equal_fingerprints_and_different_ones_differ() {
        assert_eq!(hash_of("abc"), hash_of(&String::from("abc")));
        assert_ne!(hash_of("abc"), hash_of("abd"));
    }

    #[test]
    fn a_tuple_fingerprints_like_its_parts_hashed_in_order() {
        let mut fingerprint = Fingerprint::default();
        "base".hash(&mut fingerprint);
        "text".hash(&mut fingerprint);
        assert_eq!(hash_of(&("base", "text")), fingerprint.finish());
    }

    #[test]
    fn a_fingerprint_is_std_default_hasher_so_values_match_earlier_releases() {
        let mut std_hasher = DefaultHasher::new();
        ("abc", [1u8, 2, 3], 7usize).hash(&mut std_hasher);
        assert_eq!(hash_of(&("abc", [1u8, 2, 3], 7usize)), std_hasher.finish());
    }
}
