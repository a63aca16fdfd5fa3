//! Numbers as each language writes them: its digit grouping and decimal sign, from
//! CLDR's data (through `num-format`), so `1410` reads `1,410` in English and
//! `1 410` (a narrow no-break space) in French. Dates need words, so they are the
//! theme's: month names are strings (`month_01` …) and the `date` component orders them.

use num_format::{Locale, ToFormattedString};

/// `n` with its thousands grouped and at most two decimals (none when it is whole), as
/// `language` (a BCP 47 tag: `fr`, `en-GB`) writes numbers; English's way for a tag CLDR lacks.
pub fn number(n: f64, language: &str) -> String {
    let mut text = money(n, language);
    if let Some(decimal) = text.rfind(locale(language).decimal()) {
        let kept = text.trim_end_matches('0').len().max(decimal + 1);
        text.truncate(kept);
    }
    text
}

/// An amount of money: `n` grouped as [`number`] does, with two decimals when it has cents
/// (`37,50`) and none when it is whole (`24 900`).
pub fn money(n: f64, language: &str) -> String {
    let locale = locale(language);
    let hundredths = (n.abs() * 100.0).round() as u64;
    let mut text = String::new();
    if n < 0.0 && hundredths > 0 {
        text.push_str(locale.minus_sign());
    }
    text.push_str(&(hundredths / 100).to_formatted_string(&locale));
    let cents = hundredths % 100;
    if cents > 0 {
        text.push_str(locale.decimal());
        text.push_str(&format!("{cents:02}"));
    }
    text
}

/// CLDR's locale for a language tag: the tag itself (`en-GB` → `en-GB`), else its language.
fn locale(language: &str) -> Locale {
    Locale::from_name(language)
        .or_else(|_| Locale::from_name(language.split(['-', '_']).next().unwrap_or(language)))
        .unwrap_or(Locale::en)
}

/// The Tera filter `number(lang=…)`: `{{ 1410 | number(lang="fr") }}` is `1 410`.
pub(crate) fn number_filter(value: f64, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let language = kwargs.get::<&str>("lang")?.unwrap_or("en");
    Ok(number(value, language))
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn english_groups_thousands_with_commas() {
        assert_eq!(number(1410.0, "en"), "1,410");
        assert_eq!(number(24900.5, "en-GB"), "24,900.5");
    }

    #[test]
    fn french_groups_with_a_narrow_no_break_space_and_a_decimal_comma() {
        assert_eq!(number(1410.0, "fr"), "1\u{202f}410");
        assert_eq!(number(7.5, "fr"), "7,5");
        assert_eq!(number(24900.25, "fr-FR"), "24\u{202f}900,25");
    }

    #[test]
    fn whole_numbers_have_no_decimals_and_small_ones_no_separator() {
        assert_eq!(number(60.0, "fr"), "60");
        assert_eq!(number(0.0, "en"), "0");
    }

    #[test]
    fn money_keeps_both_decimals_of_its_cents() {
        assert_eq!(super::money(37.5, "fr"), "37,50");
        assert_eq!(super::money(24900.0, "fr"), "24\u{202f}900");
    }

    #[test]
    fn an_unknown_language_writes_numbers_the_english_way() {
        assert_eq!(number(1410.0, "xx"), "1,410");
    }
}
