//! Raw records → linked records: every field checked, every reference resolved.

use std::collections::BTreeSet;
use std::ops::Range;

use super::catalog::*;
use super::fields::Check;
use super::graph::{self, Edge};
use super::registry::Registry;
use super::skills::SkillTable;
use super::{LinkOptions, Registries};
use crate::diagnostics::Diagnostic;
use crate::ids::{EmployerId, ModuleId, PageId, ProgrammeId, ProjectId, RoleId, check_id, slugify_path};
use crate::load::RawSite;
use crate::load::records::*;
use crate::yaml::Spanned;

/// Converts every published record; `None` when the site has no usable `site.yaml`.
pub(super) fn convert(
    site: &RawSite,
    registries: &Registries,
    options: &LinkOptions,
    errors: &mut Vec<Diagnostic>,
) -> Option<Catalog> {
    let skills = skill_table(site, registries);
    let mut converter = Converter { registries, skills: &skills, errors, prerequisite_edges: Vec::new() };
    let modules: Vec<Module> =
        registries.modules.order().into_iter().map(|ix| converter.module(&site.modules[ix])).collect();
    let projects = registries.projects.order().into_iter().map(|ix| converter.project(&site.projects[ix])).collect();
    let employers = registries
        .employers
        .order()
        .into_iter()
        .map(|ix| converter.employer(&site.employers[ix], options.build_date))
        .collect();
    let prerequisites: Vec<Vec<ModuleIx>> = modules.iter().map(|m| m.prerequisites.clone()).collect();
    let programmes = registries
        .programmes
        .order()
        .into_iter()
        .map(|ix| converter.programme(&site.programmes[ix], options.build_date, &prerequisites))
        .collect();
    let pages = registries.pages.order().into_iter().map(|ix| converter.page(&site.pages[ix])).collect();
    let edges = std::mem::take(&mut converter.prerequisite_edges);
    let names = |ix: usize| modules[ix].id.to_string();
    errors.extend(graph::find_cycles(modules.len(), &edges, &names));
    let mut catalog = Catalog {
        config: site.config.clone()?,
        build_date: options.build_date,
        modules,
        projects,
        employers,
        programmes,
        pages,
        skills: skills.into_skills(),
        static_files: site.static_files.clone(),
        study_order: Vec::new(),
        warnings: Vec::new(),
        translations: Default::default(),
    };
    derive_relations(&mut catalog);
    Some(catalog)
}

/// Counts every skill name of every published record, so each gets one index.
fn skill_table(site: &RawSite, registries: &Registries) -> SkillTable {
    let mut table = SkillTable::default();
    for ix in registries.modules.order() {
        site.modules[ix].fields.skills.iter().for_each(|s| table.add(s));
    }
    for ix in registries.projects.order() {
        site.projects[ix].fields.skills.iter().for_each(|s| table.add(s));
    }
    for ix in registries.employers.order() {
        for role in &site.employers[ix].fields.roles {
            role.value.skills.iter().for_each(|s| table.add(s));
        }
    }
    table.seal();
    table
}

/// Role ids: each role's `id`, else the slug of its title (`role-<n>` when it has none).
/// Ids are not made unique: two roles with one id are an error ([`duplicate_role_ids`]).
pub fn role_ids(roles: &[Spanned<RoleFields>]) -> Vec<String> {
    let derived =
        |role: &RoleFields| role.title.as_ref().map(|t| slugify_path(&t.value)).filter(|s| check_id(s).is_ok());
    roles
        .iter()
        .enumerate()
        .map(|(position, role)| match &role.value.id {
            Some(id) => id.value.trim().to_owned(),
            None => derived(&role.value).unwrap_or_else(|| format!("role-{}", position + 1)),
        })
        .collect()
}

/// Where a role's id comes from: its `id`, else its `title`, else the role itself.
fn role_id_span(c: &Check, role: &Spanned<RoleFields>) -> Range<usize> {
    match role.value.id.as_ref().or(role.value.title.as_ref()) {
        Some(text) => c.origin.span(text),
        None => c.origin.span(role),
    }
}

