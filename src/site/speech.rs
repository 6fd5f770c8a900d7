//! The interface in one language: the theme's words for it (plain strings and plural forms),
//! its date patterns with month and day names from the locale data of `chrono`, its plural
//! rules from CLDR (`intl_pluralrules`), and the direction its script is written in.
//!
//! The words of a language come from the theme's `i18n/<tag>.toml` (the built-in theme has the
//! six UN languages), each key over the English one, so a theme that leaves a key out still
//! shows a word. A generator asks [`Speech`] for every word and date it writes; templates get
//! the same words as `t`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::{Deserialize, Serialize};

/// A word of the interface: a plain string, or its forms for each CLDR plural category
/// (`zero`, `one`, `two`, `few`, `many`, `other`) with `{n}` where the number goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Word {
    Plain(String),
    Plural(BTreeMap<String, String>),
}

/// The keys of a words file that are settings rather than words. Date patterns are `chrono`'s,
/// with `%OB` and `%Ob` for a month's name standing alone where the language declines it.
pub(crate) mod keys {
    /// The `chrono` locale whose month and day names dates use ("en_US", "zh_CN", "ar_EG").
    pub(crate) const LOCALE: &str = "locale";
    /// "ltr" or "rtl".
    pub(crate) const DIRECTION: &str = "direction";
    /// The language's own name, in the language switcher.
    pub(crate) const NAME: &str = "language_name";
    /// A full date, as a `chrono` pattern ("%-d %B %Y").
    pub(crate) const DATE: &str = "date";
    /// A month of a year ("%B %Y").
    pub(crate) const MONTH: &str = "month";
    /// A month in brief, on the axes of figures ("%b").
    pub(crate) const MONTH_SHORT: &str = "month_short";
    /// A short date, in the marks of figures ("%-d %b %Y").
    pub(crate) const DATE_SHORT: &str = "date_short";
}

/// The interface of the pages of one language.
#[derive(Debug, Clone)]
pub(crate) struct Speech {
    /// The BCP 47 tag of the language.
    pub tag: String,
    /// Whether the language is written right to left.
    pub rtl: bool,
    locale: chrono::Locale,
    words: BTreeMap<String, Word>,
    plurals: Option<Plurals>,
    /// The digest of the tag and the words.
    pub digest: u64,
}

/// CLDR plural rules, which are not `Debug` or `Clone`; made again from the tag when cloned.
struct Plurals {
    tag: unic_langid::LanguageIdentifier,
    rules: PluralRules,
}

impl std::fmt::Debug for Plurals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Plurals({})", self.tag)
    }
}

impl Clone for Plurals {
    fn clone(&self) -> Plurals {
        Plurals::of(&self.tag).expect("rules once made are made again")
    }
}

impl Plurals {
    /// The rules of the language `tag`, or of its language alone where the rules do not know
    /// its script or region.
    fn of_tag(tag: &str) -> Option<Plurals> {
        let id = tag.parse::<unic_langid::LanguageIdentifier>().ok()?;
        Plurals::of(&id).or_else(|| {
            let language: unic_langid::LanguageIdentifier = id.language.as_str().parse().ok()?;
            Plurals::of(&language)
        })
    }

    fn of(tag: &unic_langid::LanguageIdentifier) -> Option<Plurals> {
        let rules = PluralRules::create(tag.clone(), PluralRuleType::CARDINAL).ok()?;
        Some(Plurals {
            tag: tag.clone(),
            rules,
        })
    }
}

impl Speech {
    /// The speech of the language `tag` with these words (every key of the English words
    /// present, the language's own over them).
    pub(crate) fn new(tag: &str, words: BTreeMap<String, Word>) -> Speech {
        let plain = |key: &str| match words.get(key) {
            Some(Word::Plain(text)) => Some(text.as_str()),
            _ => None,
        };
        let locale = plain(keys::LOCALE)
            .and_then(|name| chrono::Locale::try_from(name).ok())
            .unwrap_or(chrono::Locale::POSIX);
        let rtl = match plain(keys::DIRECTION) {
            Some(direction) => direction == "rtl",
            None => is_rtl(tag),
        };
        let plurals = Plurals::of_tag(tag);
        Speech {
            digest: crate::site::digest(&(tag, &words)),
            tag: tag.to_string(),
            rtl,
            locale,
            words,
            plurals,
        }
    }

