//! Unit tests for launching programs: word splitting, `%s`, the `$BROWSER` list, secrets,
//! refused links, and trying the next browser when one does not start.

use std::path::Path;

use super::*;

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn words(line: &CommandLine) -> Vec<&str> {
    line.words.iter().map(String::as_str).collect()
}

/// A screen that counts how often it was lent and taken back.
#[derive(Default)]
struct FakeScreen {
    suspended: usize,
    resumed: usize,
}

impl Screen for FakeScreen {
    fn suspend(&mut self) -> io::Result<()> {
        self.suspended += 1;
        Ok(())
    }

    fn resume(&mut self) -> io::Result<()> {
        self.resumed += 1;
        Ok(())
    }
}

/// A command that writes its first argument to `out` (for a browser run in the terminal).
fn recorder(out: &Path) -> String {
    format!("sh -c 'echo \"$1\" > \"$0\"' '{}'", out.display())
}

#[test]
fn quoted_arguments_stay_one_word() {
    let line = CommandLine::parse(r#""/opt/My Browser/run" --profile 'work stuff' a\ b"#).unwrap();
    assert_eq!(
        words(&line),
        ["/opt/My Browser/run", "--profile", "work stuff", "a b"]
    );
    assert_eq!(line.program(), "/opt/My Browser/run");
}

#[test]
fn unclosed_quotes_and_empty_commands_are_errors() {
    assert!(matches!(
        CommandLine::parse("firefox 'oops"),
        Err(Error::Unparsable(_))
    ));
    assert!(matches!(CommandLine::parse("   "), Err(Error::Empty)));
}

#[test]
fn the_url_replaces_percent_s_or_comes_last() {
    let link = url("https://example.org/a?b=c d");
    let appended = CommandLine::parse("firefox --new-tab").unwrap();
    assert_eq!(
        appended.argv_for(&link),
        ["firefox", "--new-tab", "https://example.org/a?b=c%20d"]
    );
    let placed = CommandLine::parse("w3m %s -dump").unwrap();
    assert_eq!(
        placed.argv_for(&link),
        ["w3m", "https://example.org/a?b=c%20d", "-dump"]
    );
    let inside = CommandLine::parse("chromium '--app=%s'").unwrap();
    assert_eq!(
        inside.argv_for(&link),
        ["chromium", "--app=https://example.org/a?b=c%20d"]
    );
}

#[test]
fn a_url_with_quotes_and_spaces_is_still_one_argument() {
    let link = url("https://example.org/\"; touch pwned '");
    let argv = CommandLine::parse("browser").unwrap().argv_for(&link);
    assert_eq!(argv.len(), 2, "{argv:?}");
    assert!(argv[1].starts_with("https://example.org/"), "{argv:?}");
}

#[test]
fn browser_env_is_a_colon_separated_list_and_the_config_wins() {
    let browser = Browser::new(None, Some("firefox -P 'a b': :w3m"), false);
    let expected = vec![
        Candidate::Ready(CommandLine::parse("firefox -P 'a b'").unwrap()),
        Candidate::Ready(CommandLine::parse("w3m").unwrap()),
    ];
    assert_eq!(browser.candidates, expected);
    let configured = Browser::new(Some("lynx -nopause"), Some("firefox:w3m"), false);
    assert_eq!(
        configured.candidates,
        [Candidate::Ready(
            CommandLine::parse("lynx -nopause").unwrap()
        )]
    );
    let fallback = Browser::new(None, Some(" : "), false);
    assert_eq!(
        fallback.candidates,
        [Candidate::Ready(
            CommandLine::parse(PLATFORM_OPENER).unwrap()
        )]
    );
}

#[test]
fn text_mode_browsers_are_known_by_program_name_or_by_config() {
    assert!(CommandLine::parse("/usr/bin/w3m").unwrap().is_text_mode());
    assert!(
        CommandLine::parse("lynx -accept_all_cookies")
            .unwrap()
            .is_text_mode()
    );
    assert!(!CommandLine::parse("firefox").unwrap().is_text_mode());
    assert!(!CommandLine::parse("w3m-wrapper").unwrap().is_text_mode());
    assert!(Browser::new(None, Some("firefox:elinks"), false).needs_terminal());
    assert!(!Browser::new(None, Some("firefox:chromium"), false).needs_terminal());
    assert!(Browser::new(Some("my-tui-browser"), None, true).needs_terminal());
}

#[test]
fn secrets_are_removed_from_the_childs_environment() {
    let argv = vec!["env".to_owned()];
    let command = command(&argv).unwrap();
    let removed: Vec<_> = command
        .get_envs()
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| key.to_string_lossy().into_owned())
        .collect();
    assert_eq!(removed, ["TIDINGS_SYNC_PASSWORD"]);
}

#[test]
fn option_like_and_unsafe_links_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("argv");
    let browser = Browser::new(Some(&recorder(&out)), None, true);
    for bad in [
        "--gpu-launcher=touch pwned",
        "-x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "/relative",
    ] {
        let mut screen = FakeScreen::default();
        let result = browser.open(bad, Some(&mut screen));
        assert!(
            matches!(result, Err(Error::Refused(_))),
            "{bad}: {result:?}"
        );
        assert_eq!(screen.suspended, 0, "{bad}");
    }
    assert!(!out.exists());
}

#[test]
fn a_browser_that_fails_to_start_gives_way_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("argv");
    let list = format!("/nonexistent/tidings-no-browser:{}", recorder(&out));
    let browser = Browser::new(None, Some(&list), true);
    let mut screen = FakeScreen::default();
    browser
        .open("https://example.org/story", Some(&mut screen))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "https://example.org/story\n"
    );
    assert_eq!((screen.suspended, screen.resumed), (2, 2));
}

#[test]
fn when_no_browser_starts_every_attempt_is_named() {
    let browser = Browser::new(None, Some("/nonexistent/one:/nonexistent/two 'x"), false);
    let err = browser.open("https://example.org/", None).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("/nonexistent/one: "), "{message}");
    assert!(message.contains("`/nonexistent/two 'x`"), "{message}");
}
