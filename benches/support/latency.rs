//! Printing a benchmark's latency figures: one table row per measure, with its median,
//! 90th percentile, extremes and whether it met its target.

use std::time::Duration;

/// The median of sorted `times`, in milliseconds.
pub fn median_ms(times: &[Duration]) -> f64 {
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// Prints one measure's row (sorting `times`): median, p90, min, max, samples, target.
pub fn row(name: &str, times: &mut [Duration], target_ms: f64) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: usize| ms(times[(times.len() - 1) * q / 100]);
    let p90 = at(90);
    println!(
        "{name:<30} {:>6.1} ms {p90:>6.1} ms {:>6.1} ms {:>6.1} ms {:>7}   < {target_ms} ms {}",
        at(50),
        at(0),
        at(100),
        times.len(),
        verdict(p90 < target_ms)
    );
}

/// `ok` or `MISSED`, for a row's last column.
pub fn verdict(met: bool) -> &'static str {
    if met { "ok" } else { "MISSED" }
}
