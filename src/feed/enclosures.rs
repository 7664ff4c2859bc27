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
