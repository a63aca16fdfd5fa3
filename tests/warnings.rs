//! Warnings: printed with their location, exit 0 unless `--deny-warnings`.
//!
//! Each test writes a small fixture site (see `common/fixture.rs`) with one questionable value,
//! runs the real binary and asserts the warning exactly: message, file, line and column. The
//! fixture's build date is 2025-11-24 (`SOURCE_DATE_EPOCH` in `Site::command`).

#[path = "common/fixture.rs"]
mod fixture;

use fixture::{AI_MASTER, Site};
use serde_json::Value;

/// Runs `check --format json`, expects exit code 0, and returns the warnings.
fn warnings(site: &Site) -> Vec<Value> {
    let output = site.check("json", &[]).output().expect("run prospectus");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "warnings alone must not fail a check; stdout:\n{stdout}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"))
}

/// The only warning of a check that must report exactly one.
fn only(site: &Site) -> Value {
    let mut all = warnings(site);
    assert_eq!(all.len(), 1, "expected one warning, got {all:#?}");
    all.remove(0)
}

/// Severity, message, file, line and column of a JSON diagnostic.
fn located(d: &Value) -> (&str, &str, &str, u64, u64) {
    let text = |key: &str| d[key].as_str().unwrap_or_else(|| panic!("no `{key}` in {d:#}"));
    (
        text("severity"),
        text("message"),
        text("file"),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

/// The fixture with the programme's title calling a "level" credential a Master's.
fn overstated_site() -> Site {
    let site = Site::new();
    let programme =
        AI_MASTER.replace("title: AI Master\n", "title: Master's in AI\ncredential: Master's level diploma\n");
    site.write("content/programmes/ai-master.md", &programme);
    site
}

#[test]
fn a_title_naming_a_masters_for_a_level_credential_is_a_warning_at_the_title() {
    let d = only(&overstated_site());
    assert_eq!(
        located(&d),
        (
            "warning",
            "the title says \"Master's\" but the credential is \"Master's level diploma\"",
            "content/programmes/ai-master.md",
            2,
            8
        )
    );
}

#[test]
fn a_summary_saying_degree_or_msc_for_a_level_credential_is_a_warning_at_the_summary() {
    let site = Site::new();
    let programme = AI_MASTER.replace(
        "summary: The whole path.\n",
        "summary: An MSc-style degree path.\ncredential: Diploma (RNCP level 7)\n",
    );
    site.write("content/programmes/ai-master.md", &programme);
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "warning",
            "the summary says \"degree\" but the credential is \"Diploma (RNCP level 7)\"",
            "content/programmes/ai-master.md",
            3,
            10
        )
    );
}

#[test]
fn masters_level_and_a_credential_without_level_are_not_warned_about() {
    let site = Site::new();
    let programme = AI_MASTER.replace(
        "title: AI Master\nsummary: The whole path.\n",
        "title: A master's-level diploma in AI\nsummary: A master's level path.\ncredential: Diploma (RNCP level 7)\n",
    );
    site.write("content/programmes/ai-master.md", &programme);
    assert_eq!(warnings(&site), Vec::<Value>::new());
    let degree = AI_MASTER.replace("title: AI Master\n", "title: MSc in AI\ncredential: MSc\n");
    site.write("content/programmes/ai-master.md", &degree);
    assert_eq!(warnings(&site), Vec::<Value>::new());
}

#[test]
fn module_credits_outside_25_to_30_hours_each_are_a_warning_at_ects() {
    let site = Site::new();
    site.write(
        "content/modules/python-basics.md",
        &fixture::PYTHON_BASICS.replace("duration_hours: 20\n", "duration_hours: 20\nects: 2\n"),
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "warning",
            "this module gives 2 ECTS credits for 20 hours: 10.0 hours per credit, outside the 25–30 of ECTS",
            "content/modules/python-basics.md",
            6,
            7
        )
    );
    assert_eq!(d["hint"], "correct the credits or the hours");
}

