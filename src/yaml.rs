//! YAML parsing with spans: every value keeps the byte range it came from.
//!
//! serde-saphyr replaces the deprecated serde_yaml (see docs/development.md, "Dependencies, and why"): it is
//! pure Rust, enforces budgets against alias bombs and deep nesting, treats
//! duplicate keys as errors, and its [`Spanned`] wrapper lets errors found
//! after parsing (an unknown id, a bad date) point at the exact value.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
pub use serde_saphyr::Spanned;

use crate::diagnostics::Diagnostic;
use crate::suggest::closest;

/// A YAML document's place in its file, so spans can be turned into file offsets.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Path relative to the site root.
    pub file: String,
    /// Byte offset of the YAML text in the file (after the front matter's `---` line).
    pub base: usize,
}

impl Origin {
    /// The byte range in the file of a parsed value.
    pub fn span<T>(&self, value: &Spanned<T>) -> Range<usize> {
        self.span_of(&value.referenced)
    }

    fn span_of(&self, location: &serde_saphyr::Location) -> Range<usize> {
        let span = location.span();
        let start = span.byte_offset().unwrap_or(0) as usize + self.base;
        start..start + span.byte_len().unwrap_or(0) as usize
    }

    /// A diagnostic pointing at a parsed value.
    pub fn error_at<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.file, self.span(value))
    }

    /// A diagnostic pointing at the start of the YAML document.
    pub fn error_at_start(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.file, self.base..self.base)
    }
}

/// One record in a file, or a list of them.
#[derive(Debug)]
pub enum OneOrMany<T> {
    /// The file is one mapping: one record.
    One(T),
    /// The file is a sequence: several records, each with its place.
    Many(Vec<Spanned<T>>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Dispatching on the YAML node kind (instead of `untagged`) keeps the
        // record's own error messages and the spans of its values.
        struct OneOrManyVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the record's fields (`key: value` lines), or a list of records")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for OneOrMany<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<T>();
        schemars::json_schema!({"anyOf": [one, {"type": "array", "items": one}]})
    }
}

/// A mapping with its keys' places, in the file's order: for maps keyed by
/// values that are checked after parsing (`languages: {fr: …}`).
#[derive(Debug)]
pub struct Entries<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// For a text field: `field:` with nothing after it (YAML null) is an empty value, kept
/// with its place so that it is reported as empty, not as missing.
/// Use as `#[serde(default, deserialize_with = "nullable_text")]`.
pub fn nullable_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Spanned<String>>, D::Error> {
    let value = Spanned::<Option<String>>::deserialize(deserializer)?;
    Ok(Some(Spanned::new(value.value.unwrap_or_default(), value.referenced, value.defined)))
}

/// For a number field: only a number written as one. The parser reads a quoted
/// `"20"` into a number field as 20, though quotes make it text everywhere else in
/// YAML; it is a type error, like text in any other field.
/// Use as `#[serde(default, deserialize_with = "unquoted")]`.
pub fn unquoted<'de, D: Deserializer<'de>, T: Number>(deserializer: D) -> Result<Option<Spanned<T>>, D::Error> {
    let value = Option::<Spanned<Unquoted<T>>>::deserialize(deserializer)?;
    Ok(value.map(|v| Spanned::new(v.value.0, v.referenced, v.defined)))
}

/// A number type a field may hold.
pub trait Number: Sized {
    /// Why a value is refused, which `explain` turns into the message and hint the
    /// parser's own errors for this type get.
    const INVALID: &'static str;
    /// The value of an integer, if this type holds it.
    fn from_i128(n: i128) -> Option<Self>;
    /// The value of a decimal number, if this type holds it.
    fn from_f64(n: f64) -> Option<Self>;
}

