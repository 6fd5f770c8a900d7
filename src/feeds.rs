//! Atom feeds (RFC 4287): the whole archive (`feed.xml`), and one per actor, envoy and tag,
//! beside that page's index.html. Each holds the latest [`FEED_LIMIT`] briefings, newest first,
//! with their summary, their tags and actors as categories (at most [`CATEGORY_LIMIT`] of
//! each), and in the archive's own feed their body as HTML. The feeds of actors, envoys and
//! tags leave the body out: a briefing stands in several of them, and copying every body into
//! each would multiply the bytes to write by as many.
//!
//! The feeds are deterministic: every date is a briefing's own date at 00:00 UTC, a feed's
//! `updated` is its newest entry's, and ids never depend on the build. With `base_url`, ids are
//! the briefings' canonical addresses and every link is absolute. Without it, ids are `tag:`
//! URIs made from the slugs, and links are relative to the feed file itself, which Atom
//! resolves against the address the feed was fetched from.

use atom_syndication::{Category, Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::markdown::Texts;
use crate::model::{Archive, BriefingIx};
use crate::routes::{Page, Routes};
use crate::write::OutputFile;

/// The name of every feed file, in the folder of the page it follows.
pub const FEED: &str = "feed.xml";
/// How many briefings a feed holds.
pub const FEED_LIMIT: usize = 50;
/// How many tags, and how many actors, an entry names at most.
pub const CATEGORY_LIMIT: usize = 32;
/// The start of the `tag:` URIs (RFC 4151) that identify entries when there is no base_url.
const TAG_URI: &str = "tag:dossier.invalid,2024:";
/// Ids and feed paths are the same whether or not a build is offline.
const CANONICAL: Routes = Routes { offline: false };

/// Whether a page has a feed of its own (else it links the archive's).
pub fn has_own_feed(page: &Page<'_>) -> bool {
    matches!(
        page,
        Page::Home | Page::Actor(_) | Page::Envoy(_) | Page::Tag(_)
    )
}

/// The feed a page links to, from the site root: its own, or else the archive's.
pub fn feed_path(page: &Page<'_>) -> String {
    if has_own_feed(page) {
        format!("{}{FEED}", CANONICAL.url(page))
    } else {
        FEED.to_string()
    }
}

/// Every feed of the site: the archive's, then each actor's, envoy's and tag's.
pub fn feed_files(
    archive: &Archive,
    texts: &Texts,
    config: &Config,
    routes: &Routes,
    emit: &mut dyn FnMut(Vec<OutputFile>) -> Result<(), Error>,
) -> Result<(), Error> {
    let writer = Writer {
        archive,
        texts,
        config,
        routes,
    };
    let all: Vec<BriefingIx> = (0..archive.briefings.len()).collect();
    let mut jobs: Vec<(Page<'_>, String, &[BriefingIx])> =
        vec![(Page::Home, config.title.clone(), &all)];
    for (ix, actor) in archive.actors().iter().enumerate() {
        jobs.push((
            Page::Actor(&actor.id),
            actor.name.clone(),
            &archive.by_actor[ix],
        ));
    }
    for ix in archive.envoys() {
        let actor = archive.actor(ix);
        jobs.push((
            Page::Envoy(&actor.id),
            format!("Dossier: {}", actor.name),
            &archive.by_actor[ix],
        ));
    }
    for tag in &archive.tags {
        jobs.push((
            Page::Tag(&tag.slug),
            format!("Tag: {}", tag.name),
            &tag.briefings,
        ));
    }
    // A few hundred feeds at a time, handed on before the next are made.
    for chunk in jobs.chunks(FEEDS_PER_CHUNK) {
        let files: Result<Vec<OutputFile>, Diagnostic> = chunk
            .par_iter()
            .map(|(page, title, briefings)| writer.file(page, title, briefings))
            .collect();
        emit(files.map_err(Error::invalid)?)?;
    }
    Ok(())
}

/// How many feeds are made before they are handed on together.
const FEEDS_PER_CHUNK: usize = 256;

struct Writer<'a> {
    archive: &'a Archive,
    texts: &'a Texts,
    config: &'a Config,
    routes: &'a Routes,
}

impl Writer<'_> {
    /// The feed of `page`, holding the latest of `briefings` (which are in chronological order).
    fn file(
        &self,
        page: &Page<'_>,
        title: &str,
        briefings: &[BriefingIx],
    ) -> Result<OutputFile, Diagnostic> {
        let path = feed_path(page);
        let feed = self.feed(page, title, briefings);
        let mut bytes = feed
            .write_to(Vec::new())
            .map_err(|e| Diagnostic::error(&path, format!("cannot write the feed: {e}")))?;
        bytes.push(b'\n');
        Ok(OutputFile {
            path: path.into(),
            bytes,
        })
    }

    fn feed(&self, page: &Page<'_>, title: &str, briefings: &[BriefingIx]) -> Feed {
        let path = feed_path(page);
        let entries: Vec<Entry> = briefings
            .iter()
            .rev()
            .take(FEED_LIMIT)
            .map(|&ix| self.entry(page, ix))
            .collect();
        // An empty feed is as new as the archive, so that it too never depends on the clock.
        let newest = briefings
            .last()
            .map(|&ix| self.archive.briefings[ix].date)
            .or_else(|| self.archive.briefings.last().map(|b| b.date))
            .unwrap_or_default();
        let title = match page {
            Page::Home => title.to_string(),
            _ => format!("{title} · {}", self.config.title),
        };
        Feed {
            title: Text::plain(title),
            id: self.id(&path),
            updated: midnight(newest),
            authors: vec![Person {
                name: self.config.title.clone(),
                uri: self.config.base_url.as_ref().map(|u| u.to_string()),
                ..Person::default()
            }],
            generator: Some(Generator {
                value: "dossier".into(),
                ..Generator::default()
            }),
            links: vec![
                link(self.href(page, &path), "self", "application/atom+xml"),
                link(
                    self.href(page, &self.routes.url(page)),
                    "alternate",
                    "text/html",
                ),
            ],
            subtitle: match page {
                Page::Home => self.config.description.clone().map(Text::plain),
                _ => None,
            },
            entries,
            lang: Some(self.config.language.clone()),
            ..Feed::default()
        }
    }

    fn entry(&self, feed: &Page<'_>, ix: BriefingIx) -> Entry {
        let archive = self.archive;
        let briefing = &archive.briefings[ix];
        let page = Page::Briefing(&briefing.slug);
        let url = self.href(feed, &self.routes.url(&page));
        let mut categories: Vec<Category> = archive.briefing_tags[ix]
            .iter()
            .take(CATEGORY_LIMIT)
            .map(|&t| {
                let tag = &archive.tags[t];
                category(&tag.slug, &tag.name, self.id(&CANONICAL.url(&Page::Tags)))
            })
            .collect();
        categories.extend(briefing.actors.iter().take(CATEGORY_LIMIT).map(|&a| {
            let actor = archive.actor(a);
            category(
                &actor.id,
                &actor.name,
                self.id(&CANONICAL.url(&Page::Actors)),
            )
        }));
        Entry {
            title: Text::plain(briefing.title.clone()),
            id: self.id(&CANONICAL.url(&page)),
            updated: midnight(briefing.date),
            published: Some(midnight(briefing.date)),
            summary: briefing.summary.clone().map(Text::plain),
            content: (*feed == Page::Home).then(|| Content {
                // The body's links are relative to the briefing's page.
                base: Some(url.clone()),
                value: Some(self.texts.briefings[ix].clone()),
                content_type: Some("html".into()),
                ..Content::default()
            }),
            links: vec![link(url, "alternate", "text/html")],
            categories,
            ..Entry::default()
        }
    }

    /// A permanent identifier for what is at `path` (from the site root): its canonical
    /// address, or a `tag:` URI without base_url.
    fn id(&self, path: &str) -> String {
        match &self.config.base_url {
            Some(base) => absolute(base, path),
            None => format!("{TAG_URI}{path}"),
        }
    }

    /// The address of `target` (from the site root) as written in the feed of `feed`.
    fn href(&self, feed: &Page<'_>, target: &str) -> String {
        match &self.config.base_url {
            Some(base) => absolute(base, target),
            None => format!("{}{target}", self.routes.root(feed)),
        }
    }
}

