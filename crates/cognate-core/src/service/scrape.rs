//! One scrape of the metrics: the registry's counters, then the gauges read at that moment
//! (the month's SMS spend against its limit from the store, the database's connections from
//! the store backend). It owns the names of those gauges and knows nothing of how the text is
//! served.

use crate::{
    metrics::{Exposition, Kind, PoolConnections},
    service::Cognate,
};

/// The `pool` label of what SNS Publish spends, which belongs to no user pool (pool ids
/// always hold an underscore, so none reads like this).
const PUBLISH: &str = "publish";

impl Cognate {
    /// The metrics in Prometheus's text format, version 0.0.4. A store that cannot be read
    /// leaves the spend gauges out (and says so in the log) rather than failing the scrape:
    /// the request counters matter most while the database is down.
    pub async fn render_metrics(&self) -> String {
        let mut out = Exposition::default();
        self.metrics.write(&mut out);
        match self.sms_spend_this_month().await {
            Ok((by_pool, limit)) => write_spend(&mut out, &by_pool, limit),
            Err(e) => tracing::warn!(error = %e, "reading the SMS spend for the metrics"),
        }
        if let Some(pools) = &self.connection_pools {
            write_connections(&mut out, &pools.connections());
        }
        out.finish()
    }
}

/// Micro-dollars as dollars.
fn usd(micro_usd: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let micro = micro_usd as f64;
    micro / 1_000_000.0
}

fn write_spend(out: &mut Exposition, by_pool: &[(String, i64)], limit: i64) {
    out.family(
        "cognate_sms_spend_usd",
        "SMS spend this calendar month (UTC) by user pool, USD; the same on every node of a database.",
        Kind::Gauge,
    );
    for (pool, micro_usd) in by_pool {
        let pool = if pool.is_empty() {
            PUBLISH
        } else {
            pool.as_str()
        };
        out.sample("cognate_sms_spend_usd", &[("pool", pool)], usd(*micro_usd));
    }
    out.family(
        "cognate_sms_spend_limit_usd",
        "The account's MonthlySpendLimit for SMS, USD.",
        Kind::Gauge,
    );
    out.sample("cognate_sms_spend_limit_usd", &[], usd(limit));
}

fn write_connections(out: &mut Exposition, pools: &[PoolConnections]) {
    out.family(
        "cognate_db_pool_connections",
        "Open database connections of this node by pool and state (idle or in_use).",
        Kind::Gauge,
    );
    for pool in pools {
        let in_use = usize::try_from(pool.open)
            .unwrap_or(usize::MAX)
            .saturating_sub(pool.idle);
        let labels = |state: &'static str| [("pool", pool.pool), ("state", state)];
        out.sample("cognate_db_pool_connections", &labels("idle"), pool.idle);
        out.sample("cognate_db_pool_connections", &labels("in_use"), in_use);
    }
    out.family(
        "cognate_db_pool_max_connections",
        "The most connections each database pool of this node opens.",
        Kind::Gauge,
    );
    for pool in pools {
        out.sample(
            "cognate_db_pool_max_connections",
            &[("pool", pool.pool)],
            pool.max,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_spend_is_labelled_and_in_use_is_open_minus_idle() {
        let mut out = Exposition::default();
        write_spend(
            &mut out,
            &[(String::new(), 6_450), ("us-east-1_abc".into(), 1_500_000)],
            1_000_000,
        );
        write_connections(
            &mut out,
            &[PoolConnections {
                pool: "writer",
                open: 3,
                idle: 1,
                max: 4,
            }],
        );
        let text = out.finish();
        for line in [
            "cognate_sms_spend_usd{pool=\"publish\"} 0.00645",
            "cognate_sms_spend_usd{pool=\"us-east-1_abc\"} 1.5",
            "cognate_sms_spend_limit_usd 1",
            "cognate_db_pool_connections{pool=\"writer\",state=\"idle\"} 1",
            "cognate_db_pool_connections{pool=\"writer\",state=\"in_use\"} 2",
            "cognate_db_pool_max_connections{pool=\"writer\"} 4",
        ] {
            assert!(
                text.contains(&format!("{line}\n")),
                "no {line:?} in\n{text}"
            );
        }
    }
}
