//! The index as the last build assembled it, before its shards: each briefing's record and
//! every word's postings, with the key of the piece each briefing gave. A build keeps it in the
//! store (the records in parts, so that an edit puts one part again) and the next one, instead
//! of adding every piece again, brings it up to date from the pieces whose key changed: it
//! drops the postings of briefings that went or changed, moves the others to their new places,
//! and adds the postings of the new pieces.
//!
//! Postings are decoded and encoded again as `Builder::add` encodes them
//! (`Gaps::push_posting`), so the index brought up to date is the one a build from every piece
//! makes (the tests compare them).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::encode::{self, Gaps};
use super::piece::{Doc, Piece};
use crate::cache::Store;
use crate::error::Diagnostic;
use crate::model::BriefingIx;

/// The layout of a kept state: a change takes a new number.
pub(super) const FORMAT: u32 = 2;

/// How many records one part of a kept state holds.
const RECORDS_PER_PART: usize = 1024;

/// Every word with its postings encoded, and every briefing's record: the index before its
/// entities and shards.
pub(super) type Postings = (HashMap<String, String>, Vec<Doc>);

/// The index before its entities and shards.
#[derive(Debug)]
pub(super) struct State {
    /// The key of each briefing's piece, in briefing order.
    pub keys: Vec<u64>,
    pub docs: Vec<Doc>,
    /// Every word with its postings encoded.
    pub postings: Vec<(String, String)>,
}

/// A state as the store keeps it: the records in parts of [`RECORDS_PER_PART`], each kept
/// under the digest of the keys of the pieces it holds the records of, so that a build puts
/// again only the parts where a piece changed (an edit puts one) and decodes the parts side by
/// side.
#[derive(Serialize, Deserialize)]
struct Head<Keys, Words> {
    keys: Keys,
    parts: Vec<u64>,
    postings: Words,
}

/// The key of the part holding the records of the pieces of `keys`.
fn part_key(keys: &[u64]) -> u64 {
    crate::site::digest(&("search records", FORMAT, keys))
}

impl State {
    /// The state kept under `key`, if the store has it whole.
    pub(super) fn kept(store: &Store, key: u64) -> Option<State> {
        let head: Head<Vec<u64>, Vec<(String, String)>> = store.get(key)?;
        let parts: Vec<Vec<Doc>> = head
            .parts
            .par_iter()
            .map(|&part| store.get::<Vec<Doc>>(part))
            .collect::<Option<_>>()?;
        let docs: Vec<Doc> = parts.into_iter().flatten().collect();
        (docs.len() == head.keys.len()).then_some(State {
            keys: head.keys,
            docs,
            postings: head.postings,
        })
    }

    /// Keeps under `key` the state of the pieces of `keys`, whose records are `docs`: the
    /// parts the store has already are only noted as still wanted.
    pub(super) fn keep(
        store: &Store,
        key: u64,
        keys: &[u64],
        docs: &[Doc],
        postings: &HashMap<String, String>,
    ) {
        let parts = keys
            .chunks(RECORDS_PER_PART)
            .zip(docs.chunks(RECORDS_PER_PART))
            .map(|(keys, docs)| {
                let part = part_key(keys);
                if !store.holds(part) {
                    store.put(part, &docs);
                }
                part
            })
            .collect();
        let postings: Vec<(&str, &str)> = postings
            .iter()
            .map(|(token, list)| (token.as_str(), list.as_str()))
            .collect();
        store.put(
            key,
            &Head {
                keys,
                parts,
                postings,
            },
        );
    }
}

/// What changed between the briefings of a kept state and those of this build.
struct Changes {
    /// For each briefing now, its place in the kept state, if its piece is the same.
    from: Vec<Option<usize>>,
    /// The briefings now whose piece the state does not have.
    new: Vec<BriefingIx>,
    /// The places in the state whose piece is not among this build's.
    gone: Vec<usize>,
}

