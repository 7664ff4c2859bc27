//! The query language shared by lists, saved views, rules and retention: a pure parser
//! from text to a [`Query`]. The store compiles a query to SQL (`store/query.rs`).
//!
//! ```text
//! query  = or
//! or     = and { "or" and }
//! and    = unary { ["and"] unary }          juxtaposition is AND
//! unary  = ("not" | "-") unary | "(" or ")" | term
//! term   = unread | read | starred | untagged | tag:NAME | feed:TEXT | feed:ID
//!        | author:TEXT | title:TEXT | link:TEXT | title:/RE/ | author:/RE/
//!        | newer:AGE | older:AGE | newer:YYYY-MM-DD | older:YYYY-MM-DD
//!        | has:full-text | has:enclosure | WORD | "PHRASE"
//! AGE    = N followed by h, d, w, m (30 days) or y (365 days)
//! ```
//!
//! Precedence: not > and > or. Values with spaces take quotes: `author:"Ammar Johmani"`.

mod lex;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use lex::{Lexer, Token, TokenKind};

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Every part matches (juxtaposition, or `and`).
    And(Vec<Query>),
    /// Some part matches.
    Or(Vec<Query>),
    Not(Box<Query>),
    Term(Term),
}

/// One condition on a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Unread,
    Read,
    Starred,
    /// Hidden by a rule: such stories are in no view unless a query asks for them.
    Hidden,
    /// No tag of its own and none from its feed.
    Untagged,
    /// Tagged so, or from a feed tagged so.
    Tag(String),
    /// From the feed with this id.
    FeedId(i64),
    /// From a feed whose title or URL contains this (ignoring case).
    Feed(String),
    /// A field that contains the text (ignoring case) or matches the regex.
    Field(Field, Matcher),
    /// Dated at or after this moment.
    Newer(When),
    /// Dated before this moment.
    Older(When),
    /// Its web page's full text has been fetched.
    HasFullText,
    /// It carries a file (a podcast's episode).
    HasEnclosure,
    /// A word of its title or text, as `search` matches it.
    Word(String),
    /// A phrase of its title or text.
    Phrase(String),
}

/// A story field a term can look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Author,
    Title,
    Link,
}

/// How a field term matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// Contains the text, ignoring case.
    Contains(String),
    /// Matches the regular expression (checked when parsed).
    Regex(String),
}

/// A moment a date term compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// This many seconds before now.
    Ago(i64),
    /// The start of this day (UTC).
    Day(NaiveDate),
}

impl When {
    /// The moment, as seconds since the epoch, for a query run at `now`.
    pub(crate) fn timestamp(self, now: DateTime<Utc>) -> i64 {
        match self {
            Self::Ago(seconds) => now.timestamp().saturating_sub(seconds),
            Self::Day(day) => day
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
        }
    }
}

impl Query {
    /// Whether any part needs the full-text index (so it must be caught up first).
    pub(crate) fn uses_text_index(&self) -> bool {
        self.any_term(&|term| matches!(term, Term::Word(_) | Term::Phrase(_)))
    }

    /// Whether the query asks about hidden stories (`hidden`); without it, hidden
    /// stories match nothing.
    pub(crate) fn mentions_hidden(&self) -> bool {
        self.any_term(&|term| matches!(term, Term::Hidden))
    }

    fn any_term(&self, test: &dyn Fn(&Term) -> bool) -> bool {
        match self {
            Self::And(parts) | Self::Or(parts) => parts.iter().any(|p| p.any_term(test)),
            Self::Not(inner) => inner.any_term(test),
            Self::Term(term) => test(term),
        }
    }
}

/// A rule: what to do with each new story its query matches, as a refresh or a sync
/// stores it (`[[rule]]` in the config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The query as written.
    pub text: String,
    pub query: Query,
    pub actions: Vec<Action>,
}

/// What a rule does with a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Store nothing, and never store it later either.
    Ignore,
    /// Store it read and out of every view but a query asking for `hidden`.
    Hide,
    Read,
    Star,
    Tag(String),
}

