//! Raw records: what the author wrote, every value with its span.
//!
//! Fields are optional here even when the content model requires them, so
//! that linking can report every missing field of a record at once instead of
//! stopping at serde's first. Enumerations, dates, URLs and ids stay strings
//! until linking, which checks them with precise messages.

use schemars::JsonSchema;
use serde::Deserialize;

use super::source::SharedText;
use crate::markdown::Scan;
use crate::yaml::{Origin, Spanned, nullable_text, unquoted};

/// A string value with its place.
pub type Text = Spanned<String>;

/// Markdown text and where it starts in its file.
#[derive(Debug, Clone)]
pub struct RawBody {
    /// The Markdown: a part of the file's text, or a YAML scalar's value.
    pub text: SharedText,
    /// Byte offset of the Markdown in the file (for a YAML block scalar, the scalar's start).
    pub offset: usize,
    /// Headings and internal links found in it.
    pub scan: Scan,
}

/// Where a record came from: its file, its YAML, and its id as written.
#[derive(Debug, Clone)]
pub struct RawHeader {
    /// The file and YAML offset.
    pub origin: Origin,
    /// The id: the file stem, or the `id` field of a record in a list.
    pub id: String,
    /// Where the id is written: the `id` value, or the start of the file.
    pub id_span: std::ops::Range<usize>,
    /// Whether the author marked the record as a draft.
    pub draft: bool,
}

/// A record parsed from YAML, with its header and, for Markdown files, its body.
#[derive(Debug, Clone)]
pub struct Raw<F> {
    /// File, id and draft flag.
    pub header: RawHeader,
    /// The fields as written.
    pub fields: F,
    /// The Markdown body of a `.md` record.
    pub body: Option<RawBody>,
    /// Markdown of the record's parts, by position: an employer's roles' descriptions, a
    /// programme's `funding`.
    pub parts: Vec<Option<RawBody>>,
}

/// Front matter of `content/modules/<id>.md`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub level: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub duration_hours: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub code: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub ects: Option<Spanned<f64>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub skills: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub prerequisites: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub outcomes: Vec<Text>,
    #[schemars(with = "Option<String>")]
    pub language: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub updated: Option<Text>,
    pub draft: Option<bool>,
}

/// A project in `content/projects/*.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFields {
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub provider: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub brief: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub skills: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub modules: Vec<Text>,
    #[schemars(with = "Option<String>")]
    pub level: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub estimated_hours: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub deliverables: Vec<Text>,
    pub draft: Option<bool>,
}

/// An employer in `content/employers/*.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerFields {
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub name: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub website: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub about: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<LocationFields>")]
    pub locations: Vec<Spanned<LocationFields>>,
    #[serde(default)]
    #[schemars(with = "Vec<RoleFields>")]
    pub roles: Vec<Spanned<RoleFields>>,
    pub draft: Option<bool>,
}

/// A `{city, country}` pair.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub city: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub country: Option<Text>,
}

/// An open role at an employer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleFields {
    /// Unique within the employer; the slug of the title when not given.
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    /// The full posting, Markdown.
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub skills: Vec<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub city: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub country: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub workplace: Option<Text>,
    /// Deprecated spelling of `workplace: remote`.
    #[schemars(with = "Option<bool>")]
    pub remote: Option<Spanned<bool>>,
    /// The countries a remote applicant may live in.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub applicant_countries: Vec<Text>,
    #[schemars(with = "Option<SalaryFields>")]
    pub salary: Option<Spanned<SalaryFields>>,
    #[schemars(with = "Option<String>")]
    pub employment_type: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub apply_url: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub posted: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub closes: Option<Text>,
}

/// A role's pay: a range (or one amount) per period, in an ISO 4217 currency.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SalaryFields {
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub min: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub max: Option<Spanned<f64>>,
    #[schemars(with = "Option<String>")]
    pub currency: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub period: Option<Text>,
}

