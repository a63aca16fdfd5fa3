//! Where each record is published: URL paths under the base URL, and output files.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::hash::hash_of;
use crate::ids::{EmployerId, Lang, ModuleId, PageId, ProgrammeId, ProjectId, RoleId, SkillSlug};
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

/// Builds one language's URLs. Every path includes the base URL's path; the default
/// language's pages are at the top, another language's under `<lang>/`, and the files the
/// whole site shares (the API, the sitemaps, static files, theme assets) at the top.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    origin: String,
    /// `` for the default language, `fr/` for French.
    prefix: String,
    /// The records with no page in this language, by their path under a language's
    /// folder (`modules/x/`), with the prefix of the language their page is in.
    elsewhere: Arc<HashMap<String, String>>,
    /// What the URLs depend on beyond the base path, hashed (see [`Urls::key`]).
    placement: u64,
}

impl Urls {
    /// The default language's URLs for a site published at `config.base_url`.
    pub fn new(config: &SiteConfig) -> Self {
        Self::in_language(config, &config.language, HashMap::new())
    }

    /// The URLs of `lang`'s pages, where the records of `elsewhere` (each record's path under
    /// a language's folder, `modules/x/`, with the language of its page) link to their page
    /// in that language.
    pub fn in_language(config: &SiteConfig, lang: &Lang, elsewhere: HashMap<String, String>) -> Self {
        let full = config.base_url.as_str();
        let base_path = config.base_path().to_owned();
        let origin = full.strip_suffix(base_path.as_str()).unwrap_or(full).to_owned();
        let prefix = |lang: &str| if lang == &*config.language { String::new() } else { format!("{lang}/") };
        let elsewhere: HashMap<String, String> =
            elsewhere.into_iter().map(|(path, lang)| (path, prefix(&lang))).collect();
        let placement = hash_of(&(prefix(lang), elsewhere.iter().collect::<BTreeMap<_, _>>()));
        Urls { base_path, origin, prefix: prefix(lang), elsewhere: Arc::new(elsewhere), placement }
    }

    /// The base path, e.g. `/catalogue/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// What the URLs made by this value depend on (the base path, the language, where each
    /// record's page is), the latter hashed: two with the same key make the same URLs.
    pub fn key(&self) -> (&str, u64) {
        (&self.base_path, self.placement)
    }

