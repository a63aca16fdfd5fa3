//! The incremental engine behind `prospectus serve` gives the same site as a full build,
//! byte for byte, after edits, additions, deletions and renames of every kind of file.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;

use fixture::Site;
use prospectus::Options;
use prospectus::serve::incremental::{Engine, Report, Strategy};

const STATIC_FILE: &str = "content/static/files/guide.txt";
const PAGE_TEMPLATE: &str = "themes/default/templates/page.html";

/// The fixture site, plus a static file and a template override.
fn site() -> Site {
    let site = Site::new();
    site.write(STATIC_FILE, "A guide.\n");
    site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"override\">"));
    site.write("content/modules/deep-learning.md", fixture::DEEP_LEARNING);
    backdate(&site, PAGE_TEMPLATE);
    site
}

/// Sets a file's modification time an hour back, as for a file written long before serve
/// started (theme files modified in the last seconds make the engine take the general path).
fn backdate(site: &Site, relative: &str) {
    let file = std::fs::File::options().write(true).open(site.path(relative)).expect("open the file");
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    file.set_modified(past).expect("set the modification time");
}

fn built_in_template(name: &str) -> String {
    let path = format!("{}/themes/default/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("read the built-in template")
}

fn options(site: &Site) -> Options {
    Options {
        root: site.root().to_owned(),
        drafts: false,
        base_url: Some("http://127.0.0.1:1111/".to_owned()),
        deny_warnings: false,
    }
}

/// A full build of the site as it is on disk now.
fn full_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let built = prospectus::build_in_memory(&options(site))
        .unwrap_or_else(|f| panic!("full build failed: {:?}", f.diagnostics));
    built
        .files
        .into_iter()
        .map(|file| {
            let bytes = file.contents.into_bytes().expect("read a static file");
            (file.path, bytes)
        })
        .collect()
}

fn engine_outputs(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    let outputs = engine.outputs().expect("the engine has a good build");
    outputs.iter().map(|(path, bytes)| (path.clone(), bytes.to_vec())).collect()
}

/// Brings a search index left behind by a bodies-only rebuild up to date, as serve does once
/// no change waits, then compares the engine's site with a full build.
fn assert_same_site(engine: &mut Engine, site: &Site) {
    engine.update_search();
    let incremental = engine_outputs(engine);
    let full = full_build(site);
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(only(&incremental, &full), Vec::<String>::new(), "files only in the incremental build");
    assert_eq!(only(&full, &incremental), Vec::<String>::new(), "files only in the full build");
    let differing: Vec<&String> = full.keys().filter(|k| full[*k] != incremental[*k]).collect();
    assert!(differing.is_empty(), "files that differ: {differing:?}");
}

/// Builds the site, applies `change`, rebuilds incrementally and compares with a full build.
fn change_then_compare(change: impl FnOnce(&Site)) -> Report {
    change_then_compare_in(site(), change)
}

/// [`change_then_compare`] on a given site.
fn change_then_compare_in(site: Site, change: impl FnOnce(&Site)) -> Report {
    let mut engine = Engine::new(options(&site));
    engine.rebuild().unwrap_or_else(|f| panic!("first build failed: {:?}", f.diagnostics));
    change(&site);
    let report = engine.rebuild().unwrap_or_else(|f| panic!("rebuild failed: {:?}", f.diagnostics));
    assert_same_site(&mut engine, &site);
    report
}

/// An engine that built `site`, search index included.
fn settled_engine(site: &Site) -> Engine {
    let mut engine = Engine::new(options(site));
    engine.rebuild().unwrap_or_else(|f| panic!("first build failed: {:?}", f.diagnostics));
    engine.update_search().expect("the first build's index");
    engine
}

fn rename(site: &Site, from: &str, to: &str) {
    std::fs::rename(site.path(from), site.path(to)).expect("rename the file");
}

// Modules.

#[test]
fn module_body_edit_rerenders_only_its_page() {
    let report = change_then_compare(|site| {
        site.write(
            "content/modules/deep-learning.md",
            &fixture::DEEP_LEARNING.replace("Backpropagation.", "Backprop, *again*."),
        );
    });
    assert_eq!(report.strategy, Strategy::BodiesOnly);
    assert_eq!(report.changed, ["modules/deep-learning/index.html"]);
}

