//! Files that hold several dated entries, such as a live blog or a forum repost of one: each
//! entry becomes a briefing of its own, dated by its own dateline.
//!
//! An entry is a dateline followed by at least one paragraph before the next dateline. A file
//! is taken as entries when it has two or more, all within `ENTRY_SPAN_DAYS` of each other
//! (a live blog covers a few days; datelines months apart are a timeline inside an article,
//! and the file stays one briefing). Failing that, lines that give only a time ("18:05 GMT")
//! start entries the same way, and those entries take the file's date. Text before the first
//! entry is the page's introduction and is left out. An entry's first line is its headline
//! when it is short and has no final stop.

use chrono::NaiveDate;

use super::text::{self, Article, Stated};

/// The most days between the first and the last entry of a live blog.
const ENTRY_SPAN_DAYS: i64 = 7;
/// The most words of an entry's headline.
const ENTRY_HEADLINE_WORDS: usize = 20;

/// One entry of a file of several.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The entry's date; `None` for an entry that gives only a time.
    pub date: Option<NaiveDate>,
    /// The line that starts the entry.
    pub line: String,
    pub headline: Option<String>,
    pub paragraphs: Vec<Vec<String>>,
}

/// The entries of the article (its text is `text`), when it is a file of several dated
/// entries; empty otherwise.
pub(super) fn entries(article: &Article, text: &str) -> Vec<Entry> {
    let datelines: Vec<(usize, Option<NaiveDate>, String)> = article
        .dates
        .iter()
        .filter(|d| d.how == Stated::Dateline)
        .map(|d| {
            let line = text::line_at(text, d.found.range.start).to_string();
            (d.paragraph, d.found.day(), line)
        })
        .collect();
    if datelines.iter().any(|(_, day, _)| day.is_none()) {
        return Vec::new();
    }
    let entries = split(article, &datelines);
    let dates: Vec<NaiveDate> = entries.iter().filter_map(|e| e.date).collect();
    let close = match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) => (*last - *first).num_days() <= ENTRY_SPAN_DAYS,
        _ => false,
    };
    if entries.len() >= 2 && close {
        return entries;
    }
    let times: Vec<(usize, Option<NaiveDate>, String)> = article
        .times
        .iter()
        .map(|(paragraph, line)| (*paragraph, None, line.clone()))
        .collect();
    let entries = split(article, &times);
    if entries.len() >= 2 {
        entries
    } else {
        Vec::new()
    }
}

/// The entries that start at each mark (the paragraphs before it, its date and its line)
/// and have paragraphs before the next.
fn split(article: &Article, marks: &[(usize, Option<NaiveDate>, String)]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (ix, (start, date, line)) in marks.iter().enumerate() {
        let end = marks
            .get(ix + 1)
            .map_or(article.paragraphs.len(), |next| next.0);
        if *start >= end {
            continue;
        }
        let mut paragraphs = article.paragraphs[*start..end].to_vec();
        let headline = match paragraphs.first().map(Vec::as_slice) {
            Some([line, ..])
                if is_heading(line) && (paragraphs.len() > 1 || paragraphs[0].len() > 1) =>
            {
                Some(line.clone())
            }
            _ => None,
        };
        if headline.is_some() {
            paragraphs[0].remove(0);
            if paragraphs[0].is_empty() {
                paragraphs.remove(0);
            }
        }
        entries.push(Entry {
            date: *date,
            line: line.clone(),
            headline,
            paragraphs,
        });
    }
    entries
}

fn is_heading(line: &str) -> bool {
    line.split_whitespace().count() <= ENTRY_HEADLINE_WORDS
        && !line.trim_end().ends_with(['.', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::super::text;
    use super::*;

    #[test]
    fn a_live_blog_gives_one_entry_per_dateline() {
        let text = "Live updates\n\nIntro text of the page, said once.\n\n\
             October 14, 2023 18:05 GMT\nEnvoy to visit the region\nZhai Jun will travel next week to push for talks.\n\n\
             October 14, 2023 19:40 GMT\nThe United Nations said supplies would run out within days.\n";
        let article = text::read(text);
        let entries = entries(&article, text);
        assert_eq!(entries.len(), 2, "{article:?}");
        assert_eq!(
            entries[0].headline.as_deref(),
            Some("Envoy to visit the region")
        );
        assert_eq!(entries[1].headline, None);
        assert_eq!(
            entries[1].paragraphs,
            vec![vec![
                "The United Nations said supplies would run out within days."
            ]]
        );
    }

    #[test]
    fn published_and_updated_lines_or_a_timeline_are_one_article() {
        let text =
            "Headline of the story\n\nPublished October 10, 2023\n\nUpdated October 11, 2023\n\n\
             Zhai Jun met Usama.\n\nMore text.\n";
        assert!(entries(&text::read(text), text).is_empty());
        let timeline =
            "October 7, 2023\n\nThe war began.\n\nFebruary 12, 2024\n\nA statement followed.\n";
        assert!(entries(&text::read(timeline), timeline).is_empty());
    }

    #[test]
    fn entries_that_give_only_a_time() {
        let text = "Gaza live\n\nOctober 14, 2023\n\nThe page follows the day.\n\n18:05 GMT\n\
             Envoy to visit\nZhai Jun will travel to the region next week.\n\n19:40 GMT\n\
             The United Nations warned of shortages.\n";
        let entries = entries(&text::read(text), text);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].date, None);
        assert_eq!(entries[0].line, "18:05 GMT");
        assert_eq!(entries[0].headline.as_deref(), Some("Envoy to visit"));
    }
}
