//! Markdown rendering and scanning on any text: never panics, and the heading
//! ids found by the scan are the ids in the rendered HTML.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prospectus::markdown::{self, Highlighter};

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::new)
}

fuzz_target!(|text: &str| {
    let scan = markdown::scan(text);
    for link in &scan.links {
        assert!(text.get(link.span.clone()).is_some(), "link span {:?} not in the text", link.span);
    }
    let html = markdown::render(text, highlighter(), &|_| Some("/x/".to_owned()));
    for heading in scan.headings.iter().filter(|h| !h.id.contains(['&', '<', '>', '"', '\''])) {
        assert!(html.contains(&format!(" id=\"{}\"", heading.id)), "heading id {:?} not in the HTML", heading.id);
    }
});
