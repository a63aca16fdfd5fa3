//! Every page carries structured data that a real validator accepts, and the data each page
//! kind promises: Google's rich-result rules and the schema.org vocabulary, checked offline by
//! `@adobe/structured-data-validator` (see `tests/structured-data/validate.mjs`).
//!
//! `.ci/run` installs the validator from npm and sets `STRUCTURED_DATA_VALIDATOR` to its
//! `node_modules` folder. Without it the test fails under CI and says it was skipped elsewhere.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fixture::Site;
use serde_json::Value;

fn validator() -> Option<PathBuf> {
    let modules = std::env::var_os("STRUCTURED_DATA_VALIDATOR").map(PathBuf::from).filter(|p| p.exists());
    if modules.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "STRUCTURED_DATA_VALIDATOR is not set: CI must install the validator (see .ci/run)"
        );
        eprintln!("SKIPPED: the structured-data validator did not run (see .ci/run: STRUCTURED_DATA_VALIDATOR)");
    }
    modules
}

/// What the validator saw on one page: the JSON-LD items by type, and its issues.
struct Report {
    data: BTreeMap<String, Vec<Value>>,
    issues: Vec<Value>,
}

impl Report {
    /// The only item of type `kind` on the page.
    fn one(&self, kind: &str) -> &Value {
        match self.data.get(kind).map(Vec::as_slice) {
            Some([item]) => item,
            other => panic!("expected one {kind}, found {other:?}"),
        }
    }

    fn types(&self) -> Vec<&str> {
        self.data.keys().map(String::as_str).collect()
    }
}

/// Builds the site under `root` into a temporary folder (with `base_url` when given).
fn build(root: &Path, base_url: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp folder");
    let mut command = assert_cmd::Command::cargo_bin("prospectus").expect("binary");
    command.args(["build", "--root"]).arg(root).arg("--out").arg(out.path()).env("SOURCE_DATE_EPOCH", "1795000000");
    if let Some(base) = base_url {
        command.args(["--base-url", base]);
    }
    command.assert().success();
    out
}

/// Validates every HTML page of `out`, by path relative to it.
fn validate(modules: &Path, out: &Path) -> BTreeMap<String, Report> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/structured-data/validate.mjs");
    let output = std::process::Command::new("node").arg(script).arg(modules).args(&pages).output().expect("run node");
    assert!(output.status.success(), "validator failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    stdout
        .lines()
        .map(|line| {
            let report: Value = serde_json::from_str(line).expect("a JSON line");
            let file = report["file"].as_str().expect("file");
            let relative = Path::new(file).strip_prefix(out).expect("under out").to_string_lossy().replace('\\', "/");
            let data = serde_json::from_value(report["data"].clone()).expect("items by type");
            let issues = report["issues"].as_array().cloned().unwrap_or_default();
            (relative, Report { data, issues })
        })
        .collect()
}

/// Errors, and schema.org vocabulary warnings (an unknown property), which count as errors.
fn errors(reports: &BTreeMap<String, Report>) -> Vec<String> {
    let mut errors = Vec::new();
    for (page, report) in reports {
        for issue in &report.issues {
            if issue["severity"] == "ERROR" || issue["errorType"] == "schemaOrg" {
                errors.push(format!("{page}: {} {}", issue["issueMessage"], issue["path"]));
            }
        }
    }
    errors
}

#[test]
fn every_page_of_the_example_site_has_valid_structured_data() {
    let Some(modules) = validator() else { return };
    let out = build(Path::new(env!("CARGO_MANIFEST_DIR")), None);
    let reports = validate(&modules, out.path());
    assert!(reports.len() > 100, "only {} pages", reports.len());
    assert_eq!(errors(&reports), Vec::<String>::new());
    let without: Vec<&String> =
        reports.iter().filter(|(p, r)| r.data.is_empty() && !p.ends_with("404.html")).map(|(p, _)| p).collect();
    assert!(without.is_empty(), "pages without structured data: {without:?}");
}

