//! "Did you mean …?": the closest known word to a misspelt one, for hints.

/// The closest candidate to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a (impl AsRef<str> + 'a)>) -> Option<String> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.as_ref().to_lowercase()), c.as_ref()))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_likely_typo_gets_the_closest_candidate_whatever_its_case() {
        assert_eq!(closest("Pyhton", &["rust", "python"]), Some("python".to_owned()));
    }

    #[test]
    fn a_word_unlike_every_candidate_gets_none() {
        assert_eq!(closest("zzz", &["rust", "python"]), None);
    }
}
