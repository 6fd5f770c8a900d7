//! The parts of a raw article: the date line, a headline, a byline (author and outlet), a
//! dateline and the body paragraphs, with the lines that are not the article dropped: web page
//! furniture ("Trending Now", "Most Read"), photo captions and repeated lines.
//!
//! The text is read line by line. Until the first line of prose, short lines may be the
//! headline; bylines, datelines and "Source:" lines are recognised anywhere.

use std::collections::HashSet;

use super::bylines::{byline, source_line, wire_dateline, Byline};
use super::dates::{self, FoundDate};

/// The most words a headline has.
const HEADLINE_WORDS: usize = 16;
/// The most words a Markdown heading used as headline has.
const HEADING_WORDS: usize = 25;
/// The most words a byline, dateline or source line has.
const SHORT_LINE_WORDS: usize = 20;
/// The most words a photo caption has.
const CAPTION_WORDS: usize = 30;
/// A line of at least this many words that repeats an earlier one is dropped.
const DUPLICATE_WORDS: usize = 4;
/// A line longer than this (in characters) that ends a sentence is not hard-wrapped: the next
/// line starts a new paragraph.
const WRAPPED_LINE: usize = 100;

/// An article taken apart.
#[derive(Debug, Default)]
pub(super) struct Article {
    pub headline: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    /// The body: paragraphs of lines, as written.
    pub paragraphs: Vec<Vec<String>>,
    /// The dates the text gives for itself, in the order they appear.
    pub dates: Vec<StatedDate>,
}

impl Article {
    /// The body as running text: the lines of a paragraph joined by spaces, paragraphs by
    /// blank lines.
    pub(super) fn body_text(&self) -> String {
        let paragraphs: Vec<String> = self.paragraphs.iter().map(|p| p.join(" ")).collect();
        paragraphs.join("\n\n")
    }
}

/// Where a date was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stated {
    /// A first line such as ` date 2023-10-11`.
    DateLine,
    /// A line holding only a date (and a time).
    Dateline,
    /// A byline, or a wire dateline such as "BEIJING, Oct. 10, 2023 (Xinhua) --".
    Byline,
}

/// A date the article states, with its place in the whole text.
#[derive(Debug, Clone)]
pub(super) struct StatedDate {
    pub found: FoundDate,
    pub how: Stated,
}

/// Takes an article's text (UTF-8 with LF line endings) apart.
pub(super) fn read(text: &str) -> Article {
    let mut lines = lines(text);
    let mut reader = Reader::default();
    if let Some(first) = lines.iter_mut().find(|l| !l.text.is_empty()) {
        if let Some((found, rest)) = dates::date_line(first.text) {
            reader.stated(found, first.start, Stated::DateLine);
            *first = first.after(rest);
        }
    }
    for (ix, line) in lines.iter().enumerate() {
        let next = lines.get(ix + 1).filter(|l| !l.text.is_empty());
        reader.read(*line, next.copied());
    }
    reader.end_paragraph();
    reader.article
}

/// A trimmed line and the byte offset of its text in the whole text.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> Line<'a> {
    /// What is left of the line after byte `at`.
    fn after(self, at: usize) -> Line<'a> {
        let rest = &self.text[at..];
        let lead = rest.len() - rest.trim_start().len();
        Line {
            text: rest.trim(),
            start: self.start + at + lead,
        }
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .map(|raw| {
            let lead = raw.len() - raw.trim_start().len();
            let line = Line {
                text: raw.trim(),
                start: start + lead,
            };
            start += raw.len() + 1;
            line
        })
        .collect()
}

/// What a line is.
enum Role {
    /// Nothing to keep: a blank line or page furniture; it ends a paragraph.
    Break,
    Dateline(FoundDate),
    Byline(Byline),
    Source(String),
    Headline(String),
    Prose,
}

#[derive(Default)]
struct Reader {
    article: Article,
    body_started: bool,
    seen: HashSet<String>,
    paragraph: Vec<String>,
}

impl Reader {
    fn read(&mut self, line: Line<'_>, next: Option<Line<'_>>) {
        let (offset, plain) = plain(line.text);
        let start = line.start + offset;
        match self.role(line.text, plain, next) {
            Role::Break => self.end_paragraph(),
            Role::Dateline(found) => {
                self.stated(found, start, Stated::Dateline);
                self.end_paragraph();
            }
            Role::Byline(byline) => {
                self.article.author.get_or_insert(byline.author);
                if let Some(outlet) = byline.outlet {
                    self.article.outlet.get_or_insert(outlet);
                }
                if let Some(found) = byline.date {
                    self.stated(found, start, Stated::Byline);
                }
                self.end_paragraph();
            }
            Role::Source(outlet) => {
                self.article.outlet.get_or_insert(outlet);
                self.end_paragraph();
            }
            Role::Headline(headline) => self.article.headline = Some(headline),
            Role::Prose => self.prose(line),
        }
    }

