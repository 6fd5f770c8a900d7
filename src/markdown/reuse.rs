//! Bodies rendered by an earlier build, used again. A body's HTML depends on its text, on the
//! actors it lists (their mentions become links), on the registry's names and aliases (any of
//! them may be mentioned), on the settings that shape links and HTML, on the files of its
//! bundle (their names, and the sizes of images) and on where its `@` links lead. The text,
//! the actors, the settings and the files go into the key it is kept under in the store.
//!
//! The `@` links are kept with the entry and resolved again when it is taken, so a body whose
//! target was renamed or removed is rendered again (and fails, if the target is gone). So are
//! the registry's names: where they changed since the body was rendered (an actor renamed,
//! added or removed, an alias or an envoy flag changed), the body is rendered again only if it
//! mentioned an actor that changed or if a name that came or went appears in its text, as the
//! mentions are looked for (in lowercase, in the text of its Markdown); the others are taken as
//! they are, so renaming an actor renders again only the bodies that name it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Parser, TextMergeStream};
use serde::{Deserialize, Serialize};

use super::{Linker, Rendered, Unlisted};
use crate::cache::Store;
use crate::config::Config;
use crate::error::Location;
use crate::model::{Archive, Briefing, Lookups};
use crate::routes::Routes;

/// The layout of entries; entries of another layout are never taken.
const FORMAT: u32 = 4;

/// Every actor's id, name, aliases and envoy flag: what mentions are found and linked by.
type Names = Vec<(String, String, Vec<String>, bool)>;

/// A rendered body as the store keeps it: what it links to and names by slug and id, not by
/// index, since indexes move when briefings are added. Its HTML is kept apart, under
/// [`Entry::html`], and read only when a page shows it.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// The digest of the HTML.
    digest: u64,
    /// The digest of the registry's names it was rendered against ([`Names`]), or found
    /// since to make the same HTML.
    names: u64,
    /// Where the store keeps its HTML: [`html_key`] of the key and of the names it was
    /// rendered against, so a body rendered again under the same key never reads as the HTML
    /// of an earlier rendering.
    html: u64,
    links_to: Vec<String>,
    mentioned: Vec<String>,
    targets: Vec<(String, String)>,
    unlisted: Vec<(String, String, Location)>,
}

/// What the bodies of one build are rendered against.
pub(super) struct Reuse<'a> {
    archive: &'a Archive,
    store: &'a Store,
    /// The digest of what every body depends on beside its own text and actors and the
    /// registry's names.
    context: u64,
    /// The registry's names, and their digest.
    names: Names,
    names_digest: u64,
    /// What changed since each earlier registry a kept body was rendered against, found
    /// once; `None` where the store no longer has those names.
    changes: Mutex<HashMap<u64, Option<Arc<Changes>>>>,
    /// The briefings by slug and the actors by id, shared with the rendering of bodies.
    lookups: &'a Lookups<'a>,
}

/// How the registry's names differ from an earlier one's.
struct Changes {
    /// The actors whose names, aliases or envoy flag changed, or that came or went.
    actors: HashSet<String>,
    /// Every name and alias of those actors, before and after, as mentions are looked for.
    names: Vec<String>,
    /// The runs of ASCII in the names, looked for in any case at once, and for each name the
    /// runs it has: a text without every run of a name does not name it. `None` where a name
    /// has no ASCII.
    keys: Option<(aho_corasick::AhoCorasick, Vec<Vec<usize>>)>,
}

/// What Markdown writes otherwise in its text than the source does: entities and escapes
/// are read, tabs may become spaces, and quotes, dashes and ellipses are made typographic; a
/// name of more than one line may be found across lines the source keeps apart.
const REWRITTEN: [char; 3] = ['&', '\\', '\t'];
const TYPOGRAPHIC: [char; 8] = ['‘', '’', '“', '”', '–', '—', '…', '\n'];

impl Changes {
    /// Whether one of the names appears in the text of `markdown`.
    fn named_in(&self, markdown: &str) -> bool {
        // The text of Markdown is made of runs of its source, but where an entity or an escape
        // is read or a mark made typographic: without those, the source says.
        let plain = !markdown.contains(REWRITTEN)
            && !self.names.iter().any(|name| name.contains(TYPOGRAPHIC));
        if plain {
            return self.named_in_text(markdown);
        }
        // In runs of text merged as the renderer merges them, so a name across a quote made
        // typographic or an entity read is seen.
        TextMergeStream::new(Parser::new_ext(markdown, super::options())).any(|event| match event {
            Event::Text(content) => self.named_in_text(&content),
            _ => false,
        })
    }

    /// Whether one of the names appears in `text` (a text of Markdown, or a source whose text
    /// is made of runs of it) in lowercase, as mentions are looked for.
    fn named_in_text(&self, text: &str) -> bool {
        // Only two letters outside ASCII have an ASCII letter in their lowercase: without them,
        // ASCII in a name in lowercase is in the text in some case.
        let possible: Vec<&String> = match &self.keys {
            Some((keys, runs)) if !text.contains(['\u{130}', '\u{212A}']) => {
                let mut found = vec![false; keys.patterns_len()];
                for run in keys.find_overlapping_iter(text) {
                    found[run.pattern().as_usize()] = true;
                }
                self.names
                    .iter()
                    .zip(runs)
                    .filter(|(_, runs)| runs.iter().all(|&run| found[run]))
                    .map(|(name, _)| name)
                    .collect()
            }
            _ => self.names.iter().collect(),
        };
        if possible.is_empty() {
            return false;
        }
        let lowered = super::mentions::lowered(text);
        possible.iter().any(|name| lowered.contains(name.as_str()))
    }
}

