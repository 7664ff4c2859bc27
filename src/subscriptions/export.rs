//! Writes subscriptions as OPML 2.0: one folder per tag, untagged feeds at the top level,
//! in a fixed order so the same subscriptions always give the same bytes.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use super::Subscription;

/// Writes `feeds` as an OPML 2.0 document; each feed's tags become folders.
///
/// A feed with several tags is listed once in each of their folders, so reading the file
/// back (which merges a URL's folders into its tags) gives the same tag set; nested
/// folders are not rebuilt, since tags have no order of their own. Folders are sorted by
/// name, feeds by title (then URL), and untagged feeds follow the folders. The head has
/// no date, so the output depends on `feeds` alone. A feed without a title gets an empty
/// `text`, which readers show as the feed's own title and which reads back as no title.
/// Control characters that XML 1.0 cannot carry (other than tab, CR and LF) are dropped.
pub fn to_opml(feeds: &[Subscription]) -> String {
    let mut folders: BTreeMap<&str, Vec<&Subscription>> = BTreeMap::new();
    let mut loose = Vec::new();
    for feed in feeds {
        let mut tags = feed
            .tags
            .iter()
            .map(|tag| tag.trim())
            .filter(|tag| !tag.is_empty());
        let Some(first) = tags.next() else {
            loose.push(feed);
            continue;
        };
        for tag in std::iter::once(first).chain(tags) {
            folders.entry(tag).or_default().push(feed);
        }
    }

    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<opml version=\"2.0\">\n",
        "  <head>\n",
        "    <title>tidings subscriptions</title>\n",
        "  </head>\n",
        "  <body>\n",
    ));
    for (tag, mut members) in folders {
        let name = escape(tag);
        let _ = writeln!(out, "    <outline text=\"{name}\" title=\"{name}\">");
        write_feeds(&mut out, &mut members, "      ");
        out.push_str("    </outline>\n");
    }
    write_feeds(&mut out, &mut loose, "    ");
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_feeds(out: &mut String, feeds: &mut Vec<&Subscription>, indent: &str) {
    // A URL listed twice under one tag (a duplicate in the input) is written once.
    let mut seen = HashSet::new();
    feeds.retain(|feed| seen.insert(feed.url.as_str()));
    feeds.sort_by_cached_key(|feed| sort_key(feed));
    for feed in feeds {
        let url = escape(&feed.url);
        let _ = match feed.title.as_deref() {
            Some(title) => {
                let title = escape(title);
                writeln!(
                    out,
                    "{indent}<outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{url}\"/>"
                )
            }
            None => writeln!(
                out,
                "{indent}<outline type=\"rss\" text=\"\" xmlUrl=\"{url}\"/>"
            ),
        };
    }
}

/// Titles compare without regard to case; the URL breaks ties so the order is total.
fn sort_key(feed: &Subscription) -> (String, &str) {
    let title = feed.title.as_deref().unwrap_or(&feed.url);
    (title.to_lowercase(), &feed.url)
}

/// Escapes `value` for a double-quoted XML attribute.
///
/// Tab, LF and CR become character references: written raw, a parser would turn them
/// into spaces (attribute-value normalization).
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// XML 1.0's `Char` production, less the whitespace controls handled by [`escape`].
fn is_xml_char(c: char) -> bool {
    !(c.is_control() && c < ' ') && c != '\u{FFFE}' && c != '\u{FFFF}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subscriptions::parse;

    fn feed(url: &str, title: Option<&str>, tags: &[&str]) -> Subscription {
        Subscription {
            url: url.into(),
            title: title.map(Into::into),
            tags: tags.iter().map(|&t| t.into()).collect(),
        }
    }

    #[test]
    fn writes_opml2_head_with_fixed_title_and_no_date() {
        let opml = to_opml(&[]);
        assert!(
            opml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
        );
        assert!(opml.contains("<title>tidings subscriptions</title>"));
        assert!(!opml.contains("dateCreated"));
        assert_eq!(parse(opml.as_bytes()).unwrap().feeds, vec![]);
    }

    #[test]
    fn puts_each_tag_in_a_sorted_folder_and_untagged_feeds_last() {
        let opml = to_opml(&[
            feed("https://z.example/", Some("Zed"), &[]),
            feed("https://b.example/", Some("Beta"), &["tech", "news"]),
            feed("https://a.example/", Some("alpha"), &["tech"]),
        ]);
        let expected = concat!(
            "  <body>\n",
            "    <outline text=\"news\" title=\"news\">\n",
            "      <outline type=\"rss\" text=\"Beta\" title=\"Beta\" xmlUrl=\"https://b.example/\"/>\n",
            "    </outline>\n",
            "    <outline text=\"tech\" title=\"tech\">\n",
            "      <outline type=\"rss\" text=\"alpha\" title=\"alpha\" xmlUrl=\"https://a.example/\"/>\n",
            "      <outline type=\"rss\" text=\"Beta\" title=\"Beta\" xmlUrl=\"https://b.example/\"/>\n",
            "    </outline>\n",
            "    <outline type=\"rss\" text=\"Zed\" title=\"Zed\" xmlUrl=\"https://z.example/\"/>\n",
            "  </body>\n",
        );
        assert!(opml.contains(expected), "{opml}");
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        let a = feed("https://a.example/", Some("A"), &["x"]);
        let b = feed("https://b.example/", None, &["x"]);
        assert_eq!(to_opml(&[a.clone(), b.clone()]), to_opml(&[b, a]));
    }

    #[test]
    fn escapes_markup_quotes_and_whitespace_controls_and_drops_other_controls() {
        let title = "A & B <\"q\"> 'x'\ttab\nline\u{1}\u{FFFF}";
        let url = "https://e.example/?a=1&b=\"2\"";
        let opml = to_opml(&[feed(url, Some(title), &["R&D <lab>"])]);
        assert!(opml.contains("A &amp; B &lt;&quot;q&quot;&gt; 'x'&#9;tab&#10;line\""));
        assert!(opml.contains("xmlUrl=\"https://e.example/?a=1&amp;b=&quot;2&quot;\""));
        let back = parse(opml.as_bytes()).unwrap().feeds;
        assert_eq!(
            back,
            vec![feed(
                url,
                Some("A & B <\"q\"> 'x'\ttab\nline"),
                &["R&D <lab>"]
            )]
        );
    }

    #[test]
    fn feed_without_title_reads_back_without_title() {
        let untitled = feed("https://u.example/feed", None, &[]);
        let opml = to_opml(std::slice::from_ref(&untitled));
        assert!(
            opml.contains("<outline type=\"rss\" text=\"\" xmlUrl=\"https://u.example/feed\"/>")
        );
        assert_eq!(parse(opml.as_bytes()).unwrap().feeds, vec![untitled]);
    }

    #[test]
    fn blank_tags_are_not_folders() {
        let opml = to_opml(&[feed("https://a.example/", Some("A"), &["", "  "])]);
        assert!(
            opml.contains("\n    <outline type=\"rss\" text=\"A\""),
            "{opml}"
        );
    }
}
