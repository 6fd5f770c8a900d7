//! The parts of a raw article: the date line, a headline, a byline (author and outlet), a
//! dateline and the body paragraphs, with the lines that are not the article dropped (see
//! `furniture`) and repeated lines dropped.
//!
//! The text is read line by line. Until the first line of prose, short lines are candidates
//! for the headline (the others are kickers, section names, taglines and site names): the
//! longest wins, with a lead for the one that a byline, a dateline or the body follows, and
//! for the last; bylines, datelines and "Source:" lines are recognised anywhere.

use std::collections::HashSet;

use super::bylines::{headline_outlet, meta_line, wire_dateline};
use super::dates::{self, FoundDate};
use super::furniture::{self, Furniture};

/// The most words a headline has.
const HEADLINE_WORDS: usize = 32;
/// The most words a byline, dateline or source line has.
const SHORT_LINE_WORDS: usize = 24;
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
    /// The 1-based line of the text where each paragraph starts.
    pub starts: Vec<usize>,
    /// The dates the text gives for itself, in the order they appear.
    pub dates: Vec<StatedDate>,
    /// Lines in the body that give only a time ("18:05 GMT"), as live-blog entries start:
    /// how many paragraphs come before each, and the line.
    pub times: Vec<(usize, String)>,
}

impl Article {
    /// The body as running text: the lines of a paragraph joined by spaces, paragraphs by
    /// blank lines.
    pub(super) fn body_text(&self) -> String {
        body_text(&self.paragraphs)
    }
}

/// The line of `text` that holds byte `at`, trimmed.
pub(super) fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].trim()
}

/// Text on one line, with single spaces.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs as running text: lines joined by spaces, paragraphs by blank lines.
pub(super) fn body_text(paragraphs: &[Vec<String>]) -> String {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
    paragraphs.join("\n\n")
}

/// Where a date was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stated {
    /// A first line such as ` date 2023-10-11`.
    DateLine,
    /// A line holding only a date (and a time), or a date with a source or an outlet.
    Dateline,
    /// A byline, or a wire dateline such as "BEIJING, Oct. 10, 2023 (Xinhua) --".
    Byline,
}

/// A date the article states, with its place in the whole text.
#[derive(Debug, Clone)]
pub(super) struct StatedDate {
    pub found: FoundDate,
    pub how: Stated,
    /// How many body paragraphs come before it.
    pub paragraph: usize,
    /// Stated above the headline, where sites print today's date.
    pub above_headline: bool,
    /// Stated above the headline with other short lines between (a site's name, its menu):
    /// the page's own furniture, not the article's dateline.
    pub far_above_headline: bool,
    /// How many headline candidates came before it.
    candidates: usize,
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
        let next = lines[ix + 1..].iter().find(|l| !l.text.is_empty());
        reader.read(*line, next.copied());
    }
    reader.end_paragraph();
    reader.choose_headline();
    let article = &mut reader.article;
    if let Some(headline) = &article.headline {
        if let Some((head, outlet)) = headline_outlet(headline, article.outlet.as_deref()) {
            article.headline = Some(head);
            article.outlet.get_or_insert(outlet);
        }
    }
    if reader.article.author.is_none() {
        reader.article.author = reader.reporter.take();
    }
    reader.article
}

/// How many words more a candidate for the headline counts when a byline, a dateline or the
/// body follows it (a headline stands right above them; a site's tagline or a kicker does not).
const FOLLOWED_LEAD: usize = 4;
/// A date stated with this many short lines between it and the headline is the site's.
const FAR_ABOVE: usize = 2;
/// How many words more the last candidate before the body counts.
const LAST_LEAD: usize = 2;

/// A short line before the body, which may be the headline.
struct Candidate {
    text: String,
    /// A Markdown heading.
    heading: bool,
    /// A byline, a dateline or the body comes next.
    followed: bool,
}

/// A trimmed line, the byte offset of its text in the whole text and its 1-based number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
    number: usize,
}

