//! The related briefings each briefing's page lists, chosen once for the whole archive and
//! kept in the store while what they are chosen from is the same: each briefing's date,
//! actors and tags, in order. A title, a summary or a name changes none of it, so an edit of
//! those finds every list made, where choosing them again took most of the pages' time.
//!
//! Where it did change (a briefing added, removed, moved in time, given other actors or
//! tags), only the briefings that share an actor or a tag with one that changed can have
//! other related briefings: a briefing's are drawn from the lists of its actors and tags, and
//! each of those lists is the same run of the same briefings as before. Their lists are
//! chosen again; every other is the last build's, renumbered.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cache::Store;
use crate::model::{Archive, BriefingIx};

/// Says what the kept lists are; raised when their meaning or the choice changes.
const FORMAT: u32 = 2;

/// What the lists of a build were chosen from, and the lists, for a build whose archive's shape
/// changed since: kept under [`last_key`].
#[derive(Serialize, Deserialize)]
struct Last<R, L> {
    rows: R,
    lists: L,
}

/// [`Last`] as it is taken from the store.
type Kept = Last<Vec<Row>, Vec<Vec<u32>>>;

/// One briefing as its place in the lists depends on: what orders it (date, title, slug),
/// and its actors and tags.
#[derive(Serialize, Deserialize, PartialEq)]
struct Row {
    slug: String,
    date: NaiveDate,
    title: String,
    actors: Vec<String>,
    tags: Vec<String>,
}

/// Every briefing's related briefings, best first ([`Archive::related`]).
pub(super) struct Related(Vec<Vec<u32>>);

impl Related {
    /// The lists of `archive`: kept ones when what they are chosen from is unchanged, else
    /// chosen now and kept for the next build.
    pub(super) fn of(archive: &Archive, store: &Store) -> Related {
        let key = key(archive);
        let count = archive.briefings.len();
        if let Some(lists) = store.get::<Vec<Vec<u32>>>(key) {
            let fits = lists.len() == count
                && lists
                    .iter()
                    .flatten()
                    .all(|&other| (other as usize) < count);
            if fits {
                return Related(lists);
            }
        }
        let rows = rows(archive);
        let last = store
            .get::<Kept>(last_key())
            .filter(|last| last.rows.len() == last.lists.len());
        let lists = match last {
            Some(last) => renumbered(archive, &rows, &last),
            None => (0..count)
                .into_par_iter()
                .map(|ix| chosen(archive, ix))
                .collect(),
        };
        store.put(key, &lists);
        store.put(
            last_key(),
            &Last {
                rows: rows.as_slice(),
                lists: lists.as_slice(),
            },
        );
        Related(lists)
    }

    /// The related briefings of briefing `ix`, best first.
    pub(super) fn of_briefing(&self, ix: BriefingIx) -> impl Iterator<Item = BriefingIx> + '_ {
        self.0[ix].iter().map(|&other| other as usize)
    }
}

/// The related briefings of `ix`, chosen now.
fn chosen(archive: &Archive, ix: BriefingIx) -> Vec<u32> {
    archive
        .related(ix)
        .into_iter()
        .map(|(other, _)| other as u32)
        .collect()
}

/// Every briefing's [`Row`], in the archive's order.
fn rows(archive: &Archive) -> Vec<Row> {
    archive
        .briefings
        .iter()
        .map(|b| Row {
            slug: b.slug.clone(),
            date: b.date,
            title: b.title.clone(),
            actors: b
                .actors
                .iter()
                .map(|&a| archive.actor(a).id.clone())
                .collect(),
            tags: b.tag_slugs.clone(),
        })
        .collect()
}

