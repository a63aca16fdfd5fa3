//! A programme's structure as data: ordered stages with core modules and electives, totals that
//! count the electives a student must choose, "core" or "elective" on module pages, lists in
//! study order with a "start here", and located errors for a structure that cannot be taught.
//!
//! Each test writes the fixture site (see `common/fixture.rs`) with modules of known hours and
//! credits and a programme arranging them, then builds or checks it with the real binary.

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{Site, message_at};
use serde_json::Value;

/// Writes module `id` with `hours`, `ects` and `prerequisites`.
fn module(site: &Site, id: &str, hours: u32, ects: u32, prerequisites: &str) {
    let text = format!(
        "---\ntitle: Module {id}\nsummary: About {id}.\nlevel: beginner\nduration_hours: {hours}\nects: {ects}\nprerequisites: [{prerequisites}]\n---\nBody.\n"
    );
    site.write(&format!("content/modules/{id}.md"), &text);
}

/// The fixture with modules `core-a` (50 h, 2 ECTS), `core-b` (after core-a), electives `opt-x`
/// (25 h, 1), `opt-y` (50 h, 2), `opt-z` (75 h, 3), and a programme whose front matter lines
/// after `summary` are `structure` (line 4 on).
fn staged(structure: &str) -> Site {
    let site = Site::new();
    module(&site, "core-a", 50, 2, "");
    module(&site, "core-b", 50, 2, "core-a");
    module(&site, "opt-x", 25, 1, "");
    module(&site, "opt-y", 50, 2, "");
    module(&site, "opt-z", 75, 3, "core-a");
    let programme = format!(
        "---\ntitle: AI Master\nsummary: The whole path.\n{structure}projects: [chatbot]\n---\nThe programme.\n"
    );
    site.write("content/programmes/ai-master.md", &programme);
    site
}

const TWO_STAGES: &str = "stages:
  - title: Foundations
    summary: The basics.
    months: 3
    modules: [python-basics, core-a]
  - title: Specialisation
    modules: [core-b]
    electives: {choose: 2, from: [opt-x, opt-y, opt-z]}
";

/// Builds the site and returns the output folder.
fn build(site: &Site) -> std::path::PathBuf {
    let out = site.path("public");
    let output = site.build(&out).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    out
}

