//! Words: folding, tokenising and stemming, exactly as `search.js` folds and
//! tokenises a query (the two must agree, or a query misses what it should find).
//!
//! - **Folding**: lowercase, Unicode NFKD, combining marks removed, a few
//!   letters that do not decompose replaced (`œ` → `oe`, `ß` → `ss`, …), so
//!   `ethique` matches "Éthique". `search.js` does the same with
//!   `toLowerCase().normalize("NFKD")` and `/\p{M}/gu`.
//! - **Tokens** are maximal runs of letters and digits. A run of tokens joined
//!   by single hyphens that holds a digit (`DAE-202`, `GPT-4o`) is also kept
//!   whole, so a course code is found exactly.
//! - **Stop words** (English and French) are not indexed; the runtime drops
//!   them from queries too (the manifest lists them).
//! - **Stems** come from the Snowball stemmer of the record's language. The
//!   index maps every word form to its stem, and postings are per stem, so
//!   the runtime never stems: it looks a typed word up among the forms (exactly
//!   or as a prefix) and gets the stem's documents (`model` finds "models").

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// English and French words too common to search for (folded, sorted). Shipped in the manifest.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "au", "aux", "be", "by", "ce", "ces", "d", "dans", "de", "des", "du", "elle",
    "en", "est", "et", "for", "from", "has", "have", "in", "into", "is", "l", "la", "le", "les", "leur", "nous", "of",
    "on", "or", "ou", "our", "par", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "that", "the",
    "their", "this", "to", "un", "une", "vous", "was", "we", "were", "will", "with", "you", "your",
];

/// Letters that NFKD leaves whole but a reader types without their accent. Same table in `search.js`.
const EXTRA_FOLDS: &[(char, &str)] =
    &[('œ', "oe"), ('æ', "ae"), ('ß', "ss"), ('ø', "o"), ('ł', "l"), ('đ', "d"), ('ı', "i"), ('ð', "d"), ('þ', "th")];

/// Lowercases and removes accents: `Éthique` → `ethique`, `Œuvre` → `oeuvre`.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(text);
    }
    if text.is_ascii() {
        return Cow::Owned(text.to_ascii_lowercase());
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.to_lowercase().nfkd().filter(|&c| !is_combining_mark(c)) {
        match EXTRA_FOLDS.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => folded.push_str(to),
            None => folded.push(c),
        }
    }
    Cow::Owned(folded)
}

/// Whether `c` is part of a word (Unicode `Alphabetic` or a number; `search.js`: `[\p{Alphabetic}\p{N}]`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `each` with every token of already-folded `text`: each word, and each
/// hyphenated run holding a digit also as a whole (`aim-202`, then `aim`, `202`).
pub fn tokens(text: &str, mut each: impl FnMut(&str)) {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut i = 0;
    while i < words.len() {
        // The longest run words[i..j] whose neighbours are joined by exactly one hyphen.
        let mut j = i + 1;
        while j < words.len() && joined_by_hyphen(&text[words[j - 1].1..words[j].0]) {
            j += 1;
        }
        if j - i > 1 {
            let whole = &text[words[i].0..words[j - 1].1];
            if whole.bytes().any(|b| b.is_ascii_digit()) {
                each(whole);
            }
        }
        for &(s, e) in &words[i..j] {
            each(&text[s..e]);
        }
        i = j;
    }
}

fn joined_by_hyphen(between: &str) -> bool {
    matches!(between, "-" | "\u{2010}")
}

/// The length in bytes of the longest stop word.
const LONGEST_STOP_WORD: usize = {
    let (mut longest, mut i) = (0, 0);
    while i < STOP_WORDS.len() {
        if STOP_WORDS[i].len() > longest {
            longest = STOP_WORDS[i].len();
        }
        i += 1;
    }
    longest
};

/// Whether a folded token is a stop word. Most words of a body are longer than any stop
/// word, which their length tells without a search (the search was a tenth of the index's time).
pub fn is_stop_word(token: &str) -> bool {
    token.len() <= LONGEST_STOP_WORD && STOP_WORDS.binary_search(&token).is_ok()
}

/// The stemmer for a language code (`en`, `fr-CA`, …); `None` when Snowball has none for it.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let primary = language.split(['-', '_']).next().unwrap_or(language).to_ascii_lowercase();
    let algorithm = match primary.as_str() {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ro" => Algorithm::Romanian,
        "hu" => Algorithm::Hungarian,
        "tr" => Algorithm::Turkish,
        "ru" => Algorithm::Russian,
        "el" => Algorithm::Greek,
        "ar" => Algorithm::Arabic,
        "ta" => Algorithm::Tamil,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The stem of a folded token: only words of letters are stemmed (codes and numbers stay whole).
pub fn stem(stemmer: Option<&Stemmer>, token: &str) -> String {
    match stemmer {
        Some(s) if token.chars().all(char::is_alphabetic) => {
            let stem = s.stem(token);
            if stem.is_empty() { token.to_owned() } else { stem.into_owned() }
        }
        _ => token.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut out = Vec::new();
        tokens(&folded, |t| out.push(t.to_owned()));
        out
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Éthique"), "ethique");
        assert_eq!(fold("Œuvre À Noël"), "oeuvre a noel");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("plain"), "plain");
    }

    #[test]
    fn codes_are_kept_whole_and_split() {
        assert_eq!(all("see DAE-202 now"), ["see", "dae-202", "dae", "202", "now"]);
        assert_eq!(all("GPT-4o"), ["gpt-4o", "gpt", "4o"]);
    }

    #[test]
    fn hyphenated_words_without_digits_are_only_split() {
        assert_eq!(all("full-time"), ["full", "time"]);
        assert_eq!(all("a -- b"), ["a", "b"]);
    }

    #[test]
    fn apostrophes_split_french_elisions() {
        assert_eq!(all("l'apprentissage"), ["l", "apprentissage"]);
    }

    #[test]
    fn stop_words_are_sorted_for_lookup() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && is_stop_word("les") && !is_stop_word("model"));
    }

    /// The rows both sides check (`tests/js/search_text.test.mjs` is the JavaScript side).
    fn fixture() -> serde_json::Value {
        serde_json::from_str(include_str!("../../../tests/fixtures/search-text.json")).unwrap()
    }

    #[test]
    fn folding_and_tokens_match_the_rows_search_js_checks_too() {
        for row in fixture()["text"].as_array().unwrap() {
            let input = row["input"].as_str().unwrap();
            assert_eq!(fold(input), row["folded"].as_str().unwrap(), "folding {input:?}");
            assert_eq!(serde_json::json!(all(input)), row["tokens"], "tokens of {input:?}");
        }
    }

    #[test]
    fn the_manifest_carries_the_weights_search_js_is_checked_with() {
        let weights = serde_json::to_value(crate::render::search::Weights::FIELDS).unwrap();
        assert_eq!(weights, fixture()["weights"]);
    }

    #[test]
    fn english_and_french_plurals_share_a_stem() {
        let en = stemmer("en");
        let fr = stemmer("fr");
        assert_eq!(stem(en.as_ref(), "models"), stem(en.as_ref(), "model"));
        assert_eq!(stem(en.as_ref(), "modelling"), stem(en.as_ref(), "model"));
        assert_eq!(stem(fr.as_ref(), "apprentissages"), stem(fr.as_ref(), "apprentissage"));
        assert_eq!(stem(en.as_ref(), "aim-202"), "aim-202");
    }
}
