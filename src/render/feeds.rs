//! Machine-readable files: the sitemap index and its sitemaps, the Atom feeds, `robots.txt`.
//!
//! Each is bounded whatever the catalog's size: a sitemap holds at most the protocol's
//! 50,000 URLs and 50 MB (more pages make more sitemaps), and a feed holds the newest
//! `feed_limit` entries (readers fetch feeds often; the catalog is in the sitemap and the API).

use std::fmt::Write as _;

use jiff::civil::Date;

use super::Plan;
use super::language::LanguageSite;
use super::urls::Urls;
use crate::escape;
use crate::link::catalog::*;

/// How much one sitemap file may hold.
#[derive(Debug, Clone, Copy)]
pub struct SitemapLimits {
    /// URLs per file.
    pub urls: usize,
    /// Bytes per file (uncompressed).
    pub bytes: usize,
}

/// The sitemaps.org protocol's limits: 50,000 URLs and 50 MB (52,428,800 bytes) per file.
pub const SITEMAP_LIMITS: SitemapLimits = SitemapLimits { urls: 50_000, bytes: 52_428_800 };

const SITEMAP_HEAD: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
/// The head of a sitemap whose pages have versions in other languages (`xhtml:link`).
const SITEMAP_HEAD_XHTML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const SITEMAP_TAIL: &str = "</urlset>\n";

/// A page the sitemap lists: its URL path and when its records last changed, if known.
#[derive(Debug, Clone)]
pub struct SitemapPage {
    /// The page's URL path, as [`Urls`] makes it.
    pub path: String,
    /// The newest `updated` (or `posted`) date of what the page shows.
    pub lastmod: Option<Date>,
    /// The page's versions in every language (this one too) as (language, URL path), when
    /// it has several.
    pub alternates: Vec<(String, String)>,
}

/// When the records a page shows last changed: a module's `updated`, the newest `posted`
/// of an employer's roles, the newest `updated` of a programme's modules.
pub fn lastmod(catalog: &Catalog, plan: Plan) -> Option<Date> {
    match plan {
        Plan::Module(m) => catalog[m].updated,
        Plan::Employer(e) => catalog[e].roles.iter().filter_map(|r| r.posted).max(),
        Plan::Programme(g) => catalog[g].modules.iter().filter_map(|&m| catalog[m].updated).max(),
        _ => None,
    }
}

/// The sitemap files: `sitemap.xml`, an index of `sitemaps/1.xml`, `sitemaps/2.xml`, …,
/// each holding the pages in order within `limits`. Returns (output path, text) pairs.
pub fn sitemaps(urls: &Urls, pages: &[SitemapPage], limits: SitemapLimits) -> Vec<(String, String)> {
    let mut parts: Vec<(String, Option<Date>)> = Vec::new();
    let mut files = Vec::new();
    let head = if pages.iter().any(|p| !p.alternates.is_empty()) { SITEMAP_HEAD_XHTML } else { SITEMAP_HEAD };
    let mut part = String::from(head);
    let (mut count, mut newest) = (0, None);
    for page in pages {
        let line = url_line(urls, page);
        let full = count == limits.urls || part.len() + line.len() + SITEMAP_TAIL.len() > limits.bytes;
        if full && count > 0 {
            finish_part(urls, head, &mut part, newest, &mut parts, &mut files);
            (count, newest) = (0, None);
        }
        part.push_str(&line);
        count += 1;
        newest = newest.max(page.lastmod);
    }
    if count > 0 {
        finish_part(urls, head, &mut part, newest, &mut parts, &mut files);
    }
    files.insert(0, (urls.output_file(&urls.sitemap_index()), sitemap_index(urls, &parts)));
    files
}

/// A page's `<url>` entry, with an `xhtml:link` to each of its versions (itself too, as the
/// protocol's extension asks).
fn url_line(urls: &Urls, page: &SitemapPage) -> String {
    let loc = escape::xml(&urls.permalink(&page.path));
    let mut line = format!("  <url><loc>{loc}</loc>");
    if let Some(date) = page.lastmod {
        _ = write!(line, "<lastmod>{date}</lastmod>");
    }
    for (lang, path) in &page.alternates {
        let href = escape::xml(&urls.permalink(path));
        _ = write!(line, "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>", escape::xml(lang));
    }
    line.push_str("</url>\n");
    line
}

