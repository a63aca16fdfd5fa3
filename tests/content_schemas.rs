//! `prospectus schema` writes a JSON Schema per content file kind, made from the loader's own
//! types: every file of the example catalog validates against its kind's schema, a field the
//! loader refuses is refused by the schema too, and every build publishes the same schemas.
//!
//! Validation runs Python's `jsonschema` (`tests/schemas/validate_content.py`), which
//! `.ci/run` installs; without it the tests fail under CI and say they were skipped elsewhere.

#[path = "common/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use fixture::{PYTHON_BASICS, Site};
use serde_json::Value;

const KINDS: [&str; 6] = ["site", "module", "project", "employer", "programme", "page"];
/// The schemas of translation files (`<stem>.<lang>.md` / `.yaml`).
const TRANSLATION_KINDS: [&str; 5] =
    ["module.translation", "project.translation", "employer.translation", "programme.translation", "page.translation"];

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn jsonschema() -> bool {
    let found = Process::new("python3").args(["-c", "import jsonschema"]).status().is_ok_and(|s| s.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "python3 jsonschema is missing: CI must install it (see .ci/run)");
        eprintln!("SKIPPED: jsonschema did not run (pip install jsonschema)");
    }
    found
}

/// The schemas `prospectus schema --out` writes, in a temporary folder.
fn written_schemas() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("prospectus").unwrap().args(["schema", "--out"]).arg(dir.path()).assert().success();
    dir
}

/// A content file's YAML as JSON: a Markdown file's front matter, or a YAML file whole.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---").map_or(rest, |(front, _)| front).to_owned(),
        None => text,
    };
    serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema kind of a content file, from its folder, and whether it is a translation
/// (a two-letter language before the extension).
fn kind_of(relative: &Path) -> Option<String> {
    let folder = relative.parent()?.file_name()?.to_str()?;
    let kind = match (folder, relative.extension()?.to_str()?) {
        ("content", "yaml") if relative.ends_with("site.yaml") => "site",
        ("modules", "md") => "module",
        ("projects", "yaml") => "project",
        ("employers", "yaml") => "employer",
        ("programmes", "md") => "programme",
        ("pages", "md") => "page",
        _ => return None,
    };
    let stem = relative.file_stem()?.to_str()?;
    let translation = stem.rsplit_once('.').is_some_and(|(_, code)| code.len() == 2);
    Some(if translation { format!("{kind}.translation") } else { kind.to_owned() })
}

/// Validates `files` (kind, JSON value) against `schemas`: Python's output, and whether it passed.
fn validate(schemas: &Path, files: &[(impl AsRef<str>, Value)]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = Vec::new();
    for (i, (kind, value)) in files.iter().enumerate() {
        let path = dir.path().join(format!("{i}.json"));
        std::fs::write(&path, value.to_string()).unwrap();
        args.push(format!("{}={}", kind.as_ref(), path.display()));
    }
    let output = Process::new("python3")
        .arg(repo("tests/schemas/validate_content.py"))
        .arg(schemas)
        .args(&args)
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), said)
}

#[test]
fn schema_writes_one_schema_per_content_file_kind() {
    let dir = written_schemas();
    for kind in KINDS.into_iter().chain(TRANSLATION_KINDS) {
        let text = std::fs::read_to_string(dir.path().join(format!("{kind}.json"))).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{kind}");
    }
}

#[test]
fn every_file_of_the_example_catalog_validates_against_its_schema() {
    if !jsonschema() {
        return;
    }
    let dir = written_schemas();
    let content = repo("content");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(repo("")).unwrap();
        if let Some(kind) = kind_of(relative) {
            files.push((kind, as_json(entry.path())));
        }
    }
    assert!(files.len() > 20, "the example catalog's files: {}", files.len());
    for kind in KINDS {
        assert!(files.iter().any(|(k, _)| *k == kind), "no example file of kind {kind}");
    }
    let (passed, said) = validate(dir.path(), &files);
    assert!(passed, "{said}");
}

#[test]
fn a_field_the_loader_refuses_is_refused_by_the_schema() {
    let site = Site::new();
    site.write("content/modules/python-basics.md", &PYTHON_BASICS.replace("level: beginner", "levle: beginner"));
    site.check("json", &[]).assert().code(1).stdout(predicates::str::contains("unknown field `levle`"));
    if jsonschema() {
        let dir = written_schemas();
        let module = as_json(&site.path("content/modules/python-basics.md"));
        let (passed, said) = validate(dir.path(), &[("module", module)]);
        assert!(!passed && said.contains("levle"), "{said}");
    }
}

/// The top-level fields a schema allows (a list kind's through its record's definition).
fn schema_fields(schema: &Value) -> BTreeSet<String> {
    let record = match schema["anyOf"][0]["$ref"].as_str() {
        Some(reference) => &schema["$defs"][reference.trim_start_matches("#/$defs/")],
        None => schema,
    };
    record["properties"].as_object().unwrap().keys().cloned().collect()
}

/// The fields the loader allows in `file`, as its unknown-field error lists them.
fn loader_fields(file: &str, text: &str) -> BTreeSet<String> {
    let site = Site::new();
    site.write(file, text);
    let output = site.check("json", &[]).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let hint = report[0]["hint"].as_str().unwrap_or_else(|| panic!("{report}"));
    let list = hint.strip_prefix("the allowed fields are: ").unwrap_or_else(|| panic!("{hint}"));
    list.split(", ").map(str::to_owned).collect()
}

#[test]
fn every_field_the_loader_accepts_is_in_the_schema_and_no_other() {
    let dir = written_schemas();
    let schema = |kind: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(format!("{kind}.json"))).unwrap()).unwrap()
    };
    let cases = [
        ("module", "content/modules/python-basics.md", PYTHON_BASICS.replace("level: beginner", "zzz: 1")),
        ("page", "content/pages/x.md", "---\ntitle: X\nzzz: 1\n---\n".to_owned()),
        ("programme", "content/programmes/x.md", "---\ntitle: X\nzzz: 1\n---\n".to_owned()),
        ("project", "content/projects/x.yaml", "title: X\nzzz: 1\n".to_owned()),
        ("employer", "content/employers/x.yaml", "name: X\nzzz: 1\n".to_owned()),
        ("site", "content/site.yaml", "title: T\nbase_url: https://example.org/\nzzz: 1\n".to_owned()),
        ("module.translation", "content/modules/python-basics.fr.md", "---\nzzz: 1\n---\n".to_owned()),
        ("page.translation", "content/pages/about.fr.md", "---\nzzz: 1\n---\n".to_owned()),
        ("programme.translation", "content/programmes/ai-master.fr.md", "---\nzzz: 1\n---\n".to_owned()),
        ("project.translation", "content/projects/chatbot.fr.yaml", "zzz: 1\n".to_owned()),
        ("employer.translation", "content/employers/acme.fr.yaml", "zzz: 1\n".to_owned()),
    ];
    for (kind, file, text) in cases {
        assert_eq!(schema_fields(&schema(kind)), loader_fields(file, &text), "{kind}");
    }
}

#[test]
fn every_build_publishes_the_content_schemas() {
    let dir = written_schemas();
    let site = Site::new();
    let out = tempfile::tempdir().unwrap();
    site.build(&out.path().join("public")).assert().success();
    for kind in KINDS.into_iter().chain(TRANSLATION_KINDS) {
        let published = std::fs::read_to_string(out.path().join(format!("public/api/schema/content/{kind}.json")));
        let written = std::fs::read_to_string(dir.path().join(format!("{kind}.json"))).unwrap();
        assert_eq!(published.unwrap(), written, "{kind}");
    }
}
