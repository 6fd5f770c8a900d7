//! The resolved archive kept from one build to the next. Where no front matter and no actor
//! file changed since a build (an edit of a body, the most common of all), the next takes the
//! archive, and what was found wrong in its sources, from the store instead of parsing every
//! front matter and resolving the whole archive again. Only the bodies are bound anew, to
//! this build's files. Where front matter changed but no actor file did (a briefing added,
//! deleted or retitled), the next build takes from the archive kept last with the same actor
//! files each briefing whose file and front matter are the same, with what resolving it found,
//! and parses and resolves only the others before the archive is assembled again.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::briefings::{spellings_agree, tag_names};
use super::{Archive, Body, Briefing, Registry};
use crate::cache::Store;
use crate::error::Diagnostic;
use crate::load::SourceFile;

/// Says what a kept archive is; raised whenever the model or its resolving changes.
const FORMAT: u32 = 2;

/// An archive as the store keeps it: without bodies or attachments, with the problems its
/// sources had and where each briefing's file is among the sources. What resolving each
/// briefing's file found is kept beside it ([`owns_key`]), in the order of its briefings: a
/// build that takes the archive as it is has no use for it.
#[derive(Serialize, Deserialize)]
struct Kept<A, P> {
    archive: A,
    problems: P,
    files: Vec<u32>,
    /// The actor files the archive was resolved with ([`actors_key`]).
    actors: u64,
}

/// One briefing file resolved: the briefing, unless it has errors, and what else was found.
pub(crate) type Resolved = (Option<Briefing>, Own);

/// What resolving one briefing file found beside the briefing, kept with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Own {
    /// The digest of the file's front matter.
    front: u64,
    /// The problems found in the file.
    pub problems: Vec<Diagnostic>,
    /// Its tags as written, for the check of their spellings across files.
    tags: Vec<String>,
}

impl Own {
    /// What resolving a file whose front matter has the digest `front` found: `problems`, and
    /// its tags as written (`tags`, see [`tag_names`]).
    pub(crate) fn of(front: u64, problems: Vec<Diagnostic>, tags: Vec<String>) -> Own {
        Own {
            front,
            problems,
            tags,
        }
    }
}

/// The digest of each briefing file's front matter, all of its text before its body (of
/// `bodies`; the whole text where it has none).
pub(crate) fn fronts(briefings: &[SourceFile], bodies: &[Option<&str>]) -> Vec<u64> {
    briefings
        .par_iter()
        .zip(bodies)
        .map(|(source, body)| {
            let text = &source.text;
            crate::digest::of(&text[..text.len() - body.map_or(0, str::len)])
        })
        .collect()
}

/// The digest of what every briefing is resolved with: the actor files, and whether drafts
/// are kept.
pub(crate) fn actors_key(actors: &[SourceFile], with_drafts: bool) -> u64 {
    let mut hasher = crate::digest::hasher();
    (FORMAT, with_drafts, actors.len()).hash(&mut hasher);
    for actor in actors {
        (&actor.path, actor.digest).hash(&mut hasher);
    }
    hasher.finish()
}

/// The store key of the archive resolved from these sources, the actor files being those of
/// `actors` ([`actors_key`]) and the digests of the briefings' front matter `fronts`: the
/// digest of that and of every briefing's path and front matter.
pub(crate) fn key(actors: u64, briefings: &[SourceFile], fronts: &[u64]) -> u64 {
    let mut hasher = crate::digest::hasher();
    (actors, briefings.len()).hash(&mut hasher);
    for (briefing, front) in briefings.iter().zip(fronts) {
        (&briefing.path, front).hash(&mut hasher);
    }
    hasher.finish()
}

/// The store key under which the key of the archive kept last with the actor files of
/// `actors` is.
fn latest_key(actors: u64) -> u64 {
    crate::digest::of(&("the archive kept last", FORMAT, actors))
}

/// The store key of what resolving each briefing file of the archive kept under `key` found.
fn owns_key(key: u64) -> u64 {
    crate::digest::of(&("what resolving each file found", FORMAT, key))
}

