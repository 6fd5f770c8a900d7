//! The shards a query reads to find its briefings, and the manifest that says which shard
//! holds what; the search page loads each shard as it needs it. Each kind of shard has a letter
//! (its folder) and numbers:
//!
//! - `t`, the dictionary: words in order, each with the size and place of its postings and
//!   the entities named by it; the manifest lists each shard's first word;
//! - `s`, the words again, ordered by what follows their first two characters, so that the
//!   client finds the words one edit away whose edit is in those two; the manifest lists each
//!   shard's first key;
//! - `p`, postings: the lists of briefings of entities, then of words, packed in order; a list
//!   too long for one shard is cut into pieces in shards of their own;
//! - `d`, `f` and `e`, what a page of results reads once it knows its briefings: their records,
//!   their actors and tags for the facets, and the entities (see `records`).
//!
//! Sizes are in bytes of JSON, before escaping, which adds little.

use serde::Serialize;

use super::encode::{self, json, push_number, Gaps, Location, Shard};
use super::index::{Index, Term};
use super::records::{self, Records};
use super::text;
use crate::model::BriefingIx;

/// The version of the format, which the client checks.
const FORMAT: u32 = 2;
/// A dictionary shard is closed once it is this large.
const TERMS_SHARD_BYTES: usize = 16 * 1024;
/// The same for the shards of words by what follows their first two characters.
const SKIP_SHARD_BYTES: usize = 16 * 1024;
/// Postings are packed into shards of at most this size; a longer list gets shards of its own.
/// A query loads the whole shard for each word, so they are small.
const POSTINGS_SHARD_BYTES: usize = 16 * 1024;
/// The longest piece of one list: a list longer than this is cut.
const POSTINGS_PIECE_BYTES: usize = 128 * 1024;
/// Words shorter than this (in characters) are never a near match: the client looks for near
/// words of five characters or more, one edit away.
const SHORTEST_NEAR: usize = 4;

/// What `search/index.js` assigns to `window.DOSSIER_SEARCH`.
#[derive(Debug, Serialize)]
struct Manifest {
    version: u32,
    /// How many briefings there are.
    count: usize,
    /// The address of a shard from the site root, with `{kind}` and `{n}` to fill in.
    shard: String,
    /// The first word of each dictionary shard.
    terms: Vec<String>,
    /// The first key (a word after its first two characters) of each `s` shard.
    skip: Vec<String>,
    #[serde(flatten)]
    records: Records,
    /// Each year and its first briefing.
    years: Vec<(i32, BriefingIx)>,
}

/// The manifest, as JSON, and every shard of `index`. `shard_address` is the address pattern
/// from the routes.
pub(super) fn shards(
    index: &Index,
    shard_address: String,
) -> Result<(String, Vec<Shard>), serde_json::Error> {
    let mut out = Vec::new();
    let mut postings = Packer::default();
    // The entities' lists come first: an edit that changes the words of a text leaves them
    // where they were, and the entity shards that say where they are unchanged.
    let entity_places: Vec<Location> = index
        .entities
        .iter()
        .map(|e| {
            let mut list = Gaps::default();
            for &ix in &e.briefings {
                list.push(ix as u64, 1, 0);
            }
            postings.add(&list.text)
        })
        .collect();
    let term_places: Vec<Location> = index
        .terms
        .iter()
        .map(|t| postings.add(&t.postings))
        .collect();
    let terms = dictionary(&index.terms, &term_places, &mut out)?;
    let skip = skip_index(&index.terms, &mut out)?;
    for shard in postings.shards("p") {
        out.push(shard?);
    }
    let manifest = Manifest {
        version: FORMAT,
        count: index.docs.len(),
        shard: shard_address,
        terms,
        skip,
        records: records::write(index, &entity_places, &mut out)?,
        years: index.years.clone(),
    };
    Ok((json(&manifest)?, out))
}

/// Postings shards as they are filled.
#[derive(Default)]
struct Packer {
    shards: Vec<Vec<String>>,
    bytes: usize,
    /// Whether the last shard takes more lists.
    open: bool,
}

impl Packer {
    fn add(&mut self, list: &str) -> Location {
        if list.is_empty() {
            return Location::default();
        }
        if list.len() > POSTINGS_SHARD_BYTES {
            let first = self.shards.len();
            let pieces = encode::pieces(list, POSTINGS_PIECE_BYTES);
            let count = pieces.len();
            self.shards
                .extend(pieces.into_iter().map(|piece| vec![piece.to_string()]));
            self.open = false;
            return Location {
                shard: first,
                slot: 0,
                pieces: count,
            };
        }
        if !self.open || self.bytes + list.len() + 3 > POSTINGS_SHARD_BYTES {
            self.shards.push(Vec::new());
            self.bytes = 0;
            self.open = true;
        }
        let shard = self.shards.len() - 1;
        self.shards[shard].push(list.to_string());
        self.bytes += list.len() + 3;
        Location {
            shard,
            slot: self.shards[shard].len() - 1,
            pieces: 1,
        }
    }

