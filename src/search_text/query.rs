//! An FTS5 query with its Arabic words spelled as the index spells them. Operators,
//! quotes, `*`, `^`, `+`, parentheses and column filters are kept as typed; a query
//! without Arabic comes back unchanged.

use std::borrow::Cow;

use super::{has_arabic, index_text, word_readings};

/// `query` (FTS5 syntax) rewritten for the index: a bare Arabic word becomes its
/// readings ORed, `(سور OR …)`, where FTS5 allows a group; elsewhere (in a phrase, in
/// `NEAR(…)`, after `^`, beside `+`) its index form. A malformed query stays malformed,
/// so FTS5 reports it.
pub fn fts5_query(query: &str) -> Cow<'_, str> {
    if !has_arabic(query) {
        return Cow::Borrowed(query);
    }
    let mut rewriter = Rewriter {
        out: String::with_capacity(query.len() * 2),
        near_depth: None,
        depth: 0,
        group_allowed: true,
    };
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        rest = if c == '"' {
            rewriter.phrase(rest)
        } else if is_bareword_char(c) {
            rewriter.bareword(rest)
        } else {
            rewriter.punctuation(c);
            &rest[c.len_utf8()..]
        };
    }
    Cow::Owned(rewriter.out)
}

/// Characters FTS5 takes as part of a bare word.
fn is_bareword_char(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c == '_' || c == '\u{1A}'
}

/// The rewritten query so far, and enough context to know where a group may go.
struct Rewriter {
    out: String,
    /// The parenthesis depth at which a `NEAR(` opened, while inside it.
    near_depth: Option<usize>,
    depth: usize,
    /// False right after `^` or `+`, where FTS5 wants a phrase.
    group_allowed: bool,
}

impl Rewriter {
    /// Copies one operator character, tracking parentheses and phrase-only positions.
    fn punctuation(&mut self, c: char) {
        match c {
            '(' => self.depth += 1,
            ')' => {
                if self.near_depth == Some(self.depth) {
                    self.near_depth = None;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        if !c.is_whitespace() {
            self.group_allowed = !matches!(c, '^' | '+');
        }
        self.out.push(c);
    }

    /// Copies a quoted phrase (`""` is a quote inside it) with its words in index form;
    /// an unclosed quote is copied as typed. Returns what follows it.
    fn phrase<'q>(&mut self, rest: &'q str) -> &'q str {
        let body = &rest[1..];
        let mut end = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, n)| n == '"') {
                    chars.next();
                } else {
                    end = Some(i);
                    break;
                }
            }
        }
        let Some(end) = end else {
            self.out.push_str(rest);
            return "";
        };
        self.out.push('"');
        self.out.push_str(&index_text(&body[..end]));
        self.out.push('"');
        self.group_allowed = true;
        &body[end + 1..]
    }

    /// Rewrites one bare word: operators and column names as typed, Arabic words as
    /// their readings or index form. Returns what follows it.
    fn bareword<'q>(&mut self, rest: &'q str) -> &'q str {
        let end = rest.find(|c| !is_bareword_char(c)).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let next = after.trim_start().chars().next();
        if word == "NEAR" && next == Some('(') {
            self.near_depth = Some(self.depth + 1);
        }
        let keyword = matches!(word, "AND" | "OR" | "NOT" | "NEAR");
        if keyword || next == Some(':') || !has_arabic(word) {
            self.out.push_str(word);
            self.group_allowed = true;
            return after;
        }
        let prefix = after.starts_with('*');
        let group = self.group_allowed && self.near_depth.is_none() && next != Some('+');
        let words = index_text(word);
        if words.contains(' ') || words.is_empty() {
            // Letters of two scripts run together: FTS5 reads a bare word that
            // tokenizes to several tokens as a phrase, so quote it as one.
            self.out.push('"');
            self.out
                .push_str(if words.is_empty() { word } else { &words });
            self.out.push('"');
            return after;
        }
        let readings = word_readings(word, prefix);
        if group && readings.len() > 1 {
            let star = if prefix { "*" } else { "" };
            let alternatives: Vec<String> = readings.iter().map(|r| format!("{r}{star}")).collect();
            self.out.push('(');
            self.out.push_str(&alternatives.join(" OR "));
            self.out.push(')');
            return if prefix { &after[1..] } else { after };
        }
        self.out.push_str(&words);
        after
    }
}
