//! newsboat's filter language (`query:` feeds, `ignore-article`) translated into tidings
//! queries, and back. Pure functions: text in, text out, or the reason it doesn't map.
//!
//! ```text
//! expr       = and { "or" and }
//! and        = primary { "and" primary }
//! primary    = "(" expr ")" | ATTRIBUTE OP VALUE
//! OP         = "=" | "==" | "!=" | "=~" | "!~" | "#" | "!#" | "<" | ">" | "<=" | ">="
//! VALUE      = "quoted \" string" | number
//! ```

use crate::query::{Field, Matcher, Query, Term, When};

/// The star letter newsboat users most often use (`--flag-star` changes it).
pub const DEFAULT_STAR: char = 's';

/// Why a filter could not be translated.
pub type Unmapped = String;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Word(String),
    Op(String),
    Str(String),
}

fn lex(text: &str) -> Result<Vec<Tok>, Unmapped> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        match c {
            c if c.is_whitespace() => at += 1,
            '(' | ')' => {
                tokens.push(if c == '(' { Tok::Open } else { Tok::Close });
                at += 1;
            }
            '"' => {
                at += 1;
                let mut s = String::new();
                loop {
                    match chars.get(at) {
                        None => return Err("a quote is never closed".to_owned()),
                        Some('"') => break,
                        Some('\\') if chars.get(at + 1) == Some(&'"') => {
                            s.push('"');
                            at += 1;
                        }
                        Some(&other) => s.push(other),
                    }
                    at += 1;
                }
                at += 1;
                tokens.push(Tok::Str(s));
            }
            '=' | '!' | '~' | '#' | '<' | '>' => {
                let start = at;
                while chars
                    .get(at)
                    .is_some_and(|c| matches!(c, '=' | '!' | '~' | '#' | '<' | '>'))
                {
                    at += 1;
                }
                tokens.push(Tok::Op(chars[start..at].iter().collect()));
            }
            _ => {
                let start = at;
                while chars.get(at).is_some_and(|c| {
                    !c.is_whitespace()
                        && !matches!(c, '(' | ')' | '"' | '=' | '!' | '~' | '#')
                        && !matches!(c, '<' | '>')
                }) {
                    at += 1;
                }
                let word: String = chars[start..at].iter().collect();
                tokens.push(match word.as_str() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    _ => Tok::Word(word),
                });
            }
        }
    }
    Ok(tokens)
}

/// Translates a newsboat filter into tidings query text; `star` is the flag letter that
/// means starred (other letters become tags `flag-X`).
pub fn to_query(filter: &str, star: char) -> Result<String, Unmapped> {
    let tokens = lex(filter)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        star,
    };
    let query = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(format!("unexpected text after term {}", parser.at));
    }
    Ok(query)
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
    star: char,
}

impl Parser {
    fn next(&mut self) -> Option<Tok> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// A chain of comparisons joined by `and`/`or`, grouped as newsboat groups it: with
    /// no precedence, from the right (`a and b or c` is `a and (b or c)`). The output
    /// spells the grouping out, since tidings reads `and` first.
    fn or(&mut self) -> Result<String, Unmapped> {
        let mut parts = vec![self.primary()?];
        let mut ops = Vec::new();
        while let Some(op @ (Tok::And | Tok::Or)) = self.tokens.get(self.at).cloned() {
            self.at += 1;
            ops.push(if op == Tok::And { " and " } else { " or " });
            parts.push(self.primary()?);
        }
        // Folded from the right; a run of one operator stays one flat list.
        let mut group = vec![parts.pop().unwrap_or_default()];
        let mut group_op = None;
        while let (Some(op), Some(left)) = (ops.pop(), parts.pop()) {
            if group_op.is_some_and(|g| g != op) {
                group = vec![join(std::mem::take(&mut group), group_op.unwrap_or(op))];
            }
            group.insert(0, left);
            group_op = Some(op);
        }
        Ok(join(group, group_op.unwrap_or(" and ")))
    }

    fn primary(&mut self) -> Result<String, Unmapped> {
        match self.next() {
            Some(Tok::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Tok::Close) => Ok(inner),
                    _ => Err("a parenthesis is never closed".to_owned()),
                }
            }
            Some(Tok::Word(attribute)) => {
                let Some(Tok::Op(op)) = self.next() else {
                    return Err(format!("expected an operator after `{attribute}`"));
                };
                let Some(Tok::Str(value) | Tok::Word(value)) = self.next() else {
                    return Err(format!("expected a value after `{attribute} {op}`"));
                };
                comparison(&attribute, &op, &value, self.star)
            }
            other => Err(format!("expected a comparison, found {other:?}")),
        }
    }
}

/// Parts joined by an operator, parenthesized when there are several.
fn join(parts: Vec<String>, op: &str) -> String {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or_default();
    }
    format!("({})", parts.join(op))
}

fn negate(term: String, negated: bool) -> String {
    if negated { format!("not {term}") } else { term }
}

