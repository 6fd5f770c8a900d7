//! The shards a page of results reads once it knows its briefings: the records of briefings
//! (`d`, what a result shows), their actors and tags (`f`, to count the facets), and the
//! entities (`e`, the pages that match, the names of facets and of why a briefing matched).
//! Actors and tags are numbered within their kind, in the order of the entities.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::encode::{json, push_number, Location, Shard};
use super::entities::{Entity, Kind};
use super::index::Index;

/// Briefing records per shard (about 320 bytes each): a page of 20 results sorted by relevance
/// may need a shard for each, so they are small.
const DOCS_PER_SHARD: usize = 10;
/// Briefings per facet shard, about 12 bytes each.
const FACET_DOCS_PER_SHARD: usize = 1024;
/// Entities per shard (about 110 bytes each): the labels of a page's facets may need a shard
/// for each.
const ENTITIES_PER_SHARD: usize = 16;

/// What the manifest says of these shards.
#[derive(Debug, Serialize)]
pub(super) struct Records {
    /// Briefings per `d` shard.
    docs: usize,
    /// Briefings per `f` shard.
    facets: usize,
    entities: EntityManifest,
}

#[derive(Debug, Serialize)]
struct EntityManifest {
    per: usize,
    /// The reference of each shard's first entity.
    first: Vec<String>,
    /// Each kind's numbers: from, to (not included).
    kinds: BTreeMap<&'static str, (usize, usize)>,
}

/// Writes the `d`, `f` and `e` shards of `index`; `places` says where each entity's list of
/// briefings is.
pub(super) fn write(
    index: &Index,
    places: &[Location],
    out: &mut Vec<Shard>,
) -> Result<Records, serde_json::Error> {
    let kinds = kind_ranges(&index.entities);
    let facets = Facets::new(index, &kinds);
    docs(index, &facets, out)?;
    facet_shards(&facets, out)?;
    let first = entity_shards(&index.entities, places, out)?;
    Ok(Records {
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
    })
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
        let numbers = |kind: Kind| -> HashMap<&str, usize> {
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
                // Every actor and tag of a briefing is an entity.
                let find = |keys: &[String], numbers: &HashMap<&str, usize>| {
                    keys.iter()
                        .filter_map(|k| numbers.get(k.as_str()).copied())
                        .collect::<Vec<_>>()
                };
                (find(&doc.actors, &actors), find(&doc.tags, &tags))
            })
            .collect();
        Facets { per_doc }
    }
}

/// A briefing as a result shows it: address, title, date, snippet, actors, tags, and what
/// its bundle holds ("PDF attached", empty without files).
type DocRecord<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [usize],
    &'a [usize],
    &'a str,
);

fn docs(index: &Index, facets: &Facets, out: &mut Vec<Shard>) -> Result<(), serde_json::Error> {
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
                    doc.files.as_str(),
                )
            })
            .collect();
        out.push(Shard {
            kind: "d",
            number,
            json: json(&records)?,
        });
    }
    Ok(())
}

/// Facet shards: for each briefing its actors' numbers, a `.`, its tags' numbers; briefings
/// separated by `,`.
fn facet_shards(facets: &Facets, out: &mut Vec<Shard>) -> Result<(), serde_json::Error> {
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
            json: json(&text)?,
        });
    }
    Ok(())
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
fn entity_shards(
    entities: &[Entity],
    places: &[Location],
    out: &mut Vec<Shard>,
) -> Result<Vec<String>, serde_json::Error> {
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
            json: json(&records)?,
        });
        firsts.extend(chunk.first().map(Entity::reference));
    }
    Ok(firsts)
}
