//! `prospectus lsp`, driven over stdio with JSON-RPC as an editor drives it: each test
//! starts the real binary on a copy of a site and asserts exact answers.

#[path = "../fuzz/checks.rs"]
mod checks;
#[path = "common/fixture.rs"]
mod fixture;

#[path = "common/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lsp_client::Client;
use serde_json::{Value, json};

/// The server under test.
fn start(root: &Path) -> Client {
    Client::start(Path::new(env!("CARGO_BIN_EXE_prospectus")), root)
}

/// A copy of the example catalog (content/ of this repository).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("prospectus-lsp-").tempdir().expect("a temp folder");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    fixture::copy_tree(&content, &dir.path().join("content"));
    dir
}

const DEEP: &str = "content/modules/deep-learning.md";

fn deep_learning(site: &Path) -> String {
    std::fs::read_to_string(site.join(DEEP)).expect("the example has deep-learning")
}

#[test]
fn a_wrong_prerequisite_typed_is_reported_with_range_and_hint_then_cleared_when_fixed() {
    let site = example_site();
    let mut client = start(site.path());
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    client.settle();
    assert_eq!(client.messages(DEEP), Vec::<String>::new());
    let bad = good.replacen("  - classical-machine-learning", "  - classical-machin-learning", 1);
    client.change(DEEP, 2, &bad);
    client.settle();
    let line = bad.lines().position(|l| l.contains("classical-machin-learning")).expect("the edited line") as u32;
    let expected = json!([{
        "range": {"start": {"line": line, "character": 4}, "end": {"line": line, "character": 29}},
        "severity": 1,
        "source": "prospectus",
        "message": "unknown prerequisite `classical-machin-learning`\nno module has this id\nhint: did you mean `classical-machine-learning` (content/modules/classical-machine-learning.md)?",
    }]);
    assert_eq!(Value::Array(client.diagnostics[DEEP].clone()), expected);
    client.change(DEEP, 3, &good);
    client.settle();
    assert_eq!(client.diagnostics.get(DEEP), Some(&Vec::new()), "fixed: the diagnostic is cleared");
    client.stop();
}

#[test]
fn columns_are_utf16_units_after_non_ascii_text() {
    let site = example_site();
    let mut client = start(site.path());
    let text = format!("{}\nÉté 𝔸 voir [x](@/modules/nowhere.md)\n", deep_learning(site.path()));
    client.open(DEEP, &text);
    client.settle();
    let line = text.lines().count() as u32 - 1;
    let diagnostics = &client.diagnostics[DEEP];
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    // `É`, `t`, `é`, ` `, `𝔸` (2 units), ` voir [x](` → the link starts at unit 16.
    assert_eq!(diagnostics[0]["range"]["start"], json!({"line": line, "character": 16}));
    client.stop();
}

#[test]
fn an_edit_in_one_file_reports_its_effect_on_other_files() {
    let site = example_site();
    let mut client = start(site.path());
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    let draft = good.replacen("---\n", "---\ndraft: true\n", 1);
    client.change(DEEP, 2, &draft);
    client.settle();
    let elsewhere: Vec<&String> = client
        .diagnostics
        .iter()
        .filter(|(file, list)| file.as_str() != DEEP && !list.is_empty())
        .map(|(file, _)| file)
        .collect();
    assert!(elsewhere.iter().any(|f| f.starts_with("content/modules/")), "modules needing it: {elsewhere:?}");
    let nlp = client.messages("content/modules/nlp-transformers.md");
    assert!(nlp.iter().any(|m| m.contains("deep-learning") && m.contains("draft")), "{nlp:?}");
    client.change(DEEP, 3, &good);
    client.settle();
    assert!(client.diagnostics.values().all(Vec::is_empty), "{:?}", client.diagnostics);
    client.stop();
}

