//! The views of single entities that pages show in lists and headers (a briefing, an actor, a
//! tag, a date, a year), and the site-wide view every page gets. Each borrows from the archive;
//! every `url` is written from the site root, so a template writes `{{ root }}{{ x.url }}`.

use std::hash::{Hash, Hasher};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use super::entries::Entries;
use crate::media;
use crate::model::{Actor, ActorIx, Attachment, Briefing, BriefingIx, Source, TagIx};
use crate::routes::{month_anchor, Page, Routes, STYLESHEET};
use crate::site::speech::Speech;
use crate::site::SiteContext;

/// The archive-wide settings and navigation every page shows.
#[derive(Debug, Serialize, Hash)]
pub(super) struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub home_url: String,
    pub chronology_url: String,
    pub tags_url: String,
    pub places_url: String,
    pub actors_url: String,
    pub envoys_url: String,
    /// The search page, which the header's search box submits to.
    pub search_url: String,
    pub stylesheet_url: &'static str,
}

impl<'a> SiteView<'a> {
    pub(super) fn new(config: &'a crate::config::Config, routes: &Routes) -> SiteView<'a> {
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            home_url: routes.url(&Page::Home),
            chronology_url: routes.url(&Page::Chronology),
            tags_url: routes.url(&Page::Tags),
            places_url: routes.url(&Page::Places),
            actors_url: routes.url(&Page::Actors),
            envoys_url: routes.url(&Page::Envoys),
            search_url: routes.url(&Page::Search),
            stylesheet_url: STYLESHEET,
        }
    }
}

/// A date as machines and people read it.
#[derive(Debug, Serialize, Clone, Hash)]
pub(super) struct DateView {
    /// ISO 8601, for `<time datetime>`.
    pub iso: String,
    /// "10 October 2023".
    pub text: String,
}

impl DateView {
    /// `date` as the language of the pages writes it.
    pub(super) fn new(date: NaiveDate, speech: &Speech) -> DateView {
        DateView {
            iso: date.format("%Y-%m-%d").to_string(),
            text: speech.date(date),
        }
    }
}

/// A briefing in a list. Made once per build for every briefing, and shared by every list
/// that shows it; it hashes as the digest of what it shows. Serialized for a page, it carries
/// its `entry` too, rendered once for every page at that page's depth: [`Entries`].
#[derive(Debug)]
pub(super) struct BriefingLink<'a> {
    pub url: String,
    pub title: &'a str,
    pub date: DateView,
    pub summary: Option<&'a str>,
    /// The language of its title and summary, and its direction, where they are not the
    /// page's: a briefing with no translation into the page's language.
    pub lang: Option<&'a str>,
    pub dir: &'static str,
    ix: BriefingIx,
    entries: &'a Entries<'a>,
    digest: u64,
}

impl BriefingLink<'_> {
    /// The digest of what lists show of the briefing.
    pub(super) fn shown(&self) -> u64 {
        self.digest
    }
}

impl Hash for BriefingLink<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.digest.hash(state);
    }
}

impl Serialize for BriefingLink<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut link = serializer.serialize_struct("BriefingLink", 7)?;
        link.serialize_field("url", &self.url)?;
        link.serialize_field("title", self.title)?;
        link.serialize_field("date", &self.date)?;
        link.serialize_field("summary", &self.summary)?;
        link.serialize_field("lang", &self.lang)?;
        link.serialize_field("dir", self.dir)?;
        super::entries::serialize_entry(&mut link, self.entries, self.ix, self, self.digest)?;
        link.end()
    }
}

/// The list entry of every briefing, in the archive's order, each rendered by `entries`.
pub(super) fn briefing_links<'a>(
    site: &SiteContext<'a>,
    entries: &'a Entries<'a>,
) -> Vec<BriefingLink<'a>> {
    site.archive
        .briefings
        .par_iter()
        .enumerate()
        .map(|(ix, b)| {
            let url = site.routes.url(&Page::Briefing(&b.slug));
            let date = DateView::new(b.date, site.speech);
            let summary = b.summary.as_deref();
            let lang = b
                .language
                .as_deref()
                .filter(|language| *language != site.config.language);
            let dir = lang.map_or("ltr", crate::site::speech::direction);
            let digest = crate::site::digest(&(&url, &b.title, &date, summary, lang));
            BriefingLink {
                url,
                title: &b.title,
                date,
                summary,
                lang,
                dir,
                ix,
                entries,
                digest,
            }
        })
        .collect()
}

