//! A time axis across a drawing: dates mapped to x, and labels in two rows beside the line.
//! The row next to the line names the finest unit whose names all fit (days, weeks, months,
//! month initials, quarters, years, or every 2, 5, 10… years); the row beyond names the unit
//! that holds it (the months of days and weeks, the years of months and quarters). A name
//! stands centred over its stretch, or for weeks and runs of years, on its tick, and
//! never reaches past its stretch, the ends of the axis, or the marks on the line. Names are
//! the language's (months from its locale, quarters and initials from its words).

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::svg::{text_width, Svg, ASCENT, DESCENT};
use crate::site::speech::Speech;

/// The room kept on each side of a name within its stretch.
const GAP: f64 = 2.0;
/// How long the tick of a boundary of the finer unit is.
const TICK: f64 = 4.0;

/// How dates are spread along the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// Every day takes the same room.
    Days,
    /// Every month takes the same room (a bar chart of months), the days of a month sharing it.
    Months,
}

/// On which side of the line the labels go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Labels {
    Above,
    Below,
}

/// The time axis: dates from `start` to `end` across the drawing from `left` to `right`.
pub(super) struct Axis<'a> {
    start: NaiveDate,
    end: NaiveDate,
    scale: Scale,
    left: f64,
    right: f64,
    speech: &'a Speech,
}

/// The names of one row of the axis.
struct Row {
    cut: Cut,
    /// Each name: its x (the centre of its text), its text and the start of its stretch.
    names: Vec<(f64, String, NaiveDate)>,
    /// Where the stretches meet, inside the axis.
    boundaries: Vec<f64>,
}

