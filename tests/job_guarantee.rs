//! A programme's job guarantee links to the page its `terms` names, and to no page otherwise.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{Site, built_page, hrefs};

fn programme_with_guarantee(guarantee: &str) -> Site {
    let site = Site::new();
    site.write(
        "content/programmes/ai-master.md",
        &format!("---\ntitle: AI\nsummary: S\nmodules: [python-basics]\njob_guarantee: {guarantee}\n---\nBody\n"),
    );
    site.write("content/pages/job-guarantee.md", "---\ntitle: Job guarantee\n---\nThe terms.\n");
    site
}

fn guarantee_links(site: &Site) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().success();
    hrefs(&built_page(out.path(), "/programmes/ai-master/"), ".callout a")
}

#[test]
fn the_guarantee_links_to_the_terms_page_its_programme_names() {
    let site = programme_with_guarantee("{months: 6, terms: about}");
    assert_eq!(guarantee_links(&site), ["/about/"]);
}

#[test]
fn without_terms_the_guarantee_links_to_no_page_whatever_the_pages_are_called() {
    let site = programme_with_guarantee("{months: 6, refund: true}");
    assert_eq!(guarantee_links(&site), Vec::<String>::new());
}
