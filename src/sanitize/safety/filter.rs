//! The streaming filter: a small state machine over characters that removes escape
//! sequences whole (even split across pieces) and applies the character rules of
//! [`terminal_safe`](super::terminal_safe) to the text between them.

use super::{is_plain, is_unsafe_char, is_word_char, windows_1252};

/// What the filter is in the middle of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Ordinary text.
    #[default]
    Text,
    /// Just saw ESC (U+001B).
    Escape,
    /// ESC followed by intermediate bytes (`ESC ( B`, `ESC # 8`): ends at a final byte.
    EscapeIntermediate,
    /// A control sequence (`ESC [` or U+009B): parameters, intermediates, one final byte.
    Csi,
    /// A control string (OSC, DCS, SOS, PM, APC): ends at BEL or ST.
    ControlString,
    /// ESC inside a control string: `ESC \` is the string terminator.
    ControlStringEscape,
}

/// A streaming version of [`terminal_safe`](super::terminal_safe), for text that arrives in pieces: feed
/// characters in order with [`Filter::push`] or [`Filter::push_str`]; call
/// [`Filter::finish`] at the end. State carries across pieces, so an escape sequence split
/// between two spans is still removed whole.
#[derive(Debug, Default)]
pub struct Filter {
    state: State,
    /// A ZWJ or ZWNJ waiting for the next character to decide whether it sits in a word.
    pending_joiner: Option<char>,
    /// The last character written, for the joiner and tag rules.
    last: Option<char>,
    /// The previous input was a carriage return (so a following `\n` is not doubled).
    after_cr: bool,
}

impl Filter {
    /// Creates a filter in its initial state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Processes one character, appending whatever is safe to `out`.
    pub fn push(&mut self, c: char, out: &mut String) {
        let after_cr = std::mem::take(&mut self.after_cr);
        let consumed = match self.state {
            State::Text => {
                self.text(c, after_cr, out);
                return;
            }
            State::Escape => self.escape(c),
            State::EscapeIntermediate => self.escape_intermediate(c),
            State::Csi => self.csi(c),
            State::ControlString => self.control_string(c),
            State::ControlStringEscape => {
                // `ESC \` ends the string; any other escape aborts it and starts anew.
                self.state = State::Text;
                c == '\\' || self.escape(c)
            }
        };
        if !consumed {
            // A character that cannot continue the sequence ends it and is text again.
            self.state = State::Text;
            self.text(c, false, out);
        }
    }

    /// Processes a string. Runs of printable ASCII in plain text, the bulk of most
    /// stories, are copied in one go.
    pub fn push_str(&mut self, text: &str, out: &mut String) {
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if self.state == State::Text && self.pending_joiner.is_none() {
                let run = rest.find(|c: char| !is_plain(c)).unwrap_or(rest.len());
                if run > 0 {
                    out.push_str(&rest[..run]);
                    self.last = rest[..run].chars().next_back();
                    self.after_cr = false;
                    rest = &rest[run..];
                    continue;
                }
            }
            self.push(c, out);
            rest = &rest[c.len_utf8()..];
        }
    }

    /// Flushes the filter at the end of the input. An unfinished sequence is dropped.
    pub fn finish(&mut self) {
        self.pending_joiner = None;
        self.state = State::Text;
    }

    /// Inside `ESC` + intermediates: more intermediates, then one final byte.
    fn escape_intermediate(&mut self, c: char) -> bool {
        match c {
            '\u{20}'..='\u{2f}' => true,
            '\u{30}'..='\u{7e}' => {
                self.state = State::Text;
                true
            }
            _ => false,
        }
    }

    /// Inside a control sequence: parameter and intermediate bytes, then a final byte.
    fn csi(&mut self, c: char) -> bool {
        match c {
            '\u{20}'..='\u{3f}' => true,
            '\u{40}'..='\u{7e}' => {
                self.state = State::Text;
                true
            }
            _ => false,
        }
    }

    /// Inside a control string: everything up to BEL or ST (or CAN, SUB, a newline).
    fn control_string(&mut self, c: char) -> bool {
        match c {
            '\u{7}' | '\u{9c}' | '\u{18}' | '\u{1a}' => {
                self.state = State::Text;
                true
            }
            '\u{1b}' => {
                self.state = State::ControlStringEscape;
                true
            }
            '\n' => false,
            _ => true,
        }
    }

    /// The character after ESC. Returns false when `c` is not part of the sequence (a
    /// newline, a non-ASCII letter): the lone ESC is dropped and `c` is text again.
    fn escape(&mut self, c: char) -> bool {
        self.state = match c {
            '[' => State::Csi,
            ']' | 'P' | 'X' | '^' | '_' => State::ControlString,
            '\u{20}'..='\u{2f}' => State::EscapeIntermediate,
            '\u{1b}' => State::Escape,
            // A final byte (`ESC c`, `ESC 7`, `ESC =`) ends the sequence.
            '\u{30}'..='\u{7e}' => State::Text,
            _ => {
                self.state = State::Text;
                return false;
            }
        };
        true
    }

    fn text(&mut self, c: char, after_cr: bool, out: &mut String) {
        match c {
            '\u{1b}' => self.state = State::Escape,
            '\u{9b}' => self.state = State::Csi,
            '\u{90}' | '\u{9d}' => self.state = State::ControlString,
            '\u{80}'..='\u{9f}' => {
                if let Some(printable) = windows_1252(c) {
                    self.write(printable, out);
                }
            }
            '\r' => {
                self.after_cr = true;
                self.write('\n', out);
            }
            '\n' if after_cr => {}
            '\u{2028}' | '\u{2029}' => self.write('\n', out),
            '\u{200c}' | '\u{200d}' => {
                if self.last.is_some_and(is_word_char) {
                    self.pending_joiner = Some(c);
                }
            }
            '\u{e0020}'..='\u{e007f}' => {
                if self
                    .last
                    .is_some_and(|l| l == '\u{1f3f4}' || ('\u{e0020}'..='\u{e007f}').contains(&l))
                {
                    self.write(c, out);
                }
            }
            _ if is_unsafe_char(c) => {}
            _ => self.write(c, out),
        }
    }

    fn write(&mut self, c: char, out: &mut String) {
        if let Some(joiner) = self.pending_joiner.take()
            && is_word_char(c)
        {
            out.push(joiner);
        }
        out.push(c);
        self.last = Some(c);
    }
}