impl<'a> Axis<'a> {
    /// An axis holding `first` to `last`, each day the same room, with a little room on both
    /// sides.
    pub(super) fn around(
        first: NaiveDate,
        last: NaiveDate,
        (left, right): (f64, f64),
        speech: &'a Speech,
    ) -> Axis<'a> {
        let span = (last - first).num_days();
        let pad = if span == 0 { 15 } else { (span / 40).max(2) };
        Axis {
            start: first - Duration::days(pad),
            end: last + Duration::days(pad),
            scale: Scale::Days,
            left,
            right,
            speech,
        }
    }

    /// An axis of `count` weeks (or months, when `months`) from `start`, each the same room.
    pub(super) fn periods(
        start: NaiveDate,
        count: usize,
        months: bool,
        (left, right): (f64, f64),
        speech: &'a Speech,
    ) -> Axis<'a> {
        let count = count as u32;
        let (end, scale) = if months {
            (start.checked_add_months(Months::new(count)), Scale::Months)
        } else {
            (
                start.checked_add_signed(Duration::weeks(i64::from(count))),
                Scale::Days,
            )
        };
        Axis {
            start,
            end: end.unwrap_or(start),
            scale,
            left,
            right,
            speech,
        }
    }

    /// The language of the axis's names.
    pub(super) fn speech(&self) -> &'a Speech {
        self.speech
    }

    /// Where `date` starts.
    pub(super) fn x(&self, date: NaiveDate) -> f64 {
        let (done, total) = match self.scale {
            Scale::Days => (
                (date - self.start).num_days() as f64,
                (self.end - self.start).num_days() as f64,
            ),
            Scale::Months => (
                month_number(date) - month_number(self.start),
                month_number(self.end) - month_number(self.start),
            ),
        };
        self.left + done / total.max(1.0) * (self.right - self.left)
    }

    /// The middle of `date`: where a mark of that day goes, under the day's name.
    pub(super) fn middle(&self, date: NaiveDate) -> f64 {
        self.x(date) + self.day_width() / 2.0
    }

    /// The room a day takes on average.
    fn day_width(&self) -> f64 {
        let days = match self.scale {
            Scale::Days => (self.end - self.start).num_days() as f64,
            Scale::Months => (month_number(self.end) - month_number(self.start)) * 365.25 / 12.0,
        };
        (self.right - self.left) / days.max(1.0)
    }

    /// How far the axis's labels reach from its line, beyond `clear` (the room the marks on
    /// the line take), at `font`.
    pub(super) fn depth(font: f64, clear: f64) -> f64 {
        clear + (ASCENT + DESCENT) * font + row_step(font)
    }

    /// The line at height `y`, the ticks, and the two rows of names on the side `labels`,
    /// starting `clear` from the line. A year's name links to `year_link(year)`, if any.
    pub(super) fn draw(
        &self,
        svg: &mut Svg,
        font: f64,
        (y, labels, clear): (f64, Labels, f64),
        year_link: &dyn Fn(i32) -> Option<String>,
    ) {
        let (near, far) = self.rows(font);
        let away = if labels == Labels::Below { 1.0 } else { -1.0 };
        // The baselines of the two rows, and where the far row's band starts and ends.
        let first = if labels == Labels::Below {
            y + clear + ASCENT * font
        } else {
            y - clear - DESCENT * font
        };
        let second = first + away * row_step(font);
        let near_edge = if labels == Labels::Below {
            first + DESCENT * font
        } else {
            first - ASCENT * font
        };
        let far_band = (near_edge + away, y + away * Axis::depth(font, clear));
        let speech = self.speech;
        svg.open_group("axis-group");
        svg.line("axis", (self.left, y), (self.right, y), "");
        for &x in &near.boundaries {
            svg.line("tickmark", (x, y), (x, y + away * TICK), "");
        }
        if let Some(far) = &far {
            // Boundaries of the far row cut through the near one where they are also the
            // boundaries of its stretches (months in years), and mark only their own row else.
            let from = if near.cut.on_tick() { far_band.0 } else { y };
            for &x in &far.boundaries {
                svg.line("tickmark", (x, from), (x, far_band.1), "");
            }
        }
        for (row, baseline) in [(Some(&near), first), (far.as_ref(), second)] {
            for (x, text, date) in row.map_or(&[][..], |r| &r.names) {
                let link = match row.map(|r| r.cut) {
                    Some(Cut::Years(_)) => year_link(date.year()),
                    _ => None,
                };
                if let Some(href) = &link {
                    let year = date.year().to_string();
                    svg.open_link(href, &speech.fill("figure_the_year", &[("year", &year)]));
                }
                svg.text("g-label", (*x, baseline), font, "middle", text);
                if link.is_some() {
                    svg.close_link();
                }
            }
        }
        svg.close_group();
    }

    /// The near row (the finest unit whose names fit) and the far row (the unit holding it).
    fn rows(&self, font: f64) -> (Row, Option<Row>) {
        let finer: &[Cut] = match self.scale {
            Scale::Days => &[Cut::Day, Cut::Week, Cut::Month, Cut::Initial, Cut::Quarter],
            Scale::Months => &[Cut::Month, Cut::Initial, Cut::Quarter],
        };
        let years = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map(Cut::Years);
        let near = finer
            .iter()
            .chain(&years)
            .find_map(|&cut| self.near_row(cut, font))
            .unwrap_or_else(|| self.far_row(Cut::Years(1000), font));
        let far = near.cut.holder().map(|cut| self.far_row(cut, font));
        (near, far)
    }

    /// The stretches of `cut` along the axis: the start of each, and where it starts and ends
    /// on the axis (clipped to it).
    fn stretches(&self, cut: Cut) -> Vec<(NaiveDate, f64, f64)> {
        let mut stretches = Vec::new();
        let mut date = cut.floor(self.start);
        while date < self.end {
            let Some(next) = cut.next(date) else { break };
            let from = self.x(date.max(self.start));
            stretches.push((date, from, self.x(next.min(self.end))));
            date = next;
        }
        stretches
    }

    /// The row of `cut` if every name fits its stretch (names on ticks: between the ticks
    /// around them) and at least one name is written; names past the ends are left out.
    fn near_row(&self, cut: Cut, font: f64) -> Option<Row> {
        // Far too many stretches to name: give up before making them.
        if cut.shortest_days() as f64 * self.day_width() < text_width("0", font) + 2.0 * GAP {
            return None;
        }
        let stretches = self.stretches(cut);
        let mut names = Vec::new();
        for &(date, from, to) in &stretches {
            let text = cut.name(date, self.speech);
            let width = text_width(&text, font) + 2.0 * GAP;
            if cut.on_tick() {
                if date < self.start {
                    continue;
                }
                // The name may take the room from its tick to the next one.
                if cut
                    .next(date)
                    .is_some_and(|next| width > self.x(next) - from)
                {
                    return None;
                }
                if from - width / 2.0 >= self.left && from + width / 2.0 <= self.right {
                    names.push((from, text, date));
                }
            } else {
                let full = date >= self.start && cut.next(date).is_some_and(|n| n <= self.end);
                if width <= cut.share() * (to - from) {
                    names.push(((from + to) / 2.0, text, date));
                } else if full {
                    return None;
                }
            }
        }
        if names.is_empty() {
            return None;
        }
        Some(Row {
            cut,
            names,
            boundaries: boundaries(&stretches),
        })
    }

    /// The row of `cut`, holding the near row: each name centred over what the axis shows of
    /// its stretch, in the longest form that fits there, or left out.
    fn far_row(&self, cut: Cut, font: f64) -> Row {
        let stretches = self.stretches(cut);
        let names = stretches
            .iter()
            .filter_map(|&(date, from, to)| {
                let text = cut
                    .long_names(date, self.speech)
                    .into_iter()
                    .find(|t| text_width(t, font) + 2.0 * GAP <= to - from)?;
                Some(((from + to) / 2.0, text, date))
            })
            .collect();
        Row {
            cut,
            names,
            boundaries: boundaries(&stretches),
        }
    }
}

