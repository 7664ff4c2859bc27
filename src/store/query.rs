//! Compiling a [`Query`] to an SQL condition on stories (alias `a`), with its arguments:
//! the one place the query language meets SQL. Text terms match the full-text index as
//! `search` does; `title:/re/` and `author:/re/` use the `regexp()` function registered on
//! every connection.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};
use regex::Regex;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;

use super::Result;
use crate::query::{Field, Matcher, Query, Term};
use crate::search_text;

/// How the statement a condition goes into reads stories, which decides how text terms
/// are best matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Every match is read (counts, flag changes): the full-text index's matches
    /// drive the statement, which is quickest when they are few.
    All,
    /// A page in date order: stories are read newest first until the page is full, each
    /// checked against the index's matches (a set built once). A word in every story would
    /// otherwise have all of them fetched and sorted for 50 (70 ms against 12 ms on
    /// 100 000 stories).
    Page,
}

/// The condition `query` puts on a story, its arguments appended to `args` (numbered
/// after those already there); dates compare with `now`.
pub(super) fn condition(query: &Query, now: DateTime<Utc>, args: &mut Vec<Value>) -> String {
    condition_for(query, now, Reading::All, args)
}

/// [`condition`] for a statement that reads stories as `reading` says.
pub(super) fn condition_for(
    query: &Query,
    now: DateTime<Utc>,
    reading: Reading,
    args: &mut Vec<Value>,
) -> String {
    let context = Context { now, reading };
    context.condition(query, args)
}

struct Context {
    now: DateTime<Utc>,
    reading: Reading,
}

impl Context {
    fn condition(&self, query: &Query, args: &mut Vec<Value>) -> String {
        match query {
            Query::And(parts) => self.join(parts, " AND ", args),
            Query::Or(parts) => self.join(parts, " OR ", args),
            Query::Not(inner) => format!("NOT ({})", self.condition(inner, args)),
            Query::Term(term) => term_condition(term, self, args),
        }
    }

    fn join(&self, parts: &[Query], operator: &str, args: &mut Vec<Value>) -> String {
        let parts: Vec<String> = parts
            .iter()
            .map(|part| format!("({})", self.condition(part, args)))
            .collect();
        parts.join(operator)
    }
}

/// Appends `value` to `args`; returns its placeholder.
fn arg(args: &mut Vec<Value>, value: Value) -> String {
    args.push(value);
    format!("?{}", args.len())
}

fn term_condition(term: &Term, context: &Context, args: &mut Vec<Value>) -> String {
    let now = context.now;
    match term {
        Term::Unread => "a.read = 0".to_owned(),
        Term::Read => "a.read = 1".to_owned(),
        Term::Starred => "a.starred = 1".to_owned(),
        Term::Hidden => "a.hidden = 1".to_owned(),
        // Lists read once per statement, not a look-up per story (counting every story
        // took 95 ms with correlated look-ups on 100 000 stories).
        Term::Untagged => "a.id NOT IN (SELECT article_id FROM article_tags)
             AND (a.feed_id IS NULL OR a.feed_id NOT IN (SELECT feed_id FROM feed_tags))"
            .to_owned(),
        Term::Tag(tag) => {
            let n = arg(args, Value::Text(tag.clone()));
            format!(
                "(a.id IN (SELECT article_id FROM article_tags WHERE tag = {n})
                  OR a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = {n}))"
            )
        }
        Term::FeedId(id) => format!("a.feed_id = {}", arg(args, Value::Integer(*id))),
        Term::Feed(text) => {
            let n = arg(args, Value::Text(text.to_lowercase()));
            format!(
                "(a.feed_id IN (SELECT id FROM feeds WHERE instr(lower(
                     COALESCE(custom_title, '') || ' ' || COALESCE(title, '') || ' ' || url), {n}) > 0)
                  OR (a.feed_id IS NULL AND instr(lower(COALESCE(a.orphan_feed_title, '')), {n}) > 0))"
            )
        }
        Term::Field(field, matcher) => {
            let column = match field {
                Field::Author => "a.author",
                Field::Title => "a.title",
                Field::Link => "a.link",
            };
            match matcher {
                Matcher::Contains(text) => {
                    let n = arg(args, Value::Text(like_pattern(&text.to_lowercase())));
                    // LIKE folds ASCII letters, as lower() does, and is twice as quick as
                    // instr(lower(…)), which copies every value it looks at.
                    format!("COALESCE({column}, '') LIKE {n} ESCAPE '\\'")
                }
                Matcher::Regex(re) => {
                    let n = arg(args, Value::Text(re.clone()));
                    format!("regexp({n}, COALESCE({column}, ''))")
                }
            }
        }
        Term::Newer(when) => format!(
            "a.sort_time >= {}",
            arg(args, Value::Integer(when.timestamp(now)))
        ),
        Term::Older(when) => format!(
            "a.sort_time < {}",
            arg(args, Value::Integer(when.timestamp(now)))
        ),
        // The same test as the listings' `full_text`: a page kept for the link it has.
        Term::HasFullText => "EXISTS (SELECT 1 FROM article_full_text p \
             WHERE p.article_id = a.id AND p.link IS a.link)"
            .to_owned(),
        Term::HasEnclosure => "a.id IN (SELECT article_id FROM enclosures)".to_owned(),
        Term::Word(word) => text_match(fts_word(word), context.reading, args),
        Term::Phrase(phrase) => text_match(
            fts_string(&search_text::index_text(phrase)),
            context.reading,
            args,
        ),
    }
}

