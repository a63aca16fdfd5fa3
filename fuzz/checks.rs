//! What each fuzz target checks, shared with the regression test that replays
//! the kept corpus on stable (`tests/fuzz_corpus.rs` in the main crate), so a
//! case the fuzzer found stays fixed without a nightly toolchain.
//!
//! Included with `#[path]` by the targets and by that test: it depends only on
//! `prospectus`, `jiff` and `serde_json`.

#![allow(dead_code)] // Each includer uses its own part.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use prospectus::config::SiteConfig;
use prospectus::diagnostics::{self, Diagnostic, Format, Sources};
use prospectus::ids::Lang;
use prospectus::link::{self, LinkOptions};
use prospectus::load::front_matter;
use prospectus::load::records::*;
use prospectus::load::{self, LoadOptions};
use prospectus::markdown::{self, Highlighter};
use prospectus::render::theme::{self, Theme};
use prospectus::render::{self, Contents, OutputFile};
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
    check_diagnostic(yaml::parse::<OneOrMany<EmployerText>>(text, &origin), text, &origin);
    check_diagnostic(yaml::parse::<ProgrammeText>(text, &origin), text, &origin);
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
pub const PATHS: [&str; 9] = [
    "site.yaml",
    "modules/python-basics.md",
    "modules/deep-learning.md",
    "projects/chatbot.yaml",
    "employers/acme.yaml",
    "programmes/ai-master.md",
    "pages/about.md",
    "projects/more.yaml",
    "employers/acme.fr.yaml",
];

/// The site root the in-memory targets name: it does not exist, so the theme is the built-in one.
const NO_ROOT: &str = "/nonexistent-prospectus-fuzz-root";

/// The whole load → link → render pipeline on a small site held in memory:
/// `data` split at 0xFF bytes (never part of UTF-8 text) into up to nine files (the last a translation)
/// at [`PATHS`]. The stages are those of `build_files_in_memory` (load, link with the
/// static-file check, theme, render), with the theme loaded once per language (see
/// [`theme`]). A check never panics; a failure's diagnostics render in every format; a
/// success's output paths stay inside the output folder and its JSON parses.
pub fn pipeline(data: &[u8]) {
    let files: Vec<(String, Vec<u8>)> =
        data.split(|&b| b == 0xff).zip(PATHS).map(|(bytes, path)| (path.to_owned(), bytes.to_vec())).collect();
    let loaded = load::load_files(files, &LoadOptions::default());
    let (mut sources, mut diagnostics) = (loaded.sources, loaded.diagnostics);
    let options = LinkOptions { drafts: data.first() == Some(&b'd'), build_date: BUILD_DATE };
    let (catalog, mut errors) = link::link_all(loaded.site, loaded.broken, &options);
    diagnostics.append(&mut errors);
    if let Some(catalog) = &catalog {
        diagnostics.extend(render::static_clashes(catalog));
    }
    let theme =
        catalog.as_ref().and_then(|c| theme(&c.config, &mut sources).map_err(|mut d| diagnostics.append(&mut d)).ok());
    let (Some(catalog), Some(theme), true) = (catalog, theme, diagnostics.is_empty()) else {
        return check_failure(&diagnostics, &sources);
    };
    render_every_format(&catalog.warnings, &sources);
    match render::render(&catalog, &theme, highlighter()) {
        Ok(files) => check_output(&files),
        Err(errors) => check_failure(&errors, &sources),
    }
}

/// The theme of a site whose root does not exist: the built-in one, which depends on nothing
/// of the content but `site.yaml`'s `theme` and `language`. Loading it takes most of a small
/// site's time, so each language's is loaded once (and any other theme name fails as it would).
fn theme(config: &SiteConfig, sources: &mut Sources) -> Result<Rc<Theme>, Vec<Diagnostic>> {
    thread_local! {
        static THEMES: RefCell<HashMap<Vec<Lang>, Rc<Theme>>> = RefCell::new(HashMap::new());
    }
    if config.theme != "default" {
        return theme::load(Path::new(NO_ROOT), config, sources).map(Rc::new);
    }
    let languages: Vec<Lang> = config.all_languages().cloned().collect();
    if let Some(theme) = THEMES.with_borrow(|themes| themes.get(&languages).cloned()) {
        return Ok(theme);
    }
    let theme = Rc::new(theme::load(Path::new(NO_ROOT), config, sources)?);
    THEMES.with_borrow_mut(|themes| {
        if themes.len() >= 64 {
            themes.clear(); // Fuzzed language lists are many; keep the memory bounded.
        }
        themes.insert(languages, Rc::clone(&theme));
    });
    Ok(theme)
}

