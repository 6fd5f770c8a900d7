//! The chronology's timeline: briefings per week (for an archive spanning under a year) or per
//! month, as bars whose hatched part counts the briefings naming an envoy. Each bar links to
//! its month on the chronology page; the years along a long axis link to their year pages.

use super::nice_step;
use super::periods::{in_sentence, period_name, periods, Period, Unit};
use super::svg::{data_table, text_width, Flow, Frame, Svg};
use super::time_axis::{Axis, Labels};
use crate::model::Archive;
use crate::routes::{Page, Routes};
use crate::site::speech::Speech;

/// The height of the plot and its axis below the legend, wide and narrow.
const HEIGHT: f64 = 186.0;
const NARROW_HEIGHT: f64 = 200.0;
/// The least room left of the plot, for the counts of the vertical scale.
const LEFT: f64 = 30.0;
const RIGHT: f64 = 8.0;
const FONT: f64 = 12.0;
/// The room between the baseline and the names of the time axis below it.
const AXIS_CLEAR: f64 = 6.0;
/// The timeline of the chronology page, or nothing for an empty archive: a wide and a narrow
/// drawing, then a table of the same numbers. `root` leads from the page back to the site root;
/// every word and date is `speech`'s, and the drawing runs right to left where it does.
pub(crate) fn timeline(archive: &Archive, routes: &Routes, root: &str, speech: &Speech) -> String {
    let (unit, periods) = periods(archive);
    if periods.is_empty() {
        return String::new();
    }
    let has_envoys = archive.envoys().next().is_some();
    let links = Links::new(archive, routes, root);
    let mut out = String::new();
    for frame in Frame::both(speech.rtl) {
        out.push_str(&draw(frame, unit, &periods, has_envoys, &links, speech));
    }
    out.push_str(&table(speech, unit, &periods, has_envoys));
    out
}

/// Where the timeline links: months on the chronology page, and the years with briefings.
struct Links<'a> {
    root: &'a str,
    routes: &'a Routes,
    years: Vec<i32>,
}

impl<'a> Links<'a> {
    fn new(archive: &Archive, routes: &'a Routes, root: &'a str) -> Links<'a> {
        Links {
            root,
            routes,
            years: archive.years(),
        }
    }

    fn month(&self, year: i32, month: u32) -> String {
        format!("{}{}", self.root, self.routes.month(year, month))
    }

    fn year(&self, year: i32) -> Option<String> {
        self.years
            .contains(&year)
            .then(|| format!("{}{}", self.root, self.routes.url(&Page::Year(year))))
    }
}

fn draw(
    frame: Frame,
    unit: Unit,
    periods: &[Period],
    has_envoys: bool,
    links: &Links,
    speech: &Speech,
) -> String {
    let font = frame.font(FONT);
    let legend = legend_entries(speech, frame, unit, has_envoys);
    let chart = Chart::new(frame, periods, legend.bottom() + 12.0);
    let mut svg = Svg::open(
        frame,
        "timeline",
        chart.height,
        speech.word(&unit.key("timeline_title")),
        &describe(speech, unit, periods, has_envoys),
    );
    let hatch = format!(" fill=\"url(#{}-hatch)\"", svg.id());
    svg.raw(&format!(
        "<defs><pattern id=\"{}-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect class=\"hatch-ground\" width=\"4\" height=\"4\"/>\
         <rect class=\"hatch-stripe\" width=\"2\" height=\"4\"/></pattern></defs>\n",
        svg.id()
    ));
    svg.open_group("legend");
    for (i, &(at, ref text)) in legend.entries.iter().enumerate() {
        let extra = if i == 0 { "" } else { hatch.as_str() };
        let class = if i == 0 { "bar" } else { "envoy" };
        svg.rect(class, at.0, at.1 - 6.0, 12.0, 12.0, extra);
        svg.text(
            "g-label",
            (at.0 + 17.0, at.1 + font * 0.35),
            font,
            "start",
            text,
        );
    }
    svg.close_group();
    chart.grid(&mut svg);
    chart.bars(&mut svg, (speech, unit), periods, links, &hatch);
    let axis = Axis::periods(
        periods[0].start,
        periods.len(),
        unit == Unit::Month,
        (chart.left, chart.width - RIGHT),
        speech,
    );
    axis.draw(
        &mut svg,
        chart.font,
        (chart.base(), Labels::Below, AXIS_CLEAR),
        &|year| links.year(year),
    );
    svg.finish()
}

/// The legend's entries, set in rows across the top.
struct Legend {
    entries: Vec<((f64, f64), String)>,
    flow: Flow,
}

impl Legend {
    fn bottom(&self) -> f64 {
        self.flow.bottom()
    }
}

fn legend_entries(speech: &Speech, frame: Frame, unit: Unit, has_envoys: bool) -> Legend {
    let font = frame.font(FONT);
    let mut texts = vec![speech.word(&unit.key("timeline_title")).to_string()];
    if has_envoys {
        texts.push(speech.word("figure_timeline_hatched").to_string());
    }
    let mut flow = Flow::new(LEFT, frame.width - RIGHT, 14.0, font * 1.6);
    let entries = texts
        .into_iter()
        .map(|text| (flow.place(17.0 + text_width(&text, font)), text))
        .collect();
    Legend { entries, flow }
}

