//! Rate counters: a count adds one to its key's window and answers that window's count with
//! the previous window's; keys and windows are counted apart; counts made at the same time are
//! all counted; a purge drops the windows no longer needed and keeps the others.

use crate::store::{Store, WindowCounts};

const PERIOD: i64 = 60_000;
/// The start of a window, a multiple of the period.
const W0: i64 = 1_800_000_000_000;

fn counts(previous: u64, current: u64) -> WindowCounts {
    WindowCounts { current, previous }
}

async fn count<S: Store>(store: &S, key: &str, window_start_ms: i64) -> WindowCounts {
    store
        .count_in_window(key, window_start_ms, PERIOD)
        .await
        .unwrap()
}

pub(super) async fn counts_add_up_per_key_and_window_and_old_windows_are_purged<S: Store>(
    store: &S,
) {
    for n in 1..=3 {
        assert_eq!(count(store, "rate-a", W0).await, counts(0, n));
    }
    assert_eq!(count(store, "rate-b", W0).await, counts(0, 1), "keys apart");
    let w1 = W0 + PERIOD;
    assert_eq!(
        count(store, "rate-a", w1).await,
        counts(3, 1),
        "the previous window"
    );
    let w2 = w1 + PERIOD;
    assert_eq!(count(store, "rate-a", w2).await, counts(1, 1));
    assert_eq!(
        count(store, "rate-a", w2 + 5 * PERIOD).await,
        counts(0, 1),
        "no window just before"
    );

    // Eight counts at once (each on its own connection where the backend has several).
    let one = || count(store, "rate-c", W0);
    let all = tokio::join!(one(), one(), one(), one(), one(), one(), one(), one());
    let mut seen = [all.0, all.1, all.2, all.3, all.4, all.5, all.6, all.7]
        .map(|c| c.current)
        .to_vec();
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=8).collect::<Vec<u64>>(),
        "each count saw its own total"
    );
    assert_eq!(count(store, "rate-c", W0).await, counts(0, 9));

    // The windows of W0 are needed until W0 + 2 periods, while W0 may be the previous one.
    assert_eq!(store.purge_rate_counts(W0 + 2 * PERIOD).await.unwrap(), 0);
    assert_eq!(
        store.purge_rate_counts(W0 + 2 * PERIOD + 1).await.unwrap(),
        3
    );
    assert_eq!(
        count(store, "rate-a", w1).await,
        counts(0, 2),
        "W0 is gone, W1 stays"
    );
    assert_eq!(
        count(store, "rate-b", W0).await,
        counts(0, 1),
        "counted anew"
    );
}