/// Two roles of one employer with the same id would share a page: an error naming both.
fn duplicate_role_ids(c: &mut Check, roles: &[Spanned<RoleFields>], ids: &[String]) {
    for (later, id) in ids.iter().enumerate() {
        let Some(first) = ids[..later].iter().position(|other| other == id) else { continue };
        let file = c.origin.file.clone();
        let d = Diagnostic::error(format!("two roles of this employer have the id `{id}`"))
            .at(&file, role_id_span(c, &roles[later]))
            .label("this role's page would replace the other's")
            .related(&file, role_id_span(c, &roles[first]), "first role with this id")
            .hint(format!("give one of them an id of its own: `id: {id}-2`, say"));
        c.report(d);
    }
}

struct Converter<'a> {
    registries: &'a Registries,
    skills: &'a SkillTable,
    errors: &'a mut Vec<Diagnostic>,
    prerequisite_edges: Vec<Edge>,
}

impl Converter<'_> {
    fn check<'c, F>(&'c mut self, raw: &'c Raw<F>, what: &'static str) -> Check<'c> {
        Check { origin: &raw.header.origin, record: raw.header.id_span.clone(), what, errors: self.errors }
    }

    fn body<F>(raw: &Raw<F>) -> Body {
        let body = raw.body.as_ref();
        Body {
            markdown: body.map(|b| b.text.clone()).unwrap_or_default(),
            headings: body.map(|b| b.scan.headings.clone()).unwrap_or_default(),
        }
    }

    fn part_body(body: &RawBody) -> Body {
        Body { markdown: body.text.clone(), headings: body.scan.headings.clone() }
    }

    fn skill_list(&self, names: &[Text]) -> Vec<SkillIx> {
        let mut skills: Vec<SkillIx> = names.iter().filter_map(|n| self.skills.index_of(&n.value)).collect();
        dedup_keep_order(&mut skills);
        skills
    }

    fn empty_skill_names(check: &mut Check, names: &[Text]) {
        for name in names.iter().filter(|n| crate::ids::SkillSlug::of(&n.value).is_none()) {
            check.error_at(name, format!("skill `{}` has no letter or digit", name.value)).hint =
                Some("write the skill's name, e.g. `Machine learning`".to_owned());
        }
    }

    fn module(&mut self, raw: &Raw<ModuleFields>) -> Module {
        let skills = self.skill_list(&raw.fields.skills);
        let registries = self.registries;
        let from = registries.modules.index_of(&raw.header.id).unwrap_or_default();
        let f = &raw.fields;
        let mut c = self.check(raw, "front matter");
        let title = c.required(&f.title, "title");
        let summary = c.required(&f.summary, "summary");
        let level = f.level.as_ref().and_then(|l| c.choice::<Level>(l, "level"));
        if f.level.is_none() {
            c.required(&None, "level");
        }
        let duration_hours = match &f.duration_hours {
            Some(hours) => c.positive(hours, "duration_hours"),
            None => c.required(&None, "duration_hours").map(|_| 0),
        };
        if let Some(ects) = f.ects.as_ref().filter(|e| !(e.value >= 0.0 && e.value.is_finite())) {
            c.error_at(ects, format!("`ects` must be zero or more, not {}", ects.value));
        }
        Self::empty_skill_names(&mut c, &f.skills);
        let mut edges = Vec::new();
        let mut prerequisites = Vec::new();
        for prerequisite in &f.prerequisites {
            if let Some(to) = registries.modules.resolve(prerequisite, "prerequisite", &mut c, &registries.broken) {
                let span = c.origin.span(prerequisite);
                edges.push(Edge { from, to, file: c.origin.file.clone(), span });
                prerequisites.push(ModuleIx(to));
            }
        }
        dedup_keep_order(&mut prerequisites);
        let module = Module {
            id: ModuleId::parse(&raw.header.id).unwrap_or_else(|_| unreachable_id()),
            title: title.unwrap_or_default(),
            summary: summary.unwrap_or_default(),
            level: level.unwrap_or(Level::Beginner),
            duration_hours: duration_hours.unwrap_or_default(),
            code: c.optional(&f.code, "code"),
            ects: f.ects.as_ref().map(|e| e.value),
            skills,
            prerequisites,
            outcomes: c.texts(&f.outcomes, "outcomes"),
            language: c.optional(&f.language, "language"),
            updated: c.date_opt(&f.updated, "updated"),
            draft: raw.header.draft,
            body: Self::body(raw),
            unlocks: Vec::new(),
            projects: Vec::new(),
            programmes: Vec::new(),
        };
        self.prerequisite_edges.extend(edges);
        module
    }

    fn project(&mut self, raw: &Raw<ProjectFields>) -> Project {
        let skills = self.skill_list(&raw.fields.skills);
        let registries = self.registries;
        let f = &raw.fields;
        let mut c = self.check(raw, "project");
        Self::empty_skill_names(&mut c, &f.skills);
        let modules = resolve_all(&registries.modules, &registries.broken, &f.modules, "module", &mut c, ModuleIx);
        Project {
            id: ProjectId::parse(&raw.header.id).unwrap_or_else(|_| unreachable_id()),
            title: c.required(&f.title, "title").unwrap_or_default(),
            provider: c.required(&f.provider, "provider").unwrap_or_default(),
            summary: c.required(&f.summary, "summary").unwrap_or_default(),
            brief: raw.body.as_ref().map(|_| Self::body(raw)),
            skills,
            modules,
            level: f.level.as_ref().and_then(|l| c.choice::<Level>(l, "level")),
            estimated_hours: c.positive_opt(&f.estimated_hours, "estimated_hours"),
            deliverables: c.texts(&f.deliverables, "deliverables"),
            draft: raw.header.draft,
            programmes: Vec::new(),
        }
    }

    fn employer(&mut self, raw: &Raw<EmployerFields>, today: jiff::civil::Date) -> Employer {
        let f = &raw.fields;
        let role_ids = role_ids(&f.roles);
        let role_skills: Vec<Vec<SkillIx>> = f.roles.iter().map(|r| self.skill_list(&r.value.skills)).collect();
        let mut c = self.check(raw, "employer");
        duplicate_role_ids(&mut c, &f.roles, &role_ids);
        let name = c.required(&f.name, "name").unwrap_or_default();
        let summary = c.required(&f.summary, "summary").unwrap_or_default();
        let website = c.url(&f.website, "website", false);
        let locations = f.locations.iter().filter_map(|l| place(&mut c, l)).collect();
        let roles = f
            .roles
            .iter()
            .zip(role_ids)
            .zip(role_skills)
            .enumerate()
            .map(|(position, ((role, id), skills))| {
                let description = raw.parts.get(position).and_then(Option::as_ref).map(Self::part_body);
                self::role(&mut c, role, RoleParts { id, position, skills, description }, today)
            })
            .collect();
        Employer {
            id: EmployerId::parse(&raw.header.id).unwrap_or_else(|_| unreachable_id()),
            name,
            summary,
            website,
            about: raw.body.as_ref().map(|_| Self::body(raw)),
            locations,
            roles,
            draft: raw.header.draft,
        }
    }

    fn programme(
        &mut self,
        raw: &Raw<ProgrammeFields>,
        today: jiff::civil::Date,
        prerequisites: &[Vec<ModuleIx>],
    ) -> Programme {
        let registries = self.registries;
        let f = &raw.fields;
        let mut c = self.check(raw, "front matter");
        let title = c.required(&f.title, "title").unwrap_or_default();
        let summary = c.required(&f.summary, "summary").unwrap_or_default();
        if f.modules.is_empty() && f.stages.is_empty() {
            let d = Diagnostic::error("a programme needs at least one module")
                .at(&c.origin.file, c.record.clone())
                .hint("list its module ids in order: `modules: [python-foundations, …]`");
            c.report(d);
        }
        let super::stages::Structure { modules, stages } =
            super::stages::structure(&mut c, f, registries, prerequisites);
        let projects = resolve_all(&registries.projects, &registries.broken, &f.projects, "project", &mut c, ProjectIx);
        let countries = f.countries.iter().filter_map(|code| c.country(code)).collect();
        let accreditation = f.accreditation.iter().filter_map(|a| accreditation(&mut c, a)).collect();
        let job_guarantee = f.job_guarantee.as_ref().and_then(|g| guarantee(&mut c, g, registries));
        let cohorts = f.cohorts.iter().filter_map(|cohort| self::cohort(&mut c, cohort, today)).collect();
        let tuition = f.tuition.iter().filter_map(|t| self::tuition(&mut c, t)).collect();
        let languages = f.languages.iter().filter_map(|l| language(&mut c, l)).collect();
        Programme {
            id: ProgrammeId::parse(&raw.header.id).unwrap_or_else(|_| unreachable_id()),
            title,
            summary,
            modules,
            stages,
            credential: c.optional(&f.credential, "credential"),
            duration_months: c.positive_opt(&f.duration_months, "duration_months"),
            projects,
            countries,
            accreditation,
            job_guarantee,
            cohorts,
            tuition,
            awarded_by: c.optional(&f.awarded_by, "awarded_by"),
            mode: f.mode.as_ref().and_then(|m| c.choice::<StudyMode>(m, "mode")),
            languages,
            weekly_hours: c.positive_opt(&f.weekly_hours, "weekly_hours"),
            funding: raw.parts.first().and_then(Option::as_ref).map(Self::part_body),
            apply_url: c.url(&f.apply_url, "apply_url", false),
            outcomes: f.outcomes.as_ref().and_then(|o| outcomes(&mut c, o)),
            draft: raw.header.draft,
            body: Self::body(raw),
            total_hours: 0,
            total_hours_max: 0,
            total_ects: 0.0,
            total_ects_max: 0.0,
        }
    }

    fn page(&mut self, raw: &Raw<PageFields>) -> Page {
        let f = &raw.fields;
        let mut c = self.check(raw, "front matter");
        Page {
            id: PageId::parse(&raw.header.id).unwrap_or_else(|_| unreachable_id()),
            title: c.required(&f.title, "title").unwrap_or_default(),
            summary: c.optional(&f.summary, "summary"),
            draft: raw.header.draft,
            body: Self::body(raw),
        }
    }
}