/// An actor in a list, with a count where the list counts something.
#[derive(Debug, Serialize, Hash)]
pub(super) struct ActorLink<'a> {
    pub url: String,
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    /// The role held now, or on the date of the page that shows it.
    pub role: Option<String>,
    pub country: Option<&'a str>,
    pub envoy: bool,
    /// An envoy's dossier, from the site root.
    pub dossier_url: Option<String>,
    pub count: Option<usize>,
}

/// A role of an actor's history.
#[derive(Debug, Serialize, Hash)]
pub(super) struct RoleView<'a> {
    pub title: &'a str,
    pub organization: Option<&'a str>,
    pub from: Option<DateView>,
    pub to: Option<DateView>,
}

/// A tag in a list, with the number of its briefings; a briefing's own tags have none, so
/// that a briefing added with a tag does not change the page of every other one with it.
#[derive(Debug, Serialize, Hash)]
pub(super) struct TagLink<'a> {
    pub url: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// A source of a briefing; `url` is only set for web and mail addresses.
#[derive(Debug, Serialize, Hash)]
pub(super) struct SourceView<'a> {
    /// What to call the source: its title, else its outlet, else its address.
    pub label: &'a str,
    pub outlet: Option<&'a str>,
    pub author: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub date: Option<DateView>,
    /// The copy of the source kept in the briefing's bundle.
    pub archived: Option<FileView<'a>>,
}

/// A file of a bundle.
#[derive(Debug, Serialize, Hash)]
pub(super) struct FileView<'a> {
    /// Its name in the bundle (`map.png`, `scans/p1.jpg`).
    pub name: &'a str,
    pub url: String,
    /// What readers call it: "PDF", "PNG image", "file".
    pub kind: String,
    /// Its size as people say it: "1.2 MB".
    pub size: String,
}

/// A month of the chronology with its briefings.
#[derive(Debug, Serialize, Hash)]
pub(super) struct MonthView<'a> {
    pub anchor: String,
    /// The URL of the month on the chronology page, from the site root.
    pub url: String,
    pub name: String,
    pub briefings: Vec<&'a BriefingLink<'a>>,
}

/// A year of the chronology.
#[derive(Debug, Serialize, Hash)]
pub(super) struct YearView<'a> {
    pub year: i32,
    pub url: String,
    pub count: usize,
    pub months: Vec<MonthView<'a>>,
}

/// Builds the views of the entities pages show (here) and of the pages themselves (in
/// `views`), from the site.
#[derive(Clone, Copy)]
pub(super) struct Views<'a> {
    pub site: SiteContext<'a>,
    /// Every briefing's list entry, made once: [`briefing_links`].
    pub links: &'a [BriefingLink<'a>],
    /// Every briefing's related briefings.
    pub related: &'a super::related::Related,
}

impl<'a> Views<'a> {
    /// A date as the language of the pages writes it.
    pub(super) fn date(&self, date: NaiveDate) -> DateView {
        DateView::new(date, self.site.speech)
    }

    pub(super) fn briefing_link(&self, ix: BriefingIx) -> &'a BriefingLink<'a> {
        &self.links[ix]
    }

    pub(super) fn briefing_links(&self, list: &[BriefingIx]) -> Vec<&'a BriefingLink<'a>> {
        list.iter().map(|&ix| self.briefing_link(ix)).collect()
    }

