//! How the SMS pages write amounts and instants: micro-USD as dollars, shares as percentages,
//! epoch milliseconds in UTC.

/// Micro-USD as dollars with at least two decimals and no trailing zeros past them:
/// `1.00`, `0.00645`.
pub(super) fn usd(micro_usd: i64) -> String {
    let micro = micro_usd.max(0);
    let fraction = format!("{:06}", micro % 1_000_000);
    let trimmed = fraction.trim_end_matches('0');
    let shown = if trimmed.len() < 2 {
        fraction.get(..2).unwrap_or("00")
    } else {
        trimmed
    };
    format!("{}.{shown}", micro / 1_000_000)
}

/// `part` as a percentage of `whole` (positive), one decimal.
pub(super) fn percent(part: i64, whole: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let share = part as f64 * 100.0 / whole as f64;
    format!("{share:.1}")
}

/// An instant, epoch ms, as `2025-03-01 14:05:09 UTC`.
pub(crate) fn utc(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_cents_and_what_is_below_them() {
        assert_eq!(usd(0), "0.00");
        assert_eq!(usd(1_000_000), "1.00");
        assert_eq!(usd(6_450), "0.00645");
        assert_eq!(usd(50_120_000), "50.12");
        assert_eq!(usd(50_100_000), "50.10");
        assert_eq!(percent(1, 4), "25.0");
    }

    #[test]
    fn instants_read_in_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_764_720_000_000), "2025-12-03 00:00:00 UTC");
    }
}
