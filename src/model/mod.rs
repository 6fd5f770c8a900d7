//! The archive model: resolved briefings and actors, linked by index, and the indexes every page
//! is drawn from (tags, chronology, briefings per actor, actor co-occurrence, related briefings).
//!
//! Everything here is sorted so that the same sources always give the same archive.

pub(crate) mod actors;
pub(crate) mod attachments;
pub(crate) mod briefings;
pub(crate) mod ids;
pub(crate) mod kept;
pub(crate) mod languages;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

pub use actors::ActorKind;
pub(crate) use actors::{Actor, ActorIx, Registry};
pub(crate) use attachments::{attach, Attachment, Picture, Raster};
pub(crate) use briefings::{Body, Briefing, Source};

use crate::error::Diagnostic;
use crate::parse::{Parsed, RawActor, RawBriefing};

/// Index of a briefing in [`Archive::briefings`], which is in chronological order.
pub(crate) type BriefingIx = usize;
/// Index of a tag in [`Archive::tags`].
pub(crate) type TagIx = usize;

/// A briefing naming more actors than this is a roster (a conference, a vote): it is listed on
/// every actor's page, but its actors do not count as having met each other, which would make
/// the pairs, and the pages listing them, grow with the square of the list.
pub(crate) const ROSTER_SIZE: usize = 64;

/// How many briefings two actors must share to get a page of their encounters.
pub(crate) const ENCOUNTER_MINIMUM: usize = 2;

/// How many related briefings a briefing page shows.
const RELATED_LIMIT: usize = 5;

/// How many briefings of one actor or tag, the nearest in time, a briefing's related
/// briefings are drawn from.
const RELATED_WINDOW: usize = 64;

/// The `window` entries of a sorted list of briefings nearest to `ix` (the whole list if it is
/// no longer). Briefings are numbered in time order, so nearest in number is nearest in time.
fn nearest(list: &[BriefingIx], ix: BriefingIx, window: usize) -> &[BriefingIx] {
    if list.len() <= window {
        return list;
    }
    let at = list.partition_point(|&other| other < ix);
    let start = at.saturating_sub(window / 2).min(list.len() - window);
    &list[start..start + window]
}

thread_local! {
    /// Scores of candidate briefings while ranking one briefing's related briefings, indexed
    /// by briefing; all zero between calls.
    static RELATED_SCORES: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A tag: briefings that carry the same slug, whatever their spelling.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tag {
    pub slug: String,
    /// The spelling most briefings use (ties: the first in sort order).
    pub name: String,
    pub briefings: Vec<BriefingIx>,
    /// The actors of its briefings, most frequent first, with counts.
    pub actors: Vec<(ActorIx, usize)>,
}

/// A place briefings name, by the slug of its name: its spelling most briefings use, its
/// briefings in chronological order and the actors met there, most frequent first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Place {
    pub slug: String,
    pub name: String,
    pub briefings: Vec<BriefingIx>,
    pub actors: Vec<(ActorIx, usize)>,
}

pub(crate) type PlaceIx = usize;

/// The slug of a place's name: its page's folder. Empty for a name with no letter or digit,
/// which has no page.
pub(crate) fn place_slug(name: &str) -> String {
    slug::slugify(name)
}

/// The briefings of one month of the chronology.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub briefings: Vec<BriefingIx>,
}

/// The whole archive, resolved and indexed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Archive {
    /// Briefings by date, then title, then slug.
    pub briefings: Vec<Briefing>,
    pub registry: Registry,
    /// Tags sorted by slug.
    pub tags: Vec<Tag>,
    /// For each briefing, its tags in the order written.
    pub briefing_tags: Vec<Vec<TagIx>>,
    /// For each actor, the briefings naming it, in chronological order.
    pub by_actor: Vec<Vec<BriefingIx>>,
    /// For each actor, the actors it appears with, most often first, with counts.
    pub co_actors: Vec<Vec<(ActorIx, usize)>>,
    /// Months that have briefings, in chronological order.
    pub months: Vec<Month>,
    /// Places sorted by slug.
    pub places: Vec<Place>,
    /// The briefings sorted by slug, to find one by its slug.
    by_slug: Vec<BriefingIx>,
    /// Other slugs that name a briefing, sorted: in the archive of one language's pages, the
    /// slugs of the translations of each event, which is shown at its original's.
    slug_aliases: Vec<(String, BriefingIx)>,
    /// The names of places in the language of the pages, by slug, where that language names
    /// them otherwise than briefings write them (empty in an archive of one language).
    place_names: HashMap<String, String>,
}

