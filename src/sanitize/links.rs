//! Link and media URLs: resolution against the story's base URL, the scheme allow-list
//! that keeps `javascript:`/`data:`/`vbscript:` out, and video-host recognition.

use url::Url;

use super::safety::terminal_safe;

/// Schemes a reader may open. Everything else (`javascript:`, `data:`, `vbscript:`,
/// `file:`, custom app schemes) is dropped: the link text stays, the target does not.
const ALLOWED_SCHEMES: &[&str] = &[
    "http", "https", "ftp", "mailto", "tel", "magnet", "gemini", "gopher", "irc", "ircs", "xmpp",
    "news", "nntp",
];

/// Hosts whose embeds are videos; other iframes are labelled as embeds.
const VIDEO_HOSTS: &[&str] = &[
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "twitch.tv",
    "ted.com",
    "rumble.com",
];

/// Resolves hrefs and srcs found in a story against its base URL.
#[derive(Debug, Default)]
pub struct Resolver {
    base: Option<Url>,
}

impl Resolver {
    /// A resolver for `base`; an unparsable base counts as none.
    pub fn new(base: Option<&str>) -> Self {
        Self {
            base: base.and_then(|b| Url::parse(b.trim()).ok()),
        }
    }

    /// The absolute URL of `href`, or `None` when it is empty, only a fragment of this
    /// page, relative with no base to resolve it against, or of a scheme not allowed.
    pub fn resolve(&self, href: &str) -> Option<Url> {
        let href = terminal_safe(href);
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let url = match &self.base {
            Some(base) => base.join(href).ok()?,
            None if href.starts_with("//") => Url::parse(&format!("https:{href}")).ok()?,
            None => Url::parse(href).ok()?,
        };
        ALLOWED_SCHEMES.contains(&url.scheme()).then_some(url)
    }
}

/// Host and path of `url` without scheme, query or fragment: what tracker patterns match.
pub(crate) fn host_and_path(url: &Url) -> String {
    format!("{}{}", url.host_str().unwrap_or_default(), url.path())
}

/// Whether `url` is on a known video host.
pub(crate) fn is_video(url: &Url) -> bool {
    url.host_str().is_some_and(|host| {
        VIDEO_HOSTS
            .iter()
            .any(|v| host == *v || host.strip_suffix(v).is_some_and(|h| h.ends_with('.')))
    })
}

/// The URL a reader should open for an embedded player: YouTube's `/embed/ID` player
/// becomes the `watch?v=ID` page; other URLs are returned as they are.
pub(crate) fn watch_url(url: &Url) -> String {
    let youtube = url.host_str().is_some_and(|h| h.contains("youtube"));
    if let (true, Some(id)) = (youtube, url.path().strip_prefix("/embed/"))
        && !id.is_empty()
        && !id.contains('/')
    {
        return format!("https://www.youtube.com/watch?v={id}");
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_against_base() {
        let r = Resolver::new(Some("https://ammar-magazine.blogspot.com/2017/05/q.html"));
        let abs = |h| r.resolve(h).map(|u| u.to_string());
        assert_eq!(
            abs("/search/label/Syria").as_deref(),
            Some("https://ammar-magazine.blogspot.com/search/label/Syria")
        );
        assert_eq!(
            abs("../2017/04/a.html").as_deref(),
            Some("https://ammar-magazine.blogspot.com/2017/2017/04/a.html")
        );
        assert_eq!(abs("#comments"), None);
    }

    #[test]
    fn drops_script_and_data_urls() {
        let r = Resolver::new(Some("https://example.com/"));
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert_eq!(r.resolve(bad), None, "{bad}");
        }
        assert!(r.resolve("mailto:a@example.com").is_some());
    }

    #[test]
    fn relative_links_need_a_base() {
        let r = Resolver::new(None);
        assert_eq!(r.resolve("/path"), None);
        assert_eq!(
            r.resolve("//cdn.example.com/x")
                .map(|u| u.to_string())
                .as_deref(),
            Some("https://cdn.example.com/x")
        );
    }

    #[test]
    fn escape_sequences_in_urls_are_removed_whole() {
        let r = Resolver::new(None);
        let url = r
            .resolve("https://example.com/\u{1b}[2Ja")
            .map(|u| u.to_string());
        assert_eq!(url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn youtube_embeds_become_watch_pages() {
        let url = Url::parse("https://www.youtube.com/embed/AJmagDemo01?feature=player_embedded")
            .expect("valid");
        assert!(is_video(&url));
        assert_eq!(
            watch_url(&url),
            "https://www.youtube.com/watch?v=AJmagDemo01"
        );
        let map = Url::parse("https://maps.example.com/embed").expect("valid");
        assert!(!is_video(&map));
    }
}
