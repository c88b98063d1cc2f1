//! Counting requests against the limits, and refusing those over one.

use std::{net::IpAddr, sync::Arc};

use super::{
    quotas::QuotaCategory,
    rules::{Limited, Rate, RateLimits},
    window,
};
use crate::{
    error::{CoreError, CoreResult},
    model::UserPool,
    service::{attempts, Cognate, RequestContext},
};

const KEY_PURPOSE: &str = "rate-limit-key";

/// What the per-address rules count a source by: an IPv4 address, or the /64 network of an
/// IPv6 address (the block one subscriber gets, through whose addresses a client can rotate).
fn address_scope(address: &str) -> String {
    match address.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V6(ip)) => {
            let s = ip.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(ip) => ip.to_string(),
        Err(_) => address.to_string(),
    }
}

impl Cognate {
    /// The service, enforcing `limits` ([`Cognate::new`] enforces none; the server's default
    /// is [`RateLimits::defaults`]).
    #[must_use]
    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits = Arc::new(limits);
        self
    }

    /// The limits the service enforces.
    pub fn rate_limits(&self) -> &RateLimits {
        &self.limits
    }

    /// Counts a public request of `rc` that sends a code for `name` in `pool` against the
    /// code-sending rules (its address and the name).
    pub(crate) async fn limit_code_sending(
        &self,
        rc: &RequestContext,
        pool: &UserPool,
        name: &str,
    ) -> CoreResult<()> {
        let source = rc.source_ip.as_deref();
        self.check_limits(Limited::CodeSending, source, pool, name)
            .await
    }

    /// Counts a request that does `what` for `name` in `pool` (as given, before any lookup)
    /// against the per-username rule of `what`, and, when `source` is given (the client's
    /// address, for the public API), against its per-address rule first:
    /// `TooManyRequestsException` when over either.
    pub(crate) async fn check_limits(
        &self,
        what: Limited,
        source: Option<&str>,
        pool: &UserPool,
        name: &str,
    ) -> CoreResult<()> {
        let (per_address, per_name) = what.rules();
        if let (Some(rate), Some(address)) = (self.limits.rate(per_address), source) {
            self.count_against(per_address.name(), rate, &address_scope(address))
                .await?;
        }
        if let Some(rate) = self.limits.rate(per_name) {
            let subject = format!("{}|{}", pool.id, attempts::name_key(pool, name));
            self.count_against(per_name.name(), rate, &subject).await?;
        }
        Ok(())
    }

    /// Counts a request of `category` against Cognito's quota for it, where the deployment
    /// applies them: `TooManyRequestsException` when over it.
    pub async fn check_operation_quota(&self, category: QuotaCategory) -> CoreResult<()> {
        if !self.limits.has_operation_quotas() {
            return Ok(());
        }
        self.count_against(category.name(), category.rate(), "account")
            .await
    }

    /// Counts one event of `subject` under the limit named `limit` and checks it against
    /// `rate`; a refusal is counted in the metrics under `limit`.
    pub(crate) async fn count_against(
        &self,
        limit: &'static str,
        rate: Rate,
        subject: &str,
    ) -> CoreResult<()> {
        let now = self.now_ms();
        let begin = window::start(now, rate.period_ms);
        let key = self
            .master_key
            .mac_hex(KEY_PURPOSE, format!("{limit}|{subject}").as_bytes());
        let counts = self
            .store
            .count_in_window(&key, begin, rate.period_ms)
            .await?;
        self.purge_rate_counts_now_and_then(now);
        if window::allows(rate, counts, now - begin) {
            return Ok(());
        }
        self.metrics.count_rate_limited(limit);
        Err(CoreError::rate_exceeded())
    }

    /// One count in 256 also deletes the windows no longer needed, on a task of its own so
    /// that no request waits for it.
    fn purge_rate_counts_now_and_then(&self, now: i64) {
        if rand::random::<u8>() != 0 {
            return;
        }
        let store = Arc::clone(&self.store);
        tokio::spawn(async move {
            if let Err(e) = store.purge_rate_counts(now).await {
                tracing::warn!(error = %e, "purging old rate-limit counters failed");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_counts_by_address_and_ipv6_by_its_slash_64() {
        assert_eq!(address_scope("203.0.113.9"), "203.0.113.9");
        assert_eq!(address_scope("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(
            address_scope("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_scope("2001:db8:1:2::1"),
            address_scope("2001:db8:1:2:ffff::9")
        );
        assert_ne!(
            address_scope("2001:db8:1:2::1"),
            address_scope("2001:db8:1:3::1")
        );
        assert_eq!(address_scope("not an address"), "not an address");
    }
}