/// Resolves parsed sources into an archive. `unreadable_actors` names the actors whose files
/// could not be parsed (their errors are reported already). `with_drafts` keeps draft
/// briefings; otherwise they are checked like the others but left out. Returns every problem
/// found.
pub fn build(
    actor_files: &[Parsed<'_, RawActor>],
    unreadable_actors: &[String],
    briefing_files: &[Parsed<'_, RawBriefing>],
    with_drafts: bool,
) -> (Archive, Vec<Diagnostic>) {
    let (registry, diagnostics) = Registry::resolve(actor_files, unreadable_actors);
    let resolved: Vec<(Option<Briefing>, Vec<Diagnostic>)> = briefing_files
        .par_iter()
        .map(|file| resolve(file, &registry))
        .collect();
    let spellings = briefings::check_tag_spellings(briefing_files);
    assemble(registry, diagnostics, resolved, spellings, with_drafts)
}

/// One briefing file resolved against the registry: the briefing, unless it has errors, and
/// every problem found in it.
pub(crate) fn resolve(
    file: &Parsed<'_, RawBriefing>,
    registry: &Registry,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let briefing = briefings::resolve(file, registry, &mut problems);
    (briefing, problems)
}

/// The archive of the briefing files `resolved` against `registry`, in the order of their
/// files, with the problems of the registry (`diagnostics`), of each file, of their slugs and
/// of their tags' spellings across files (`spellings`).
pub(crate) fn assemble(
    registry: Registry,
    mut diagnostics: Vec<Diagnostic>,
    resolved: Vec<(Option<Briefing>, Vec<Diagnostic>)>,
    spellings: Vec<Diagnostic>,
    with_drafts: bool,
) -> (Archive, Vec<Diagnostic>) {
    let mut briefings = Vec::with_capacity(resolved.len());
    for (briefing, problems) in resolved {
        briefings.extend(briefing);
        diagnostics.extend(problems);
    }
    diagnostics.extend(briefings::check_unique_slugs(&briefings));
    diagnostics.extend(spellings);
    // A translation of a draft is left out with it.
    let drafts: std::collections::HashSet<String> = briefings
        .iter()
        .filter(|b| b.draft && !with_drafts)
        .map(|b| b.slug.clone())
        .collect();
    briefings.retain(|b| {
        (with_drafts || !b.draft)
            && !b
                .translation_of
                .as_ref()
                .is_some_and(|(of, _)| drafts.contains(of))
    });
    briefings.par_sort_by(|a, b| (a.date, &a.title, &a.slug).cmp(&(b.date, &b.title, &b.slug)));
    (Archive::index(briefings, registry), diagnostics)
}

/// Parses and resolves source files that must parse, for tests: the archive and its problems.
#[cfg(test)]
pub(crate) fn resolve_for_test(
    actors: &[crate::load::SourceFile],
    briefings: &[crate::load::SourceFile],
) -> (Archive, Vec<Diagnostic>) {
    let actors: Vec<_> = actors
        .iter()
        .map(|f| crate::parse::parse_actor(f).unwrap())
        .collect();
    let briefings: Vec<_> = briefings
        .iter()
        .map(|f| crate::parse::parse_briefing(f).unwrap())
        .collect();
    build(&actors, &[], &briefings, false)
}

impl Archive {
    fn index(briefings: Vec<Briefing>, registry: Registry) -> Archive {
        // The indexes are independent of one another: made side by side.
        let ((by_actor, co_actors), ((tags, briefing_tags), (months, places, by_slug))) =
            rayon::join(
                || index_actors(&briefings, &registry),
                || {
                    rayon::join(
                        || index_tags(&briefings, &registry),
                        || {
                            let mut by_slug: Vec<BriefingIx> = (0..briefings.len()).collect();
                            by_slug.sort_unstable_by(|&a, &b| {
                                briefings[a].slug.cmp(&briefings[b].slug)
                            });
                            let places = index_places(&briefings, &registry);
                            (index_months(&briefings), places, by_slug)
                        },
                    )
                },
            );
        Archive {
            briefings,
            registry,
            tags,
            briefing_tags,
            by_actor,
            co_actors,
            months,
            places,
            by_slug,
            slug_aliases: Vec::new(),
            place_names: HashMap::new(),
        }
    }

    /// The digest of everything the archive shows but its bodies and biographies: what a
    /// page that shows no text can change with. Equal digests, same pages but those.
    pub(crate) fn structure(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::digest::hasher();
        for b in &self.briefings {
            (&b.slug, &b.title, b.date, &b.summary, &b.actors).hash(&mut hasher);
            (&b.tags, &b.tag_slugs, &b.places, &b.sources, b.draft).hash(&mut hasher);
        }
        for a in self.actors() {
            (
                &a.id, &a.name, &a.aliases, a.kind, &a.country, &a.role, &a.roles, a.envoy,
            )
                .hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The digest of what the archive's lists are made from: each briefing's date, actors and
    /// tags, in order. Equal digests, the same briefings in every list (of an actor, a tag, a
    /// month, two actors) and the same related briefings, whatever the titles and names.
    pub(crate) fn shape(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::digest::hasher();
        for b in &self.briefings {
            (b.date, &b.actors, &b.tag_slugs).hash(&mut hasher);
        }
        hasher.finish()
    }

    /// The briefing with this slug (or, among one language's pages, whose translation has it).
    pub fn briefing_by_slug(&self, slug: &str) -> Option<BriefingIx> {
        match self
            .by_slug
            .binary_search_by(|&ix| self.briefings[ix].slug.as_str().cmp(slug))
        {
            Ok(at) => Some(self.by_slug[at]),
            Err(_) => self
                .slug_aliases
                .binary_search_by(|(alias, _)| alias.as_str().cmp(slug))
                .ok()
                .map(|at| self.slug_aliases[at].1),
        }
    }

    /// The tag with this slug.
    pub fn tag_by_slug(&self, slug: &str) -> Option<TagIx> {
        self.tags
            .binary_search_by(|tag| tag.slug.as_str().cmp(slug))
            .ok()
    }

    /// The place with this slug.
    pub fn place_by_slug(&self, slug: &str) -> Option<PlaceIx> {
        self.places
            .binary_search_by(|place| place.slug.as_str().cmp(slug))
            .ok()
    }

    /// The name of the place a briefing writes as `written`, as the pages show it: its name in
    /// the language of the pages where it has one, else as written.
    pub fn place_name<'a>(&'a self, written: &'a str) -> &'a str {
        if self.place_names.is_empty() {
            return written;
        }
        self.place_names
            .get(&place_slug(written))
            .map_or(written, String::as_str)
    }

    /// The actor with this id.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorIx> {
        self.registry
            .actors
            .binary_search_by(|actor| actor.id.as_str().cmp(id))
            .ok()
    }

    pub fn actor(&self, ix: ActorIx) -> &Actor {
        self.registry.get(ix)
    }

    pub fn actors(&self) -> &[Actor] {
        &self.registry.actors
    }

    /// The envoys, by id.
    pub fn envoys(&self) -> impl Iterator<Item = ActorIx> + '_ {
        self.registry
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.envoy)
            .map(|(ix, _)| ix)
    }

    /// Briefings sharing actors or tags with `ix`, best first: a shared actor weighs two, a
    /// shared tag one; ties go to the briefing nearer in time, then to the earlier one. From
    /// an actor or tag of more than [`RELATED_WINDOW`] briefings, only that many nearest in
    /// time are candidates, so the work per briefing does not grow with the archive.
    pub fn related(&self, ix: BriefingIx) -> Vec<(BriefingIx, usize)> {
        let briefing = &self.briefings[ix];
        let lists: Vec<(&[BriefingIx], u32)> = (briefing.actors.iter())
            .map(|&a| (self.by_actor[a].as_slice(), 2))
            .chain(
                self.briefing_tags[ix]
                    .iter()
                    .map(|&t| (self.tags[t].briefings.as_slice(), 1)),
            )
            .collect();
        let windows: Vec<&[BriefingIx]> = lists
            .iter()
            .map(|&(list, _)| nearest(list, ix, RELATED_WINDOW))
            .collect();
        let date = briefing.date;
        RELATED_SCORES.with_borrow_mut(|scores| {
            scores.resize(self.briefings.len(), 0);
            let mut candidates: Vec<BriefingIx> = Vec::new();
            for (window, &(_, weight)) in windows.iter().zip(&lists) {
                for &other in *window {
                    if scores[other] == 0 {
                        candidates.push(other);
                    }
                    scores[other] += weight;
                }
            }
            // A window is a run of its list, so a candidate inside a window's span but not in
            // it is not in the list; one outside the span may be, and is looked up.
            let mut ranked: Vec<(std::cmp::Reverse<u32>, i64, BriefingIx)> = candidates
                .iter()
                .filter(|&&other| other != ix)
                .map(|&other| {
                    let mut score = scores[other];
                    for (window, &(list, weight)) in windows.iter().zip(&lists) {
                        let outside = window.len() < list.len()
                            && (other < window[0] || other > window[window.len() - 1]);
                        if outside && list.binary_search(&other).is_ok() {
                            score += weight;
                        }
                    }
                    let distance = (self.briefings[other].date - date).num_days().abs();
                    (std::cmp::Reverse(score), distance, other)
                })
                .collect();
            for &other in &candidates {
                scores[other] = 0;
            }
            if ranked.len() > RELATED_LIMIT {
                ranked.select_nth_unstable(RELATED_LIMIT - 1);
                ranked.truncate(RELATED_LIMIT);
            }
            ranked.sort_unstable();
            ranked
                .into_iter()
                .map(|(score, _, other)| (other, score.0 as usize))
                .collect()
        })
    }

    /// The briefings naming both actors, in chronological order.
    pub fn together(&self, a: ActorIx, b: ActorIx) -> Vec<BriefingIx> {
        let (mut i, mut j) = (0, 0);
        let (left, right) = (&self.by_actor[a], &self.by_actor[b]);
        let mut both = Vec::new();
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    both.push(left[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        both
    }

    /// The pairs of actors that share at least [`ENCOUNTER_MINIMUM`] briefings, each once
    /// (the actor with the smaller id first), sorted.
    pub fn encounter_pairs(&self) -> Vec<(ActorIx, ActorIx)> {
        let mut pairs = Vec::new();
        for (a, co) in self.co_actors.iter().enumerate() {
            for &(b, count) in co {
                if a < b && count >= ENCOUNTER_MINIMUM {
                    pairs.push((a, b));
                }
            }
        }
        pairs.sort_unstable();
        pairs
    }

    /// The months of one year that have briefings.
    pub fn months_of(&self, year: i32) -> impl Iterator<Item = &Month> {
        self.months.iter().filter(move |m| m.year == year)
    }

    /// The years that have briefings, in order.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.months.iter().map(|m| m.year).collect();
        years.dedup();
        years
    }
}

/// Counts sorted most frequent first, then by actor name and id.
/// Actors, each with a count, the highest first.
type Counted = Vec<(ActorIx, usize)>;

/// Each actor's briefings, and the actors each appears with most, with how often.
fn index_actors(
    briefings: &[Briefing],
    registry: &Registry,
) -> (Vec<Vec<BriefingIx>>, Vec<Counted>) {
    let actor_count = registry.actors.len();
    let mut by_actor = vec![Vec::new(); actor_count];
    let mut pair_counts: Vec<FxHashMap<ActorIx, usize>> = vec![FxHashMap::default(); actor_count];
    for (ix, briefing) in briefings.iter().enumerate() {
        let pairs = briefing.actors.len() <= ROSTER_SIZE;
        for &actor in &briefing.actors {
            by_actor[actor].push(ix);
            for &other in briefing.actors.iter().filter(|_| pairs) {
                if other != actor {
                    *pair_counts[actor].entry(other).or_default() += 1;
                }
            }
        }
    }
    let co_actors = pair_counts
        .into_iter()
        .map(|counts| most_frequent(counts, registry))
        .collect();
    (by_actor, co_actors)
}

fn most_frequent(counts: FxHashMap<ActorIx, usize>, registry: &Registry) -> Vec<(ActorIx, usize)> {
    let mut counts: Vec<(ActorIx, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| registry.get(a.0).name.cmp(&registry.get(b.0).name))
            .then(a.0.cmp(&b.0))
    });
    counts
}

