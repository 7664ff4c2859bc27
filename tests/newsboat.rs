//! `import-newsboat` against a real newsboat: newsboat builds its cache from a loopback
//! corpus, the test marks stories read, flagged and deleted in that cache, then tidings
//! imports it and every story, read state, flag, view and rule is checked; a refresh
//! afterwards is answered 304 by every feed; `export --newsboat` goes back through
//! `newsboat -I`. Debian's `newsboat` package is installed where missing.

#![allow(clippy::unwrap_used)]

mod newsboat_support;
mod support;

use newsboat_support::{FEEDS, Fail, run_newsboat, setup, stories, story_id};
use rusqlite::Connection;
use support::sandbox::Sandbox;

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let s = setup();
    // A running newsboat holds a lock file; a read-only import doesn't mind it.
    std::fs::write(s.nb.path().join("cache.db.lock"), "4242").unwrap();
    let cache_before = std::fs::read(s.nb.path().join("cache.db")).unwrap();
    let config_before = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    let dry = s.sandbox.run(&["import-newsboat", s.dir(), "--dry-run"]);
    assert!(dry.contains("feeds: 3\n"), "{dry}");
    let counts = "stories: 12 (read 3, starred 2, other flags 1, deleted 1)";
    assert!(dry.contains(counts), "{dry}");
    assert!(dry.contains("would add to"), "{dry}");
    assert!(dry.contains("2 views, 2 rules, 6 settings"), "{dry}");
    assert!(dry.contains("dry run: nothing was written"), "{dry}");
    let view = "  view \"Unread news\" = (unread and tag:news)  (";
    assert!(dry.contains(view), "{dry}");
    assert!(
        dry.contains("  rule title:/(?i)^Sponsored/ -> ignore  ("),
        "{dry}"
    );
    assert!(!s.sandbox.db().exists(), "a dry run created the database");
    let config_after = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    assert_eq!(config_after, config_before);
    let cache_after = std::fs::read(s.nb.path().join("cache.db")).unwrap();
    assert_eq!(cache_after, cache_before, "newsboat's cache was changed");
}

#[test]
fn every_story_read_state_and_flag_comes_over_and_unmapped_lines_are_named() {
    let s = setup();
    let cache_before = std::fs::read(s.nb.path().join("cache.db")).unwrap();
    let report = s.import();
    assert!(
        report.contains("feeds: 3 (3 new, 0 already subscribed)"),
        "{report}"
    );
    let stored = "stored 11 stories (0 already here, 1 kept deleted";
    assert!(report.contains(stored), "{report}");
    assert!(
        report.contains("3 feeds gained ETag/Last-Modified"),
        "{report}"
    );
    let urls = s.nb.path().join("urls");
    let config = s.nb.path().join("config");
    for (file, line, what) in [
        (&urls, 6, "articleindex"),
        (&config, 6, "bind-key ^T toggle-show-read-feeds"),
        (&config, 7, "color background"),
        (&config, 8, "macro p"),
    ] {
        let origin = format!("{}:{line}: ", file.display());
        let named = report
            .lines()
            .any(|l| l.contains(&origin) && l.contains(what));
        assert!(named, "{origin}{what}\n{report}");
    }
    assert!(report.contains("unmapped lines: 4"), "{report}");
    let cache_after = std::fs::read(s.nb.path().join("cache.db")).unwrap();
    assert_eq!(cache_after, cache_before, "newsboat's cache was changed");

    let held = stories(&s.sandbox.db());
    assert_eq!(held.len(), 11);
    let find = |guid: &str| held.iter().find(|h| h.0 == guid).unwrap().clone();
    let a1 = find("a-1");
    assert_eq!(a1.1, "a story 1");
    assert_eq!(a1.2.as_deref(), Some("Writer a"));
    assert_eq!(a1.3.as_deref(), Some("http://example.org/a/1"));
    let shown = s
        .sandbox
        .run(&["show", &story_id(&s.sandbox, "a-1").to_string()]);
    assert!(shown.contains("Body of a 1"), "{shown}");
    for (guid, read, starred, tags) in [
        ("a-1", true, false, ""),
        ("a-2", true, false, ""),
        ("a-3", false, true, ""),
        ("a-4", false, false, ""),
        ("b-1", true, false, ""),
        ("b-2", false, true, "flag-b"),
        ("c-3", false, false, ""),
    ] {
        let h = find(guid);
        assert_eq!((h.4, h.5, h.6.as_str()), (read, starred, tags), "{guid}");
    }
    assert!(
        held.iter().all(|h| h.0 != "c-4"),
        "a deleted story came over"
    );
}

