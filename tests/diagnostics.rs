//! Every mistake of the spec's "Validation" section gets a located, helpful error.
//!
//! Each test writes a small fixture site (see `common/fixture.rs`), runs the
//! real `prospectus` binary and asserts the diagnostics exactly: message, file,
//! line and column from `--format json`, and for some the human (rustc-style)
//! and GitHub-annotation renderings. Lines and columns count from 1 in the
//! whole file, front matter included.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fixture::{MODULE_HEAD, Site};
use serde_json::Value;

/// Runs `check --format json`, expects exit code 1, and returns the diagnostics.
fn diagnostics(site: &Site, extra: &[&str]) -> Vec<Value> {
    let output = site.check("json", extra).output().expect("run prospectus");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "expected content errors; stdout:\n{stdout}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"))
}

/// The only diagnostic of a check that must report exactly one.
fn only(site: &Site) -> Value {
    let mut all = diagnostics(site, &[]);
    assert_eq!(all.len(), 1, "expected one diagnostic, got {all:#?}");
    all.remove(0)
}

/// Message, file, line and column of a JSON diagnostic (0 for an unknown position).
fn located(d: &Value) -> (&str, &str, u64, u64) {
    let text = |key: &str| d[key].as_str().unwrap_or_else(|| panic!("no `{key}` in {d:#}"));
    (text("message"), text("file"), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0))
}

/// The hint of a JSON diagnostic.
fn hint(d: &Value) -> &str {
    d["hint"].as_str().unwrap_or_else(|| panic!("no hint in {d:#}"))
}

/// Runs `check` in the human format, expects exit code 1, and returns stderr.
fn human(site: &Site, extra: &[&str]) -> String {
    let output = site.check("human", extra).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `check --format github`, expects exit code 1, and returns stdout.
fn github(site: &Site) -> String {
    let output = site.check("github", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts that every line of `expected` appears in `text`, in order.
fn assert_lines_in_order(text: &str, expected: &[&str]) {
    let mut rest = text;
    for line in expected {
        match rest.find(line) {
            Some(at) => rest = &rest[at + line.len()..],
            None => panic!("missing (or out of order) {line:?} in:\n{text}"),
        }
    }
}

#[test]
fn fixture_site_passes_check_with_exit_code_0() {
    let site = Site::new();
    site.check("json", &[]).assert().code(0).stdout("[]\n");
    site.check("human", &[]).assert().code(0);
}

#[test]
fn yaml_syntax_error_points_at_the_offending_character() {
    let site = Site::new();
    site.write("content/projects/chatbot.yaml", "title: Chatbot\nprovider: Microsoft\n  summary: Build a chatbot.\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("YAML syntax error: mapping values are not allowed in this context", "content/projects/chatbot.yaml", 3, 10)
    );
    assert!(hint(&d).contains("indented like its neighbours"), "{d:#}");
}

#[test]
fn yaml_syntax_error_in_front_matter_counts_lines_in_the_whole_file() {
    let site = Site::new();
    site.module("broken", "code: \"AI-101\ncredits: 3\n", "Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("YAML syntax error: unclosed quote", "content/modules/broken.md", 6, 7));
    assert_eq!(hint(&d), "close the quote at the end of the value");
    assert_lines_in_order(
        &human(&site, &[]),
        &[
            "error: YAML syntax error: unclosed quote",
            " --> content/modules/broken.md:6:7",
            "6 | code: \"AI-101",
            "  |       ^^^^^^^",
            "help: close the quote at the end of the value",
        ],
    );
}

#[test]
fn text_where_a_number_is_expected_asks_for_a_whole_number() {
    let site = Site::new();
    site.write(
        "content/modules/x.md",
        "---\ntitle: X\nsummary: S\nlevel: beginner\nduration_hours: twenty\n---\nBody\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("expected a whole number", "content/modules/x.md", 5, 17));
    assert_eq!(hint(&d), "write a whole number such as 12, without quotes, decimals or units");
    assert_eq!(d["end_column"], 23, "the pointer covers `twenty`");
}

#[test]
fn a_quoted_number_is_a_type_error() {
    let site = Site::new();
    site.write(
        "content/modules/x.md",
        "---\ntitle: X\nsummary: S\nlevel: beginner\nduration_hours: \"20\"\n---\nBody\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("expected a whole number", "content/modules/x.md", 5, 17));
    assert_eq!(hint(&d), "write a whole number such as 12, without quotes, decimals or units");
}

#[test]
fn a_quoted_decimal_number_is_a_type_error() {
    let site = Site::new();
    site.write(
        "content/modules/x.md",
        "---\ntitle: X\nsummary: S\nlevel: beginner\nduration_hours: 10\nects: \"2.5\"\n---\nBody\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("expected a number", "content/modules/x.md", 6, 7));
    assert_eq!(hint(&d), "write a number such as 7.5");
}

#[test]
fn an_empty_summary_is_reported_as_empty_not_missing() {
    let site = Site::new();
    site.write("content/modules/x.md", "---\ntitle: X\nsummary:\nlevel: beginner\nduration_hours: 10\n---\nBody\n");
    let d = only(&site);
    assert_eq!(located(&d), ("`summary` is empty", "content/modules/x.md", 3, 8));
    assert_eq!(hint(&d), "write a value for `summary` or remove the line");
}

#[test]
fn text_where_a_list_is_expected_asks_for_a_list() {
    let site = Site::new();
    site.write("content/projects/chatbot.yaml", "title: Chatbot\nprovider: Microsoft\nsummary: S\nskills: Python\n");
    let d = only(&site);
    assert_eq!(located(&d), ("expected a list here", "content/projects/chatbot.yaml", 4, 9));
    assert_eq!(hint(&d), "write a list as `[a, b]` or as one `- item` per line");
}

#[test]
fn a_list_where_text_is_expected_says_text_is_expected() {
    let site = Site::new();
    site.write("content/projects/chatbot.yaml", "title: Chatbot\nprovider: [Microsoft]\nsummary: S\n");
    let d = only(&site);
    assert_eq!(located(&d), ("expected text here", "content/projects/chatbot.yaml", 2, 11));
}

#[test]
fn missing_required_fields_are_each_reported_at_the_record() {
    let site = Site::new();
    site.write("content/modules/x.md", "---\ntitle: X\n---\nBody\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("missing required field `duration_hours`", "content/modules/x.md", 1, 1),
            ("missing required field `level`", "content/modules/x.md", 1, 1),
            ("missing required field `summary`", "content/modules/x.md", 1, 1),
        ]
    );
    assert_eq!(hint(&all[1]), "add `level: …`");
    assert_lines_in_order(
        &human(&site, &[]),
        &[
            "error: missing required field `duration_hours`",
            " --> content/modules/x.md:1:1",
            "this front matter has no",
        ],
    );
}

#[test]
fn missing_required_field_of_a_role_points_at_the_role() {
    let site = Site::new();
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nroles:\n  - title: Engineer\n  - summary: No title here\n    country: FR\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("missing required field `title`", "content/employers/acme.yaml", 5, 5));
}

#[test]
fn unknown_field_suggests_the_closest_field() {
    let site = Site::new();
    site.module("x", "sumary: Typo\n", "Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown field `sumary`", "content/modules/x.md", 6, 1));
    assert_eq!(hint(&d), "did you mean `summary`?");
    assert_eq!(
        github(&site),
        "::error file=content/modules/x.md,line=6,col=1::unknown field `sumary` (did you mean `summary`?)\n"
    );
}

#[test]
fn unknown_field_without_a_close_match_lists_the_fields() {
    let site = Site::new();
    site.write("content/pages/about.md", "---\ntitle: About\nbanana: yes\n---\nBody\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown field `banana`", "content/pages/about.md", 3, 1));
    assert_eq!(hint(&d), "the allowed fields are: title, summary, draft");
}

#[test]
fn invalid_id_in_a_file_name_suggests_a_valid_file_name() {
    let site = Site::new();
    site.write("content/modules/Deep Learning.md", &format!("{MODULE_HEAD}---\nBody\n"));
    site.write("content/pages/Team_Page.md", "---\ntitle: Team\n---\nBody\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("invalid module id `Deep Learning` (the file name)", "content/modules/Deep Learning.md", 1, 1),
            ("invalid page id `Team_Page` (the file name)", "content/pages/Team_Page.md", 1, 1),
        ]
    );
    assert_eq!(hint(&all[0]), "rename the file to `deep-learning.md`");
    assert_eq!(hint(&all[1]), "rename the file to `team-page.md`");
}

#[test]
fn id_fields_that_could_escape_the_output_folder_are_invalid() {
    let site = Site::new();
    site.write(
        "content/projects/more.yaml",
        "- id: ../../etc\n  title: A\n  provider: P\n  summary: S\n- id: a/b\n  title: B\n  provider: P\n  summary: S\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("invalid project id `../../etc`", "content/projects/more.yaml", 1, 7),
            ("invalid project id `a/b`", "content/projects/more.yaml", 5, 7),
        ]
    );
    assert_eq!(hint(&all[0]), "write `id: etc`");
    assert_eq!(hint(&all[1]), "write `id: a-b`");
    // The build stops before writing: not in `public`, nor beside it (where `projects/../../etc` points).
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().code(1);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "something was written");
}

