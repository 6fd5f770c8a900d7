//! An envoy's itinerary strip: a time axis with one mark per engagement, each linked to its
//! briefing and, where there is room, labelled below the axis with its date, places and
//! counterparts. Labels go into a few lanes, first fit; a mark left without a label keeps its
//! details in its tooltip and in the itinerary list of the page.

use chrono::{Datelike, Duration, NaiveDate};

use super::svg::{fit, text_width, Frame, Svg};
use super::time_axis::{Axis, Labels};
use crate::model::{ActorIx, Archive, BriefingIx};
use crate::routes::{Page, Routes};
use crate::site::speech::Speech;

const MARGIN: f64 = 12.0;
const MARK_RADIUS: f64 = 5.0;
/// The largest mark of a long itinerary's periods.
const LARGEST_RADIUS: f64 = 7.0;
/// The room between the axis and its names above it: the marks on the axis stay below them.
const AXIS_CLEAR: f64 = LARGEST_RADIUS + 3.0;
/// Marks on the same day stack downwards by this much, at most `MAX_STACK` times.
const STACK_STEP: f64 = 11.0;
const MAX_STACK: usize = 3;
const MAX_LANES: usize = 4;
const LABEL_GAP: f64 = 14.0;

/// The sizes of one drawing of the strip.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    width: f64,
    font: f64,
    /// The height of the axis, below its names.
    axis_y: f64,
    /// The distance between the lines of a label.
    line: f64,
    /// The widest a label line may be.
    label_width: f64,
    /// Itineraries longer than this are drawn a mark per period, with at most this many marks.
    max_marks: usize,
}

impl Geometry {
    fn of(frame: Frame) -> Geometry {
        let font = frame.font(11.0);
        Geometry {
            width: frame.width,
            font,
            axis_y: 4.0 + Axis::depth(font, AXIS_CLEAR),
            line: frame.pick(15.0, 16.0),
            label_width: frame.pick(172.0, 150.0),
            max_marks: frame.pick(80.0, 40.0) as usize,
        }
    }

    fn lane_top(&self, lane: usize) -> f64 {
        let below_marks = self.axis_y + 20.0 + STACK_STEP * MAX_STACK as f64;
        below_marks + lane as f64 * self.lane_height()
    }

    fn lane_height(&self) -> f64 {
        3.0 * self.line + 10.0
    }
}

/// A mark of the strip: one engagement, or the engagements of one period of a long itinerary.
struct Mark {
    x: f64,
    y: f64,
    radius: f64,
    href: String,
    /// The tooltip, in full.
    title: String,
    /// The label's lines, in full: they are cut to the label's width when drawn.
    lines: [String; 3],
    width: f64,
    /// The label's lane and left edge, if it has room.
    label: Option<(usize, f64)>,
}

/// The itinerary strip of `envoy`'s dossier page (a wide and a narrow drawing), or nothing
/// when it has no engagements. An itinerary too long for a mark per engagement (80 in the
/// wide drawing, 40 in the narrow one) is drawn a mark per week, month, quarter or year,
/// linked to the first of its engagements in the page's list (`#engagement-N`, from 1). Every
/// word and date is `speech`'s, and the strip runs right to left where the language does.
pub(crate) fn itinerary(
    archive: &Archive,
    routes: &Routes,
    root: &str,
    envoy: ActorIx,
    page_size: usize,
    speech: &Speech,
) -> String {
    let list = &archive.by_actor[envoy];
    if list.is_empty() {
        return String::new();
    }
    let dossier = Dossier {
        routes,
        root,
        page_size,
    };
    Frame::both(speech.rtl)
        .into_iter()
        .map(|frame| draw(frame, archive, &dossier, envoy, speech))
        .collect()
}

