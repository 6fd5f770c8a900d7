//! Bodies rendered by an earlier build, used again. A body's HTML depends on its text, on the
//! actors it lists (their mentions become links), on every name and alias of the registry (any
//! of them may be mentioned), on the settings that shape links and HTML, on the files of its
//! bundle (their names, and the sizes of images) and on where its `@` links lead. All but the
//! last go into the key it is kept under in the store; the `@` links
//! are kept with the entry and resolved again when it is taken, so a body whose target was
//! renamed or removed is rendered again (and fails, if the target is gone).

use serde::{Deserialize, Serialize};

use super::{Linker, Rendered, Unlisted};
use crate::cache::Store;
use crate::config::Config;
use crate::error::Location;
use crate::model::{Archive, Briefing};
use crate::routes::Routes;

/// The layout of entries; entries of another layout are never taken.
const FORMAT: u32 = 3;

/// A rendered body as the store keeps it: what it links to and names by slug and id, not by
/// index, since indexes move when briefings are added. Its HTML is kept apart, under
/// [`html_key`], and read only when a page shows it.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// The digest of the HTML.
    digest: u64,
    links_to: Vec<String>,
    mentioned: Vec<String>,
    targets: Vec<(String, String)>,
    unlisted: Vec<(String, String, Location)>,
}

/// What the bodies of one build are rendered against.
pub(super) struct Reuse<'a> {
    archive: &'a Archive,
    store: &'a Store,
    /// The digest of what every body depends on beside its own text and actors.
    context: u64,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(
        archive: &'a Archive,
        config: &Config,
        routes: &Routes,
        audit: bool,
        store: &'a Store,
    ) -> Reuse<'a> {
        let names: Vec<(&str, &str, &[String], bool)> = archive
            .actors()
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    a.name.as_str(),
                    a.aliases.as_slice(),
                    a.envoy,
                )
            })
            .collect();
        let context = crate::cache::digest(&(
            FORMAT,
            names,
            format!("{:?}", config.autolink),
            config.unsafe_html,
            routes.offline,
            audit,
        ));
        Reuse {
            archive,
            store,
            context,
        }
    }

    /// The key of a body of `briefing` whose text has this digest.
    pub(super) fn key(&self, text: u64, briefing: &Briefing) -> u64 {
        let own: Vec<&str> = briefing
            .actors
            .iter()
            .map(|&a| self.archive.actor(a).id.as_str())
            .collect();
        let files: Vec<_> = briefing
            .attachments
            .iter()
            .map(|a| (a.name(), a.image))
            .collect();
        crate::cache::digest(&(
            self.context,
            text,
            own,
            &briefing.path,
            briefing.body_line,
            files,
        ))
    }

    /// The body kept under `key`, if there is one and its links still lead where they led,
    /// without its HTML: the store holds that under [`html_key`] for the build to read when it
    /// shows it.
    pub(super) fn get(&self, key: u64, linker: &Linker<'_>) -> Option<Rendered> {
        let entry: Entry = self.store.get(key)?;
        if !self.store.holds(html_key(key)) {
            return None;
        }
        for (dest, url) in &entry.targets {
            match linker.resolve(dest) {
                Some(Ok((now, _))) if now == *url => {}
                _ => return None,
            }
        }
        let archive = self.archive;
        let links_to = entry
            .links_to
            .iter()
            .map(|slug| archive.briefing_by_slug(slug))
            .collect::<Option<Vec<_>>>()?;
        let mentioned = entry
            .mentioned
            .iter()
            .map(|id| archive.actor_by_id(id))
            .collect::<Option<Vec<_>>>()?;
        let unlisted = entry
            .unlisted
            .into_iter()
            .map(|(id, named, location)| {
                Some(Unlisted {
                    actor: archive.actor_by_id(&id)?,
                    named,
                    location,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Rendered {
            html: String::new(),
            kept: Some(html_key(key)),
            digest: entry.digest,
            links_to,
            mentioned,
            unlisted,
            targets: entry.targets,
            diagnostics: Vec::new(),
        })
    }

    /// Keeps a body rendered without errors under `key`; whether its HTML is kept (and this
    /// build can read it back under [`html_key`]).
    pub(super) fn put(&self, key: u64, rendered: &Rendered) -> bool {
        if !rendered.diagnostics.is_empty() {
            return false;
        }
        let archive = self.archive;
        let entry = Entry {
            digest: rendered.digest,
            links_to: rendered
                .links_to
                .iter()
                .map(|&ix| archive.briefings[ix].slug.clone())
                .collect(),
            mentioned: rendered
                .mentioned
                .iter()
                .map(|&a| archive.actor(a).id.clone())
                .collect(),
            targets: rendered.targets.clone(),
            unlisted: rendered
                .unlisted
                .iter()
                .map(|u| {
                    (
                        archive.actor(u.actor).id.clone(),
                        u.named.clone(),
                        u.location.clone(),
                    )
                })
                .collect(),
        };
        self.store.put(key, &entry);
        self.store.put(html_key(key), &rendered.html)
    }
}

/// Where the store keeps the HTML of the body kept under `key`.
pub(super) fn html_key(key: u64) -> u64 {
    crate::cache::digest(&(key, "html"))
}
