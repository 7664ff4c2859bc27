//! OPML import against real exports and hand-made edge cases: folders as tags, odd
//! attribute spellings, malformed files and where their errors point.

use super::*;
use crate::subscriptions::Subscription;

const OPML2: &str = include_str!("../../../tests/fixtures/opml/subscriptions-opml2.opml");
const MALFORMED: &str = include_str!("../../../tests/fixtures/opml/malformed-unclosed.opml");

fn find<'a>(import: &'a Import, url: &str) -> &'a Subscription {
    import.feeds.iter().find(|f| f.url == url).unwrap()
}

#[test]
fn imports_the_20_feeds_of_the_opml2_fixture_without_warnings() {
    let import = parse(OPML2).unwrap();
    assert_eq!(import.feeds.len(), 20);
    assert_eq!(import.warnings, Vec::<String>::new());
}

#[test]
fn nested_folders_become_tags_outermost_first() {
    let import = parse(OPML2).unwrap();
    let bbc = find(
        &import,
        "https://feeds.bbci.co.uk/news/world/middle_east/rss.xml",
    );
    assert_eq!(bbc.title.as_deref(), Some("BBC News - Middle East"));
    assert_eq!(bbc.tags, ["News", "Middle East"]);
    let rust = find(&import, "https://blog.rust-lang.org/feed.xml");
    assert_eq!(rust.tags, ["Tech", "Rust"]);
    assert_eq!(
        find(&import, "https://lwn.net/headlines/newrss").tags,
        ["Tech"]
    );
}

#[test]
fn arabic_folder_name_becomes_a_tag() {
    let import = parse(OPML2).unwrap();
    let arabic = find(&import, "https://feeds.bbci.co.uk/arabic/rss.xml");
    assert_eq!(arabic.tags, ["عربي"]);
    assert_eq!(arabic.title.as_deref(), Some("BBC News عربي"));
}

#[test]
fn top_level_feeds_have_no_tags() {
    let import = parse(OPML2).unwrap();
    assert!(find(&import, "https://xkcd.com/atom.xml").tags.is_empty());
    assert!(
        find(&import, "https://www.jsonfeed.org/feed.json")
            .tags
            .is_empty()
    );
}

#[test]
fn title_falls_back_to_text() {
    let import = parse(OPML2).unwrap();
    let label = find(
        &import,
        "https://ammar-magazine.blogspot.com/feeds/posts/default/-/Syria",
    );
    assert_eq!(
        label.title.as_deref(),
        Some("Ammar Johmani Magazine: Syria")
    );
}

#[test]
fn decodes_entities_in_urls_and_titles() {
    let import = parse(OPML2).unwrap();
    let hn = find(&import, "https://hnrss.org/newest?points=100&comments=25");
    assert_eq!(hn.tags, ["Tech"]);
    let tech = find(&import, "https://tech-arabi.example.com/feed/");
    assert_eq!(tech.title.as_deref(), Some("عالم التقنية — مدونة"));
}

#[test]
fn link_outlines_and_empty_folders_are_not_imported() {
    let import = parse(OPML2).unwrap();
    assert!(import.feeds.iter().all(|f| !f.url.contains("opml.org")));
    assert!(
        import
            .feeds
            .iter()
            .all(|f| !f.tags.iter().any(|t| t == "Empty folder"))
    );
    let link =
        r#"<opml><body><outline type="link" text="x" xmlUrl="https://e.example/"/></body></opml>"#;
    assert!(parse(link).unwrap().feeds.is_empty());
}

#[test]
fn malformed_fixture_reports_the_line_where_the_unclosed_outline_is_detected() {
    // Line 15 is `  </body>`: the first point where the unclosed <outline> is certain.
    let err = parse(MALFORMED).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed OPML at line 15, column 3: found </body> while <outline> is still open"
    );
}

#[test]
fn truncated_file_reports_its_last_line() {
    let err = parse("<opml>\n<body>\n<outline text=\"a\">\n").unwrap_err();
    let expected = "line 3, column 19: the file ends before its elements are closed";
    assert!(err.to_string().ends_with(expected), "{err}");
}

#[test]
fn a_feed_instead_of_opml_is_an_error() {
    let err = parse("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"/>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed OPML at line 2, column 1: root element is <rss>, not <opml>"
    );
}

#[test]
fn opml_without_body_is_an_error() {
    let err = parse("<opml><head/></opml>").unwrap_err();
    assert!(
        matches!(
            err,
            Error::Opml {
                line: 1,
                column: 1,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn outline_with_unusable_xml_url_is_skipped_with_a_warning_naming_its_line() {
    let text = "<opml><body>\n<outline text=\"Old\" xmlUrl=\"feed.xml\"/>\n</body></opml>";
    let import = parse(text).unwrap();
    assert!(import.feeds.is_empty());
    assert_eq!(
        import.warnings,
        ["line 2: skipped outline \"Old\": xmlUrl \"feed.xml\" is not an http, https or file URL"]
    );
}

#[test]
fn feed_in_two_folders_is_imported_once_with_both_tags() {
    let text = r#"<opml><body>
        <outline text="A"><outline title="First" xmlUrl="https://e.example/f"/></outline>
        <outline text="B"><outline title="Second" xmlUrl="https://e.example/f"/></outline>
    </body></opml>"#;
    let feeds = parse(text).unwrap().feeds;
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].title.as_deref(), Some("First"));
    assert_eq!(feeds[0].tags, ["A", "B"]);
}

#[test]
fn whitespace_before_the_declaration_is_accepted_and_lines_still_count() {
    let text = "\n\n<?xml version=\"1.0\"?>\n<opml><body>\n<outline xmlUrl=\"x\"/></body></opml>";
    let import = parse(text).unwrap();
    assert!(
        import.warnings[0].starts_with("line 5: "),
        "{:?}",
        import.warnings
    );
}

#[test]
fn attribute_names_match_without_regard_to_case() {
    let text = r#"<opml><body><outline TEXT="Old" xmlurl="https://e.example/f"/></body></opml>"#;
    let feeds = parse(text).unwrap().feeds;
    assert_eq!(feeds[0].title.as_deref(), Some("Old"));
}

#[test]
fn nameless_folders_add_no_tag() {
    let text = r#"<opml><body><outline><outline text="T"><outline xmlUrl="https://e.example/f"/></outline></outline></body></opml>"#;
    assert_eq!(parse(text).unwrap().feeds[0].tags, ["T"]);
}

#[test]
fn folders_nested_too_deep_are_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let text = format!(
        "<opml><body>{}{}</body></opml>",
        "<outline text=\"f\">".repeat(depth),
        "</outline>".repeat(depth)
    );
    let err = parse(&text).unwrap_err();
    assert!(
        err.to_string().contains("nested more than 64 deep"),
        "{err}"
    );
}