/// The lists of `archive`, whose rows are `rows`, from the `last` ones: chosen again for the
/// briefings that share an actor or a tag with one that changed, came or went; the others'
/// renumbered.
fn renumbered(archive: &Archive, rows: &[Row], last: &Kept) -> Vec<Vec<u32>> {
    let count = rows.len();
    let everything = || {
        (0..count)
            .into_par_iter()
            .map(|ix| chosen(archive, ix))
            .collect()
    };
    let before: HashMap<&str, usize> = last
        .rows
        .iter()
        .enumerate()
        .map(|(at, row)| (row.slug.as_str(), at))
        .collect();
    let now: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(ix, row)| (row.slug.as_str(), ix))
        .collect();
    if before.len() != last.rows.len() || now.len() != count {
        return everything();
    }
    let mut affected = vec![false; count];
    // The briefings that changed, came or went, as they are and as they were.
    let mut touched: Vec<&Row> = Vec::new();
    for (ix, row) in rows.iter().enumerate() {
        match before.get(row.slug.as_str()) {
            Some(&at) if last.rows[at] == *row => {}
            found => {
                affected[ix] = true;
                touched.push(row);
                touched.extend(found.map(|&at| &last.rows[at]));
            }
        }
    }
    touched.extend(
        last.rows
            .iter()
            .filter(|row| !now.contains_key(row.slug.as_str())),
    );
    let actors: HashSet<&str> = touched
        .iter()
        .flat_map(|row| row.actors.iter().map(String::as_str))
        .collect();
    let tags: HashSet<&str> = touched
        .iter()
        .flat_map(|row| row.tags.iter().map(String::as_str))
        .collect();
    for id in actors {
        if let Some(a) = archive.actor_by_id(id) {
            for &ix in &archive.by_actor[a] {
                affected[ix] = true;
            }
        }
    }
    for slug in tags {
        if let Some(t) = archive.tag_by_slug(slug) {
            for &ix in &archive.tags[t].briefings {
                affected[ix] = true;
            }
        }
    }
    (0..count)
        .into_par_iter()
        .map(|ix| {
            let kept = (!affected[ix])
                .then(|| {
                    let at = *before.get(rows[ix].slug.as_str())?;
                    last.lists[at]
                        .iter()
                        .map(|&other| {
                            let row = last.rows.get(other as usize)?;
                            now.get(row.slug.as_str()).map(|&ix| ix as u32)
                        })
                        .collect::<Option<Vec<u32>>>()
                })
                .flatten();
            kept.unwrap_or_else(|| chosen(archive, ix))
        })
        .collect()
}

/// Where the store keeps the last lists chosen, with what they were chosen from.
fn last_key() -> u64 {
    crate::site::digest(&("related briefings, the last", FORMAT))
}

