//! The serializable views templates see (documented in docs/templates.md).
//!
//! Views borrow from the catalog and hold only what one page shows, so a
//! page's Tera context stays small however large the catalog grows (the
//! lesson of zola#2508, where cloning the library into every context
//! dominated build time).

use std::sync::Arc;

use serde::Serialize;

use super::bodies::BodyHtml;
use super::cards::{Cards, Listed};
use super::language::Shown;
use super::urls::Urls;
use crate::ids::role_anchor;
use crate::link::catalog::*;
use crate::markdown::Heading;

/// Turns catalog records into views, knowing the site's URLs and rendered bodies.
pub struct Views<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// URL building.
    pub urls: &'a Urls,
    /// The cards of this render: lists show each record's card, made once.
    pub cards: &'a Cards<'a>,
    /// The language of each record's text, where it is not the pages'.
    pub shown: &'a Shown<'a>,
}

/// A skill link.
#[derive(Serialize)]
pub struct SkillRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

/// A module in a list.
#[derive(Serialize)]
pub struct ModuleCard<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    level: &'static str,
    duration_hours: u32,
    code: Option<&'a str>,
    ects: Option<f64>,
    language: &'a str,
    skills: Vec<SkillRef<'a>>,
}

/// A project in a list.
#[derive(Serialize)]
pub struct ProjectCard<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    provider: &'a str,
    summary: &'a str,
    url: String,
    level: Option<&'static str>,
    estimated_hours: Option<u32>,
    skills: Vec<SkillRef<'a>>,
}

/// A city and country.
#[derive(Serialize)]
pub struct LocationView<'a> {
    city: &'a str,
    country: &'static str,
    country_name: &'static str,
}

/// An employer in a list.
#[derive(Serialize)]
pub struct EmployerCard<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    url: String,
    locations: Vec<LocationView<'a>>,
    open_roles: usize,
}

/// The employer a role belongs to.
#[derive(Serialize)]
pub struct EmployerRef<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
}

/// A role in a list.
#[derive(Serialize)]
pub struct RoleCard<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
    anchor: String,
    employer: EmployerRef<'a>,
    city: Option<&'a str>,
    country: Option<&'static str>,
    country_name: Option<&'static str>,
    /// `on-site`, `hybrid` or `remote`, when given.
    workplace: Option<&'static str>,
    remote: bool,
    employment_type: Option<&'static str>,
    apply_url: Option<&'a str>,
    posted: Option<String>,
    closes: Option<String>,
    open: bool,
    skills: Vec<SkillRef<'a>>,
}

/// A role's own page.
#[derive(Serialize)]
pub struct RolePage<'a> {
    #[serde(flatten)]
    card: RoleCard<'a>,
    permalink: String,
    description_html: Option<&'a str>,
    salary: Option<SalaryView>,
    /// The salary's amounts as the page shows them: `45,000–60,000` (`45 000–60 000` in French).
    salary_text: Option<String>,
    applicant_countries: Vec<CountryView>,
    /// The modules teaching the role's skills, those sharing the most first, at most [`ROLE_MODULES_SHOWN`].
    modules: Vec<Listed>,
    /// How many modules teach any of the role's skills.
    modules_total: usize,
}

/// How many modules a role page shows: a popular skill is taught by
/// thousands of modules in a large catalog; its skill page lists them all.
pub const ROLE_MODULES_SHOWN: usize = 8;

/// A programme in a list.
#[derive(Serialize)]
pub struct ProgrammeCard<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    credential: Option<&'a str>,
    duration_months: Option<u32>,
    module_count: usize,
    /// Core modules' hours plus the fewest hours of the electives to choose.
    total_hours: u32,
    /// The same with the most hours of electives (`total_hours` when there is no choice).
    total_hours_max: u32,
    total_ects: f64,
    total_ects_max: f64,
}

/// What every page view has: title, summary and addresses.
#[derive(Serialize)]
pub struct PageBase<'a> {
    pub title: &'a str,
    /// The language of its title and summary where it is not the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub url: String,
    pub permalink: String,
}

