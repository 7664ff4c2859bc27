//! Sanitizer speed against its floor, html2text's plain `from_read` at 80 columns, on the
//! same input: the Blogger post page, and a feed's worth of stories (the Blogger feed's
//! six entries, ten times over). The target is a ratio of at most 1.5.
//!
//! Run: `cargo bench --bench sanitize -- --warm-up-time 1 --measurement-time 3`. After the
//! criterion groups it prints interleaved ratios, which hold up better on a busy machine.

#[path = "support/summary.rs"]
mod summary;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group};
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

/// The fastest of `rounds` batches of `f`, in seconds per call.
fn fastest(f: &dyn Fn(), rounds: usize) -> f64 {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..10 {
                f();
            }
            start.elapsed().as_secs_f64() / 10.0
        })
        .fold(f64::INFINITY, f64::min)
}

/// Criterion measures one function after another, which on a busy machine skews their
/// ratio; this times html2text and the sanitizer alternately, batch by batch, and prints
/// the ratio of their fastest batches.
fn interleaved_ratios(stories: &[String]) {
    let page_h2t = || drop(black_box(html2text::from_read(PAGE.as_bytes(), 80)));
    let page_ours = || drop(black_box(sanitize::plain_text(PAGE, Some(PAGE_URL), 80)));
    let feed_h2t = || {
        for story in stories {
            drop(black_box(html2text::from_read(story.as_bytes(), 80)));
        }
    };
    let feed_ours = || {
        for story in stories {
            drop(black_box(sanitize::plain_text(story, Some(PAGE_URL), 80)));
        }
    };
    let feed_bytes: usize = stories.iter().map(String::len).sum();
    for (name, bytes, floor, ours) in [
        (
            "article_page",
            PAGE.len(),
            &page_h2t as &dyn Fn(),
            &page_ours as &dyn Fn(),
        ),
        ("feed_stories", feed_bytes, &feed_h2t, &feed_ours),
    ] {
        let (mut floor_best, mut ours_best) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..20 {
            floor_best = floor_best.min(fastest(floor, 3));
            ours_best = ours_best.min(fastest(ours, 3));
        }
        println!(
            "{name}: html2text {:.0} µs, plain_text {:.0} µs, ratio {:.2} (interleaved)",
            floor_best * 1e6,
            ours_best * 1e6,
            ours_best / floor_best
        );
        summary::record(
            &format!("sanitizer, {name} ({} KB)", bytes / 1000),
            &format!(
                "{:.1} MB/s; {:.2}× html2text plain",
                bytes as f64 / ours_best / 1e6,
                ours_best / floor_best
            ),
            "≤ 1.5× html2text",
        );
    }
}

criterion_group!(benches, page, feed);

fn main() {
    benches();
    // Only for real runs (`cargo bench` passes `--bench`), not `cargo test --benches`.
    if std::env::args().any(|a| a == "--bench") {
        interleaved_ratios(&stories());
    }
    Criterion::default().configure_from_args().final_summary();
}
