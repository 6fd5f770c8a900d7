//! One view per kind of page: what each template is given, built from the archive and its
//! rendered texts.

use std::collections::HashMap;

use serde::Serialize;

use super::links::{
    ActorLink, BriefingLink, DateView, RoleView, SourceView, TagLink, Views, YearView,
};
use crate::markdown::Html;
use crate::model::{ActorIx, BriefingIx, TagIx, ENCOUNTER_MINIMUM};
use crate::routes::{self, Page};
use crate::site::graphics;

/// How many entries the short lists of a page show (co-actors, a tag's actors, home tags).
const SHORT_LIST: usize = 12;

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
    pub envoys: Vec<ActorLink<'a>>,
    pub top_tags: Vec<TagLink<'a>>,
    pub years: Vec<YearSummary>,
}

#[derive(Serialize, Hash)]
pub(super) struct YearSummary {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize, Hash)]
pub(super) struct BriefingDetail<'a> {
    pub title: &'a str,
    pub date: DateView,
    pub summary: Option<&'a str>,
    pub actors: Vec<ActorLink<'a>>,
    pub tags: Vec<TagLink<'a>>,
    pub places: &'a [String],
    pub sources: Vec<SourceView<'a>>,
    pub body_html: Html<'a>,
    pub month_url: String,
}

#[derive(Serialize, Hash)]
pub(super) struct BriefingPage<'a> {
    pub briefing: BriefingDetail<'a>,
    /// Briefings whose text links to this one.
    pub referenced_by: Vec<&'a BriefingLink<'a>>,
    pub previous: Option<&'a BriefingLink<'a>>,
    pub next: Option<&'a BriefingLink<'a>>,
    pub related: Vec<&'a BriefingLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct ChronologyPage<'a> {
    pub years: Vec<YearView<'a>>,
    /// The timeline of briefings per week or month, as inline SVG (empty without briefings).
    pub timeline_svg: String,
}

#[derive(Serialize, Hash)]
pub(super) struct YearPage<'a> {
    pub year: YearView<'a>,
    pub previous_year: Option<YearSummary>,
    pub next_year: Option<YearSummary>,
}

#[derive(Serialize, Hash)]
pub(super) struct TagsPage<'a> {
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct TagPage<'a> {
    pub tag: TagLink<'a>,
    pub briefings: Vec<&'a BriefingLink<'a>>,
    pub actors: Vec<ActorLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorGroup<'a> {
    pub kind: &'static str,
    pub actors: Vec<ActorLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorsPage<'a> {
    pub groups: Vec<ActorGroup<'a>>,
    /// The network of the most connected actors, as inline SVG (empty when none connect).
    pub network_svg: String,
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

/// The briefings an actor shares with one counterpart.
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
    pub engagements: Vec<Engagement<'a>>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
}

#[derive(Serialize, Hash)]
pub(super) struct ActorPage<'a> {
    pub actor: ActorDetail<'a>,
    pub briefings: Vec<&'a BriefingLink<'a>>,
    /// Briefings whose text names the actor without listing it.
    pub also_mentioned_in: Vec<&'a BriefingLink<'a>>,
    pub co_actors: Vec<ActorLink<'a>>,
    /// For every counterpart, the briefings they share.
    pub encounters: Vec<EncounterView<'a>>,
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
}

#[derive(Serialize, Hash)]
pub(super) struct Engagement<'a> {
    pub briefing: &'a BriefingLink<'a>,
    pub places: &'a [String],
    pub counterparts: Vec<ActorLink<'a>>,
}

#[derive(Serialize, Hash)]
pub(super) struct Tally<'a> {
    pub name: &'a str,
    pub count: usize,
}

