//! An FTS5 query with its Arabic words spelled as the index spells them. Operators,
//! quotes, `*`, `^`, `+`, parentheses and column filters are kept; a query without
//! Arabic comes back unchanged, byte for byte.

use std::borrow::Cow;

use super::{has_arabic, index_text, word_readings};

/// `query` (FTS5 syntax) rewritten for the index. A bare Arabic word becomes its
/// readings ORed, `(سور OR …)`; FTS5 joins such a group to its neighbours only with an
/// explicit `AND`, so a run of words around one is written `(a AND (…) AND b)`, which
/// keeps the run's precedence. In a phrase, in `NEAR(…)`, after `^` or beside `+` a
/// word takes its index form alone. A malformed query stays malformed, so FTS5 says so.
pub(crate) fn fts5_query(query: &str) -> Cow<'_, str> {
    if !has_arabic(query) {
        return Cow::Borrowed(query);
    }
    let mut out = String::with_capacity(query.len() * 2);
    let mut run: Vec<Atom> = Vec::new();
    let mut rest = query.trim_start();
    while !rest.is_empty() {
        let (unit, after) = next_unit(rest);
        match unit {
            Unit::Atom(atom) => run.push(atom),
            Unit::Other(text) => {
                flush(&mut out, &mut run);
                push_separated(&mut out, text);
            }
        }
        rest = after.trim_start();
    }
    flush(&mut out, &mut run);
    Cow::Owned(out)
}

/// A phrase-like piece that FTS5 joins to its neighbours by juxtaposition (implicit
/// AND), unless it became a group.
struct Atom {
    text: String,
    group: bool,
}

/// One piece of the query.
enum Unit<'q> {
    Atom(Atom),
    /// An operator, a parenthesis, a column filter before `(`, or text copied as typed
    /// (everything after a character this rewriter doesn't understand).
    Other(&'q str),
}

/// Writes a run of atoms: as typed when none is a group, else joined by `AND` and, if
/// there are several, parenthesized.
fn flush(out: &mut String, run: &mut Vec<Atom>) {
    if run.is_empty() {
        return;
    }
    let texts: Vec<&str> = run.iter().map(|a| a.text.as_str()).collect();
    let text = match (run.len(), run.iter().any(|a| a.group)) {
        (1, _) | (_, false) => texts.join(" "),
        _ => format!("({})", texts.join(" AND ")),
    };
    push_separated(out, &text);
    run.clear();
}

/// Appends `text`, after a space unless at the start or after `(`.
fn push_separated(out: &mut String, text: &str) {
    if !out.is_empty() && !out.ends_with('(') && text != ")" {
        out.push(' ');
    }
    out.push_str(text);
}

/// The unit at the start of `rest` (which starts with no whitespace), and what follows.
fn next_unit(rest: &str) -> (Unit<'_>, &str) {
    let word = bareword(rest);
    if matches!(word, "AND" | "OR" | "NOT") || rest.starts_with(['(', ')']) {
        let len = if word.is_empty() { 1 } else { word.len() };
        return (Unit::Other(&rest[..len]), &rest[len..]);
    }
    let (filter, body) = column_filter(rest);
    if !filter.is_empty() && body.starts_with('(') {
        return (Unit::Other(filter.trim_end()), body);
    }
    match atom(filter, body) {
        Some((atom, after)) => (Unit::Atom(atom), after),
        None => (Unit::Other(rest), ""),
    }
}

/// An atom, `[-][colspec :] [^] primary (+ primary)*`, given its column filter (maybe
/// empty) and what follows it; `None` where the query has something else (then the
/// rest is copied as typed).
fn atom<'q>(filter: &str, body: &'q str) -> Option<(Atom, &'q str)> {
    let (caret, body) = match body.strip_prefix('^') {
        Some(after) => ("^", after.trim_start()),
        None => ("", body),
    };
    let joined = starts_chain(body);
    let alone = caret.is_empty() && !joined;
    let (first, group, mut after) = primary(body, alone)?;
    let mut text = if filter.is_empty() {
        String::new()
    } else {
        format!("{} ", filter.trim_end())
    };
    text.push_str(caret);
    text.push_str(&first);
    while let Some(next) = after.trim_start().strip_prefix('+') {
        let (more, _, tail) = primary(next.trim_start(), false)?;
        text.push_str(" + ");
        text.push_str(&more);
        after = tail;
    }
    Some((Atom { text, group }, after))
}

