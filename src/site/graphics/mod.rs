//! Graphics drawn at build time as inline SVG, readable without JavaScript: the chronology's
//! timeline, each envoy's itinerary strip and the actors' co-occurrence network.
//!
//! Each graphic is a function of the archive, the routes and the page's way back to the site
//! root, and returns markup for a template to place in a `<figure>`: an `<svg>` with a title
//! and a description (and, where the page has no list of the same data, a visually hidden
//! table after it). Links are relative like the rest of the page. Colours come from classes
//! the theme's stylesheet styles; the same archive always gives the same bytes.

mod itinerary;
mod layout;
mod network;
mod periods;
mod svg;
mod time_axis;
mod timeline;

pub(crate) use itinerary::itinerary;
pub(crate) use network::network;
pub(crate) use timeline::timeline;

/// "s" when `count` calls for a plural.
fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// A round step (1, 2 or 5 times a power of ten) that cuts `0..=max` into about `parts`.
fn nice_step(max: usize, parts: usize) -> usize {
    let raw = max.div_ceil(parts.max(1)).max(1);
    let mut power = 1;
    while power * 10 <= raw {
        power *= 10;
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= raw)
        .unwrap_or(10 * power)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Instant;

    use super::*;
    use crate::load::SourceFile;
    use crate::model::{self, Archive};
    use crate::parse;
    use crate::routes::Routes;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(1, 4), 1);
        assert_eq!(nice_step(7, 4), 2);
        assert_eq!(nice_step(13, 4), 5);
        assert_eq!(nice_step(40, 4), 10);
        assert_eq!(nice_step(170, 4), 50);
    }

    /// An archive of `briefings` briefings among `actors` actors over `days` days, every
    /// tenth actor an envoy, the first one named in every briefing.
    fn large_archive(briefings: usize, actors: usize, days: usize) -> Archive {
        let actor_files: Vec<SourceFile> = (0..actors)
            .map(|a| SourceFile {
                path: PathBuf::from(format!("content/actors/actor-{a}.md")),
                text: format!(
                    "+++\nname = \"Actor <{a}> & 'co'\"\nenvoy = {}\n+++\n",
                    a % 10 == 0
                )
                .into(),
            })
            .collect();
        let briefing_files: Vec<SourceFile> = (0..briefings)
            .map(|b| {
                let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                    + chrono::Duration::days((b * days / briefings) as i64);
                // The first envoy is in every briefing: the longest itinerary there can be.
                let mut named: Vec<String> = (0..4)
                    .map(|k| format!("\"actor-{}\"", (b * 7 + k * k * 13 + k + 1) % actors))
                    .collect();
                named.dedup();
                named.retain(|n| n != "\"actor-0\"");
                named.push("\"actor-0\"".into());
                SourceFile {
                    path: PathBuf::from(format!("content/briefings/b{b}.md")),
                    text: format!(
                        "+++\ntitle = \"Briefing {b}\"\ndate = {date}\nactors = [{}]\nplaces = [\"Place {}\"]\n+++\nText.\n",
                        named.join(", "),
                        b % 17
                    )
                    .into(),
                }
            })
            .collect();
        let actors: Vec<_> = actor_files
            .iter()
            .map(|f| parse::parse_actor(f).unwrap())
            .collect();
        let parsed: Vec<_> = briefing_files
            .iter()
            .map(|f| parse::parse_briefing(f).unwrap())
            .collect();
        let (archive, problems) = model::build(&actors, &[], &parsed, false);
        assert!(problems.is_empty(), "{problems:?}");
        archive
    }

    #[test]
    fn a_large_archive_is_drawn_quickly_and_the_same_way_twice() {
        let archive = large_archive(10_000, 500, 20 * 365);
        let routes = Routes::new(false);
        let started = Instant::now();
        let timeline = timeline(&archive, &routes, "../");
        let after_timeline = started.elapsed();
        let network = network(&archive, &routes, "../");
        let after_network = started.elapsed();
        let strips: Vec<String> = archive
            .envoys()
            .map(|e| itinerary(&archive, &routes, "../../", e))
            .collect();
        let elapsed = started.elapsed();
        eprintln!(
            "graphics of 10,000 briefings and 500 actors: timeline {after_timeline:?}, network {:?}, \
             {} itinerary strips {:?}",
            after_network - after_timeline,
            strips.len(),
            elapsed - after_network
        );
        // Debug builds are slow; a release build takes about 30 ms, most of it the 50 strips.
        assert!(elapsed.as_secs_f64() < 2.0, "{elapsed:?}");
        let wide = &network[..network.find("</svg>").unwrap()];
        assert_eq!(
            wide.matches("<a href=\"../actors/").count(),
            network::MAX_NODES
        );
        assert!(timeline.contains("Briefings per month"));
        let longest = &strips[0];
        assert!(
            longest.contains("#engagement-1\"") && longest.matches("<circle").count() <= 2 * 120,
            "10,000 engagements are drawn a mark per period"
        );
        assert!(
            strips[1].contains("<a href=\"../../briefings/"),
            "a shorter itinerary links each engagement"
        );
        assert_eq!(timeline, super::timeline(&archive, &routes, "../"));
        assert_eq!(network, super::network(&archive, &routes, "../"));
    }
}
