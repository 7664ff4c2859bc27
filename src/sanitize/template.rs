//! A feed's template, learned from its own stories: the HTML is cut into blocks at every
//! block-level tag, each block's text normalized (lowercased, digits and whitespace
//! collapsed) and hashed. A block whose hash recurs in enough of one feed's recent
//! stories and pages is that feed's boilerplate — a publisher blurb, a share row, a
//! "subscribe" line, in any language — and is cut out before the story is rendered or
//! indexed, unless it is all the story has. The counting lives in the store; this is the
//! pure part.

use std::collections::HashSet;
use std::hash::Hasher;
use std::ops::Range;

use siphasher::sip::SipHasher13;

/// Stories (or pages) a block must appear in before it counts as template.
pub const MIN_DOCUMENTS: u32 = 3;
/// And the share of the feed's recent documents it must appear in, in percent.
pub const MIN_SHARE_PERCENT: u32 = 30;
/// How many of a feed's latest documents "recent" means.
pub const WINDOW: u32 = 100;

/// Tags that start or end a block: text between two of them is one block.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The hashes of a feed's template blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template(pub HashSet<i64>);

/// One block of a document: where its content lies in the HTML, and its text's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    range: Range<usize>,
    hash: i64,
}

/// The distinct hashes of `html`'s blocks that have text, for counting.
pub fn block_hashes(html: &str) -> Vec<i64> {
    let mut seen = HashSet::new();
    blocks(html)
        .into_iter()
        .map(|b| b.hash)
        .filter(|h| seen.insert(*h))
        .collect()
}

/// Whether a block seen in `documents` of a feed's documents, last in its `last_seen`-th,
/// is template, the feed having had `total` documents so far.
pub fn is_template(documents: u32, last_seen: u32, total: u32) -> bool {
    let recent = total.min(WINDOW);
    documents >= MIN_DOCUMENTS
        && u64::from(documents) * 100 >= u64::from(recent) * u64::from(MIN_SHARE_PERCENT)
        && last_seen + WINDOW > total
}

/// `html` without the blocks of `template`; `None` when nothing is to go — none of its
/// blocks is template, or every block with text is (then the template is all the story
/// has, and it is kept).
pub fn strip(html: &str, template: &Template) -> Option<String> {
    if template.0.is_empty() {
        return None;
    }
    let blocks = blocks(html);
    let cut: Vec<&Block> = blocks
        .iter()
        .filter(|b| template.0.contains(&b.hash))
        .collect();
    if cut.is_empty() || cut.len() == blocks.len() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for block in cut {
        out.push_str(&html[at..block.range.start]);
        at = block.range.end;
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// The text a block's hash is made of: lowercased, every run of digits one `0`, every
/// run of whitespace one space, trimmed; empty when it has no letter (a bullet, a date).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut letters = false;
    let mut last = ' ';
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_numeric() {
            '0'
        } else if c.is_whitespace() {
            ' '
        } else {
            c
        };
        if (c == '0' || c == ' ') && c == last {
            continue;
        }
        letters |= c.is_alphabetic();
        out.push(c);
        last = c;
    }
    if !letters {
        return String::new();
    }
    out.trim().to_owned()
}

fn hash(normalized: &str) -> i64 {
    let mut h = SipHasher13::new();
    h.write(normalized.as_bytes());
    h.finish() as i64
}

/// The blocks of `html` with text in them, in order.
fn blocks(html: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut text = String::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let open = at + offset;
        text.push_str(&html[at..open]);
        let (end, name) = tag_at(html, open);
        if end == open + 1 {
            // A bare `<`, which is text.
            text.push('<');
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            push_block(&mut found, start..open, &text);
            text.clear();
            start = end;
        }
        // An inline tag adds nothing to the block's text (its content follows it).
        at = end;
    }
    text.push_str(&html[at..]);
    push_block(&mut found, start..html.len(), &text);
    found
}

fn push_block(found: &mut Vec<Block>, range: Range<usize>, text: &str) {
    let normalized = normalize(&decode_entities(text));
    if !normalized.is_empty() {
        found.push(Block {
            range,
            hash: hash(&normalized),
        });
    }
}