/// The store key of the lists: the digest of everything [`Archive::related`] reads.
fn key(archive: &Archive) -> u64 {
    crate::site::digest(&("related briefings", FORMAT, archive.shape()))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::SourceFile;

    /// Twelve briefings a day apart among four actors and three tags.
    fn archive() -> Archive {
        let specs: Vec<Spec> = (0..12)
            .map(|b| {
                let mut actors = vec![b % 4, (b / 3) % 4];
                actors.dedup();
                Spec {
                    number: b,
                    day: b as u32,
                    title: format!("Briefing {b}"),
                    actors,
                    tags: vec![b % 3],
                }
            })
            .collect();
        random_archive(&specs)
    }

    fn lists(related: &Related, count: usize) -> Vec<Vec<BriefingIx>> {
        (0..count)
            .map(|ix| related.of_briefing(ix).collect())
            .collect()
    }

    /// Every briefing's related briefings, chosen now.
    fn chosen_now(archive: &Archive) -> Vec<Vec<BriefingIx>> {
        (0..archive.briefings.len())
            .map(|ix| archive.related(ix).into_iter().map(|(o, _)| o).collect())
            .collect()
    }

    #[test]
    fn lists_are_kept_while_dates_actors_and_tags_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = archive();
        let count = archive.briefings.len();
        assert!(chosen_now(&archive).iter().any(|list| list.len() > 1));
        let store = Store::open(dir.path(), "test");
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            chosen_now(&archive)
        );
        // What the store holds under the key is what the next build takes.
        let kept: Vec<Vec<u32>> = vec![vec![0]; count];
        store.put(key(&archive), &kept);
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            vec![vec![0]; count]
        );
        // A title is not among what the lists are chosen from; a date is.
        archive.briefings[3].title = "Another title".into();
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            vec![vec![0]; count]
        );
        archive.briefings[3].date = archive.briefings[4].date;
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            chosen_now(&archive)
        );
        // Lists that name briefings the archive does not have are chosen again.
        store.put(key(&archive), &vec![vec![u32::MAX]; count]);
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            chosen_now(&archive)
        );
    }

    /// A briefing of the random archive: its number, day, title, actors and tags.
    #[derive(Clone)]
    struct Spec {
        number: usize,
        day: u32,
        title: String,
        actors: Vec<usize>,
        tags: Vec<usize>,
    }

    /// The archive of these briefings, among eight actors.
    fn random_archive(specs: &[Spec]) -> Archive {
        let file = |path: String, text: String| SourceFile::new(PathBuf::from(path), text.into());
        let actors: Vec<_> = (0..8)
            .map(|a| {
                file(
                    format!("content/actors/a{a}.md"),
                    format!("+++\nname = \"Actor {a}\"\n+++\n"),
                )
            })
            .collect();
        let briefings: Vec<_> = specs
            .iter()
            .map(|b| {
                let list = |prefix: &str, of: &[usize]| {
                    of.iter()
                        .map(|n| format!("\"{prefix}{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                    + chrono::Days::new(u64::from(b.day));
                let text = format!(
                    "+++\ntitle = \"{}\"\ndate = {date}\nactors = [{}]\ntags = [{}]\n+++\nText.\n",
                    b.title,
                    list("a", &b.actors),
                    list("t", &b.tags)
                );
                file(format!("content/briefings/b{}.md", b.number), text)
            })
            .collect();
        let (archive, problems) = crate::model::resolve_for_test(&actors, &briefings);
        assert!(problems.is_empty(), "{problems:?}");
        archive
    }

    /// Random edits, one build each: the lists renumbered from the last build's are always
    /// those chosen from nothing.
    #[test]
    fn lists_brought_up_to_date_are_those_chosen_from_nothing() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let dir = tempfile::tempdir().unwrap();
        let spec = |rng: &mut rand_chacha::ChaCha8Rng, number: usize| {
            let mut actors: Vec<usize> = (0..rng.random_range(0..4))
                .map(|_| rng.random_range(0..8))
                .collect();
            actors.sort_unstable();
            actors.dedup();
            let mut tags: Vec<usize> = (0..rng.random_range(0..3))
                .map(|_| rng.random_range(0..5))
                .collect();
            tags.sort_unstable();
            tags.dedup();
            Spec {
                number,
                day: rng.random_range(0..40),
                title: format!("Title {}", rng.random_range(0..30)),
                actors,
                tags,
            }
        };
        let mut specs: Vec<Spec> = (0..90).map(|n| spec(&mut rng, n)).collect();
        let mut next = specs.len();
        let mut renumbered = 0;
        for round in 0..150 {
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..specs.len());
                match rng.random_range(0..6) {
                    0 => {
                        specs.push(spec(&mut rng, next));
                        next += 1;
                    }
                    1 if specs.len() > 10 => {
                        specs.remove(at);
                    }
                    2 => specs[at].day = rng.random_range(0..40),
                    3 => specs[at].actors = spec(&mut rng, 0).actors,
                    4 => specs[at].tags = spec(&mut rng, 0).tags,
                    _ => specs[at].title = format!("Title {}", rng.random_range(0..30)),
                }
            }
            let archive = random_archive(&specs);
            let store = Store::open(dir.path(), "test");
            renumbered += usize::from(store.holds(last_key()) && !store.holds(key(&archive)));
            let related = Related::of(&archive, &store);
            let count = archive.briefings.len();
            assert_eq!(
                lists(&related, count),
                chosen_now(&archive),
                "round {round}"
            );
            store.save().unwrap();
        }
        assert!(
            renumbered > 100,
            "only {renumbered} rounds renumbered the last lists"
        );
    }
}
