//! Dates in article text: ISO dates (`2023-10-11`) and English dates with a month name
//! (`October 10, 2023`, `10 October 2023`, `Oct. 10, 2023`, `Mar.21 - 2024`).
//!
//! Three places in an article say when it was written: a first line such as ` date 2023-10-11`,
//! a dateline (a line that is only a date, perhaps with a time and a time zone) and a byline.
//! A date written like one that does not exist (`2023-02-30`) is kept as a problem to report,
//! never corrected, and a text with no date is never given one.

use std::ops::Range;

use chrono::NaiveDate;

/// A date written in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundDate {
    /// The bytes that write it.
    pub range: Range<usize>,
    /// The date, or `Err` with the text when no such day exists.
    pub date: Result<NaiveDate, String>,
}

impl FoundDate {
    /// The same date, found `offset` bytes further into a larger text.
    pub(super) fn shifted(self, offset: usize) -> FoundDate {
        FoundDate {
            range: self.range.start + offset..self.range.end + offset,
            date: self.date,
        }
    }
}

/// Every date written in `text`, in order.
pub(super) fn find_dates(text: &str) -> Vec<FoundDate> {
    scan(text).1.into_iter().map(|(_, found)| found).collect()
}

/// The date of a first line such as ` date 2023-10-11 ...` (also `Date: October 10, 2023`),
/// with the byte offset where the rest of the line starts. `None` when the line does not
/// start with the word "date" followed by something written like a date. When no date can be
/// read there, the date is an `Err` holding the word that should have been one.
pub(super) fn date_line(line: &str) -> Option<(FoundDate, usize)> {
    let start = line.len() - line.trim_start().len();
    let keyword = line.get(start..start + 4)?;
    if !keyword.eq_ignore_ascii_case("date") {
        return None;
    }
    let rest = &line[start + 4..];
    let value = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '=');
    if value.len() == rest.len() && !rest.is_empty() {
        return None; // "Dates", "Dateline": another word.
    }
    let value_start = line.len() - value.len();
    let first_word = value.split_whitespace().next().unwrap_or("");
    let datelike = first_word.starts_with(|c: char| c.is_ascii_digit())
        || month(first_word.trim_end_matches('.')).is_some();
    if !datelike {
        return None;
    }
    let found = match find_dates(value).into_iter().next() {
        Some(found) if found.range.start == 0 => found.shifted(value_start),
        _ => FoundDate {
            range: value_start..value_start + first_word.len(),
            date: Err(first_word.to_string()),
        },
    };
    let end = found.range.end;
    Some((found, end))
}

/// The date of a dateline: a line that holds a date and otherwise only a time, a time zone,
/// a weekday or words such as "Published" or "Updated".
pub(super) fn dateline(line: &str) -> Option<FoundDate> {
    let (tokens, dates) = scan(line);
    let first = dates.first()?.1.clone();
    let inside_a_date = |ix: usize| dates.iter().any(|(span, _)| span.contains(&ix));
    let furniture = tokens
        .iter()
        .enumerate()
        .filter(|(ix, _)| !inside_a_date(*ix))
        .all(|(_, token)| match token.kind {
            Kind::Number { digits, .. } => digits <= 2,
            Kind::Punct(_) => true,
            Kind::Word => is_date_furniture(&line[token.range.clone()]),
        });
    furniture.then_some(first)
}

/// Whether a word belongs to dates and times: a month, a weekday, "Updated", "AM", "GMT".
pub(super) fn is_date_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    month(word).is_some() || is_date_furniture(word)
}

/// Words a dateline may hold besides the date.
fn is_date_furniture(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last",
        "modified",
        "on",
        "at",
        "date",
        "dated",
        "am",
        "pm",
        "a",
        "m",
        "p",
        "h",
        "hrs",
        "time",
        "local",
        "gmt",
        "utc",
        "cet",
        "cest",
        "eet",
        "eest",
        "bst",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "ist",
        "jst",
        "kst",
        "msk",
        "ast",
        "idt",
        "sgt",
        "hkt",
        "wib",
        "aest",
    ];
    let lower = word.to_lowercase();
    WORDS.contains(&lower.as_str()) || weekday(&lower)
}

fn weekday(lower: &str) -> bool {
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ];
    DAYS.contains(&lower)
}