/// What is gathered of one tag slug while indexing.
#[derive(Default)]
struct TagTally<'a> {
    spellings: FxHashMap<&'a str, usize>,
    briefings: Vec<BriefingIx>,
    actors: FxHashMap<ActorIx, usize>,
}

fn index_places(briefings: &[Briefing], registry: &Registry) -> Vec<Place> {
    let mut by_slug: FxHashMap<String, TagTally<'_>> = FxHashMap::default();
    for (ix, briefing) in briefings.iter().enumerate() {
        for name in &briefing.places {
            let slug = place_slug(name);
            if slug.is_empty() {
                continue;
            }
            let tally = by_slug.entry(slug).or_default();
            *tally.spellings.entry(name).or_default() += 1;
            tally.briefings.push(ix);
            for &actor in &briefing.actors {
                *tally.actors.entry(actor).or_default() += 1;
            }
        }
    }
    let mut places: Vec<Place> = by_slug
        .into_iter()
        .map(|(slug, tally)| {
            let name = tally
                .spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(name, _)| name.to_string())
                .unwrap_or_default();
            let mut briefings = tally.briefings;
            briefings.dedup();
            Place {
                slug,
                name,
                briefings,
                actors: most_frequent(tally.actors, registry),
            }
        })
        .collect();
    places.sort_by(|a, b| a.slug.cmp(&b.slug));
    places
}

