//! The JSON API: `api/catalog.json`, every published record with its resolved relations and
//! URLs in one file (the bulk export), and beside it one file per kind (`api/modules.json`, …),
//! each described by a JSON Schema published at `api/schema/{kind}.json` (the files in
//! `api_schema/`; tests validate every generated file against them).
//!
//! The format is documented in docs/api.md; change the code, the schemas and the page together.

use std::collections::BTreeMap;

use serde::Serialize;

use super::language::LanguageSite;
use super::urls::Urls;
use super::views::{AccreditationView, CohortView, GuaranteeView, OutcomesView, SalaryView, TuitionView};
use crate::ids::Lang;
use crate::link::catalog::*;

/// `api/catalog.json`, borrowing the lists the files by kind hold too.
#[derive(Serialize)]
struct Api<'a, 'b> {
    site: SiteInfo<'a>,
    modules: &'b [ModuleJson<'a>],
    projects: &'b [ProjectJson<'a>],
    employers: &'b [EmployerJson<'a>],
    programmes: &'b [ProgrammeJson<'a>],
    pages: Vec<PageJson<'a>>,
    skills: Vec<SkillJson<'a>>,
}

/// One file by kind: `{"schema": …, "build_date": …, "<kind>": [records]}`.
struct ByKind<'b, T> {
    kind: &'static str,
    schema: String,
    build_date: &'b str,
    records: &'b [T],
}

impl<T: Serialize> Serialize for ByKind<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("schema", &self.schema)?;
        map.serialize_entry("build_date", self.build_date)?;
        map.serialize_entry(self.kind, self.records)?;
        map.end()
    }
}

/// A role in `api/roles.json`: with its employer's id.
#[derive(Serialize)]
struct ListedRole<'a, 'b> {
    employer: &'a str,
    #[serde(flatten)]
    role: &'b RoleJson<'a>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    build_date: String,
}

#[derive(Serialize)]
struct ModuleJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    summary: &'a str,
    level: &'static str,
    duration_hours: u32,
    code: Option<&'a str>,
    ects: Option<f64>,
    language: &'a str,
    updated: Option<String>,
    skills: Vec<&'a str>,
    outcomes: &'a [String],
    prerequisites: Vec<&'a str>,
    unlocks: Vec<&'a str>,
    projects: Vec<&'a str>,
    programmes: Vec<&'a str>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    provider: &'a str,
    summary: &'a str,
    level: Option<&'static str>,
    estimated_hours: Option<u32>,
    skills: Vec<&'a str>,
    deliverables: &'a [String],
    modules: Vec<&'a str>,
    programmes: Vec<&'a str>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

#[derive(Serialize)]
struct EmployerJson<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    summary: &'a str,
    website: Option<&'a str>,
    locations: Vec<PlaceJson<'a>>,
    roles: Vec<RoleJson<'a>>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    city: &'a str,
    country: &'static str,
}

#[derive(Serialize)]
struct RoleJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    summary: Option<&'a str>,
    open: bool,
    city: Option<&'a str>,
    country: Option<&'static str>,
    /// `on-site`, `hybrid` or `remote`, when given.
    workplace: Option<&'static str>,
    /// Kept for readers of earlier versions: `workplace == "remote"`.
    remote: bool,
    applicant_countries: Vec<&'static str>,
    salary: Option<SalaryView>,
    employment_type: Option<&'static str>,
    apply_url: Option<&'a str>,
    posted: Option<String>,
    closes: Option<String>,
    skills: Vec<&'a str>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

