//! The abuse limits' rules, their default rates, and the text operators write them in:
//! `NAME=COUNT/PERIOD` (`sign-in-per-ip=3000/1m`) or `NAME=off`.

use std::fmt;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
/// The longest period a rate may have (its windows are kept for two periods).
const MAX_PERIOD_MS: i64 = 24 * HOUR_MS;

/// At most `count` events in any `period_ms` (a sliding window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Events allowed in a period.
    pub count: u64,
    /// The period, in milliseconds.
    pub period_ms: i64,
}

impl Rate {
    /// `count` events per second.
    pub const fn per_second(count: u64) -> Rate {
        Rate {
            count,
            period_ms: SECOND_MS,
        }
    }

    const fn per_minutes(count: u64, minutes: i64) -> Rate {
        Rate {
            count,
            period_ms: minutes * MINUTE_MS,
        }
    }

    /// Parses `COUNT/PERIOD`, the period being a number and a unit (`s`, `m` or `h`; the
    /// number is 1 when left out) from 1s to 24h: `1800/60s`, `30/10m`, `120/s`.
    pub fn parse(text: &str) -> Result<Rate, String> {
        let (count, period) = text
            .split_once('/')
            .ok_or_else(|| format!("{text:?} is not COUNT/PERIOD (e.g. 1800/60s) or off"))?;
        let count: u64 = count
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a count", count.trim()))?;
        if count == 0 {
            return Err(
                "a count of 0 would refuse everything: write off to turn the limit off".into(),
            );
        }
        let period = period.trim();
        let digits = period
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(period.len());
        let (number, unit) = period.split_at(digits);
        let unit_ms = match unit {
            "s" => SECOND_MS,
            "m" => MINUTE_MS,
            "h" => HOUR_MS,
            _ => {
                return Err(format!(
                    "{period:?} is not a period: a number and s, m or h (e.g. 60s, 10m, 1h)"
                ))
            }
        };
        let number: i64 = if number.is_empty() {
            1
        } else {
            number.parse().unwrap_or(i64::MAX)
        };
        let period_ms = number
            .checked_mul(unit_ms)
            .filter(|ms| (1..=MAX_PERIOD_MS).contains(ms))
            .ok_or_else(|| format!("the period {period:?} is not from 1s to 24h"))?;
        Ok(Rate { count, period_ms })
    }
}

/// `COUNT/PERIOD` in the largest unit that divides the period: `3000/1m`, `30/10m`.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.period_ms;
        let (number, unit) = [(HOUR_MS, "h"), (MINUTE_MS, "m"), (SECOND_MS, "s")]
            .into_iter()
            .find(|(unit_ms, _)| ms % unit_ms == 0)
            .map_or((ms, "ms"), |(unit_ms, unit)| (ms / unit_ms, unit));
        write!(f, "{}/{number}{unit}", self.count)
    }
}

/// An abuse limit: what it counts, and whose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Sign-in steps (InitiateAuth but REFRESH_TOKEN_AUTH, RespondToAuthChallenge, the hosted
    /// sign-in page) from one source address, through the public API or the hosted pages.
    SignInPerIp,
    /// Sign-in steps naming one username in a pool, the public and the Admin API alike.
    SignInPerUsername,
    /// Requests that send a code (SignUp, ResendConfirmationCode, ForgotPassword,
    /// GetUserAttributeVerificationCode, UpdateUserAttributes when it sends one, an SMS MFA
    /// code at sign-in) from one source address, through the public API or the hosted pages.
    CodeSendingPerIp,
    /// The same, for one username in a pool.
    CodeSendingPerUsername,
}

impl Rule {
    /// Every rule, in the order they are listed.
    pub const ALL: [Rule; 4] = [
        Rule::SignInPerIp,
        Rule::SignInPerUsername,
        Rule::CodeSendingPerIp,
        Rule::CodeSendingPerUsername,
    ];

    /// The rule's name in `--rate-limit`, the metrics and the docs.
    pub fn name(self) -> &'static str {
        match self {
            Rule::SignInPerIp => "sign-in-per-ip",
            Rule::SignInPerUsername => "sign-in-per-username",
            Rule::CodeSendingPerIp => "code-sending-per-ip",
            Rule::CodeSendingPerUsername => "code-sending-per-username",
        }
    }

    /// The rate the rule has unless configured otherwise: well above what people do, so that
    /// only automated abuse meets it. The per-address rates leave room for many users behind
    /// one address (an office, a carrier's NAT) and for test suites run from one host.
    pub fn default_rate(self) -> Rate {
        match self {
            Rule::SignInPerIp => Rate::per_minutes(3_000, 1),
            Rule::SignInPerUsername => Rate::per_minutes(120, 1),
            Rule::CodeSendingPerIp => Rate::per_minutes(3_000, 10),
            Rule::CodeSendingPerUsername => Rate::per_minutes(30, 10),
        }
    }

    fn named(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    fn index(self) -> usize {
        match self {
            Rule::SignInPerIp => 0,
            Rule::SignInPerUsername => 1,
            Rule::CodeSendingPerIp => 2,
            Rule::CodeSendingPerUsername => 3,
        }
    }
}

/// What a limited request does, which decides the rules it is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limited {
    /// A sign-in step.
    SignIn,
    /// Sending a code (or asking for one, for a name that may hold no user).
    CodeSending,
}

impl Limited {
    /// Its per-address rule and its per-username rule.
    pub(super) fn rules(self) -> (Rule, Rule) {
        match self {
            Limited::SignIn => (Rule::SignInPerIp, Rule::SignInPerUsername),
            Limited::CodeSending => (Rule::CodeSendingPerIp, Rule::CodeSendingPerUsername),
        }
    }
}

