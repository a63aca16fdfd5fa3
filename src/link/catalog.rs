//! The linked catalog: validated records whose references cannot dangle.
//!
//! References between records are typed indices into the catalog's vectors,
//! which are sorted by id and never change after linking.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Index;

use jiff::civil::Date;

use crate::config::SiteConfig;
use crate::ids::{EmployerId, Lang, ModuleId, PageId, ProgrammeId, ProjectId, RoleId, SkillSlug};
use crate::load::StaticFile;
use crate::load::source::SharedText;
use crate::markdown::Heading;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $field:ident: $record:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) usize);

        impl Index<$name> for Catalog {
            type Output = $record;
            fn index(&self, ix: $name) -> &$record {
                &self.$field[ix.0]
            }
        }
    };
}

index_type!(
    /// A module of the catalog.
    ModuleIx => modules: Module
);
index_type!(
    /// A project of the catalog.
    ProjectIx => projects: Project
);
index_type!(
    /// An employer of the catalog.
    EmployerIx => employers: Employer
);
index_type!(
    /// A programme of the catalog.
    ProgrammeIx => programmes: Programme
);
index_type!(
    /// A free page of the catalog.
    PageIx => pages: Page
);
index_type!(
    /// A skill of the catalog.
    SkillIx => skills: Skill
);

/// A role: its employer and its place in the employer's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleIx {
    /// The employer offering it.
    pub employer: EmployerIx,
    /// Its position among the employer's roles.
    pub(crate) position: usize,
}

impl Index<RoleIx> for Catalog {
    type Output = Role;
    fn index(&self, ix: RoleIx) -> &Role {
        &self.employers[ix.employer.0].roles[ix.position]
    }
}

/// The whole validated site, ready to render.
#[derive(Debug)]
pub struct Catalog {
    /// `site.yaml`.
    pub config: SiteConfig,
    /// The date of the build (from `SOURCE_DATE_EPOCH` when set): roles closing before it are closed.
    pub build_date: Date,
    /// Modules by id.
    pub modules: Vec<Module>,
    /// Projects by id.
    pub projects: Vec<Project>,
    /// Employers by id.
    pub employers: Vec<Employer>,
    /// Programmes by id.
    pub programmes: Vec<Programme>,
    /// Free pages by id.
    pub pages: Vec<Page>,
    /// Skills by slug.
    pub skills: Vec<Skill>,
    /// Files copied as they are.
    pub static_files: Vec<StaticFile>,
    /// Every module in study order: each programme's (in programme order) in its teaching
    /// order, then the modules of no programme by id. Lists of modules follow it.
    pub study_order: Vec<ModuleIx>,
    /// What the checks found questionable without stopping the build (see `link::warnings`).
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// The records' versions in the site's other languages.
    pub translations: Translations,
}

/// Each language's translated records, by the language of the translation.
#[derive(Debug, Default)]
pub struct Translations(pub BTreeMap<Lang, Translated>);

/// The records translated into one language: copies of the linked originals with the
/// translation's text in place. Fields a translation leaves out keep the original's text,
/// and every field that is not text (ids, references, dates, numbers) is the original's,
/// so a translated record is complete and its references resolve like the original's.
#[derive(Debug, Default)]
pub struct Translated {
    pub modules: BTreeMap<ModuleIx, Module>,
    pub projects: BTreeMap<ProjectIx, Project>,
    /// Translated employers; their roles are all present, translated or not (see `roles`).
    pub employers: BTreeMap<EmployerIx, Employer>,
    /// The roles the employers' translations translate: only these have a page in the language.
    pub roles: BTreeSet<RoleIx>,
    pub programmes: BTreeMap<ProgrammeIx, Programme>,
    pub pages: BTreeMap<PageIx, Page>,
}

