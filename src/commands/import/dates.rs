//! Dates in article text: ISO dates (`2023-10-11`), dates with a month name in English,
//! French, Spanish, German, Italian, Russian or Arabic (`October 10, 2023`, `10 October 2023`,
//! `Oct. 10, 2023`, `Mar.21 - 2024`, `16 января 2025`, `16 de enero de 2025`), Chinese and
//! Japanese dates (`2023年10月19日`), and numeric dates (`21.10.2023`, `05-11-2025`).
//!
//! Three places in an article say when it was written: a first line such as ` date 2023-10-11`,
//! a dateline (a line that is only a date, perhaps with a time and a time zone) and a byline.
//! A date written like one that does not exist (`2023-02-30`) is kept as a problem to report,
//! never corrected; a numeric date that reads two ways (`05-11-2025`) is kept as ambiguous; and
//! a text with no date is never given one.

use std::ops::Range;

use chrono::NaiveDate;

use super::months::is_date_furniture;
pub(super) use super::months::month;

/// What a written date says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Day(NaiveDate),
    /// Written like a date, but no such day exists (`February 30, 2023`).
    NoSuchDay,
    /// A numeric date that reads as two days (`05-11-2025`: 5 November or 11 May).
    Ambiguous(NaiveDate, NaiveDate),
}

/// A date written in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundDate {
    /// The bytes that write it.
    pub range: Range<usize>,
    pub reading: Reading,
}

impl FoundDate {
    /// The same date, found `offset` bytes further into a larger text.
    pub(super) fn shifted(self, offset: usize) -> FoundDate {
        FoundDate {
            range: self.range.start + offset..self.range.end + offset,
            reading: self.reading,
        }
    }

    /// The day, when the text names exactly one.
    pub(super) fn day(&self) -> Option<NaiveDate> {
        match self.reading {
            Reading::Day(day) => Some(day),
            _ => None,
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
/// read there, the reading is `NoSuchDay` over the word that should have been one.
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
            reading: Reading::NoSuchDay,
        },
    };
    let end = found.range.end;
    Some((found, end))
}

/// The date of a dateline: a line that holds a date and otherwise only a time, a time zone,
/// a weekday or words such as "Published" or "Updated". Of two dates, the first.
pub(super) fn dateline(line: &str) -> Option<FoundDate> {
    let (tokens, dates) = scan(line);
    let first = dates.first()?.1.clone();
    only_date_words(line, &tokens, &dates).then_some(first)
}

/// Whether a line holds nothing but dates, times and date words, such as `16 OCT, 14:05`.
pub(super) fn is_date_or_time(line: &str) -> bool {
    let (tokens, dates) = scan(line);
    tokens.iter().any(|t| matches!(t.kind, Kind::Number { .. }))
        && only_date_words(line, &tokens, &dates)
}

fn only_date_words(line: &str, tokens: &[Token], dates: &[(Range<usize>, FoundDate)]) -> bool {
    let inside_a_date = |ix: usize| dates.iter().any(|(span, _)| span.contains(&ix));
    tokens
        .iter()
        .enumerate()
        .filter(|(ix, _)| !inside_a_date(*ix))
        .all(|(_, token)| match token.kind {
            Kind::Number { digits, .. } => digits <= 2,
            Kind::Punct(_) => true,
            Kind::Word => {
                let word = &line[token.range.clone()];
                is_date_furniture(word) || month(word).is_some()
            }
        })
}

/// Whether a word belongs to dates and times: a month, a weekday, "Updated", "AM", "GMT".
pub(super) fn is_date_word(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    month(word).is_some() || is_date_furniture(word)
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
            Some((end, reading)) => {
                let range = tokens[ix].range.start..tokens[end - 1].range.end;
                dates.push((ix..end, FoundDate { range, reading }));
                ix = end;
            }
            None => ix += 1,
        }
    }
    (tokens, dates)
}

/// The value of a decimal digit in any of the scripts dates are written in: ASCII, Arabic-Indic,
/// Persian and full-width digits.
fn digit(c: char) -> Option<u32> {
    let code = c as u32;
    match code {
        0x30..=0x39 => Some(code - 0x30),
        0x660..=0x669 => Some(code - 0x660),
        0x6F0..=0x6F9 => Some(code - 0x6F0),
        0xFF10..=0xFF19 => Some(code - 0xFF10),
        _ => None,
    }
}

