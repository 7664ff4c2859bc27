//! A story's enclosures: the audio, video or files it carries (a podcast's episode). RSS
//! `<enclosure>` and Media RSS `media:content` arrive from feed-rs as media objects, Atom
//! `rel="enclosure"` links and JSON Feed `attachments` as links; all become [`Enclosure`]s,
//! once each by address.

use feed_rs::model::{Entry, Link};

use crate::sanitize;

/// One file a story carries. Untrusted: the address goes through the URL policy before
/// anything fetches or opens it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    /// MIME type as the feed gives it (`audio/mpeg`).
    pub mime: Option<String>,
    /// Size in bytes, when the feed says.
    pub length: Option<u64>,
    /// Playing time in seconds (`itunes:duration`, `media:content duration`).
    pub duration_secs: Option<u64>,
    /// Title, terminal-safe.
    pub title: Option<String>,
}

/// Stories carry at most this many enclosures (a gallery feed can list hundreds).
const MAX_ENCLOSURES: usize = 32;

/// The enclosures of `entry`, in the feed's order, each address once; only web addresses.
pub(super) fn enclosures_of(entry: &Entry) -> Vec<Enclosure> {
    let mut found: Vec<Enclosure> = Vec::new();
    // feed-rs gives `itunes:duration` a media object of its own, beside the enclosure's.
    let episode_duration = entry.media.iter().find_map(|m| m.duration);
    for media in &entry.media {
        let title = media
            .title
            .as_ref()
            .map(|t| sanitize::clean_line(&t.content));
        for content in &media.content {
            let Some(url) = &content.url else { continue };
            push(
                &mut found,
                Enclosure {
                    url: url.to_string(),
                    mime: content
                        .content_type
                        .as_ref()
                        .map(|t| sanitize::clean_line(t.as_ref())),
                    length: content.size.filter(|n| *n > 0),
                    duration_secs: (content.duration)
                        .or(media.duration)
                        .or(episode_duration)
                        .map(|d| d.as_secs()),
                    title: title.clone().filter(|t| !t.is_empty()),
                },
            );
        }
    }
    for link in entry.links.iter().filter(|l| is_enclosure(l)) {
        push(
            &mut found,
            Enclosure {
                url: link.href.trim().to_owned(),
                mime: link.media_type.as_deref().map(sanitize::clean_line),
                length: link.length.filter(|n| *n > 0),
                duration_secs: None,
                title: link
                    .title
                    .as_deref()
                    .map(sanitize::clean_line)
                    .filter(|t| !t.is_empty()),
            },
        );
    }
    found
}

/// An Atom enclosure link, or a JSON Feed attachment (a link with a type but no `rel`).
fn is_enclosure(link: &Link) -> bool {
    match link.rel.as_deref() {
        Some(rel) => rel.eq_ignore_ascii_case("enclosure"),
        None => link
            .media_type
            .as_deref()
            .is_some_and(|t| !t.starts_with("text/html")),
    }
}

fn push(found: &mut Vec<Enclosure>, enclosure: Enclosure) {
    let web = url::Url::parse(&enclosure.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if web && found.len() < MAX_ENCLOSURES && found.iter().all(|e| e.url != enclosure.url) {
        found.push(enclosure);
    }
}

impl Enclosure {
    /// What the story header and `show` say about it, terminal-safe: its type, size and
    /// playing time (`audio/mpeg · 11.8 MiB · 1:02:03`), the fields it has.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(mime) = self.mime.as_deref().map(sanitize::clean_line) {
            parts.push(if mime.is_empty() { "file".into() } else { mime });
        } else {
            parts.push("file".into());
        }
        if let Some(bytes) = self.length {
            parts.push(human_size(bytes));
        }
        if let Some(secs) = self.duration_secs {
            parts.push(clock(secs));
        }
        parts.join(" · ")
    }
}

/// `11.8 MiB`: a size in bytes in binary units, one decimal past a KiB.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Precision lost on sizes past 2^53 bytes is far below the one decimal shown.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `1:02:03` (or `4:05` under an hour): a playing time in seconds.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times_read_as_people_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12_345_678), "11.8 MiB");
        assert_eq!(human_size(u64::MAX), "16384.0 PiB");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(clock(245), "4:05");
        assert_eq!(clock(0), "0:00");
    }

    #[test]
    fn a_summary_is_terminal_safe_and_names_what_is_known() {
        let e = Enclosure {
            url: "https://x/a.mp3".into(),
            mime: Some("audio/mpeg\u{1b}[2J".into()),
            length: Some(2048),
            duration_secs: Some(61),
            title: None,
        };
        let summary = e.summary();
        assert!(!summary.contains('\u{1b}'), "{summary:?}");
        assert!(summary.starts_with("audio/mpeg"), "{summary:?}");
        assert!(summary.ends_with(" · 2.0 KiB · 1:01"), "{summary:?}");
        assert_eq!(Enclosure::default().summary(), "file");
    }
}