impl<'a> Line<'a> {
    /// What is left of the line after byte `at`.
    fn after(self, at: usize) -> Line<'a> {
        let rest = &self.text[at..];
        let lead = rest.len() - rest.trim_start().len();
        Line {
            text: rest.trim(),
            start: self.start + at + lead,
            number: self.number,
        }
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(ix, raw)| {
            let lead = raw.len() - raw.trim_start().len();
            let line = Line {
                text: raw.trim(),
                start: start + lead,
                number: ix + 1,
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
    /// The heading of a list of other stories.
    List,
    /// The start of the comments.
    End,
    /// A time of day alone on a line, in the body.
    Time,
    /// A date, outlet or author, in a line of its own.
    Meta(super::bylines::MetaLine),
    /// A candidate for the headline, before the body.
    Candidate(String),
    Prose,
}

#[derive(Default)]
struct Reader {
    article: Article,
    body_started: bool,
    /// Inside a list of other stories.
    listing: bool,
    /// Past the start of the comments.
    ended: bool,
    seen: HashSet<String>,
    paragraph: Vec<String>,
    paragraph_start: usize,
    /// Short lines before the body.
    candidates: Vec<Candidate>,
    /// The first reporter a credit names.
    reporter: Option<String>,
    /// The number of a line already taken in, as the second half of a wrapped headline.
    taken: Option<usize>,
    /// The number of the line being read.
    line_number: usize,
}

impl Reader {
    fn read(&mut self, line: Line<'_>, next: Option<Line<'_>>) {
        if self.ended || self.taken == Some(line.number) {
            return;
        }
        self.line_number = line.number;
        let (offset, plain) = plain(line.text);
        let start = line.start + offset;
        match self.role(line.text, plain, next) {
            Role::Break => self.end_paragraph(),
            Role::List => {
                self.end_paragraph();
                self.listing = true;
            }
            Role::End => {
                self.end_paragraph();
                self.ended = true;
            }
            Role::Meta(meta) => {
                self.followed();
                if let Some(author) = meta.author {
                    self.article.author.get_or_insert(author);
                }
                if let Some(outlet) = meta.outlet {
                    self.article.outlet.get_or_insert(outlet);
                }
                if let Some(found) = meta.date {
                    let how = if meta_is_byline(plain) {
                        Stated::Byline
                    } else {
                        Stated::Dateline
                    };
                    self.stated(found, start, how);
                }
                self.end_paragraph();
            }
            Role::Candidate(text) => self.candidates.push(Candidate {
                text,
                heading: line.text.starts_with('#'),
                followed: false,
            }),
            Role::Time => {
                self.end_paragraph();
                let before = self.article.paragraphs.len();
                self.article.times.push((before, plain.to_string()));
            }
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
        if words <= SHORT_LINE_WORDS {
            if let Some(meta) = meta_line(plain) {
                // A date under a list heading belongs to a listed story.
                return if self.listing {
                    Role::Break
                } else {
                    Role::Meta(meta)
                };
            }
        }
        if self.body_started && dates::is_time_only(plain) {
            return Role::Time;
        }
        match furniture::furniture(plain) {
            Some(Furniture::End) if self.body_started => return Role::End,
            Some(Furniture::List) if self.body_started => return Role::List,
            Some(_) => {
                if let Some(reporter) = furniture::reporter(plain.trim_start_matches('(')) {
                    self.reporter.get_or_insert(reporter);
                }
                return Role::Break;
            }
            None => {}
        }
        if self.listing {
            if furniture::is_listed(plain) {
                return Role::Break;
            }
            self.listing = false;
        }
        if !self.body_started && is_candidate(raw, plain, words, next) {
            return Role::Candidate(plain.to_string());
        }
        if let Some((joined, taken)) = self.wrapped_headline(raw, plain, next) {
            self.taken = Some(taken);
            return Role::Candidate(joined);
        }
        Role::Prose
    }

    /// A headline wrapped over two lines before the body ("... Talks in Cairo," and "Doha and
    /// Amman"), as one candidate, with the number of its second line. Only a line that cannot
    /// end a headline (a comma, "and", "of") is joined to the next, so that a kicker and a
    /// headline are never run together.
    fn wrapped_headline(
        &self,
        raw: &str,
        plain: &str,
        next: Option<Line<'_>>,
    ) -> Option<(String, usize)> {
        const OPEN: &[&str] = &[
            "and", "or", "of", "to", "in", "on", "for", "with", "the", "a", "an", "as", "at", "by",
            "from", "after", "over",
        ];
        let next = next.filter(|n| !self.body_started && n.number == self.line_number + 1)?;
        let last = plain.rsplit(char::is_whitespace).next().unwrap_or("");
        let open = plain.ends_with(',') || OPEN.contains(&last.to_lowercase().as_str());
        if !open || meta_line(next.text).is_some() || furniture::furniture(next.text).is_some() {
            return None;
        }
        let joined = format!("{plain} {}", next.text);
        let words = joined.split_whitespace().count();
        is_candidate(raw, &joined, words, None).then_some((joined, next.number))
    }

    fn prose(&mut self, line: Line<'_>) {
        let (mut text, reporter) = furniture::strip_credits(line.text);
        if let Some(reporter) = reporter {
            self.reporter.get_or_insert(reporter);
        }
        if text.is_empty() {
            return;
        }
        if !self.body_started {
            self.followed();
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
        if self.paragraph.is_empty() {
            self.paragraph_start = line.number;
        }
        self.paragraph.push(text.to_string());
    }

    fn end_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            let paragraph = std::mem::take(&mut self.paragraph);
            self.article.paragraphs.push(paragraph);
            self.article.starts.push(self.paragraph_start);
        }
    }

    /// Marks the last candidate as followed by a byline, a dateline or the body.
    fn followed(&mut self) {
        if !self.body_started {
            if let Some(last) = self.candidates.last_mut() {
                last.followed = true;
            }
        }
    }

    /// The headline: the first Markdown heading, or else the candidate of most words, counting
    /// `FOLLOWED_LEAD` more for one that a byline, a dateline or the body follows and
    /// `LAST_LEAD` more for the last; of equals, the later.
    fn choose_headline(&mut self) {
        let chosen = self.headline_index();
        self.article.headline = chosen.map(|ix| self.candidates[ix].text.clone());
        if let Some(ix) = chosen {
            for date in &mut self.article.dates {
                date.above_headline = date.candidates <= ix;
                date.far_above_headline = date.candidates + FAR_ABOVE <= ix;
            }
        }
    }

    /// The index of the candidate that is the headline.
    fn headline_index(&self) -> Option<usize> {
        let last = self.candidates.len().saturating_sub(1);
        let score = |ix: usize, candidate: &Candidate| {
            weight(&candidate.text)
                + usize::from(candidate.followed) * FOLLOWED_LEAD
                + usize::from(ix == last) * LAST_LEAD
        };
        let heading = self.candidates.iter().position(|c| c.heading);
        let best = self
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| weight(&c.text) >= 2)
            .max_by_key(|(ix, c)| (score(*ix, c), *ix))
            .map(|(ix, _)| ix);
        heading.or(best)
    }

    /// Records a date found `offset` bytes into the text.
    fn stated(&mut self, found: FoundDate, offset: usize, how: Stated) {
        self.end_paragraph();
        self.article.dates.push(StatedDate {
            found: found.shifted(offset),
            how,
            paragraph: self.article.paragraphs.len(),
            above_headline: false,
            far_above_headline: false,
            candidates: self.candidates.len(),
        });
    }
}

/// Whether a line of several parts is a byline ("By ...", "Posted on ... by ...").
fn meta_is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.starts_with("by ") || lower.contains(" by ") || lower.starts_with("written by")
}

