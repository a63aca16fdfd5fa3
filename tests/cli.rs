//! The commands around a build: init, new, template overrides, help and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn prospectus() -> Command {
    Command::cargo_bin("prospectus").unwrap()
}

#[test]
fn init_creates_a_site_that_builds_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    prospectus().arg("init").arg(&site).assert().success();
    for kind in ["modules", "projects", "employers", "programmes", "pages"] {
        assert!(std::fs::read_dir(site.join("content").join(kind)).unwrap().count() == 1, "{kind}");
    }
    prospectus().args(["build", "--deny-warnings", "--root"]).arg(&site).assert().success();
    assert!(site.join("public/modules/getting-started/index.html").exists());
}

#[test]
fn init_writes_a_gitignore_leaving_out_the_output_and_the_build_cache() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let ignored = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    for made in ["/public/", "/.prospectus-cache/", "/.public.prospectus-spare/"] {
        assert!(ignored.lines().any(|l| l == made), "{made} in {ignored}");
    }
}

#[test]
fn init_keeps_a_gitignore_the_folder_has() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "/node_modules/\n").unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    assert_eq!(std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(), "/node_modules/\n");
}

/// The summary line gives each stage's time, the search index's apart from the pages'
/// (the benchmark harness reads its share from it).
#[test]
fn a_build_reports_the_time_of_each_stage_search_included() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    prospectus().arg("init").arg(&site).assert().success();
    let output = prospectus().args(["build", "--root"]).arg(&site).output().unwrap();
    let summary = String::from_utf8_lossy(&output.stderr);
    let timed = summary.rsplit_once(" (").and_then(|(_, stages)| stages.trim_end().strip_suffix(')')).unwrap_or("");
    let names: Vec<&str> = timed
        .split(", ")
        .filter_map(|stage| stage.strip_suffix(" ms")?.rsplit_once(' '))
        .filter(|(_, ms)| ms.parse::<u64>().is_ok())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, ["load", "link", "search", "render+write", "swap"], "{summary}");
}

#[test]
fn init_refuses_a_folder_that_has_content() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    prospectus().arg("init").arg(dir.path()).assert().code(1).stderr(contains("already has a content folder"));
}

#[test]
fn new_creates_each_kind_of_record_and_the_site_still_builds() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    for kind in ["module", "project", "employer", "page", "programme"] {
        let id = format!("new-{kind}");
        prospectus().args(["new", kind, &id, "--root"]).arg(dir.path()).assert().success();
    }
    prospectus().args(["build", "--deny-warnings", "--root"]).arg(dir.path()).assert().success();
    assert!(dir.path().join("public/new-page/index.html").exists());
    assert!(dir.path().join("public/employers/new-employer/index.html").exists());
}

#[test]
fn new_refuses_to_overwrite_a_record() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let path = dir.path().join("content/modules/getting-started.md");
    let before = std::fs::read(&path).unwrap();
    prospectus()
        .args(["new", "module", "getting-started", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn new_rejects_an_invalid_id_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    prospectus()
        .args(["new", "module", "Deep Learning", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("invalid id `Deep Learning`").and(contains("try `deep-learning`")));
}

/// A new site (`init`) that declares French besides English.
fn bilingual_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let site_yaml = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, format!("{text}languages:\n  fr: {{title: Mon catalogue}}\n")).unwrap();
    dir
}

#[test]
fn new_with_lang_copies_a_module_s_text_into_a_translation_beside_it() {
    let dir = bilingual_site();
    prospectus()
        .args(["new", "module", "getting-started", "--lang", "fr", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains("content/modules/getting-started.fr.md"));
    let translation = std::fs::read_to_string(dir.path().join("content/modules/getting-started.fr.md")).unwrap();
    assert!(translation.contains("\ntitle: Getting Started\n"), "{translation}");
    assert!(translation.ends_with("## Weekly outline\n\n1. First week\n2. Second week\n"), "{translation}");
    assert!(!translation.contains("duration_hours"), "only text is copied: {translation}");
}

#[test]
fn new_with_lang_scaffolds_a_translation_of_each_kind_that_checks() {
    let dir = bilingual_site();
    let records = [
        ("module", "getting-started"),
        ("project", "first-project"),
        ("employer", "example-employer"),
        ("programme", "first-programme"),
        ("page", "about"),
    ];
    for (kind, id) in records {
        prospectus().args(["new", kind, id, "--lang", "fr", "--root"]).arg(dir.path()).assert().success();
    }
    prospectus().args(["check", "--deny-warnings", "--root"]).arg(dir.path()).assert().success();
    assert!(dir.path().join("content/employers/example-employer.fr.yaml").exists());
}

#[test]
fn new_with_lang_never_overwrites_a_translation() {
    let dir = bilingual_site();
    let args = ["new", "page", "about", "--lang", "fr", "--root"];
    prospectus().args(args).arg(dir.path()).assert().success();
    let path = dir.path().join("content/pages/about.fr.md");
    std::fs::write(&path, "---\ntitle: À propos\n---\nTraduit.\n").unwrap();
    prospectus()
        .args(args)
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("already exists").and(contains("edit it")));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "---\ntitle: À propos\n---\nTraduit.\n");
}

