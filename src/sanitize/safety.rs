//! Terminal safety: removes every character and escape sequence that could move the
//! cursor, change terminal state or spoof the order of text, keeping readable text intact.
//!
//! [`Filter`] is a small streaming state machine, so the renderer can run it across the
//! spans of a story and [`terminal_safe`] across a single string.

mod filter;

pub use filter::Filter;

/// The character windows-1252 puts at the C1 position of `c`. Feeds that were decoded
/// as Latin-1 but written in windows-1252 carry C1 controls where quotes and dashes were
/// meant (`don\u{92}t`); the control itself is never written.
fn windows_1252(c: char) -> Option<char> {
    const TABLE: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let index = (c as usize).checked_sub(0x80)?;
    TABLE.get(index).copied().filter(|&m| m != '\0')
}

/// Letters, marks, digits, symbols and emoji: anything a joiner may sit between.
fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !is_unsafe_char(c)
}

/// Characters that are never written: controls (except newline and tab), bidi embeddings,
/// overrides and isolates, and invisible format characters. See [`terminal_safe`] for why.
pub(crate) fn is_unsafe_char(c: char) -> bool {
    matches!(
        c,
        // C0 controls but newline and tab, DEL, C1 controls.
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Soft hyphen: invisible or a stray dash depending on the terminal.
        | '\u{ad}'
        // Hangul fillers and the Mongolian vowel separator render as nothing.
        | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' | '\u{180e}'
        // Zero-width space, ZWNJ and ZWJ (the filter keeps the joiners inside words).
        | '\u{200b}'..='\u{200d}'
        // Bidi embeddings and overrides (LRM and RLM, U+200E/F, are kept).
        | '\u{202a}'..='\u{202e}'
        // Word joiner, invisible operators, bidi isolates, deprecated format characters.
        | '\u{2060}'..='\u{206f}'
        // Byte-order mark, interlinear annotation, shorthand and musical format controls.
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        // Language tag and tag characters (the filter keeps emoji tag sequences).
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// Removes terminal escape sequences and unsafe characters from `text`, keeping newlines
/// and tabs. What goes and what stays, and why:
///
/// - Escape sequences are removed whole, not just their ESC byte: CSI (`ESC [`…final byte,
///   e.g. `ESC[2J`), OSC (`ESC ]`…BEL/ST, including OSC 52 clipboard writes), DCS, SOS, PM
///   and APC strings, two- and three-byte escapes (`ESC c`, `ESC ( B`), and the one-byte
///   forms of CSI, OSC and DCS (U+009B, U+009D, U+0090). A control string also ends at a
///   newline, CAN or SUB, so an unterminated one cannot swallow more than its own line.
/// - C0 controls and DEL are dropped, except newline and tab. A lone carriage return
///   becomes a newline (old Mac line ends), `\r\n` becomes `\n`.
/// - Other C1 controls are never written either: the ones windows-1252 assigns a
///   printable character to become that character (mis-decoded feeds say `don\u{92}t`
///   for "don’t"), the rest are dropped.
/// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped:
///   they can reorder text on screen ("Trojan Source"). The directional *marks* LRM, RLM
///   and ALM stay: they cannot reorder letters, and Arabic and Hebrew text uses them to
///   place punctuation and numbers correctly.
/// - Invisible format characters are dropped (zero-width space, word joiner, invisible
///   operators, BOM, soft hyphen, Hangul fillers, interlinear annotation marks, …). ZWJ and
///   ZWNJ stay when they sit inside a word: emoji sequences need ZWJ, and Persian, Arabic
///   and Indic scripts need ZWNJ/ZWJ to pick letter forms. Emoji tag characters stay only
///   inside a tag sequence (subdivision flags such as Scotland's).
/// - U+2028/U+2029 (line/paragraph separator) become newlines.
pub fn terminal_safe(text: &str) -> String {
    if text.chars().all(|c| !needs_filter(c)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut filter = Filter::new();
    filter.push_str(text, &mut out);
    filter.finish();
    out
}

/// Characters the filter copies unchanged in plain text. The first ranges (ASCII, Latin,
/// Greek, Cyrillic, Hebrew, Arabic, Indic…) answer most text without the full check.
fn is_plain(c: char) -> bool {
    match c {
        ' '..='~' | '\u{a0}'..='\u{ac}' | '\u{ae}'..='\u{115e}' => true,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{ad}' => false,
        _ => !needs_filter(c),
    }
}

/// True when `c` is one the filter might drop or change: the quick path for clean text.
pub(super) fn needs_filter(c: char) -> bool {
    is_unsafe_char(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{e0020}'..='\u{e007f}')
}

/// Whether HTML source holds control characters that the renderer would drop while
/// keeping what follows them: a raw ESC or C1 control (an escape sequence's tail, or a
/// windows-1252 quote in a mis-decoded feed), or a numeric character reference to ESC
/// (`&#27;`, `&#x1B;`). References to C1 controls are not a concern: HTML parsers map
/// them to windows-1252 themselves.
pub(crate) fn may_hide_controls(html: &str) -> bool {
    let bytes = html.as_bytes();
    // ESC, or a C1 control (UTF-8 `C2 80`…`C2 9F`); the searches for single bytes are fast.
    if bytes.contains(&0x1b)
        || (bytes.contains(&0xc2) && bytes.windows(2).any(|w| w[0] == 0xc2 && w[1] < 0xa0))
    {
        return true;
    }
    html.match_indices("&#").any(|(at, _)| {
        let rest = &html[at + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        u32::from_str_radix(&digits[..end], radix).is_ok_and(|n| n == 0x1b)
    })
}

/// One line of terminal-safe text: unsafe characters removed and every run of whitespace
/// (newlines and tabs included) collapsed to one space, trimmed at both ends.
pub fn clean_line(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len());
    for word in safe.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_whole_csi_sequences() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\u{1b}[1;31mc\u{1b}[0m"), "abc");
        assert_eq!(terminal_safe("x\u{9b}2Ky"), "xy");
    }

    #[test]
    fn removes_osc_52_and_title_strings() {
        assert_eq!(terminal_safe("a\u{1b}]52;c;ZXZpbA==\u{7}b"), "ab");
        assert_eq!(terminal_safe("a\u{1b}]0;evil title\u{1b}\\b"), "ab");
        assert_eq!(terminal_safe("a\u{9d}8;;http://x\u{9c}b"), "ab");
    }

    #[test]
    fn removes_dcs_and_short_escapes() {
        assert_eq!(terminal_safe("a\u{1b}P1$qm\u{1b}\\b"), "ab");
        assert_eq!(terminal_safe("a\u{1b}cb\u{1b}(Bc\u{1b}#8d"), "abcd");
        assert_eq!(terminal_safe("bell\u{7}!"), "bell!");
    }

    #[test]
    fn unterminated_string_ends_at_newline() {
        assert_eq!(terminal_safe("a\u{1b}]0;title\nnext"), "a\nnext");
        assert_eq!(terminal_safe("tail\u{1b}"), "tail");
    }

    #[test]
    fn strips_bidi_controls_but_keeps_rtl_text() {
        let arabic = "ترامب وبوتين يبحثان ٥٩";
        assert_eq!(
            terminal_safe(&format!("\u{202e}{arabic}\u{2066}x\u{2069}")),
            format!("{arabic}x")
        );
        assert_eq!(terminal_safe("שלום \u{200f}עולם"), "שלום \u{200f}עולם");
    }

    #[test]
    fn keeps_joiners_inside_words_only() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(terminal_safe(family), family);
        let persian = "می\u{200c}خواهم";
        assert_eq!(terminal_safe(persian), persian);
        assert_eq!(terminal_safe("\u{200d}a \u{200c} b\u{200d}"), "a  b");
        assert_eq!(terminal_safe("zero\u{200b}width\u{feff}"), "zerowidth");
    }

    #[test]
    fn keeps_flag_tag_sequences() {
        let scotland = "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        assert_eq!(terminal_safe(scotland), scotland);
        assert_eq!(terminal_safe("a\u{e0041}b"), "ab");
    }

    #[test]
    fn c1_controls_become_windows_1252_punctuation() {
        assert_eq!(
            terminal_safe("don\u{92}t \u{93}x\u{94} \u{8d}\u{85}"),
            "don’t “x” …"
        );
    }

    #[test]
    fn finds_escape_references_in_html() {
        assert!(may_hide_controls("a&#27;[2J"));
        assert!(may_hide_controls("a&#x1B;[2J &amp;"));
        assert!(may_hide_controls("a&#0027;"));
        assert!(may_hide_controls("raw \u{1b}[2J"));
        assert!(may_hide_controls("don\u{92}t"));
        assert!(!may_hide_controls("no\u{a0}break © «»"));
        assert!(!may_hide_controls("&#8217; &#x2014; &#2 &#"));
    }

    #[test]
    fn normalises_line_ends() {
        assert_eq!(terminal_safe("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
    }

    #[test]
    fn clean_line_collapses_whitespace() {
        assert_eq!(clean_line("  a\n\tb \u{1b}[31m c  "), "a b c");
    }
}
