//! Tests of finding the sync password: precedence, commands, time limit and cache.

use super::*;

const LONG: Duration = Duration::from_secs(30);

#[test]
fn environment_wins_over_the_config() {
    let source = PasswordSource::Plain("from-file".into());
    let got = resolve_with(Some("from-env".into()), &source, "me", LONG).unwrap();
    assert_eq!(got.expose(), "from-env");
    let got = resolve_with(None, &source, "me", LONG).unwrap();
    assert_eq!(got.expose(), "from-file");
}

#[test]
fn command_gives_its_first_line() {
    let source = PasswordSource::Command("printf 'secret\\nsecond line\\n'".into());
    assert_eq!(
        resolve_with(None, &source, "me", LONG).unwrap().expose(),
        "secret"
    );
}

#[test]
fn failing_command_and_missing_password_are_clear_errors() {
    let failing = PasswordSource::Command("exit 3".into());
    let err = resolve_with(None, &failing, "me", LONG).unwrap_err();
    assert!(err.to_string().contains("exit 3"), "{err}");
    let err = resolve_with(None, &PasswordSource::Environment, "me", LONG).unwrap_err();
    assert!(err.to_string().contains(ENV), "{err}");
}

#[test]
fn secret_debug_output_hides_the_password() {
    let shown = format!("{:?}", Secret::new("hunter2".into()));
    assert_eq!(shown, "\"***\"");
}

#[test]
fn slow_command_times_out_and_is_named() {
    let source = PasswordSource::Command("sleep 600 # timeout test".into());
    let started = Instant::now();
    let err = resolve_with(None, &source, "me", Duration::from_millis(300)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "took too long");
    let message = err.to_string();
    assert!(message.contains("sleep 600"), "{message}");
    assert!(message.contains("timed out"), "{message}");
}

#[test]
fn command_runs_once_per_process_however_often_the_password_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let counter = dir.path().join("runs");
    let command = format!("echo run >> '{}'; echo pw", counter.display());
    let source = PasswordSource::Command(command);
    for _ in 0..3 {
        assert_eq!(
            resolve_with(None, &source, "me", LONG).unwrap().expose(),
            "pw"
        );
    }
    let runs = std::fs::read_to_string(&counter).unwrap();
    assert_eq!(runs.lines().count(), 1, "{runs:?}");
}
