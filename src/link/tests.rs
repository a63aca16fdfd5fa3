//! Linking's derived facts, on small in-memory sites.

use std::path::Path;

use super::catalog::{ModuleIx, ProjectIx};
use super::*;
use crate::ids::Lang;
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
    link_with("title: T\nbase_url: https://example.org/\n", files, drafts)
}

fn link_with(site_yaml: &str, files: &[(&str, &str)], drafts: bool) -> Result<Catalog, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("content/site.yaml", site_yaml)];
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

// Translations.

const BILINGUAL: &str = "title: T\nbase_url: https://example.org/\nlanguages:\n  fr: {title: T}\n";

fn bilingual(files: &[(&str, &str)], drafts: bool) -> Result<Catalog, Vec<Diagnostic>> {
    link_with(BILINGUAL, files, drafts)
}

fn french() -> Lang {
    Lang::parse("fr").unwrap()
}

fn french_module<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a catalog::Module> {
    catalog.version(module_ix(catalog, id), &french())
}

#[test]
fn a_translated_module_has_the_translation_s_text_and_the_original_s_other_fields() {
    let a = module("A", "");
    let b = module("B", "prerequisites: [a]\noutcomes: [Write loops]\n");
    let b_fr = "---\ntitle: B en français\nsummary: Résumé\noutcomes: [Écrire des boucles]\n---\n## Aperçu\nCorps\n";
    let files = [("content/modules/a.md", &*a), ("content/modules/b.md", &*b), ("content/modules/b.fr.md", b_fr)];
    let catalog = bilingual(&files, false).unwrap();
    let b = french_module(&catalog, "b").unwrap();
    assert_eq!((b.title.as_str(), b.summary.as_str()), ("B en français", "Résumé"));
    assert_eq!(b.outcomes, vec!["Écrire des boucles"]);
    assert_eq!(&*b.body.markdown, "## Aperçu\nCorps\n");
    assert_eq!(b.body.headings[0].id, "aperçu");
    assert_eq!((b.duration_hours, b.ects), (10, Some(2.0)));
    assert_eq!(b.prerequisites, vec![module_ix(&catalog, "a")]);
}

#[test]
fn a_text_field_a_translation_leaves_out_keeps_the_original_s_text() {
    let a = module("A", "outcomes: [Write loops]\n");
    let files = [("content/modules/a.md", &*a), ("content/modules/a.fr.md", "---\ntitle: A en français\n---\n")];
    let catalog = bilingual(&files, false).unwrap();
    let a = french_module(&catalog, "a").unwrap();
    assert_eq!(a.title, "A en français");
    assert_eq!((a.summary.as_str(), a.outcomes.as_slice()), ("S", ["Write loops".to_owned()].as_slice()));
    assert_eq!(&*a.body.markdown, "Body\n", "a blank body keeps the original's");
}

#[test]
fn an_untranslated_module_has_no_version_in_the_other_language() {
    let catalog = bilingual(&[("content/modules/a.md", &module("A", ""))], false).unwrap();
    assert!(french_module(&catalog, "a").is_none());
    assert!(catalog.translations.0.is_empty());
}

const EMPLOYER: &str = "name: E\nsummary: S\nroles:\n  - title: Data analyst\n    summary: Numbers\n  - id: ml-engineer\n    title: ML engineer\n";

#[test]
fn a_translated_role_is_matched_by_id_and_only_it_is_translated() {
    let translation =
        "summary: Résumé\nroles:\n  - id: ml-engineer\n    title: Ingénieur ML\n    description: Le poste.\n";
    let files = [("content/employers/e.yaml", EMPLOYER), ("content/employers/e.fr.yaml", translation)];
    let catalog = bilingual(&files, false).unwrap();
    let roles: Vec<_> = catalog.role_ixs().collect();
    let translated = &catalog.translations.0[&french()];
    assert_eq!(translated.roles.iter().copied().collect::<Vec<_>>(), vec![roles[1]]);
    let employer = &translated.employers[&roles[1].employer];
    assert_eq!((employer.summary.as_str(), employer.name.as_str()), ("Résumé", "E"));
    assert_eq!(employer.roles[1].title, "Ingénieur ML");
    assert_eq!(employer.roles[1].description.as_ref().map(|d| &*d.markdown), Some("Le poste."));
    assert_eq!(employer.roles[0].title, "Data analyst", "the untranslated role keeps its text");
    assert!(catalog.version(roles[0], &french()).is_none());
}