fn comparison(attribute: &str, op: &str, value: &str, star: char) -> Result<String, Unmapped> {
    let why = || format!("`{attribute} {op} \"{value}\"` has no tidings equivalent");
    let unmapped = || Err(why());
    let negated = op.starts_with('!');
    match (attribute, op) {
        ("unread", "=" | "==" | "!=") => {
            let unread = match value {
                "yes" => true,
                "no" => false,
                _ => return unmapped(),
            };
            Ok(if unread == negated { "read" } else { "unread" }.to_owned())
        }
        ("flags", "#" | "!#") => {
            let mut letters = value.chars();
            match (letters.next(), letters.next()) {
                (Some(letter), None) if letter == star => Ok(negate("starred".into(), negated)),
                (Some(letter), None) if letter.is_ascii_alphabetic() => {
                    Ok(negate(format!("tag:flag-{letter}"), negated))
                }
                _ => unmapped(),
            }
        }
        ("tags", "#" | "!#") if !value.trim().is_empty() => {
            Ok(negate(format!("tag:{}", quote(value.trim())), negated))
        }
        // newsboat's regexes ignore case; tidings' don't unless told.
        ("title" | "author", "=~" | "!~") => Ok(negate(
            format!("{attribute}:/(?i){}/", value.replace('/', "\\/")),
            negated,
        )),
        ("title" | "author", "=" | "==" | "!=") => Ok(negate(
            format!(
                "{attribute}:/^{}$/",
                regex::escape(value).replace('/', "\\/")
            ),
            negated,
        )),
        ("title" | "author" | "link", "#" | "!#") | ("link", "=~" | "!~") if literal(value) => {
            Ok(negate(format!("{attribute}:{}", quote(value)), negated))
        }
        ("feedtitle" | "feedurl", "=" | "==" | "!=" | "#" | "!#") if !value.is_empty() => {
            Ok(negate(format!("feed:{}", quote(value)), negated))
        }
        ("feedtitle" | "feedurl", "=~" | "!~") if literal(value) => {
            Ok(negate(format!("feed:{}", quote(value)), negated))
        }
        ("content" | "description", "=~" | "!~" | "#" | "!#") if literal(value) => {
            Ok(negate(phrase(value), negated))
        }
        ("age", "<" | "<=" | ">" | ">=") => {
            let days: u32 = value.trim().parse().map_err(|_| why())?;
            Ok(if op.starts_with('<') {
                format!("newer:{days}d")
            } else {
                format!("older:{days}d")
            })
        }
        _ => unmapped(),
    }
}

/// Whether a regex is plain text (so "matches" is "contains"). A `.` counts as text:
/// `youtube.com` means the dot, and "contains" matches no more than the regex did.
fn literal(value: &str) -> bool {
    !value.is_empty() && !value.contains(|c: char| "^$*+?()[]{}|\\".contains(c))
}

/// A query value, quoted when it must be.
fn quote(value: &str) -> String {
    if value.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '(' | ')'))
        || value.starts_with('/')
    {
        phrase(value)
    } else {
        value.to_owned()
    }
}

fn phrase(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\\\""))
}

/// Translates a tidings query back into a newsboat filter, when every part has a newsboat
/// equivalent; `None` otherwise.
pub fn from_query(query: &Query, star: char) -> Option<String> {
    match query {
        Query::And(parts) => several(parts, " and ", star),
        Query::Or(parts) => several(parts, " or ", star),
        Query::Not(inner) => match inner.as_ref() {
            Query::Term(term) => term_filter(term, true, star),
            _ => None,
        },
        Query::Term(term) => term_filter(term, false, star),
    }
}

fn several(parts: &[Query], op: &str, star: char) -> Option<String> {
    let parts = parts
        .iter()
        .map(|p| from_query(p, star))
        .collect::<Option<Vec<_>>>()?;
    Some(if parts.len() == 1 {
        parts.concat()
    } else {
        format!("({})", parts.join(op))
    })
}

fn term_filter(term: &Term, negated: bool, star: char) -> Option<String> {
    let (eq, contains, matches) = if negated {
        ("!=", "!#", "!~")
    } else {
        ("=", "#", "=~")
    };
    let s = |v: &str| format!("\"{}\"", v.replace('"', "\\\""));
    Some(match term {
        Term::Unread => format!("unread {eq} \"yes\""),
        Term::Read => format!("unread {eq} \"no\""),
        Term::Starred => format!("flags {contains} \"{star}\""),
        Term::Tag(tag) => match tag.strip_prefix("flag-") {
            Some(letter) if letter.len() == 1 => format!("flags {contains} {}", s(letter)),
            _ => format!("tags {contains} {}", s(tag)),
        },
        Term::Field(field, matcher) => {
            let name = match field {
                Field::Title => "title",
                Field::Author => "author",
                Field::Link => "link",
            };
            let re = match matcher {
                Matcher::Regex(re) => re.strip_prefix("(?i)").unwrap_or(re).to_owned(),
                Matcher::Contains(text) => regex::escape(text),
            };
            format!("{name} {matches} {}", s(&re))
        }
        Term::Newer(When::Ago(secs)) if !negated && secs % 86_400 == 0 => {
            format!("age < {}", secs / 86_400)
        }
        Term::Older(When::Ago(secs)) if !negated && secs % 86_400 == 0 => {
            format!("age > {}", secs / 86_400)
        }
        _ => return None,
    })
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
