//! The YAML loader on any text, into every record type (see `checks::yaml_records`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| checks::yaml_records(text));
