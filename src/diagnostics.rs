//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s that point into a source
//! file by byte span. Spans become `line:column` only when printed, using the
//! file texts kept in [`Sources`], so one renderer serves the human, JSON and
//! GitHub-annotation formats alike.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Something a reader would likely find wrong (an overstated claim, a total that contradicts
    /// its parts); printed, but the site is built unless `--deny-warnings` is given.
    Warning,
}

/// A place in a source file: its path relative to the site root and a byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// Byte range in the file's text; empty when only the file is known.
    pub span: Range<usize>,
}

/// Another place that explains a diagnostic (the first of two duplicates, the next step of a cycle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem found in the content, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where it is, when it comes from a file.
    pub location: Option<Location>,
    /// A short note under the pointed-at text.
    pub label: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Other places involved.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// A new warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    /// Points the diagnostic at `span` in `file`.
    pub fn at(mut self, file: &str, span: Range<usize>) -> Self {
        self.location = Some(Location { file: file.to_owned(), span });
        self
    }

    /// Adds the note shown under the pointed-at text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint saying how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint only when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.or(self.hint);
        self
    }

    /// Adds a related location.
    pub fn related(mut self, file: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let location = Location { file: file.to_owned(), span };
        self.related.push(Related { location, message: message.into() });
        self
    }

    fn sort_key(&self) -> (Option<(&str, usize, usize)>, &str) {
        let at = self.location.as_ref().map(|l| (l.file.as_str(), l.span.start, l.span.end));
        (at, &self.message)
    }
}

/// Sorts diagnostics by file and position so output is stable across runs and thread counts.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The texts of the files that were read, so spans can be shown as lines and columns.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    texts: BTreeMap<String, Arc<str>>,
}

impl Sources {
    /// Remembers the text of `file`.
    pub fn insert(&mut self, file: String, text: Arc<str>) {
        self.texts.insert(file, text);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Sources) {
        self.texts.extend(other.texts);
    }

    /// The text of `file`, if it was read.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(|t| &**t)
    }

    /// 1-based line and column (in characters) of a byte offset in `file`.
    pub fn line_col(&self, file: &str, offset: usize) -> Option<(usize, usize)> {
        self.get(file).map(|text| line_col(text, offset))
    }

    /// The same texts, each file's path under `prefix` (see [`Location::under`]).
    pub fn under(self, prefix: &str) -> Sources {
        Sources { texts: self.texts.into_iter().map(|(file, text)| (prefixed(prefix, &file), text)).collect() }
    }
}

impl Location {
    /// The same place, its path under `prefix` (a folder path with `/` separators, `""` for none):
    /// site-relative paths become paths relative to where the reader stands.
    pub fn under(self, prefix: &str) -> Location {
        Location { file: prefixed(prefix, &self.file), span: self.span }
    }
}

impl Diagnostic {
    /// The same diagnostic, every path in it under `prefix` (see [`Location::under`]).
    pub fn under(mut self, prefix: &str) -> Diagnostic {
        self.location = self.location.map(|l| l.under(prefix));
        self.related = self.related.into_iter().map(|r| Related { location: r.location.under(prefix), ..r }).collect();
        self
    }
}

fn prefixed(prefix: &str, file: &str) -> String {
    match prefix.trim_end_matches('/') {
        "" => file.to_owned(),
        prefix => format!("{prefix}/{file}"),
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line and a pointer.
    #[default]
    Human,
    /// One JSON array, for tools.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    Github,
}

/// Renders diagnostics in `format`. `color` applies to the human format only.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, format: Format, color: bool) -> String {
    match format {
        Format::Human => render_human(diagnostics, sources, color),
        Format::Json => render_json(diagnostics, sources),
        Format::Github => render_github(diagnostics, sources),
    }
}

/// The closing line of a run: how many errors (or, when there are none, warnings), in how many files.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (severity, word) = if has_errors { (Severity::Error, "error") } else { (Severity::Warning, "warning") };
    let counted: Vec<_> = diagnostics.iter().filter(|d| d.severity == severity).collect();
    let mut files: Vec<_> = counted.iter().filter_map(|d| d.location.as_ref().map(|l| &l.file)).collect();
    files.sort();
    files.dedup();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{} in {}", plural(counted.len(), word), plural(files.len(), "file"))
}

fn render_human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&human_report(diagnostic, sources)));
        out.push_str("\n\n");
    }
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

fn human_report<'a>(d: &'a Diagnostic, sources: &'a Sources) -> Vec<Group<'a>> {
    let mut main = Group::with_title(level(d.severity).primary_title(d.message.as_str()));
    if let Some(location) = &d.location {
        main = main.element(excerpt(location, d.label.as_deref(), AnnotationKind::Primary, sources));
    }
    if let Some(hint) = &d.hint {
        // rustc's footer form: `= help: …` under the snippet.
        main = main.element(Level::HELP.message(hint.as_str()));
    }
    let mut groups = vec![main];
    for related in &d.related {
        let note = Group::with_title(Level::NOTE.secondary_title(related.message.as_str()));
        groups.push(note.element(excerpt(&related.location, None, AnnotationKind::Context, sources)));
    }
    groups
}

/// The lines around a location, cut out of the file so huge files cost nothing to show.
fn excerpt<'a>(
    location: &'a Location,
    label: Option<&'a str>,
    kind: AnnotationKind,
    sources: &'a Sources,
) -> annotate_snippets::Element<'a> {
    let Some(text) = sources.get(&location.file).filter(|t| !t.is_empty()) else {
        let origin = annotate_snippets::Origin::path(location.file.as_str());
        // A file read but empty (or whose text before a bad byte is) still has a line 1.
        let origin = if sources.get(&location.file).is_some() { origin.line(1).char_column(1) } else { origin };
        return origin.into();
    };
    let start = floor_char_boundary(text, location.span.start);
    let end = floor_char_boundary(text, location.span.end.max(start));
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let (line, _) = line_col(text, start);
    let mut annotation = kind.span(start - first..end - first);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(&text[first..last]).line_start(line).path(location.file.as_str()).annotation(annotation).into()
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    hint: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