#[test]
fn invalid_dates_point_at_the_value() {
    let site = Site::new();
    site.module("x", "updated: 2027-02-30\n", "Body\n");
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nroles:\n  - title: Engineer\n    posted: 01/09/2027\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("invalid date `01/09/2027` in `posted`", "content/employers/acme.yaml", 5, 13),
            ("invalid date `2027-02-30` in `updated`", "content/modules/x.md", 6, 10),
        ]
    );
    assert_eq!(hint(&all[0]), "write dates as YYYY-MM-DD, e.g. 2027-09-01");
    assert_eq!(hint(&all[1]), "this day does not exist: check the month (01-12) and the day of the month");
}

#[test]
fn invalid_country_codes_are_errors_and_uk_is_accepted() {
    let site = Site::new();
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nlocations:\n  - {city: London, country: UK}\n  - {city: Paris, country: fr}\n  - {city: Atlantis, country: XX}\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("unknown country code `fr`", "content/employers/acme.yaml", 5, 28),
            ("unknown country code `XX`", "content/employers/acme.yaml", 6, 31),
        ]
    );
    assert_eq!(hint(&all[0]), "country codes are upper case: `FR`");
    assert_eq!(hint(&all[1]), "use an ISO 3166-1 alpha-2 code such as US, GB (or UK) or FR");
}

#[test]
fn urls_must_be_http_or_https_and_mailto_is_only_for_apply_url() {
    let site = Site::new();
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nwebsite: javascript:alert(1)\nroles:\n  - title: A\n    apply_url: mailto:jobs@acme.example.com\n  - title: B\n    apply_url: http://acme.example.com/b\n  - title: C\n    apply_url: ftp://acme.example.com/c\n",
    );
    site.write("content/employers/zenith.yaml", "name: Zenith\nsummary: S\nwebsite: mailto:hello@zenith.example.com\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("invalid URL `javascript:alert(1)` in `website`", "content/employers/acme.yaml", 3, 10),
            ("invalid URL `ftp://acme.example.com/c` in `apply_url`", "content/employers/acme.yaml", 10, 16),
            ("invalid URL `mailto:hello@zenith.example.com` in `website`", "content/employers/zenith.yaml", 3, 10),
        ]
    );
    assert_eq!(hint(&all[0]), "write an absolute http(s):// URL, e.g. https://example.com/careers");
    assert_eq!(hint(&all[1]), "write an absolute http(s):// or mailto: URL, e.g. https://example.com/careers");
}

#[test]
fn invalid_enum_values_list_the_allowed_values() {
    let site = Site::new();
    site.write("content/modules/x.md", "---\ntitle: X\nsummary: S\nlevel: expert\nduration_hours: 5\n---\nBody\n");
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nroles:\n  - title: A\n    employment_type: fulltime\n",
    );
    site.write(
        "content/programmes/ai-master.md",
        "---\ntitle: AI\nsummary: S\nmodules: [python-basics]\naccreditation:\n  - {region: Europe, status: approved}\n---\nBody\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("invalid employment_type `fulltime`", "content/employers/acme.yaml", 5, 22),
            ("invalid level `expert`", "content/modules/x.md", 4, 8),
            ("invalid status `approved`", "content/programmes/ai-master.md", 6, 30),
        ]
    );
    assert_eq!(
        hint(&all[0]),
        "did you mean `full-time`? (allowed values: full-time, part-time, contract, internship, apprenticeship)"
    );
    assert_eq!(hint(&all[1]), "allowed values: beginner, intermediate, advanced");
    assert_eq!(hint(&all[2]), "allowed values: registered, accredited, recognised, pending, not-accredited");
}

#[test]
fn unknown_prerequisite_points_at_the_id_and_suggests_the_closest() {
    let site = Site::new();
    site.module("nlp", "prerequisites: [python-basic]\n", "Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown prerequisite `python-basic`", "content/modules/nlp.md", 6, 17));
    assert_eq!(hint(&d), "did you mean `python-basics` (content/modules/python-basics.md)?");
    assert_eq!(
        human(&site, &[]),
        "error: unknown prerequisite `python-basic`
 --> content/modules/nlp.md:6:17
  |
6 | prerequisites: [python-basic]
  |                 ^^^^^^^^^^^^ no module has this id
  |
  = help: did you mean `python-basics` (content/modules/python-basics.md)?

error: 1 error in 1 file; nothing to write in a check
"
    );
    assert_eq!(
        github(&site),
        "::error file=content/modules/nlp.md,line=6,col=17::unknown prerequisite `python-basic` \
         (did you mean `python-basics` (content/modules/python-basics.md)?)\n"
    );
}

