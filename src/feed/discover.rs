//! Feed autodiscovery: the feeds an HTML page announces with `<link rel="alternate">`
//! (RSS, Atom, JSON Feed), relative addresses resolved, and Blogger's well-known feed.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use url::Url;

/// A feed an HTML page points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    pub url: Url,
    /// The link's `title`, if it has one.
    pub title: Option<String>,
}

/// Media types of feeds in `<link rel="alternate" type="…">`.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
];

/// The feeds `html` (fetched from `page`) announces, in document order, without
/// duplicates. A Blogger page that announces none still has `/feeds/posts/default`.
pub(crate) fn discover(html: &str, page: &Url) -> Vec<Alternate> {
    let links = scan(html);
    let base = links
        .base
        .as_deref()
        .and_then(|href| page.join(href.trim()).ok())
        .unwrap_or_else(|| page.clone());
    let mut found: Vec<Alternate> = Vec::new();
    for link in links.feeds {
        let Ok(url) = base.join(link.href.trim()) else {
            continue;
        };
        if matches!(url.scheme(), "http" | "https" | "file") && !found.iter().any(|a| a.url == url)
        {
            found.push(Alternate {
                url,
                title: link.title,
            });
        }
    }
    if found.is_empty()
        && (links.blogger || is_blogspot(page))
        && let Ok(url) = page.join("/feeds/posts/default")
    {
        found.push(Alternate { url, title: None });
    }
    found
}

fn is_blogspot(page: &Url) -> bool {
    page.host_str()
        .is_some_and(|h| h.split('.').any(|label| label == "blogspot"))
}

/// What the tokenizer saw that matters for discovery.
#[derive(Debug, Default)]
struct Links {
    feeds: Vec<FeedLink>,
    base: Option<String>,
    /// `<meta name="generator" content="Blogger">`
    blogger: bool,
}

#[derive(Debug)]
struct FeedLink {
    href: String,
    title: Option<String>,
}

fn scan(html: &str) -> Links {
    let sink = LinkSink::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // Our sink never asks the tokenizer to stop for a script, so one feed consumes all input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.links.into_inner()
}

#[derive(Default)]
struct LinkSink {
    links: RefCell<Links>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        match &*tag.name {
            // Their content is text, not tags: a `<link>` inside a script is no link.
            "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "noscript" | "iframe" | "noembed" | "noframes" | "xmp" => {
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
            "link" => self.link(&tag),
            "base" => {
                let mut links = self.links.borrow_mut();
                if links.base.is_none() {
                    links.base = attr(&tag, "href");
                }
            }
            "meta" => {
                let generator =
                    attr(&tag, "name").is_some_and(|n| n.eq_ignore_ascii_case("generator"));
                let blogger = attr(&tag, "content")
                    .is_some_and(|c| c.to_ascii_lowercase().starts_with("blogger"));
                if generator && blogger {
                    self.links.borrow_mut().blogger = true;
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl LinkSink {
    fn link(&self, tag: &Tag) {
        let rel = attr(tag, "rel").unwrap_or_default().to_ascii_lowercase();
        let is_alternate = rel.split_ascii_whitespace().any(|r| r == "alternate");
        let kind = attr(tag, "type").unwrap_or_default().to_ascii_lowercase();
        let is_feed = FEED_TYPES.contains(&kind.split(';').next().unwrap_or_default().trim());
        if let (true, true, Some(href)) = (is_alternate, is_feed, attr(tag, "href")) {
            let title = attr(tag, "title")
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty());
            self.links.borrow_mut().feeds.push(FeedLink { href, title });
        }
    }
}

fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../tests/fixtures/blogger/article.html");

    fn page() -> Url {
        Url::parse("https://ammar-magazine.blogspot.com/2017/05/trump-putin.html").unwrap()
    }

    #[test]
    fn blogger_article_announces_atom_first_then_rss_and_comments() {
        let found = discover(ARTICLE, &page());
        let urls: Vec<&str> = found.iter().map(|a| a.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://ammar-magazine.blogspot.com/feeds/posts/default",
                "https://ammar-magazine.blogspot.com/feeds/posts/default?alt=rss",
                "https://ammar-magazine.blogspot.com/feeds/6642017735512093184/comments/default",
            ]
        );
        assert_eq!(
            found[0].title.as_deref(),
            Some("Ammar Johmani Magazine - Atom")
        );
    }

    #[test]
    fn relative_hrefs_resolve_against_base_or_page() {
        let html = r#"<html><head>
            <link rel="Alternate feed" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <link rel="stylesheet" type="text/css" href="/style.css">
            </head></html>"#;
        let page = Url::parse("https://example.com/blog/post.html").unwrap();
        let urls: Vec<String> = discover(html, &page)
            .into_iter()
            .map(|a| a.url.to_string())
            .collect();
        assert_eq!(
            urls,
            [
                "https://example.com/blog/feed.json",
                "https://example.com/rss.xml"
            ]
        );
        let with_base = format!("<base href='https://cdn.example.org/x/'>{html}");
        assert_eq!(
            discover(&with_base, &page)[0].url.as_str(),
            "https://cdn.example.org/x/feed.json"
        );
    }

    #[test]
    fn links_inside_scripts_and_comments_are_ignored() {
        let html = r#"<script>document.write('<link rel="alternate" type="application/rss+xml" href="/a">')</script>
            <!-- <link rel="alternate" type="application/rss+xml" href="/b"> -->"#;
        assert!(discover(html, &Url::parse("https://example.com/").unwrap()).is_empty());
    }

    #[test]
    fn blogger_page_without_links_gets_the_posts_feed() {
        let html = "<html><head><meta name='generator' content='Blogger'></head></html>";
        let page = Url::parse("https://news.example.com/2017/05/x.html").unwrap();
        assert_eq!(
            discover(html, &page)[0].url.as_str(),
            "https://news.example.com/feeds/posts/default"
        );
        let plain = Url::parse("https://example.com/").unwrap();
        assert!(discover("<html></html>", &plain).is_empty());
    }
}