impl Number for i64 {
    const INVALID: &'static str = "invalid integer";
    fn from_i128(n: i128) -> Option<Self> {
        i64::try_from(n).ok()
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

impl Number for f64 {
    const INVALID: &'static str = "invalid floating point";
    fn from_i128(n: i128) -> Option<Self> {
        // Lossless for every integer a person writes; larger ones round as in the parser.
        Some(n as f64)
    }
    fn from_f64(n: f64) -> Option<Self> {
        Some(n)
    }
}

/// A number that was not quoted (see [`unquoted`]).
struct Unquoted<T>(T);

impl<'de, T: Number> Deserialize<'de> for Unquoted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor<T>(PhantomData<T>);
        impl<T: Number> NumberVisitor<T> {
            fn number<E: serde::de::Error>(value: Option<T>) -> Result<Unquoted<T>, E> {
                value.map(Unquoted).ok_or_else(|| E::custom(T::INVALID))
            }
        }
        impl<'de, T: Number> Visitor<'de> for NumberVisitor<T> {
            type Value = Unquoted<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::INVALID)
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Self::number(T::from_i128(n.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Self::number(T::from_i128(n.into()))
            }
            fn visit_i128<E: serde::de::Error>(self, n: i128) -> Result<Self::Value, E> {
                Self::number(T::from_i128(n))
            }
            fn visit_u128<E: serde::de::Error>(self, n: u128) -> Result<Self::Value, E> {
                Self::number(i128::try_from(n).ok().and_then(T::from_i128))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Self::number(T::from_f64(n))
            }
            // Text (quoted or not), booleans, lists and mappings are not numbers.
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Self::number(None)
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Self::number(None)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Self::number(None)
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Self::number(None)
            }
        }
        deserializer.deserialize_any(NumberVisitor(PhantomData))
    }
}

/// The deepest nesting of lists and mappings in one YAML document. Records are
/// four levels deep at most (an employer's roles' skills), so 32 leaves room for
/// any honest file and stops a 10,000-deep `[[[…` in microseconds.
pub const MAX_DEPTH: usize = 32;
/// The most values (scalars, lists and mappings) in one YAML document: room for
/// about 5,000 records in one list file (a record is a few dozen values).
pub const MAX_NODES: usize = 100_000;
/// The most aliases (`*name`) in one YAML document.
pub const MAX_ALIASES: usize = 1_000;
/// The most parser events that aliases may replay in one YAML document: how far
/// anchors and aliases may expand in all (an alias bomb needs millions).
pub const MAX_ALIAS_EXPANSION: usize = 10_000;
/// The most bytes of text that the values of one YAML document may add up to,
/// an aliased value counted each time it is used: twice the largest content file
/// (`load::source::MAX_FILE_BYTES`, which checks that the two agree).
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// The parser's options: located errors without snippets (we draw our own), and the limits above.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_total_scalar_bytes: MAX_VALUE_BYTES,
            max_recorded_anchor_bytes: MAX_VALUE_BYTES,
            max_documents: 2,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EXPANSION,
            max_replay_stack_depth: MAX_DEPTH,
            max_alias_expansions_per_anchor: MAX_ALIAS_EXPANSION,
        },
    }
}

/// Parses `text` (found at `origin` in its file) into `T`, or a located diagnostic.
pub fn parse<T: DeserializeOwned>(text: &str, origin: &Origin) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|error| diagnose(&error, text, origin))
}

/// The field an "unknown field" diagnostic of [`parse`] names.
pub fn unknown_field(diagnostic: &Diagnostic) -> Option<&str> {
    diagnostic.message.strip_prefix("unknown field `")?.strip_suffix('`')
}