/// The archive kept under `key`, with the problems its sources had, each briefing's body
/// bound to its file among `briefings`, whose bodies are `bodies`; `None` where the store has
/// none (or one that does not fit these files).
pub(crate) fn take(
    store: &Store,
    key: u64,
    briefings: &[SourceFile],
    bodies: &[Option<&str>],
) -> Option<(Archive, Vec<Diagnostic>)> {
    let Kept {
        mut archive,
        problems,
        files,
        actors,
    } = store.get::<Kept<Archive, Vec<Diagnostic>>>(key)?;
    if files.len() != archive.briefings.len() {
        return None;
    }
    for (briefing, &at) in archive.briefings.iter_mut().zip(&files) {
        let source = briefings.get(at as usize)?;
        if source.path != briefing.path {
            return None;
        }
        briefing.body = Body::of(source, bodies[at as usize]?);
    }
    // The next change of front matter starts from this archive.
    store.touch(owns_key(key));
    if store.get::<u64>(latest_key(actors)) != Some(key) {
        store.put(latest_key(actors), &key);
    }
    Some((archive, problems))
}

/// Keeps `archive` (not yet given its attachments), resolved from `briefings` with the actor
/// files of `actors`, the problems of its sources and what resolving each briefing file
/// found (`owns`, in the order of `briefings`; none for a file that did not parse) under
/// `key`, for the next build.
pub(crate) fn keep(
    store: &Store,
    key: u64,
    actors: u64,
    archive: &Archive,
    problems: &[Diagnostic],
    briefings: &[SourceFile],
    owns: &[Option<Own>],
) {
    let files: Option<Vec<u32>> = archive
        .briefings
        .iter()
        .map(|b| {
            let at = briefings.binary_search_by(|source| source.path.cmp(&b.path));
            at.ok().map(|at| at as u32)
        })
        .collect();
    let Some(files) = files else {
        return;
    };
    let owns: Option<Vec<&Own>> = files
        .iter()
        .map(|&at| owns.get(at as usize)?.as_ref())
        .collect();
    let Some(owns) = owns else {
        return;
    };
    let kept = Kept {
        archive,
        problems,
        files,
        actors,
    };
    if store.put(key, &kept) && store.put(owns_key(key), &owns) {
        store.put(latest_key(actors), &key);
    }
}

