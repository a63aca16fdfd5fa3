//! A programme's facts, the ones a student decides on: who awards the credential, how and in
//! which language it is taught, how many hours a week, the price and its funding, where to
//! apply and the next cohort one can still join, and past students' outcomes with their source.
//!
//! Each test writes the fixture site (see `common/fixture.rs`, build date 2025-11-24) with a
//! programme stating some facts, builds it with the real binary and reads the programme's page
//! or its API record, or checks it and reads the located error.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{Site, message_at};

/// The programme page of the fixture site.
const PAGE: &str = "programmes/ai-master/index.html";
use serde_json::Value;

/// Every fact the programme page shows at the top, with one closed and two open cohorts.
const FACTS: &str = "credential: Master's-level diploma (RNCP level 7)
awarded_by: Fixture School of AI
mode: online
languages: [en, fr]
weekly_hours: 1
duration_months: 5
apply_url: https://apply.example.org/ai
tuition:
  - {country: GB, amount: 18500, currency: GBP}
funding: |
  Employers may pay through the **apprenticeship levy**.
cohorts:
  - {starts: 2025-12-01, applications_close: 2025-11-01, seats: 20}
  - {starts: 2026-06-01, applications_close: 2026-04-30, seats: 30}
  - {starts: 2026-03-01, applications_close: 2026-01-31}
";

/// The part of the page between the two markers.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start:?} in {html}"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}

