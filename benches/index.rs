//! What Arabic-aware search costs: indexing a few thousand stories with the index's
//! words made as before (the rendered text as is) and as now (`tidings::index`, which
//! normalizes and stems Arabic), on a Latin and an Arabic corpus; the database sizes
//! that result; and search latency on each.
//!
//! Run: `cargo bench --bench index`. Targets (issue 14): indexing under +15 %, database
//! under +10 %, search latency unchanged.

#[path = "support/summary.rs"]
mod summary;

use std::path::Path;
use std::time::{Duration, Instant};

use tidings::feed::{FeedKind, ParsedEntry, ParsedFeed};
use tidings::store::{IndexEntry, NewFeed, Store};

const STORIES: usize = 3000;
const RUNS: usize = 5;
const SEARCHES: usize = 200;

/// Arabic news prose (from the Blogger fixture's Arabic posts), with hamza forms,
/// attached prefixes, tashkeel and Arabic-Indic digits.
const ARABIC: &str = "<p>وقّعت روسيا وتركيا وإيران، الخميس، في العاصمة الكازاخية أستانا، مذكرة تفاهم \
لإنشاء أربع مناطق لتخفيف التصعيد في سوريا، في ختام الجولة الرابعة من المحادثات.</p>\
<p>بحث الرئيس الأمريكي دونالد ترامب ونظيره الروسي فلاديمير بوتين، يوم الثلاثاء، في أول \
اتصال هاتفي بينهما منذ الضربة الصاروخية الأمريكية على مطار الشعيرات، سبل التوصل إلى وقف \
لإطلاق النار في سوريا وإقامة مناطق آمنة للاجئين. وكانت الولايات المتحدة قد أطلقت ٥٩ \
صاروخاً من طراز توماهوك رداً على هجوم بالأسلحة الكيميائية حمّلت واشنطن مسؤوليته للحكومة \
السورية.</p><p>وأبدى وفد المعارضة المسلحة تحفظات على دور إيران كدولة ضامنة، فيما حضر الوفد \
الأمريكي بصفة مراقب.</p>";

const LATIN: &str = "<p>Leaders met on <b>Tuesday</b> to discuss the ceasefire.</p>\
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.</p>";

fn main() {
    let dir = tempfile::tempdir().expect("bench dir");
    for (name, body, title, queries) in [
        (
            "latin",
            LATIN.repeat(4),
            "Story {n}: talks continue",
            &["ceasefire", "\"story 123\"", "lab*"][..],
        ),
        (
            "arabic",
            ARABIC.to_owned(),
            "ترامب وبوتين يبحثان وقف إطلاق النار {n}",
            &["اطلاق", "\"وقف اطلاق النار\"", "سوري*", "الحكومه"][..],
        ),
    ] {
        measure(dir.path(), name, &body, title, queries);
    }
}

