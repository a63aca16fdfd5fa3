//! `prospectus build --cache`: a cached build publishes the same bytes as a cold build after
//! edits, additions, deletions and renames of every kind of file, renders only the pages
//! whose inputs changed, and ignores a cache it cannot trust (with a one-line warning)
//! rather than publishing a wrong site.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fixture::Site;

const PAGE_TEMPLATE: &str = "themes/default/templates/page.html";
const STATIC_FILE: &str = "content/static/files/guide.txt";

/// The fixture site with a second module and a static file.
fn site() -> Site {
    let site = Site::new();
    site.write("content/modules/deep-learning.md", fixture::DEEP_LEARNING);
    site.write(STATIC_FILE, "A guide.\n");
    site
}

/// What a cached build said of its cache.
#[derive(Debug)]
struct Used {
    kept: usize,
    rendered: usize,
    stderr: String,
}

/// Builds `site` into its `public/` with the cache folder `cache` (which must succeed).
fn build_cached(site: &Site, cache: &Path) -> Used {
    let root = site.root().to_str().expect("UTF-8 temp paths");
    let cache = cache.to_str().expect("UTF-8 temp paths");
    let output = site.command(&["build", "--root", root, "--cache", cache]).output().expect("run prospectus");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let line = stderr.lines().find_map(|l| l.strip_prefix("build cache: ")).unwrap_or_else(|| panic!("{stderr}"));
    let numbers: Vec<usize> = line.split(' ').filter_map(|word| word.parse().ok()).collect();
    let [kept, rendered] = numbers[..] else { panic!("{line}") };
    Used { kept, rendered, stderr }
}

/// The site's default cache folder.
fn cache_of(site: &Site) -> PathBuf {
    site.path(".prospectus-cache")
}

/// A cold build of `site` (no cache) into a fresh folder, as bytes by path.
fn cold_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = site.path("cold");
    let output = site.build(&out).output().expect("run prospectus");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let files = fixture::snapshot(&out);
    std::fs::remove_dir_all(&out).expect("remove the cold build");
    files
}

/// Asserts that `site`'s `public/` holds exactly what a cold build publishes.
fn assert_same_as_cold(site: &Site) {
    let (cached, cold) = (fixture::snapshot(&site.path("public")), cold_build(site));
    assert_eq!(cached.keys().collect::<Vec<_>>(), cold.keys().collect::<Vec<_>>(), "the same files");
    for (path, bytes) in &cold {
        assert!(cached[path] == *bytes, "{path} differs from a cold build's");
    }
}

/// Builds `site` with its cache, applies `change`, builds again with the cache and checks
/// the output against a cold build's; yields what the second build said.
fn change_then_compare_in(site: &Site, change: impl FnOnce(&Site)) -> Used {
    build_cached(site, &cache_of(site));
    change(site);
    let used = build_cached(site, &cache_of(site));
    assert_same_as_cold(site);
    used
}

/// [`change_then_compare_in`] on a new [`site`].
fn change_then_compare(change: impl FnOnce(&Site)) -> Used {
    change_then_compare_in(&site(), change)
}

fn rename(site: &Site, from: &str, to: &str) {
    std::fs::rename(site.path(from), site.path(to)).expect("rename the file");
}

fn built_in_template(name: &str) -> String {
    let path = format!("{}/themes/default/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("read the built-in template")
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).expect("the file exists"))
}

// What is kept.

#[test]
fn a_rebuild_without_changes_renders_no_page_and_matches_a_cold_build() {
    let used = change_then_compare(|_| {});
    assert_eq!(used.rendered, 0, "{used:?}");
    assert!(used.kept > 10, "{used:?}");
}

#[test]
fn the_first_cached_build_renders_every_page() {
    let site = site();
    let used = build_cached(&site, &cache_of(&site));
    assert_eq!(used.kept, 0, "{used:?}");
    assert_same_as_cold(&site);
}

/// The stage names of a build's summary line (`built … in 0.01 s (load 2 ms, link 0 ms, …)`).
fn stages(stderr: &str) -> Vec<&str> {
    let summary = stderr.lines().find(|l| l.starts_with("built ")).unwrap_or_else(|| panic!("{stderr}"));
    let timed = summary.rsplit_once(" (").and_then(|(_, stages)| stages.strip_suffix(')')).unwrap_or("");
    timed.split(", ").filter_map(|stage| Some(stage.strip_suffix(" ms")?.rsplit_once(' ')?.0)).collect()
}