/// The briefing files `briefings` (whose bodies are `bodies` and the digests of whose front
/// matter are `fronts`, both in their order, which is that of their paths) resolved against
/// `registry`, made from the actor files of `actors`, each with what resolving it found, in
/// their order: each briefing whose file and front matter the archive kept last with the same
/// actor files has is taken from there, the others are parsed and resolved now. `None` where
/// no such archive is kept, or where a file does not parse or the tags' spellings disagree
/// across files: the whole archive is then parsed again, which says what is wrong where.
pub(crate) fn resolve_again(
    store: &Store,
    actors: u64,
    registry: &Registry,
    briefings: &[SourceFile],
    bodies: &[Option<&str>],
    fronts: &[u64],
) -> Option<Vec<Resolved>> {
    let last: u64 = store.get(latest_key(actors))?;
    let kept = store.get::<Kept<Archive, Vec<Diagnostic>>>(last)?;
    let owns: Vec<Own> = store.get(owns_key(last))?;
    if kept.actors != actors
        || owns.len() != kept.archive.briefings.len()
        || kept.files.len() != owns.len()
    {
        return None;
    }
    // The kept briefings in the order of the files they were resolved from, which is that of
    // their paths, to be met with this build's files in one pass.
    let mut known: Vec<(u32, Briefing, Own)> = kept
        .files
        .into_iter()
        .zip(kept.archive.briefings)
        .zip(owns)
        .map(|((at, briefing), own)| (at, briefing, own))
        .collect();
    known.sort_unstable_by_key(|(at, _, _)| *at);
    let mut known = known.into_iter().peekable();
    let mut resolved: Vec<Option<Resolved>> = Vec::with_capacity(briefings.len());
    let mut fresh = Vec::new();
    for (at, ((source, body), &front)) in briefings.iter().zip(bodies).zip(fronts).enumerate() {
        let body = (*body)?;
        while known.next_if(|(_, b, _)| b.path < source.path).is_some() {}
        match known.next_if(|(_, b, _)| b.path == source.path) {
            Some((_, mut briefing, own)) if own.front == front => {
                briefing.body = Body::of(source, body);
                resolved.push(Some((Some(briefing), own)));
            }
            _ => {
                fresh.push(at);
                resolved.push(None);
            }
        }
    }
    let made: Vec<(usize, Option<Briefing>, Own)> = fresh
        .par_iter()
        .map(|&at| {
            let file = crate::parse::parse_briefing(&briefings[at]).ok()?;
            let (briefing, problems) = super::resolve(&file, registry);
            Some((
                at,
                briefing,
                Own::of(fronts[at], problems, tag_names(&file)),
            ))
        })
        .collect::<Option<_>>()?;
    for (at, briefing, own) in made {
        resolved[at] = Some((briefing, own));
    }
    let resolved: Vec<Resolved> = resolved.into_iter().flatten().collect();
    spellings_agree(resolved.iter().map(|(_, own)| own.tags.as_slice())).then_some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> (Vec<SourceFile>, Vec<SourceFile>) {
        let file = |path: &str, text: &str| SourceFile::new(path, text.into());
        let actors = vec![
            file(
                "content/actors/li-an.md",
                "+++\nname = \"Li An\"\n+++\nAn envoy.\n",
            ),
            file(
                "content/actors/sara-ek.md",
                "+++\nname = \"Sara Ek\"\n+++\n",
            ),
        ];
        let briefings = vec![
            file(
                "content/briefings/a.md",
                "+++\ntitle = \"Talks\"\ndate = 2023-10-02\nactors = [\"li-an\", \"sara-ek\"]\ntags = [\"Talks\"]\n+++\nThey met.\n",
            ),
            file(
                "content/briefings/b.md",
                "+++\ntitle = \"Visit\"\ndate = 2023-10-01\nactors = [\"li-an\", \"nobody\"]\n+++\nA visit.\n",
            ),
        ];
        (actors, briefings)
    }

    fn key_of(actors: &[SourceFile], briefings: &[SourceFile], drafts: bool) -> u64 {
        let bodies: Vec<_> = briefings.iter().map(crate::parse::body_of).collect();
        key(
            actors_key(actors, drafts),
            briefings,
            &fronts(briefings, &bodies),
        )
    }

    /// What resolving each of `briefings` against `registry` finds.
    fn owns(registry: &Registry, briefings: &[SourceFile]) -> Vec<Option<Own>> {
        briefings
            .iter()
            .map(|source| {
                let file = crate::parse::parse_briefing(source).unwrap();
                let (_, problems) = super::super::resolve(&file, registry);
                let front = fronts(std::slice::from_ref(source), &[Some(file.body)])[0];
                Some(Own::of(front, problems, tag_names(&file)))
            })
            .collect()
    }

    /// The archive as tests compare them: everything but the order of the registry's lookup
    /// table, which Debug shows as it lies in memory.
    fn shown(a: &Archive) -> String {
        format!(
            "{:?}",
            (
                &a.briefings,
                &a.registry.actors,
                &a.tags,
                &a.briefing_tags,
                &a.by_actor,
                (&a.co_actors, &a.months, &a.places),
            )
        )
    }

    #[test]
    fn a_kept_archive_is_the_one_resolved_with_this_builds_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "test");
        let (actors, mut briefings) = sources();
        let (archive, problems) = super::super::resolve_for_test(&actors, &briefings);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let key = key_of(&actors, &briefings, false);
        let owns = owns(&archive.registry, &briefings);
        let actors_key = actors_key(&actors, false);
        keep(
            &store, key, actors_key, &archive, &problems, &briefings, &owns,
        );
        // A body edited: the same key, the archive as resolved, the new body bound.
        briefings[0] = SourceFile::new(
            "content/briefings/a.md",
            "+++\ntitle = \"Talks\"\ndate = 2023-10-02\nactors = [\"li-an\", \"sara-ek\"]\ntags = [\"Talks\"]\n+++\nThey met again.\n".into(),
        );
        assert_eq!(key_of(&actors, &briefings, false), key);
        let bodies: Vec<_> = briefings.iter().map(crate::parse::body_of).collect();
        let (kept, kept_problems) = take(&store, key, &briefings, &bodies).unwrap();
        let (fresh, fresh_problems) = super::super::resolve_for_test(&actors, &briefings);
        assert_eq!(shown(&kept), shown(&fresh));
        for name in ["Li An", "sara-ek", "nobody"] {
            assert_eq!(kept.registry.lookup(name), fresh.registry.lookup(name));
        }
        assert_eq!(kept_problems, fresh_problems);
        let a = kept.briefing_by_slug("a").unwrap();
        assert_eq!(
            kept.briefings[a].body.digest(),
            crate::load::digest("They met again.\n")
        );
        // A front matter, an actor file or the drafts setting changed: another key.
        let mut retitled = briefings.clone();
        retitled[1] = SourceFile::new(
            "content/briefings/b.md",
            "+++\ntitle = \"A visit\"\ndate = 2023-10-01\nactors = [\"li-an\", \"nobody\"]\n+++\nA visit.\n".into(),
        );
        let mut renamed = actors.clone();
        renamed[1] = SourceFile::new(
            "content/actors/sara-ek.md",
            "+++\nname = \"Sara E.\"\n+++\n".into(),
        );
        let keys = [
            key_of(&actors, &retitled, false),
            key_of(&renamed, &briefings, false),
            key_of(&actors, &briefings, true),
        ];
        assert!(keys.iter().all(|&other| other != key));
        // Files that are not the ones the archive was kept with are not bound.
        let moved: Vec<SourceFile> = briefings
            .iter()
            .map(|f| SourceFile::new(f.path.with_file_name("z.md"), f.text.clone()))
            .collect();
        assert!(take(&store, key, &moved, &bodies).is_none());
    }

    /// The archive resolved from `briefings` by [`resolve_again`] from what `store` keeps, as
    /// a build assembles it, with its problems; `None` where it resolves nothing again.
    fn again(
        store: &Store,
        actors: &[SourceFile],
        briefings: &[SourceFile],
    ) -> Option<(Archive, Vec<Diagnostic>)> {
        let (registry_of, _) = super::super::resolve_for_test(actors, &[]);
        let registry = registry_of.registry;
        let bodies: Vec<_> = briefings.iter().map(crate::parse::body_of).collect();
        let fronts = fronts(briefings, &bodies);
        let resolved = resolve_again(
            store,
            actors_key(actors, false),
            &registry,
            briefings,
            &bodies,
            &fronts,
        )?;
        let resolved = resolved
            .into_iter()
            .map(|(briefing, own)| (briefing, own.problems))
            .collect();
        Some(super::super::assemble(
            registry,
            Vec::new(),
            resolved,
            Vec::new(),
            false,
        ))
    }

    #[test]
    fn a_change_of_front_matter_resolves_again_only_the_files_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "test");
        let (actors, briefings) = sources();
        let file = |path: &str, text: &str| SourceFile::new(path, text.into());
        let mut before = briefings.clone();
        before.push(file(
            "content/briefings/d.md",
            "+++\ntitle = \"Gone\"\ndate = 2023-09-01\nactors = [\"sara-ek\"]\n+++\nSoon gone.\n",
        ));
        let (mut archive, problems) = super::super::resolve_for_test(&actors, &before);
        let owns = owns(&archive.registry, &before);
        // What the kept archive says of a is taken as it is, not resolved again.
        let a = archive.briefing_by_slug("a").unwrap();
        archive.briefings[a].summary = Some("As kept.".into());
        let key = key_of(&actors, &before, false);
        keep(
            &store,
            key,
            actors_key(&actors, false),
            &archive,
            &problems,
            &before,
            &owns,
        );
        // a with another body, b retitled, c added, d deleted.
        let mut after = vec![
            file(
                "content/briefings/a.md",
                "+++\ntitle = \"Talks\"\ndate = 2023-10-02\nactors = [\"li-an\", \"sara-ek\"]\ntags = [\"Talks\"]\n+++\nThey met again.\n",
            ),
            file(
                "content/briefings/b.md",
                "+++\ntitle = \"A visit\"\ndate = 2023-10-01\nactors = [\"li-an\", \"nobody\"]\n+++\nA visit.\n",
            ),
            file(
                "content/briefings/c.md",
                "+++\ntitle = \"Call\"\ndate = 2023-10-03\nactors = [\"sara-ek\"]\ntags = [\"talks\"]\n+++\nA call.\n",
            ),
        ];
        let (archive, problems) = again(&store, &actors, &after).unwrap();
        let (mut fresh, fresh_problems) = super::super::resolve_for_test(&actors, &after);
        let a = fresh.briefing_by_slug("a").unwrap();
        fresh.briefings[a].summary = Some("As kept.".into());
        assert_eq!(shown(&archive), shown(&fresh));
        assert_eq!(problems, fresh_problems);
        assert_eq!(problems.len(), 1, "b still names nobody: {problems:?}");
        assert_eq!(
            archive.briefings[a].body.digest(),
            crate::load::digest("They met again.\n")
        );
        // Tags whose spellings would share a page, a front matter that does not parse, other
        // actors: nothing is resolved again, and the whole archive is parsed as ever.
        after[2] = file(
            "content/briefings/c.md",
            "+++\ntitle = \"Call\"\ndate = 2023-10-03\ntags = [\"Talks!\"]\n+++\nA call.\n",
        );
        assert!(again(&store, &actors, &after).is_none());
        after[2] = file("content/briefings/c.md", "+++\ntitle = \n+++\nA call.\n");
        assert!(again(&store, &actors, &after).is_none());
        let mut renamed = actors.clone();
        renamed[1] = file(
            "content/actors/sara-ek.md",
            "+++\nname = \"Sara E.\"\n+++\n",
        );
        assert!(again(&store, &renamed, &briefings).is_none());
    }
}