    fn shards(self, kind: &'static str) -> impl Iterator<Item = Result<Shard, serde_json::Error>> {
        self.shards
            .into_iter()
            .enumerate()
            .map(move |(number, lists)| {
                Ok(Shard {
                    kind,
                    number,
                    json: json(&lists)?,
                })
            })
    }
}

/// A dictionary shard: its words joined by spaces, and for each the numbers the client reads
/// in turn: the length of its postings, their shard, slot and pieces, how many entities it
/// names and their numbers.
#[derive(Serialize)]
struct DictionaryShard<'a> {
    terms: String,
    meta: &'a str,
}

/// Writes the dictionary shards; returns the first word of each.
fn dictionary(
    terms: &[Term],
    places: &[Location],
    out: &mut Vec<Shard>,
) -> Result<Vec<String>, serde_json::Error> {
    let mut firsts = Vec::new();
    let mut start = 0;
    let mut meta = String::new();
    let mut bytes = 0;
    let mut flush = |start: usize, end: usize, meta: &mut String| {
        let words: Vec<&str> = terms[start..end].iter().map(|t| t.text.as_str()).collect();
        let shard = DictionaryShard {
            terms: words.join(" "),
            meta,
        };
        out.push(Shard {
            kind: "t",
            number: firsts.len(),
            json: json(&shard)?,
        });
        firsts.push(terms[start].text.clone());
        meta.clear();
        Ok::<(), serde_json::Error>(())
    };
    for (at, (term, place)) in terms.iter().zip(places).enumerate() {
        if at > start && bytes + meta.len() > TERMS_SHARD_BYTES {
            flush(start, at, &mut meta)?;
            start = at;
            bytes = 0;
        }
        bytes += term.text.len() + 1;
        for number in [term.postings.len(), place.shard, place.slot, place.pieces] {
            push_number(&mut meta, number as u64);
        }
        push_number(&mut meta, term.entities.len() as u64);
        for &e in &term.entities {
            push_number(&mut meta, e as u64);
        }
    }
    if start < terms.len() {
        flush(start, terms.len(), &mut meta)?;
    }
    Ok(firsts)
}

/// What follows the first two characters of a word.
fn skip_key(term: &str) -> &str {
    term.char_indices().nth(2).map_or("", |(at, _)| &term[at..])
}

/// Writes the shards of words ordered by [`skip_key`] (words of [`SHORTEST_NEAR`] characters or
/// more, outside scripts written without spaces); a key is never split between two shards.
/// Returns the first key of each.
fn skip_index(terms: &[Term], out: &mut Vec<Shard>) -> Result<Vec<String>, serde_json::Error> {
    let mut words: Vec<&str> = terms
        .iter()
        .map(|t| t.text.as_str())
        .filter(|t| {
            t.chars().count() >= SHORTEST_NEAR && !t.chars().next().is_some_and(text::is_unspaced)
        })
        .collect();
    words.sort_by(|a, b| {
        let key = |w: &str| skip_key(w).encode_utf16().collect::<Vec<_>>();
        key(a)
            .cmp(&key(b))
            .then_with(|| a.encode_utf16().cmp(b.encode_utf16()))
    });
    let mut firsts = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (at, word) in words.iter().enumerate() {
        let new_key = at > start && skip_key(word) != skip_key(words[at - 1]);
        if new_key && bytes + word.len() > SKIP_SHARD_BYTES {
            out.push(Shard {
                kind: "s",
                number: firsts.len(),
                json: json(&words[start..at].join(" "))?,
            });
            firsts.push(skip_key(words[start]).to_string());
            start = at;
            bytes = 0;
        }
        bytes += word.len() + 1;
    }
    if start < words.len() {
        out.push(Shard {
            kind: "s",
            number: firsts.len(),
            json: json(&words[start..].join(" "))?,
        });
        firsts.push(skip_key(words[start]).to_string());
    }
    Ok(firsts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_keys_drop_two_characters() {
        assert_eq!(skip_key("bogdanov"), "gdanov");
        assert_eq!(skip_key("über"), "er");
        assert_eq!(skip_key("ab"), "");
    }

    #[test]
    fn long_lists_get_shards_of_their_own() {
        let mut packer = Packer::default();
        let small = packer.add("12");
        let long = "1".repeat(POSTINGS_PIECE_BYTES + 10);
        let big = packer.add(&long);
        let after = packer.add("3");
        assert_eq!((small.shard, small.slot, small.pieces), (0, 0, 1));
        assert_eq!((big.shard, big.slot, big.pieces), (1, 0, 2));
        assert_eq!((after.shard, after.slot), (3, 0));
        assert_eq!(packer.add("").pieces, 0);
        let shards: Vec<Shard> = packer.shards("p").collect::<Result<_, _>>().unwrap();
        assert_eq!(shards.len(), 4);
        assert!(shards
            .iter()
            .all(|s| s.json.len() <= POSTINGS_PIECE_BYTES + 4));
    }
}
