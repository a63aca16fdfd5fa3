//! What every template sees: the site (`site`), the theme's words (`t`) and the navigation (`nav`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::PageContext;
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
    /// The absolute URL of the image shared links show (`og:image`), when set.
    image: Option<String>,
    build_date: String,
    counts: Counts,
    urls: SiteUrls<'a>,
}

/// The site's own pages and files that templates link to (`site.urls`), made by [`Urls`].
#[derive(Serialize)]
struct SiteUrls<'a> {
    home: String,
    catalog: String,
    skills: String,
    feed: String,
    roles_feed: String,
    api: String,
    highlight_css: String,
    search_index: String,
    /// Every theme asset's URL, by its path in the theme (`style.css`, `favicon.svg`, `search.js`).
    assets: BTreeMap<&'a str, String>,
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

/// What every template sees (`site`, `t` and `nav`), added to `context` (a root context).
pub(super) fn globals(
    catalog: &Catalog,
    theme: &Theme,
    urls: &Urls,
    mut context: PageContext<'static>,
) -> PageContext<'static> {
    let config = &catalog.config;
    let site = SiteGlobals {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        base_url: config.base_url.as_str(),
        base_path: urls.base_path(),
        image: config.image.as_ref().map(|i| super::json_ld::static_url(urls, &i.path)),
        build_date: catalog.build_date.to_string(),
        counts: Counts {
            modules: catalog.modules.len(),
            projects: catalog.projects.len(),
            employers: catalog.employers.len(),
            roles: catalog.open_role_ixs().count(),
            programmes: catalog.programmes.len(),
            skills: catalog.skills.len(),
        },
        urls: SiteUrls {
            home: urls.home(),
            catalog: urls.catalog(),
            skills: urls.skills(),
            feed: urls.feed(),
            roles_feed: urls.roles_feed(),
            api: urls.api("catalog"),
            highlight_css: urls.highlight_css(),
            search_index: urls.search_index(),
            assets: theme.assets.keys().map(|name| (name.as_str(), urls.theme_asset(name))).collect(),
        },
    };
    let word = |key: &str, fallback: &str| theme.strings.get(key).cloned().unwrap_or_else(|| fallback.to_owned());
    let mut nav = vec![NavItem { title: word("catalog", "Catalog"), url: urls.catalog() }];
    nav.extend(catalog.programmes.iter().map(|g| NavItem { title: g.title.clone(), url: urls.programme(&g.id) }));
    nav.push(NavItem { title: word("skills", "Skills"), url: urls.skills() });
    nav.extend(catalog.pages.iter().map(|p| NavItem { title: p.title.clone(), url: urls.page(&p.id) }));
    context.insert_global("site", &site);
    context.insert_global("t", &theme.strings);
    context.insert_global("nav", &nav);
    context
}
