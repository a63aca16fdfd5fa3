//! Gives the program an identity, `PROSPECTUS_BUILD_ID`: a hash of its sources, its theme,
//! its locked dependencies and the compiler. A build cache (src/build_cache.rs) records it
//! and ignores a cache of another identity, whose pages may have been fingerprinted
//! differently. The same sources compiled again (a CI job installing the program afresh on
//! each run) have the same identity, so their caches stay usable.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// What the program's output depends on, besides the compiler.
const INPUTS: [&str; 5] = ["src", "themes", "Cargo.toml", "Cargo.lock", "build.rs"];

fn main() {
    let mut hasher = DefaultHasher::new();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc).arg("-vV").output().map(|o| o.stdout).unwrap_or_default();
    (version, std::env::var("TARGET").unwrap_or_default()).hash(&mut hasher);
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        let mut files = Vec::new();
        collect(Path::new(input), &mut files);
        files.sort();
        for file in files {
            (file.to_string_lossy(), std::fs::read(&file).unwrap_or_default()).hash(&mut hasher);
        }
    }
    println!("cargo:rustc-env=PROSPECTUS_BUILD_ID={:016x}", hasher.finish());
}

/// Every file at or under `path`.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.flatten().for_each(|entry| collect(&entry.path(), files)),
        Err(_) if path.is_file() => files.push(path.to_owned()),
        Err(_) => {}
    }
}
