//! Subscription lists: OPML 1.0/2.0 and newsboat `urls` files, in and out.
//!
//! Parsing is pure: bytes in, a list of [`Subscription`]s (plus warnings) out. The store
//! applies an import in one transaction, so a bad file changes nothing.

mod decode;
mod export;
mod opml;
mod policy;
mod urls;

use std::collections::{HashMap, HashSet};

use url::Url;

pub use export::to_opml;
pub(crate) use urls::tokenize;

use crate::feed::script::is_script;

/// One feed to subscribe to, as found in an OPML or `urls` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The feed's URL, exactly as given (after entity decoding).
    pub url: String,
    /// The display title, when the file gives one.
    pub title: Option<String>,
    /// Tags: OPML folder names (outermost first) or newsboat tags.
    pub tags: Vec<String>,
}

/// The result of reading a subscription file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Import {
    /// Feeds in file order, duplicates removed.
    pub feeds: Vec<Subscription>,
    /// Lines that were skipped, each saying where and why.
    pub warnings: Vec<String>,
}

/// Why a subscription file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not well-formed XML or not OPML.
    #[error("malformed OPML at line {line}, column {column}: {message}")]
    Opml {
        line: u32,
        column: u32,
        message: String,
    },
    /// A line of a newsboat `urls` file could not be understood.
    #[error("malformed urls file at line {line}: {message}")]
    Urls { line: usize, message: String },
    /// The XML declaration names an encoding that cannot be decoded (unknown, or one
    /// that the Encoding Standard maps to "replacement", such as ISO-2022-KR).
    #[error("unsupported encoding {label:?} in the XML declaration")]
    Encoding { label: String },
}

/// Reads an OPML or newsboat `urls` file; the format is detected from the content.
///
/// Text that starts with `<` (after an optional byte order mark and whitespace) is read as
/// OPML, anything else as a `urls` file. The encoding comes from the byte order mark, else
/// (for XML) the declaration's `encoding`, else UTF-8. Bytes that are invalid in that
/// encoding become U+FFFD and add a warning rather than failing the whole import.
pub fn parse(bytes: &[u8]) -> Result<Import, Error> {
    let decoded = decode::decode(bytes)?;
    let mut import = if decoded.is_xml() {
        opml::parse(&decoded.text)?
    } else {
        urls::parse(&decoded.text)?
    };
    if let Some(warning) = decoded.warning {
        import.warnings.insert(0, warning);
    }
    Ok(import)
}

/// Checks that `raw` is a URL tidings can fetch: absolute, with an http, https or file
/// scheme. Anything else (relative paths, `feed:`, `javascript:`) is refused.
fn feed_url(raw: &str) -> Option<Url> {
    let url = Url::parse(raw).ok()?;
    matches!(url.scheme(), "http" | "https" | "file").then_some(url)
}

/// At most this many characters of untrusted input are quoted in an error or warning,
/// so a binary file cannot produce a megabyte-long message.
const EXCERPT_CHARS: usize = 80;

