//! Fitting text into columns: truncation by display width (wide and zero-width characters
//! counted properly) with an ellipsis, and padding.

use unicode_width::UnicodeWidthChar;

/// Columns `text` takes on screen, counted per character as the terminal buffer counts
/// them (unlike `str::width`, which counts an Arabic lam-alef pair as one column).
pub fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` cut to at most `width` columns, ending in `…` when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut or padded with spaces to exactly `width` columns.
pub(crate) fn fit(text: &str, width: usize) -> String {
    let mut out = truncate(text, width);
    let used = columns(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(fit("日本", 6), "日本  ");
    }

    #[test]
    fn zero_width_characters_do_not_break_columns() {
        let text = "a\u{200b}b\u{0651}c";
        assert_eq!(columns(&fit(text, 4)), 4);
    }

    #[test]
    fn lam_alef_takes_two_columns() {
        assert_eq!(columns("لا"), 2);
        assert_eq!(fit("سلام", 5), "سلام ");
    }

    #[test]
    fn short_text_is_untouched() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("abcd", 0), "");
    }
}
