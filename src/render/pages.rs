//! The site's pages: which there are ([`Plan`]), and each one's template, URL path, title and context.

use super::cache::PageContext;
use super::listing::{self, ListKind, ListOf};
use super::theme::Theme;
use super::views::{Bodies, Views};
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

/// What the pages of a render are made from.
pub(super) struct PageInputs<'a> {
    pub(super) views: &'a Views<'a>,
    pub(super) bodies: &'a Bodies,
    pub(super) theme: &'a Theme,
    pub(super) globals: &'a PageContext<'a>,
    /// When set, module bodies are not in `bodies`: each module page's task renders its own
    /// with this highlighter, and drops it with the page (full builds, which keep nothing).
    pub(super) on_demand: Option<&'a Highlighter>,
}

/// Every page of the site, in a fixed order.
pub(super) fn plans(catalog: &Catalog) -> Vec<Plan> {
    let mut plans = vec![Plan::Home, Plan::Catalog, Plan::Skills, Plan::NotFound];
    plans.extend(catalog.module_ixs().map(Plan::Module));
    plans.extend((0..catalog.projects.len()).map(|p| Plan::Project(ProjectIx(p))));
    plans.extend((0..catalog.employers.len()).map(|e| Plan::Employer(EmployerIx(e))));
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

/// One page's template, URL path and context.
pub(super) fn page_context<'a>(
    plan: Plan,
    inputs: &PageInputs<'a>,
    own_body: Option<&'a str>,
) -> (&'static str, String, PageContext<'a>) {
    let PageInputs { views, bodies, theme, globals, .. } = *inputs;
    let catalog = views.catalog;
    let urls = views.urls;
    let mut context = PageContext::new(globals);
    let (template, path) = match plan {
        Plan::Home => {
            let path = urls.path("");
            context
                .insert("page", views.base(&catalog.config.title, catalog.config.description.as_deref(), path.clone()));
            listing::insert_home_lists(&mut context, views);
            ("index.html", path)
        }
        Plan::Catalog => {
            let path = urls.path("catalog/");
            let title = theme.strings.get("catalog").map_or("Catalog", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            listing::insert_first_pages(&mut context, views, ListOf::Catalog);
            ("catalog.html", path)
        }
        Plan::ListPage(list, kind, page) => {
            let key = if kind == ListKind::Roles { "open_roles" } else { kind.slug() };
            let title = theme.strings.get(key).map_or(kind.slug(), String::as_str);
            let path = match list {
                ListOf::Catalog => urls.catalog_list(kind.slug(), page),
                ListOf::Skill(s) => urls.skill_list(&catalog[s].slug, kind.slug(), page),
            };
            context.insert("page", views.base(title, None, path.clone()));
            context.insert("trail", trail(list, views, theme));
            listing::insert_page(&mut context, views, list, kind, page);
            ("catalog_list.html", path)
        }
        Plan::Skills => {
            let path = urls.path("skills/");
            let title = theme.strings.get("skills").map_or("Skills", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            context.insert("skills", views.skill_entries());
            ("skills.html", path)
        }
        Plan::NotFound => {
            let path = urls.path("404.html");
            let title = theme.strings.get("not_found_title").map_or("Page not found", String::as_str);
            context.insert("page", views.base(title, None, path.clone()));
            ("404.html", path)
        }
        Plan::Module(m) => {
            let body = own_body.unwrap_or_else(|| &bodies.modules[m.0]);
            context.insert("page", views.module_page(m, body));
            ("module.html", urls.module(&catalog[m].id))
        }
        Plan::Project(p) => {
            context.insert("page", views.project_page(p, bodies));
            ("project.html", urls.project(&catalog[p].id))
        }
        Plan::Employer(e) => {
            context.insert("page", views.employer_page(e, bodies));
            ("employer.html", urls.employer(&catalog[e].id))
        }
        Plan::Programme(g) => {
            context.insert("page", views.programme_page(g, bodies));
            ("programme.html", urls.programme(&catalog[g].id))
        }
        Plan::Page(ix) => {
            context.insert("page", views.free_page(ix, bodies));
            ("page.html", urls.page(&catalog.pages[ix].id))
        }
        Plan::Skill(s) => {
            context.insert("page", views.skill_page(s));
            listing::insert_first_pages(&mut context, views, ListOf::Skill(s));
            ("skill.html", urls.skill(&catalog[s].slug))
        }
    };
    (template, path, context)
}

/// A link of a list page's breadcrumb trail.
#[derive(serde::Serialize)]
struct Crumb<'a> {
    title: &'a str,
    url: String,
}

/// The pages above a list's page 2, 3, …: the catalog, or the skills index and the skill's page.
fn trail<'a>(list: ListOf, views: &Views<'a>, theme: &'a Theme) -> Vec<Crumb<'a>> {
    let word = |key: &str, fallback: &'static str| theme.strings.get(key).map_or(fallback, String::as_str);
    match list {
        ListOf::Catalog => vec![Crumb { title: word("catalog", "Catalog"), url: views.urls.path("catalog/") }],
        ListOf::Skill(s) => {
            let skill = &views.catalog[s];
            vec![
                Crumb { title: word("skills", "Skills"), url: views.urls.path("skills/") },
                Crumb { title: &skill.name, url: views.urls.skill(&skill.slug) },
            ]
        }
    }
}
