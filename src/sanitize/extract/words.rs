//! The words of a subtree, counted: what extraction compares to tell whether readability's
//! choice and a template element hold the same story, and which holds more of it.

use std::collections::HashMap;

use html2text::{Comment, Element, Handle};

use crate::sanitize::dom::is_dropped_tag;
use crate::sanitize::text::TextReader;

/// A bag of words: each lowercased word with how often it occurs.
#[derive(Debug, Default)]
pub struct Words {
    counts: HashMap<String, u32>,
    total: u32,
}

impl Words {
    /// The words shown by `node` and everything inside it, skipping scripts, styles and
    /// the other elements rendering drops.
    pub fn of(node: &Handle, reader: &mut TextReader) -> Self {
        let mut words = Self::default();
        let mut stack = vec![node.clone()];
        while let Some(node) = stack.pop() {
            match &node.data {
                Element { name, .. } if is_dropped_tag(&name.local) => {}
                Element { .. } | html2text::Document => {
                    stack.extend(node.children.borrow().iter().cloned());
                }
                Comment { .. } => {}
                _ => words.add(&reader.text_of(&node)),
            }
        }
        words
    }

    /// The start of the text shown by `node`, as [`Words::of`] reads it (text nodes
    /// joined by spaces): reading stops once it has `max_chars` bytes or more, so a
    /// preview of a whole article costs no more than a preview of a line.
    pub fn text_of(node: &Handle, reader: &mut TextReader, max_chars: usize) -> String {
        let mut text = String::new();
        let mut stack = vec![node.clone()];
        while let Some(node) = stack.pop() {
            if text.len() >= max_chars {
                break;
            }
            match &node.data {
                Element { name, .. } if is_dropped_tag(&name.local) => {}
                Element { .. } | html2text::Document => {
                    stack.extend(node.children.borrow().iter().rev().cloned());
                }
                Comment { .. } => {}
                _ => {
                    text.push_str(&reader.text_of(&node));
                    text.push(' ');
                }
            }
        }
        text
    }

    /// Counts the words of `text`: runs of letters and digits, lowercased.
    pub fn add(&mut self, text: &str) {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *self.counts.entry(word.to_lowercase()).or_insert(0) += 1;
            self.total += 1;
        }
    }

    /// How many words there are, repeats included.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// How many words the two bags share, repeats included (the smaller count of each).
    pub fn common(&self, other: &Self) -> u32 {
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        small
            .counts
            .iter()
            .map(|(word, n)| large.counts.get(word).map_or(0, |m| (*n).min(*m)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Words {
        let mut words = Words::default();
        words.add(text);
        words
    }

    #[test]
    fn counts_lowercased_words_without_punctuation() {
        let w = words("The cat, the HAT! قال المرصد");
        assert_eq!(w.total(), 6);
        assert_eq!(w.common(&words("the the the")), 2);
        assert_eq!(w.common(&words("المرصد")), 1);
    }

    #[test]
    fn reads_a_subtree_without_its_scripts() {
        let dom = html2text::config::plain()
            .parse_html("<div><p>One two</p><script>var x</script><p>three</p></div>".as_bytes())
            .expect("parses");
        let w = Words::of(&dom.document, &mut TextReader::default());
        assert_eq!(w.total(), 3);
    }
}
