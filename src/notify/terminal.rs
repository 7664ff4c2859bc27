//! A desktop notification through the terminal the reader runs in: OSC 9
//! (`ESC ] 9 ; text BEL`: iTerm2, kitty, WezTerm, Windows Terminal, ghostty) or OSC 777
//! (`ESC ] 777 ; notify ; title ; body BEL`: urxvt, foot, VTE terminals), chosen from the
//! terminal's identity; wrapped for tmux's passthrough when inside tmux.
//!
//! The text is made safe here, whatever the caller did: no control character (ESC, BEL,
//! C1's ST …) can end the sequence early, and OSC 777's fields lose their `;`.

/// Characters of text a notification carries at most.
const MAX_CHARS: usize = 240;

/// Which sequence the terminal understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ESC ] 9 ; text BEL`
    Osc9,
    /// `ESC ] 777 ; notify ; title ; body BEL`
    Osc777,
}

impl Kind {
    /// The kind for the terminal `env` (a variable's value by name) describes: OSC 777
    /// for urxvt, foot and VTE-based terminals, else OSC 9.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Self {
        let term = env("TERM").unwrap_or_default();
        if term.starts_with("rxvt") || term.starts_with("foot") || env("VTE_VERSION").is_some() {
            Self::Osc777
        } else {
            Self::Osc9
        }
    }
}

/// The bytes that show `title` and `body` as a notification, for a terminal of `kind`;
/// `in_tmux` wraps them in tmux's passthrough (which needs `allow-passthrough on`).
pub fn sequence(kind: Kind, title: &str, body: &str, in_tmux: bool) -> String {
    let osc = match kind {
        Kind::Osc9 => format!("\x1b]9;{}: {}\x07", field(title, false), field(body, false)),
        Kind::Osc777 => format!(
            "\x1b]777;notify;{};{}\x07",
            field(title, true),
            field(body, true)
        ),
    };
    if in_tmux {
        // Inside tmux's DCS every ESC is doubled; the DCS ends with ESC \.
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
    } else {
        osc
    }
}

/// [`sequence`] for the terminal this process runs in.
pub fn for_this_terminal(title: &str, body: &str) -> String {
    let env = |name: &str| std::env::var(name).ok();
    sequence(Kind::detect(env), title, body, env("TMUX").is_some())
}

/// `text` with every control character (C0, DEL, C1) turned into a space, `;` into `,`
/// where it would separate fields, and cut to [`MAX_CHARS`].
fn field(text: &str, semicolons: bool) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_control() => ' ',
            ';' if semicolons => ',',
            c => c,
        })
        .take(MAX_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_terminal_picks_the_sequence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Kind::detect(env(&[("TERM", "xterm-kitty")])), Kind::Osc9);
        assert_eq!(Kind::detect(env(&[("TERM", "foot")])), Kind::Osc777);
        assert_eq!(
            Kind::detect(env(&[("TERM", "rxvt-unicode-256color")])),
            Kind::Osc777
        );
        assert_eq!(
            Kind::detect(env(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")])),
            Kind::Osc777
        );
    }

    #[test]
    fn sequences_are_well_formed() {
        assert_eq!(
            sequence(Kind::Osc9, "tidings", "3 new stories", false),
            "\x1b]9;tidings: 3 new stories\x07"
        );
        assert_eq!(
            sequence(Kind::Osc777, "tidings", "a; b", false),
            "\x1b]777;notify;tidings;a, b\x07"
        );
        assert_eq!(
            sequence(Kind::Osc9, "t", "b", true),
            "\x1bPtmux;\x1b\x1b]9;t: b\x07\x1b\\"
        );
    }

    proptest! {
        #[test]
        fn hostile_text_cannot_end_the_sequence_early(
            title in "[a-z;\\x1b\\x07\\x9c\\\\\\]]{0,40}",
            body in "\\PC{0,20}[\\x1b\\x07\\x9c\\x00;]{0,5}\\PC{0,20}",
        ) {
            for kind in [Kind::Osc9, Kind::Osc777] {
                let out = sequence(kind, &title, &body, false);
                // One ESC at the start, one BEL at the end, no other control character.
                prop_assert_eq!(out.matches('\x1b').count(), 1);
                prop_assert!(out.ends_with('\x07'));
                prop_assert_eq!(out.chars().filter(|c| c.is_control()).count(), 2);
                if kind == Kind::Osc777 {
                    prop_assert_eq!(out.matches(';').count(), 3);
                }
            }
        }
    }
}