/// Closes the sitemap being filled, files it as the next part and starts the one after.
fn finish_part(
    urls: &Urls,
    head: &str,
    part: &mut String,
    newest: Option<Date>,
    parts: &mut Vec<(String, Option<Date>)>,
    files: &mut Vec<(String, String)>,
) {
    part.push_str(SITEMAP_TAIL);
    let path = urls.sitemap_part(parts.len() + 1);
    files.push((urls.output_file(&path), std::mem::replace(part, String::from(head))));
    parts.push((path, newest));
}

fn sitemap_index(urls: &Urls, parts: &[(String, Option<Date>)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, newest) in parts {
        let loc = escape::xml(&urls.permalink(path));
        match newest {
            Some(date) => _ = writeln!(out, "  <sitemap><loc>{loc}</loc><lastmod>{date}</lastmod></sitemap>"),
            None => _ = writeln!(out, "  <sitemap><loc>{loc}</loc></sitemap>"),
        }
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// `robots.txt`, pointing crawlers at the sitemap index.
pub fn robots(urls: &Urls) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.permalink(&urls.sitemap_index()))
}

/// One entry of a feed.
struct Entry {
    /// The language of its text where it is not the feed's (a record with no version in it).
    lang: Option<String>,
    title: String,
    url: String,
    updated: Date,
    summary: String,
    category: &'static str,
}

/// A feed: what it is about and its entries, newest first.
struct Feed {
    title: String,
    /// Its stable identifier (an absolute URL).
    id: String,
    /// Its own URL path.
    path: String,
    /// The URL path of the page it belongs to.
    page: String,
    entries: Vec<Entry>,
}

/// Every Atom feed of `site`'s language as (output path, text): `atom.xml` (the newest modules
/// and open roles), `roles.atom.xml` (the newest open roles, titled `open_roles`, the theme's
/// words for them) and one per programme with a page in the language (its newest modules).
/// An entry whose record has no version in the language is in its own, and says so (`xml:lang`).
pub(super) fn feeds(site: &LanguageSite<'_>, open_roles: &str) -> Vec<(String, String)> {
    let (catalog, urls) = (site.catalog(), &site.urls);
    let limit = catalog.config.feed_limit;
    let title = &catalog.config.title;
    let modules = newest_modules(catalog, catalog.module_ixs(), limit);
    let roles = newest_roles(catalog, limit);
    let mut everything: Vec<Entry> =
        modules.into_iter().map(|m| module_entry(site, m)).chain(roles.iter().map(|&r| role_entry(site, r))).collect();
    everything.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    everything.truncate(limit);
    let home = urls.home();
    let mut feeds = vec![
        Feed {
            title: title.clone(),
            id: urls.permalink(&home),
            path: urls.feed(),
            page: home.clone(),
            entries: everything,
        },
        Feed {
            title: format!("{open_roles} · {title}"),
            id: urls.permalink(&urls.roles_feed()),
            path: urls.roles_feed(),
            page: home,
            entries: roles.into_iter().map(|r| role_entry(site, r)).collect(),
        },
    ];
    let programmes = (0..catalog.programmes.len()).map(ProgrammeIx).filter(|&g| site.has_page(g));
    feeds.extend(programmes.map(|g| programme_feed(site, g)));
    feeds.iter().map(|feed| (urls.output_file(&feed.path), atom(catalog, urls, feed))).collect()
}

/// The URL paths of the feeds [`feeds`] makes, in its order, without making them.
pub(super) fn paths(site: &LanguageSite<'_>) -> Vec<String> {
    let (catalog, urls) = (site.catalog(), &site.urls);
    let programmes = (0..catalog.programmes.len())
        .map(ProgrammeIx)
        .filter(|&g| site.has_page(g))
        .map(|g| urls.programme_feed(&catalog[g].id));
    [urls.feed(), urls.roles_feed()].into_iter().chain(programmes).collect()
}