#[test]
fn new_with_lang_refuses_a_record_that_does_not_exist() {
    let dir = bilingual_site();
    prospectus()
        .args(["new", "module", "getting-startd", "--lang", "fr", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("no module `getting-startd` to translate").and(contains("did you mean `getting-started`?")));
    assert!(!dir.path().join("content/modules/getting-startd.fr.md").exists());
}

#[test]
fn new_with_lang_refuses_a_language_the_site_does_not_declare() {
    let dir = bilingual_site();
    prospectus().args(["new", "page", "about", "--lang", "de", "--root"]).arg(dir.path()).assert().code(1).stderr(
        contains("the site does not declare `de` (Deutsch)").and(contains("add it to site.yaml's `languages`")),
    );
}

#[test]
fn new_with_lang_refuses_the_language_the_record_is_written_in() {
    let dir = bilingual_site();
    prospectus()
        .args(["new", "page", "about", "--lang", "en", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("content/pages/about.md is written in English (`en`) already"));
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "<p>custom {{ page.title }}</p>").unwrap();
    prospectus().args(["build", "--root"]).arg(dir.path()).assert().success();
    let about = std::fs::read_to_string(dir.path().join("public/about/index.html")).unwrap();
    assert_eq!(about, "<p>custom About</p>");
    // Other templates are still the built-in ones.
    let module = std::fs::read_to_string(dir.path().join("public/modules/getting-started/index.html")).unwrap();
    assert!(module.contains("<!DOCTYPE html>"));
}

#[test]
fn a_broken_template_is_reported_at_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "<p>\n{{ page.title </p>").unwrap();
    prospectus()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("template error").and(contains("themes/default/templates/page.html:2:")));
}

/// The site's own copy of the built-in components.html, with `edit` applied to it.
fn override_components(site: &std::path::Path, edit: impl Fn(String) -> String) {
    let built_in = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/components.html");
    let templates = site.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("components.html"), edit(std::fs::read_to_string(built_in).unwrap())).unwrap();
}

#[test]
fn an_error_in_a_card_component_is_reported_once_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    // The module card is listed on the home page and in the catalog: one error, not one per page.
    override_components(dir.path(), |text| {
        let title = r#"<h3 class="card-title"><a href="{{ m.url }}">{{ m.title }}</a></h3>"#;
        assert!(text.contains(title));
        text.replace(title, "{{ m.title.nope }}")
    });
    let components = std::fs::read_to_string(dir.path().join("themes/default/templates/components.html")).unwrap();
    let line = components.lines().position(|l| l.contains("m.title.nope")).unwrap() + 1;
    let output = prospectus().args(["build", "--root"]).arg(dir.path()).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&format!("themes/default/templates/components.html:{line}:")), "{stderr}");
    assert_eq!(stderr.matches("template error").count(), 1, "{stderr}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_template_may_still_call_a_card_component_itself() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let listing = "{% for m in modules %}{{ <module_card m={m} /> }}|{{ m.card | safe }}{% endfor %}";
    std::fs::write(templates.join("index.html"), listing).unwrap();
    prospectus().args(["build", "--root"]).arg(dir.path()).assert().success();
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    let (called, shared) = home.split_once('|').unwrap();
    assert!(called.starts_with(r#"<li class="card card-module""#), "{home}");
    assert_eq!(called, shared);
}

#[test]
fn every_command_has_help() {
    for command in ["build", "check", "init", "new"] {
        prospectus().args([command, "--help"]).assert().success().stdout(contains("Usage: prospectus"));
    }
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    prospectus().args(["build", "--nope"]).assert().code(2);
}

#[test]
fn output_is_not_coloured_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().args(["check", "--root"]).arg(dir.path()).assert().code(1).stderr(contains("\x1b[").not());
}

#[test]
fn build_refuses_to_write_over_the_content_folder() {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    prospectus()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("content"))
        .assert()
        .code(1)
        .stderr(contains("refusing to write"));
    assert!(dir.path().join("content/site.yaml").exists());
}

/// A site of `modules` generated modules (from `init`'s), long enough to build that
/// the progress bar appears on a terminal.
fn site_with_modules(modules: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    prospectus().arg("init").arg(dir.path()).assert().success();
    for i in 0..modules {
        let text = format!(
            "---\ntitle: Module {i}\nsummary: Generated.\nlevel: beginner\nduration_hours: 2\n---\nBody {i}.\n"
        );
        std::fs::write(dir.path().join(format!("content/modules/m{i:05}.md")), text).unwrap();
    }
    dir
}

/// `pos/len pages`, what the progress bar draws.
fn shows_progress(text: &str) -> bool {
    text.split(" pages").any(|before| {
        let last = before.rsplit(' ').next().unwrap_or("");
        last.split_once('/').is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    })
}

#[test]
fn a_long_build_on_a_terminal_shows_a_progress_bar() {
    let site = site_with_modules(1500);
    let bin = assert_cmd::cargo::cargo_bin("prospectus");
    // `script` runs the build on a pseudo-terminal and copies what it draws to stdout.
    let command = format!("{} build --root {}", bin.display(), site.path().display());
    let output = std::process::Command::new("script").args(["-qec", &command, "/dev/null"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let drawn = String::from_utf8_lossy(&output.stdout);
    assert!(shows_progress(&drawn), "no progress bar on a terminal:\n{drawn}");
}

#[test]
fn a_build_into_a_pipe_prints_no_progress_bar() {
    let site = site_with_modules(1500);
    let output = prospectus().args(["build", "--root"]).arg(site.path()).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!shows_progress(&stderr), "a progress bar in a pipe:\n{stderr}");
    assert_eq!(stderr.lines().count(), 1, "only the summary line:\n{stderr}");
}

#[test]
fn highlighting_statistics_are_printed_with_verbose_only() {
    let site = site_with_modules(0);
    let quiet = prospectus().args(["build", "--root"]).arg(site.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("highlighting:"));
    let verbose = prospectus().args(["build", "--verbose", "--root"]).arg(site.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&verbose.stderr).contains("highlighting: "));
}
