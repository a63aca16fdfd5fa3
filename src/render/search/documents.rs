//! The searchable documents: one per published module, project, employer,
//! open role and programme, with their facet values, the facts a result
//! shows, and their words with the fields they occur in.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;

use super::text;
use crate::ids::slugify_path;
use crate::link::catalog::*;
use crate::render::language::Shown;
use crate::render::urls::Urls;

/// What a document is. The order is the kind facet's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A programme.
    Programme,
    /// A module.
    Module,
    /// A project.
    Project,
    /// An employer.
    Employer,
    /// An open role.
    Role,
}

impl Kind {
    /// Every kind, in facet order.
    pub const ALL: [Kind; 5] = [Kind::Programme, Kind::Module, Kind::Project, Kind::Employer, Kind::Role];

    /// The kind's URL value (`?kind=role`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Programme => "programme",
            Kind::Module => "module",
            Kind::Project => "project",
            Kind::Employer => "employer",
            Kind::Role => "role",
        }
    }
}

/// The facets, in the order the catalog page shows them: URL parameter and
/// the key of its label in the theme's strings.
pub const FACETS: [(&str, &str); 8] = [
    ("kind", "facet_kind"),
    ("level", "level"),
    ("skill", "skills"),
    ("duration", "facet_duration"),
    ("country", "facet_country"),
    ("language", "language"),
    ("type", "facet_employment_type"),
    ("provider", "provider"),
];

/// Index of each facet in [`FACETS`].
pub mod facet {
    /// Kind of record.
    pub const KIND: usize = 0;
    /// Level.
    pub const LEVEL: usize = 1;
    /// Skills.
    pub const SKILL: usize = 2;
    /// Duration band.
    pub const DURATION: usize = 3;
    /// Country, and `remote`.
    pub const COUNTRY: usize = 4;
    /// Language of instruction.
    pub const LANGUAGE: usize = 5;
    /// Employment type.
    pub const TYPE: usize = 6;
    /// Project provider.
    pub const PROVIDER: usize = 7;
}

/// Duration bands in hours: URL value, label key, lowest hours included.
pub const DURATION_BANDS: [(&str, &str, u32); 4] = [
    ("under-20", "duration_under_20", 0),
    ("20-49", "duration_20_49", 20),
    ("50-99", "duration_50_99", 50),
    ("100-plus", "duration_100_plus", 100),
];

/// Bits of a posting's weight: which fields hold the word (the low three bits are the body's term-frequency bucket).
pub mod field {
    /// The title.
    pub const TITLE: u8 = 0x80;
    /// The course code.
    pub const CODE: u8 = 0x40;
    /// A skill's name.
    pub const SKILL: u8 = 0x20;
    /// Facts: provider, employer, city, country, level, contract, language.
    pub const META: u8 = 0x10;
    /// The summary.
    pub const SUMMARY: u8 = 0x08;
    /// Mask of the body's term-frequency bucket (1: once, 2: 2–3 times, 3: 4–7, … 7).
    pub const BODY: u8 = 0x07;

    /// What a word in each field adds to a document's score (before idf and match quality).
    /// The only place the ranking weights are set: the manifest carries them to `search.js`.
    pub const WEIGHTS: [(u8, f64); 5] = [(TITLE, 10.0), (CODE, 10.0), (SKILL, 8.0), (META, 4.0), (SUMMARY, 3.0)];

    /// What a word in the body adds: `first + step·(bucket − 1)`, as `(first, step)`.
    pub const BODY_WEIGHTS: (f64, f64) = (1.0, 0.3);
}

/// One searchable record.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Its title (an employer's name).
    pub title: String,
    /// Root-relative URL, base path included.
    pub url: String,
    /// Its summary (empty for a role without one).
    pub summary: String,
    /// The language its text is in, when it differs from the site's (`lang` on the result).
    pub lang: Option<String>,
    /// Hours of work, for sorting by duration: a module's, a project's estimate, a programme's total.
    pub hours: Option<u32>,
    /// Short facts shown under a result, already in the site's language.
    pub facts: Vec<String>,
    /// Skill slugs, shown as tags.
    pub skills: Vec<String>,
    /// Facet values by facet ([`FACETS`] order): `(URL value, label)`.
    pub facets: [Vec<(String, String)>; 8],
    /// Every folded word, with the fields it occurs in and how often in the body.
    pub words: WordList,
    /// The language whose stemmer applies to its words.
    pub stem_language: String,
}

