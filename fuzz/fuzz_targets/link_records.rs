//! One employer, programme or `site.yaml` loaded and linked in a small site held in memory:
//! the link stage's field checks (roles, tuition, organization…), see `checks::link_records`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::link_records(data));