/// Whether the primary at the start of `rest` is followed by `+`.
fn starts_chain(rest: &str) -> bool {
    primary(rest, false).is_some_and(|(_, _, after)| after.trim_start().starts_with('+'))
}

/// A leading `-`, column name or `{names}` and `:`, with the spaces around them; empty
/// when there is none.
fn column_filter(rest: &str) -> (&str, &str) {
    let body = rest.strip_prefix('-').map_or(rest, str::trim_start);
    let names_end = if body.starts_with('{') {
        body.find('}').map(|i| i + 1)
    } else {
        Some(bareword(body).len()).filter(|&n| n > 0)
    };
    let Some(end) = names_end else {
        return ("", rest);
    };
    let after = body[end..].trim_start();
    match after.strip_prefix(':') {
        Some(tail) => {
            let len = rest.len() - tail.len();
            (&rest[..len], tail.trim_start())
        }
        None => ("", rest),
    }
}

/// One phrase, bare word or `NEAR(…)` with its trailing `*`, rewritten; whether it
/// became a group (only when `alone`: not after `^`, not beside `+`); what follows.
fn primary(rest: &str, alone: bool) -> Option<(String, bool, &str)> {
    if let Some(body) = rest.strip_prefix('"') {
        let end = closing_quote(body)?;
        let (star, after) = star(&body[end + 1..]);
        return Some((
            format!("\"{}\"{star}", index_text(&body[..end])),
            false,
            after,
        ));
    }
    let word = bareword(rest);
    let after = &rest[word.len()..];
    if word == "NEAR" && after.trim_start().starts_with('(') {
        let open = rest.len() - after.trim_start().len();
        let close = open + rest[open..].find(')')?;
        let inner = index_text(&rest[open + 1..close]);
        return Some((format!("NEAR({inner})"), false, &rest[close + 1..]));
    }
    if word.is_empty() {
        return None;
    }
    let (star, after) = star(after);
    Some(match bare(word, !star.is_empty(), alone) {
        (text, true) => (text, true, after),
        (text, false) => (format!("{text}{star}"), false, after),
    })
}

/// A bare word in index spelling, or (when `alone`) the group of its readings, `*`
/// already applied to each; and whether it is a group.
fn bare(word: &str, prefix: bool, alone: bool) -> (String, bool) {
    if !has_arabic(word) {
        return (word.to_owned(), false);
    }
    let words = index_text(word);
    if words.is_empty() || words.contains(' ') {
        // Letters of two scripts run together: FTS5 reads a bare word that tokenizes
        // to several tokens as a phrase, so quote them as one.
        let inner = if words.is_empty() { word } else { &words };
        return (format!("\"{inner}\""), false);
    }
    let readings = word_readings(word, prefix);
    if !alone || readings.len() < 2 {
        return (words.into_owned(), false);
    }
    let star = if prefix { "*" } else { "" };
    let alternatives: Vec<String> = readings.iter().map(|r| format!("{r}{star}")).collect();
    (format!("({})", alternatives.join(" OR ")), true)
}

/// The `*` right after a word or phrase, if any, and what follows.
fn star(rest: &str) -> (&str, &str) {
    match rest.strip_prefix('*') {
        Some(after) => ("*", after),
        None => ("", rest),
    }
}

/// Where the phrase starting after an opening quote ends (`""` is a quote inside it).
fn closing_quote(body: &str) -> Option<usize> {
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().is_some_and(|&(_, n)| n == '"') {
                chars.next();
            } else {
                return Some(i);
            }
        }
    }
    None
}

/// The bare word FTS5 reads at the start of `rest` (possibly empty).
fn bareword(rest: &str) -> &str {
    let end = rest
        .find(|c: char| !(!c.is_ascii() || c.is_ascii_alphanumeric() || c == '_' || c == '\u{1A}'))
        .unwrap_or(rest.len());
    &rest[..end]
}
