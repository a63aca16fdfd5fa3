//! The catalog's and the skills' lists as plain pages, for readers without JavaScript.
//!
//! `/catalog/` shows the first [`PER_PAGE`] records of every kind, and each
//! kind goes on over numbered pages (`/catalog/modules/2/`, …) linked by a
//! pager. Every record stays reachable by links alone, and no page grows with
//! the catalog: a single list of a large catalog is a page of megabytes that a phone
//! (or the search script, which runs on the same page) waits seconds for.
//! A skill's page lists its modules, projects and open roles the same way
//! (`/skills/<slug>/modules/2/`, …).

use std::collections::BTreeMap;

use serde::Serialize;

use super::cards::Listed;
use super::context::PageContext;
use super::urls::Urls;
use super::views::{PageBase, Views};
use crate::link::catalog::*;

/// Records of one kind per page.
pub const PER_PAGE: usize = 50;

/// How many numbered links the pager shows on each side of the current page.
const PAGER_REACH: usize = 2;

/// A kind of record the catalog lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Programmes.
    Programmes,
    /// Published modules.
    Modules,
    /// Projects.
    Projects,
    /// Employers.
    Employers,
    /// Open roles.
    Roles,
}

/// Whose list: the catalog's, or one skill's (its modules, projects and open roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOf {
    /// The whole catalog, on `/catalog/`.
    Catalog,
    /// The records wanting or teaching a skill, on its page.
    Skill(SkillIx),
}

impl ListOf {
    /// The kinds of record it lists, in its page's order.
    pub fn kinds(self) -> &'static [ListKind] {
        match self {
            ListOf::Catalog => &ListKind::ALL,
            ListOf::Skill(_) => &[ListKind::Modules, ListKind::Projects, ListKind::Roles],
        }
    }
}

impl ListKind {
    /// Every kind, in the catalog page's order.
    pub const ALL: [ListKind; 5] =
        [ListKind::Programmes, ListKind::Modules, ListKind::Projects, ListKind::Employers, ListKind::Roles];

    /// The kind's name in URLs, section ids and template variables.
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::Programmes => "programmes",
            ListKind::Modules => "modules",
            ListKind::Projects => "projects",
            ListKind::Employers => "employers",
            ListKind::Roles => "roles",
        }
    }

    /// How many records of this kind `list` holds.
    fn total(self, catalog: &Catalog, list: ListOf) -> usize {
        match list {
            ListOf::Catalog => match self {
                ListKind::Programmes => catalog.programmes.len(),
                ListKind::Modules => catalog.modules.len(),
                ListKind::Projects => catalog.projects.len(),
                ListKind::Employers => catalog.employers.len(),
                ListKind::Roles => catalog.open_role_ixs().count(),
            },
            ListOf::Skill(s) => match self {
                ListKind::Modules => catalog[s].modules.len(),
                ListKind::Projects => catalog[s].projects.len(),
                ListKind::Roles => catalog[s].roles.iter().filter(|&&r| catalog[r].open).count(),
                ListKind::Programmes | ListKind::Employers => 0,
            },
        }
    }

    /// How many pages list this kind of `list` (at least one: its section of the list's page).
    pub fn pages(self, catalog: &Catalog, list: ListOf) -> usize {
        pages_for(self.total(catalog, list))
    }
}

/// How many pages list `total` records (at least one).
fn pages_for(total: usize) -> usize {
    total.div_ceil(PER_PAGE).max(1)
}

/// Where page `page` (from 1) of a kind's list is: page 1 is the kind's section of the list's page.
pub fn url(catalog: &Catalog, urls: &Urls, list: ListOf, kind: ListKind, page: usize) -> String {
    match list {
        ListOf::Catalog => urls.catalog_list(kind.slug(), page),
        ListOf::Skill(s) => urls.skill_list(&catalog[s].slug, kind.slug(), page),
    }
}

/// Where a page is in its kind's list, and the links to the others.
#[derive(Serialize)]
struct Paging {
    total: usize,
    /// Position of the page's first and last record, from 1 (0 and 0 when the list is empty).
    from: usize,
    to: usize,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    /// The first and last pages and those near this one, in order; `None` marks a gap.
    links: Vec<Option<PageLink>>,
}

/// A numbered link of the pager.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

impl Paging {
    fn new(views: &Views<'_>, list: ListOf, kind: ListKind, page: usize) -> Self {
        let total = kind.total(views.catalog, list);
        let pages = pages_for(total);
        let url = |number: usize| url(views.catalog, views.urls, list, kind, number);
        let link = |number: usize| PageLink { number, url: url(number), current: number == page };
        let links = pager_numbers(page, pages).into_iter().map(|n| n.map(link)).collect();
        Paging {
            total,
            from: if total == 0 { 0 } else { (page - 1) * PER_PAGE + 1 },
            to: (page * PER_PAGE).min(total),
            page,
            pages,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
            links,
        }
    }
}

