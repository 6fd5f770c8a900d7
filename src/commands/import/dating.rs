//! The date of an article, chosen from the evidence, never guessed.
//!
//! Evidence ranks: a ` date` first line (written for dossier) first, then the page's metadata
//! (JSON-LD `datePublished`, `article:published_time`, `<time datetime>`), then datelines and
//! bylines, then a date the lede's first sentence gives as the day of the news ("On April 30,
//! 2024, ...", "... on 20 November 2023"). The best rank that reads as one day wins; within a
//! rank, the first, with "Updated" lines after the others. Other dates are not the article's:
//! background clauses ("Since October 7, 2023"), captions (dropped before), copyright years
//! (no day). A lede date is refused when the text names a later day, since the opening may then
//! be background. An ambiguous numeric date (`05-11-2025`) counts only when other evidence
//! settles it. Without a date, `--date` fills in, and says so; a file is otherwise refused
//! with the reason and the evidence.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;

use super::dates::{self, Reading};
use super::sentences;
use super::text::{self, Article, Stated};
use crate::error::{Diagnostic, Location};

/// What a date was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Basis {
    /// A first line such as ` date 2023-10-11`.
    DateLine,
    /// The page's metadata, named (`JSON-LD datePublished`).
    Metadata(String),
    Dateline,
    Byline,
    /// The lede's first sentence.
    Lede,
    /// The headline of a transcript or statement ("... Press Conference on October 19, 2023").
    Headline,
    /// The time line of a live-blog entry, on the file's date.
    EntryTime,
    /// `import --date`.
    Given,
}

impl Basis {
    /// Lower ranks win.
    fn rank(&self) -> u8 {
        match self {
            Basis::DateLine => 0,
            Basis::Metadata(_) => 1,
            Basis::Dateline | Basis::Byline => 2,
            Basis::Lede | Basis::Headline => 3,
            Basis::Given | Basis::EntryTime => 4,
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Basis::DateLine => write!(f, "the date line"),
            Basis::Metadata(what) => write!(f, "the page's {what}"),
            Basis::Dateline => write!(f, "the dateline"),
            Basis::Byline => write!(f, "the byline"),
            Basis::Lede => write!(f, "the lede"),
            Basis::Headline => write!(f, "the headline"),
            Basis::EntryTime => write!(f, "the entry's time line"),
            Basis::Given => write!(f, "--date"),
        }
    }
}

/// A dateline after this many paragraphs, with more after it, is inside the body (a timeline,
/// a quoted date), not the article's dateline; a standfirst may come before the dateline.
const BODY_PARAGRAPHS: usize = 2;

/// A date stated in the page's metadata: the value as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MetaDate {
    pub written: String,
    pub what: String,
}

/// One piece of evidence for the date.
#[derive(Debug, Clone)]
struct Candidate {
    reading: Reading,
    basis: Basis,
    /// The text the date was read from (its line, or the metadata's value).
    evidence: String,
    /// Where the date is written in the text, when it is.
    range: Option<Range<usize>>,
    /// A line that says "Updated" or "Modified".
    updated: bool,
    /// Above the headline, where sites print today's date.
    above_headline: bool,
}

/// The date chosen, and why.
#[derive(Debug, Clone)]
pub(super) struct Dating {
    pub date: NaiveDate,
    pub basis: Basis,
    /// The line or value the date came from.
    pub evidence: String,
    /// Other evidence that gives another day, said in words.
    pub others: Vec<String>,
}

impl Dating {
    /// "the dateline "October 10, 2023"", as the report says it.
    pub(super) fn explain(&self) -> String {
        let mut text = format!("{}", self.basis);
        if !self.evidence.is_empty() {
            text.push_str(&format!(" \"{}\"", self.evidence));
        }
        for other in &self.others {
            text.push_str(&format!("; {other}"));
        }
        text
    }
}

/// What the dating reads: the article, its text (where `article`'s ranges point) and whether
/// the text is the file itself (so lines can be pointed at).
pub(super) struct Evidence<'a> {
    pub article: &'a Article,
    pub text: &'a str,
    pub meta: &'a [MetaDate],
    /// The headline, when there is one.
    pub headline: Option<&'a str>,
    pub path: &'a Path,
    pub text_is_file: bool,
    pub given: Option<NaiveDate>,
}

