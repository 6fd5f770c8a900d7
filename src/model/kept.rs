//! The resolved archive kept from one build to the next. Where no front matter and no actor
//! file changed since a build (an edit of a body, the most common of all), the next takes the
//! archive, and what was found wrong in its sources, from the store instead of parsing every
//! front matter and resolving the whole archive again. Only the bodies are bound anew, to
//! this build's files.

use serde::{Deserialize, Serialize};

use super::{Archive, Body};
use crate::cache::Store;
use crate::error::Diagnostic;
use crate::load::SourceFile;

/// Says what a kept archive is; raised whenever the model or its resolving changes.
const FORMAT: u32 = 1;

/// An archive as the store keeps it: without bodies or attachments, with the problems its
/// sources had and where each briefing's file is among the sources.
#[derive(Serialize, Deserialize)]
struct Kept<A, P> {
    archive: A,
    problems: P,
    files: Vec<u32>,
}

/// The store key of the archive resolved from these sources, the briefings' bodies being
/// `bodies`: the digest of every actor file and of every briefing's path and front matter, and
/// of whether drafts are kept.
pub(crate) fn key(
    actors: &[SourceFile],
    briefings: &[SourceFile],
    bodies: &[Option<&str>],
    with_drafts: bool,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::digest::hasher();
    (FORMAT, with_drafts, actors.len(), briefings.len()).hash(&mut hasher);
    for actor in actors {
        (&actor.path, actor.digest).hash(&mut hasher);
    }
    for (briefing, body) in briefings.iter().zip(bodies) {
        let text = &briefing.text;
        let front = &text[..text.len() - body.map_or(0, str::len)];
        (&briefing.path, front).hash(&mut hasher);
    }
    hasher.finish()
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
    Some((archive, problems))
}

/// Keeps `archive` (not yet given its attachments), resolved from `briefings`, and the
/// problems of its sources under `key`, for the next build.
pub(crate) fn keep(
    store: &Store,
    key: u64,
    archive: &Archive,
    problems: &[Diagnostic],
    briefings: &[SourceFile],
) {
    let files: Option<Vec<u32>> = archive
        .briefings
        .iter()
        .map(|b| {
            let at = briefings.binary_search_by(|source| source.path.cmp(&b.path));
            at.ok().map(|at| at as u32)
        })
        .collect();
    if let Some(files) = files {
        store.put(
            key,
            &Kept {
                archive,
                problems,
                files,
            },
        );
    }
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

    #[test]
    fn a_kept_archive_is_the_one_resolved_with_this_builds_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "test");
        let (actors, mut briefings) = sources();
        let (archive, problems) = super::super::resolve_for_test(&actors, &briefings);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let key_of = |actors: &[SourceFile], briefings: &[SourceFile], drafts: bool| {
            let bodies: Vec<_> = briefings.iter().map(crate::parse::body_of).collect();
            super::key(actors, briefings, &bodies, drafts)
        };
        let key = key_of(&actors, &briefings, false);
        keep(&store, key, &archive, &problems, &briefings);
        // A body edited: the same key, the archive as resolved, the new body bound.
        briefings[0] = SourceFile::new(
            "content/briefings/a.md",
            "+++\ntitle = \"Talks\"\ndate = 2023-10-02\nactors = [\"li-an\", \"sara-ek\"]\ntags = [\"Talks\"]\n+++\nThey met again.\n".into(),
        );
        assert_eq!(key_of(&actors, &briefings, false), key);
        let bodies: Vec<_> = briefings.iter().map(crate::parse::body_of).collect();
        let (kept, kept_problems) = take(&store, key, &briefings, &bodies).unwrap();
        let (fresh, fresh_problems) = super::super::resolve_for_test(&actors, &briefings);
        // Everything but the order of the registry's lookup table, which Debug shows as it
        // lies in memory.
        let shown = |a: &Archive| {
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
        };
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
}
