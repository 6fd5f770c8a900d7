//! One view per kind of page: what each template is given, built from the archive and its
//! rendered texts.

use std::collections::HashMap;

use serde::Serialize;

use super::links::{
    ActorLink, BriefingLink, DateView, FileView, RoleView, SourceView, TagLink, Views, YearView,
};
use crate::error::Diagnostic;
use crate::markdown::Html;
use crate::model::{place_slug, ActorIx, BriefingIx, PlaceIx, TagIx, ENCOUNTER_MINIMUM};
use crate::routes::{self, Page};
use crate::site::{graphics, SiteContext};

/// How many entries the short lists of a page show (co-actors, a tag's actors, home tags).
const SHORT_LIST: usize = 12;
/// How many briefings a list shows in brief where the whole list has a page of its own
/// ("Also mentioned in", the briefings an actor shares with a counterpart).
pub(super) const IN_BRIEF: usize = 5;
/// How many counterparts an actor's or envoy's page shows with the briefings they share.
const ENCOUNTERS: usize = 24;
/// How many times more entries a page of an index (actors, envoys) has than a page of a list
/// of briefings: an index entry is one line.
pub(super) const INDEX_SCALE: usize = 4;
/// How many numbered links a pager shows on each side of the page it is on.
const PAGER_REACH: usize = 2;

/// Where one page of a long list stands among the others. Addresses are from the site root.
#[derive(Serialize, Hash)]
pub(super) struct Pager {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub count: usize,
    /// How many entries the whole list has.
    pub entries: usize,
    /// The number of the first entry of this page, from 1.
    pub from: usize,
    /// The number of its last entry.
    pub to: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    /// The numbered links: the first and last pages and those near this one, with `None`
    /// where numbers are left out.
    pub links: Vec<Option<PagerLink>>,
}

#[derive(Serialize, Hash)]
pub(super) struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// The address of page `n` of `page`'s list, from the site root.
pub(super) fn part_url(routes: &routes::Routes, page: &Page<'_>, n: usize) -> String {
    if n <= 1 {
        routes.url(page)
    } else {
        routes.url(&Page::Part(page, n))
    }
}

/// The positions of the entries of page `number` (from 1) of a list of `entries`, `size` to a
/// page.
fn page_range(entries: usize, number: usize, size: usize) -> std::ops::Range<usize> {
    let start = ((number - 1) * size).min(entries);
    start..(start + size).min(entries)
}

/// How many pages a list of `entries` takes, `size` to a page (one, even when empty).
pub(super) fn page_count(entries: usize, size: usize) -> usize {
    entries.div_ceil(size.max(1)).max(1)
}

#[derive(Serialize, Hash)]
pub(super) struct HomeCounts {
    pub briefings: usize,
    pub actors: usize,
    pub envoys: usize,
    pub tags: usize,
}

#[derive(Serialize, Hash)]
pub(super) struct HomePage<'a> {
    pub latest: Vec<&'a BriefingLink<'a>>,
    pub counts: HomeCounts,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    /// The most active envoys, actors and tags, and places: the few that keep the page short.
    pub envoys: Vec<ActorLink<'a>>,
    pub top_actors: Vec<ActorLink<'a>>,
    pub top_tags: Vec<TagLink<'a>>,
    pub top_places: Vec<PlaceLink<'a>>,
    pub years: Vec<YearSummary>,
}

#[derive(Serialize, Hash)]
pub(super) struct YearSummary {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// A briefing's body as its page shows it, read from where the Markdown stage left it only when
/// the page is made: a page whose digest says it is unchanged never reads it. It hashes as the
/// body's [`Html`] does, by the digest of the HTML.
pub(super) struct BodyView<'a> {
    site: SiteContext<'a>,
    ix: BriefingIx,
    digest: u64,
}

impl std::hash::Hash for BodyView<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digest.hash(state);
    }
}

impl Serialize for BodyView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.site.body_html(self.ix) {
            Ok(html) => html.serialize(serializer),
            Err(problem) => Err(serde::ser::Error::custom(problem)),
        }
    }
}

