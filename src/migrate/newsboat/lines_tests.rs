use std::path::Path;

use super::*;

const URLS: &str = r#"# my feeds
https://example.org/news.xml news "~World News" !hidden
https://example.org/tech.xml tech
"query:Unread news:unread = \"yes\" and tags # \"news\""
"query:Odd:articleindex < 3"
"exec:~/bin/feed.sh" script
gopher://example.org/feed
"https://example.org/unclosed
"#;

const CONFIG: &str = r#"# settings
browser "w3m %u"
reload-threads 8
reload-time 45
max-items 200
keep-articles-days 90
bookmark-cmd ~/bin/bookmark
ignore-article "*" "title =~ \"^Sponsored\""
ignore-article https://example.org/news.xml "author = \"PR Wire\""
ignore-article "*" "content =~ \"casino\""
ignore-mode display
bind-key j down
color background white black
show-read-feeds no
reload-threads many
auto-reload yes
"#;

fn plan() -> Plan {
    let mut plan = Plan::default();
    read_urls(Path::new("urls"), URLS, 's', &mut plan).unwrap();
    read_config(Path::new("config"), CONFIG, 's', &mut plan);
    plan
}

#[test]
fn feeds_keep_titles_and_tags() {
    let plan = plan();
    assert_eq!(plan.feeds.len(), 3);
    assert_eq!(plan.feeds[0].title.as_deref(), Some("World News"));
    assert_eq!(plan.feeds[0].tags, ["news", "hidden"]);
    // A script feed of the user's own urls file is theirs to run.
    assert_eq!(plan.feeds[2].url, "exec:~/bin/feed.sh");
    assert_eq!(plan.feeds[2].tags, ["script"]);
}

#[test]
fn query_lines_become_views_with_their_line() {
    let views = plan().additions.views;
    assert_eq!(
        views,
        [(
            "Unread news".to_owned(),
            "(unread and tag:news)".to_owned(),
            "urls:4".to_owned()
        )]
    );
}

#[test]
fn settings_map_to_tidings_keys() {
    let settings = plan().additions.settings;
    let find = |key: &str| {
        settings
            .iter()
            .find(|s| s.1 == key)
            .map(|s| (s.0.as_str(), s.2.clone(), s.3.as_str()))
    };
    assert_eq!(
        find("browser"),
        Some(("reader", SettingValue::Text("w3m %s".into()), "config:2"))
    );
    assert_eq!(
        find("jobs"),
        Some(("refresh", SettingValue::Number(8), "config:3"))
    );
    assert_eq!(
        find("auto_refresh_mins"),
        Some(("reader", SettingValue::Number(45), "config:4"))
    );
    assert_eq!(
        find("max_per_feed"),
        Some(("retention", SettingValue::Number(200), "config:5"))
    );
    assert_eq!(
        find("keep_days"),
        Some(("retention", SettingValue::Number(90), "config:6"))
    );
    assert_eq!(
        find("bookmark_command"),
        Some((
            "reader",
            SettingValue::Text("~/bin/bookmark".into()),
            "config:7"
        ))
    );
}

#[test]
fn ignores_become_rules_with_the_mode_given_anywhere() {
    let rules = plan().additions.rules;
    assert_eq!(
        rules,
        [
            (
                "title:/(?i)^Sponsored/".to_owned(),
                "hide".to_owned(),
                "config:8".to_owned()
            ),
            (
                "feed:\"https://example.org/news.xml\" and author:/^PR Wire$/".to_owned(),
                "hide".to_owned(),
                "config:9".to_owned()
            ),
        ]
    );
    let mut download = Plan::default();
    read_config(
        Path::new("c"),
        "ignore-article * \"title =~ \\\"x\\\"\"\n",
        's',
        &mut download,
    );
    assert_eq!(download.additions.rules[0].1, "ignore");
}

#[test]
fn every_line_that_does_not_map_is_reported_with_file_and_line() {
    let unmapped: Vec<(String, String)> = plan()
        .unmapped
        .into_iter()
        .map(|u| (u.origin, u.reason))
        .collect();
    let origins: Vec<&str> = unmapped.iter().map(|u| u.0.as_str()).collect();
    assert_eq!(
        origins,
        [
            "urls:5",
            "urls:7",
            "urls:8",
            "config:10",
            "config:13",
            "config:14",
            "config:15"
        ]
    );
    assert!(unmapped[0].1.contains("articleindex"));
    assert!(unmapped[1].1.contains("not an http, https or file URL"));
    assert!(unmapped[2].1.contains("unclosed"));
    assert!(unmapped[3].1.contains("rules can't match words"));
    assert!(
        unmapped[4]
            .1
            .contains("no colour for newsboat's `background`")
    );
    assert!(unmapped[6].1.contains("unexpected value"));
}

#[test]
fn podboats_download_path_and_max_downloads_map_to_downloads() {
    let mut plan = Plan::default();
    let text = "download-path ~/Podcasts\nmax-downloads 3\nmax-downloads 500\n";
    read_config(Path::new("c"), text, 's', &mut plan);
    let settings: Vec<(&str, &str, &SettingValue)> = plan
        .additions
        .settings
        .iter()
        .map(|s| (s.0.as_str(), s.1.as_str(), &s.2))
        .collect();
    assert_eq!(
        settings,
        [
            ("downloads", "dir", &SettingValue::Text("~/Podcasts".into())),
            ("downloads", "jobs", &SettingValue::Number(3)),
        ]
    );
    // More than tidings runs at once is reported, not written into a config that
    // would then not load.
    assert_eq!(plan.unmapped.len(), 1);
    assert_eq!(plan.unmapped[0].origin, "c:3");
}

#[test]
fn reload_time_counts_only_with_auto_reload() {
    let read = |text: &str| {
        let mut plan = Plan::default();
        read_config(Path::new("c"), text, 's', &mut plan);
        plan
    };
    let off = read("reload-time 20\n");
    assert!(off.additions.settings.is_empty());
    assert_eq!(off.unmapped[0].origin, "c:1");
    assert!(off.unmapped[0].reason.contains("auto-reload yes"));
    let never = read("auto-reload no\nreload-time 20\n");
    assert_eq!(never.additions.settings[0].2, SettingValue::Number(0));
    let hourly = read("auto-reload yes\n");
    assert_eq!(hourly.additions.settings[0].2, SettingValue::Number(60));
    assert_eq!(hourly.additions.settings[0].3, "c:1");
}