/// Indexes the corpus both ways `RUNS` times and prints the ratios.
fn measure(dir: &Path, name: &str, body: &str, title: &str, queries: &[&str]) {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let (mut size_before, mut size_after) = (0, 0);
    let (mut fts_before, mut fts_after) = (0, 0);
    for run in 0..RUNS {
        // Alternate which goes first, so neither gains from a warmer machine.
        for now in [run % 2 == 0, run % 2 != 0] {
            let path = dir.join(format!("{name}-{run}-{now}.db"));
            let mut store = corpus(&path, body, title);
            if now {
                after.push(timed(|| {
                    tidings::index::index_pending(&mut store).expect("index");
                }));
                (size_after, fts_after) = (file_size(&path), index_size(&path));
            } else {
                before.push(timed(|| index_as_before(&mut store)));
                (size_before, fts_before) = (file_size(&path), index_size(&path));
            }
        }
    }
    let (before, after) = (median(before), median(after));
    let time_ratio = after.as_secs_f64() / before.as_secs_f64();
    let size_ratio = size_after as f64 / size_before as f64;
    println!(
        "{name}: indexing {STORIES} stories {:.1} ms before, {:.1} ms now ({:+.1} %); \
         database {:.2} MB before, {:.2} MB now ({:+.1} %); index {:.2} MB before, \
         {:.2} MB now",
        ms(before),
        ms(after),
        (time_ratio - 1.0) * 100.0,
        size_before as f64 / 1e6,
        size_after as f64 / 1e6,
        (size_ratio - 1.0) * 100.0,
        fts_before as f64 / 1e6,
        fts_after as f64 / 1e6
    );
    summary::record(
        &format!("indexing {STORIES} {name} stories, Arabic-aware vs as before"),
        &format!(
            "{:+.1} % time, {:+.1} % database",
            (time_ratio - 1.0) * 100.0,
            (size_ratio - 1.0) * 100.0
        ),
        "< +15 % time, < +10 % database",
    );
    let old = Store::open(&dir.join(format!("{name}-0-false.db"))).expect("open");
    let new = Store::open(&dir.join(format!("{name}-0-true.db"))).expect("open");
    for query in queries {
        let raw = search_time(|| old.search_indexed(query, Some(50)).map(|r| r.len()));
        let rewritten =
            search_time(|| tidings::index::find(&new, query, Some(50)).map(|r| r.len()));
        println!(
            "  search {query:<22} {:>7.3} ms before, {:>7.3} ms now ({} / {} hits)",
            ms(raw.0),
            ms(rewritten.0),
            raw.1,
            rewritten.1
        );
    }
}

/// A fresh database at `path` with [`STORIES`] stories, none indexed yet.
fn corpus(path: &Path, body: &str, title: &str) -> Store {
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).expect("create database");
    let feed = store
        .add_feed(&NewFeed {
            url: "http://127.0.0.1/feed.xml".into(),
            title: None,
            tags: vec![],
        })
        .expect("add feed");
    let entries = (0..STORIES)
        .map(|n| ParsedEntry {
            guid: format!("story-{n}"),
            link: None,
            title: title.replace("{n}", &n.to_string()),
            author: None,
            published: None,
            updated: None,
            content_html: format!("<p>{n}</p>{body}"),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        })
        .collect();
    let parsed = ParsedFeed {
        kind: FeedKind::Rss2,
        title: Some("Bench".into()),
        link: None,
        ttl_minutes: None,
        entries,
        warning: None,
    };
    store.save_feed(feed, &parsed).expect("save feed");
    store
}

/// The indexer before Arabic-aware search: the rendered text and title as they are.
fn index_as_before(store: &mut Store) {
    loop {
        let pending = store.pending_index(256).expect("pending");
        if pending.is_empty() {
            return;
        }
        let entries: Vec<IndexEntry> = pending
            .into_iter()
            .map(|story| IndexEntry {
                body: tidings::sanitize::index_text(&story.html, story.base_url.as_deref()),
                id: story.id,
                hash: story.hash,
                title: story.title,
                page_fetched: story.page_fetched,
            })
            .collect();
        store.save_index(&entries).expect("save index");
    }
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// The median time of [`SEARCHES`] runs of `search`, and its hit count.
fn search_time<E: std::fmt::Debug>(search: impl Fn() -> Result<usize, E>) -> (Duration, usize) {
    let hits = search().expect("search");
    let times = (0..SEARCHES)
        .map(|_| {
            timed(|| {
                search().expect("search");
            })
        })
        .collect();
    (median(times), hits)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The database's size in bytes, pages in the write-ahead log included.
fn file_size(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open database");
    conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
        [],
        |r| r.get(0),
    )
    .expect("database size")
}

/// The full-text index's own size in bytes.
fn index_size(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open database");
    conn.query_row("SELECT sum(length(block)) FROM article_fts_data", [], |r| {
        r.get(0)
    })
    .expect("index size")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