#[test]
fn views_rules_and_settings_land_in_the_config_once() {
    let s = setup();
    s.import();
    let urls = s.nb.path().join("urls");
    let written = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    let block = format!("# imported from newsboat: {}:4\n[[view]]", urls.display());
    for part in [
        block.as_str(),
        "query = \"(unread and tag:news)\"",
        "query = \"(starred or tag:flag-b)\"",
        "query = \"title:/(?i)^Sponsored/\"\naction = \"ignore\"",
        "browser = \"w3m %s\"",
        "keep_days = 90",
        "jobs = 4",
        "ctrl-r = \"refresh_all\"",
        "\", n\" = \"next_unread; open\"",
        "[keys.story]",
        "space = \"page_down\"",
    ] {
        assert!(written.contains(part), "{part}\n{written}");
    }
    let views = s.sandbox.run(&["views"]);
    assert!(
        views.contains("Unread news") && views.contains("Kept"),
        "{views}"
    );
    assert_eq!(s.sandbox.list_titles(&["--view", "Kept"]).len(), 2);

    let held = stories(&s.sandbox.db());
    let again = s.import();
    let stored = "stored 0 stories (11 already here, 1 kept deleted";
    assert!(again.contains(stored), "{again}");
    assert!(again.contains("0 views, 0 rules, 0 settings"), "{again}");
    let twice = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    assert_eq!(twice, written);
    assert_eq!(stories(&s.sandbox.db()), held);
}

#[test]
fn the_first_refresh_after_the_import_is_answered_304_by_every_feed() {
    let s = setup();
    s.import();
    let held = stories(&s.sandbox.db());
    let full = s.server.count(200);
    s.sandbox.run(&["refresh", "--quiet"]);
    for path in FEEDS {
        let conditional = s.server.replies(path, 304);
        assert_eq!(conditional, 1, "{path} was not asked conditionally");
    }
    assert_eq!(s.server.count(200), full, "a feed was fetched in full");
    // Nothing new, and the deleted story stays away.
    assert_eq!(stories(&s.sandbox.db()), held);
}

#[test]
fn the_export_goes_back_through_newsboat_import() {
    let s = setup();
    s.import();
    let back = tempfile::tempdir().unwrap();
    let out = s
        .sandbox
        .run(&["export", "--newsboat", back.path().to_str().unwrap()]);
    assert!(
        out.contains("3 feeds, 2 views") && out.contains("3 read stories"),
        "{out}"
    );
    let urls_back = std::fs::read_to_string(back.path().join("urls")).unwrap();
    let query = "\"query:Unread news:(unread = \\\"yes\\\" and tags # \\\"news\\\")\"";
    assert!(urls_back.contains(query), "{urls_back}");
    let cache = s.nb.path().join("cache.db");
    let conn = Connection::open(&cache).unwrap();
    conn.execute("UPDATE rss_item SET unread = 1", []).unwrap();
    std::fs::copy(back.path().join("urls"), s.nb.path().join("urls")).unwrap();
    let read_file = back.path().join("read-articles");
    run_newsboat(s.nb.path(), &["-I", read_file.to_str().unwrap()]);
    let mut stmt = conn
        .prepare("SELECT guid FROM rss_item WHERE unread = 0 ORDER BY guid")
        .unwrap();
    let read: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, ["a-1", "a-2", "b-1"]);
}

#[test]
fn missing_files_and_a_bad_flag_letter_are_clear_errors() {
    let sandbox = Sandbox::new();
    let empty = tempfile::tempdir().unwrap();
    let dir = empty.path().to_str().unwrap();
    let err = sandbox.fail(&["import-newsboat", dir]);
    assert!(err.contains("no newsboat files found"), "{err}");
    let err = sandbox.fail(&["import-newsboat", dir, "--flag-star", "1"]);
    assert!(err.contains("--flag-star takes a flag letter"), "{err}");
    std::fs::write(empty.path().join("cache.db"), "not a database").unwrap();
    let err = sandbox.fail(&["import-newsboat", dir, "--dry-run"]);
    assert!(err.contains("cache"), "{err}");
}

#[test]
fn settings_that_would_break_the_config_stop_the_import_before_it_starts() {
    let s = setup();
    let config = s.nb.path().join("config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("bookmark-cmd \"save 'unclosed\"\n");
    std::fs::write(&config, text).unwrap();
    let before = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    let err = s.sandbox.fail(&["import-newsboat", s.dir()]);
    assert!(err.contains("don't make a valid config"), "{err}");
    let after = std::fs::read_to_string(s.sandbox.path("config.toml")).unwrap();
    assert_eq!(after, before, "the config was left changed");
    let stored = s.sandbox.db().exists() && !stories(&s.sandbox.db()).is_empty();
    assert!(!stored, "stories were imported");
}