#[test]
fn programme_credits_outside_25_to_30_hours_each_are_a_warning_at_its_modules() {
    let site = Site::new();
    // 25 + 10 hours for 1 credit (the second module has none): 35 hours per credit.
    site.write(
        "content/modules/python-basics.md",
        &fixture::PYTHON_BASICS.replace("duration_hours: 20\n", "duration_hours: 25\nects: 1\n"),
    );
    site.module("python-more", "", "More.\n");
    site.write(
        "content/projects/chatbot.yaml",
        &fixture::CHATBOT.replace("[python-basics]", "[python-basics, python-more]"),
    );
    site.write(
        "content/programmes/ai-master.md",
        &AI_MASTER.replace("[python-basics]", "[python-basics, python-more]"),
    );
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "warning",
            "this programme gives 1 ECTS credits for 35 hours: 35.0 hours per credit, outside the 25–30 of ECTS",
            "content/programmes/ai-master.md",
            4,
            11
        )
    );
    assert_eq!(d["hint"], "correct the credits or the hours");
}

#[test]
fn a_programme_module_none_of_its_projects_assesses_is_a_warning_at_the_module() {
    let site = Site::new();
    site.module("statistics", "", "Stats.\n");
    site.write("content/programmes/ai-master.md", &AI_MASTER.replace("[python-basics]", "[python-basics, statistics]"));
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "warning",
            "no project of this programme assesses module `statistics`: its page shows no assessment",
            "content/programmes/ai-master.md",
            4,
            26
        )
    );
}

#[test]
fn a_role_listed_after_it_closed_is_a_warning_at_closes() {
    let site = Site::new();
    let employer = format!("{}    closes: 2025-11-01\n", fixture::ACME);
    site.write("content/employers/acme.yaml", &employer);
    let d = only(&site);
    assert_eq!(
        located(&d),
        (
            "warning",
            "role `junior-engineer` closed on 2025-11-01 but is still listed (the build date is 2025-11-24)",
            "content/employers/acme.yaml",
            11,
            13
        )
    );
}

#[test]
fn the_deprecated_remote_spelling_is_a_warning_naming_its_replacement() {
    let site = Site::new();
    site.write("content/employers/acme.yaml", &format!("{}    remote: true\n", fixture::ACME));
    let d = only(&site);
    assert_eq!(located(&d), ("warning", "`remote` is deprecated", "content/employers/acme.yaml", 11, 13));
    assert_eq!(d["hint"], "write `workplace: remote` instead (`on-site`, `hybrid` or `remote`)");
}

#[test]
fn github_format_prints_a_warning_command_and_exits_0() {
    let output = overstated_site().check("github", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "::warning file=content/programmes/ai-master.md,line=2,col=8::the title says \"Master's\" but the credential \
         is \"Master's level diploma\" (a level is not a degree: name the credential as it is (e.g. \"master's-level \
         diploma\"), or change `credential` if the programme does award a degree)\n"
    );
}

#[test]
fn human_format_prints_the_warning_its_location_and_a_count() {
    let output = overstated_site().check("human", &[]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("warning: the title says \"Master's\""), "{stderr}");
    assert!(stderr.contains("--> content/programmes/ai-master.md:2:8"), "{stderr}");
    assert!(stderr.contains("warning: 1 warning in 1 file\n"), "{stderr}");
}

#[test]
fn deny_warnings_makes_a_warning_fail_the_check() {
    let output = overstated_site().check("json", &["--deny-warnings"]).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1));
    let all: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["severity"], "warning");
}

#[test]
fn build_writes_the_site_despite_warnings() {
    let site = overstated_site();
    let out = site.path("public");
    let output = site.build(&out).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("warning: 1 warning in 1 file"));
    assert!(out.join("index.html").is_file());
}

#[test]
fn build_with_deny_warnings_writes_nothing() {
    let site = overstated_site();
    let out = site.path("public");
    let mut build = site.build(&out);
    let output = build.arg("--deny-warnings").output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 warning in 1 file; nothing was written"));
    assert!(!out.exists());
}