#[test]
fn unknown_programme_module_and_project_suggest_the_closest() {
    let site = Site::new();
    site.write(
        "content/programmes/ai-master.md",
        "---\ntitle: AI\nsummary: S\nmodules: [python-basics, pyton-basics]\nprojects: [chat-bot, quantum-leap]\n---\nBody\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("unknown module `pyton-basics`", "content/programmes/ai-master.md", 4, 26),
            ("unknown project `chat-bot`", "content/programmes/ai-master.md", 5, 12),
            ("unknown project `quantum-leap`", "content/programmes/ai-master.md", 5, 22),
        ]
    );
    assert_eq!(hint(&all[0]), "did you mean `python-basics` (content/modules/python-basics.md)?");
    assert_eq!(hint(&all[1]), "did you mean `chatbot` (content/projects/chatbot.yaml)?");
    assert_eq!(hint(&all[2]), "check the spelling, or create it with `prospectus new project quantum-leap`");
}

#[test]
fn an_unknown_job_guarantee_terms_page_suggests_the_closest() {
    let site = Site::new();
    site.write(
        "content/programmes/ai-master.md",
        "---\ntitle: AI\nsummary: S\nmodules: [python-basics]\njob_guarantee: {months: 6, terms: abuot}\n---\nBody\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("unknown page `abuot`", "content/programmes/ai-master.md", 5, 35));
    assert_eq!(hint(&d), "did you mean `about` (content/pages/about.md)?");
}

#[test]
fn unknown_project_module_suggests_the_closest() {
    let site = Site::new();
    site.write("content/projects/chatbot.yaml", "title: C\nprovider: P\nsummary: S\nmodules:\n  - python-basic\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown module `python-basic`", "content/projects/chatbot.yaml", 5, 5));
    assert_eq!(hint(&d), "did you mean `python-basics` (content/modules/python-basics.md)?");
}

#[test]
fn references_to_drafts_are_errors_unless_drafts_are_built() {
    let site = Site::new();
    site.module("advanced-python", "draft: true\n", "Body\n");
    site.module("web", "prerequisites: [advanced-python]\n", "See [it](@/modules/advanced-python.md).\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("prerequisite `advanced-python` is a draft", "content/modules/web.md", 6, 17),
            ("link to draft module `advanced-python`", "content/modules/web.md", 8, 10),
        ]
    );
    assert_eq!(
        hint(&all[0]),
        "publish it (remove `draft: true` in content/modules/advanced-python.md) or build with --drafts"
    );
    site.check("json", &["--drafts"]).assert().code(0).stdout("[]\n");
}

#[test]
fn duplicate_ids_in_two_files_name_both_files() {
    let site = Site::new();
    site.write("content/projects/chatbot.yml", "title: Other\nprovider: P\nsummary: S\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "duplicate project id `chatbot`: already defined in content/projects/chatbot.yaml",
            "content/projects/chatbot.yml",
            1,
            1
        )
    );
    assert_eq!(d["related"][0]["file"], "content/projects/chatbot.yaml");
    assert_eq!(d["related"][0]["message"], "first defined here");
    assert_lines_in_order(
        &human(&site, &[]),
        &[
            "error: duplicate project id `chatbot`",
            " --> content/projects/chatbot.yml:1:1",
            "  = help: ids must be unique: rename one of the two",
            "note: first defined here",
            " --> content/projects/chatbot.yaml:1:1",
        ],
    );
}

#[test]
fn duplicate_ids_in_a_list_and_against_a_single_record_name_both_places() {
    let site = Site::new();
    site.write(
        "content/projects/more.yaml",
        "- id: one\n  title: A\n  provider: P\n  summary: S\n- id: one\n  title: B\n  provider: P\n  summary: S\n- id: chatbot\n  title: C\n  provider: P\n  summary: S\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("duplicate project id `one`: already defined earlier in this file", "content/projects/more.yaml", 5, 7),
            (
                "duplicate project id `chatbot`: already defined in content/projects/chatbot.yaml",
                "content/projects/more.yaml",
                9,
                7
            ),
        ]
    );
    assert_eq!(
        (&all[0]["related"][0]["file"], &all[0]["related"][0]["line"]),
        (&"content/projects/more.yaml".into(), &1.into())
    );
    assert_eq!(all[1]["related"][0]["file"], "content/projects/chatbot.yaml");
}

#[test]
fn prerequisite_cycle_names_the_cycle() {
    let site = Site::new();
    site.module("a", "prerequisites: [b]\n", "Body\n");
    site.module("b", "prerequisites: [c]\n", "Body\n");
    site.module("c", "prerequisites: [python-basics, a]\n", "Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("prerequisite cycle: `a` → `b` → `c` → `a`", "content/modules/c.md", 6, 32));
    let related: Vec<_> = d["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["message"].as_str().unwrap(), r["file"].as_str().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        related,
        [("`a` requires `b`", "content/modules/a.md", 6), ("`b` requires `c`", "content/modules/b.md", 6)]
    );
    assert_lines_in_order(
        &human(&site, &[]),
        &[
            "error: prerequisite cycle: `a` → `b` → `c` → `a`",
            " --> content/modules/c.md:6:32",
            "^ this prerequisite closes the cycle",
            "note: `a` requires `b`",
            " --> content/modules/a.md:6:17",
            "note: `b` requires `c`",
        ],
    );
}

#[test]
fn module_listing_itself_as_prerequisite_is_reported() {
    let site = Site::new();
    site.module("loop", "prerequisites: [loop]\n", "Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("module `loop` lists itself as a prerequisite", "content/modules/loop.md", 6, 17));
    assert_eq!(hint(&d), "remove it from its own `prerequisites`");
}

#[test]
fn internal_links_to_missing_records_and_anchors_are_errors() {
    let site = Site::new();
    site.write(
        "content/pages/faq.md",
        "---\ntitle: FAQ\n---\n# FAQ\n\nSee [a](@/modules/python-basic.md) or [b](@/modules/python-basics.md#overveiw).\n",
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("broken link: no module `python-basic`", "content/pages/faq.md", 6, 9),
            ("broken link: `modules/python-basics.md` has no anchor `#overveiw`", "content/pages/faq.md", 6, 43),
        ]
    );
    assert_eq!(hint(&all[0]), "did you mean `python-basics` (content/modules/python-basics.md)?");
    assert_eq!(hint(&all[1]), "did you mean `#overview`?");
}

#[test]
fn internal_link_in_a_yaml_brief_points_into_the_yaml_file() {
    let site = Site::new();
    site.write(
        "content/projects/chatbot.yaml",
        "title: C\nprovider: P\nsummary: S\nbrief: |\n  ## Brief\n\n  Read [the basics](@/modules/python-basics.md#weekly-plan).\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "broken link: `modules/python-basics.md` has no anchor `#weekly-plan`",
            "content/projects/chatbot.yaml",
            7,
            21
        )
    );
    assert_eq!(hint(&d), "did you mean `#weekly-outline`?");
}

