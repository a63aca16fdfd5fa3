//! No record field can inject markup or script into any output, and any
//! string survives the trip into the site intact.
//!
//! These tests run the library on sites held in memory
//! ([`prospectus::build_files_in_memory`], the same load → link → render as a build),
//! which keeps hundreds of property cases fast. The files checked are the ones
//! a build writes: every page, the feed, the sitemap, the JSON-LD blocks and
//! every `.json` file (so a search index, once the site has one, is covered).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use prospectus::Options;
use prospectus::ids::{self, SkillSlug};
use prospectus::markdown::{self, Highlighter};
use scraper::{Html, Selector};
use serde_json::Value;

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::new)
}

/// `text` as a YAML double-quoted scalar: printable ASCII as is, everything else escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Builds `files` (paths under `content/`) in memory: every output file by path, or the diagnostics.
fn build(files: &[(&str, String)]) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
    let files = files.iter().map(|(path, text)| (path.to_string(), text.clone().into_bytes())).collect();
    let options = Options {
        root: "/nonexistent-prospectus-test-root".into(),
        drafts: false,
        base_url: None,
        deny_warnings: false,
    };
    match prospectus::build_files_in_memory(files, &options, highlighter()) {
        Ok(site) => Ok(site
            .files
            .into_iter()
            .map(|f| {
                let bytes = f.contents.into_bytes().expect("a static file");
                (f.path, bytes)
            })
            .collect()),
        Err(failure) => Err(failure.diagnostics.into_iter().map(|d| d.message).collect()),
    }
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).expect("UTF-8 output")
}

// ---------------------------------------------------------------------------
// A hostile value in every field
// ---------------------------------------------------------------------------

/// Markup, script, attribute breakers, a script-element closer, a CDATA closer,
/// a JavaScript line terminator and template syntax, in one value.
const HOSTILE: &str =
    "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'</script>]]>\u{2028}&amp;{{ site }}{% raw %}";
/// A URL that passes validation (http, a host) yet tries to break out of its attribute.
const HOSTILE_URL: &str = "https://example.org/\"><script>alert(1)</script>?q='onmouseover=alert(1)";

/// Headings whose text (Markdown-escaped, so text and not raw HTML) is markup:
/// three of them, so the page shows a table of contents built from their text.
const MARKDOWN_HEADINGS: &str =
    "# \\<img src=x onerror=alert(1)\\>\n\n## \\</script\\>\"'\n\n## \\<script\\>alert(1)\n";

/// A site in which every text field of every kind of record holds [`HOSTILE`]
/// and every URL field [`HOSTILE_URL`].
fn hostile_site() -> Vec<(&'static str, String)> {
    let h = quoted(HOSTILE);
    let u = quoted(HOSTILE_URL);
    vec![
        ("site.yaml", format!("title: {h}\ndescription: {h}\nbase_url: https://example.org/\n")),
        (
            "modules/intro.md",
            format!(
                "---\ntitle: {h}\nsummary: {h}\nlevel: beginner\nduration_hours: 5\ncode: {h}\nects: 2\n\
                 skills: [{h}, Python]\noutcomes: [{h}]\nlanguage: {h}\nupdated: 2026-01-01\n---\n{MARKDOWN_HEADINGS}"
            ),
        ),
        (
            "modules/next.md",
            format!(
                "---\ntitle: Next\nsummary: {h}\nlevel: advanced\nduration_hours: 3\nprerequisites: [intro]\n---\nBody\n"
            ),
        ),
        (
            "projects/p.yaml",
            format!(
                "title: {h}\nprovider: {h}\nsummary: {h}\nskills: [{h}]\nmodules: [intro]\nlevel: intermediate\n\
                 estimated_hours: 4\ndeliverables: [{h}]\n"
            ),
        ),
        (
            "employers/e.yaml",
            format!(
                "name: {h}\nsummary: {h}\nwebsite: {u}\nlocations:\n  - {{city: {h}, country: FR}}\nroles:\n  \
                 - title: {h}\n    summary: {h}\n    skills: [{h}]\n    city: {h}\n    country: GB\n    \
                 remote: true\n    employment_type: full-time\n    apply_url: {u}\n    posted: 2026-01-01\n  \
                 - title: Mail\n    apply_url: mailto:jobs@example.org?subject={h}\n"
            ),
        ),
        (
            "programmes/g.md",
            format!(
                "---\ntitle: {h}\nsummary: {h}\nstages:\n  - {{title: {h}, summary: {h}, modules: [intro, next]}}\n\
                 projects: [p]\ncredential: {h}\nawarded_by: {h}\napply_url: {u}\n\
                 duration_months: 12\ncountries: [FR]\naccreditation:\n  - {{region: {h}, status: pending, body: {h}, note: {h}}}\n\
                 job_guarantee: {{months: 6, refund: true, terms: about}}\ncohorts:\n  - {{starts: 2027-01-01, seats: 3}}\n\
                 outcomes: {{placement_rate: 80, period: {h}, source: {h}}}\n---\nBody\n"
            ),
        ),
        ("pages/about.md", format!("---\ntitle: {h}\nsummary: {h}\n---\nAbout.\n")),
    ]
}

