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
///
/// Bytes are gathered in a small buffer and handed to the hasher in blocks: a serializer
/// writes a quote or a colon at a time, and SipHash's cost per call, not per byte, was most
/// of a cached build's hashing. The hasher sees the same bytes either way (its input is the
/// concatenation of what it is given), so fingerprints are unchanged.
#[derive(Clone)]
pub struct Fingerprint {
    hasher: DefaultHasher,
    buffer: [u8; BUFFER],
    buffered: usize,
}

/// Bytes gathered before they are hashed.
const BUFFER: usize = 256;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint { hasher: DefaultHasher::new(), buffer: [0; BUFFER], buffered: 0 }
    }
}

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        if self.buffered + bytes.len() > BUFFER {
            self.hasher.write(&self.buffer[..self.buffered]);
            self.buffered = 0;
            if bytes.len() > BUFFER {
                self.hasher.write(bytes);
                return;
            }
        }
        self.buffer[self.buffered..self.buffered + bytes.len()].copy_from_slice(bytes);
        self.buffered += bytes.len();
    }

    fn finish(&self) -> u64 {
        let mut hasher = self.hasher.clone();
        hasher.write(&self.buffer[..self.buffered]);
        hasher.finish()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Hasher::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        Hasher::write(self, s.as_bytes());
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
    fn a_fingerprint_depends_on_the_bytes_not_on_how_they_were_cut() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut whole = DefaultHasher::new();
        whole.write(&bytes);
        for cut in [1, 3, 255, 256, 257, 700, 2000] {
            let mut fingerprint = Fingerprint::default();
            bytes.chunks(cut).for_each(|chunk| fingerprint.write(chunk));
            assert_eq!(fingerprint.finish(), whole.finish(), "chunks of {cut}");
        }
        // Uneven cuts: a long write arriving on a partly full buffer.
        let mut fingerprint = Fingerprint::default();
        let mut rest = &bytes[..];
        for cut in [3, 300, 1, 256, 700, 40].into_iter().cycle() {
            let (chunk, after) = rest.split_at(cut.min(rest.len()));
            fingerprint.write(chunk);
            rest = after;
            if rest.is_empty() {
                break;
            }
        }
        assert_eq!(fingerprint.finish(), whole.finish(), "uneven chunks");
    }

    #[test]
    fn a_fingerprint_is_std_default_hasher_so_values_match_earlier_releases() {
        let mut std_hasher = DefaultHasher::new();
        ("abc", [1u8, 2, 3], 7usize).hash(&mut std_hasher);
        assert_eq!(hash_of(&("abc", [1u8, 2, 3], 7usize)), std_hasher.finish());
    }
}
