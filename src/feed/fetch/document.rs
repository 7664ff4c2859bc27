//! A fetched document: its bytes and media type, turned into a [`ParsedFeed`] (charset
//! first, then feed-rs) or recognised as an HTML page for autodiscovery.

use std::borrow::Cow;

use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use url::Url;

use super::ErrorKind;
use crate::feed::{ParsedFeed, charset, parse_feed};

/// A response body (or file) and what the server said it is.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header as sent, if any.
    pub content_type: Option<String>,
}

impl Document {
    /// Parses the document as a feed fetched from `url`. A failure says whether this was
    /// not a feed at all (with the content type seen) or a broken one (with a position).
    pub fn parse(&self, url: &Url) -> Result<ParsedFeed, ErrorKind> {
        let decoded = self.decoded();
        match parse_feed(&decoded, Some(url.as_str())) {
            Ok(feed) => Ok(feed),
            Err(err) => match with_rss_version(&decoded) {
                Some(fixed) => {
                    parse_feed(&fixed, Some(url.as_str())).map_err(|_| self.explain(&decoded, &err))
                }
                None => Err(self.explain(&decoded, &err)),
            },
        }
    }

    /// The document as UTF-8, decoded the way [`Self::parse`] decodes it.
    pub fn decoded(&self) -> Cow<'_, [u8]> {
        let charset = self
            .content_type
            .as_deref()
            .and_then(charset::charset_param);
        charset::to_utf8(&self.bytes, charset).bytes
    }

    /// The media type without parameters, lowercased (`text/html`).
    pub(crate) fn media_type(&self) -> Option<String> {
        let content_type = self.content_type.as_deref()?;
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
    }

    /// Whether this is an HTML page (by its media type, or by its first tag when the
    /// server did not say or said something generic).
    pub(crate) fn is_html(&self) -> bool {
        match self.media_type().as_deref() {
            Some("text/html" | "application/xhtml+xml") => true,
            None | Some("text/plain" | "application/octet-stream") => sniff_html(&self.bytes),
            Some(_) => false,
        }
    }

    fn explain(&self, decoded: &[u8], err: &crate::feed::ParseError) -> ErrorKind {
        let inner = std::error::Error::source(err).and_then(|s| s.downcast_ref::<ParseFeedError>());
        let not_a_feed = || ErrorKind::NotAFeed {
            content_type: self.media_type().unwrap_or_else(|| "not given".to_owned()),
        };
        if self.is_html() {
            return not_a_feed();
        }
        match inner {
            Some(ParseFeedError::JsonSerde(json)) => ErrorKind::ParseAt {
                line: json.line() as u32,
                column: json.column() as u32,
                message: strip_position(&json.to_string()),
            },
            Some(ParseFeedError::XmlReader(_)) => {
                xml_error_position(decoded).unwrap_or_else(|| ErrorKind::Parse(err.to_string()))
            }
            // Well-formed XML with another root, or not XML at all; or broken XML whose
            // root feed-rs could not find.
            Some(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))
                if starts_with_tag(decoded) =>
            {
                xml_error_position(decoded).unwrap_or_else(not_a_feed)
            }
            Some(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) => not_a_feed(),
            _ => ErrorKind::Parse(err.to_string()),
        }
    }
}

/// feed-rs rejects an `<rss>` root without a `version`, which old feeds omit; such a
/// document is retried as RSS 2.0, the version that reads all the others.
fn with_rss_version(decoded: &[u8]) -> Option<Vec<u8>> {
    let head = &decoded[..decoded.len().min(64 * 1024)];
    let start = head
        .windows(5)
        .position(|w| w == b"<rss>" || (w.starts_with(b"<rss") && w[4].is_ascii_whitespace()))?;
    let end = start + head[start..].iter().position(|&b| b == b'>')?;
    if head[start..end].windows(7).any(|w| w == b"version") {
        return None;
    }
    let mut fixed = Vec::with_capacity(decoded.len() + 16);
    fixed.extend_from_slice(&decoded[..start + 4]);
    fixed.extend_from_slice(b" version=\"2.0\"");
    fixed.extend_from_slice(&decoded[start + 4..]);
    Some(fixed)
}

