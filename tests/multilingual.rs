//! A site in several languages: each language's pages under its folder, a record's page only
//! in the languages it is written or translated in, lists of every record in every language,
//! `hreflang` alternates, the language switch, and the files for machines per language.
//!
//! The fixture (`Site::bilingual`) is English by default and declares French: `python-basics`
//! and `about` have French versions, `apprentissage` is written in French only, and the project,
//! the employer with its role and the programme exist in English only.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fixture::Site;
use scraper::{Html, Selector};

/// The bilingual fixture built into its `public/` (under `base_url` when given).
fn built(base_url: Option<&str>) -> (Site, PathBuf) {
    let site = Site::bilingual();
    let out = site.path("public");
    let mut build = site.build(&out);
    if let Some(base) = base_url {
        build.args(["--base-url", base]);
    }
    let output = build.output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    (site, out)
}

fn page(out: &Path, path: &str) -> Html {
    let file = out.join(path).join("index.html");
    Html::parse_document(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

fn select<'h>(html: &'h Html, css: &str) -> Vec<scraper::ElementRef<'h>> {
    html.select(&Selector::parse(css).expect("a valid selector")).collect()
}

fn attr<'h>(html: &'h Html, css: &str, name: &str) -> Option<&'h str> {
    select(html, css).first().and_then(|e| e.value().attr(name))
}

fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page's `<link rel="alternate" hreflang>` as (hreflang, href).
fn alternates(html: &Html) -> BTreeSet<(String, String)> {
    select(html, "link[rel=alternate][hreflang]")
        .iter()
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap_or_default().to_owned(),
                e.value().attr("href").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Every HTML page of `out`, by its path relative to `out`.
fn html_pages(out: &Path) -> BTreeMap<String, Html> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk the output").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let relative = p.strip_prefix(out).expect("under the output").to_string_lossy().replace('\\', "/");
            (relative, Html::parse_document(&std::fs::read_to_string(&p).expect("read a page")))
        })
        .collect()
}

#[test]
fn french_pages_are_under_fr_with_lang_fr_and_french_words() {
    let (_site, out) = built(None);
    for path in
        ["fr/", "fr/catalog/", "fr/skills/", "fr/modules/python-basics/", "fr/modules/apprentissage/", "fr/about/"]
    {
        let html = page(&out, path);
        assert_eq!(attr(&html, "html", "lang"), Some("fr"), "{path}");
        assert_eq!(text(&select(&html, ".skip-link")[0]), "Aller au contenu", "{path}");
    }
    let home = page(&out, "fr/");
    assert_eq!(text(&select(&home, ".brand span")[0]), "Catalogue d’essai");
    assert_eq!(attr(&page(&out, ""), "html", "lang"), Some("en"));
}

#[test]
fn a_translated_record_has_a_page_in_each_language_with_its_own_text() {
    let (_site, out) = built(None);
    assert_eq!(text(&select(&page(&out, "modules/python-basics/"), "h1")[0]), "Python Basics");
    assert_eq!(text(&select(&page(&out, "fr/modules/python-basics/"), "h1")[0]), "Les bases de Python");
    assert_eq!(text(&select(&page(&out, "fr/about/"), "h1")[0]), "À propos");
}

#[test]
fn a_record_in_one_language_has_exactly_one_page() {
    let (_site, out) = built(None);
    for (exists, missing) in [
        ("projects/chatbot", "fr/projects/chatbot"),
        ("employers/acme", "fr/employers/acme"),
        ("employers/acme/junior-engineer", "fr/employers/acme/junior-engineer"),
        ("programmes/ai-master", "fr/programmes/ai-master"),
        ("fr/modules/apprentissage", "modules/apprentissage"),
    ] {
        assert!(out.join(exists).join("index.html").is_file(), "{exists} has no page");
        assert!(!out.join(missing).exists(), "{missing} is an untranslated copy");
    }
}

