//! The site's pages: which there are ([`Plan`]), and each one's template, URL path, title and context.

use super::context::PageContext;
use super::json_ld::{self, Crumb, PageData};
use super::listing::{self, ListKind, ListOf};
use super::theme::Theme;
use super::urls::Urls;
use super::views::{Bodies, Views};
use crate::diagnostics::Diagnostic;
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
    /// The page's HTML: its template rendered with its context.
    pub fn render(self, theme: &Theme) -> Result<String, Diagnostic> {
        theme.tera.render(self.template, &self.context.into_context()).map_err(|e| theme.error(&e))
    }
}

/// One page's template, URL path and context.
pub(super) fn page_context<'a>(plan: Plan, inputs: &PageInputs<'a>, own_body: Option<&'a str>) -> Page<'a> {
    let PageInputs { views, bodies, theme, globals, .. } = *inputs;
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
            let title = theme.strings.get("catalog").map_or("Catalog", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            listing::insert_first_pages(&mut context, views, ListOf::Catalog);
            "catalog.html"
        }
        Plan::ListPage(list, kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            let title = theme.strings.get(key).map_or(kind.slug(), String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            listing::insert_page(&mut context, views, list, kind, page);
            "catalog_list.html"
        }
        Plan::Skills => {
            let title = theme.strings.get("skills").map_or("Skills", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            context.insert("skills", views.skill_entries());
            "skills.html"
        }
        Plan::NotFound => {
            let title = theme.strings.get("not_found_title").map_or("Page not found", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            "404.html"
        }
        Plan::Module(m) => {
            let body = own_body.unwrap_or_else(|| &bodies.modules[m.0]);
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
    let title = page_title(plan, views, theme);
    let crumbs = crumbs(plan, views, theme);
    let data =
        PageData { catalog, urls, bodies, title: &title, path: &path, crumbs: &crumbs, listed: listed(plan, views) };
    context.insert("json_ld", json_ld::page(plan, &data));
    context.insert("crumbs", crumbs);
    Page { template, path, context }
}

/// A theme string, or its English fallback.
fn word<'t>(theme: &'t Theme, key: &str, fallback: &'t str) -> &'t str {
    theme.strings.get(key).map_or(fallback, String::as_str)
}

/// The page's name in its breadcrumb and structured data.
fn page_title(plan: Plan, views: &Views, theme: &Theme) -> String {
    let catalog = views.catalog;
    match plan {
        Plan::Home => catalog.config.title.clone(),
        Plan::Catalog => word(theme, "catalog", "Catalog").to_owned(),
        Plan::ListPage(ListOf::Skill(s), kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            format!("{} · {} ({page})", catalog[s].name, word(theme, key, kind.slug()))
        }
        Plan::ListPage(ListOf::Catalog, kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            format!("{} ({page})", word(theme, key, kind.slug()))
        }
        Plan::Skills => word(theme, "skills", "Skills").to_owned(),
        Plan::NotFound => word(theme, "not_found_title", "Page not found").to_owned(),
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
fn crumbs(plan: Plan, views: &Views, theme: &Theme) -> Vec<Crumb> {
    let urls = views.urls;
    let catalog = Crumb { title: word(theme, "catalog", "Catalog").to_owned(), url: urls.catalog() };
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
        Plan::Skill(_) => vec![Crumb { title: word(theme, "skills", "Skills").to_owned(), url: urls.skills() }],
        Plan::ListPage(ListOf::Skill(s), ..) => {
            let skill = &views.catalog[s];
            vec![
                Crumb { title: word(theme, "skills", "Skills").to_owned(), url: urls.skills() },
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
