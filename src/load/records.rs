//! Raw records: what the author wrote, every value with its span.
//!
//! Fields are optional here even when the content model requires them, so
//! that linking can report every missing field of a record at once instead of
//! stopping at serde's first. Enumerations, dates, URLs and ids stay strings
//! until linking, which checks them with precise messages.

use serde::Deserialize;

use super::source::SharedText;
use crate::markdown::Scan;
use crate::yaml::{Origin, Spanned};

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
}

/// Front matter of `content/modules/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFields {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    pub level: Option<Text>,
    pub duration_hours: Option<Spanned<i64>>,
    pub code: Option<Text>,
    pub ects: Option<Spanned<f64>>,
    #[serde(default)]
    pub skills: Vec<Text>,
    #[serde(default)]
    pub prerequisites: Vec<Text>,
    #[serde(default)]
    pub outcomes: Vec<Text>,
    pub language: Option<Text>,
    pub updated: Option<Text>,
    pub draft: Option<bool>,
}

/// A project in `content/projects/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFields {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub provider: Option<Text>,
    pub summary: Option<Text>,
    pub brief: Option<Text>,
    #[serde(default)]
    pub skills: Vec<Text>,
    #[serde(default)]
    pub modules: Vec<Text>,
    pub level: Option<Text>,
    pub estimated_hours: Option<Spanned<i64>>,
    #[serde(default)]
    pub deliverables: Vec<Text>,
    pub draft: Option<bool>,
}

/// An employer in `content/employers/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerFields {
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub summary: Option<Text>,
    pub website: Option<Text>,
    pub about: Option<Text>,
    #[serde(default)]
    pub locations: Vec<Spanned<LocationFields>>,
    #[serde(default)]
    pub roles: Vec<Spanned<RoleFields>>,
    pub draft: Option<bool>,
}

/// A `{city, country}` pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationFields {
    pub city: Option<Text>,
    pub country: Option<Text>,
}

/// An open role at an employer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleFields {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub skills: Vec<Text>,
    pub city: Option<Text>,
    pub country: Option<Text>,
    pub remote: Option<bool>,
    pub employment_type: Option<Text>,
    pub apply_url: Option<Text>,
    pub posted: Option<Text>,
    pub closes: Option<Text>,
}

/// Front matter of `content/programmes/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFields {
    pub title: Option<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub modules: Vec<Text>,
    pub credential: Option<Text>,
    pub duration_months: Option<Spanned<i64>>,
    #[serde(default)]
    pub projects: Vec<Text>,
    #[serde(default)]
    pub countries: Vec<Text>,
    #[serde(default)]
    pub accreditation: Vec<Spanned<AccreditationFields>>,
    pub job_guarantee: Option<Spanned<GuaranteeFields>>,
    #[serde(default)]
    pub cohorts: Vec<Spanned<CohortFields>>,
    pub draft: Option<bool>,
}

/// One region's accreditation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccreditationFields {
    pub region: Option<Text>,
    pub status: Option<Text>,
    pub note: Option<Text>,
}

/// The job guarantee: a refund if no job within `months`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeFields {
    pub months: Option<Spanned<i64>>,
    pub refund: Option<bool>,
}

/// A cohort's dates and size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortFields {
    pub starts: Option<Text>,
    pub applications_close: Option<Text>,
    pub seats: Option<Spanned<i64>>,
}

/// Front matter of `content/pages/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFields {
    pub title: Option<Text>,
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