/// The lists of the catalog's or a skill's page: the first page of each kind as `<kind>`,
/// each with its pager, as `paging.<kind>`.
pub(super) fn insert_first_pages<'a>(context: &mut PageContext<'a>, views: &Views<'a>, list: ListOf) {
    let mut paging = BTreeMap::new();
    for &kind in list.kinds() {
        context.insert(kind.slug(), records(views, list, kind, 1));
        paging.insert(kind.slug(), Paging::new(views, list, kind, 1));
    }
    context.insert("paging", paging);
    if list == ListOf::Catalog {
        insert_start_here(context, views);
    }
}

/// `start_here`: the first module in study order (`{title, url}`), or nothing.
fn insert_start_here<'a>(context: &mut PageContext<'a>, views: &Views<'a>) {
    let first = views.catalog.study_order.first().map(|&m| {
        let module = &views.catalog[m];
        let lang = views.shown.module(m);
        PageBase { lang, ..views.base(&module.title, Some(&module.summary), views.urls.module(&module.id)) }
    });
    context.insert("start_here", first);
}

/// One page of a kind's list, as `catalog_list.html` sees it: the same shape for every kind.
#[derive(Serialize)]
struct List {
    /// The kind's slug.
    kind: &'static str,
    records: Records,
    paging: Paging,
}

/// Page `page` (from 2) of one kind's list, as `list`: `{kind, records, paging}`.
pub(super) fn insert_page<'a>(
    context: &mut PageContext<'a>,
    views: &Views<'a>,
    list: ListOf,
    kind: ListKind,
    page: usize,
) {
    let paging = Paging::new(views, list, kind, page);
    context.insert("list", List { kind: kind.slug(), records: records(views, list, kind, page), paging });
}

/// How many modules and employers the home page shows: a page listing the
/// whole catalog would grow with it (megabytes for a large catalog); the catalog page
/// lists everything, and the home page links to it with the totals.
const HOME_CARDS_SHOWN: usize = 12;
/// How many of the newest open roles the home page shows.
const HOME_ROLES_SHOWN: usize = 6;

/// The lists of the home page: a selection (see [`HOME_CARDS_SHOWN`]); the catalog page lists everything.
pub(super) fn insert_home_lists<'a>(context: &mut PageContext<'a>, views: &Views<'a>) {
    let catalog = views.catalog;
    // Modules in study order, employers with the most open roles first, newest roles first.
    let modules = home_modules(catalog);
    let mut employers: Vec<EmployerIx> = (0..catalog.employers.len()).map(EmployerIx).collect();
    let open = |e: EmployerIx| catalog[e].roles.iter().filter(|r| r.open).count();
    employers.sort_by_key(|&e| std::cmp::Reverse(open(e)));
    employers.truncate(HOME_CARDS_SHOWN);
    let mut roles: Vec<RoleIx> = catalog.open_role_ixs().collect();
    roles.sort_by(|&a, &b| catalog[b].posted.cmp(&catalog[a].posted).then(a.cmp(&b)));
    roles.truncate(HOME_ROLES_SHOWN);
    let pages: Vec<_> = (catalog.pages.iter().zip(&views.shown.pages))
        .map(|(p, &lang)| PageBase { lang, ..views.base(&p.title, p.summary.as_deref(), views.urls.page(&p.id)) })
        .collect();
    context.insert("pages", pages);
    context.insert("modules", views.module_cards(modules));
    context.insert("roles", views.role_cards(roles));
    context.insert("employers", views.employer_cards(employers));
    context.insert("programmes", views.programme_cards((0..catalog.programmes.len()).map(ProgrammeIx)));
    insert_start_here(context, views);
}

/// The modules the home page shows: the first in study order (where a student starts).
pub(super) fn home_modules(catalog: &Catalog) -> Vec<ModuleIx> {
    catalog.study_order.iter().copied().take(HOME_CARDS_SHOWN).collect()
}

/// The name and URL path of each record on page `page` of a kind of `list`, for its structured data.
pub(super) fn listed<'a>(
    catalog: &'a Catalog,
    urls: &Urls,
    list: ListOf,
    kind: ListKind,
    page: usize,
) -> Vec<(&'a str, String)> {
    match on_page(catalog, list, kind, page) {
        OnPage::Programmes(all) => all.map(|g| (catalog[g].title.as_str(), urls.programme(&catalog[g].id))).collect(),
        OnPage::Modules(all) => module_list(catalog, urls, all),
        OnPage::Projects(all) => all.map(|p| (catalog[p].title.as_str(), urls.project(&catalog[p].id))).collect(),
        OnPage::Employers(all) => all.map(|e| (catalog[e].name.as_str(), urls.employer(&catalog[e].id))).collect(),
        OnPage::Roles(all) => {
            all.map(|r| (catalog[r].title.as_str(), urls.role(&catalog[r.employer].id, &catalog[r].id))).collect()
        }
    }
}

/// The name and URL path of each module.
pub(super) fn module_list<'a>(
    catalog: &'a Catalog,
    urls: &Urls,
    modules: impl Iterator<Item = ModuleIx>,
) -> Vec<(&'a str, String)> {
    modules.map(|m| (catalog[m].title.as_str(), urls.module(&catalog[m].id))).collect()
}

