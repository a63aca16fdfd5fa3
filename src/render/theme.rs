//! The theme: Tera templates, UI strings and assets.
//!
//! The default theme is compiled into the binary, so `prospectus` works on any
//! folder. A site overrides it file by file: `<root>/themes/<theme>/templates/X.html`
//! replaces the built-in `X.html`, and likewise for `static/` files and `strings.yaml`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::config::SiteConfig;
use crate::diagnostics::io_error;
use crate::diagnostics::{Diagnostic, Sources};
use crate::ids::Lang;
use crate::yaml::{self, Origin};

mod bundle;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme, ready to render pages.
pub struct Theme {
    /// Templates, with autoescaping on for `.html`.
    pub tera: Tera,
    /// UI strings (`t` in templates) in each of the site's languages, each complete.
    strings: BTreeMap<Lang, Strings>,
    /// Files copied to the output root (CSS, icons), by output path.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Each template's file and text, for error messages.
    templates: BTreeMap<String, ThemeFile>,
    /// Each template's identity (see [`Theme::template_identity`]).
    identities: BTreeMap<String, u64>,
}

/// A language's UI strings, by key.
pub type Strings = BTreeMap<String, String>;

impl Theme {
    /// The UI strings in `language`, one of the site's (for another, the default language's).
    pub fn strings(&self, language: &Lang) -> &Strings {
        self.strings.get(language).or_else(|| self.strings.values().next()).unwrap_or(&NO_STRINGS)
    }

    /// A hash of every template and string: two themes with the same identity render alike.
    pub fn identity(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::hash::Fingerprint::default();
        for (name, file) in &self.templates {
            (name, &file.bytes).hash(&mut hasher);
        }
        self.strings.hash(&mut hasher);
        hasher.finish()
    }

    /// A hash of what a page rendered with `template` can depend on: that template, every
    /// template it names (`extends`, `include`, transitively), every template defining
    /// components (they are global: any template may call them) and the strings. Two themes
    /// with the same identity for a template render its pages alike.
    pub fn template_identity(&self, template: &str) -> u64 {
        self.identities.get(template).copied().unwrap_or_else(|| self.identity())
    }

    /// A Tera error as a diagnostic at its template, line and column.
    pub fn error(&self, error: &tera::Error) -> Diagnostic {
        template_error(error, &self.templates)
    }
}

/// A theme file: its shown path and its bytes.
struct ThemeFile {
    shown: String,
    bytes: Vec<u8>,
}

impl ThemeFile {
    fn built_in(&self) -> bool {
        self.shown.ends_with(BUILT_IN_SUFFIX)
    }
}

/// How a built-in file's path is shown.
const BUILT_IN_SUFFIX: &str = " (built in)";

static NO_STRINGS: Strings = BTreeMap::new();

/// Loads the built-in theme and the site's overrides of it.
pub fn load(root: &Path, config: &SiteConfig, sources: &mut Sources) -> Result<Theme, Vec<Diagnostic>> {
    let folder = format!("themes/{}", config.theme);
    let site_theme = root.join(&folder);
    if config.theme != "default" && !site_theme.is_dir() {
        return Err(vec![
            Diagnostic::error(format!("theme `{}` not found", config.theme))
                .at("content/site.yaml", 0..0)
                .hint(format!("create {folder}/templates/ or remove `theme` to use the built-in theme")),
        ]);
    }
    let mut errors = Vec::new();
    let templates = files(&site_theme, "templates", &folder, &mut errors);
    let statics = files(&site_theme, "static", &folder, &mut errors);
    let site_strings = files(&site_theme, "", &folder, &mut errors).remove("strings.yaml").filter(|f| !f.built_in());
    for file in templates.values() {
        sources.insert(file.shown.clone(), Arc::from(String::from_utf8_lossy(&file.bytes)));
    }
    let tera = build_tera(&templates, &mut errors);
    let strings = strings(site_strings.as_ref(), config, sources).map_err(|mut e| errors.append(&mut e)).ok();
    let assets = statics.into_iter().map(|(name, file)| (name, file.bytes)).collect();
    match (tera, strings) {
        (Some(tera), Some(strings)) if errors.is_empty() => {
            let identities = identities(&templates, &strings);
            Ok(Theme { tera, strings, assets, templates, identities })
        }
        _ => Err(errors),
    }
}