/// Registries only publish valid ids, so conversion never sees an invalid one.
fn unreachable_id<T>() -> T {
    unreachable!("registries only publish valid ids")
}

/// A sub-record (role, location, cohort) checks its fields against its own start.
pub(super) fn nested<'c, T>(c: &'c mut Check, value: &Spanned<T>, what: &'static str) -> Check<'c> {
    let record: Range<usize> = c.origin.span(value);
    Check { origin: c.origin, record, what, errors: c.errors }
}

fn place(c: &mut Check, location: &Spanned<LocationFields>) -> Option<Place> {
    let mut c = nested(c, location, "location");
    let city = c.required(&location.value.city, "city");
    let country = match &location.value.country {
        Some(code) => c.country(code),
        None => c.required(&None, "country").and(None),
    };
    Some(Place { city: city?, country: country? })
}

/// What a role's conversion takes besides its fields.
struct RoleParts {
    id: String,
    position: usize,
    skills: Vec<SkillIx>,
    description: Option<Body>,
}

fn role(c: &mut Check, role: &Spanned<RoleFields>, parts: RoleParts, today: jiff::civil::Date) -> Role {
    let f = &role.value;
    let mut c = nested(c, role, "role");
    Converter::empty_skill_names(&mut c, &f.skills);
    let posted = c.date_opt(&f.posted, "posted");
    let closes = c.date_opt(&f.closes, "closes");
    if let (Some(posted), Some(closes), Some(closes_text)) = (posted, closes, &f.closes)
        && closes < posted
    {
        c.error_at(closes_text, format!("role closes ({closes}) before it is posted ({posted})"));
    }
    let workplace = workplace(&mut c, f);
    Role {
        id: role_id(&mut c, f, &parts),
        title: c.required(&f.title, "title").unwrap_or_default(),
        summary: c.optional(&f.summary, "summary"),
        description: parts.description,
        skills: parts.skills,
        city: c.optional(&f.city, "city"),
        country: c.country_opt(&f.country),
        applicant_countries: applicant_countries(&mut c, f, workplace),
        workplace,
        salary: f.salary.as_ref().and_then(|s| salary(&mut c, s)),
        employment_type: f.employment_type.as_ref().and_then(|t| c.choice::<EmploymentType>(t, "employment_type")),
        apply_url: c.url(&f.apply_url, "apply_url", true),
        posted,
        closes,
        open: closes.is_none_or(|closes| closes >= today),
    }
}

