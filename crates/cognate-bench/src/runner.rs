//! Runs an operation from many workers for a while, and collects each success's latency, each
//! error, and the CPU time the server spent meanwhile.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

/// User + system CPU seconds a process has used (Linux `/proc/<pid>/stat`, 100 ticks/s).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

pub struct Outcome {
    pub latencies: Vec<Duration>,
    pub errors: Vec<String>,
    /// Server CPU seconds spent during the run (not during the scenario's setup).
    pub server_cpu: Option<f64>,
}

/// Runs `op` from `connections` workers for `seconds`, measuring the CPU time of process
/// `server_pid` meanwhile.
pub async fn run<F, Fut>(
    connections: usize,
    seconds: u64,
    server_pid: Option<u32>,
    op: F,
) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let cpu_before = server_pid.and_then(cpu_seconds);
    let op = Arc::new(op);
    let counter = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let (op, counter) = (op.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let start = Instant::now();
                match op(worker, n).await {
                    Ok(()) => latencies.push(start.elapsed()),
                    Err(e) => errors.push(e.to_string()),
                }
            }
            (latencies, errors)
        }));
    }
    let mut outcome = Outcome {
        latencies: Vec::new(),
        errors: Vec::new(),
        server_cpu: None,
    };
    for task in tasks {
        if let Ok((l, e)) = task.await {
            outcome.latencies.extend(l);
            outcome.errors.extend(e);
        }
    }
    outcome.latencies.sort();
    if let (Some(before), Some(after)) = (cpu_before, server_pid.and_then(cpu_seconds)) {
        outcome.server_cpu = Some(after - before);
    }
    outcome
}