#[test]
fn a_hostile_value_in_every_field_stays_text_in_every_output() {
    let files = build(&hostile_site()).unwrap_or_else(|d| panic!("the hostile site does not build: {d:#?}"));
    let scripts = Selector::parse("script").unwrap();
    let all = Selector::parse("*").unwrap();
    let mut pages = 0;
    let mut seen_as_text = 0;
    for (path, bytes) in &files {
        let body = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            pages += 1;
            let html = Html::parse_document(&body);
            for element in html.select(&all) {
                let name = element.value().name();
                assert!(!matches!(name, "iframe" | "object" | "embed"), "{path}: a <{name}> was injected");
                // The theme's only image is its logo.
                assert!(
                    name != "img" || element.value().attr("src") == Some("/favicon.svg"),
                    "{path}: an <img> was injected"
                );
                for (attribute, value) in element.value().attrs() {
                    assert!(!attribute.starts_with("on"), "{path}: <{name} {attribute}=…> was injected");
                    assert!(!value.trim_start().to_lowercase().starts_with("javascript:"), "{path}: {value}");
                }
            }
            for script in html.select(&scripts) {
                // The theme's own scripts are external files of the site, with nothing inline.
                if let Some(src) = script.value().attr("src") {
                    assert!(src.starts_with('/') && src.ends_with(".js"), "{path}: script from {src}");
                    assert!(script.inner_html().trim().is_empty(), "{path}: inline code in a script element");
                    continue;
                }
                // The other scripts are JSON-LD data blocks, each one whole, valid JSON.
                assert_eq!(script.value().attr("type"), Some("application/ld+json"), "{path}: a script was injected");
                let json: Value = serde_json::from_str(&script.inner_html())
                    .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse ({e})"));
                assert!(holds(&json, HOSTILE), "{path}: the value is kept in the JSON-LD");
                assert!(!script.inner_html().contains('\u{2028}'), "{path}: U+2028 left raw in a script element");
            }
            if html.root_element().text().any(|t| t.contains("<script>alert(1)</script>\"><img")) {
                seen_as_text += 1;
            }
        } else if path.ends_with(".xml") {
            // Well-formed XML, whose text holds the value.
            let mut reader = quick_xml::Reader::from_str(&body);
            let mut all_text = String::new();
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::Text(t)) => all_text.push_str(&t.decode().expect("UTF-8 text")),
                    Ok(quick_xml::events::Event::GeneralRef(r)) => {
                        let name = r.decode().expect("UTF-8 reference");
                        let named = [("lt", '<'), ("gt", '>'), ("amp", '&'), ("quot", '"'), ("apos", '\'')];
                        let c = named.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
                        let c = c.or_else(|| r.resolve_char_ref().ok().flatten());
                        all_text.push(c.unwrap_or_else(|| panic!("{path}: unknown entity &{name};")));
                    }
                    Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        assert!(!matches!(name.as_str(), "script" | "img"), "{path}: <{name}> was injected");
                    }
                    Ok(_) => {}
                    Err(e) => panic!("{path} is not well-formed XML: {e}"),
                }
            }
            let found = all_text.contains(HOSTILE.trim());
            // Sitemaps hold URLs only, made of ids.
            let sitemap = path == "sitemap.xml" || path.starts_with("sitemaps/");
            assert!(found || sitemap, "{path}: the hostile text is not in the feed as text");
        } else if path.ends_with(".json") && !path.starts_with("api/schema/") {
            let json: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
            assert!(holds(&json, HOSTILE), "{path}: the value did not survive intact");
        }
    }
    assert!(pages > 10, "only {pages} pages");
    assert!(seen_as_text >= pages - 1, "the value shows as text on {seen_as_text} of {pages} pages");
    let api: Value = serde_json::from_slice(&files["api/catalog.json"]).unwrap();
    assert_eq!(api["modules"][0]["title"], HOSTILE);
    assert_eq!(api["employers"][0]["website"], HOSTILE_URL);
    assert_eq!(api["site"]["title"], HOSTILE);
}

