//! The index cut into shards the search page loads as it needs them, and the manifest that
//! says which shard holds what. Each kind of shard has a letter (its folder) and numbers:
//!
//! - `t`, the dictionary: words in order, each with the size and place of its postings and
//!   the entities named by it; the manifest lists each shard's first word;
//! - `s`, the words again, ordered by what follows their first two characters, so that the
//!   client finds the words one edit away whose edit is in those two; the manifest lists each
//!   shard's first key;
//! - `p`, postings: the lists of briefings of words and entities, packed in order; a list too
//!   long for one shard is cut into pieces in shards of their own;
//! - `d`, the records of [`DOCS_PER_SHARD`] briefings: what a result shows;
//! - `f`, the actors and tags of [`FACET_DOCS_PER_SHARD`] briefings, to count facets;
//! - `e`, [`ENTITIES_PER_SHARD`] entities: name, other names, address, count, postings.
//!
//! Sizes are in bytes of JSON, before escaping, which adds little.

use serde::Serialize;

use super::encode::{self, push_number, Gaps};
use super::entities::{Entity, Kind};
use super::index::{Index, Term};
use super::text;
use crate::model::BriefingIx;

/// The version of the format, which the client checks.
pub(super) const FORMAT: u32 = 2;
/// A dictionary shard is closed once it is this large.
const TERMS_SHARD_BYTES: usize = 16 * 1024;
/// The same for the shards of words by what follows their first two characters.
const SKIP_SHARD_BYTES: usize = 16 * 1024;
/// Postings are packed into shards of at most this size; a longer list gets shards of its own.
/// A query loads the whole shard for each word, so they are small.
const POSTINGS_SHARD_BYTES: usize = 16 * 1024;
/// The longest piece of one list: a list longer than this is cut.
const POSTINGS_PIECE_BYTES: usize = 128 * 1024;
/// Briefing records per shard (about 320 bytes each): a page of 20 results sorted by relevance
/// may need a shard for each, so they are small.
const DOCS_PER_SHARD: usize = 10;
/// Briefings per facet shard, about 12 bytes each.
const FACET_DOCS_PER_SHARD: usize = 1024;
/// Entities per shard (about 110 bytes each): the labels of a page's facets may need a shard
/// for each.
const ENTITIES_PER_SHARD: usize = 16;
/// Words shorter than this (in characters) are never a near match: the client looks for near
/// words of five characters or more, one edit away.
const SHORTEST_NEAR: usize = 4;

/// One shard: its kind's letter, its number, and the JSON it holds.
#[derive(Debug)]
pub(super) struct Shard {
    pub kind: &'static str,
    pub number: usize,
    pub json: String,
}

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
    docs: usize,
    facets: usize,
    entities: EntityManifest,
    /// Each year and its first briefing.
    years: Vec<(i32, BriefingIx)>,
}

#[derive(Debug, Serialize)]
struct EntityManifest {
    per: usize,
    /// The reference of each shard's first entity.
    first: Vec<String>,
    /// Each kind's numbers: from, to (not included).
    kinds: std::collections::BTreeMap<&'static str, (usize, usize)>,
}

/// Where a list of postings is: its shard, its place in the shard, and how many pieces it has
/// (the pieces after the first are alone in the shards that follow).
#[derive(Debug, Clone, Copy, Default)]
struct Location {
    shard: usize,
    slot: usize,
    pieces: usize,
}

/// The manifest, as JSON, and every shard of `index`. `shard_address` is the address pattern
/// from the routes.
pub(super) fn shards(index: &Index, shard_address: String) -> (String, Vec<Shard>) {
    let mut out = Vec::new();
    let mut postings = Packer::default();
    let term_places: Vec<Location> = index
        .terms
        .iter()
        .map(|t| postings.add(&t.postings))
        .collect();
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
    let terms = dictionary(&index.terms, &term_places, &mut out);
    let skip = skip_index(&index.terms, &mut out);
    out.extend(postings.shards("p"));
    let kinds = kind_ranges(&index.entities);
    let facets = Facets::new(index, &kinds);
    docs(index, &facets, &mut out);
    facet_shards(&facets, &mut out);
    let first = entity_shards(&index.entities, &entity_places, &mut out);
    let manifest = Manifest {
        version: FORMAT,
        count: index.docs.len(),
        shard: shard_address,
        terms,
        skip,
        docs: DOCS_PER_SHARD,
        facets: FACET_DOCS_PER_SHARD,
        entities: EntityManifest {
            per: ENTITIES_PER_SHARD,
            first,
            kinds: kinds
                .iter()
                .map(|&(kind, range)| (kind.name(), range))
                .collect(),
        },
        years: index.years.clone(),
    };
    (json(&manifest), out)
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the index is plain data")
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

    fn shards(self, kind: &'static str) -> impl Iterator<Item = Shard> {
        self.shards
            .into_iter()
            .enumerate()
            .map(move |(number, lists)| Shard {
                kind,
                number,
                json: json(&lists),
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
fn dictionary(terms: &[Term], places: &[Location], out: &mut Vec<Shard>) -> Vec<String> {
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
            json: json(&shard),
        });
        firsts.push(words[0].to_string());
        meta.clear();
    };
    for (at, (term, place)) in terms.iter().zip(places).enumerate() {
        if at > start && bytes + meta.len() > TERMS_SHARD_BYTES {
            flush(start, at, &mut meta);
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
        flush(start, terms.len(), &mut meta);
    }
    firsts
}

/// What follows the first two characters of a word.
fn skip_key(term: &str) -> &str {
    term.char_indices().nth(2).map_or("", |(at, _)| &term[at..])
}

/// Writes the shards of words ordered by [`skip_key`] (words of [`SHORTEST_NEAR`] characters or
/// more, outside scripts written without spaces); a key is never split between two shards.
/// Returns the first key of each.
fn skip_index(terms: &[Term], out: &mut Vec<Shard>) -> Vec<String> {
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
                json: json(&words[start..at].join(" ")),
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
            json: json(&words[start..].join(" ")),
        });
        firsts.push(skip_key(words[start]).to_string());
    }
    firsts
}

