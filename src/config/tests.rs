use super::*;

use std::time::Duration;

fn defaults() -> DefaultPaths {
    DefaultPaths {
        config_file: "/nonexistent/config.toml".into(),
        db_file: "/data/tidings.db".into(),
    }
}

#[test]
fn shipped_defaults_file_matches_built_in_defaults() {
    let from_file = Config::load(Some(Path::new("assets/config.toml")), None, &defaults()).unwrap();
    let built_in = Config::load(None, None, &defaults()).unwrap();
    assert_eq!(from_file.refresh, built_in.refresh);
    assert_eq!(from_file.display, built_in.display);
    assert_eq!(from_file.reader, built_in.reader);
    assert_eq!(from_file.keys, built_in.keys);
    assert_eq!(from_file.theme, built_in.theme);
    assert_eq!(from_file.sync, built_in.sync);
    assert_eq!(from_file.highlights, built_in.highlights);
    assert_eq!(from_file.views, built_in.views);
    assert!(parse(DEFAULT_CONFIG_TOML, Path::new("x")).is_ok());
}

#[test]
fn missing_default_file_means_defaults() {
    let config = Config::load(None, None, &defaults()).unwrap();
    assert_eq!(config.refresh.jobs, 64);
    assert_eq!(config.refresh.timeout, Duration::from_secs(30));
    assert_eq!(config.db_path, PathBuf::from("/data/tidings.db"));
    assert_eq!(config.config_path, None);
}

#[test]
fn malformed_file_names_line_and_column() {
    let err = parse("[refresh]\njobs = 4\nper_host = = 2\n", Path::new("c.toml")).unwrap_err();
    let Error::Parse { line, column, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*line, *column), (3, 12));
    assert!(
        err.to_string()
            .starts_with("config file c.toml, line 3, column 12"),
        "{err}"
    );
}

#[test]
fn unknown_key_is_an_error_with_its_position() {
    let err = parse("[refresh]\njobz = 4\n", Path::new("c.toml")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Parse {
                line: 2,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("jobz"), "{err}");
}

#[test]
fn db_override_wins_over_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "database = \"/from/file.db\"\n").unwrap();
    let config = Config::load(Some(&file), None, &defaults()).unwrap();
    assert_eq!(config.db_path, PathBuf::from("/from/file.db"));
    let config = Config::load(Some(&file), Some(Path::new("/flag.db")), &defaults()).unwrap();
    assert_eq!(config.db_path, PathBuf::from("/flag.db"));
}

#[test]
fn per_feed_intervals_are_read_in_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "[refresh.intervals]\n\"https://example.com/feed\" = 5\n",
    )
    .unwrap();
    let config = Config::load(Some(&file), None, &defaults()).unwrap();
    assert_eq!(
        config.refresh.intervals["https://example.com/feed"],
        Duration::from_mins(5)
    );
    assert_eq!(config.refresh.default_interval, Duration::from_mins(30));
    std::fs::write(
        &file,
        "[refresh]\nmin_interval_mins = 100\nmax_interval_mins = 10\n",
    )
    .unwrap();
    assert!(matches!(
        Config::load(Some(&file), None, &defaults()),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn zero_jobs_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[refresh]\njobs = 0\n").unwrap();
    assert!(matches!(
        Config::load(Some(&file), None, &defaults()),
        Err(Error::Invalid { .. })
    ));
}

fn load_text(text: &str) -> Result<Config, Error> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, text).unwrap();
    Config::load(Some(&file), None, &defaults())
}

#[test]
fn sync_section_is_validated_and_its_url_ends_in_a_slash() {
    let config = load_text(
        "[sync]\nprovider = \"ttrss\"\nurl = \"https://rss.example.org/tt-rss\"\n\
         user = \"me\"\npassword_command = \"pass show tt-rss\"\n",
    )
    .unwrap();
    let sync = config.sync.unwrap();
    assert_eq!(sync.provider, Provider::Ttrss);
    assert_eq!(sync.url.as_str(), "https://rss.example.org/tt-rss/");
    assert_eq!(sync.user, "me");
    assert_eq!(
        sync.password,
        PasswordSource::Command("pass show tt-rss".into())
    );
    assert!(load_text("").unwrap().sync.is_none());
}

#[test]
fn sync_section_rejects_unknown_providers_keys_and_bad_urls() {
    let base = "[sync]\nuser = \"me\"\n";
    let err = load_text(&format!(
        "{base}provider = \"miniflux\"\nurl = \"http://x/\"\n"
    ))
    .unwrap_err();
    assert!(err.to_string().contains("miniflux"), "{err}");
    let err = load_text(&format!(
        "{base}provider = \"ttrss\"\nurl = \"http://x/\"\npasword = \"x\"\n"
    ))
    .unwrap_err();
    assert!(err.to_string().contains("pasword"), "{err}");
    for url in ["not a url", "ftp://x/", "http://x/?a=b"] {
        let err = load_text(&format!("{base}provider = \"ttrss\"\nurl = \"{url}\"\n")).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{url}: {err:?}");
    }
    let both = format!(
        "{base}provider = \"ttrss\"\nurl = \"http://x/\"\npassword = \"a\"\npassword_command = \"b\"\n"
    );
    assert!(matches!(load_text(&both), Err(Error::Invalid { .. })));
}