/// How many words a line has, counting two characters of Chinese or Japanese as a word.
fn weight(text: &str) -> usize {
    let unspaced = text.chars().filter(|c| dates::unspaced(*c)).count();
    text.split_whitespace().count() + unspaced / 2
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
        .ends_with(['.', '!', '?', '。'])
}

fn starts_upper(text: &str) -> bool {
    text.starts_with(|c: char| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\'')
    })
}

/// A short line before the body that is not a sentence, and that the next line does not
/// continue (a hard-wrapped sentence goes on in lowercase).
fn is_candidate(raw: &str, plain: &str, words: usize, next: Option<Line<'_>>) -> bool {
    if raw.starts_with('#') {
        return true;
    }
    let continued = next.is_some_and(|next| next.text.starts_with(char::is_lowercase));
    let sentences = super::sentences::sentences(plain).len();
    sentences <= 1
        && words <= HEADLINE_WORDS
        && weight(plain) <= HEADLINE_WORDS
        && !plain.ends_with(['.', ',', ';', ':', '。'])
        && !continued
}

#[cfg(test)]
mod tests {
    use super::super::dates::Reading;
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Reading {
        Reading::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
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
            .map(|d| (d.how, &text[d.found.range.clone()], d.found.reading))
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
        assert_eq!(article.dates[0].found.reading, day(2024, 3, 21));
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
        assert_eq!(article.dates[0].found.reading, day(2023, 10, 10));
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
    fn a_headline_wrapped_over_two_lines_is_one_line() {
        let article = read(
            "Middle East\nEnvoy Concludes Week of Talks in Cairo,\nDoha and Amman\n\n\
             October 21, 2023\n\nZhai Jun ended a week of meetings on Friday.\n",
        );
        assert_eq!(
            article.headline.as_deref(),
            Some("Envoy Concludes Week of Talks in Cairo, Doha and Amman")
        );
        assert_eq!(
            article.paragraphs,
            vec![vec!["Zhai Jun ended a week of meetings on Friday."]]
        );
    }

    #[test]
    fn the_headline_is_the_line_above_the_byline_not_the_sites_tagline() {
        let article = read(
            "Exclusive news, data and analytics for financial market professionals\nWorld\n\
             Qatar says hostage talks at a critical stage\nBy Andrew Mills\n\
             October 31, 2023\nQatar's mediation is at a critical stage, the minister said.\n",
        );
        assert_eq!(
            article.headline.as_deref(),
            Some("Qatar says hostage talks at a critical stage")
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