/// `path` (from the site root) joined to the site's address.
pub fn absolute(base: &url::Url, path: &str) -> String {
    base.join(path)
        .map_or_else(|_| format!("{base}{path}"), String::from)
}

fn midnight(date: NaiveDate) -> DateTime<FixedOffset> {
    date.and_time(NaiveTime::MIN).and_utc().fixed_offset()
}

fn link(href: String, rel: &str, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Link::default()
    }
}

fn category(term: &str, label: &str, scheme: String) -> Category {
    Category {
        term: term.into(),
        scheme: Some(scheme),
        label: Some(label.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_their_own_feed_or_the_archive_feed() {
        assert_eq!(feed_path(&Page::Home), "feed.xml");
        assert_eq!(feed_path(&Page::Actor("a")), "actors/a/feed.xml");
        assert_eq!(feed_path(&Page::Envoy("a")), "envoys/a/feed.xml");
        assert_eq!(feed_path(&Page::Tag("gaza")), "tags/gaza/feed.xml");
        assert_eq!(feed_path(&Page::Briefing("b")), "feed.xml");
        assert_eq!(feed_path(&Page::NotFound), "feed.xml");
    }

    #[test]
    fn addresses_keep_the_path_of_the_base() {
        let base = url::Url::parse("https://example.org/archive/").unwrap();
        assert_eq!(
            absolute(&base, "actors/a/feed.xml"),
            "https://example.org/archive/actors/a/feed.xml"
        );
        assert_eq!(absolute(&base, ""), "https://example.org/archive/");
    }

    #[test]
    fn dates_are_midnight_utc() {
        let date = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        assert_eq!(midnight(date).to_rfc3339(), "2023-10-10T00:00:00+00:00");
    }
}
