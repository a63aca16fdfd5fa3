//! One language's site: the catalog as that language's pages and lists show it, and
//! where each record's page is.
//!
//! Every language renders through the same code: [`LanguageSite::new`] makes a catalog
//! whose records are each record's version in the language, or, for a record with no
//! page in it, its original (listed in its own language, linking to its own page). The
//! vectors keep the whole catalog's order, so an index (`ModuleIx`, …) means the same
//! record in every language's catalog. Which records have a page is asked of the whole
//! catalog ([`Catalog::version`]); a language's catalog holds no translations.

use std::collections::{BTreeMap, HashMap};

use super::theme::Theme;
use super::urls::Urls;
use crate::config::SiteConfig;
use crate::ids::Lang;
use crate::link::catalog::*;

/// The site in one language.
pub(crate) struct LanguageSite<'c> {
    /// The language of its pages.
    pub lang: &'c Lang,
    /// The whole catalog: originals and translations, for the questions of
    /// [`Catalog::version`] and [`Catalog::page_languages`].
    pub whole: &'c Catalog,
    /// Each record as this language's pages and lists show it, when it is not `whole`
    /// itself (a site of one language shows its originals).
    view: Option<Catalog>,
    /// Its URLs: records without a page in the language link to their own language's page.
    pub urls: Urls,
    /// The language each record's text is in, where it is not [`LanguageSite::lang`].
    pub shown: Shown<'c>,
}

/// The language of each record's text as one language's site shows it, where it differs
/// from the site's language (`None`: the site's). Indexed like the catalog's vectors.
#[derive(Debug, Default)]
pub struct Shown<'c> {
    pub modules: Vec<Option<&'c str>>,
    pub projects: Vec<Option<&'c str>>,
    pub employers: Vec<Option<&'c str>>,
    /// By employer, then by the role's position.
    pub roles: Vec<Vec<Option<&'c str>>>,
    pub programmes: Vec<Option<&'c str>>,
    pub pages: Vec<Option<&'c str>>,
}

impl Shown<'_> {
    /// The language of module `m`'s text, where it is not the site's.
    pub fn module(&self, m: ModuleIx) -> Option<&str> {
        self.modules.get(m.0).copied().flatten()
    }

    /// The language of role `r`'s text, where it is not the site's.
    pub fn role(&self, r: RoleIx) -> Option<&str> {
        self.roles.get(r.employer.0).and_then(|roles| roles.get(r.position)).copied().flatten()
    }
}

/// Where a listed record's page is and what its text is in, noted while the records are listed.
struct Placing<'c> {
    lang: &'c Lang,
    whole: &'c Catalog,
    elsewhere: HashMap<String, String>,
}