/// What a document's text says of one folded word.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    /// [`field`] bits, without the body bucket.
    pub fields: u8,
    /// Occurrences in the body.
    pub body_count: u32,
}

/// A document's folded words, sorted, with what the text says of each.
///
/// The forms are kept end to end in one string rather than one `String` each: every
/// document of a site is held until the index is built, and one allocation per word
/// made the words a large share of a big site's peak memory (benches/RESULTS.md).
#[derive(Debug, Clone, Default)]
pub struct WordList {
    forms: String,
    /// Where each form ends in `forms`, and its [`Word`].
    words: Vec<(u32, Word)>,
}

impl WordList {
    /// Each form with its [`Word`], in form order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Word)> + '_ {
        let starts = std::iter::once(0).chain(self.words.iter().map(|&(end, _)| end as usize));
        starts.zip(&self.words).map(|(start, &(end, word))| (&self.forms[start..end as usize], word))
    }
}

/// Builds documents from a catalog, in the site's language.
pub struct Builder<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// URLs.
    pub urls: &'a Urls,
    /// The theme's strings (labels of facet values and facts).
    pub strings: &'a BTreeMap<String, String>,
    /// The language of each record's text where it is not the site's (a record listed in
    /// its own language); without it, a module's `language` says.
    pub shown: Option<&'a Shown<'a>>,
}

/// A record to turn into a document.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A programme.
    Programme(ProgrammeIx),
    /// A module.
    Module(ModuleIx),
    /// A project.
    Project(ProjectIx),
    /// An employer.
    Employer(EmployerIx),
    /// An open role.
    Role(RoleIx),
}

/// Every published record that search shows: drafts were dropped at link time; closed roles are left out.
pub fn sources(catalog: &Catalog) -> Vec<Source> {
    let mut sources: Vec<Source> = (0..catalog.programmes.len()).map(|g| Source::Programme(ProgrammeIx(g))).collect();
    sources.extend(catalog.module_ixs().map(Source::Module));
    sources.extend((0..catalog.projects.len()).map(|p| Source::Project(ProjectIx(p))));
    sources.extend((0..catalog.employers.len()).map(|e| Source::Employer(EmployerIx(e))));
    sources.extend(catalog.role_ixs().filter(|&r| catalog[r].open).map(Source::Role));
    sources
}

/// Collects a document's words, field by field.
#[derive(Default)]
struct Words {
    /// Keyed by FxHash, which is much faster than SipHash on short words; a catalog's author
    /// gains nothing by making keys collide (they can already make a build as slow as they like).
    map: FxHashMap<String, (u8, u32)>,
}

impl Words {
    fn add(&mut self, text: &str, bits: u8) {
        let folded = text::fold(text);
        text::tokens(&folded, |token| {
            if text::is_stop_word(token) {
                return;
            }
            let entry = match self.map.get_mut(token) {
                Some(entry) => entry,
                None => self.map.entry(token.to_owned()).or_default(),
            };
            if bits == 0 {
                entry.1 += 1;
            } else {
                entry.0 |= bits;
            }
        });
    }

    fn body(&mut self, text: &str) {
        self.add(text, 0);
    }

    fn markdown(&mut self, markdown: &str) {
        let mut in_code_block = false;
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH);
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Text(t) | Event::Code(t) if !in_code_block => self.body(&t),
                _ => {}
            }
        }
    }

    fn finish(self) -> WordList {
        let mut words: Vec<(String, (u8, u32))> = self.map.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut list = WordList {
            forms: String::with_capacity(words.iter().map(|(form, _)| form.len()).sum()),
            words: Vec::with_capacity(words.len()),
        };
        for (form, (fields, body_count)) in words {
            list.forms.push_str(&form);
            // A document's words come from its record's files, each at most 8 MiB (`load::source`).
            let end = u32::try_from(list.forms.len()).unwrap_or(u32::MAX);
            list.words.push((end, Word { fields, body_count }));
        }
        list
    }
}

