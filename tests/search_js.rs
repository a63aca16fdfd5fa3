//! Runs the JavaScript tests of the search runtime (`tests/js/*.test.mjs`) under Node's own
//! test runner: the runtime's folding, tokens and weights against the rows the Rust side
//! checks too (`tests/fixtures/search-text.json`).
//!
//! Needs `node` (18 or later). Without it the test prints why it was skipped, except in CI
//! (`CI=true`), where that is a failure.

use std::process::Command;

#[test]
fn the_search_runtime_passes_its_node_tests() {
    let root = env!("CARGO_MANIFEST_DIR");
    // Named one by one: how `node --test` reads a folder argument changed between versions.
    let mut tests: Vec<String> = std::fs::read_dir(format!("{root}/tests/js"))
        .expect("tests/js")
        .map(|entry| format!("tests/js/{}", entry.expect("tests/js entry").file_name().to_string_lossy()))
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "no tests/js/*.test.mjs");
    let output = match Command::new("node").arg("--test").args(&tests).current_dir(root).output() {
        Ok(output) => output,
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!("CI must run the JavaScript tests, but `node` cannot run: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED JavaScript tests: cannot run `node` ({why}); install Node.js 18 or later to run them");
            return;
        }
    };
    assert!(
        output.status.success(),
        "node --test {tests:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
