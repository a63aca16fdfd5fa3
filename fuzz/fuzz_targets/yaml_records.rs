//! The YAML loader on any text, into every record type: never panics, never
//! runs away (the budgets hold), and every error it reports points inside the
//! text and renders in the three diagnostic formats.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use prospectus::diagnostics::{self, Diagnostic, Format, Sources};
use prospectus::load::records::*;
use prospectus::load::yaml::{self, OneOrMany, Origin};

fn check(result: Result<impl Sized, Diagnostic>, text: &str, origin: &Origin) {
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

fuzz_target!(|text: &str| {
    let origin = Origin { file: "content/projects/x.yaml".to_owned(), base: 0 };
    check(yaml::parse::<OneOrMany<ProjectFields>>(text, &origin), text, &origin);
    check(yaml::parse::<OneOrMany<EmployerFields>>(text, &origin), text, &origin);
    check(yaml::parse::<ModuleFields>(text, &origin), text, &origin);
    check(yaml::parse::<ProgrammeFields>(text, &origin), text, &origin);
    check(prospectus::config::parse(text, &origin.file, None).map_err(|mut d| d.remove(0)), text, &origin);
});