    fn role(&mut self, raw: &str, plain: &str, next: Option<Line<'_>>) -> Role {
        if !plain.chars().any(char::is_alphanumeric) {
            return Role::Break;
        }
        let words = plain.split_whitespace().count();
        if words >= DUPLICATE_WORDS && !self.seen.insert(plain.to_lowercase()) {
            return Role::Break;
        }
        if is_boilerplate(plain) || (words <= CAPTION_WORDS && is_caption(plain)) {
            return Role::Break;
        }
        if words <= SHORT_LINE_WORDS {
            if let Some(found) = dates::dateline(plain) {
                return Role::Dateline(found);
            }
            if let Some(byline) = byline(plain) {
                return Role::Byline(byline);
            }
            if let Some(outlet) = source_line(plain) {
                return Role::Source(outlet);
            }
        }
        let may_be_headline = !self.body_started && self.article.headline.is_none();
        if may_be_headline && is_headline(raw, plain, words, next) {
            return Role::Headline(plain.to_string());
        }
        Role::Prose
    }

    fn prose(&mut self, line: Line<'_>) {
        let mut text = line.text;
        if !self.body_started {
            self.body_started = true;
            if let Some(wire) = wire_dateline(text) {
                if let Some(found) = wire.date {
                    self.stated(found, line.start, Stated::Byline);
                }
                if let Some(outlet) = wire.outlet {
                    self.article.outlet.get_or_insert(outlet);
                }
                text = &text[wire.body..];
            }
        }
        if self
            .paragraph
            .last()
            .is_some_and(|previous| ends_paragraph(previous, text))
        {
            self.end_paragraph();
        }
        self.paragraph.push(text.to_string());
    }

    fn end_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            let paragraph = std::mem::take(&mut self.paragraph);
            self.article.paragraphs.push(paragraph);
        }
    }

    /// Records a date found `offset` bytes into the text.
    fn stated(&mut self, found: FoundDate, offset: usize, how: Stated) {
        self.article.dates.push(StatedDate {
            found: found.shifted(offset),
            how,
        });
    }
}

/// A line without Markdown heading marks or emphasis around it, and where that starts.
fn plain(line: &str) -> (usize, &str) {
    let text = line
        .trim_start_matches('#')
        .trim_start()
        .trim_matches(|c| c == '*' || c == '_')
        .trim();
    let offset = line.find(text).unwrap_or(0);
    (offset, text)
}

/// Whether the line after `previous` in the same block starts a new paragraph: after a long
/// line that ends a sentence (one paragraph per line, no blank lines), or after a short line
/// without punctuation, such as a subheading.
fn ends_paragraph(previous: &str, next: &str) -> bool {
    let length = previous.chars().count();
    if ends_sentence(previous) && length > WRAPPED_LINE {
        return true;
    }
    let heading = previous.split_whitespace().count() <= 8
        && !previous.ends_with(|c: char| c.is_ascii_punctuation());
    heading && starts_upper(next) && length * 2 < next.chars().count()
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?'])
}

fn starts_upper(text: &str) -> bool {
    text.starts_with(|c: char| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\'')
    })
}

/// A short line alone before the body, without a final period: a headline. A Markdown
/// heading may be longer.
fn is_headline(raw: &str, plain: &str, words: usize, next: Option<Line<'_>>) -> bool {
    if raw.starts_with('#') {
        return words <= HEADING_WORDS;
    }
    let alone = next.is_none_or(|next| {
        starts_upper(next.text) && plain.chars().count() * 2 < next.text.chars().count()
    });
    (2..=HEADLINE_WORDS).contains(&words)
        && !plain.ends_with(['.', ',', ';', ':'])
        && starts_upper(plain)
        && alone
}

/// Web page furniture that is not part of any article.
fn is_boilerplate(line: &str) -> bool {
    const LINES: &[&str] = &[
        "trending now",
        "trending",
        "most read",
        "most popular",
        "most viewed",
        "read more",
        "read also",
        "also read",
        "see also",
        "related",
        "related articles",
        "related stories",
        "related news",
        "related posts",
        "recommended",
        "recommended for you",
        "you may also like",
        "advertisement",
        "sponsored",
        "sponsored content",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "tweet",
        "subscribe",
        "subscribe now",
        "sign up",
        "sign up for our newsletter",
        "newsletter",
        "follow us",
        "comments",
        "leave a comment",
        "loading",
        "skip to content",
        "skip to main content",
        "continue reading",
        "top stories",
        "latest news",
        "editor's picks",
        "editor’s picks",
        "back to top",
        "print",
        "email",
        "menu",
        "home",
        "click here",
    ];
    let lower = line.to_lowercase();
    let key = lower
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    LINES.contains(&key.as_str())
        || lower.starts_with('©')
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved")
}