#[derive(Serialize)]
struct ProgrammeJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    summary: &'a str,
    credential: Option<&'a str>,
    duration_months: Option<u32>,
    modules: Vec<&'a str>,
    projects: Vec<&'a str>,
    countries: Vec<&'static str>,
    total_hours: u32,
    total_hours_max: u32,
    total_ects: f64,
    total_ects_max: f64,
    stages: Vec<StageJson<'a>>,
    accreditation: Vec<AccreditationView<'a>>,
    job_guarantee: Option<GuaranteeView<'a>>,
    cohorts: Vec<CohortView>,
    tuition: Vec<TuitionView<'a>>,
    awarded_by: Option<&'a str>,
    mode: Option<&'static str>,
    languages: &'a [String],
    weekly_hours: Option<u32>,
    /// Markdown, as written.
    funding: Option<&'a str>,
    apply_url: Option<&'a str>,
    outcomes: Option<OutcomesView<'a>>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

#[derive(Serialize)]
struct StageJson<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    months: Option<u32>,
    modules: Vec<&'a str>,
    electives: Option<ElectivesJson<'a>>,
}

#[derive(Serialize)]
struct ElectivesJson<'a> {
    choose: u32,
    from: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    summary: Option<&'a str>,
    /// Its versions in the site's other languages, by language.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    translations: BTreeMap<&'a str, TranslationJson<'a>>,
}

/// A record's version in another language: its page there and its text in that language
/// (an employer's `title` is its name, which is not translated).
#[derive(Serialize)]
struct TranslationJson<'a> {
    url: String,
    title: &'a str,
    summary: Option<&'a str>,
}

/// Where the records' pages are in each language, to find a record's versions.
struct Sites<'a, 'c> {
    whole: &'c Catalog,
    sites: &'a [LanguageSite<'c>],
}

impl<'c> Sites<'_, 'c> {
    /// The URLs of `lang`'s pages.
    fn urls(&self, lang: &Lang) -> &Urls {
        self.sites.iter().find(|s| s.lang == lang).map_or(&self.sites[0].urls, |s| &s.urls)
    }

    /// The URLs of the language a record is written in (its own page is in it).
    fn own<I: Versioned>(&self, ix: I) -> &Urls {
        self.urls(self.whole.written_in(ix))
    }

    /// A record's versions in the languages other than its own: `made` gives each one's
    /// entry from the version and its language's URLs.
    fn translations<I: Versioned>(
        &self,
        ix: I,
        made: impl Fn(&'c I::Record, &Urls) -> TranslationJson<'c>,
    ) -> BTreeMap<&'c str, TranslationJson<'c>>
    where
        I::Record: 'c,
    {
        let own = self.whole.written_in(ix);
        let others = self.whole.page_languages(ix).into_iter().filter(|&lang| lang != own);
        others.filter_map(|lang| Some((&**lang, made(self.whole.version(ix, lang)?, self.urls(lang))))).collect()
    }
}

#[derive(Serialize)]
struct SkillJson<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    modules: Vec<&'a str>,
    projects: Vec<&'a str>,
    /// `employer-id#role-id`.
    roles: Vec<String>,
}

/// The schemas of the files by kind, by kind. `{{base_url}}` in a schema's `$id` becomes the site's.
const SCHEMAS: [(&str, &str); 5] = [
    ("modules", include_str!("api_schema/modules.json")),
    ("projects", include_str!("api_schema/projects.json")),
    ("employers", include_str!("api_schema/employers.json")),
    ("roles", include_str!("api_schema/roles.json")),
    ("programmes", include_str!("api_schema/programmes.json")),
];

