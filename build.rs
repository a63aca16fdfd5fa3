//! Gives each compile of the program its own identity, `PROSPECTUS_BUILD_ID`, which a build
//! cache (src/build_cache.rs) records: a cache written by another compile may have hashed
//! pages differently, so it is ignored. The script runs again whenever the program's own
//! files change (the `rerun-if-changed` lines), not on every build.

use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    for input in ["src", "themes", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={input}");
    }
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    println!("cargo:rustc-env=PROSPECTUS_BUILD_ID={nanos:x}");
}