/// A record's index, for the questions every kind answers alike: which languages it
/// has a page in, and how it reads in each.
pub trait Versioned: Copy {
    /// The record.
    type Record;
    /// The original record.
    fn original(self, catalog: &Catalog) -> &Self::Record;
    /// Its translation among `translated`, if it has one.
    fn translation(self, translated: &Translated) -> Option<&Self::Record>;
    /// The language its original is written in, when it says (a module's `language`).
    fn own_language(self, _catalog: &Catalog) -> Option<Lang> {
        None
    }
}

macro_rules! versioned {
    ($ix:ty => $record:ty, $field:ident) => {
        impl Versioned for $ix {
            type Record = $record;
            fn original(self, catalog: &Catalog) -> &$record {
                &catalog[self]
            }
            fn translation(self, translated: &Translated) -> Option<&$record> {
                translated.$field.get(&self)
            }
        }
    };
}

versioned!(ProjectIx => Project, projects);
versioned!(EmployerIx => Employer, employers);
versioned!(ProgrammeIx => Programme, programmes);
versioned!(PageIx => Page, pages);

impl Versioned for ModuleIx {
    type Record = Module;
    fn original(self, catalog: &Catalog) -> &Module {
        &catalog[self]
    }
    fn translation(self, translated: &Translated) -> Option<&Module> {
        translated.modules.get(&self)
    }
    fn own_language(self, catalog: &Catalog) -> Option<Lang> {
        catalog[self].language.as_deref().and_then(Lang::primary_of)
    }
}

impl Versioned for RoleIx {
    type Record = Role;
    fn original(self, catalog: &Catalog) -> &Role {
        &catalog[self]
    }
    fn translation(self, translated: &Translated) -> Option<&Role> {
        let employer = translated.employers.get(&self.employer).filter(|_| translated.roles.contains(&self))?;
        employer.roles.get(self.position)
    }
}

impl Role {
    /// Whether the role is done remotely.
    pub fn remote(&self) -> bool {
        self.workplace == Some(Workplace::Remote)
    }
}

impl Catalog {
    /// Every module with its index.
    pub fn module_ixs(&self) -> impl Iterator<Item = ModuleIx> + '_ {
        (0..self.modules.len()).map(ModuleIx)
    }

    /// Every role of every employer, open or not, in employer then list order.
    pub fn role_ixs(&self) -> impl Iterator<Item = RoleIx> + '_ {
        self.employers.iter().enumerate().flat_map(|(e, employer)| {
            (0..employer.roles.len()).map(move |position| RoleIx { employer: EmployerIx(e), position })
        })
    }

    /// The language a record is written in: its own `language` when the site declares
    /// it, else the site's default. Its original's page is in that language's site.
    pub fn written_in<I: Versioned>(&self, ix: I) -> &Lang {
        let own = ix.own_language(self);
        self.config.all_languages().find(|l| Some(*l) == own.as_ref()).unwrap_or(&self.config.language)
    }

    /// The record as it reads in `language`: the original when written in it, else its
    /// translation; `None` when it has no page in that language.
    pub fn version<I: Versioned>(&self, ix: I, language: &Lang) -> Option<&I::Record> {
        if self.written_in(ix) == language {
            return Some(ix.original(self));
        }
        ix.translation(self.translations.0.get(language)?)
    }

    /// The languages a record has a page in, in the site's order.
    pub fn page_languages<I: Versioned>(&self, ix: I) -> Vec<&Lang> {
        self.config.all_languages().filter(|l| self.version(ix, l).is_some()).collect()
    }

    /// The record as a list in `language` shows it: its version in that language, else
    /// its original, listed in its own language; with the language it is shown in.
    pub fn listed_in<'a, I: Versioned>(&'a self, ix: I, language: &'a Lang) -> (&'a I::Record, &'a Lang) {
        match self.version(ix, language) {
            Some(record) => (record, language),
            None => (ix.original(self), self.written_in(ix)),
        }
    }

    /// The open roles, in the order of [`Catalog::role_ixs`].
    pub fn open_role_ixs(&self) -> impl Iterator<Item = RoleIx> + '_ {
        self.role_ixs().filter(|&r| self[r].open)
    }
}