#[test]
fn a_build_recalling_pages_reports_one_stage_for_the_pages_and_the_search_index() {
    let site = site();
    let first = build_cached(&site, &cache_of(&site));
    assert_eq!(stages(&first.stderr), ["load", "link", "search", "render+write", "swap", "cache"]);
    let second = build_cached(&site, &cache_of(&site));
    assert_eq!(stages(&second.stderr), ["load", "link", "render+write+search", "swap", "cache"]);
    assert_same_as_cold(&site);
}

#[cfg(unix)]
#[test]
fn a_kept_page_is_the_previous_output_s_file_linked_not_written_again() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let page = site.path("public/modules/python-basics/index.html");
    let before = inode(&page);
    build_cached(&site, &cache_of(&site));
    assert_eq!(inode(&page), before);
}

#[test]
fn a_module_body_edit_renders_its_page_alone() {
    let used = change_then_compare(|site| {
        site.write(
            "content/modules/deep-learning.md",
            &fixture::DEEP_LEARNING.replace("Backpropagation.", "Gradients."),
        );
    });
    assert_eq!(used.rendered, 1, "{used:?}");
}

#[test]
fn a_module_title_edit_renders_the_pages_showing_it_and_matches_a_cold_build() {
    let used = change_then_compare(|site| {
        site.write(
            "content/modules/python-basics.md",
            &fixture::PYTHON_BASICS.replace("Python Basics", "Python First"),
        );
    });
    assert!(used.rendered > 1 && used.kept > 0, "{used:?}");
}

#[test]
fn a_module_body_edit_adding_an_internal_link_matches_a_cold_build() {
    change_then_compare(|site| {
        let body = fixture::DEEP_LEARNING.replace("Backpropagation.", "Read [the FAQ](@/pages/about.md).");
        site.write("content/modules/deep-learning.md", &body);
    });
}

#[test]
fn module_addition_deletion_and_rename_match_a_cold_build() {
    change_then_compare(|site| {
        site.module("ethics", "skills: [Ethics]\n", "## Why\n\nBecause.\n");
    });
    change_then_compare(|site| {
        site.remove("content/modules/deep-learning.md");
    });
    change_then_compare(|site| rename(site, "content/modules/deep-learning.md", "content/modules/deep-nets.md"));
}

#[test]
fn project_edit_addition_deletion_and_rename_match_a_cold_build() {
    change_then_compare(|site| {
        site.write("content/projects/chatbot.yaml", &fixture::CHATBOT.replace("Build a chatbot.", "Build a bot."));
    });
    change_then_compare(|site| {
        site.write(
            "content/projects/vision.yaml",
            "title: Vision\nprovider: Acme\nsummary: See.\nmodules: [deep-learning]\n",
        );
    });
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("projects: [chatbot]\n", ""));
        site.remove("content/projects/chatbot.yaml");
    });
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("[chatbot]", "[assistant]"));
        rename(site, "content/projects/chatbot.yaml", "content/projects/assistant.yaml");
    });
}

#[test]
fn employer_and_role_edits_addition_deletion_and_rename_match_a_cold_build() {
    change_then_compare(|site| {
        site.write("content/employers/acme.yaml", &fixture::ACME.replace("Junior engineer", "Senior engineer"));
    });
    change_then_compare(|site| {
        let closed = fixture::ACME.replace("    country: FR\n", "    country: FR\n    closes: 2020-01-01\n");
        site.write("content/employers/acme.yaml", &closed);
    });
    change_then_compare(|site| {
        site.write("content/employers/globex.yaml", "name: Globex\nsummary: Big.\nroles:\n  - title: Analyst\n");
    });
    change_then_compare(|site| {
        site.remove("content/employers/acme.yaml");
    });
    change_then_compare(|site| rename(site, "content/employers/acme.yaml", "content/employers/acme-corp.yaml"));
}

#[test]
fn programme_and_page_edits_additions_and_deletions_match_a_cold_build() {
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("The programme.", "Ours."));
    });
    change_then_compare(|site| {
        site.write("content/programmes/ai-master.md", &fixture::AI_MASTER.replace("title: AI Master", "title: AI MSc"));
    });
    change_then_compare(|site| {
        site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "Who we are."));
    });
    change_then_compare(|site| {
        site.write("content/pages/faq.md", "---\ntitle: FAQ\n---\nAsk.\n");
    });
    change_then_compare(|site| {
        site.remove("content/pages/about.md");
    });
}

