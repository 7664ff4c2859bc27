//! Titles and other one-line strings that may hold HTML: tags stripped, entities decoded,
//! whitespace collapsed, terminal-safe. Uses html5ever's tokenizer alone (no tree, no
//! layout), which is all a title needs and much cheaper than a full render.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, local_name};

use super::safety::clean_line;

/// A feed or story title: HTML tags stripped, entities decoded, whitespace collapsed,
/// unsafe characters removed. Text without `<` or `&` is only cleaned, so a plain-text
/// title keeps every character.
pub fn title(raw: &str) -> String {
    if raw.contains('<') || raw.contains('&') {
        clean_line(&strip_tags(raw))
    } else {
        clean_line(raw)
    }
}

/// The text of an HTML fragment: character data with entities decoded; tags dropped (a
/// space where a tag breaks a line); script and style content dropped.
pub(crate) fn strip_tags(html: &str) -> String {
    let tokenizer = Tokenizer::new(TextSink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    // The sink never asks to pause for a script, so one feed consumes everything.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.text.take()
}

/// Collects character tokens, skipping the content of elements whose text is not prose.
#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
    /// Inside `<script>`, `<style>`, `<button>`…: the element whose end tag ends the skip.
    skipping: RefCell<Option<LocalName>>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if self.skipping.borrow().is_none() => {
                self.text.borrow_mut().push_str(&text);
            }
            Token::TagToken(tag) => {
                let mut skipping = self.skipping.borrow_mut();
                if tag.kind == TagKind::EndTag {
                    if skipping.as_ref() == Some(&tag.name) {
                        *skipping = None;
                    }
                } else if skipping.is_none()
                    && is_skipped(&tag.name)
                    // `<script/>` still opens a script in HTML; `<svg/>` is empty.
                    && (!tag.self_closing || raw_kind(&tag.name).is_some())
                {
                    *skipping = Some(tag.name.clone());
                    if let Some(kind) = raw_kind(&tag.name) {
                        return TokenSinkResult::RawData(kind);
                    }
                }
                if breaks_line(&tag.name) {
                    self.text.borrow_mut().push(' ');
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Elements whose content never belongs in a title.
fn is_skipped(name: &LocalName) -> bool {
    raw_kind(name).is_some()
        || matches!(
            *name,
            local_name!("template")
                | local_name!("button")
                | local_name!("select")
                | local_name!("form")
                | local_name!("iframe")
                | local_name!("object")
                | local_name!("svg")
        )
}

/// How the tokenizer must read the content of raw-text elements (so that a `<` inside a
/// script does not start a tag).
fn raw_kind(name: &LocalName) -> Option<RawKind> {
    match *name {
        local_name!("script") => Some(RawKind::ScriptData),
        local_name!("style") | local_name!("noscript") | local_name!("xmp") => {
            Some(RawKind::Rawtext)
        }
        local_name!("textarea") => Some(RawKind::Rcdata),
        _ => None,
    }
}

fn breaks_line(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("br")
            | local_name!("p")
            | local_name!("div")
            | local_name!("li")
            | local_name!("td")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities_and_strips_tags() {
        assert_eq!(
            title("Q&amp;A: What &quot;de-escalation zones&quot; in Syria would mean"),
            "Q&A: What \"de-escalation zones\" in Syria would mean"
        );
        assert_eq!(
            title("<b>Bold</b>   &amp;\n <i>italic</i>"),
            "Bold & italic"
        );
        assert_eq!(title("a<br>b"), "a b");
    }

    #[test]
    fn drops_script_content_and_escapes() {
        assert_eq!(
            title("Hi<script>alert('<b>x</b>')</script> there"),
            "Hi there"
        );
        assert_eq!(title("x&#27;[2Jy \u{1b}]52;c;QQ==\u{7}z"), "xy z");
    }

    #[test]
    fn keeps_plain_titles_and_rtl_text() {
        assert_eq!(title("  ترامب وبوتين  "), "ترامب وبوتين");
        assert_eq!(title("5 > 3"), "5 > 3");
    }
}