impl Action {
    /// `ignore`, `hide`, `read`, `star` or `tag:NAME`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "ignore" => Some(Self::Ignore),
            "hide" => Some(Self::Hide),
            "read" => Some(Self::Read),
            "star" => Some(Self::Star),
            other => other
                .strip_prefix("tag:")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Self::Tag(t.to_owned())),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ignore => f.write_str("ignore"),
            Self::Hide => f.write_str("hide"),
            Self::Read => f.write_str("read"),
            Self::Star => f.write_str("star"),
            Self::Tag(tag) => write!(f, "tag:{tag}"),
        }
    }
}

/// An invalid query: where, and what was expected there. Its `Display` shows the query
/// with a caret under the position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub query: String,
    /// The position, in characters from the start.
    pub position: usize,
    /// What was wrong or expected, e.g. "expected a term after `or`".
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid query: {}", self.message)?;
        writeln!(f, "  {}", self.query)?;
        write!(f, "  {}^", " ".repeat(self.position))
    }
}

/// Parses `text` as a query.
pub fn parse(text: &str) -> Result<Query, ParseError> {
    let tokens = Lexer::new(text)
        .tokens()
        .map_err(|(position, message)| ParseError {
            query: text.to_owned(),
            position,
            message,
        })?;
    let mut parser = Parser {
        text,
        tokens,
        next: 0,
    };
    if parser.tokens.is_empty() {
        return Err(parser.error(0, "the query is empty: expected a term".to_owned()));
    }
    let query = parser.or()?;
    match parser.peek() {
        None => Ok(query),
        Some(token) if token.kind == TokenKind::Close => {
            Err(parser.error(token.position, "`)` without a matching `(`".to_owned()))
        }
        Some(token) => Err(parser.error(token.position, "expected a term".to_owned())),
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    next: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn end(&self) -> usize {
        self.text.chars().count()
    }

    fn error(&self, position: usize, message: String) -> ParseError {
        ParseError {
            query: self.text.to_owned(),
            position,
            message,
        }
    }

    fn or(&mut self) -> Result<Query, ParseError> {
        let mut parts = vec![self.and()?];
        while self.peek().is_some_and(|t| t.kind == TokenKind::Or) {
            self.next += 1;
            parts.push(self.and_after("`or`")?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Query, ParseError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek().map(|t| t.kind.clone()) {
                Some(TokenKind::And) => {
                    self.next += 1;
                    parts.push(self.unary_after("`and`")?);
                }
                Some(TokenKind::Or | TokenKind::Close) | None => break,
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::And(parts)
        })
    }

    fn and_after(&mut self, what: &str) -> Result<Query, ParseError> {
        self.expect_operand(what)?;
        self.and()
    }

    fn unary_after(&mut self, what: &str) -> Result<Query, ParseError> {
        self.expect_operand(what)?;
        self.unary()
    }

    /// Fails unless a term (or `(`, `not`) follows an operator.
    fn expect_operand(&self, what: &str) -> Result<(), ParseError> {
        match self.peek() {
            None => Err(self.error(self.end(), format!("expected a term after {what}"))),
            Some(t) if matches!(t.kind, TokenKind::Or | TokenKind::And | TokenKind::Close) => {
                Err(self.error(t.position, format!("expected a term after {what}")))
            }
            Some(_) => Ok(()),
        }
    }

    fn unary(&mut self) -> Result<Query, ParseError> {
        let Some(token) = self.tokens.get(self.next).cloned() else {
            return Err(self.error(self.end(), "expected a term".to_owned()));
        };
        self.next += 1;
        match token.kind {
            TokenKind::Not => Ok(Query::Not(Box::new(self.unary_after("`not`")?))),
            TokenKind::Minus => Ok(Query::Not(Box::new(self.unary_after("`-`")?))),
            TokenKind::Open => {
                if self.peek().is_some_and(|t| t.kind == TokenKind::Close) {
                    return Err(
                        self.error(token.position + 1, "expected a term inside `()`".into())
                    );
                }
                let inner = self.or()?;
                match self.peek() {
                    Some(t) if t.kind == TokenKind::Close => {
                        self.next += 1;
                        Ok(inner)
                    }
                    _ => Err(self.error(
                        self.peek().map_or(self.end(), |t| t.position),
                        format!(
                            "expected `)` to close the `(` at column {}",
                            token.position + 1
                        ),
                    )),
                }
            }
            TokenKind::Close => Err(self.error(token.position, "expected a term".into())),
            TokenKind::Or | TokenKind::And => Err(self.error(
                token.position,
                "expected a term before this operator".into(),
            )),
            TokenKind::Word(word) => Ok(Query::Term(term(&word))),
            TokenKind::Phrase(phrase) => Ok(Query::Term(Term::Phrase(phrase))),
            TokenKind::Keyed { key, value } => keyed(&key, value, token.value_position)
                .map(Query::Term)
                .map_err(|(position, message)| self.error(position, message)),
        }
    }
}

/// A bare word: a flag keyword, else a word of the text.
fn term(word: &str) -> Term {
    match word.to_lowercase().as_str() {
        "unread" => Term::Unread,
        "read" => Term::Read,
        "starred" => Term::Starred,
        "hidden" => Term::Hidden,
        "untagged" => Term::Untagged,
        _ => Term::Word(word.to_owned()),
    }
}

/// A `key:value` term; an error is (position, message).
fn keyed(key: &str, value: lex::Value, at: usize) -> Result<Term, (usize, String)> {
    let text = |value: lex::Value, key: &str| match value {
        lex::Value::Text(text) if !text.is_empty() => Ok(text),
        lex::Value::Text(_) => Err((at, format!("expected a value after `{key}:`"))),
        lex::Value::Regex(_) => Err((at, format!("`{key}:` takes text, not a /regex/"))),
    };
    let field = |field: Field, value: lex::Value, key: &str| match value {
        lex::Value::Regex(re) => {
            regex::Regex::new(&re).map_err(|e| (at, format!("invalid regex: {}", one_line(&e))))?;
            Ok(Term::Field(field, Matcher::Regex(re)))
        }
        other @ lex::Value::Text(_) => Ok(Term::Field(field, Matcher::Contains(text(other, key)?))),
    };
    match key.to_lowercase().as_str() {
        "tag" => Ok(Term::Tag(text(value, key)?)),
        "feed" => {
            let value = text(value, key)?;
            Ok(value.parse().map_or(Term::Feed(value), Term::FeedId))
        }
        "author" => field(Field::Author, value, key),
        "title" => field(Field::Title, value, key),
        "link" => match value {
            lex::Value::Regex(_) => Err((at, "`link:` takes text, not a /regex/".to_owned())),
            other @ lex::Value::Text(_) => Ok(Term::Field(
                Field::Link,
                Matcher::Contains(text(other, key)?),
            )),
        },
        "newer" => when(&text(value, key)?, at).map(Term::Newer),
        "older" => when(&text(value, key)?, at).map(Term::Older),
        "has" => match text(value, key)?.to_lowercase().as_str() {
            "full-text" | "fulltext" => Ok(Term::HasFullText),
            "enclosure" | "enclosures" => Ok(Term::HasEnclosure),
            _ => Err((at, "expected `has:full-text` or `has:enclosure`".to_owned())),
        },
        _ => Err((
            at.saturating_sub(key.chars().count() + 1),
            format!(
                "unknown term `{key}:`: expected tag:, feed:, author:, title:, link:, newer:, older: or has:"
            ),
        )),
    }
}

/// `7d`, `2w`, `12h`, `3m`, `1y` or `2026-11-01`.
fn when(value: &str, at: usize) -> Result<When, (usize, String)> {
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(When::Day(day));
    }
    let expected = || {
        (
            at,
            format!(
                "expected an age such as 7d, 2w or 12h, or a date such as 2026-11-01, not `{value}`"
            ),
        )
    };
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(expected)?;
    let (number, unit) = value.split_at(split);
    let number: i64 = number.parse().map_err(|_| expected())?;
    let unit_seconds = match unit {
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        "m" => 30 * 86_400,
        "y" => 365 * 86_400,
        _ => return Err(expected()),
    };
    Ok(When::Ago(number.saturating_mul(unit_seconds)))
}

fn one_line(error: &regex::Error) -> String {
    error
        .to_string()
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests;
