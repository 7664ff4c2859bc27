//! Words for the full-text index and for queries, made the same way on both sides:
//! Arabic-script words are normalized and lightly stemmed (`search_text/arabic.rs`); every other
//! script is left to SQLite's tokenizer (which folds case and Latin diacritics). The
//! index is contentless, so what it holds need not be what a story displays.

mod arabic;
mod query;

use std::borrow::Cow;

pub(crate) use query::fts5_query;

/// `text` with each Arabic-script word replaced by its index form (and Arabic-Indic
/// digits by ASCII ones); text without any is returned as it is, unchanged and unread
/// twice. Used for titles and story text before they enter the index, and for the
/// words of a quoted phrase in a query.
pub fn index_text(text: &str) -> Cow<'_, str> {
    if !may_need_work(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut letters = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(needs_work) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(digit) = arabic::ascii_digit(c) {
            out.push(digit);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest
            .find(|c| !arabic::is_word_char(c))
            .unwrap_or(rest.len());
        arabic::normalize_into(&rest[..end], &mut letters);
        push_word(&mut out, arabic::stem(&letters), &rest[end..]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// [`index_text`] for text the caller owns: given back as it is when nothing changes,
/// so stories in other scripts cost the indexer no copy.
pub(crate) fn index_string(text: String) -> String {
    if may_need_work(&text) {
        index_text(&text).into_owned()
    } else {
        text
    }
}

/// The index forms a bare query word may stand for (one for a word in another script),
/// any of which should match; `prefix` for the start of a word (`word*`). The query
/// language calls this for each bare word and ORs the results.
pub(crate) fn word_readings(word: &str, prefix: bool) -> Vec<String> {
    if !has_arabic(word) {
        return vec![word.to_owned()];
    }
    let min = if prefix {
        arabic::MIN_PREFIX_STEM
    } else {
        arabic::MIN_WORD_STEM
    };
    let readings = arabic::readings(word, min);
    if readings.is_empty() {
        vec![word.to_owned()]
    } else {
        readings
    }
}

/// Whether `text` holds an Arabic-script letter, mark or digit.
pub(crate) fn has_arabic(text: &str) -> bool {
    may_need_work(text) && text.chars().any(needs_work)
}

/// A quick byte scan, false for most text in other scripts: everything [`needs_work`]
/// accepts lies in U+0600..=U+08FF, whose UTF-8 lead bytes are 0xD8..=0xE0 (0xE0 also
/// starts other scripts; those take the slow path, which leaves them as they are).
fn may_need_work(text: &str) -> bool {
    text.bytes().any(|b| (0xD8..=0xE0).contains(&b))
}

/// Characters the index spells differently: Arabic-script letters and marks, and
/// Arabic-Indic digits.
fn needs_work(c: char) -> bool {
    arabic::is_word_char(c) || arabic::ascii_digit(c).is_some()
}

/// Appends `word`, set apart by spaces from letters or digits around it so the
/// tokenizer never joins a stem to a neighbouring Latin word or number.
fn push_word(out: &mut String, word: &str, after: &str) {
    if word.is_empty() {
        return;
    }
    if out.chars().next_back().is_some_and(char::is_alphanumeric) {
        out.push(' ');
    }
    out.push_str(word);
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests;
