//! The whole load → link → render pipeline on a small site held in memory
//! (see `checks::pipeline`). The seed corpus is the fixture site of
//! `tests/common/fixture.rs`, its files joined by 0xFF bytes.
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::pipeline(data));
