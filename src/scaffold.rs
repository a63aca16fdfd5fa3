//! `prospectus init` and `prospectus new`: starting points that build as they are.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::ids;

mod translation;
use translation::new_translation;

/// A kind of record `prospectus new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A course module: `content/modules/<id>.md`.
    Module,
    /// A partner project: `content/projects/<id>.yaml`.
    Project,
    /// An employer with roles: `content/employers/<id>.yaml`.
    Employer,
    /// A free page: `content/pages/<id>.md`.
    Page,
    /// A programme: `content/programmes/<id>.md`.
    Programme,
}

impl Kind {
    fn path(self, id: &str) -> String {
        match self {
            Kind::Module => format!("content/modules/{id}.md"),
            Kind::Project => format!("content/projects/{id}.yaml"),
            Kind::Employer => format!("content/employers/{id}.yaml"),
            Kind::Page => format!("content/pages/{id}.md"),
            Kind::Programme => format!("content/programmes/{id}.md"),
        }
    }

    /// `module`, as the CLI and messages say it.
    fn singular(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Project => "project",
            Kind::Employer => "employer",
            Kind::Page => "page",
            Kind::Programme => "programme",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Kind::Module => MODULE,
            Kind::Project => PROJECT,
            Kind::Employer => EMPLOYER,
            Kind::Page => PAGE,
            Kind::Programme => PROGRAMME,
        }
    }
}

const SITE: &str = "title: My course catalog\nbase_url: https://example.org/\ndescription: Courses, projects and the jobs they lead to.\nlanguage: en\n";

const MODULE: &str = r#"---
title: {title}
summary: One sentence that tells a student what this module gives them.
level: beginner
# One ECTS credit is 25 to 30 hours of work: check warns when hours and credits disagree.
duration_hours: 50
code: MOD-101
ects: 2
skills: [Python]
prerequisites: []
outcomes:
  - Something a student can do after this module
---
## Overview

Describe the module here, in Markdown.

## Weekly outline

1. First week
2. Second week
"#;

const PROJECT: &str = r#"title: {title}
provider: Your partner
summary: What the student builds, for whom, and why it matters.
brief: |
  ## The brief

  Describe the task in Markdown.
skills: [Python]
modules: []
level: intermediate
estimated_hours: 30
deliverables:
  - A working prototype
"#;

const EMPLOYER: &str = r#"name: {title}
summary: What the company does, in one sentence.
website: https://example.com/
locations:
  - {city: Paris, country: FR}
roles:
  - title: Junior AI engineer
    # The role's page is /employers/<employer-id>/<role-id>/; without `id`, the slug of the title.
    id: junior-ai-engineer
    summary: What the role is about.
    # The full posting, in Markdown (links such as [a module](@/modules/<id>.md) work).
    description: |
      ## What you will do

      - Build and ship models with the team.

      ## What you bring

      - Python, and the habit of testing what you build.
    skills: [Python]
    city: Paris
    country: FR
    # on-site, hybrid or remote; a remote role may add `applicant_countries: [FR, GB]`.
    workplace: hybrid
    employment_type: full-time
    # min (and max), an ISO 4217 currency, and a period: year, month, day or hour.
    salary: {min: 42000, max: 50000, currency: EUR, period: year}
    apply_url: https://example.com/careers
    # Job boards need the posting date; add `closes: YYYY-MM-DD` when applications close.
    posted: 2027-01-04
"#;

const PAGE: &str = r#"---
title: {title}
summary: What this page is about.
---
Write the page in Markdown.
"#;