/// The limits a deployment enforces: a rate per rule (none where a rule is off), and whether
/// Cognito's per-category request quotas apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    rules: [Option<Rate>; 4],
    operation_quotas: bool,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::defaults()
    }
}

impl RateLimits {
    /// No limit at all.
    pub fn none() -> Self {
        Self {
            rules: [None; 4],
            operation_quotas: false,
        }
    }

    /// Every rule at its [`Rule::default_rate`], no operation quotas.
    pub fn defaults() -> Self {
        Self {
            rules: Rule::ALL.map(|rule| Some(rule.default_rate())),
            operation_quotas: false,
        }
    }

    /// Applies one setting, `NAME=COUNT/PERIOD` or `NAME=off`; the error says what is wrong.
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("{setting:?} is not NAME=COUNT/PERIOD or NAME=off"))?;
        let name = name.trim();
        let rule = Rule::named(name).ok_or_else(|| {
            let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
            format!(
                "no limit is named {name:?}; the limits are {}",
                names.join(", ")
            )
        })?;
        self.rules[rule.index()] = match value.trim() {
            "off" => None,
            rate => Some(Rate::parse(rate).map_err(|e| format!("{name}: {e}"))?),
        };
        Ok(())
    }

    /// These limits, with Cognito's per-category request quotas or without them.
    #[must_use]
    pub fn with_operation_quotas(mut self, on: bool) -> Self {
        self.operation_quotas = on;
        self
    }

    /// The rate of `rule`; `None` when it is off.
    pub fn rate(&self, rule: Rule) -> Option<Rate> {
        self.rules[rule.index()]
    }

    /// Whether Cognito's per-category request quotas apply.
    pub fn has_operation_quotas(&self) -> bool {
        self.operation_quotas
    }
}

/// `sign-in-per-ip=3000/1m, …, operation quotas off`: for the log at start-up.
impl fmt::Display for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for rule in Rule::ALL {
            match self.rate(rule) {
                Some(rate) => write!(f, "{}={rate}, ", rule.name())?,
                None => write!(f, "{}=off, ", rule.name())?,
            }
        }
        let quotas = if self.operation_quotas {
            "cognito"
        } else {
            "off"
        };
        write!(f, "operation quotas {quotas}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_a_count_and_a_period_in_seconds_minutes_or_hours() {
        for (text, count, period_ms) in [
            ("1800/60s", 1800, 60_000),
            ("30/10m", 30, 600_000),
            ("5/1h", 5, 3_600_000),
            ("120/s", 120, 1_000),
            (" 7 / 2m ", 7, 120_000),
            ("1/24h", 1, 86_400_000),
        ] {
            assert_eq!(Rate::parse(text), Ok(Rate { count, period_ms }), "{text}");
        }
    }

    #[test]
    fn a_malformed_rate_is_refused_with_what_is_wrong() {
        for (text, words) in [
            ("1800", "COUNT/PERIOD"),
            ("many/60s", "not a count"),
            ("-1/60s", "not a count"),
            ("0/60s", "write off"),
            ("10/60", "not a period"),
            ("10/60d", "not a period"),
            ("10/1.5m", "not a period"),
            ("10/0s", "1s to 24h"),
            ("10/25h", "1s to 24h"),
            ("10/99999999999999999999s", "1s to 24h"),
        ] {
            let error = Rate::parse(text).unwrap_err();
            assert!(error.contains(words), "{text}: {error}");
        }
    }

    #[test]
    fn a_rate_is_written_in_the_largest_unit_that_divides_its_period() {
        for text in ["3000/1m", "30/10m", "5/1h", "120/1s", "7/90s"] {
            assert_eq!(Rate::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Rate::parse("1/60s").unwrap().to_string(), "1/1m");
    }

    #[test]
    fn every_rule_is_on_by_default_and_settings_change_or_turn_off_one_rule() {
        let mut limits = RateLimits::defaults();
        for rule in Rule::ALL {
            assert_eq!(limits.rate(rule), Some(rule.default_rate()));
        }
        limits.set("sign-in-per-ip=20/60s").unwrap();
        limits.set("code-sending-per-username=off").unwrap();
        assert_eq!(
            limits.rate(Rule::SignInPerIp),
            Some(Rate {
                count: 20,
                period_ms: 60_000
            })
        );
        assert_eq!(limits.rate(Rule::CodeSendingPerUsername), None);
        assert_eq!(
            limits.rate(Rule::SignInPerUsername),
            Some(Rule::SignInPerUsername.default_rate())
        );
        assert!(!limits.has_operation_quotas());
        assert!(limits
            .clone()
            .with_operation_quotas(true)
            .has_operation_quotas());
        assert_eq!(
            limits.to_string(),
            "sign-in-per-ip=20/1m, sign-in-per-username=120/1m, code-sending-per-ip=3000/10m, \
             code-sending-per-username=off, operation quotas off"
        );
    }

    #[test]
    fn settings_name_a_known_rule_and_a_rate_or_off() {
        let mut limits = RateLimits::none();
        let error = limits.set("sign-in-per-user=5/1m").unwrap_err();
        assert!(error.contains("sign-in-per-username"), "{error}");
        assert!(limits
            .set("sign-in-per-ip")
            .unwrap_err()
            .contains("NAME=off"));
        let error = limits.set("sign-in-per-ip=lots").unwrap_err();
        assert!(error.starts_with("sign-in-per-ip: "), "{error}");
        assert_eq!(
            limits,
            RateLimits::none(),
            "nothing changed by a refused setting"
        );
        limits.set("code-sending-per-ip=10/1h").unwrap();
        assert!(limits.rate(Rule::CodeSendingPerIp).is_some());
    }
}