/// A module's own page.
#[derive(Serialize)]
pub struct ModulePage<'a> {
    #[serde(flatten)]
    card: ModuleCard<'a>,
    permalink: String,
    body_html: BodyHtml<'a>,
    toc: &'a [Heading],
    outcomes: &'a [String],
    updated: Option<String>,
    prerequisites: Vec<Listed>,
    unlocks: Vec<Listed>,
    projects: Vec<Listed>,
    /// The open roles sharing the most skills with the module, at most [`MODULE_ROLES_SHOWN`].
    roles: Vec<Listed>,
    /// How many open roles want any of the module's skills.
    roles_total: usize,
    /// The module's skills that open roles want, with how many: where the rest of the roles are.
    role_skills: Vec<SkillRoles<'a>>,
    programmes: Vec<Listed>,
    /// Each programme of `programmes`, with whether the module is core or elective there.
    places: Vec<ModulePlace<'a>>,
    /// Its direct prerequisites and what it unlocks, laid out (none when it has neither).
    neighbourhood: Option<super::roadmap::Picture<'a>>,
}

/// How many roles a module page shows. A page that listed every role sharing
/// a skill would grow with the catalog (at 10k, most of the site's bytes: see
/// benches/RESULTS.md, "The workload"); the skill pages list them all.
pub const MODULE_ROLES_SHOWN: usize = 6;

/// A skill and how many open roles want it.
#[derive(Serialize)]
pub struct SkillRoles<'a> {
    #[serde(flatten)]
    skill: SkillRef<'a>,
    roles: usize,
}

/// A project's own page.
#[derive(Serialize)]
pub struct ProjectPage<'a> {
    #[serde(flatten)]
    card: ProjectCard<'a>,
    permalink: String,
    brief_html: Option<&'a str>,
    deliverables: &'a [String],
    modules: Vec<Listed>,
    programmes: Vec<Listed>,
}

/// An employer's own page.
#[derive(Serialize)]
pub struct EmployerPage<'a> {
    #[serde(flatten)]
    card: EmployerCard<'a>,
    title: &'a str,
    permalink: String,
    website: Option<&'a str>,
    about_html: Option<&'a str>,
    /// Plain views: the page calls the component with its own arguments (`on_employer`).
    roles: Vec<RoleCard<'a>>,
    closed_roles: Vec<RoleCard<'a>>,
}

/// A country in a programme's list.
#[derive(Serialize)]
pub struct CountryView {
    code: &'static str,
    name: &'static str,
}

/// A region's accreditation.
#[derive(Serialize)]
pub struct AccreditationView<'a> {
    region: &'a str,
    status: &'static str,
    body: Option<&'a str>,
    since: Option<String>,
    note: Option<&'a str>,
}

/// The job guarantee.
#[derive(Serialize)]
pub struct GuaranteeView<'a> {
    months: u32,
    refund: bool,
    /// The id of the page holding its terms.
    terms: Option<&'a str>,
}

/// A link to a free page: its title and URL path.
#[derive(Serialize)]
pub struct PageLink<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    title: &'a str,
    url: String,
}

/// A cohort.
#[derive(Serialize, Clone)]
pub struct CohortView {
    starts: String,
    applications_close: Option<String>,
    seats: Option<u32>,
    /// Whether one may still apply (on the build date).
    open: bool,
}

/// A group of a programme's curriculum: a stage (or the whole flat list), its core modules and
/// its electives, each numbered in teaching order.
#[derive(Serialize)]
pub struct CurriculumGroup<'a> {
    stage: Option<StageView<'a>>,
    core: Vec<CurriculumRow>,
    electives: Vec<CurriculumRow>,
}

/// A stage of a programme.
#[derive(Serialize)]
pub struct StageView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    months: Option<u32>,
    /// How many of its electives a student chooses.
    choose: Option<u32>,
}

/// A module in a programme's curriculum, numbered in teaching order.
#[derive(Serialize)]
pub struct CurriculumRow {
    n: usize,
    module: Listed,
}