const PROGRAMME: &str = r#"---
title: {title}
summary: Who the programme is for and what it leads to.
# In teaching order; or in ordered stages (see docs/content.md).
modules: [{module}]
# Say exactly what it is: check warns when the title says "Master's" or "degree" for a "level".
credential: Certificate
awarded_by: Your school's legal name
# online, blended or on-site
mode: online
languages: [en]
duration_months: 12
# About how many hours a week; check warns when it contradicts the modules' hours.
# weekly_hours: 10
countries: [FR]
# apply_url: https://example.org/apply
# tuition:
#   - {country: FR, amount: 4900, currency: EUR, note: Payable in 12 instalments.}
# funding: |
#   Employer funding, loans and public schemes, in Markdown.
# cohorts:
#   - {starts: 2027-09-01, applications_close: 2027-07-15, seats: 30}
# Status: registered, accredited, recognised, pending or not-accredited.
# accreditation:
#   - {region: France, status: registered, body: France Compétences, since: 2026-01-01}
# The terms page is a page id (content/pages/<id>.md).
# job_guarantee: {months: 6, refund: false, terms: guarantee-terms}
# outcomes: {placement_rate: 85, median_salary: 42000, currency: EUR, sample_size: 40, period: 2026 graduates after six months, source: Who measured it}
---
Describe the programme in Markdown.
"#;

fn title_of(id: &str) -> String {
    let words: Vec<String> = id
        .split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

fn fill(template: &str, id: &str, module: &str) -> String {
    template.replace("{title}", &title_of(id)).replace("{module}", module)
}

/// Creates a new site in `dir` with one record of each kind; refuses a folder that has content.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.join("content").exists() {
        return Err(Diagnostic::error(format!("{} already has a content folder", dir.display()))
            .hint("choose a new folder, or add records with `prospectus new`"));
    }
    let files = [
        ("content/site.yaml".to_owned(), SITE.to_owned()),
        (Kind::Module.path("getting-started"), fill(MODULE, "getting-started", "")),
        (
            Kind::Project.path("first-project"),
            fill(PROJECT, "first-project", "").replace("modules: []", "modules: [getting-started]"),
        ),
        (Kind::Employer.path("example-employer"), fill(EMPLOYER, "example-employer", "")),
        (Kind::Programme.path("first-programme"), fill(PROGRAMME, "first-programme", "getting-started")),
        (Kind::Page.path("about"), fill(PAGE, "about", "")),
    ];
    let mut created: Vec<PathBuf> =
        files.iter().map(|(path, text)| create(&dir.join(path), text)).collect::<Result<_, _>>()?;
    // A folder that is a repository already keeps its own.
    if !dir.join(".gitignore").exists() {
        created.push(create(&dir.join(".gitignore"), GITIGNORE)?);
    }
    Ok(created)
}

/// What a site's repository should not hold: what `build` makes.
const GITIGNORE: &str = "# Made by `prospectus build` (the site) and `prospectus build --cache` (its cache and the\n# previous site, kept to build the next from).\n/public/\n/.prospectus-cache/\n/.public.prospectus-spare/\n";

/// Creates one record from its template in the site at `root`, or with `lang` a translation
/// of the existing record `id` into it ([`new_translation`]); never overwrites.
pub fn new_record(root: &Path, kind: Kind, id: &str, lang: Option<&str>) -> Result<PathBuf, Diagnostic> {
    if let Err(invalid) = ids::check_id(id) {
        let hint = match invalid.suggestion {
            Some(s) => format!("try `{s}`"),
            None => "use lowercase letters, digits and single dashes".to_owned(),
        };
        let reason = invalid.reason.map(|r| format!(": {r}")).unwrap_or_default();
        return Err(Diagnostic::error(format!("invalid id `{id}`{reason}")).hint(hint));
    }
    if !root.join("content").is_dir() {
        return Err(Diagnostic::error(format!("no content folder in {}", root.display()))
            .hint("run it from the site's folder, pass --root, or create a site with `prospectus init`"));
    }
    if let Some(lang) = lang {
        return new_translation(root, kind, id, lang);
    }
    let first_module = first_module(root);
    create(&root.join(kind.path(id)), &fill(kind.template(), id, &first_module))
}

fn first_module(root: &Path) -> String {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/modules"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_owned))
        .collect();
    ids.sort();
    ids.into_iter().next().unwrap_or_else(|| "getting-started".to_owned())
}

fn create(path: &Path, text: &str) -> Result<PathBuf, Diagnostic> {
    let error = |e: std::io::Error| Diagnostic::error(format!("cannot create {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("choose another id; nothing was overwritten")
        } else {
            error(e)
        }
    })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(error)?;
    Ok(path.to_owned())
}