fn programme_feed(site: &LanguageSite<'_>, g: ProgrammeIx) -> Feed {
    let (catalog, urls) = (site.catalog(), &site.urls);
    let programme = &catalog[g];
    let modules = newest_modules(catalog, programme.modules.iter().copied(), catalog.config.feed_limit);
    let path = urls.programme_feed(&programme.id);
    Feed {
        title: format!("{} · {}", programme.title, catalog.config.title),
        id: urls.permalink(&path),
        path,
        page: urls.programme(&programme.id),
        entries: modules.into_iter().map(|m| module_entry(site, m)).collect(),
    }
}

/// The `limit` most recently updated modules, ties in id order (modules without a date last).
fn newest_modules(catalog: &Catalog, modules: impl Iterator<Item = ModuleIx>, limit: usize) -> Vec<ModuleIx> {
    let mut modules: Vec<ModuleIx> = modules.collect();
    modules.sort_by(|&a, &b| catalog[b].updated.cmp(&catalog[a].updated).then(a.cmp(&b)));
    modules.truncate(limit);
    modules
}

/// The `limit` most recently posted open roles, ties in employer then list order.
fn newest_roles(catalog: &Catalog, limit: usize) -> Vec<RoleIx> {
    let mut roles: Vec<RoleIx> = catalog.open_role_ixs().collect();
    roles.sort_by(|&a, &b| catalog[b].posted.cmp(&catalog[a].posted).then(a.cmp(&b)));
    roles.truncate(limit);
    roles
}

fn module_entry(site: &LanguageSite<'_>, m: ModuleIx) -> Entry {
    let (catalog, urls) = (site.catalog(), &site.urls);
    let module = &catalog[m];
    Entry {
        lang: site.shown.module(m).map(str::to_owned),
        title: module.title.clone(),
        url: urls.permalink(&urls.module(&module.id)),
        updated: module.updated.unwrap_or(catalog.build_date),
        summary: module.summary.clone(),
        category: "module",
    }
}

fn role_entry(site: &LanguageSite<'_>, r: RoleIx) -> Entry {
    let (catalog, urls) = (site.catalog(), &site.urls);
    let (employer, role) = (&catalog[r.employer], &catalog[r]);
    Entry {
        lang: site.shown.role(r).map(str::to_owned),
        title: format!("{} — {}", role.title, employer.name),
        url: urls.permalink(&urls.role(&employer.id, &role.id)),
        updated: role.posted.unwrap_or(catalog.build_date),
        summary: role.summary.clone().unwrap_or_else(|| employer.summary.clone()),
        category: "role",
    }
}