/// Every file of the API as (output path, text), each handed to `emit` as soon as it is
/// made: `api/catalog.json`, the files by kind and their schemas. Each record's JSON is
/// made once and serialised into both of its files; one file's text is alive at a time
/// (at 100,000 modules `catalog.json` alone is 144 MB).
pub(super) fn files(catalog: &Catalog, urls: &Urls, sites: &[LanguageSite<'_>], mut emit: impl FnMut(String, String)) {
    let sites = &Sites { whole: catalog, sites };
    let modules: Vec<_> = catalog.module_ixs().map(|m| module(sites, m)).collect();
    let projects: Vec<_> = (0..catalog.projects.len()).map(|p| project(sites, ProjectIx(p))).collect();
    let employers: Vec<_> = (0..catalog.employers.len()).map(|e| employer(sites, EmployerIx(e))).collect();
    let programmes: Vec<_> = (0..catalog.programmes.len()).map(|g| programme(sites, ProgrammeIx(g))).collect();
    let roles: Vec<_> =
        employers.iter().flat_map(|e| e.roles.iter().map(|role| ListedRole { employer: e.id, role })).collect();
    let date = catalog.build_date.to_string();
    emit(
        urls.output_file(&urls.api("catalog")),
        catalog_json(sites, urls, &modules, &projects, &employers, &programmes),
    );
    emit_by_kind(urls, "modules", &date, &modules, &mut emit);
    emit_by_kind(urls, "projects", &date, &projects, &mut emit);
    emit_by_kind(urls, "employers", &date, &employers, &mut emit);
    emit_by_kind(urls, "roles", &date, &roles, &mut emit);
    emit_by_kind(urls, "programmes", &date, &programmes, &mut emit);
    // The base URL goes inside a JSON string: escaped, so that a `"` in it (which URLs allow)
    // cannot end the string early (found by the `pipeline` fuzz target).
    let base = json_string_body(catalog.config.base_url.as_str());
    for (kind, schema) in SCHEMAS {
        emit(urls.output_file(&urls.api_schema(kind)), schema.replace("{{base_url}}", &base));
    }
}

/// `text` escaped as the inside of a JSON string, without the quotes around it.
fn json_string_body(text: &str) -> String {
    let quoted = serde_json::Value::from(text).to_string();
    quoted.get(1..quoted.len() - 1).unwrap_or_default().to_owned()
}

/// The URL paths of the files [`files`] makes, in its order, without making them.
pub fn paths(urls: &Urls) -> Vec<String> {
    let files = ["catalog", "modules", "projects", "employers", "roles", "programmes"].map(|name| urls.api(name));
    files.into_iter().chain(SCHEMAS.iter().map(|(kind, _)| urls.api_schema(kind))).collect()
}

/// Hands the file of one kind to `emit`: its output path and text.
fn emit_by_kind<T: Serialize>(
    urls: &Urls,
    kind: &'static str,
    build_date: &str,
    records: &[T],
    emit: &mut impl FnMut(String, String),
) {
    let file = ByKind { kind, schema: urls.permalink(&urls.api_schema(kind)), build_date, records };
    emit(urls.output_file(&urls.api(kind)), pretty(&file));
}

/// The JSON text of `api/catalog.json`.
fn catalog_json(
    sites: &Sites<'_, '_>,
    urls: &Urls,
    modules: &[ModuleJson<'_>],
    projects: &[ProjectJson<'_>],
    employers: &[EmployerJson<'_>],
    programmes: &[ProgrammeJson<'_>],
) -> String {
    let catalog = sites.whole;
    let api = Api {
        site: SiteInfo {
            title: &catalog.config.title,
            description: catalog.config.description.as_deref(),
            base_url: catalog.config.base_url.as_str(),
            language: &catalog.config.language,
            build_date: catalog.build_date.to_string(),
        },
        modules,
        projects,
        employers,
        programmes,
        pages: (0..catalog.pages.len()).map(|ix| page(sites, PageIx(ix))).collect(),
        skills: (0..catalog.skills.len()).map(|s| skill(catalog, urls, SkillIx(s))).collect(),
    };
    pretty(&api)
}

fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn module_ids<'a>(catalog: &'a Catalog, ms: &[ModuleIx]) -> Vec<&'a str> {
    ms.iter().map(|&m| catalog[m].id.as_str()).collect()
}

fn project_ids<'a>(catalog: &'a Catalog, ps: &[ProjectIx]) -> Vec<&'a str> {
    ps.iter().map(|&p| catalog[p].id.as_str()).collect()
}

fn programme_ids<'a>(catalog: &'a Catalog, gs: &[ProgrammeIx]) -> Vec<&'a str> {
    gs.iter().map(|&g| catalog[g].id.as_str()).collect()
}