/// Built-in files under `sub`, replaced or completed by the site's own.
fn files(site_theme: &Path, sub: &str, folder: &str, errors: &mut Vec<Diagnostic>) -> BTreeMap<String, ThemeFile> {
    let mut files = BTreeMap::new();
    let built_in = if sub.is_empty() { Some(&BUILT_IN) } else { BUILT_IN.get_dir(sub) };
    let prefix = if sub.is_empty() { String::new() } else { format!("{sub}/") };
    for file in built_in.into_iter().flat_map(|d| all_files(d)) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let name = path.strip_prefix(&prefix).unwrap_or(&path).to_owned();
        if sub.is_empty() && name.contains('/') {
            continue;
        }
        files.insert(
            name,
            ThemeFile { shown: format!("themes/default/{path}{BUILT_IN_SUFFIX}"), bytes: file.contents().to_vec() },
        );
    }
    if sub == "static" {
        let shown = "themes/default/scripts/search/ (built in)".to_owned();
        files.insert("search.js".to_owned(), ThemeFile { shown, bytes: bundle::search_js().into_bytes() });
    }
    let dir = site_theme.join(sub);
    let walker = walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name();
    let walker = if sub.is_empty() { walker.max_depth(1) } else { walker };
    for entry in walker.into_iter().filter_map(Result::ok).filter(|e| dir.is_dir() && e.file_type().is_file()) {
        let name = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let shown = format!("{folder}/{prefix}{name}");
        match std::fs::read(entry.path()) {
            Ok(bytes) => drop(files.insert(name, ThemeFile { shown, bytes })),
            Err(e) => errors.push(io_error("cannot read theme file", &e).at(&shown, 0..0)),
        }
    }
    files
}

/// Every template's identity (see [`Theme::template_identity`]). A template's dependencies
/// are found by name, over-approximated: any other template's name quoted in its text
/// counts (a name in a comment only makes a page re-render more often, never less).
fn identities(templates: &BTreeMap<String, ThemeFile>, strings: &BTreeMap<Lang, Strings>) -> BTreeMap<String, u64> {
    use std::hash::{Hash, Hasher};
    let texts: BTreeMap<&str, String> = templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, file)| (name.as_str(), String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect();
    // Each template's directly named templates, found once: searching every text again for
    // every template that reaches it would repeat the same scan once per path to it.
    let named: BTreeMap<&str, Vec<&str>> = texts
        .iter()
        .map(|(name, text)| {
            let quoted = |other: &str| ['"', '\'', '`'].iter().any(|q| text.contains(&format!("{q}{other}{q}")));
            (*name, texts.keys().copied().filter(|other| quoted(other)).collect())
        })
        .collect();
    let components: Vec<&str> =
        texts.iter().filter(|(_, text)| text.contains("component")).map(|(name, _)| *name).collect();
    let identity = |template: &str| {
        let mut used = std::collections::BTreeSet::new();
        let mut next: Vec<&str> = components.iter().copied().chain([template]).collect();
        while let Some(name) = next.pop() {
            if used.insert(name) {
                next.extend(&named[name]);
            }
        }
        let mut hasher = crate::hash::Fingerprint::default();
        for name in used {
            (name, &texts[name]).hash(&mut hasher);
        }
        strings.hash(&mut hasher);
        hasher.finish()
    };
    texts.keys().map(|name| (name.to_string(), identity(name))).collect()
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files
}

fn build_tera(templates: &BTreeMap<String, ThemeFile>, errors: &mut Vec<Diagnostic>) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("number", super::locale::number_filter);
    let texts: Vec<(String, String)> = templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, file)| (name.clone(), String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect();
    match tera.add_raw_templates(texts) {
        Ok(()) => Some(tera),
        Err(error) => {
            errors.push(template_error(&error, templates));
            None
        }
    }
}

fn template_error(error: &tera::Error, templates: &BTreeMap<String, ThemeFile>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let mut message =
        format!("template error: {}", report.map_or_else(|| error.to_string(), |r| r.message().to_owned()));
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    let hint = "fix the template; see docs/templates.md for the variables each page gets";
    let Some(report) = report else { return Diagnostic::error(message).hint(hint) };
    let Some(file) = templates.get(report.filename()) else { return Diagnostic::error(message).hint(hint) };
    let text = String::from_utf8_lossy(&file.bytes);
    let span = report.span();
    let offset = offset_of(&text, span.start_line, span.start_col);
    Diagnostic::error(message).at(&file.shown, offset..offset).hint(hint)
}

fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_text = text[line_start.min(text.len())..].lines().next().unwrap_or_default();
    line_start + line_text.char_indices().nth(col).map_or(line_text.len(), |(i, _)| i)
}

