//! The refresh benchmark's corpus: [`FEEDS`] generated RSS feeds of [`STORIES`] stories,
//! plain and gzipped, served with validators and [`LATENCY`] of added delay.

use std::fmt::Write as _;
use std::sync::Arc;

use super::server::{Reply, Request};
use super::{FEEDS, LATENCY, STORIES};

/// `Last-Modified` of every generated feed.
const MODIFIED: &str = "Mon, 01 May 2017 10:00:00 GMT";

/// The generated feeds, plain and gzipped, with their validators.
pub struct Corpus {
    plain: Vec<Arc<[u8]>>,
    gzipped: Vec<Arc<[u8]>>,
}

impl Corpus {
    pub fn generate() -> Self {
        // Two halves on two threads: generating and compressing 200 MB takes a while.
        let half = |range: std::ops::Range<usize>| {
            move || {
                let mut words = Words(0x2545_f491_4f6c_dd1d ^ range.start as u64);
                range
                    .map(|i| {
                        let plain: Arc<[u8]> = feed(i, &mut words).into_bytes().into();
                        let gzipped: Arc<[u8]> = gzip(&plain).into();
                        (plain, gzipped)
                    })
                    .collect::<Vec<_>>()
            }
        };
        let second = std::thread::spawn(half(FEEDS / 2..FEEDS));
        let mut feeds = half(0..FEEDS / 2)();
        feeds.extend(second.join().expect("corpus thread"));
        let (plain, gzipped) = feeds.into_iter().unzip();
        Self { plain, gzipped }
    }

    pub fn plain_bytes(&self) -> usize {
        self.plain.iter().map(|b| b.len()).sum()
    }

    pub fn gzip_bytes(&self) -> usize {
        self.gzipped.iter().map(|b| b.len()).sum()
    }

    /// A feed (gzipped when asked for) after the added latency, or 304 when the request
    /// carries its validators.
    pub fn reply(&self, request: &Request) -> Reply {
        let index = request
            .path
            .strip_prefix("/feed/")
            .and_then(|p| p.strip_suffix(".xml"));
        let Some(i) = index
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|&i| i < FEEDS)
        else {
            return Reply::status(404).delay(LATENCY);
        };
        let etag = format!("\"feed-{i}-v1\"");
        let fresh = request.header("If-None-Match") == Some(&etag)
            || request.header("If-Modified-Since") == Some(MODIFIED);
        if fresh {
            return Reply::status(304).header("ETag", &etag).delay(LATENCY);
        }
        let gzip = request
            .header("Accept-Encoding")
            .is_some_and(|e| e.contains("gzip"));
        let body = if gzip {
            &self.gzipped[i]
        } else {
            &self.plain[i]
        };
        let reply = Reply::ok("application/rss+xml; charset=UTF-8", Arc::clone(body))
            .header("ETag", &etag)
            .header("Last-Modified", MODIFIED)
            .delay(LATENCY);
        if gzip {
            reply.header("Content-Encoding", "gzip")
        } else {
            reply
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// An RSS 2.0 feed of [`STORIES`] stories of about 10 KB of HTML each.
fn feed(index: usize, words: &mut Words) -> String {
    let mut xml = String::with_capacity(STORIES * 11 * 1024);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Bench feed {index}</title><link>http://example.com/{index}/</link>\
         <description>Generated for the refresh benchmark</description>\n"
    );
    for story in 0..STORIES {
        let _ = write!(
            xml,
            "<item><title>{}</title><link>http://example.com/{index}/{story}.html</link>\
             <guid>http://example.com/{index}/{story}.html</guid>\
             <pubDate>Mon, {:02} May 2017 {:02}:{:02}:00 +0000</pubDate><description><![CDATA[",
            words.sentence(8),
            1 + story % 28,
            story % 24,
            story % 60
        );
        for _ in 0..12 {
            let _ = write!(xml, "<p>{}</p>", words.paragraph(120));
        }
        xml.push_str("]]></description></item>\n");
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// Deterministic pseudo-random words (xorshift), so every run serves the same corpus.
struct Words(u64);

impl Words {
    const SYLLABLES: [&'static str; 24] = [
        "ka", "lo", "mer", "sin", "ta", "ve", "ro", "dun", "pi", "gal", "o", "se", "tri", "na",
        "bel", "ur", "fa", "cho", "mi", "den", "sa", "qua", "li", "zo",
    ];

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self, out: &mut String) {
        let syllables = 1 + self.next() % 3;
        for _ in 0..syllables {
            out.push_str(Self::SYLLABLES[(self.next() % 24) as usize]);
        }
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            self.word(&mut out);
        }
        out
    }

    fn paragraph(&mut self, words: usize) -> String {
        let mut out = self.sentence(words);
        out.push('.');
        out
    }
}