/// The article's date, with warnings for evidence that disagrees; or why there is none.
pub(super) fn date_of(
    evidence: &Evidence<'_>,
) -> Result<(Dating, Vec<Diagnostic>), Box<Diagnostic>> {
    let candidates = candidates(evidence);
    let chosen = choose(&candidates, evidence)?;
    let Some((date, chosen)) = chosen else {
        return given_or_refused(evidence, &candidates);
    };
    let mut others = Vec::new();
    let mut warnings = Vec::new();
    for other in &candidates {
        let Some(day) = dates_of(other.reading).into_iter().find(|d| *d != date) else {
            continue;
        };
        if matches!(other.reading, Reading::Ambiguous(..))
            && dates_of(other.reading).contains(&date)
        {
            continue;
        }
        let said = format!("{} says {day}", other.basis);
        let mut warning = Diagnostic::warning(
            evidence.path,
            format!("{said}; the briefing is dated {date} from {}", chosen.basis),
        );
        if let Some(location) = locate(evidence, other) {
            warning = warning.at(location);
        }
        others.push(said);
        warnings.push(warning);
    }
    let dating = Dating {
        date,
        basis: chosen.basis.clone(),
        evidence: chosen.evidence.clone(),
        others,
    };
    Ok((dating, warnings))
}

fn dates_of(reading: Reading) -> Vec<NaiveDate> {
    match reading {
        Reading::Day(day) => vec![day],
        Reading::Ambiguous(a, b) => vec![a, b],
        Reading::NoSuchDay => Vec::new(),
    }
}

/// The best candidate that names one day, or an error when the best evidence is a date that
/// does not exist or a lede date that a later date puts in doubt.
fn choose<'c>(
    candidates: &'c [Candidate],
    evidence: &Evidence<'_>,
) -> Result<Option<(NaiveDate, &'c Candidate)>, Box<Diagnostic>> {
    if let Some(line) = candidates.iter().find(|c| c.basis == Basis::DateLine) {
        return match line.reading {
            Reading::Day(day) => Ok(Some((day, line))),
            _ => Err(Box::new(unreadable(evidence, line))),
        };
    }
    for rank in 1..=3 {
        let mut in_rank: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.basis.rank() == rank)
            .collect();
        in_rank.sort_by_key(|c| (c.above_headline, c.updated));
        if let Some((day, found)) = in_rank
            .iter()
            .find_map(|c| c.reading_day().map(|day| (day, *c)))
        {
            if matches!(found.basis, Basis::Lede | Basis::Headline) {
                if let Some(later) = later_date(evidence, day) {
                    if evidence.given.is_some() {
                        return Ok(None);
                    }
                    return Err(Box::new(background_lede(evidence, found, &later)));
                }
            }
            let unsettled = candidates.iter().find(|c| {
                matches!(c.reading, Reading::Ambiguous(..))
                    && c.basis.rank() <= rank
                    && !dates_of(c.reading).contains(&day)
            });
            if let Some(ambiguous) = unsettled {
                return Err(Box::new(unreadable(evidence, ambiguous)));
            }
            return Ok(Some((day, found)));
        }
        if let Some(broken) = in_rank.iter().find(|c| c.reading == Reading::NoSuchDay) {
            if evidence.given.is_none() {
                return Err(Box::new(unreadable(evidence, broken)));
            }
        }
    }
    Ok(None)
}

impl Candidate {
    fn reading_day(&self) -> Option<NaiveDate> {
        match self.reading {
            Reading::Day(day) => Some(day),
            _ => None,
        }
    }
}

/// Every piece of evidence, in the order of the text.
fn candidates(evidence: &Evidence<'_>) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for meta in evidence.meta {
        if let Some(found) = dates::find_dates(&meta.written).into_iter().next() {
            candidates.push(Candidate {
                reading: found.reading,
                basis: Basis::Metadata(meta.what.clone()),
                evidence: meta.written.clone(),
                range: None,
                updated: false,
                above_headline: false,
            });
        }
    }
    let paragraphs = evidence.article.paragraphs.len();
    for stated in &evidence.article.dates {
        let inside_the_body = stated.paragraph >= BODY_PARAGRAPHS && stated.paragraph < paragraphs;
        if stated.how == Stated::Dateline && (inside_the_body || stated.far_above_headline) {
            continue;
        }
        let basis = match stated.how {
            Stated::DateLine => Basis::DateLine,
            Stated::Dateline => Basis::Dateline,
            Stated::Byline => Basis::Byline,
        };
        let line = text::line_at(evidence.text, stated.found.range.start);
        let line = if stated.how == Stated::DateLine {
            let end = stated.found.range.end.min(evidence.text.len());
            let start = evidence.text[..end].rfind('\n').map_or(0, |i| i + 1);
            evidence.text[start..end].trim()
        } else {
            line
        };
        let lower = line.to_lowercase();
        candidates.push(Candidate {
            reading: stated.found.reading,
            basis,
            updated: [
                "updated",
                "modified",
                "mis à jour",
                "actualizado",
                "обновлено",
            ]
            .iter()
            .any(|w| lower.starts_with(w)),
            evidence: shortened(line),
            range: Some(stated.found.range.clone()),
            above_headline: stated.above_headline,
        });
    }
    candidates.extend(lede_date(evidence));
    candidates.extend(evidence.headline.and_then(headline_date));
    candidates
}