/// Markdown and what linking learnt of it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The Markdown text (shared with the file's text kept for diagnostics).
    pub markdown: SharedText,
    /// Its headings, with their ids.
    pub headings: Vec<Heading>,
}

/// How demanding a module or project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// No prior knowledge needed.
    Beginner,
    /// Builds on the basics.
    Intermediate,
    /// For experienced learners.
    Advanced,
}

/// The kind of contract a role offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EmploymentType {
    /// Permanent, full time.
    FullTime,
    /// Permanent, part time.
    PartTime,
    /// Fixed term.
    Contract,
    /// An internship.
    Internship,
    /// Work-study (alternance).
    Apprenticeship,
}

/// Where a role's work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Workplace {
    /// At the employer's premises.
    OnSite,
    /// Partly at the premises, partly from home.
    Hybrid,
    /// From anywhere in the allowed countries.
    Remote,
}

/// What a salary amount is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SalaryPeriod {
    /// A year.
    Year,
    /// A month.
    Month,
    /// A day.
    Day,
    /// An hour.
    Hour,
}

/// Where a programme's accreditation stands in a region. Each word says exactly what it is,
/// so the page's wording follows it (docs/content.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccreditationStatus {
    /// Listed in a national register (France's RNCP, say).
    Registered,
    /// Accredited by a body entitled to.
    Accredited,
    /// Recognised as equivalent by an authority of the region.
    Recognised,
    /// Applied for, not decided.
    Pending,
    /// Neither: said outright so students know.
    NotAccredited,
}

/// Lists the allowed words of an enumeration, for parsing and for error messages.
pub trait Choice: Sized + Copy + 'static {
    /// Every value with the word that writes it.
    const CHOICES: &'static [(&'static str, Self)];

    /// The value written as `word`.
    fn parse(word: &str) -> Option<Self> {
        Self::CHOICES.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    /// The word that writes this value.
    fn as_str(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::CHOICES.iter().find(|(_, v)| *v == self).map_or("", |(w, _)| w)
    }
}

impl Choice for Level {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("beginner", Self::Beginner), ("intermediate", Self::Intermediate), ("advanced", Self::Advanced)];
}

impl Choice for EmploymentType {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("full-time", Self::FullTime),
        ("part-time", Self::PartTime),
        ("contract", Self::Contract),
        ("internship", Self::Internship),
        ("apprenticeship", Self::Apprenticeship),
    ];
}

impl Choice for Workplace {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("on-site", Self::OnSite), ("hybrid", Self::Hybrid), ("remote", Self::Remote)];
}

impl Choice for SalaryPeriod {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("year", Self::Year), ("month", Self::Month), ("day", Self::Day), ("hour", Self::Hour)];
}

/// An ISO 4217 currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// The currency written as `code` (`EUR`).
    pub fn parse(code: &str) -> Option<Self> {
        iso_currency::Currency::from_code(code).map(Self)
    }

    /// Its three-letter code.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Every currency, with its name (for completion).
    pub fn all() -> impl Iterator<Item = (&'static str, String)> {
        use iso_currency::IntoEnumIterator;
        iso_currency::Currency::iter().map(|c| (c.code(), c.name().to_owned()))
    }
}

/// A role's pay for a period: one amount (`min`) or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Salary {
    pub min: f64,
    pub max: Option<f64>,
    pub currency: Currency,
    pub period: SalaryPeriod,
}

/// A programme's price for students of one country.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuition {
    pub country: Country,
    pub amount: f64,
    pub currency: Currency,
    pub note: Option<String>,
}

impl Choice for AccreditationStatus {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("registered", Self::Registered),
        ("accredited", Self::Accredited),
        ("recognised", Self::Recognised),
        ("pending", Self::Pending),
        ("not-accredited", Self::NotAccredited),
    ];
}

/// An ISO 3166-1 alpha-2 country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(isocountry::CountryCode);