#[test]
fn every_page_of_both_languages_of_the_bilingual_example_has_valid_structured_data() {
    let Some(modules) = validator() else { return };
    let site = Site::bilingual_example();
    let out = build(site.root(), None);
    let reports = validate(&modules, out.path());
    assert!(reports.keys().filter(|p| p.starts_with("fr/")).count() > 30, "too few French pages");
    assert_eq!(errors(&reports), Vec::<String>::new());
    let course = reports["fr/modules/python-for-data-science/index.html"].one("Course");
    assert_eq!(course["inLanguage"], "fr");
    assert_eq!(course["translationOfWork"][0]["url"], "https://catalog.example.org/modules/python-for-data-science/");
}

const SITE_YAML: &str = "title: Fixture catalog
base_url: https://example.org/
organization:
  name: Fixture School
  logo: logo.svg
  same_as: [https://social.example.com/fixture-school]
  country: FR
image: share.png
";

const MODULE: &str = "---
title: Neural Networks
summary: From perceptrons to transformers.
level: intermediate
duration_hours: 40
code: NN-101
ects: 5
skills: [Python, Deep Learning]
prerequisites: [python-basics]
---
Body.
";

const PROGRAMME: &str = "---
title: AI Master
summary: The whole path.
credential: Master's degree
duration_months: 18
modules: [python-basics, neural-networks]
projects: [chatbot]
cohorts:
  - {starts: 2027-03-01, applications_close: 2027-01-31, seats: 40}
tuition:
  - {country: US, amount: 24900, currency: USD}
  - {country: FR, amount: 16900, currency: EUR, note: Free for apprentices.}
---
The programme.
";

const EMPLOYER: &str = "name: Acme
summary: We make things.
website: https://acme.example.com/
locations:
  - {city: Paris, country: FR}
roles:
  - title: Remote ML engineer
    description: |
      ## What you will do

      Train models; see [the module](@/modules/neural-networks.md).
    skills: [Deep Learning]
    workplace: remote
    applicant_countries: [FR, GB]
    employment_type: full-time
    salary: {min: 50000, max: 65000, currency: EUR, period: year}
    apply_url: https://acme.example.com/jobs/ml
    posted: 2026-11-01
    closes: 2099-01-31
  - title: Hybrid data scientist
    summary: Forecast demand.
    skills: [Python]
    city: Lyon
    country: FR
    workplace: hybrid
    employment_type: internship
    salary: {min: 1400, currency: EUR, period: month}
    posted: 2026-11-02
  - title: Closed analyst
    summary: Gone.
    country: FR
    remote: false
    posted: 2019-06-01
    closes: 2020-01-01
";

/// The fixture with an organisation, a share image, and remote, hybrid, closed and salaried roles.
fn rich_site() -> Site {
    let site = Site::new();
    site.write("content/site.yaml", SITE_YAML)
        .write("content/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .write_bytes("content/static/share.png", b"\x89PNG")
        .write("content/modules/neural-networks.md", MODULE)
        .write("content/programmes/ai-master.md", PROGRAMME)
        .write("content/employers/acme.yaml", EMPLOYER);
    site
}

const BASE: &str = "https://example.org/catalogue/";

/// The rich fixture built under a base URL with a path, and validated.
fn rich_reports(modules: &Path) -> (tempfile::TempDir, BTreeMap<String, Report>) {
    let site = rich_site();
    let out = build(site.root(), Some(BASE));
    let reports = validate(modules, out.path());
    (out, reports)
}

#[test]
fn the_fixture_with_remote_hybrid_closed_and_salaried_roles_has_valid_structured_data() {
    let Some(modules) = validator() else { return };
    let (_out, reports) = rich_reports(&modules);
    assert_eq!(errors(&reports), Vec::<String>::new());
}

#[test]
fn each_page_kind_carries_its_types_and_key_properties() {
    let Some(modules) = validator() else { return };
    let (_out, reports) = rich_reports(&modules);
    let page = |path: &str| reports.get(path).unwrap_or_else(|| panic!("no page {path}"));

    let home = page("index.html");
    assert_eq!(home.types(), ["EducationalOrganization", "ItemList", "WebSite"]);
    assert_eq!(home.one("WebSite")["url"], BASE);
    assert_eq!(home.one("EducationalOrganization")["logo"], format!("{BASE}logo.svg"));

    let catalog = page("catalog/index.html");
    assert_eq!(catalog.types(), ["BreadcrumbList", "ItemList"]);
    let listed = &catalog.one("ItemList")["itemListElement"];
    assert_eq!(listed[0]["position"], 1);
    // Modules are listed in study order: the programme's first module first.
    assert_eq!(listed[0]["url"], format!("{BASE}modules/python-basics/"));

    let course = page("modules/neural-networks/index.html").one("Course").clone();
    assert_eq!(course["provider"]["name"], "Fixture School");
    assert_eq!(course["timeRequired"], "PT40H");
    assert_eq!(course["numberOfCredits"]["value"], 5.0);
    assert_eq!(course["numberOfCredits"]["unitText"], "ECTS");
    assert_eq!(course["teaches"], serde_json::json!(["Python", "Deep Learning"]));
    assert_eq!(course["coursePrerequisites"][0]["url"], format!("{BASE}modules/python-basics/"));
    assert_eq!(course["isPartOf"][0], format!("{BASE}programmes/ai-master/"));
    assert_eq!(course["hasCourseInstance"]["courseMode"], "online");

    let programme = page("programmes/ai-master/index.html").one("EducationalOccupationalProgram").clone();
    assert_eq!(programme["timeToComplete"], "P18M");
    assert_eq!(programme["startDate"], "2027-03-01");
    assert_eq!(programme["applicationDeadline"], "2027-01-31");
    assert_eq!(programme["maximumEnrollment"], 40);
    assert_eq!(programme["hasCourse"].as_array().map(Vec::len), Some(2));
    assert_eq!(programme["offers"][1]["priceCurrency"], "EUR");
    assert_eq!(programme["offers"][1]["price"], 16900.0);

    let employer = page("employers/acme/index.html").one("Organization").clone();
    assert_eq!(employer["sameAs"], "https://acme.example.com/");
    assert_eq!(employer["location"][0]["address"]["addressLocality"], "Paris");

    let project = page("projects/chatbot/index.html").one("LearningResource").clone();
    assert_eq!(project["provider"]["name"], "Microsoft");
    assert_eq!(project["isPartOf"][0]["url"], format!("{BASE}modules/python-basics/"));
}

#[test]
fn open_roles_carry_a_job_posting_meeting_google_rules() {
    let Some(modules) = validator() else { return };
    let (_out, reports) = rich_reports(&modules);
    let remote = reports["employers/acme/remote-ml-engineer/index.html"].one("JobPosting").clone();
    assert_eq!(remote["jobLocationType"], "TELECOMMUTE");
    assert_eq!(remote["applicantLocationRequirements"][1]["name"], "GB");
    assert_eq!(remote["hiringOrganization"]["name"], "Acme");
    assert_eq!(remote["employmentType"], "FULL_TIME");
    assert_eq!(remote["datePosted"], "2026-11-01");
    assert_eq!(remote["validThrough"], "2099-01-31T23:59:59");
    assert_eq!(remote["baseSalary"]["currency"], "EUR");
    assert_eq!(remote["baseSalary"]["value"]["minValue"], 50000.0);
    assert_eq!(remote["baseSalary"]["value"]["unitText"], "YEAR");
    let description = remote["description"].as_str().expect("HTML description");
    assert!(description.contains("href=\"/catalogue/modules/neural-networks/\""), "{description}");

    let hybrid = reports["employers/acme/hybrid-data-scientist/index.html"].one("JobPosting").clone();
    assert_eq!(hybrid["jobLocation"]["address"]["addressLocality"], "Lyon");
    assert_eq!(hybrid["jobLocation"]["address"]["addressCountry"], "FR");
    assert_eq!(hybrid["employmentType"], "INTERN");
    assert_eq!(hybrid["baseSalary"]["value"]["unitText"], "MONTH");
    assert!(hybrid.get("jobLocationType").is_none());
}

#[test]
fn a_closed_role_keeps_a_noindex_page_without_job_posting_or_sitemap_entry() {
    let Some(modules) = validator() else { return };
    let (out, reports) = rich_reports(&modules);
    let closed = &reports["employers/acme/closed-analyst/index.html"];
    assert_eq!(closed.types(), ["BreadcrumbList"]);
    let html = std::fs::read_to_string(out.path().join("employers/acme/closed-analyst/index.html")).expect("page");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    let sitemap = std::fs::read_to_string(out.path().join("sitemaps/1.xml")).expect("sitemap");
    assert!(!sitemap.contains("closed-analyst"), "{sitemap}");
    assert!(sitemap.contains(&format!("{BASE}employers/acme/remote-ml-engineer/")), "{sitemap}");
}

/// Every absolute URL in a JSON value.
fn urls(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) if s.starts_with("http") => found.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| urls(v, found)),
        Value::Object(map) => map.iter().filter(|(k, _)| *k != "sameAs").for_each(|(_, v)| urls(v, found)),
        _ => {}
    }
}

