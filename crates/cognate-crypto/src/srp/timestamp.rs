//! The SRP `TIMESTAMP` (`EEE MMM d HH:mm:ss UTC yyyy`, in English and UTC): formatted as the
//! clients format it, parsed leniently.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// English weekday abbreviations, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// English month abbreviations, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats an instant as Cognito's SRP `TIMESTAMP`, in UTC:
/// `EEE MMM d HH:mm:ss UTC yyyy`, e.g. `Tue Nov 3 04:07:06 UTC 2026` (day not zero-padded).
#[must_use]
pub fn format_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    let weekday = WEEKDAYS[usize::from(t.weekday().number_days_from_monday())];
    let month = MONTHS[usize::from(u8::from(t.month()) - 1)];
    format!(
        "{weekday} {month} {} {:02}:{:02}:{:02} UTC {}",
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.year()
    )
}

/// Parses a 1- or 2-digit decimal field.
fn parse_small(field: &str) -> Option<u8> {
    if field.is_empty() || field.len() > 2 || !field.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// Parses an SRP `TIMESTAMP` as produced by [`format_timestamp`].
///
/// Lenient about what clients are known to vary: the day (and the time fields) may be
/// zero-padded or not, runs of spaces are accepted, names are matched case-insensitively and
/// the zone may be `UTC` or `GMT`. The weekday must be a valid name but is not checked against
/// the date (the signature covers the string as sent). Returns `None` for anything else.
#[must_use]
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let mut fields = s.split_ascii_whitespace();
    let weekday = fields.next()?;
    let month = fields.next()?;
    let day = fields.next()?;
    let clock = fields.next()?;
    let zone = fields.next()?;
    let year = fields.next()?;
    if fields.next().is_some() {
        return None;
    }
    if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(weekday)) {
        return None;
    }
    if !(zone.eq_ignore_ascii_case("UTC") || zone.eq_ignore_ascii_case("GMT")) {
        return None;
    }
    let month_index = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
    let month = Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let day = parse_small(day)?;
    let mut clock = clock.split(':');
    let hour = parse_small(clock.next()?)?;
    let minute = parse_small(clock.next()?)?;
    let second = parse_small(clock.next()?)?;
    if clock.next().is_some() {
        return None;
    }
    if year.len() != 4 || !year.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::srp::vectors::ALL;

    #[test]
    fn timestamps_format_like_the_clients() {
        assert_eq!(
            format_timestamp(datetime!(2026-11-03 04:07:06 UTC)),
            "Tue Nov 3 04:07:06 UTC 2026"
        );
        assert_eq!(
            format_timestamp(datetime!(2026-01-15 23:59:01 UTC)),
            "Thu Jan 15 23:59:01 UTC 2026"
        );
        // Other offsets are converted to UTC first.
        assert_eq!(
            format_timestamp(datetime!(2025-02-09 02:00:00 +02:00)),
            "Sun Feb 9 00:00:00 UTC 2025"
        );
        assert_eq!(
            format_timestamp(datetime!(2024-12-31 23:00:00 -01:00)),
            "Wed Jan 1 00:00:00 UTC 2025"
        );
    }

    #[test]
    fn every_weekday_and_month_name_is_english() {
        let mut t = datetime!(2026-01-05 12:00:00 UTC); // a Monday
        for expected in WEEKDAYS {
            assert!(format_timestamp(t).starts_with(expected));
            t += time::Duration::days(1);
        }
        for (i, expected) in MONTHS.iter().enumerate() {
            let month = Month::try_from(u8::try_from(i + 1).unwrap()).unwrap();
            let t = Date::from_calendar_date(2026, month, 1)
                .unwrap()
                .midnight()
                .assume_utc();
            assert_eq!(&format_timestamp(t)[4..7], *expected);
        }
    }

    #[test]
    fn timestamps_parse_with_or_without_a_padded_day() {
        let expected = datetime!(2026-11-03 04:07:06 UTC);
        for text in [
            "Tue Nov 3 04:07:06 UTC 2026",
            "Tue Nov 03 04:07:06 UTC 2026",
            "Tue  Nov  3 04:07:06 UTC 2026",
            "tue nov 3 4:7:6 GMT 2026",
        ] {
            assert_eq!(parse_timestamp(text), Some(expected), "{text}");
        }
        for kat in ALL {
            let t = parse_timestamp(kat.timestamp).unwrap();
            assert_eq!(format_timestamp(t), kat.timestamp);
        }
    }

    #[test]
    fn formatted_timestamps_parse_back_to_the_same_second() {
        let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
        assert_eq!(parse_timestamp(&format_timestamp(now)), Some(now));
    }

    #[test]
    fn malformed_timestamps_do_not_parse() {
        for bad in [
            "",
            "Tue Nov 3 04:07:06 UTC",
            "Tue Nov 3 04:07:06 UTC 2026 extra",
            "Xyz Nov 3 04:07:06 UTC 2026",
            "Tue Foo 3 04:07:06 UTC 2026",
            "Tue Nov 31 04:07:06 UTC 2026",
            "Tue Nov 3 24:07:06 UTC 2026",
            "Tue Nov 3 04:07 UTC 2026",
            "Tue Nov 3 04:07:06:01 UTC 2026",
            "Tue Nov 3 04:07:06 PST 2026",
            "Tue Nov 3 04:07:06 UTC 26",
            "Tue Nov 003 04:07:06 UTC 2026",
            "Tue Nov +3 04:07:06 UTC 2026",
            "2026-11-03T04:07:06Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }
}
