//! What one SMS costs, by destination country: a default table close to Amazon SNS's
//! transactional prices, which an operator may override (e.g. with their provider's prices).

use std::collections::BTreeMap;

/// Default prices in US dollars per message, by ISO 3166 country.
const DEFAULT_USD: &[(&str, f64)] = &[
    ("US", 0.006_45),
    ("CA", 0.007_46),
    ("MX", 0.023_6),
    ("BR", 0.027_5),
    ("GB", 0.046_3),
    ("IE", 0.064_2),
    ("DE", 0.083_9),
    ("FR", 0.079_8),
    ("ES", 0.085_5),
    ("IT", 0.086_6),
    ("NL", 0.106_3),
    ("SE", 0.068_3),
    ("CH", 0.054_2),
    ("PL", 0.038_9),
    ("IN", 0.002_2),
    ("CN", 0.032_0),
    ("JP", 0.074_4),
    ("KR", 0.024_2),
    ("SG", 0.039_0),
    ("AU", 0.041_2),
    ("NZ", 0.114_0),
    ("ZA", 0.026_2),
    ("NG", 0.144_0),
];

/// Price of a destination in no table: deliberately high, so that unusual destinations are
/// the first to meet the spend limit.
const FALLBACK_USD: f64 = 0.15;

/// Prices per message, in millionths of a US dollar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsPrices {
    by_country: BTreeMap<String, i64>,
    fallback: i64,
}

fn micro(usd: f64) -> i64 {
    // Prices are small positive numbers; rounding to the micro-dollar is exact enough.
    #[allow(clippy::cast_possible_truncation)]
    let micro = (usd * 1_000_000.0).round() as i64;
    micro.max(0)
}

impl Default for SmsPrices {
    fn default() -> Self {
        Self {
            by_country: DEFAULT_USD
                .iter()
                .map(|(c, usd)| ((*c).to_string(), micro(*usd)))
                .collect(),
            fallback: micro(FALLBACK_USD),
        }
    }
}

impl SmsPrices {
    /// The default table with `overrides` (country → USD; the key `default` sets the price of
    /// countries in no table).
    pub fn with_overrides(overrides: &BTreeMap<String, f64>) -> Self {
        let mut prices = Self::default();
        for (country, usd) in overrides {
            if country.eq_ignore_ascii_case("default") {
                prices.fallback = micro(*usd);
            } else {
                prices
                    .by_country
                    .insert(country.to_ascii_uppercase(), micro(*usd));
            }
        }
        prices
    }

    /// The price of one message to `country`, micro-USD.
    pub fn micro_usd(&self, country: &str) -> i64 {
        self.by_country
            .get(country)
            .copied()
            .unwrap_or(self.fallback)
    }
}

/// The ISO 3166 country of an E.164 number: the region its digits belong to, else the main
/// region of its calling code (US for +1, GB for +44), else `ZZ`.
pub(super) fn country_of(phone_number: &str) -> String {
    let Ok(number) = phonenumber::parse(None, phone_number) else {
        return "ZZ".into();
    };
    if let Some(id) = number.country().id() {
        return id.as_ref().to_string();
    }
    phonenumber::metadata::DATABASE
        .by_code(&number.country().code())
        .and_then(|regions| {
            regions
                .iter()
                .find(|m| m.is_main_country_for_code())
                .or_else(|| regions.first())
                .map(|m| m.id().to_string())
        })
        .unwrap_or_else(|| "ZZ".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_by_country_with_overrides() {
        let prices = SmsPrices::with_overrides(&BTreeMap::from([
            ("gb".to_string(), 0.05),
            ("default".to_string(), 1.0),
        ]));
        assert_eq!(prices.micro_usd("US"), 6_450);
        assert_eq!(prices.micro_usd("GB"), 50_000);
        assert_eq!(prices.micro_usd("ZZ"), 1_000_000);
    }

    #[test]
    fn countries_of_numbers() {
        assert_eq!(country_of("+14155550123"), "US");
        assert_eq!(country_of("+442071838750"), "GB");
        assert_eq!(country_of("+15555550123"), "US");
        assert_eq!(country_of("+4915112345678"), "DE");
        assert_eq!(country_of("not a number"), "ZZ");
    }
}
