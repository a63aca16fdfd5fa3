//! What every template sees: the site (`site`), the theme's words (`t`) and the navigation (`nav`).

use serde::Serialize;

use super::cache::PageContext;
use super::theme::Theme;
use super::urls::Urls;
use crate::link::catalog::Catalog;

#[derive(Serialize)]
struct SiteGlobals<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    build_date: String,
    counts: Counts,
    feeds: FeedUrls,
}

/// The site-wide feeds' URL paths, for `<link rel="alternate">`.
#[derive(Serialize)]
struct FeedUrls {
    /// `atom.xml`: the newest modules and open roles.
    all: String,
    /// `roles.atom.xml`: the newest open roles.
    roles: String,
}

#[derive(Serialize)]
struct Counts {
    modules: usize,
    projects: usize,
    employers: usize,
    roles: usize,
    programmes: usize,
    skills: usize,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

/// What every template sees: `site`, `t` and `nav`.
pub(super) fn globals(catalog: &Catalog, theme: &Theme, urls: &Urls, fingerprinted: bool) -> PageContext<'static> {
    let config = &catalog.config;
    let site = SiteGlobals {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        base_url: config.base_url.as_str(),
        base_path: urls.base_path(),
        build_date: catalog.build_date.to_string(),
        counts: Counts {
            modules: catalog.modules.len(),
            projects: catalog.projects.len(),
            employers: catalog.employers.len(),
            roles: catalog.open_role_ixs().count(),
            programmes: catalog.programmes.len(),
            skills: catalog.skills.len(),
        },
        feeds: FeedUrls { all: urls.feed(), roles: urls.roles_feed() },
    };
    let word = |key: &str, fallback: &str| theme.strings.get(key).cloned().unwrap_or_else(|| fallback.to_owned());
    let mut nav = vec![NavItem { title: word("catalog", "Catalog"), url: urls.path("catalog/") }];
    nav.extend(catalog.programmes.iter().map(|g| NavItem { title: g.title.clone(), url: urls.programme(&g.id) }));
    nav.push(NavItem { title: word("skills", "Skills"), url: urls.path("skills/") });
    nav.extend(catalog.pages.iter().map(|p| NavItem { title: p.title.clone(), url: urls.page(&p.id) }));
    let mut context = PageContext::root(fingerprinted);
    context.insert_global("site", &site);
    context.insert_global("t", &theme.strings);
    context.insert_global("nav", &nav);
    context
}