/// The number of a month written in English, in full or shortened ("Sept", "Oct"), starting
/// with a capital as month names do.
pub(super) fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if !word.starts_with(|c: char| c.is_uppercase()) || word.chars().count() < 3 {
        return None;
    }
    let lower = word.to_lowercase();
    let number = MONTHS
        .iter()
        .position(|name| *name == lower || (lower.len() == 3 && name.starts_with(&lower)))
        .or_else(|| (lower == "sept").then_some(8))?;
    Some(number as u32 + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number { value: u32, digits: usize },
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    range: Range<usize>,
}

/// The tokens of `text`, and each date with the tokens it spans.
fn scan(text: &str) -> (Vec<Token>, Vec<(Range<usize>, FoundDate)>) {
    let tokens = tokenize(text);
    let mut dates = Vec::new();
    let mut ix = 0;
    while ix < tokens.len() {
        match date_at(text, &tokens, ix) {
            Some((end, date)) => {
                let range = tokens[ix].range.start..tokens[end - 1].range.end;
                let date = date.ok_or_else(|| text[range.clone()].to_string());
                dates.push((ix..end, FoundDate { range, date }));
                ix = end;
            }
            None => ix += 1,
        }
    }
    (tokens, dates)
}

/// Words (letters), numbers (digits, with an ordinal ending such as "21st" taken in) and
/// single punctuation marks; white space separates tokens and is dropped.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphabetic() {
            while let Some(&(i, next)) = chars.peek().filter(|(_, n)| n.is_alphabetic()) {
                end = i + next.len_utf8();
                chars.next();
            }
            Kind::Word
        } else if c.is_ascii_digit() {
            while let Some(&(i, next)) = chars.peek().filter(|(_, n)| n.is_ascii_digit()) {
                end = i + next.len_utf8();
                chars.next();
            }
            let digits = &text[start..end];
            let value = digits.parse().unwrap_or(u32::MAX);
            end += ordinal_ending(&text[end..]);
            while chars.peek().is_some_and(|(i, _)| *i < end) {
                chars.next();
            }
            Kind::Number {
                value,
                digits: digits.len(),
            }
        } else if c.is_whitespace() {
            continue;
        } else {
            Kind::Punct(c)
        };
        tokens.push(Token {
            kind,
            range: start..end,
        });
    }
    tokens
}

/// The length of an ordinal ending ("st", "nd", "rd", "th") at the start of `rest`, when it
/// ends a word there.
fn ordinal_ending(rest: &str) -> usize {
    let ending = rest.get(..2).unwrap_or("").to_ascii_lowercase();
    let ends_word = !rest[ending.len().min(rest.len())..].starts_with(char::is_alphanumeric);
    if ["st", "nd", "rd", "th"].contains(&ending.as_str()) && ends_word {
        2
    } else {
        0
    }
}

/// A date starting at token `ix`: the index after its last token, and the date if it exists.
fn date_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Option<NaiveDate>)> {
    iso_at(tokens, ix)
        .or_else(|| month_first_at(text, tokens, ix))
        .or_else(|| day_first_at(text, tokens, ix))
}

fn number(tokens: &[Token], ix: usize, digits: Range<usize>) -> Option<u32> {
    match tokens.get(ix)?.kind {
        Kind::Number { value, digits: n } if digits.contains(&n) => Some(value),
        _ => None,
    }
}

fn punct(tokens: &[Token], ix: usize, marks: &[char]) -> bool {
    matches!(tokens.get(ix), Some(Token { kind: Kind::Punct(c), .. }) if marks.contains(c))
}

fn month_at(text: &str, tokens: &[Token], ix: usize) -> Option<u32> {
    let token = tokens.get(ix)?;
    (token.kind == Kind::Word)
        .then(|| month(&text[token.range.clone()]))
        .flatten()
}

/// 2023-10-11 or 2023/10/11, written without spaces.
fn iso_at(tokens: &[Token], ix: usize) -> Option<(usize, Option<NaiveDate>)> {
    let year = number(tokens, ix, 4..5)?;
    let separator = match tokens.get(ix + 1)?.kind {
        Kind::Punct(c) if c == '-' || c == '/' => c,
        _ => return None,
    };
    let month = number(tokens, ix + 2, 1..3)?;
    if !punct(tokens, ix + 3, &[separator]) {
        return None;
    }
    let day = number(tokens, ix + 4, 1..3)?;
    let joined = tokens[ix..ix + 5]
        .windows(2)
        .all(|pair| pair[0].range.end == pair[1].range.start);
    joined.then(|| (ix + 5, NaiveDate::from_ymd_opt(year as i32, month, day)))
}