fn index_tags(briefings: &[Briefing], registry: &Registry) -> (Vec<Tag>, Vec<Vec<TagIx>>) {
    let mut by_slug: FxHashMap<&str, TagTally<'_>> = FxHashMap::default();
    for (ix, briefing) in briefings.iter().enumerate() {
        for (name, slug) in briefing.tags.iter().zip(&briefing.tag_slugs) {
            let tally = by_slug.entry(slug).or_default();
            *tally.spellings.entry(name).or_default() += 1;
            tally.briefings.push(ix);
            for &actor in &briefing.actors {
                *tally.actors.entry(actor).or_default() += 1;
            }
        }
    }
    let mut tags: Vec<Tag> = by_slug
        .into_iter()
        .map(
            |(
                slug,
                TagTally {
                    spellings,
                    briefings,
                    actors,
                },
            )| {
                let name = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(name, _)| name.to_string())
                    .unwrap_or_default();
                Tag {
                    slug: slug.to_string(),
                    name,
                    briefings,
                    actors: most_frequent(actors, registry),
                }
            },
        )
        .collect();
    tags.sort_by(|a, b| a.slug.cmp(&b.slug));
    let index: FxHashMap<&str, TagIx> = tags
        .iter()
        .enumerate()
        .map(|(ix, t)| (t.slug.as_str(), ix))
        .collect();
    let briefing_tags = briefings
        .iter()
        .map(|b| {
            b.tag_slugs
                .iter()
                .map(|slug| index[slug.as_str()])
                .collect()
        })
        .collect();
    (tags, briefing_tags)
}

