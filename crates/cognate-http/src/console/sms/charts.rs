//! The SMS page's figures drawn on the server: the month's spend against the limit, and bar
//! charts of the spend by day and by destination country, each an inline SVG (`role="img"`
//! with its figures in words) followed by a table of the same figures. No script and no style
//! attribute: the colours are SVG presentation attributes, which the pages' CSP allows.
//!
//! The spend report counts by pool and country only; the figures by day come from the audit
//! log, which records every SMS sent with its cost.

use std::collections::BTreeMap;

use cognate_core::{model::SmsSpend, Cognate, CoreError};
use maud::{html, Markup};
use serde_json::Value;
use time::{Date, Month};

use super::figures::usd;

const DAY_MS: i64 = 86_400_000;
/// How many pages of the audit log (500 events a page) one view of the page reads.
const AUDIT_PAGES: usize = 20;
/// The charts' size, in SVG units (they scale down with the page).
const WIDTH: i64 = 640;
const HEIGHT: i64 = 176;
/// Where the bars stand, and the room above them.
const BASELINE: i64 = 150;
const TOP: i64 = 8;
const SIDE: i64 = 8;
const BAR: &str = "#1f5fbf";
const INK: &str = "#5b6470";

/// The month's SMS by day of the month.
#[derive(Debug, Default)]
pub(super) struct Daily {
    /// Days in the month (0 when unknown).
    pub length: u8,
    /// Messages and spend (micro-USD) by day of the month, from 1, for the days that had any.
    pub days: BTreeMap<u8, (i64, i64)>,
    /// Whether every audit event of the month was read.
    pub complete: bool,
}

/// The first instant (epoch ms) and the number of days of `YYYY-MM`.
fn month_bounds(month: &str) -> Option<(i64, u8)> {
    let (year, number) = month.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month = Month::try_from(number.parse::<u8>().ok()?).ok()?;
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let start = first.midnight().assume_utc().unix_timestamp() * 1000;
    Some((start, month.length(year)))
}

/// The SMS sent in `month` (`YYYY-MM`) by day, counted from the audit log's `SmsSent` events,
/// reading at most [`AUDIT_PAGES`] pages of it.
pub(super) async fn daily(cognate: &Cognate, month: &str) -> Result<Daily, CoreError> {
    let Some((start, length)) = month_bounds(month) else {
        return Ok(Daily::default());
    };
    let end = start + i64::from(length) * DAY_MS;
    let mut daily = Daily {
        length,
        ..Daily::default()
    };
    let mut after: Option<String> = None;
    for _ in 0..AUDIT_PAGES {
        let (lines, next) = cognate
            .export_audit_events(None, start, after.as_deref())
            .await?;
        for line in &lines {
            let Ok(event) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let Some(at) = event["createdMs"].as_i64() else {
                continue;
            };
            if event["kind"] != "SmsSent" || !(start..end).contains(&at) {
                continue;
            }
            let day = u8::try_from((at - start) / DAY_MS + 1).unwrap_or(0);
            let cost = event["detail"]["costMicroUsd"].as_i64().unwrap_or(0);
            let (messages, micro_usd) = daily.days.entry(day).or_insert((0, 0));
            *messages += 1;
            *micro_usd += cost;
        }
        after = next;
        if after.is_none() {
            daily.complete = true;
            break;
        }
    }
    Ok(daily)
}

/// One bar: its label under the axis and its value.
struct Bar {
    label: String,
    value: i64,
}

/// `value` of `max` as a length of `room` units (`max` positive).
fn scale(value: i64, max: i64, room: i64) -> i64 {
    let scaled = i128::from(value.clamp(0, max)) * i128::from(room) / i128::from(max.max(1));
    i64::try_from(scaled).unwrap_or(room)
}

/// A bar chart described in words by `description`.
fn bar_chart(description: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let count = i64::try_from(bars.len()).unwrap_or(1).max(1);
    let slot = ((WIDTH - 2 * SIDE) / count).max(1);
    let width = (slot * 7 / 10).max(1);
    html! {
        svg class="chart" role="img" aria-label=(description) xmlns="http://www.w3.org/2000/svg"
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width=(WIDTH) height=(HEIGHT) {
            line x1=(SIDE) y1=(BASELINE) x2=(WIDTH - SIDE) y2=(BASELINE) stroke=(INK) stroke-width="1" {}
            @for (i, bar) in bars.iter().enumerate() {
                @let left = SIDE + i64::try_from(i).unwrap_or(0) * slot + (slot - width) / 2;
                @let height = scale(bar.value, max, BASELINE - TOP);
                rect x=(left) y=(BASELINE - height) width=(width) height=(height) fill=(BAR) {}
                text x=(left + width / 2) y=(BASELINE + 16) text-anchor="middle" font-size="11" fill=(INK) {
                    (bar.label)
                }
            }
        }
    }
}

