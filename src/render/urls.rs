//! Where each record is published: URL paths under the base URL, and output files.

use crate::config::SiteConfig;
use crate::ids::{EmployerId, ModuleId, PageId, ProgrammeId, ProjectId, RoleId, SkillSlug};
use crate::markdown::InternalLink;

/// The search index's folder in the output: every file of the index is under it.
pub const SEARCH_FOLDER: &str = "search/";

/// The page served for unknown paths, in the output.
pub const NOT_FOUND_FILE: &str = "404.html";

/// The output file of `relative`, a URL path under the base path: a folder's is its
/// `index.html` (`modules/x/` → `modules/x/index.html`, `` → `index.html`).
pub fn output_file_of(relative: &str) -> String {
    if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_owned() }
}

/// Builds the site's URLs. Every path includes the base URL's path.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    origin: String,
}

impl Urls {
    /// URLs for a site published at `config.base_url`.
    pub fn new(config: &SiteConfig) -> Self {
        let full = config.base_url.as_str();
        let base_path = config.base_path().to_owned();
        let origin = full.strip_suffix(base_path.as_str()).unwrap_or(full).to_owned();
        Urls { base_path, origin }
    }

    /// The base path, e.g. `/catalogue/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The path of a page under the base path: `modules/x/` → `/catalogue/modules/x/`.
    fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.base_path)
    }

    /// The absolute URL of a path returned by this type.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The output file of a path returned by this type: `/catalogue/modules/x/` → `modules/x/index.html`.
    pub fn output_file(&self, path: &str) -> String {
        output_file_of(path.strip_prefix(&self.base_path).unwrap_or(path))
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.path("")
    }

    /// The catalog page, which lists the first page of every kind.
    pub fn catalog(&self) -> String {
        self.path("catalog/")
    }

    /// The page listing every skill.
    pub fn skills(&self) -> String {
        self.path("skills/")
    }

    /// The page served for unknown paths.
    pub fn not_found(&self) -> String {
        self.path(NOT_FOUND_FILE)
    }

    /// The search index's folder, which the catalog page's script reads.
    pub fn search_index(&self) -> String {
        self.path(SEARCH_FOLDER)
    }

    /// The search index's manifest, which names its generation folder.
    pub fn search_manifest(&self) -> String {
        format!("{}manifest.bin", self.search_index())
    }

    /// The file `name` of the search index's generation `generation`.
    pub fn search_file(&self, generation: &str, name: &str) -> String {
        format!("{}{generation}/{name}", self.search_index())
    }

    /// A file of `content/static/`, by its path there (static files keep their paths).
    pub fn static_file(&self, path: &str) -> String {
        self.path(path)
    }

    /// A theme asset (`style.css`, `favicon.svg`, `search.js`, …), by its path in the
    /// theme's `static/` folder (or the bundled script's name).
    pub fn theme_asset(&self, name: &str) -> String {
        self.path(name)
    }

    /// The crawlers' rules.
    pub fn robots(&self) -> String {
        self.path("robots.txt")
    }

    /// The syntax highlighting style sheet.
    pub fn highlight_css(&self) -> String {
        self.path("highlight.css")
    }

    /// A module's page.
    pub fn module(&self, id: &ModuleId) -> String {
        self.path(&format!("modules/{id}/"))
    }

    /// A project's page.
    pub fn project(&self, id: &ProjectId) -> String {
        self.path(&format!("projects/{id}/"))
    }

    /// An employer's page.
    pub fn employer(&self, id: &EmployerId) -> String {
        self.path(&format!("employers/{id}/"))
    }

    /// A role's page, under its employer's.
    pub fn role(&self, employer: &EmployerId, role: &RoleId) -> String {
        self.path(&format!("employers/{employer}/{role}/"))
    }

    /// A programme's page.
    pub fn programme(&self, id: &ProgrammeId) -> String {
        self.path(&format!("programmes/{id}/"))
    }

    /// A free page, at the top level.
    pub fn page(&self, id: &PageId) -> String {
        self.path(&format!("{id}/"))
    }

    /// A skill's page, under the page listing every skill (the search index gives the
    /// browser [`Urls::skills`] to make skill URLs the same way).
    pub fn skill(&self, slug: &SkillSlug) -> String {
        format!("{}{slug}/", self.skills())
    }

    /// Page `page` (from 1) of the catalog's list of `kind`: page 1 is the kind's section of
    /// `/catalog/`, the others `/catalog/<kind>/<page>/`.
    pub fn catalog_list(&self, kind: &str, page: usize) -> String {
        match page {
            1 => format!("{}#{kind}", self.catalog()),
            _ => self.path(&format!("catalog/{kind}/{page}/")),
        }
    }

    /// Page `page` (from 1) of a skill's list of `kind`: page 1 is the kind's section of the
    /// skill's page, the others `/skills/<slug>/<kind>/<page>/`.
    pub fn skill_list(&self, slug: &SkillSlug, kind: &str, page: usize) -> String {
        match page {
            1 => format!("{}#{kind}", self.skill(slug)),
            _ => self.path(&format!("skills/{slug}/{kind}/{page}/")),
        }
    }

    /// The sitemap index, `sitemap.xml`, which `robots.txt` names.
    pub fn sitemap_index(&self) -> String {
        self.path("sitemap.xml")
    }

    /// The `n`th sitemap (from 1) the index lists.
    pub fn sitemap_part(&self, n: usize) -> String {
        self.path(&format!("sitemaps/{n}.xml"))
    }

    /// The site's Atom feed: the newest modules and open roles.
    pub fn feed(&self) -> String {
        self.path("atom.xml")
    }

    /// The Atom feed of the newest open roles.
    pub fn roles_feed(&self) -> String {
        self.path("roles.atom.xml")
    }

    /// The Atom feed of a programme's newest modules, beside its page.
    pub fn programme_feed(&self, id: &ProgrammeId) -> String {
        self.path(&format!("programmes/{id}/atom.xml"))
    }

    /// One file of the JSON API: `api/{name}.json`.
    pub fn api(&self, name: &str) -> String {
        self.path(&format!("api/{name}.json"))
    }

    /// The JSON Schema of the content file kind `name` (`module`, `site`, …):
    /// `api/schema/content/{name}.json`.
    pub fn content_schema(&self, name: &str) -> String {
        self.path(&format!("api/schema/content/{name}.json"))
    }

    /// The JSON Schema of the API file `name`: `api/schema/{name}.json`.
    pub fn api_schema(&self, name: &str) -> String {
        self.path(&format!("api/schema/{name}.json"))
    }

    /// The URL an internal link `@/kind/id.md#anchor` points to. Linking has checked it exists.
    pub fn internal_link(&self, link: &InternalLink) -> Option<String> {
        let (folder, name) = link.target.split_once('/')?;
        let id = name.strip_suffix(".md")?;
        let path = match folder {
            "pages" => self.path(&format!("{id}/")),
            "modules" | "projects" | "employers" | "programmes" => self.path(&format!("{folder}/{id}/")),
            _ => return None,
        };
        Some(match &link.anchor {
            Some(anchor) => format!("{path}#{anchor}"),
            None => path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base: &str) -> Urls {
        let config = crate::config::parse(&format!("title: T\nbase_url: {base}\n"), "site.yaml", None).unwrap();
        Urls::new(&config)
    }

    #[test]
    fn paths_include_the_base_path() {
        let urls = urls("https://example.org/catalogue/");
        assert_eq!(urls.module(&ModuleId::parse("nlp").unwrap()), "/catalogue/modules/nlp/");
    }

    #[test]
    fn permalinks_are_absolute() {
        let urls = urls("https://example.org/catalogue");
        assert_eq!(urls.permalink("/catalogue/modules/nlp/"), "https://example.org/catalogue/modules/nlp/");
    }

    #[test]
    fn folder_paths_are_written_as_index_files() {
        let urls = urls("https://example.org/catalogue/");
        assert_eq!(urls.output_file("/catalogue/modules/nlp/"), "modules/nlp/index.html");
        assert_eq!(urls.output_file("/catalogue/"), "index.html");
        assert_eq!(urls.output_file(&urls.search_manifest()), "search/manifest.bin");
        assert_eq!(urls.output_file(&urls.not_found()), NOT_FOUND_FILE);
    }

    #[test]
    fn the_search_index_is_one_folder() {
        let urls = urls("https://example.org/c/");
        assert_eq!(urls.search_index(), format!("/c/{SEARCH_FOLDER}"));
        assert!(urls.search_manifest().starts_with(&urls.search_index()));
        assert!(urls.search_file("ab12", "hours.bin").starts_with(&urls.search_index()));
    }

    #[test]
    fn a_lists_first_page_is_a_section_and_the_others_are_pages_of_their_own() {
        let urls = urls("https://example.org/c/");
        let slug = SkillSlug::of("Machine learning").unwrap();
        assert_eq!(urls.catalog_list("modules", 1), "/c/catalog/#modules");
        assert_eq!(urls.catalog_list("modules", 2), "/c/catalog/modules/2/");
        assert_eq!(urls.skill_list(&slug, "roles", 1), "/c/skills/machine-learning/#roles");
        assert_eq!(urls.skill_list(&slug, "roles", 3), "/c/skills/machine-learning/roles/3/");
    }

    #[test]
    fn internal_links_keep_their_anchor() {
        let urls = urls("https://example.org/");
        let link = InternalLink { target: "pages/faq.md".into(), anchor: Some("fees".into()), span: 0..0 };
        assert_eq!(urls.internal_link(&link).as_deref(), Some("/faq/#fees"));
    }
}