#[test]
fn sync_password_never_shows_in_debug_output() {
    let shown = format!("{:?}", PasswordSource::Plain("hunter2".into()));
    assert!(!shown.contains("hunter2"), "{shown}");
}

#[test]
fn explicit_missing_file_is_an_error() {
    let err = Config::load(Some(Path::new("/no/such/file.toml")), None, &defaults()).unwrap_err();
    assert!(matches!(err, Error::Read { .. }));
}

#[test]
fn browser_keeps_its_quoting_and_an_open_quote_is_an_error() {
    let config =
        load_text("[reader]\nbrowser = \"'/opt/My Browser/run' %s\"\nbrowser_in_terminal = true\n")
            .unwrap();
    assert_eq!(
        config.reader.browser.as_deref(),
        Some("'/opt/My Browser/run' %s")
    );
    assert!(config.reader.browser_in_terminal);
    let err = load_text("[reader]\nbrowser = \"firefox 'oops\"\n").unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("reader.browser"), "{err}");
}

#[test]
fn minutes_past_a_year_are_refused_naming_the_key() {
    for (text, key) in [
        (
            "[refresh]\nmax_backoff_mins = 18446744073709551615\n",
            "refresh.max_backoff_mins",
        ),
        (
            "[refresh.intervals]\n\"https://a.test/f\" = 600000\n",
            "refresh.intervals.\"https://a.test/f\"",
        ),
        (
            "[reader]\nauto_refresh_mins = 600000\n",
            "reader.auto_refresh_mins",
        ),
    ] {
        let err = load_text(text).unwrap_err().to_string();
        assert!(err.contains(key), "{err}");
    }
    let year = format!("[refresh]\nmax_backoff_mins = {MAX_MINUTES}\n");
    assert!(load_text(&year).is_ok());
}

#[test]
fn password_command_timeout_defaults_to_30_seconds_and_is_bounded() {
    let base = "[sync]\nprovider = \"ttrss\"\nurl = \"https://r.test/\"\nuser = \"me\"\n";
    let config = load_text(base).unwrap();
    assert_eq!(
        config.sync.unwrap().password_timeout,
        Duration::from_secs(30)
    );
    let short = load_text(&format!("{base}password_command_timeout_secs = 2\n")).unwrap();
    assert_eq!(short.sync.unwrap().password_timeout, Duration::from_secs(2));
    let err = load_text(&format!("{base}password_command_timeout_secs = 0\n")).unwrap_err();
    assert!(
        err.to_string().contains("password_command_timeout_secs"),
        "{err}"
    );
}

#[test]
fn highlights_are_read_in_order_with_their_styles() {
    let raw = parse(
        "[[highlight]]\nquery = 'starred'\nstyle = \"bold yellow\"\n\
         [[highlight]]\nquery = 'tag:syria unread'\nstyle = \"underlined accent\"\n",
        Path::new("c.toml"),
    )
    .unwrap();
    let highlights = highlights::validate(&raw.highlight, Path::new("c.toml")).unwrap();
    assert_eq!(highlights.len(), 2);
    assert_eq!(highlights[0].query, crate::query::parse("starred").unwrap());
    assert!(highlights[0].style.bold);
    assert_eq!(
        highlights[1].style.colour,
        Some(HighlightColour::Theme(ThemeColour::Accent))
    );
    assert_eq!(highlights[1].text, "tag:syria unread");
}

#[test]
fn a_highlight_with_a_bad_style_or_query_is_an_error_naming_it() {
    let check = |toml: &str, wanted: &[&str]| {
        let raw = parse(toml, Path::new("c.toml")).unwrap();
        let err = highlights::validate(&raw.highlight, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        for part in wanted {
            assert!(err.contains(part), "{err} lacks {part}");
        }
    };
    check(
        "[[highlight]]\nquery = 'starred'\nstyle = \"bold\"\n\
         [[highlight]]\nquery = 'unread'\nstyle = \"blod red\"\n",
        &["[[highlight]] 2 (`unread`)", "style \"blod red\"", "`blod`"],
    );
    check(
        "[[highlight]]\nquery = 'unread or'\nstyle = \"bold\"\n",
        &[
            "[[highlight]] 1 (`unread or`)",
            "expected a term after `or`",
        ],
    );
    let err = parse("[[highlight]]\nquery = 'unread'\n", Path::new("c.toml")).unwrap_err();
    assert!(err.to_string().contains("style"), "{err}");
}

#[test]
fn reader_links_and_key_timeout_are_read_and_checked() {
    let config =
        load_text("[reader]\nhyperlinks = \"on\"\nosc52 = true\nkey_timeout_ms = 250\n").unwrap();
    assert_eq!(config.reader.hyperlinks, Hyperlinks::On);
    assert!(config.reader.osc52);
    assert_eq!(config.reader.key_timeout, Duration::from_millis(250));
    let defaults = load_text("").unwrap();
    assert_eq!(defaults.reader.hyperlinks, Hyperlinks::Auto);
    assert!(!defaults.reader.osc52);
    assert_eq!(defaults.reader.key_timeout, Duration::from_secs(1));
    let slow = load_text("[reader]\nkey_timeout_ms = 60000\n").unwrap_err();
    assert!(slow.to_string().contains("key_timeout_ms"), "{slow}");
    assert!(load_text("[reader]\nhyperlinks = \"sometimes\"\n").is_err());
}
