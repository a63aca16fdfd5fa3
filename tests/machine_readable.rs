//! The files made for machines: the sitemap index and its sitemaps, the Atom feeds and the
//! JSON API, each checked against its published schema with a real validator.
//!
//! The schemas are in `tests/schemas/`: the sitemaps.org XSDs (`sitemap.xsd`,
//! `siteindex.xsd`; `sitemap-alternates.xsd` adds the `xhtml:link` element of a multilingual
//! site's alternates, `xhtml-link.xsd`, which sitemap.xsd's strict wildcard must find), RFC 4287's RELAX NG grammar (`atom.rnc`, as the RFC gives it, and
//! `atom.rng`, made from it with `trang atom.rnc atom.rng`), validated with `xmllint`
//! (Debian `libxml2-utils`); the API's JSON Schemas are the site's own `api/schema/*.json`,
//! validated with Python's `jsonschema` (`validate_api.py`). `.ci/run` installs both; without
//! them the tests fail under CI and say they were skipped elsewhere.

#[path = "common/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use fixture::Site;

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas")
}

/// `found`, after failing under CI if it is not, and saying the test was skipped elsewhere.
fn tool(found: bool, what: &str, install: &str) -> bool {
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{what} is missing: CI must install it (see .ci/run)");
        eprintln!("SKIPPED: {what} did not run ({install})");
    }
    found
}

fn xmllint() -> bool {
    let found = Process::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    tool(found, "xmllint", "apt-get install libxml2-utils")
}

fn jsonschema() -> bool {
    let found = Process::new("python3").args(["-c", "import jsonschema"]).status().is_ok_and(|s| s.success());
    tool(found, "Python's jsonschema", "pip install jsonschema")
}