#[test]
fn a_shared_field_typed_in_a_translation_is_reported_at_it() {
    let site = fixture::Site::new();
    site.write("content/site.yaml", &format!("{}languages:\n  fr: {{title: Catalogue}}\n", fixture::SITE_YAML));
    let french = "content/modules/python-basics.fr.md";
    let good = "---\ntitle: Les bases de Python\n---\nApprendre Python.\n";
    site.write(french, good);
    let mut client = start(site.root());
    client.open(french, good);
    client.settle();
    assert_eq!(client.messages(french), Vec::<String>::new());
    client.change(french, 2, &good.replacen("Python\n---", "Python\nlevel: advanced\n---", 1));
    client.settle();
    assert_eq!(client.diagnostics[french][0]["range"]["start"], json!({"line": 2, "character": 0}));
    assert_eq!(
        client.messages(french),
        [
            "`level` is shared by every language: set it in content/modules/python-basics.md\nhint: remove it here: a translation holds only text, and content/modules/python-basics.md sets `level` for every language"
        ]
    );
    client.stop();
}

#[test]
fn a_file_changed_outside_the_editor_is_checked_when_the_editor_reports_it() {
    let site = example_site();
    let mut client = start(site.path());
    client.settle();
    let nlp = "content/modules/nlp-transformers.md";
    let text = std::fs::read_to_string(site.path().join(nlp)).expect("the example has it");
    std::fs::write(site.path().join(nlp), text.replacen("level: ", "level: expert\nx: ", 1)).expect("write");
    let changes = json!({"changes": [{"uri": client.uri(nlp), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changes);
    client.settle();
    assert!(!client.messages(nlp).is_empty(), "the change on disk is checked");
    client.stop();
}

#[test]
fn a_template_problem_found_on_start_stays_shown_while_typing_until_a_save_fixes_it() {
    let site = example_site();
    let settings = std::fs::read_to_string(site.path().join("content/site.yaml")).expect("the settings");
    std::fs::write(site.path().join("content/site.yaml"), format!("theme: mine\n{settings}")).expect("write");
    let template = "themes/mine/templates/page.html";
    let body = |expression: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}\n{{{{ {expression} }}}}\n{{% endblock content %}}\n"
        )
    };
    std::fs::create_dir_all(site.path().join("themes/mine/templates")).expect("a theme folder");
    std::fs::write(site.path().join(template), body("page.no_such_field")).expect("write");
    let mut client = start(site.path());
    client.settle();
    let problem = client.messages(template);
    assert!(problem.len() == 1 && problem[0].starts_with("template error: Field `no_such_field`"), "{problem:?}");
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    client.change(DEEP, 2, &good.replacen("title: Deep Learning", "title: Deep Learning!", 1));
    client.settle();
    assert_eq!(client.messages(template), problem, "a keystroke does not run the templates, nor forget them");
    client.change(DEEP, 3, &good.replacen("  - classical-machine-learning", "  - nowhere", 1));
    client.settle();
    assert_eq!(client.messages(template), Vec::<String>::new(), "as with check, content errors come alone");
    client.change(DEEP, 4, &good);
    std::fs::write(site.path().join(template), body("page.title")).expect("write");
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": client.uri(template)}}));
    client.settle();
    assert!(client.diagnostics.values().all(Vec::is_empty), "{:?}", client.diagnostics);
    client.stop();
}

#[test]
fn completion_offers_module_ids_in_prerequisites_enum_values_and_link_targets() {
    let site = example_site();
    let mut client = start(site.path());
    let text = deep_learning(site.path());
    client.open(DEEP, &text);
    let line = text.lines().position(|l| l == "  - classical-machine-learning").expect("a prerequisite") as u32;
    let items = client.request("textDocument/completion", client.at(DEEP, line, 4));
    let labels: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels.len(), 20, "every module of the example: {labels:?}");
    assert!(labels.contains(&"python-for-data-science"));
    let level = text.lines().position(|l| l.starts_with("level:")).expect("a level") as u32;
    let items = client.request("textDocument/completion", client.at(DEEP, level, 7));
    let labels: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["beginner", "intermediate", "advanced"]);
    let linked = format!("{text}\nSee [it](@/modules/python-for-data-science.md#");
    client.change(DEEP, 2, &linked);
    let last = linked.lines().count() as u32 - 1;
    let end = linked.lines().last().map_or(0, |l| l.encode_utf16().count()) as u32;
    let items = client.request("textDocument/completion", client.at(DEEP, last, end));
    assert!(!items.as_array().expect("a list").is_empty(), "the target's heading ids");
    client.stop();
}

