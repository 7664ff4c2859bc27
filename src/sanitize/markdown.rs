//! A story as Markdown-like text, for programs a story is piped to: html2text's plain
//! decorations (`# heading`, `*emphasis*`, `**strong**`, `` `code` ``, `> quote`,
//! `* item`) and links as numbered footnotes, then made terminal-safe like everything
//! else, since the program may well print it.

use super::SafeText;

/// Wide enough that paragraphs rarely wrap (Markdown readers rewrap them anyway), narrow
/// enough that a table stays cheap to lay out.
const MARKDOWN_WIDTH: usize = 100;

/// The Markdown-like text of `html`; empty when html2text can make nothing of it.
pub fn markdown(html: &str) -> SafeText {
    let text = html2text::config::plain()
        .allow_width_overflow()
        .unicode_strikeout(false)
        .string_from_read(html.as_bytes(), MARKDOWN_WIDTH)
        .unwrap_or_default();
    SafeText::text(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_emphasis_and_links_come_out_marked() {
        let text = markdown(
            "<h2>Head</h2><p>Some <em>soft</em> and <strong>loud</strong> words, \
             <a href=\"https://example.org/x\">a link</a>.</p><script>evil()</script>",
        );
        let text = text.as_str();
        assert!(text.contains("## Head"), "{text}");
        assert!(text.contains("*soft*"), "{text}");
        assert!(text.contains("**loud**"), "{text}");
        assert!(text.contains("[a link][1]"), "{text}");
        assert!(text.contains("[1]: https://example.org/x"), "{text}");
        assert!(!text.contains("evil"), "{text}");
    }

    #[test]
    fn escape_sequences_do_not_survive() {
        let text = markdown("<p>a\u{1b}]52;c;x\u{7}b &#27;[2J</p>");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
}
