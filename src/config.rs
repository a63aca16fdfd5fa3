//! `content/site.yaml`: the site's title, address, language and theme.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::ids::Lang;
use crate::yaml::{self, Origin, Spanned};

/// The site settings, validated.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Shown in every page's title and header.
    pub title: String,
    /// Absolute http(s) URL of the published site, always ending with `/`.
    pub base_url: url::Url,
    /// Used for the home page's meta description and the feed.
    pub description: Option<String>,
    /// The site's default language (`en`, `fr`, …): its pages keep the base URL's paths.
    pub language: Lang,
    /// The site's other languages, in `site.yaml`'s order, each living under `/<code>/`.
    pub languages: Vec<LanguageSite>,
    /// Name of the theme folder under `themes/`.
    pub theme: String,
    /// The organisation behind the catalog: the `provider` of its courses and programmes.
    pub organization: Option<Organization>,
    /// The image shared links show (`og:image`), a file of `content/static/`.
    pub image: Option<StaticRef>,
    /// How many entries each Atom feed carries, newest first.
    pub feed_limit: usize,
}

/// One of the site's other languages and what changes in it.
#[derive(Debug, Clone)]
pub struct LanguageSite {
    /// Its code: the URL prefix (`/fr/`) and its pages' `lang`.
    pub code: Lang,
    /// The site's title in it (the default language's when not given).
    pub title: Option<String>,
    /// The site's description in it (the default language's when not given).
    pub description: Option<String>,
}

/// The organisation publishing the catalog, as search engines should know it.
#[derive(Debug, Clone)]
pub struct Organization {
    /// Its name.
    pub name: String,
    /// Its own website (the catalog's address when not given).
    pub url: Option<String>,
    /// Its logo, a file of `content/static/`.
    pub logo: Option<StaticRef>,
    /// Its other profiles (encyclopedia, social networks), absolute URLs.
    pub same_as: Vec<String>,
    /// The country it is based in.
    pub country: Option<crate::link::catalog::Country>,
}

/// A file of `content/static/` named in `site.yaml`; linking checks that it exists.
#[derive(Debug, Clone)]
pub struct StaticRef {
    /// Its path under `content/static/` (and in the output), `/`-separated.
    pub path: String,
    /// `site.yaml`'s path, for the error when the file is missing.
    pub file: String,
    /// Where the path is written.
    pub span: std::ops::Range<usize>,
}

/// How many entries a feed carries when `site.yaml` does not say: a reader fetches
/// feeds often, so a feed holds the news, not the catalog.
pub const DEFAULT_FEED_LIMIT: usize = 50;

impl SiteConfig {
    /// Every language of the site: the default first, then the others in `site.yaml`'s order.
    pub fn all_languages(&self) -> impl Iterator<Item = &Lang> {
        std::iter::once(&self.language).chain(self.languages.iter().map(|l| &l.code))
    }

    /// Whether the site has pages in `language`.
    pub fn declares(&self, language: &Lang) -> bool {
        self.all_languages().any(|l| l == language)
    }

    /// The site's title in `language`.
    pub fn title_in(&self, language: &Lang) -> &str {
        self.other(language).and_then(|l| l.title.as_deref()).unwrap_or(&self.title)
    }

    /// The site's description in `language`.
    pub fn description_in(&self, language: &Lang) -> Option<&str> {
        self.other(language).and_then(|l| l.description.as_deref()).or(self.description.as_deref())
    }

    fn other(&self, language: &Lang) -> Option<&LanguageSite> {
        self.languages.iter().find(|l| &l.code == language)
    }

    /// The path part of the base URL, starting and ending with `/` (e.g. `/catalogue/`).
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }
}

