//! Full-text search without a server: the search index, built from the model at build time
//! and written as a script (`search/index.js`), which the search page loads with a `<script>`
//! element because pages opened from `file://` cannot fetch. The client that reads it is the
//! theme's `search.js`.
//!
//! The index is an inverted index: every token (see [`text`] for how text is folded and cut)
//! with the briefings holding it. Each briefing is listed once per token, with the strongest
//! field the token appears in (title or actor, tag or place, summary, body), which is all the
//! client needs to rank. Bodies are not shipped: a briefing carries its address, title, date
//! and a short snippet (its summary, or the start of its text).

mod text;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

pub use text::{fold, index_tokens};

use super::{Generator, OutputFile, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::markdown::Texts;
use crate::media;
use crate::model::{Archive, BriefingIx};
use crate::routes::{Page, Routes, SEARCH_INDEX};

/// The global variable the index script defines.
pub(crate) const GLOBAL: &str = "DOSSIER_SEARCH";
/// The version of the index's format, checked by the client.
const FORMAT: u32 = 1;
/// How many briefings are read for the index at a time.
const READ_CHUNK: usize = 1024;
/// How long a snippet may be, in characters.
const SNIPPET_LENGTH: usize = 200;

/// Where in a briefing a token appears; the client weighs the strongest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Body = 0,
    Summary = 1,
    TagOrPlace = 2,
    TitleOrActor = 3,
}

/// What `search/index.js` assigns to the global.
#[derive(Debug, Serialize)]
struct Index<'a> {
    version: u32,
    /// Per briefing, in chronological order: address from the site root, title, ISO date,
    /// snippet, and what its bundle holds ("PDF attached"; empty without files).
    docs: Vec<(String, &'a str, String, String, String)>,
    /// Every token, sorted as JavaScript compares strings (by UTF-16 code units, so the client
    /// can search it by halves), joined by spaces.
    terms: String,
    /// For each token, the briefings holding it, in order, written by [`encode`].
    postings: Vec<String>,
}

/// The search index of the archive, as a script file.
pub(crate) struct Search;

impl Generator for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let index = build_index(site.archive, site.texts, site.routes);
        let json = serde_json::to_string(&index).map_err(|e| {
            Error::invalid(Diagnostic::error(
                SEARCH_INDEX,
                format!("cannot write the index: {e}"),
            ))
        })?;
        sink.files(vec![OutputFile::new(
            SEARCH_INDEX,
            script(&json).into_bytes(),
        )])
    }
}

fn build_index<'a>(archive: &'a Archive, texts: &Texts, routes: &Routes) -> Index<'a> {
    let count = archive.briefings.len();
    let mut by_token: HashMap<String, Vec<(BriefingIx, Field)>> = HashMap::new();
    let mut docs = Vec::with_capacity(count);
    // Briefings are read in parallel a chunk at a time: the tokens of every briefing at once
    // would take many times the size of the index.
    for start in (0..count).step_by(READ_CHUNK) {
        let read: Vec<(Vec<(String, Field)>, String)> = (start..count.min(start + READ_CHUNK))
            .into_par_iter()
            .map(|ix| read_briefing(archive, texts, ix))
            .collect();
        for (ix, (tokens, snippet)) in (start..).zip(read) {
            for (token, field) in tokens {
                by_token.entry(token).or_default().push((ix, field));
            }
            let briefing = &archive.briefings[ix];
            docs.push((
                routes.url(&Page::Briefing(&briefing.slug)),
                briefing.title.as_str(),
                briefing.date.format("%Y-%m-%d").to_string(),
                snippet,
                media::note(briefing.attachments.iter().map(|a| a.name())).unwrap_or_default(),
            ));
        }
    }
    let mut tokens: Vec<(String, Vec<(BriefingIx, Field)>)> = by_token.into_iter().collect();
    tokens.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let terms: Vec<&str> = tokens.iter().map(|(t, _)| t.as_str()).collect();
    Index {
        version: FORMAT,
        docs,
        terms: terms.join(" "),
        postings: tokens.iter().map(|(_, list)| encode(list)).collect(),
    }
}

/// The tokens of one briefing, each with the strongest field it appears in, and its snippet.
fn read_briefing(
    archive: &Archive,
    texts: &Texts,
    ix: BriefingIx,
) -> (Vec<(String, Field)>, String) {
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
    (tokens, snippet)
}

/// The digits of the posting lists: the first 32 end a number, the others go on.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// A posting list as a string of numbers, one per briefing: the gap from the previous
/// briefing's index (from 0 for the first) times 4, plus the [`Field`]. Each number is written
/// in base 32, most significant digit first, every digit but the last from the upper half of
/// [`DIGITS`]: a gap under 8 takes one character, under 256 two.
fn encode(list: &[(BriefingIx, Field)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut previous = 0;
    for &(ix, field) in list {
        let mut number = (ix - previous) as u64 * 4 + field as u64;
        previous = ix;
        let mut digits = Vec::with_capacity(4);
        loop {
            digits.push((number & 31) as usize);
            number >>= 5;
            if number == 0 {
                break;
            }
        }
        for (place, &digit) in digits.iter().enumerate().rev() {
            let more = if place > 0 { 32 } else { 0 };
            out.push(DIGITS[digit + more] as char);
        }
    }
    out
}

/// The script defining the index: JSON in which `<`, `>`, `&` and the two characters that
/// end a line in older JavaScript are escaped, so no text can close or comment out the script.
fn script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    out.push_str("/* dossier search index: generated by `dossier build` */\nwindow.");
    out.push_str(GLOBAL);
    out.push_str(" = ");
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_with_the_field() {
        let list = [
            (0, Field::Body),
            (3, Field::TitleOrActor),
            (4, Field::TagOrPlace),
        ];
        // 0; 3 * 4 + 3 = 15; 1 * 4 + 2 = 6.
        assert_eq!(encode(&list), "0F6");
        // 100 * 4 + 1 = 401 = 12 * 32 + 17; 2000 * 4 = 8000 = (7 * 32 + 26) * 32 + 0.
        let far = [(100, Field::Summary), (2100, Field::Body)];
        assert_eq!(encode(&far), "iHdw0");
    }

    #[test]
    fn the_script_cannot_be_closed_by_its_text() {
        let json = serde_json::to_string(&["</script><!-- & \u{2028}"]).unwrap();
        let out = script(&json);
        assert!(out.starts_with("/* dossier"));
        assert!(out.contains(
            "window.DOSSIER_SEARCH = [\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"];"
        ));
        for raw in ["</", "<!--", "&", "\u{2028}"] {
            assert!(!out.contains(raw), "{raw} in {out}");
        }
    }
}
