//! The site's pages: which there are ([`Plan`]), and each one's template, URL path, title and context.

use super::context::PageContext;
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::Contents;
use super::bodies::BodyHtml;
use super::json_ld::{self, Crumb, PageData};
use super::language::LanguageSite;
use super::listing::{self, ListKind, ListOf};
use super::theme::Theme;
use super::urls::Urls;
use super::views::{Bodies, Views};
use crate::diagnostics::Diagnostic;
use crate::ids::Lang;
use crate::link::catalog::*;
use crate::markdown::Highlighter;

/// A page to render: which record, with which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The home page.
    Home,
    /// `/catalog/`.
    Catalog,
    /// `/skills/`.
    Skills,
    /// `/404.html`.
    NotFound,
    /// A module's page.
    Module(ModuleIx),
    /// A project's page.
    Project(ProjectIx),
    /// An employer's page.
    Employer(EmployerIx),
    /// A role's page, open or closed.
    Role(RoleIx),
    /// A programme's page.
    Programme(ProgrammeIx),
    /// A free page, by index.
    Page(usize),
    /// A skill's page.
    Skill(SkillIx),
    /// Page 2, 3, … of one kind's list in the catalog or on a skill's page (page 1 is part of
    /// `/catalog/` or of the skill's page).
    ListPage(ListOf, ListKind, usize),
}

impl Plan {
    /// Whether search engines should index the page (and the sitemap list it): not the
    /// 404 page, nor a closed role's.
    pub fn indexable(self, catalog: &Catalog) -> bool {
        match self {
            Plan::NotFound => false,
            Plan::Role(r) => catalog[r].open,
            _ => true,
        }
    }

    /// The page's URL path.
    pub fn path(self, catalog: &Catalog, urls: &Urls) -> String {
        match self {
            Plan::Home => urls.home(),
            Plan::Catalog => urls.catalog(),
            Plan::Skills => urls.skills(),
            Plan::NotFound => urls.not_found(),
            Plan::Module(m) => urls.module(&catalog[m].id),
            Plan::Project(p) => urls.project(&catalog[p].id),
            Plan::Employer(e) => urls.employer(&catalog[e].id),
            Plan::Role(r) => urls.role(&catalog[r.employer].id, &catalog[r].id),
            Plan::Programme(g) => urls.programme(&catalog[g].id),
            Plan::Page(ix) => urls.page(&catalog.pages[ix].id),
            Plan::Skill(s) => urls.skill(&catalog[s].slug),
            Plan::ListPage(list, kind, page) => listing::url(catalog, urls, list, kind, page),
        }
    }
}

/// What the pages of a render are made from.
pub(super) struct PageInputs<'a> {
    pub(super) views: &'a Views<'a>,
    /// The language of the pages.
    pub(super) site: &'a LanguageSite<'a>,
    /// Every language's site, for the links to a page's other versions.
    pub(super) sites: &'a [LanguageSite<'a>],
    pub(super) bodies: &'a Bodies,
    pub(super) theme: &'a Theme,
    pub(super) globals: &'a PageContext<'static>,
    /// What renders code blocks, for bodies rendered with their page.
    pub(super) highlighter: &'a Highlighter,
}

/// Every page of the site, in a fixed order.
pub(super) fn plans(catalog: &Catalog) -> Vec<Plan> {
    let mut plans = vec![Plan::Home, Plan::Catalog, Plan::Skills, Plan::NotFound];
    plans.extend(catalog.module_ixs().map(Plan::Module));
    plans.extend((0..catalog.projects.len()).map(|p| Plan::Project(ProjectIx(p))));
    plans.extend((0..catalog.employers.len()).map(|e| Plan::Employer(EmployerIx(e))));
    plans.extend(catalog.role_ixs().map(Plan::Role));
    plans.extend((0..catalog.programmes.len()).map(|g| Plan::Programme(ProgrammeIx(g))));
    plans.extend((0..catalog.pages.len()).map(Plan::Page));
    plans.extend((0..catalog.skills.len()).map(|s| Plan::Skill(SkillIx(s))));
    let skills = (0..catalog.skills.len()).map(|s| ListOf::Skill(SkillIx(s)));
    for list in std::iter::once(ListOf::Catalog).chain(skills) {
        for &kind in list.kinds() {
            plans.extend((2..=kind.pages(catalog, list)).map(|page| Plan::ListPage(list, kind, page)));
        }
    }
    plans
}