impl Changes {
    fn between(old: &[u64], now: &[u64]) -> Changes {
        let places: HashMap<u64, usize> = old.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut kept = vec![false; old.len()];
        let from: Vec<Option<usize>> = now
            .iter()
            .map(|key| {
                let place = places.get(key).copied().filter(|&p| !kept[p]);
                if let Some(p) = place {
                    kept[p] = true;
                }
                place
            })
            .collect();
        let new = (0..now.len()).filter(|&ix| from[ix].is_none()).collect();
        let gone = (0..old.len()).filter(|&p| !kept[p]).collect();
        Changes { from, new, gone }
    }

    /// Whether every briefing kept is where it was.
    fn in_place(&self) -> bool {
        self.from
            .iter()
            .enumerate()
            .all(|(ix, from)| from.is_none_or(|p| p == ix))
    }
}

impl State {
    /// The postings and records of the briefings whose pieces have `keys`, brought up to date from
    /// this state with `piece` (the piece of a briefing now) and `old` (a piece the state was
    /// made with, by key, if the store still has it). None where so much changed that adding
    /// every piece again is as quick; the problem of a piece that could not be made.
    pub(super) fn update(
        self,
        keys: &[u64],
        piece: &(dyn Fn(BriefingIx) -> Result<Piece, Diagnostic> + Sync),
        old: &(dyn Fn(u64) -> Option<Piece> + Sync),
    ) -> Result<Option<Postings>, Diagnostic> {
        let changes = Changes::between(&self.keys, keys);
        if (changes.new.len() + changes.gone.len()) * 8 > keys.len().max(self.keys.len()) {
            return Ok(None);
        }
        let fresh: Vec<(BriefingIx, Piece)> = changes
            .new
            .par_iter()
            .map(|&ix| Ok((ix, piece(ix)?)))
            .collect::<Result<_, Diagnostic>>()?;
        // The postings each new piece adds, by word, in order.
        let mut added: HashMap<&str, Vec<(u64, u64)>> = HashMap::new();
        for (ix, piece) in &fresh {
            for (token, field) in piece.tokens() {
                added
                    .entry(token)
                    .or_default()
                    .push((*ix as u64, field as u64));
            }
        }
        for list in added.values_mut() {
            list.sort_unstable();
        }
        // Where nothing moved, only the words of the pieces that went or came change, if the
        // pieces that went are still known.
        let touched: Option<HashSet<String>> = if changes.in_place() {
            let gone: Option<Vec<Piece>> =
                changes.gone.iter().map(|&p| old(self.keys[p])).collect();
            gone.map(|gone| {
                gone.iter()
                    .flat_map(|piece| piece.tokens().map(|(token, _)| token.to_string()))
                    .chain(added.keys().map(|token| token.to_string()))
                    .collect()
            })
        } else {
            None
        };
        let mut to: Vec<Option<u64>> = vec![None; self.keys.len()];
        for (ix, from) in changes.from.iter().enumerate() {
            if let Some(p) = from {
                to[*p] = Some(ix as u64);
            }
        }
        // A briefing that moved past others (its date changed) takes its postings along.
        let monotone = to.iter().flatten().is_sorted();
        let mut postings = self.postings;
        postings.par_iter_mut().for_each(|(token, list)| {
            if touched
                .as_ref()
                .is_some_and(|t| !t.contains(token.as_str()))
            {
                return;
            }
            let mut entries: Vec<(u64, u64)> = encode::postings(list)
                .filter_map(|(place, field)| Some((to[place as usize]?, field)))
                .collect();
            if !monotone {
                entries.sort_unstable();
            }
            // The few new postings go in among the many kept, which are in order: a merge,
            // where sorting the whole list again took most of an edit's time.
            if let Some(more) = added.get(token.as_str()) {
                entries = merged(entries, more);
            }
            *list = encode(&entries);
        });
        let mut postings: HashMap<String, String> = postings
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .collect();
        // Words no piece had before.
        for (token, entries) in &added {
            if !postings.contains_key(*token) {
                postings.insert(token.to_string(), encode(entries));
            }
        }
        let mut docs: Vec<Option<Doc>> = self.docs.into_iter().map(Some).collect();
        let mut fresh: HashMap<BriefingIx, Piece> = fresh.into_iter().collect();
        let docs: Vec<Doc> = changes
            .from
            .iter()
            .enumerate()
            .map(|(ix, from)| match from {
                Some(p) => docs[*p].take().expect("each kept record is taken once"),
                None => fresh.remove(&ix).expect("a new briefing has its piece").doc,
            })
            .collect();
        Ok(Some((postings, docs)))
    }
}