/// The role's id, checked against the id rule when written (`role-<n>` stands in for a bad one).
fn role_id(c: &mut Check, f: &RoleFields, parts: &RoleParts) -> RoleId {
    if let Some(written) = &f.id
        && let Err(invalid) = check_id(written.value.trim())
    {
        let hint = match invalid.suggestion {
            Some(s) => format!("role ids are lowercase words joined by dashes: `{s}`"),
            None => "role ids are lowercase words joined by dashes, e.g. `data-scientist`".to_owned(),
        };
        c.error_at(written, format!("invalid role id `{}`", written.value)).hint = Some(hint);
    }
    let fallback = || RoleId::parse(&format!("role-{}", parts.position + 1));
    RoleId::parse(&parts.id).or_else(|_| fallback()).unwrap_or_else(|_| unreachable_id())
}

/// `workplace`, or the deprecated `remote: true|false`; both at once is an error.
fn workplace(c: &mut Check, f: &RoleFields) -> Option<Workplace> {
    match (&f.workplace, &f.remote) {
        (Some(_), Some(remote)) => {
            c.error_at(remote, "a role sets both `workplace` and `remote`").hint =
                Some("remove `remote`: it is the deprecated spelling of `workplace: remote`".to_owned());
            None
        }
        (Some(workplace), None) => c.choice::<Workplace>(workplace, "workplace"),
        (None, Some(remote)) => Some(if remote.value { Workplace::Remote } else { Workplace::OnSite }),
        (None, None) => None,
    }
}