/// The pages of `site`'s language: every list and page of the site's own, and the pages of
/// the records that have a version in the language (never an untranslated copy).
pub(super) fn plans_in(site: &LanguageSite<'_>) -> Vec<Plan> {
    plans(site.catalog()).into_iter().filter(|&plan| plan.has_version(site.whole, site.lang)).collect()
}

impl Plan {
    /// The languages of a record's page, in the site's order; `None` for the pages every
    /// language has (home, lists, skills, 404).
    fn record_languages(self, whole: &Catalog) -> Option<Vec<&Lang>> {
        Some(match self {
            Plan::Module(m) => whole.page_languages(m),
            Plan::Project(p) => whole.page_languages(p),
            Plan::Employer(e) => whole.page_languages(e),
            Plan::Role(r) => whole.page_languages(r),
            Plan::Programme(g) => whole.page_languages(g),
            Plan::Page(ix) => whole.page_languages(PageIx(ix)),
            _ => return None,
        })
    }

    /// Whether the page exists in `lang`.
    fn has_version(self, whole: &Catalog, lang: &Lang) -> bool {
        self.record_languages(whole).is_none_or(|langs| langs.contains(&lang))
    }

    /// The language a record's original is written in (the default's for the other pages).
    fn original_language(self, whole: &Catalog) -> &Lang {
        match self {
            Plan::Module(m) => whole.written_in(m),
            _ => &whole.config.language,
        }
    }
}

/// The page's versions in every language it has one in, as (language, URL path), in the
/// site's order; empty when it has only one.
pub(super) fn versions<'s>(
    plan: Plan,
    site: &LanguageSite<'_>,
    sites: &'s [LanguageSite<'_>],
) -> Vec<(&'s Lang, String)> {
    let versions: Vec<(&Lang, String)> = sites
        .iter()
        .filter(|other| plan.has_version(site.whole, other.lang))
        .map(|other| (other.lang, plan.path(other.catalog(), &other.urls)))
        .collect();
    if versions.len() > 1 { versions } else { Vec::new() }
}

/// A page's `<link rel="alternate" hreflang>`: a version's language and absolute URL.
#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// An entry of the language switch: another language, and where the page's version in it
/// is (or that language's home page, when the page has none in it).
#[derive(Serialize)]
struct SwitchEntry {
    lang: String,
    /// What the link says, in its language: the language's name (and, towards its home
    /// page, that the page is not translated).
    label: String,
    url: String,
    /// Whether the link goes to the page's own version (else to the language's home page).
    translated: bool,
}

/// The links of a page to its other versions: `alternates` (with `x-default`, for the
/// `<head>`) and `language_switch` (every other language of the site, for the header).
fn insert_languages(context: &mut PageContext<'_>, plan: Plan, inputs: &PageInputs<'_>) -> Vec<(String, String)> {
    let (site, sites) = (inputs.site, inputs.sites);
    let versions = versions(plan, site, sites);
    // The page for unknown paths is not one to index, in any language.
    let indexed = if plan == Plan::NotFound { &[][..] } else { &versions[..] };
    let mut alternates: Vec<Alternate> = indexed
        .iter()
        .map(|(lang, path)| Alternate { hreflang: lang.to_string(), href: site.urls.permalink(path) })
        .collect();
    let default = &site.whole.config.language;
    let x_default = indexed
        .iter()
        .find(|(lang, _)| *lang == default)
        .or_else(|| indexed.iter().find(|(lang, _)| *lang == plan.original_language(site.whole)));
    if let Some((_, path)) = x_default {
        alternates.push(Alternate { hreflang: "x-default".to_owned(), href: site.urls.permalink(path) });
    }
    let switch: Vec<SwitchEntry> = sites
        .iter()
        .filter(|other| other.lang != site.lang)
        .map(|other| {
            let name = capitalised(other.lang.autonym());
            let version = versions.iter().find(|(lang, _)| *lang == other.lang);
            match version {
                Some((_, path)) => {
                    SwitchEntry { lang: other.lang.to_string(), label: name, url: path.clone(), translated: true }
                }
                None => {
                    let note = word(other.strings(inputs.theme), "untranslated_home", "home");
                    SwitchEntry {
                        lang: other.lang.to_string(),
                        label: format!("{name} ({note})"),
                        url: other.urls.home(),
                        translated: false,
                    }
                }
            }
        })
        .collect();
    context.insert("lang", site.lang.to_string());
    context.insert("alternates", alternates);
    context.insert("language_switch", switch);
    versions.into_iter().map(|(lang, path)| (lang.to_string(), site.urls.permalink(&path))).collect()
}