/// The postings of `kept` and `more`, both in order, in one list in order.
fn merged(kept: Vec<(u64, u64)>, more: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut all = Vec::with_capacity(kept.len() + more.len());
    let mut more = more.iter().copied().peekable();
    for posting in kept {
        while let Some(new) = more.next_if(|&new| new < posting) {
            all.push(new);
        }
        all.push(posting);
    }
    all.extend(more);
    all
}

/// Postings in order of place, encoded.
fn encode(entries: &[(u64, u64)]) -> String {
    let mut gaps = Gaps::default();
    for &(place, field) in entries {
        gaps.push_posting(place, field);
    }
    gaps.text
}

#[cfg(test)]
mod tests {
    use rand::seq::{IndexedRandom, SliceRandom};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::site::search::piece::Field;

    const WORDS: &[&str] = &[
        "talks",
        "ceasefire",
        "doha",
        "envoy",
        "gaza",
        "call",
        "un",
        "aid",
    ];
    const FIELDS: &[Field] = &[
        Field::Body,
        Field::Summary,
        Field::TagOrPlace,
        Field::TitleOrActor,
    ];

    /// A piece of some of the words, told apart from every other by its record.
    fn piece(rng: &mut ChaCha8Rng, number: usize) -> (u64, Piece) {
        let mut words: Vec<&str> = WORDS.to_vec();
        words.shuffle(rng);
        words.truncate(rng.random_range(0..=WORDS.len()));
        let unique = format!("w{number}");
        if rng.random_bool(0.3) {
            words.push(&unique);
        }
        let tokens: Vec<(&str, Field)> = words
            .iter()
            .map(|w| (*w, *FIELDS.choose(rng).unwrap()))
            .collect();
        let doc = Doc {
            url: format!("b/{number}/"),
            title: format!("Briefing {number}"),
            date: "2023-10-10".into(),
            year: 2020 + rng.random_range(0..3),
            snippet: String::new(),
            actors: Vec::new(),
            tags: Vec::new(),
            files: String::new(),
        };
        (number as u64, Piece::of(&tokens, doc))
    }

    fn assembled(pieces: &[(u64, Piece)]) -> (HashMap<String, String>, Vec<Doc>) {
        let mut builder = super::super::index::Builder::default();
        for (_, piece) in pieces {
            builder.add(piece.clone());
        }
        builder.finish()
    }

    fn state(pieces: &[(u64, Piece)]) -> State {
        let (postings, docs) = assembled(pieces);
        State {
            keys: pieces.iter().map(|(key, _)| *key).collect(),
            docs,
            postings: postings.into_iter().collect(),
        }
    }