/// The countries a remote applicant may live in; only a remote role may list them.
fn applicant_countries(c: &mut Check, f: &RoleFields, workplace: Option<Workplace>) -> Vec<Country> {
    if let Some(first) = f.applicant_countries.first()
        && workplace != Some(Workplace::Remote)
    {
        c.error_at(first, "`applicant_countries` is for remote roles").hint =
            Some("set `workplace: remote`, or remove `applicant_countries`".to_owned());
    }
    let mut countries: Vec<Country> = f.applicant_countries.iter().filter_map(|code| c.country(code)).collect();
    dedup_keep_order(&mut countries);
    countries
}

fn salary(c: &mut Check, value: &Spanned<SalaryFields>) -> Option<Salary> {
    let s = &value.value;
    let mut c = nested(c, value, "salary");
    let amount = |c: &mut Check, v: &Spanned<f64>, field: &str| {
        let ok = v.value.is_finite() && v.value > 0.0;
        if !ok {
            c.error_at(v, format!("`{field}` must be a positive amount, not {}", v.value)).hint =
                Some("write the amount as a number, e.g. 55000".to_owned());
        }
        ok.then_some(v.value)
    };
    let min = match &s.min {
        Some(min) => amount(&mut c, min, "min"),
        None => c.required(&None, "min").and(None),
    };
    let max = s.max.as_ref().and_then(|max| amount(&mut c, max, "max"));
    if let (Some(low), Some(high), Some(max_text)) = (min, max, &s.max)
        && high < low
    {
        c.error_at(max_text, format!("salary `max` ({high}) is below `min` ({low})")).hint =
            Some("write the lower amount as `min` and the higher as `max`".to_owned());
    }
    let currency = match &s.currency {
        Some(code) => c.currency(code),
        None => c.required(&None, "currency").and(None),
    };
    let period = match &s.period {
        Some(period) => c.choice::<SalaryPeriod>(period, "period"),
        None => c.required(&None, "period").and(None),
    };
    Some(Salary { min: min?, max, currency: currency?, period: period? })
}

fn tuition(c: &mut Check, value: &Spanned<TuitionFields>) -> Option<Tuition> {
    let t = &value.value;
    let mut c = nested(c, value, "tuition");
    let country = match &t.country {
        Some(code) => c.country(code),
        None => c.required(&None, "country").and(None),
    };
    let amount = match &t.amount {
        Some(a) if a.value.is_finite() && a.value >= 0.0 => Some(a.value),
        Some(a) => {
            c.error_at(a, format!("`amount` must be zero or more, not {}", a.value)).hint =
                Some("write the price as a number, e.g. 12900".to_owned());
            None
        }
        None => c.required(&None, "amount").and(None),
    };
    let currency = match &t.currency {
        Some(code) => c.currency(code),
        None => c.required(&None, "currency").and(None),
    };
    Some(Tuition { country: country?, amount: amount?, currency: currency?, note: c.optional(&t.note, "note") })
}