#[test]
fn valid_internal_links_with_anchors_pass() {
    let site = Site::new();
    site.write(
        "content/pages/faq.md",
        "---\ntitle: FAQ\n---\nSee [the outline](@/modules/python-basics.md#weekly-outline), \
         [the project](@/projects/chatbot.md), [Acme](@/employers/acme.md#role--junior-engineer) \
         and [about](@/pages/about.md).\n",
    );
    site.check("json", &[]).assert().code(0).stdout("[]\n");
}

#[test]
fn internal_link_with_a_file_extension_other_than_md_is_an_error() {
    let site = Site::new();
    site.write("content/pages/faq.md", "---\ntitle: FAQ\n---\nSee [the project](@/projects/chatbot.yaml).\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("internal link `@/projects/chatbot.yaml` must end with `.md`", "content/pages/faq.md", 4, 19)
    );
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let site = Site::new();
    site.write_bytes("content/modules/x.md", b"---\ntitle: Caf\xc3\xa9 cr\xe8me\nsummary: S\n---\nBody\n");
    let d = only(&site);
    assert_eq!(located(&d), ("file is not valid UTF-8", "content/modules/x.md", 2, 15));
    assert_eq!(hint(&d), "save the file as UTF-8 (most editors have an `Encoding` menu)");
    assert_lines_in_order(
        &human(&site, &[]),
        &[" --> content/modules/x.md:2:15", "2 | title: Café cr", "^ invalid byte 0xe8 here"],
    );
}

#[test]
fn unterminated_front_matter_points_at_the_opening_fence() {
    let site = Site::new();
    site.write("content/modules/x.md", "---\ntitle: X\nsummary: S\n\n## Body\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unterminated front matter", "content/modules/x.md", 1, 1));
    assert_eq!(hint(&d), "add a line with `---` after the last YAML field, before the Markdown body");
    assert_lines_in_order(&human(&site, &[]), &["1 | ---", "  | ^^^ this `---` is never closed"]);
}

#[test]
fn missing_front_matter_points_at_the_first_line() {
    let site = Site::new();
    site.write("content/pages/about.md", "# About\n\nNo front matter.\n");
    let d = only(&site);
    assert_eq!(located(&d), ("missing front matter", "content/pages/about.md", 1, 1));
    assert_eq!(d["end_column"], 8, "the pointer covers the first line");
}

#[test]
fn empty_files_are_errors_at_line_1() {
    let site = Site::new();
    site.write("content/modules/x.md", "");
    site.write("content/employers/blank.yaml", "  \n\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [("file is empty", "content/employers/blank.yaml", 1, 1), ("file is empty", "content/modules/x.md", 1, 1)]
    );
    assert_eq!(hint(&all[0]), "write the record's fields as YAML, or delete the file");
}

#[test]
fn yaml_files_without_records_are_errors() {
    let site = Site::new();
    site.write("content/projects/none.yaml", "[]\n");
    site.write("content/employers/comment.yaml", "# to do\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("no YAML value here: the document is empty or ends too early", "content/employers/comment.yaml", 2, 1),
            ("the list holds no records", "content/projects/none.yaml", 1, 1),
        ]
    );
}

#[test]
fn nul_byte_is_an_error_at_its_position() {
    let site = Site::new();
    site.write_bytes("content/pages/about.md", b"---\ntitle: About\n---\nAbout \x00us.\n");
    let d = only(&site);
    assert_eq!(located(&d), ("file contains a NUL byte: it looks binary, not text", "content/pages/about.md", 4, 7));
}

#[test]
fn crlf_line_endings_and_a_bom_build_and_keep_positions_right() {
    let site = Site::new();
    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
    site.write("content/modules/python-basics.md", &crlf(fixture::PYTHON_BASICS));
    site.write("content/projects/chatbot.yaml", &crlf(fixture::CHATBOT));
    site.write("content/site.yaml", &crlf(fixture::SITE_YAML));
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().code(0);
    let page = std::fs::read_to_string(out.path().join("public/modules/python-basics/index.html")).unwrap();
    assert!(page.contains("id=\"weekly-outline\""), "headings keep their ids with CRLF");

    site.write(
        "content/modules/deep.md",
        &crlf(&format!("{MODULE_HEAD}prerequisites: [python-basic]\n---\nSee [x](@/modules/python-basics.md#nope).\n")),
    );
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("unknown prerequisite `python-basic`", "content/modules/deep.md", 6, 17),
            ("broken link: `modules/python-basics.md` has no anchor `#nope`", "content/modules/deep.md", 8, 9),
        ]
    );
    assert_eq!(all[0]["end_column"], 29);
}

#[test]
fn alias_bomb_fails_quickly() {
    let site = Site::new();
    let mut yaml = String::from("title: C\nprovider: P\nsummary: S\ndeliverables: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (key, (name, previous)) in ["skills", "modules"].iter().zip([("b", "a"), ("c", "b")]) {
        yaml.push_str(&format!("{key}: &{name} [{}]\n", vec![format!("*{previous}"); 30].join(", ")));
    }
    site.write("content/projects/chatbot.yaml", &yaml);
    let d = only(&site);
    assert_eq!(located(&d), ("expected text here", "content/projects/chatbot.yaml", 5, 13));
    assert_eq!(d["related"][0]["message"], "the alias's value is defined here");
    assert_eq!(d["related"][0]["line"], 4);
}