    #[test]
    fn a_state_brought_up_to_date_is_the_index_of_every_piece() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut next = 0;
        let mut fresh = |rng: &mut ChaCha8Rng| {
            next += 1;
            piece(rng, next)
        };
        let mut compared = 0;
        for round in 0..600 {
            let count = rng.random_range(0..60);
            let old: Vec<(u64, Piece)> = (0..count).map(|_| fresh(&mut rng)).collect();
            let mut now = old.clone();
            // A few edits, additions, deletions and moves; sometimes none.
            for _ in 0..rng.random_range(0..4) {
                match rng.random_range(0..4) {
                    0 if !now.is_empty() => {
                        let at = rng.random_range(0..now.len());
                        now[at] = fresh(&mut rng);
                    }
                    1 => {
                        let at = rng.random_range(0..=now.len());
                        now.insert(at, fresh(&mut rng));
                    }
                    2 if !now.is_empty() => {
                        now.remove(rng.random_range(0..now.len()));
                    }
                    _ if !now.is_empty() => {
                        let moved = now.remove(rng.random_range(0..now.len()));
                        now.insert(rng.random_range(0..=now.len()), moved);
                    }
                    _ => {}
                }
            }
            let keys: Vec<u64> = now.iter().map(|(key, _)| *key).collect();
            let known_gone = round % 2 == 0;
            let updated = state(&old).update(&keys, &|ix| Ok(now[ix].1.clone()), &|key| {
                known_gone
                    .then(|| old.iter().find(|(k, _)| *k == key).map(|(_, p)| p.clone()))
                    .flatten()
            });
            let Some((postings, docs)) = updated.unwrap() else {
                continue;
            };
            let (expected_postings, expected_docs) = assembled(&now);
            assert_eq!(docs, expected_docs, "round {round}");
            assert_eq!(postings, expected_postings, "round {round}");
            compared += 1;
        }
        assert!(
            compared > 200,
            "only {compared} rounds were brought up to date"
        );
    }

    #[test]
    fn a_state_is_kept_in_parts_and_an_edit_puts_one_part_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut pieces: Vec<(u64, Piece)> = (0..RECORDS_PER_PART * 2 + 100)
            .map(|n| piece(&mut rng, n))
            .collect();
        let sorted = |state: State| {
            let mut postings = state.postings;
            postings.sort();
            (state.keys, state.docs, postings)
        };
        let keep = |pieces: &[(u64, Piece)]| {
            let store = Store::open(dir.path(), "test");
            let (postings, docs) = assembled(pieces);
            let keys: Vec<u64> = pieces.iter().map(|(key, _)| *key).collect();
            State::keep(&store, 1, &keys, &docs, &postings);
            store.save().unwrap();
        };
        keep(&pieces);
        let kept = State::kept(&Store::open(dir.path(), "test"), 1).unwrap();
        assert_eq!(sorted(kept), sorted(state(&pieces)));
        // One record changes: the parts before and after it are the ones the store has.
        let (key, _) = piece(&mut rng, 5000);
        let doc = pieces[RECORDS_PER_PART + 7].1.doc.clone();
        pieces[RECORDS_PER_PART + 7] = (key, Piece::of(&[("new", Field::Body)], doc));
        let store = Store::open(dir.path(), "test");
        let keys: Vec<u64> = pieces.iter().map(|(key, _)| *key).collect();
        let held: Vec<bool> = keys
            .chunks(RECORDS_PER_PART)
            .map(|part| store.holds(part_key(part)))
            .collect();
        assert_eq!(held, [true, false, true]);
        drop(store);
        keep(&pieces);
        let kept = State::kept(&Store::open(dir.path(), "test"), 1).unwrap();
        assert_eq!(sorted(kept), sorted(state(&pieces)));
        // A state one of whose parts the store lost is no state.
        let store = Store::open(dir.path(), "test");
        store.put(
            2,
            &Head {
                keys: &keys[..10],
                parts: vec![part_key(&[1, 2, 3])],
                postings: Vec::<(&str, &str)>::new(),
            },
        );
        assert!(State::kept(&store, 2).is_none());
    }

    #[test]
    fn postings_merged_are_the_postings_sorted() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for _ in 0..500 {
            let mut list = |n: usize| -> Vec<(u64, u64)> {
                let mut list: Vec<(u64, u64)> = (0..n)
                    .map(|_| (rng.random_range(0..40), rng.random_range(0..4)))
                    .collect();
                list.sort_unstable();
                list
            };
            let (kept, more) = (list(30), list(3));
            let mut expected = [kept.clone(), more.clone()].concat();
            expected.sort_unstable();
            assert_eq!(merged(kept, &more), expected);
        }
    }

    #[test]
    fn numbers_read_back_as_written() {
        let mut text = String::new();
        let values = [0, 1, 31, 32, 1023, 1024, 123_456_789, u64::from(u32::MAX)];
        for value in values {
            encode::push_number(&mut text, value);
        }
        assert_eq!(encode::numbers(&text).collect::<Vec<_>>(), values);
    }
}