fn draw(
    frame: Frame,
    archive: &Archive,
    dossier: &Dossier<'_>,
    envoy: ActorIx,
    speech: &Speech,
) -> String {
    let list = &archive.by_actor[envoy];
    let first = archive.briefings[list[0]].date;
    let last = archive.briefings[list[list.len() - 1]].date;
    let g = Geometry::of(frame);
    let axis = Axis::around(first, last, (MARGIN, g.width - MARGIN), speech);
    let (mut marks, each) = if list.len() <= g.max_marks {
        let marks = engagement_marks(archive, dossier, envoy, &axis, &g);
        (
            marks,
            speech.word("figure_itinerary_each_engagement").to_string(),
        )
    } else {
        let grain = Grain::for_list(archive, list, g.max_marks);
        let marks = period_marks(archive, dossier, envoy, grain, &axis, &g);
        let each = speech.word(grain.each()).to_string();
        (marks, each)
    };
    let lanes = assign_lanes(&mut marks, &g);
    let height = g.lane_top(lanes.max(1));
    let name = &archive.actor(envoy).name;
    let mut svg = Svg::open(
        frame,
        "itinerary-strip",
        height,
        &speech.fill("figure_itinerary_title", &[("name", name)]),
        &speech.fill(
            "figure_itinerary_desc",
            &[
                ("name", name),
                (
                    "engagements",
                    &speech.count("figure_engagements", list.len()),
                ),
                ("first", &speech.date(first)),
                ("last", &speech.date(last)),
                ("each", &each),
            ],
        ),
    );
    axis.draw(
        &mut svg,
        g.font,
        (g.axis_y, Labels::Above, AXIS_CLEAR),
        &|_| None,
    );
    svg.open_group("leaders");
    for mark in &marks {
        if let Some((lane, left)) = mark.label {
            let bottom = g.lane_top(lane) + g.line * 0.3;
            svg.line(
                "leader",
                (mark.x, mark.y + mark.radius),
                (mark.x, bottom),
                "",
            );
            svg.line("leader", (mark.x, bottom), (left - 2.0, bottom), "");
        }
    }
    svg.close_group();
    svg.open_group("marks");
    for mark in &marks {
        draw_mark(&mut svg, mark, &g);
    }
    svg.close_group();
    svg.finish()
}

/// One mark per engagement, labelled with its date, places and counterparts.
fn engagement_marks(
    archive: &Archive,
    at: &Dossier<'_>,
    envoy: ActorIx,
    axis: &Axis,
    g: &Geometry,
) -> Vec<Mark> {
    let (routes, root, speech) = (at.routes, at.root, axis.speech());
    let list = &archive.by_actor[envoy];
    let separator = speech.word("list_separator");
    let mut marks: Vec<Mark> = Vec::with_capacity(list.len());
    // Smaller marks where there are many.
    let radius = ((g.width - 2.0 * MARGIN) / list.len() as f64 / 2.0).clamp(3.0, MARK_RADIUS);
    let mut same_day = 0;
    for (i, &ix) in list.iter().enumerate() {
        let briefing = &archive.briefings[ix];
        same_day = match i.checked_sub(1) {
            Some(p) if archive.briefings[list[p]].date == briefing.date => same_day + 1,
            _ => 0,
        };
        let counterparts: Vec<&str> = briefing
            .actors
            .iter()
            .filter(|&&a| a != envoy)
            .map(|&a| archive.actor(a).name.as_str())
            .collect();
        let places: Vec<&str> = briefing
            .places
            .iter()
            .map(|p| archive.place_name(p))
            .collect();
        let (places, counterparts) = (places.join(separator), counterparts.join(separator));
        let date = speech.date(briefing.date);
        let mut title = speech.fill(
            "figure_itinerary_mark",
            &[("date", &date), ("title", &briefing.title)],
        );
        if !places.is_empty() {
            title.push_str(&speech.fill("figure_itinerary_places", &[("places", &places)]));
        }
        if !counterparts.is_empty() {
            title.push_str(
                &speech.fill("figure_itinerary_counterparts", &[("names", &counterparts)]),
            );
        }
        let lines = [speech.date_short(briefing.date), places, counterparts];
        marks.push(Mark {
            x: axis.middle(briefing.date),
            y: g.axis_y + STACK_STEP * same_day.min(MAX_STACK) as f64,
            radius,
            href: format!("{root}{}", routes.url(&Page::Briefing(&briefing.slug))),
            title,
            width: widest(&lines, g),
            lines,
            label: None,
        });
    }
    marks
}

/// The width of a label whose lines are cut to the widest a line may be.
fn widest(lines: &[String], g: &Geometry) -> f64 {
    lines
        .iter()
        .map(|l| text_width(l, g.font).min(g.label_width))
        .fold(0.0, f64::max)
}

/// How a long itinerary is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    Week,
    Month,
    Quarter,
    Year,
}

impl Grain {
    /// The finest grain that gives at most `most` marks.
    fn for_list(archive: &Archive, list: &[BriefingIx], most: usize) -> Grain {
        [Grain::Week, Grain::Month, Grain::Quarter]
            .into_iter()
            .find(|&grain| {
                let mut keys: Vec<i64> = list
                    .iter()
                    .map(|&b| grain.key(archive.briefings[b].date))
                    .collect();
                keys.dedup();
                keys.len() <= most
            })
            .unwrap_or(Grain::Year)
    }

