//! Checks of single values: required fields, numbers, enumerations, dates, URLs, countries.
//!
//! Each check reports a located diagnostic and returns `None` on failure, so
//! a record's conversion carries on and every mistake in it is reported.

use std::ops::Range;

use jiff::civil::Date;

use super::catalog::{Choice, Country};
use crate::diagnostics::Diagnostic;
use crate::load::records::Text;
use crate::suggest;
use crate::yaml::{Origin, Spanned};

/// Collects the diagnostics of one record.
pub struct Check<'a> {
    /// Where the record's YAML is.
    pub origin: &'a Origin,
    /// Where the record starts: missing fields are reported here.
    pub record: Range<usize>,
    /// What kind of block the fields are in, for messages (`front matter`, `project`, `role`).
    pub what: &'static str,
    /// The diagnostics found so far.
    pub errors: &'a mut Vec<Diagnostic>,
}

impl Check<'_> {
    /// Reports a diagnostic.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// An error at a value.
    pub fn error_at<T>(&mut self, value: &Spanned<T>, message: impl Into<String>) -> &mut Diagnostic {
        self.errors.push(self.origin.error_at(value, message));
        self.errors.last_mut().expect("just pushed")
    }

    /// A required, non-empty text field.
    pub fn required(&mut self, value: &Option<Text>, field: &str) -> Option<String> {
        match value {
            None => {
                let message = format!("missing required field `{field}`");
                let d = Diagnostic::error(message)
                    .at(&self.origin.file, self.record.clone())
                    .label(format!("this {} has no `{field}`", self.what))
                    .hint(format!("add `{field}: …`"));
                self.errors.push(d);
                None
            }
            Some(text) => self.non_empty(text, field),
        }
    }

    /// An optional text field that, when present, is not blank.
    pub fn optional(&mut self, value: &Option<Text>, field: &str) -> Option<String> {
        value.as_ref().and_then(|text| self.non_empty(text, field))
    }

    fn non_empty(&mut self, text: &Text, field: &str) -> Option<String> {
        if text.value.trim().is_empty() {
            self.error_at(text, format!("`{field}` is empty")).hint =
                Some(format!("write a value for `{field}` or remove the line"));
            return None;
        }
        Some(text.value.trim().to_owned())
    }

    /// Non-blank items of a list of texts.
    pub fn texts(&mut self, values: &[Text], field: &str) -> Vec<String> {
        values.iter().filter_map(|v| self.non_empty(v, field)).collect()
    }

    /// A whole number of at least 1.
    pub fn positive(&mut self, value: &Spanned<i64>, field: &str) -> Option<u32> {
        match u32::try_from(value.value) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                let d = self.error_at(value, format!("`{field}` must be a positive whole number, not {}", value.value));
                d.hint = Some("write a number such as 12".to_owned());
                None
            }
        }
    }

    /// An optional whole number of at least 1.
    pub fn positive_opt(&mut self, value: &Option<Spanned<i64>>, field: &str) -> Option<u32> {
        value.as_ref().and_then(|v| self.positive(v, field))
    }

    /// A word from an enumeration, with the allowed words in the hint.
    pub fn choice<C: Choice>(&mut self, value: &Text, field: &str) -> Option<C> {
        let parsed = C::parse(value.value.trim());
        if parsed.is_none() {
            let words: Vec<&str> = C::CHOICES.iter().map(|(w, _)| *w).collect();
            let allowed = format!("allowed values: {}", words.join(", "));
            let hint = match suggest::closest(&value.value, &words) {
                Some(s) => format!("did you mean `{s}`? ({allowed})"),
                None => allowed,
            };
            let d = self.error_at(value, format!("invalid {field} `{}`", value.value));
            d.hint = Some(hint);
        }
        parsed
    }

    /// A date written `YYYY-MM-DD`.
    pub fn date(&mut self, value: &Text, field: &str) -> Option<Date> {
        let text = value.value.trim();
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let parsed = shaped.then(|| text.parse::<Date>().ok()).flatten();
        if parsed.is_none() {
            let hint = if shaped {
                "this day does not exist: check the month (01-12) and the day of the month"
            } else {
                "write dates as YYYY-MM-DD, e.g. 2027-09-01"
            };
            self.error_at(value, format!("invalid date `{text}` in `{field}`")).hint = Some(hint.to_owned());
        }
        parsed
    }

    /// An optional date.
    pub fn date_opt(&mut self, value: &Option<Text>, field: &str) -> Option<Date> {
        value.as_ref().and_then(|v| self.date(v, field))
    }

    /// An absolute http(s) URL (or `mailto:` where `mail` is allowed).
    pub fn url(&mut self, value: &Option<Text>, field: &str, mail: bool) -> Option<String> {
        let value = value.as_ref()?;
        let text = value.value.trim();
        let ok = match url::Url::parse(text) {
            Ok(url) => match url.scheme() {
                "http" | "https" => url.host_str().is_some(),
                "mailto" => mail && !url.path().is_empty(),
                _ => false,
            },
            Err(_) => false,
        };
        if !ok {
            let allowed = if mail { "http(s):// or mailto:" } else { "http(s)://" };
            let d = self.error_at(value, format!("invalid URL `{text}` in `{field}`"));
            d.hint = Some(format!("write an absolute {allowed} URL, e.g. https://example.com/careers"));
            return None;
        }
        Some(text.to_owned())
    }

    /// An ISO 3166-1 alpha-2 country code.
    pub fn country(&mut self, value: &Text) -> Option<Country> {
        let text = value.value.trim();
        let country = Country::parse(text);
        if country.is_none() {
            let upper = text.to_uppercase();
            let hint = match Country::parse(&upper) {
                Some(c) if upper != text => format!("country codes are upper case: `{}`", c.code()),
                _ => "use an ISO 3166-1 alpha-2 code such as US, GB (or UK) or FR".to_owned(),
            };
            self.error_at(value, format!("unknown country code `{text}`")).hint = Some(hint);
        }
        country
    }

    /// An optional country.
    pub fn country_opt(&mut self, value: &Option<Text>) -> Option<Country> {
        value.as_ref().and_then(|v| self.country(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::catalog::Level;

    fn with_check<R>(yaml: &str, f: impl FnOnce(&mut Check, &Text) -> R) -> (R, Vec<Diagnostic>) {
        let origin = Origin { file: "content/x.yaml".to_owned(), base: 0 };
        let parsed: std::collections::BTreeMap<String, Text> = crate::yaml::parse(yaml, &origin).unwrap();
        let value = parsed.values().next().unwrap();
        let mut errors = Vec::new();
        let mut check = Check { origin: &origin, record: 0..0, what: "record", errors: &mut errors };
        let result = f(&mut check, value);
        (result, errors)
    }

    #[test]
    fn invalid_level_lists_allowed_values_and_suggests_one() {
        let (level, errors) = with_check("level: advnced\n", |c, v| c.choice::<Level>(v, "level"));
        assert_eq!(level, None);
        assert_eq!(errors[0].message, "invalid level `advnced`");
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `advanced`? (allowed values: beginner, intermediate, advanced)")
        );
        assert_eq!(errors[0].location.as_ref().unwrap().span, 7..14);
    }

    #[test]
    fn dates_must_be_year_month_day() {
        for bad in ["2027-13-01", "01/09/2027", "2027-9-1", "2027-02-30"] {
            let (date, errors) = with_check(&format!("d: \"{bad}\"\n"), |c, v| c.date(v, "posted"));
            assert_eq!(date, None, "{bad}");
            assert!(errors[0].message.starts_with("invalid date"), "{bad}");
        }
        let (date, _) = with_check("d: 2027-09-01\n", |c, v| c.date(v, "posted"));
        assert_eq!(date, Some(jiff::civil::date(2027, 9, 1)));
    }

    #[test]
    fn urls_must_be_http_or_https() {
        let (url, errors) = with_check("u: javascript:alert(1)\n", |c, v| c.url(&Some(v.clone()), "website", false));
        assert_eq!(url, None);
        assert_eq!(errors[0].message, "invalid URL `javascript:alert(1)` in `website`");
    }

    #[test]
    fn mailto_is_accepted_where_allowed() {
        let (url, _) = with_check("u: mailto:jobs@example.com\n", |c, v| c.url(&Some(v.clone()), "apply_url", true));
        assert_eq!(url.as_deref(), Some("mailto:jobs@example.com"));
    }

    #[test]
    fn uk_is_accepted_for_great_britain() {
        let (country, _) = with_check("c: UK\n", |c, v| c.country(v));
        assert_eq!(country.map(|c| c.code()), Some("GB"));
    }

    #[test]
    fn lowercase_country_gets_an_uppercase_hint() {
        let (_, errors) = with_check("c: fr\n", |c, v| c.country(v));
        assert_eq!(errors[0].message, "unknown country code `fr`");
        assert_eq!(errors[0].hint.as_deref(), Some("country codes are upper case: `FR`"));
    }

    #[test]
    fn missing_required_field_points_at_the_record() {
        let (value, errors) = with_check("a: b\n", |c, _| c.required(&None, "title"));
        assert_eq!(value, None);
        assert_eq!(errors[0].message, "missing required field `title`");
    }
}
