//! What an article says about itself in its furniture: bylines ("Written by Henrik Rothen",
//! "By Jane Doe, Reuters | October 10, 2023"), "Source:" lines and wire datelines
//! ("BEIJING, Oct. 10, 2023 (Xinhua) -- ..."), which give the author, the outlet and a date.
//! Only names that look like names are taken: never a role, a time or a sentence.

use super::dates::{self, FoundDate};

/// What a byline says.
#[derive(Debug, PartialEq)]
pub(super) struct Byline {
    pub author: String,
    pub outlet: Option<String>,
    /// A date in the byline, its range within the line.
    pub date: Option<FoundDate>,
}

/// "Written by Henrik Rothen", "By Jane Doe, Reuters | October 10, 2023", "By Jane Doe for
/// Al Jazeera".
pub(super) fn byline(line: &str) -> Option<Byline> {
    const PREFIXES: &[&str] = &[
        "written by",
        "reported by",
        "posted by",
        "words by",
        "text by",
        "authors:",
        "author:",
        "byline:",
        "by:",
        "by",
    ];
    let prefix = PREFIXES.iter().find(|p| {
        line.get(..p.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(p))
            && line[p.len()..].starts_with(char::is_whitespace)
    })?;
    let rest = &line[prefix.len()..];
    let dates = dates::find_dates(rest);
    let mut cleaned = rest.to_string();
    for found in dates.iter().rev() {
        cleaned.replace_range(found.range.clone(), " | ");
    }
    let mut segments = segments(&cleaned).into_iter();
    let first = segments.next()?;
    let (author, outlet) = match first.split_once(" for ") {
        Some((author, outlet)) => (author, Some(outlet.trim())),
        None => (first.as_str(), None),
    };
    let author = author.split(" in ").next().unwrap_or(author).trim();
    if !looks_like_a_person(author) {
        return None;
    }
    let outlet = outlet
        .filter(|o| looks_like_an_outlet(o))
        .map(String::from)
        .or_else(|| segments.find(|s| looks_like_an_outlet(s)));
    Some(Byline {
        author: author.to_string(),
        outlet,
        date: dates
            .into_iter()
            .next()
            .map(|found| found.shifted(prefix.len())),
    })
}

/// The parts of a byline between separators such as "|", "·", "," or " - ".
fn segments(text: &str) -> Vec<String> {
    let mut text = text.to_string();
    for separator in [" - ", " – ", " — "] {
        text = text.replace(separator, "|");
    }
    text.split(['|', '·', '•', ',', ';', '/'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// One to eight capitalized words (and particles such as "bin" or "van", or "and" between
/// two authors), without digits or calendar words.
fn looks_like_a_person(name: &str) -> bool {
    const SMALL: &[&str] = &[
        "and", "&", "bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der",
        "den", "la", "le",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && words.first().is_some_and(|w| capitalized(w))
        && words.iter().all(|w| capitalized(w) || SMALL.contains(w))
        && !words.first().is_some_and(|w| dates::is_date_word(w))
        && !name.chars().any(|c| c.is_ascii_digit())
}

fn capitalized(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// A name such as "Reuters" or "Al Jazeera", not a role ("Staff Writer") or a time.
fn looks_like_an_outlet(text: &str) -> bool {
    const ROLES: &[&str] = &[
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "staff",
        "contributor",
        "journalist",
        "columnist",
        "published",
        "updated",
        "posted",
        "min read",
        "minutes",
        "photo",
    ];
    let lower = text.to_lowercase();
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && capitalized(text)
        && !text.chars().any(|c| c.is_ascii_digit())
        && !ROLES.iter().any(|role| lower.contains(role))
        && !text.split_whitespace().all(dates::is_date_word)
}

/// "Source: Xinhua" names the outlet.
pub(super) fn source_line(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let rest = ["source:", "sources:", "source -", "source –"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| line[p.len()..].trim())?;
    looks_like_an_outlet(rest).then(|| rest.to_string())
}

/// A wire dateline before the first sentence: "BEIJING, Oct. 10, 2023 (Xinhua) -- ...".
pub(super) struct Wire {
    /// Where the body starts in the line.
    pub body: usize,
    pub date: Option<FoundDate>,
    pub outlet: Option<String>,
}

pub(super) fn wire_dateline(line: &str) -> Option<Wire> {
    let (at, length) = [" -- ", "--", " — ", "—", " – ", " - "]
        .iter()
        .filter_map(|s| line.find(s).map(|at| (at, s.len())))
        .filter(|(at, _)| *at <= 100)
        .min()?;
    let prefix = &line[..at];
    let first = prefix.split(|c: char| !c.is_alphabetic()).next()?;
    if first.chars().count() < 3
        || !first.chars().all(char::is_uppercase)
        || prefix.split_whitespace().count() > 12
    {
        return None;
    }
    let outlet = prefix
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside.trim())
        .filter(|o| looks_like_an_outlet(o))
        .map(String::from);
    let rest = &line[at + length..];
    Some(Wire {
        body: line.len() - rest.trim_start().len(),
        date: dates::find_dates(prefix).into_iter().next(),
        outlet,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
        Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn bylines_name_authors_outlets_and_dates() {
        let b = byline("By Jane Doe, Reuters | October 10, 2023").unwrap();
        assert_eq!(b.author, "Jane Doe");
        assert_eq!(b.outlet.as_deref(), Some("Reuters"));
        assert_eq!(b.date.unwrap().date, day(2023, 10, 10));
        let b = byline("By Jane Doe for Al Jazeera").unwrap();
        assert_eq!(b.outlet.as_deref(), Some("Al Jazeera"));
        let b = byline("By Jane Doe and John Roe, Staff Writers").unwrap();
        assert_eq!(
            (b.author.as_str(), b.outlet),
            ("Jane Doe and John Roe", None)
        );
        assert_eq!(byline("By Wednesday"), None);
        assert_eq!(byline("By contrast, Zhai said"), None);
        assert_eq!(byline("Bypass"), None);
    }

    #[test]
    fn source_lines_name_outlets() {
        assert_eq!(
            source_line("Source: Global Times").as_deref(),
            Some("Global Times")
        );
        assert_eq!(source_line("Source: the ministry said so."), None);
    }
}
