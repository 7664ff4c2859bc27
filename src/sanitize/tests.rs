//! Unit tests of the whole render pipeline on small HTML snippets.

use super::*;

#[test]
fn debug_dump() {
    let html = std::fs::read_to_string("tests/fixtures/blogger/article.html").unwrap();
    let story = render(&html, Some("https://ammar-magazine.blogspot.com/2017/05/x.html"), 80);
    println!("{}", story.to_plain());
}