fn skill_slugs<'a>(catalog: &'a Catalog, ss: &[SkillIx]) -> Vec<&'a str> {
    ss.iter().map(|&s| catalog[s].slug.as_str()).collect()
}

fn page<'a>(sites: &Sites<'_, 'a>, ix: PageIx) -> PageJson<'a> {
    let (x, urls) = (&sites.whole[ix], sites.own(ix));
    PageJson {
        id: x.id.as_str(),
        url: urls.permalink(&urls.page(&x.id)),
        title: &x.title,
        summary: x.summary.as_deref(),
        translations: sites.translations(ix, |t, urls| TranslationJson {
            url: urls.permalink(&urls.page(&t.id)),
            title: &t.title,
            summary: t.summary.as_deref(),
        }),
    }
}

fn module<'a>(sites: &Sites<'_, 'a>, m: ModuleIx) -> ModuleJson<'a> {
    let (catalog, urls) = (sites.whole, sites.own(m));
    let x = &catalog[m];
    ModuleJson {
        translations: sites.translations(m, |t, urls| TranslationJson {
            url: urls.permalink(&urls.module(&t.id)),
            title: &t.title,
            summary: Some(&t.summary),
        }),
        id: x.id.as_str(),
        url: urls.permalink(&urls.module(&x.id)),
        title: &x.title,
        summary: &x.summary,
        level: x.level.as_str(),
        duration_hours: x.duration_hours,
        code: x.code.as_deref(),
        ects: x.ects,
        language: x.language.as_deref().unwrap_or(&catalog.config.language),
        updated: x.updated.map(|d| d.to_string()),
        skills: skill_slugs(catalog, &x.skills),
        outcomes: &x.outcomes,
        prerequisites: module_ids(catalog, &x.prerequisites),
        unlocks: module_ids(catalog, &x.unlocks),
        projects: project_ids(catalog, &x.projects),
        programmes: programme_ids(catalog, &x.programmes),
    }
}

fn project<'a>(sites: &Sites<'_, 'a>, p: ProjectIx) -> ProjectJson<'a> {
    let (catalog, urls) = (sites.whole, sites.own(p));
    let x = &catalog[p];
    ProjectJson {
        translations: sites.translations(p, |t, urls| TranslationJson {
            url: urls.permalink(&urls.project(&t.id)),
            title: &t.title,
            summary: Some(&t.summary),
        }),
        id: x.id.as_str(),
        url: urls.permalink(&urls.project(&x.id)),
        title: &x.title,
        provider: &x.provider,
        summary: &x.summary,
        level: x.level.map(Choice::as_str),
        estimated_hours: x.estimated_hours,
        skills: skill_slugs(catalog, &x.skills),
        deliverables: &x.deliverables,
        modules: module_ids(catalog, &x.modules),
        programmes: programme_ids(catalog, &x.programmes),
    }
}

fn employer<'a>(sites: &Sites<'_, 'a>, e: EmployerIx) -> EmployerJson<'a> {
    let (catalog, urls) = (sites.whole, sites.own(e));
    let x = &catalog[e];
    EmployerJson {
        translations: sites.translations(e, |t, urls| TranslationJson {
            url: urls.permalink(&urls.employer(&t.id)),
            title: &t.name,
            summary: Some(&t.summary),
        }),
        id: x.id.as_str(),
        url: urls.permalink(&urls.employer(&x.id)),
        name: &x.name,
        summary: &x.summary,
        website: x.website.as_deref(),
        locations: x.locations.iter().map(|l| PlaceJson { city: &l.city, country: l.country.code() }).collect(),
        roles: x
            .roles
            .iter()
            .enumerate()
            .map(|(position, r)| RoleJson {
                translations: sites.translations(RoleIx { employer: e, position }, |t, urls| TranslationJson {
                    url: urls.permalink(&urls.role(&x.id, &t.id)),
                    title: &t.title,
                    summary: t.summary.as_deref(),
                }),
                id: r.id.as_str(),
                url: urls.permalink(&urls.role(&x.id, &r.id)),
                title: &r.title,
                summary: r.summary.as_deref(),
                open: r.open,
                city: r.city.as_deref(),
                country: r.country.map(Country::code),
                workplace: r.workplace.map(Choice::as_str),
                remote: r.remote(),
                applicant_countries: r.applicant_countries.iter().map(|c| c.code()).collect(),
                salary: r.salary.map(SalaryView::of),
                employment_type: r.employment_type.map(Choice::as_str),
                apply_url: r.apply_url.as_deref(),
                posted: r.posted.map(|d| d.to_string()),
                closes: r.closes.map(|d| d.to_string()),
                skills: skill_slugs(catalog, &r.skills),
            })
            .collect(),
    }
}