    fn key(self, date: NaiveDate) -> i64 {
        match self {
            Grain::Week => {
                i64::from(date.num_days_from_ce() - date.weekday().num_days_from_monday() as i32)
                    / 7
            }
            Grain::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
            Grain::Quarter => i64::from(date.year()) * 4 + i64::from(date.month0() / 3),
            Grain::Year => i64::from(date.year()),
        }
    }

    /// The key of the words saying what each mark stands for.
    fn each(self) -> &'static str {
        match self {
            Grain::Week => "figure_itinerary_each_week",
            Grain::Month => "figure_itinerary_each_month",
            Grain::Quarter => "figure_itinerary_each_quarter",
            Grain::Year => "figure_itinerary_each_year",
        }
    }

    /// How the period holding `date` is called.
    fn period(self, date: NaiveDate, speech: &Speech) -> String {
        match self {
            Grain::Week => {
                let monday =
                    date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
                speech.fill("figure_week_of", &[("date", &speech.date_short(monday))])
            }
            Grain::Month => speech.month(date.year(), date.month()),
            Grain::Quarter => {
                let (quarter, year) =
                    ((date.month0() / 3 + 1).to_string(), date.year().to_string());
                speech.fill(
                    "figure_quarter_of_year",
                    &[("n", &quarter), ("year", &year)],
                )
            }
            Grain::Year => date.year().to_string(),
        }
    }
}

/// Where the marks of a long itinerary lead: the dossier's pages, `page_size` to a page, from
/// the page the drawing is on (`root`).
#[derive(Clone, Copy)]
struct Dossier<'a> {
    routes: &'a Routes,
    root: &'a str,
    page_size: usize,
}

/// One mark per period that has engagements, sized by their number, linked to the newest of
/// them in the dossier's itinerary list, on the page of that list that shows it.
fn period_marks(
    archive: &Archive,
    at: &Dossier<'_>,
    envoy: ActorIx,
    grain: Grain,
    axis: &Axis,
    g: &Geometry,
) -> Vec<Mark> {
    let Dossier {
        routes,
        root,
        page_size,
    } = *at;
    let speech = axis.speech();
    let list = &archive.by_actor[envoy];
    let dossier = Page::Envoy(&archive.actor(envoy).id);
    // The list runs newest first, `page_size` to a page: the newest engagement of a period
    // is the first of it there.
    let part_of = |newest: usize| {
        let part = (list.len() - 1 - newest) / page_size.max(1) + 1;
        if part == 1 {
            routes.url(&dossier)
        } else {
            routes.url(&Page::Part(&dossier, part))
        }
    };
    let date = |i: usize| archive.briefings[list[i]].date;
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..list.len() {
        match groups.last_mut() {
            Some(group) if grain.key(date(group.0)) == grain.key(date(i)) => group.1 = i + 1,
            _ => groups.push((i, i + 1)),
        }
    }
    let most = groups.iter().map(|g| g.1 - g.0).max().unwrap_or(1);
    // The largest mark, kept small enough that neighbours barely touch.
    let largest = ((g.width - 2.0 * MARGIN) / groups.len() as f64 / 2.0).clamp(3.5, LARGEST_RADIUS);
    groups
        .into_iter()
        .map(|(from, to)| {
            let count = to - from;
            let (first, last) = (date(from), date(to - 1));
            let period = grain.period(first, speech);
            let engagements = speech.count("figure_engagements", count);
            let lines = [period.clone(), engagements.clone(), String::new()];
            Mark {
                x: axis.middle(first),
                y: g.axis_y,
                radius: 2.5 + (largest - 2.5) * (count as f64 / most as f64).sqrt(),
                href: format!("{root}{}#engagement-{to}", part_of(to - 1)),
                title: speech.fill(
                    "figure_itinerary_period",
                    &[
                        ("period", &period),
                        ("engagements", &engagements),
                        ("first", &speech.date(first)),
                        ("last", &speech.date(last)),
                    ],
                ),
                width: widest(&lines, g),
                lines,
                label: None,
            }
        })
        .collect()
}

