//! Splitting a query into tokens: parentheses, operators, words, "phrases" and `key:value`
//! terms (the value quoted, a /regex/, or up to the next space). Positions count
//! characters, for the caret under an error.

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub position: usize,
    /// For `key:value`, where the value starts.
    pub value_position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokenKind {
    Open,
    Close,
    Or,
    And,
    Not,
    /// `-` right before a term.
    Minus,
    Word(String),
    Phrase(String),
    Keyed {
        key: String,
        value: Value,
    },
}

/// The value of a `key:value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    Text(String),
    Regex(String),
}

pub(super) struct Lexer {
    chars: Vec<char>,
    at: usize,
}

/// A lexing error: position and message.
type LexError = (usize, String);

impl Lexer {
    pub fn new(text: &str) -> Self {
        Self {
            chars: text.chars().collect(),
            at: 0,
        }
    }

    pub(crate) fn tokens(mut self) -> Result<Vec<Token>, LexError> {
        let mut tokens = Vec::new();
        while let Some(token) = self.token()? {
            tokens.push(token);
        }
        Ok(tokens)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn token(&mut self) -> Result<Option<Token>, LexError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        let start = self.at;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let simple = |kind| Token {
            kind,
            position: start,
            value_position: start,
        };
        let kind = match c {
            '(' => TokenKind::Open,
            ')' => TokenKind::Close,
            '-' if self
                .chars
                .get(start + 1)
                .is_some_and(|n| !n.is_whitespace()) =>
            {
                TokenKind::Minus
            }
            '-' => return Err((start, "expected a term right after `-`".to_owned())),
            '"' => {
                let phrase = self.quoted()?;
                return Ok(Some(simple(TokenKind::Phrase(phrase))));
            }
            _ => return self.word().map(Some),
        };
        self.at += 1;
        Ok(Some(simple(kind)))
    }

    /// A quoted string starting at the current `"`; `\"` stands for a quote.
    fn quoted(&mut self) -> Result<String, LexError> {
        self.delimited('"', "this quote is never closed")
    }

    /// A /regex/ starting at the current `/`; `\/` stands for a slash.
    fn regex(&mut self) -> Result<String, LexError> {
        self.delimited('/', "this /regex/ is never closed")
    }

    /// Text between the current `delimiter` and the next unescaped one; the position is
    /// past the closing one after.
    fn delimited(&mut self, delimiter: char, unclosed: &str) -> Result<String, LexError> {
        let open = self.at;
        self.at += 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.at += 1;
            if c == delimiter {
                return Ok(text);
            }
            if c == '\\' && self.peek() == Some(delimiter) {
                text.push(delimiter);
                self.at += 1;
            } else {
                text.push(c);
            }
        }
        Err((open, unclosed.to_owned()))
    }

    fn ends_word(c: char) -> bool {
        c.is_whitespace() || matches!(c, '(' | ')' | '"')
    }

    fn word(&mut self) -> Result<Token, LexError> {
        let start = self.at;
        let mut word = String::new();
        while let Some(c) = self.peek() {
            if Self::ends_word(c) {
                break;
            }
            self.at += 1;
            if c == ':' && is_key(&word) {
                return self.keyed(word, start);
            }
            word.push(c);
        }
        let kind = match word.to_lowercase().as_str() {
            "or" => TokenKind::Or,
            "and" => TokenKind::And,
            "not" => TokenKind::Not,
            _ => TokenKind::Word(word),
        };
        Ok(Token {
            kind,
            position: start,
            value_position: start,
        })
    }

    fn keyed(&mut self, key: String, start: usize) -> Result<Token, LexError> {
        let value_position = self.at;
        let value = match self.peek() {
            Some('"') => Value::Text(self.quoted()?),
            Some('/') => Value::Regex(self.regex()?),
            _ => {
                let mut text = String::new();
                while let Some(c) = self.peek().filter(|c| !Self::ends_word(*c)) {
                    text.push(c);
                    self.at += 1;
                }
                Value::Text(text)
            }
        };
        Ok(Token {
            kind: TokenKind::Keyed { key, value },
            position: start,
            value_position,
        })
    }
}

/// Whether `word` (what came before a `:`) is a term's key: letters and hyphens.
fn is_key(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}