/// A programme a module belongs to, and its place there.
#[derive(Serialize)]
pub struct ModulePlace<'a> {
    /// The language of its text where it is not the page's (a record listed in its own
    /// language because it has no version in the page's), for its `lang` attribute.
    lang: Option<&'a str>,
    title: &'a str,
    url: String,
    elective: bool,
    /// The title of its stage, when the programme has stages.
    stage: Option<&'a str>,
}

/// A programme's outcomes: what became of past students, and who says so.
#[derive(Serialize)]
pub struct OutcomesView<'a> {
    placement_rate: Option<f64>,
    median_salary: Option<f64>,
    currency: Option<&'static str>,
    sample_size: Option<u32>,
    period: &'a str,
    source: &'a str,
}

impl<'a> OutcomesView<'a> {
    /// The view of a programme's outcomes.
    pub fn of(o: &'a Outcomes) -> Self {
        OutcomesView {
            placement_rate: o.placement_rate,
            median_salary: o.median_salary.map(|(amount, _)| amount),
            currency: o.median_salary.map(|(_, currency)| currency.code()),
            sample_size: o.sample_size,
            period: &o.period,
            source: &o.source,
        }
    }
}

/// A programme's outcomes as its page shows them, the salary written out.
#[derive(Serialize)]
pub struct OutcomesRow<'a> {
    #[serde(flatten)]
    outcomes: OutcomesView<'a>,
    median_salary_text: Option<String>,
}

/// A programme's own page.
#[derive(Serialize)]
pub struct ProgrammePage<'a> {
    #[serde(flatten)]
    card: ProgrammeCard<'a>,
    permalink: String,
    /// The URL path of the programme's feed of modules.
    feed: String,
    body_html: &'a str,
    toc: &'a [Heading],
    modules: Vec<Listed>,
    /// The modules by stage, core and electives apart.
    curriculum: Vec<CurriculumGroup<'a>>,
    /// The study path laid out: prerequisites above what they unlock, by stage.
    roadmap: super::roadmap::Picture<'a>,
    projects: Vec<Listed>,
    countries: Vec<CountryView>,
    accreditation: Vec<AccreditationView<'a>>,
    job_guarantee: Option<GuaranteeView<'a>>,
    /// The page holding the job guarantee's terms.
    guarantee_terms: Option<PageLink<'a>>,
    cohorts: Vec<CohortView>,
    /// The first cohort one may still apply to.
    next_cohort: Option<CohortView>,
    tuition: Vec<TuitionRow<'a>>,
    awarded_by: Option<&'a str>,
    /// `online`, `blended` or `on-site`.
    mode: Option<&'static str>,
    languages: &'a [String],
    weekly_hours: Option<u32>,
    funding_html: Option<&'a str>,
    apply_url: Option<&'a str>,
    outcomes: Option<OutcomesRow<'a>>,
}

/// A programme's price in one country, with its amount as the page shows it.
#[derive(Serialize)]
pub struct TuitionRow<'a> {
    #[serde(flatten)]
    tuition: TuitionView<'a>,
    amount_text: String,
}

/// A free page.
#[derive(Serialize)]
pub struct FreePage<'a> {
    id: &'a str,
    #[serde(flatten)]
    base: PageBase<'a>,
    body_html: &'a str,
    toc: &'a [Heading],
}

/// A skill's own page.
#[derive(Serialize)]
pub struct SkillPage<'a> {
    #[serde(flatten)]
    skill: SkillRef<'a>,
    title: &'a str,
    permalink: String,
}

/// A skill in the skills index.
#[derive(Serialize)]
pub struct SkillEntry<'a> {
    #[serde(flatten)]
    skill: SkillRef<'a>,
    modules: usize,
    projects: usize,
    roles: usize,
}

/// A role's pay.
#[derive(Serialize)]
pub struct SalaryView {
    min: f64,
    max: Option<f64>,
    currency: &'static str,
    period: &'static str,
}

impl CountryView {
    /// The view of a country.
    pub fn of(c: Country) -> Self {
        CountryView { code: c.code(), name: c.name() }
    }
}

