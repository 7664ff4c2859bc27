//! Feed bytes to UTF-8: which encoding a document is in (BOM, HTTP charset, XML prolog,
//! detection) and transcoding with bytes invalid in that encoding replaced, never fatal.
//!
//! feed-rs decodes by the XML prolog itself, but fails on the first invalid byte and knows
//! nothing of HTTP. So we decode first and hand it UTF-8 whose prolog says UTF-8.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How far into a document the XML declaration may end.
const PROLOG_LIMIT: usize = 512;
/// How much of an undeclared, non-UTF-8 document the detector looks at.
const DETECT_LIMIT: usize = 256 * 1024;

/// Where the encoding of a document came from, for tests and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bom,
    Http,
    Prolog,
    /// Nothing declared and the bytes are valid UTF-8.
    Default,
    /// Nothing declared and the bytes are not UTF-8: guessed from their statistics.
    Detected,
}

/// A document in UTF-8, ready for the parser.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub encoding: &'static Encoding,
    pub source: Source,
    /// Some bytes were invalid in the encoding and became U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes` to UTF-8. `http_charset` is the `charset` parameter of the response's
/// Content-Type, if any. Precedence follows RFC 7303: BOM, then HTTP, then the XML
/// declaration; with none of them, UTF-8 if the bytes are valid UTF-8, else a guess.
pub fn to_utf8<'a>(bytes: &'a [u8], http_charset: Option<&str>) -> Decoded<'a> {
    let (encoding, source) = choose(bytes, http_charset);
    let (body, bom_len) = match Encoding::for_bom(bytes) {
        Some((_, len)) => (&bytes[len..], len),
        None => (bytes, 0),
    };
    let prolog_ok = prolog_encoding(body).is_none_or(|e| e == UTF_8);
    if encoding == UTF_8 && bom_len == 0 && prolog_ok && std::str::from_utf8(body).is_ok() {
        return Decoded {
            bytes: Cow::Borrowed(bytes),
            encoding,
            source,
            had_errors: false,
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let text = rewrite_prolog(&text);
    Decoded {
        bytes: Cow::Owned(text.into_owned().into_bytes()),
        encoding,
        source,
        had_errors,
    }
}

/// The `charset` parameter of a Content-Type header value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
            .filter(|v| !v.is_empty())
    })
}

fn choose(bytes: &[u8], http_charset: Option<&str>) -> (&'static Encoding, Source) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, Source::Bom);
    }
    if let Some(encoding) = http_charset.and_then(|c| Encoding::for_label(c.as_bytes())) {
        return (ascii_compatible_or_sniffed(encoding, bytes), Source::Http);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return (encoding, Source::Prolog);
    }
    if let Some(encoding) = prolog_encoding(bytes) {
        // A document whose declaration we could read as ASCII is not UTF-16, whatever it says.
        let encoding = if is_utf16(encoding) { UTF_8 } else { encoding };
        return (encoding, Source::Prolog);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, Source::Default);
    }
    (detect(bytes), Source::Detected)
}

/// Servers label UTF-16 documents loosely; trust the bytes when they disagree.
fn ascii_compatible_or_sniffed(declared: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    match utf16_without_bom(bytes) {
        Some(sniffed) => sniffed,
        None if is_utf16(declared) => UTF_8,
        None => declared,
    }
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// `<?` written in UTF-16 without a byte order mark (XML 1.0 appendix F).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes.get(..4)? {
        [b'<', 0, b'?', 0] => Some(UTF_16LE),
        [0, b'<', 0, b'?'] => Some(UTF_16BE),
        _ => None,
    }
}

/// The encoding named by an ASCII-compatible XML declaration, if it names a known one.
fn prolog_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let (start, end) = encoding_value_span(bytes)?;
    Encoding::for_label(&bytes[start..end])
}

/// Byte range of the `encoding` value inside a leading `<?xml … ?>` declaration.
fn encoding_value_span(bytes: &[u8]) -> Option<(usize, usize)> {
    let head = &bytes[..bytes.len().min(PROLOG_LIMIT)];
    let skip = head.iter().position(|b| !b.is_ascii_whitespace())?;
    if !head[skip..].starts_with(b"<?xml") {
        return None;
    }
    let end = skip + find(&head[skip..], b"?>")?;
    let decl = &head[..end];
    let after_name = skip + find(&decl[skip..], b"encoding")? + b"encoding".len();
    let mut i = after_name;
    while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if decl.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let quote = *decl.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
    let value_start = i + 1;
    let value_len = decl[value_start..].iter().position(|&b| b == quote)?;
    Some((value_start, value_start + value_len))
}