/// Validates `files` with `xmllint --noout <how> <schema>` and panics with its report if any is invalid.
fn assert_valid_xml(how: &str, schema: &str, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to validate against {schema}");
    let output =
        Process::new("xmllint").args(["--noout", how]).arg(schemas().join(schema)).args(files).output().unwrap();
    assert!(output.status.success(), "invalid against {schema}:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// The example site, built into a temporary folder.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fixture::build_example(&out).env("SOURCE_DATE_EPOCH", "1764000000").assert().success();
    (dir, out)
}

fn build(site: &Site) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    site.build(&out).assert().success();
    (dir, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The texts of the `<loc>` elements of a sitemap or sitemap index.
fn locs(xml: &str) -> Vec<&str> {
    xml.split("<loc>").skip(1).filter_map(|rest| rest.split_once("</loc>")).map(|(loc, _)| loc).collect()
}

/// The local file of an absolute URL of the example site.
fn local(out: &Path, url: &str) -> PathBuf {
    let path = url.strip_prefix("https://catalog.example.org/").unwrap_or_else(|| panic!("not the site's: {url}"));
    if path.is_empty() || path.ends_with('/') { out.join(path).join("index.html") } else { out.join(path) }
}

fn html_pages(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn the_sitemap_index_and_its_sitemaps_are_valid_against_the_sitemaps_org_schemas() {
    let (_dir, out) = example();
    let index = read(&out.join("sitemap.xml"));
    let parts: Vec<PathBuf> = locs(&index).into_iter().map(|loc| local(&out, loc)).collect();
    if xmllint() {
        assert_valid_xml("--schema", "siteindex.xsd", &[out.join("sitemap.xml")]);
        // The example is bilingual: its sitemaps list each page's other-language versions.
        assert_valid_xml("--schema", "sitemap-alternates.xsd", &parts);
    }
}

#[test]
fn the_sitemaps_list_every_page_but_the_404_page_once() {
    let (_dir, out) = example();
    let index = read(&out.join("sitemap.xml"));
    let mut listed: Vec<PathBuf> = Vec::new();
    for part in locs(&index) {
        listed.extend(locs(&read(&local(&out, part))).into_iter().map(|loc| local(&out, loc)));
    }
    let mut pages: Vec<PathBuf> = html_pages(&out).into_iter().filter(|p| !p.ends_with("404.html")).collect();
    listed.sort();
    pages.sort();
    assert_eq!(listed, pages);
}

#[test]
fn robots_txt_names_the_sitemap_index() {
    let (_dir, out) = example();
    assert!(read(&out.join("robots.txt")).contains("Sitemap: https://catalog.example.org/sitemap.xml\n"));
}

#[test]
fn a_module_url_carries_its_updated_date_and_its_sitemap_the_newest() {
    let site = Site::new();
    site.module("old", "updated: 2024-05-01\n", "Body.\n").module("new", "updated: 2025-03-09\n", "Body.\n");
    let (_dir, out) = build(&site);
    let sitemap = read(&out.join("sitemaps/1.xml"));
    assert!(sitemap.contains("<loc>https://example.org/modules/old/</loc><lastmod>2024-05-01</lastmod>"), "{sitemap}");
    let index = read(&out.join("sitemap.xml"));
    assert!(index.contains("<loc>https://example.org/sitemaps/1.xml</loc><lastmod>2025-03-09</lastmod>"), "{index}");
}

/// Every feed of the example site: the site's, the roles' and each programme's.
fn feeds(out: &Path) -> Vec<PathBuf> {
    let mut feeds = vec![out.join("atom.xml"), out.join("roles.atom.xml")];
    feeds.extend(std::fs::read_dir(out.join("programmes")).unwrap().map(|e| e.unwrap().path().join("atom.xml")));
    feeds
}

#[test]
fn every_feed_is_valid_against_the_rfc_4287_relax_ng_schema() {
    let (_dir, out) = example();
    let feeds = feeds(&out);
    assert!(feeds.len() >= 3 && feeds.iter().all(|f| f.exists()), "{feeds:?}");
    if xmllint() {
        assert_valid_xml("--relaxng", "atom.rng", &feeds);
    }
}

#[test]
fn the_site_feed_carries_the_newest_feed_limit_entries_newest_first() {
    let site = Site::new();
    site.write("content/site.yaml", &format!("{}feed_limit: 2\n", fixture::SITE_YAML));
    // Undated records count as changed on the build date: date the fixture's own.
    site.write(
        "content/modules/python-basics.md",
        &fixture::PYTHON_BASICS.replacen("---\n", "---\nupdated: 2024-01-01\n", 1),
    );
    site.write(
        "content/employers/acme.yaml",
        &fixture::ACME.replace("    country: FR\n", "    country: FR\n    posted: 2024-01-01\n"),
    );
    for (id, date) in [("a", "2025-01-01"), ("b", "2025-03-01"), ("c", "2025-02-01")] {
        site.module(id, &format!("updated: {date}\n"), "Body.\n");
    }
    let (_dir, out) = build(&site);
    let feed = read(&out.join("atom.xml"));
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 2, "{feed}");
    assert!(entries[0].contains("/modules/b/") && entries[1].contains("/modules/c/"), "{feed}");
}

#[test]
fn the_roles_feed_carries_open_roles_only() {
    let site = Site::new();
    let closed = "  - title: Old job\n    closes: 2020-01-01\n    apply_url: https://acme.example.com/old\n";
    site.write("content/employers/acme.yaml", &format!("{}{closed}", fixture::ACME));
    let (_dir, out) = build(&site);
    let feed = read(&out.join("roles.atom.xml"));
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(feed.contains("<title>Junior engineer — Acme</title>"), "{feed}");
}

#[test]
fn a_programme_feed_carries_its_modules_only() {
    let site = Site::new();
    site.module("elsewhere", "", "Body.\n");
    let (_dir, out) = build(&site);
    let feed = read(&out.join("programmes/ai-master/atom.xml"));
    assert!(feed.contains("/modules/python-basics/") && !feed.contains("/modules/elsewhere/"), "{feed}");
}

#[test]
fn each_feed_is_linked_from_the_pages_it_belongs_to() {
    let (_dir, out) = example();
    let links_to = |page: &str, feed: &str| {
        let href = format!("href=\"{feed}\"");
        let alternate = "<link rel=\"alternate\" type=\"application/atom+xml\"";
        read(&out.join(page)).lines().any(|l| l.contains(alternate) && l.contains(&href))
    };
    // Each page links the feed of its language's site: `/fr/atom.xml` under `/fr/`.
    let site_feed =
        |page: &Path| if page.starts_with(out.join("fr")) { "href=\"/fr/atom.xml\"" } else { "href=\"/atom.xml\"" };
    assert!(html_pages(&out).iter().all(|p| read(p).contains(site_feed(p))), "a page lacks its site feed");
    for page in ["index.html", "catalog/index.html", "employers/pixelmoor-robotics/index.html"] {
        assert!(links_to(page, "/roles.atom.xml"), "{page} does not link the roles feed");
    }
    assert!(links_to("programmes/msc-applied-ai/index.html", "/programmes/msc-applied-ai/atom.xml"));
    assert!(!links_to("modules/deep-learning/index.html", "/roles.atom.xml"));
}

#[test]
fn the_second_page_of_open_roles_links_the_roles_feed() {
    let site = Site::new();
    let roles: String =
        (0..60).map(|i| format!("  - title: Role {i}\n    apply_url: https://acme.example.com/{i}\n")).collect();
    site.write("content/employers/acme.yaml", &format!("{}{roles}", fixture::ACME));
    let (_dir, out) = build(&site);
    let page = read(&out.join("catalog/roles/2/index.html"));
    assert!(
        page.contains("type=\"application/atom+xml\" title=\"Open roles · Fixture catalog\" href=\"/roles.atom.xml\"")
    );
    let modules_page = Site::new();
    for i in 0..60 {
        modules_page.module(&format!("m{i:02}"), "", "Body.\n");
    }
    let (_dir, out) = build(&modules_page);
    assert!(!read(&out.join("catalog/modules/2/index.html")).contains("/roles.atom.xml\""));
}

const KINDS: [&str; 5] = ["modules", "projects", "employers", "roles", "programmes"];

#[test]
fn every_api_file_is_valid_against_its_published_json_schema() {
    let (_dir, out) = example();
    if jsonschema() {
        let output =
            Process::new("python3").arg(schemas().join("validate_api.py")).arg(&out).args(KINDS).output().unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_programme_stating_every_fact_and_claim_is_valid_against_the_programmes_schema() {
    let site = Site::new();
    let programme = fixture::AI_MASTER.replacen(
        "---\nThe",
        "awarded_by: Fixture School
mode: blended
languages: [en]
weekly_hours: 2
apply_url: https://apply.example.org/
funding: Employer **funding**.
outcomes: {placement_rate: 80, median_salary: 40000, currency: EUR, sample_size: 30, period: 2024, source: Survey}
accreditation:
  - {region: France, status: registered, body: France Compétences, since: 2024-03-01}
  - {region: UK, status: not-accredited}
job_guarantee: {months: 6, refund: true, terms: about}
cohorts:
  - {starts: 2026-03-01, applications_close: 2026-01-31, seats: 20}
---\nThe",
        1,
    );
    site.write("content/programmes/ai-master.md", &programme);
    let (_dir, out) = build(&site);
    if jsonschema() {
        let output = Process::new("python3")
            .arg(schemas().join("validate_api.py"))
            .arg(&out)
            .arg("programmes")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ids(list: &serde_json::Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[test]
fn the_files_by_kind_hold_the_records_of_the_bulk_file() {
    let (_dir, out) = example();
    let bulk = json(&out.join("api/catalog.json"));
    for kind in ["modules", "projects", "employers", "programmes"] {
        let file = json(&out.join(format!("api/{kind}.json")));
        assert_eq!(file[kind], bulk[kind], "api/{kind}.json");
        assert_eq!(file["schema"], format!("https://catalog.example.org/api/schema/{kind}.json"));
    }
    let roles = json(&out.join("api/roles.json"));
    let bulk_roles: Vec<&str> = bulk["employers"].as_array().unwrap().iter().flat_map(|e| ids(&e["roles"])).collect();
    assert_eq!(ids(&roles["roles"]), bulk_roles);
}

#[test]
fn each_schema_is_published_under_the_sites_own_address() {
    let (_dir, out) = example();
    for kind in KINDS {
        let schema = json(&out.join(format!("api/schema/{kind}.json")));
        assert_eq!(schema["$id"], format!("https://catalog.example.org/api/schema/{kind}.json"));
    }
}

/// The example site in English and French (see `Site::bilingual_example`), built into its `public/`.
fn bilingual_example() -> (Site, PathBuf) {
    let site = Site::bilingual_example();
    let out = site.path("public");
    site.build(&out).assert().success();
    (site, out)
}

#[test]
fn a_bilingual_sites_sitemaps_with_their_alternates_are_valid_against_the_sitemaps_org_schemas() {
    let (_site, out) = bilingual_example();
    let index = read(&out.join("sitemap.xml"));
    let parts: Vec<PathBuf> = locs(&index).into_iter().map(|loc| local(&out, loc)).collect();
    let sitemap = read(&parts[0]);
    assert!(sitemap.contains("<loc>https://catalog.example.org/fr/catalog/</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"fr\""));
    if xmllint() {
        assert_valid_xml("--schema", "siteindex.xsd", &[out.join("sitemap.xml")]);
        assert_valid_xml("--schema", "sitemap-alternates.xsd", &parts);
    }
}

#[test]
fn every_language_has_its_feeds_each_valid_against_the_rfc_4287_relax_ng_schema() {
    let (_site, out) = bilingual_example();
    let mut all = feeds(&out);
    let french = [out.join("fr/atom.xml"), out.join("fr/roles.atom.xml")];
    assert!(french.iter().all(|f| f.exists()), "{french:?}");
    assert!(read(&french[0]).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"));
    all.extend(french);
    if xmllint() {
        assert_valid_xml("--relaxng", "atom.rng", &all);
    }
}

#[test]
fn a_bilingual_sites_api_files_with_their_translations_are_valid_against_their_schemas() {
    let (_site, out) = bilingual_example();
    let api = json(&out.join("api/catalog.json"));
    let translated = api["modules"].as_array().unwrap().iter().filter(|m| m.get("translations").is_some()).count();
    assert!(translated > 0, "no module lists a translation");
    if jsonschema() {
        let output =
            Process::new("python3").arg(schemas().join("validate_api.py")).arg(&out).args(KINDS).output().unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
