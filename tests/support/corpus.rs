//! A loopback corpus that grows: every fetch of a feed shows a window of stories moved on
//! by a few, so each refresh writes new stories. New stories carry older dates, so the
//! top of the reader's newest-first list stays put while refreshes run.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::fmt::Write as _;
use std::sync::Mutex;

use super::server::{Reply, Server};

/// Stories in each fetch of a feed.
pub const STORIES: usize = 40;
/// How far each fetch moves a feed's window of stories.
pub const NEW_PER_FETCH: usize = 8;

/// Serves `feeds` growing feeds at `/feed/0` … `/feed/{feeds - 1}`.
pub fn serve(feeds: usize) -> Server {
    let generations = Mutex::new(vec![0_usize; feeds]);
    Server::start(move |request| {
        let Some(index) = request
            .path
            .strip_prefix("/feed/")
            .and_then(|p| p.parse::<usize>().ok())
            .filter(|&i| i < feeds)
        else {
            return Reply::status(404);
        };
        let generation = {
            let mut generations = generations.lock().expect("generations");
            let generation = generations[index];
            generations[index] += 1;
            generation
        };
        Reply::ok("application/rss+xml", feed(index, generation).into_bytes())
    })
}

/// The URLs of the corpus's feeds on `server`.
pub fn urls(server: &Server, feeds: usize) -> Vec<String> {
    (0..feeds)
        .map(|i| server.url(&format!("/feed/{i}")))
        .collect()
}

/// Feed `index` as its `generation`-th fetch shows it: stories `generation × NEW_PER_FETCH`
/// onwards, story `n` dated `n` minutes before 2017-05-01.
pub fn feed(index: usize, generation: usize) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Feed {index}</title><link>http://127.0.0.1/{index}</link>"
    );
    let body = "<p>Paragraph of a story long enough to make the writer work.</p>".repeat(20);
    let first = generation * NEW_PER_FETCH;
    let start = chrono::DateTime::parse_from_rfc3339("2017-05-01T00:00:00Z").expect("date");
    for n in first..first + STORIES {
        let minutes = i64::try_from(n * 100 + index).expect("small");
        let date = (start - chrono::Duration::minutes(minutes)).to_rfc2822();
        let _ = write!(
            xml,
            "<item><title>Story {n} of feed {index}</title><guid>f{index}-s{n}</guid>\
             <link>http://127.0.0.1/{index}/{n}</link><pubDate>{date}</pubDate>\
             <description><![CDATA[{body}]]></description></item>"
        );
    }
    xml.push_str("</channel></rss>");
    xml
}
