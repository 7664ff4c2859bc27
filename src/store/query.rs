//! Compiling a [`Query`] to an SQL condition on stories (alias `a`), with its arguments:
//! the one place the query language meets SQL. Text terms match the full-text index as
//! `search` does; `title:/re/` and `author:/re/` use the `regexp()` function registered on
//! every connection.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;

use super::Result;
use crate::query::{Field, Matcher, Query, Term};
use crate::search_text;

/// The condition `query` puts on a story, its arguments appended to `args` (numbered
/// after those already there); dates compare with `now`.
pub(super) fn condition(query: &Query, now: DateTime<Utc>, args: &mut Vec<Value>) -> String {
    match query {
        Query::And(parts) => join(parts, " AND ", now, args),
        Query::Or(parts) => join(parts, " OR ", now, args),
        Query::Not(inner) => format!("NOT ({})", condition(inner, now, args)),
        Query::Term(term) => term_condition(term, now, args),
    }
}

fn join(parts: &[Query], operator: &str, now: DateTime<Utc>, args: &mut Vec<Value>) -> String {
    let parts: Vec<String> = parts
        .iter()
        .map(|part| format!("({})", condition(part, now, args)))
        .collect();
    parts.join(operator)
}

/// Appends `value` to `args`; returns its placeholder.
fn arg(args: &mut Vec<Value>, value: Value) -> String {
    args.push(value);
    format!("?{}", args.len())
}

fn term_condition(term: &Term, now: DateTime<Utc>, args: &mut Vec<Value>) -> String {
    match term {
        Term::Unread => "a.read = 0".to_owned(),
        Term::Read => "a.read = 1".to_owned(),
        Term::Starred => "a.starred = 1".to_owned(),
        Term::Hidden => "a.hidden = 1".to_owned(),
        Term::Untagged => "NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)
             AND NOT EXISTS (SELECT 1 FROM feed_tags t WHERE t.feed_id = a.feed_id)"
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
                    let n = arg(args, Value::Text(text.to_lowercase()));
                    format!("instr(lower(COALESCE({column}, '')), {n}) > 0")
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
        Term::HasFullText => "a.id IN (SELECT article_id FROM article_full_text)".to_owned(),
        Term::Word(word) => text_match(fts_word(word), args),
        Term::Phrase(phrase) => text_match(fts_string(&search_text::index_text(phrase)), args),
    }
}

fn text_match(fts_query: String, args: &mut Vec<Value>) -> String {
    let n = arg(args, Value::Text(fts_query));
    format!("a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH {n})")
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

/// Registers `regexp(pattern, text)` on `conn`: each pattern is compiled once per
/// statement. A pattern that doesn't compile matches nothing (the parser checked them).
pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "regexp",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let pattern = ctx.get_or_create_aux(0, |value| -> Result<regex::Regex, BoxError> {
                Ok(regex::Regex::new(value.as_str()?)?)
            });
            let text = ctx.get_raw(1).as_str().unwrap_or_default();
            Ok(pattern.is_ok_and(|re| re.is_match(text)))
        },
    )?;
    Ok(())
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