/// `français` → `Français`: a language's name where it begins a link.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A page ready to render.
pub(super) struct Page<'a> {
    /// The theme template that renders it.
    pub template: &'static str,
    /// Its URL path.
    pub path: String,
    /// What its template sees.
    pub context: PageContext<'a>,
}

impl Page<'_> {
    /// Hash of everything the page's HTML depends on (see [`PageContext::fingerprint`]).
    pub fn fingerprint(&self, theme: &Theme) -> Option<u64> {
        self.context.fingerprint(theme.template_identity(self.template), self.template)
    }

    /// The page's HTML: its template rendered with its context.
    pub fn render(self, theme: &Theme) -> Result<String, Diagnostic> {
        theme.tera.render(self.template, &self.context.into_context()).map_err(|e| theme.error(&e))
    }

    /// The page's file: its HTML; or, `proving` that it renders (`check`), nothing, since
    /// Tera then writes nowhere rather than into a growing buffer checked as UTF-8 at the end.
    pub fn file(self, theme: &Theme, proving: bool) -> Result<Contents, Diagnostic> {
        if !proving {
            return Ok(Contents::Bytes(self.render(theme)?.into_bytes()));
        }
        (theme.tera.render_to(self.template, &self.context.into_context(), std::io::sink()))
            .map_err(|e| theme.error(&e))?;
        Ok(Contents::Bytes(Vec::new()))
    }
}