/// A short, quoted excerpt of untrusted text for messages.
fn excerpt(text: &str) -> String {
    let mut short: String = text.chars().take(EXCERPT_CHARS).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// Feeds collected in file order, merged by URL.
///
/// The same feed often appears more than once: an OPML export lists a feed once per
/// folder it sits in, and hand-edited `urls` files collect duplicates. The first
/// occurrence keeps its place and title; later ones add their tags (and a title if the
/// first had none). URLs are compared after parsing, so `HTTPS://Example.com/feed` and
/// `https://example.com/feed` are the same feed.
#[derive(Debug, Default)]
struct FeedSet {
    feeds: Vec<Subscription>,
    by_url: HashMap<String, usize>,
    /// Tags of each feed, for merging without a quadratic scan.
    tag_sets: Vec<HashSet<String>>,
}

impl FeedSet {
    /// Adds one occurrence of the feed at `url`. `raw_url` is kept as written unless it
    /// holds control characters, which a URL cannot carry: then the parsed form (with
    /// them percent-encoded) is kept, so the stored address is the one fetched and
    /// exported.
    fn add(&mut self, url: &Url, raw_url: &str, title: Option<String>, tags: Vec<String>) {
        let kept = if raw_url.chars().any(char::is_control) {
            url.as_str()
        } else {
            raw_url
        };
        self.insert(url.as_str(), kept, title, tags);
    }

    /// Adds one occurrence of the script feed `address` (`exec:…`, `filter:…`), kept as
    /// written: it is a command line, not a URL. Whether it may be subscribed to is
    /// decided later ([`Import::apply_policy`]).
    fn add_script(&mut self, address: &str, title: Option<String>, tags: Vec<String>) {
        let address = address.trim();
        self.insert(address, address, title, tags);
    }

    fn insert(&mut self, key: &str, kept: &str, title: Option<String>, tags: Vec<String>) {
        let index = *self.by_url.entry(key.to_owned()).or_insert_with(|| {
            self.feeds.push(Subscription {
                url: kept.to_owned(),
                title: None,
                tags: Vec::new(),
            });
            self.tag_sets.push(HashSet::new());
            self.feeds.len() - 1
        });
        let (Some(feed), Some(seen)) = (self.feeds.get_mut(index), self.tag_sets.get_mut(index))
        else {
            return;
        };
        if feed.title.is_none() {
            feed.title = title;
        }
        for tag in tags {
            if !tag.is_empty() && seen.insert(tag.clone()) {
                feed.tags.push(tag);
            }
        }
    }

    fn into_feeds(self) -> Vec<Subscription> {
        self.feeds
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const OPML2: &[u8] = include_bytes!("../tests/fixtures/opml/subscriptions-opml2.opml");
    const OPML1: &[u8] = include_bytes!("../tests/fixtures/opml/legacy-opml1.opml");
    const MALFORMED: &[u8] = include_bytes!("../tests/fixtures/opml/malformed-unclosed.opml");
    const URLS: &[u8] = include_bytes!("../tests/fixtures/opml/newsboat-urls");

    /// Feeds as comparable values: URL, title and the *set* of tags.
    fn normalized(feeds: &[Subscription]) -> Vec<(String, Option<String>, BTreeSet<String>)> {
        feeds
            .iter()
            .map(|f| {
                (
                    f.url.clone(),
                    f.title.clone(),
                    f.tags.iter().cloned().collect(),
                )
            })
            .collect()
    }

    fn assert_round_trip(fixture: &[u8]) {
        let original = parse(fixture).unwrap().feeds;
        let exported = to_opml(&original);
        let again = parse(exported.as_bytes()).unwrap();
        let mut before = normalized(&original);
        let mut after = normalized(&again.feeds);
        before.sort();
        after.sort();
        assert_eq!(before, after, "exported:\n{exported}");
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    }

    #[test]
    fn detects_opml_from_content() {
        assert_eq!(parse(OPML2).unwrap().feeds.len(), 20);
        assert_eq!(parse(OPML1).unwrap().feeds.len(), 6);
    }

    #[test]
    fn legacy_opml1_fixture_decodes_iso_8859_1_titles() {
        let import = parse(OPML1).unwrap();
        let titles: Vec<_> = import.feeds.iter().map(|f| f.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Café Babel - Europe"),
                Some("Scripting News"),
                Some("Dive Into Mark"),
                Some("Ammar Johmani Magazine"),
                Some("Slashdot"),
                Some("Kölner Stadt-Anzeiger « Lokales »"),
            ]
        );
        let tags: Vec<_> = import.feeds.iter().map(|f| f.tags.len()).collect();
        assert_eq!(tags, [1, 1, 1, 0, 0, 0]);
        assert_eq!(import.feeds[0].tags, ["Blogs"]);
        assert!(import.warnings.is_empty(), "{:?}", import.warnings);
    }

    #[test]
    fn detects_urls_file_from_content() {
        assert_eq!(parse(URLS).unwrap().feeds.len(), 14);
    }

    #[test]
    fn detects_opml_after_bom_and_whitespace() {
        let mut bytes = b"\xEF\xBB\xBF\n  ".to_vec();
        bytes.extend_from_slice(OPML2);
        let import = parse(&bytes).unwrap();
        assert_eq!(import.feeds.len(), 20);
        assert!(import.warnings.is_empty(), "{:?}", import.warnings);
    }

    #[test]
    fn empty_file_is_an_empty_urls_file() {
        assert_eq!(parse(b"").unwrap(), Import::default());
        assert_eq!(parse(b"\n\n# nothing yet\n").unwrap(), Import::default());
    }

    #[test]
    fn malformed_opml_is_an_error_not_a_partial_import() {
        assert!(matches!(
            parse(MALFORMED),
            Err(Error::Opml { line: 15, .. })
        ));
    }

    #[test]
    fn round_trip_keeps_feeds_and_tag_sets_of_opml2_fixture() {
        assert_round_trip(OPML2);
    }

    #[test]
    fn round_trip_keeps_feeds_and_tag_sets_of_legacy_opml1_fixture() {
        assert_round_trip(OPML1);
    }

    #[test]
    fn round_trip_keeps_feeds_and_tag_sets_of_newsboat_fixture() {
        assert_round_trip(URLS);
    }

    #[test]
    fn duplicate_urls_keep_first_title_and_merge_tags() {
        let import = parse(b"https://a.example/f x\nHTTPS://A.EXAMPLE/f \"~T\" y x\n").unwrap();
        assert_eq!(
            import.feeds,
            vec![Subscription {
                url: "https://a.example/f".into(),
                title: Some("T".into()),
                tags: vec!["x".into(), "y".into()],
            }]
        );
    }

    #[test]
    fn never_panics_on_any_prefix_of_the_fixtures() {
        for fixture in [OPML2, OPML1, MALFORMED, URLS] {
            for end in 0..=fixture.len() {
                let _ = parse(&fixture[..end]);
            }
        }
    }

    #[test]
    fn control_characters_in_a_url_are_encoded_and_survive_a_round_trip() {
        // Found by the `import` fuzz target: a control character inside a URL was kept
        // raw, dropped on export, and the exported URL then merged with another feed.
        let text = "https://a.example/x%\u{19}D8\nhttps://a.example/x%D8\n";
        let import = parse(text.as_bytes()).unwrap();
        assert_eq!(import.feeds.len(), 2);
        assert!(
            import
                .feeds
                .iter()
                .all(|f| !f.url.chars().any(char::is_control))
        );
        assert_eq!(import.feeds[0].url, "https://a.example/x%%19D8");
        let again = parse(to_opml(&import.feeds).as_bytes()).unwrap();
        assert_eq!(normalized(&again.feeds), normalized(&import.feeds));
    }

    #[test]
    fn never_panics_on_binary_noise() {
        // A fixed pseudo-random byte stream (xorshift), with and without a leading `<`.
        let mut state: u32 = 0x9E37_79B9;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        for start in (0..noise.len()).step_by(97) {
            let _ = parse(&noise[start..]);
            let mut xml = b"<opml><body><outline ".to_vec();
            xml.extend_from_slice(&noise[start..]);
            let _ = parse(&xml);
        }
    }
}