#[test]
fn a_body_edit_leaves_the_search_index_for_later_and_updating_it_matches_a_full_build() {
    let site = site();
    let mut engine = settled_engine(&site);
    site.write("content/modules/deep-learning.md", &fixture::DEEP_LEARNING.replace("Backpropagation.", "Gradients."));
    let report = engine.rebuild().expect("rebuild");
    assert!(report.changed.iter().all(|path| !path.starts_with("search/")), "{:?}", report.changed);
    assert!(engine.search_pending());
    let update = engine.update_search().expect("an index to update");
    assert_eq!(update.strategy, Strategy::SearchIndex);
    assert!(update.changed.contains(&"search/manifest.bin".to_owned()), "{:?}", update.changed);
    assert!(!engine.search_pending());
    assert_same_site(&mut engine, &site);
}

fn search_files(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    engine_outputs(engine).into_iter().filter(|(path, _)| path.starts_with("search/")).collect()
}

#[test]
fn a_general_rebuild_serves_the_last_search_index_until_it_is_updated() {
    let site = site();
    let mut engine = settled_engine(&site);
    let before = search_files(&engine);
    site.write("content/employers/acme.yaml", &fixture::ACME.replace("Acme", "Acme Corp"));
    let report = engine.rebuild().expect("general");
    assert_eq!(report.strategy, Strategy::General);
    assert!(engine.search_pending());
    assert!(report.changed.iter().all(|path| !path.starts_with("search/")), "{:?}", report.changed);
    assert_eq!(search_files(&engine), before);
    assert_same_site(&mut engine, &site);
}

#[test]
fn an_unchanged_search_index_is_not_reported_as_changed() {
    let site = site();
    let mut engine = settled_engine(&site);
    site.write(
        "content/modules/deep-learning.md",
        &fixture::DEEP_LEARNING.replace("level: advanced", "level: beginner"),
    );
    engine.rebuild().expect("general");
    site.write("content/modules/deep-learning.md", fixture::DEEP_LEARNING);
    engine.rebuild().expect("general, back to the first site");
    let update = engine.update_search().expect("an index to update");
    assert!(update.changed.is_empty(), "{:?}", update.changed);
}

#[test]
fn a_static_file_clashing_with_the_search_index_fails_as_a_full_build_does() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/static/search/manifest.bin", "not an index");
    let failure = engine.rebuild().expect_err("the static file would replace the index's manifest");
    let full = prospectus::build_in_memory(&options(&site)).expect_err("the full build fails too");
    assert_eq!(failure.diagnostics, full.diagnostics);
}

#[test]
fn module_front_matter_edit_matches_a_full_build() {
    let report = change_then_compare(|site| {
        site.write(
            "content/modules/deep-learning.md",
            &fixture::DEEP_LEARNING.replace("title: Deep Learning", "title: Deep Nets"),
        );
    });
    assert_eq!(report.strategy, Strategy::General);
    assert!(report.changed.contains(&"catalog/index.html".to_owned()), "{:?}", report.changed);
    assert!(report.render.pages_reused > 0, "pages not showing the module are reused: {report:?}");
}

#[test]
fn module_body_edit_adding_an_internal_link_matches_a_full_build() {
    let report = change_then_compare(|site| {
        let body = fixture::DEEP_LEARNING.replace("Backpropagation.", "Read [the FAQ](@/pages/about.md).");
        site.write("content/modules/deep-learning.md", &body);
    });
    assert_eq!(report.strategy, Strategy::General);
}

#[test]
fn module_body_edit_renaming_a_heading_matches_a_full_build() {
    let report = change_then_compare(|site| {
        site.write(
            "content/modules/deep-learning.md",
            &fixture::DEEP_LEARNING.replace("## Training", "## Optimisation"),
        );
    });
    assert_eq!(report.strategy, Strategy::General);
}

#[test]
fn module_addition_matches_a_full_build() {
    change_then_compare(|site| {
        site.module("computer-vision", "skills: [Python, Vision]\nprerequisites: [deep-learning]\n", "## Images\n");
    });
}

#[test]
fn module_deletion_matches_a_full_build() {
    change_then_compare(|site| {
        site.remove("content/modules/deep-learning.md");
    });
}

#[test]
fn module_rename_matches_a_full_build() {
    change_then_compare(|site| rename(site, "content/modules/deep-learning.md", "content/modules/neural-networks.md"));
}

