//! The parser: from the lexer's tokens to a [`Query`], by recursive descent over the
//! grammar in the module doc, and each `key:value` term checked and read into a [`Term`].

use chrono::NaiveDate;

use super::lex::{self, Lexer, Token, TokenKind};
use super::{Field, Matcher, ParseError, Query, Term, When};

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
