//! Feed decoding, parsing and sanitizing: arbitrary bytes as a fetched document, then
//! its entries rendered as the reader and `show` would. No panic, and safe output. The
//! lenient path too: parsing recovers broken XML, and the recovery pass on its own must
//! give a document that needs no second repair.
#![no_main]

mod common;

use common::assert_terminal_safe;
use libfuzzer_sys::fuzz_target;
use tidings::sanitize;

fuzz_target!(|data: &[u8]| {
    let decoded = tidings::feed::charset::to_utf8(data, None);
    let text = String::from_utf8_lossy(&decoded.bytes);
    let once = tidings::feed::recover::recover(&text);
    let twice = tidings::feed::recover::recover(&once.text);
    assert!(twice.repairs.is_empty(), "second repair: {:?}", twice.repairs);
    let Ok(feed) = tidings::feed::parse_feed(&decoded.bytes, Some("http://example.com/feed"))
    else {
        return;
    };
    if let Some(warning) = &feed.warning {
        assert_terminal_safe("warning", &sanitize::clean_line(warning));
    }
    if let Some(title) = &feed.title {
        assert_terminal_safe("feed title", &sanitize::title(title));
    }
    for entry in feed.entries.iter().take(8) {
        assert_terminal_safe("title", &sanitize::title(&entry.title));
        if let Some(author) = &entry.author {
            assert_terminal_safe("author", &sanitize::clean_line(author));
        }
        let base = entry.base_url.as_deref();
        let story = sanitize::render(&entry.content_html, base, 80);
        for line in &story.lines {
            for span in &line.spans {
                assert_terminal_safe("story", &span.text);
            }
        }
        for link in &story.links {
            assert_terminal_safe("link", link);
        }
    }
});
