//! A programme's claims: accreditation worded as its status says, a job guarantee that is
//! conditional and links the terms page the programme names.
//!
//! Each test writes the fixture site (see `common/fixture.rs`) with a programme making one
//! claim, builds it with the real binary and reads the programme's page, or checks it and
//! reads the located error.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{AI_MASTER, Site};
use serde_json::Value;

/// The fixture's programme with `extra` front matter lines (from line 6).
fn programme_with(extra: &str) -> Site {
    let site = Site::new();
    site.write("content/programmes/ai-master.md", &AI_MASTER.replacen("---\nThe", &format!("{extra}---\nThe"), 1));
    site
}

/// Builds the site and returns the programme page's HTML, whitespace runs folded to one space.
fn programme_page(site: &Site) -> String {
    let out = site.path("public");
    let output = site.build(&out).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(out.join("programmes/ai-master/index.html")).expect("the programme page");
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The diagnostics of a check that must fail.
fn errors(site: &Site) -> Vec<Value> {
    let output = site.check("json", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    serde_json::from_slice(&output.stdout).expect("JSON diagnostics")
}

#[test]
fn a_guarantee_naming_its_terms_page_links_it_and_is_conditional() {
    let site = programme_with("job_guarantee: {months: 6, refund: true, terms: about}\n");
    let html = programme_page(&site);
    assert!(
        html.contains(
            "If you meet the conditions of the guarantee and have not found a job within 6 months of graduating, \
             the tuition fees are refunded to whoever paid them."
        ),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/about/">Read the conditions of the guarantee</a>"#), "{html}");
    assert!(!html.contains("Conditions apply"), "{html}");
}

#[test]
fn a_guarantee_without_terms_says_that_conditions_apply_and_links_nothing() {
    let site = programme_with("job_guarantee: {months: 6, refund: true}\n");
    site.write("content/pages/job-guarantee.md", "---\ntitle: Terms\n---\nThe terms.\n");
    let html = programme_page(&site);
    assert!(html.contains("<p>Conditions apply: ask for them before you enrol.</p>"), "{html}");
    assert!(
        !html.contains("Read the conditions of the guarantee"),
        "a page named job-guarantee is not linked by its name"
    );
}

#[test]
fn a_guarantee_terms_id_naming_no_page_is_a_located_error() {
    let site = programme_with("job_guarantee: {months: 6, terms: gurantee-terms}\n");
    let all = errors(&site);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["message"], "unknown page `gurantee-terms`");
    assert_eq!(all[0]["file"], "content/programmes/ai-master.md");
    assert_eq!((all[0]["line"].as_u64(), all[0]["column"].as_u64()), (Some(6), Some(35)));
}

#[test]
fn each_accreditation_status_is_worded_as_it_is() {
    let site = programme_with(
        "accreditation:
  - {region: France, status: registered, body: France Compétences, since: 2024-03-01}
  - {region: Germany, status: accredited, body: ZEvA}
  - {region: Canada, status: recognised}
  - {region: United Kingdom, status: pending, body: Ofqual}
  - {region: Japan, status: pending}
  - {region: United States, status: not-accredited}
",
    );
    let html = programme_page(&site);
    for expected in [
        r#"<span aria-hidden="true">✓</span> Registered</span> Registered with France Compétences since <time datetime="2024-03-01">1 March 2024</time>"#,
        r#"<span aria-hidden="true">✓</span> Accredited</span> Accredited by ZEvA</td>"#,
        r#"<span aria-hidden="true">✓</span> Recognised</span></td>"#,
        r#"<span aria-hidden="true">○</span> Pending</span> Under review by Ofqual; not decided yet</td>"#,
        r#"<span aria-hidden="true">○</span> Pending</span> Not decided yet</td>"#,
        r#"<span aria-hidden="true">✕</span> Not accredited</span></td>"#,
    ] {
        assert!(html.contains(expected), "missing {expected:?} in:\n{html}");
    }
}

#[test]
fn an_accreditation_since_that_is_not_a_date_is_a_located_error() {
    let site = programme_with("accreditation:\n  - {region: France, status: registered, since: March 2024}\n");
    let all = errors(&site);
    assert_eq!(all[0]["message"], "invalid date `March 2024` in `since`");
    assert_eq!((all[0]["line"].as_u64(), all[0]["column"].as_u64()), (Some(7), Some(49)));
}