#[test]
fn draft_module_body_edit_matches_a_full_build() {
    let site = site();
    let draft = fixture::DEEP_LEARNING.replace("level: advanced", "level: advanced\ndraft: true");
    site.write("content/modules/deep-learning.md", &draft);
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/modules/deep-learning.md", &draft.replace("Backpropagation.", "Gradients."));
    engine.rebuild().expect("rebuild");
    assert_same_site(&mut engine, &site);
}

// Projects and employers.

#[test]
fn project_edit_matches_a_full_build() {
    change_then_compare(|site| {
        site.write("content/projects/chatbot.yaml", &fixture::CHATBOT.replace("Build a chatbot.", "Build a bot."));
    });
}

#[test]
fn project_addition_matches_a_full_build() {
    change_then_compare(|site| {
        site.write(
            "content/projects/vision.yaml",
            "title: Vision\nprovider: Acme\nsummary: See.\nmodules: [deep-learning]\n",
        );
    });
}

#[test]
fn project_deletion_matches_a_full_build() {
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("projects: [chatbot]\n", ""));
        site.remove("content/projects/chatbot.yaml");
    });
}

#[test]
fn project_rename_matches_a_full_build() {
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("[chatbot]", "[assistant]"));
        rename(site, "content/projects/chatbot.yaml", "content/projects/assistant.yaml");
    });
}

#[test]
fn employer_edit_matches_a_full_build() {
    change_then_compare(|site| {
        site.write("content/employers/acme.yaml", &fixture::ACME.replace("Junior engineer", "Senior engineer"));
    });
}

#[test]
fn role_description_edit_matches_a_full_build() {
    change_then_compare(|site| {
        let edited = fixture::ACME.replace(
            "    country: FR\n",
            "    country: FR\n    description: |\n      ## The job\n\n      See [the module](@/modules/python-basics.md).\n",
        );
        site.write("content/employers/acme.yaml", &edited);
    });
}

#[test]
fn role_closing_matches_a_full_build() {
    change_then_compare(|site| {
        let closed = fixture::ACME
            .replace("    country: FR\n", "    country: FR\n    posted: 2019-01-01\n    closes: 2020-01-01\n");
        site.write("content/employers/acme.yaml", &closed);
    });
}

#[test]
fn employer_addition_matches_a_full_build() {
    change_then_compare(|site| {
        site.write(
            "content/employers/globex.yaml",
            "name: Globex\nsummary: Big.\nroles:\n  - title: Analyst\n    skills: [Python]\n",
        );
    });
}

#[test]
fn employer_deletion_matches_a_full_build() {
    change_then_compare(|site| {
        site.remove("content/employers/acme.yaml");
    });
}

#[test]
fn employer_rename_matches_a_full_build() {
    change_then_compare(|site| rename(site, "content/employers/acme.yaml", "content/employers/acme-corp.yaml"));
}

// Programmes and pages.

#[test]
fn programme_body_edit_rerenders_only_its_page() {
    let report = change_then_compare(|site| {
        site.write(
            "content/programmes/ai-master.md",
            &fixture::AI_MASTER.replace("The programme.", "The whole programme."),
        );
    });
    assert_eq!(report.strategy, Strategy::BodiesOnly);
}

#[test]
fn programme_front_matter_edit_matches_a_full_build() {
    change_then_compare(|site| {
        site.write(
            "content/programmes/ai-master.md",
            &fixture::AI_MASTER.replace("[python-basics]", "[python-basics, deep-learning]"),
        );
    });
}

#[test]
fn programme_addition_deletion_and_rename_match_a_full_build() {
    change_then_compare(|site| {
        site.write(
            "content/programmes/ai-bachelor.md",
            "---\ntitle: AI Bachelor\nsummary: Start.\nmodules: [python-basics]\n---\nBody.\n",
        );
    });
    change_then_compare(|site| rename(site, "content/programmes/ai-master.md", "content/programmes/ai-msc.md"));
    change_then_compare(|site| {
        site.remove("content/programmes/ai-master.md");
    });
}

#[test]
fn page_body_edit_rerenders_only_its_page() {
    let report = change_then_compare(|site| {
        site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "All about us."));
    });
    assert_eq!(report.strategy, Strategy::BodiesOnly);
}