/// The limit a document broke, in an author's words, with the fix.
fn broken_limit(error: &serde_saphyr::Error) -> Option<(String, Option<String>)> {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    const REPEAT: &str = "write the values out instead of repeating anchors (`&a`) and aliases (`*a`)";
    const NESTING: &str = "content records are a few levels deep at most: check the brackets and indentation";
    let error = cause(error);
    let (message, hint) = match error {
        // The scanner's own guard against deep flow nesting (`[[[[…`).
        _ if is_syntax_error(error) && error.to_string().starts_with("recursion limit exceeded") => {
            (format!("YAML is nested too deeply (the limit is {MAX_DEPTH} levels)"), NESTING)
        }
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => {
                (format!("YAML is nested too deeply (the limit is {MAX_DEPTH} levels)"), NESTING)
            }
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
                format!("YAML document is too large (the limit is {MAX_NODES} values)"),
                "split the records into several files",
            ),
            BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => {
                (format!("YAML uses too many aliases (the limit is {MAX_ALIASES})"), REPEAT)
            }
            BudgetBreach::ScalarBytes { .. } => (
                format!(
                    "YAML values add up to too much text (the limit is {MAX_VALUE_BYTES} bytes, aliases counted each time they are used)"
                ),
                REPEAT,
            ),
            _ => ("YAML document is too large or too complex".to_owned(), "split the records into several files"),
        },
        Error::AliasReplayLimitExceeded { .. } | Error::AliasExpansionLimitExceeded { .. } => {
            (format!("YAML aliases expand too much (the limit is {MAX_ALIAS_EXPANSION} replayed values)"), REPEAT)
        }
        Error::UnknownAnchor { .. } => (
            "unknown alias: no anchor of this name is defined before it".to_owned(),
            "define the anchor (`&name value`) before its first alias (`*name`), or write the value out",
        ),
        Error::AliasReplayStackDepthExceeded { .. } => {
            (format!("YAML aliases are nested too deeply (the limit is {MAX_DEPTH} levels)"), REPEAT)
        }
        _ => return None,
    };
    Some((message, Some(hint.to_owned())))
}

fn diagnose(error: &serde_saphyr::Error, text: &str, origin: &Origin) -> Diagnostic {
    let location = error.location().filter(|l| l.line() > 0);
    let mut message = error.to_string();
    if let Some(l) = &location {
        let suffix = format!(" at line {}, column {}", l.line(), l.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message.truncate(stripped.len());
        }
    }
    // Places are shown as file positions, not as lines of the YAML text alone.
    for marker in [" (defined at line ", " (used at line "] {
        if let Some(at) = message.find(marker) {
            message.truncate(at);
        }
    }
    let message = message.strip_prefix("error: ").unwrap_or(&message).to_owned();
    let (message, hint) = match broken_limit(error) {
        Some(explained) => explained,
        None if is_syntax_error(error) => explain_syntax(message),
        None => explain(error, message),
    };
    let span = match &location {
        // The scanner reports a tab near it, not at it: point at the first tab from that line on.
        Some(l)
            if is_syntax_error(error) && (message.contains("found a tab") || message.contains("tabs disallowed")) =>
        {
            let at = offset_in(text, l);
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let tab = text[line_start..].find('\t').map_or(at, |i| line_start + i);
            // The character there (a tab, or whatever stands where the scanner stopped), whole.
            let width = text[tab..].chars().next().map_or(0, char::len_utf8);
            origin.base + tab..origin.base + tab + width
        }
        Some(l) => token_at(text, offset_in(text, l), origin.base),
        None => origin.base..origin.base,
    };
    let diagnostic = Diagnostic::error(message).at(&origin.file, span).maybe_hint(hint);
    match error.locations().filter(|l| l.defined_location != l.reference_location && l.defined_location.line() > 0) {
        Some(l) => {
            let defined = token_at(text, offset_in(text, &l.defined_location), origin.base);
            diagnostic.related(&origin.file, defined, "the alias's value is defined here")
        }
        None => diagnostic,
    }
}