/// The date in the headline of a transcript, briefing or statement, which is its day.
fn headline_date(headline: &str) -> Option<Candidate> {
    const RECORDS: &[&str] = &[
        "press conference",
        "briefing",
        "remarks",
        "statement",
        "transcript",
        "speech",
        "readout",
        "брифинг",
        "заявление",
        "выступление",
        "conférence de presse",
        "déclaration",
        "rueda de prensa",
        "declaración",
        "记者会",
        "讲话",
        "会見",
    ];
    let lower = headline.to_lowercase();
    if !RECORDS.iter().any(|r| lower.contains(r)) {
        return None;
    }
    let found = dates::find_dates(headline).into_iter().next()?;
    Some(Candidate {
        reading: found.reading,
        basis: Basis::Headline,
        evidence: shortened(headline),
        range: None,
        updated: false,
        above_headline: false,
    })
}

/// The most characters of evidence the report quotes.
const EVIDENCE_CHARS: usize = 90;

/// Evidence to quote: the text, or its start with an ellipsis.
fn shortened(text: &str) -> String {
    if text.chars().count() <= EVIDENCE_CHARS {
        text.to_string()
    } else {
        sentences::shorten(text, EVIDENCE_CHARS)
    }
}

/// Words that make a lede's date another day than the news's: a plan, or the past of the past.
const NOT_NEWS: &[&str] = &[
    " will ",
    " would ",
    " shall ",
    "scheduled",
    "expected to",
    " due to ",
    " set to ",
    " plans to ",
    " planned ",
    " next ",
    " had ",
    "anniversary",
    " since ",
    " until ",
];

/// A date the lede's first sentence gives for the news: written right after "on" (perhaps
/// with a weekday between), or opening the sentence.
fn lede_date(evidence: &Evidence<'_>) -> Option<Candidate> {
    let first = evidence.article.paragraphs.first()?.join(" ");
    let sentence = *sentences::sentences(&first).first()?;
    for found in dates::find_dates(sentence) {
        let before = sentence[..found.range.start].trim_end();
        let before = before.trim_end_matches(',').trim_end();
        let mut words = before.rsplit(char::is_whitespace);
        let last = words.next().unwrap_or("");
        let last = if dates::is_date_word(last) && !last.eq_ignore_ascii_case("on") {
            words.next().unwrap_or("")
        } else {
            last
        };
        let lower = sentence.to_lowercase();
        let not_news = NOT_NEWS.iter().any(|w| lower.contains(w));
        if (before.is_empty() || last.eq_ignore_ascii_case("on")) && !not_news {
            let written = &sentence[found.range.clone()];
            return Some(Candidate {
                reading: found.reading,
                basis: Basis::Lede,
                evidence: shortened(sentence),
                range: evidence.text.find(written).map(|at| at..at + written.len()),
                updated: false,
                above_headline: false,
            });
        }
    }
    None
}

/// A date later than `day` that the body names, with its paragraph.
fn later_date(evidence: &Evidence<'_>, day: NaiveDate) -> Option<String> {
    let body = evidence.article.body_text();
    dates::find_dates(&body)
        .into_iter()
        .find(|found| found.day().is_some_and(|d| d > day))
        .map(|found| body[found.range].to_string())
}

fn locate(evidence: &Evidence<'_>, candidate: &Candidate) -> Option<Location> {
    let range = candidate.range.clone()?;
    evidence
        .text_is_file
        .then(|| Location::of_range(evidence.text, range))
}