/// The month's spend against the limit (micro-USD), as a filled bar.
pub(super) fn meter(spent: i64, limit: i64) -> Markup {
    const TALL: i64 = 16;
    let filled = if limit > 0 {
        scale(spent, limit, WIDTH)
    } else if spent > 0 {
        WIDTH
    } else {
        0
    };
    // Past nine tenths of the limit, the bar turns the colour of errors.
    let colour = if filled * 10 >= WIDTH * 9 {
        "#b3261e"
    } else {
        BAR
    };
    let description = format!(
        "{} USD spent of the {} USD monthly spend limit",
        usd(spent),
        usd(limit)
    );
    html! {
        svg class="chart" role="img" aria-label=(description) xmlns="http://www.w3.org/2000/svg"
            viewBox=(format!("0 0 {WIDTH} {TALL}")) width=(WIDTH) height=(TALL) {
            rect x="0" y="0" width=(WIDTH) height=(TALL) fill="#e6eefb" {}
            rect x="0" y="0" width=(filled) height=(TALL) fill=(colour) {}
        }
    }
}

/// The spend of `month` by day: a bar per day of the month, and a table of the days that
/// had messages.
pub(super) fn by_day(month: &str, daily: &Daily) -> Markup {
    let bars: Vec<Bar> = (1..=daily.length)
        .map(|day| Bar {
            label: day.to_string(),
            value: daily.days.get(&day).map_or(0, |(_, micro_usd)| *micro_usd),
        })
        .collect();
    let described: Vec<String> = daily
        .days
        .iter()
        .map(|(day, (_, micro_usd))| format!("day {day}: {} USD", usd(*micro_usd)))
        .collect();
    let description = format!("SMS spend by day in {month}: {}", described.join(", "));
    html! {
        @if daily.days.is_empty() {
            p class="hint" {
                "The audit log holds no SMS of " (month) " (it keeps events only as long as the server's audit retention), so there are no figures by day."
            }
        } @else {
            (bar_chart(&description, &bars))
            div class="table-wrap" {
                table {
                    caption { "Spend by day, " (month) " (UTC)" }
                    thead { tr { th { "Day" } th class="num" { "Messages" } th class="num" { "Spend (USD)" } } }
                    tbody {
                        @for (day, (messages, micro_usd)) in &daily.days {
                            tr { td { (month) "-" (format!("{day:02}")) } td class="num" { (messages) } td class="num" { (usd(*micro_usd)) } }
                        }
                    }
                }
            }
            @if !daily.complete {
                p class="hint" { "The audit log held more events this month than the page reads at once: the latest days may be missing." }
            }
        }
    }
}

/// The spend by destination country (all pools together), largest first: bars and a table.
pub(super) fn by_country(rows: &[SmsSpend]) -> Markup {
    let mut countries: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for row in rows {
        let (messages, micro_usd) = countries.entry(row.country.as_str()).or_insert((0, 0));
        *messages += row.messages;
        *micro_usd += row.micro_usd;
    }
    let mut countries: Vec<(&str, (i64, i64))> = countries.into_iter().collect();
    countries.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    let bars: Vec<Bar> = countries
        .iter()
        .map(|(country, (_, micro_usd))| Bar {
            label: (*country).to_string(),
            value: *micro_usd,
        })
        .collect();
    let described: Vec<String> = countries
        .iter()
        .map(|(country, (_, micro_usd))| format!("{country}: {} USD", usd(*micro_usd)))
        .collect();
    let description = format!("SMS spend by country: {}", described.join(", "));
    html! {
        (bar_chart(&description, &bars))
        div class="table-wrap" {
            table {
                caption { "Spend by destination country" }
                thead { tr { th { "Country" } th class="num" { "Messages" } th class="num" { "Spend (USD)" } } }
                tbody {
                    @for (country, (messages, micro_usd)) in &countries {
                        tr {
                            td { @if *country == "ZZ" { "Unknown" } @else { (country) } }
                            td class="num" { (messages) }
                            td class="num" { (usd(*micro_usd)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_starts_at_midnight_utc_and_knows_its_length() {
        assert_eq!(month_bounds("1970-01"), Some((0, 31)));
        assert_eq!(month_bounds("2024-02").map(|(_, days)| days), Some(29));
        assert_eq!(month_bounds("2025-13"), None);
        assert_eq!(month_bounds("soon"), None);
    }

    #[test]
    fn bars_scale_to_the_largest_and_never_overflow() {
        assert_eq!(scale(50, 100, 140), 70);
        assert_eq!(scale(500, 100, 140), 140);
        assert_eq!(scale(-1, 100, 140), 0);
        assert_eq!(scale(i64::MAX, i64::MAX, 640), 640);
    }

    #[test]
    fn charts_are_images_with_their_figures_in_words_and_no_style() {
        let rows = vec![
            SmsSpend {
                pool_id: "us-east-1_abc".into(),
                country: "US".into(),
                messages: 3,
                micro_usd: 19_350,
            },
            SmsSpend {
                pool_id: String::new(),
                country: "SG".into(),
                messages: 1,
                micro_usd: 39_000,
            },
        ];
        let html = by_country(&rows).into_string();
        assert!(html.contains(r#"role="img""#), "{html}");
        assert!(
            html.contains("SMS spend by country: SG: 0.039 USD, US: 0.01935 USD"),
            "{html}"
        );
        assert!(!html.contains("style"), "{html}");
        assert!(html.contains("</line>"), "SVG elements are closed: {html}");
    }
}
