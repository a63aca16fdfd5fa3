//! What every template sees: the site (`site`), the theme's words (`t`) and the navigation (`nav`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::PageContext;
use super::language::LanguageSite;
use super::theme::Theme;

#[derive(Serialize)]
struct SiteGlobals<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    /// Every language of the site, the default first.
    languages: Vec<LanguageEntry>,
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
    /// The language of the title, where it is not the page's (a page with no version in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
}

/// A language of the site, as `site.languages` lists it.
#[derive(Serialize)]
struct LanguageEntry {
    code: String,
    /// Its name in itself (`français`).
    autonym: String,
    /// Its home page.
    home: String,
}

/// What every template sees (`site`, `t` and `nav`) on `site`'s pages, added to `context` (a root context).
pub(super) fn globals(
    language: &LanguageSite<'_>,
    sites: &[LanguageSite<'_>],
    theme: &Theme,
    mut context: PageContext<'static>,
) -> PageContext<'static> {
    let (catalog, urls) = (language.catalog(), &language.urls);
    let config = &catalog.config;
    let site = SiteGlobals {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        languages: sites
            .iter()
            .map(|s| LanguageEntry {
                code: s.lang.to_string(),
                autonym: s.lang.autonym().to_owned(),
                home: s.urls.home(),
            })
            .collect(),
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
    let strings = language.strings(theme);
    let word = |key: &str, fallback: &str| strings.get(key).cloned().unwrap_or_else(|| fallback.to_owned());
    let item = |title: &str, url: String, lang: Option<&str>| NavItem {
        title: title.to_owned(),
        url,
        lang: lang.map(str::to_owned),
    };
    let shown = &language.shown;
    let mut nav = vec![item(&word("catalog", "Catalog"), urls.catalog(), None)];
    nav.extend(
        catalog.programmes.iter().zip(&shown.programmes).map(|(g, &lang)| item(&g.title, urls.programme(&g.id), lang)),
    );
    nav.push(item(&word("skills", "Skills"), urls.skills(), None));
    nav.extend(catalog.pages.iter().zip(&shown.pages).map(|(p, &lang)| item(&p.title, urls.page(&p.id), lang)));
    context.insert_global("site", &site);
    context.insert_global("t", strings);
    context.insert_global("nav", &nav);
    context
}
