//! Files that hold several dated entries, such as a live blog or a forum repost of one: each
//! entry becomes a briefing of its own, dated by its own dateline.
//!
//! An entry is a dateline followed by at least one paragraph before the next dateline. A file
//! is taken as entries when it has two or more, all within `ENTRY_SPAN_DAYS` of each other
//! (a live blog covers a few days; datelines months apart are a timeline inside an article,
//! and the file stays one briefing). Text before the first entry is the page's introduction
//! and is left out. An entry's first paragraph is its headline when it is one short line
//! without a final stop.

use chrono::NaiveDate;

use super::text::{Article, Stated, StatedDate};

/// The most days between the first and the last entry of a live blog.
const ENTRY_SPAN_DAYS: i64 = 7;
/// The most words of an entry's headline.
const ENTRY_HEADLINE_WORDS: usize = 20;

/// One entry of a file of several.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub date: NaiveDate,
    /// The dateline's line of the text.
    pub dateline: StatedDate,
    pub headline: Option<String>,
    pub paragraphs: Vec<Vec<String>>,
}

/// The entries of the article, when it is a file of several dated entries; empty otherwise.
pub(super) fn entries(article: &Article) -> Vec<Entry> {
    let datelines: Vec<&StatedDate> = article
        .dates
        .iter()
        .filter(|d| d.how == Stated::Dateline)
        .collect();
    let mut entries = Vec::new();
    for (ix, dateline) in datelines.iter().enumerate() {
        let end = datelines
            .get(ix + 1)
            .map_or(article.paragraphs.len(), |next| next.paragraph);
        if dateline.paragraph >= end {
            continue;
        }
        let Some(date) = dateline.found.day() else {
            return Vec::new();
        };
        let mut paragraphs = article.paragraphs[dateline.paragraph..end].to_vec();
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
            date,
            dateline: (*dateline).clone(),
            headline,
            paragraphs,
        });
    }
    let first = entries.iter().map(|e| e.date).min();
    let last = entries.iter().map(|e| e.date).max();
    let close = match (first, last) {
        (Some(first), Some(last)) => (last - first).num_days() <= ENTRY_SPAN_DAYS,
        _ => false,
    };
    if entries.len() >= 2 && close {
        entries
    } else {
        Vec::new()
    }
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
        let article = text::read(
            "Live updates\n\nIntro text of the page, said once.\n\n\
             October 14, 2023 18:05 GMT\nEnvoy to visit the region\nZhai Jun will travel next week to push for talks.\n\n\
             October 14, 2023 19:40 GMT\nThe United Nations said supplies would run out within days.\n",
        );
        let entries = entries(&article);
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
        let article = text::read(
            "Headline of the story\n\nPublished October 10, 2023\n\nUpdated October 11, 2023\n\n\
             Zhai Jun met Usama.\n\nMore text.\n",
        );
        assert!(entries(&article).is_empty());
        let timeline = text::read(
            "October 7, 2023\n\nThe war began.\n\nFebruary 12, 2024\n\nA statement followed.\n",
        );
        assert!(entries(&timeline).is_empty());
    }
}
