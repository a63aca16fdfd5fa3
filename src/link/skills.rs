//! Skills are free text; they group case- and accent-insensitively by slug.

use std::collections::{BTreeMap, HashMap};

use crate::ids::SkillSlug;
use crate::load::records::Text;

use super::catalog::{Skill, SkillIx};

/// Every skill named anywhere, by slug, with the spelling used most.
#[derive(Debug, Default)]
pub struct SkillTable {
    spellings: BTreeMap<SkillSlug, BTreeMap<String, usize>>,
    positions: HashMap<SkillSlug, SkillIx>,
    /// The slug of each spelling seen: a catalog repeats a few hundred spellings tens of
    /// thousands of times, and slugging one (transliteration included) costs more than a lookup.
    slugs: HashMap<String, SkillSlug>,
}

impl SkillTable {
    /// Counts one use of a skill name.
    pub fn add(&mut self, name: &Text) {
        let name = name.value.trim();
        let slug = match self.slugs.get(name) {
            Some(slug) => slug.clone(),
            None => {
                let Some(slug) = SkillSlug::of(name) else { return };
                self.slugs.insert(name.to_owned(), slug.clone());
                slug
            }
        };
        let uses = self.spellings.entry(slug).or_default();
        match uses.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                uses.insert(name.to_owned(), 1);
            }
        }
    }

    /// Fixes the index of every skill; call once, after every `add`.
    pub fn seal(&mut self) {
        self.positions = self.spellings.keys().enumerate().map(|(ix, slug)| (slug.clone(), SkillIx(ix))).collect();
    }

    /// The skill a name belongs to.
    pub fn index_of(&self, name: &str) -> Option<SkillIx> {
        let name = name.trim();
        match self.slugs.get(name) {
            Some(slug) => self.positions.get(slug).copied(),
            None => SkillSlug::of(name).and_then(|slug| self.positions.get(&slug).copied()),
        }
    }

    /// The skills, sorted by slug, with empty relations to fill in.
    pub fn into_skills(self) -> Vec<Skill> {
        self.spellings
            .into_iter()
            .map(|(slug, spellings)| {
                // The most used spelling wins; ties go to the first in sort order, for stable output.
                let name = spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(name, _)| name.clone())
                    .unwrap_or_else(|| slug.to_string());
                Skill { slug, name, modules: Vec::new(), projects: Vec::new(), roles: Vec::new() }
            })
            .collect()
    }
}
