//! A programme's claims: accreditation worded as its status says, a job guarantee that is
//! conditional and links the terms page the programme names.
//!
//! Each test writes the fixture site (see `common/fixture.rs`) with a programme making one
//! claim, builds it with the real binary and reads the programme's page, or checks it and
//! reads the located error.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::Site;

/// The programme page of the fixture site.
const PAGE: &str = "programmes/ai-master/index.html";

#[test]
fn a_guarantee_naming_its_terms_page_links_it_and_is_conditional() {
    let site = Site::with_programme_lines("job_guarantee: {months: 6, refund: true, terms: about}\n");
    let html = site.built_text(PAGE);
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
    let site = Site::with_programme_lines("job_guarantee: {months: 6, refund: true}\n");
    site.write("content/pages/job-guarantee.md", "---\ntitle: Terms\n---\nThe terms.\n");
    let html = site.built_text(PAGE);
    assert!(html.contains("<p>Conditions apply: ask for them before you enrol.</p>"), "{html}");
    assert!(
        !html.contains("Read the conditions of the guarantee"),
        "a page named job-guarantee is not linked by its name"
    );
}

#[test]
fn a_guarantee_terms_id_naming_no_page_is_a_located_error() {
    let site = Site::with_programme_lines("job_guarantee: {months: 6, terms: gurantee-terms}\n");
    let all = site.check_errors();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["message"], "unknown page `gurantee-terms`");
    assert_eq!(all[0]["file"], "content/programmes/ai-master.md");
    assert_eq!((all[0]["line"].as_u64(), all[0]["column"].as_u64()), (Some(6), Some(35)));
}

#[test]
fn each_accreditation_status_is_worded_as_it_is() {
    let site = Site::with_programme_lines(
        "accreditation:
  - {region: France, status: registered, body: France Compétences, since: 2024-03-01}
  - {region: Germany, status: accredited, body: ZEvA}
  - {region: Canada, status: recognised}
  - {region: United Kingdom, status: pending, body: Ofqual}
  - {region: Japan, status: pending}
  - {region: United States, status: not-accredited}
",
    );
    let html = site.built_text(PAGE);
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
    let site =
        Site::with_programme_lines("accreditation:\n  - {region: France, status: registered, since: March 2024}\n");
    let all = site.check_errors();
    assert_eq!(all[0]["message"], "invalid date `March 2024` in `since`");
    assert_eq!((all[0]["line"].as_u64(), all[0]["column"].as_u64()), (Some(7), Some(49)));
}
