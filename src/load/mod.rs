//! Stage 1, load: read `content/` into raw records, each value with its span.
//!
//! Files are read and parsed in parallel; nothing here knows about other
//! records. Every problem becomes a diagnostic and loading goes on, so one
//! run reports every broken file.

pub mod front_matter;
pub mod records;
pub mod source;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{self, SiteConfig};
use crate::diagnostics::{Diagnostic, Sources};
use crate::ids::Lang;
use crate::markdown;
use crate::yaml::{self, OneOrMany, Origin, Spanned};
use records::*;
use source::{SharedText, SourceText};

/// Everything read from `content/`, not yet checked against other records.
#[derive(Debug, Default)]
pub struct RawSite {
    /// The validated `site.yaml`, when it could be read.
    pub config: Option<SiteConfig>,
    /// Course modules.
    pub modules: Vec<RawModule>,
    /// Partner projects.
    pub projects: Vec<RawProject>,
    /// Employers and their roles.
    pub employers: Vec<RawEmployer>,
    /// Programmes.
    pub programmes: Vec<RawProgramme>,
    /// Free pages.
    pub pages: Vec<RawPage>,
    /// The records' texts in other languages, not yet matched to their originals.
    pub translations: RawTranslations,
    /// Files under `content/static/`, copied as they are.
    pub static_files: Vec<StaticFile>,
}

/// A file copied to the output unchanged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaticFile {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path in the output, relative, `/`-separated.
    pub output: String,
}

/// What loading produced: the records, the texts read, and the problems found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The records that parsed.
    pub site: RawSite,
    /// The text of every file read, for diagnostics.
    pub sources: Sources,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Stems of record files that could not be loaded: references to them are not reported again.
    pub broken: BTreeSet<String>,
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Replaces `base_url` from `site.yaml` (for previews on another host).
    pub base_url: Option<String>,
}

/// Reads the site under `root` (`root/content/…`).
pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
    let entries = match walk_content(root) {
        Ok(entries) => entries,
        Err(loaded) => return loaded,
    };
    let results: Vec<FileResult> = entries.files.par_iter().map(|entry| load_file(entry, options)).collect();
    assemble(entries, results)
}

/// The files found under `content/`, not yet read, and the problems met walking it.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files to load, in a stable order (sorted by name, folder by folder).
    pub files: Vec<Entry>,
    /// Symbolic links, misplaced and unreadable files.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the files under `root/content/`; `Err` holds the diagnostic when there is no such folder.
pub fn walk_content(root: &Path) -> Result<Walk, Loaded> {
    let content = root.join("content");
    if !content.is_dir() {
        let mut loaded = Loaded::default();
        let message = format!("no `content` folder in {}", root.display());
        let hint = "run `prospectus init DIR` to create a site, or pass `--root` to point at one";
        loaded.diagnostics.push(Diagnostic::error(message).hint(hint));
        return Err(loaded);
    }
    let (files, diagnostics) = walk(root, &content);
    Ok(Walk { files, diagnostics })
}

/// Reads a site given in memory: `(path relative to content/, bytes)` pairs, such
/// as `("modules/intro.md", b"---\ntitle: …")`. The same parsing as [`load`]
/// without the folder walk; for tests, fuzzing and tools that hold the files.
/// Paths that are not a place Prospectus reads are reported as [`load`] reports
/// them; `static/` files are refused (they are copied from disk, not parsed).
pub fn load_files(files: Vec<(String, Vec<u8>)>, options: &LoadOptions) -> Loaded {
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    for (inner, bytes) in files {
        match Entry::in_memory(inner, bytes) {
            Ok(entry) => entries.push(entry),
            Err(misplaced) => diagnostics.push(misplaced),
        }
    }
    entries.sort_by(|a, b| a.inner.cmp(&b.inner));
    let results: Vec<FileResult> = entries.par_iter().map(|entry| load_file(entry, options)).collect();
    assemble(Walk { files: entries, diagnostics }, results)
}