#[test]
fn page_addition_deletion_and_rename_match_a_full_build() {
    change_then_compare(|site| {
        site.write("content/pages/faq.md", "---\ntitle: FAQ\n---\n## Fees\n");
    });
    change_then_compare(|site| rename(site, "content/pages/about.md", "content/pages/who-we-are.md"));
    change_then_compare(|site| {
        site.remove("content/pages/about.md");
    });
}

// Static files, templates and site.yaml.

#[test]
fn static_file_edit_addition_deletion_and_rename_match_a_full_build() {
    change_then_compare(|site| {
        site.write(STATIC_FILE, "A longer guide.\n");
    });
    change_then_compare(|site| {
        site.write("content/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    });
    change_then_compare(|site| {
        site.remove(STATIC_FILE);
    });
    change_then_compare(|site| rename(site, STATIC_FILE, "content/static/files/handbook.txt"));
}

#[test]
fn template_edit_rerenders_the_pages_using_it() {
    let report = change_then_compare(|site| {
        site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"edited\">"));
    });
    assert!(report.changed.contains(&"about/index.html".to_owned()), "{:?}", report.changed);
    assert!(!report.changed.contains(&"modules/python-basics/index.html".to_owned()), "{:?}", report.changed);
}

const STYLESHEET: &str = "themes/default/static/style.css";

/// The fixture site with a stylesheet override, built by a new engine.
fn site_with_stylesheet() -> (Site, Engine) {
    let site = site();
    site.write(STYLESHEET, "body { color: black; }\n");
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    (site, engine)
}

#[test]
fn a_stylesheet_saved_with_the_same_bytes_is_reported_as_nothing_changed() {
    let (site, mut engine) = site_with_stylesheet();
    site.write(STYLESHEET, "body { color: black; }\n");
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.strategy, Strategy::Unchanged);
    assert!(report.changed.is_empty(), "{report:?}");
}

#[test]
fn stylesheet_edit_replaces_only_the_stylesheet_and_matches_a_full_build() {
    let (site, mut engine) = site_with_stylesheet();
    site.write(STYLESHEET, "body { color: navy; }\n");
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.strategy, Strategy::AssetsOnly);
    assert_eq!(report.changed, ["style.css"]);
    assert_eq!(report.render.pages_rendered + report.render.pages_reused, 0, "no page is looked at: {report:?}");
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_new_theme_asset_takes_the_general_path_and_matches_a_full_build() {
    let (site, mut engine) = site_with_stylesheet();
    site.write("themes/default/static/print.css", "body { color: black; }\n");
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.strategy, Strategy::General);
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_theme_asset_replaced_by_a_static_file_takes_the_general_path_and_matches_a_full_build() {
    let (site, mut engine) = site_with_stylesheet();
    site.write("content/static/style.css", "body { color: red; }\n");
    engine.rebuild().expect("the static file replaces the theme's stylesheet");
    site.write(STYLESHEET, "body { color: navy; }\n");
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.strategy, Strategy::General);
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_template_and_stylesheet_edit_together_take_the_general_path_and_match_a_full_build() {
    let (site, mut engine) = site_with_stylesheet();
    site.write(STYLESHEET, "body { color: navy; }\n");
    site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"both\">"));
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.strategy, Strategy::General);
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_page_template_edit_renders_only_the_pages_using_it() {
    let report = change_then_compare(|site| {
        site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"edited\">"));
    });
    assert_eq!(report.render.pages_rendered, 1, "only the one free page: {report:?}");
}

#[test]
fn a_components_edit_rerenders_the_pages_calling_them_and_matches_a_full_build() {
    let report = change_then_compare(|site| {
        site.write(
            "themes/default/templates/components.html",
            &built_in_template("components.html").replacen("{%", "{#- edited -#}{%", 1),
        );
    });
    assert!(report.render.pages_reused == 0, "components are global: every page may use them: {report:?}");
}

#[test]
fn a_template_that_includes_another_rerenders_when_the_included_one_changes() {
    let site = site();
    site.write("themes/default/templates/extra.html", "<p>first</p>");
    site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "{% include \"extra.html\" %}<h1>"));
    let mut engine = settled_engine(&site);
    site.write("themes/default/templates/extra.html", "<p>second</p>");
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.changed, ["about/index.html"]);
    assert_same_site(&mut engine, &site);
}