fn index_months(briefings: &[Briefing]) -> Vec<Month> {
    let mut months: Vec<Month> = Vec::new();
    for (ix, briefing) in briefings.iter().enumerate() {
        let (year, month) = (briefing.date.year(), briefing.date.month());
        match months.last_mut() {
            Some(last) if last.year == year && last.month == month => last.briefings.push(ix),
            _ => months.push(Month {
                year,
                month,
                briefings: vec![ix],
            }),
        }
    }
    months
}

/// The archive's briefings by slug (and slug alias) and actors by id as hash tables, for
/// passes that look up many (the rendering of every body, the reuse of kept ones): each is
/// made the first time it is asked, once for the pass, and a lookup costs what one step of
/// [`Archive::briefing_by_slug`]'s binary search does. It finds what those find.
pub(crate) struct Lookups<'a> {
    archive: &'a Archive,
    slugs: std::sync::OnceLock<FxHashMap<&'a str, BriefingIx>>,
    ids: std::sync::OnceLock<FxHashMap<&'a str, ActorIx>>,
}

impl<'a> Lookups<'a> {
    pub(crate) fn new(archive: &'a Archive) -> Lookups<'a> {
        Lookups {
            archive,
            slugs: std::sync::OnceLock::new(),
            ids: std::sync::OnceLock::new(),
        }
    }

    /// [`Archive::briefing_by_slug`].
    pub(crate) fn briefing_by_slug(&self, slug: &str) -> Option<BriefingIx> {
        let table = self.slugs.get_or_init(|| {
            let archive = self.archive;
            let mut table = FxHashMap::default();
            table.reserve(archive.briefings.len() + archive.slug_aliases.len());
            // A slug is found before an alias of the same spelling.
            for (alias, ix) in &archive.slug_aliases {
                table.insert(alias.as_str(), *ix);
            }
            for &ix in &archive.by_slug {
                table.insert(archive.briefings[ix].slug.as_str(), ix);
            }
            table
        });
        table.get(slug).copied()
    }

    /// [`Archive::actor_by_id`].
    pub(crate) fn actor_by_id(&self, id: &str) -> Option<ActorIx> {
        let table = self.ids.get_or_init(|| {
            self.archive
                .registry
                .actors
                .iter()
                .enumerate()
                .map(|(ix, actor)| (actor.id.as_str(), ix))
                .collect()
        });
        table.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    #[test]
    fn lookups_find_what_the_archive_finds() {
        let file = |path: &str, text: &str| SourceFile::new(path, text.into());
        let actors = [
            file("content/actors/li-an.md", "+++\nname = \"Li An\"\n+++\n"),
            file(
                "content/actors/sara-ek.md",
                "+++\nname = \"Sara Ek\"\n+++\n",
            ),
        ];
        let briefings: Vec<SourceFile> = (0..40)
            .map(|n| {
                file(
                    &format!("content/briefings/b{n}.md"),
                    &format!(
                        "+++\ntitle = \"Talks {n}\"\ndate = 2023-10-{:02}\n+++\nText.\n",
                        n % 28 + 1
                    ),
                )
            })
            .collect();
        let (mut archive, problems) = resolve_for_test(&actors, &briefings);
        assert!(problems.is_empty(), "{problems:?}");
        // An alias of another language's slug, and one spelled as a slug is (the slug wins).
        archive.slug_aliases = vec![("b3".to_string(), 7), ("gesprache-5".to_string(), 5)];
        let lookups = Lookups::new(&archive);
        let asked = archive
            .briefings
            .iter()
            .map(|b| b.slug.clone())
            .chain(["b3", "gesprache-5", "b40", "", "B1"].map(String::from));
        for slug in asked {
            assert_eq!(
                lookups.briefing_by_slug(&slug),
                archive.briefing_by_slug(&slug),
                "{slug}"
            );
        }
        assert_eq!(lookups.briefing_by_slug("gesprache-5"), Some(5));
        for id in ["li-an", "sara-ek", "nobody", "Li An"] {
            assert_eq!(lookups.actor_by_id(id), archive.actor_by_id(id), "{id}");
        }
    }
}