/// Puts the loaded files together, in walk order: `results[i]` is the outcome of `walk.files[i]`.
pub fn assemble(walk: Walk, results: impl IntoIterator<Item = FileResult>) -> Loaded {
    let Walk { files: entries, mut diagnostics } = walk;
    let mut loaded = Loaded::default();
    if !entries.iter().any(|e| matches!(e.kind, Kind::Config)) && !diagnostics.iter().any(is_about_site_yaml) {
        diagnostics.push(
            Diagnostic::error("missing content/site.yaml")
                .hint("create it with at least `title: …` and `base_url: https://…/`"),
        );
    }
    for (entry, result) in entries.iter().zip(results) {
        if matches!(result, FileResult::Unreadable(_) | FileResult::Records(_, Err(_))) {
            loaded.broken.insert(stem(&entry.inner).to_owned());
        }
        loaded.add(result);
    }
    loaded.diagnostics.append(&mut diagnostics);
    loaded.site.static_files.sort();
    loaded
}

/// The kind of record a file holds, decided by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Config,
    Module,
    Project,
    Employer,
    Programme,
    Page,
    Static,
}

/// A file under `content/` to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Relative to the site root, `/`-separated: what diagnostics show.
    pub file: String,
    /// Relative to `content/`.
    pub inner: String,
    kind: Kind,
    /// The file's bytes when the site is given in memory ([`load_files`]); `None`: read `path`.
    bytes: Option<Vec<u8>>,
}

impl Entry {
    /// The entry of a file given in memory (`inner` relative to `content/`), or the diagnostic
    /// [`load`] gives a file out of place; `static/` files are refused (they are copied from
    /// disk, not parsed).
    pub fn in_memory(inner: String, bytes: Vec<u8>) -> Result<Entry, Diagnostic> {
        let file = format!("content/{inner}");
        match classify(&inner).filter(|kind| *kind != Kind::Static) {
            Some(kind) => Ok(Entry { path: PathBuf::from(&file), file, inner, kind, bytes: Some(bytes) }),
            None => Err(misplaced(&file, &inner)),
        }
    }

    /// The same file with `bytes` as its contents instead of what is on disk (an editor's
    /// unsaved text); a static file stays as it is, since it is copied, not parsed.
    pub fn with_bytes(&self, bytes: Vec<u8>) -> Entry {
        match self.kind {
            Kind::Static => self.clone(),
            _ => Entry { bytes: Some(bytes), ..self.clone() },
        }
    }

    /// The bytes this entry was given in memory, if any (`None`: they are read from disk).
    pub fn given_bytes(&self) -> Option<&[u8]> {
        self.bytes.as_deref()
    }
}

/// Lists the files under `content/`, refusing symbolic links and files out of place.
fn walk(root: &Path, content: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = walkdir::WalkDir::new(content).follow_links(false).sort_by_file_name();
    for item in walker.into_iter().filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name())) {
        let entry = match item {
            Ok(entry) => entry,
            Err(error) => {
                let file = error.path().map(|p| relative(root, p)).unwrap_or_default();
                diagnostics.push(Diagnostic::error(format!("cannot read: {error}")).at(&file, 0..0));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            if entry.depth() == 1 && entry.file_name() == "site.yaml" {
                let file = relative(root, entry.path());
                diagnostics.push(
                    Diagnostic::error("content/site.yaml is a folder, not a file")
                        .at(&file, 0..0)
                        .hint("replace the folder with a file holding at least `title: …` and `base_url: https://…/`"),
                );
            }
            continue;
        }
        let file = relative(root, entry.path());
        let inner = relative(content, entry.path());
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::error("symbolic links are not followed")
                    .at(&file, 0..0)
                    .hint("copy the file into content/ instead: a link could expose files outside the site"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            // A FIFO would block the build forever when opened; a device could be endless.
            diagnostics.push(
                Diagnostic::error("not a regular file (a FIFO, socket or device)")
                    .at(&file, 0..0)
                    .hint("content files are ordinary files: replace it with one, or remove it"),
            );
            continue;
        }
        if entry.file_name().to_str().is_none() {
            diagnostics.push(
                Diagnostic::error(format!("file name is not valid UTF-8 (shown as `{file}`)"))
                    .at(&file, 0..0)
                    .hint("rename the file: names become URLs, and ids are lowercase ASCII letters, digits and dashes"),
            );
            continue;
        }
        match classify(&inner) {
            Some(Kind::Static) if !portable(&inner) => diagnostics.push(
                Diagnostic::error("static file name cannot exist on Windows")
                    .at(&file, 0..0)
                    .hint("rename it: a device name (`con`, `nul`, `aux`, `com1`, …), `<>:\"|?*\\`, or a trailing `.` or space would make the site impossible to copy there"),
            ),
            Some(kind) => entries.push(Entry { path: entry.into_path(), file, inner, kind, bytes: None }),
            None => diagnostics.push(misplaced(&file, &inner)),
        }
    }
    (entries, diagnostics)
}

