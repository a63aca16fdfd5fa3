//! schema.org `Course` data for module pages, as a JSON-LD block search engines read.
//!
//! The block sits in a `<script type="application/ld+json">` element. Browsers
//! never run it (a Content-Security-Policy does not need to allow it), but
//! the HTML parser ends the element at the first `</script`, whatever the JSON
//! says: so every `<`, `>` and `&` in it is written as a `\u00XX` escape, as
//! are U+2028 and U+2029. The result is the same JSON value, and no record
//! field can close the element or open another.

use serde_json::{Value, json};

use super::urls::Urls;
use crate::link::catalog::*;

/// The JSON-LD of a module's page, escaped for a `<script>` element.
pub fn course(catalog: &Catalog, urls: &Urls, m: ModuleIx) -> String {
    let module = &catalog[m];
    let config = &catalog.config;
    let mut course = json!({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": module.title,
        "description": module.summary,
        "url": urls.permalink(&urls.module(&module.id)),
        "inLanguage": module.language.as_deref().unwrap_or(&config.language),
        "educationalLevel": module.level.as_str(),
        "timeRequired": format!("PT{}H", module.duration_hours),
        "provider": {"@type": "Organization", "name": config.title, "url": config.base_url.as_str()},
    });
    let fields = course.as_object_mut().expect("a JSON object");
    if let Some(code) = &module.code {
        fields.insert("courseCode".into(), code.as_str().into());
    }
    if let Some(ects) = module.ects {
        fields.insert("numberOfCredits".into(), ects.into());
    }
    if !module.skills.is_empty() {
        let skills: Vec<Value> = module.skills.iter().map(|&s| catalog[s].name.as_str().into()).collect();
        fields.insert("teaches".into(), skills.into());
    }
    if !module.prerequisites.is_empty() {
        let prerequisites: Vec<Value> = module
            .prerequisites
            .iter()
            .map(|&p| {
                let name = catalog[p].title.as_str();
                json!({"@type": "Course", "name": name, "url": urls.permalink(&urls.module(&catalog[p].id))})
            })
            .collect();
        fields.insert("coursePrerequisites".into(), prerequisites.into());
    }
    script_safe(&course.to_string())
}

/// Escapes JSON text so that it cannot end, or start anything inside, a `<script>` element.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_element_and_parses_to_the_same_value() {
        let hostile = "</script><script>alert(1)</script> & <!-- \u{2028}";
        let json = serde_json::to_string(&json!({ "name": hostile })).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&') && !safe.contains('\u{2028}'));
        assert_eq!(serde_json::from_str::<Value>(&safe).unwrap()["name"], hostile);
    }
}
