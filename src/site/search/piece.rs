//! What the index takes from one briefing, computed from that briefing alone by [`piece`]: its
//! words with the strongest field each appears in, the record a result shows, and the actors
//! and tags it is filtered by. Nothing in a piece depends on the other briefings, so a build
//! can keep the pieces of briefings that did not change.

use std::collections::HashSet;

use super::text::{self, fold};
use crate::markdown::Texts;
use crate::model::{Archive, BriefingIx};
use crate::routes::{Page, Routes};

/// How long a snippet may be, in characters.
const SNIPPET_LENGTH: usize = 200;

/// Where in a briefing a word appears; the client weighs the strongest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Body = 0,
    Summary = 1,
    TagOrPlace = 2,
    TitleOrActor = 3,
}

/// One briefing's share of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    /// Each distinct token, with the strongest field it appears in, in order of first sight.
    pub tokens: Vec<(String, Field)>,
    pub doc: Doc,
}

/// What a result shows and is filtered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Doc {
    /// The briefing's address from the site root.
    pub url: String,
    pub title: String,
    /// The date as ISO 8601 (2023-10-10).
    pub date: String,
    pub year: i32,
    /// Its summary, or the start of its text.
    pub snippet: String,
    /// The ids of its actors, in the order written.
    pub actors: Vec<String>,
    /// The slugs of its tags, in the order written.
    pub tags: Vec<String>,
}

/// The piece of briefing `ix`.
pub(super) fn piece(archive: &Archive, texts: &Texts, routes: &Routes, ix: BriefingIx) -> Piece {
    use chrono::Datelike;
    let briefing = &archive.briefings[ix];
    let body = text::html_text(texts.body_html(ix).text);
    let mut strong = vec![briefing.title.as_str()];
    for &actor in &briefing.actors {
        let actor = archive.actor(actor);
        strong.push(&actor.name);
        strong.extend(actor.aliases.iter().map(String::as_str));
    }
    let middle: Vec<&str> = briefing
        .tags
        .iter()
        .chain(&briefing.places)
        .map(String::as_str)
        .collect();
    let summary: Vec<&str> = briefing.summary.as_deref().into_iter().collect();
    let fields = [
        (Field::TitleOrActor, strong),
        (Field::TagOrPlace, middle),
        (Field::Summary, summary),
        (Field::Body, vec![body.as_str()]),
    ];
    let mut seen: HashSet<String> = HashSet::new();
    let mut tokens = Vec::new();
    for (field, texts) in fields {
        for text in texts {
            text::for_each_token(&fold(text), |token| {
                if !seen.contains(token) {
                    seen.insert(token.to_string());
                    tokens.push((token.to_string(), field));
                }
            });
        }
    }
    let snippet = text::excerpt(briefing.summary.as_deref().unwrap_or(&body), SNIPPET_LENGTH);
    Piece {
        tokens,
        doc: Doc {
            url: routes.url(&Page::Briefing(&briefing.slug)),
            title: briefing.title.clone(),
            date: briefing.date.format("%Y-%m-%d").to_string(),
            year: briefing.date.year(),
            snippet,
            actors: briefing
                .actors
                .iter()
                .map(|&a| archive.actor(a).id.clone())
                .collect(),
            tags: briefing.tag_slugs.clone(),
        },
    }
}