/// Whether a walk diagnostic already explains why `content/site.yaml` was not read.
fn is_about_site_yaml(diagnostic: &Diagnostic) -> bool {
    diagnostic
        .location
        .as_ref()
        .is_some_and(|l| l.file == "content/site.yaml" || l.file.starts_with("content/site.yaml/"))
}

/// Whether every segment of a `/`-separated path is a valid file name on Windows too,
/// so the built site can be copied anywhere.
fn portable(path: &str) -> bool {
    path.split('/').all(|name| {
        !crate::ids::is_windows_reserved(name)
            && !name.contains(['<', '>', ':', '"', '|', '?', '*', '\\'])
            && !name.chars().any(char::is_control)
            && !name.ends_with(['.', ' '])
    })
}

/// Hidden files and editor backups are not content.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn classify(inner: &str) -> Option<Kind> {
    if inner == "site.yaml" {
        return Some(Kind::Config);
    }
    if inner.starts_with("static/") {
        return Some(Kind::Static);
    }
    let (folder, name) = inner.split_once('/')?;
    if name.contains('/') {
        return None;
    }
    let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    let md = name.ends_with(".md");
    match folder {
        "modules" if md => Some(Kind::Module),
        "programmes" if md => Some(Kind::Programme),
        "pages" if md => Some(Kind::Page),
        "projects" if yaml => Some(Kind::Project),
        "employers" if yaml => Some(Kind::Employer),
        _ => None,
    }
}

fn misplaced(file: &str, inner: &str) -> Diagnostic {
    const PLACES: &str = "modules/*.md, programmes/*.md, pages/*.md, projects/*.yaml, employers/*.yaml, static/**";
    let (folder, name) = inner.split_once('/').unwrap_or(("", inner));
    let known = ["modules", "programmes", "pages", "projects", "employers", "static"];
    let extension = match folder {
        "modules" | "programmes" | "pages" => Some("`.md`"),
        "projects" | "employers" => Some("`.yaml` (or `.yml`)"),
        _ => None,
    };
    let hint = match (extension, crate::suggest::closest(folder, &known)) {
        (Some(_), _) if name.contains('/') => {
            format!("records are not read from subfolders: move it to content/{folder}/")
        }
        (Some(extension), _) => {
            format!("files in content/{folder}/ end in {extension}; other files go in content/static/")
        }
        (None, _) if inner == "site.yml" => "rename it to content/site.yaml".to_owned(),
        (None, Some(s)) if !folder.is_empty() => format!("did you mean the folder `content/{s}/`?"),
        _ => format!("content files go in content/{{{PLACES}}}"),
    };
    Diagnostic::error("file is not in a place Prospectus reads").at(file, 0..0).hint(hint)
}

/// The outcome of loading one file: a pure function of its path and bytes (and the options).
#[derive(Debug, Clone)]
pub enum FileResult {
    /// `site.yaml` (boxed: a config is several times larger than the other variants).
    Config(SourceText, Box<Result<SiteConfig, Vec<Diagnostic>>>),
    /// A record file, and the records it holds or why it holds none.
    Records(SourceText, Result<Records, Vec<Diagnostic>>),
    /// A file under `static/`, not read.
    Static(StaticFile),
    /// A file that could not be read as text.
    Unreadable(source::Unreadable),
}

