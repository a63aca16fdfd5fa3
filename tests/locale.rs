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

#[test]
fn an_unknown_key_in_the_site_strings_file_is_reported_at_it_with_the_closest_key() {
    let site = Site::bilingual();
    site.write(
        "themes/default/strings.yaml",
        "fr:\n  search: \"Chercher\"\n  serch_label: \"Chercher dans le catalogue\"\n",
    );
    let errors = site.check_errors();
    let error = errors.iter().find(|e| e["message"].as_str().is_some_and(|m| m.contains("serch"))).expect("an error");
    let (message, line, column) = message_at(error);
    assert_eq!(message, "unknown string `serch_label`: the theme has no string of that name");
    assert_eq!((line, column), (3, 3));
    assert_eq!(error["hint"].as_str(), Some("did you mean `search_label`?"));
}

/// The search manifest of the catalog at `prefix` (`""` or `"fr/"`): its facets' labels and
/// their values' labels, as `search.js` shows them.
fn facet_labels(site: &Site, prefix: &str) -> Vec<String> {
    use std::io::Read;
    site.built_text("index.html");
    let bytes = std::fs::read(site.path(&format!("public/{prefix}search/manifest.bin"))).expect("the manifest");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut json).expect("a gzip manifest");
    let manifest: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let facets = manifest["facets"].as_array().cloned().unwrap_or_default();
    let label = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    facets
        .iter()
        .flat_map(|f| {
            let values = f["values"].as_array().cloned().unwrap_or_default();
            std::iter::once(label(&f["label"])).chain(values.iter().map(|v| label(&v[1])).collect::<Vec<_>>())
        })
        .collect()
}

#[test]
fn the_french_search_labels_its_facets_and_their_values_in_french() {
    let site = Site::bilingual();
    let french = facet_labels(&site, "fr/");
    assert!(french.iter().any(|l| l == "Durée") && french.iter().any(|l| l == "Module"), "{french:?}");
    assert!(!french.iter().any(|l| l == "Duration"), "{french:?}");
    let english = facet_labels(&site, "");
    assert!(english.iter().any(|l| l == "Duration"), "{english:?}");
}

#[test]
fn the_french_catalog_gives_the_search_script_its_french_words() {
    let site = Site::bilingual();
    let page = site.built_text("fr/catalog/index.html");
    assert!(page.contains(r#"data-count="{n} résultats""#), "{page}");
    assert!(page.contains(r#"data-loading="Recherche…""#), "{page}");
}

#[test]
fn french_strings_keep_a_no_break_space_before_a_colon() {
    let site = Site::bilingual();
    site.write("content/modules/long-module.md", &long_module("fr"));
    site.built_text("index.html");
    let raw = std::fs::read_to_string(site.path("public/fr/modules/long-module/index.html")).expect("the page");
    assert!(raw.contains("Aucun\u{a0}: ce module est un bon point de départ."), "{raw}");
}

#[test]
fn a_theme_of_its_own_may_add_strings_of_its_own() {
    let site = Site::bilingual();
    site.write("content/site.yaml", &format!("{SITE_YAML_FR}theme: mytheme\n"));
    site.write("themes/mytheme/strings.yaml", "en:\n  tagline: \"Learn\"\nfr:\n  tagline: \"Apprendre\"\n");
    let output = site.check("human", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
}
