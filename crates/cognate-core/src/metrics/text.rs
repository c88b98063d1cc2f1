//! The Prometheus text exposition format, version 0.0.4: a `# HELP` and a `# TYPE` line per
//! family, then one line per sample, `name{label="value",...} number`. It knows nothing of
//! which metrics exist.

use std::fmt::{Display, Write as _};

/// The media type of the text format, for the `Content-Type` of a scrape.
pub const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What kind of metric a family is (its `# TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only ever goes up (until the process restarts).
    Counter,
    /// Goes up and down.
    Gauge,
    /// Observations counted into cumulative buckets, with their sum and count.
    Histogram,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

/// The text of one scrape, written family by family.
#[derive(Debug, Default)]
pub struct Exposition {
    text: String,
}

impl Exposition {
    /// Starts a family: the samples written next belong to it. Each family is started once
    /// per scrape; one with no samples is valid and reads as empty.
    pub fn family(&mut self, name: &str, help: &str, kind: Kind) {
        let help = help.replace('\\', "\\\\").replace('\n', "\\n");
        // Writing to a String cannot fail.
        let _ = writeln!(self.text, "# HELP {name} {help}");
        let _ = writeln!(self.text, "# TYPE {name} {}", kind.as_str());
    }

    /// One sample of the family started last. `value` must print as a number (integers and
    /// finite floats do; Rust prints no exponent, which the format would also accept).
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl Display) {
        self.text.push_str(name);
        if !labels.is_empty() {
            self.text.push('{');
            for (i, (label, text)) in labels.iter().enumerate() {
                if i > 0 {
                    self.text.push(',');
                }
                self.text.push_str(label);
                self.text.push_str("=\"");
                push_escaped(&mut self.text, text);
                self.text.push('"');
            }
            self.text.push('}');
        }
        let _ = writeln!(self.text, " {value}");
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.text
    }
}

/// A label value as the format quotes it: backslash, double quote and line feed escaped.
fn push_escaped(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_reads_help_type_then_samples_with_quoted_labels() {
        let mut out = Exposition::default();
        out.family("x_total", "Things.\nMore", Kind::Counter);
        out.sample("x_total", &[("a", "1"), ("b", "say \"hi\"\\")], 3);
        out.sample("x_total", &[], 0.25);
        assert_eq!(
            out.finish(),
            "# HELP x_total Things.\\nMore\n\
             # TYPE x_total counter\n\
             x_total{a=\"1\",b=\"say \\\"hi\\\"\\\\\"} 3\n\
             x_total 0.25\n"
        );
    }
}
