//! A time axis across a drawing: dates mapped to x, with a tick at each boundary of a month
//! (of a year, on a long axis) and each month's or year's name centred over its stretch.

use chrono::{Datelike, Duration, NaiveDate};

use super::svg::{text_width, Svg};

/// The time axis: dates from `start` to `end` across the strip.
pub(super) struct Axis {
    pub start: NaiveDate,
    days: f64,
    /// Where the axis runs across the drawing: from left to right, at height `y`.
    left: f64,
    right: f64,
    y: f64,
}

impl Axis {
    /// An axis holding `first` to `last` with a little room on both sides.
    pub(super) fn around(
        first: NaiveDate,
        last: NaiveDate,
        (left, right): (f64, f64),
        y: f64,
    ) -> Axis {
        let span = (last - first).num_days();
        let pad = if span == 0 { 15 } else { (span / 40).max(2) };
        Axis {
            start: first - Duration::days(pad),
            days: (span + 2 * pad) as f64,
            left,
            right,
            y,
        }
    }

    pub(super) fn x(&self, date: NaiveDate) -> f64 {
        self.left + (date - self.start).num_days() as f64 / self.days * (self.right - self.left)
    }

    fn end(&self) -> NaiveDate {
        self.start + Duration::days(self.days as i64)
    }

    /// The axis line, a tick at each boundary of a month (of a year, on a long axis), and
    /// each month's name centred over its stretch where it fits.
    pub(super) fn draw(&self, svg: &mut Svg, font: f64) {
        svg.open_group("axis-group");
        svg.line("axis", (self.left, self.y), (self.right, self.y), "");
        for (from, to, text) in self.segments() {
            let (left, right) = (self.x(from), self.x(to));
            if from > self.start {
                svg.line("tickmark", (left, self.y - 12.0), (left, self.y), "");
            }
            if text_width(&text, font) + 4.0 <= right - left {
                let at = ((left + right) / 2.0, self.y - 8.0);
                svg.text("g-label", at, font, "middle", &text);
            }
        }
        svg.close_group();
    }

    /// The months of an axis of up to about a year and a half, else its years: each as the
    /// stretch of the axis it covers, with its name.
    fn segments(&self) -> Vec<(NaiveDate, NaiveDate, String)> {
        let monthly = self.days <= 550.0;
        let (end, step) = (
            self.end(),
            chrono::Months::new(if monthly { 1 } else { 12 }),
        );
        let mut date = if monthly {
            NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1)
        } else {
            NaiveDate::from_ymd_opt(self.start.year(), 1, 1)
        }
        .unwrap_or(self.start);
        let mut segments = Vec::new();
        while date <= end {
            let Some(next) = date.checked_add_months(step) else {
                break;
            };
            let text = if !monthly {
                date.year().to_string()
            } else if segments.is_empty() || date.month() == 1 {
                date.format("%b %Y").to_string()
            } else {
                date.format("%b").to_string()
            };
            segments.push((date.max(self.start), next.min(end), text));
            date = next;
        }
        segments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_axis_is_cut_into_months_and_a_long_one_into_years() {
        let first = NaiveDate::from_ymd_opt(2023, 10, 10).unwrap();
        let last = NaiveDate::from_ymd_opt(2023, 11, 6).unwrap();
        let axis = Axis::around(first, last, (12.0, 628.0), 32.0);
        let names: Vec<String> = axis.segments().into_iter().map(|s| s.2).collect();
        assert_eq!(names, ["Oct 2023", "Nov"]);
        assert_eq!(axis.segments()[0].0, axis.start, "clipped to the axis");
        let long = Axis::around(
            first,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            (12.0, 628.0),
            32.0,
        );
        assert_eq!(long.segments()[1].2, "2024");
    }
}