#[test]
fn hover_definition_references_and_rename_follow_a_module_id() {
    let site = example_site();
    let mut client = start(site.path());
    let text = deep_learning(site.path());
    client.open(DEEP, &text);
    let line = text.lines().position(|l| l == "  - classical-machine-learning").expect("a prerequisite") as u32;
    let hover = client.request("textDocument/hover", client.at(DEEP, line, 8));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.starts_with("**Classical Machine Learning** (module `classical-machine-learning`)"), "{value}");
    assert!(value.ends_with("`content/modules/classical-machine-learning.md`"), "{value}");
    let target = "content/modules/classical-machine-learning.md";
    let definition = client.request("textDocument/definition", client.at(DEEP, line, 8));
    assert_eq!(definition["uri"], json!(client.uri(target)));
    let mut params = client.at(DEEP, line, 8);
    params["context"] = json!({"includeDeclaration": false});
    let references = client.request("textDocument/references", params);
    let files: Vec<String> = references.as_array().expect("a list").iter().map(|l| l["uri"].to_string()).collect();
    assert!(files.iter().any(|f| f.contains("deep-learning.md")) && files.len() >= 2, "{files:?}");
    let mut params = client.at(DEEP, line, 8);
    params["newName"] = json!("classic-ml");
    let edit = client.request("textDocument/rename", params);
    let operations = edit["documentChanges"].as_array().expect("document changes");
    let renamed = operations.last().expect("the file's rename");
    assert_eq!(renamed["kind"], "rename");
    assert_eq!(renamed["newUri"], json!(client.uri("content/modules/classic-ml.md")));
    let edits: usize = operations.iter().filter_map(|o| o["edits"].as_array()).map(Vec::len).sum();
    assert_eq!(edits, files.len(), "every reference is edited");
    let mut params = client.at(DEEP, line, 8);
    params["newName"] = json!("Not An Id");
    let refused = client.request_raw("textDocument/rename", params);
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("cannot be an id")), "{refused}");
    client.stop();
}

#[test]
fn hover_on_a_field_name_shows_the_content_reference() {
    let site = example_site();
    let mut client = start(site.path());
    let text = deep_learning(site.path());
    client.open(DEEP, &text);
    let line = text.lines().position(|l| l.starts_with("prerequisites:")).expect("the field") as u32;
    let hover = client.request("textDocument/hover", client.at(DEEP, line, 3));
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.starts_with("**`prerequisites`**: list of module ids"), "{value}");
    client.stop();
}

#[test]
fn the_outline_lists_headings_and_employers_roles() {
    let site = example_site();
    let mut client = start(site.path());
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": client.uri(DEEP)}}));
    let names: Vec<&str> = symbols.as_array().expect("a list").iter().filter_map(|s| s["name"].as_str()).collect();
    let headings = ["Overview", "What you will learn", "Weekly outline", "Assessment", "Example", "Where this leads"];
    assert_eq!(names, headings);
    assert_eq!(symbols[0]["range"]["start"], json!({"line": 25, "character": 0}), "`## Overview` is on line 26");
    let employer = "content/employers/fenwright-bank.yaml";
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": client.uri(employer)}}));
    let roles: Vec<&str> =
        symbols[0]["children"].as_array().expect("roles").iter().filter_map(|s| s["name"].as_str()).collect();
    let titles =
        ["Graduate Machine Learning Engineer", "LLM Platform Engineer", "Model Risk and AI Governance Specialist"];
    assert_eq!(roles, titles);
    client.stop();
}

#[test]
fn completion_offers_field_names_with_their_docs_and_the_skills_already_spelled() {
    let site = example_site();
    let mut client = start(site.path());
    let text = deep_learning(site.path());
    let with_new_line = text.replacen("level:", "\nlevel:", 1);
    client.open(DEEP, &with_new_line);
    let empty = with_new_line.lines().position(str::is_empty).expect("the new line") as u32;
    let items = client.request("textDocument/completion", client.at(DEEP, empty, 0));
    let fields: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|i| i["label"].as_str()).collect();
    let module_fields = ["title", "summary", "level", "duration_hours", "code", "ects", "skills", "prerequisites"];
    assert_eq!(fields[..8], module_fields);
    let level = &items.as_array().expect("a list")[2];
    assert!(level["documentation"]["value"].as_str().is_some_and(|d| d.contains("`beginner` | `intermediate`")));
    let skill = with_new_line.lines().position(|l| l == "  - PyTorch").expect("a skill") as u32;
    let items = client.request("textDocument/completion", client.at(DEEP, skill, 4));
    let skills: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(skills.contains(&"Machine Learning") && skills.contains(&"PyTorch"), "{skills:?}");
    client.stop();
}