#[test]
fn static_file_edit_addition_deletion_and_rename_match_a_cold_build() {
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
fn a_template_override_renders_the_pages_using_it_and_matches_a_cold_build() {
    let used = change_then_compare(|site| {
        site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"edited\">"));
    });
    assert!(used.kept > 0, "pages of other templates are kept: {used:?}");
    let site = site();
    site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1 class=\"edited\">"));
    change_then_compare_in(&site, |site| {
        site.remove(PAGE_TEMPLATE);
    });
}

#[test]
fn a_base_template_override_renders_every_page() {
    let used = change_then_compare(|site| {
        let base = built_in_template("base.html").replace("<body", "<body data-edited");
        site.write("themes/default/templates/base.html", &base);
    });
    assert_eq!(used.kept, 0, "{used:?}");
}

#[test]
fn a_site_yaml_edit_matches_a_cold_build() {
    change_then_compare(|site| {
        site.write("content/site.yaml", "title: Renamed catalog\nbase_url: https://example.org/\nlanguage: fr\n");
    });
    change_then_compare(|site| {
        site.write("content/site.yaml", "title: Fixture catalog\nbase_url: https://example.org/docs/\n");
    });
}

#[test]
fn a_translation_added_and_edited_matches_a_cold_build() {
    let site = Site::bilingual();
    change_then_compare_in(&site, |site| {
        site.write("content/employers/acme.fr.yaml", "summary: Nous fabriquons.\n");
    });
    change_then_compare_in(&site, |site| {
        let text = std::fs::read_to_string(site.path("content/modules/python-basics.fr.md")).expect("the translation");
        site.write("content/modules/python-basics.fr.md", &format!("{text}\nEncore.\n"));
    });
}

#[test]
fn the_bundled_example_with_its_highlighted_code_matches_a_cold_build_after_an_edit() {
    let site = Site::empty();
    fixture::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &site.path("content"));
    change_then_compare_in(&site, |site| {
        let module = site.path("content/modules/python-for-data-science.md");
        let text = std::fs::read_to_string(&module).expect("the example's module");
        std::fs::write(&module, format!("{text}\n```python\nprint(\"edited\")\n```\n")).expect("edit it");
    });
}

#[test]
fn drafts_published_or_not_match_a_cold_build_of_the_same_options() {
    let site = site();
    let draft = fixture::DEEP_LEARNING.replace("level: advanced", "level: advanced\ndraft: true");
    site.write("content/modules/deep-learning.md", &draft);
    build_cached(&site, &cache_of(&site));
    let root = site.root().to_str().expect("UTF-8 temp paths");
    site.command(&["build", "--root", root, "--cache", "--drafts"]).assert().success();
    let out = site.path("cold");
    site.build(&out).arg("--drafts").assert().success();
    assert_eq!(fixture::snapshot(&site.path("public")), fixture::snapshot(&out));
}

#[test]
fn a_cached_build_keeps_the_previous_output_beside_it_and_a_build_without_the_cache_removes_it() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    build_cached(&site, &cache_of(&site));
    assert!(site.path(".public.prospectus-spare/index.html").is_file());
    site.build(&site.path("public")).assert().success();
    assert!(!site.path(".public.prospectus-spare").exists());
}

// What is not trusted.

#[test]
fn a_page_edited_by_hand_in_the_output_is_rendered_again() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let page = site.path("public/about/index.html");
    let text = std::fs::read_to_string(&page).expect("the page");
    std::fs::write(&page, text.replace("About us.", "Tampered.")).expect("edit the output");
    let used = build_cached(&site, &cache_of(&site));
    assert_eq!(used.rendered, 1, "{used:?}");
    assert_same_as_cold(&site);
}

#[test]
fn a_page_removed_from_the_output_is_rendered_again() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    std::fs::remove_file(site.path("public/about/index.html")).expect("remove a page");
    let used = build_cached(&site, &cache_of(&site));
    assert_eq!(used.rendered, 1, "{used:?}");
    assert_same_as_cold(&site);
}

#[test]
fn a_build_into_another_output_folder_renders_every_page() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let root = site.root().to_str().expect("UTF-8 temp paths");
    let output = site.command(&["build", "--root", root, "--cache", "--out", "elsewhere"]).output().expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("build cache: 0 pages unchanged and kept"), "{stderr}");
    assert_eq!(fixture::snapshot(&site.path("elsewhere")), fixture::snapshot(&site.path("public")));
}

#[cfg(unix)]
#[test]
fn an_output_folder_restored_with_its_files_times_is_recognised() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let saved = site.path("saved");
    let copied = std::process::Command::new("cp").arg("-a").arg(site.path("public")).arg(&saved).status();
    assert!(copied.expect("run cp").success());
    std::fs::remove_dir_all(site.path("public")).expect("remove the output");
    std::fs::rename(&saved, site.path("public")).expect("restore the output");
    let used = build_cached(&site, &cache_of(&site));
    assert_eq!(used.rendered, 0, "{used:?}");
    assert_same_as_cold(&site);
}