impl Country {
    /// The country written as `code` (`UK` is accepted for `GB`).
    pub fn parse(code: &str) -> Option<Self> {
        let code = if code == "UK" { "GB" } else { code };
        isocountry::CountryCode::for_alpha2(code).ok().map(Self)
    }

    /// The alpha-2 code (`GB`).
    pub fn code(self) -> &'static str {
        self.0.alpha2()
    }

    /// Every country (for completion).
    pub fn all() -> impl Iterator<Item = Country> {
        isocountry::CountryCode::iter().map(|c| Country(*c))
    }

    /// The country's short English name.
    pub fn name(self) -> &'static str {
        match self.code() {
            "GB" => "United Kingdom",
            "US" => "United States",
            _ => self.0.name(),
        }
    }
}

/// A city in a country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The city.
    pub city: String,
    /// The country.
    pub country: Country,
}

/// A course module.
#[derive(Debug, Clone)]
pub struct Module {
    pub id: ModuleId,
    pub title: String,
    pub summary: String,
    pub level: Level,
    pub duration_hours: u32,
    pub code: Option<String>,
    pub ects: Option<f64>,
    pub skills: Vec<SkillIx>,
    pub prerequisites: Vec<ModuleIx>,
    pub outcomes: Vec<String>,
    /// The language the module is taught in, when it differs from the site's.
    pub language: Option<String>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub body: Body,
    /// Modules that list this one as a prerequisite.
    pub unlocks: Vec<ModuleIx>,
    /// Projects that assess this module.
    pub projects: Vec<ProjectIx>,
    /// Programmes that include this module.
    pub programmes: Vec<ProgrammeIx>,
}

/// A partner-provided project.
#[derive(Debug, Clone)]
pub struct Project {
    pub id: ProjectId,
    pub title: String,
    pub provider: String,
    pub summary: String,
    pub brief: Option<Body>,
    pub skills: Vec<SkillIx>,
    /// Modules the project assesses.
    pub modules: Vec<ModuleIx>,
    pub level: Option<Level>,
    pub estimated_hours: Option<u32>,
    pub deliverables: Vec<String>,
    pub draft: bool,
    /// Programmes that include this project.
    pub programmes: Vec<ProgrammeIx>,
}

/// An employer and its roles.
#[derive(Debug, Clone)]
pub struct Employer {
    pub id: EmployerId,
    pub name: String,
    pub summary: String,
    pub website: Option<String>,
    pub about: Option<Body>,
    pub locations: Vec<Place>,
    pub roles: Vec<Role>,
    pub draft: bool,
}

/// A role offered by an employer.
#[derive(Debug, Clone)]
pub struct Role {
    /// Unique within its employer: its `id`, else the slug of its title.
    pub id: RoleId,
    pub title: String,
    pub summary: Option<String>,
    /// The full posting.
    pub description: Option<Body>,
    pub skills: Vec<SkillIx>,
    pub city: Option<String>,
    pub country: Option<Country>,
    pub workplace: Option<Workplace>,
    /// For remote roles: the countries an applicant may live in.
    pub applicant_countries: Vec<Country>,
    pub salary: Option<Salary>,
    pub employment_type: Option<EmploymentType>,
    pub apply_url: Option<String>,
    pub posted: Option<Date>,
    pub closes: Option<Date>,
    /// Whether applications are still open on the build date.
    pub open: bool,
}

