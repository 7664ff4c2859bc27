//! The normalizer, the stemmer and the query rewriter, on their own.

use super::arabic::{index_form, normalize};
use super::*;

fn same(a: &str, b: &str) {
    assert_eq!(index_form(a), index_form(b), "{a} and {b}");
}

/// Whether a query for either word finds a story with the other (what search needs:
/// the story's index form among the query's readings).
fn meet(a: &str, b: &str) {
    assert!(
        word_readings(a, false).contains(&index_form(b)),
        "{a} finds {b}"
    );
    assert!(
        word_readings(b, false).contains(&index_form(a)),
        "{b} finds {a}"
    );
}

#[test]
fn text_without_arabic_is_returned_as_it_is() {
    let text = "Crème brûlée, naïve café — 2024 «quotes»";
    assert!(matches!(index_text(text), Cow::Borrowed(t) if t == text));
    assert!(matches!(
        fts5_query("\"syria ceasefire\" OR damas*"),
        Cow::Borrowed(_)
    ));
}

#[test]
fn tashkeel_and_tatweel_are_dropped() {
    assert_eq!(normalize("كَتَبَ"), normalize("كتب"));
    assert_eq!(normalize("مـــدرســة"), normalize("مدرسة"));
    assert_eq!(normalize("القُرْآنِ"), "القران");
}

#[test]
fn alef_hamza_forms_become_bare_alef() {
    for word in ["إطلاق", "أطلاق", "آطلاق", "ٱطلاق"] {
        assert_eq!(normalize(word), "اطلاق", "{word}");
    }
}

#[test]
fn hamza_seats_maksura_marbuta_and_persian_letters_are_folded() {
    same("مسؤول", "مسئول");
    same("مستشفى", "مستشفي");
    assert_eq!(normalize("مدرسة"), normalize("مدرسه"));
    assert_eq!(normalize("کتاب"), normalize("كتاب"));
    assert_eq!(normalize("ایران"), normalize("ايران"));
}

#[test]
fn attached_prefixes_and_articles_are_stripped() {
    for word in ["وسوريا", "بسوريا", "لسوريا", "وبسوريا", "السورية", "سورية"]
    {
        same(word, "سوريا");
    }
    same("والحرب", "حرب");
    same("بالحرب", "الحرب");
    same("للحكومة", "حكومة");
}

#[test]
fn suffixes_are_stripped_repeatedly() {
    same("السوريين", "سوريا");
    same("المعلمات", "معلم");
    same("كتابها", "كتاب");
    // لاعب starts with ل, which may be "for": the index guesses it is, the query tries both.
    meet("اللاعبون", "لاعب");
}

#[test]
fn stems_never_get_shorter_than_three_letters_after_a_prefix_or_suffix() {
    // ب in بيت is the root's first letter; ه in ابنه may not leave two letters.
    assert_eq!(index_form("بيت"), "بيت");
    assert_eq!(index_form("وقف"), "وقف");
    assert_eq!(index_form("ابنه"), "ابن");
    assert_eq!(index_form("يده"), "يده");
    // An article may leave two letters: الام (the mother) → ام.
    assert_eq!(index_form("الأم"), "ام");
}

#[test]
fn different_roots_keep_different_forms() {
    for (a, b) in [
        ("حرب", "حزب"),
        ("سلام", "إسلام"),
        ("كاتب", "كتاب"),
        ("نفط", "نفق"),
        ("ملك", "مالك"),
    ] {
        assert_ne!(index_form(a), index_form(b), "{a} and {b}");
    }
}

#[test]
fn readings_cover_a_prefix_like_first_letter() {
    // فلسطين: is ف "and"? The index guesses yes; a query tries both.
    let index = index_form("فلسطين");
    assert!(word_readings("فلسطين", false).contains(&index));
    assert!(word_readings("وفلسطين", false).contains(&index));
    assert!(word_readings("فلسطين", false).contains(&index_form("وفلسطين")));
    assert_eq!(word_readings("ceasefire", false), ["ceasefire"]);
}

#[test]
fn arabic_words_are_set_apart_from_latin_letters_and_digits() {
    assert_eq!(index_text("CNNالعربية"), "CNN عرب");
    assert_eq!(index_text("عام ٢٠٢٤ و۲۰۲۵"), "عام 2024 و 2025");
}

#[test]
fn query_words_become_groups_of_readings() {
    assert_eq!(fts5_query("اطلاق"), "اطلاق");
    assert_eq!(fts5_query("فلسطين"), "(فلسط OR لسط OR سطين)");
    assert_eq!(
        fts5_query("سوريا NOT فلسطين"),
        "سور NOT (فلسط OR لسط OR سطين)"
    );
    assert_eq!(fts5_query("title: فلسطين"), "title: (فلسط OR لسط OR سطين)");
}

#[test]
fn a_group_is_joined_to_its_neighbours_by_and_keeping_their_precedence() {
    assert_eq!(
        fts5_query("سوريا فلسطين"),
        "(سور AND (فلسط OR لسط OR سطين))"
    );
    assert_eq!(
        fts5_query("gaza OR palestine فلسطين*"),
        "gaza OR (palestine AND (فلسط* OR لسط* OR سطين*))"
    );
    assert_eq!(fts5_query("syria سوريا"), "syria سور");
}

#[test]
fn query_phrases_near_caret_and_plus_take_single_forms() {
    assert_eq!(fts5_query("\"إطلاق النار\""), "\"اطلاق نار\"");
    assert_eq!(fts5_query("\"وقف إطلاق\"*"), "\"وقف اطلاق\"*");
    assert_eq!(fts5_query("NEAR(فلسطين سوريا, 5)"), "NEAR(سطين سور, 5)");
    assert_eq!(fts5_query("^فلسطين"), "^سطين");
    assert_eq!(fts5_query("فلسطين + سوريا"), "سطين + سور");
}

#[test]
fn query_prefixes_columns_and_bad_syntax_survive() {
    assert_eq!(fts5_query("title: السورية"), "title: سور");
    assert_eq!(fts5_query("-body : السورية"), "-body : سور");
    assert_eq!(
        fts5_query("title: (سوريا OR فلسطين)"),
        "title: (سور OR (فلسط OR لسط OR سطين))"
    );
    assert_eq!(fts5_query("سوري*"), "سور*");
    assert_eq!(fts5_query("\"سوريا"), "\"سوريا");
    assert_eq!(fts5_query("(سوريا OR syria)"), "(سور OR syria)");
    assert_eq!(fts5_query("CNNالعربية"), "\"CNN عرب\"");
}

#[test]
fn a_prefix_query_reaches_words_whose_first_letter_the_index_took_for_a_prefix() {
    // فيلم (film): the index guesses ف is "and" and holds يلم.
    let index = index_form("فيلم");
    assert_eq!(index, "يلم");
    let readings = word_readings("فيل", true);
    assert!(
        readings.iter().any(|r| index.starts_with(r.as_str())),
        "{readings:?}"
    );
    assert_eq!(fts5_query("فيل*"), "(فيل* OR يل*)");
}