/// The page numbers a pager links: the first, the last and those within
/// [`PAGER_REACH`] of `page`, in order, with `None` where numbers are skipped
/// (a single skipped number is shown instead: it takes the room of the gap).
fn pager_numbers(page: usize, pages: usize) -> Vec<Option<usize>> {
    let near = |number: usize| number == 1 || number == pages || number.abs_diff(page) <= PAGER_REACH;
    let mut numbers = Vec::new();
    let mut previous = 0;
    for number in (1..=pages).filter(|&n| near(n)) {
        match number - previous {
            _ if previous == 0 => {}
            1 => {}
            2 => numbers.push(Some(previous + 1)),
            _ => numbers.push(None),
        }
        numbers.push(Some(number));
        previous = number;
    }
    numbers
}

/// The records on one page of a kind's list, by kind.
enum OnPage<'c> {
    Programmes(Box<dyn Iterator<Item = ProgrammeIx> + 'c>),
    Modules(Box<dyn Iterator<Item = ModuleIx> + 'c>),
    Projects(Box<dyn Iterator<Item = ProjectIx> + 'c>),
    Employers(Box<dyn Iterator<Item = EmployerIx> + 'c>),
    Roles(Box<dyn Iterator<Item = RoleIx> + 'c>),
}

/// The records on page `page` (from 1) of a kind of `list`, in the list's order.
fn on_page(catalog: &Catalog, list: ListOf, kind: ListKind, page: usize) -> OnPage<'_> {
    let skip = (page - 1) * PER_PAGE;
    let all = |n: usize| (0..n).skip(skip).take(PER_PAGE);
    match (list, kind) {
        (ListOf::Catalog, ListKind::Programmes) => {
            OnPage::Programmes(Box::new(all(catalog.programmes.len()).map(ProgrammeIx)))
        }
        (ListOf::Catalog, ListKind::Modules) => {
            OnPage::Modules(Box::new(catalog.study_order.iter().copied().skip(skip).take(PER_PAGE)))
        }
        (ListOf::Catalog, ListKind::Projects) => OnPage::Projects(Box::new(all(catalog.projects.len()).map(ProjectIx))),
        (ListOf::Catalog, ListKind::Employers) => {
            OnPage::Employers(Box::new(all(catalog.employers.len()).map(EmployerIx)))
        }
        (ListOf::Catalog, ListKind::Roles) => {
            OnPage::Roles(Box::new(catalog.open_role_ixs().skip(skip).take(PER_PAGE)))
        }
        (ListOf::Skill(s), ListKind::Modules) => {
            OnPage::Modules(Box::new(catalog[s].modules.iter().copied().skip(skip).take(PER_PAGE)))
        }
        (ListOf::Skill(s), ListKind::Projects) => {
            OnPage::Projects(Box::new(catalog[s].projects.iter().copied().skip(skip).take(PER_PAGE)))
        }
        (ListOf::Skill(s), ListKind::Roles) => {
            let open = catalog[s].roles.iter().copied().filter(|&r| catalog[r].open);
            OnPage::Roles(Box::new(open.skip(skip).take(PER_PAGE)))
        }
        // A skill lists no programmes or employers (see `ListOf::kinds`).
        (ListOf::Skill(_), ListKind::Programmes) => OnPage::Programmes(Box::new(std::iter::empty())),
        (ListOf::Skill(_), ListKind::Employers) => OnPage::Employers(Box::new(std::iter::empty())),
    }
}

/// The cards of one page of a kind's list, serialized as the list of cards alone.
#[derive(Serialize)]
#[serde(untagged)]
enum Records {
    Programmes(Vec<Listed>),
    Modules(Vec<Listed>),
    Projects(Vec<Listed>),
    Employers(Vec<Listed>),
    Roles(Vec<Listed>),
}

/// The cards of page `page` of a kind of `list`.
fn records(views: &Views<'_>, list: ListOf, kind: ListKind, page: usize) -> Records {
    match on_page(views.catalog, list, kind, page) {
        OnPage::Programmes(all) => Records::Programmes(views.programme_cards(all)),
        OnPage::Modules(all) => Records::Modules(views.module_cards(all)),
        OnPage::Projects(all) => Records::Projects(views.project_cards(all)),
        OnPage::Employers(all) => Records::Employers(views.employer_cards(all)),
        OnPage::Roles(all) => Records::Roles(views.role_cards(all)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(page: usize, pages: usize) -> String {
        let numbers = pager_numbers(page, pages);
        numbers.iter().map(|n| n.map_or("…".to_owned(), |n| n.to_string())).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_short_list_links_every_page() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 4), "1 2 3 4");
    }

    #[test]
    fn a_long_list_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(shown(10, 200), "1 … 8 9 10 11 12 … 200");
        assert_eq!(shown(1, 200), "1 2 3 … 200");
        assert_eq!(shown(200, 200), "1 … 198 199 200");
    }

    #[test]
    fn a_gap_of_one_page_shows_that_page() {
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(4, 10), "1 2 3 4 5 6 … 10");
    }
}