/// `content/site.yaml` as written (its JSON Schema is made from it: see `crate::schema`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFields {
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    base_url: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    description: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    language: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, LanguageFields>")]
    languages: yaml::Entries<LanguageFields>,
    #[schemars(with = "Option<String>")]
    theme: Option<Spanned<String>>,
    #[schemars(with = "Option<OrganizationFields>")]
    organization: Option<Spanned<OrganizationFields>>,
    #[schemars(with = "Option<String>")]
    image: Option<Spanned<String>>,
    #[schemars(with = "Option<usize>")]
    feed_limit: Option<Spanned<usize>>,
}

/// One entry of `languages`: what the site says differently in that language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LanguageFields {
    #[schemars(with = "Option<String>")]
    title: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    description: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct OrganizationFields {
    #[schemars(with = "Option<String>")]
    name: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    url: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    logo: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    same_as: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    country: Option<Spanned<String>>,
}

/// Parses and validates the text of `site.yaml`; `base_url` overrides the file's.
pub fn parse(text: &str, file: &str, base_url: Option<&str>) -> Result<SiteConfig, Vec<Diagnostic>> {
    let origin = Origin { file: file.to_owned(), base: 0 };
    let fields: ConfigFields = yaml::parse(text, &origin).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let title = fields.title.map(|t| t.value).filter(|t| !t.trim().is_empty());
    if title.is_none() {
        errors.push(origin.error_at_start("site.yaml has no `title`").hint("add `title: My catalog`"));
    }
    let url = match (base_url, &fields.base_url) {
        (Some(given), _) => parse_base_url(given).map_err(|m| {
            Diagnostic::error(format!("--base-url: {m}")).hint("give an absolute URL such as https://example.org/")
        }),
        (None, Some(written)) => parse_base_url(&written.value).map_err(|m| {
            origin.error_at(written, m).hint("write an absolute URL such as https://example.org/catalogue/")
        }),
        (None, None) => Err(origin
            .error_at_start("site.yaml has no `base_url`")
            .hint("add `base_url: https://example.org/`: it is needed for the sitemap, feed and canonical links")),
    };
    let language = default_language(&origin, fields.language.as_ref(), &mut errors);
    let languages = other_languages(&origin, &language, fields.languages, &mut errors);
    if let Some(theme) = fields.theme.as_ref().filter(|t| crate::ids::check_id(&t.value).is_err()) {
        let message = format!("invalid theme name `{}`", theme.value);
        errors.push(origin.error_at(theme, message).hint("theme names are folder names such as `default`"));
    }
    let theme = fields.theme.map_or_else(|| "default".to_owned(), |t| t.value);
    if let Some(limit) = fields.feed_limit.as_ref().filter(|l| l.value == 0) {
        errors.push(origin.error_at(limit, "feed_limit must be at least 1").hint("write `feed_limit: 50`, say"));
    }
    let feed_limit = fields.feed_limit.map_or(DEFAULT_FEED_LIMIT, |l| l.value);
    let base_url = url.map_err(|d| errors.push(d)).ok();
    let organization = fields.organization.and_then(|o| organization(&origin, o, &mut errors));
    let image = fields.image.and_then(|i| static_ref(&origin, &i, "image", &mut errors));
    match (title, base_url) {
        (Some(title), Some(base_url)) if errors.is_empty() => {
            let description = fields.description.map(|d| d.value);
            Ok(SiteConfig { title, base_url, description, language, languages, theme, organization, image, feed_limit })
        }
        _ => Err(errors),
    }
}

/// `language`: a known language code (`en` when not given).
fn default_language(origin: &Origin, written: Option<&Spanned<String>>, errors: &mut Vec<Diagnostic>) -> Lang {
    let english = || Lang::parse("en").expect("`en` is an ISO 639-1 code");
    let Some(written) = written else { return english() };
    language_code(origin, written, errors).unwrap_or_else(english)
}