/// Han and kana, written without spaces: each character is a word of its own.
pub(super) fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Words (letters), numbers (digits, with an ordinal ending such as "21st" taken in) and
/// single punctuation marks; white space separates tokens and is dropped. A year glued to the
/// time after it, as some pages print it (`October 20, 20234:12 PM`), is taken apart.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if unspaced(c) {
            tokens.push(Token {
                kind: Kind::Word,
                range: start..end,
            });
            continue;
        }
        let kind = if c.is_alphabetic() {
            while let Some(&(i, next)) = chars
                .peek()
                .filter(|(_, n)| n.is_alphabetic() && !unspaced(*n))
            {
                end = i + next.len_utf8();
                chars.next();
            }
            Kind::Word
        } else if digit(c).is_some() {
            let mut value = digit(c).unwrap_or(0);
            let mut digits = 1;
            while let Some(&(i, next)) = chars.peek().filter(|(_, n)| digit(*n).is_some()) {
                end = i + next.len_utf8();
                value = value
                    .saturating_mul(10)
                    .saturating_add(digit(next).unwrap_or(0));
                digits += 1;
                chars.next();
            }
            if let Some(year) = glued_year(text, start, end, digits) {
                tokens.push(Token {
                    kind: Kind::Number {
                        value: year,
                        digits: 4,
                    },
                    range: start..start + 4,
                });
                let rest = &text[start + 4..end];
                tokens.push(Token {
                    kind: Kind::Number {
                        value: rest.parse().unwrap_or(u32::MAX),
                        digits: rest.len(),
                    },
                    range: start + 4..end,
                });
                continue;
            }
            end += ordinal_ending(&text[end..]);
            while chars.peek().is_some_and(|(i, _)| *i < end) {
                chars.next();
            }
            Kind::Number { value, digits }
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

/// A year at the start of a run of 5 or 6 ASCII digits that a colon follows ("20234:12").
fn glued_year(text: &str, start: usize, end: usize, digits: usize) -> Option<u32> {
    let run = &text[start..end];
    if !(5..=6).contains(&digits) || !run.is_ascii() || !text[end..].starts_with(':') {
        return None;
    }
    let year: u32 = run[..4].parse().ok()?;
    (1990..=2099).contains(&year).then_some(year)
}

/// The length of an ordinal ending ("st", "nd", "rd", "th", French "er") at the start of
/// `rest`, when it ends a word there.
fn ordinal_ending(rest: &str) -> usize {
    let ending = rest.get(..2).unwrap_or("").to_ascii_lowercase();
    let ends_word = !rest[ending.len().min(rest.len())..].starts_with(char::is_alphanumeric);
    if ["st", "nd", "rd", "th", "er"].contains(&ending.as_str()) && ends_word {
        2
    } else {
        0
    }
}

/// A date starting at token `ix`: the index after its last token, and what it reads as.
fn date_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    iso_at(tokens, ix)
        .or_else(|| unspaced_at(text, tokens, ix))
        .or_else(|| numeric_at(tokens, ix))
        .or_else(|| month_first_at(text, tokens, ix))
        .or_else(|| day_first_at(text, tokens, ix))
}

fn reading(year: u32, month: u32, day: u32) -> Reading {
    NaiveDate::from_ymd_opt(year as i32, month, day).map_or(Reading::NoSuchDay, Reading::Day)
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

fn word<'a>(text: &'a str, tokens: &[Token], ix: usize) -> Option<&'a str> {
    let token = tokens.get(ix)?;
    (token.kind == Kind::Word).then(|| &text[token.range.clone()])
}

/// Whether tokens `ix..end` touch each other, with no space between.
fn joined(tokens: &[Token], ix: usize, end: usize) -> bool {
    tokens[ix..end]
        .windows(2)
        .all(|pair| pair[0].range.end == pair[1].range.start)
}

/// 2023-10-11, 2023/10/11 or 2023.10.11, written without spaces.
fn iso_at(tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    let year = number(tokens, ix, 4..5)?;
    let separator = match tokens.get(ix + 1)?.kind {
        Kind::Punct(c) if matches!(c, '-' | '/' | '.') => c,
        _ => return None,
    };
    let month = number(tokens, ix + 2, 1..3)?;
    if !punct(tokens, ix + 3, &[separator]) {
        return None;
    }
    let day = number(tokens, ix + 4, 1..3)?;
    joined(tokens, ix, ix + 5).then(|| (ix + 5, reading(year, month, day)))
}

/// 2023年10月19日, as Chinese and Japanese write dates, and 令和6年1月15日 (a year of the
/// Japanese era).
fn unspaced_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    let (year, at) = match number(tokens, ix, 4..5) {
        Some(year) => (year, ix + 1),
        None => era_year(text, tokens, ix)?,
    };
    (word(text, tokens, at)? == "年").then_some(())?;
    let month = number(tokens, at + 1, 1..3)?;
    (word(text, tokens, at + 2)? == "月").then_some(())?;
    let day = number(tokens, at + 3, 1..3)?;
    matches!(word(text, tokens, at + 4)?, "日" | "号").then_some(())?;
    Some((at + 5, reading(year, month, day)))
}

