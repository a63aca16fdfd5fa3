//! The bundled example catalog builds into a complete, link-clean site.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};

const EPOCH: &str = "1764028800"; // 2025-11-25: every role in the example is still open.

fn build(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut cmd = Command::cargo_bin("prospectus").unwrap();
    cmd.args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"]).arg(&out).env("SOURCE_DATE_EPOCH", EPOCH);
    if let Some(url) = base_url {
        cmd.args(["--base-url", url]);
    }
    cmd.assert().success();
    (dir, out)
}

fn files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Every `id` of every page, by output file.
fn ids(out: &Path) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let any = Selector::parse("[id]").unwrap();
    files(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let html = Html::parse_document(&read(&p));
            let ids = html.select(&any).filter_map(|e| e.value().attr("id").map(str::to_owned)).collect();
            (p, ids)
        })
        .collect()
}

/// Checks every href and src of every page: the file exists under the base path, and so does the anchor.
fn broken_links(out: &Path, base_path: &str, origin: &str) -> (usize, Vec<String>) {
    let ids = ids(out);
    let links = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in ids.keys() {
        let html = Html::parse_document(&read(page));
        for element in html.select(&links) {
            let target = element.value().attr("href").or_else(|| element.value().attr("src")).unwrap();
            let target = target.strip_prefix(origin).unwrap_or(target);
            if target.starts_with("http") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = target.split_once('#').map_or((target, None), |(p, a)| (p, Some(a)));
            let file = if path.is_empty() {
                page.clone()
            } else {
                let Some(relative) = path.strip_prefix(base_path) else {
                    broken.push(format!("{}: `{target}` is outside the base path", page.display()));
                    continue;
                };
                let relative = relative.split('?').next().unwrap();
                if relative.is_empty() || relative.ends_with('/') {
                    out.join(relative).join("index.html")
                } else {
                    out.join(relative)
                }
            };
            if !file.exists() {
                broken.push(format!("{}: `{target}` has no file {}", page.display(), file.display()));
            } else if let Some(anchor) =
                anchor.filter(|a| !a.is_empty()).map(|a| percent_decode_str(a).decode_utf8_lossy())
                && !ids.get(&file).is_some_and(|set| set.contains(anchor.as_ref()))
            {
                broken.push(format!("{}: `{target}` has no anchor", page.display()));
            }
        }
    }
    (checked, broken)
}

