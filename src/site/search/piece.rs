//! What the index takes from one briefing, computed from that briefing alone by [`piece`]: its
//! words with the strongest field each appears in, the record a result shows, and the actors
//! and tags it is filtered by. Nothing in a piece depends on the other briefings, so a build
//! keeps each piece in the store under the digest of what it is made from ([`key`]) and cuts
//! only the briefings that changed into words again.

use rustc_hash::FxHashSet;

use serde::{Deserialize, Serialize};

use super::text::{self, fold};
use crate::markdown::Texts;
use crate::media;
use crate::model::{Archive, BriefingIx};
use crate::routes::{Page, Routes};
use crate::site::speech::Speech;

/// How long a snippet may be, in characters.
const SNIPPET_LENGTH: usize = 200;
/// The layout of pieces as the store keeps them, and the rules that make them: a change to
/// either takes a new number, so no build takes a piece made otherwise.
const FORMAT: u32 = 2;

/// Where in a briefing a word appears; the client weighs the strongest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Body = 0,
    Summary = 1,
    TagOrPlace = 2,
    TitleOrActor = 3,
}

impl Field {
    /// Its digit in [`Piece::tokens`].
    fn digit(self) -> char {
        char::from(b'0' + self as u8)
    }

    /// The field of a digit made by [`Field::digit`].
    fn from_digit(digit: &str) -> Field {
        match digit {
            "3" => Field::TitleOrActor,
            "2" => Field::TagOrPlace,
            "1" => Field::Summary,
            _ => Field::Body,
        }
    }
}

/// One briefing's share of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Piece {
    /// Each distinct token, in order of first sight, followed by the digit of the strongest
    /// field it appears in and a space (tokens hold no spaces): one string, which the store
    /// reads back many times faster than a string and a field for each.
    tokens: String,
    pub doc: Doc,
}

impl Piece {
    /// Each distinct token, with the strongest field it appears in, in order of first sight.
    pub(super) fn tokens(&self) -> impl Iterator<Item = (&str, Field)> {
        self.tokens.split_terminator(' ').map(|entry| {
            let (token, digit) = entry.split_at(entry.len().saturating_sub(1));
            (token, Field::from_digit(digit))
        })
    }
}

#[cfg(test)]
impl Piece {
    /// A piece of these tokens, each once, and this record.
    pub(super) fn of(tokens: &[(&str, Field)], doc: Doc) -> Piece {
        let mut text = String::new();
        for &(token, field) in tokens {
            push_token(&mut text, token, field);
        }
        Piece { tokens: text, doc }
    }
}

/// What a result shows and is filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// What its bundle holds ("PDF attached"), empty without files.
    pub files: String,
}

/// Appends a token and its field to [`Piece::tokens`].
fn push_token(tokens: &mut String, token: &str, field: Field) {
    tokens.push_str(token);
    tokens.push(field.digit());
    tokens.push(' ');
}

/// The digest of everything the piece of briefing `ix` is made from: its body, the fields of
/// its front matter that [`piece`] reads, the names of its actors, its address and the words
/// of the pages' language.
pub(super) fn key(
    archive: &Archive,
    texts: &Texts,
    routes: &Routes,
    speech: &Speech,
    ix: BriefingIx,
) -> u64 {
    let briefing = &archive.briefings[ix];
    let actors: Vec<(&str, &str, &[String])> = briefing
        .actors
        .iter()
        .map(|&actor| {
            let actor = archive.actor(actor);
            (
                actor.id.as_str(),
                actor.name.as_str(),
                actor.aliases.as_slice(),
            )
        })
        .collect();
    crate::site::digest(&(
        FORMAT,
        texts.body_digest(ix),
        &briefing.title,
        &briefing.summary,
        &briefing.tags,
        &briefing.tag_slugs,
        &briefing.places,
        briefing.date,
        routes.url(&Page::Briefing(&briefing.slug)),
        actors,
        files(briefing, speech),
    ))
}

/// The piece of briefing `ix`, whose body is `body_html`.
pub(super) fn piece(
    archive: &Archive,
    routes: &Routes,
    speech: &Speech,
    ix: BriefingIx,
    body_html: &str,
) -> Piece {
    use chrono::Datelike;
    let briefing = &archive.briefings[ix];
    let body = text::html_text(body_html);
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
    let folded: Vec<(Field, String)> = fields
        .into_iter()
        .flat_map(|(field, texts)| texts.into_iter().map(move |text| (field, fold(text))))
        .collect();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut tokens = String::new();
    for (field, text) in &folded {
        text::for_each_token(text, |token| {
            if seen.insert(token) {
                push_token(&mut tokens, token, *field);
            }
        });
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
            files: files(briefing, speech),
        },
    }
}

/// What a result says of the files of `briefing`'s bundle, in the language of the pages ("PDF
/// and 2 images attached"); empty without files.
fn files(briefing: &crate::model::Briefing, speech: &Speech) -> String {
    files_note(briefing.attachments.iter().map(|a| a.name()), speech)
}

/// What a result says of files of these names.
fn files_note<'n>(names: impl Iterator<Item = &'n str>, speech: &Speech) -> String {
    let parts: Vec<String> = media::file_counts(names)
        .into_iter()
        .map(|(kind, count)| speech.count(&format!("files_{kind}"), count))
        .collect();
    let listed = match parts.as_slice() {
        [] => return String::new(),
        [one] => one.clone(),
        [first @ .., last] => speech.fill(
            "files_list_and",
            &[
                ("first", &first.join(speech.word("list_separator"))),
                ("last", last),
            ],
        ),
    };
    speech.fill("files_attached", &[("list", &listed)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_of_a_result_are_counted_in_the_pages_language() {
        let theme = crate::site::Theme::load(crate::load::ThemeSources::default()).unwrap();
        let note = |tag: &str, names: &[&str]| {
            let (speech, _) = theme.speech(tag).unwrap();
            files_note(names.iter().copied(), &speech)
        };
        assert_eq!(note("en", &[]), "");
        assert_eq!(note("en", &["a.pdf"]), "PDF attached");
        assert_eq!(
            note("en", &["m.png", "a.pdf", "b.PDF", "c.jpg"]),
            "2 PDFs and 2 images attached"
        );
        assert_eq!(
            note("en", &["p.html", "a.pdf", "x.bin"]),
            "PDF, web page and file attached"
        );
        assert_eq!(
            note("zh", &["m.png", "a.pdf", "c.jpg"]),
            "附有1个PDF和2张图片"
        );
        assert_eq!(
            note("ru", &["a.png", "b.png", "c.png", "d.png", "e.png"]),
            "Приложено: 5 изображений"
        );
        assert_eq!(note("ar", &["a.pdf", "b.pdf"]), "مرفقات: ملفا PDF");
    }

    #[test]
    fn tokens_keep_their_field_and_their_digits() {
        let mut tokens = String::new();
        for (token, field) in [("zhai", Field::TitleOrActor), ("2023", Field::Body)] {
            push_token(&mut tokens, token, field);
        }
        let piece = Piece {
            tokens,
            doc: Doc {
                url: String::new(),
                title: String::new(),
                date: String::new(),
                year: 2023,
                snippet: String::new(),
                actors: Vec::new(),
                tags: Vec::new(),
                files: String::new(),
            },
        };
        let found: Vec<(&str, Field)> = piece.tokens().collect();
        assert_eq!(
            found,
            [("zhai", Field::TitleOrActor), ("2023", Field::Body)]
        );
    }
}
