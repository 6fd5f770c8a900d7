//! The whole index, assembled from the briefings' pieces (in briefing order) and the entities:
//! every word with the briefings holding it and the entities naming it, every briefing's
//! record, and where each year starts.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use super::encode::Gaps;
use super::entities::Entity;
use super::piece::{Doc, Piece};
use super::text;
use crate::model::BriefingIx;

/// The assembled index, before it is cut into shards.
#[derive(Debug)]
pub(super) struct Index {
    /// Every briefing's record, in briefing (time) order.
    pub docs: Vec<Doc>,
    /// Every word, sorted as JavaScript compares strings (by UTF-16 code units, so the client
    /// can search the lists by halves).
    pub terms: Vec<Term>,
    /// Every entity, sorted by reference.
    pub entities: Vec<Entity>,
    /// Each year with briefings, and its first briefing.
    pub years: Vec<(i32, BriefingIx)>,
}

/// A word of the index.
#[derive(Debug)]
pub(super) struct Term {
    pub text: String,
    /// The briefings holding it, in order, each as its gap from the one before times 4 plus
    /// the strongest field the word has there.
    pub postings: String,
    /// The entities whose name or other names hold it, by number, those with the most
    /// briefings first: the client reads the first few.
    pub entities: Vec<usize>,
}

/// Collects the pieces one briefing at a time, keeping each word's postings already encoded,
/// which takes a fraction of the memory the pieces would.
#[derive(Default)]
pub(super) struct Builder {
    postings: FxHashMap<String, Gaps>,
    docs: Vec<Doc>,
}

impl Builder {
    /// Adds the piece of the next briefing.
    pub(super) fn add(&mut self, piece: Piece) {
        let ix = self.docs.len();
        for (token, field) in piece.tokens() {
            let gaps = match self.postings.get_mut(token) {
                Some(gaps) => gaps,
                None => self.postings.entry(token.to_string()).or_default(),
            };
            gaps.push_posting(ix as u64, field as u64);
        }
        self.docs.push(piece.doc);
    }

    /// Every word with its postings encoded, and every briefing's record.
    pub(super) fn finish(self) -> super::state::Postings {
        let postings = self
            .postings
            .into_iter()
            .map(|(token, gaps)| (token, gaps.text))
            .collect();
        (postings, self.docs)
    }
}

impl Index {
    /// The index of the briefings with these postings (every word's, encoded) and records,
    /// with the entities' names among its words.
    pub(super) fn assemble(
        mut postings: HashMap<String, String>,
        docs: Vec<Doc>,
        entities: Vec<Entity>,
    ) -> Index {
        let mut named: HashMap<String, Vec<usize>> = HashMap::new();
        for (number, entity) in entities.iter().enumerate() {
            let mut seen = HashSet::new();
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                for token in text::index_tokens(name) {
                    if seen.insert(token.clone()) {
                        named.entry(token).or_default().push(number);
                    }
                }
            }
        }
        for list in named.values_mut() {
            list.sort_by_key(|&n| (std::cmp::Reverse(entities[n].briefings.len()), n));
        }
        for token in named.keys() {
            postings.entry(token.clone()).or_default();
        }
        let mut terms: Vec<Term> = postings
            .into_iter()
            .map(|(text, gaps)| Term {
                entities: named.remove(&text).unwrap_or_default(),
                text,
                postings: gaps,
            })
            .collect();
        terms.sort_by(|a, b| a.text.encode_utf16().cmp(b.text.encode_utf16()));
        let mut years: Vec<(i32, BriefingIx)> = Vec::new();
        for (ix, doc) in docs.iter().enumerate() {
            if years.last().is_none_or(|&(year, _)| year != doc.year) {
                years.push((doc.year, ix));
            }
        }
        Index {
            docs,
            terms,
            entities,
            years,
        }
    }
}
