//! Labelled counters and histograms: one series per combination of label values, kept in a
//! map behind a mutex and written to an [`Exposition`] in label order. Callers pass values
//! from closed sets (operation names, error types, countries), which keeps the maps small;
//! nothing here bounds them.

use std::{
    collections::BTreeMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use super::text::{Exposition, Kind};

/// Upper bounds of the request-duration buckets, seconds (Prometheus's default buckets).
pub(super) const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// A counter per combination of `N` label values.
#[derive(Debug)]
pub(super) struct Counters<const N: usize> {
    name: &'static str,
    help: &'static str,
    labels: [&'static str; N],
    series: Mutex<BTreeMap<[String; N], u64>>,
}

impl<const N: usize> Counters<N> {
    pub(super) fn new(name: &'static str, help: &'static str, labels: [&'static str; N]) -> Self {
        Self {
            name,
            help,
            labels,
            series: Mutex::default(),
        }
    }

    /// Adds one to the series of `values` (given in the order of the label names).
    pub(super) fn inc(&self, values: [&str; N]) {
        self.add(values, 1);
    }

    /// Adds `n` to the series of `values`.
    pub(super) fn add(&self, values: [&str; N], n: u64) {
        *lock(&self.series)
            .entry(values.map(str::to_owned))
            .or_default() += n;
    }

    pub(super) fn write(&self, out: &mut Exposition) {
        out.family(self.name, self.help, Kind::Counter);
        for (values, count) in lock(&self.series).iter() {
            out.sample(self.name, &pairs(&self.labels, values), count);
        }
    }
}

/// A histogram per combination of `N` label values, over [`BUCKETS`].
#[derive(Debug)]
pub(super) struct Histograms<const N: usize> {
    name: &'static str,
    help: &'static str,
    labels: [&'static str; N],
    series: Mutex<BTreeMap<[String; N], Histogram>>,
}

/// One series: observations per bucket (not yet cumulative), their count and their sum.
#[derive(Debug, Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl<const N: usize> Histograms<N> {
    pub(super) fn new(name: &'static str, help: &'static str, labels: [&'static str; N]) -> Self {
        Self {
            name,
            help,
            labels,
            series: Mutex::default(),
        }
    }

    /// Records one observation in the series of `values`.
    pub(super) fn observe(&self, values: [&str; N], value: f64) {
        let mut series = lock(&self.series);
        let histogram = series.entry(values.map(str::to_owned)).or_default();
        // Past the last bound an observation counts only in `+Inf`, which is the total count.
        if let Some(i) = BUCKETS.iter().position(|bound| value <= *bound) {
            histogram.buckets[i] += 1;
        }
        histogram.count += 1;
        histogram.sum += value;
    }

    pub(super) fn write(&self, out: &mut Exposition) {
        out.family(self.name, self.help, Kind::Histogram);
        let bucket = format!("{}_bucket", self.name);
        let sum = format!("{}_sum", self.name);
        let count = format!("{}_count", self.name);
        let bounds = BUCKETS.map(|bound| bound.to_string());
        for (values, histogram) in lock(&self.series).iter() {
            let mut labels = pairs(&self.labels, values);
            let mut cumulative = 0;
            for (bound, observed) in bounds.iter().zip(histogram.buckets) {
                cumulative += observed;
                labels.push(("le", bound.as_str()));
                out.sample(&bucket, &labels, cumulative);
                labels.pop();
            }
            labels.push(("le", "+Inf"));
            out.sample(&bucket, &labels, histogram.count);
            labels.pop();
            out.sample(&sum, &labels, histogram.sum);
            out.sample(&count, &labels, histogram.count);
        }
    }
}

/// Label names paired with one series' values.
fn pairs<'a, const N: usize>(
    names: &[&'static str; N],
    values: &'a [String; N],
) -> Vec<(&'a str, &'a str)> {
    names
        .iter()
        .zip(values)
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

/// A poisoned lock still holds consistent numbers: every update is a single assignment.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_inf_is_the_count() {
        let h = Histograms::new("d_seconds", "Durations.", ["op"]);
        h.observe(["A"], 0.004);
        h.observe(["A"], 0.3);
        h.observe(["A"], 42.0);
        let mut out = Exposition::default();
        h.write(&mut out);
        let text = out.finish();
        assert!(
            text.contains("d_seconds_bucket{op=\"A\",le=\"0.005\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("d_seconds_bucket{op=\"A\",le=\"0.25\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("d_seconds_bucket{op=\"A\",le=\"0.5\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("d_seconds_bucket{op=\"A\",le=\"10\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("d_seconds_bucket{op=\"A\",le=\"+Inf\"} 3\n"),
            "{text}"
        );
        assert!(text.contains("d_seconds_count{op=\"A\"} 3\n"), "{text}");
        assert!(text.contains("d_seconds_sum{op=\"A\"} 42.304\n"), "{text}");
    }

    #[test]
    fn counters_keep_one_series_per_label_combination() {
        let c = Counters::new("c_total", "Counts.", ["a", "b"]);
        c.inc(["x", "y"]);
        c.inc(["x", "y"]);
        c.inc(["x", "z"]);
        let mut out = Exposition::default();
        c.write(&mut out);
        let text = out.finish();
        assert!(text.contains("c_total{a=\"x\",b=\"y\"} 2\n"), "{text}");
        assert!(text.contains("c_total{a=\"x\",b=\"z\"} 1\n"), "{text}");
    }
}