#[test]
fn base_template_override_addition_rerenders_every_page() {
    let report = change_then_compare(|site| {
        site.write(
            "themes/default/templates/base.html",
            &built_in_template("base.html").replace("<main", "<main data-x=\"1\""),
        );
    });
    assert!(report.changed.contains(&"modules/python-basics/index.html".to_owned()), "{:?}", report.changed);
}

#[test]
fn template_override_deletion_and_rename_match_a_full_build() {
    change_then_compare(|site| {
        site.remove(PAGE_TEMPLATE);
    });
    change_then_compare(|site| rename(site, PAGE_TEMPLATE, "themes/default/templates/page-old.html"));
}

#[test]
fn site_yaml_edit_matches_a_full_build() {
    change_then_compare(|site| {
        site.write("content/site.yaml", "title: Renamed catalog\nbase_url: https://example.org/\nlanguage: fr\n");
    });
}

// Errors.

#[test]
fn broken_file_keeps_the_last_good_site_and_fixing_it_rebuilds() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    let before = engine_outputs(&engine);
    site.write(
        "content/modules/deep-learning.md",
        &fixture::DEEP_LEARNING.replace("[python-basics]", "[python-basic]"),
    );
    let failure = engine.rebuild().expect_err("an unknown prerequisite is an error");
    let full = prospectus::build_in_memory(&options(&site)).expect_err("the full build fails too");
    assert_eq!(failure.diagnostics, full.diagnostics);
    assert_eq!(engine_outputs(&engine), before, "the last good site is kept");
    site.write("content/modules/deep-learning.md", &fixture::DEEP_LEARNING.replace("Backpropagation.", "Fixed."));
    engine.rebuild().expect("fixed");
    assert_same_site(&mut engine, &site);
}

#[test]
fn removing_a_heading_another_record_links_to_is_reported() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/modules/python-basics.md", &fixture::PYTHON_BASICS.replace("## Overview", "## Summary"));
    let failure = engine.rebuild().expect_err("the link to #overview is broken");
    let full = prospectus::build_in_memory(&options(&site)).expect_err("the full build fails too");
    assert_eq!(failure.diagnostics, full.diagnostics);
}

#[test]
fn unchanged_files_are_not_parsed_again() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "Us."));
    let report = engine.rebuild().expect("rebuild");
    assert_eq!(report.parsed, ["pages/about.md"]);
    let report = engine.rebuild().expect("nothing changed");
    assert!(report.parsed.is_empty() && report.changed.is_empty(), "{report:?}");
    assert_eq!(report.render.pages_rendered, 0, "every page's context is unchanged: {report:?}");
}

#[test]
fn a_body_edit_after_a_failed_rebuild_still_reports_the_failure() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/modules/deep-learning.md", &fixture::DEEP_LEARNING.replace("level: advanced", "level: expert"));
    engine.rebuild().expect_err("an unknown level is an error");
    site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "Us."));
    let failure = engine.rebuild().expect_err("deep-learning.md is still broken");
    let full = prospectus::build_in_memory(&options(&site)).expect_err("the full build fails too");
    assert_eq!(failure.diagnostics, full.diagnostics);
}

// Told by the watcher which files changed.

fn watched(site: &Site, relative: &str) -> Vec<std::path::PathBuf> {
    vec![std::fs::canonicalize(site.path(relative)).expect("an existing file")]
}

#[test]
fn a_reported_body_edit_reads_only_that_file_and_matches_a_full_build() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/modules/deep-learning.md", &fixture::DEEP_LEARNING.replace("Backpropagation.", "Gradients."));
    let report = engine.rebuild_changed(Some(&watched(&site, "content/modules/deep-learning.md"))).expect("rebuild");
    assert_eq!(report.strategy, Strategy::BodiesOnly);
    assert_eq!(report.parsed, ["modules/deep-learning.md"]);
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_reported_file_with_the_same_bytes_is_reported_as_nothing_changed() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/modules/deep-learning.md", fixture::DEEP_LEARNING);
    let report = engine.rebuild_changed(Some(&watched(&site, "content/modules/deep-learning.md"))).expect("rebuild");
    assert_eq!(report.strategy, Strategy::Unchanged);
    assert!(report.parsed.is_empty() && report.changed.is_empty(), "{report:?}");
}