#[test]
fn lists_in_french_show_every_record_those_in_english_marked_and_linking_to_their_english_page() {
    let (_site, out) = built(None);
    let catalog = page(&out, "fr/catalog/");
    let project = &select(&catalog, "#projects li.card-project")[0];
    assert_eq!(project.value().attr("lang"), Some("en"));
    assert_eq!(attr(&catalog, "#projects li.card-project .card-title a", "href"), Some("/projects/chatbot/"));
    assert_eq!(select(&catalog, "#projects li.card-project .lang-badge").len(), 1, "the badge says it is in English");
    let titles: Vec<String> = select(&catalog, "#modules .card-title a").iter().map(text).collect();
    assert_eq!(titles, ["Les bases de Python", "Apprentissage automatique"]);
    let translated = &select(&catalog, "#modules li.card-module")[0];
    assert_eq!(translated.value().attr("lang"), None, "a French version is in the page's language");
}

#[test]
fn lists_in_english_show_a_record_written_in_french_linking_to_its_french_page() {
    let (_site, out) = built(None);
    let catalog = page(&out, "catalog/");
    let card = select(&catalog, "#modules li.card-module[lang=fr]");
    assert_eq!(card.len(), 1);
    let link = select(&catalog, "#modules li.card-module[lang=fr] .card-title a");
    assert_eq!(link[0].value().attr("href"), Some("/fr/modules/apprentissage/"));
    assert_eq!(text(&link[0]), "Apprentissage automatique");
}

#[test]
fn the_language_switch_links_the_other_version_or_says_it_leads_to_the_home_page() {
    let (_site, out) = built(None);
    let switch = |path: &str| -> Vec<(String, String, String)> {
        let html = page(&out, path);
        select(&html, ".language-switch a")
            .iter()
            .map(|a| {
                (
                    a.value().attr("href").unwrap_or_default().to_owned(),
                    a.value().attr("lang").unwrap_or_default().to_owned(),
                    text(a),
                )
            })
            .collect()
    };
    assert_eq!(
        switch("modules/python-basics/"),
        [("/fr/modules/python-basics/".into(), "fr".into(), "Français".into())]
    );
    assert_eq!(
        switch("fr/modules/python-basics/"),
        [("/modules/python-basics/".into(), "en".into(), "English".into())]
    );
    assert_eq!(switch("fr/catalog/"), [("/catalog/".into(), "en".into(), "English".into())]);
    let (href, lang, label) = switch("fr/modules/apprentissage/").remove(0);
    assert_eq!((href.as_str(), lang.as_str()), ("/", "en"));
    assert!(label.starts_with("English (") && label.contains("not translated"), "{label}");
    let (href, _, label) = switch("projects/chatbot/").remove(0);
    assert_eq!(href, "/fr/");
    assert!(label.starts_with("Français (") && label.contains("pas traduite"), "{label}");
}

#[test]
fn hreflang_alternates_are_absolute_symmetric_and_name_a_default_under_a_base_url_with_a_path() {
    let (_site, out) = built(Some("https://example.org/catalogue/"));
    let pages = html_pages(&out);
    let file_of = |href: &str| -> String {
        let relative = href
            .strip_prefix("https://example.org/catalogue/")
            .unwrap_or_else(|| panic!("{href} is not absolute under the base URL"));
        if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_owned()
        }
    };
    let mut pairs = 0;
    for (path, html) in &pages {
        let links = alternates(html);
        if links.is_empty() {
            continue;
        }
        assert!(links.iter().any(|(lang, _)| lang == "x-default"), "{path} has no x-default");
        for (lang, href) in links.iter().filter(|(lang, _)| lang != "x-default") {
            let target = file_of(href);
            let other = pages.get(&target).unwrap_or_else(|| panic!("{path}: {lang} {href} has no page"));
            assert_eq!(attr(other, "html", "lang"), Some(lang.as_str()), "{target}");
            assert_eq!(alternates(other), links, "{path} and {target} do not list the same versions");
            pairs += 1;
        }
    }
    assert!(pairs > 20, "only {pairs} alternates");
    let english = alternates(&pages["modules/python-basics/index.html"]);
    assert!(english.contains(&("x-default".into(), "https://example.org/catalogue/modules/python-basics/".into())));
    assert!(alternates(&pages["projects/chatbot/index.html"]).is_empty(), "one version: no alternates");
    let french_only = alternates(&pages["fr/modules/apprentissage/index.html"]);
    assert!(french_only.is_empty(), "one version: no alternates");
}