/// The scales of the chart.
struct Chart {
    /// The left of the plot: room for the widest count of the vertical scale.
    left: f64,
    width: f64,
    height: f64,
    /// The top of the plot.
    top: f64,
    font: f64,
    slot: f64,
    max: usize,
    step: usize,
}

impl Chart {
    fn new(frame: Frame, periods: &[Period], top: f64) -> Chart {
        let max = periods
            .iter()
            .map(|p| p.briefings)
            .max()
            .unwrap_or(1)
            .max(1);
        let step = nice_step(max, 4);
        let (max, font) = (max.div_ceil(step) * step, frame.font(FONT));
        let left = LEFT.max(text_width(&max.to_string(), font) + 8.0);
        Chart {
            left,
            width: frame.width,
            height: top + frame.pick(HEIGHT, NARROW_HEIGHT),
            top,
            font,
            slot: (frame.width - left - RIGHT) / periods.len() as f64,
            max,
            step,
        }
    }

    /// The baseline of the bars, above the time axis's names.
    fn base(&self) -> f64 {
        self.height - Axis::depth(self.font, AXIS_CLEAR) - 4.0
    }

    fn y(&self, count: usize) -> f64 {
        self.base() - (self.base() - self.top) * count as f64 / self.max as f64
    }

    fn x(&self, index: f64) -> f64 {
        self.left + index * self.slot
    }

    fn grid(&self, svg: &mut Svg) {
        svg.open_group("grid");
        for value in (0..=self.max).step_by(self.step) {
            let y = self.y(value);
            svg.line("gridline", (self.left, y), (self.width - RIGHT, y), "");
            let at = (self.left - 4.0, y + self.font * 0.35);
            svg.text("tick", at, self.font, "end", &value.to_string());
        }
        svg.close_group();
    }

    fn bars(
        &self,
        svg: &mut Svg,
        (speech, unit): (&Speech, Unit),
        periods: &[Period],
        links: &Links,
        hatch: &str,
    ) {
        let gap = (self.slot * 0.2).min(2.0);
        svg.open_group("bars");
        for (i, p) in periods.iter().enumerate() {
            let Some((year, month)) = p.month else {
                continue;
            };
            let period = period_name(speech, unit, p.start);
            let briefings = speech.count("figure_briefings", p.briefings);
            let title = if p.with_envoy > 0 {
                let naming = speech.count("figure_naming_envoy", p.with_envoy);
                speech.fill(
                    "figure_timeline_bar_envoy",
                    &[
                        ("period", &period),
                        ("briefings", &briefings),
                        ("naming", &naming),
                    ],
                )
            } else {
                speech.fill(
                    "figure_timeline_bar",
                    &[("period", &period), ("briefings", &briefings)],
                )
            };
            svg.open_link(&links.month(year, month), &title);
            let x = self.x(i as f64);
            svg.rect("hit", x, self.top, self.slot, self.base() - self.top, "");
            let (x, w) = (x + gap / 2.0, self.slot - gap);
            let y = self.y(p.briefings);
            svg.rect("bar", x, y, w, self.base() - y, "");
            if p.with_envoy > 0 {
                let y = self.y(p.with_envoy);
                svg.rect("envoy", x, y, w, self.base() - y, hatch);
            }
            svg.close_link();
        }
        svg.close_group();
    }
}

fn describe(speech: &Speech, unit: Unit, periods: &[Period], has_envoys: bool) -> String {
    let total: usize = periods.iter().map(|p| p.briefings).sum();
    let with_envoy: usize = periods.iter().map(|p| p.with_envoy).sum();
    let busiest = periods
        .iter()
        .max_by(|a, b| a.briefings.cmp(&b.briefings).then(b.start.cmp(&a.start)));
    let spans = match unit {
        Unit::Week => "figure_weeks",
        Unit::Month => "figure_months",
    };
    let mut sentences = vec![speech.fill(
        &unit.key("timeline_desc"),
        &[
            ("briefings", &speech.count("figure_briefings", total)),
            ("periods", &speech.count(spans, periods.len())),
            ("first", &in_sentence(speech, unit, periods[0].start)),
            (
                "last",
                &in_sentence(speech, unit, periods[periods.len() - 1].start),
            ),
        ],
    )];
    if let Some(b) = busiest {
        sentences.push(speech.fill(
            &unit.key("timeline_busiest"),
            &[
                ("period", &in_sentence(speech, unit, b.start)),
                ("briefings", &speech.count("figure_briefings", b.briefings)),
            ],
        ));
    }
    if has_envoys {
        sentences.push(speech.count("figure_timeline_hatched_desc", with_envoy));
    }
    sentences.push(speech.word("figure_timeline_links").to_string());
    sentences.join(speech.word("figure_sentence_gap"))
}

fn table(speech: &Speech, unit: Unit, periods: &[Period], has_envoys: bool) -> String {
    let period = unit.key("table");
    let mut headers = vec![speech.word(&period), speech.word("figure_table_briefings")];
    if has_envoys {
        headers.push(speech.word("figure_table_naming_envoy"));
    }
    let rows: Vec<Vec<String>> = periods
        .iter()
        .filter(|p| p.briefings > 0)
        .map(|p| {
            let mut row = vec![period_name(speech, unit, p.start), p.briefings.to_string()];
            if has_envoys {
                row.push(p.with_envoy.to_string());
            }
            row
        })
        .collect();
    data_table(speech.word(&unit.key("timeline_caption")), &headers, &rows)
}
