//! Word-level scores of an extraction against a reference text: bag-of-words precision,
//! recall and F1 with counts. Words are lowercased and split at anything that is not a
//! letter, digit or combining mark, so punctuation never counts and Arabic words keep
//! their letters and diacritics. Han and kana characters count one word each: those
//! scripts put no spaces between words.

use std::collections::HashMap;

/// Precision, recall and F1 of one extraction, each in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Share of the extraction's words that the reference holds.
    pub precision: f64,
    /// Share of the reference's words that the extraction holds.
    pub recall: f64,
    /// The harmonic mean of the two.
    pub f1: f64,
}

/// Scores `ours` against `reference`. Two empty texts agree perfectly; an empty
/// extraction of a non-empty reference scores 0.
pub fn score(ours: &str, reference: &str) -> Score {
    let ours = bag(ours);
    let reference = bag(reference);
    let total = |bag: &HashMap<String, usize>| bag.values().sum::<usize>();
    let (ours_total, reference_total) = (total(&ours), total(&reference));
    if ours_total == 0 && reference_total == 0 {
        return Score {
            precision: 1.0,
            recall: 1.0,
            f1: 1.0,
        };
    }
    let common: usize = ours
        .iter()
        .map(|(word, n)| reference.get(word).map_or(0, |m| (*n).min(*m)))
        .sum();
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    let precision = ratio(common, ours_total);
    let recall = ratio(common, reference_total);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}

/// The words of `text`, lowercased, with how often each occurs.
pub fn bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for word in words(text) {
        *bag.entry(word).or_insert(0) += 1;
    }
    bag
}

/// The words of `text` in order, lowercased.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_ideograph(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else if c.is_alphanumeric() || is_mark(c) {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut words);
        }
    }
    flush(&mut word, &mut words);
    words
}

fn flush(word: &mut String, words: &mut Vec<String>) {
    // A word of marks alone (a stray diacritic) is no word.
    if word.chars().any(char::is_alphanumeric) {
        words.push(std::mem::take(word));
    } else {
        word.clear();
    }
}

/// Combining marks that belong inside a word: Latin accents, Arabic harakat, shadda,
/// superscript alef and Quranic marks, and the tatweel that stretches a word.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}')
}

/// Han, hiragana and katakana: one character, one word.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_without_punctuation() {
        assert_eq!(
            words("Hello, World! It's 2024."),
            ["hello", "world", "it", "s", "2024"]
        );
    }

    #[test]
    fn arabic_words_keep_their_letters_and_marks() {
        assert_eq!(words("إرسال تعليق، مُحَمَّد!"), ["إرسال", "تعليق", "مُحَمَّد"]);
    }

    #[test]
    fn han_characters_are_one_word_each() {
        assert_eq!(words("中文abc"), ["中", "文", "abc"]);
    }

    #[test]
    fn identical_texts_score_one() {
        let s = score("A b, c.", "a B c");
        assert!((s.f1 - 1.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn counts_matter() {
        // Ours has "a" twice, the reference once: 2 of 3 words are right, all of the
        // reference's 2 words are found.
        let s = score("a a b", "a b");
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9, "{s:?}");
        assert!((s.recall - 1.0).abs() < 1e-9, "{s:?}");
        assert!((s.f1 - 0.8).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn an_empty_extraction_scores_zero() {
        assert!(score("", "some words").f1.abs() < 1e-9);
        assert!((score("", "").f1 - 1.0).abs() < 1e-9);
        assert!(score("x y", "a b").f1.abs() < 1e-9);
    }
}