fn unreadable(evidence: &Evidence<'_>, candidate: &Candidate) -> Diagnostic {
    let written = candidate
        .range
        .clone()
        .and_then(|r| evidence.text.get(r))
        .unwrap_or(&candidate.evidence)
        .to_string();
    let (message, hint) = match candidate.reading {
        Reading::Ambiguous(a, b) => (
            format!("'{written}' is ambiguous: it reads as {a} or as {b}"),
            "write the date with the month's name, or pass --date YYYY-MM-DD",
        ),
        _ if dates::find_dates(&written).is_empty() => (
            format!("cannot read '{written}' as a date"),
            "write the date line as ` date YYYY-MM-DD`, e.g. ` date 2023-10-11`",
        ),
        _ => (
            format!("'{written}' is not a calendar date"),
            "correct the date in the text; dossier does not guess dates",
        ),
    };
    with_location(
        Diagnostic::error(evidence.path, message).with_hint(hint),
        locate(evidence, candidate),
    )
}

fn background_lede(evidence: &Evidence<'_>, lede: &Candidate, later: &str) -> Diagnostic {
    let day = lede
        .reading_day()
        .map(|d| d.to_string())
        .unwrap_or_default();
    with_location(
        Diagnostic::error(
            evidence.path,
            format!(
                "no date of its own: the lede opens on {day}, but the text names a later date \
                 ('{later}'), so the opening may be background"
            ),
        )
        .with_hint("add a first line such as ` date 2024-05-01`, or pass --date YYYY-MM-DD"),
        locate(evidence, lede),
    )
}

fn with_location(diagnostic: Diagnostic, location: Option<Location>) -> Diagnostic {
    match location {
        Some(location) => diagnostic.at(location),
        None => diagnostic,
    }
}

