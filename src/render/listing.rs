//! The catalog's lists as plain pages, for readers without JavaScript.
//!
//! `/catalog/` shows the first [`PER_PAGE`] records of every kind, and each
//! kind goes on over numbered pages (`/catalog/modules/2/`, …) linked by a
//! pager. Every record stays reachable by links alone, and no page grows with
//! the catalog: at 10,000 modules a single list was an 11 MB page that a phone
//! (or the search script, which runs on the same page) waited tens of seconds for.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cache::PageContext;
use super::urls::Urls;
use super::views::Views;
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

    /// How many records of this kind the catalog lists.
    fn total(self, catalog: &Catalog) -> usize {
        match self {
            ListKind::Programmes => catalog.programmes.len(),
            ListKind::Modules => catalog.modules.len(),
            ListKind::Projects => catalog.projects.len(),
            ListKind::Employers => catalog.employers.len(),
            ListKind::Roles => catalog.open_role_ixs().count(),
        }
    }

    /// How many pages list this kind (at least one: the catalog page's section).
    pub fn pages(self, catalog: &Catalog) -> usize {
        pages_for(self.total(catalog))
    }
}

/// How many pages list `total` records (at least one).
fn pages_for(total: usize) -> usize {
    total.div_ceil(PER_PAGE).max(1)
}

/// Where page `page` (from 1) of a kind's list is: page 1 is the kind's section of `/catalog/`.
pub fn url(urls: &Urls, kind: ListKind, page: usize) -> String {
    match page {
        1 => format!("{}#{}", urls.path("catalog/"), kind.slug()),
        _ => urls.path(&format!("catalog/{}/{page}/", kind.slug())),
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
    fn new(catalog: &Catalog, urls: &Urls, kind: ListKind, page: usize) -> Self {
        let total = kind.total(catalog);
        let pages = pages_for(total);
        let link = |number: usize| PageLink { number, url: url(urls, kind, number), current: number == page };
        let links = pager_numbers(page, pages).into_iter().map(|n| n.map(link)).collect();
        Paging {
            total,
            from: if total == 0 { 0 } else { (page - 1) * PER_PAGE + 1 },
            to: (page * PER_PAGE).min(total),
            page,
            pages,
            prev: (page > 1).then(|| url(urls, kind, page - 1)),
            next: (page < pages).then(|| url(urls, kind, page + 1)),
            links,
        }
    }
}

/// The catalog page's lists: the first page of every kind, each with its pager, as `paging.<kind>`.
pub(super) fn insert_first_pages<'a>(context: &mut PageContext<'a>, views: &Views<'a>) {
    let mut paging = BTreeMap::new();
    for kind in ListKind::ALL {
        insert_records(context, views, kind, 1);
        paging.insert(kind.slug(), Paging::new(views.catalog, views.urls, kind, 1));
    }
    context.insert("paging", paging);
}

/// Page `page` (from 2) of one kind's list: its records as `<kind>`, `list_kind`, and `paging.<kind>`.
pub(super) fn insert_page<'a>(context: &mut PageContext<'a>, views: &Views<'a>, kind: ListKind, page: usize) {
    insert_records(context, views, kind, page);
    context.insert("list_kind", kind.slug());
    context.insert("paging", BTreeMap::from([(kind.slug(), Paging::new(views.catalog, views.urls, kind, page))]));
}

/// How many modules and employers the home page shows: a page listing the
/// whole catalog would grow with it (9 MB at 10,000 modules); the catalog page
/// lists everything, and the home page links to it with the totals.
const HOME_CARDS_SHOWN: usize = 12;
/// How many of the newest open roles the home page shows.
const HOME_ROLES_SHOWN: usize = 6;

/// The lists of the home page: a selection (see [`HOME_CARDS_SHOWN`]); the catalog page lists everything.
pub(super) fn insert_home_lists<'a>(context: &mut PageContext<'a>, views: &Views<'a>) {
    let catalog = views.catalog;
    // Recently updated modules first, employers with the most open roles first, newest roles first.
    let mut modules: Vec<ModuleIx> = catalog.module_ixs().collect();
    modules.sort_by(|&a, &b| {
        (catalog[b].updated.cmp(&catalog[a].updated)).then_with(|| catalog[a].title.cmp(&catalog[b].title))
    });
    modules.truncate(HOME_CARDS_SHOWN);
    let mut employers: Vec<EmployerIx> = (0..catalog.employers.len()).map(EmployerIx).collect();
    let open = |e: EmployerIx| catalog[e].roles.iter().filter(|r| r.open).count();
    employers.sort_by_key(|&e| std::cmp::Reverse(open(e)));
    employers.truncate(HOME_CARDS_SHOWN);
    let mut roles: Vec<RoleIx> = catalog.open_role_ixs().collect();
    roles.sort_by(|&a, &b| catalog[b].posted.cmp(&catalog[a].posted).then(a.cmp(&b)));
    roles.truncate(HOME_ROLES_SHOWN);
    let pages: Vec<_> =
        catalog.pages.iter().map(|p| views.base(&p.title, p.summary.as_deref(), views.urls.page(&p.id))).collect();
    context.insert("pages", pages);
    context.insert("modules", views.module_cards(modules));
    context.insert("roles", views.role_cards(roles));
    context.insert("employers", views.employer_cards(employers));
    context.insert("programmes", views.programme_cards((0..catalog.programmes.len()).map(ProgrammeIx)));
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

/// The cards of page `page` of a kind, as the template variable named after the kind.
fn insert_records<'a>(context: &mut PageContext<'a>, views: &Views<'a>, kind: ListKind, page: usize) {
    let catalog = views.catalog;
    let skip = (page - 1) * PER_PAGE;
    let slug = kind.slug();
    match kind {
        ListKind::Programmes => context.insert(
            slug,
            views.programme_cards((0..catalog.programmes.len()).map(ProgrammeIx).skip(skip).take(PER_PAGE)),
        ),
        ListKind::Modules => {
            context.insert(slug, views.module_cards(catalog.module_ixs().skip(skip).take(PER_PAGE)));
        }
        ListKind::Projects => context
            .insert(slug, views.project_cards((0..catalog.projects.len()).map(ProjectIx).skip(skip).take(PER_PAGE))),
        ListKind::Employers => context
            .insert(slug, views.employer_cards((0..catalog.employers.len()).map(EmployerIx).skip(skip).take(PER_PAGE))),
        ListKind::Roles => context.insert(slug, views.role_cards(catalog.open_role_ixs().skip(skip).take(PER_PAGE))),
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
