//! Linking's derived facts, on small in-memory sites.

use std::path::Path;

use super::catalog::{ModuleIx, ProjectIx};
use super::*;
use crate::load::{self, LoadOptions};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn module(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\nsummary: S\nlevel: beginner\nduration_hours: 10\nects: 2\n{extra}---\nBody\n")
}

fn link_site(files: &[(&str, &str)], drafts: bool) -> Result<Catalog, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("content/site.yaml", "title: T\nbase_url: https://example.org/\n")];
    all.extend_from_slice(files);
    write(dir.path(), &all);
    let loaded = load::load(dir.path(), &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let options = LinkOptions { drafts, build_date: jiff::civil::date(2026, 11, 25) };
    link(loaded.site, loaded.broken, &options)
}

fn catalog(files: &[(&str, &str)]) -> Catalog {
    link_site(files, false).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

fn module_ix(catalog: &Catalog, id: &str) -> ModuleIx {
    catalog.module_ixs().find(|&m| catalog[m].id.as_str() == id).unwrap()
}

#[test]
fn a_module_unlocks_the_modules_that_require_it() {
    let a = module("A", "");
    let b = module("B", "prerequisites: [a]\n");
    let catalog = catalog(&[("content/modules/a.md", &a), ("content/modules/b.md", &b)]);
    let (a, b) = (module_ix(&catalog, "a"), module_ix(&catalog, "b"));
    assert_eq!(catalog[a].unlocks, vec![b]);
    assert_eq!(catalog[b].prerequisites, vec![a]);
}

#[test]
fn projects_that_assess_a_module_are_listed_on_it() {
    let a = module("A", "");
    let project = "title: P\nprovider: Microsoft\nsummary: S\nmodules: [a]\n";
    let catalog = catalog(&[("content/modules/a.md", &a), ("content/projects/p.yaml", project)]);
    assert_eq!(catalog[module_ix(&catalog, "a")].projects, vec![ProjectIx(0)]);
}

#[test]
fn programme_totals_sum_its_modules_hours_and_credits() {
    let a = module("A", "");
    let b = module("B", "");
    let programme = "---\ntitle: P\nsummary: S\nmodules: [b, a]\n---\n";
    let catalog =
        catalog(&[("content/modules/a.md", &a), ("content/modules/b.md", &b), ("content/programmes/p.md", programme)]);
    let programme = &catalog.programmes[0];
    assert_eq!((programme.total_hours, programme.total_ects), (20, 4.0));
    assert_eq!(programme.modules, vec![module_ix(&catalog, "b"), module_ix(&catalog, "a")]);
}

#[test]
fn a_role_closing_before_the_build_date_is_closed() {
    let employer = "name: E\nsummary: S\nroles:\n  - title: Old\n    closes: 2026-11-24\n  - title: Current\n    closes: 2026-11-25\n  - title: Open\n";
    let catalog = catalog(&[("content/employers/e.yaml", employer)]);
    let open: Vec<bool> = catalog.employers[0].roles.iter().map(|r| r.open).collect();
    assert_eq!(open, vec![false, true, true]);
}

#[test]
fn a_role_id_is_its_id_field_else_the_slug_of_its_title() {
    let employer =
        "name: E\nsummary: S\nroles:\n  - title: ML Engineer\n  - title: ML engineer\n    id: ml-engineer-paris\n";
    let catalog = catalog(&[("content/employers/e.yaml", employer)]);
    let ids: Vec<&str> = catalog.employers[0].roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["ml-engineer", "ml-engineer-paris"]);
}

#[test]
fn two_roles_of_one_employer_with_one_id_are_an_error_naming_both() {
    let employer = "name: E\nsummary: S\nroles:\n  - title: ML Engineer\n  - title: ML engineer\n";
    let errors = link_site(&[("content/employers/e.yaml", employer)], false).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].message, "two roles of this employer have the id `ml-engineer`");
    assert_eq!(errors[0].related.len(), 1);
}

#[test]
fn skills_group_by_slug_and_take_the_most_used_spelling() {
    let a = module("A", "skills: [machine learning]\n");
    let b = module("B", "skills: [Machine Learning]\n");
    let project = "title: P\nprovider: M\nsummary: S\nskills: [Machine  Learning]\n";
    let employer = "name: E\nsummary: S\nroles:\n  - title: R\n    skills: [Machine Learning]\n";
    let catalog = catalog(&[
        ("content/modules/a.md", &a),
        ("content/modules/b.md", &b),
        ("content/projects/p.yaml", project),
        ("content/employers/e.yaml", employer),
    ]);
    assert_eq!(catalog.skills.len(), 1);
    let skill = &catalog.skills[0];
    assert_eq!((skill.slug.as_str(), skill.name.as_str()), ("machine-learning", "Machine Learning"));
    assert_eq!((skill.modules.len(), skill.projects.len(), skill.roles.len()), (2, 1, 1));
}

#[test]
fn drafts_are_not_published_unless_asked() {
    let a = module("A", "draft: true\n");
    assert!(catalog(&[("content/modules/a.md", &a)]).modules.is_empty());
    assert_eq!(link_site(&[("content/modules/a.md", &a)], true).unwrap().modules.len(), 1);
}

#[test]
fn a_reference_to_a_draft_is_an_error_naming_the_draft() {
    let a = module("A", "draft: true\n");
    let b = module("B", "prerequisites: [a]\n");
    let errors = link_site(&[("content/modules/a.md", &a), ("content/modules/b.md", &b)], false).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "prerequisite `a` is a draft");
}

#[test]
fn every_missing_required_field_of_a_record_is_reported() {
    let errors = link_site(&[("content/modules/a.md", "---\nskills: [x]\n---\n")], false).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "missing required field `title`",
            "missing required field `summary`",
            "missing required field `level`",
            "missing required field `duration_hours`"
        ]
    );
}