#[test]
fn completion_in_a_translation_offers_only_the_text_fields() {
    let site = fixture::Site::new();
    site.write("content/site.yaml", &format!("{}languages:\n  fr: {{title: Catalogue}}\n", fixture::SITE_YAML));
    let french = "content/modules/python-basics.fr.md";
    let text = "---\ntitle: Les bases de Python\n\n---\nApprendre.\n";
    site.write(french, text);
    let mut client = start(site.root());
    client.open(french, text);
    let items = client.request("textDocument/completion", client.at(french, 2, 0));
    let fields: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(fields, ["title", "summary", "outcomes"]);
    client.stop();
}

#[test]
fn a_bad_request_is_an_error_and_the_server_goes_on() {
    let site = example_site();
    let mut client = start(site.path());
    let answer = client.request_raw("textDocument/hover", json!({"nonsense": true}));
    assert!(answer.get("error").is_some(), "{answer}");
    let outside = json!({"textDocument": {"uri": "file:///nowhere/x.md"}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/hover", outside), Value::Null);
    let answer = client.request("textDocument/hover", client.at(DEEP, 9999, 9999));
    assert!(answer["contents"]["value"].as_str().is_some_and(|v| v.starts_with("**Deep Learning**")), "{answer}");
    client.stop();
}

#[test]
fn every_fuzz_pipeline_input_goes_through_did_change_without_killing_the_server() {
    let site = fixture::Site::new();
    let mut client = start(site.root());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pipeline");
    let mut inputs: Vec<PathBuf> =
        std::fs::read_dir(corpus).expect("the corpus").map(|e| e.expect("entry").path()).collect();
    inputs.sort();
    for (version, input) in inputs.iter().enumerate() {
        let bytes = std::fs::read(input).expect("a corpus file");
        for (part, path) in bytes.split(|&b| b == 0xff).zip(checks::PATHS) {
            let file = format!("content/{path}");
            let text = String::from_utf8_lossy(part);
            if version == 0 {
                client.open(&file, &text);
            } else {
                client.change(&file, version as i64, &text);
            }
        }
        client.settle();
    }
    assert!(inputs.len() > 10);
    client.stop();
}

/// A diagnostic reduced to what both report: file, line (0-based), message and hint.
type Reported = (String, u64, String, String);

/// What `check --format json` reports.
fn check_json(root: &Path) -> Vec<Reported> {
    let output = Command::new(env!("CARGO_BIN_EXE_prospectus"))
        .args(["check", "--format", "json", "--root", "."])
        .current_dir(root)
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("run check");
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let mut found: Vec<Reported> = list
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap_or_default().to_owned();
            let hint = d["hint"].as_str().unwrap_or_default().to_owned();
            let file = d["file"].as_str().unwrap_or("content/site.yaml").to_owned();
            (file, d["line"].as_u64().map_or(0, |l| l - 1), message, hint)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn check_and_the_server_report_the_same_diagnostics_on_every_bad_input() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&cases).expect("the corpus").map(|e| e.expect("entry").path()).collect();
    names.sort();
    let mut compared = 0;
    for case in names.iter().filter(|p| p.is_dir()) {
        let site = fixture::Site::new();
        let expect = std::fs::read_to_string(case.join("expect.yaml")).unwrap_or_default();
        if let Some(line) = expect.lines().find(|l| l.starts_with("remove:")) {
            for file in line.trim_start_matches("remove:").trim().trim_matches(['[', ']']).split(',') {
                site.remove(file.trim().trim_matches('"'));
            }
        }
        fixture::copy_tree(case, site.root());
        let _ = std::fs::remove_file(site.path("expect.yaml"));
        let expected = check_json(site.root());
        let mut client = start(site.root());
        client.settle();
        let mut served: Vec<Reported> = client
            .diagnostics
            .iter()
            .flat_map(|(file, list)| {
                list.iter().map(move |d| {
                    let line = d["range"]["start"]["line"].as_u64().unwrap_or_default();
                    let text = d["message"].as_str().unwrap_or_default();
                    let (text, hint) = text.split_once("\nhint: ").unwrap_or((text, ""));
                    let message = text.lines().next().unwrap_or_default().to_owned();
                    (file.clone(), line, message, hint.to_owned())
                })
            })
            .collect();
        served.sort();
        client.stop();
        assert_eq!(served, expected, "{}", case.display());
        compared += 1;
    }
    assert!(compared > 40, "{compared} cases");
}

/// Whether `program` runs here; under CI (`CI=true`) a missing one fails the test.
fn available(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{program} is required under CI (Debian package neovim)");
        eprintln!("skipped: {program} is not installed (Debian package neovim)");
    }
    found
}

