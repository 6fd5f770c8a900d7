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

use std::sync::OnceLock;

use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Text};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rayon::prelude::*;

use super::{hand_on, Generator, Outcome, Sink, SiteContext};
use crate::error::{Diagnostic, Error};
use crate::model::BriefingIx;
use crate::routes::{self, Page, Routes};

/// How many briefings a feed holds.
pub(crate) const FEED_LIMIT: usize = 50;
/// How many tags, and how many actors, an entry names at most.
pub(crate) const CATEGORY_LIMIT: usize = 32;
/// The start of the `tag:` URIs (RFC 4151) that identify entries when there is no base_url.
const TAG_URI: &str = "tag:dossier.invalid,2024:";
/// Ids are the same whether or not a build is offline.
const CANONICAL: Routes = Routes::canonical();

/// Every feed of the site: the archive's, then each actor's, envoy's and tag's.
pub(crate) struct Feeds;

impl Generator for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let (archive, config) = (site.archive, site.config);
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
                site.speech.fill("dossier_title", &[("name", &actor.name)]),
                &archive.by_actor[ix],
            ));
        }
        for tag in &archive.tags {
            jobs.push((
                Page::Tag(&tag.slug),
                site.speech.fill("tag_title", &[("name", &tag.name)]),
                &tag.briefings,
            ));
        }
        // A briefing stands in several feeds: what its entry shows is hashed once.
        let shown: Vec<OnceLock<u64>> = (0..archive.briefings.len())
            .map(|_| OnceLock::new())
            .collect();
        // A few hundred feeds at a time, handed on before the next are made.
        for chunk in jobs.chunks(FEEDS_PER_CHUNK) {
            let files: Result<Vec<Outcome>, Diagnostic> = chunk
                .par_iter()
                .map(|(page, title, briefings)| {
                    let digest = digest(site, &shown, page, title, briefings);
                    Outcome::of(site, routes::feed(page), digest, || {
                        bytes(site, page, title, briefings)
                    })
                })
                .collect();
            hand_on(files.map_err(Error::invalid)?, sink)?;
        }
        Ok(())
    }
}

/// How many feeds are made before they are handed on together.
const FEEDS_PER_CHUNK: usize = 256;

/// The digest of everything the feed of `page` is made from: the settings it shows, its
/// title, and what it shows of each of its entries (each briefing's hashed once, in `shown`).
fn digest(
    site: &SiteContext<'_>,
    shown: &[OnceLock<u64>],
    page: &Page<'_>,
    title: &str,
    briefings: &[BriefingIx],
) -> u64 {
    let archive = site.archive;
    let config = site.config;
    let entries: Vec<(u64, Option<u64>)> = briefings
        .iter()
        .rev()
        .take(FEED_LIMIT)
        .map(|&ix| {
            let entry = *shown[ix].get_or_init(|| entry_digest(site, ix));
            let body = (*page == Page::Home).then(|| site.texts.body_digest(ix));
            (entry, body)
        })
        .collect();
    let newest = briefings
        .last()
        .or(archive.briefings.len().checked_sub(1).as_ref())
        .map(|&ix| archive.briefings[ix].date);
    crate::site::digest(&(
        (&config.title, &config.description, &config.language),
        config.base_url.as_ref().map(url::Url::as_str),
        site.routes.offline,
        page,
        title,
        newest,
        entries,
    ))
}

/// The digest of what the entry of briefing `ix` shows in every feed: its fields, and its tags
/// and actors as categories.
fn entry_digest(site: &SiteContext<'_>, ix: BriefingIx) -> u64 {
    let archive = site.archive;
    let b = &archive.briefings[ix];
    let tags: Vec<(&str, &str)> = archive.briefing_tags[ix]
        .iter()
        .take(CATEGORY_LIMIT)
        .map(|&t| (archive.tags[t].slug.as_str(), archive.tags[t].name.as_str()))
        .collect();
    let actors: Vec<(&str, &str)> = b
        .actors
        .iter()
        .take(CATEGORY_LIMIT)
        .map(|&a| (archive.actor(a).id.as_str(), archive.actor(a).name.as_str()))
        .collect();
    crate::site::digest(&(&b.slug, &b.title, b.date, &b.summary, tags, actors))
}

