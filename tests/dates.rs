//! Dates in plain output are local time, each with the offset in force on that date:
//! stories from either side of a daylight-saving change are both right.

mod support;

use support::sandbox::Sandbox;

#[test]
fn each_date_is_shown_with_its_own_local_offset() {
    let sandbox = Sandbox::new();
    let feed = sandbox.path("feed.xml");
    std::fs::write(
        &feed,
        "<rss version='2.0'><channel><title>Dates</title>\
         <item><guid>w</guid><title>Winter</title><pubDate>Thu, 15 Jan 2026 23:30:00 +0000</pubDate></item>\
         <item><guid>s</guid><title>Summer</title><pubDate>Wed, 15 Jul 2026 22:30:00 +0000</pubDate></item>\
         </channel></rss>",
    )
    .unwrap();
    sandbox.run(&["add", feed.to_str().unwrap()]);
    let list = sandbox.json(&["list"]);
    let id_of = |title: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap()["id"]
            .to_string()
    };
    let in_berlin = |args: &[&str]| {
        let out = sandbox
            .cmd()
            .env("TZ", "Europe/Berlin")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let winter = in_berlin(&["show", &id_of("Winter")]);
    assert!(
        winter.contains("Date: 2026-01-16T00:30:00+01:00"),
        "{winter}"
    );
    let summer = in_berlin(&["show", &id_of("Summer")]);
    assert!(
        summer.contains("Date: 2026-07-16T00:30:00+02:00"),
        "{summer}"
    );
    // The list's day is the local one too (both are past midnight in Berlin).
    let listed = in_berlin(&["list"]);
    assert!(
        listed.contains("2026-01-16") && listed.contains("2026-07-16"),
        "{listed}"
    );
    // JSON stays in UTC.
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Winter")
            .unwrap()["published"],
        "2026-01-15T23:30:00Z"
    );
}