/// `text` with its XML declaration's encoding changed to UTF-8, so feed-rs doesn't decode
/// it a second time.
fn rewrite_prolog(text: &str) -> Cow<'_, str> {
    match encoding_value_span(text.as_bytes()) {
        Some((start, end)) if !text[start..end].eq_ignore_ascii_case("utf-8") => {
            Cow::Owned(format!("{}UTF-8{}", &text[..start], &text[end..]))
        }
        _ => Cow::Borrowed(text),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Guesses the legacy encoding of undeclared bytes that are not UTF-8.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_LIMIT)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte-for-byte copies of files in shared/fixtures/real-world (see its SOURCES.md).
    fn fixture(name: &str) -> &'static [u8] {
        match name {
            "iso8859" => {
                include_bytes!("../../tests/fixtures/charset/feed-rs--rss_1.0_iso8859.xml")
            }
            "euc-kr" => include_bytes!("../../tests/fixtures/charset/feedparser--euc-kr-item.xml"),
            "utf-16le" => {
                include_bytes!("../../tests/fixtures/charset/feedparser--utf-16le-bom.xml")
            }
            "shift_jis" => {
                include_bytes!("../../tests/fixtures/charset/feedparser--chardet-shiftjis.xml")
            }
            "windows-1255" => {
                include_bytes!("../../tests/fixtures/charset/feedparser--chardet-windows1255.xml")
            }
            _ => unreachable!("unknown fixture {name}"),
        }
    }

    fn text(decoded: &Decoded<'_>) -> String {
        String::from_utf8(decoded.bytes.to_vec()).unwrap()
    }

    #[test]
    fn valid_utf8_passes_through_without_copying() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>";
        let decoded = to_utf8(bytes, None);
        assert!(matches!(decoded.bytes, Cow::Borrowed(_)));
        assert_eq!(decoded.source, Source::Prolog);
    }

    #[test]
    fn prolog_encoding_is_decoded_and_rewritten_to_utf8() {
        let decoded = to_utf8(fixture("iso8859"), None);
        assert_eq!(
            decoded.encoding,
            encoding_rs::WINDOWS_1252,
            "ISO-8859-1 is decoded as windows-1252"
        );
        assert_eq!(decoded.source, Source::Prolog);
        let text = text(&decoded);
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""),
            "{}",
            &text[..60]
        );
    }

    #[test]
    fn euc_kr_from_prolog() {
        let decoded = to_utf8(fixture("euc-kr"), None);
        assert_eq!(decoded.encoding, encoding_rs::EUC_KR);
        assert!(text(&decoded).contains("<description>\u{b144}</description>"));
    }

    #[test]
    fn utf16le_bom_wins_and_is_removed() {
        let decoded = to_utf8(fixture("utf-16le"), Some("iso-8859-1"));
        assert_eq!((decoded.encoding, decoded.source), (UTF_16LE, Source::Bom));
        assert!(text(&decoded).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

    #[test]
    fn undeclared_legacy_encodings_are_detected() {
        let sjis = to_utf8(fixture("shift_jis"), None);
        assert_eq!(
            (sjis.encoding, sjis.source),
            (encoding_rs::SHIFT_JIS, Source::Detected)
        );
        assert!(text(&sjis).contains("DrecomRSSに記事投稿"));
        let hebrew = to_utf8(fixture("windows-1255"), None);
        assert_eq!(hebrew.encoding, encoding_rs::WINDOWS_1255);
        assert!(text(&hebrew).contains("האם תדפיס"));
    }

    #[test]
    fn http_charset_beats_the_prolog() {
        let bytes = b"<?xml version='1.0' encoding='utf-8'?><rss><t>caf\xe9</t></rss>";
        let decoded = to_utf8(bytes, Some("ISO-8859-1"));
        assert_eq!(decoded.source, Source::Http);
        assert_eq!(
            text(&decoded),
            "<?xml version='1.0' encoding='utf-8'?><rss><t>café</t></rss>"
        );
    }

    #[test]
    fn invalid_bytes_are_replaced_not_fatal() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><t>a\xff\xfeb</t></rss>";
        let decoded = to_utf8(bytes, None);
        assert!(decoded.had_errors);
        assert!(text(&decoded).contains("a\u{fffd}\u{fffd}b"));
    }

    #[test]
    fn utf16_label_on_ascii_bytes_means_utf8() {
        let decoded = to_utf8(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss/>", None);
        assert_eq!(decoded.encoding, UTF_8);
        assert!(text(&decoded).contains("encoding=\"UTF-8\""));
    }

    #[test]
    fn charset_param_is_found_in_any_case_and_quoting() {
        assert_eq!(
            charset_param("text/xml; Charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(
            charset_param("application/rss+xml;charset=utf-8"),
            Some("utf-8")
        );
        assert_eq!(charset_param("application/rss+xml"), None);
    }
}