/// The records of one file.
#[derive(Debug, Clone)]
pub enum Records {
    /// One module.
    Modules(Vec<RawModule>),
    /// One or several projects.
    Projects(Vec<RawProject>),
    /// One or several employers.
    Employers(Vec<RawEmployer>),
    /// One programme.
    Programmes(Vec<RawProgramme>),
    /// One page.
    Pages(Vec<RawPage>),
    /// A translation file's records (of one kind, in one language).
    Translations(RawTranslations),
}

impl Loaded {
    fn add(&mut self, result: FileResult) {
        let (source, problems) = match result {
            FileResult::Static(file) => return self.site.static_files.push(file),
            FileResult::Unreadable(unreadable) => {
                if let Some(shown) = unreadable.shown {
                    self.sources.insert(shown.file, shown.text);
                }
                return self.diagnostics.push(unreadable.diagnostic);
            }
            FileResult::Config(source, config) => match *config {
                Ok(config) => {
                    self.site.config = Some(config);
                    (source, Vec::new())
                }
                Err(problems) => (source, problems),
            },
            FileResult::Records(source, Ok(records)) => {
                match records {
                    Records::Modules(mut r) => self.site.modules.append(&mut r),
                    Records::Projects(mut r) => self.site.projects.append(&mut r),
                    Records::Employers(mut r) => self.site.employers.append(&mut r),
                    Records::Programmes(mut r) => self.site.programmes.append(&mut r),
                    Records::Pages(mut r) => self.site.pages.append(&mut r),
                    Records::Translations(t) => self.site.translations.append(t),
                }
                (source, Vec::new())
            }
            FileResult::Records(source, Err(problems)) => (source, problems),
        };
        self.sources.insert(source.file, source.text);
        self.diagnostics.extend(problems);
    }
}

/// Reads and parses one file.
pub fn load_file(entry: &Entry, options: &LoadOptions) -> FileResult {
    if entry.kind == Kind::Static {
        let output = entry.inner.trim_start_matches("static/").to_owned();
        return FileResult::Static(StaticFile { source: entry.path.clone(), output });
    }
    let read = match &entry.bytes {
        Some(bytes) => source::from_bytes(bytes.clone(), &entry.file),
        None => source::read(&entry.path, &entry.file),
    };
    let source = match read {
        Ok(source) => source,
        Err(unreadable) => return FileResult::Unreadable(unreadable),
    };
    let stem = stem(&entry.inner);
    if let Some((original, lang)) = translated_stem(stem) {
        let original_file = original_file(&entry.file, stem, original);
        let records = translation(entry.kind, &source, original, Translating { lang, original_file });
        return FileResult::Records(source, records);
    }
    let records = match entry.kind {
        Kind::Config => {
            let config = config::parse(&source.text, &source.file, options.base_url.as_deref());
            return FileResult::Config(source, Box::new(config));
        }
        Kind::Module => markdown_record(&source, stem, None).map(|r| Records::Modules(vec![r])),
        Kind::Programme => markdown_record(&source, stem, None).map(|r| Records::Programmes(vec![r])),
        Kind::Page => markdown_record(&source, stem, None).map(|r| Records::Pages(vec![r])),
        Kind::Project => yaml_records(&source, stem, None).map(Records::Projects),
        Kind::Employer => yaml_records(&source, stem, None).map(Records::Employers),
        Kind::Static => unreachable!("static files are not parsed"),
    };
    FileResult::Records(source, records)
}

/// Whether the file at `inner` (relative to `content/`) is a translation: `modules/intro.fr.md`.
pub fn is_translation(inner: &str) -> bool {
    translated_stem(stem(inner)).is_some()
}

