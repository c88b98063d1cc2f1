//! What a run prints: one line per scenario and concurrency level, and the server's CPU cost.

use crate::runner::Outcome;

/// One line for a scenario at one concurrency level: successes per second, p50 and p99
/// latency, and the errors seen.
pub fn report(label: &str, scenario: &str, connections: usize, seconds: u64, o: &Outcome) {
    let pct = |p: f64| {
        if o.latencies.is_empty() {
            0.0
        } else {
            let i = ((o.latencies.len() as f64 - 1.0) * p).round() as usize;
            o.latencies[i].as_secs_f64() * 1000.0
        }
    };
    let mut kinds: Vec<String> = o.errors.clone();
    kinds.sort();
    kinds.dedup();
    println!(
        "{label:<10} {scenario:<14} conns={connections:<3} ok/s={:>9.1}  p50={:>7.2}ms  p99={:>7.2}ms  errors={}{}",
        o.latencies.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        o.errors.len(),
        if kinds.is_empty() { String::new() } else { format!(" {kinds:?}") },
    );
}

/// The server's CPU time during the run, and completed operations per CPU-second, when known.
pub fn report_server_cpu(label: &str, scenario: &str, connections: usize, outcome: &Outcome) {
    if let Some(used) = outcome.server_cpu {
        if used > 0.0 {
            println!(
                "{:<10} {scenario:<14} conns={connections:<3} server CPU {used:.1} s: {:.0} ok per server CPU-second",
                label,
                outcome.latencies.len() as f64 / used
            );
        }
    }
}