/// A programme's price in one country.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TuitionFields {
    #[schemars(with = "Option<String>")]
    pub country: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub amount: Option<Spanned<f64>>,
    #[schemars(with = "Option<String>")]
    pub currency: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub note: Option<Text>,
}

/// Front matter of `content/programmes/<id>.md`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub modules: Vec<Text>,
    /// The modules grouped in ordered stages, instead of `modules`.
    #[serde(default)]
    #[schemars(with = "Vec<StageFields>")]
    pub stages: Vec<Spanned<StageFields>>,
    #[schemars(with = "Option<String>")]
    pub credential: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub duration_months: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub projects: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub countries: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<AccreditationFields>")]
    pub accreditation: Vec<Spanned<AccreditationFields>>,
    #[schemars(with = "Option<GuaranteeFields>")]
    pub job_guarantee: Option<Spanned<GuaranteeFields>>,
    #[serde(default)]
    #[schemars(with = "Vec<CohortFields>")]
    pub cohorts: Vec<Spanned<CohortFields>>,
    #[serde(default)]
    #[schemars(with = "Vec<TuitionFields>")]
    pub tuition: Vec<Spanned<TuitionFields>>,
    /// The institution that awards the credential.
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub awarded_by: Option<Text>,
    /// `online`, `blended` or `on-site`.
    #[schemars(with = "Option<String>")]
    pub mode: Option<Text>,
    /// The languages of teaching, as codes (`en`, `fr`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub languages: Vec<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub weekly_hours: Option<Spanned<i64>>,
    /// Ways to pay (employer funding, loans, public schemes), Markdown.
    #[schemars(with = "Option<String>")]
    pub funding: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub apply_url: Option<Text>,
    #[schemars(with = "Option<OutcomesFields>")]
    pub outcomes: Option<Spanned<OutcomesFields>>,
    pub draft: Option<bool>,
}

impl ProgrammeFields {
    /// Every module id written, flat or in stages (core, then electives), in order.
    pub fn module_texts(&self) -> impl Iterator<Item = &Text> {
        let staged = self.stages.iter().flat_map(|s| {
            let electives = s.value.electives.iter().flat_map(|e| &e.value.from);
            s.value.modules.iter().chain(electives)
        });
        self.modules.iter().chain(staged)
    }
}

/// A stage of a programme: its core modules, in order, and its electives.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub modules: Vec<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub months: Option<Spanned<i64>>,
    #[schemars(with = "Option<ElectivesFields>")]
    pub electives: Option<Spanned<ElectivesFields>>,
}

/// A choice of `choose` modules among `from`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectivesFields {
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub choose: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub from: Vec<Text>,
}

/// What became of past students, with where the figures come from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesFields {
    /// The share of graduates in a job, in percent.
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub placement_rate: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<f64>")]
    pub median_salary: Option<Spanned<f64>>,
    /// The currency of `median_salary`.
    #[schemars(with = "Option<String>")]
    pub currency: Option<Text>,
    /// How many graduates the figures are about.
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub sample_size: Option<Spanned<i64>>,
    /// Which graduates, when (`2025 graduates, six months after graduating`).
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub period: Option<Text>,
    /// Who measured them.
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
}

/// One region's accreditation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccreditationFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub region: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub status: Option<Text>,
    /// Who registered, accredited or recognised it (or is deciding, when pending).
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub body: Option<Text>,
    /// Since when (YYYY-MM-DD).
    #[schemars(with = "Option<String>")]
    pub since: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub note: Option<Text>,
}

/// The job guarantee: a refund if no job within `months`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeFields {
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub months: Option<Spanned<i64>>,
    pub refund: Option<bool>,
    /// The id of the page holding the guarantee's terms.
    #[schemars(with = "Option<String>")]
    pub terms: Option<Text>,
}

/// A cohort's dates and size.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortFields {
    #[schemars(with = "Option<String>")]
    pub starts: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub applications_close: Option<Text>,
    #[serde(default, deserialize_with = "unquoted")]
    #[schemars(with = "Option<i64>")]
    pub seats: Option<Spanned<i64>>,
}