/// The byte offset in `text` of an error's location. Errors found while
/// deserializing carry a byte span; syntax errors from the scanner carry only
/// a line and a column (in characters), so those are counted out in `text`.
fn offset_in(text: &str, location: &serde_saphyr::Location) -> usize {
    if let Some(offset) = location.span().byte_offset() {
        let mut at = usize::try_from(offset).unwrap_or(usize::MAX).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        return at;
    }
    let line = usize::try_from(location.line()).unwrap_or(usize::MAX).max(1);
    let column = usize::try_from(location.column()).unwrap_or(usize::MAX).max(1);
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let rest = &text[line_start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let within = rest[..line_end].char_indices().nth(column - 1).map_or(line_end, |(i, _)| i);
    line_start + within
}

/// The word at `offset` (a key or a scalar), for the pointer under it; at most
/// a few dozen characters, so a pointer into a huge line stays readable.
fn token_at(text: &str, offset: usize, base: usize) -> Range<usize> {
    const MAX_CHARS: usize = 40;
    let offset = offset.min(text.len());
    let rest = &text[offset..];
    let len = rest
        .char_indices()
        .take(MAX_CHARS + 1)
        .find(|&(i, c)| i >= MAX_CHARS || c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}'))
        .map_or(rest.len(), |(i, _)| i);
    base + offset..base + offset + len
}

/// Whether the YAML scanner itself failed (bad indentation, an unclosed quote…),
/// as opposed to a well-formed document that does not fit the record's fields.
fn is_syntax_error(error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::{Error, ExternalMessageSource};
    matches!(error, Error::ExternalMessage { source, .. } if matches!(**source, ExternalMessageSource::Parser(_)))
}

/// Scanner messages, said to be YAML syntax errors, with the usual fix. The scanner
/// (saphyr-parser) reports syntax errors as text only, so these are matched on their words.
fn explain_syntax(message: String) -> (String, Option<String>) {
    let hint = if message.contains("mapping values are not allowed") {
        "each `key: value` starts its own line, indented like its neighbours; quote a value that contains `: `"
    } else if message.contains("quote") {
        "close the quote at the end of the value"
    } else if message.contains("bracket") {
        "check that every `[` and `{` has its closing `]` or `}`"
    } else if message.contains("tab") {
        "indent with spaces, not tabs"
    } else {
        "check the indentation and quoting here"
    };
    (format!("YAML syntax error: {message}"), Some(hint.to_owned()))
}

/// Rewrites the deserializer's errors in an author's words and adds a fix where one is
/// known, matching on serde-saphyr's typed errors (their wording may change, their
/// variants are the crate's API). Anything else keeps the crate's message.
fn explain(error: &serde_saphyr::Error, message: String) -> (String, Option<String>) {
    use serde_saphyr::Error;
    let (message, hint) = match cause(error) {
        Error::SerdeUnknownField { field, expected, .. } => {
            let hint = closest(field, expected)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("the allowed fields are: {}", expected.join(", ")));
            (format!("unknown field `{field}`"), hint)
        }
        Error::SerdeUnknownVariant { variant, expected, .. } => {
            let allowed = format!("allowed values: {}", expected.join(", "));
            let hint = match closest(variant, expected) {
                Some(s) => format!("did you mean `{s}`? ({allowed})"),
                None => allowed,
            };
            (format!("invalid value `{variant}`"), hint)
        }
        Error::InvalidScalar { ty, .. } if ty.starts_with(['u', 'i']) => whole_number(),
        // A number field holding text, a quoted number or a list (see `unquoted`).
        Error::Message { msg, .. } if msg == <i64 as Number>::INVALID => whole_number(),
        Error::Message { msg, .. } if msg == <f64 as Number>::INVALID => decimal_number(),
        Error::InvalidScalar { ty: "boolean", .. } => {
            ("expected `true` or `false`".to_owned(), "write `true` or `false`".to_owned())
        }
        Error::InvalidScalar { ty: "floating point", .. } => decimal_number(),
        Error::DuplicateMappingKey { key, .. } => (
            format!("duplicate field `{}`", key.as_deref().unwrap_or("?")),
            "each field may appear only once; remove one".to_owned(),
        ),
        Error::Unexpected { expected: "string scalar", .. } => (
            "expected text here".to_owned(),
            "write plain text; put it in quotes if it starts with `[`, `{`, `-`, `*`, `&` or `!`".to_owned(),
        ),
        Error::Unexpected { expected: "sequence start", .. } => {
            ("expected a list here".to_owned(), "write a list as `[a, b]` or as one `- item` per line".to_owned())
        }
        Error::Unexpected { expected: "mapping start", .. } => (
            "expected fields (`key: value`) here".to_owned(),
            "write one `key: value` per line, or `{key: value, other: value}` on one line".to_owned(),
        ),
        Error::Eof { .. } => (
            "no YAML value here: the document is empty or ends too early".to_owned(),
            "write the record's fields as `key: value` lines, or delete the file".to_owned(),
        ),
        Error::MultipleDocuments { .. } => (
            "a second YAML document starts here".to_owned(),
            "a file holds one YAML document: remove the `---` line, or write several records as a list of `- id: …`"
                .to_owned(),
        ),
        Error::SerdeInvalidType { unexpected, expected, .. } => {
            let found = match unexpected.as_str() {
                "unit value" => "an empty value",
                "sequence" => "a list",
                "map" => "fields (`key: value`)",
                other => other,
            };
            (format!("expected {expected}, found {found}"), "check the value's indentation and brackets".to_owned())
        }
        _ => return (message, None),
    };
    (message, Some(hint))
}

