//! The lexical side of recovery: start tags and attributes as written (quoted or not),
//! references resolved against XML's and HTML's names, and the prefixes a document uses
//! without declaring them.

use std::fmt::Write as _;

use html5ever::data::NAMED_ENTITIES;

use super::Repairs;

/// A start tag as found in the source.
pub(super) struct Tag<'a> {
    pub(super) name: &'a str,
    pub(super) attributes: Vec<Attribute<'a>>,
    pub(super) self_closing: bool,
    /// Just past its `>`.
    pub(super) end: usize,
}

pub(super) struct Attribute<'a> {
    pub(super) name: &'a str,
    /// `None` for an attribute written without a value (`<option selected>`).
    pub(super) value: Option<&'a str>,
    pub(super) quoted: bool,
}

/// Reads the start tag at `at`; `None` when the document ends inside it.
pub(super) fn scan_tag(src: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = src.as_bytes();
    let name_end = at + 1 + src[at + 1..].find(|c: char| !is_name_char(c))?;
    let mut tag = Tag {
        name: &src[at + 1..name_end],
        attributes: Vec::new(),
        self_closing: false,
        end: 0,
    };
    let mut i = name_end;
    loop {
        i += src[i..].find(|c: char| !c.is_ascii_whitespace())?;
        match bytes[i] {
            b'>' => {
                tag.end = i + 1;
                return Some(tag);
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                tag.self_closing = true;
                tag.end = i + 2;
                return Some(tag);
            }
            _ => {}
        }
        let (attribute, next) = scan_attribute(src, i)?;
        if let Some(attribute) = attribute {
            tag.attributes.push(attribute);
        }
        i = next;
    }
}

/// One attribute at `at` and where the tag goes on; a byte that starts no attribute
/// (a stray `/` or quote) is skipped.
fn scan_attribute(src: &str, at: usize) -> Option<(Option<Attribute<'_>>, usize)> {
    let bytes = src.as_bytes();
    let name_len = src[at..]
        .find(|c: char| !is_name_char(c))
        .unwrap_or(src.len() - at);
    if name_len == 0 || !src[at..].starts_with(is_name_start) {
        // Skip the whole character: it may take several bytes (found by fuzzing).
        let skip = src[at..].chars().next().map_or(1, char::len_utf8);
        return Some((None, at + skip));
    }
    let name = &src[at..at + name_len];
    let mut i = at + name_len;
    i += src[i..].find(|c: char| !c.is_ascii_whitespace())?;
    if bytes[i] != b'=' {
        let attribute = Attribute {
            name,
            value: None,
            quoted: false,
        };
        return Some((Some(attribute), i));
    }
    i += 1;
    i += src[i..].find(|c: char| !c.is_ascii_whitespace())?;
    let (value, quoted, next) = if let q @ (b'"' | b'\'') = bytes[i] {
        let len = src[i + 1..].find(q as char)?;
        (&src[i + 1..i + 1 + len], true, i + len + 2)
    } else {
        let len = src[i..].find(|c: char| c.is_ascii_whitespace() || c == '>')?;
        let value = src[i..i + len]
            .strip_suffix('/')
            .unwrap_or(&src[i..i + len]);
        (value, false, i + value.len())
    };
    let attribute = Attribute {
        name,
        value: Some(value),
        quoted,
    };
    Some((Some(attribute), next))
}

/// Whether `text` holds HTML named entities (`&eacute;`) outside CDATA. That is not XML,
/// but feed-rs reads on and keeps them as literal text, which shows as such where the text
/// is plain; such a document is worth the recovery pass. Run on every feed, so it only
/// jumps from `&` to `&` and CDATA to CDATA (both searches are vectorized); one in a
/// comment merely costs a recovery pass that then changes nothing.
pub(crate) fn has_html_entities(text: &str) -> bool {
    let mut at = 0;
    let mut cdata = text.find("<![CDATA[");
    while let Some(amp) = text[at..].find('&').map(|p| at + p) {
        if let Some(start) = cdata.filter(|&c| c < amp) {
            let Some(end) = find(&text[start..], "]]>").map(|e| start + e) else {
                return false;
            };
            at = end;
            cdata = text[end..].find("<![CDATA[").map(|c| end + c);
            continue;
        }
        let after = &text[amp + 1..];
        let name_len = after
            .bytes()
            .take(40)
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(0);
        let name = &after[..name_len];
        if after.as_bytes().get(name_len) == Some(&b';')
            && !matches!(name, "" | "amp" | "lt" | "gt" | "quot" | "apos")
            && NAMED_ENTITIES.contains_key(format!("{name};").as_str())
        {
            return true;
        }
        at = amp + 1;
    }
    false
}