/// Whether some string in `json` is exactly `text`.
fn holds(json: &Value, text: &str) -> bool {
    match json {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(fields) => fields.values().any(|v| holds(v, text)),
        _ => false,
    }
}

#[test]
fn urls_in_records_are_limited_to_http_https_and_mailto() {
    let site = |website: &str, apply: &str| {
        let mut files = hostile_site();
        files[4].1 = format!(
            "name: E\nsummary: S\nwebsite: {}\nroles:\n  - title: R\n    apply_url: {}\n",
            quoted(website),
            quoted(apply)
        );
        build(&files)
    };
    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/",
        "//example.org/",
        "/relative",
        "https://",
    ] {
        let errors = site(bad, "https://example.org/").expect_err(bad);
        assert!(errors.iter().any(|e| e.starts_with("invalid URL") && e.contains("`website`")), "{bad}: {errors:?}");
        let errors = site("https://example.org/", bad).expect_err(bad);
        assert!(errors.iter().any(|e| e.starts_with("invalid URL") && e.contains("`apply_url`")), "{bad}: {errors:?}");
    }
    assert!(site("mailto:hello@example.org", "https://example.org/").is_err(), "mailto: is only for apply_url");
    assert!(site("http://example.org/", "mailto:jobs@example.org").is_ok());
    assert!(site("https://example.org/", "https://example.org/jobs?id=1#apply").is_ok());
}

// ---------------------------------------------------------------------------
// Properties over any string
// ---------------------------------------------------------------------------

/// Any string with something visible in it: arbitrary Unicode, control
/// characters and markup fragments mixed together.
fn any_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("\"'><&amp;".to_owned()),
        Just("]]>\u{2028}\u{2029}".to_owned()),
        Just("{{ x }}{% if %}".to_owned()),
        Just("\u{202e}\u{200b}\u{feff}".to_owned()),
    ];
    proptest::collection::vec(fragment, 1..4)
        .prop_map(|parts| parts.concat())
        // Content text is trimmed and must not be blank; NUL is not text.
        .prop_filter("visible text", |s| !s.trim().is_empty() && !s.contains('\0'))
}

