//! Graphics drawn at build time as inline SVG, readable without JavaScript: the chronology's
//! timeline, each envoy's itinerary strip and the actors' co-occurrence network.
//!
//! Each graphic is a function of the archive, the routes and the page's way back to the site
//! root, and returns markup for a template to place in a `<figure>`: an `<svg>` with a title
//! and a description (and, where the page has no list of the same data, a visually hidden
//! table after it). Links are relative like the rest of the page. Colours come from classes
//! the theme's stylesheet styles; the same archive always gives the same bytes.
//!
//! Every word and date a graphic writes comes from the [`Speech`](crate::site::speech::Speech)
//! of the pages (its `figure_*` words), and for a language written right to left the drawings
//! are mirrored (see `svg`): time runs from right to left, and the text still reads as written.

#[cfg(test)]
mod check;
mod itinerary;
mod labels;
mod layout;
mod network;
mod periods;
mod svg;
mod time_axis;
mod timeline;

pub(crate) use itinerary::itinerary;
pub(crate) use network::network;
pub(crate) use timeline::timeline;

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
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use super::*;
    use crate::load::SourceFile;
    use crate::model::{self, Archive};
    use crate::routes::Routes;
    use crate::site::pages::Theme;
    use crate::site::speech::Speech;

    /// The built-in theme's speech of the language `tag`.
    pub(super) fn speech(tag: &str) -> Speech {
        let theme = Theme::load(Default::default()).unwrap_or_else(|e| panic!("{e:?}"));
        let (speech, warnings) = theme.speech(tag).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        speech
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(1, 4), 1);
        assert_eq!(nice_step(7, 4), 2);
        assert_eq!(nice_step(13, 4), 5);
        assert_eq!(nice_step(40, 4), 10);
        assert_eq!(nice_step(170, 4), 50);
    }

    /// A name for actor `a`: short, long, or long and alike, with characters to escape.
    fn name(a: usize) -> String {
        match a % 4 {
            0 => format!("Actor <{a}> & 'co'"),
            1 => format!("Ministry of Foreign Affairs of the Republic {a}"),
            2 => format!("Council on counter-terrorism and maritime security {a}"),
            _ => format!("Zoë Kaplan-Øztürk {a}"),
        }
    }

    /// An archive of `briefings` briefings among `actors` actors over `days` days, every
    /// tenth actor an envoy, the first one named in every briefing.
    fn large_archive(briefings: usize, actors: usize, days: usize) -> Archive {
        let actor_files: Vec<SourceFile> = (0..actors)
            .map(|a| {
                SourceFile::new(
                    PathBuf::from(format!("content/actors/actor-{a}.md")),
                    format!(
                        "+++\nname = \"{}\"\nenvoy = {}\n+++\n",
                        name(a),
                        a % 10 == 0
                    )
                    .into(),
                )
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
                SourceFile::new(
                    PathBuf::from(format!("content/briefings/b{b}.md")),
                    format!(
                        "+++\ntitle = \"Briefing {b}\"\ndate = {date}\nactors = [{}]\nplaces = [\"Place {}\"]\n+++\nText.\n",
                        named.join(", "),
                        b % 17
                    )
                    .into(),
                )
            })
            .collect();
        archive_of(&actor_files, &briefing_files)
    }

    fn archive_of(actor_files: &[SourceFile], briefing_files: &[SourceFile]) -> Archive {
        let (archive, problems) = model::resolve_for_test(actor_files, briefing_files);
        assert!(problems.is_empty(), "{problems:?}");
        archive
    }

    /// The sample archive at the repository's root (`content/`).
    fn sample_archive() -> Archive {
        fn files(dir: &Path, out: &mut Vec<SourceFile>) {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    files(&path, out);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push(SourceFile::new(path, text.into()));
                }
            }
        }
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut actors, mut briefings) = (Vec::new(), Vec::new());
        files(&content.join("actors"), &mut actors);
        files(&content.join("briefings"), &mut briefings);
        archive_of(&actors, &briefings)
    }

    /// Checks every drawing of every graphic of `archive`; returns how many network names
    /// a line passes through, and how many nodes carry a number instead of a name.
    fn assert_all_legible(what: &str, archive: &Archive, speech: &Speech) -> (usize, usize) {
        let routes = Routes::new(false);
        let what = format!("{what} ({})", speech.tag);
        check::assert_legible(
            &format!("{what}: timeline"),
            &timeline(archive, &routes, "../", speech),
        );
        let network = network(archive, &routes, "../", speech);
        check::assert_legible(&format!("{what}: network"), &network);
        for envoy in archive.envoys() {
            let strip = itinerary(archive, &routes, "../../", envoy, 100, speech);
            let name = &archive.actor(envoy).name;
            check::assert_legible(&format!("{what}: itinerary of {name}"), &strip);
        }
        let crossed = check::drawings(&network)
            .iter()
            .map(check::Drawing::texts_crossed)
            .sum();
        let numbered = node_labels(&network)
            .iter()
            .filter(|(_, texts)| matches!(&texts[..], [n] if n.parse::<usize>().is_ok()))
            .count();
        (crossed, numbered)
    }

    #[test]
    fn no_text_overlaps_a_text_or_a_mark_in_any_graphic_small_or_large() {
        let en = speech("en");
        let sample = assert_all_legible("the sample archive", &sample_archive(), &en);
        eprintln!("sample archive: {sample:?} (texts crossed by lines, numbered nodes)");
        for (briefings, actors, days) in [
            (1, 3, 1),
            (5, 6, 3),
            (5, 12, 400),
            (40, 30, 60),
            (300, 80, 700),
            (2_000, 200, 3 * 365),
            (10_000, 500, 20 * 365),
        ] {
            let archive = large_archive(briefings, actors, days);
            let what = format!("{briefings} briefings over {days} days");
            let counts = assert_all_legible(&what, &archive, &en);
            eprintln!("{what}: {counts:?} (texts crossed by lines, numbered nodes)");
        }
    }

    /// The contents of the `<text>` elements of `markup`.
    fn texts(markup: &str) -> Vec<&str> {
        markup
            .split("<text")
            .skip(1)
            .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
            .collect()
    }

    /// Each node of the network's drawings: its tooltip and its texts.
    fn node_labels(markup: &str) -> Vec<(&str, Vec<&str>)> {
        markup
            .split("<a href=")
            .skip(1)
            .map(|link| &link[..link.find("</a>").unwrap()])
            .filter(|link| link.contains("class=\"node "))
            .map(|link| {
                let title =
                    &link[link.find("<title>").unwrap() + 7..link.find("</title>").unwrap()];
                (title, texts(link))
            })
            .collect()
    }

    #[test]
    fn every_node_of_the_network_is_named_or_numbered_in_the_key() {
        let en = speech("en");
        for archive in [sample_archive(), large_archive(10_000, 500, 20 * 365)] {
            let network = network(&archive, &Routes::new(false), "../", &en);
            // The texts of the keys, their lines joined.
            let keys: Vec<String> = network
                .split("<g class=\"key\">")
                .skip(1)
                .map(|key| texts(&key[..key.find("</g>").unwrap()]).join(" "))
                .collect();
            for (title, texts) in node_labels(&network) {
                match &texts[..] {
                    [] => panic!("a node without a label: {title}"),
                    [number] if number.parse::<usize>().is_ok() => {
                        let name = &title[..title.rfind(": ").unwrap()];
                        let entry = format!("{number}: {name}");
                        assert!(keys.iter().any(|k| k.contains(&entry)), "{entry}");
                    }
                    _ => assert!(title.starts_with(&format!("{}: ", texts.join(" ")))),
                }
            }
        }
    }

    #[test]
    fn a_large_archive_is_drawn_quickly_and_the_same_way_twice() {
        let archive = large_archive(10_000, 500, 20 * 365);
        let routes = Routes::new(false);
        let en = speech("en");
        let started = Instant::now();
        let timeline = timeline(&archive, &routes, "../", &en);
        let after_timeline = started.elapsed();
        let network = network(&archive, &routes, "../", &en);
        let after_network = started.elapsed();
        let strips: Vec<String> = archive
            .envoys()
            .map(|e| itinerary(&archive, &routes, "../../", e, 100, &en))
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
        let nodes = &wide[wide.find("<g class=\"nodes\">").unwrap()..];
        let nodes = &nodes[..nodes.find("</g>\n").unwrap()];
        let drawn = nodes.matches("<a href=\"../actors/").count();
        assert!(
            (network::MAX_NODES - 5..=network::MAX_NODES).contains(&drawn),
            "{drawn} nodes"
        );
        assert!(timeline.contains("Briefings per month"));
        let longest = &strips[0];
        assert!(
            longest.contains("page/2/#engagement-")
                && longest.matches("<circle").count() <= 2 * 120,
            "10,000 engagements are drawn a mark per period, each linked to its page of the list"
        );
        assert!(
            strips[1].contains("<a href=\"../../briefings/"),
            "a shorter itinerary links each engagement"
        );
        assert_eq!(timeline, super::timeline(&archive, &routes, "../", &en));
        assert_eq!(network, super::network(&archive, &routes, "../", &en));
    }

    /// The archives the right-to-left tests draw: the sample, and larger ones counted per week
    /// and per month, with long itineraries drawn a mark per period.
    fn archives_of_every_kind() -> Vec<(String, Archive)> {
        let mut archives = vec![("the sample archive".to_string(), sample_archive())];
        for (briefings, actors, days) in [
            (5, 6, 3),
            (40, 30, 60),
            (300, 80, 700),
            (2_000, 200, 3 * 365),
        ] {
            let what = format!("{briefings} briefings over {days} days");
            archives.push((what, large_archive(briefings, actors, days)));
        }
        archives
    }

    #[test]
    fn every_graphic_in_arabic_is_mirrored_and_legible() {
        let ar = speech("ar");
        assert!(ar.rtl);
        for (what, archive) in archives_of_every_kind() {
            assert_all_legible(&what, &archive, &ar);
        }
    }

    #[test]
    fn every_graphic_is_legible_in_each_language_of_the_theme() {
        let archive = large_archive(300, 80, 700);
        for tag in ["zh", "fr", "ru", "es"] {
            assert_all_legible("300 briefings over 700 days", &archive, &speech(tag));
            assert_all_legible("the sample archive", &sample_archive(), &speech(tag));
        }
    }

    /// The x of each element `<tag` of `markup` whose class starts with `class`, read from
    /// `attribute`, in the order written.
    fn xs(markup: &str, tag: &str, class: &str, attribute: &str) -> Vec<f64> {
        let start = format!("<{tag} class=\"{class}");
        let attribute = format!(" {attribute}=\"");
        markup
            .split(&start)
            .skip(1)
            .map(|rest| {
                let at = &rest[rest.find(&attribute).unwrap() + attribute.len()..];
                at[..at.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn in_arabic_time_runs_from_right_to_left_and_the_words_are_arabic() {
        let (ar, en) = (speech("ar"), speech("en"));
        let routes = Routes::new(false);
        for (what, archive) in archives_of_every_kind() {
            let drawing = |markup: String| markup[..markup.find("</svg>").unwrap()].to_string();
            let rtl = drawing(timeline(&archive, &routes, "../", &ar));
            let ltr = drawing(timeline(&archive, &routes, "../", &en));
            assert!(rtl.contains("direction=\"rtl\"") && !ltr.contains("direction="));
            assert!(rtl.contains("الإحاطات"), "{what}: {rtl}");
            // The bars, after the legend's swatches.
            let bars_of = |m: &str| m[m.find("<g class=\"bars\">").unwrap()..].to_string();
            let (rtl, ltr) = (bars_of(&rtl), bars_of(&ltr));
            let bars = xs(&rtl, "rect", "bar", "x");
            let (first, last) = (bars[0], bars[bars.len() - 1]);
            assert!(
                bars.len() == 1 || first > last,
                "{what}: the first bar is on the right"
            );
            // The mirror of the English drawing, bar for bar.
            for (r, l) in bars.iter().zip(xs(&ltr, "rect", "bar", "x")) {
                let width = xs(&ltr, "rect", "bar", "width")[0];
                assert!(
                    (r - (640.0 - l - width)).abs() < 0.2,
                    "{what}: {r} mirrors {l}"
                );
            }
            for envoy in archive.envoys() {
                let strip = drawing(itinerary(&archive, &routes, "../../", envoy, 100, &ar));
                let marks = xs(&strip, "circle", "mark", "cx");
                let (first, last) = (marks[0], marks[marks.len() - 1]);
                assert!(
                    marks.len() == 1 || first > last,
                    "{what}: the first engagement is on the right"
                );
                assert!(first > 320.0 || marks.len() == 1, "{what}: {first}");
            }
        }
    }
}
