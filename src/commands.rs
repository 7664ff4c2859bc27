//! Headless commands.
/// Runs tidings.
pub fn run() {}