fn accreditation(c: &mut Check, value: &Spanned<AccreditationFields>) -> Option<Accreditation> {
    let mut c = nested(c, value, "accreditation");
    let region = c.required(&value.value.region, "region");
    let status = match &value.value.status {
        Some(status) => c.choice::<AccreditationStatus>(status, "status"),
        None => c.required(&None, "status").and(None),
    };
    Some(Accreditation {
        region: region?,
        status: status?,
        body: c.optional(&value.value.body, "body"),
        since: c.date_opt(&value.value.since, "since"),
        note: c.optional(&value.value.note, "note"),
    })
}

fn guarantee(c: &mut Check, value: &Spanned<GuaranteeFields>, registries: &Registries) -> Option<JobGuarantee> {
    let mut c = nested(c, value, "job_guarantee");
    let months = match &value.value.months {
        Some(months) => c.positive(months, "months"),
        None => c.required(&None, "months").and(None),
    };
    let terms =
        value.value.terms.as_ref().and_then(|id| registries.pages.resolve(id, "page", &mut c, &registries.broken));
    Some(JobGuarantee { months: months?, refund: value.value.refund.unwrap_or(false), terms: terms.map(PageIx) })
}

fn cohort(c: &mut Check, value: &Spanned<CohortFields>, today: jiff::civil::Date) -> Option<Cohort> {
    let mut c = nested(c, value, "cohort");
    let starts = match &value.value.starts {
        Some(starts) => c.date(starts, "starts"),
        None => c.required(&None, "starts").and(None),
    }?;
    let applications_close = c.date_opt(&value.value.applications_close, "applications_close");
    let open = applications_close.unwrap_or(starts) >= today;
    Some(Cohort { starts, applications_close, seats: c.positive_opt(&value.value.seats, "seats"), open })
}