/// Builds `site` with its cache, damages the manifest with `damage`, then checks that the
/// next cached build warns that it ignored the cache, renders every page, publishes what a
/// cold build does and leaves a cache the build after it uses.
fn damaged_cache_is_ignored(damage: impl FnOnce(&Path)) {
    let site = site();
    build_cached(&site, &cache_of(&site));
    damage(&cache_of(&site).join("manifest"));
    let used = build_cached(&site, &cache_of(&site));
    let warning = used.stderr.lines().find(|l| l.starts_with("warning: the build cache")).unwrap_or_default();
    assert!(warning.contains("was ignored, every page rendered"), "{}", used.stderr);
    assert_eq!(used.kept, 0, "{used:?}");
    assert_same_as_cold(&site);
    let next = build_cached(&site, &cache_of(&site));
    assert_eq!((next.rendered, next.stderr.contains("warning")), (0, false), "{next:?}");
}

fn rewrite(path: &Path, edit: impl FnOnce(Vec<u8>) -> Vec<u8>) {
    let bytes = std::fs::read(path).expect("the manifest");
    std::fs::write(path, edit(bytes)).expect("rewrite the manifest");
}

#[test]
fn a_truncated_cache_is_ignored() {
    damaged_cache_is_ignored(|manifest| rewrite(manifest, |bytes| bytes[..bytes.len() * 2 / 3].to_vec()));
}

#[test]
fn a_cache_cut_inside_its_header_is_ignored() {
    damaged_cache_is_ignored(|manifest| rewrite(manifest, |bytes| bytes[..30].to_vec()));
}

#[test]
fn an_empty_cache_file_is_ignored() {
    damaged_cache_is_ignored(|manifest| rewrite(manifest, |_| Vec::new()));
}

#[test]
fn a_cache_with_a_changed_byte_is_ignored() {
    damaged_cache_is_ignored(|manifest| {
        rewrite(manifest, |mut bytes| {
            let last_digit = bytes.iter().rposition(u8::is_ascii_digit).expect("a digit");
            bytes[last_digit] = if bytes[last_digit] == b'1' { b'2' } else { b'1' };
            bytes
        });
    });
}

#[test]
fn a_cache_of_garbage_bytes_is_ignored() {
    damaged_cache_is_ignored(|manifest| rewrite(manifest, |_| (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect()));
}

#[test]
fn a_cache_written_by_another_build_of_prospectus_is_ignored() {
    damaged_cache_is_ignored(|manifest| {
        rewrite(manifest, |bytes| {
            let text = String::from_utf8(bytes).expect("a text manifest");
            let binary = text.lines().find(|l| l.starts_with("binary ")).expect("a binary line").to_owned();
            text.replacen(&binary, "binary 0.0.1+0", 1).into_bytes()
        });
    });
}

#[test]
fn a_cache_of_another_format_is_ignored() {
    damaged_cache_is_ignored(|manifest| {
        rewrite(manifest, |bytes| {
            String::from_utf8(bytes).expect("text").replacen("format 1", "format 9", 1).into_bytes()
        })
    });
}

#[test]
fn a_cache_whose_records_are_not_json_is_ignored_though_its_header_is_intact() {
    damaged_cache_is_ignored(|manifest| {
        let text = String::from_utf8(std::fs::read(manifest).expect("the manifest")).expect("text");
        let (header, _) = text.split_once("\n\n").expect("a header");
        let header: String = header.lines().filter(|l| !l.starts_with("checksum")).map(|l| format!("{l}\n")).collect();
        let body = "not json";
        std::fs::write(manifest, format!("{header}checksum 0\n\n{body}")).expect("rewrite");
    });
}

#[test]
fn a_cache_in_use_by_another_build_is_ignored_and_left_as_it_was() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let before = std::fs::read(cache_of(&site).join("manifest")).expect("the manifest");
    let lock = std::fs::File::options().write(true).open(cache_of(&site).join("lock")).expect("the lock file");
    lock.try_lock().expect("the lock is free");
    site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "Who we are."));
    let used = build_cached(&site, &cache_of(&site));
    assert!(used.stderr.contains("ignored, every page rendered: another build is using it"), "{}", used.stderr);
    assert_eq!(std::fs::read(cache_of(&site).join("manifest")).expect("the manifest"), before);
    assert_same_as_cold(&site);
}

