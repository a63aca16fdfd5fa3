//! The front-matter splitter on any text (see `checks::front_matter`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::front_matter(text));
