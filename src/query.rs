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

pub mod eval;
mod lex;
mod parser;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

pub use parser::parse;

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
    /// Queue its enclosures for `tidings download`.
    Download,
}

impl Action {
    /// `ignore`, `hide`, `read`, `star`, `download` or `tag:NAME`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "ignore" => Some(Self::Ignore),
            "hide" => Some(Self::Hide),
            "read" => Some(Self::Read),
            "star" => Some(Self::Star),
            "download" => Some(Self::Download),
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
            Self::Download => f.write_str("download"),
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

#[cfg(test)]
mod tests;
