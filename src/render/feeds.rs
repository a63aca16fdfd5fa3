//! Machine-readable files: `sitemap.xml`, `atom.xml`, `robots.txt`.

use std::fmt::Write as _;

use super::urls::Urls;
use crate::escape;
use crate::link::catalog::*;

/// The sitemap: one absolute URL per HTML page.
pub fn sitemap(urls: &Urls, paths: &[String]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        let _ = writeln!(out, "  <url><loc>{}</loc></url>", escape::xml(&urls.permalink(path)));
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`, pointing crawlers at the sitemap.
pub fn robots(urls: &Urls) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls.permalink(&urls.path("sitemap.xml")))
}

struct Entry {
    title: String,
    url: String,
    updated: jiff::civil::Date,
    summary: String,
    category: &'static str,
}

/// The Atom feed of modules and open roles, newest first.
pub fn atom(catalog: &Catalog, urls: &Urls) -> String {
    let mut entries: Vec<Entry> = catalog
        .module_ixs()
        .map(|m| {
            let module = &catalog[m];
            Entry {
                title: module.title.clone(),
                url: urls.permalink(&urls.module(&module.id)),
                updated: module.updated.unwrap_or(catalog.build_date),
                summary: module.summary.clone(),
                category: "module",
            }
        })
        .collect();
    for r in catalog.open_role_ixs() {
        let (employer, role) = (&catalog[r.employer], &catalog[r]);
        entries.push(Entry {
            title: format!("{} — {}", role.title, employer.name),
            url: urls.permalink(&urls.role(&employer.id, &role.id)),
            updated: role.posted.unwrap_or(catalog.build_date),
            summary: role.summary.clone().unwrap_or_else(|| employer.summary.clone()),
            category: "role",
        });
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(catalog.build_date);
    let home = urls.permalink(&urls.path(""));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape::xml(&catalog.config.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", escape::xml(&catalog.config.title));
    let _ = writeln!(out, "  <id>{}</id>", escape::xml(&home));
    let _ = writeln!(out, "  <link href=\"{}\"/>", escape::xml(&home));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", escape::xml(&urls.permalink(&urls.path("atom.xml"))));
    let _ = writeln!(out, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape::xml(&catalog.config.title));
    for e in &entries {
        out.push_str("  <entry>\n");
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