#[test]
fn a_role_is_matched_by_the_id_derived_from_its_original_title() {
    let translation = "roles:\n  - id: data-analyst\n    title: Analyste de données\n";
    let files = [("content/employers/e.yaml", EMPLOYER), ("content/employers/e.fr.yaml", translation)];
    let catalog = bilingual(&files, false).unwrap();
    let first = catalog.role_ixs().next().unwrap();
    assert_eq!(catalog.version(first, &french()).map(|r| r.title.as_str()), Some("Analyste de données"));
}

#[test]
fn a_translation_in_a_list_file_is_matched_by_id() {
    let list = "- id: p\n  title: P\n  provider: M\n  summary: S\n- id: q\n  title: Q\n  provider: M\n  summary: S\n";
    let translation = "- id: q\n  title: Q en français\n";
    let files = [("content/projects/all.yaml", list), ("content/projects/all.fr.yaml", translation)];
    let catalog = bilingual(&files, false).unwrap();
    let translated = &catalog.translations.0[&french()];
    assert_eq!(translated.projects.keys().copied().collect::<Vec<_>>(), vec![ProjectIx(1)]);
    assert_eq!(translated.projects[&ProjectIx(1)].title, "Q en français");
}

#[test]
fn a_translation_of_a_draft_is_dropped_with_it() {
    let files = [
        ("content/modules/a.md", &*module("A", "draft: true\n")),
        ("content/modules/a.fr.md", "---\ntitle: A fr\n---\n"),
    ];
    let catalog = bilingual(&files, false).unwrap();
    assert!(catalog.modules.is_empty() && catalog.translations.0.is_empty());
}

#[test]
fn with_drafts_a_draft_is_published_with_its_translation() {
    let files = [
        ("content/modules/a.md", &*module("A", "draft: true\n")),
        ("content/modules/a.fr.md", "---\ntitle: A fr\n---\n"),
    ];
    let catalog = bilingual(&files, true).unwrap();
    assert_eq!(french_module(&catalog, "a").map(|m| m.title.as_str()), Some("A fr"));
}

#[test]
fn a_module_written_in_french_is_translated_into_english() {
    let site = "title: T\nbase_url: https://example.org/\nlanguages:\n  fr: {}\n";
    let a = module("A en français", "language: fr\n");
    let files = [("content/modules/a.md", &*a), ("content/modules/a.en.md", "---\ntitle: A in English\n---\n")];
    let catalog = link_with(site, &files, false).unwrap();
    let english = Lang::parse("en").unwrap();
    let a = module_ix(&catalog, "a");
    assert_eq!(catalog.written_in(a), &french());
    assert_eq!(catalog.version(a, &english).map(|m| m.title.as_str()), Some("A in English"));
}

#[test]
fn a_dotted_file_name_without_a_language_stays_an_original_with_an_invalid_id() {
    let errors = bilingual(&[("content/modules/intro.v2.md", &*module("A", ""))], false).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["invalid module id `intro.v2` (the file name)"]);
}

#[test]
fn a_translated_programme_has_its_stages_notes_and_sources_in_place() {
    let a = module("A", "");
    let programme = "---\ntitle: P\nsummary: S\nstages:\n  - title: One\n    modules: [a]\ntuition:\n  - {country: FR, amount: 100, currency: EUR, note: Monthly.}\noutcomes: {placement_rate: 80, period: 2025, source: Survey}\n---\nBody\n";
    let translation = "---\ntitle: P fr\nstages:\n  - title: Un\ntuition:\n  - note: Par mois.\noutcomes: {source: Enquête}\nfunding: Aides publiques.\n---\n";
    let files = [
        ("content/modules/a.md", &*a),
        ("content/programmes/p.md", programme),
        ("content/programmes/p.fr.md", translation),
    ];
    let catalog = bilingual(&files, false).unwrap();
    let p = &catalog.translations.0[&french()].programmes[&catalog::ProgrammeIx(0)];
    assert_eq!((p.title.as_str(), p.stages[0].title.as_str()), ("P fr", "Un"));
    assert_eq!(p.stages[0].modules, vec![module_ix(&catalog, "a")], "the modules are the original's");
    assert_eq!(p.tuition[0].note.as_deref(), Some("Par mois."));
    assert_eq!(p.tuition[0].amount, 100.0);
    assert_eq!(p.outcomes.as_ref().map(|o| o.source.as_str()), Some("Enquête"));
    assert_eq!(p.funding.as_ref().map(|f| &*f.markdown), Some("Aides publiques."));
}
