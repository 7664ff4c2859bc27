//! What every fuzz target checks of sanitized output: nothing in it can move the cursor,
//! change terminal state or reorder text.

/// Panics (a fuzzer finding) if `text` holds a control, escape or bidi-override character.
pub fn assert_terminal_safe(what: &str, text: &str) {
    for c in text.chars() {
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what} holds {:?} (U+{:04X}): {text:?}", c, c as u32);
    }
}