impl SalaryView {
    /// The view of a salary.
    pub fn of(s: Salary) -> Self {
        SalaryView { min: s.min, max: s.max, currency: s.currency.code(), period: s.period.as_str() }
    }
}

/// A programme's price in one country.
#[derive(Serialize)]
pub struct TuitionView<'a> {
    country: &'static str,
    country_name: &'static str,
    amount: f64,
    currency: &'static str,
    note: Option<&'a str>,
}

impl<'a> TuitionView<'a> {
    /// The view of a tuition fee.
    pub fn of(t: &'a Tuition) -> Self {
        TuitionView {
            country: t.country.code(),
            country_name: t.country.name(),
            amount: t.amount,
            currency: t.currency.code(),
            note: t.note.as_deref(),
        }
    }
}

impl<'a> AccreditationView<'a> {
    /// The view of a region's accreditation.
    pub fn of(a: &'a Accreditation) -> Self {
        AccreditationView {
            region: &a.region,
            status: a.status.as_str(),
            body: a.body.as_deref(),
            since: date(a.since),
            note: a.note.as_deref(),
        }
    }
}

impl<'a> GuaranteeView<'a> {
    /// The view of a job guarantee.
    pub fn of(g: JobGuarantee, catalog: &'a Catalog) -> Self {
        GuaranteeView { months: g.months, refund: g.refund, terms: g.terms.map(|p| catalog[p].id.as_str()) }
    }
}

impl CohortView {
    /// The view of a cohort.
    pub fn of(c: &Cohort) -> Self {
        CohortView {
            starts: c.starts.to_string(),
            applications_close: date(c.applications_close),
            seats: c.seats,
            open: c.open,
        }
    }
}

/// The HTML of every Markdown body, rendered once and shared by every page that shows it.
#[derive(Debug, Clone)]
pub struct Bodies {
    /// By module index; empty in a full build, where each module page renders its own body.
    pub modules: Vec<Arc<str>>,
    /// By project index (empty when there is no brief).
    pub projects: Vec<Arc<str>>,
    /// By employer index (empty when there is no about text).
    pub employers: Vec<Arc<str>>,
    /// By programme index.
    pub programmes: Vec<Arc<str>>,
    /// Each programme's `funding`, by programme index (empty when it has none).
    pub funding: Vec<Arc<str>>,
    /// By page index.
    pub pages: Vec<Arc<str>>,
    /// By employer, then role position (empty when a role has no description).
    pub roles: Vec<Vec<Arc<str>>>,
}

/// Each distinct item with how many times it occurs (once per skill it shares), in item order.
fn count_shared<T: Ord + Copy>(items: impl Iterator<Item = T>) -> Vec<(usize, T)> {
    let mut items: Vec<T> = items.collect();
    items.sort();
    // After sorting, an item appears once per skill it shares: the run length is the overlap.
    let mut counted: Vec<(usize, T)> = Vec::new();
    for item in items {
        match counted.last_mut() {
            Some((shared, last)) if *last == item => *shared += 1,
            _ => counted.push((1, item)),
        }
    }
    counted
}

/// An amount of money as the page's language writes it (`24,900`; `24 900` in French), cents only when it has some.
fn amount_text(amount: f64, language: &str) -> String {
    super::locale::money(amount, language)
}