/// The year of 令和N年 or 平成N年 (元年 is the first), and the token after N.
fn era_year(text: &str, tokens: &[Token], ix: usize) -> Option<(u32, usize)> {
    let base = match (word(text, tokens, ix)?, word(text, tokens, ix + 1)?) {
        ("令", "和") => 2018,
        ("平", "成") => 1988,
        _ => return None,
    };
    let n = match number(tokens, ix + 2, 1..3) {
        Some(n) => n,
        None => (word(text, tokens, ix + 2)? == "元").then_some(1)?,
    };
    Some((base + n, ix + 3))
}

/// A month written as a word, or as two (the Levantine "كانون الثاني"), and how many tokens
/// it takes.
fn month_span(text: &str, tokens: &[Token], ix: usize) -> Option<(u32, usize)> {
    let first = word(text, tokens, ix)?;
    let second = word(text, tokens, ix + 1).unwrap_or("");
    let two = match (first, second) {
        ("كانون", "الثاني") => Some(1),
        ("تشرين", "الأول") => Some(10),
        ("تشرين", "الثاني") => Some(11),
        ("كانون", "الأول") => Some(12),
        _ => None,
    };
    match two {
        Some(month) => Some((month, 2)),
        None => month(first).map(|month| (month, 1)),
    }
}

/// Whether a line gives only a time of day ("18:05 GMT", "6:05pm ET", "14h05"), as the
/// entries of a live blog start.
pub(super) fn is_time_only(line: &str) -> bool {
    let (tokens, dates) = scan(line);
    let time = tokens.windows(3).any(|w| {
        matches!(w[0].kind, Kind::Number { digits: 1..=2, .. })
            && matches!(w[1].kind, Kind::Punct(':') | Kind::Punct('.'))
            && matches!(w[2].kind, Kind::Number { digits: 2, .. })
    });
    let month = tokens
        .iter()
        .any(|t| t.kind == Kind::Word && month(&line[t.range.clone()]).is_some());
    time && dates.is_empty() && !month && only_date_words(line, &tokens, &dates)
}

/// 21.10.2023, 21/10/2023, 10/21/2023 or 05-11-2025, written without spaces. With dots the
/// day comes first (`11.10.2023`). Otherwise the day comes first unless only the other order
/// makes a date; when both orders make different dates, the date is ambiguous.
fn numeric_at(tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    let first = number(tokens, ix, 1..3)?;
    let separator = match tokens.get(ix + 1)?.kind {
        Kind::Punct(c) if matches!(c, '-' | '/' | '.') => c,
        _ => return None,
    };
    let second = number(tokens, ix + 2, 1..3)?;
    if !punct(tokens, ix + 3, &[separator]) {
        return None;
    }
    let year = number(tokens, ix + 4, 4..5)?;
    if !joined(tokens, ix, ix + 5) {
        return None;
    }
    let day_first = NaiveDate::from_ymd_opt(year as i32, second, first);
    let month_first = NaiveDate::from_ymd_opt(year as i32, first, second);
    let read = match (day_first, month_first) {
        // Dots are written day first; slashes and dashes either way.
        (Some(day), _) if separator == '.' => Reading::Day(day),
        (Some(a), Some(b)) if a != b => Reading::Ambiguous(a, b),
        (Some(day), _) | (None, Some(day)) => Reading::Day(day),
        (None, None) => Reading::NoSuchDay,
    };
    Some((ix + 5, read))
}

/// October 10, 2023; Oct. 10 2023; Mar.21 - 2024; October 10th, 2023.
fn month_first_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    let (month, words) = month_span(text, tokens, ix)?;
    let mut at = ix + words;
    if punct(tokens, at, &['.']) {
        at += 1;
    }
    let day = number(tokens, at, 1..3)?;
    at += 1;
    if punct(tokens, at, &[',', '-', '–', '/']) {
        at += 1;
    }
    let year = number(tokens, at, 4..5)?;
    Some((at + 1, reading(year, month, day)))
}