/// The id and language of a translation's file stem (`python-basics.fr` → `python-basics`, `fr`).
/// Ids never hold a dot (the id rule), so a stem with a language after its last dot is a
/// translation; any other dotted stem stays an original, whose id the link stage reports.
fn translated_stem(stem: &str) -> Option<(&str, Lang)> {
    let (original, code) = stem.rsplit_once('.')?;
    Some((original, Lang::parse(code)?))
}

/// The file of the original a translation translates: its own name without the language.
fn original_file(file: &str, stem: &str, original: &str) -> String {
    let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
    let extension = &name[stem.len()..];
    format!("{folder}/{original}{extension}")
}

/// What a translation file's records carry besides their text.
struct Translating {
    lang: Lang,
    original_file: String,
}

impl Translating {
    fn of<F>(&self, raw: Raw<F>) -> Translation<F> {
        Translation { lang: self.lang.clone(), original_file: self.original_file.clone(), raw }
    }
}

/// Parses a translation file of the kind its folder holds: only the kind's text fields.
fn translation(
    kind: Kind,
    source: &SourceText,
    stem: &str,
    translating: Translating,
) -> Result<Records, Vec<Diagnostic>> {
    let shared_in = Some(translating.original_file.as_str());
    let mut translations = RawTranslations::default();
    match kind {
        Kind::Module => translations.modules.push(translating.of(markdown_record(source, stem, shared_in)?)),
        Kind::Programme => translations.programmes.push(translating.of(markdown_record(source, stem, shared_in)?)),
        Kind::Page => translations.pages.push(translating.of(markdown_record(source, stem, shared_in)?)),
        Kind::Project => {
            translations.projects =
                yaml_records(source, stem, shared_in)?.into_iter().map(|r| translating.of(r)).collect()
        }
        Kind::Employer => {
            translations.employers =
                yaml_records(source, stem, shared_in)?.into_iter().map(|r| translating.of(r)).collect()
        }
        Kind::Config | Kind::Static => unreachable!("only record files are translations"),
    }
    Ok(Records::Translations(translations))
}

/// Parses a record's YAML into `T`. In a translation (`shared_in` names the original's file),
/// a field the translation's type does not know but the original's (`O`) does is shared by
/// every language: it is reported as such, not as an unknown field.
fn parse_fields<T: DeserializeOwned, O: DeserializeOwned>(
    text: &str,
    origin: &Origin,
    shared_in: Option<&str>,
) -> Result<T, Diagnostic> {
    let error = match yaml::parse::<T>(text, origin) {
        Ok(fields) => return Ok(fields),
        Err(error) => error,
    };
    let (Some(original), Some(field)) = (shared_in, yaml::unknown_field(&error)) else { return Err(error) };
    match yaml::parse::<O>(text, origin) {
        Err(same) if same.message == error.message && same.location == error.location => Err(error),
        _ => {
            let message = format!("`{field}` is shared by every language: set it in {original}");
            let hint = format!(
                "remove it here: a translation holds only text, and {original} sets `{field}` for every language"
            );
            Err(Diagnostic { message, hint: Some(hint), label: None, ..error })
        }
    }
}