fn date(d: Option<jiff::civil::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn non_empty(html: &str) -> Option<&str> {
    (!html.is_empty()).then_some(html)
}

impl<'a> Views<'a> {
    fn skills(&self, skills: &[SkillIx]) -> Vec<SkillRef<'a>> {
        skills.iter().map(|&s| self.skill_ref(s)).collect()
    }

    fn skill_ref(&self, s: SkillIx) -> SkillRef<'a> {
        let skill = &self.catalog[s];
        SkillRef { name: &skill.name, slug: skill.slug.as_str(), url: self.urls.skill(&skill.slug) }
    }

    /// A module card.
    pub fn module_card(&self, m: ModuleIx) -> ModuleCard<'a> {
        let module = &self.catalog[m];
        ModuleCard {
            lang: self.shown.module(m),
            id: module.id.as_str(),
            title: &module.title,
            summary: &module.summary,
            url: self.urls.module(&module.id),
            level: module.level.as_str(),
            duration_hours: module.duration_hours,
            code: module.code.as_deref(),
            ects: module.ects,
            language: module.language.as_deref().unwrap_or(&self.catalog.config.language),
            skills: self.skills(&module.skills),
        }
    }

    /// Cards of several modules, as lists show them (with their markup: view and markup, see [`Cards`]).
    pub fn module_cards(&self, ms: impl IntoIterator<Item = ModuleIx>) -> Vec<Listed> {
        ms.into_iter().map(|m| self.cards.module(m.0, || self.module_card(m))).collect()
    }

    /// A project card.
    pub fn project_card(&self, p: ProjectIx) -> ProjectCard<'a> {
        let project = &self.catalog[p];
        ProjectCard {
            lang: self.shown.projects[p.0],
            id: project.id.as_str(),
            title: &project.title,
            provider: &project.provider,
            summary: &project.summary,
            url: self.urls.project(&project.id),
            level: project.level.map(Choice::as_str),
            estimated_hours: project.estimated_hours,
            skills: self.skills(&project.skills),
        }
    }

    /// Cards of several projects, as lists show them.
    pub fn project_cards(&self, ps: impl IntoIterator<Item = ProjectIx>) -> Vec<Listed> {
        ps.into_iter().map(|p| self.cards.project(p.0, || self.project_card(p))).collect()
    }

    /// An employer card.
    pub fn employer_card(&self, e: EmployerIx) -> EmployerCard<'a> {
        let employer = &self.catalog[e];
        EmployerCard {
            lang: self.shown.employers[e.0],
            id: employer.id.as_str(),
            name: &employer.name,
            summary: &employer.summary,
            url: self.urls.employer(&employer.id),
            locations: employer
                .locations
                .iter()
                .map(|l| LocationView { city: &l.city, country: l.country.code(), country_name: l.country.name() })
                .collect(),
            open_roles: employer.roles.iter().filter(|r| r.open).count(),
        }
    }

    /// A role card.
    pub fn role_card(&self, r: RoleIx) -> RoleCard<'a> {
        let employer = &self.catalog[r.employer];
        let role = &self.catalog[r];
        let anchor = role_anchor(role.id.as_str());
        let employer_url = self.urls.employer(&employer.id);
        RoleCard {
            lang: self.shown.role(r),
            id: role.id.as_str(),
            title: &role.title,
            summary: role.summary.as_deref(),
            url: self.urls.role(&employer.id, &role.id),
            anchor,
            employer: EmployerRef { id: employer.id.as_str(), name: &employer.name, url: employer_url },
            city: role.city.as_deref(),
            country: role.country.map(Country::code),
            country_name: role.country.map(Country::name),
            workplace: role.workplace.map(Choice::as_str),
            remote: role.remote(),
            employment_type: role.employment_type.map(Choice::as_str),
            apply_url: role.apply_url.as_deref(),
            posted: date(role.posted),
            closes: date(role.closes),
            open: role.open,
            skills: self.skills(&role.skills),
        }
    }

    /// Cards of several roles, as lists show them.
    pub fn role_cards(&self, rs: impl IntoIterator<Item = RoleIx>) -> Vec<Listed> {
        rs.into_iter().map(|r| self.cards.role(r, || self.role_card(r))).collect()
    }

    /// A programme card.
    pub fn programme_card(&self, g: ProgrammeIx) -> ProgrammeCard<'a> {
        let programme = &self.catalog[g];
        ProgrammeCard {
            lang: self.shown.programmes[g.0],
            id: programme.id.as_str(),
            title: &programme.title,
            summary: &programme.summary,
            url: self.urls.programme(&programme.id),
            credential: programme.credential.as_deref(),
            duration_months: programme.duration_months,
            module_count: programme.modules.len(),
            total_hours: programme.total_hours,
            total_hours_max: programme.total_hours_max,
            total_ects: programme.total_ects,
            total_ects_max: programme.total_ects_max,
        }
    }

    /// A programme's curriculum: one group per stage (one group without a stage for a flat list).
    fn curriculum(&self, programme: &'a Programme) -> Vec<CurriculumGroup<'a>> {
        let mut n = 0;
        let mut rows = |ms: &[ModuleIx]| -> Vec<CurriculumRow> {
            ms.iter()
                .map(|&m| {
                    n += 1;
                    CurriculumRow { n, module: self.cards.module(m.0, || self.module_card(m)) }
                })
                .collect()
        };
        if programme.stages.is_empty() {
            return vec![CurriculumGroup { stage: None, core: rows(&programme.modules), electives: Vec::new() }];
        }
        programme
            .stages
            .iter()
            .map(|s| CurriculumGroup {
                stage: Some(StageView {
                    title: &s.title,
                    summary: s.summary.as_deref(),
                    months: s.months,
                    choose: s.electives.as_ref().map(|e| e.choose),
                }),
                core: rows(&s.modules),
                electives: s.electives.as_ref().map(|e| rows(&e.from)).unwrap_or_default(),
            })
            .collect()
    }

    /// The programmes a module belongs to, each saying whether it is core or elective there.
    fn places(&self, module: &'a Module, m: ModuleIx) -> Vec<ModulePlace<'a>> {
        module
            .programmes
            .iter()
            .map(|&g| {
                let programme = &self.catalog[g];
                ModulePlace {
                    lang: self.shown.programmes[g.0],
                    title: &programme.title,
                    url: self.urls.programme(&programme.id),
                    elective: programme.is_elective(m),
                    stage: programme.stage_of(m).map(|s| s.title.as_str()),
                }
            })
            .collect()
    }

    /// Cards of several programmes, as lists show them.
    pub fn programme_cards(&self, gs: impl IntoIterator<Item = ProgrammeIx>) -> Vec<Listed> {
        gs.into_iter().map(|g| self.cards.programme(g.0, || self.programme_card(g))).collect()
    }

    /// Cards of several employers, as lists show them.
    pub fn employer_cards(&self, es: impl IntoIterator<Item = EmployerIx>) -> Vec<Listed> {
        es.into_iter().map(|e| self.cards.employer(e.0, || self.employer_card(e))).collect()
    }

    /// Open roles that want any skill of `skills`, those sharing the most skills
    /// first, then the newest, then in catalog order.
    fn roles_wanting(&self, skills: &[SkillIx]) -> Vec<RoleIx> {
        let catalog = self.catalog;
        let roles = skills.iter().flat_map(|&s| catalog[s].roles.iter().copied()).filter(|&r| catalog[r].open);
        let mut ranked = count_shared(roles);
        ranked.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then(catalog[*b].posted.cmp(&catalog[*a].posted)).then(a.cmp(b)));
        ranked.into_iter().map(|(_, r)| r).collect()
    }

    /// Modules that teach any skill of `skills`, those sharing the most skills first, then in catalog order.
    fn modules_teaching(&self, skills: &[SkillIx]) -> Vec<ModuleIx> {
        let mut ranked = count_shared(skills.iter().flat_map(|&s| self.catalog[s].modules.iter().copied()));
        ranked.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then(a.cmp(b)));
        ranked.into_iter().map(|(_, m)| m).collect()
    }

    /// How many open roles want skill `s`.
    fn open_roles_wanting(&self, s: SkillIx) -> usize {
        self.catalog[s].roles.iter().filter(|&&r| self.catalog[r].open).count()
    }

    /// The skills of `skills` that open roles want, with how many.
    fn role_skills(&self, skills: &[SkillIx]) -> Vec<SkillRoles<'a>> {
        skills
            .iter()
            .map(|&s| (s, self.open_roles_wanting(s)))
            .filter(|&(_, roles)| roles > 0)
            .map(|(s, roles)| SkillRoles { skill: self.skill_ref(s), roles })
            .collect()
    }

    /// A module's page, with its body's HTML (from [`Bodies`], or rendered for this page alone).
    pub fn module_page(&self, m: ModuleIx, body_html: BodyHtml<'a>) -> ModulePage<'a> {
        let module = &self.catalog[m];
        let roles = self.roles_wanting(&module.skills);
        ModulePage {
            card: self.module_card(m),
            permalink: self.urls.permalink(&self.urls.module(&module.id)),
            body_html,
            toc: &module.body.headings,
            outcomes: &module.outcomes,
            updated: date(module.updated),
            prerequisites: self.module_cards(module.prerequisites.iter().copied()),
            unlocks: self.module_cards(module.unlocks.iter().copied()),
            projects: self.project_cards(module.projects.iter().copied()),
            roles_total: roles.len(),
            roles: self.role_cards(roles.into_iter().take(MODULE_ROLES_SHOWN)),
            role_skills: self.role_skills(&module.skills),
            programmes: self.programme_cards(module.programmes.iter().copied()),
            places: self.places(module, m),
            neighbourhood: (!module.prerequisites.is_empty() || !module.unlocks.is_empty())
                .then(|| super::roadmap::neighbourhood(self.catalog, self.urls, m)),
        }
    }

    /// A project's page.
    pub fn project_page(&self, p: ProjectIx, bodies: &'a Bodies) -> ProjectPage<'a> {
        let project = &self.catalog[p];
        ProjectPage {
            card: self.project_card(p),
            permalink: self.urls.permalink(&self.urls.project(&project.id)),
            brief_html: non_empty(&bodies.projects[p.0]),
            deliverables: &project.deliverables,
            modules: self.module_cards(project.modules.iter().copied()),
            programmes: self.programme_cards(project.programmes.iter().copied()),
        }
    }

    /// An employer's page.
    pub fn employer_page(&self, e: EmployerIx, bodies: &'a Bodies) -> EmployerPage<'a> {
        let employer = &self.catalog[e];
        let roles = (0..employer.roles.len()).map(|position| RoleIx { employer: e, position });
        let (open, closed): (Vec<RoleIx>, Vec<RoleIx>) = roles.partition(|&r| self.catalog[r].open);
        EmployerPage {
            card: self.employer_card(e),
            title: &employer.name,
            permalink: self.urls.permalink(&self.urls.employer(&employer.id)),
            website: employer.website.as_deref(),
            about_html: non_empty(&bodies.employers[e.0]),
            roles: open.into_iter().map(|r| self.role_card(r)).collect(),
            closed_roles: closed.into_iter().map(|r| self.role_card(r)).collect(),
        }
    }

    /// A role's page.
    pub fn role_page(&self, r: RoleIx, bodies: &'a Bodies) -> RolePage<'a> {
        let role = &self.catalog[r];
        let employer = &self.catalog[r.employer];
        let modules = self.modules_teaching(&role.skills);
        let description = bodies.roles.get(r.employer.0).and_then(|roles| roles.get(r.position));
        RolePage {
            card: self.role_card(r),
            permalink: self.urls.permalink(&self.urls.role(&employer.id, &role.id)),
            description_html: description.and_then(|html| non_empty(html)),
            salary: role.salary.map(SalaryView::of),
            salary_text: role.salary.map(|s| {
                let language = &self.catalog.config.language;
                let min = amount_text(s.min, language);
                s.max.map_or_else(|| min.clone(), |max| format!("{min}–{}", amount_text(max, language)))
            }),
            applicant_countries: role.applicant_countries.iter().map(|&c| CountryView::of(c)).collect(),
            modules_total: modules.len(),
            modules: self.module_cards(modules.into_iter().take(ROLE_MODULES_SHOWN)),
        }
    }

    /// A programme's page.
    pub fn programme_page(&self, g: ProgrammeIx, bodies: &'a Bodies) -> ProgrammePage<'a> {
        let programme = &self.catalog[g];
        let language = &self.catalog.config.language;
        ProgrammePage {
            card: self.programme_card(g),
            permalink: self.urls.permalink(&self.urls.programme(&programme.id)),
            feed: self.urls.programme_feed(&programme.id),
            body_html: &bodies.programmes[g.0],
            toc: &programme.body.headings,
            modules: self.module_cards(programme.modules.iter().copied()),
            curriculum: self.curriculum(programme),
            roadmap: super::roadmap::programme(self.catalog, self.urls, programme),
            projects: self.project_cards(programme.projects.iter().copied()),
            countries: programme.countries.iter().map(|&c| CountryView::of(c)).collect(),
            accreditation: programme.accreditation.iter().map(AccreditationView::of).collect(),
            job_guarantee: programme.job_guarantee.map(|g| GuaranteeView::of(g, self.catalog)),
            guarantee_terms: programme.job_guarantee.and_then(|g| g.terms).map(|p| {
                let page = &self.catalog[p];
                PageLink { lang: self.shown.pages[p.0], title: &page.title, url: self.urls.page(&page.id) }
            }),
            cohorts: programme.cohorts.iter().map(CohortView::of).collect(),
            next_cohort: programme.cohorts.iter().filter(|c| c.open).min_by_key(|c| c.starts).map(CohortView::of),
            tuition: programme
                .tuition
                .iter()
                .map(|t| TuitionRow { tuition: TuitionView::of(t), amount_text: amount_text(t.amount, language) })
                .collect(),
            awarded_by: programme.awarded_by.as_deref(),
            mode: programme.mode.map(Choice::as_str),
            languages: &programme.languages,
            weekly_hours: programme.weekly_hours,
            funding_html: bodies.funding.get(g.0).and_then(|html| non_empty(html)),
            apply_url: programme.apply_url.as_deref(),
            outcomes: programme.outcomes.as_ref().map(|o| OutcomesRow {
                outcomes: OutcomesView::of(o),
                median_salary_text: o.median_salary.map(|(amount, _)| amount_text(amount, language)),
            }),
        }
    }

    /// A free page.
    pub fn free_page(&self, ix: usize, bodies: &'a Bodies) -> FreePage<'a> {
        let page = &self.catalog.pages[ix];
        FreePage {
            id: page.id.as_str(),
            base: self.base(&page.title, page.summary.as_deref(), self.urls.page(&page.id)),
            body_html: &bodies.pages[ix],
            toc: &page.body.headings,
        }
    }

    /// A skill's page.
    /// Its lists are paged, like the catalog's: see `listing`.
    pub fn skill_page(&self, s: SkillIx) -> SkillPage<'a> {
        let skill = &self.catalog[s];
        SkillPage {
            skill: self.skill_ref(s),
            title: &skill.name,
            permalink: self.urls.permalink(&self.urls.skill(&skill.slug)),
        }
    }

    /// The skills index entries, sorted by name.
    pub fn skill_entries(&self) -> Vec<SkillEntry<'a>> {
        let mut entries: Vec<SkillEntry<'a>> = (0..self.catalog.skills.len())
            .map(|ix| {
                let skill = &self.catalog.skills[ix];
                let roles = self.open_roles_wanting(SkillIx(ix));
                SkillEntry {
                    skill: self.skill_ref(SkillIx(ix)),
                    modules: skill.modules.len(),
                    projects: skill.projects.len(),
                    roles,
                }
            })
            .collect();
        entries.sort_by_cached_key(|e| (e.skill.name.to_lowercase(), e.skill.slug));
        entries
    }

    /// Title, summary and addresses of a page.
    pub fn base(&self, title: &'a str, summary: Option<&'a str>, url: String) -> PageBase<'a> {
        PageBase { title, lang: None, summary, permalink: self.urls.permalink(&url), url }
    }
}

#[cfg(test)]
mod tests {
    use super::amount_text;

    #[test]
    fn amounts_group_thousands_as_the_language_writes_them() {
        assert_eq!(amount_text(24900.0, "en"), "24,900");
        assert_eq!(amount_text(1250000.0, "en"), "1,250,000");
        assert_eq!(amount_text(950.0, "en"), "950");
        assert_eq!(amount_text(24900.0, "fr"), "24\u{202f}900");
        assert_eq!(amount_text(37.5, "fr"), "37,50");
    }
}
