//! The archive's time cut into periods for the timeline: weeks for an archive spanning under a
//! year, months otherwise, each with its number of briefings and of those naming an envoy.

use chrono::{Datelike, Duration, NaiveDate};

use crate::model::Archive;
use crate::site::speech::Speech;

/// Archives spanning fewer days than this are counted per week.
const WEEKLY_SPAN_DAYS: i64 = 365;

/// How the archive's time is cut into bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Week,
    Month,
}

impl Unit {
    /// The key of the words for this unit: `figure_<base>_week` or `figure_<base>_month`.
    pub(super) fn key(self, base: &str) -> String {
        match self {
            Unit::Week => format!("figure_{base}_week"),
            Unit::Month => format!("figure_{base}_month"),
        }
    }
}

/// One bar: a week or a month, with its counts.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub start: NaiveDate,
    pub briefings: usize,
    /// Briefings that name at least one envoy.
    pub with_envoy: usize,
    /// The month of its first briefing: where its bar links.
    pub month: Option<(i32, u32)>,
}

/// The periods from the first briefing's to the last one's, empty ones included.
pub(super) fn periods(archive: &Archive) -> (Unit, Vec<Period>) {
    let (Some(first), Some(last)) = (archive.briefings.first(), archive.briefings.last()) else {
        return (Unit::Month, Vec::new());
    };
    let unit = if (last.date - first.date).num_days() < WEEKLY_SPAN_DAYS {
        Unit::Week
    } else {
        Unit::Month
    };
    let origin = period_start(unit, first.date);
    let count = period_index(unit, origin, last.date) + 1;
    let mut periods: Vec<Period> = (0..count)
        .map(|i| Period {
            start: nth_start(unit, origin, i),
            briefings: 0,
            with_envoy: 0,
            month: None,
        })
        .collect();
    let envoys: Vec<bool> = archive.actors().iter().map(|a| a.envoy).collect();
    for briefing in &archive.briefings {
        let period = &mut periods[period_index(unit, origin, briefing.date)];
        period.briefings += 1;
        if briefing.actors.iter().any(|&a| envoys[a]) {
            period.with_envoy += 1;
        }
        period
            .month
            .get_or_insert((briefing.date.year(), briefing.date.month()));
    }
    (unit, periods)
}

fn period_start(unit: Unit, date: NaiveDate) -> NaiveDate {
    match unit {
        Unit::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
        Unit::Month => date.with_day(1).unwrap_or(date),
    }
}

fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

fn period_index(unit: Unit, origin: NaiveDate, date: NaiveDate) -> usize {
    let index = match unit {
        Unit::Week => (date - origin).num_days() / 7,
        Unit::Month => month_number(date) - month_number(origin),
    };
    usize::try_from(index).unwrap_or(0)
}

fn nth_start(unit: Unit, origin: NaiveDate, n: usize) -> NaiveDate {
    match unit {
        Unit::Week => origin + Duration::days(7 * n as i64),
        Unit::Month => origin
            .checked_add_months(chrono::Months::new(n as u32))
            .unwrap_or(origin),
    }
}

/// A period's name: "Week of 9 October 2023", "October 2023".
pub(super) fn period_name(speech: &Speech, unit: Unit, start: NaiveDate) -> String {
    match unit {
        Unit::Week => speech.fill("figure_week_of", &[("date", &speech.date(start))]),
        Unit::Month => speech.month(start.year(), start.month()),
    }
}

/// A period's name inside a sentence: "the week of 9 October 2023", "October 2023".
pub(super) fn in_sentence(speech: &Speech, unit: Unit, start: NaiveDate) -> String {
    match unit {
        Unit::Week => speech.fill("figure_the_week_of", &[("date", &speech.date(start))]),
        Unit::Month => period_name(speech, unit, start),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 10 October 2023 was a Tuesday.
        assert_eq!(
            period_start(Unit::Week, date(2023, 10, 10)),
            date(2023, 10, 9)
        );
        assert_eq!(
            period_start(Unit::Month, date(2023, 10, 10)),
            date(2023, 10, 1)
        );
        let origin = date(2023, 10, 9);
        assert_eq!(period_index(Unit::Week, origin, date(2023, 10, 15)), 0);
        assert_eq!(period_index(Unit::Week, origin, date(2023, 10, 16)), 1);
        assert_eq!(
            period_index(Unit::Month, date(2023, 10, 1), date(2024, 3, 21)),
            5
        );
        assert_eq!(
            nth_start(Unit::Month, date(2023, 10, 1), 5),
            date(2024, 3, 1)
        );
    }
}