/// A photo caption or credit.
fn is_caption(line: &str) -> bool {
    const MARKS: &[&str] = &[
        "photo:",
        "photos:",
        "photo by",
        "photograph:",
        "image:",
        "picture:",
        "credit:",
        "(photo",
        "file photo",
        "getty images",
    ];
    let lower = line.to_lowercase();
    MARKS.iter().any(|mark| lower.contains(mark))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
        Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn a_date_line_with_a_headline_and_a_dateline() {
        let text = " date 2023-10-10 China Urges Ceasefire, Calls for Support\n\nOctober 10, 2023\n\nZhai Jun spoke with Osama.\n\nUsama agreed.\n";
        let article = read(text);
        assert_eq!(
            article.headline.as_deref(),
            Some("China Urges Ceasefire, Calls for Support")
        );
        let dates: Vec<_> = article
            .dates
            .iter()
            .map(|d| (d.how, &text[d.found.range.clone()], d.found.date.clone()))
            .collect();
        assert_eq!(
            dates,
            vec![
                (Stated::DateLine, "2023-10-10", day(2023, 10, 10)),
                (Stated::Dateline, "October 10, 2023", day(2023, 10, 10)),
            ]
        );
        assert_eq!(
            article.paragraphs,
            vec![vec!["Zhai Jun spoke with Osama."], vec!["Usama agreed."]]
        );
    }

    #[test]
    fn a_date_line_followed_by_the_first_sentence() {
        let article = read(" date 2023-10-11 The conversation came after Israel on Monday pledged a siege of Gaza. By Wednesday it was worse.\n\nZhai spoke.");
        assert_eq!(article.headline, None);
        assert_eq!(article.paragraphs.len(), 2);
        assert!(article.paragraphs[0][0].starts_with("The conversation came"));
    }

    #[test]
    fn web_page_furniture_is_dropped() {
        let text = "China Urges International Efforts to Cease Gaza Conflict\n\nWritten by Henrik Rothen\n\nMar.21 - 2024 10:57 AM CET\n\nLin Jian Spokesperson - Photo: Chinese Government\nLin Jian Spokesperson - Photo: Chinese Government\nChina is applying pressure.\n\nTrending Now\n\nLin Jian spoke.\n\nMost Read\n";
        let article = read(text);
        assert_eq!(
            article.headline.as_deref(),
            Some("China Urges International Efforts to Cease Gaza Conflict")
        );
        assert_eq!(article.author.as_deref(), Some("Henrik Rothen"));
        assert_eq!(article.outlet, None);
        assert_eq!(article.dates.len(), 1);
        assert_eq!(article.dates[0].found.date, day(2024, 3, 21));
        assert_eq!(&text[article.dates[0].found.range.clone()], "Mar.21 - 2024");
        assert_eq!(
            article.paragraphs,
            vec![vec!["China is applying pressure."], vec!["Lin Jian spoke."]]
        );
    }

    #[test]
    fn wire_datelines_give_a_date_and_an_outlet() {
        let text =
            "BEIJING, Oct. 10, 2023 (Xinhua) -- Zhai Jun said on Tuesday that China wants peace.";
        let article = read(text);
        assert_eq!(article.outlet.as_deref(), Some("Xinhua"));
        assert_eq!(article.dates[0].found.date, day(2023, 10, 10));
        assert_eq!(&text[article.dates[0].found.range.clone()], "Oct. 10, 2023");
        assert_eq!(
            article.paragraphs,
            vec![vec!["Zhai Jun said on Tuesday that China wants peace."]]
        );
    }

    #[test]
    fn paragraphs_follow_blank_lines_and_long_lines() {
        let wrapped = "Zhai Jun met his counterpart in Doha\non Thursday. They talked.\n\nNext.";
        assert_eq!(
            read(wrapped).paragraphs,
            vec![
                vec![
                    "Zhai Jun met his counterpart in Doha",
                    "on Thursday. They talked."
                ],
                vec!["Next."]
            ]
        );
        let long = "a".repeat(120);
        let one_per_line = format!("{long}.\nSecond paragraph.");
        assert_eq!(read(&one_per_line).paragraphs.len(), 2);
        let md = "# A Markdown Headline\n\n**By Jane Doe**\n\nBody *text*.\n\n## Background\nMore text follows here, at length.";
        let article = read(md);
        assert_eq!(article.headline.as_deref(), Some("A Markdown Headline"));
        assert_eq!(article.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            article.paragraphs,
            vec![
                vec!["Body *text*."],
                vec!["## Background"],
                vec!["More text follows here, at length."]
            ]
        );
    }

    #[test]
    fn source_lines_and_captions() {
        let article =
            read("Zhai spoke in Doha today.\n\nSource: Global Times\n\nFile photo of Doha\n");
        assert_eq!(article.outlet.as_deref(), Some("Global Times"));
        assert_eq!(article.paragraphs, vec![vec!["Zhai spoke in Doha today."]]);
    }
}