#[test]
fn neovim_shows_a_wrong_prerequisite_as_it_is_typed() {
    if !available("nvim") {
        return;
    }
    let site = example_site();
    let out = site.path().join("shown.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/neovim.lua");
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("SITE", std::fs::canonicalize(site.path()).expect("the site"))
        .env("PROSPECTUS", env!("CARGO_BIN_EXE_prospectus"))
        .env("OUT", &out)
        .stdin(Stdio::null())
        .status()
        .expect("run nvim");
    assert!(status.success(), "nvim: {status}");
    let shown = std::fs::read_to_string(&out).expect("the script wrote what Neovim shows");
    let line = deep_learning(site.path()).lines().position(|l| l == "  - classical-machine-learning");
    let expected =
        format!("{}:4:unknown prerequisite `no-such-module`\nno module has this id", line.expect("the prerequisite"));
    assert!(shown.starts_with(&expected), "Neovim shows: {shown:?}");
}

#[test]
fn a_warning_of_check_is_shown_as_a_warning_while_typing() {
    let site = example_site();
    let mut client = start(site.path());
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    client.settle();
    // 125 hours for 10 credits: 12.5 hours per credit, outside the ECTS range (a warning).
    client.change(DEEP, 2, &good.replacen("ects: 5", "ects: 10", 1));
    client.settle();
    let diagnostics = &client.diagnostics[DEEP];
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 2, "a warning, not an error");
    assert!(diagnostics[0]["message"].as_str().is_some_and(|m| m.contains("hours per credit")), "{diagnostics:?}");
    client.change(DEEP, 3, &good);
    client.settle();
    assert_eq!(client.diagnostics.get(DEEP), Some(&Vec::new()), "fixed: the warning is cleared");
    client.stop();
}

const CLASSICAL: &str = "content/modules/classical-machine-learning.md";

/// The example site with a warning in another module than deep-learning: 5 hours per
/// credit (125 hours for 25 credits) is outside the ECTS range.
fn site_with_a_warning_elsewhere() -> tempfile::TempDir {
    let site = example_site();
    let path = site.path().join(CLASSICAL);
    let text = std::fs::read_to_string(&path).expect("the example has classical-machine-learning");
    std::fs::write(&path, text.replacen("ects: 5", "ects: 25", 1)).expect("write the module");
    site
}

#[test]
fn a_keystroke_publishes_only_the_files_whose_diagnostics_changed() {
    let site = site_with_a_warning_elsewhere();
    let mut client = start(site.path());
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    client.settle();
    assert_eq!(client.diagnostics[CLASSICAL].len(), 1, "the warning elsewhere is shown");
    client.published.clear();
    client.change(DEEP, 2, &good.replacen("  - classical-machine-learning", "  - classical-machin-learning", 1));
    client.settle();
    assert_eq!(client.published, vec![DEEP.to_owned()], "the error: only the edited file");
    client.published.clear();
    client.change(DEEP, 3, &good);
    client.settle();
    assert_eq!(client.published, vec![DEEP.to_owned()], "the fix: only the edited file");
    client.stop();
}

#[test]
fn warnings_elsewhere_stay_shown_while_an_error_is_typed() {
    let site = site_with_a_warning_elsewhere();
    let mut client = start(site.path());
    let good = deep_learning(site.path());
    client.open(DEEP, &good);
    client.settle();
    client.change(DEEP, 2, &good.replacen("  - classical-machine-learning", "  - classical-machin-learning", 1));
    client.settle();
    assert_eq!(client.messages(DEEP).len(), 1, "the error is shown");
    let warnings = &client.diagnostics[CLASSICAL];
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["severity"], 2, "the warning of the last check that linked");
    client.stop();
}