impl Builder<'_> {
    fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    fn level(&self, level: Level) -> (String, String) {
        (level.as_str().to_owned(), self.t(&format!("level_{}", level.as_str())))
    }

    fn language_name(&self, code: &str) -> String {
        self.strings.get(&format!("language_{code}")).cloned().unwrap_or_else(|| code.to_uppercase())
    }

    fn duration(&self, hours: u32) -> (String, String) {
        let (key, label, _) =
            DURATION_BANDS.iter().rev().find(|(_, _, low)| hours >= *low).unwrap_or(&DURATION_BANDS[0]);
        ((*key).to_owned(), self.t(label))
    }

    fn hours(&self, hours: u32) -> String {
        format!("{hours} {}", self.t("unit_hours"))
    }

    fn skills(&self, skills: &[SkillIx], doc: &mut Document, words: &mut Words) {
        for &s in skills {
            let skill = &self.catalog[s];
            words.add(&skill.name, field::SKILL);
            doc.skills.push(skill.slug.as_str().to_owned());
            doc.facets[facet::SKILL].push((skill.slug.as_str().to_owned(), skill.name.clone()));
        }
    }

    fn country(&self, country: Country, doc: &mut Document, words: &mut Words) {
        words.add(country.name(), field::META);
        doc.facets[facet::COUNTRY].push((country.code().to_owned(), country.name().to_owned()));
    }

    /// The language of a record's text where it is not the site's: it is what its words are
    /// stemmed by, and its result's `lang`.
    fn text_language(&self, source: Source) -> Option<&str> {
        let Some(shown) = self.shown else {
            let site_language = self.catalog.config.language.as_str();
            return match source {
                Source::Module(m) => self.catalog[m].language.as_deref().filter(|&l| l != site_language),
                _ => None,
            };
        };
        match source {
            Source::Programme(g) => shown.programmes[g.0],
            Source::Module(m) => shown.module(m),
            Source::Project(p) => shown.projects[p.0],
            Source::Employer(e) => shown.employers[e.0],
            Source::Role(r) => shown.role(r),
        }
    }

    /// The document of a record.
    pub fn document(&self, source: Source) -> Document {
        let site_language = self.catalog.config.language.as_str();
        let (kind, title, url, summary) = match source {
            Source::Programme(g) => {
                let g = &self.catalog[g];
                (Kind::Programme, &g.title, self.urls.programme(&g.id), g.summary.as_str())
            }
            Source::Module(m) => {
                let m = &self.catalog[m];
                (Kind::Module, &m.title, self.urls.module(&m.id), m.summary.as_str())
            }
            Source::Project(p) => {
                let p = &self.catalog[p];
                (Kind::Project, &p.title, self.urls.project(&p.id), p.summary.as_str())
            }
            Source::Employer(e) => {
                let e = &self.catalog[e];
                (Kind::Employer, &e.name, self.urls.employer(&e.id), e.summary.as_str())
            }
            Source::Role(r) => {
                let role = &self.catalog[r];
                let employer = &self.catalog[r.employer].id;
                let url = self.urls.role(employer, &role.id);
                (Kind::Role, &role.title, url, role.summary.as_deref().unwrap_or_default())
            }
        };
        let mut doc = Document {
            kind,
            title: title.clone(),
            url,
            summary: summary.to_owned(),
            lang: None,
            hours: None,
            facts: Vec::new(),
            skills: Vec::new(),
            facets: Default::default(),
            words: WordList::default(),
            stem_language: site_language.to_owned(),
        };
        if let Some(text) = self.text_language(source) {
            doc.stem_language = text.to_owned();
            doc.lang = Some(text.to_owned());
        }
        doc.facets[facet::KIND].push((kind.key().to_owned(), self.t(&format!("kind_{}", kind.key()))));
        let mut words = Words::default();
        words.add(title, field::TITLE);
        words.add(summary, field::SUMMARY);
        match source {
            Source::Programme(g) => self.programme(g, &mut doc, &mut words),
            Source::Module(m) => self.module(m, &mut doc, &mut words),
            Source::Project(p) => self.project(p, &mut doc, &mut words),
            Source::Employer(e) => self.employer(e, &mut doc, &mut words),
            Source::Role(r) => self.role(r, &mut doc, &mut words),
        }
        if let Some(hours) = doc.hours {
            doc.facets[facet::DURATION].push(self.duration(hours));
        }
        for values in &mut doc.facets {
            values.sort();
            values.dedup_by(|a, b| a.0 == b.0);
        }
        doc.words = words.finish();
        doc
    }

    fn programme(&self, g: ProgrammeIx, doc: &mut Document, words: &mut Words) {
        let g = &self.catalog[g];
        doc.hours = Some(g.total_hours);
        if let Some(credential) = &g.credential {
            words.add(credential, field::META);
            doc.facts.push(credential.clone());
        }
        if let Some(months) = g.duration_months {
            doc.facts.push(format!("{months} {}", self.t("unit_months")));
        }
        let unit = if g.modules.len() == 1 { "unit_module" } else { "unit_modules" };
        doc.facts.push(format!("{} {}", g.modules.len(), self.t(unit)));
        for &country in &g.countries {
            self.country(country, doc, words);
        }
        words.markdown(&g.body.markdown);
    }

    fn module(&self, m: ModuleIx, doc: &mut Document, words: &mut Words) {
        let m = &self.catalog[m];
        let site_language = self.catalog.config.language.as_str();
        let language = m.language.as_deref().unwrap_or(site_language);
        if let Some(code) = &m.code {
            words.add(code, field::CODE);
            doc.facts.push(code.clone());
        }
        let level = self.level(m.level);
        words.add(&level.1, field::META);
        doc.facts.push(level.1.clone());
        doc.facets[facet::LEVEL].push(level);
        doc.hours = Some(m.duration_hours);
        doc.facts.push(self.hours(m.duration_hours));
        let language_name = self.language_name(language);
        if language != site_language {
            words.add(&language_name, field::META);
            doc.facts.push(format!("{} {language_name}", self.t("taught_in")));
        }
        doc.facets[facet::LANGUAGE].push((language.to_owned(), language_name));
        self.skills(&m.skills, doc, words);
        for outcome in &m.outcomes {
            words.body(outcome);
        }
        words.markdown(&m.body.markdown);
    }

    fn project(&self, p: ProjectIx, doc: &mut Document, words: &mut Words) {
        let p = &self.catalog[p];
        words.add(&p.provider, field::META);
        doc.facts.push(p.provider.clone());
        doc.facets[facet::PROVIDER].push((slugify_path(&p.provider), p.provider.clone()));
        if let Some(level) = p.level {
            let level = self.level(level);
            words.add(&level.1, field::META);
            doc.facts.push(level.1.clone());
            doc.facets[facet::LEVEL].push(level);
        }
        if let Some(hours) = p.estimated_hours {
            doc.hours = Some(hours);
            doc.facts.push(format!("{} {}", self.t("estimated"), self.hours(hours)));
        }
        self.skills(&p.skills, doc, words);
        for deliverable in &p.deliverables {
            words.body(deliverable);
        }
        if let Some(brief) = &p.brief {
            words.markdown(&brief.markdown);
        }
    }

    fn employer(&self, e: EmployerIx, doc: &mut Document, words: &mut Words) {
        let e = &self.catalog[e];
        let mut cities: Vec<&str> = Vec::new();
        for place in &e.locations {
            words.add(&place.city, field::META);
            if !cities.contains(&place.city.as_str()) {
                cities.push(&place.city);
            }
            self.country(place.country, doc, words);
        }
        if !cities.is_empty() {
            doc.facts.push(cities.join(" · "));
        }
        let open = e.roles.iter().filter(|r| r.open).count();
        let unit = if open == 1 { "unit_open_role" } else { "unit_open_roles" };
        doc.facts.push(format!("{open} {}", self.t(unit)));
        if let Some(about) = &e.about {
            words.markdown(&about.markdown);
        }
    }

    fn role(&self, r: RoleIx, doc: &mut Document, words: &mut Words) {
        let role = &self.catalog[r];
        let employer = &self.catalog[r.employer];
        words.add(&employer.name, field::META);
        doc.facts.push(employer.name.clone());
        let mut place: Vec<&str> = Vec::new();
        if let Some(city) = &role.city {
            words.add(city, field::META);
            place.push(city);
        }
        if let Some(country) = role.country {
            self.country(country, doc, words);
            place.push(country.name());
        }
        if !place.is_empty() {
            doc.facts.push(place.join(", "));
        }
        if role.remote() {
            let remote = self.t("remote");
            words.add(&remote, field::META);
            doc.facts.push(remote.clone());
            doc.facets[facet::COUNTRY].push(("remote".to_owned(), remote));
        }
        if let Some(kind) = role.employment_type {
            let label = self.t(&format!("employment_{}", kind.as_str().replace('-', "_")));
            words.add(&label, field::META);
            doc.facts.push(label.clone());
            doc.facets[facet::TYPE].push((kind.as_str().to_owned(), label));
        }
        self.skills(&role.skills, doc, words);
    }
}
