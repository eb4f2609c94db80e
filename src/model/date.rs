//! Dates at the precision a source gives: a year, a year and month, or a full date.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A calendar day, comparable; the bounds of what a partial date can mean.
pub type Day = (i32, u8, u8);

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing impossible dates (`2017-02-30`,
    /// `0000-00-00`).
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
        let year: i32 = year.parse().ok().filter(|&y| y >= 1)?;
        let mut two_digits = |max: u8| -> Option<Option<u8>> {
            match parts.next() {
                None => Some(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    let n: u8 = p.parse().ok()?;
                    (1..=max).contains(&n).then_some(Some(n))
                }
                Some(_) => None,
            }
        };
        let month = two_digits(12)?;
        let day = match month {
            Some(m) => two_digits(days_in_month(year, m))?,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The first day this date can mean.
    pub fn earliest(&self) -> Day {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date can mean.
    pub fn latest(&self) -> Day {
        let month = self.month.unwrap_or(12);
        (self.year, month, self.day.unwrap_or(days_in_month(self.year, month)))
    }

    /// `2017` or `2017-03` rather than a day the source never gave.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (None, _) => "year",
            (Some(_), None) => "month",
            (Some(_), Some(_)) => "day",
        }
    }

    /// Today (UTC) as a full date.
    pub fn today() -> PartialDate {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
        PartialDate { year, month: Some(month), day: Some(day) }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a valid date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_refuses_impossible_dates() {
        assert_eq!(PartialDate::parse("2017").unwrap().precision(), "year");
        assert_eq!(PartialDate::parse("2017-03").unwrap().precision(), "month");
        assert_eq!(PartialDate::parse("2016-02-29").unwrap().precision(), "day");
        for bad in ["2017-02-30", "0000-00-00", "2017-13", "2017-3", "17", "20170", "2017-03-08x", "2015-02-29", ""] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn bounds_cover_what_a_partial_date_can_mean() {
        let year = PartialDate::parse("2016").unwrap();
        assert_eq!(year.earliest(), (2016, 1, 1));
        assert_eq!(year.latest(), (2016, 12, 31));
        assert_eq!(PartialDate::parse("2016-02").unwrap().latest(), (2016, 2, 29));
    }

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_781), (2026, 11, 24));
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        let leap: Vec<i32> = [1900, 1996, 2000, 2023, 2024, 2100, 2400].into_iter().filter(|&y| is_leap(y)).collect();
        assert_eq!(leap, [1996, 2000, 2024, 2400]);
        let lengths: Vec<u8> = (1..=12).map(|m| days_in_month(2023, m)).collect();
        assert_eq!(lengths, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        assert_eq!(days_in_month(2024, 2), 29);
    }

    /// Every day from 0001-01-01 to 2400-12-31, counted one by one, is the day the algorithm
    /// computes from its distance to 1970-01-01.
    #[test]
    fn every_day_of_four_centuries_and_more_maps_to_its_date() {
        let mut days = -719_162; // 0001-01-01
        for year in 1..=2400 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(civil_from_days(days), (year, month, day), "{days} days from 1970-01-01");
                    days += 1;
                }
            }
        }
    }

    #[test]
    fn today_is_a_real_date_after_this_code_was_written() {
        let today = PartialDate::today();
        assert!(today.earliest() >= (2026, 11, 24) && today.year < 3000, "{today}");
        assert_eq!(PartialDate::parse(&today.to_string()), Some(today));
    }
}