/// Where the stretches meet: the start of each but the first.
fn boundaries(stretches: &[(NaiveDate, f64, f64)]) -> Vec<f64> {
    stretches.iter().skip(1).map(|s| s.1).collect()
}

/// The distance between the baselines of the two rows.
fn row_step(font: f64) -> f64 {
    1.3 * font
}

/// Months since year 0, with the days of the month as a fraction.
fn month_number(date: NaiveDate) -> f64 {
    let first = date.with_day(1).unwrap_or(date);
    let days = first
        .checked_add_months(Months::new(1))
        .map_or(31, |next| (next - first).num_days());
    f64::from(date.year()) * 12.0 + f64::from(date.month0()) + f64::from(date.day0()) / days as f64
}

/// The initial of the month of `date`, from the words' twelve initials (the first letter of
/// the month's short name where they have none).
fn initial(speech: &Speech, date: NaiveDate) -> String {
    let initials = speech.word("figure_month_initials");
    initials
        .split_whitespace()
        .nth(date.month0() as usize)
        .map_or_else(
            || speech.month_short(date).chars().take(1).collect(),
            str::to_string,
        )
}

/// A unit the axis can be cut into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Day,
    /// Weeks from Monday, named by the day of their Monday.
    Week,
    Month,
    /// Months named by their initial.
    Initial,
    Quarter,
    /// Runs of this many years, from a year divisible by it.
    Years(i32),
}

