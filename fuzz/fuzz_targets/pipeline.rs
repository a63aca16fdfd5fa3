//! The whole load → link → render pipeline on a small site held in memory.
//!
//! The input is split at 0xFF bytes (never part of UTF-8 text) into up to
//! eight files, given the paths of [`PATHS`] in order; the seed corpus is the
//! fixture site of `tests/common/fixture.rs` in that form. A check must never
//! panic; a failure's diagnostics must render in every format; a success's
//! output paths must stay inside the output folder and its JSON must parse.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prospectus::diagnostics::{self, Format};
use prospectus::markdown::Highlighter;
use prospectus::render::Contents;

const PATHS: [&str; 8] = [
    "site.yaml",
    "modules/python-basics.md",
    "modules/deep-learning.md",
    "projects/chatbot.yaml",
    "employers/acme.yaml",
    "programmes/ai-master.md",
    "pages/about.md",
    "projects/more.yaml",
];

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::new)
}

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, Vec<u8>)> =
        data.split(|&b| b == 0xff).zip(PATHS).map(|(bytes, path)| (path.to_owned(), bytes.to_vec())).collect();
    let options = prospectus::Options {
        root: "/nonexistent-prospectus-fuzz-root".into(),
        drafts: data.first() == Some(&b'd'),
        base_url: None,
    };
    match prospectus::check_files(files, &options, highlighter()) {
        Ok(site) => {
            for file in &site.files {
                let path = &file.path;
                assert!(!path.starts_with('/') && !path.contains('\\') && !path.contains('\0'), "{path:?}");
                assert!(path.split('/').all(|part| !part.is_empty() && part != "." && part != ".."), "{path:?}");
                if let (true, Contents::Bytes(bytes)) = (path.ends_with(".json"), &file.contents) {
                    serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON output parses");
                }
            }
        }
        Err(failure) => {
            assert!(!failure.diagnostics.is_empty(), "a failed check reports why");
            for format in [Format::Human, Format::Json, Format::Github] {
                diagnostics::render(&failure.diagnostics, &failure.sources, format, false);
            }
        }
    }
});