/// One page's template, URL path and context.
pub(super) fn page_context<'a>(plan: Plan, inputs: &PageInputs<'a>, own_body: Option<BodyHtml<'a>>) -> Page<'a> {
    let PageInputs { views, bodies, theme, globals, site, .. } = *inputs;
    let strings = site.strings(theme);
    let catalog = views.catalog;
    let urls = views.urls;
    let mut context = PageContext::new(globals);
    let path = plan.path(catalog, urls);
    let template = match plan {
        Plan::Home => {
            context
                .insert("page", views.base(&catalog.config.title, catalog.config.description.as_deref(), path.clone()));
            listing::insert_home_lists(&mut context, views);
            "index.html"
        }
        Plan::Catalog => {
            let title = strings.get("catalog").map_or("Catalog", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            listing::insert_first_pages(&mut context, views, ListOf::Catalog);
            "catalog.html"
        }
        Plan::ListPage(list, kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            let title = strings.get(key).map_or(kind.slug(), String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            listing::insert_page(&mut context, views, list, kind, page);
            "catalog_list.html"
        }
        Plan::Skills => {
            let title = strings.get("skills").map_or("Skills", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            context.insert("skills", views.skill_entries());
            "skills.html"
        }
        Plan::NotFound => {
            let title = strings.get("not_found_title").map_or("Page not found", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            "404.html"
        }
        Plan::Module(m) => {
            let body = own_body.unwrap_or_else(|| BodyHtml::Made(Cow::Borrowed(&bodies.modules[m.0])));
            context.insert("page", views.module_page(m, body));
            "module.html"
        }
        Plan::Project(p) => {
            context.insert("page", views.project_page(p, bodies));
            "project.html"
        }
        Plan::Employer(e) => {
            context.insert("page", views.employer_page(e, bodies));
            "employer.html"
        }
        Plan::Role(r) => {
            context.insert("page", views.role_page(r, bodies));
            "role.html"
        }
        Plan::Programme(g) => {
            context.insert("page", views.programme_page(g, bodies));
            "programme.html"
        }
        Plan::Page(ix) => {
            context.insert("page", views.free_page(ix, bodies));
            "page.html"
        }
        Plan::Skill(s) => {
            context.insert("page", views.skill_page(s));
            listing::insert_first_pages(&mut context, views, ListOf::Skill(s));
            "skill.html"
        }
    };
    let title = page_title(plan, views, strings);
    let crumbs = crumbs(plan, views, strings);
    let versions = insert_languages(&mut context, plan, inputs);
    let data = PageData {
        catalog,
        urls,
        bodies,
        title: &title,
        path: &path,
        crumbs: &crumbs,
        listed: listed(plan, views),
        lang: text_language(plan, site).unwrap_or(site.lang),
        versions: &versions,
        original: plan.original_language(site.whole),
    };
    context.insert("json_ld", json_ld::page(plan, &data));
    context.insert("crumbs", crumbs);
    Page { template, path, context }
}

/// The language of a record page's text where it is not the page's language (a module
/// whose original says it is written in another).
fn text_language<'s>(plan: Plan, site: &'s LanguageSite<'_>) -> Option<&'s str> {
    match plan {
        Plan::Module(m) => site.shown.module(m),
        _ => None,
    }
}

/// A theme string, or its English fallback.
fn word<'t>(strings: &'t BTreeMap<String, String>, key: &str, fallback: &'t str) -> &'t str {
    strings.get(key).map_or(fallback, String::as_str)
}

/// The page's name in its breadcrumb and structured data.
fn page_title(plan: Plan, views: &Views, strings: &BTreeMap<String, String>) -> String {
    let catalog = views.catalog;
    match plan {
        Plan::Home => catalog.config.title.clone(),
        Plan::Catalog => word(strings, "catalog", "Catalog").to_owned(),
        Plan::ListPage(ListOf::Skill(s), kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            format!("{} · {} ({page})", catalog[s].name, word(strings, key, kind.slug()))
        }
        Plan::ListPage(ListOf::Catalog, kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            format!("{} ({page})", word(strings, key, kind.slug()))
        }
        Plan::Skills => word(strings, "skills", "Skills").to_owned(),
        Plan::NotFound => word(strings, "not_found_title", "Page not found").to_owned(),
        Plan::Module(m) => catalog[m].title.clone(),
        Plan::Project(p) => catalog[p].title.clone(),
        Plan::Employer(e) => catalog[e].name.clone(),
        Plan::Role(r) => catalog[r].title.clone(),
        Plan::Programme(g) => catalog[g].title.clone(),
        Plan::Page(ix) => catalog.pages[ix].title.clone(),
        Plan::Skill(s) => catalog[s].name.clone(),
    }
}

/// The steps of the page's breadcrumb between the home page and the page itself: every
/// step is a page of its own (the structured data repeats them, and search engines follow them).
fn crumbs(plan: Plan, views: &Views, strings: &BTreeMap<String, String>) -> Vec<Crumb> {
    let urls = views.urls;
    let catalog = Crumb { title: word(strings, "catalog", "Catalog").to_owned(), url: urls.catalog() };
    match plan {
        Plan::Home | Plan::Catalog | Plan::Skills | Plan::NotFound | Plan::Page(_) => Vec::new(),
        Plan::ListPage(ListOf::Catalog, ..)
        | Plan::Module(_)
        | Plan::Project(_)
        | Plan::Employer(_)
        | Plan::Programme(_) => {
            vec![catalog]
        }
        Plan::Role(r) => {
            let employer = &views.catalog[r.employer];
            vec![catalog, Crumb { title: employer.name.clone(), url: urls.employer(&employer.id) }]
        }
        Plan::Skill(_) => vec![Crumb { title: word(strings, "skills", "Skills").to_owned(), url: urls.skills() }],
        Plan::ListPage(ListOf::Skill(s), ..) => {
            let skill = &views.catalog[s];
            vec![
                Crumb { title: word(strings, "skills", "Skills").to_owned(), url: urls.skills() },
                Crumb { title: skill.name.clone(), url: urls.skill(&skill.slug) },
            ]
        }
    }
}

/// The records a list page shows, for its `ItemList`: the home page's and catalog's modules, a paged list's records.
fn listed<'a>(plan: Plan, views: &Views<'a>) -> Vec<(&'a str, String)> {
    let (catalog, urls) = (views.catalog, views.urls);
    match plan {
        Plan::Home => listing::module_list(catalog, urls, listing::home_modules(catalog).into_iter()),
        Plan::Catalog => listing::listed(catalog, urls, ListOf::Catalog, ListKind::Modules, 1),
        Plan::Skill(s) => listing::listed(catalog, urls, ListOf::Skill(s), ListKind::Modules, 1),
        Plan::ListPage(list, kind, page) => listing::listed(catalog, urls, list, kind, page),
        _ => Vec::new(),
    }
}