/// Front matter of `content/pages/<id>.md`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFields {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    pub draft: Option<bool>,
}

/// A raw module.
pub type RawModule = Raw<ModuleFields>;
/// A raw project.
pub type RawProject = Raw<ProjectFields>;
/// A raw employer.
pub type RawEmployer = Raw<EmployerFields>;
/// A raw programme.
pub type RawProgramme = Raw<ProgrammeFields>;
/// A raw page.
pub type RawPage = Raw<PageFields>;

/// A translation's records and the language they are in: a file beside its original with
/// the language before the extension (`content/modules/<id>.<lang>.md`).
#[derive(Debug, Clone)]
pub struct Translation<F> {
    /// The language the file is written in (from its name).
    pub lang: crate::ids::Lang,
    /// The file that holds (or would hold) the original, for messages: the file's name
    /// without the language.
    pub original_file: String,
    /// The translated text, as written.
    pub raw: Raw<F>,
}

/// The text of a module in another language (`content/modules/<id>.<lang>.md`): only the
/// fields that are text; every other field is the original's.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleText {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub outcomes: Vec<Text>,
}

/// The text of a project in another language (`content/projects/<file>.<lang>.yaml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectText {
    /// The id of the project it translates (may be left out in a one-record file).
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub brief: Option<Text>,
    /// As many as the original's, in the same order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub deliverables: Vec<Text>,
}

/// The text of an employer in another language (`content/employers/<file>.<lang>.yaml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerText {
    /// The id of the employer it translates (may be left out in a one-record file).
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub about: Option<Text>,
    /// The roles translated, each matched by its id.
    #[serde(default)]
    #[schemars(with = "Vec<RoleText>")]
    pub roles: Vec<Spanned<RoleText>>,
}

/// A role's text in another language, matched to the original's role by `id`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleText {
    /// The original role's id (written, or derived from its original title).
    #[schemars(with = "Option<String>")]
    pub id: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
}

/// The text of a programme in another language (`content/programmes/<id>.<lang>.md`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeText {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub credential: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub funding: Option<Text>,
    /// As many as the original's, in the same order.
    #[serde(default)]
    #[schemars(with = "Vec<StageText>")]
    pub stages: Vec<Spanned<StageText>>,
    /// As many as the original's, in the same order.
    #[serde(default)]
    #[schemars(with = "Vec<NoteText>")]
    pub accreditation: Vec<Spanned<NoteText>>,
    /// As many as the original's, in the same order.
    #[serde(default)]
    #[schemars(with = "Vec<NoteText>")]
    pub tuition: Vec<Spanned<NoteText>>,
    #[schemars(with = "Option<OutcomesText>")]
    pub outcomes: Option<Spanned<OutcomesText>>,
}

/// A stage's text in another language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageText {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
}

/// An accreditation's or a price's note in another language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteText {
    #[schemars(with = "Option<String>")]
    pub note: Option<Text>,
}

/// Where a programme's outcome figures come from, in another language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomesText {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
}

/// The text of a page in another language (`content/pages/<id>.<lang>.md`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageText {
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Text>,
    #[serde(default, deserialize_with = "nullable_text")]
    #[schemars(with = "Option<String>")]
    pub summary: Option<Text>,
}

/// Every translation read, by kind.
#[derive(Debug, Clone, Default)]
pub struct RawTranslations {
    pub modules: Vec<Translation<ModuleText>>,
    pub projects: Vec<Translation<ProjectText>>,
    pub employers: Vec<Translation<EmployerText>>,
    pub programmes: Vec<Translation<ProgrammeText>>,
    pub pages: Vec<Translation<PageText>>,
}

impl RawTranslations {
    /// Moves `other`'s translations to the end of these.
    pub fn append(&mut self, mut other: RawTranslations) {
        self.modules.append(&mut other.modules);
        self.projects.append(&mut other.projects);
        self.employers.append(&mut other.employers);
        self.programmes.append(&mut other.programmes);
        self.pages.append(&mut other.pages);
    }
}
