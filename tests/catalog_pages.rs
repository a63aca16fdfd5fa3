//! Without JavaScript the catalog is complete but paged: `/catalog/` shows the
//! first page of every kind, and each longer list goes on at `/catalog/<kind>/2/`, …

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;

use fixture::{Site, built_page as page, hrefs};
use scraper::Selector;

/// Modules in the catalog: the fixture's one and 130 more.
const MODULES: usize = 131;

fn built_catalog() -> (Site, tempfile::TempDir) {
    let site = Site::new();
    for i in 0..MODULES - 1 {
        site.module(&format!("m{i:03}"), "", "Body.\n");
    }
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().success();
    (site, out)
}

#[test]
fn following_next_links_from_the_catalog_page_lists_every_module_once() {
    let (_site, out) = built_catalog();
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut url = "/catalog/".to_owned();
    loop {
        let html = page(out.path(), url.split('#').next().unwrap());
        let modules = hrefs(&html, "#modules .card-title a");
        assert!(modules.len() <= 50, "{url} lists {} modules", modules.len());
        seen.extend(modules);
        pages += 1;
        let next = hrefs(&html, ".pager a[rel=next][href*='/modules/']");
        match next.first() {
            Some(next) => url = next.clone(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(seen.len(), MODULES, "every module once");
    assert_eq!(unique.len(), MODULES);
    assert!(unique.iter().all(|u| u.starts_with("/modules/")));
}

#[test]
fn the_catalog_page_counts_every_record_and_shows_where_the_list_goes_on() {
    let (_site, out) = built_catalog();
    let html = page(out.path(), "/catalog/");
    let count = Selector::parse("#modules-title .count").unwrap();
    assert_eq!(html.select(&count).next().unwrap().text().collect::<String>(), MODULES.to_string());
    let status = Selector::parse(".pager-status").unwrap();
    let statuses: Vec<String> = html.select(&status).map(|s| s.text().collect()).collect();
    assert_eq!(statuses, [format!("1–50 of {MODULES}")], "only the modules need more than one page");
    let links = hrefs(&html, ".pager li a:not([rel])");
    assert_eq!(links, ["/catalog/#modules", "/catalog/modules/2/", "/catalog/modules/3/"]);
}

#[test]
fn a_list_page_marks_its_place_and_links_both_ways() {
    let (_site, out) = built_catalog();
    let html = page(out.path(), "/catalog/modules/2/");
    assert_eq!(hrefs(&html, ".pager a[aria-current=page]"), ["/catalog/modules/2/"]);
    assert_eq!(hrefs(&html, ".pager a[rel=prev]"), ["/catalog/#modules"]);
    assert_eq!(hrefs(&html, ".pager a[rel=next]"), ["/catalog/modules/3/"]);
    let last = page(out.path(), "/catalog/modules/3/");
    assert!(hrefs(&last, ".pager a[rel=next]").is_empty());
    assert_eq!(hrefs(&last, ".card-title a").len(), MODULES - 100);
}

#[test]
fn lists_that_fit_on_the_catalog_page_get_no_pages_of_their_own() {
    let (_site, out) = built_catalog();
    for kind in ["programmes", "projects", "employers", "roles"] {
        assert!(!out.path().join("public/catalog").join(kind).exists(), "{kind} has list pages");
    }
    assert!(!out.path().join("public/catalog/modules/4").exists());
}

#[test]
fn list_pages_are_in_the_sitemap() {
    let (_site, out) = built_catalog();
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemaps/1.xml")).unwrap();
    assert!(sitemap.contains("/catalog/modules/2/</loc>") && sitemap.contains("/catalog/modules/3/</loc>"));
}