/// October 10, 2023; Oct. 10 2023; Mar.21 - 2024; October 10th, 2023.
fn month_first_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Option<NaiveDate>)> {
    let month = month_at(text, tokens, ix)?;
    let mut at = ix + 1;
    if punct(tokens, at, &['.']) {
        at += 1;
    }
    let day = number(tokens, at, 1..3)?;
    at += 1;
    if punct(tokens, at, &[',', '-', '–', '/']) {
        at += 1;
    }
    let year = number(tokens, at, 4..5)?;
    Some((at + 1, NaiveDate::from_ymd_opt(year as i32, month, day)))
}

/// 10 October 2023; 10 Oct. 2023; 10-Oct-2023.
fn day_first_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Option<NaiveDate>)> {
    let day = number(tokens, ix, 1..3)?;
    let mut at = ix + 1;
    if punct(tokens, at, &['-']) {
        at += 1;
    }
    let month = month_at(text, tokens, at)?;
    at += 1;
    if punct(tokens, at, &['.']) {
        at += 1;
    }
    if punct(tokens, at, &[',', '-']) {
        at += 1;
    }
    let year = number(tokens, at, 4..5)?;
    Some((at + 1, NaiveDate::from_ymd_opt(year as i32, month, day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
        Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn dates(text: &str) -> Vec<(String, Result<NaiveDate, String>)> {
        find_dates(text)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.date))
            .collect()
    }

    #[test]
    fn reads_every_written_form() {
        for (text, written, date) in [
            ("on 2023-10-11 at", "2023-10-11", day(2023, 10, 11)),
            ("October 10, 2023", "October 10, 2023", day(2023, 10, 10)),
            ("10 October 2023", "10 October 2023", day(2023, 10, 10)),
            ("Oct. 10, 2023.", "Oct. 10, 2023", day(2023, 10, 10)),
            (
                "Mar.21 - 2024 10:57 AM CET",
                "Mar.21 - 2024",
                day(2024, 3, 21),
            ),
            ("Sept 5th, 2023", "Sept 5th, 2023", day(2023, 9, 5)),
            ("Tuesday, 7 Nov 2023", "7 Nov 2023", day(2023, 11, 7)),
            ("2023/11/06", "2023/11/06", day(2023, 11, 6)),
        ] {
            assert_eq!(dates(text), vec![(written.to_string(), date)], "{text}");
        }
    }

    #[test]
    fn impossible_dates_are_kept_as_problems() {
        assert_eq!(
            dates("February 30, 2023"),
            vec![("February 30, 2023".into(), Err("February 30, 2023".into()))]
        );
        assert_eq!(dates("2023-13-01")[0].1, Err("2023-13-01".into()));
    }

    #[test]
    fn partial_dates_and_other_numbers_are_not_dates() {
        for text in [
            "In May 2021, Cairo",
            "since the outbreak on October 7, the conflict",
            "2.3 million people and 17 trucks",
            "the may 10 2023 meeting",
            "2023 - 10 - 11",
            "Resolution 2720",
        ] {
            assert_eq!(dates(text), vec![], "{text}");
        }
    }

    #[test]
    fn date_lines() {
        let line = " date 2023-10-11 The conversation came";
        let (found, rest) = date_line(line).unwrap();
        assert_eq!(found.date, day(2023, 10, 11));
        assert_eq!(&line[found.range], "2023-10-11");
        assert_eq!(line[rest..].trim(), "The conversation came");
        let (found, _) = date_line("Date: October 10, 2023").unwrap();
        assert_eq!(found.date, day(2023, 10, 10));
        assert_eq!(
            date_line(" date 2023-02-30 x").unwrap().0.date,
            Err("2023-02-30".into())
        );
        let (found, _) = date_line("date 11/10/2023 Text").unwrap();
        assert_eq!((found.range, found.date), (5..15, Err("11/10/2023".into())));
        assert_eq!(date_line("Date palms grow in Egypt."), None);
        assert_eq!(date_line("Dateline: nowhere"), None);
    }

    #[test]
    fn datelines_hold_nothing_but_the_date() {
        assert_eq!(
            dateline("Mar.21 - 2024 10:57 AM CET").unwrap().date,
            day(2024, 3, 21)
        );
        assert_eq!(
            dateline("Published: Tuesday, October 10, 2023 | 08:30 GMT")
                .unwrap()
                .date,
            day(2023, 10, 10)
        );
        assert!(dateline("October 10, 2023").is_some());
        assert!(dateline("Zhai met Usama on October 10, 2023.").is_none());
        assert!(dateline("No date here").is_none());
    }
}
