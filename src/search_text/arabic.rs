//! One Arabic word as the index sees it: spelling variants folded (tashkeel, tatweel,
//! hamza and alef forms, alef maksura, teh marbuta, Persian yeh and keheh) and light
//! stemming of attached prefixes and suffixes, in the spirit of Larkey's Light10.

/// Articles with the prepositions and conjunctions that attach before them, longest
/// first. Stripped while at least [`MIN_AFTER_ARTICLE`] letters remain.
const ARTICLES: &[&str] = &[
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
];

/// One-letter prefixes: "and" (و, ف), "with/in" (ب), "for/to" (ل), "like" (ك). Each
/// is also the first letter of many words, so stripping them is a guess; see
/// [`readings`] for how the query side makes up for it.
const PROCLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// Suffixes (normalized spelling: ة is already ه), stripped repeatedly while at least
/// [`MIN_STEM`] letters remain. Light10's list, plus يا so that a country name (سوريا)
/// meets its adjective (سورية, السوريين).
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "يا", "ه", "ي"];

/// The shortest stem a one-letter prefix or a suffix may leave: shorter stems are mostly
/// particles and collide with everything.
const MIN_STEM: usize = 3;

/// The shortest remainder after an article (الام → ام "mother" stays findable).
const MIN_AFTER_ARTICLE: usize = 2;

/// The shortest remainder a one-letter prefix may leave in a prefix query (فيل* still
/// reaches the index's يلم for فيلم).
pub(crate) const MIN_PREFIX_STEM: usize = 2;

/// The shortest remainder for a whole typed word.
pub(crate) const MIN_WORD_STEM: usize = MIN_STEM;

/// How many one-letter prefixes the index strips from one word (و + ب in وبسوريا).
const INDEX_PROCLITICS: usize = 2;

/// How many the query side tries, one more than the index, so a query with a prefix
/// (وفلسطين) still meets a story whose word begins with prefix-like letters (فلسطين).
const QUERY_PROCLITICS: usize = 3;

/// Whether `c` belongs to an Arabic-script word: a letter, or a mark or tatweel that
/// normalization drops.
pub(crate) fn is_word_char(c: char) -> bool {
    is_letter(c) || is_ignorable(c)
}

/// Arabic-script letters (Arabic, Arabic Supplement, Arabic Extended-A letters).
fn is_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}')
}

/// Tashkeel, Quranic annotation marks and tatweel: they change how a word looks, not
/// which word it is, and most people type without them.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08FF}')
}

/// Arabic-Indic and Persian digits as ASCII digits, so ٢٠٢٤ and ۲۰۲۴ find 2024.
pub(crate) fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_digit(u32::from(c) - zero, 10)
}

/// One letter in its search spelling; `None` for a character normalization drops.
fn fold(c: char) -> Option<char> {
    if is_ignorable(c) {
        return None;
    }
    Some(match c {
        // Alef with hamza above or below, with madda, wasla: most people type bare alef.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' | '\u{0675}' => 'ا',
        // Hamza on a waw or yeh seat is spelled both ways (مسؤول, مسئول): keep the hamza.
        'ؤ' | 'ئ' => 'ء',
        // Alef maksura and Persian yeh are written for yeh and the other way round.
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        // Teh marbuta is often written as heh, in particular at the end of a word.
        'ة' | 'ۀ' => 'ه',
        other => other,
    })
}

/// The word's letters in their search spelling, in `out` (cleared first; a buffer the
/// indexer reuses for every word).
pub(crate) fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    out.extend(word.chars().filter_map(fold));
}

/// The word's letters in their search spelling.
pub(crate) fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// The index form of a normalized word: its article or up to two one-letter prefixes
/// stripped, then its suffixes. Deterministic, so a story and a query spelling a word
/// the same way always meet, whatever the stemmer gets wrong.
pub fn stem(normalized: &str) -> &str {
    let (rest, had_article) = strip_article(normalized);
    let rest = if had_article {
        rest
    } else {
        strip_proclitics(rest, INDEX_PROCLITICS, MIN_STEM).0
    };
    strip_suffixes(rest)
}

/// The word as the index holds it ([`stem`] of its [`normalize`]d letters).
#[cfg(test)]
pub(crate) fn index_form(word: &str) -> String {
    stem(&normalize(word)).to_owned()
}

/// The index forms a typed word may have: with none, one, two or three of its leading
/// one-letter prefixes stripped (whether و in وزير is "and" can't be told from the
/// word). The story side strips as many as it can, so one of these is what it holds
/// when the words differ only in such prefixes. `min_stem` is the shortest remainder
/// a prefix may leave ([`MIN_STEM`] for a word, less for the start of a word).
pub(crate) fn readings(word: &str, min_stem: usize) -> Vec<String> {
    let letters = normalize(word);
    let (mut rest, _) = strip_article(&letters);
    let mut out: Vec<String> = Vec::with_capacity(QUERY_PROCLITICS + 1);
    for _ in 0..=QUERY_PROCLITICS {
        let form = strip_suffixes(rest);
        if !form.is_empty() && !out.iter().any(|f| f == form) {
            out.push(form.to_owned());
        }
        let (shorter, stripped) = strip_proclitics(rest, 1, min_stem);
        if stripped == 0 {
            break;
        }
        rest = shorter;
    }
    out
}

/// The letters after the longest article (and a second bare ال, so that ألمانيا, typed
/// المانيا, meets الألمانية), and whether one was stripped.
fn strip_article(letters: &str) -> (&str, bool) {
    let Some(rest) = ARTICLES
        .iter()
        .find_map(|article| strip_prefix(letters, article, MIN_AFTER_ARTICLE))
    else {
        return (letters, false);
    };
    (
        strip_prefix(rest, "ال", MIN_AFTER_ARTICLE).unwrap_or(rest),
        true,
    )
}

/// `letters` without `prefix`, if it starts with it and `min` letters remain.
fn strip_prefix<'a>(letters: &'a str, prefix: &str, min: usize) -> Option<&'a str> {
    letters
        .strip_prefix(prefix)
        .filter(|rest| rest.chars().count() >= min)
}

/// `letters` without up to `most` leading one-letter prefixes, each leaving at least
/// `min` letters; and how many went.
fn strip_proclitics(letters: &str, most: usize, min: usize) -> (&str, usize) {
    let mut left = letters.chars().count();
    let mut rest = letters;
    let mut stripped = 0;
    while stripped < most && left > min {
        let Some(c) = rest.chars().next().filter(|c| PROCLITICS.contains(c)) else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        left -= 1;
        stripped += 1;
    }
    (rest, stripped)
}

/// `letters` without their suffixes, stripped one after another while [`MIN_STEM`]
/// letters remain (السوريين → سوري → سور).
fn strip_suffixes(mut letters: &str) -> &str {
    'again: loop {
        for suffix in SUFFIXES {
            if let Some(rest) = letters.strip_suffix(suffix)
                && rest.chars().count() >= MIN_STEM
            {
                letters = rest;
                continue 'again;
            }
        }
        return letters;
    }
}
