//! What each fuzz target checks, shared with the regression test that replays
//! the kept corpus on stable (`tests/fuzz_corpus.rs` in the main crate), so a
//! case the fuzzer found stays fixed without a nightly toolchain.
//!
//! Included with `#[path]` by the targets and by that test: it depends only on
//! `prospectus` and `serde_json`.

#![allow(dead_code)] // Each includer uses its own part.

use std::sync::{Arc, OnceLock};

use prospectus::diagnostics::{self, Diagnostic, Format, Sources};
use prospectus::load::front_matter;
use prospectus::load::records::*;
use prospectus::markdown::{self, Highlighter};
use prospectus::render::Contents;
use prospectus::yaml::{self, OneOrMany, Origin};

/// One highlighter for every run (loading the syntaxes is slow).
pub fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::new)
}

/// The front-matter splitter never panics; its ranges are in bounds, on
/// character boundaries and in order; its errors point inside the text.
pub fn front_matter(text: &str) {
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
}

fn check_diagnostic(result: Result<impl Sized, Diagnostic>, text: &str, origin: &Origin) {
    let Err(diagnostic) = result else { return };
    if let Some(location) = &diagnostic.location {
        assert!(text.get(location.span.clone()).is_some(), "span {:?} not in the text", location.span);
    }
    for related in &diagnostic.related {
        assert!(text.get(related.location.span.clone()).is_some(), "related span not in the text");
    }
    let mut sources = Sources::default();
    sources.insert(origin.file.clone(), Arc::from(text));
    for format in [Format::Human, Format::Json, Format::Github] {
        let shown = diagnostics::render(std::slice::from_ref(&diagnostic), &sources, format, false);
        if format == Format::Json {
            serde_json::from_str::<serde_json::Value>(&shown).expect("JSON diagnostics are valid JSON");
        }
    }
}

/// The YAML loader, into every record type and the site settings, never panics
/// and never runs away (the budgets hold); every error points inside the text
/// and renders in the three diagnostic formats.
pub fn yaml_records(text: &str) {
    let origin = Origin { file: "content/projects/x.yaml".to_owned(), base: 0 };
    check_diagnostic(yaml::parse::<OneOrMany<ProjectFields>>(text, &origin), text, &origin);
    check_diagnostic(yaml::parse::<OneOrMany<EmployerFields>>(text, &origin), text, &origin);
    check_diagnostic(yaml::parse::<ModuleFields>(text, &origin), text, &origin);
    check_diagnostic(yaml::parse::<ProgrammeFields>(text, &origin), text, &origin);
    if let Err(errors) = prospectus::config::parse(text, &origin.file, None) {
        for error in errors {
            check_diagnostic(Err::<(), _>(error), text, &origin);
        }
    }
}

/// Markdown scanning and rendering never panic; spans are in bounds; the
/// heading ids the scan reports are the ids in the HTML.
pub fn markdown(text: &str) {
    let scan = markdown::scan(text);
    for span in scan.links.iter().map(|l| &l.span).chain(scan.script_urls.iter().map(|u| &u.span)) {
        assert!(text.get(span.clone()).is_some(), "span {span:?} not in the text");
    }
    let html = markdown::render(text, highlighter(), &|_| Some("/x/".to_owned()));
    for heading in scan.headings.iter().filter(|h| !h.id.contains(['&', '<', '>', '"', '\''])) {
        assert!(html.contains(&format!(" id=\"{}\"", heading.id)), "heading id {:?} not in the HTML", heading.id);
    }
}

/// The paths of the in-memory site's files, in the order the input gives them.
pub const PATHS: [&str; 8] = [
    "site.yaml",
    "modules/python-basics.md",
    "modules/deep-learning.md",
    "projects/chatbot.yaml",
    "employers/acme.yaml",
    "programmes/ai-master.md",
    "pages/about.md",
    "projects/more.yaml",
];

/// The whole load → link → render pipeline on a small site held in memory:
/// `data` split at 0xFF bytes (never part of UTF-8 text) into up to eight files
/// at [`PATHS`]. A check never panics; a failure's diagnostics render in every
/// format; a success's output paths stay inside the output folder and its
/// JSON parses.
pub fn pipeline(data: &[u8]) {
    let files: Vec<(String, Vec<u8>)> =
        data.split(|&b| b == 0xff).zip(PATHS).map(|(bytes, path)| (path.to_owned(), bytes.to_vec())).collect();
    let options = prospectus::Options {
        root: "/nonexistent-prospectus-fuzz-root".into(),
        drafts: data.first() == Some(&b'd'),
        base_url: None,
        deny_warnings: false,
    };
    match prospectus::build_files_in_memory(files, &options, highlighter()) {
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
}