/// A language code of teaching: a BCP 47 tag such as `en` or `pt-BR`.
fn language(c: &mut Check, value: &Text) -> Option<String> {
    let code = value.value.trim();
    let mut subtags = code.split('-');
    let primary = subtags.next().unwrap_or_default();
    let valid = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags.all(|s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !valid {
        c.error_at(value, format!("invalid language `{code}`")).hint =
            Some("write a language code such as `en`, `fr` or `pt-BR`".to_owned());
    }
    valid.then(|| code.to_owned())
}

fn outcomes(c: &mut Check, value: &Spanned<OutcomesFields>) -> Option<Outcomes> {
    let o = &value.value;
    let mut c = nested(c, value, "outcomes");
    let placement_rate = o.placement_rate.as_ref().and_then(|rate| {
        let ok = (0.0..=100.0).contains(&rate.value);
        if !ok {
            c.error_at(rate, format!("`placement_rate` is a percentage from 0 to 100, not {}", rate.value)).hint =
                Some("write 87 for 87 %".to_owned());
        }
        ok.then_some(rate.value)
    });
    let median_salary = o.median_salary.as_ref().and_then(|salary| {
        if !(salary.value.is_finite() && salary.value > 0.0) {
            c.error_at(salary, format!("`median_salary` must be a positive amount, not {}", salary.value));
            return None;
        }
        let currency = match &o.currency {
            Some(code) => c.currency(code),
            None => c.required(&None, "currency").and(None),
        };
        Some((salary.value, currency?))
    });
    if o.placement_rate.is_none() && o.median_salary.is_none() {
        let d = Diagnostic::error("`outcomes` gives no figure")
            .at(&c.origin.file, c.record.clone())
            .hint("add `placement_rate` (percent), `median_salary` (with `currency`), or both");
        c.report(d);
    }
    let sample_size = c.positive_opt(&o.sample_size, "sample_size");
    let period = c.required(&o.period, "period");
    let source = c.required(&o.source, "source");
    Some(Outcomes { placement_rate, median_salary, sample_size, period: period?, source: source? })
}

/// Resolves a list of references, in order and without repeats; unknown ones are reported.
fn resolve_all<T: PartialEq + Copy>(
    registry: &Registry,
    broken: &BTreeSet<String>,
    values: &[Text],
    what: &str,
    c: &mut Check,
    ix: fn(usize) -> T,
) -> Vec<T> {
    let mut resolved: Vec<T> = values.iter().filter_map(|v| registry.resolve(v, what, c, broken).map(ix)).collect();
    dedup_keep_order(&mut resolved);
    resolved
}

fn dedup_keep_order<T: PartialEq + Copy>(items: &mut Vec<T>) {
    let mut seen = Vec::with_capacity(items.len());
    items.retain(|item| {
        let new = !seen.contains(item);
        if new {
            seen.push(*item);
        }
        new
    });
}

/// Every module in study order: the programmes' modules in teaching order, then the rest by id.
fn study_order(catalog: &Catalog) -> Vec<ModuleIx> {
    let mut seen = vec![false; catalog.modules.len()];
    let placed = catalog.programmes.iter().flat_map(|g| g.modules.iter().copied());
    let rest = catalog.module_ixs();
    placed.chain(rest).filter(|m| !std::mem::replace(&mut seen[m.0], true)).collect()
}

/// A programme's total of `value` over its core modules plus the electives a student must
/// choose: the least and the most it can be.
fn totals(programme: &Programme, value: impl Fn(ModuleIx) -> f64) -> (f64, f64) {
    let core: f64 = programme.modules.iter().filter(|&&m| !programme.is_elective(m)).map(|&m| value(m)).sum();
    let (mut least, mut most) = (core, core);
    for electives in programme.stages.iter().filter_map(|s| s.electives.as_ref()) {
        let mut values: Vec<f64> = electives.from.iter().map(|&m| value(m)).collect();
        values.sort_by(f64::total_cmp);
        let n = electives.choose as usize;
        least += values.iter().take(n).sum::<f64>();
        most += values.iter().rev().take(n).sum::<f64>();
    }
    (least, most)
}

/// Fills in the relations that point backwards: unlocks, projects and programmes per module, skills' users.
fn derive_relations(catalog: &mut Catalog) {
    for m in 0..catalog.modules.len() {
        for p in catalog.modules[m].prerequisites.clone() {
            catalog.modules[p.0].unlocks.push(ModuleIx(m));
        }
        for s in catalog.modules[m].skills.clone() {
            catalog.skills[s.0].modules.push(ModuleIx(m));
        }
    }
    for p in 0..catalog.projects.len() {
        for m in catalog.projects[p].modules.clone() {
            catalog.modules[m.0].projects.push(ProjectIx(p));
        }
        for s in catalog.projects[p].skills.clone() {
            catalog.skills[s.0].projects.push(ProjectIx(p));
        }
    }
    let roles: Vec<RoleIx> = catalog.role_ixs().collect();
    for r in roles {
        for s in catalog[r].skills.clone() {
            catalog.skills[s.0].roles.push(r);
        }
    }
    for g in 0..catalog.programmes.len() {
        let modules = catalog.programmes[g].modules.clone();
        for m in &modules {
            catalog.modules[m.0].programmes.push(ProgrammeIx(g));
        }
        for p in catalog.programmes[g].projects.clone() {
            catalog.projects[p.0].programmes.push(ProgrammeIx(g));
        }
        let hours = |m: ModuleIx| f64::from(catalog.modules[m.0].duration_hours);
        let ects = |m: ModuleIx| catalog.modules[m.0].ects.unwrap_or(0.0);
        let (hours, hours_max) = totals(&catalog.programmes[g], hours);
        let (ects, ects_max) = totals(&catalog.programmes[g], ects);
        let programme = &mut catalog.programmes[g];
        // Sums of whole hours are whole.
        (programme.total_hours, programme.total_hours_max) = (hours as u32, hours_max as u32);
        (programme.total_ects, programme.total_ects_max) = (ects, ects_max);
    }
    catalog.study_order = study_order(catalog);
}
