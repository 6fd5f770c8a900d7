//! The chronology's timeline: briefings per week (for an archive spanning under a year) or per
//! month, as bars whose hatched part counts the briefings naming an envoy. Each bar links to
//! its month on the chronology page; the years along a long axis link to their year pages.

use chrono::{Datelike, Duration, NaiveDate};

use super::periods::{in_sentence, period_name, periods, Period, Unit};
use super::svg::{data_table, text_width, Flow, Frame, Svg};
use super::{nice_step, plural};
use crate::model::Archive;
use crate::routes::{Page, Routes};

/// The height of the plot and its axis below the legend, wide and narrow.
const HEIGHT: f64 = 176.0;
const NARROW_HEIGHT: f64 = 190.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 8.0;
const BOTTOM: f64 = 30.0;
const FONT: f64 = 12.0;
/// The timeline of the chronology page, or nothing for an empty archive: a wide and a narrow
/// drawing, then a table of the same numbers. `root` leads from the page back to the site root.
pub(crate) fn timeline(archive: &Archive, routes: &Routes, root: &str) -> String {
    let (unit, periods) = periods(archive);
    if periods.is_empty() {
        return String::new();
    }
    let has_envoys = archive.envoys().next().is_some();
    let links = Links::new(archive, routes, root);
    let mut out = String::new();
    for frame in Frame::BOTH {
        out.push_str(&draw(frame, unit, &periods, has_envoys, &links));
    }
    out.push_str(&table(unit, &periods, has_envoys));
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

fn draw(frame: Frame, unit: Unit, periods: &[Period], has_envoys: bool, links: &Links) -> String {
    let font = frame.font(FONT);
    let legend = legend_entries(frame, unit, has_envoys);
    let chart = Chart::new(frame, periods, legend.bottom() + 12.0);
    let mut svg = Svg::open(
        frame,
        "timeline",
        chart.height,
        &format!("Briefings per {}", unit.name()),
        &describe(unit, periods, has_envoys),
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
    chart.bars(&mut svg, unit, periods, links, &hatch);
    chart.axis(&mut svg, unit, periods, links);
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

fn legend_entries(frame: Frame, unit: Unit, has_envoys: bool) -> Legend {
    let font = frame.font(FONT);
    let mut texts = vec![format!("Briefings per {}", unit.name())];
    if has_envoys {
        texts.push("Hatched: naming an envoy".into());
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
        Chart {
            width: frame.width,
            height: top + frame.pick(HEIGHT, NARROW_HEIGHT),
            top,
            font: frame.font(FONT),
            slot: (frame.width - LEFT - RIGHT) / periods.len() as f64,
            max: max.div_ceil(step) * step,
            step,
        }
    }

    fn base(&self) -> f64 {
        self.height - BOTTOM
    }

    fn y(&self, count: usize) -> f64 {
        self.base() - (self.base() - self.top) * count as f64 / self.max as f64
    }

    fn x(&self, index: f64) -> f64 {
        LEFT + index * self.slot
    }

    fn grid(&self, svg: &mut Svg) {
        svg.open_group("grid");
        for value in (0..=self.max).step_by(self.step) {
            let y = self.y(value);
            svg.line("gridline", (LEFT, y), (self.width - RIGHT, y), "");
            let at = (LEFT - 4.0, y + self.font * 0.35);
            svg.text("tick", at, self.font, "end", &value.to_string());
        }
        svg.close_group();
    }

    fn bars(&self, svg: &mut Svg, unit: Unit, periods: &[Period], links: &Links, hatch: &str) {
        let gap = (self.slot * 0.2).min(2.0);
        svg.open_group("bars");
        for (i, p) in periods.iter().enumerate() {
            let Some((year, month)) = p.month else {
                continue;
            };
            let mut title = format!(
                "{}: {} briefing{}",
                period_name(unit, p.start),
                p.briefings,
                plural(p.briefings)
            );
            if p.with_envoy > 0 {
                title.push_str(&format!(", {} naming an envoy", p.with_envoy));
            }
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

    /// The baseline and its labels: months under a weekly axis, years under a monthly one
    /// (linked to their year pages). Labels that would overlap the previous one are left out.
    fn axis(&self, svg: &mut Svg, unit: Unit, periods: &[Period], links: &Links) {
        let base = self.base();
        svg.open_group("axis-group");
        svg.line("axis", (LEFT, base), (self.width - RIGHT, base), "");
        let mut free_from = f64::MIN;
        for (index, date, text) in axis_labels(unit, periods) {
            let x = self.x(index);
            let width = text_width(&text, self.font);
            if x < free_from || x + width > self.width {
                continue;
            }
            free_from = x + width + self.font * 0.6;
            svg.line("tickmark", (x, base), (x, base + 5.0), "");
            let link = match unit {
                Unit::Month => links.year(date.year()),
                Unit::Week => None,
            };
            if let Some(href) = &link {
                svg.open_link(href, &format!("The year {}", date.year()));
            }
            let at = (x + 2.0, base + 6.0 + self.font);
            svg.text("g-label", at, self.font, "start", &text);
            if link.is_some() {
                svg.close_link();
            }
        }
        svg.close_group();
    }
}

/// Where the axis is labelled: (position in periods, date, text).
fn axis_labels(unit: Unit, periods: &[Period]) -> Vec<(f64, NaiveDate, String)> {
    let Some(origin) = periods.first().map(|p| p.start) else {
        return Vec::new();
    };
    let end = periods[periods.len() - 1].start;
    let mut labels = Vec::new();
    match unit {
        Unit::Week => {
            // Every first of a month inside the axis, and the first week's month.
            let mut month = origin.with_day(1).unwrap_or(origin);
            while month <= end + Duration::days(6) {
                let index = ((month - origin).num_days() as f64 / 7.0).max(0.0);
                let first = labels.is_empty();
                let text = if first || month.month() == 1 {
                    month.format("%b %Y").to_string()
                } else {
                    month.format("%b").to_string()
                };
                labels.push((index, month, text));
                month = month
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(end + Duration::days(7));
            }
        }
        Unit::Month => {
            for (i, p) in periods.iter().enumerate() {
                if i == 0 || p.start.month() == 1 {
                    labels.push((i as f64, p.start, p.start.year().to_string()));
                }
            }
        }
    }
    labels
}

fn describe(unit: Unit, periods: &[Period], has_envoys: bool) -> String {
    let total: usize = periods.iter().map(|p| p.briefings).sum();
    let with_envoy: usize = periods.iter().map(|p| p.with_envoy).sum();
    let busiest = periods
        .iter()
        .max_by(|a, b| a.briefings.cmp(&b.briefings).then(b.start.cmp(&a.start)));
    let mut text = format!(
        "Bar chart of {total} briefing{} per {} over {} {}s, from {} to {}.",
        plural(total),
        unit.name(),
        periods.len(),
        unit.name(),
        in_sentence(unit, periods[0].start),
        in_sentence(unit, periods[periods.len() - 1].start),
    );
    if let Some(b) = busiest {
        text.push_str(&format!(
            " The busiest {} is {} with {} briefing{}.",
            unit.name(),
            in_sentence(unit, b.start),
            b.briefings,
            plural(b.briefings)
        ));
    }
    if has_envoys {
        text.push_str(&format!(
            " Hatched parts count the {with_envoy} briefing{} naming an envoy.",
            plural(with_envoy)
        ));
    }
    text.push_str(" Each bar links to its month in the chronology.");
    text
}

fn table(unit: Unit, periods: &[Period], has_envoys: bool) -> String {
    let mut headers = vec![match unit {
        Unit::Week => "Week",
        Unit::Month => "Month",
    }];
    headers.push("Briefings");
    if has_envoys {
        headers.push("Naming an envoy");
    }
    let rows: Vec<Vec<String>> = periods
        .iter()
        .filter(|p| p.briefings > 0)
        .map(|p| {
            let mut row = vec![period_name(unit, p.start), p.briefings.to_string()];
            if has_envoys {
                row.push(p.with_envoy.to_string());
            }
            row
        })
        .collect();
    data_table(
        &format!(
            "Briefings per {} (periods without briefings left out)",
            unit.name()
        ),
        &headers,
        &rows,
    )
}
#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_weekly_axis_is_labelled_at_each_first_of_the_month() {
        let periods: Vec<Period> = (0..6)
            .map(|i| Period {
                start: date(2023, 10, 9) + Duration::days(7 * i),
                briefings: 0,
                with_envoy: 0,
                month: None,
            })
            .collect();
        let labels = axis_labels(Unit::Week, &periods);
        let texts: Vec<&str> = labels.iter().map(|l| l.2.as_str()).collect();
        assert_eq!(texts, ["Oct 2023", "Nov"]);
        assert_eq!(labels[0].0, 0.0, "the first month starts before the axis");
    }
}