fn read(out: &std::path::Path, path: &str) -> String {
    let html = std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn totals_count_core_modules_and_the_range_of_electives_to_choose() {
    let site = staged(TWO_STAGES);
    let out = build(&site);
    // Core: 20 + 50 + 50 = 120 h, 0 + 2 + 2 = 4 ECTS; choose 2 of 25/50/75 h: 75 to 125 h, 3 to 5 ECTS.
    let api: Value = serde_json::from_str(&read(&out, "api/programmes.json")).expect("JSON");
    let programme = &api["programmes"][0];
    assert_eq!((programme["total_hours"].as_u64(), programme["total_hours_max"].as_u64()), (Some(195), Some(245)));
    assert_eq!((programme["total_ects"].as_f64(), programme["total_ects_max"].as_f64()), (Some(7.0), Some(9.0)));
    let html = read(&out, "programmes/ai-master/index.html");
    assert!(html.contains("<dt>Total hours</dt><dd>195–245 <span>h</span></dd>"), "{html}");
    assert!(html.contains("<dt>Credits</dt><dd>7–9 <span>ECTS</span></dd>"), "{html}");
}

#[test]
fn the_curriculum_groups_modules_by_stage_and_marks_electives() {
    let site = staged(TWO_STAGES);
    let out = build(&site);
    let html = read(&out, "programmes/ai-master/index.html");
    assert!(
        html.contains(r#"<th scope="colgroup" colspan="5">Stage 1: Foundations <span class="muted">(3 months)</span><br><span class="muted">The basics.</span></th>"#),
        "{html}"
    );
    assert!(html.contains(r#"<th scope="colgroup" colspan="5">Stage 2: Specialisation</th>"#), "{html}");
    assert!(html.contains("Electives: choose 2 of these 3"), "{html}");
    assert_eq!(html.matches(r#"<tr class="elective">"#).count(), 3, "{html}");
    let api: Value = serde_json::from_str(&read(&out, "api/programmes.json")).expect("JSON");
    assert_eq!(
        api["programmes"][0]["stages"][1]["electives"],
        serde_json::json!({"choose": 2, "from": ["opt-x", "opt-y", "opt-z"]})
    );
    assert_eq!(
        api["programmes"][0]["modules"],
        serde_json::json!(["python-basics", "core-a", "core-b", "opt-x", "opt-y", "opt-z"])
    );
}

#[test]
fn module_pages_say_core_or_elective_in_their_programme() {
    let site = staged(TWO_STAGES);
    let out = build(&site);
    let core = read(&out, "modules/core-b/index.html");
    assert!(
        core.contains(r#"<li><a href="/programmes/ai-master/">AI Master</a> <span class="badge">Core</span> <span class="muted">Specialisation</span></li>"#),
        "{core}"
    );
    let elective = read(&out, "modules/opt-y/index.html");
    assert!(
        elective.contains(r#"<span class="badge">Elective</span> <span class="muted">Specialisation</span>"#),
        "{elective}"
    );
}

#[test]
fn home_and_catalog_list_modules_in_study_order_and_say_where_to_start() {
    let site = staged(TWO_STAGES);
    let out = build(&site);
    for page in ["index.html", "catalog/index.html"] {
        let html = read(&out, page);
        let start = r#"<p class="start-here"><strong>New here? Start with</strong> <a href="/modules/python-basics/">Python Basics</a></p>"#;
        assert!(html.contains(start), "{page}: {html}");
        let positions: Vec<usize> = ["python-basics", "core-a", "core-b", "opt-x", "opt-y", "opt-z"]
            .iter()
            .map(|id| html.find(&format!(r#"href="/modules/{id}/""#)).unwrap_or_else(|| panic!("{id} in {page}")))
            .collect();
        assert!(positions.is_sorted(), "{page} lists modules out of study order: {positions:?}");
    }
}

#[test]
fn a_module_in_two_stages_is_an_error_at_its_second_place() {
    let site = staged(
        "stages:\n  - title: One\n    modules: [core-a]\n  - title: Two\n    modules: [python-basics, core-a]\n",
    );
    let all = site.check_errors();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(message_at(&all[0]), ("module `core-a` is placed twice", 8, 30));
    assert_eq!(all[0]["related"][0]["message"], "first placed in stage 1");
    assert_eq!(all[0]["related"][0]["line"], 6);
}

#[test]
fn choose_above_the_electives_offered_or_below_1_is_an_error_at_choose() {
    let site = staged(
        "stages:\n  - title: One\n    modules: [python-basics, core-a, core-b]\n    electives: {choose: 4, from: [opt-x, opt-y, opt-z]}\n",
    );
    let all = site.check_errors();
    assert_eq!(message_at(&all[0]), ("`choose` is 4 but the stage offers 3 electives", 7, 25));
    assert_eq!(all[0]["hint"], "choose from 1 to 3 of them");
    let site = staged(
        "stages:\n  - title: One\n    modules: [python-basics, core-a, core-b]\n    electives: {choose: 0, from: [opt-x]}\n",
    );
    assert_eq!(message_at(&site.check_errors()[0]), ("`choose` is 0 but the stage offers 1 elective", 7, 25));
}

#[test]
fn a_stage_before_the_stage_of_a_prerequisite_is_an_error_at_the_module() {
    let site = staged(
        "stages:\n  - title: One\n    modules: [python-basics, core-b]\n  - title: Two\n    modules: [core-a]\n",
    );
    let all = site.check_errors();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(message_at(&all[0]), ("module `core-b` comes before its prerequisite `core-a`", 6, 30));
    assert_eq!(all[0]["related"][0]["message"], "`core-a` is placed here in stage 2 (Two)");
    assert_eq!(all[0]["hint"], "place `core-a` before `core-b`");
}

#[test]
fn a_flat_list_with_a_module_before_its_prerequisite_is_an_error() {
    let site = staged("modules: [python-basics, core-b, core-a]\n");
    let all = site.check_errors();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(message_at(&all[0]), ("module `core-b` comes before its prerequisite `core-a`", 4, 26));
}

#[test]
fn unknown_ids_in_stages_and_electives_are_located_errors() {
    let site = staged(
        "stages:\n  - title: One\n    modules: [python-basics, core-c]\n    electives: {choose: 1, from: [opt-w]}\n",
    );
    let found: Vec<(String, u64, u64)> =
        site.check_errors().iter().map(|d| (message_at(d).0.to_owned(), message_at(d).1, message_at(d).2)).collect();
    assert_eq!(found, [("unknown module `core-c`".to_owned(), 6, 30), ("unknown module `opt-w`".to_owned(), 7, 35)]);
}

#[test]
fn modules_and_stages_together_are_an_error() {
    let site = staged("modules: [python-basics]\nstages:\n  - title: One\n    modules: [core-a]\n");
    let all = site.check_errors();
    assert_eq!(message_at(&all[0]), ("a programme lists its modules in `modules` or in `stages`, not both", 4, 11));
}
