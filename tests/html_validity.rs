//! Every page of the built example site passes the Nu HTML Checker (vnu), the W3C's validator.
//!
//! `.ci/run` installs `vnu-jar` from npm and sets `VNU_JAR`. Without it the test
//! fails under CI and says it was skipped elsewhere.

#[path = "common/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};

fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("VNU_JAR").map(PathBuf::from).filter(|p| p.exists());
    if jar.is_none() {
        assert!(std::env::var_os("CI").is_none(), "VNU_JAR is not set: CI must install the validator (see .ci/run)");
        eprintln!("SKIPPED: the HTML validator did not run (set VNU_JAR to vnu.jar from `npm i vnu-jar`)");
    }
    jar
}

/// Every HTML page under `out`, sorted.
fn pages(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

/// Runs vnu on `files` and panics with its report if any has an error.
fn assert_valid_html(jar: &Path, files: &[PathBuf]) {
    let html =
        std::process::Command::new("java").arg("-jar").arg(jar).arg("--errors-only").args(files).output().unwrap();
    assert!(html.status.success(), "vnu found errors:\n{}", String::from_utf8_lossy(&html.stderr));
}

#[test]
fn every_page_of_the_example_site_is_valid_html_and_the_css_is_valid() {
    let Some(jar) = vnu_jar() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fixture::build_example(&out).assert().success();
    let files = pages(&out);
    assert!(files.len() > 50, "only {} pages", files.len());
    assert_valid_html(&jar, &files);
    let css = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--css"])
        .arg(out.join("style.css"))
        .arg(out.join("highlight.css"))
        .output()
        .unwrap();
    assert!(css.status.success(), "vnu found CSS errors:\n{}", String::from_utf8_lossy(&css.stderr));
}

#[test]
fn every_page_of_both_languages_of_the_bilingual_example_is_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    let site = fixture::Site::bilingual_example();
    let out = site.path("public");
    site.build(&out).assert().success();
    let files = pages(&out);
    let french = files.iter().filter(|p| p.starts_with(out.join("fr"))).count();
    assert!(french > 30, "only {french} French pages");
    assert_valid_html(&jar, &files);
}