/// The reference at `src[at]` (an `&`) as well-formed XML, and the bytes it used: XML's
/// own references and valid character references stay, HTML named ones become
/// character references, anything else is a literal `&`.
pub(super) fn reference_in(src: &str, at: usize, repairs: &mut Repairs) -> (String, usize) {
    let rest = &src[at + 1..];
    let body_len = rest
        .bytes()
        .take(40)
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'#'))
        .unwrap_or(rest.len().min(40));
    let terminated = rest.as_bytes().get(body_len) == Some(&b';');
    if terminated && body_len > 0 {
        let body = &rest[..body_len];
        if let Some(xml) = resolve(body, repairs) {
            return (xml, body_len + 2);
        }
    }
    repairs.bare_ampersands += 1;
    ("&amp;".to_owned(), 1)
}

/// A reference's body (`eacute`, `#233`, `#xE9`) as XML, when it names something.
fn resolve(body: &str, repairs: &mut Repairs) -> Option<String> {
    if matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
        return Some(format!("&{body};"));
    }
    if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        }?;
        return Some(if is_xml_char(code) {
            format!("&{body};")
        } else {
            repairs.html_entities += 1;
            "&#xFFFD;".to_owned()
        });
    }
    let &(first, second) = NAMED_ENTITIES.get(format!("{body};").as_str())?;
    repairs.html_entities += 1;
    let mut xml = format!("&#{first};");
    if second != 0 {
        let _ = write!(xml, "&#{second};");
    }
    Some(xml)
}

/// XML 1.0's `Char` production.
fn is_xml_char(code: u32) -> bool {
    matches!(code, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

pub(super) fn is_space(c: char) -> bool {
    c.is_ascii_whitespace()
}

pub(super) fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `name` is a name XML with namespaces accepts: `local` or `prefix:local`, each
/// part starting with a letter or `_`, and no prefix reserved for XML itself.
pub(super) fn is_qname(name: &str) -> bool {
    let ncname = |part: &str| {
        part.starts_with(is_name_start) && part.chars().all(|c| c != ':' && is_name_char(c))
    };
    match name.split_once(':') {
        Some((prefix, local)) => ncname(prefix) && ncname(local) && prefix != "xmlns",
        None => ncname(name),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.') || c as u32 == 0xB7
}

pub(super) fn find(haystack: &str, needle: &str) -> Option<usize> {
    haystack.find(needle).map(|p| p + needle.len())
}

/// Prefixes used on elements or attributes of the well-formed `xml` but declared
/// nowhere in it (declarations anywhere count: good enough for a repair).
pub(super) fn undeclared_prefixes(xml: &str) -> Vec<String> {
    let mut declared = vec!["xml".to_owned(), "xmlns".to_owned()];
    let mut used = Vec::new();
    let mut rest = xml;
    while let Some(p) = rest.find('<') {
        rest = &rest[p + 1..];
        // Markup-like text in comments, CDATA and instructions is not markup.
        let skipped = [("!--", "-->"), ("![CDATA[", "]]>"), ("?", "?>")]
            .into_iter()
            .find(|(open, _)| rest.starts_with(open));
        if let Some((open, close)) = skipped {
            let body = &rest[open.len()..];
            rest = find(body, close).map_or("", |end| &body[end..]);
            continue;
        }
        if rest.starts_with(['!', '?', '/']) {
            continue;
        }
        let Some(tag) = scan_tag(xml, xml.len() - rest.len() - 1) else {
            break;
        };
        for name in std::iter::once(tag.name).chain(tag.attributes.iter().map(|a| a.name)) {
            if let Some(prefix) = name.strip_prefix("xmlns:") {
                declared.push(prefix.to_owned());
            } else if let Some((prefix, _)) = name.split_once(':') {
                used.push(prefix.to_owned());
            }
        }
        rest = &xml[tag.end..];
    }
    used.sort();
    used.dedup();
    used.retain(|p| !p.is_empty() && !declared.contains(p));
    used
}

/// The namespace a prefix almost always stands for in feeds.
pub(super) fn well_known_namespace(prefix: &str) -> Option<&'static str> {
    Some(match prefix.to_ascii_lowercase().as_str() {
        "atom" => "http://www.w3.org/2005/Atom",
        "content" => "http://purl.org/rss/1.0/modules/content/",
        "dc" => "http://purl.org/dc/elements/1.1/",
        "dcterms" => "http://purl.org/dc/terms/",
        "itunes" => "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "media" => "http://search.yahoo.com/mrss/",
        "rdf" => "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "slash" => "http://purl.org/rss/1.0/modules/slash/",
        "sy" => "http://purl.org/rss/1.0/modules/syndication/",
        "wfw" => "http://wellformedweb.org/CommentAPI/",
        "podcast" => "https://podcastindex.org/namespace/1.0",
        _ => return None,
    })
}