fn whole_number() -> (String, String) {
    (
        "expected a whole number".to_owned(),
        "write a whole number such as 12, without quotes, decimals or units".to_owned(),
    )
}

fn decimal_number() -> (String, String) {
    ("expected a number".to_owned(), "write a number such as 7.5".to_owned())
}

/// The error itself: errors at an alias come wrapped with the alias's places.
fn cause(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error;
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    error
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Record {
        title: Option<Spanned<String>>,
        hours: Option<Spanned<u32>>,
    }

    fn origin() -> Origin {
        Origin { file: "content/x.md".to_owned(), base: 4 }
    }

    #[test]
    fn spans_are_offsets_in_the_file() {
        let record: Record = parse("title: Hello\nhours: 12\n", &origin()).unwrap();
        assert_eq!(origin().span(&record.title.unwrap()), 11..16);
        assert_eq!(record.hours.map(|h| (h.value, origin().span(&h))), Some((12, 24..26)));
    }

    #[test]
    fn unknown_field_suggests_the_closest_field() {
        let err = parse::<Record>("title: a\ntitel: b\n", &origin()).unwrap_err();
        assert_eq!(err.message, "unknown field `titel`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(err.location.unwrap().span, 13..18);
    }

    #[test]
    fn negative_number_asks_for_a_whole_number() {
        let err = parse::<Record>("hours: -3\n", &origin()).unwrap_err();
        assert_eq!(err.message, "expected a whole number");
        assert_eq!(err.location.unwrap().span, 11..13);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse::<Record>("title: a\ntitle: b\n", &origin()).unwrap_err();
        assert_eq!(err.message, "duplicate field `title`");
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let err = parse::<Record>("title: [a\n", &origin()).unwrap_err();
        assert!(err.location.is_some(), "{err:?}");
    }

    #[test]
    fn syntax_errors_point_at_the_offending_character_not_the_document_start() {
        let err = parse::<Record>("title: a\n  hours: 3\n", &origin()).unwrap_err();
        assert_eq!(err.message, "YAML syntax error: mapping values are not allowed in this context");
        assert_eq!(err.location.unwrap().span, 20..20);
    }

    #[test]
    fn text_where_a_list_is_expected_is_explained() {
        #[derive(Debug, Deserialize)]
        struct Listing {
            #[allow(dead_code)]
            skills: Vec<String>,
        }
        let err = parse::<Listing>("skills: Python\n", &origin()).unwrap_err();
        assert_eq!(err.message, "expected a list here");
        assert_eq!(err.location.unwrap().span, 12..18);
    }

    #[test]
    fn one_or_many_reads_a_single_mapping() {
        let parsed: OneOrMany<Record> = parse("title: a\n", &origin()).unwrap();
        assert!(matches!(parsed, OneOrMany::One(_)));
    }

    #[test]
    fn one_or_many_keeps_the_errors_of_list_items() {
        let err = parse::<OneOrMany<Record>>("- title: a\n- titel: b\n", &origin()).unwrap_err();
        assert_eq!(err.message, "unknown field `titel`");
    }

    #[test]
    fn one_or_many_keeps_spans_of_list_items() {
        let OneOrMany::Many(items) = parse::<OneOrMany<Record>>("- title: a\n- title: bb\n", &origin()).unwrap() else {
            panic!("expected a list");
        };
        assert_eq!(origin().span(items[1].value.title.as_ref().unwrap()), 24..26);
    }

    /// Fields of every shape, for the rewritten deserializer errors.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shapes {
        title: Option<String>,
        open: Option<bool>,
        ects: Option<f64>,
        level: Option<Level>,
        place: Option<Place>,
        skills: Option<Vec<String>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Beginner,
        Advanced,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Place {
        city: String,
    }

    /// The message and hint of the error `yaml` gets when parsed as a `T`.
    fn error_as<T: DeserializeOwned + std::fmt::Debug>(yaml: &str) -> (String, String) {
        let err = parse::<T>(yaml, &origin()).expect_err("the YAML is refused");
        (err.message, err.hint.unwrap_or_default())
    }

    fn shape_error(yaml: &str) -> (String, String) {
        error_as::<Shapes>(yaml)
    }

    #[test]
    fn an_unknown_field_unlike_any_lists_the_allowed_fields() {
        assert_eq!(
            shape_error("zzz: 1\n"),
            (
                "unknown field `zzz`".to_owned(),
                "the allowed fields are: title, open, ects, level, place, skills".to_owned()
            )
        );
    }

    #[test]
    fn an_unknown_choice_suggests_the_closest_and_lists_them() {
        assert_eq!(
            shape_error("level: beginer\n"),
            (
                "invalid value `beginer`".to_owned(),
                "did you mean `beginner`? (allowed values: beginner, advanced)".to_owned()
            )
        );
    }

    #[test]
    fn a_whole_number_field_explains_the_expected_form() {
        let err = parse::<Record>("hours: 1.5\n", &origin()).unwrap_err();
        assert_eq!(err.message, "expected a whole number");
        assert_eq!(err.hint.as_deref(), Some("write a whole number such as 12, without quotes, decimals or units"));
    }

    #[test]
    fn a_yes_no_field_asks_for_true_or_false() {
        assert_eq!(
            shape_error("open: maybe\n"),
            ("expected `true` or `false`".to_owned(), "write `true` or `false`".to_owned())
        );
    }

    #[test]
    fn a_number_field_asks_for_a_number() {
        assert_eq!(
            shape_error("ects: lots\n"),
            ("expected a number".to_owned(), "write a number such as 7.5".to_owned())
        );
    }

    #[test]
    fn a_repeated_field_is_named_with_the_fix() {
        assert_eq!(
            shape_error("title: a\ntitle: b\n"),
            ("duplicate field `title`".to_owned(), "each field may appear only once; remove one".to_owned())
        );
    }

    #[test]
    fn a_list_where_text_is_expected_is_explained() {
        assert_eq!(
            shape_error("title: [a]\n"),
            (
                "expected text here".to_owned(),
                "write plain text; put it in quotes if it starts with `[`, `{`, `-`, `*`, `&` or `!`".to_owned()
            )
        );
    }

    #[test]
    fn text_where_a_list_is_expected_gets_the_two_list_forms() {
        assert_eq!(
            shape_error("skills: Python\n"),
            ("expected a list here".to_owned(), "write a list as `[a, b]` or as one `- item` per line".to_owned())
        );
    }

    #[test]
    fn text_where_fields_are_expected_is_explained() {
        assert_eq!(
            shape_error("place: Paris\n"),
            (
                "expected fields (`key: value`) here".to_owned(),
                "write one `key: value` per line, or `{key: value, other: value}` on one line".to_owned()
            )
        );
    }

    #[test]
    fn an_empty_document_is_explained() {
        assert_eq!(
            error_as::<Place>(""),
            (
                "no YAML value here: the document is empty or ends too early".to_owned(),
                "write the record's fields as `key: value` lines, or delete the file".to_owned()
            )
        );
    }

    #[test]
    fn a_second_document_is_refused() {
        assert_eq!(
            shape_error("title: a\n---\ntitle: b\n"),
            (
                "a second YAML document starts here".to_owned(),
                "a file holds one YAML document: remove the `---` line, or write several records as a list of `- id: …`"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_both_types() {
        assert_eq!(
            error_as::<OneOrMany<Record>>("~\n"),
            (
                "expected the record's fields (`key: value` lines), or a list of records, found an empty value"
                    .to_owned(),
                "check the value's indentation and brackets".to_owned()
            )
        );
    }

    /// Parses `yaml` into a map of anything and returns the error message and hint.
    fn limit_error(yaml: &str) -> (String, String) {
        error_as::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(yaml)
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_in_flow_and_block_style() {
        let flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(limit_error(&flow).0, "YAML is nested too deeply (the limit is 32 levels)");
        let block: String = (0..=MAX_DEPTH).map(|level| format!("{}k{level}:\n", "  ".repeat(level))).collect();
        assert_eq!(limit_error(&format!("{block}{}x: 1\n", "  ".repeat(MAX_DEPTH + 1))).0, limit_error(&flow).0);
        let fine: String = (0..8).map(|level| format!("{}k{level}:\n", "  ".repeat(level))).collect();
        assert!(parse::<serde::de::IgnoredAny>(&format!("{fine}{}x: 1\n", "  ".repeat(8)), &origin()).is_ok());
    }

    #[test]
    fn more_values_than_the_limit_are_refused() {
        let yaml = format!("a: [{}]\n", vec!["0"; MAX_NODES + 1].join(","));
        assert_eq!(limit_error(&yaml).0, "YAML document is too large (the limit is 100000 values)");
    }

    #[test]
    fn more_aliases_than_the_limit_are_refused() {
        let yaml = format!("a: &x 1\nb: [{}]\n", vec!["*x"; MAX_ALIASES + 1].join(","));
        let (message, hint) = limit_error(&yaml);
        assert_eq!(message, "YAML uses too many aliases (the limit is 1000)");
        assert!(hint.contains("instead of repeating anchors"), "{hint}");
    }

    #[test]
    fn alias_expansion_beyond_the_limit_is_refused() {
        // 200 aliases of a 100-item list replay 20,000 values: linear, yet over the limit.
        let yaml = format!("a: &x [{}]\nb: [{}]\n", vec!["0"; 100].join(","), vec!["*x"; 200].join(","));
        assert_eq!(limit_error(&yaml).0, "YAML aliases expand too much (the limit is 10000 replayed values)");
    }

    #[test]
    fn aliases_repeating_a_large_value_beyond_the_text_limit_are_refused() {
        // A 1 MiB value used 20 times would be 20 MiB of strings from a 1 MiB file.
        let yaml = format!("a: &x {}\nb: [{}]\n", "y".repeat(1 << 20), vec!["*x"; 20].join(","));
        assert!(limit_error(&yaml).0.starts_with("YAML values add up to too much text (the limit is 16777216 bytes"));
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let yaml = "a: &skills [Python, SQL]\nb: *skills\nc: *skills\n";
        assert!(parse::<std::collections::BTreeMap<String, Vec<String>>>(yaml, &origin()).is_ok());
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut yaml = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            yaml.push_str(&format!(
                "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let result = parse::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(&yaml, &origin());
        assert!(result.is_err());
    }
}