/// A programme: an ordered path through modules and projects to a credential.
#[derive(Debug, Clone)]
pub struct Programme {
    pub id: ProgrammeId,
    pub title: String,
    pub summary: String,
    /// Every module, in teaching order: each stage's core modules, then its electives.
    pub modules: Vec<ModuleIx>,
    /// The ordered stages (empty for a programme with a flat `modules` list).
    pub stages: Vec<Stage>,
    pub credential: Option<String>,
    pub duration_months: Option<u32>,
    pub projects: Vec<ProjectIx>,
    pub countries: Vec<Country>,
    pub accreditation: Vec<Accreditation>,
    pub job_guarantee: Option<JobGuarantee>,
    pub cohorts: Vec<Cohort>,
    pub tuition: Vec<Tuition>,
    /// The institution that awards the credential.
    pub awarded_by: Option<String>,
    pub mode: Option<StudyMode>,
    /// Language codes of teaching.
    pub languages: Vec<String>,
    pub weekly_hours: Option<u32>,
    /// Ways to pay, Markdown.
    pub funding: Option<Body>,
    pub apply_url: Option<String>,
    pub outcomes: Option<Outcomes>,
    pub draft: bool,
    pub body: Body,
    /// Hours of the core modules plus the fewest hours of the electives a student must choose.
    pub total_hours: u32,
    /// The same with the most hours of electives (equal to `total_hours` without electives).
    pub total_hours_max: u32,
    /// ECTS credits counted as `total_hours` is.
    pub total_ects: f64,
    /// ECTS credits counted as `total_hours_max` is.
    pub total_ects_max: f64,
}

impl Programme {
    /// Whether module `m` is an elective of the programme (a module of it is otherwise core).
    pub fn is_elective(&self, m: ModuleIx) -> bool {
        self.stage_of(m).is_some_and(|s| s.electives.as_ref().is_some_and(|e| e.from.contains(&m)))
    }

    /// The stage holding module `m`.
    pub fn stage_of(&self, m: ModuleIx) -> Option<&Stage> {
        self.stages.iter().find(|s| s.modules.contains(&m) || s.electives.as_ref().is_some_and(|e| e.from.contains(&m)))
    }
}

/// A stage of a programme.
#[derive(Debug, Clone)]
pub struct Stage {
    pub title: String,
    pub summary: Option<String>,
    pub months: Option<u32>,
    /// Core modules, in order.
    pub modules: Vec<ModuleIx>,
    pub electives: Option<Electives>,
}

/// A choice of `choose` modules among `from`.
#[derive(Debug, Clone)]
pub struct Electives {
    pub choose: u32,
    pub from: Vec<ModuleIx>,
}

/// A region's accreditation of a programme.
#[derive(Debug, Clone)]
pub struct Accreditation {
    pub region: String,
    pub status: AccreditationStatus,
    /// Who registered, accredited or recognised it, or is deciding.
    pub body: Option<String>,
    pub since: Option<Date>,
    pub note: Option<String>,
}

/// The promise of a refund when no job is found in time, on conditions.
#[derive(Debug, Clone, Copy)]
pub struct JobGuarantee {
    pub months: u32,
    pub refund: bool,
    /// The page holding the conditions.
    pub terms: Option<PageIx>,
}

/// An intake of students.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub starts: Date,
    pub applications_close: Option<Date>,
    pub seats: Option<u32>,
    /// Whether one may still apply on the build date: its deadline (else its start) is not past.
    pub open: bool,
}

/// What became of past students, and where the figures come from.
#[derive(Debug, Clone)]
pub struct Outcomes {
    /// Percent of graduates in a job.
    pub placement_rate: Option<f64>,
    pub median_salary: Option<(f64, Currency)>,
    pub sample_size: Option<u32>,
    pub period: String,
    pub source: String,
}

/// How a programme is taught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudyMode {
    Online,
    Blended,
    OnSite,
}

impl Choice for StudyMode {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("online", Self::Online), ("blended", Self::Blended), ("on-site", Self::OnSite)];
}

/// A free page (about, FAQ, terms).
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub title: String,
    pub summary: Option<String>,
    pub draft: bool,
    pub body: Body,
}

/// A skill and everything that teaches or wants it.
#[derive(Debug, Clone)]
pub struct Skill {
    pub slug: SkillSlug,
    /// The most used spelling.
    pub name: String,
    pub modules: Vec<ModuleIx>,
    pub projects: Vec<ProjectIx>,
    pub roles: Vec<RoleIx>,
}