/// 10 October 2023; 10 Oct. 2023; 10-Oct-2023; 16. Januar 2025; 16 de enero de 2025.
fn day_first_at(text: &str, tokens: &[Token], ix: usize) -> Option<(usize, Reading)> {
    let day = number(tokens, ix, 1..3)?;
    let mut at = ix + 1;
    if punct(tokens, at, &['-', '.']) {
        at += 1;
    }
    if word(text, tokens, at).is_some_and(|w| w == "de") {
        at += 1;
    }
    let (month, words) = month_span(text, tokens, at)?;
    at += words;
    if punct(tokens, at, &['.']) {
        at += 1;
    }
    if punct(tokens, at, &[',', '-']) {
        at += 1;
    }
    if word(text, tokens, at).is_some_and(|w| w == "de" || w == "del") {
        at += 1;
    }
    let year = number(tokens, at, 4..5)?;
    Some((at + 1, reading(year, month, day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Reading {
        Reading::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn dates(text: &str) -> Vec<(String, Reading)> {
        find_dates(text)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.reading))
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
            (
                "Saturday, 21 October, 2023 at 12:00 AM",
                "21 October, 2023",
                day(2023, 10, 21),
            ),
            ("2023年10月19日 21:30", "2023年10月19日", day(2023, 10, 19)),
            (
                "新华社2023年10月19日电",
                "2023年10月19日",
                day(2023, 10, 19),
            ),
            ("16 января 2025 г.", "16 января 2025", day(2025, 1, 16)),
            ("Publié le 12 mars 2024", "12 mars 2024", day(2024, 3, 12)),
            ("le 1er mars 2024", "1er mars 2024", day(2024, 3, 1)),
            (
                "el 16 de enero de 2025",
                "16 de enero de 2025",
                day(2025, 1, 16),
            ),
            ("١٦ يناير ٢٠٢٥", "١٦ يناير ٢٠٢٥", day(2025, 1, 16)),
            ("16. Januar 2025", "16. Januar 2025", day(2025, 1, 16)),
            ("21.10.2023", "21.10.2023", day(2023, 10, 21)),
            ("11.10.2023", "11.10.2023", day(2023, 10, 11)),
            ("10/21/2023", "10/21/2023", day(2023, 10, 21)),
            ("16-1-2025", "16-1-2025", day(2025, 1, 16)),
            (
                "October 20, 20234:12 PM",
                "October 20, 2023",
                day(2023, 10, 20),
            ),
        ] {
            assert_eq!(dates(text), vec![(written.to_string(), date)], "{text}");
        }
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_kept_as_problems() {
        assert_eq!(
            dates("February 30, 2023"),
            vec![("February 30, 2023".into(), Reading::NoSuchDay)]
        );
        assert_eq!(dates("2023-13-01")[0].1, Reading::NoSuchDay);
        let ambiguous = dates("05-11-2025");
        assert!(
            matches!(ambiguous[0].1, Reading::Ambiguous(..)),
            "{ambiguous:?}"
        );
        assert_eq!(dates("05-05-2025")[0].1, day(2025, 5, 5));
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
            "16 OCT, 14:05",
            "1月15日午後",
            "2023 20234 trucks",
        ] {
            assert_eq!(dates(text), vec![], "{text}");
        }
    }

    #[test]
    fn date_lines() {
        let line = " date 2023-10-11 The conversation came";
        let (found, rest) = date_line(line).unwrap();
        assert_eq!(found.reading, day(2023, 10, 11));
        assert_eq!(&line[found.range], "2023-10-11");
        assert_eq!(line[rest..].trim(), "The conversation came");
        let (found, _) = date_line("Date: October 10, 2023").unwrap();
        assert_eq!(found.reading, day(2023, 10, 10));
        assert_eq!(
            date_line(" date 2023-02-30 x").unwrap().0.reading,
            Reading::NoSuchDay
        );
        let (found, _) = date_line("date 11/10/2023 Text").unwrap();
        assert_eq!(found.range, 5..15);
        assert!(matches!(found.reading, Reading::Ambiguous(..)));
        assert_eq!(date_line("Date palms grow in Egypt."), None);
        assert_eq!(date_line("Dateline: nowhere"), None);
    }

    #[test]
    fn datelines_hold_nothing_but_the_date() {
        for (line, date) in [
            ("Mar.21 - 2024 10:57 AM CET", day(2024, 3, 21)),
            (
                "Published: Tuesday, October 10, 2023 | 08:30 GMT",
                day(2023, 10, 10),
            ),
            (
                "Published : Saturday, 21 October, 2023 at 12:00 AM",
                day(2023, 10, 21),
            ),
            (
                "October 20, 20234:12 PM GMT+3Updated 2 hours ago",
                day(2023, 10, 20),
            ),
            ("Updated 2:48 PM EST, November 20, 2023", day(2023, 11, 20)),
            ("Publié le 12 mars 2024 à 18h05", day(2024, 3, 12)),
            ("Опубликовано: 16 января 2025", day(2025, 1, 16)),
            ("16 января 2025, 14:05", day(2025, 1, 16)),
        ] {
            assert_eq!(dateline(line).map(|f| f.reading), Some(date), "{line}");
        }
        assert!(dateline("October 10, 2023").is_some());
        assert!(dateline("Zhai met Usama on October 10, 2023.").is_none());
        assert!(dateline("No date here").is_none());
        assert!(is_date_or_time("16 OCT, 14:05"));
        assert!(is_time_only("18:05 GMT"));
        assert!(is_time_only("6:05pm ET"));
        assert!(!is_time_only("16 OCT, 14:05"));
        assert!(!is_time_only("The 18:05 train"));
        assert!(!is_date_or_time("Zhai met Usama"));
    }
}
