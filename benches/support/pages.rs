//! `--pages`: the page phase of issue 15. 100 full-text feeds × 20 new stories, each story
//! linking to a page of 20–200 KB on the same loopback host, every request delayed by the
//! latency. Times the feed phase alone (`refresh --no-pages`), then the page phase alone
//! (`refresh` with no feed due), then both in one cold refresh into a new database, and
//! compares the page phase with pages × latency / pages in flight. Target: peak RSS of
//! the refresh under 80 MB.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use super::server::{Reply, Request, Server};
use super::{HOSTS, LATENCY, Run, secs, summary, timed};

const FEEDS: usize = 100;
const STORIES: usize = 20;
/// Distinct page bodies (a prime, so one feed's pages differ).
const BODIES: usize = 37;
/// `refresh.page_jobs`' default.
const PAGE_JOBS: usize = 16;

/// The pages' bodies, 20 to 200 KB of article text in a site's template.
fn bodies() -> Vec<Arc<[u8]>> {
    (0..BODIES)
        .map(|b| {
            let target = 20 * 1024 + b * (180 * 1024) / (BODIES - 1);
            let mut html = String::from(
                "<!doctype html><html><head><title>Story</title></head><body>\
                 <nav><a href='/'>Home</a> <a href='/about'>About</a></nav><article>\
                 <h1>A story of the valley</h1>",
            );
            let mut n = 0;
            while html.len() < target {
                n += 1;
                let _ = write!(
                    html,
                    "<p>Paragraph {n} of story {b}: farmers in the valley say the harvest \
                     came early this year, and the co-operative expects prices to hold \
                     through the winter while new roads are built to the market towns.</p>"
                );
            }
            html.push_str(
                "</article><footer>Harbour Media Group. All rights reserved.</footer></body></html>",
            );
            html.into_bytes().into()
        })
        .collect()
}

fn feed(f: usize, base: &str) -> String {
    let mut xml =
        format!("<rss version='2.0'><channel><title>Feed {f}</title><link>{base}/</link>");
    for i in 0..STORIES {
        let _ = write!(
            xml,
            "<item><guid>{f}-{i}</guid><title>Story {i} of feed {f}</title>\
             <link>{base}/page/{f}/{i}.html</link><description>A teaser.</description></item>"
        );
    }
    xml + "</channel></rss>"
}

fn reply(request: &Request, port: u16, bodies: &[Arc<[u8]>]) -> Reply {
    let number = |s: &str| s.parse::<usize>().ok();
    let path = request.path.as_str();
    let feed_index = path
        .strip_prefix("/pfeed/")
        .and_then(|p| p.strip_suffix(".xml"))
        .and_then(number)
        .filter(|&f| f < FEEDS);
    if let Some(f) = feed_index {
        let base = format!("http://127.0.0.{}:{port}", f % usize::from(HOSTS) + 1);
        return Reply::ok("application/rss+xml", feed(f, &base).into_bytes()).delay(LATENCY);
    }
    let page = path
        .strip_prefix("/page/")
        .and_then(|p| p.strip_suffix(".html"))
        .and_then(|p| p.split_once('/'))
        .and_then(|(f, i)| Some((number(f)?, number(i)?)));
    if let Some((f, i)) = page {
        let body = &bodies[(f * STORIES + i) % BODIES];
        return Reply::ok("text/html; charset=UTF-8", Arc::clone(body)).delay(LATENCY);
    }
    Reply::status(404).delay(LATENCY)
}

/// Runs the page benchmark in `dir`.
pub fn run(dir: &Path) {
    let bodies = bodies();
    let average = bodies.iter().map(|b| b.len()).sum::<usize>() / BODIES;
    let ips: Vec<IpAddr> = (1..=HOSTS).map(|i| IpAddr::from([127, 0, 0, i])).collect();
    let port = Arc::new(std::sync::OnceLock::new());
    let served_port = Arc::clone(&port);
    let server = Server::start_on(&ips, move |r| {
        reply(r, *served_port.get().expect("port set"), &bodies)
    });
    port.set(server.port).expect("port set once");
    let urls: Vec<String> = (0..FEEDS)
        .map(|f| {
            format!(
                "http://127.0.0.{}:{}/pfeed/{f}.xml",
                f % usize::from(HOSTS) + 1,
                server.port
            )
        })
        .collect();
    std::fs::write(dir.join("page-urls"), urls.join("\n") + "\n").expect("urls file");
    println!(
        "pages: {FEEDS} full-text feeds × {STORIES} stories, pages of 20–200 KB (mean {} KB), \
         {} ms latency",
        average >> 10,
        LATENCY.as_millis()
    );

    let [feeds, pages] = phases(dir, "pages-split", &["--no-pages"], &[]);
    let [both, _] = phases(dir, "pages-once", &[], &["--no-pages"]);
    let count = FEEDS * STORIES;
    let ideal = count as f64 * secs(LATENCY) / PAGE_JOBS as f64;
    println!(
        "feed phase alone:  {:.2} s ({})",
        secs(feeds.wall),
        feeds.last_line
    );
    println!(
        "page phase alone:  {:.2} s, {:.2} s CPU, peak {} MB ({})",
        secs(pages.wall),
        secs(pages.cpu),
        pages.peak_kib >> 10,
        pages.last_line
    );
    println!(
        "  {count} pages × {} ms / {PAGE_JOBS} in flight = {ideal:.2} s; measured / that = {:.2}",
        LATENCY.as_millis(),
        secs(pages.wall) / ideal
    );
    println!(
        "cold refresh with pages: {:.2} s, {:.2} s CPU, peak {} MB (target < 80 MB) ({})",
        secs(both.wall),
        secs(both.cpu),
        both.peak_kib >> 10,
        both.last_line
    );
    summary::record(
        "page phase, 2000 pages at 80 ms",
        &format!("{:.2} s (ideal {ideal:.2} s)", secs(pages.wall)),
        "≈ pages × latency / in flight",
    );
    summary::record(
        "refresh with pages, peak memory",
        &format!("{} MB", pages.peak_kib.max(both.peak_kib) >> 10),
        "< 80 MB",
    );
}

/// Imports the feeds into a new database `name`.db, turns full text on, then times
/// `refresh FIRST…` and `refresh SECOND…`.
fn phases(dir: &Path, name: &str, first: &[&str], second: &[&str]) -> [Run; 2] {
    let db = dir.join(format!("{name}.db"));
    let config = dir.join(format!("{name}.toml"));
    std::fs::write(&config, "").expect("config");
    let tidings = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
        command
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .args(args);
        command
    };
    let urls = dir.join("page-urls");
    timed(&tidings(&["import", urls.to_str().expect("utf-8 path")]));
    let conn = rusqlite::Connection::open(&db).expect("bench database");
    conn.execute("UPDATE feeds SET full_text = 1", [])
        .expect("full text on");
    drop(conn);
    let mut args = vec!["refresh"];
    args.extend_from_slice(first);
    let one = timed(&tidings(&args));
    let mut args = vec!["refresh"];
    args.extend_from_slice(second);
    let two = timed(&tidings(&args));
    [one, two]
}