    pub(super) fn actor_link(&self, ix: ActorIx, count: Option<usize>) -> ActorLink<'a> {
        let a: &'a Actor = self.site.archive.actor(ix);
        ActorLink {
            url: self.site.routes.url(&Page::Actor(&a.id)),
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            role: a.current_role(),
            country: a.country.as_deref(),
            envoy: a.envoy,
            dossier_url: a.envoy.then(|| self.site.routes.url(&Page::Envoy(&a.id))),
            count,
        }
    }

    /// An actor as of a date: with the role held then.
    pub(super) fn actor_link_on(&self, ix: ActorIx, date: NaiveDate) -> ActorLink<'a> {
        ActorLink {
            role: self.site.archive.actor(ix).role_on(date),
            ..self.actor_link(ix, None)
        }
    }

    pub(super) fn roles(&self, ix: ActorIx) -> Vec<RoleView<'a>> {
        let actor: &'a Actor = self.site.archive.actor(ix);
        actor
            .roles
            .iter()
            .map(|r| RoleView {
                title: &r.title,
                organization: r.organization.as_deref(),
                from: r.from.map(|d| self.date(d)),
                to: r.to.map(|d| self.date(d)),
            })
            .collect()
    }

    pub(super) fn counted_actors(
        &self,
        list: &[(ActorIx, usize)],
        limit: usize,
    ) -> Vec<ActorLink<'a>> {
        list.iter()
            .take(limit)
            .map(|&(ix, n)| self.actor_link(ix, Some(n)))
            .collect()
    }

    pub(super) fn tag_link(&self, ix: TagIx) -> TagLink<'a> {
        let tag = &self.site.archive.tags[ix];
        TagLink {
            count: Some(tag.briefings.len()),
            ..self.briefing_tag(ix)
        }
    }

    /// A tag as a briefing lists it: without its count.
    pub(super) fn briefing_tag(&self, ix: TagIx) -> TagLink<'a> {
        let tag = &self.site.archive.tags[ix];
        TagLink {
            url: self.site.routes.url(&Page::Tag(&tag.slug)),
            name: &tag.name,
            count: None,
        }
    }

    /// A source of the briefing `b`.
    pub(super) fn source(&self, b: &'a Briefing, source: &'a Source) -> SourceView<'a> {
        let label = source
            .title
            .as_deref()
            .or(source.outlet.as_deref())
            .or(source.url.as_deref())
            .or(source.unlinked_address.as_deref())
            .unwrap_or_default();
        SourceView {
            label,
            outlet: source.outlet.as_deref(),
            author: source.author.as_deref(),
            title: source.title.as_deref(),
            url: source.url.as_deref(),
            date: source.date.map(|d| self.date(d)),
            archived: source
                .archived
                .as_ref()
                .and_then(|archived| b.attachment(&archived.name))
                .map(|file| self.file(&Page::Briefing(&b.slug), file)),
        }
    }

    /// A file of the bundle of `page`.
    pub(super) fn file(&self, page: &Page<'_>, file: &'a Attachment) -> FileView<'a> {
        FileView {
            name: file.name(),
            url: self.site.routes.attachment_url(page, file.name()),
            kind: self.file_kind(file.name()),
            size: media::size_label(file.file.size),
        }
    }

    /// What readers call the file called `name`, in the language of the pages: the theme's
    /// word `file_<label>` for its kind ("file_png_image").
    fn file_kind(&self, name: &str) -> String {
        let label = media::kind(name).label;
        let key = format!("file_{}", label.to_lowercase().replace(' ', "_"));
        match self.site.speech.word(&key) {
            word if word == key => label.to_string(),
            word => word.to_string(),
        }
    }

    pub(super) fn month_url(&self, year: i32, month: u32) -> String {
        self.site.routes.month(year, month)
    }

    /// A stretch of the chronology (briefings in order), by year and month. Each year counts
    /// all its briefings, not only those of the stretch.
    pub(super) fn stretch(&self, list: &[BriefingIx]) -> Vec<YearView<'a>> {
        let archive = self.site.archive;
        let mut years: Vec<YearView<'a>> = Vec::new();
        for &ix in list {
            let date = archive.briefings[ix].date;
            let (year, month) = (date.year(), date.month());
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearView {
                    year,
                    url: self.site.routes.url(&Page::Year(year)),
                    count: archive.months_of(year).map(|m| m.briefings.len()).sum(),
                    months: Vec::new(),
                });
            }
            let months = &mut years.last_mut().expect("a year was just pushed").months;
            let anchor = month_anchor(year, month);
            if months.last().is_none_or(|m| m.anchor != anchor) {
                months.push(MonthView {
                    anchor,
                    url: self.month_url(year, month),
                    name: self.site.speech.month(year, month),
                    briefings: Vec::new(),
                });
            }
            if let Some(m) = months.last_mut() {
                m.briefings.push(self.briefing_link(ix));
            }
        }
        years
    }

    pub(super) fn year_view(&self, year: i32) -> YearView<'a> {
        let months: Vec<MonthView<'a>> = self
            .site
            .archive
            .months_of(year)
            .map(|m| MonthView {
                anchor: month_anchor(m.year, m.month),
                url: self.month_url(m.year, m.month),
                name: self.site.speech.month(m.year, m.month),
                briefings: self.briefing_links(&m.briefings),
            })
            .collect();
        YearView {
            year,
            url: self.site.routes.url(&Page::Year(year)),
            count: months.iter().map(|m| m.briefings.len()).sum(),
            months,
        }
    }
}