#[test]
fn every_json_ld_canonical_and_open_graph_url_honours_a_base_url_with_a_path() {
    let Some(modules) = validator() else { return };
    let (out, reports) = rich_reports(&modules);
    let external = ["https://acme.example.com/"];
    for (page, report) in &reports {
        let mut found = Vec::new();
        report.data.values().flatten().for_each(|v| urls(v, &mut found));
        for url in found.iter().filter(|u| !external.iter().any(|e| u.starts_with(e))) {
            assert!(url.starts_with(BASE), "{page}: {url}");
        }
        let html = std::fs::read_to_string(out.path().join(page)).expect("page");
        let document = scraper::Html::parse_document(&html);
        // The 404 page is served at any missing address: it names no canonical one.
        let addressed = if page == "404.html" {
            &[][..]
        } else {
            &[("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")][..]
        };
        for &(selector, attribute) in addressed {
            let selector = scraper::Selector::parse(selector).expect("selector");
            let value = document.select(&selector).next().and_then(|e| e.value().attr(attribute));
            assert!(value.is_some_and(|v| v.starts_with(BASE)), "{page}: {selector:?} = {value:?}");
        }
        let image = scraper::Selector::parse("meta[property='og:image']").expect("selector");
        let image = document.select(&image).next().and_then(|e| e.value().attr("content"));
        assert_eq!(image, Some(format!("{BASE}share.png").as_str()), "{page}");
    }
}

#[test]
fn the_breadcrumb_list_equals_the_visible_breadcrumb() {
    let Some(modules) = validator() else { return };
    let (out, reports) = rich_reports(&modules);
    let crumbs = scraper::Selector::parse("nav.breadcrumb a").expect("selector");
    for (page, report) in reports.iter().filter(|(p, _)| *p != "index.html" && *p != "404.html") {
        let html = std::fs::read_to_string(out.path().join(page)).expect("page");
        let document = scraper::Html::parse_document(&html);
        let visible: Vec<String> = document
            .select(&crumbs)
            .map(|a| a.value().attr("href").unwrap_or_default().to_owned())
            .map(|href| {
                if href == "#p--main" {
                    format!("{BASE}{}", page.trim_end_matches("index.html"))
                } else {
                    format!("https://example.org{href}")
                }
            })
            .collect();
        let listed: Vec<String> = report.one("BreadcrumbList")["itemListElement"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["item"].as_str().expect("absolute URL").to_owned())
            .collect();
        assert_eq!(listed, visible, "{page}");
    }
}