#[test]
fn each_language_has_its_feed_and_search_index_and_the_sitemap_lists_both_with_alternates() {
    let (_site, out) = built(None);
    let feed = std::fs::read_to_string(out.join("fr/atom.xml")).expect("a French feed");
    assert!(feed.contains("<title>Les bases de Python</title>"), "{feed}");
    let role = feed.split("<entry").find(|e| e.contains("Junior engineer")).expect("the open role's entry");
    assert!(role.starts_with(" xml:lang=\"en\">"), "an English-only role is marked as English: {role}");
    assert!(role.contains("<link href=\"https://example.org/employers/acme/junior-engineer/\"/>"), "{role}");
    assert!(out.join("fr/search/manifest.bin").is_file());
    assert!(out.join("search/manifest.bin").is_file());
    let sitemap = std::fs::read_to_string(out.join("sitemaps/1.xml")).expect("a sitemap");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://example.org/fr/modules/apprentissage/</loc>"));
    assert!(sitemap.contains(
        "<loc>https://example.org/fr/modules/python-basics/</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/modules/python-basics/\"/><xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/fr/modules/python-basics/\"/></url>"
    ));
    assert!(sitemap.contains("<loc>https://example.org/projects/chatbot/</loc></url>"));
}

#[test]
fn the_api_gives_each_record_its_own_page_and_its_translations() {
    let (_site, out) = built(None);
    let api: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("api/catalog.json")).expect("the API")).expect("JSON");
    let module = |id: &str| api["modules"].as_array().unwrap().iter().find(|m| m["id"] == id).cloned().unwrap();
    let basics = module("python-basics");
    assert_eq!(basics["url"], "https://example.org/modules/python-basics/");
    assert_eq!(basics["translations"]["fr"]["url"], "https://example.org/fr/modules/python-basics/");
    assert_eq!(basics["translations"]["fr"]["title"], "Les bases de Python");
    let french = module("apprentissage");
    assert_eq!(french["url"], "https://example.org/fr/modules/apprentissage/");
    assert!(french.get("translations").is_none());
    assert_eq!(api["pages"][0]["translations"]["fr"]["title"], "À propos");
}

#[test]
fn structured_data_names_the_pages_language_and_links_the_original_and_its_translations() {
    let (_site, out) = built(None);
    let course = |path: &str| -> serde_json::Value {
        let html = page(&out, path);
        let json = text(&select(&html, "script[type='application/ld+json']")[0]);
        let graph: serde_json::Value = serde_json::from_str(&json).expect("JSON-LD");
        graph["@graph"].as_array().unwrap().iter().find(|i| i["@type"] == "Course").cloned().unwrap()
    };
    let french = course("fr/modules/python-basics/");
    assert_eq!(french["inLanguage"], "fr");
    assert_eq!(french["translationOfWork"][0]["url"], "https://example.org/modules/python-basics/");
    let english = course("modules/python-basics/");
    assert_eq!(english["inLanguage"], "en");
    assert_eq!(english["workTranslation"][0]["url"], "https://example.org/fr/modules/python-basics/");
    assert_eq!(english["workTranslation"][0]["inLanguage"], "fr");
    assert!(course("fr/modules/apprentissage/").get("workTranslation").is_none());
}

#[test]
fn a_french_internal_link_goes_to_the_french_page_and_a_link_to_an_english_only_record_to_its_english_page() {
    let (_site, out) = built(None);
    let french = page(&out, "fr/modules/apprentissage/");
    let hrefs = fixture::hrefs(&french, ".prose a");
    assert!(hrefs.contains(&"/fr/modules/python-basics/".to_owned()), "{hrefs:?}");
    let basics = page(&out, "fr/modules/python-basics/");
    assert!(fixture::hrefs(&basics, ".prose a").contains(&"/fr/modules/apprentissage/".to_owned()));
}