    /// `"rtl"` or `"ltr"`, for `dir` on `<html>`.
    pub(crate) fn dir(&self) -> &'static str {
        dir_attribute(self.rtl)
    }

    /// The word of `key`; the key itself where no words file has it (a theme's template
    /// asking for a key it did not define).
    pub(crate) fn word<'a>(&'a self, key: &'a str) -> &'a str {
        match self.words.get(key) {
            Some(Word::Plain(text)) => text,
            Some(Word::Plural(forms)) => forms.get("other").map_or(key, String::as_str),
            None => key,
        }
    }

    /// The word of `key` with `{name}` replaced by each value of `values`.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.word(key), values)
    }

    /// The form of `key` for the number `n`, with `{n}` replaced by it. Templates choose
    /// their forms with the `fill` filter; the figures' words use this.
    pub(crate) fn count(&self, key: &str, n: usize) -> String {
        let form = match self.words.get(key) {
            Some(Word::Plural(forms)) => {
                let category = self.category(n);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str)
            }
            _ => self.word(key),
        };
        form.replace("{n}", &n.to_string())
    }

    /// The CLDR plural category of `n` in this language ("one", "few", "other", ...).
    pub(crate) fn category(&self, n: usize) -> &'static str {
        category(self.plurals.as_ref(), n)
    }

    /// A date in full ("10 October 2023", "2023年10月10日").
    pub(crate) fn date(&self, date: NaiveDate) -> String {
        self.format(date, keys::DATE)
    }

    /// A short date, for the marks of figures ("10 Oct 2023").
    pub(crate) fn date_short(&self, date: NaiveDate) -> String {
        self.format(date, keys::DATE_SHORT)
    }

    /// A month of a year ("October 2023").
    pub(crate) fn month(&self, year: i32, month: u32) -> String {
        NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
            || format!("{year}-{month:02}"),
            |d| self.format(d, keys::MONTH),
        )
    }

    /// A month in brief ("Oct").
    pub(crate) fn month_short(&self, date: NaiveDate) -> String {
        self.format(date, keys::MONTH_SHORT)
    }

    /// `date` written with the pattern the words give for `key`, in this language's locale.
    pub(crate) fn format(&self, date: NaiveDate, key: &str) -> String {
        self.format_with(date, self.word(key))
    }

    /// `date` written with the `chrono` pattern `pattern`, in this language's locale.
    pub(crate) fn format_with(&self, date: NaiveDate, pattern: &str) -> String {
        use std::fmt::Write;
        let pattern = self.standalone_months(pattern, date);
        let mut out = String::new();
        // A pattern a theme got wrong writes the ISO date rather than failing a page.
        if write!(out, "{}", date.format_localized(&pattern, self.locale)).is_err() {
            out = date.format("%Y-%m-%d").to_string();
        }
        out
    }

    /// `pattern` with `%OB` and `%Ob` (the month's name standing alone, as in a heading: Russian
    /// "Октябрь 2023" beside "10 октября 2023") replaced by the locale's names, or its usual
    /// ones where it has no other.
    fn standalone_months<'a>(
        &self,
        pattern: &'a str,
        date: NaiveDate,
    ) -> std::borrow::Cow<'a, str> {
        use chrono::Datelike;
        if !pattern.contains("%O") {
            return std::borrow::Cow::Borrowed(pattern);
        }
        let month = date.month0() as usize;
        let long = pure_rust_locales::locale_match!(self.locale => LC_TIME::ALT_MON)
            .unwrap_or(pure_rust_locales::locale_match!(self.locale => LC_TIME::MON));
        let short = pure_rust_locales::locale_match!(self.locale => LC_TIME::AB_ALT_MON)
            .unwrap_or(pure_rust_locales::locale_match!(self.locale => LC_TIME::ABMON));
        let name = |names: &[&str]| names.get(month).copied().unwrap_or("").replace('%', "%%");
        std::borrow::Cow::Owned(
            pattern
                .replace("%OB", &name(long))
                .replace("%Ob", &name(short)),
        )
    }

    /// Every word, for templates.
    pub(crate) fn words(&self) -> &BTreeMap<String, Word> {
        &self.words
    }
}