impl<'a> Reuse<'a> {
    pub(super) fn new(
        archive: &'a Archive,
        config: &Config,
        routes: &Routes,
        audit: bool,
        store: &'a Store,
        lookups: &'a Lookups<'a>,
    ) -> Reuse<'a> {
        let names: Names = archive
            .actors()
            .iter()
            .map(|a| (a.id.clone(), a.name.clone(), a.aliases.clone(), a.envoy))
            .collect();
        let names_digest = crate::cache::digest(&(FORMAT, &names));
        // Kept for a later build to see what changed since.
        if !store.holds(names_key(names_digest)) {
            store.put(names_key(names_digest), &names);
        }
        let context = crate::cache::digest(&(
            FORMAT,
            format!("{:?}", config.autolink),
            config.unsafe_html,
            routes.offline,
            audit,
        ));
        Reuse {
            archive,
            store,
            context,
            names,
            names_digest,
            changes: Mutex::new(HashMap::new()),
            lookups,
        }
    }

    /// How the names differ from those of digest `earlier`, if the store still has those.
    fn changes_since(&self, earlier: u64) -> Option<Arc<Changes>> {
        let mut known = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        known
            .entry(earlier)
            .or_insert_with(|| {
                let before: Names = self.store.get(names_key(earlier))?;
                Some(Arc::new(changes(&before, &self.names)))
            })
            .clone()
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
    /// `markdown` gives the body's text, read only where the registry's names changed since.
    pub(super) fn get<'t>(
        &self,
        key: u64,
        linker: &Linker<'_>,
        markdown: impl FnOnce() -> Option<std::borrow::Cow<'t, str>>,
    ) -> Option<Rendered> {
        let mut entry: Entry = self.store.get(key)?;
        if !self.store.holds(entry.html) {
            return None;
        }
        if entry.names != self.names_digest {
            let changes = self.changes_since(entry.names)?;
            if entry.mentioned.iter().any(|id| changes.actors.contains(id)) {
                return None;
            }
            if changes.named_in(&markdown()?) {
                return None;
            }
            // The same HTML, now known to stand for these names.
            entry.names = self.names_digest;
            self.store.put(key, &entry);
        }
        for (dest, url) in &entry.targets {
            match linker.resolve(dest) {
                Some(Ok((now, _))) if now == *url => {}
                _ => return None,
            }
        }
        let links_to = entry
            .links_to
            .iter()
            .map(|slug| self.lookups.briefing_by_slug(slug))
            .collect::<Option<Vec<_>>>()?;
        let mentioned = entry
            .mentioned
            .iter()
            .map(|id| self.lookups.actor_by_id(id))
            .collect::<Option<Vec<_>>>()?;
        let unlisted = entry
            .unlisted
            .into_iter()
            .map(|(id, named, location)| {
                Some(Unlisted {
                    actor: self.lookups.actor_by_id(&id)?,
                    named,
                    location,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Rendered {
            html: String::new(),
            kept: Some(entry.html),
            digest: entry.digest,
            links_to,
            mentioned,
            unlisted,
            targets: entry.targets,
            diagnostics: Vec::new(),
        })
    }

    /// Keeps a body rendered without errors under `key`; where its HTML is kept, if it is
    /// (this build can read it back from there).
    pub(super) fn put(&self, key: u64, rendered: &Rendered) -> Option<u64> {
        if !rendered.diagnostics.is_empty() {
            return None;
        }
        let archive = self.archive;
        let html = html_key(key, self.names_digest);
        let entry = Entry {
            digest: rendered.digest,
            names: self.names_digest,
            html,
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
        self.store.put(html, &rendered.html).then_some(html)
    }
}

/// How the names `after` differ from `before`.
fn changes(before: &Names, after: &Names) -> Changes {
    let index = |names: &Names| -> HashMap<String, (String, Vec<String>, bool)> {
        names
            .iter()
            .map(|(id, name, aliases, envoy)| (id.clone(), (name.clone(), aliases.clone(), *envoy)))
            .collect()
    };
    let (before, after) = (index(before), index(after));
    let mut actors = HashSet::new();
    let mut names = Vec::new();
    for (id, was) in &before {
        if after.get(id) != Some(was) {
            actors.insert(id.clone());
        }
    }
    for (id, is) in &after {
        if before.get(id) != Some(is) {
            actors.insert(id.clone());
        }
    }
    for id in &actors {
        for (name, aliases, _) in [before.get(id), after.get(id)].into_iter().flatten() {
            for name in std::iter::once(name).chain(aliases) {
                let name = super::mentions::lowered(name.trim());
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    let mut patterns: Vec<&str> = Vec::new();
    let runs: Option<Vec<Vec<usize>>> = names
        .iter()
        .map(|name| {
            let runs: Vec<usize> = name
                .split(|c: char| !c.is_ascii())
                .filter(|run| !run.is_empty())
                .map(|run| {
                    patterns.iter().position(|p| *p == run).unwrap_or_else(|| {
                        patterns.push(run);
                        patterns.len() - 1
                    })
                })
                .collect();
            (!runs.is_empty()).then_some(runs)
        })
        .collect();
    let keys = runs.and_then(|runs| {
        let keys = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&patterns)
            .ok()?;
        Some((keys, runs))
    });
    Changes {
        actors,
        names,
        keys,
    }
}

/// Where the store keeps the registry's names of digest `digest`.
fn names_key(digest: u64) -> u64 {
    crate::cache::digest(&(digest, "names"))
}

/// Where the store keeps the HTML of the body kept under `key`, rendered against the names of
/// digest `names`.
fn html_key(key: u64, names: u64) -> u64 {
    crate::cache::digest(&(key, names, "html"))
}