    /// The path of a file the whole site shares, under the base path: `api/x.json` → `/catalogue/api/x.json`.
    fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.base_path)
    }

    /// The path of a page of this language: `catalog/` → `/catalogue/fr/catalog/`.
    fn lang_path(&self, relative: &str) -> String {
        format!("{}{}{relative}", self.base_path, self.prefix)
    }

    /// The path of a record's page, `relative` under a language's folder: in this language,
    /// or in its own when it has no page in this one.
    fn record(&self, relative: String) -> String {
        let prefix = self.elsewhere.get(&relative).unwrap_or(&self.prefix);
        format!("{}{prefix}{relative}", self.base_path)
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
        self.lang_path("")
    }

    /// The catalog page, which lists the first page of every kind.
    pub fn catalog(&self) -> String {
        self.lang_path("catalog/")
    }

    /// The page listing every skill.
    pub fn skills(&self) -> String {
        self.lang_path("skills/")
    }

    /// The page served for unknown paths.
    pub fn not_found(&self) -> String {
        self.lang_path(NOT_FOUND_FILE)
    }

    /// The search index's folder, which the catalog page's script reads.
    pub fn search_index(&self) -> String {
        self.lang_path(SEARCH_FOLDER)
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
        self.record(format!("modules/{id}/"))
    }

    /// A project's page.
    pub fn project(&self, id: &ProjectId) -> String {
        self.record(format!("projects/{id}/"))
    }

    /// An employer's page.
    pub fn employer(&self, id: &EmployerId) -> String {
        self.record(format!("employers/{id}/"))
    }

    /// A role's page, under its employer's.
    pub fn role(&self, employer: &EmployerId, role: &RoleId) -> String {
        self.record(format!("employers/{employer}/{role}/"))
    }

    /// A programme's page.
    pub fn programme(&self, id: &ProgrammeId) -> String {
        self.record(format!("programmes/{id}/"))
    }

    /// A free page, at the top level.
    pub fn page(&self, id: &PageId) -> String {
        self.record(format!("{id}/"))
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
            _ => self.lang_path(&format!("catalog/{kind}/{page}/")),
        }
    }

    /// Page `page` (from 1) of a skill's list of `kind`: page 1 is the kind's section of the
    /// skill's page, the others `/skills/<slug>/<kind>/<page>/`.
    pub fn skill_list(&self, slug: &SkillSlug, kind: &str, page: usize) -> String {
        match page {
            1 => format!("{}#{kind}", self.skill(slug)),
            _ => self.lang_path(&format!("skills/{slug}/{kind}/{page}/")),
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
        self.lang_path("atom.xml")
    }

    /// The Atom feed of the newest open roles.
    pub fn roles_feed(&self) -> String {
        self.lang_path("roles.atom.xml")
    }

    /// The Atom feed of a programme's newest modules, beside its page.
    pub fn programme_feed(&self, id: &ProgrammeId) -> String {
        self.lang_path(&format!("programmes/{id}/atom.xml"))
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
            "pages" => self.record(format!("{id}/")),
            "modules" | "projects" | "employers" | "programmes" => self.record(format!("{folder}/{id}/")),
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

    fn french(base: &str, elsewhere: &[(&str, &str)]) -> Urls {
        let yaml = format!("title: T\nbase_url: {base}\nlanguages: {{fr: {{title: F}}}}\n");
        let config = crate::config::parse(&yaml, "site.yaml", None).unwrap();
        let elsewhere = elsewhere.iter().map(|(path, lang)| ((*path).to_owned(), (*lang).to_owned())).collect();
        Urls::in_language(&config, &Lang::parse("fr").unwrap(), elsewhere)
    }

    #[test]
    fn another_languages_pages_are_under_its_folder_and_the_shared_files_at_the_top() {
        let urls = french("https://example.org/c/", &[]);
        assert_eq!(urls.home(), "/c/fr/");
        assert_eq!(urls.catalog_list("modules", 2), "/c/fr/catalog/modules/2/");
        assert_eq!(urls.module(&ModuleId::parse("nlp").unwrap()), "/c/fr/modules/nlp/");
        assert_eq!(urls.feed(), "/c/fr/atom.xml");
        assert_eq!(urls.search_index(), "/c/fr/search/");
        assert_eq!(urls.output_file(&urls.catalog()), "fr/catalog/index.html");
        assert_eq!(urls.api("catalog"), "/c/api/catalog.json");
        assert_eq!(urls.sitemap_index(), "/c/sitemap.xml");
        assert_eq!(urls.theme_asset("style.css"), "/c/style.css");
    }

    #[test]
    fn a_record_without_a_page_in_the_language_links_to_its_page_in_its_own() {
        let urls = french("https://example.org/", &[("modules/nlp/", "en"), ("employers/acme/dev/", "en")]);
        assert_eq!(urls.module(&ModuleId::parse("nlp").unwrap()), "/modules/nlp/");
        assert_eq!(urls.module(&ModuleId::parse("cv").unwrap()), "/fr/modules/cv/");
        let acme = EmployerId::parse("acme").unwrap();
        assert_eq!(urls.employer(&acme), "/fr/employers/acme/");
        assert_eq!(urls.role(&acme, &RoleId::parse("dev").unwrap()), "/employers/acme/dev/");
        let link = InternalLink { target: "modules/nlp.md".into(), anchor: Some("intro".into()), span: 0..0 };
        assert_eq!(urls.internal_link(&link).as_deref(), Some("/modules/nlp/#intro"));
    }

    #[test]
    fn urls_placing_records_differently_have_different_keys() {
        let plain = french("https://example.org/", &[]);
        let placed = french("https://example.org/", &[("modules/nlp/", "en")]);
        assert_ne!(plain.key(), placed.key());
        assert_ne!(plain.key(), urls("https://example.org/").key());
    }

    #[test]
    fn internal_links_keep_their_anchor() {
        let urls = urls("https://example.org/");
        let link = InternalLink { target: "pages/faq.md".into(), anchor: Some("fees".into()), span: 0..0 };
        assert_eq!(urls.internal_link(&link).as_deref(), Some("/faq/#fees"));
    }
}
