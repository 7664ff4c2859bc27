//! Bytes to text for subscription files: the byte order mark wins, then (for XML) the
//! declaration's `encoding`, then UTF-8. Invalid bytes become U+FFFD with a warning.

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};

use super::Error;

/// How far into the file the XML declaration may end; real ones are under 100 bytes.
const DECLARATION_LIMIT: usize = 1024;

/// A subscription file as text.
#[derive(Debug)]
pub(super) struct Decoded {
    /// The whole file, without its byte order mark.
    pub text: String,
    /// Set when some bytes were invalid in the file's encoding and were replaced.
    pub warning: Option<String>,
}

impl Decoded {
    /// OPML starts with `<` after optional whitespace; a `urls` line never does.
    pub(crate) fn is_xml(&self) -> bool {
        self.text.trim_start().starts_with('<')
    }
}

/// Decodes `bytes`; fails only when the XML declaration names an unusable encoding.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, bytes.get(bom_len..).unwrap_or_default()),
        None => (sniff(bytes)?, bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let warning = had_errors.then(|| {
        format!(
            "some bytes are not valid {} and were replaced with U+FFFD",
            encoding.name()
        )
    });
    Ok(Decoded {
        text: text.into_owned(),
        warning,
    })
}

/// The encoding of a file without a byte order mark.
fn sniff(bytes: &[u8]) -> Result<&'static Encoding, Error> {
    // "<?" in UTF-16 without a BOM, as the XML spec's appendix F suggests.
    match bytes {
        [b'<', 0, b'?', 0, ..] => return Ok(UTF_16LE),
        [0, b'<', 0, b'?', ..] => return Ok(UTF_16BE),
        _ => {}
    }
    let Some(label) = declared_encoding(bytes) else {
        return Ok(UTF_8);
    };
    match Encoding::for_label(label) {
        // The declaration was readable as ASCII, so the bytes are not really UTF-16:
        // browsers treat this case as UTF-8 too.
        Some(encoding) if encoding == UTF_16LE || encoding == UTF_16BE => Ok(UTF_8),
        Some(encoding) if encoding != REPLACEMENT => Ok(encoding),
        _ => Err(Error::Encoding {
            label: String::from_utf8_lossy(label).into_owned(),
        }),
    }
}

/// The `encoding` value of an XML declaration at the start of `bytes` (after whitespace).
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = bytes.get(start..bytes.len().min(start + DECLARATION_LIMIT))?;
    let declaration = head.strip_prefix(b"<?xml")?;
    let end = find(declaration, b"?>")?;
    let declaration = declaration.get(..end)?;
    let after_name = declaration.get(find(declaration, b"encoding")? + b"encoding".len()..)?;
    let after_equals = after_name.trim_ascii_start().strip_prefix(b"=")?;
    let value = after_equals.trim_ascii_start();
    let (&quote, value) = value.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = value.iter().position(|&b| b == quote)?;
    value.get(..close).map(<[u8]>::trim_ascii)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPML1: &[u8] = include_bytes!("../../tests/fixtures/opml/legacy-opml1.opml");

    #[test]
    fn follows_iso_8859_1_declaration() {
        let decoded = decode(OPML1).unwrap();
        assert!(decoded.text.contains("Café Babel - Europe"));
        assert!(decoded.text.contains("Kölner Stadt-Anzeiger « Lokales »"));
        assert_eq!(decoded.warning, None);
    }

    #[test]
    fn bom_wins_over_declaration() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>".as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(
            decoded.text,
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>"
        );
    }

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        let text = "<?xml version=\"1.0\"?><opml/>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        for bytes in [le, be, le_bom] {
            assert_eq!(decode(&bytes).unwrap().text, text);
        }
    }

    #[test]
    fn declared_utf16_in_ascii_bytes_is_read_as_utf8() {
        let decoded = decode("<?xml encoding=\"UTF-16\"?><a>é</a>".as_bytes()).unwrap();
        assert!(decoded.text.ends_with("<a>é</a>"));
    }

    #[test]
    fn unknown_declared_encoding_is_an_error() {
        let err = decode(b"<?xml version=\"1.0\" encoding=\"klingon\"?><opml/>").unwrap_err();
        assert!(matches!(err, Error::Encoding { label } if label == "klingon"));
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let decoded = decode(b"https://example.com/caf\xE9 tag\n").unwrap();
        assert!(decoded.text.contains('\u{FFFD}'));
        assert!(decoded.warning.unwrap().contains("UTF-8"));
    }

    #[test]
    fn truncated_declaration_falls_back_to_utf8() {
        assert_eq!(
            decode(b"<?xml encoding=\"ISO-8859-1").unwrap().text,
            "<?xml encoding=\"ISO-8859-1"
        );
        assert_eq!(decode(b"<?xml encoding=").unwrap().text, "<?xml encoding=");
    }
}
