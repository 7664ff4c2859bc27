//! Parsing through feed-rs: identities, fallbacks and cleaning of what it reads.

use super::*;

const ATOM: &[u8] = include_bytes!("../../../tests/fixtures/blogger/posts-default.atom.xml");
const RSS: &[u8] = include_bytes!("../../../tests/fixtures/blogger/posts-default.rss.xml");

#[test]
fn parses_blogger_atom_with_alternate_links_and_ids() {
    let feed = parse_feed(ATOM, None).unwrap();
    assert_eq!(feed.kind, FeedKind::Atom);
    assert_eq!(feed.entries.len(), 6);
    let first = &feed.entries[0];
    assert!(
        first.guid.starts_with("tag:blogger.com,1999:blog-"),
        "{}",
        first.guid
    );
    assert!(
        first
            .link
            .as_deref()
            .unwrap()
            .starts_with("https://ammar-magazine.blogspot.com/2017/")
    );
    assert!(first.published.is_some());
    assert!(!first.content_html.is_empty());
}

#[test]
fn atom_and_rss_of_the_same_blog_give_the_same_titles() {
    let atom = parse_feed(ATOM, None).unwrap();
    let rss = parse_feed(RSS, None).unwrap();
    let titles = |f: &ParsedFeed| {
        f.entries
            .iter()
            .map(|e| e.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&atom), titles(&rss));
    assert!(
        atom.entries.iter().any(|e| e.title.contains('&')),
        "entity decoded in titles"
    );
}

#[test]
fn undated_entries_without_id_or_link_are_told_apart_by_their_text() {
    let rss = br#"<rss version="2.0"><channel><title>t</title>
        <item><title>Update</title><description>Roads closed</description></item>
        <item><title>Update</title><description>Roads open</description></item>
        </channel></rss>"#;
    let feed = parse_feed(rss, None).unwrap();
    assert_eq!(feed.entries.len(), 2);
    assert_ne!(feed.entries[0].guid, feed.entries[1].guid);
}

#[test]
fn entries_without_ids_fall_back_to_link_then_hash() {
    let rss = br#"<rss version="2.0"><channel><title>t</title>
        <item><title>A</title><link>http://example.com/a</link></item>
        <item><title>B</title><pubDate>Mon, 01 May 2017 10:00:00 +0000</pubDate></item>
        </channel></rss>"#;
    let feed = parse_feed(rss, None).unwrap();
    assert_eq!(feed.entries[0].guid, "http://example.com/a");
    assert!(feed.entries[1].guid.starts_with("tidings:"));
    let again = parse_feed(rss, None).unwrap();
    assert_eq!(
        feed.entries[1].guid, again.entries[1].guid,
        "hash is stable"
    );
}

#[test]
fn rss_author_is_the_name_without_address_or_parentheses() {
    let rss = parse_feed(RSS, None).unwrap();
    assert_eq!(rss.entries[0].author.as_deref(), Some("Ammar Johmani"));
    assert_eq!(person_name("(Jane) and (John)"), "(Jane) and (John)");
}

#[test]
fn control_characters_in_titles_are_removed() {
    let rss = b"<rss version=\"2.0\"><channel><title>t\x1b[2J</title>
        <item><title>Bad \x1b]52;c;aGk=\x07 title</title><guid>1</guid></item>
        </channel></rss>";
    let feed = parse_feed(rss, None).unwrap();
    assert!(!feed.title.unwrap().contains('\x1b'));
    assert!(!feed.entries[0].title.contains('\x1b'));
    assert!(!feed.entries[0].title.contains('\x07'));
}

#[test]
fn not_a_feed_is_an_error() {
    assert!(parse_feed(b"<html><body>hi</body></html>", None).is_err());
    assert!(parse_feed(b"", None).is_err());
}

#[test]
fn atom_content_of_a_non_text_type_is_base64_decoded() {
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
        <entry><id>1</id><title>Html</title>
          <content type="application/x-html">PHA+SGk8L3A+</content></entry>
        <entry><id>2</id><title>Binary</title>
          <content type="image/png">iVBORw0KGgo=</content></entry>
        <entry><id>3</id><title>Markdown</title>
          <content type="text/markdown">*inline*</content></entry>
    </feed>"#;
    let feed = parse_feed(atom, None).unwrap();
    assert_eq!(feed.entries[0].content_html, "<p>Hi</p>");
    assert_eq!(feed.entries[1].content_html, "(image/png content)");
    assert_eq!(feed.entries[2].content_html, "*inline*");
}