impl<'c> Placing<'c> {
    /// Record `ix` as `lang` lists it, at `relative` under a language's folder; notes its
    /// page's language when not `lang`, and returns the record with its text's language
    /// where not `lang` (`own`: what the original says it is written in).
    fn list<I: Versioned>(
        &mut self,
        ix: I,
        relative: impl FnOnce(&I::Record) -> String,
        own: impl FnOnce(&'c I::Record) -> Option<&'c str>,
    ) -> (&'c I::Record, Option<&'c str>)
    where
        I::Record: 'c,
    {
        let (record, shown_in) = self.whole.listed_in(ix, self.lang);
        if shown_in != self.lang {
            self.elsewhere.insert(relative(record), shown_in.to_string());
        }
        let original = self.whole.written_in(ix) == shown_in;
        let text: &'c str = if original { own(record).unwrap_or(shown_in) } else { self.lang };
        (record, (text != &**self.lang).then_some(text))
    }
}

impl<'c> LanguageSite<'c> {
    /// The site in `lang`, one of the languages `whole` declares.
    pub fn new(whole: &'c Catalog, lang: &'c Lang) -> Self {
        let mut placing = Placing { lang, whole, elsewhere: HashMap::new() };
        let mut shown = Shown::default();
        let modules: Vec<&Module> = whole
            .module_ixs()
            .map(|m| {
                let (record, text) = placing.list(m, |r| format!("modules/{}/", r.id), |r| r.language.as_deref());
                shown.modules.push(text);
                record
            })
            .collect();
        let projects: Vec<&Project> = (0..whole.projects.len())
            .map(|p| {
                let (record, text) = placing.list(ProjectIx(p), |r| format!("projects/{}/", r.id), |_| None);
                shown.projects.push(text);
                record
            })
            .collect();
        let employers: Vec<(&Employer, Vec<&Role>)> = (0..whole.employers.len())
            .map(|e| {
                let (record, text) = placing.list(EmployerIx(e), |r| format!("employers/{}/", r.id), |_| None);
                shown.employers.push(text);
                let (roles, texts): (Vec<&Role>, Vec<_>) = (0..record.roles.len())
                    .map(|position| {
                        let r = RoleIx { employer: EmployerIx(e), position };
                        placing.list(r, |role| format!("employers/{}/{}/", record.id, role.id), |_| None)
                    })
                    .unzip();
                shown.roles.push(texts);
                (record, roles)
            })
            .collect();
        let programmes: Vec<&Programme> = (0..whole.programmes.len())
            .map(|g| {
                let (record, text) = placing.list(ProgrammeIx(g), |r| format!("programmes/{}/", r.id), |_| None);
                shown.programmes.push(text);
                record
            })
            .collect();
        let pages: Vec<&Page> = (0..whole.pages.len())
            .map(|ix| {
                let (record, text) = placing.list(PageIx(ix), |r| format!("{}/", r.id), |_| None);
                shown.pages.push(text);
                record
            })
            .collect();
        let view = (!whole.config.languages.is_empty()).then(|| Catalog {
            config: config_in(&whole.config, lang),
            build_date: whole.build_date,
            modules: modules.into_iter().map(|m| module_in(m, whole, lang)).collect(),
            projects: projects.into_iter().cloned().collect(),
            employers: employers
                .into_iter()
                .map(|(e, roles)| Employer { roles: roles.into_iter().cloned().collect(), ..e.clone() })
                .collect(),
            programmes: programmes.into_iter().cloned().collect(),
            pages: pages.into_iter().cloned().collect(),
            skills: whole.skills.clone(),
            static_files: Vec::new(),
            study_order: whole.study_order.clone(),
            warnings: Vec::new(),
            translations: Translations::default(),
        });
        let urls = Urls::in_language(&whole.config, lang, placing.elsewhere);
        LanguageSite { lang, whole, view, urls, shown }
    }

    /// Whether a record has a page in this language.
    pub fn has_page<I: Versioned>(&self, ix: I) -> bool {
        self.whole.version(ix, self.lang).is_some()
    }

    /// The theme's words in this language (`t`).
    pub fn strings<'t>(&self, theme: &'t Theme) -> &'t BTreeMap<String, String> {
        theme.strings(self.lang)
    }

    /// The catalog as this language's pages and lists show it.
    pub fn catalog(&self) -> &Catalog {
        self.view.as_ref().unwrap_or(self.whole)
    }
}

/// Every language's site, the default's first.
pub(crate) fn sites(whole: &Catalog) -> Vec<LanguageSite<'_>> {
    whole.config.all_languages().map(|lang| LanguageSite::new(whole, lang)).collect()
}

/// A module as `lang`'s site shows it: the language it is taught in is said outright where
/// the site's language is not the default (whose modules leave it out when it is theirs).
fn module_in(module: &Module, whole: &Catalog, lang: &Lang) -> Module {
    let mut module = module.clone();
    if module.language.is_none() && lang != &whole.config.language {
        module.language = Some(whole.config.language.to_string());
    }
    module
}

/// `site.yaml` as `lang`'s pages read it: its title, description and language.
fn config_in(config: &SiteConfig, lang: &Lang) -> SiteConfig {
    let mut config = config.clone();
    config.title = config.title_in(lang).to_owned();
    config.description = config.description_in(lang).map(str::to_owned);
    config.language = lang.clone();
    config
}