#[test]
fn deeply_nested_yaml_fails_quickly() {
    let site = Site::new();
    let depth = 10_000;
    let yaml = format!("title: C\nprovider: P\nsummary: S\nskills: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    site.write("content/projects/chatbot.yaml", &yaml);
    let d = only(&site);
    assert_eq!(located(&d).0, "YAML is nested too deeply (the limit is 32 levels)");
    assert_eq!((located(&d).1, located(&d).2), ("content/projects/chatbot.yaml", 4));
    assert_eq!(hint(&d), "content records are a few levels deep at most: check the brackets and indentation");
}

#[test]
fn a_second_yaml_document_is_an_error() {
    let site = Site::new();
    site.write("content/projects/chatbot.yaml", "title: C\nprovider: P\nsummary: S\n---\ntitle: D\n");
    let d = only(&site);
    assert_eq!(located(&d).0, "a second YAML document starts here");
    assert!(hint(&d).starts_with("a file holds one YAML document"), "{d:#}");
}

#[test]
fn file_in_an_unknown_folder_suggests_the_folder() {
    let site = Site::new();
    site.write("content/modulez/x.md", &format!("{MODULE_HEAD}---\nBody\n"));
    site.write("content/modules/notes.txt", "notes");
    site.write("content/modules/extra/y.md", "x");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(|d| (located(d).0, located(d).1, hint(d))).collect();
    assert_eq!(
        found,
        [
            (
                "file is not in a place Prospectus reads",
                "content/modules/extra/y.md",
                "records are not read from subfolders: move it to content/modules/"
            ),
            (
                "file is not in a place Prospectus reads",
                "content/modules/notes.txt",
                "files in content/modules/ end in `.md`; other files go in content/static/"
            ),
            (
                "file is not in a place Prospectus reads",
                "content/modulez/x.md",
                "did you mean the folder `content/modules/`?"
            ),
        ]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_under_content_are_refused() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::fs::create_dir_all(site.path("content/static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("content/static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(site.path("content/pages/about.md"), site.path("content/pages/team.md")).unwrap();
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(|d| (located(d).0, located(d).1)).collect();
    assert_eq!(
        found,
        [
            ("symbolic links are not followed", "content/pages/team.md"),
            ("symbolic links are not followed", "content/static/secret.txt"),
        ]
    );
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().code(1);
    assert!(!out.path().join("public/secret.txt").exists());
}

#[test]
fn reserved_page_id_is_refused() {
    let site = Site::new();
    site.write("content/pages/catalog.md", "---\ntitle: Our catalog\n---\nBody\n");
    let d = only(&site);
    assert_eq!(located(&d), ("page id `catalog` is reserved", "content/pages/catalog.md", 1, 1));
    assert!(hint(&d).starts_with("rename the file: these page ids are reserved: modules, projects"), "{d:#}");
}

#[test]
fn static_file_that_would_overwrite_a_generated_file_is_refused() {
    let site = Site::new();
    site.write("content/static/sitemap.xml", "<urlset/>");
    site.write("content/static/modules/python-basics/index.html", "<p>mine</p>");
    site.write("content/static/favicon.svg", "<svg/>"); // replacing a theme asset is allowed
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(|d| (located(d).0, located(d).1)).collect();
    assert_eq!(
        found,
        [
            (
                "static file would overwrite the generated `modules/python-basics/index.html`",
                "content/static/modules/python-basics/index.html"
            ),
            ("static file would overwrite the generated `sitemap.xml`", "content/static/sitemap.xml"),
        ]
    );
}

#[test]
fn static_file_clash_is_reported_with_the_sites_other_errors() {
    let site = Site::new();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    site.build(&public).assert().success();
    let before = fixture::snapshot(&public);
    site.module("x", "prerequisites: [nope]\n", "Body\n");
    site.write("content/static/catalog/index.html", "<p>mine</p>");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(|d| (located(d).0, located(d).1)).collect();
    assert_eq!(
        found,
        [
            ("unknown prerequisite `nope`", "content/modules/x.md"),
            ("static file would overwrite the generated `catalog/index.html`", "content/static/catalog/index.html"),
        ],
        "{all:#?}"
    );
    assert_eq!(hint(&all[1]), "rename or move it: the site generates this file itself");
    site.build(&public).assert().code(1);
    assert_eq!(fixture::snapshot(&public), before, "a failed build leaves the previous output untouched");
}

#[test]
fn every_generated_file_but_the_search_index_is_protected_before_rendering() {
    let site = Site::new();
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().success();
    // The files a static file may not replace (the rest are the theme's assets, which it may).
    let protected =
        |path: &String| [".html", ".xml", ".json"].iter().any(|end| path.ends_with(end)) || path == "robots.txt";
    let generated: BTreeSet<String> = fixture::snapshot(&out.path().join("public"))
        .into_keys()
        .filter(|path| protected(path) && !path.starts_with("search/"))
        .collect();
    for path in &generated {
        site.write(&format!("content/static/{path}"), "mine");
    }
    site.module("x", "prerequisites: [nope]\n", "Body\n"); // so the site never renders
    let clashing: BTreeSet<String> = diagnostics(&site, &[])
        .iter()
        .filter_map(|d| d["message"].as_str()?.strip_prefix("static file would overwrite the generated `"))
        .map(|rest| rest.trim_end_matches('`').to_owned())
        .collect();
    assert_eq!(clashing, generated);
}

#[test]
fn every_error_is_reported_at_once_and_nothing_is_written() {
    let site = Site::new();
    site.module("x", "level: expert\n", "Body\n"); // a duplicate field: one error
    site.write("content/projects/chatbot.yaml", "title: C\nprovider: P\nsummary: S\nmodules: [nope]\n");
    site.write("content/employers/acme.yaml", "name: Acme\nsummary: S\nwebsite: ftp://acme.example.com/\n");
    site.write("content/pages/about.md", "---\ntitle: About\ntitel: Typo\n---\n");
    let out = tempfile::tempdir().unwrap();
    let output = site.build(&out.path().join("public")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_lines_in_order(
        &stderr,
        &[
            "error: invalid URL `ftp://acme.example.com/` in `website`",
            " --> content/employers/acme.yaml:3:10",
            "error: duplicate field `level`",
            " --> content/modules/x.md:6:1",
            "error: unknown field `titel`",
            " --> content/pages/about.md:3:1",
            "error: unknown module `nope`",
            " --> content/projects/chatbot.yaml:4:11",
        ],
    );
    assert!(stderr.ends_with("error: 4 errors in 4 files; nothing was written\n"), "{stderr}");
    assert!(!out.path().join("public").exists());
}

#[test]
fn references_to_a_file_that_failed_to_load_are_not_reported_again() {
    let site = Site::new();
    site.write("content/modules/python-basics.md", "no front matter\n");
    let d = only(&site);
    assert_eq!(located(&d), ("missing front matter", "content/modules/python-basics.md", 1, 1));
}

#[test]
fn site_yaml_needs_a_title_and_an_absolute_base_url() {
    let site = Site::new();
    site.write("content/site.yaml", "base_url: /docs/\n");
    let all = diagnostics(&site, &[]);
    let found: Vec<_> = all.iter().map(located).collect();
    assert_eq!(
        found,
        [
            ("site.yaml has no `title`", "content/site.yaml", 1, 1),
            ("invalid base_url `/docs/`: relative URL without a base", "content/site.yaml", 1, 11),
        ]
    );
    site.write("content/site.yaml", "title: T\nbase_url: javascript:alert(1)\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("base_url `javascript:alert(1)` must be an absolute http(s) URL", "content/site.yaml", 2, 11)
    );
}

#[test]
fn exit_codes_are_0_for_success_1_for_content_errors_2_for_usage_errors() {
    let site = Site::new();
    site.check("human", &[]).assert().code(0);
    site.command(&["check", "--root", site.root().to_str().unwrap(), "--format", "xml"]).assert().code(2);
    site.command(&["build", "--no-such-flag"]).assert().code(2);
    site.command(&["frobnicate"]).assert().code(2);
    site.write("content/modules/x.md", "");
    site.check("human", &[]).assert().code(1);
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().code(1);
}

#[test]
fn missing_site_yaml_and_content_folder_are_errors() {
    let site = Site::new();
    site.remove("content/site.yaml");
    let d = only(&site);
    assert_eq!(d["message"], "missing content/site.yaml");
    let empty = Site::empty();
    let d = only(&empty);
    assert!(d["message"].as_str().unwrap().starts_with("no `content` folder in "), "{d:#}");
}

/// A failed build leaves the previous output byte-for-byte as it was, with no staging folder beside it.
#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = Site::new();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    site.build(&out).assert().code(0);
    let before = fixture::snapshot(&out);
    assert!(before.contains_key("modules/python-basics/index.html"), "{:?}", before.keys());

    site.module("python-basics", "prerequisites: [missing]\n", "Body\n");
    site.write("content/pages/about.md", "");
    site.build(&out).assert().code(1);
    assert!(fixture::snapshot(&out) == before, "the output changed after a failed build");
    let beside: Vec<_> = std::fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["public"], "a staging folder was left beside the output");
}

#[test]
fn builds_of_the_example_catalog_are_byte_identical_whatever_the_thread_count() {
    // A copy, so that edits to the example while the test runs cannot race the builds.
    let site = Site::empty();
    fixture::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &site.path("content"));
    let out = tempfile::tempdir().unwrap();
    let build = |name: &str, threads: &str| {
        let folder = out.path().join(name);
        let mut command = site.build(&folder);
        command.env("SOURCE_DATE_EPOCH", "1764000000").env("RAYON_NUM_THREADS", threads).assert().code(0);
        fixture::snapshot(&folder)
    };
    let first = build("one", "2");
    assert!(first.len() > 50, "the example catalog built only {} files", first.len());
    let differing = |other: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let names: BTreeSet<&String> = first.keys().chain(other.keys()).collect();
        names.into_iter().filter(|n| first.get(*n) != other.get(*n)).cloned().collect()
    };
    assert_eq!(differing(&build("two", "2")), Vec::<String>::new(), "two builds differ");
    assert_eq!(differing(&build("single", "1")), Vec::<String>::new(), "builds on 1 and 2 threads differ");
}

/// An employer `acme` whose only role has `fields` (each line indented by four spaces).
fn role_with(site: &Site, fields: &str) {
    site.write(
        "content/employers/acme.yaml",
        &format!("name: Acme\nsummary: S\nroles:\n  - title: Engineer\n{fields}"),
    );
}

#[test]
fn two_roles_with_one_id_are_an_error_naming_both() {
    let site = Site::new();
    site.write(
        "content/employers/acme.yaml",
        "name: Acme\nsummary: S\nroles:\n  - title: ML Engineer\n  - title: Data Scientist\n    id: ml-engineer\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("two roles of this employer have the id `ml-engineer`", "content/employers/acme.yaml", 6, 9)
    );
    assert_eq!((d["related"][0]["line"].as_u64(), d["related"][0]["column"].as_u64()), (Some(4), Some(12)));
    assert_eq!(hint(&d), "give one of them an id of its own: `id: ml-engineer-2`, say");
}

#[test]
fn an_invalid_role_id_suggests_a_valid_one() {
    let site = Site::new();
    role_with(&site, "    id: ML Engineer\n");
    let d = only(&site);
    assert_eq!(located(&d), ("invalid role id `ML Engineer`", "content/employers/acme.yaml", 5, 9));
    assert_eq!(hint(&d), "role ids are lowercase words joined by dashes: `ml-engineer`");
}

#[test]
fn an_unknown_workplace_lists_the_allowed_values() {
    let site = Site::new();
    role_with(&site, "    workplace: remot\n");
    let d = only(&site);
    assert_eq!(located(&d), ("invalid workplace `remot`", "content/employers/acme.yaml", 5, 16));
    assert_eq!(hint(&d), "did you mean `remote`? (allowed values: on-site, hybrid, remote)");
}

#[test]
fn workplace_and_the_deprecated_remote_together_are_an_error() {
    let site = Site::new();
    role_with(&site, "    workplace: hybrid\n    remote: true\n");
    let d = only(&site);
    assert_eq!(located(&d), ("a role sets both `workplace` and `remote`", "content/employers/acme.yaml", 6, 13));
    assert_eq!(hint(&d), "remove `remote`: it is the deprecated spelling of `workplace: remote`");
}

#[test]
fn applicant_countries_on_a_role_that_is_not_remote_are_an_error() {
    let site = Site::new();
    role_with(&site, "    workplace: on-site\n    applicant_countries: [FR]\n");
    let d = only(&site);
    assert_eq!(located(&d), ("`applicant_countries` is for remote roles", "content/employers/acme.yaml", 6, 27));
    assert_eq!(hint(&d), "set `workplace: remote`, or remove `applicant_countries`");
}

#[test]
fn an_unknown_applicant_country_is_located() {
    let site = Site::new();
    role_with(&site, "    workplace: remote\n    applicant_countries: [FR, XK1]\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown country code `XK1`", "content/employers/acme.yaml", 6, 31));
}

