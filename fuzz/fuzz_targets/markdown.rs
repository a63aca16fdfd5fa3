//! Markdown scanning and rendering on any text (see `checks::markdown`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::markdown(text));