/// Each kind with entities, and the range of their numbers.
fn kind_ranges(entities: &[Entity]) -> Vec<(Kind, (usize, usize))> {
    Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let from = entities.partition_point(|e| e.kind < kind);
            let to = entities.partition_point(|e| e.kind <= kind);
            (from < to).then_some((kind, (from, to)))
        })
        .collect()
}

/// Each briefing's actors and tags, by their number among the entities of their kind.
struct Facets {
    per_doc: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Facets {
    fn new(index: &Index, kinds: &[(Kind, (usize, usize))]) -> Facets {
        let numbers = |kind: Kind| -> std::collections::HashMap<&str, usize> {
            let (from, to) = kinds
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or((0, 0), |&(_, range)| range);
            index.entities[from..to]
                .iter()
                .enumerate()
                .map(|(n, e)| (e.key.as_str(), n))
                .collect()
        };
        let (actors, tags) = (numbers(Kind::Actor), numbers(Kind::Tag));
        let per_doc = index
            .docs
            .iter()
            .map(|doc| {
                let find = |keys: &[String], numbers: &std::collections::HashMap<&str, usize>| {
                    keys.iter().map(|k| numbers[k.as_str()]).collect::<Vec<_>>()
                };
                (find(&doc.actors, &actors), find(&doc.tags, &tags))
            })
            .collect();
        Facets { per_doc }
    }
}

/// A briefing as a result shows it: address, title, date, snippet, actors, tags.
type DocRecord<'a> = (&'a str, &'a str, &'a str, &'a str, &'a [usize], &'a [usize]);

fn docs(index: &Index, facets: &Facets, out: &mut Vec<Shard>) {
    for (number, chunk) in index.docs.chunks(DOCS_PER_SHARD).enumerate() {
        let records: Vec<DocRecord<'_>> = chunk
            .iter()
            .zip(&facets.per_doc[number * DOCS_PER_SHARD..])
            .map(|(doc, (actors, tags))| {
                (
                    doc.url.as_str(),
                    doc.title.as_str(),
                    doc.date.as_str(),
                    doc.snippet.as_str(),
                    actors.as_slice(),
                    tags.as_slice(),
                )
            })
            .collect();
        out.push(Shard {
            kind: "d",
            number,
            json: json(&records),
        });
    }
}

/// Facet shards: for each briefing its actors' numbers, a `.`, its tags' numbers; briefings
/// separated by `,`.
fn facet_shards(facets: &Facets, out: &mut Vec<Shard>) {
    for (number, chunk) in facets.per_doc.chunks(FACET_DOCS_PER_SHARD).enumerate() {
        let mut text = String::new();
        for (at, (actors, tags)) in chunk.iter().enumerate() {
            if at > 0 {
                text.push(',');
            }
            for &a in actors {
                push_number(&mut text, a as u64);
            }
            text.push('.');
            for &t in tags {
                push_number(&mut text, t as u64);
            }
        }
        out.push(Shard {
            kind: "f",
            number,
            json: json(&text),
        });
    }
}

/// An entity as the client reads it: key, name, other names, address, count of briefings, and
/// where its list of briefings is (shard, slot, pieces).
type EntityRecord<'a> = (
    &'a str,
    &'a str,
    &'a [String],
    &'a str,
    usize,
    usize,
    usize,
    usize,
);

/// Writes the entity shards; returns the reference of each shard's first entity.
fn entity_shards(entities: &[Entity], places: &[Location], out: &mut Vec<Shard>) -> Vec<String> {
    let mut firsts = Vec::new();
    for (number, (chunk, places)) in entities
        .chunks(ENTITIES_PER_SHARD)
        .zip(places.chunks(ENTITIES_PER_SHARD))
        .enumerate()
    {
        let records: Vec<EntityRecord<'_>> = chunk
            .iter()
            .zip(places)
            .map(|(e, p)| {
                (
                    e.key.as_str(),
                    e.name.as_str(),
                    e.aliases.as_slice(),
                    e.url.as_str(),
                    e.briefings.len(),
                    p.shard,
                    p.slot,
                    p.pieces,
                )
            })
            .collect();
        out.push(Shard {
            kind: "e",
            number,
            json: json(&records),
        });
        firsts.push(chunk[0].reference());
    }
    firsts
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
        let shards: Vec<Shard> = packer.shards("p").collect();
        assert_eq!(shards.len(), 4);
        assert!(shards
            .iter()
            .all(|s| s.json.len() <= POSTINGS_PIECE_BYTES + 4));
    }
}