#[test]
fn a_salary_whose_max_is_below_its_min_points_at_max() {
    let site = Site::new();
    role_with(&site, "    salary: {min: 60000, max: 45000, currency: EUR, period: year}\n");
    let d = only(&site);
    assert_eq!(located(&d), ("salary `max` (45000) is below `min` (60000)", "content/employers/acme.yaml", 5, 31));
    assert_eq!(hint(&d), "write the lower amount as `min` and the higher as `max`");
}

#[test]
fn an_unknown_salary_currency_is_located() {
    let site = Site::new();
    role_with(&site, "    salary:\n      min: 40000\n      currency: eur\n      period: year\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown currency `eur`", "content/employers/acme.yaml", 7, 17));
    assert_eq!(hint(&d), "currency codes are upper case: `EUR`");
}

#[test]
fn an_unknown_salary_period_lists_the_allowed_values() {
    let site = Site::new();
    role_with(&site, "    salary: {min: 40000, currency: GBP, period: annual}\n");
    let d = only(&site);
    assert_eq!(located(&d), ("invalid period `annual`", "content/employers/acme.yaml", 5, 49));
    assert_eq!(hint(&d), "allowed values: year, month, day, hour");
}

#[test]
fn a_salary_without_currency_points_at_the_salary() {
    let site = Site::new();
    role_with(&site, "    salary:\n      min: 40000\n      period: year\n");
    let d = only(&site);
    assert_eq!(located(&d), ("missing required field `currency`", "content/employers/acme.yaml", 6, 7));
}

#[test]
fn a_negative_tuition_amount_is_located() {
    let site = Site::new();
    let programme = std::fs::read_to_string(site.path("content/programmes/ai-master.md")).expect("fixture programme");
    let programme = programme.replacen("---\n", "---\ntuition:\n  - {country: FR, amount: -10, currency: EUR}\n", 1);
    site.write("content/programmes/ai-master.md", &programme);
    let d = only(&site);
    assert_eq!(located(&d), ("`amount` must be zero or more, not -10", "content/programmes/ai-master.md", 3, 27));
}

#[test]
fn an_organization_logo_that_is_not_a_static_file_is_located() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://example.org/\norganization:\n  name: School\n  logo: logo.svg\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("no static file `logo.svg`", "content/site.yaml", 5, 9));
    assert_eq!(hint(&d), "put the file in content/static/ and write its path from there, e.g. `logo.svg`");
}

