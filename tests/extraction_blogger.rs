//! Blogger's template as data: its real class names and the strings of its Arabic
//! template leave a story, whether the page keeps Blogger's classes or a custom template
//! renamed them (`assets/boilerplate.toml`).

use tidings::sanitize;

const PAGE_URL: &str = "https://sahil.example.blogspot.com/2025/11/port.html";

fn page() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/extraction/own/blogger-arabic.html"
    );
    std::fs::read_to_string(path).expect("fixture")
}

/// The template's words, as Blogger's Arabic template writes them.
const TEMPLATE: [&str; 9] = [
    "إرسال تعليق",
    "الاشتراك في",
    "تعليقات الرسالة",
    "رسالة أحدث",
    "رسالة أقدم",
    "الصفحة الرئيسية",
    "مشاركة",
    "ليست هناك تعليقات",
    "التسميات",
];

fn assert_story_without_template(text: &str) {
    assert!(text.contains("افتتحت السلطات المحلية صباح اليوم"), "{text}");
    assert!(text.contains("نظام المزاد الجديد"), "{text}");
    for words in TEMPLATE {
        assert!(!text.contains(words), "{words:?} left in:\n{text}");
    }
}

#[test]
fn an_arabic_blogger_page_extracts_without_its_template() {
    let page = page();
    let story = sanitize::extract_article(&page, PAGE_URL).expect("story found");
    let text = sanitize::plain_text(&story, Some(PAGE_URL), 80);
    assert_story_without_template(&text);
}

#[test]
fn the_whole_page_renders_without_its_template() {
    // The same rules apply to a feed's own HTML, or when no extraction ran.
    let text = sanitize::plain_text(&page(), Some(PAGE_URL), 80);
    assert_story_without_template(&text);
}

#[test]
fn renamed_classes_still_lose_the_template_text() {
    // A custom template keeps Blogger's words but not its classes: the text rules alone.
    let story = "<p>افتتحت السلطات المحلية صباح اليوم ميناء الصيد الجديد.</p>\
        <p>بعد تجهيز المستودعات وتدريب العاملين على نظام المزاد الجديد.</p>\
        <div class='x-pager'><a href='/n'>رسالة أحدث</a> <a href='/o'>رسالة أقدم</a> \
        <a href='/'>الصفحة الرئيسية</a></div>\
        <div class='x-feeds'>الاشتراك في: <a href='/f'>تعليقات الرسالة (Atom)</a></div>\
        <div class='x-share'>مشاركة</div><h4>إرسال تعليق</h4>\
        <div>Subscribe to: <a href='/f'>Post Comments (Atom)</a></div>";
    let text = sanitize::plain_text(story, Some(PAGE_URL), 80);
    assert_story_without_template(&text);
    assert!(!text.contains("Subscribe to"), "{text}");
}