/// What an HTML parser reads back from escaped text: CR and CRLF become LF.
fn as_html_reads_it(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn site_with(title: &str, summary: &str, skill: &str) -> Vec<(&'static str, String)> {
    vec![
        ("site.yaml", "title: T\nbase_url: https://example.org/\n".to_owned()),
        (
            "modules/m.md",
            format!(
                "---\ntitle: {}\nsummary: {}\nlevel: beginner\nduration_hours: 1\nskills: [{}]\n---\nBody\n",
                quoted(title),
                quoted(summary),
                quoted(skill)
            ),
        ),
    ]
}

proptest! {
    // Each case here builds a whole site (in memory, unoptimised in tests): 48 cases keep `cargo test` quick.
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any title, summary and skill comes back exactly, as text, from the page
    /// (parsed as HTML) and from the JSON API (parsed as JSON).
    #[test]
    fn any_title_summary_and_skill_round_trip_through_html_and_json(
        title in any_text(),
        summary in any_text(),
        skill in any_text().prop_filter("a skill needs a letter or digit", |s| SkillSlug::of(s).is_some()),
    ) {
        let files = build(&site_with(&title, &summary, &skill)).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let page = Html::parse_document(&text(&files, "modules/m/index.html"));
        let h1: String = page.select(&Selector::parse("h1").unwrap()).next().unwrap().text().collect();
        prop_assert_eq!(h1, as_html_reads_it(title.trim()));
        let lede: String = page.select(&Selector::parse("p.lede").unwrap()).next().unwrap().text().collect();
        prop_assert_eq!(lede, as_html_reads_it(summary.trim()));
        let tags: Vec<String> =
            page.select(&Selector::parse("ul.tags a").unwrap()).map(|a| a.text().collect()).collect();
        prop_assert_eq!(tags, vec![as_html_reads_it(skill.trim())]);
        let scripts = Selector::parse("script").unwrap();
        prop_assert!(page.select(&scripts).all(|s| s.value().attr("type") == Some("application/ld+json")));
        let api: Value = serde_json::from_slice(&files["api/catalog.json"]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&api["modules"][0]["title"], title.trim());
        prop_assert_eq!(&api["modules"][0]["summary"], summary.trim());
        prop_assert_eq!(&api["skills"][0]["name"], skill.trim());
        let feed = text(&files, "atom.xml");
        let mut reader = quick_xml::Reader::from_str(&feed);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(TestCaseError::fail(format!("atom.xml is not well-formed: {e}"))),
            }
        }
    }

    /// Any well-formed id builds a record published at `<kind>/<id>/`, listed in the JSON.
    #[test]
    fn any_well_formed_id_is_published_under_its_own_folder(id in "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}") {
        prop_assume!(!ids::is_windows_reserved(&id));
        let mut files = site_with("T", "S", "Python");
        files.push(("projects/list.yaml", format!("- id: {id}\n  title: P\n  provider: P\n  summary: S\n")));
        let built = build(&files).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let page = format!("projects/{id}/index.html");
        prop_assert!(built.contains_key(&page));
        let api: Value = serde_json::from_slice(&built["api/catalog.json"]).unwrap();
        prop_assert_eq!(&api["projects"][0]["id"], id.as_str());
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any string is either refused as an id or is one safe path segment; a
    /// suggested replacement is itself a valid id.
    #[test]
    fn a_valid_id_is_always_one_safe_path_segment(text in any_text()) {
        match ids::check_id(&text) {
            Ok(()) => prop_assert!(is_safe_segment(&text) && !ids::is_windows_reserved(&text), "{text:?}"),
            Err(invalid) => {
                if let Some(suggestion) = invalid.suggestion {
                    prop_assert!(ids::check_id(&suggestion).is_ok(), "suggestion {suggestion:?} for {text:?}");
                }
            }
        }
    }

    /// Slugs of any text — record-id suggestions, skill slugs, generated heading
    /// ids — are non-empty path segments without separators, dots or controls.
    #[test]
    fn slugs_of_any_text_are_safe_path_segments(text in any_text()) {
        let slug = ids::slugify_path(&text);
        prop_assert!(slug.is_empty() || (is_safe_segment(&slug) && ids::check_id(&slug).is_ok() || ids::is_windows_reserved(&slug)));
        if let Some(skill) = SkillSlug::of(&text) {
            prop_assert!(is_safe_segment(skill.as_str()) && ids::check_id(skill.as_str()).is_ok(), "{skill:?}");
        }
        let body = format!("# {}\n\n## {}\n", text.replace(['{', '\n', '\r'], " "), text.replace(['{', '\n', '\r'], " "));
        for heading in markdown::scan(&body).headings {
            prop_assert!(is_safe_segment(&heading.id), "heading id {:?} of {text:?}", heading.id);
        }
    }

    /// Rendering any Markdown never panics, and its internal-link spans are in bounds.
    #[test]
    fn rendering_any_markdown_never_panics(body in proptest::collection::vec(prop_oneof![
        any_text(),
        Just("```rust\nfn main() {}\n".to_owned()),
        Just("| a | b |\n|:-|-:|\n| 1 | 2 |\n".to_owned()),
        Just("[x](@/modules/a.md#b) [y]: @/pages/c.md\n".to_owned()),
        Just("# H {#custom}\n".to_owned()),
        Just("<div>\n\n*x*\n\n</div>\n".to_owned()),
        Just("[^1]\n\n[^1]: note\n".to_owned()),
    ], 1..6).prop_map(|parts| parts.join("\n"))) {
        let scan = markdown::scan(&body);
        for link in &scan.links {
            prop_assert!(body.get(link.span.clone()).is_some());
        }
        let html = markdown::render(&body, highlighter(), &|_| Some("/x/".to_owned()));
        prop_assert!(!html.contains(" style="), "inline style in {html}");
    }
}

/// One path segment that cannot move out of its folder or confuse a file system.
fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '\\', ':', '\0'])
        && !segment.chars().any(char::is_control)
        && !segment.chars().any(char::is_whitespace)
}