/// Gives labels lanes below the axis, the nearest lane first; returns how many lanes are
/// used. Marks are taken from the latest back, so an earlier label goes further down than the
/// later ones beside it, and its leader, which comes down at its left edge, passes to the left
/// of everything in the lanes above: leaders never cross labels. A mark with no lane left
/// goes unlabelled.
fn assign_lanes(marks: &mut [Mark], g: &Geometry) -> usize {
    // The left end of what each lane holds so far (labels and leaders passing through).
    let mut lane_starts: Vec<f64> = Vec::new();
    for mark in marks.iter_mut().rev() {
        let left = (mark.x + 4.0)
            .min(g.width - MARGIN - mark.width)
            .max(MARGIN);
        // The first lane with room, unless the leader would have to cross a lane on the way.
        let mut free = None;
        for (lane, &start) in lane_starts.iter().enumerate() {
            if left + mark.width + LABEL_GAP <= start {
                free = Some(lane);
                break;
            }
            if mark.x + 3.0 > start {
                break;
            }
        }
        let lane = match free {
            Some(lane) => lane,
            None if lane_starts.len() < MAX_LANES
                && lane_starts.iter().all(|&start| mark.x + 3.0 <= start) =>
            {
                lane_starts.push(f64::MAX);
                lane_starts.len() - 1
            }
            None => continue,
        };
        lane_starts[lane] = left;
        for start in &mut lane_starts[..lane] {
            *start = start.min(mark.x - 3.0);
        }
        mark.label = Some((lane, left));
    }
    lane_starts.len()
}

fn draw_mark(svg: &mut Svg, mark: &Mark, g: &Geometry) {
    svg.open_link(&mark.href, &mark.title);
    svg.circle("mark", (mark.x, mark.y), mark.radius);
    if let Some((lane, left)) = mark.label {
        let top = g.lane_top(lane);
        let classes = [
            "g-label g-date",
            "g-label g-places",
            "g-label g-counterparts",
        ];
        let written = mark
            .lines
            .iter()
            .zip(classes)
            .filter(|(l, _)| !l.is_empty());
        for (row, (line, class)) in written.enumerate() {
            let y = top + g.line * (row as f64 + 1.0);
            svg.text(
                class,
                (left, y),
                g.font,
                "start",
                &fit(line, g.label_width, g.font),
            );
        }
    }
    svg.close_link();
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Geometry = Geometry {
        width: 640.0,
        font: 11.0,
        axis_y: 40.0,
        line: 15.0,
        label_width: 172.0,
        max_marks: 80,
    };

    fn mark(x: f64, width: f64) -> Mark {
        Mark {
            x,
            y: WIDE.axis_y,
            radius: MARK_RADIUS,
            href: String::new(),
            title: String::new(),
            lines: Default::default(),
            width,
            label: None,
        }
    }

    #[test]
    fn labels_take_the_first_lane_with_room_and_the_rest_go_without() {
        let mut marks: Vec<Mark> = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 300.0]
            .iter()
            .map(|&x| mark(x, 150.0))
            .collect();
        let lanes = assign_lanes(&mut marks, &WIDE);
        assert_eq!(lanes, MAX_LANES);
        let lane = |i: usize| marks[i].label.map(|l| l.0);
        assert_eq!(lane(6), Some(0), "the latest first, nearest the axis");
        assert_eq!(lane(5), Some(0), "room before the latest");
        assert_eq!(lane(4), Some(1));
        assert_eq!(lane(3), Some(2));
        assert_eq!(lane(2), Some(3));
        assert_eq!(lane(1), None, "every lane is taken");
    }

    #[test]
    fn leaders_never_cross_the_labels_of_the_lanes_above() {
        let mut marks: Vec<Mark> = (0..30)
            .map(|i| mark(12.0 + f64::from(i) * 20.0, 90.0))
            .collect();
        assign_lanes(&mut marks, &WIDE);
        for m in &marks {
            let Some((lane, _)) = m.label else { continue };
            for other in &marks {
                if let Some((above, left)) = other.label {
                    if above < lane {
                        assert!(
                            m.x < left || m.x > left + other.width,
                            "the leader at {} crosses a label in lane {above}",
                            m.x
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_label_at_the_right_edge_moves_left_but_stays_on_the_strip() {
        let mut marks = vec![mark(WIDE.width - MARGIN, 150.0)];
        assign_lanes(&mut marks, &WIDE);
        let (_, left) = marks[0].label.unwrap();
        assert!(left + 150.0 <= WIDE.width - MARGIN + 0.01 && left <= marks[0].x);
    }
}