/// Where the tag (or comment) starting at `open` ends, and its lowercased name (empty
/// for comments, doctypes and a `<` that starts no tag).
fn tag_at(html: &str, open: usize) -> (usize, String) {
    let rest = &html[open..];
    if rest.starts_with("<!--") {
        let end = rest.find("-->").map_or(html.len(), |e| open + e + 3);
        return (end, String::new());
    }
    let name: String = rest[1..]
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name.is_empty() && !rest[1..].starts_with('!') {
        // A bare `<` in text: it is text.
        return (open + 1, String::new());
    }
    let mut quote = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return (open + i + 1, name),
            _ => {}
        }
    }
    (html.len(), name)
}

/// The few entities that differ between copies of the same text (`&amp;` and `&#38;`
/// alike): numeric ones and the common named ones. Anything else stays as written, the
/// same in every copy.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "nbsp" => Some(' '),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        if let Some(c) = decoded {
            out.push(c);
            rest = &tail[end + 1..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLURB: &str = "<p>Acme Daily is an independent newsroom, founded in 1999.</p>";
    const SHARE: &str = "<div>Share: <a href='/f'>Facebook</a> · <a href='/t'>X</a></div>";

    fn story(body: &str) -> String {
        format!("<p>{body}</p>{BLURB}{SHARE}")
    }

    #[test]
    fn normal_form_ignores_case_digits_spacing_and_needs_a_letter() {
        assert_eq!(
            normalize("  Founded IN\n 1999,  now 2026 "),
            "founded in 0, now 0"
        );
        assert_eq!(
            normalize("Subscribe 12 times"),
            normalize("subscribe 7 TIMES")
        );
        assert_eq!(normalize("إرسال تعليق"), "إرسال تعليق");
        assert_eq!(normalize(" 12.05.2017 • "), "");
    }

    #[test]
    fn blocks_are_cut_at_block_tags_with_inline_markup_inside() {
        let hashes = block_hashes(&story("First story"));
        assert_eq!(hashes.len(), 3);
        assert_eq!(hashes[2], hash(&normalize("Share: Facebook · X")));
        // The same blurb with other digits, spacing and entities is the same block.
        let other = block_hashes(
            "<div>Acme&nbsp;Daily is an independent newsroom, founded in  2001.</div>",
        );
        assert_eq!(other, [hashes[1]]);
        assert_eq!(
            block_hashes("<p>One</p><p>one</p><!-- <p>x</p> -->"),
            [hash("one")]
        );
    }

    #[test]
    fn template_blocks_are_cut_and_the_rest_kept() {
        let html = story("A story of its own, with <b>bold</b> words.");
        let hashes = block_hashes(&html);
        let template = Template(hashes[1..].iter().copied().collect());
        let stripped = strip(&html, &template).unwrap();
        assert!(stripped.contains("A story of its own, with <b>bold</b> words."));
        assert!(!stripped.contains("Acme"), "{stripped}");
        assert!(!stripped.contains("Facebook"), "{stripped}");
        assert_eq!(strip("<p>Nothing of the template</p>", &template), None);
    }

    #[test]
    fn a_story_that_is_all_template_is_kept_whole() {
        let template = Template(block_hashes(BLURB).into_iter().collect());
        assert_eq!(strip(BLURB, &template), None);
        assert_eq!(strip(&format!("{BLURB}<p> 2017 </p>"), &template), None);
    }

    #[test]
    fn a_block_is_template_when_it_recurs_in_enough_recent_documents() {
        assert!(is_template(20, 20, 20));
        assert!(!is_template(2, 2, 2), "fewer than three documents");
        assert!(!is_template(5, 40, 40), "under 30 % of the recent ones");
        assert!(is_template(30, 400, 400), "30 of the last 100");
        assert!(!is_template(300, 250, 400), "not seen in the last 100");
    }

    #[test]
    fn entities_and_stray_angle_brackets_are_read_as_text() {
        assert_eq!(
            decode_entities("a &amp; b &#38; c &#x26; d &bogus; e"),
            "a & b & c & d &bogus; e"
        );
        assert_eq!(
            block_hashes("<p>1 < 2 is true</p>"),
            [hash("0 < 0 is true")]
        );
    }
}