#[test]
fn the_panel_at_the_top_names_the_credential_its_awarding_body_mode_languages_hours_and_price() {
    let html = Site::with_programme_lines(FACTS).built_text(PAGE);
    let glance = between(&html, r#"<section class="glance""#, "</section>");
    for fact in [
        "<dt>Credential</dt><dd>Master&#39;s-level diploma (RNCP level 7)</dd></div> <div><dt>Awarded by</dt><dd>Fixture School of AI</dd>",
        "<dt>Mode</dt><dd>Online</dd>",
        "<dt>Taught in</dt><dd>English, French</dd>",
        "<dt>Duration</dt><dd>5 months, about 1 hours a week</dd>",
        r#"<li>18,500 GBP <span class="muted">(United Kingdom)</span></li>"#,
    ] {
        assert!(glance.contains(fact), "missing {fact:?} in {glance}");
    }
    assert!(html.find(r#"class="glance""#) < html.find("p--curriculum"), "the panel comes before the curriculum");
    let kicker = between(&html, r#"<p class="kicker">"#, "</p>");
    assert!(kicker.contains("<span>Awarded by Fixture School of AI</span>"), "{kicker}");
}

#[test]
fn the_call_to_action_links_apply_url_beside_the_next_cohort_still_open() {
    let html = Site::with_programme_lines(FACTS).built_text(PAGE);
    let apply = between(&html, r#"<div class="glance-apply">"#, "</div>");
    assert!(apply.contains(r#"<a class="button" href="https://apply.example.org/ai">Apply now</a>"#), "{apply}");
    // 2025-12-01's applications closed on 2025-11-01; 2026-03-01 is the next open one, not 2026-06-01.
    assert!(
        apply.contains(
            r#"<strong>Next cohort:</strong> starts <time datetime="2026-03-01">1 March 2026</time>; applications close <time datetime="2026-01-31">31 January 2026</time>."#
        ),
        "{apply}"
    );
}

#[test]
fn cohorts_whose_deadline_has_passed_are_shown_closed() {
    let html = Site::with_programme_lines(FACTS).built_text(PAGE);
    let cohorts = between(&html, r#"id="p--cohorts""#, "</section>");
    let rows: Vec<&str> = cohorts.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 3, "{cohorts}");
    assert!(rows[0].contains(r#"<span class="badge">Closed</span>"#), "{}", rows[0]);
    assert!(rows[1].contains("<td>Open</td>") && rows[2].contains("<td>Open</td>"), "{cohorts}");
}

#[test]
fn with_every_cohort_closed_the_page_says_so_and_names_no_next_cohort() {
    let html = Site::with_programme_lines("cohorts:\n  - {starts: 2025-12-01, applications_close: 2025-11-01}\n")
        .built_text(PAGE);
    let glance = between(&html, r#"<section class="glance""#, "</section>");
    assert!(glance.contains("Applications are closed for every scheduled cohort."), "{glance}");
    assert!(!glance.contains("Next cohort"), "{glance}");
}

#[test]
fn funding_is_markdown_shown_with_the_tuition() {
    let html = Site::with_programme_lines(FACTS).built_text(PAGE);
    let tuition = between(&html, r#"id="p--tuition""#, "</section>");
    assert!(tuition.contains("<h3>Funding</h3>"), "{tuition}");
    assert!(tuition.contains("Employers may pay through the <strong>apprenticeship levy</strong>."), "{tuition}");
}

#[test]
fn outcomes_are_shown_with_their_period_and_source() {
    let site = Site::with_programme_lines(
        "outcomes:
  placement_rate: 87
  median_salary: 52000
  currency: GBP
  sample_size: 112
  period: Graduates of 2024, six months after graduating
  source: Independent survey by Example Research
",
    );
    let html = site.built_text(PAGE);
    let outcomes = between(&html, r#"id="p--outcomes""#, "</section>");
    for fact in [
        "<dt>In a job</dt><dd>87 <span>%</span></dd>",
        "<dt>Median salary</dt><dd>52,000 <span>GBP</span></dd>",
        "<dt>Graduates surveyed</dt><dd>112</dd>",
        "Graduates of 2024, six months after graduating. Source: Independent survey by Example Research.",
    ] {
        assert!(outcomes.contains(fact), "missing {fact:?} in {outcomes}");
    }
}

#[test]
fn the_api_record_carries_every_fact() {
    let site = Site::with_programme_lines(FACTS);
    let out = site.path("public");
    site.build(&out).assert().success();
    let api: Value = serde_json::from_slice(&std::fs::read(out.join("api/programmes.json")).expect("programmes.json"))
        .expect("JSON");
    let programme = &api["programmes"][0];
    assert_eq!(programme["awarded_by"], "Fixture School of AI");
    assert_eq!(programme["mode"], "online");
    assert_eq!(programme["languages"], serde_json::json!(["en", "fr"]));
    assert_eq!(programme["weekly_hours"], 1);
    assert_eq!(programme["apply_url"], "https://apply.example.org/ai");
    assert_eq!(programme["funding"], "Employers may pay through the **apprenticeship levy**.\n");
    assert_eq!(programme["cohorts"][0]["open"], false);
    assert_eq!(programme["cohorts"][1]["open"], true);
    let catalog: Value =
        serde_json::from_slice(&std::fs::read(out.join("api/catalog.json")).expect("catalog.json")).expect("JSON");
    assert_eq!(catalog["programmes"][0]["awarded_by"], "Fixture School of AI");
}

#[test]
fn invalid_mode_language_and_apply_url_are_located_errors() {
    let site = Site::with_programme_lines("mode: part-time\nlanguages: [en, English]\napply_url: apply.example.org\n");
    let all = site.check_errors();
    let found: Vec<_> = all.iter().map(message_at).collect();
    assert_eq!(
        found,
        [
            ("invalid mode `part-time`", 6, 7),
            ("invalid language `English`", 7, 17),
            ("invalid URL `apply.example.org` in `apply_url`", 8, 12)
        ],
        "{all:#?}"
    );
    assert_eq!(all[0]["hint"], "allowed values: online, blended, on-site");
    assert_eq!(all[1]["hint"], "write a language code such as `en`, `fr` or `pt-BR`");
}

#[test]
fn outcomes_need_a_figure_a_period_and_a_source() {
    let site = Site::with_programme_lines("outcomes:\n  sample_size: 40\n");
    let all = site.check_errors();
    let found: Vec<_> = all.iter().map(message_at).collect();
    assert_eq!(
        found,
        [
            ("`outcomes` gives no figure", 7, 3),
            ("missing required field `period`", 7, 3),
            ("missing required field `source`", 7, 3)
        ],
        "{all:#?}"
    );
}

#[test]
fn a_placement_rate_above_100_and_a_salary_without_currency_are_located_errors() {
    let site = Site::with_programme_lines(
        "outcomes:\n  placement_rate: 0.87e3\n  median_salary: 50000\n  period: 2024\n  source: Us\n",
    );
    let found: Vec<_> = site.check_errors().iter().map(|d| message_at(d).0.to_owned()).collect();
    assert_eq!(found, ["missing required field `currency`", "`placement_rate` is a percentage from 0 to 100, not 870"]);
}

#[test]
fn weekly_hours_that_cannot_hold_the_modules_hours_are_a_warning_at_weekly_hours() {
    // 20 hours of modules in 6 months at 10 hours a week (about 260 hours).
    let site = Site::with_programme_lines("duration_months: 6\nweekly_hours: 10\n");
    let output = site.check("json", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0));
    let all: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        message_at(&all[0]),
        ("6 months at 10 hours a week is about 260 hours, but the modules add up to 20 hours", 7, 15)
    );
    assert_eq!(
        all[0]["hint"],
        "about 1 hours a week fit the modules; correct `weekly_hours`, `duration_months` or the modules' hours"
    );
}