/// The CLDR plural category of `n` by `plurals`: English's where there are none.
fn category(plurals: Option<&Plurals>, n: usize) -> &'static str {
    let Some(plurals) = plurals else {
        return if n == 1 { "one" } else { "other" };
    };
    match plurals.rules.select(n) {
        Ok(PluralCategory::ZERO) => "zero",
        Ok(PluralCategory::ONE) => "one",
        Ok(PluralCategory::TWO) => "two",
        Ok(PluralCategory::FEW) => "few",
        Ok(PluralCategory::MANY) => "many",
        _ => "other",
    }
}

/// The CLDR plural category of `n` in the language `tag`, for templates, which are given the
/// tag with each word that has plural forms.
pub(crate) fn category_of(tag: &str, n: usize) -> &'static str {
    category(Plurals::of_tag(tag).as_ref(), n)
}

/// `text` with `{name}` replaced by each value.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The value of `dir` for a text in the language of `tag`: `"rtl"` or `"ltr"`.
pub(crate) fn direction(tag: &str) -> &'static str {
    dir_attribute(is_rtl(tag))
}

fn dir_attribute(rtl: bool) -> &'static str {
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

/// Whether the language of `tag` is written right to left, for a language the theme has no
/// words for: Arabic, Hebrew, Persian, Urdu and the other languages of those scripts.
pub(crate) fn is_rtl(tag: &str) -> bool {
    let language = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        language.as_str(),
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" | "syr"
    ) || tag.split('-').any(|part| {
        matches!(
            part.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "syrc" | "thaa"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speech(tag: &str, words: &[(&str, Word)]) -> Speech {
        let words = words
            .iter()
            .map(|(k, w)| (k.to_string(), w.clone()))
            .collect();
        Speech::new(tag, words)
    }

    fn plain(text: &str) -> Word {
        Word::Plain(text.into())
    }

    #[test]
    fn dates_take_the_locale_month_names() {
        let date = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        let fr = speech(
            "fr",
            &[("locale", plain("fr_FR")), ("date", plain("%-d %B %Y"))],
        );
        assert_eq!(fr.date(date), "10 octobre 2023");
        let ar = speech(
            "ar",
            &[("locale", plain("ar_EG")), ("date", plain("%-d %B %Y"))],
        );
        assert!(ar.date(date).contains("أكتوبر"), "{}", ar.date(date));
        assert!(ar.rtl);
        let ru = speech(
            "ru",
            &[("locale", plain("ru_RU")), ("month", plain("%OB %Y"))],
        );
        assert!(
            ru.month(2023, 10).starts_with("Октябр"),
            "{}",
            ru.month(2023, 10)
        );
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let forms = |pairs: &[(&str, &str)]| {
            Word::Plural(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        let ru = speech(
            "ru",
            &[(
                "briefings",
                forms(&[
                    ("one", "{n} брифинг"),
                    ("few", "{n} брифинга"),
                    ("many", "{n} брифингов"),
                    ("other", "{n} брифинга"),
                ]),
            )],
        );
        assert_eq!(ru.count("briefings", 1), "1 брифинг");
        assert_eq!(ru.count("briefings", 3), "3 брифинга");
        assert_eq!(ru.count("briefings", 5), "5 брифингов");
        assert_eq!(ru.count("briefings", 21), "21 брифинг");
        let en = speech(
            "en",
            &[(
                "briefings",
                forms(&[("one", "{n} briefing"), ("other", "{n} briefings")]),
            )],
        );
        assert_eq!(en.count("briefings", 1), "1 briefing");
        assert_eq!(en.count("briefings", 0), "0 briefings");
        assert_eq!(speech("zh-Hans", &[]).category(1), "other");
    }

    #[test]
    fn missing_words_show_their_key_and_bad_patterns_the_iso_date() {
        let date = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        let s = speech("en", &[("date", plain("%Q"))]);
        assert_eq!(s.word("nothing"), "nothing");
        assert_eq!(s.date(date), "2023-10-10");
        assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("pa-Arab") && !is_rtl("zh"));
    }
}