#[test]
fn a_reported_front_matter_edit_takes_the_general_path_and_matches_a_full_build() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/employers/acme.yaml", &fixture::ACME.replace("Acme", "Acme Corp"));
    let report = engine.rebuild_changed(Some(&watched(&site, "content/employers/acme.yaml"))).expect("rebuild");
    assert_eq!(report.strategy, Strategy::General);
    assert_same_site(&mut engine, &site);
}

#[test]
fn a_reported_new_or_deleted_file_makes_the_engine_look_at_every_file() {
    let site = site();
    let mut engine = Engine::new(options(&site));
    engine.rebuild().expect("first build");
    site.write("content/pages/faq.md", "---\ntitle: FAQ\n---\nFees.\n");
    engine.rebuild_changed(Some(&watched(&site, "content/pages/faq.md"))).expect("rebuild");
    assert_same_site(&mut engine, &site);
    let gone = watched(&site, "content/pages/about.md");
    site.remove("content/pages/about.md");
    engine.rebuild_changed(Some(&gone)).expect("rebuild");
    assert_same_site(&mut engine, &site);
}

// Translations.

const DEEP_LEARNING_FR: &str = "---
title: Apprentissage profond
summary: Réseaux.
---
## Réseaux

Voir [les bases](@/modules/python-basics.md#overview).
";

/// The test site declaring French, with a French translation of deep-learning when `translated`.
fn bilingual_site(translated: bool) -> Site {
    let site = site();
    site.write("content/site.yaml", &format!("{}languages:\n  fr: {{title: Catalogue}}\n", fixture::SITE_YAML));
    if translated {
        site.write("content/modules/deep-learning.fr.md", DEEP_LEARNING_FR);
    }
    site
}

#[test]
fn translation_addition_matches_a_full_build() {
    change_then_compare_in(bilingual_site(false), |site| {
        site.write("content/modules/deep-learning.fr.md", DEEP_LEARNING_FR);
        site.write(
            "content/employers/acme.fr.yaml",
            "summary: Nous fabriquons.\nroles:\n  - id: junior-engineer\n    title: Ingénieur junior\n",
        );
    });
}

#[test]
fn translation_body_edit_matches_a_full_build() {
    change_then_compare_in(bilingual_site(true), |site| {
        site.write("content/modules/deep-learning.fr.md", &DEEP_LEARNING_FR.replace("Voir", "Lire d'abord"));
    });
}

#[test]
fn translation_front_matter_edit_matches_a_full_build() {
    change_then_compare_in(bilingual_site(true), |site| {
        let edited = DEEP_LEARNING_FR.replace("Apprentissage profond", "L'apprentissage profond");
        site.write("content/modules/deep-learning.fr.md", &edited);
    });
}

#[test]
fn translation_deletion_matches_a_full_build() {
    change_then_compare_in(bilingual_site(true), |site| {
        site.remove("content/modules/deep-learning.fr.md");
    });
}

#[test]
fn an_original_s_body_edit_reaches_the_translation_that_falls_back_to_it() {
    let site = bilingual_site(false);
    site.write("content/modules/deep-learning.fr.md", "---\ntitle: Apprentissage profond\n---\n");
    let report = change_then_compare_in(site, |site| {
        site.write(
            "content/modules/deep-learning.md",
            &fixture::DEEP_LEARNING.replace("Backpropagation.", "Gradients."),
        );
    });
    assert_eq!(report.strategy, Strategy::General, "the translation's copy of the body is relinked");
}

#[test]
fn a_broken_translation_fails_the_rebuild_as_a_full_build_does() {
    let site = bilingual_site(true);
    let mut engine = settled_engine(&site);
    let broken = DEEP_LEARNING_FR.replace("summary: Réseaux.", "summary: Réseaux.\nduration_hours: 12");
    site.write("content/modules/deep-learning.fr.md", &broken);
    let incremental = engine.rebuild().map(|_| ()).expect_err("the shared field is an error");
    let full = prospectus::build_in_memory(&options(&site)).map(|_| ()).expect_err("the shared field is an error");
    let messages = |diagnostics: &[prospectus::diagnostics::Diagnostic]| -> Vec<String> {
        diagnostics.iter().map(|d| d.message.clone()).collect()
    };
    assert_eq!(messages(&incremental.diagnostics), messages(&full.diagnostics));
    assert_eq!(
        messages(&full.diagnostics),
        ["`duration_hours` is shared by every language: set it in content/modules/deep-learning.md"]
    );
}