fn text_match(fts_query: String, reading: Reading, args: &mut Vec<Value>) -> String {
    let n = arg(args, Value::Text(fts_query));
    // A unary `+` keeps SQLite from driving the statement by the index's matches.
    let id = match reading {
        Reading::All => "a.id",
        Reading::Page => "+a.id",
    };
    format!("{id} IN (SELECT rowid FROM article_fts WHERE article_fts MATCH {n})")
}

/// `%text%` with its own `%`, `_` and backslashes escaped, so LIKE finds it as written.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A word as FTS5 strings, so no character in it is read as FTS syntax, spelled as the
/// index spells it: an Arabic word may stand for several index forms, any of which
/// matches. A trailing `*` keeps its meaning (a prefix).
fn fts_word(word: &str) -> String {
    let (stem, prefix) = match word.strip_suffix('*').filter(|w| !w.is_empty()) {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    let star = if prefix { "*" } else { "" };
    let readings: Vec<String> = search_text::word_readings(stem, prefix)
        .iter()
        .map(|reading| format!("{}{star}", fts_string(reading)))
        .collect();
    match readings.as_slice() {
        [] => fts_string(stem),
        [one] => one.clone(),
        many => format!("({})", many.join(" OR ")),
    }
}

fn fts_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Registers `regexp(pattern, text)` on `conn`. SQLite keeps a compiled pattern for the
/// rows of one statement; the connection keeps them across statements too, since the
/// reader counts the same saved views again after every change, rather than compiling
/// them again for each. A pattern that doesn't compile matches nothing (the parser checked
/// them).
pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    let compiled: Mutex<HashMap<String, Regex>> = Mutex::new(HashMap::new());
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| {
            let pattern = ctx.get_or_create_aux(0, |value| -> Result<Regex, BoxError> {
                let text = value.as_str()?;
                let mut compiled = compiled.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(re) = compiled.get(text) {
                    return Ok(re.clone());
                }
                let re = Regex::new(text)?;
                if compiled.len() >= MAX_KEPT_PATTERNS {
                    compiled.clear();
                }
                compiled.insert(text.to_owned(), re.clone());
                Ok(re)
            });
            let text = ctx.get_raw(1).as_str().unwrap_or_default();
            Ok(pattern.is_ok_and(|re| re.is_match(text)))
        },
    )?;
    Ok(())
}

/// Compiled patterns a connection keeps; more are rare (each rule, view and highlight
/// has at most a few), and then it starts again.
const MAX_KEPT_PATTERNS: usize = 256;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