#[test]
fn an_organization_without_a_name_points_at_the_block() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://example.org/\norganization:\n  url: https://school.example.org/\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("`organization` has no `name`", "content/site.yaml", 4, 3));
}

#[test]
fn an_organization_same_as_that_is_not_a_url_is_located() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://example.org/\norganization:\n  name: School\n  same_as: [linkedin.com/school]\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("invalid URL `linkedin.com/school` in `organization.same_as`", "content/site.yaml", 5, 13)
    );
}

/// A fixture site with one error (an unknown level in `content/modules/python-basics.md`),
/// and the name of its folder inside its parent folder.
fn broken_site_in_a_folder() -> (Site, String) {
    let site = Site::new();
    site.write("content/modules/python-basics.md", &fixture::PYTHON_BASICS.replace("level: beginner", "level: expert"));
    let name = site.root().file_name().and_then(|n| n.to_str()).expect("a UTF-8 folder name").to_owned();
    (site, name)
}

/// `check --root <name> --format <format>` run from the site's parent folder: stdout and stderr.
fn check_from_parent(site: &Site, name: &str, format: &str, workspace: Option<&Path>) -> (String, String) {
    let parent = site.root().parent().expect("the temp folder has a parent");
    let mut command = site.command(&["check", "--root", name, "--format", format]);
    command.current_dir(parent);
    if let Some(workspace) = workspace {
        command.env("GITHUB_WORKSPACE", workspace);
    }
    let output = command.output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1));
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn github_annotations_name_files_from_the_working_directory_when_the_site_is_in_a_subfolder() {
    let (site, name) = broken_site_in_a_folder();
    let (stdout, _) = check_from_parent(&site, &name, "github", None);
    assert!(stdout.starts_with(&format!("::error file={name}/content/modules/python-basics.md,line=4,")), "{stdout}");
}

#[test]
fn github_annotations_name_files_from_the_github_workspace_when_it_is_set() {
    let (site, name) = broken_site_in_a_folder();
    // Run from elsewhere (the site itself), as a step with `working-directory:` would.
    let parent = site.root().parent().expect("the temp folder has a parent");
    let mut command = site.command(&["check", "--root", ".", "--format", "github"]);
    command.env("GITHUB_WORKSPACE", parent);
    let output = command.output().expect("run prospectus");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with(&format!("::error file={name}/content/modules/python-basics.md,line=4,")), "{stdout}");
}

#[test]
fn human_and_json_diagnostics_name_files_from_the_working_directory() {
    let (site, name) = broken_site_in_a_folder();
    let (_, stderr) = check_from_parent(&site, &name, "human", None);
    assert!(stderr.contains(&format!("--> {name}/content/modules/python-basics.md:4:")), "{stderr}");
    let (stdout, _) = check_from_parent(&site, &name, "json", None);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json[0]["file"], format!("{name}/content/modules/python-basics.md"));
    assert_eq!(json[0]["line"], 4);
}

#[test]
fn a_site_outside_the_working_directory_is_named_by_its_absolute_path() {
    let (site, _) = broken_site_in_a_folder();
    let elsewhere = tempfile::tempdir().expect("a temp folder");
    let root = std::fs::canonicalize(site.root()).expect("the site's absolute path");
    let mut command = site.command(&["check", "--root", root.to_str().expect("UTF-8"), "--format", "json"]);
    command.current_dir(elsewhere.path());
    let stdout = String::from_utf8_lossy(&command.output().expect("run prospectus").stdout).into_owned();
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json[0]["file"], format!("{}/content/modules/python-basics.md", root.display()));
}

// Translations (`<stem>.<lang>.md` / `.yaml` beside the original; docs/content.md, "Translations").

/// The fixture site declaring French besides its default English.
fn bilingual() -> Site {
    let site = Site::new();
    site.write("content/site.yaml", &format!("{}languages:\n  fr: {{title: Catalogue}}\n", fixture::SITE_YAML));
    site
}

#[test]
fn a_translation_of_a_missing_record_names_the_file_that_would_hold_it() {
    let site = bilingual();
    site.write("content/modules/quantum-computing.fr.md", "---\ntitle: Informatique quantique\n---\nTexte.\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "translation of module `quantum-computing`, which does not exist (no content/modules/quantum-computing.md)",
            "content/modules/quantum-computing.fr.md",
            1,
            1
        )
    );
    assert_eq!(
        hint(&d),
        "create content/modules/quantum-computing.md first, or rename this file after the module it translates"
    );
}

#[test]
fn a_translation_of_a_mistyped_id_suggests_the_closest() {
    let site = bilingual();
    site.write("content/modules/python-basic.fr.md", "---\ntitle: Les bases de Python\n---\nTexte.\n");
    let d = only(&site);
    assert_eq!(
        d["message"],
        "translation of module `python-basic`, which does not exist (no content/modules/python-basic.md)"
    );
    assert_eq!(hint(&d), "did you mean `python-basics` (content/modules/python-basics.md)?");
}

#[test]
fn a_translation_in_a_language_the_site_does_not_declare_is_an_error() {
    let site = bilingual();
    site.write("content/pages/about.de.md", "---\ntitle: Über uns\n---\nText.\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("translation into `de` (Deutsch), a language the site does not declare", "content/pages/about.de.md", 1, 1)
    );
    assert_eq!(
        hint(&d),
        "add it to site.yaml's `languages` (`languages: {de: {title: …, description: …}}`), or rename the file"
    );
}

#[test]
fn a_translation_into_the_language_the_original_is_written_in_is_an_error() {
    let site = bilingual();
    site.write("content/modules/python-basics.en.md", "---\ntitle: Python Basics again\n---\nText.\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "translation into `en`, the language module `python-basics` is written in",
            "content/modules/python-basics.en.md",
            1,
            1
        )
    );
    assert_eq!(
        hint(&d),
        "content/modules/python-basics.md is already in English: translate it into another of the site's languages, or remove this file"
    );
}

#[test]
fn a_shared_field_in_a_translation_names_the_original_file() {
    let site = bilingual();
    site.write(
        "content/modules/python-basics.fr.md",
        "---\ntitle: Les bases de Python\nduration_hours: 25\n---\nTexte.\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`duration_hours` is shared by every language: set it in content/modules/python-basics.md",
            "content/modules/python-basics.fr.md",
            3,
            1
        )
    );
    assert_eq!(
        hint(&d),
        "remove it here: a translation holds only text, and content/modules/python-basics.md sets `duration_hours` for every language"
    );
}

#[test]
fn a_shared_field_of_a_translated_role_names_the_original_file() {
    let site = bilingual();
    site.write("content/employers/acme.fr.yaml", "roles:\n  - id: junior-engineer\n    country: FR\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`country` is shared by every language: set it in content/employers/acme.yaml",
            "content/employers/acme.fr.yaml",
            3,
            5
        )
    );
}

