//! Every page in its language: the theme's strings of the page's language, and dates and
//! numbers written as that language writes them; a language without every string is an error.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{SITE_YAML_FR, Site, message_at};

/// A module of 1,410 hours updated on 6 October 2026, written in `language`.
fn long_module(language: &str) -> String {
    format!(
        "---\ntitle: Long module\nsummary: A long one.\nlevel: advanced\nduration_hours: 1410\n\
         updated: 2026-10-06\nlanguage: {language}\n---\nText.\n"
    )
}

#[test]
fn a_french_page_writes_dates_and_numbers_the_french_way() {
    let site = Site::bilingual();
    site.write("content/modules/long-module.md", &long_module("fr"));
    let text = site.built_text("fr/modules/long-module/index.html");
    assert!(text.contains("6 octobre 2026"), "{text}");
    // Read again unfolded: the group separator is a (narrow no-break) space.
    let raw = std::fs::read_to_string(site.path("public/fr/modules/long-module/index.html")).expect("the page");
    assert!(raw.contains("1\u{202f}410 heures"), "{raw}");
}

#[test]
fn an_english_page_writes_dates_and_numbers_the_english_way() {
    let site = Site::bilingual();
    site.write("content/modules/long-module.md", &long_module("en"));
    let text = site.built_text("modules/long-module/index.html");
    assert!(text.contains("6 October 2026"), "{text}");
    assert!(text.contains("1,410 hours"), "{text}");
}

#[test]
fn each_language_gets_its_own_og_locale() {
    let site = Site::bilingual();
    let french = site.built_text("fr/index.html");
    let english = site.built_text("index.html");
    assert!(french.contains(r#"<meta property="og:locale" content="fr_FR">"#), "{french}");
    assert!(english.contains(r#"<meta property="og:locale" content="en_GB">"#), "{english}");
}

#[test]
fn a_language_the_theme_has_no_strings_for_is_an_error_naming_the_missing_keys() {
    let site = Site::new();
    site.write("content/site.yaml", &format!("{SITE_YAML_FR}  de:\n    title: Katalog\n"));
    let errors = site.check_errors();
    let error = errors.iter().find(|e| e["message"].as_str().is_some_and(|m| m.contains("`de`"))).expect("an error");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("the theme has no strings in `de`: it lacks "), "{message}");
    assert!(message.contains("`about_employer`") && message.contains(" more"), "{message}");
}

#[test]
fn a_site_strings_file_rewords_one_string_of_one_language() {
    let site = Site::bilingual();
    site.write("themes/default/strings.yaml", "fr:\n  search: \"Chercher\"\n");
    assert!(site.built_text("fr/index.html").contains("Chercher"));
    assert!(!site.built_text("index.html").contains("Chercher"));
}

#[test]
fn a_site_strings_file_can_add_a_language() {
    let site = Site::bilingual();
    let theme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/strings.yaml"))
        .expect("the theme's strings");
    let english = theme.split("\nfr:\n").next().expect("the English strings");
    let german = english.replacen("\nen:\n", "\nde:\n", 1).replace("\"Search\"", "\"Suche\"");
    site.write("themes/default/strings.yaml", &german);
    site.write("content/site.yaml", &format!("{SITE_YAML_FR}  de:\n    title: Katalog\n"));
    let page = site.built_text("de/index.html");
    assert!(page.contains(r#"<html lang="de">"#) && page.contains("Suche"), "{page}");
}

#[test]
fn a_language_missing_some_strings_is_reported_at_its_key_in_the_site_strings_file() {
    let site = Site::new();
    site.write("themes/default/strings.yaml", "# German, begun\nde:\n  search: \"Suche\"\n");
    site.write("content/site.yaml", &format!("{SITE_YAML_FR}  de:\n    title: Katalog\n"));
    let errors = site.check_errors();
    let error = errors.iter().find(|e| e["message"].as_str().is_some_and(|m| m.contains("`de`"))).expect("an error");
    let (message, line, column) = message_at(error);
    assert!(message.starts_with("the theme's strings in `de` lack "), "{message}");
    assert!(!message.contains("`search`"), "{message}");
    assert_eq!((line, column), (2, 1));
}
