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
}

/// Checks the id rule: lowercase ASCII letters and digits in groups joined by single dashes.
pub fn check_id(text: &str) -> Result<(), InvalidId> {
    let valid = !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        let suggestion = slugify(text);
        Err(InvalidId { suggestion: (!suggestion.is_empty() && suggestion != text).then_some(suggestion) })
    }
}

/// Lowercases and keeps ASCII letters and digits, joining the rest with single dashes.
///
/// Text is transliterated to ASCII first (`é` → `e`, `œ` → `oe`) with `deunicode`,
/// so French skill names get readable slugs.
pub fn slugify(text: &str) -> String {
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
    /// The id of a role, derived from its title and unique within its employer.
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
    pub fn of(name: &str) -> Option<Self> {
        let slug = slugify(name);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn skill_without_letters_has_no_slug() {
        assert_eq!(SkillSlug::of("  !! "), None);
    }
}