#[derive(Serialize, Hash)]
pub(super) struct BriefingDetail<'a> {
    pub title: &'a str,
    pub date: DateView,
    pub summary: Option<&'a str>,
    pub actors: Vec<ActorLink<'a>>,
    pub tags: Vec<TagLink<'a>>,
    pub places: Vec<PlaceLink<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub body_html: BodyView<'a>,
    pub month_url: String,
    /// The files of its bundle.
    pub files: Vec<FileView<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct BriefingPage<'a> {
    pub briefing: BriefingDetail<'a>,
    /// The newest briefings whose text links to this one, how many there are, and the page
    /// that lists them all where they are more.
    pub referenced_by: Vec<&'a BriefingLink<'a>>,
    pub references_count: usize,
    pub references_url: Option<String>,
    pub previous: Option<&'a BriefingLink<'a>>,
    pub next: Option<&'a BriefingLink<'a>>,
    pub related: Vec<&'a BriefingLink<'a>>,
}

/// A month in an index of the chronology: its short name, address and count.
#[derive(Serialize, Hash)]
pub(super) struct MonthEntry {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A year in an index of the chronology, with its months.
#[derive(Serialize, Hash)]
pub(super) struct YearEntry {
    pub year: i32,
    pub url: String,
    pub count: usize,
    pub months: Vec<MonthEntry>,
}

#[derive(Serialize, Hash)]
pub(super) struct ChronologyPage<'a> {
    /// This page's stretch of the chronology, by year and month, oldest first.
    pub years: Vec<YearView<'a>>,
    /// Every year and month (on the first page).
    pub index: Vec<YearEntry>,
    /// The newest month's page.
    pub newest: Option<MonthEntry>,
    /// The timeline of briefings per week or month, as inline SVG (on the first page).
    pub timeline_svg: String,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct YearPage<'a> {
    pub year: YearView<'a>,
    /// The year's months (on the first page).
    pub months: Vec<MonthEntry>,
    pub previous_year: Option<YearSummary>,
    pub next_year: Option<YearSummary>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct MonthPage<'a> {
    pub name: String,
    pub year: YearSummary,
    pub count: usize,
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub previous_month: Option<MonthEntry>,
    pub next_month: Option<MonthEntry>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct TagsPage<'a> {
    pub tags: Vec<TagLink<'a>>,
}

/// A page of the briefings of a tag or a place: newest first, with the actors most seen in
/// them (on the first page) and the dates they span.
#[derive(Serialize, Hash)]
pub(super) struct BriefingsOf<'a> {
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub actors: Vec<ActorLink<'a>>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct TagPage<'a> {
    pub tag: TagLink<'a>,
    #[serde(flatten)]
    pub list: BriefingsOf<'a>,
}

/// A place, as lists show it, with the number of its briefings; a briefing's own places have
/// none, as its tags have none.
#[derive(Serialize, Hash)]
pub(super) struct PlaceLink<'a> {
    pub name: &'a str,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

#[derive(Serialize, Hash)]
pub(super) struct PlacesPage<'a> {
    pub places: Vec<PlaceLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct PlacePage<'a> {
    pub place: PlaceLink<'a>,
    #[serde(flatten)]
    pub list: BriefingsOf<'a>,
}

#[derive(Serialize, Hash)]
pub(super) struct ReferencesPage<'a> {
    pub briefing: &'a BriefingLink<'a>,
    /// This page's briefings that link to it, newest first.
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct MentionsPage<'a> {
    pub actor: ActorLink<'a>,
    /// This page's briefings, newest first.
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorGroup<'a> {
    pub kind: &'static str,
    pub actors: Vec<ActorLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorsPage<'a> {
    /// This page's actors, by kind.
    pub groups: Vec<ActorGroup<'a>>,
    /// The network of the most connected actors, as inline SVG (on the first page; empty
    /// when none connect).
    pub network_svg: String,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorDetail<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub role: Option<String>,
    /// Roles over time, oldest first.
    pub roles: Vec<RoleView<'a>>,
    pub country: Option<&'a str>,
    pub aliases: &'a [String],
    pub envoy: bool,
    pub biography_html: Html<'a>,
    pub url: String,
    pub dossier_url: Option<String>,
}

/// The briefings an actor shares with one counterpart: the newest few, and the page of the
/// pair where they share enough to have one.
#[derive(Serialize, Hash)]
pub(super) struct EncounterView<'a> {
    pub counterpart: ActorLink<'a>,
    pub briefings: Vec<&'a BriefingLink<'a>>,
    /// The page of the pair, when they share enough briefings to have one.
    pub pair_url: Option<String>,
}

