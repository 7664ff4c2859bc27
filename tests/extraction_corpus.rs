//! The extraction regression set: every page of `tests/fixtures/extraction/` extracted as
//! full-text mode does, rendered to words the way a story is indexed, and scored against
//! its reference text (word precision, recall and F1). The readability port alone is
//! scored beside it, so a page that tidings' own rules spoil shows up.
//!
//! Run with `--no-capture` to see the table.

#![allow(clippy::unwrap_used)]

mod extraction_support;

use std::time::{Duration, Instant};

use extraction_support::score::{Score, score};
use extraction_support::{PAGE_URL, Page, pages};
use tidings::sanitize::Method;

/// The mean F1 the issue asks for.
const MIN_MEAN_F1: f64 = 0.97;
/// No page may score under this where readability alone does well…
const MIN_PAGE_F1: f64 = 0.5;
/// …which means above this.
const READABILITY_GOOD: f64 = 0.9;

/// One page's scores.
struct Row {
    name: String,
    /// Time spent in tidings' extraction and in readability alone.
    ours_time: Duration,
    readability_time: Duration,
    /// How tidings chose the story.
    method: &'static str,
    ours: Score,
    readability: Score,
}

/// The words tidings would show for `html`, a fragment of the page: rendered and
/// flattened as for the search index (no link list, no placeholders).
fn words_of(html: Option<&str>) -> String {
    html.map(|html| tidings::sanitize::index_text(html, Some(PAGE_URL)))
        .unwrap_or_default()
}

/// dom_smoothie alone, configured as `sanitize::extract` configures it.
fn readability_alone(page: &str) -> Option<String> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: 50_000,
        ..dom_smoothie::Config::default()
    };
    let mut reader = dom_smoothie::Readability::new(page, Some(PAGE_URL), Some(config)).ok()?;
    Some(reader.parse().ok()?.content.to_string())
}

fn row(page: &Page) -> Row {
    let start = Instant::now();
    let found = tidings::sanitize::extract(&page.html, PAGE_URL);
    let ours_time = start.elapsed();
    let ours = words_of(found.as_ref().map(|f| f.html.as_str()));
    let start = Instant::now();
    let readability = readability_alone(&page.html);
    let readability_time = start.elapsed();
    let readability = words_of(readability.as_deref());
    Row {
        name: page.name.clone(),
        ours_time,
        readability_time,
        method: found.map_or("none", |f| method_name(f.method)),
        ours: score(&ours, &page.expected),
        readability: score(&readability, &page.expected),
    }
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Template => "template",
        Method::Readability => "readability",
        Method::ReadabilityHoldsMore => "rdb>template",
        Method::ReadabilityCleaner => "rdb-clean",
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<32} {:>7} {:>7} {:>7} {:>7}  method",
        "page", "F1", "prec", "recall", "F1 rdb"
    );
    for row in rows {
        println!(
            "{:<32} {:>7.3} {:>7.3} {:>7.3} {:>7.3}  {}",
            row.name,
            row.ours.f1,
            row.ours.precision,
            row.ours.recall,
            row.readability.f1,
            row.method
        );
    }
    for method in ["template", "readability", "rdb>template", "rdb-clean"] {
        let of_method: Vec<&Row> = rows.iter().filter(|r| r.method == method).collect();
        if !of_method.is_empty() {
            let f1 = mean(of_method.iter().map(|r| r.ours.f1));
            println!("{method:<14} {:>3} pages, mean F1 {f1:.4}", of_method.len());
        }
    }
}

fn mean(scores: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = scores.fold((0.0, 0_usize), |(s, n), x| (s + x, n + 1));
    sum / n.max(1) as f64
}

#[test]
fn extraction_matches_the_references() {
    let pages = pages();
    assert!(
        pages.len() >= 60,
        "only {} pages in the corpus",
        pages.len()
    );
    let rows: Vec<Row> = pages.iter().map(row).collect();
    print_table(&rows);
    let ours = mean(rows.iter().map(|r| r.ours.f1));
    let readability = mean(rows.iter().map(|r| r.readability.f1));
    let worst = rows
        .iter()
        .min_by(|a, b| a.ours.f1.total_cmp(&b.ours.f1))
        .unwrap();
    println!(
        "pages {}  mean F1 {ours:.4} (readability alone {readability:.4})  worst {} {:.3}",
        rows.len(),
        worst.name,
        worst.ours.f1
    );
    let megabytes = pages.iter().map(|p| p.html.len()).sum::<usize>() as f64 / 1e6;
    let seconds =
        |time: fn(&Row) -> Duration| rows.iter().map(time).sum::<Duration>().as_secs_f64();
    println!(
        "{megabytes:.1} MB of pages: extraction {:.2} s, readability alone {:.2} s (this build)",
        seconds(|r| r.ours_time),
        seconds(|r| r.readability_time)
    );
    let spoiled: Vec<&str> = rows
        .iter()
        .filter(|r| r.ours.f1 < MIN_PAGE_F1 && r.readability.f1 > READABILITY_GOOD)
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        spoiled.is_empty(),
        "pages lost that readability alone gets right: {spoiled:?}"
    );
    assert!(ours >= MIN_MEAN_F1, "mean F1 {ours:.4} < {MIN_MEAN_F1}");
}
