//! Writing to stdout: text tables that keep their columns with any script, and JSON. Both
//! take sanitized text only ([`SafeText`], [`Json`]).
//! A closed pipe (`tidings list | head`) ends output quietly instead of failing.

use std::io::{self, BufWriter, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::json::Json;
use crate::sanitize::SafeText;

/// Runs `write` against buffered stdout; a closed pipe is not an error.
pub(crate) fn emit(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Prints `value` as one line of JSON. Only [`Json`] types, whose strings are all
/// [`SafeText`], can be printed: serde_json escapes C0 controls but not C1 controls or
/// bidi overrides, which would reach the terminal of whoever reads the output.
pub fn json<T: Json + ?Sized>(value: &T) -> anyhow::Result<()> {
    emit(|out| {
        serde_json::to_writer(&mut *out, value)?;
        writeln!(out)
    })
}

/// `text` cut or padded to exactly `width` columns. Cutting safe text or padding it with
/// spaces keeps it safe.
pub(crate) fn fit(text: &SafeText, width: usize) -> String {
    if text.width() <= width {
        let pad = width - text.width();
        return format!("{text}{}", " ".repeat(pad));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Width for wrapping story text: the terminal's (at most 100) or the configured one.
pub(crate) fn text_width(configured: usize) -> usize {
    use std::io::IsTerminal;
    if io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return usize::from(w).clamp(20, 100);
    }
    configured
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_truncates_by_display_width() {
        let fit = |s: &str, w| fit(&SafeText::line(s), w);
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        // Wide CJK characters take two columns each.
        assert_eq!(fit("日本語テキスト", 6).width(), 6);
        assert_eq!(fit("سوريا", 7).width(), 7);
    }
}