/// The UI strings of every language of the site: the built-in theme's `strings.yaml`, with
/// the site's own (`themes/<theme>/strings.yaml`) merged over it key by key, so a site can
/// reword one string or add a language. Every language of the site must have every key any
/// language has: a page in a language with a missing string would show an English word, or none.
fn strings(
    site_file: Option<&ThemeFile>,
    config: &SiteConfig,
    sources: &mut Sources,
) -> Result<BTreeMap<Lang, Strings>, Vec<Diagnostic>> {
    let built_in = BUILT_IN.get_file("strings.yaml").map(|f| ThemeFile {
        shown: format!("themes/default/strings.yaml{BUILT_IN_SUFFIX}"),
        bytes: f.contents().to_vec(),
    });
    let mut merged: BTreeMap<String, (Strings, Located)> = BTreeMap::new();
    let mut errors = Vec::new();
    if let Some(file) = &built_in {
        merge(&mut merged, strings_file(file, sources).map_err(|d| vec![d])?);
    }
    if let Some(file) = site_file {
        let languages = strings_file(file, sources).map_err(|d| vec![d])?;
        // A theme of its own may name strings of its own; an override of the built-in theme
        // can only reword the built-in's, so an unknown key there is a typo.
        if config.theme == "default" {
            let known: std::collections::BTreeSet<String> =
                merged.values().flat_map(|(s, _)| s.keys().cloned()).collect();
            errors.extend(
                languages
                    .iter()
                    .flat_map(|l| &l.keys)
                    .filter(|k| !known.contains(&k.0))
                    .map(|k| unknown_key(k, &known)),
            );
        }
        merge(&mut merged, languages);
    }
    let every_key: std::collections::BTreeSet<&String> = merged.values().flat_map(|(s, _)| s.keys()).collect();
    let shown = site_file.or(built_in.as_ref()).map_or_else(String::new, |f| f.shown.clone());
    let mut by_language = BTreeMap::new();
    for language in config.all_languages() {
        let Some((strings, place)) = merged.get(language.as_str()) else {
            let missing: Vec<&String> = every_key.iter().copied().collect();
            let message = format!("the theme has no strings in `{language}`: it lacks {}", key_list(&missing));
            let hint = format!(
                "add a `{language}:` map with every key to themes/<theme>/strings.yaml (the site's strings file, \
                 merged over the theme's); copy the `{}:` map to start",
                config.language
            );
            errors.push(Diagnostic::error(message).at(&shown, 0..0).hint(hint));
            continue;
        };
        let missing: Vec<&String> = every_key.iter().copied().filter(|k| !strings.contains_key(*k)).collect();
        if !missing.is_empty() {
            let message = format!("the theme's strings in `{language}` lack {}", key_list(&missing));
            let d = Diagnostic::error(message).at(&place.file, place.span.clone());
            errors.push(d.hint(add_keys_hint(language, &missing)));
            continue;
        }
        by_language.insert(language.clone(), strings.clone());
    }
    if errors.is_empty() { Ok(by_language) } else { Err(errors) }
}

/// Where a language's strings are written: its key in a strings file.
#[derive(Clone)]
struct Located {
    file: String,
    span: std::ops::Range<usize>,
}

/// One language's strings in a strings file: its code, the place of its key, and each
/// string's key (with its place) and text.
struct LanguageStrings {
    code: String,
    place: Located,
    keys: Vec<(String, Located, String)>,
}

/// Merges one file's strings over those read before, key by key.
fn merge(merged: &mut BTreeMap<String, (Strings, Located)>, languages: Vec<LanguageStrings>) {
    for language in languages {
        let entry = merged.entry(language.code).or_insert_with(|| (Strings::new(), language.place.clone()));
        entry.0.extend(language.keys.into_iter().map(|(key, _, text)| (key, text)));
        entry.1 = language.place;
    }
}

/// A key of the site's strings file that no template knows: a misspelling would leave
/// the theme's string in place without a word, so it is an error.
fn unknown_key((key, place, _): &(String, Located, String), known: &std::collections::BTreeSet<String>) -> Diagnostic {
    let hint = match crate::suggest::closest(key, known) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "a site's strings file rewords the theme's strings: its keys are those of the built-in \
                 themes/default/strings.yaml"
            .to_owned(),
    };
    Diagnostic::error(format!("unknown string `{key}`: the theme has no string of that name"))
        .at(&place.file, place.span.clone())
        .hint(hint)
}

/// One strings file: each language's strings, with the places of its keys.
fn strings_file(file: &ThemeFile, sources: &mut Sources) -> Result<Vec<LanguageStrings>, Diagnostic> {
    let text = String::from_utf8_lossy(&file.bytes).into_owned();
    sources.insert(file.shown.clone(), Arc::from(text.as_str()));
    let origin = Origin { file: file.shown.clone(), base: 0 };
    let entries: yaml::Entries<yaml::Entries<String>> = yaml::parse(&text, &origin)?;
    let place = |key: &yaml::Spanned<String>| Located { file: file.shown.clone(), span: origin.span(key) };
    let language = |(code, strings): (yaml::Spanned<String>, yaml::Entries<String>)| LanguageStrings {
        place: place(&code),
        code: code.value,
        keys: strings.0.into_iter().map(|(key, text)| (key.value.clone(), place(&key), text)).collect(),
    };
    Ok(entries.0.into_iter().map(language).collect())
}

/// The first keys of a list, then how many more: `a`, `b` and 3 more.
fn key_list(keys: &[&String]) -> String {
    const SHOWN: usize = 8;
    let named: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    match keys.len().saturating_sub(SHOWN) {
        0 => format!("{} key{}: {}", keys.len(), if keys.len() == 1 { "" } else { "s" }, named.join(", ")),
        more => format!("{} keys: {} and {more} more", keys.len(), named.join(", ")),
    }
}

/// How to complete a language's strings.
fn add_keys_hint(language: &Lang, missing: &[&String]) -> String {
    let keys: Vec<&str> = missing.iter().map(|k| k.as_str()).collect();
    format!(
        "add them under `{language}:` in themes/<theme>/strings.yaml (the site's strings file, merged over the \
         theme's): {}",
        keys.join(", ")
    )
}