#[test]
fn missing_core_elements_fall_back_to_their_namespaced_stand_ins() {
    let rss = br#"<rss version="2.0" xmlns:DC="http://purl.org/dc/elements/1.1"
            xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
            xmlns:m="http://search.yahoo.com/mrss/"><channel><DC:title>Chan</DC:title>
        <item><guid>http://example.com/perma</guid><DC:title>Dc title</DC:title>
          <DC:description>Dc text</DC:description><DC:creator>Jane</DC:creator></item>
        <item><guid isPermaLink="false">http://example.com/not</guid>
          <m:group><m:title>Media title</m:title></m:group>
          <itunes:summary>Show notes</itunes:summary></item>
        <item><guid>12345</guid><title>Serial</title></item>
        <item><guid isPermaLink="false">http://example.com/not2</guid>
          <m:group><m:title>Media title</m:title></m:group>
          <itunes:summary>Show notes</itunes:summary></item>
    </channel></rss>"#;
    let feed = parse_feed(rss, None).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Chan"));
    let (first, second) = (&feed.entries[0], &feed.entries[1]);
    assert_eq!(first.title, "Dc title");
    assert_eq!(first.link.as_deref(), Some("http://example.com/perma"));
    assert_eq!(first.content_html, "Dc text");
    assert_eq!(first.author.as_deref(), Some("Jane"));
    assert_eq!(second.title, "Media title");
    assert_eq!(second.link, None, "not a permalink");
    assert_eq!(second.content_html, "Show notes");
    assert_eq!(feed.entries[2].link, None, "a serial number is no link");
}

#[test]
fn xml_base_resolves_against_the_documents_own_url() {
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><title>t</title>
        <entry xml:base="posts/"><id>1</id><title>A</title><link href="one.html"/>
          <content type="html" xml:base="media/">&lt;img src="a.png"&gt;</content></entry>
    </feed>"#;
    let feed = parse_feed(atom, Some("http://127.0.0.1:8080/feed.xml")).unwrap();
    let entry = &feed.entries[0];
    assert_eq!(
        entry.link.as_deref(),
        Some("http://127.0.0.1:8080/blog/posts/one.html")
    );
    assert_eq!(
        entry.base_url.as_deref(),
        Some("http://127.0.0.1:8080/blog/posts/media/")
    );
}

#[test]
fn strict_and_lenient_paths_agree_on_well_formed_input() {
    for bytes in [ATOM, RSS] {
        let text = std::str::from_utf8(bytes).unwrap();
        let recovered = recover::recover(text);
        assert!(recovered.repairs.is_empty(), "{:?}", recovered.repairs);
        let strict = parse_feed(bytes, Some("http://example.com/feed")).unwrap();
        let lenient = read(recovered.text.as_bytes(), Some("http://example.com/feed")).unwrap();
        assert_eq!(strict, lenient);
        assert_eq!(strict.warning, None);
    }
}

#[test]
fn broken_feed_is_read_with_a_warning_instead_of_an_error() {
    let rss = b"<rss version=\"2.0\"><channel><title>Caf&eacute; &nbsp; news & more</title>
        <item><title>One & two</title><guid>1</guid></item>";
    let feed = parse_feed(rss, None).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Café news & more"));
    assert_eq!(feed.entries[0].title, "One & two");
    assert_eq!(
        feed.warning.as_deref(),
        Some(
            "recovered from broken XML: 2 HTML entities, 2 bare &s, 2 unclosed elements, \
             cut off before its end"
        )
    );
}

#[test]
fn html_entities_feed_rs_reads_past_are_read_as_characters_with_a_warning() {
    let atom = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>x</id>
        <entry><id>1</id><title>A</title><content type=\"text\">Cr&egrave;me &amp;eacute;</content></entry>
        <entry><id>2</id><title>B</title><content type=\"html\"><![CDATA[<p>&eacute;</p>]]></content></entry>
    </feed>";
    let feed = parse_feed(atom, None).unwrap();
    assert_eq!(feed.entries[0].content_html, "Crème &amp;eacute;");
    assert_eq!(
        feed.entries[1].content_html, "<p>&eacute;</p>",
        "CDATA is left alone"
    );
    assert_eq!(
        feed.warning.as_deref(),
        Some("recovered from broken XML: 1 HTML entity")
    );
}