/// A failed check reports why, and its diagnostics render in every format.
fn check_failure(diagnostics: &[Diagnostic], sources: &Sources) {
    assert!(!diagnostics.is_empty(), "a failed check reports why");
    render_every_format(diagnostics, sources);
}

/// Diagnostics (errors or a linked site's warnings) render in the three formats.
fn render_every_format(diagnostics: &[Diagnostic], sources: &Sources) {
    for format in [Format::Human, Format::Json, Format::Github] {
        diagnostics::render(diagnostics, sources, format, false);
    }
}

/// A rendered site's output paths stay inside the output folder and its JSON parses.
fn check_output(files: &[OutputFile]) {
    for file in files {
        let path = &file.path;
        assert!(!path.starts_with('/') && !path.contains('\\') && !path.contains('\0'), "{path:?}");
        assert!(path.split('/').all(|part| !part.is_empty() && part != "." && part != ".."), "{path:?}");
        if let (true, Contents::Bytes(bytes)) = (path.ends_with(".json"), &file.contents) {
            serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON output parses");
        }
    }
}

/// The site around the record that [`link_records`] fuzzes: a module, a project and a page,
/// each valid, for the record's references to resolve against.
const LINK_SITE: [(&str, &str); 5] = [
    ("site.yaml", "title: Fuzz\nbase_url: https://example.org/\n"),
    (
        "modules/deep-learning.md",
        "---\ntitle: D\nsummary: S.\nlevel: advanced\nduration_hours: 3\nprerequisites: [python-basics]\n---\nBody.\n",
    ),
    (
        "modules/python-basics.md",
        "---\ntitle: P\nsummary: S.\nlevel: beginner\nduration_hours: 2\nskills: [Python]\n---\nBody.\n",
    ),
    ("projects/chatbot.yaml", "title: C\nprovider: M\nsummary: S.\nmodules: [python-basics]\n"),
    ("pages/about.md", "---\ntitle: About\n---\nAbout.\n"),
];

/// Where [`link_records`] puts its input, chosen by the first byte: an employer (its roles'
/// descriptions, workplace, salary and applicant countries), a programme (its tuition,
/// stages and electives, cohorts, accreditation, guarantee) or `site.yaml` (organization, image, feed_limit),
/// which replaces the one of [`LINK_SITE`].
pub const LINK_PATHS: [&str; 3] = ["employers/acme.yaml", "programmes/ai-master.md", "site.yaml"];

/// Loading and linking one record file (see [`LINK_PATHS`]) in a small valid site held in
/// memory: the field checks of the link stage never panic; every diagnostic points inside
/// the text of the file it names and renders in the three formats.
pub fn link_records(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else { return };
    let path = LINK_PATHS[usize::from(selector) % LINK_PATHS.len()];
    let mut files: Vec<(String, Vec<u8>)> = LINK_SITE
        .iter()
        .filter(|(fixed, _)| *fixed != path)
        .map(|(fixed, text)| ((*fixed).to_owned(), text.as_bytes().to_vec()))
        .collect();
    files.push((path.to_owned(), text.to_vec()));
    let loaded = load::load_files(files, &LoadOptions::default());
    let mut diagnostics = loaded.diagnostics;
    let options = LinkOptions { drafts: selector & 0x80 != 0, build_date: BUILD_DATE };
    if let Err(mut errors) = link::link(loaded.site, loaded.broken, &options) {
        diagnostics.append(&mut errors);
    }
    for diagnostic in &diagnostics {
        let places = diagnostic.location.iter().chain(diagnostic.related.iter().map(|r| &r.location));
        for place in places {
            if let Some(text) = loaded.sources.get(&place.file) {
                assert!(text.get(place.span.clone()).is_some(), "span {:?} not in {}", place.span, place.file);
            }
        }
    }
    for format in [Format::Human, Format::Json, Format::Github] {
        let shown = diagnostics::render(&diagnostics, &loaded.sources, format, false);
        if format == Format::Json {
            serde_json::from_str::<serde_json::Value>(&shown).expect("JSON diagnostics are valid JSON");
        }
    }
}

/// A fixed build date, so that a run is the same on any day.
const BUILD_DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 1);