/// The feed of `page`, holding the latest of `briefings` (which are in chronological order).
fn bytes(
    site: &SiteContext<'_>,
    page: &Page<'_>,
    title: &str,
    briefings: &[BriefingIx],
) -> Result<Vec<u8>, Diagnostic> {
    let feed = feed(site, page, title, briefings)?;
    let mut bytes = feed.write_to(Vec::new()).map_err(|e| {
        Diagnostic::error(routes::feed(page), format!("cannot write the feed: {e}"))
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn feed(
    site: &SiteContext<'_>,
    page: &Page<'_>,
    title: &str,
    briefings: &[BriefingIx],
) -> Result<Feed, Diagnostic> {
    let path = routes::feed(page);
    let entries: Vec<Entry> = briefings
        .iter()
        .rev()
        .take(FEED_LIMIT)
        .map(|&ix| entry(site, page, ix))
        .collect::<Result<_, _>>()?;
    // An empty feed is as new as the archive, so that it too never depends on the clock.
    let newest = briefings
        .last()
        .map(|&ix| site.archive.briefings[ix].date)
        .or_else(|| site.archive.briefings.last().map(|b| b.date))
        .unwrap_or_default();
    let title = match page {
        Page::Home => title.to_string(),
        _ => format!("{title} · {}", site.config.title),
    };
    Ok(Feed {
        title: Text::plain(title),
        id: id(site, &path),
        updated: midnight(newest),
        authors: vec![Person {
            name: site.config.title.clone(),
            uri: site.config.base_url.as_ref().map(|u| u.to_string()),
            ..Person::default()
        }],
        generator: Some(atom_syndication::Generator {
            value: "dossier".into(),
            ..atom_syndication::Generator::default()
        }),
        links: vec![
            link(href(site, page, &path), "self", "application/atom+xml"),
            link(
                href(site, page, &site.routes.url(page)),
                "alternate",
                "text/html",
            ),
        ],
        subtitle: match page {
            Page::Home => site.config.description.clone().map(Text::plain),
            _ => None,
        },
        entries,
        lang: Some(site.config.language.clone()),
        ..Feed::default()
    })
}

fn entry(site: &SiteContext<'_>, feed: &Page<'_>, ix: BriefingIx) -> Result<Entry, Diagnostic> {
    let archive = site.archive;
    let briefing = &archive.briefings[ix];
    let page = Page::Briefing(&briefing.slug);
    let url = href(site, feed, &site.routes.url(&page));
    let mut categories: Vec<Category> = archive.briefing_tags[ix]
        .iter()
        .take(CATEGORY_LIMIT)
        .map(|&t| {
            let tag = &archive.tags[t];
            category(&tag.slug, &tag.name, id(site, &CANONICAL.url(&Page::Tags)))
        })
        .collect();
    categories.extend(briefing.actors.iter().take(CATEGORY_LIMIT).map(|&a| {
        let actor = archive.actor(a);
        category(
            &actor.id,
            &actor.name,
            id(site, &CANONICAL.url(&Page::Actors)),
        )
    }));
    let content = match feed {
        Page::Home => Some(site.body_html(ix)?.text.to_string()),
        _ => None,
    };
    Ok(Entry {
        title: Text::plain(briefing.title.clone()),
        id: id(site, &CANONICAL.url(&page)),
        updated: midnight(briefing.date),
        published: Some(midnight(briefing.date)),
        summary: briefing.summary.clone().map(Text::plain),
        content: content.map(|value| Content {
            // The body's links are relative to the briefing's page.
            base: Some(url.clone()),
            value: Some(value),
            content_type: Some("html".into()),
            ..Content::default()
        }),
        links: vec![link(url, "alternate", "text/html")],
        categories,
        ..Entry::default()
    })
}

/// A permanent identifier for what is at `path` (from the site root): its canonical
/// address, or a `tag:` URI without base_url.
fn id(site: &SiteContext<'_>, path: &str) -> String {
    match &site.config.base_url {
        Some(base) => routes::absolute(base, path),
        None => format!("{TAG_URI}{path}"),
    }
}

/// The address of `target` (from the site root) as written in the feed of `feed`.
fn href(site: &SiteContext<'_>, feed: &Page<'_>, target: &str) -> String {
    match &site.config.base_url {
        Some(base) => routes::absolute(base, target),
        None => format!("{}{target}", site.routes.root(feed)),
    }
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
    fn dates_are_midnight_utc() {
        let date = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        assert_eq!(midnight(date).to_rfc3339(), "2023-10-10T00:00:00+00:00");
    }
}