fn starts_with_tag(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// serde_json appends " at line L column C", which our message already has.
fn strip_position(message: &str) -> String {
    message
        .find(" at line ")
        .map_or(message, |i| &message[..i])
        .to_owned()
}

/// Where a document stops being well-formed XML: feed-rs doesn't say, so a strict parser
/// that does (and limits entity expansion) is run over it, on the error path only.
fn xml_error_position(decoded: &[u8]) -> Option<ErrorKind> {
    let text = std::str::from_utf8(decoded).ok()?;
    // The node cap bounds memory; a document that big and broken gets feed-rs's message.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 200_000,
        ..Default::default()
    };
    let err = roxmltree::Document::parse_with_options(text, options).err()?;
    if matches!(err, roxmltree::Error::NodesLimitReached) {
        return None;
    }
    let pos = err.pos();
    let message = err.to_string();
    let message = message
        .rsplit_once(" at ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    Some(ErrorKind::ParseAt {
        line: pos.row,
        column: pos.col,
        message,
    })
}

fn sniff_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head)
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("http://127.0.0.1/feed").unwrap()
    }

    fn doc(bytes: &[u8], content_type: Option<&str>) -> Document {
        Document {
            bytes: bytes.to_vec(),
            content_type: content_type.map(str::to_owned),
        }
    }

    #[test]
    fn html_page_is_not_a_feed_and_says_its_type() {
        let err = doc(
            b"<!DOCTYPE html><html><body>hi</body></html>",
            Some("text/html; charset=utf-8"),
        )
        .parse(&url())
        .unwrap_err();
        assert_eq!(err.to_string(), "not a feed (content type text/html)");
    }

    #[test]
    fn broken_xml_that_recovery_cannot_make_a_feed_gives_line_and_column() {
        let err = doc(
            b"<?xml version=\"1.0\"?>\n<notes>\n<title>x</titel>\n</notes>",
            None,
        )
        .parse(&url())
        .unwrap_err();
        let ErrorKind::ParseAt { line, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(line, 3);
        assert!(
            err.to_string()
                .starts_with("parse error at line 3, column "),
            "{err}"
        );
    }

    #[test]
    fn broken_feed_is_recovered_with_a_warning() {
        let feed = doc(
            b"<rss version=\"2.0\">\n<channel>\n<title>x</titel>\n</channel></rss>",
            None,
        )
        .parse(&url())
        .unwrap();
        assert_eq!(feed.title.as_deref(), Some("x"));
        let warning = feed.warning.unwrap();
        assert!(warning.contains("1 stray end tag"), "{warning}");
    }

    #[test]
    fn broken_json_feed_gives_line_and_column() {
        let err = doc(
            b"{\"version\": \"https://jsonfeed.org/version/1\",\n \"items\": [}",
            None,
        )
        .parse(&url())
        .unwrap_err();
        assert!(matches!(err, ErrorKind::ParseAt { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn well_formed_xml_of_another_kind_is_not_a_feed() {
        let err = doc(
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            Some("image/svg+xml"),
        )
        .parse(&url())
        .unwrap_err();
        assert_eq!(err.to_string(), "not a feed (content type image/svg+xml)");
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut xml =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", i - 1)
            };
            let value = format!("&{prev};").repeat(10);
            xml.extend(["<!ENTITY lol", &i.to_string(), " \"", &value, "\">\n"]);
        }
        xml.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
        // Either outcome is fine; what matters is that it returns quickly and small.
        let started = std::time::Instant::now();
        let _ = doc(xml.as_bytes(), None).parse(&url());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn rss_without_version_is_read_as_rss2() {
        let feed = doc(
            b"<?xml version='1.0'?>\n<rss>\n<channel><item><title>x</title></item></channel></rss>",
            None,
        )
        .parse(&url())
        .unwrap();
        assert_eq!(feed.entries[0].title, "x");
    }

    #[test]
    fn legacy_charset_from_http_header_is_honoured() {
        let feed = doc(
            b"<rss version=\"2.0\"><channel><title>Caf\xe9</title></channel></rss>",
            Some("text/xml; charset=iso-8859-1"),
        )
        .parse(&url())
        .unwrap();
        assert_eq!(feed.title.as_deref(), Some("Café"));
    }
}
