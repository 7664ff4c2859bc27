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

/// How many one-letter prefixes the index strips from one word (و + ب in وبسوريا).
const INDEX_PROCLITICS: usize = 2;

/// How many the query side tries, one more than the index, so a query with a prefix
/// (وفلسطين) still meets a story whose word begins with prefix-like letters (فلسطين).
const QUERY_PROCLITICS: usize = 3;

/// Whether `c` belongs to an Arabic-script word: a letter, or a mark or tatweel that
/// normalization drops.
pub fn is_word_char(c: char) -> bool {
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
pub fn ascii_digit(c: char) -> Option<char> {
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

/// The word's letters in their search spelling.
pub fn normalize(word: &str) -> Vec<char> {
    word.chars().filter_map(fold).collect()
}

/// The word as the index holds it: normalized, its article or up to two one-letter
/// prefixes stripped, then its suffixes. Deterministic, so a story and a query spelling
/// a word the same way always meet, whatever the stemmer gets wrong.
pub fn index_form(word: &str) -> String {
    let letters = normalize(word);
    let (rest, had_article) = strip_article(&letters);
    let skip = if had_article {
        0
    } else {
        proclitics(rest, INDEX_PROCLITICS, MIN_STEM)
    };
    strip_suffixes(&rest[skip..]).iter().collect()
}

/// The index forms a typed word may have: with none, one, two or three of its leading
/// one-letter prefixes stripped (whether و in وزير is "and" can't be told from the
/// word). The story side strips as many as it can, so one of these is what it holds
/// when the words differ only in such prefixes. `min_stem` is the shortest remainder
/// a prefix may leave ([`MIN_STEM`] for a word, less for the start of a word).
pub fn readings(word: &str, min_stem: usize) -> Vec<String> {
    let letters = normalize(word);
    let (rest, _) = strip_article(&letters);
    let most = proclitics(rest, QUERY_PROCLITICS, min_stem);
    let mut out: Vec<String> = Vec::with_capacity(most + 1);
    for skip in 0..=most {
        let form: String = strip_suffixes(&rest[skip..]).iter().collect();
        if !form.is_empty() && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// The shortest remainder a one-letter prefix may leave in a prefix query (فيل* still
/// reaches the index's يلم for فيلم).
pub const MIN_PREFIX_STEM: usize = 2;

/// The shortest remainder for a whole typed word.
pub const MIN_WORD_STEM: usize = MIN_STEM;

/// The letters after the longest article (and a second bare ال, so that ألمانيا, typed
/// المانيا, meets الألمانية), and whether one was stripped.
fn strip_article(letters: &[char]) -> (&[char], bool) {
    let mut rest = letters;
    let mut stripped = false;
    if let Some(after) = ARTICLES
        .iter()
        .find_map(|article| strip_prefix(rest, article, MIN_AFTER_ARTICLE))
    {
        rest = after;
        stripped = true;
        if let Some(again) = strip_prefix(rest, "ال", MIN_AFTER_ARTICLE) {
            rest = again;
        }
    }
    (rest, stripped)
}

/// `letters` without `prefix`, if it starts with it and `min` letters remain.
fn strip_prefix<'a>(letters: &'a [char], prefix: &str, min: usize) -> Option<&'a [char]> {
    let len = prefix.chars().count();
    (letters.len() >= len + min && letters.iter().copied().take(len).eq(prefix.chars()))
        .then(|| &letters[len..])
}

/// How many of the first `most` letters are one-letter prefixes that may go, each
/// leaving at least `min` letters.
fn proclitics(letters: &[char], most: usize, min: usize) -> usize {
    letters
        .iter()
        .take(most)
        .enumerate()
        .take_while(|&(i, c)| PROCLITICS.contains(c) && letters.len() - i > min)
        .count()
}

/// `letters` without their suffixes, stripped one after another while [`MIN_STEM`]
/// letters remain (السوريين → سوري → سور).
fn strip_suffixes(mut letters: &[char]) -> &[char] {
    'again: loop {
        for suffix in SUFFIXES {
            let len = suffix.chars().count();
            if letters.len() >= len + MIN_STEM
                && letters[letters.len() - len..]
                    .iter()
                    .copied()
                    .eq(suffix.chars())
            {
                letters = &letters[..letters.len() - len];
                continue 'again;
            }
        }
        return letters;
    }
}
