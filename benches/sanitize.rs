//! Sanitizer speed against its floor, html2text's plain `from_read` at 80 columns, on the
//! same input: the Blogger post page, and a feed's worth of stories (the Blogger feed's
//! six entries, ten times over). The target is a ratio of at most 1.5.
//!
//! Run: `cargo bench --bench sanitize -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tidings::sanitize;

const PAGE: &str = include_str!("../tests/fixtures/blogger/article.html");
const FEED: &str = include_str!("../tests/fixtures/blogger/posts-default.atom.xml");
const PAGE_URL: &str =
    "https://ammar-magazine.blogspot.com/2017/05/trump-putin-discuss-syria-ceasefire-in.html";

/// How many times the feed's six stories are repeated: sixty stories, a large feed.
const FEED_REPEAT: usize = 10;

fn stories() -> Vec<String> {
    let feed = feed_rs::parser::parse(FEED.as_bytes()).expect("fixture parses");
    let bodies: Vec<String> = feed
        .entries
        .into_iter()
        .filter_map(|e| e.content.and_then(|c| c.body))
        .collect();
    bodies
        .iter()
        .cycle()
        .take(bodies.len() * FEED_REPEAT)
        .cloned()
        .collect()
}

fn page(c: &mut Criterion) {
    let mut group = c.benchmark_group("article_page");
    group.bench_function("html2text_from_read", |b| {
        b.iter(|| html2text::from_read(black_box(PAGE.as_bytes()), 80));
    });
    group.bench_function("plain_text", |b| {
        b.iter(|| sanitize::plain_text(black_box(PAGE), Some(PAGE_URL), 80));
    });
    group.bench_function("render", |b| {
        b.iter(|| sanitize::render(black_box(PAGE), Some(PAGE_URL), 80));
    });
    group.bench_function("extract_then_render", |b| {
        b.iter(|| {
            let content = sanitize::extract_article(black_box(PAGE), PAGE_URL).unwrap_or_default();
            sanitize::render(&content, Some(PAGE_URL), 80)
        });
    });
    group.finish();
}

fn feed(c: &mut Criterion) {
    let stories = stories();
    let mut group = c.benchmark_group("feed_stories");
    group.bench_function("html2text_from_read", |b| {
        b.iter(|| {
            for story in &stories {
                black_box(html2text::from_read(story.as_bytes(), 80).ok());
            }
        });
    });
    group.bench_function("plain_text", |b| {
        b.iter(|| {
            for story in &stories {
                black_box(sanitize::plain_text(story, Some(PAGE_URL), 80));
            }
        });
    });
    group.bench_function("render", |b| {
        b.iter(|| {
            for story in &stories {
                black_box(sanitize::render(story, Some(PAGE_URL), 80));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, page, feed);
criterion_main!(benches);
