//! Supervised work: a panic on a worker or task thread is caught and becomes an error
//! for the status bar (the work given up, the thread going on), never a dead terminal or a
//! state waiting forever for a message. Only a panic on the UI thread restores the
//! terminal (see `terminal.rs`).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `work`; a panic in it becomes `Err("WHO stopped: MESSAGE")`.
///
/// `AssertUnwindSafe` is sound here: after a panic the caller only reports it, and the
/// state `work` borrowed (a store connection) rolls an unfinished transaction back as it
/// unwinds, so nothing half-done is seen afterwards.
pub(crate) fn guarded<T>(who: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let message = panic_message(payload.as_ref());
        tracing::error!(%who, %message, "background work panicked");
        format!("{who} stopped: {message}")
    })
}

/// The text a panic carried.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}

/// In debug builds, panics when `TIDINGS_FAULT` names `point`: how the tests make a
/// worker fail under the running reader. Release builds have no such hook.
pub(crate) fn fault_point(point: &str) {
    #[cfg(debug_assertions)]
    assert!(
        !std::env::var("TIDINGS_FAULT").is_ok_and(|f| f.split(',').any(|p| p == point)),
        "injected fault at {point}"
    );
    #[cfg(not(debug_assertions))]
    let _ = point;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_the_worker() {
        let result: Result<(), String> = guarded("the indexer", || panic!("index broke"));
        assert_eq!(result.unwrap_err(), "the indexer stopped: index broke");
        let result = guarded("the writer", || panic!("{} rows", 3));
        assert_eq!(result.unwrap_err(), "the writer stopped: 3 rows");
        assert_eq!(guarded("x", || 7), Ok(7));
    }
}
