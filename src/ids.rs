//! Identifiers that carry meaning: a `ModuleId` is not a `String`.
//!
//! Every record id is validated once, when the record is linked, against
//! `^[a-z0-9]+(-[a-z0-9]+)*$`. Such an id can never contain `.`, `/`, `\` or
//! any character that is special in a path or URL, so it is always safe to
//! use as a folder name under the output directory.

use std::fmt;

use serde::Serialize;

/// Why a string is not a valid record id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId {
    /// A suggestion that is valid, when one can be derived (`Deep Learning` → `deep-learning`).
    pub suggestion: Option<String>,
    /// What is wrong, when it is more than the shape: `None` for ids that are simply malformed.
    pub reason: Option<String>,
}

/// Names that Windows reserves for devices, in any case and with any extension:
/// a folder `con/` cannot be created there, so a site holding one could not be
/// copied to, served from or checked out on Windows. Compared lowercase.
pub const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` (a path segment, before any `.`) is a device name on Windows.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

/// Checks the id rule: lowercase ASCII letters and digits in groups joined by
/// single dashes, and not a name Windows reserves (`con`, `nul`, `com1`, …).
pub fn check_id(text: &str) -> Result<(), InvalidId> {
    let shaped = !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    let reserved = shaped && is_windows_reserved(text);
    if shaped && !reserved {
        return Ok(());
    }
    let suggestion = slugify_path(text);
    let suggestion =
        (!suggestion.is_empty() && suggestion != text && !is_windows_reserved(&suggestion)).then_some(suggestion);
    let reason = if reserved {
        Some(format!("`{text}` is a device name on Windows, where no file or folder can have it"))
    } else {
        // A letter that merely looks like ASCII (Cyrillic `а`, Greek `ο`) deserves to be named.
        text.chars().find(|c| !c.is_ascii()).map(|c| {
            let ascii = deunicode::deunicode_char(c).filter(|a| !a.is_empty() && a.is_ascii());
            let looks = ascii.map(|a| format!(", which looks like `{a}` but is not ASCII")).unwrap_or_default();
            format!("it contains `{c}` (U+{:04X}){looks}", c as u32)
        })
    };
    Err(InvalidId { suggestion, reason })
}

/// A slug for URLs and file names: lowercases and keeps ASCII letters and digits, joining the
/// rest with single dashes. Heading anchors keep accents instead (`markdown::slugify_anchor`).
///
/// Text is transliterated to ASCII first (`é` → `e`, `œ` → `oe`) with `deunicode`,
/// so French skill names get readable slugs.
pub fn slugify_path(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    slug
}

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `text` against the id rule.
            pub fn parse(text: &str) -> Result<Self, InvalidId> {
                check_id(text).map(|()| Self(text.to_owned()))
            }

            /// The id as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

record_id!(
    /// The id of a course module (`content/modules/<id>.md`).
    ModuleId
);
record_id!(
    /// The id of a partner project.
    ProjectId
);
record_id!(
    /// The id of an employer.
    EmployerId
);
record_id!(
    /// The id of a programme (`content/programmes/<id>.md`).
    ProgrammeId
);
record_id!(
    /// The id of a free page (`content/pages/<id>.md`), published at `/<id>/`.
    PageId
);
record_id!(
    /// The id of a role: its `id` field or the slug of its title, unique within its employer.
    RoleId
);

/// The page anchor of a role: `role--<id>`. Generated heading ids never contain `--`,
/// so a heading in the employer's text cannot take a role's anchor.
pub fn role_anchor(id: &str) -> String {
    format!("role--{id}")
}

/// The slug that groups skills: "Machine Learning" and "machine learning" share `machine-learning`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SkillSlug(String);

impl SkillSlug {
    /// The slug of a skill name, or `None` when the name has no letter or digit.
    /// A slug is a folder name (`skills/<slug>/`), so a Windows device name gets
    /// a suffix: the skill "Con" lives at `skills/con-skill/`.
    pub fn of(name: &str) -> Option<Self> {
        let mut slug = slugify_path(name);
        if is_windows_reserved(&slug) {
            slug.push_str("-skill");
        }
        (!slug.is_empty()).then_some(Self(slug))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SkillSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language of the site: a BCP 47 primary language subtag (`en`, `fr`), an
/// ISO 639-1 code, always lower case. A record's own `language` may be a longer
/// tag (`pt-BR`); its primary subtag says which language site it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// A known ISO 639-1 code, in any case (`FR` is `fr`); `None` for anything else.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        isolang::Language::from_639_1(&code).map(|_| Self(code))
    }

    /// The primary subtag of a BCP 47 tag (`pt` of `pt-BR`), when it is a known language.
    pub fn primary_of(tag: &str) -> Option<Self> {
        Self::parse(tag.split(['-', '_']).next().unwrap_or(tag))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language's name in itself (`français`, `English`), for a language switch.
    pub fn autonym(&self) -> &str {
        isolang::Language::from_639_1(&self.0).and_then(|l| l.to_autonym()).unwrap_or(&self.0)
    }
}

impl std::ops::Deref for Lang {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_known_iso_639_1_codes_in_lower_case() {
        assert_eq!(Lang::parse("FR").map(|l| l.to_string()), Some("fr".to_owned()));
        assert_eq!(Lang::primary_of("pt-BR").map(|l| l.to_string()), Some("pt".to_owned()));
        assert!(Lang::parse("xx").is_none() && Lang::parse("fra").is_none() && Lang::parse("").is_none());
    }

    #[test]
    fn lowercase_words_joined_by_dashes_are_valid_ids() {
        assert!(ModuleId::parse("deep-learning-2").is_ok());
    }

    #[test]
    fn ids_that_could_escape_the_output_folder_are_rejected() {
        for bad in ["..", "a/b", "a\\b", "%2e%2e", "", "-a", "a-", "a--b", "Deep", "é", "con.txt"] {
            assert!(ModuleId::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn windows_device_names_are_not_ids_in_any_case() {
        for bad in ["con", "nul", "aux", "prn", "com1", "lpt9"] {
            let err = ModuleId::parse(bad).unwrap_err();
            assert!(err.reason.as_deref().unwrap().contains("device name on Windows"), "{bad}: {err:?}");
            assert_eq!(err.suggestion, None, "{bad}");
        }
        assert_eq!(ModuleId::parse("CON").unwrap_err().suggestion, None, "`con` is not suggested either");
        for fine in ["console", "con-1", "com10", "null", "auxiliary"] {
            assert!(ModuleId::parse(fine).is_ok(), "{fine}");
        }
        assert!(is_windows_reserved("Aux.txt") && is_windows_reserved("nul") && !is_windows_reserved("nullable"));
    }

    #[test]
    fn a_confusable_letter_is_named_and_its_ascii_look_alike_suggested() {
        let err = ModuleId::parse("\u{430}i-basics").unwrap_err(); // Cyrillic а
        assert_eq!(
            err.reason.as_deref(),
            Some("it contains `\u{430}` (U+0430), which looks like `a` but is not ASCII")
        );
        assert_eq!(err.suggestion.as_deref(), Some("ai-basics"));
    }

    #[test]
    fn invalid_id_suggests_its_slug() {
        let err = ModuleId::parse("Deep Learning").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("deep-learning"));
    }

    #[test]
    fn skills_differing_in_case_share_a_slug() {
        assert_eq!(SkillSlug::of("Machine Learning"), SkillSlug::of("machine  learning"));
    }

    #[test]
    fn french_skill_slugs_fold_accents() {
        assert_eq!(SkillSlug::of("Éthique de l'IA").unwrap().as_str(), "ethique-de-l-ia");
    }

    #[test]
    fn skill_slugs_are_never_windows_device_names() {
        assert_eq!(SkillSlug::of("AUX").unwrap().as_str(), "aux-skill");
        assert_eq!(SkillSlug::of("Con").unwrap().as_str(), "con-skill");
    }

    #[test]
    fn skill_without_letters_has_no_slug() {
        assert_eq!(SkillSlug::of("  !! "), None);
    }
}
