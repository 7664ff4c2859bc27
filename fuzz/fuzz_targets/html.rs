//! HTML sanitizing alone: arbitrary text as a story body (rendered at a width taken from
//! the input) and as a web page for full-text extraction. No panic, and safe output.
#![no_main]

mod common;

use common::assert_terminal_safe;
use libfuzzer_sys::fuzz_target;
use tidings::sanitize;

fuzz_target!(|data: &[u8]| {
    let Some((&width, rest)) = data.split_first() else {
        return;
    };
    let html = String::from_utf8_lossy(rest);
    let width = usize::from(width % 120) + 10;
    let story = sanitize::render(&html, Some("http://example.com/a/b"), width);
    for line in &story.lines {
        let text = line.text();
        assert_terminal_safe("story line", &text);
    }
    for link in &story.links {
        assert_terminal_safe("link", link);
    }
    assert_terminal_safe("plain", &sanitize::plain_text(&html, None, width));
    assert_terminal_safe("title", &sanitize::title(&html));
    if let Some(article) = sanitize::extract_article(&html, "http://example.com/a/b") {
        let story = sanitize::render(&article, None, width);
        for line in &story.lines {
            assert_terminal_safe("extracted", &line.text());
        }
    }
});
