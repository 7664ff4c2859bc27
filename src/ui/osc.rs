//! Escape sequences tidings writes itself: OSC 8 hyperlinks around the story's (already
//! sanitized) link text, and OSC 52 to put a link on the clipboard. A feed's URL reaches
//! them only after `url_policy` accepted it, in its serialized form, with every byte that
//! is not printable ASCII percent-encoded: nothing in it can end the sequence early (ESC,
//! BEL, a C1 ST) or start another.

use base64::Engine;

use crate::url_policy;

/// Ends a hyperlink (OSC 8 with no URI), terminated by ST (`ESC \`).
pub const LINK_CLOSE: &str = "\x1b]8;;\x1b\\";

/// The URI to put in a sequence for `link`, if the policy lets it open: its serialized
/// form with every byte outside `!`..=`~` percent-encoded.
pub fn safe_uri(link: &str) -> Option<String> {
    let url = url_policy::for_opening(link).ok()?;
    let mut uri = String::with_capacity(url.as_str().len());
    for byte in url.as_str().bytes() {
        if (0x21..=0x7e).contains(&byte) {
            uri.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            uri.push('%');
            uri.push(char::from(HEX[usize::from(byte >> 4)]));
            uri.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    Some(uri)
}

/// Opens a hyperlink to `uri` (from [`safe_uri`]); `id` groups the cells of one link.
pub fn link_open(uri: &str, id: usize) -> String {
    format!("\x1b]8;id=tidings-{id};{uri}\x1b\\")
}

/// OSC 52: sets the clipboard to `text` (base64, so any text is safe inside).
pub fn clipboard(text: &str) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{payload}\x1b\\")
}

/// Whether the terminal described by the environment (`var` reads a variable) is known
/// to support OSC 8 hyperlinks. Conservative: a multiplexer (tmux, screen) passes them on
/// only when configured to, which nothing in the environment shows, so it is a no; so is
/// any terminal not known to draw them.
pub fn hyperlinks_supported(var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
    let term = var("TERM").unwrap_or_default();
    if set("TMUX") || set("STY") || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let program = var("TERM_PROGRAM").unwrap_or_default();
    let vte = var("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(0);
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty"
    ) || vte >= 5000
        || set("KITTY_WINDOW_ID")
        || set("WEZTERM_EXECUTABLE")
        || set("WT_SESSION")
        || set("ALACRITTY_WINDOW_ID")
        || matches!(
            term.as_str(),
            "xterm-kitty" | "xterm-ghostty" | "alacritty" | "foot" | "foot-extra" | "wezterm"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn known_terminals_yes_tmux_and_unknown_ones_no() {
        assert!(hyperlinks_supported(env(&[("TERM", "xterm-kitty")])));
        assert!(hyperlinks_supported(env(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "7600")
        ])));
        assert!(hyperlinks_supported(env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(!hyperlinks_supported(env(&[("TERM", "xterm-256color")])));
        assert!(!hyperlinks_supported(env(&[("TERM", "linux")])));
        assert!(!hyperlinks_supported(env(&[
            ("TERM", "tmux-256color"),
            ("TMUX", "/tmp/tmux-1000/default,1,0"),
            ("TERM_PROGRAM", "WezTerm")
        ])));
        assert!(!hyperlinks_supported(env(&[
            ("TERM", "xterm-kitty"),
            ("TMUX", "/tmp/x")
        ])));
    }

    #[test]
    fn uris_are_printable_ascii_and_policy_checked() {
        let uri = safe_uri("https://example.org/a b\u{9c}\x1b\\?q=\u{7}x#ü").unwrap();
        assert!(uri.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{uri}");
        assert!(uri.starts_with("https://example.org/"), "{uri}");
        assert_eq!(safe_uri("javascript:alert(1)"), None);
        assert_eq!(safe_uri("file:///etc/passwd"), None);
        assert_eq!(clipboard("hi"), "\x1b]52;c;aGk=\x1b\\");
    }
}