/// Without evidence: the date given with `--date`, or a refusal that says what the text holds.
fn given_or_refused(
    evidence: &Evidence<'_>,
    candidates: &[Candidate],
) -> Result<(Dating, Vec<Diagnostic>), Box<Diagnostic>> {
    let ambiguous = candidates
        .iter()
        .find(|c| matches!(c.reading, Reading::Ambiguous(..)));
    if let Some(date) = evidence.given {
        let why = match ambiguous {
            Some(candidate) => format!("the text's '{}' is ambiguous", candidate.evidence),
            None => "the text states none".to_string(),
        };
        let dating = Dating {
            date,
            basis: Basis::Given,
            evidence: String::new(),
            others: vec![why],
        };
        return Ok((dating, Vec::new()));
    }
    if let Some(candidate) = ambiguous {
        return Err(Box::new(unreadable(evidence, candidate)));
    }
    let body = evidence.article.body_text();
    let mut message = "no date found in the text".to_string();
    if let Some(found) = dates::find_dates(&body)
        .into_iter()
        .find(|f| f.day().is_some())
    {
        message.push_str(&format!(
            ": '{}' in its body is not the day it was written",
            &body[found.range]
        ));
    } else {
        message.push_str(": no dateline, byline, metadata or lede gives a day with its year");
    }
    Err(Box::new(
        Diagnostic::error(evidence.path, message)
            .with_hint("add a first line such as ` date 2023-10-11`, or pass --date YYYY-MM-DD"),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::text;
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The date of `text` with `meta` and `given`, or the refusal's message.
    fn date(text: &str, meta: &[MetaDate], given: Option<NaiveDate>) -> Result<Dating, String> {
        let article = text::read(text);
        let evidence = Evidence {
            article: &article,
            text,
            meta,
            headline: article.headline.as_deref(),
            path: Path::new("a.txt"),
            text_is_file: true,
            given,
        };
        date_of(&evidence)
            .map(|(dating, _)| dating)
            .map_err(|d| d.message)
    }

    #[test]
    fn metadata_wins_over_datelines_and_the_choice_is_said() {
        let meta = [MetaDate {
            written: "2024-05-02T01:30:00+08:00".into(),
            what: "JSON-LD datePublished".into(),
        }];
        let dating = date("Title here\n\nMay 1, 2024\n\nWang Yi spoke.\n", &meta, None).unwrap();
        assert_eq!(
            (dating.date, &dating.basis),
            (
                day(2024, 5, 2),
                &Basis::Metadata("JSON-LD datePublished".into())
            )
        );
        assert_eq!(dating.others, vec!["the dateline says 2024-05-01"]);
    }

    #[test]
    fn the_lede_dates_only_the_day_of_the_news() {
        let on = "On April 30, 2024, Zhai Jun met officials in Ramallah.\n\nHe spoke.\n";
        assert_eq!(date(on, &[], None).unwrap().date, day(2024, 4, 30));
        let told = "The envoy told reporters on Monday, 20 November 2023 that aid was short.\n";
        assert_eq!(date(told, &[], None).unwrap().date, day(2023, 11, 20));
        for background in [
            "Since October 7, 2023, Zhai Jun has toured the region.\n",
            "The war that began after October 7, 2023 goes on.\n",
            "Zhai Jun spoke. On October 7, 2023, Hamas attacked.\n",
        ] {
            let refused = date(background, &[], None).unwrap_err();
            assert!(
                refused.starts_with("no date found"),
                "{background}: {refused}"
            );
        }
        let plan = "On December 5, 2024, the envoys will meet in Cairo.\n";
        assert!(date(plan, &[], None).is_err());
        let later = "On October 7, 2023, Hamas attacked.\n\nOn 12 February 2024 the envoy spoke.\n";
        assert!(date(later, &[], None).unwrap_err().contains("later date"));
    }

    #[test]
    fn ambiguous_dates_count_only_when_other_evidence_settles_them() {
        let alone = "Envoy meets officials\n\n05-11-2025\n\nZhai Jun met officials.\n";
        assert!(date(alone, &[], None).unwrap_err().contains("ambiguous"));
        let settled = [MetaDate {
            written: "2025-11-05".into(),
            what: "article:published_time".into(),
        }];
        assert_eq!(date(alone, &settled, None).unwrap().date, day(2025, 11, 5));
        let given = date(alone, &[], Some(day(2025, 5, 11))).unwrap();
        assert_eq!((given.date, given.basis), (day(2025, 5, 11), Basis::Given));
    }

    #[test]
    fn datelines_inside_the_body_or_under_a_list_are_not_the_articles() {
        let timeline = "Title of it\n\nFirst paragraph.\n\nSecond paragraph.\n\n\
                        October 7, 2023\n\nThe war began.\n\nAnd went on.\n";
        assert!(date(timeline, &[], None).is_err());
        let listed = "Title of it\n\nZhai Jun spoke in Doha.\n\nRelated\n\n\
                      Envoy meets officials\n\nOctober 9, 2023\n";
        assert!(date(listed, &[], None).is_err());
        let standfirst = "Title of it\n\nA standfirst sentence.\n\nOctober 10, 2023\n\nBody.\n";
        assert_eq!(date(standfirst, &[], None).unwrap().date, day(2023, 10, 10));
    }

    #[test]
    fn todays_date_in_a_sites_header_gives_way_to_the_articles() {
        let page = "Tuesday, November 7, 2023\nDaily Orient\nEnvoy meets Egyptian officials\n\
                    2023-11-06 21:40\nZhai Jun met officials in Cairo on Monday.\n";
        let dating = date(page, &[], None).unwrap();
        assert_eq!(dating.date, day(2023, 11, 6));
        assert_eq!(dating.others, vec!["the dateline says 2023-11-07"]);
    }

    #[test]
    fn a_date_far_above_the_headline_is_the_sites_not_the_articles() {
        let page = "Tuesday, November 7, 2023\nDaily Orient\nWorld news\n\
                    Envoy meets Egyptian officials\nZhai Jun met officials in Cairo on Monday.\n";
        assert!(date(page, &[], None).is_err());
        let blog = "The Quiet Diplomat\n\nSunday, November 5, 2023\n\n\
                    What the tour tells us\n\nZhai Jun has visited five capitals.\n";
        assert_eq!(date(blog, &[], None).unwrap().date, day(2023, 11, 5));
    }

    #[test]
    fn the_given_date_never_replaces_a_stated_one() {
        let stated = "Title of it\n\nOctober 10, 2023\n\nZhai Jun spoke.\n";
        let dating = date(stated, &[], Some(day(2024, 1, 1))).unwrap();
        assert_eq!(
            (dating.date, dating.basis),
            (day(2023, 10, 10), Basis::Dateline)
        );
        let none = date("Zhai Jun spoke.\n", &[], Some(day(2024, 1, 1))).unwrap();
        assert_eq!(none.explain(), "--date; the text states none");
    }

    #[test]
    fn updated_lines_count_after_published_ones_and_transcripts_date_by_headline() {
        let text = "Headline of the story\n\nUpdated: October 11, 2023\n\nPublished: October 10, 2023\n\nText.\n";
        assert_eq!(date(text, &[], None).unwrap().date, day(2023, 10, 10));
        let transcript = "Spokesperson Mao Ning's Regular Press Conference on October 19, 2023\n\nQ: Any news?\n\nA: None.\n";
        let dating = date(transcript, &[], None).unwrap();
        assert_eq!(
            (dating.date, dating.basis),
            (day(2023, 10, 19), Basis::Headline)
        );
        let anniversary = "What happened on October 7, 2023\n\nHamas attacked.\n";
        assert!(date(anniversary, &[], None).is_err());
    }
}