#[derive(Serialize, Hash)]
pub(super) struct EncounterPage<'a> {
    pub first_actor: ActorLink<'a>,
    pub second_actor: ActorLink<'a>,
    /// This page's shared briefings, newest first.
    pub engagements: Vec<Engagement<'a>>,
    pub count: usize,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorPage<'a> {
    pub actor: ActorDetail<'a>,
    /// This page's briefings, newest first.
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    /// The newest briefings whose text names the actor without listing it (on the first
    /// page), how many there are and the page that lists them all.
    pub also_mentioned_in: Vec<&'a BriefingLink<'a>>,
    pub mentions_count: usize,
    pub mentions_url: String,
    pub co_actors: Vec<ActorLink<'a>>,
    /// For the counterparts met most, the briefings they share (on the first page).
    pub encounters: Vec<EncounterView<'a>>,
    /// How many counterparts there are in all.
    pub counterpart_count: usize,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct EnvoySummary<'a> {
    pub actor: ActorLink<'a>,
    pub dossier_url: String,
    pub engagements: usize,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
}

#[derive(Serialize, Hash)]
pub(super) struct EnvoysPage<'a> {
    pub envoys: Vec<EnvoySummary<'a>>,
    pub pager: Pager,
}

#[derive(Serialize, Hash)]
pub(super) struct Engagement<'a> {
    /// Its number in the whole list, oldest first, from 1: the anchor graphics link to.
    pub number: usize,
    pub briefing: &'a BriefingLink<'a>,
    pub places: Vec<PlaceLink<'a>>,
    pub counterparts: Vec<ActorLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct Tally<'a> {
    pub name: &'a str,
    pub count: usize,
    /// Its page, from the site root, where it has one.
    pub url: Option<String>,
}

#[derive(Serialize, Hash)]
pub(super) struct EnvoyPage<'a> {
    pub actor: ActorDetail<'a>,
    /// This page's engagements, newest first.
    pub engagements: Vec<Engagement<'a>>,
    pub engagement_count: usize,
    pub pager: Pager,
    pub counterparts: Vec<ActorLink<'a>>,
    /// How many counterparts there are in all.
    pub counterpart_count: usize,
    /// For the counterparts met most, the briefings they share.
    pub encounters: Vec<EncounterView<'a>>,
    /// The itinerary as an iCalendar file.
    pub calendar_url: String,
    pub countries: Vec<Tally<'a>>,
    pub places: Vec<Tally<'a>>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
    /// The itinerary strip, as inline SVG (empty without engagements).
    pub itinerary_svg: String,
}

impl<'a> Views<'a> {
    /// The pager of page `number` of `page`'s list of `entries`.
    pub(super) fn pager(&self, page: &Page<'_>, number: usize, entries: usize) -> Pager {
        self.pager_sized(page, number, entries, self.site.config.page_size)
    }

    /// The pager of page `number` of a list of `entries`, `size` to a page.
    fn pager_sized(&self, page: &Page<'_>, number: usize, entries: usize, size: usize) -> Pager {
        let count = page_count(entries, size);
        let routes = self.site.routes;
        let url = |n: usize| part_url(routes, page, n);
        let mut links = Vec::new();
        for n in 1..=count {
            let near = n + PAGER_REACH >= number && n <= number + PAGER_REACH;
            if n == 1 || n == count || near {
                links.push(Some(PagerLink {
                    number: n,
                    url: url(n),
                    current: n == number,
                }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Pager {
            number,
            count,
            entries,
            from: ((number - 1) * size + 1).min(entries),
            to: (number * size).min(entries),
            previous_url: (number > 1).then(|| url(number - 1)),
            next_url: (number < count).then(|| url(number + 1)),
            links,
        }
    }

    /// The entries of page `number` of a list.
    pub(super) fn slice<'l, T>(&self, list: &'l [T], number: usize) -> &'l [T] {
        &list[page_range(list.len(), number, self.site.config.page_size)]
    }

    /// The positions in a list of `entries` kept oldest first of the entries of page `number`
    /// of the list shown newest first, newest first.
    fn newest_positions(&self, entries: usize, number: usize) -> impl Iterator<Item = usize> {
        let shown = page_range(entries, number, self.site.config.page_size);
        (entries - shown.end..entries - shown.start).rev()
    }

    pub(super) fn home(&self) -> HomePage<'a> {
        let archive = self.site.archive;
        let newest: Vec<BriefingIx> = (0..archive.briefings.len())
            .rev()
            .take(self.site.config.latest)
            .collect();
        let mut top: Vec<TagIx> = (0..archive.tags.len()).collect();
        top.sort_by_key(|&t| (std::cmp::Reverse(archive.tags[t].briefings.len()), t));
        top.truncate(SHORT_LIST);
        HomePage {
            latest: self.briefing_links(&newest),
            counts: HomeCounts {
                briefings: archive.briefings.len(),
                actors: archive.actors().len(),
                envoys: archive.envoys().count(),
                tags: archive.tags.len(),
            },
            first: archive.briefings.first().map(|b| self.date(b.date)),
            last: archive.briefings.last().map(|b| self.date(b.date)),
            envoys: self.most_active(archive.envoys().collect()),
            top_actors: self.most_active((0..archive.actors().len()).collect()),
            top_tags: top.into_iter().map(|t| self.tag_link(t)).collect(),
            top_places: {
                let mut places: Vec<PlaceIx> = (0..archive.places.len()).collect();
                places.sort_by_key(|&p| (std::cmp::Reverse(archive.places[p].briefings.len()), p));
                places.truncate(SHORT_LIST);
                places.into_iter().map(|p| self.place_link(p)).collect()
            },
            years: archive
                .years()
                .into_iter()
                .map(|y| self.year_summary(y))
                .collect(),
        }
    }

    /// The actors of `list` with the most briefings, at most [`SHORT_LIST`], most first.
    fn most_active(&self, mut list: Vec<ActorIx>) -> Vec<ActorLink<'a>> {
        let archive = self.site.archive;
        list.sort_by_key(|&a| (std::cmp::Reverse(archive.by_actor[a].len()), a));
        list.truncate(SHORT_LIST);
        list.into_iter()
            .map(|a| self.actor_link(a, Some(archive.by_actor[a].len())))
            .collect()
    }