/// The file name without folder and extension: a record's id.
fn stem(inner: &str) -> &str {
    let name = inner.rsplit('/').next().unwrap_or_default();
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// What loading needs to know of every kind of fields.
pub trait Fields: DeserializeOwned {
    /// The fields of the record a translation translates (an original's are its own): a
    /// field these lack and those have is shared by every language.
    type Original: DeserializeOwned;
    /// The `id` field, for records listed several to a file.
    fn id(&self) -> Option<&Spanned<String>> {
        None
    }
    /// Whether the record is a draft.
    fn draft(&self) -> bool;
    /// Markdown held in a YAML field (a project's brief, an employer's about).
    fn markdown_field(&self) -> Option<&Spanned<String>> {
        None
    }
    /// Markdown held in the record's parts, by position (an employer's roles' descriptions).
    fn markdown_parts(&self) -> Vec<Option<&Spanned<String>>> {
        Vec::new()
    }
}

impl Fields for ModuleFields {
    type Original = Self;
    fn draft(&self) -> bool {
        self.draft == Some(true)
    }
}

impl Fields for ProgrammeFields {
    type Original = Self;
    fn draft(&self) -> bool {
        self.draft == Some(true)
    }
    fn markdown_parts(&self) -> Vec<Option<&Spanned<String>>> {
        vec![self.funding.as_ref()]
    }
}

impl Fields for PageFields {
    type Original = Self;
    fn draft(&self) -> bool {
        self.draft == Some(true)
    }
}

impl Fields for ProjectFields {
    type Original = Self;
    fn id(&self) -> Option<&Spanned<String>> {
        self.id.as_ref()
    }
    fn draft(&self) -> bool {
        self.draft == Some(true)
    }
    fn markdown_field(&self) -> Option<&Spanned<String>> {
        self.brief.as_ref()
    }
}

impl Fields for EmployerFields {
    type Original = Self;
    fn id(&self) -> Option<&Spanned<String>> {
        self.id.as_ref()
    }
    fn draft(&self) -> bool {
        self.draft == Some(true)
    }
    fn markdown_field(&self) -> Option<&Spanned<String>> {
        self.about.as_ref()
    }
    fn markdown_parts(&self) -> Vec<Option<&Spanned<String>>> {
        self.roles.iter().map(|r| r.value.description.as_ref()).collect()
    }
}

impl Fields for ModuleText {
    type Original = ModuleFields;
    fn draft(&self) -> bool {
        false
    }
}

impl Fields for ProgrammeText {
    type Original = ProgrammeFields;
    fn draft(&self) -> bool {
        false
    }
    fn markdown_parts(&self) -> Vec<Option<&Spanned<String>>> {
        vec![self.funding.as_ref()]
    }
}

impl Fields for PageText {
    type Original = PageFields;
    fn draft(&self) -> bool {
        false
    }
}

impl Fields for ProjectText {
    type Original = ProjectFields;
    fn id(&self) -> Option<&Spanned<String>> {
        self.id.as_ref()
    }
    fn draft(&self) -> bool {
        false
    }
    fn markdown_field(&self) -> Option<&Spanned<String>> {
        self.brief.as_ref()
    }
}

impl Fields for EmployerText {
    type Original = EmployerFields;
    fn id(&self) -> Option<&Spanned<String>> {
        self.id.as_ref()
    }
    fn draft(&self) -> bool {
        false
    }
    fn markdown_field(&self) -> Option<&Spanned<String>> {
        self.about.as_ref()
    }
    fn markdown_parts(&self) -> Vec<Option<&Spanned<String>>> {
        self.roles.iter().map(|r| r.value.description.as_ref()).collect()
    }
}

/// A `.md` record: front matter fields and a Markdown body; its id is the file stem.
fn markdown_record<F: Fields>(
    source: &SourceText,
    stem: &str,
    shared_in: Option<&str>,
) -> Result<Raw<F>, Vec<Diagnostic>> {
    let split = front_matter::split(&source.text, &source.file).map_err(|d| vec![d])?;
    let origin = Origin { file: source.file.clone(), base: split.yaml.start };
    let yaml_text = &source.text[split.yaml.clone()];
    let fields: F = if yaml_text.trim().is_empty() {
        // An empty front matter parses as nothing; every required field will be reported missing.
        yaml::parse("{}", &origin).map_err(|d| vec![d])?
    } else {
        parse_fields::<F, F::Original>(yaml_text, &origin, shared_in).map_err(|d| vec![d])?
    };
    let body_text = &source.text[split.body.clone()];
    let mut scan = markdown::scan(body_text);
    for span in scan.links.iter_mut().map(|l| &mut l.span).chain(scan.script_urls.iter_mut().map(|u| &mut u.span)) {
        *span = span.start + split.body.start..span.end + split.body.start;
    }
    let parts = fields.markdown_parts().into_iter().map(|p| p.map(|text| yaml_body(source, &origin, text))).collect();
    let header = RawHeader { origin, id: stem.to_owned(), id_span: 0..3, draft: fields.draft() };
    let body = RawBody { text: SharedText::slice(&source.text, split.body.clone()), offset: split.body.start, scan };
    Ok(Raw { header, fields, body: Some(body), parts })
}

/// A `.yaml` file: one record (id = file stem) or a list of records with `id` fields.
fn yaml_records<F: Fields>(
    source: &SourceText,
    stem: &str,
    shared_in: Option<&str>,
) -> Result<Vec<Raw<F>>, Vec<Diagnostic>> {
    let origin = Origin { file: source.file.clone(), base: 0 };
    let parsed =
        parse_fields::<OneOrMany<F>, OneOrMany<F::Original>>(&source.text, &origin, shared_in).map_err(|d| vec![d])?;
    match parsed {
        OneOrMany::One(fields) => {
            if let Some(id) = fields.id().filter(|id| id.value != stem) {
                let message = format!("`id: {}` differs from the file name `{stem}`", id.value);
                let hint = "a file holding one record takes its id from the file name: remove `id` or rename the file";
                return Err(vec![origin.error_at(id, message).hint(hint)]);
            }
            Ok(vec![yaml_record(source, &origin, fields, stem.to_owned(), 0..0)])
        }
        OneOrMany::Many(items) if items.is_empty() => {
            let hint = "add records (`- id: …`) or delete the file";
            Err(vec![Diagnostic::error("the list holds no records").at(&origin.file, 0..0).hint(hint)])
        }
        OneOrMany::Many(items) => {
            let mut records = Vec::new();
            let mut errors = Vec::new();
            for item in items {
                match item.value.id() {
                    Some(id) => {
                        let (id_text, id_span) = (id.value.clone(), origin.span(id));
                        records.push(yaml_record(source, &origin, item.value, id_text, id_span));
                    }
                    None => errors.push(
                        origin
                            .error_at(&item, "record in a list has no `id`")
                            .hint("give each record of a list an `id` such as `id: azure-chatbot`"),
                    ),
                }
            }
            if errors.is_empty() { Ok(records) } else { Err(errors) }
        }
    }
}

fn yaml_record<F: Fields>(
    source: &SourceText,
    origin: &Origin,
    fields: F,
    id: String,
    id_span: std::ops::Range<usize>,
) -> Raw<F> {
    let body = fields.markdown_field().map(|text| yaml_body(source, origin, text));
    let parts = fields.markdown_parts().into_iter().map(|p| p.map(|text| yaml_body(source, origin, text))).collect();
    let header = RawHeader { origin: origin.clone(), id, id_span, draft: fields.draft() };
    Raw { header, fields, body, parts }
}

/// Markdown from a YAML scalar. Its lines lose their indentation in the scalar, so
/// each internal link is found again in the file text to point at the right place.
fn yaml_body(source: &SourceText, origin: &Origin, text: &Spanned<String>) -> RawBody {
    let offset = origin.span(text).start;
    let mut scan = markdown::scan(&text.value);
    let mut cursor = offset;
    for link in &mut scan.links {
        link.span = find_in_file(source, &text.value, &link.span, offset, &mut cursor);
    }
    let mut cursor = offset;
    for url in &mut scan.script_urls {
        url.span = find_in_file(source, &text.value, &url.span, offset, &mut cursor);
    }
    RawBody { text: SharedText::from(text.value.clone()), offset, scan }
}

/// The span in the file of `span` in a YAML scalar's value: its text found again from `cursor` on.
fn find_in_file(
    source: &SourceText,
    value: &str,
    span: &Range<usize>,
    offset: usize,
    cursor: &mut usize,
) -> Range<usize> {
    let written = value.get(span.clone()).unwrap_or_default();
    match source.text.get(*cursor..).and_then(|rest| rest.find(written)) {
        Some(found) => {
            let span = *cursor + found..*cursor + found + written.len();
            *cursor = span.end;
            span
        }
        None => offset..offset,
    }
}