#[derive(Serialize, Hash)]
pub(super) struct EnvoyPage<'a> {
    pub actor: ActorDetail<'a>,
    pub engagements: Vec<Engagement<'a>>,
    pub counterparts: Vec<ActorLink<'a>>,
    /// For every counterpart, the briefings they share.
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
            first: archive.briefings.first().map(|b| b.date.into()),
            last: archive.briefings.last().map(|b| b.date.into()),
            envoys: archive
                .envoys()
                .map(|ix| self.actor_link(ix, Some(archive.by_actor[ix].len())))
                .collect(),
            top_tags: top.into_iter().map(|t| self.tag_link(t)).collect(),
            years: archive
                .years()
                .into_iter()
                .map(|y| self.year_summary(y))
                .collect(),
        }
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

    pub(super) fn briefing(&self, ix: BriefingIx) -> BriefingPage<'a> {
        let archive = self.site.archive;
        let b = &archive.briefings[ix];
        let detail = BriefingDetail {
            title: &b.title,
            date: b.date.into(),
            summary: b.summary.as_deref(),
            actors: b
                .actors
                .iter()
                .map(|&a| self.actor_link_on(a, b.date))
                .collect(),
            tags: archive.briefing_tags[ix]
                .iter()
                .map(|&t| self.tag_link(t))
                .collect(),
            places: &b.places,
            sources: b.sources.iter().map(|s| self.source(s)).collect(),
            body_html: self.site.texts.body_html(ix),
            month_url: self.month_url(
                chrono::Datelike::year(&b.date),
                chrono::Datelike::month(&b.date),
            ),
        };
        BriefingPage {
            briefing: detail,
            referenced_by: self.briefing_links(&self.site.texts.referenced_by[ix]),
            previous: ix.checked_sub(1).map(|p| self.briefing_link(p)),
            next: (ix + 1 < archive.briefings.len()).then(|| self.briefing_link(ix + 1)),
            related: archive
                .related(ix)
                .into_iter()
                .map(|(r, _)| self.briefing_link(r))
                .collect(),
        }
    }

    pub(super) fn chronology(&self) -> ChronologyPage<'a> {
        ChronologyPage {
            years: self
                .site
                .archive
                .years()
                .into_iter()
                .map(|y| self.year_view(y))
                .collect(),
            timeline_svg: graphics::timeline(
                self.site.archive,
                self.site.routes,
                &self.site.routes.root(&Page::Chronology),
            ),
        }
    }

    pub(super) fn year(&self, year: i32) -> YearPage<'a> {
        let years = self.site.archive.years();
        let at = years.iter().position(|&y| y == year);
        YearPage {
            year: self.year_view(year),
            previous_year: at
                .and_then(|i| i.checked_sub(1))
                .map(|i| self.year_summary(years[i])),
            next_year: at
                .and_then(|i| years.get(i + 1))
                .map(|&y| self.year_summary(y)),
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

    pub(super) fn tag(&self, ix: TagIx) -> TagPage<'a> {
        let tag = &self.site.archive.tags[ix];
        TagPage {
            tag: self.tag_link(ix),
            briefings: self.briefing_links(&tag.briefings),
            actors: self.counted_actors(&tag.actors, SHORT_LIST),
        }
    }

    pub(super) fn actors(&self) -> ActorsPage<'a> {
        let archive = self.site.archive;
        let groups = ["person", "organization", "state"]
            .into_iter()
            .map(|kind| ActorGroup {
                kind,
                actors: (0..archive.actors().len())
                    .filter(|&a| archive.actor(a).kind.name() == kind)
                    .map(|a| self.actor_link(a, Some(archive.by_actor[a].len())))
                    .collect(),
            })
            .filter(|g| !g.actors.is_empty())
            .collect();
        let network_svg = graphics::network(
            archive,
            self.site.routes,
            &self.site.routes.root(&Page::Actors),
        );
        ActorsPage {
            groups,
            network_svg,
        }
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

    pub(super) fn actor(&self, ix: ActorIx) -> ActorPage<'a> {
        let archive = self.site.archive;
        ActorPage {
            actor: self.actor_detail(ix),
            briefings: self.briefing_links(&archive.by_actor[ix]),
            also_mentioned_in: self.briefing_links(&self.site.texts.also_mentioned_in[ix]),
            co_actors: self.counted_actors(&archive.co_actors[ix], SHORT_LIST),
            encounters: self.encounters(ix),
        }
    }

    /// For every counterpart of `ix`, most frequent first, the briefings they share.
    fn encounters(&self, ix: ActorIx) -> Vec<EncounterView<'a>> {
        let archive = self.site.archive;
        archive.co_actors[ix]
            .iter()
            .map(|&(other, count)| EncounterView {
                counterpart: self.actor_link(other, Some(count)),
                briefings: self.briefing_links(&archive.together(ix, other)),
                pair_url: (count >= ENCOUNTER_MINIMUM).then(|| self.pair_url(ix, other)),
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

    pub(super) fn encounter(&self, a: ActorIx, b: ActorIx) -> EncounterPage<'a> {
        let archive = self.site.archive;
        let shared = archive.together(a, b);
        EncounterPage {
            first_actor: self.actor_link(a, None),
            second_actor: self.actor_link(b, None),
            engagements: shared
                .iter()
                .map(|&ix| {
                    let briefing = &archive.briefings[ix];
                    Engagement {
                        briefing: self.briefing_link(ix),
                        places: &briefing.places,
                        counterparts: briefing
                            .actors
                            .iter()
                            .filter(|&&c| c != a && c != b)
                            .map(|&c| self.actor_link_on(c, briefing.date))
                            .collect(),
                    }
                })
                .collect(),
            first: shared.first().map(|&ix| archive.briefings[ix].date.into()),
            last: shared.last().map(|&ix| archive.briefings[ix].date.into()),
        }
    }

    pub(super) fn envoys(&self) -> EnvoysPage<'a> {
        let archive = self.site.archive;
        EnvoysPage {
            envoys: archive
                .envoys()
                .map(|ix| {
                    let engagements = &archive.by_actor[ix];
                    EnvoySummary {
                        actor: self.actor_link(ix, Some(engagements.len())),
                        dossier_url: self.site.routes.url(&Page::Envoy(&archive.actor(ix).id)),
                        engagements: engagements.len(),
                        first: engagements
                            .first()
                            .map(|&b| archive.briefings[b].date.into()),
                        last: engagements
                            .last()
                            .map(|&b| archive.briefings[b].date.into()),
                    }
                })
                .collect(),
        }
    }

    pub(super) fn envoy(&self, ix: ActorIx) -> EnvoyPage<'a> {
        let archive = self.site.archive;
        let envoy = archive.actor(ix);
        let list = &archive.by_actor[ix];
        let mut countries: HashMap<&'a str, usize> = HashMap::new();
        let mut places: HashMap<&'a str, usize> = HashMap::new();
        let engagements = list
            .iter()
            .map(|&b| {
                let briefing = &archive.briefings[b];
                let counterparts: Vec<ActorIx> = briefing
                    .actors
                    .iter()
                    .copied()
                    .filter(|&a| a != ix)
                    .collect();
                for &c in &counterparts {
                    if let Some(country) = archive.actor(c).country.as_deref() {
                        if Some(country) != envoy.country.as_deref() {
                            *countries.entry(country).or_default() += 1;
                        }
                    }
                }
                for place in &briefing.places {
                    *places.entry(place.as_str()).or_default() += 1;
                }
                Engagement {
                    briefing: self.briefing_link(b),
                    places: &briefing.places,
                    counterparts: counterparts
                        .into_iter()
                        .map(|c| self.actor_link(c, None))
                        .collect(),
                }
            })
            .collect();
        EnvoyPage {
            actor: self.actor_detail(ix),
            engagements,
            counterparts: self.counted_actors(&archive.co_actors[ix], usize::MAX),
            encounters: self.encounters(ix),
            calendar_url: routes::itinerary(&envoy.id),
            countries: tallies(countries),
            places: tallies(places),
            first: list.first().map(|&b| archive.briefings[b].date.into()),
            last: list.last().map(|&b| archive.briefings[b].date.into()),
            itinerary_svg: graphics::itinerary(
                archive,
                self.site.routes,
                &self.site.routes.root(&Page::Envoy(&envoy.id)),
                ix,
            ),
        }
    }
}

/// Counts sorted most frequent first, then by name.
fn tallies(counts: HashMap<&str, usize>) -> Vec<Tally<'_>> {
    let mut list: Vec<Tally<'_>> = counts
        .into_iter()
        .map(|(name, count)| Tally { name, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
    list
}
