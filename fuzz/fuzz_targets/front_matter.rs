//! The front-matter splitter on any text: never panics, and its ranges are
//! in bounds, on character boundaries, in order, and its errors point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prospectus::load::front_matter;

fuzz_target!(|text: &str| {
    match front_matter::split(text, "content/modules/x.md") {
        Ok(split) => {
            assert!(split.yaml.start <= split.yaml.end && split.yaml.end <= split.body.start);
            assert!(split.body.end == text.len());
            assert!(text.get(split.yaml.clone()).is_some() && text.get(split.body.clone()).is_some());
        }
        Err(diagnostic) => {
            let span = diagnostic.location.expect("a split error has a location").span;
            assert!(text.get(span).is_some(), "error span out of bounds or inside a character");
        }
    }
});
