//! A sliding window made of fixed ones. Events are counted in windows that start at multiples
//! of the period, so that every node counts in the same ones; a limit is checked against the
//! current window's count plus the previous window's, weighted by the share of it that the
//! sliding window (one period back from now) still covers. This assumes the previous window's
//! events were spread evenly; it never lets through more than twice the rate in any period,
//! where fixed windows alone would let a burst at the end of one and the start of the next.

use super::rules::Rate;
use crate::store::WindowCounts;

/// The start of the fixed window `now_ms` falls in.
pub(super) fn start(now_ms: i64, period_ms: i64) -> i64 {
    now_ms - now_ms.rem_euclid(period_ms.max(1))
}

/// Whether `counts`, taken `elapsed_ms` into the current window, stay within `rate`:
/// `previous × (period − elapsed) / period + current ≤ count`, computed in integers.
pub(super) fn allows(rate: Rate, counts: WindowCounts, elapsed_ms: i64) -> bool {
    let period = u128::try_from(rate.period_ms).unwrap_or(0).max(1);
    let elapsed = u128::try_from(elapsed_ms).unwrap_or(0).min(period);
    let weighted =
        u128::from(counts.previous) * (period - elapsed) + u128::from(counts.current) * period;
    weighted <= u128::from(rate.count) * period
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const MINUTE: Rate = Rate {
        count: 10,
        period_ms: 60_000,
    };

    fn counts(previous: u64, current: u64) -> WindowCounts {
        WindowCounts { current, previous }
    }

    #[test]
    fn windows_start_at_multiples_of_the_period() {
        assert_eq!(start(0, 60_000), 0);
        assert_eq!(start(59_999, 60_000), 0);
        assert_eq!(start(60_000, 60_000), 60_000);
        assert_eq!(start(1_700_000_123_456, 1_000), 1_700_000_123_000);
        assert_eq!(start(1_700_000_123_456, 3_600_000), 1_699_999_200_000);
        assert_eq!(start(5, 0), 5, "a period of 0 is read as 1 ms");
    }

    #[test]
    fn with_an_empty_previous_window_exactly_count_events_pass() {
        for elapsed in [0, 1, 30_000, 59_999] {
            let passed = (1..=25)
                .filter(|n| allows(MINUTE, counts(0, *n), elapsed))
                .count();
            assert_eq!(passed, 10, "{elapsed} ms into the window");
        }
    }

    #[test]
    fn the_previous_window_weighs_by_the_share_the_sliding_window_still_covers() {
        // At the very start of a window the previous one counts whole: nothing more passes.
        assert!(!allows(MINUTE, counts(10, 1), 0));
        // Halfway, half of it: five more pass.
        assert!(allows(MINUTE, counts(10, 5), 30_000));
        assert!(!allows(MINUTE, counts(10, 6), 30_000));
        // At its end, nothing of it: the whole rate passes again.
        assert!(allows(MINUTE, counts(10, 10), 60_000));
        assert!(!allows(MINUTE, counts(10, 11), 60_000));
        // Refused attempts count too: a client that kept trying stays refused longer.
        assert!(!allows(MINUTE, counts(40, 1), 30_000));
    }

    #[test]
    fn a_run_through_the_turn_of_a_window_still_passes_exactly_count_events() {
        // 6 events at the end of one window, then the run goes on 100 ms into the next.
        let mut passed = 6;
        passed += (1..=20)
            .take_while(|n| allows(MINUTE, counts(6, *n), 100))
            .count();
        assert_eq!(passed, 10);
    }

    #[test]
    fn no_period_lets_through_more_than_twice_the_rate() {
        let rate = Rate {
            count: 100,
            period_ms: 1_000,
        };
        for gap_ms in [1_usize, 3, 7, 10, 13] {
            // One attempt every `gap_ms`, counted as the store counts them, refused or not.
            let mut windows: BTreeMap<i64, u64> = BTreeMap::new();
            let mut passed = Vec::new();
            for now in (0_i64..10_000).step_by(gap_ms) {
                let begin = start(now, rate.period_ms);
                let current = {
                    let count = windows.entry(begin).or_default();
                    *count += 1;
                    *count
                };
                let previous = windows.get(&(begin - rate.period_ms)).copied().unwrap_or(0);
                if allows(rate, counts(previous, current), now - begin) {
                    passed.push(now);
                }
            }
            assert!(
                passed.len() >= 100,
                "every {gap_ms} ms: {} passed",
                passed.len()
            );
            for (i, t) in passed.iter().enumerate() {
                let within = passed[i..]
                    .iter()
                    .take_while(|later| **later < t + rate.period_ms)
                    .count();
                assert!(within <= 200, "every {gap_ms} ms: {within} from {t} ms");
            }
        }
    }
}
