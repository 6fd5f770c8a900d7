//! Calendar export: each envoy's itinerary, and the whole archive, as iCalendar files
//! (RFC 5545) with one all-day event per briefing.
//!
//! The files are deterministic: every stamp is the briefing's own date, and every UID is made
//! from the briefing's slug, so a rebuild changes a calendar only when its briefings change.

use chrono::{NaiveDate, NaiveTime};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use rayon::prelude::*;

use super::{hand_on, Generator, Outcome, Sink, SiteContext};
use crate::error::Error;
use crate::model::{ActorIx, BriefingIx};
use crate::routes::{self, Page, ARCHIVE_CALENDAR};

/// The calendar files of the site: one for the archive and one per envoy.
pub(crate) struct Calendars;

impl Generator for Calendars {
    fn name(&self) -> &'static str {
        "calendars"
    }

    fn generate(&self, site: &SiteContext<'_>, sink: &mut dyn Sink) -> Result<(), Error> {
        let archive = site.archive;
        let all: Vec<BriefingIx> = (0..archive.briefings.len()).collect();
        let mut calendars = vec![(
            ARCHIVE_CALENDAR.to_string(),
            site.config.title.clone(),
            all.as_slice(),
            None,
        )];
        for envoy in archive.envoys() {
            let actor = archive.actor(envoy);
            calendars.push((
                routes::itinerary(&actor.id),
                site.speech
                    .fill("calendar_itinerary", &[("name", &actor.name)]),
                archive.by_actor[envoy].as_slice(),
                Some(envoy),
            ));
        }
        let outcomes: Vec<Outcome> = calendars
            .into_par_iter()
            .map(|(path, name, briefings, envoy)| {
                let digest = digest(site, &name, briefings, envoy);
                Outcome::of(site, path, digest, || {
                    Ok::<_, Error>(calendar(site, &name, briefings, envoy).into_bytes())
                })
            })
            .collect::<Result<_, _>>()?;
        hand_on(outcomes, sink)
    }
}

/// The digest of everything a calendar is made from: its name, the site's address, and what
/// each of its events shows.
fn digest(
    site: &SiteContext<'_>,
    name: &str,
    briefings: &[BriefingIx],
    envoy: Option<ActorIx>,
) -> u64 {
    let archive = site.archive;
    let events: Vec<_> = briefings
        .iter()
        .map(|&ix| {
            let b = &archive.briefings[ix];
            let others: Vec<&str> = b
                .actors
                .iter()
                .filter(|&&a| Some(a) != envoy)
                .map(|&a| archive.actor(a).name.as_str())
                .collect();
            let places: Vec<&str> = b.places.iter().map(|p| archive.place_name(p)).collect();
            (&b.slug, &b.title, b.date, places, &b.summary, others)
        })
        .collect();
    crate::site::digest(&(
        name,
        envoy.is_some(),
        site.speech.digest,
        site.config.base_url.as_ref().map(url::Url::as_str),
        site.routes.offline,
        events,
    ))
}

/// A calendar of `briefings`; with an envoy, each event names the envoy's counterparts. The
/// events are written in parallel, each as the calendar would write it, and put in between
/// the calendar's opening and its end.
fn calendar(
    site: &SiteContext<'_>,
    name: &str,
    briefings: &[BriefingIx],
    envoy: Option<ActorIx>,
) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//dossier//briefing archive//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("X-WR-CALNAME", name));
    let frame = calendar.to_string();
    let end = frame
        .rfind(CALENDAR_END)
        .expect("a calendar ends with its END line");
    let events: Vec<String> = briefings
        .par_iter()
        .map(|&ix| event(site, ix, envoy).to_string())
        .collect();
    let mut text =
        String::with_capacity(frame.len() + events.iter().map(String::len).sum::<usize>());
    text.push_str(&frame[..end]);
    for event in &events {
        text.push_str(event);
    }
    text.push_str(&frame[end..]);
    text
}

/// The line that ends a calendar.
const CALENDAR_END: &str = "END:VCALENDAR";

fn event(site: &SiteContext<'_>, ix: BriefingIx, envoy: Option<ActorIx>) -> Event {
    let briefing = &site.archive.briefings[ix];
    let others: Vec<&str> = briefing
        .actors
        .iter()
        .filter(|&&a| Some(a) != envoy)
        .map(|&a| site.archive.actor(a).name.as_str())
        .collect();
    let mut description = Vec::new();
    if let Some(summary) = &briefing.summary {
        description.push(summary.clone());
    }
    if !others.is_empty() {
        let key = if envoy.is_some() {
            "calendar_counterparts"
        } else {
            "calendar_actors"
        };
        let names = others.join(site.speech.word("list_separator"));
        description.push(site.speech.fill(key, &[("names", &names)]));
    }
    let mut event = Event::new();
    event
        .uid(&format!("{}@{}", briefing.slug, host(site)))
        .timestamp(briefing.date.and_time(NaiveTime::MIN).and_utc())
        .starts(briefing.date)
        .ends(briefing.date.succ_opt().unwrap_or(NaiveDate::MAX))
        .summary(&briefing.title);
    if !briefing.places.is_empty() {
        let places: Vec<&str> = briefing
            .places
            .iter()
            .map(|p| site.archive.place_name(p))
            .collect();
        event.location(&places.join(site.speech.word("list_separator")));
    }
    if !description.is_empty() {
        event.description(&description.join("\n"));
    }
    if let Some(base) = &site.config.base_url {
        if let Ok(url) = base.join(&site.routes.url(&Page::Briefing(&briefing.slug))) {
            event.url(url.as_str());
        }
    }
    event.done()
}

/// The domain that makes UIDs unique: the site's host, or a name of the archive's own.
fn host(site: &SiteContext<'_>) -> String {
    site.config
        .base_url
        .as_ref()
        .and_then(|u| u.host_str().map(String::from))
        .unwrap_or_else(|| "dossier.invalid".to_string())
}