/// The Atom (RFC 4287) text of a feed.
fn atom(catalog: &Catalog, urls: &Urls, feed: &Feed) -> String {
    let updated = feed.entries.iter().map(|e| e.updated).max().unwrap_or(catalog.build_date);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape::xml(&catalog.config.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", escape::xml(&feed.title));
    let _ = writeln!(out, "  <id>{}</id>", escape::xml(&feed.id));
    let _ = writeln!(out, "  <link href=\"{}\"/>", escape::xml(&urls.permalink(&feed.page)));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", escape::xml(&urls.permalink(&feed.path)));
    let _ = writeln!(out, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape::xml(&catalog.config.title));
    for e in &feed.entries {
        match &e.lang {
            Some(lang) => _ = writeln!(out, "  <entry xml:lang=\"{}\">", escape::xml(lang)),
            None => out.push_str("  <entry>\n"),
        }
        let _ = writeln!(out, "    <title>{}</title>", escape::xml(&e.title));
        let _ = writeln!(out, "    <id>{}</id>", escape::xml(&e.url));
        let _ = writeln!(out, "    <link href=\"{}\"/>", escape::xml(&e.url));
        let _ = writeln!(out, "    <updated>{}T00:00:00Z</updated>", e.updated);
        let _ = writeln!(out, "    <category term=\"{}\"/>", e.category);
        let _ = writeln!(out, "    <summary>{}</summary>", escape::xml(&e.summary));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> Urls {
        let config = crate::config::parse("title: T\nbase_url: https://example.org/c/\n", "site.yaml", None).unwrap();
        Urls::new(&config)
    }

    fn pages(n: usize) -> Vec<SitemapPage> {
        let date = |i: usize| Date::new(2026, 1, 1 + (i % 28) as i8).ok();
        (0..n)
            .map(|i| SitemapPage { path: format!("/c/modules/m{i:05}/"), lastmod: date(i), alternates: Vec::new() })
            .collect()
    }

    fn locs(text: &str) -> usize {
        text.matches("<loc>").count()
    }

    #[test]
    fn a_small_site_has_an_index_of_one_sitemap() {
        let files = sitemaps(&urls(), &pages(3), SITEMAP_LIMITS);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemaps/1.xml"]);
        assert!(files[0].1.contains("<sitemap><loc>https://example.org/c/sitemaps/1.xml</loc>"));
        assert_eq!(locs(&files[1].1), 3);
    }

    #[test]
    fn sitemaps_split_at_the_url_limit() {
        let files = sitemaps(&urls(), &pages(7), SitemapLimits { urls: 3, bytes: SITEMAP_LIMITS.bytes });
        let counts: Vec<usize> = files[1..].iter().map(|(_, text)| locs(text)).collect();
        assert_eq!(counts, [3, 3, 1]);
        assert_eq!(locs(&files[0].1), 3);
    }

    #[test]
    fn sitemaps_split_at_the_byte_limit() {
        let limits = SitemapLimits { urls: 1000, bytes: 400 };
        let files = sitemaps(&urls(), &pages(10), limits);
        assert!(files.len() > 2);
        assert!(files[1..].iter().all(|(_, text)| text.len() <= limits.bytes), "a part is over the limit");
        assert_eq!(files[1..].iter().map(|(_, text)| locs(text)).sum::<usize>(), 10);
    }

    /// Runs `xmllint --schema tests/schemas/{schema}` on `text`; `None` when xmllint is missing
    /// outside CI (see tests/machine_readable.rs).
    fn xsd_errors(schema: &str, text: &str) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file.xml");
        std::fs::write(&file, text).unwrap();
        let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas").join(schema);
        let run = std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(schema).arg(&file).output();
        let Ok(output) = run else {
            assert!(std::env::var_os("CI").is_none(), "xmllint is missing: CI must install it (see .ci/run)");
            eprintln!("SKIPPED: xmllint did not run (apt-get install libxml2-utils)");
            return None;
        };
        Some(String::from_utf8_lossy(&output.stderr).lines().filter(|l| !l.ends_with(" validates")).collect())
    }

    #[test]
    fn sixty_thousand_urls_make_two_sitemaps_valid_against_the_schemas() {
        let files = sitemaps(&urls(), &pages(60_000), SITEMAP_LIMITS);
        let counts: Vec<usize> = files[1..].iter().map(|(_, text)| locs(text)).collect();
        assert_eq!(counts, [50_000, 10_000]);
        if let Some(errors) = xsd_errors("siteindex.xsd", &files[0].1) {
            assert_eq!(errors, "");
            for (_, text) in &files[1..] {
                assert_eq!(xsd_errors("sitemap.xsd", text).unwrap_or_default(), "");
            }
        }
    }

    #[test]
    fn an_index_entry_carries_its_newest_lastmod() {
        let files = sitemaps(&urls(), &pages(30), SitemapLimits { urls: 10, bytes: SITEMAP_LIMITS.bytes });
        assert!(files[0].1.contains("/sitemaps/1.xml</loc><lastmod>2026-01-10</lastmod>"), "{}", files[0].1);
        assert!(files[0].1.contains("/sitemaps/3.xml</loc><lastmod>2026-01-28</lastmod>"), "{}", files[0].1);
    }
}