    fn year_summary(&self, year: i32) -> YearSummary {
        YearSummary {
            year,
            url: self.site.routes.url(&Page::Year(year)),
            count: self
                .site
                .archive
                .months_of(year)
                .map(|m| m.briefings.len())
                .sum(),
        }
    }

    pub(super) fn briefing(&self, ix: BriefingIx) -> Result<BriefingPage<'a>, Diagnostic> {
        let archive = self.site.archive;
        let b = &archive.briefings[ix];
        let references = &self.site.texts.referenced_by[ix];
        let detail = BriefingDetail {
            title: &b.title,
            date: self.date(b.date),
            summary: b.summary.as_deref(),
            actors: b
                .actors
                .iter()
                .map(|&a| self.actor_link_on(a, b.date))
                .collect(),
            tags: archive.briefing_tags[ix]
                .iter()
                .map(|&t| self.briefing_tag(t))
                .collect(),
            places: self.places_of(&b.places),
            sources: b.sources.iter().map(|s| self.source(b, s)).collect(),
            body_html: BodyView {
                site: self.site,
                ix,
                digest: self.site.texts.body_digest(ix),
            },
            month_url: self.month_url(
                chrono::Datelike::year(&b.date),
                chrono::Datelike::month(&b.date),
            ),
            files: b
                .attachments
                .iter()
                .map(|a| self.file(&Page::Briefing(&b.slug), a))
                .collect(),
        };
        Ok(BriefingPage {
            briefing: detail,
            referenced_by: {
                let newest: Vec<BriefingIx> =
                    references.iter().rev().take(IN_BRIEF).copied().collect();
                self.briefing_links(&newest)
            },
            references_count: references.len(),
            references_url: (references.len() > IN_BRIEF)
                .then(|| self.site.routes.url(&Page::References(&b.slug))),
            previous: ix.checked_sub(1).map(|p| self.briefing_link(p)),
            next: (ix + 1 < archive.briefings.len()).then(|| self.briefing_link(ix + 1)),
            related: self
                .related
                .of_briefing(ix)
                .map(|r| self.briefing_link(r))
                .collect(),
        })
    }

    /// A month in an index: its short name (the year stands beside it), page and count.
    fn month_entry(&self, month: &crate::model::Month, with_year: bool) -> MonthEntry {
        let speech = self.site.speech;
        let date = chrono::NaiveDate::from_ymd_opt(month.year, month.month, 1);
        MonthEntry {
            name: match date {
                Some(_) if with_year => speech.month(month.year, month.month),
                Some(d) => speech.month_short(d),
                None => format!("{}-{:02}", month.year, month.month),
            },
            url: self.site.routes.url(&Page::Month(month.year, month.month)),
            count: month.briefings.len(),
        }
    }

    fn year_entry(&self, year: i32) -> YearEntry {
        let months: Vec<MonthEntry> = self
            .site
            .archive
            .months_of(year)
            .map(|m| self.month_entry(m, false))
            .collect();
        YearEntry {
            year,
            url: self.site.routes.url(&Page::Year(year)),
            count: months.iter().map(|m| m.count).sum(),
            months,
        }
    }

    /// Page `number` of the chronology: every briefing, oldest first.
    pub(super) fn chronology(&self, number: usize) -> ChronologyPage<'a> {
        let archive = self.site.archive;
        let count = archive.briefings.len();
        let shown: Vec<BriefingIx> =
            page_range(count, number, self.site.config.page_size).collect();
        let first = number == 1;
        ChronologyPage {
            years: self.stretch(&shown),
            index: if first {
                archive
                    .years()
                    .into_iter()
                    .map(|y| self.year_entry(y))
                    .collect()
            } else {
                Vec::new()
            },
            newest: archive.months.last().map(|m| self.month_entry(m, true)),
            timeline_svg: if first {
                graphics::timeline(
                    archive,
                    self.site.routes,
                    &self.site.routes.root(&Page::Chronology),
                    self.site.speech,
                )
            } else {
                String::new()
            },
            pager: self.pager(&Page::Chronology, number, count),
        }
    }

    /// Page `number` of a year: its briefings, oldest first.
    pub(super) fn year(&self, year: i32, number: usize) -> YearPage<'a> {
        let archive = self.site.archive;
        let years = archive.years();
        let at = years.iter().position(|&y| y == year);
        let all: Vec<BriefingIx> = archive
            .months_of(year)
            .flat_map(|m| m.briefings.iter().copied())
            .collect();
        let mut view = self.stretch(self.slice(&all, number));
        YearPage {
            year: view.pop().unwrap_or_else(|| self.year_view(year)),
            months: if number == 1 {
                self.year_entry(year).months
            } else {
                Vec::new()
            },
            previous_year: at
                .and_then(|i| i.checked_sub(1))
                .map(|i| self.year_summary(years[i])),
            next_year: at
                .and_then(|i| years.get(i + 1))
                .map(|&y| self.year_summary(y)),
            pager: self.pager(&Page::Year(year), number, all.len()),
        }
    }

    /// Page `number` of a month: its briefings, oldest first.
    pub(super) fn month(&self, year: i32, month: u32, number: usize) -> MonthPage<'a> {
        let archive = self.site.archive;
        let at = archive
            .months
            .iter()
            .position(|m| m.year == year && m.month == month);
        let all: &[BriefingIx] = at.map_or(&[], |i| &archive.months[i].briefings);
        MonthPage {
            name: at
                .map(|i| self.month_entry(&archive.months[i], true).name)
                .unwrap_or_default(),
            year: self.year_summary(year),
            count: all.len(),
            briefings: self.briefing_links(self.slice(all, number)),
            previous_month: at
                .and_then(|i| i.checked_sub(1))
                .map(|i| self.month_entry(&archive.months[i], true)),
            next_month: at
                .and_then(|i| archive.months.get(i + 1))
                .map(|m| self.month_entry(m, true)),
            pager: self.pager(&Page::Month(year, month), number, all.len()),
        }
    }

    pub(super) fn tags(&self) -> TagsPage<'a> {
        let tags = &self.site.archive.tags;
        let mut order: Vec<TagIx> = (0..tags.len()).collect();
        order.sort_by_cached_key(|&t| (tags[t].name.to_lowercase(), t));
        TagsPage {
            tags: order.into_iter().map(|t| self.tag_link(t)).collect(),
        }
    }

    /// Page `number` of a tag: its briefings, newest first.
    pub(super) fn tag(&self, ix: TagIx, number: usize) -> TagPage<'a> {
        let tag = &self.site.archive.tags[ix];
        TagPage {
            tag: self.tag_link(ix),
            list: self.briefings_of(&Page::Tag(&tag.slug), &tag.briefings, &tag.actors, number),
        }
    }

    /// Page `number` of the briefings of `page` (oldest first in `briefings`), shown newest
    /// first, and on the first page the actors most seen in them.
    fn briefings_of(
        &self,
        page: &Page<'_>,
        briefings: &[BriefingIx],
        actors: &[(ActorIx, usize)],
        number: usize,
    ) -> BriefingsOf<'a> {
        BriefingsOf {
            briefings: self.newest_first(briefings, number),
            actors: if number == 1 {
                self.counted_actors(actors, SHORT_LIST)
            } else {
                Vec::new()
            },
            first: self.date_of(briefings.first()),
            last: self.date_of(briefings.last()),
            pager: self.pager(page, number, briefings.len()),
        }
    }

    pub(super) fn place_link(&self, ix: PlaceIx) -> PlaceLink<'a> {
        let place = &self.site.archive.places[ix];
        PlaceLink {
            name: &place.name,
            url: self.site.routes.url(&Page::Place(&place.slug)),
            count: Some(place.briefings.len()),
        }
    }

    /// The places a briefing names, each linking its page (where its name has one).
    pub(super) fn places_of(&self, names: &'a [String]) -> Vec<PlaceLink<'a>> {
        names
            .iter()
            .map(|name| {
                let slug = place_slug(name);
                PlaceLink {
                    name: self.site.archive.place_name(name),
                    url: if slug.is_empty() {
                        String::new()
                    } else {
                        self.site.routes.url(&Page::Place(&slug))
                    },
                    count: None,
                }
            })
            .collect()
    }

    pub(super) fn places(&self) -> PlacesPage<'a> {
        let places = &self.site.archive.places;
        let mut order: Vec<PlaceIx> = (0..places.len()).collect();
        order.sort_by_cached_key(|&p| (places[p].name.to_lowercase(), p));
        PlacesPage {
            places: order.into_iter().map(|p| self.place_link(p)).collect(),
        }
    }

    /// Page `number` of a place: its briefings, newest first.
    pub(super) fn place(&self, ix: PlaceIx, number: usize) -> PlacePage<'a> {
        let place = &self.site.archive.places[ix];
        let page = Page::Place(&place.slug);
        PlacePage {
            place: self.place_link(ix),
            list: self.briefings_of(&page, &place.briefings, &place.actors, number),
        }
    }

    /// Page `number` of the briefings whose text names an actor they do not list.
    pub(super) fn mentions(&self, ix: ActorIx, number: usize) -> MentionsPage<'a> {
        let list = &self.site.texts.also_mentioned_in[ix];
        MentionsPage {
            actor: self.actor_link(ix, None),
            briefings: self.newest_first(list, number),
            pager: self.pager(
                &Page::Mentions(&self.site.archive.actor(ix).id),
                number,
                list.len(),
            ),
        }
    }

    /// Page `number` of the briefings whose text links to briefing `ix`.
    pub(super) fn references(&self, ix: BriefingIx, number: usize) -> ReferencesPage<'a> {
        let list = &self.site.texts.referenced_by[ix];
        let slug = &self.site.archive.briefings[ix].slug;
        ReferencesPage {
            briefing: self.briefing_link(ix),
            briefings: self.newest_first(list, number),
            pager: self.pager(&Page::References(slug), number, list.len()),
        }
    }

    /// Page `number` of a list kept oldest first, shown newest first.
    fn newest_first(&self, list: &[BriefingIx], number: usize) -> Vec<&'a BriefingLink<'a>> {
        self.newest_positions(list.len(), number)
            .map(|at| self.briefing_link(list[at]))
            .collect()
    }

    fn date_of(&self, ix: Option<&BriefingIx>) -> Option<DateView> {
        ix.map(|&b| self.date(self.site.archive.briefings[b].date))
    }

    /// Every actor, people first, then organizations, then states, each by id: the order of
    /// the actors index.
    pub(super) fn actors_in_order(&self) -> Vec<ActorIx> {
        let archive = self.site.archive;
        let mut order: Vec<ActorIx> = (0..archive.actors().len()).collect();
        order.sort_by_key(|&a| (kind_rank(archive.actor(a).kind.name()), a));
        order
    }

    /// Page `number` of the actors index, [`INDEX_SCALE`] times the page size of a list.
    pub(super) fn actors(&self, number: usize) -> ActorsPage<'a> {
        let archive = self.site.archive;
        let order = self.actors_in_order();
        let mut groups: Vec<ActorGroup<'a>> = Vec::new();
        for &a in self.index_slice(&order, number) {
            let kind = archive.actor(a).kind.name();
            if groups.last().is_none_or(|g| g.kind != kind) {
                groups.push(ActorGroup {
                    kind,
                    actors: Vec::new(),
                });
            }
            if let Some(group) = groups.last_mut() {
                group
                    .actors
                    .push(self.actor_link(a, Some(archive.by_actor[a].len())));
            }
        }
        let network_svg = if number == 1 {
            graphics::network(
                archive,
                self.site.routes,
                &self.site.routes.root(&Page::Actors),
                self.site.speech,
            )
        } else {
            String::new()
        };
        ActorsPage {
            groups,
            network_svg,
            pager: self.index_pager(&Page::Actors, number, order.len()),
        }
    }

    /// The entries of page `number` of an index.
    pub(super) fn index_slice<'l, T>(&self, list: &'l [T], number: usize) -> &'l [T] {
        &list[page_range(list.len(), number, self.site.config.page_size * INDEX_SCALE)]
    }

    /// The pager of page `number` of an index of `entries`.
    pub(super) fn index_pager(&self, page: &Page<'_>, number: usize, entries: usize) -> Pager {
        self.pager_sized(
            page,
            number,
            entries,
            self.site.config.page_size * INDEX_SCALE,
        )
    }

    fn actor_detail(&self, ix: ActorIx) -> ActorDetail<'a> {
        let a = self.site.archive.actor(ix);
        ActorDetail {
            id: &a.id,
            name: &a.name,
            kind: a.kind.name(),
            role: a.current_role(),
            roles: self.roles(ix),
            country: a.country.as_deref(),
            aliases: &a.aliases,
            envoy: a.envoy,
            biography_html: self.site.texts.biography_html(ix),
            url: self.site.routes.url(&Page::Actor(&a.id)),
            dossier_url: a.envoy.then(|| self.site.routes.url(&Page::Envoy(&a.id))),
        }
    }

    /// Page `number` of an actor: the briefings naming it, newest first.
    pub(super) fn actor(&self, ix: ActorIx, number: usize) -> ActorPage<'a> {
        let archive = self.site.archive;
        let list = &archive.by_actor[ix];
        let mentions = &self.site.texts.also_mentioned_in[ix];
        let first = number == 1;
        let id = &archive.actor(ix).id;
        ActorPage {
            actor: self.actor_detail(ix),
            briefings: self.newest_first(list, number),
            first: self.date_of(list.first()),
            last: self.date_of(list.last()),
            also_mentioned_in: if first {
                let newest: Vec<BriefingIx> =
                    mentions.iter().rev().take(IN_BRIEF).copied().collect();
                self.briefing_links(&newest)
            } else {
                Vec::new()
            },
            mentions_count: mentions.len(),
            mentions_url: self.site.routes.url(&Page::Mentions(id)),
            co_actors: if first {
                self.counted_actors(&archive.co_actors[ix], SHORT_LIST)
            } else {
                Vec::new()
            },
            encounters: if first {
                self.encounters(ix)
            } else {
                Vec::new()
            },
            counterpart_count: archive.co_actors[ix].len(),
            pager: self.pager(&Page::Actor(id), number, list.len()),
        }
    }

    /// For the counterparts of `ix` met most (at most [`ENCOUNTERS`]), most frequent first,
    /// the newest briefings they share.
    fn encounters(&self, ix: ActorIx) -> Vec<EncounterView<'a>> {
        let archive = self.site.archive;
        archive.co_actors[ix]
            .iter()
            .take(ENCOUNTERS)
            .map(|&(other, count)| {
                let shared: Vec<BriefingIx> = archive
                    .together(ix, other)
                    .into_iter()
                    .rev()
                    .take(IN_BRIEF)
                    .collect();
                EncounterView {
                    counterpart: self.actor_link(other, Some(count)),
                    briefings: self.briefing_links(&shared),
                    pair_url: (count >= ENCOUNTER_MINIMUM).then(|| self.pair_url(ix, other)),
                }
            })
            .collect()
    }

    pub(super) fn pair_url(&self, a: ActorIx, b: ActorIx) -> String {
        let archive = self.site.archive;
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        self.site
            .routes
            .url(&Page::Encounter(&archive.actor(a).id, &archive.actor(b).id))
    }

    /// Page `number` of the briefings two actors share, newest first.
    pub(super) fn encounter(&self, a: ActorIx, b: ActorIx, number: usize) -> EncounterPage<'a> {
        let archive = self.site.archive;
        let shared = archive.together(a, b);
        let page = Page::Encounter(&archive.actor(a).id, &archive.actor(b).id);
        EncounterPage {
            first_actor: self.actor_link(a, None),
            second_actor: self.actor_link(b, None),
            engagements: self
                .newest_positions(shared.len(), number)
                .map(|n| {
                    let ix = shared[n];
                    let briefing = &archive.briefings[ix];
                    Engagement {
                        number: n + 1,
                        briefing: self.briefing_link(ix),
                        places: self.places_of(&briefing.places),
                        counterparts: briefing
                            .actors
                            .iter()
                            .filter(|&&c| c != a && c != b)
                            .map(|&c| self.actor_link_on(c, briefing.date))
                            .collect(),
                    }
                })
                .collect(),
            count: shared.len(),
            first: self.date_of(shared.first()),
            last: self.date_of(shared.last()),
            pager: self.pager(&page, number, shared.len()),
        }
    }

    /// Page `number` of the envoys index.
    pub(super) fn envoys(&self, number: usize) -> EnvoysPage<'a> {
        let archive = self.site.archive;
        let all: Vec<ActorIx> = archive.envoys().collect();
        EnvoysPage {
            envoys: self
                .index_slice(&all, number)
                .iter()
                .map(|&ix| {
                    let engagements = &archive.by_actor[ix];
                    EnvoySummary {
                        actor: self.actor_link(ix, Some(engagements.len())),
                        dossier_url: self.site.routes.url(&Page::Envoy(&archive.actor(ix).id)),
                        engagements: engagements.len(),
                        first: self.date_of(engagements.first()),
                        last: self.date_of(engagements.last()),
                    }
                })
                .collect(),
            pager: self.index_pager(&Page::Envoys, number, all.len()),
        }
    }

    /// Page `number` of an envoy's dossier: the engagements, newest first, with the summaries
    /// of the whole itinerary on the first page.
    pub(super) fn envoy(&self, ix: ActorIx, number: usize) -> EnvoyPage<'a> {
        let archive = self.site.archive;
        let envoy = archive.actor(ix);
        let list = &archive.by_actor[ix];
        let first = number == 1;
        let mut countries: HashMap<&'a str, usize> = HashMap::new();
        let mut places: HashMap<&'a str, usize> = HashMap::new();
        if first {
            for &b in list {
                let briefing = &archive.briefings[b];
                for &c in briefing.actors.iter().filter(|&&a| a != ix) {
                    if let Some(country) = archive.actor(c).country.as_deref() {
                        if Some(country) != envoy.country.as_deref() {
                            *countries.entry(country).or_default() += 1;
                        }
                    }
                }
                for place in &briefing.places {
                    *places.entry(place.as_str()).or_default() += 1;
                }
            }
        }
        let engagements = self
            .newest_positions(list.len(), number)
            .map(|n| {
                let b = list[n];
                let briefing = &archive.briefings[b];
                Engagement {
                    number: n + 1,
                    briefing: self.briefing_link(b),
                    places: self.places_of(&briefing.places),
                    counterparts: briefing
                        .actors
                        .iter()
                        .filter(|&&a| a != ix)
                        .map(|&c| self.actor_link(c, None))
                        .collect(),
                }
            })
            .collect();
        EnvoyPage {
            actor: self.actor_detail(ix),
            engagements,
            engagement_count: list.len(),
            pager: self.pager(&Page::Envoy(&envoy.id), number, list.len()),
            counterparts: if first {
                self.counted_actors(&archive.co_actors[ix], SHORT_LIST * 2)
            } else {
                Vec::new()
            },
            counterpart_count: archive.co_actors[ix].len(),
            encounters: if first {
                self.encounters(ix)
            } else {
                Vec::new()
            },
            calendar_url: routes::itinerary(&envoy.id),
            countries: tallies(countries),
            places: tallies(places)
                .into_iter()
                .map(|tally| {
                    let slug = place_slug(tally.name);
                    Tally {
                        url: (!slug.is_empty()).then(|| self.site.routes.url(&Page::Place(&slug))),
                        name: archive.place_name(tally.name),
                        ..tally
                    }
                })
                .collect(),
            first: self.date_of(list.first()),
            last: self.date_of(list.last()),
            itinerary_svg: if first {
                graphics::itinerary(
                    archive,
                    self.site.routes,
                    &self.site.routes.root(&Page::Envoy(&envoy.id)),
                    ix,
                    self.site.config.page_size,
                    self.site.speech,
                )
            } else {
                String::new()
            },
        }
    }
}

/// Where a kind of actor stands in the actors index.
fn kind_rank(kind: &str) -> usize {
    ["person", "organization", "state"]
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(3)
}

/// Counts sorted most frequent first, then by name.
fn tallies(counts: HashMap<&str, usize>) -> Vec<Tally<'_>> {
    let mut list: Vec<Tally<'_>> = counts
        .into_iter()
        .map(|(name, count)| Tally {
            name,
            count,
            url: None,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
    list
}