fn programme<'a>(sites: &Sites<'_, 'a>, g: ProgrammeIx) -> ProgrammeJson<'a> {
    let (catalog, urls) = (sites.whole, sites.own(g));
    let x = &catalog[g];
    ProgrammeJson {
        translations: sites.translations(g, |t, urls| TranslationJson {
            url: urls.permalink(&urls.programme(&t.id)),
            title: &t.title,
            summary: Some(&t.summary),
        }),
        id: x.id.as_str(),
        url: urls.permalink(&urls.programme(&x.id)),
        title: &x.title,
        summary: &x.summary,
        credential: x.credential.as_deref(),
        duration_months: x.duration_months,
        modules: module_ids(catalog, &x.modules),
        projects: project_ids(catalog, &x.projects),
        countries: x.countries.iter().map(|c| c.code()).collect(),
        total_hours: x.total_hours,
        total_hours_max: x.total_hours_max,
        total_ects: x.total_ects,
        total_ects_max: x.total_ects_max,
        stages: x
            .stages
            .iter()
            .map(|s| StageJson {
                title: &s.title,
                summary: s.summary.as_deref(),
                months: s.months,
                modules: module_ids(catalog, &s.modules),
                electives: s
                    .electives
                    .as_ref()
                    .map(|e| ElectivesJson { choose: e.choose, from: module_ids(catalog, &e.from) }),
            })
            .collect(),
        accreditation: x.accreditation.iter().map(AccreditationView::of).collect(),
        job_guarantee: x.job_guarantee.map(|g| GuaranteeView::of(g, catalog)),
        cohorts: x.cohorts.iter().map(CohortView::of).collect(),
        tuition: x.tuition.iter().map(TuitionView::of).collect(),
        awarded_by: x.awarded_by.as_deref(),
        mode: x.mode.map(Choice::as_str),
        languages: &x.languages,
        weekly_hours: x.weekly_hours,
        funding: x.funding.as_ref().map(|f| &*f.markdown),
        apply_url: x.apply_url.as_deref(),
        outcomes: x.outcomes.as_ref().map(OutcomesView::of),
    }
}

fn skill<'a>(catalog: &'a Catalog, urls: &Urls, s: SkillIx) -> SkillJson<'a> {
    let x = &catalog[s];
    SkillJson {
        slug: x.slug.as_str(),
        name: &x.name,
        url: urls.permalink(&urls.skill(&x.slug)),
        modules: module_ids(catalog, &x.modules),
        projects: project_ids(catalog, &x.projects),
        roles: x.roles.iter().map(|&r| format!("{}#{}", catalog[r.employer].id, catalog[r].id)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_with_a_quote_or_backslash_leaves_every_schema_valid_json() {
        let base = json_string_body("https://e\"x\\y.org/");
        for (kind, schema) in SCHEMAS {
            let text = schema.replace("{{base_url}}", &base);
            let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(parsed["$id"], format!("https://e\"x\\y.org/api/schema/{kind}.json"));
        }
    }
}