#[test]
fn a_failed_build_leaves_the_cache_and_the_output_untouched() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    let (manifest, output) =
        (std::fs::read(cache_of(&site).join("manifest")).expect("manifest"), fixture::snapshot(&site.path("public")));
    site.write(
        "content/modules/deep-learning.md",
        &fixture::DEEP_LEARNING.replace("[python-basics]", "[python-basic]"),
    );
    let root = site.root().to_str().expect("UTF-8 temp paths");
    site.command(&["build", "--root", root, "--cache"]).assert().code(1);
    assert_eq!(std::fs::read(cache_of(&site).join("manifest")).expect("manifest"), manifest);
    assert_eq!(fixture::snapshot(&site.path("public")), output);
    site.write("content/modules/deep-learning.md", fixture::DEEP_LEARNING);
    let used = build_cached(&site, &cache_of(&site));
    assert_eq!(used.rendered, 0, "{used:?}");
}

// `check --cache`.

/// `check --cache` of `site` (its default cache): exit code and standard error.
fn check_cached(site: &Site) -> (Option<i32>, String) {
    let output = site.check("human", &["--cache"]).output().expect("run prospectus");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn check_with_the_cache_renders_only_the_pages_changed_since_the_cached_build() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    site.write("content/modules/deep-learning.md", &fixture::DEEP_LEARNING.replace("Backpropagation.", "Gradients."));
    let (code, stderr) = check_cached(&site);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("known to render, 1 rendered"), "{stderr}");
}

#[test]
fn check_with_the_cache_finds_a_template_error_as_a_check_without_it() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    site.write(PAGE_TEMPLATE, &built_in_template("page.html").replace("<h1>", "<h1>{{ page.missing.field }}"));
    let (code, stderr) = check_cached(&site);
    assert_eq!(code, Some(1), "{stderr}");
    let plain = site.check("human", &[]).output().expect("run prospectus");
    let first_line = |text: &str| text.lines().next().unwrap_or_default().to_owned();
    assert_eq!(first_line(&stderr), first_line(&String::from_utf8_lossy(&plain.stderr)));
}

#[test]
fn check_with_the_cache_leaves_it_as_it_was_and_creates_none() {
    let site = site();
    let (code, stderr) = check_cached(&site);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!cache_of(&site).exists(), "a check creates no cache");
    build_cached(&site, &cache_of(&site));
    let manifest = std::fs::read(cache_of(&site).join("manifest")).expect("manifest");
    site.write("content/pages/about.md", &fixture::ABOUT.replace("About us.", "Who we are."));
    check_cached(&site);
    assert_eq!(std::fs::read(cache_of(&site).join("manifest")).expect("manifest"), manifest);
}

#[test]
fn check_with_a_damaged_cache_warns_and_renders_every_page() {
    let site = site();
    build_cached(&site, &cache_of(&site));
    rewrite(&cache_of(&site).join("manifest"), |bytes| bytes[..bytes.len() / 2].to_vec());
    let (code, stderr) = check_cached(&site);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("was ignored, every page rendered") && stderr.contains(" 0 pages unchanged"), "{stderr}");
}

// Where the cache is.

#[test]
fn the_cache_defaults_to_prospectus_cache_in_the_site_folder() {
    let site = site();
    let root = site.root().to_str().expect("UTF-8 temp paths");
    site.command(&["build", "--root", root, "--cache"]).assert().success();
    assert!(site.path(".prospectus-cache/manifest").is_file());
}

#[test]
fn a_cache_folder_may_be_named() {
    let site = site();
    let elsewhere = tempfile::tempdir().expect("a temp folder");
    let cache = elsewhere.path().join("cache");
    build_cached(&site, &cache);
    assert!(cache.join("manifest").is_file());
    assert_eq!(build_cached(&site, &cache).rendered, 0);
}

#[test]
fn a_cache_inside_the_output_folder_is_refused() {
    let site = site();
    let root = site.root().to_str().expect("UTF-8 temp paths");
    let cache = site.path("public/.cache");
    let output =
        site.command(&["build", "--root", root, "--cache", cache.to_str().expect("UTF-8")]).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refusing to keep the build cache in") && stderr.contains("public"), "{stderr}");
    assert!(!site.path("public").exists());
}

#[test]
fn a_cache_inside_the_content_folder_is_refused() {
    let site = site();
    let root = site.root().to_str().expect("UTF-8 temp paths");
    let output = site.command(&["build", "--root", root, "--cache", "content/.cache"]).output().expect("run");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!site.path("content/.cache").exists());
}