impl Cut {
    /// The start of the stretch holding `date`.
    fn floor(self, date: NaiveDate) -> NaiveDate {
        let first_of = |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1);
        match self {
            Cut::Day => Some(date),
            Cut::Week => Some(date - Duration::days(date.weekday().num_days_from_monday().into())),
            Cut::Month | Cut::Initial => first_of(date.year(), date.month()),
            Cut::Quarter => first_of(date.year(), date.month0() / 3 * 3 + 1),
            Cut::Years(n) => first_of(date.year().div_euclid(n) * n, 1),
        }
        .unwrap_or(date)
    }

    /// The start of the stretch after the one starting on `date`.
    fn next(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cut::Day => date.succ_opt(),
            Cut::Week => date.checked_add_signed(Duration::weeks(1)),
            Cut::Month | Cut::Initial => date.checked_add_months(Months::new(1)),
            Cut::Quarter => date.checked_add_months(Months::new(3)),
            Cut::Years(n) => date.checked_add_months(Months::new(12 * n.unsigned_abs())),
        }
    }

    /// The fewest days a stretch has.
    fn shortest_days(self) -> i64 {
        match self {
            Cut::Day => 1,
            Cut::Week => 7,
            Cut::Month | Cut::Initial => 28,
            Cut::Quarter => 90,
            Cut::Years(n) => 365 * i64::from(n),
        }
    }

    /// Whether its names stand on the tick where a stretch starts (an instant), rather than
    /// over the stretch (a period).
    fn on_tick(self) -> bool {
        matches!(self, Cut::Week) || matches!(self, Cut::Years(n) if n > 1)
    }

    /// How much of its stretch a name may take: days, which would crowd the axis with names,
    /// only half.
    fn share(self) -> f64 {
        if self == Cut::Day {
            0.5
        } else {
            1.0
        }
    }

    /// The name of the stretch starting on `date`, in the near row.
    fn name(self, date: NaiveDate, speech: &Speech) -> String {
        match self {
            Cut::Day | Cut::Week => date.day().to_string(),
            Cut::Month => speech.month_short(date),
            Cut::Initial => initial(speech, date),
            Cut::Quarter => {
                let quarter = (date.month0() / 3 + 1).to_string();
                speech.fill("figure_quarter", &[("n", &quarter)])
            }
            Cut::Years(_) => date.year().to_string(),
        }
    }

    /// The names of the stretch starting on `date` in the far row, longest first.
    fn long_names(self, date: NaiveDate, speech: &Speech) -> Vec<String> {
        match self {
            Cut::Month => vec![
                speech.month(date.year(), date.month()),
                speech.format(date, "figure_month_year_short"),
                speech.month_short(date),
            ],
            _ => vec![self.name(date, speech)],
        }
    }

    /// The unit named in the far row when this one is in the near row.
    fn holder(self) -> Option<Cut> {
        match self {
            Cut::Day | Cut::Week => Some(Cut::Month),
            Cut::Month | Cut::Initial | Cut::Quarter => Some(Cut::Years(1)),
            Cut::Years(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::graphics::tests::speech;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn names(row: &Row) -> Vec<&str> {
        row.names.iter().map(|n| n.1.as_str()).collect()
    }

    #[test]
    fn a_month_is_named_by_its_weeks_a_week_by_its_days_and_a_year_by_its_months() {
        let en = speech("en");
        let axis = Axis::around(date(2023, 10, 10), date(2023, 11, 6), (12.0, 628.0), &en);
        let (near, far) = axis.rows(11.0);
        assert_eq!(near.cut, Cut::Week);
        assert_eq!(names(&near), ["9", "16", "23", "30", "6"]);
        assert_eq!(names(&far.unwrap()), ["October 2023", "November 2023"]);
        let week = Axis::periods(date(2023, 10, 9), 1, false, (30.0, 632.0), &en);
        let (near, far) = week.rows(12.0);
        assert_eq!(near.cut, Cut::Day);
        assert_eq!(names(&near), ["9", "10", "11", "12", "13", "14", "15"]);
        assert_eq!(names(&far.unwrap()), ["October 2023"]);
        let axis = Axis::around(date(2023, 1, 10), date(2023, 11, 6), (12.0, 628.0), &en);
        let (near, far) = axis.rows(11.0);
        assert_eq!(near.cut, Cut::Month);
        assert_eq!(names(&near)[..3], ["Jan", "Feb", "Mar"]);
        assert_eq!(names(&far.unwrap()), ["2023"]);
    }

    #[test]
    fn eight_years_are_named_by_quarters_when_wide_and_by_years_when_narrow() {
        let en = speech("en");
        let axis = Axis::around(date(2019, 1, 3), date(2026, 12, 20), (12.0, 628.0), &en);
        let (near, far) = axis.rows(11.0);
        assert_eq!(near.cut, Cut::Quarter);
        assert_eq!(near.names.len(), 32);
        assert_eq!(far.unwrap().names.len(), 8);
        let narrow = Axis::around(date(2019, 1, 3), date(2026, 12, 20), (12.0, 348.0), &en);
        let (near, far) = narrow.rows(12.0);
        assert_eq!(near.cut, Cut::Years(1));
        assert_eq!(names(&near)[..2], ["2019", "2020"]);
        assert!(far.is_none());
    }

    #[test]
    fn a_century_is_named_by_runs_of_years() {
        let en = speech("en");
        let axis = Axis::around(date(1920, 1, 1), date(2020, 1, 1), (12.0, 348.0), &en);
        let (near, _) = axis.rows(12.0);
        assert!(
            matches!(near.cut, Cut::Years(n) if n >= 10),
            "{:?}",
            near.cut
        );
        assert!(names(&near).contains(&"1980"));
    }

    #[test]
    fn months_of_a_bar_chart_take_the_same_room() {
        let en = speech("en");
        let axis = Axis::periods(date(2023, 1, 1), 12, true, (0.0, 120.0), &en);
        assert_eq!(axis.x(date(2023, 2, 1)), 10.0);
        assert_eq!(axis.x(date(2023, 3, 1)), 20.0);
        assert_eq!(axis.x(date(2024, 1, 1)), 120.0);
        let weeks = Axis::periods(date(2023, 10, 9), 4, false, (0.0, 280.0), &en);
        assert_eq!(weeks.x(date(2023, 10, 16)), 70.0);
    }

    #[test]
    fn names_stay_inside_their_stretches_and_the_axis() {
        let en = speech("en");
        for (first, last, right) in [
            (date(2023, 10, 10), date(2023, 10, 10), 348.0),
            (date(2023, 10, 10), date(2023, 12, 1), 348.0),
            (date(2020, 2, 27), date(2023, 11, 6), 628.0),
            (date(2020, 2, 27), date(2023, 11, 6), 348.0),
        ] {
            let axis = Axis::around(first, last, (12.0, right), &en);
            let (near, far) = axis.rows(12.0);
            for row in std::iter::once(&near).chain(far.as_ref()) {
                let mut previous = f64::MIN;
                for (x, text, _) in &row.names {
                    let half = text_width(text, 12.0) / 2.0;
                    assert!(x - half >= 12.0 && x + half <= right, "{text} off the axis");
                    assert!(x - half > previous, "{text} over the name before it");
                    previous = x + half;
                    assert!(
                        !row.boundaries
                            .iter()
                            .any(|b| (x - b).abs() < half && !row.cut.on_tick()),
                        "{text} over a tick"
                    );
                }
            }
        }
    }
}
