//! A skill's page is paged like the catalog: it shows the first records of each kind
//! (modules, projects, open roles), and each kind goes on at `/skills/<slug>/<kind>/2/`, …
//! No HTML page of the site grows with the catalog beyond [`PAGE_LIMIT`].

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;
use std::path::Path;

use fixture::{Site, built_page as page, hrefs};
use scraper::{Html, Selector};

/// The largest HTML page a phone should have to load.
const PAGE_LIMIT: u64 = 400 * 1024;

/// A generated catalog in which every module, project and role wants Python: the fixture's
/// records and `modules` modules, `projects` projects and one employer with `roles` open roles.
fn generated(modules: usize, projects: usize, roles: usize) -> Site {
    let site = Site::new();
    for i in 0..modules {
        let summary = format!("summary: Generated module {i}, which teaches Python and statistics at length.\n");
        site.write(
            &format!("content/modules/m{i:05}.md"),
            &format!(
                "---\ntitle: Module {i}\n{summary}level: intermediate\nduration_hours: 12\nskills: [Python, Statistics]\n---\nBody.\n"
            ),
        );
    }
    if projects > 0 {
        let list: String = (0..projects)
            .map(|i| {
                format!("- id: p{i:04}\n  title: Project {i}\n  provider: Lab\n  summary: S\n  skills: [Python]\n")
            })
            .collect();
        site.write("content/projects/generated.yaml", &list);
    }
    if roles > 0 {
        let roles: String = (0..roles)
            .map(|i| {
                format!("  - title: Role {i}\n    skills: [Python]\n    apply_url: https://hire.example.com/{i}\n")
            })
            .collect();
        let employer =
            format!("name: Hire\nsummary: We hire.\nlocations:\n  - {{city: Lyon, country: FR}}\nroles:\n{roles}");
        site.write("content/employers/hire.yaml", &employer);
    }
    site
}

fn build(site: &Site) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().success();
    out
}

fn text(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).map(|e| e.text().collect()).collect()
}

#[test]
fn a_skill_page_shows_the_first_records_of_each_kind_with_the_totals() {
    let out = build(&generated(120, 60, 55));
    let html = page(out.path(), "/skills/python/");
    assert_eq!(hrefs(&html, "#modules .card-title a").len(), 50);
    assert_eq!(hrefs(&html, "#projects .card-title a").len(), 50);
    assert_eq!(hrefs(&html, "#roles .card-title a").len(), 50);
    // The fixture's own module wants Python too.
    assert_eq!(text(&html, "#modules-title .count"), ["121"]);
    assert_eq!(text(&html, "#projects-title .count"), ["60"]);
    assert_eq!(text(&html, "#roles-title .count"), ["55"]);
    assert_eq!(text(&html, ".tally a"), ["121 modules", "60 projects", "55 open roles"]);
}

#[test]
fn following_next_links_from_a_skill_page_lists_every_module_once() {
    let out = build(&generated(120, 0, 0));
    let mut seen = Vec::new();
    let mut url = "/skills/python/".to_owned();
    let mut pages = 0;
    loop {
        let html = page(out.path(), url.split('#').next().unwrap());
        seen.extend(hrefs(&html, "#modules .card-title a"));
        pages += 1;
        match hrefs(&html, ".pager a[rel=next][href*='/modules/']").first() {
            Some(next) => url = next.clone(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 121);
    assert_eq!(seen.len(), 121);
}

#[test]
fn a_skill_list_page_links_both_ways_and_leads_back_to_the_skill() {
    let out = build(&generated(0, 0, 120));
    let html = page(out.path(), "/skills/python/roles/2/");
    assert_eq!(hrefs(&html, ".pager a[rel=prev]"), ["/skills/python/#roles"]);
    assert_eq!(hrefs(&html, ".pager a[rel=next]"), ["/skills/python/roles/3/"]);
    assert_eq!(hrefs(&html, ".pager a[aria-current=page]"), ["/skills/python/roles/2/"]);
    assert_eq!(hrefs(&html, ".breadcrumb a:not([aria-current])"), ["/", "/skills/", "/skills/python/"]);
    assert_eq!(text(&html, "title"), ["Open roles · 2/3 · Python · Fixture catalog"]);
    assert_eq!(hrefs(&page(out.path(), "/skills/python/roles/3/"), ".card-title a").len(), 20);
}

#[test]
fn short_skill_lists_get_no_pages_of_their_own() {
    let out = build(&generated(120, 3, 3));
    let skill = out.path().join("public/skills/python");
    assert!(skill.join("modules/3/index.html").exists());
    assert!(!skill.join("projects").exists() && !skill.join("roles").exists());
    assert!(!skill.join("modules/4").exists());
}

#[test]
fn skill_list_pages_are_in_the_sitemap() {
    let out = build(&generated(120, 0, 0));
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemaps/1.xml")).unwrap();
    assert!(sitemap.contains("/skills/python/modules/2/</loc>") && sitemap.contains("/skills/python/modules/3/</loc>"));
}

/// The HTML pages under `folder`, with their sizes.
fn html_sizes(folder: &Path) -> Vec<(String, u64)> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().display().to_string(), e.metadata().unwrap().len()))
        .collect()
}

#[test]
fn no_page_of_a_large_generated_catalog_exceeds_400_kb() {
    let out = build(&generated(1500, 300, 300));
    let public = out.path().join("public");
    // The lists of one skill hold far more than one page may: unpaged, its page would be over the limit.
    let python: u64 = html_sizes(&public.join("skills/python")).iter().map(|(_, size)| size).sum();
    assert!(python > 2 * PAGE_LIMIT, "the catalog is too small to show anything: {python} bytes");
    let sizes = html_sizes(&public);
    let over: Vec<&(String, u64)> = sizes.iter().filter(|(_, size)| *size > PAGE_LIMIT).collect();
    assert!(over.is_empty(), "pages over {PAGE_LIMIT} bytes: {over:?}");
}
