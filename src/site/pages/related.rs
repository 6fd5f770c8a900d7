//! The related briefings each briefing's page lists, chosen once for the whole archive and
//! kept in the store while what they are chosen from is the same: each briefing's date,
//! actors and tags, in order. A title, a summary or a name changes none of it, so an edit of
//! those finds every list made, where choosing them again took most of the pages' time.

use rayon::prelude::*;

use crate::cache::Store;
use crate::model::{Archive, BriefingIx};

/// Says what the kept lists are; raised when their meaning or the choice changes.
const FORMAT: u32 = 1;

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
        let lists: Vec<Vec<u32>> = (0..count)
            .into_par_iter()
            .map(|ix| {
                archive
                    .related(ix)
                    .into_iter()
                    .map(|(other, _)| other as u32)
                    .collect()
            })
            .collect();
        store.put(key, &lists);
        Related(lists)
    }

    /// The related briefings of briefing `ix`, best first.
    pub(super) fn of_briefing(&self, ix: BriefingIx) -> impl Iterator<Item = BriefingIx> + '_ {
        self.0[ix].iter().map(|&other| other as usize)
    }
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
        let file = |path: String, text: String| SourceFile::new(PathBuf::from(path), text.into());
        let actors: Vec<_> = (0..4)
            .map(|a| {
                file(
                    format!("content/actors/a{a}.md"),
                    format!("+++\nname = \"Actor {a}\"\n+++\n"),
                )
            })
            .collect();
        let briefings: Vec<_> = (0..12)
            .map(|b| {
                let text = format!(
                    "+++\ntitle = \"Briefing {b}\"\ndate = 2023-01-{:02}\nactors = [\"a{}\", \"a{}\"]\ntags = [\"t{}\"]\n+++\nText.\n",
                    b + 1,
                    b % 4,
                    (b / 3) % 4,
                    b % 3
                );
                file(format!("content/briefings/b{b}.md"), text)
            })
            .collect();
        let (archive, problems) = crate::model::resolve_for_test(&actors, &briefings);
        assert!(problems.is_empty(), "{problems:?}");
        archive
    }

    fn lists(related: &Related, count: usize) -> Vec<Vec<BriefingIx>> {
        (0..count)
            .map(|ix| related.of_briefing(ix).collect())
            .collect()
    }

    /// Every briefing's related briefings, chosen now.
    fn chosen(archive: &Archive) -> Vec<Vec<BriefingIx>> {
        (0..archive.briefings.len())
            .map(|ix| archive.related(ix).into_iter().map(|(o, _)| o).collect())
            .collect()
    }

    #[test]
    fn lists_are_kept_while_dates_actors_and_tags_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut archive = archive();
        let count = archive.briefings.len();
        assert!(chosen(&archive).iter().any(|list| list.len() > 1));
        let store = Store::open(dir.path(), "test");
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            chosen(&archive)
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
            chosen(&archive)
        );
        // Lists that name briefings the archive does not have are chosen again.
        store.put(key(&archive), &vec![vec![u32::MAX]; count]);
        assert_eq!(
            lists(&Related::of(&archive, &store), count),
            chosen(&archive)
        );
    }
}
