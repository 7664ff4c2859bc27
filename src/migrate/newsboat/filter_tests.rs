use super::*;

fn q(filter: &str) -> String {
    let text = to_query(filter, DEFAULT_STAR).unwrap_or_else(|e| panic!("{filter}: {e}"));
    // Every translation is a query tidings itself accepts.
    crate::query::parse(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    text
}

fn no(filter: &str) -> String {
    to_query(filter, DEFAULT_STAR).expect_err(filter)
}

#[test]
fn unread_yes_and_no() {
    assert_eq!(q(r#"unread = "yes""#), "unread");
    assert_eq!(q(r#"unread = "no""#), "read");
    assert_eq!(q(r#"unread != "yes""#), "read");
    assert_eq!(q(r#"unread != "no""#), "unread");
    assert!(no(r#"unread = "maybe""#).contains("no tidings equivalent"));
}

#[test]
fn flags_star_letter_and_other_letters() {
    assert_eq!(q(r#"flags # "s""#), "starred");
    assert_eq!(q(r#"flags !# "s""#), "not starred");
    assert_eq!(q(r#"flags # "b""#), "tag:flag-b");
    assert_eq!(to_query(r#"flags # "b""#, 'b').unwrap(), "starred");
    assert!(to_query(r#"flags # "ab""#, 's').is_err());
}

#[test]
fn tags_quoted_when_needed() {
    assert_eq!(q(r#"tags # "news""#), "tag:news");
    assert_eq!(q(r#"tags # "Middle East""#), "tag:\"Middle East\"");
    assert_eq!(q(r#"tags !# "sport""#), "not tag:sport");
}

#[test]
fn title_and_author_regexes() {
    // newsboat's regexes ignore case.
    assert_eq!(q(r#"title =~ "^Sponsored""#), "title:/(?i)^Sponsored/");
    assert_eq!(q(r#"author !~ "PR Wire""#), "not author:/(?i)PR Wire/");
    assert_eq!(q(r#"title =~ "a/b""#), r"title:/(?i)a\/b/");
    assert_eq!(q(r#"title = "Hi.""#), r"title:/^Hi\.$/");
    assert_eq!(q(r#"title # "syria""#), "title:syria");
}

#[test]
fn feedtitle_feedurl_and_link_when_literal() {
    assert_eq!(q(r#"feedtitle =~ "BBC""#), "feed:BBC");
    assert_eq!(
        q(r#"feedurl = "https://example.org/feed.xml""#),
        "feed:https://example.org/feed.xml"
    );
    assert_eq!(q(r#"link =~ "youtube.com""#), "link:youtube.com");
    assert!(no(r#"feedtitle =~ "^B.C$""#).contains("feedtitle"));
}

#[test]
fn age_in_days() {
    assert_eq!(q("age < 3"), "newer:3d");
    assert_eq!(q("age > 30"), "older:30d");
    assert!(to_query("age < soon", 's').is_err());
}

#[test]
fn and_or_and_parentheses_nest() {
    assert_eq!(
        q(r#"unread = "yes" and tags # "news""#),
        "(unread and tag:news)"
    );
    assert_eq!(
        q(r#"(tags # "a" or tags # "b") and unread = "yes""#),
        "((tag:a or tag:b) and unread)"
    );
    assert_eq!(
        q(r#"tags # "a" or tags # "b" or tags # "c""#),
        "(tag:a or tag:b or tag:c)"
    );
    // newsboat gives neither precedence and groups from the right; the output says so.
    assert_eq!(
        q(r#"unread = "yes" and tags # "a" or tags # "b""#),
        "(unread and (tag:a or tag:b))"
    );
    assert_eq!(
        q(r#"tags # "a" or tags # "b" and unread = "yes""#),
        "(tag:a or (tag:b and unread))"
    );
    assert_eq!(
        q(r#"tags # "a" and tags # "b" and tags # "c" or tags # "d""#),
        "(tag:a and tag:b and (tag:c or tag:d))"
    );
}

#[test]
fn content_words_become_a_phrase() {
    assert_eq!(q(r#"content =~ "ceasefire""#), "\"ceasefire\"");
}

#[test]
fn untranslatable_filters_say_why() {
    assert!(no("articleindex < 10").contains("articleindex"));
    assert!(no("date between 20200101:20200102").contains("date"));
    assert!(no(r#"unread = "yes" and"#).contains("expected"));
    assert!(no(r#"(unread = "yes""#).contains("parenthesis"));
    assert!(no(r#"title =~ "open"#).contains("quote"));
    assert!(no(r#"unread "yes""#).contains("operator"));
}

#[test]
fn queries_translate_back_to_filters_that_translate_again() {
    for text in [
        "unread and tag:news",
        "starred or tag:flag-b",
        "not starred and title:/^Weather/",
        "author:Ammar newer:7d",
        "read and older:30d",
    ] {
        let query = crate::query::parse(text).unwrap();
        let filter = from_query(&query, 's').unwrap_or_else(|| panic!("{text}"));
        let again = crate::query::parse(&q(&filter)).unwrap();
        let back = from_query(&again, 's').unwrap();
        assert_eq!(back, filter, "{text} → {filter}");
    }
}

#[test]
fn queries_without_a_newsboat_form_stay_out() {
    for text in [
        "has:enclosure",
        "feed:BBC",
        "ceasefire",
        "not (unread or starred)",
    ] {
        let query = crate::query::parse(text).unwrap();
        assert_eq!(from_query(&query, 's'), None, "{text}");
    }
}
