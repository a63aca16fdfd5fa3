//! The fuzzers' corpus and every crash they found, replayed on stable as
//! regression tests: each file of `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/` goes through the same checks as the fuzz
//! target of that name (`fuzz/checks.rs`), so nothing they found comes back
//! unnoticed, without a nightly toolchain. See docs/reliability.md, "Fuzzing".

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Feeds every file of the corpus and regression folders of `target` to `check`.
fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.expect("list the corpus").path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("read a corpus file");
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
            assert!(outcome.is_ok(), "{} fails the `{target}` checks", path.display());
            count += 1;
        }
    }
    count
}

/// Targets that take text skip inputs that are not UTF-8, as `fuzz_target!(|text: &str| …)` does.
fn text(check: fn(&str)) -> impl Fn(&[u8]) {
    move |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check(text);
        }
    }
}

#[test]
fn front_matter_corpus_and_crashes_pass() {
    assert!(replay("front_matter", text(checks::front_matter)) > 0);
}

#[test]
fn yaml_records_corpus_and_crashes_pass() {
    assert!(replay("yaml_records", text(checks::yaml_records)) > 0);
}

#[test]
fn markdown_corpus_and_crashes_pass() {
    assert!(replay("markdown", text(checks::markdown)) > 0);
}

#[test]
fn pipeline_corpus_and_crashes_pass() {
    assert!(replay("pipeline", checks::pipeline) > 0);
}

#[test]
fn link_records_corpus_and_crashes_pass() {
    assert!(replay("link_records", checks::link_records) > 0);
}