/// `languages`: each a known code, none twice and none the default language.
fn other_languages(
    origin: &Origin,
    default: &Lang,
    entries: yaml::Entries<LanguageFields>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<LanguageSite> {
    let mut seen: Vec<LanguageSite> = Vec::new();
    for (key, fields) in entries.0 {
        let Some(code) = language_code(origin, &key, errors) else { continue };
        if &code == default || seen.iter().any(|l| l.code == code) {
            let d = origin.error_at(&key, format!("language `{code}` is declared twice"));
            let hint = if &code == default {
                format!("`{code}` is the site's default `language`; `languages` lists the others only")
            } else {
                format!("keep one `{code}` entry")
            };
            errors.push(d.hint(hint));
            continue;
        }
        let text = |t: Option<Spanned<String>>| t.map(|t| t.value).filter(|t| !t.trim().is_empty());
        seen.push(LanguageSite { code, title: text(fields.title), description: text(fields.description) });
    }
    seen
}

/// A language code: a BCP 47 primary subtag, i.e. an ISO 639-1 code (`en`, `fr`).
fn language_code(origin: &Origin, written: &Spanned<String>, errors: &mut Vec<Diagnostic>) -> Option<Lang> {
    let code = Lang::parse(&written.value);
    if code.is_none() {
        let d = origin.error_at(written, format!("unknown language code `{}`", written.value));
        errors.push(d.hint("write a two-letter ISO 639-1 code such as `en`, `fr` or `de`"));
    }
    code
}

/// The `organization` block: a name, and well-formed URLs, logo path and country.
fn organization(
    origin: &Origin,
    fields: Spanned<OrganizationFields>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Organization> {
    let o = &fields.value;
    let name = o.name.as_ref().map(|n| n.value.trim().to_owned()).filter(|n| !n.is_empty());
    if name.is_none() {
        let d = origin.error_at(&fields, "`organization` has no `name`");
        errors.push(d.hint("add `name: …`: the organisation's name, as search engines should show it"));
    }
    let url = o.url.as_ref().and_then(|u| absolute_url(origin, u, "organization.url", errors));
    let same_as = o.same_as.iter().filter_map(|u| absolute_url(origin, u, "organization.same_as", errors)).collect();
    let logo = o.logo.as_ref().and_then(|l| static_ref(origin, l, "organization.logo", errors));
    let country = o.country.as_ref().and_then(|c| {
        let country = crate::link::catalog::Country::parse(c.value.trim());
        if country.is_none() {
            let d = origin.error_at(c, format!("unknown country code `{}` in `organization.country`", c.value));
            errors.push(d.hint("use an ISO 3166-1 alpha-2 code such as US, GB (or UK) or FR"));
        }
        country
    });
    Some(Organization { name: name?, url, logo, same_as, country })
}

/// An absolute http(s) URL.
fn absolute_url(origin: &Origin, value: &Spanned<String>, field: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let text = value.value.trim();
    let ok = url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if !ok {
        let d = origin.error_at(value, format!("invalid URL `{text}` in `{field}`"));
        errors.push(d.hint("write an absolute http(s):// URL, e.g. https://example.org/"));
        return None;
    }
    Some(text.to_owned())
}

/// A path under `content/static/`: relative, `/`-separated, never leaving the folder.
fn static_ref(
    origin: &Origin,
    value: &Spanned<String>,
    field: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<StaticRef> {
    let path = value.value.trim().trim_start_matches('/');
    let safe = !path.is_empty() && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if !safe || path.contains('\\') {
        let d = origin.error_at(value, format!("invalid file path `{}` in `{field}`", value.value));
        errors.push(d.hint("name a file of content/static/, e.g. `logo.svg`"));
        return None;
    }
    Some(StaticRef { path: path.to_owned(), file: origin.file.clone(), span: origin.span(value) })
}

/// An absolute http(s) URL with a host, normalised to end with `/`.
fn parse_base_url(text: &str) -> Result<url::Url, String> {
    let mut url = url::Url::parse(text).map_err(|e| format!("invalid base_url `{text}`: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("base_url `{text}` must be an absolute http(s) URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("base_url `{text}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let config = parse("title: T\nbase_url: https://example.org/catalogue\n", "content/site.yaml", None).unwrap();
        assert_eq!(config.base_url.as_str(), "https://example.org/catalogue/");
        assert_eq!(config.base_path(), "/catalogue/");
    }

    #[test]
    fn language_and_theme_have_defaults() {
        let config = parse("title: T\nbase_url: https://example.org\n", "content/site.yaml", None).unwrap();
        assert_eq!((config.language.as_str(), config.theme.as_str()), ("en", "default"));
    }

    #[test]
    fn missing_title_and_base_url_are_both_reported() {
        let errors = parse("description: d\n", "content/site.yaml", None).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn relative_base_url_is_rejected_at_its_value() {
        let errors = parse("title: T\nbase_url: /docs/\n", "content/site.yaml", None).unwrap_err();
        assert!(errors[0].message.contains("invalid base_url"), "{:?}", errors[0]);
        assert_eq!(errors[0].location.as_ref().unwrap().span.start, 19);
    }

    #[test]
    fn invalid_theme_name_points_at_its_value() {
        let errors = parse("title: T\nbase_url: https://a.org/\ntheme: ../x\n", "content/site.yaml", None).unwrap_err();
        assert_eq!(errors[0].message, "invalid theme name `../x`");
        assert_eq!(errors[0].location.as_ref().unwrap().span.start, 41);
    }

    #[test]
    fn other_languages_keep_their_order_and_overrides() {
        let text = "title: T\nbase_url: https://a.org/\nlanguages:\n  fr: {title: Catalogue}\n  de: {}\n";
        let config = parse(text, "content/site.yaml", None).unwrap();
        let all: Vec<&str> = config.all_languages().map(|l| l.as_str()).collect();
        assert_eq!(all, ["en", "fr", "de"]);
        let (fr, de) = (Lang::parse("fr").unwrap(), Lang::parse("de").unwrap());
        assert_eq!((config.title_in(&fr), config.title_in(&de)), ("Catalogue", "T"));
    }

    #[test]
    fn unknown_language_code_is_reported_at_its_key() {
        let text = "title: T\nbase_url: https://a.org/\nlanguages:\n  fx: {title: X}\n";
        let errors = parse(text, "content/site.yaml", None).unwrap_err();
        assert_eq!(errors[0].message, "unknown language code `fx`");
        assert_eq!(errors[0].location.as_ref().unwrap().span, 47..49);
    }

    #[test]
    fn the_default_language_listed_again_is_a_duplicate() {
        let text = "title: T\nbase_url: https://a.org/\nlanguage: fr\nlanguages:\n  FR: {title: X}\n";
        let errors = parse(text, "content/site.yaml", None).unwrap_err();
        assert_eq!(errors[0].message, "language `fr` is declared twice");
        assert_eq!(errors[0].location.as_ref().unwrap().span, 60..62);
    }

    #[test]
    fn feed_limit_defaults_to_fifty() {
        let config = parse("title: T\nbase_url: https://a.org/\n", "content/site.yaml", None).unwrap();
        assert_eq!(config.feed_limit, DEFAULT_FEED_LIMIT);
    }

    #[test]
    fn zero_feed_limit_is_rejected_at_its_value() {
        let errors =
            parse("title: T\nbase_url: https://a.org/\nfeed_limit: 0\n", "content/site.yaml", None).unwrap_err();
        assert_eq!(errors[0].message, "feed_limit must be at least 1");
        assert_eq!(errors[0].location.as_ref().unwrap().span.start, 46);
    }

    #[test]
    fn ftp_base_url_is_rejected() {
        assert!(parse("title: T\nbase_url: ftp://example.org/\n", "content/site.yaml", None).is_err());
    }

    #[test]
    fn base_url_flag_overrides_the_file() {
        let config =
            parse("title: T\nbase_url: https://a.org/\n", "content/site.yaml", Some("http://localhost:8000/x"))
                .unwrap();
        assert_eq!(config.base_url.as_str(), "http://localhost:8000/x/");
    }
}