fn render_json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let items: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let start = d.location.as_ref().and_then(|l| sources.line_col(&l.file, l.span.start));
            let end = d.location.as_ref().and_then(|l| sources.line_col(&l.file, l.span.end));
            JsonDiagnostic {
                severity: d.severity,
                message: &d.message,
                file: d.location.as_ref().map(|l| l.file.as_str()),
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                hint: d.hint.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let at = sources.line_col(&r.location.file, r.location.span.start);
                        JsonRelated {
                            message: &r.message,
                            file: &r.location.file,
                            line: at.map(|p| p.0),
                            column: at.map(|p| p.1),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// Escapes a workflow command's message (`%`, CR, LF) as GitHub documents.
fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn github_escape_property(text: &str) -> String {
    github_escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn render_github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(location) = &d.location {
            properties.push(format!("file={}", github_escape_property(&location.file)));
            if let Some((line, col)) = sources.line_col(&location.file, location.span.start) {
                properties.push(format!("line={line},col={col}"));
            }
        }
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            let _ = write!(message, " ({hint})");
        }
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), github_escape_data(&message));
    }
    out
}

/// Turns an I/O error into a diagnostic that keeps the operating system's reason.
pub fn io_error(what: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(file: &str, text: &str) -> Sources {
        let mut sources = Sources::default();
        sources.insert(file.to_owned(), Arc::from(text));
        sources
    }

    fn unknown_prerequisite() -> (Diagnostic, Sources) {
        let text = "---\ntitle: NLP\nprerequisites: [deep-learnin]\n---\nBody\n";
        let start = text.find("deep-learnin").unwrap();
        let d = Diagnostic::error("unknown prerequisite `deep-learnin`")
            .at("content/modules/nlp.md", start..start + 12)
            .label("no module has this id")
            .hint("did you mean `deep-learning`?");
        (d, sources("content/modules/nlp.md", text))
    }

    #[test]
    fn line_and_column_count_from_one_in_characters() {
        assert_eq!(line_col("ab\néx y", 6), (2, 3));
        assert_eq!(line_col("abc", 0), (1, 1));
    }

    #[test]
    fn human_format_shows_file_line_column_source_and_hint() {
        let (d, sources) = unknown_prerequisite();
        let out = render(&[d], &sources, Format::Human, false);
        assert!(out.contains("error: unknown prerequisite `deep-learnin`"), "{out}");
        assert!(out.contains("content/modules/nlp.md:3:17"), "{out}");
        assert!(out.contains("prerequisites: [deep-learnin]"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^ no module has this id"), "{out}");
        assert!(out.contains("= help: did you mean `deep-learning`?"), "{out}");
    }

    #[test]
    fn github_format_is_one_annotation_per_diagnostic() {
        let (d, sources) = unknown_prerequisite();
        let out = render(&[d], &sources, Format::Github, false);
        assert_eq!(
            out,
            "::error file=content/modules/nlp.md,line=3,col=17::unknown prerequisite `deep-learnin` (did you mean `deep-learning`?)\n"
        );
    }

    #[test]
    fn json_format_has_line_and_column() {
        let (d, sources) = unknown_prerequisite();
        let out = render(&[d], &sources, Format::Json, false);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value[0]["line"], 3);
        assert_eq!(value[0]["column"], 17);
        assert_eq!(value[0]["file"], "content/modules/nlp.md");
    }

    #[test]
    fn github_messages_escape_newlines_and_percent() {
        let d = Diagnostic::error("50% bad\nreally");
        assert_eq!(render(&[d], &Sources::default(), Format::Github, false), "::error ::50%25 bad%0Areally\n");
    }

    fn overstated_title() -> (Diagnostic, Sources) {
        let text = "---\ntitle: MSc in AI\n---\n";
        let d = Diagnostic::warning("title says \"MSc\"").at("content/programmes/ai.md", 11..20);
        (d, sources("content/programmes/ai.md", text))
    }

    #[test]
    fn human_format_prints_a_warning_with_its_location() {
        let (d, sources) = overstated_title();
        let out = render(&[d], &sources, Format::Human, false);
        assert!(out.starts_with("warning: title says \"MSc\""), "{out}");
        assert!(out.contains("content/programmes/ai.md:2:8"), "{out}");
    }

    #[test]
    fn github_format_emits_a_warning_command() {
        let (d, sources) = overstated_title();
        let out = render(&[d], &sources, Format::Github, false);
        assert_eq!(out, "::warning file=content/programmes/ai.md,line=2,col=8::title says \"MSc\"\n");
    }

    #[test]
    fn json_format_names_the_severity() {
        let (d, sources) = overstated_title();
        let value: serde_json::Value = serde_json::from_str(&render(&[d], &sources, Format::Json, false)).unwrap();
        assert_eq!(value[0]["severity"], "warning");
        assert_eq!(value[0]["line"], 2);
    }

    #[test]
    fn summary_counts_warnings_when_there_is_no_error() {
        let (warning, _) = overstated_title();
        assert_eq!(summary(&[warning.clone(), warning.clone()]), "2 warnings in 1 file");
        let (error, _) = unknown_prerequisite();
        assert_eq!(summary(&[warning, error]), "1 error in 1 file");
    }

    #[test]
    fn summary_counts_errors_and_distinct_files() {
        let (d, _) = unknown_prerequisite();
        assert_eq!(summary(&[d.clone(), d]), "2 errors in 1 file");
    }
}