#[test]
fn every_link_of_the_example_site_resolves_to_a_file_and_anchor() {
    let (_dir, out) = build(None);
    let (checked, broken) = broken_links(&out, "/", "https://catalog.example.org");
    assert!(checked > 2000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn every_link_works_under_a_base_url_with_a_path() {
    let (_dir, out) = build(Some("https://example.org/catalogue/"));
    let (checked, broken) = broken_links(&out, "/catalogue/", "https://example.org");
    assert!(checked > 2000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    assert!(
        read(&out.join("sitemaps/1.xml")).contains("<loc>https://example.org/catalogue/modules/deep-learning/</loc>")
    );
}

/// The folder of a language's site under the output: the default language's is the output itself.
fn site_of(lang: &str) -> String {
    if lang == "en" { String::new() } else { format!("{lang}/") }
}

/// Where a Markdown content file's page is, relative to the output: a translation
/// `<id>.<lang>.md` in its language's site, an original in the site of its `language`.
fn page_of(file: &Path, url: &str) -> PathBuf {
    let stem = file.file_stem().unwrap().to_str().unwrap();
    let (id, lang) = match stem.split_once('.') {
        Some((id, lang)) => (id, lang.to_owned()),
        None => {
            let text = read(file);
            let language = text.lines().find_map(|l| l.strip_prefix("language: ")).unwrap_or("en");
            (stem, language.trim().to_owned())
        }
    };
    Path::new(&site_of(&lang)).join(url).join(id).join("index.html")
}

/// A page's `<html lang>` and the text of its `<h1>`.
fn lang_and_title(page: &Path) -> (String, String) {
    let html = Html::parse_document(&read(page));
    let lang = html.root_element().value().attr("lang").unwrap_or_default().to_owned();
    let h1 = html.select(&Selector::parse("h1").unwrap()).next().map(|e| e.text().collect::<String>());
    (lang, h1.unwrap_or_default().trim().to_owned())
}

#[test]
fn every_link_of_both_languages_of_the_bilingual_example_resolves_under_a_base_url_with_a_path() {
    let site = fixture::Site::bilingual_example();
    let out = site.path("public");
    site.build(&out)
        .args(["--base-url", "https://example.org/catalogue/"])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .assert()
        .success();
    assert!(out.join("fr/catalog/index.html").is_file() && out.join("catalog/index.html").is_file());
    let (checked, broken) = broken_links(&out, "/catalogue/", "https://example.org");
    assert!(checked > 4000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn every_record_gets_its_page() {
    let (_dir, out) = build(None);
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (folder, url) in [("modules", "modules"), ("programmes", "programmes"), ("pages", "")] {
        for file in files(&content.join(folder)) {
            let draft = read(&file).contains("\ndraft: true");
            let page = out.join(page_of(&file, url));
            assert_eq!(page.exists(), !draft, "{}", page.display());
        }
    }
    for page in ["index.html", "catalog/index.html", "skills/index.html", "404.html", "robots.txt", "atom.xml"] {
        assert!(out.join(page).exists(), "{page}");
    }
}

#[test]
fn drafts_are_left_out_entirely() {
    let (_dir, out) = build(None);
    assert!(!out.join("modules/quantum-machine-learning").exists());
    for file in files(&out) {
        let text = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains("quantum-machine-learning"), "{} mentions the draft", file.display());
    }
}

#[test]
fn drafts_flag_publishes_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    Command::cargo_bin("prospectus")
        .unwrap()
        .args(["build", "--drafts", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("modules/quantum-machine-learning/index.html").exists());
}

/// The path of a record of `api/catalog.json` in the English site: its English translation's page
/// if it has one (a French-taught module), else its own page.
fn english_path(record: &serde_json::Value) -> &str {
    let url = record["translations"]["en"]["url"].as_str().or_else(|| record["url"].as_str()).unwrap();
    url.trim_start_matches("https://catalog.example.org")
}

#[test]
fn catalog_page_lists_every_module_project_employer_and_open_role_without_javascript() {
    let (_dir, out) = build(None);
    let api: serde_json::Value = serde_json::from_str(&read(&out.join("api/catalog.json"))).unwrap();
    let catalog = read(&out.join("catalog/index.html"));
    for kind in ["modules", "projects", "employers"] {
        for record in api[kind].as_array().unwrap() {
            let path = english_path(record);
            assert!(catalog.contains(&format!("href=\"{path}\"")), "catalog lacks {path}");
        }
    }
    for employer in api["employers"].as_array().unwrap() {
        for role in employer["roles"].as_array().unwrap().iter().filter(|r| r["open"] == true) {
            let path = role["url"].as_str().unwrap().trim_start_matches("https://catalog.example.org");
            assert!(catalog.contains(&format!("href=\"{path}\"")), "catalog lacks role {path}");
        }
    }
}

#[test]
fn api_json_has_every_published_record_with_resolved_relations() {
    let (_dir, out) = build(None);
    let api: serde_json::Value = serde_json::from_str(&read(&out.join("api/catalog.json"))).unwrap();
    let modules = api["modules"].as_array().unwrap();
    assert!(modules.len() >= 15);
    let nlp = modules.iter().find(|m| m["id"] == "nlp-transformers").unwrap();
    assert_eq!(nlp["url"], "https://catalog.example.org/modules/nlp-transformers/");
    assert!(nlp["prerequisites"].as_array().unwrap().contains(&"deep-learning".into()));
    let deep = modules.iter().find(|m| m["id"] == "deep-learning").unwrap();
    assert!(deep["unlocks"].as_array().unwrap().contains(&"nlp-transformers".into()));
    let programme = &api["programmes"][0];
    let hours: u64 = programme["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| modules.iter().find(|m| &m["id"] == id).unwrap()["duration_hours"].as_u64().unwrap())
        .sum();
    assert_eq!(programme["total_hours"].as_u64().unwrap(), hours);
}

#[test]
fn skills_differing_in_case_share_one_page() {
    let (_dir, out) = build(None);
    let skills = out.join("skills");
    assert!(skills.join("machine-learning/index.html").exists());
    let page = read(&skills.join("machine-learning/index.html"));
    // Modules that wrote "machine learning" and "Machine Learning" are both listed.
    assert!(page.contains("/modules/classical-machine-learning/"), "{page}");
}

#[test]
fn sitemap_and_feed_are_well_formed_xml_with_absolute_urls() {
    let (_dir, out) = build(None);
    for file in ["sitemap.xml", "sitemaps/1.xml", "atom.xml"] {
        let text = read(&out.join(file));
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{file} is not well-formed: {e}"),
            }
        }
    }
    let sitemap = read(&out.join("sitemaps/1.xml"));
    assert!(sitemap.lines().filter(|l| l.contains("<loc>")).all(|l| l.contains("<loc>https://catalog.example.org/")));
    assert!(!sitemap.contains("404.html"));
    let feed = read(&out.join("atom.xml"));
    assert!(feed.contains("<category term=\"module\"/>") && feed.contains("<category term=\"role\"/>"));
}

#[test]
fn code_blocks_are_highlighted_with_classes_and_a_stylesheet() {
    let (_dir, out) = build(None);
    let page = read(&out.join("modules/python-for-data-science/index.html"));
    assert!(page.contains("<pre class=\"code\" data-lang=\"python\">"), "no highlighted python block");
    // Compact markup: a token's span names its light style (lower case) and its dark
    // style (upper case), never the scopes it came from.
    assert!(!page.contains("class=\"hl-"), "scope classes are back in the markup");
    let token = Selector::parse("pre.code span[class]").unwrap();
    let html = Html::parse_document(&page);
    let classes: Vec<String> = html.select(&token).map(|s| s.value().attr("class").unwrap_or("").to_owned()).collect();
    assert!(classes.len() > 20, "only {} classed spans", classes.len());
    assert!(classes.iter().any(|c| c.split(' ').any(|c| c.starts_with(|ch: char| ch.is_ascii_lowercase()))));
    assert!(classes.iter().any(|c| c.split(' ').any(|c| c.starts_with(|ch: char| ch.is_ascii_uppercase()))));
    let css = read(&out.join("highlight.css"));
    assert!(css.contains("prefers-color-scheme: dark"));
    for class in classes.iter().flat_map(|c| c.split(' ')) {
        assert!(css.contains(&format!(".{class} ")), "highlight.css has no rule for .{class}");
    }
}

/// The site works under its own Content-Security-Policy: every page declares it
/// first thing in `<head>`, and nothing on any page needs what it forbids — no
/// inline script (JSON-LD data blocks are not scripts), no inline style, no
/// event handler attribute, no `javascript:` URL, nothing loaded from elsewhere.
#[test]
fn pages_carry_a_strict_csp_and_nothing_it_would_block() {
    let (_dir, out) = build(None);
    const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";
    let inline = Selector::parse("script:not([src]):not([type=\"application/ld+json\"]), style, [style]").unwrap();
    let csp = Selector::parse("head > meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    let head = Selector::parse("head > *").unwrap();
    let all = Selector::parse("*").unwrap();
    for file in files(&out).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let html = Html::parse_document(&read(&file));
        let name = file.display();
        assert!(html.select(&inline).next().is_none(), "{name} has inline script or style");
        let policy = html.select(&csp).next().unwrap_or_else(|| panic!("{name} has no CSP meta"));
        assert_eq!(policy.value().attr("content"), Some(CSP), "{name}");
        let first_two: Vec<_> = html.select(&head).take(2).map(|e| e.value().name().to_owned()).collect();
        assert_eq!(first_two, ["meta", "meta"], "{name}: the charset, then the CSP, come first");
        for element in html.select(&all) {
            for (attribute, value) in element.value().attrs() {
                assert!(!attribute.starts_with("on"), "{name}: event handler {attribute}={value:?}");
                let url = value.trim_start().to_ascii_lowercase();
                assert!(!url.starts_with("javascript:"), "{name}: {attribute}={value:?}");
                if matches!(attribute, "src" | "href") && element.value().name() != "a" {
                    let external = url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//");
                    let canonical = element.value().attr("rel").is_some_and(|r| r == "canonical" || r == "alternate");
                    assert!(!external || canonical, "{name}: loads {value} from elsewhere");
                }
            }
        }
    }
}

#[test]
fn module_pages_show_the_roles_sharing_most_skills_and_link_every_skill_page_for_the_rest() {
    let (_dir, out) = build(None);
    let api: serde_json::Value = serde_json::from_str(&read(&out.join("api/catalog.json"))).unwrap();
    let open_roles: Vec<(String, BTreeSet<String>)> = api["employers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["roles"].as_array().unwrap())
        .filter(|r| r["open"] == true)
        .map(|r| {
            let path = r["url"].as_str().unwrap().trim_start_matches("https://catalog.example.org").to_owned();
            (path, r["skills"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        })
        .collect();
    let cards = Selector::parse("#p--roles li.card-role h3 a, #p--roles li.card-role a.card-link").unwrap();
    let count = Selector::parse("#p--roles-title .count").unwrap();
    let skill_links = Selector::parse(".more-roles a").unwrap();
    let mut capped = 0;
    for module in api["modules"].as_array().unwrap() {
        let skills: BTreeSet<String> =
            module["skills"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        let shared = |role: &BTreeSet<String>| role.intersection(&skills).count();
        let wanting: Vec<_> = open_roles.iter().filter(|(_, r)| shared(r) > 0).collect();
        let path = english_path(module);
        let html = Html::parse_document(&read(&out.join(path.trim_start_matches('/')).join("index.html")));
        let shown: Vec<String> =
            html.select(&cards).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect();
        assert!(shown.len() <= 6, "{path} shows {} roles", shown.len());
        assert_eq!(shown.len(), wanting.len().min(6), "{path}");
        if wanting.is_empty() {
            continue;
        }
        let heading: usize = html.select(&count).next().unwrap().text().collect::<String>().trim().parse().unwrap();
        assert_eq!(heading, wanting.len(), "{path}: the count is every open role wanting its skills");
        // No role left out shares more skills than a role shown.
        let overlap = |url: &String| shared(&open_roles.iter().find(|(p, _)| p == url).unwrap().1);
        let least_shown = shown.iter().map(overlap).min().unwrap();
        let most_hidden = wanting.iter().filter(|(p, _)| !shown.contains(p)).map(|(_, r)| shared(r)).max();
        assert!(most_hidden.is_none_or(|h| h <= least_shown), "{path}: a better-matching role is hidden");
        if wanting.len() > 6 {
            capped += 1;
            let links: Vec<String> =
                html.select(&skill_links).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect();
            let wanted: BTreeSet<&String> =
                skills.iter().filter(|s| open_roles.iter().any(|(_, r)| r.contains(*s))).collect();
            assert_eq!(links.len(), wanted.len(), "{path}: one link per skill that open roles want");
            assert!(links.iter().all(|l| l.starts_with("/skills/") && l.ends_with("/#roles")), "{links:?}");
        }
    }
    assert!(capped > 0, "the example catalog has modules with more than six matching roles");
}

#[test]
fn every_list_showing_a_role_links_to_the_role_page() {
    let (_dir, out) = build(None);
    let page = "/employers/fenwright-bank/llm-platform-engineer/";
    assert!(out.join("employers/fenwright-bank/llm-platform-engineer/index.html").exists());
    for shown_on in ["employers/fenwright-bank/index.html", "skills/azure-openai/index.html", "catalog/index.html"] {
        assert!(read(&out.join(shown_on)).contains(&format!("href=\"{page}\"")), "{shown_on} does not link {page}");
    }
    let absolute = format!("https://catalog.example.org{page}");
    assert!(read(&out.join("atom.xml")).contains(&absolute), "the feed does not link {absolute}");
    assert!(
        read(&out.join("api/catalog.json")).contains(&format!("\"{absolute}\"")),
        "the API does not link {absolute}"
    );
}

#[test]
fn the_example_site_checks_without_a_single_warning() {
    let output = Command::cargo_bin("prospectus")
        .unwrap()
        .args(["check", "--deny-warnings", "--format", "json", "--root", env!("CARGO_MANIFEST_DIR")])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "[]\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_example_programme_names_its_credential_and_who_awards_it_without_claiming_a_degree() {
    let (_dir, out) = build(None);
    let html = read(&out.join("programmes/msc-applied-ai/index.html"));
    assert!(html.contains("<dt>Awarded by</dt><dd>Applied AI School</dd>"), "{html}");
    assert!(html.contains("<dd>Master&#39;s-level diploma (RNCP level 7)</dd>"), "{html}");
    let title = &html[html.find("<h1>").unwrap()..html.find("</h1>").unwrap()];
    assert!(!title.contains("Master&#39;s in") && !title.contains("MSc"), "{title}");
    for status in ["Registered with France Compétences (RNCP) since", "✕</span> Not accredited</span>"] {
        assert!(html.contains(status), "missing {status:?}");
    }
    assert!(html.contains(r#"<a href="/job-guarantee/">Read the conditions of the guarantee</a>"#));
}

#[test]
fn the_french_programme_page_is_in_french_under_fr() {
    let (_dir, out) = build(None);
    let (lang, title) = lang_and_title(&out.join("fr/programmes/msc-applied-ai/index.html"));
    assert_eq!(lang, "fr");
    assert_eq!(title, "Intelligence artificielle appliquée\u{202f}: un diplôme bac + 5 conçu avec Microsoft");
}

#[test]
fn the_french_home_page_shows_the_french_title_and_description() {
    let (_dir, out) = build(None);
    let html = read(&out.join("fr/index.html"));
    assert_eq!(lang_and_title(&out.join("fr/index.html")), ("fr".to_owned(), "Catalogue IA appliquée".to_owned()));
    assert!(html.contains("pour le diplôme de niveau bac + 5 en intelligence artificielle appliquée"), "{html}");
}

#[test]
fn the_french_taught_modules_have_their_original_under_fr_and_an_english_translation() {
    let (_dir, out) = build(None);
    for (id, french, english) in [
        ("apprentissage-automatique-applique", "Apprentissage automatique appliqué", "Applied Machine Learning"),
        ("ethique-ia-droit-europeen", "Éthique de l’IA et droit européen", "AI Ethics and European Law"),
    ] {
        let original = out.join(format!("fr/modules/{id}/index.html"));
        assert_eq!(lang_and_title(&original), ("fr".to_owned(), french.to_owned()));
        let translation = out.join(format!("modules/{id}/index.html"));
        assert_eq!(lang_and_title(&translation), ("en".to_owned(), english.to_owned()));
    }
}

#[test]
fn an_untranslated_module_has_exactly_one_page() {
    let (_dir, out) = build(None);
    assert!(out.join("modules/deep-learning/index.html").exists());
    assert!(!out.join("fr/modules/deep-learning").exists());
}

#[test]
fn the_translated_employers_have_every_role_in_french() {
    let (_dir, out) = build(None);
    for (employer, role, title) in [
        (
            "garonne-aerosystemes",
            "consultant-ia-industrielle-mission-de-6-mois",
            "Consultant·e en IA industrielle (mission de six mois)",
        ),
        ("orbelle-sante", "ingenieur-e-mlops-en-alternance", "Ingénieur·e MLOps en alternance"),
    ] {
        let (lang, _) = lang_and_title(&out.join(format!("fr/employers/{employer}/index.html")));
        assert_eq!(lang, "fr");
        let (lang, h1) = lang_and_title(&out.join(format!("fr/employers/{employer}/{role}/index.html")));
        assert_eq!((lang.as_str(), h1.as_str()), ("fr", title));
    }
    let roles =
        |dir: &str| std::fs::read_dir(out.join(dir)).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(roles("fr/employers/garonne-aerosystemes"), roles("employers/garonne-aerosystemes"));
    assert_eq!(roles("fr/employers/orbelle-sante"), roles("employers/orbelle-sante"));
}