#[test]
fn an_unknown_field_in_a_translation_suggests_a_text_field() {
    let site = bilingual();
    site.write("content/modules/python-basics.fr.md", "---\ntitel: Les bases de Python\n---\nTexte.\n");
    let d = only(&site);
    assert_eq!(located(&d), ("unknown field `titel`", "content/modules/python-basics.fr.md", 2, 1));
    assert_eq!(hint(&d), "did you mean `title`?");
}

#[test]
fn a_translated_programme_with_another_number_of_stages_is_an_error() {
    let site = bilingual();
    site.write(
        "content/programmes/ai-master.md",
        "---\ntitle: AI Master\nsummary: S\nprojects: [chatbot]\nstages:\n  - title: Foundations\n    modules: [python-basics]\n---\nThe programme.\n",
    );
    site.write(
        "content/programmes/ai-master.fr.md",
        "---\nstages:\n  - title: Fondations\n  - title: Approfondissement\n---\nLe programme.\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`stages` has 2 items here and 1 item in content/programmes/ai-master.md",
            "content/programmes/ai-master.fr.md",
            3,
            5
        )
    );
    assert_eq!(
        hint(&d),
        "translate the 1 item of content/programmes/ai-master.md's `stages`, one by one, in the same order"
    );
}

#[test]
fn a_translated_project_with_another_number_of_deliverables_is_an_error() {
    let site = bilingual();
    site.write("content/projects/chatbot.yaml", &format!("{}deliverables: [A report, A demo]\n", fixture::CHATBOT));
    site.write("content/projects/chatbot.fr.yaml", "title: Agent conversationnel\ndeliverables: [Un rapport]\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`deliverables` has 1 item here and 2 items in content/projects/chatbot.yaml",
            "content/projects/chatbot.fr.yaml",
            2,
            16
        )
    );
}

#[test]
fn a_translated_role_with_an_unknown_id_suggests_the_closest() {
    let site = bilingual();
    site.write("content/employers/acme.fr.yaml", "roles:\n  - id: junior-enginer\n    title: Ingénieur junior\n");
    let d = only(&site);
    assert_eq!(located(&d), ("employer `acme` has no role `junior-enginer`", "content/employers/acme.fr.yaml", 2, 9));
    assert_eq!(hint(&d), "did you mean `junior-engineer`?");
}

#[test]
fn a_translated_role_without_an_id_is_an_error() {
    let site = bilingual();
    site.write("content/employers/acme.fr.yaml", "roles:\n  - title: Ingénieur junior\n");
    let d = only(&site);
    assert_eq!(located(&d), ("translated role has no `id`", "content/employers/acme.fr.yaml", 2, 5));
    assert_eq!(hint(&d), "write the id of the role it translates: `junior-engineer`");
}

#[test]
fn a_translated_link_to_a_missing_record_is_an_error() {
    let site = bilingual();
    site.write(
        "content/modules/python-basics.fr.md",
        "---\ntitle: Les bases de Python\n---\nVoir [la suite](@/modules/python-advanced.md).\n",
    );
    let d = only(&site);
    assert_eq!(located(&d), ("broken link: no module `python-advanced`", "content/modules/python-basics.fr.md", 4, 17));
}

#[test]
fn a_translated_link_names_an_anchor_of_the_page_in_its_own_language() {
    let site = bilingual();
    site.write(
        "content/modules/python-basics.fr.md",
        "---\ntitle: Les bases de Python\n---\n## Aperçu\n\nVoir [le plan](@/modules/python-basics.md#weekly-outline).\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "broken link: `modules/python-basics.md` has no anchor `#weekly-outline`",
            "content/modules/python-basics.fr.md",
            6,
            16
        )
    );
    assert_eq!(hint(&d), "its anchors are: #aperçu");
}

#[test]
fn a_translated_link_to_an_untranslated_page_names_its_original_anchors() {
    let site = bilingual();
    site.write(
        "content/pages/about.fr.md",
        "---\ntitle: À propos\n---\nVoir [le plan](@/modules/python-basics.md#weekly-outline).\n",
    );
    let output = site.check("json", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn a_record_translated_twice_into_one_language_is_an_error_naming_both() {
    let site = bilingual();
    site.write("content/projects/chatbot.fr.yaml", "title: Agent conversationnel\n");
    site.write("content/projects/chatbot.fr.yml", "title: Robot de discussion\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("project `chatbot` is translated into `fr` twice", "content/projects/chatbot.fr.yml", 1, 1)
    );
    assert_eq!(d["related"][0]["file"], "content/projects/chatbot.fr.yaml");
}

#[test]
fn a_role_translated_twice_in_one_file_is_an_error() {
    let site = bilingual();
    site.write(
        "content/employers/acme.fr.yaml",
        "roles:\n  - id: junior-engineer\n    title: Ingénieur junior\n  - id: junior-engineer\n    title: Ingénieure junior\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        ("role `junior-engineer` is translated twice here", "content/employers/acme.fr.yaml", 4, 5)
    );
}

#[test]
fn a_translated_programme_with_another_number_of_accreditations_is_an_error() {
    let site = bilingual();
    site.write(
        "content/programmes/ai-master.md",
        &fixture::AI_MASTER.replacen(
            "---\nThe",
            "accreditation:\n  - {region: France, status: registered, body: France Compétences, since: 2026-01-01}\n---\nThe",
            1,
        ),
    );
    site.write(
        "content/programmes/ai-master.fr.md",
        "---\naccreditation:\n  - note: Inscrit.\n  - note: Reconnu.\n---\n",
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`accreditation` has 2 items here and 1 item in content/programmes/ai-master.md",
            "content/programmes/ai-master.fr.md",
            3,
            5
        )
    );
}

#[test]
fn a_translated_programme_with_prices_the_original_lacks_is_an_error() {
    let site = bilingual();
    site.write("content/programmes/ai-master.fr.md", "---\ntuition:\n  - note: Payable en 12 fois.\n---\n");
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "`tuition` has 1 item here and 0 items in content/programmes/ai-master.md",
            "content/programmes/ai-master.fr.md",
            3,
            5
        )
    );
}

#[test]
fn a_template_failing_as_it_renders_is_reported_by_check_exactly_as_by_build() {
    let site = Site::new();
    site.write("themes/default/templates/page.html", "<h1>{{ page.title }}{{ page.missing.field }}</h1>\n");
    let checked = site.check("human", &[]).output().expect("run prospectus");
    let built = site.build(&site.path("public")).output().expect("run prospectus");
    assert_eq!((checked.status.code(), built.status.code()), (Some(1), Some(1)));
    let error = |stderr: &[u8]| String::from_utf8_lossy(stderr).lines().take(3).collect::<Vec<_>>().join("\n");
    let reported = error(&checked.stderr);
    assert!(reported.contains("page.html"), "{reported}");
    assert_eq!(reported, error(&built.stderr));
}
