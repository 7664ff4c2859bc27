//! The text of a story: the page fetched for its link when one is kept, else what the
//! feed sent. `show`, the JSON listings, the reader and the search index all ask here,
//! so what is printed, shown and found is always the same text.

use crate::feed::FullText;
use crate::store::{IndexSource, Story};

/// Which of a story's texts is its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<P> {
    /// The main content of the story's page.
    Page(P),
    /// The body the feed sent.
    Feed,
}

/// The choice itself: a kept page wins over the feed's text (a feed marked full-text
/// usually sends a teaser; the page is what the user asked to read).
pub fn source<P>(page: Option<P>) -> Source<P> {
    page.map_or(Source::Feed, Source::Page)
}

/// A story's text to render: untrusted HTML and the address its links resolve against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryText<'a> {
    pub html: &'a str,
    pub base_url: Option<&'a str>,
    /// The text is the story's page, not the feed's.
    pub full_text: bool,
}

/// The text of a story given the feed's body and the kept page.
pub fn choose<'a>(
    feed_html: &'a str,
    feed_base: Option<&'a str>,
    page: Option<&'a FullText>,
) -> StoryText<'a> {
    match source(page) {
        Source::Page(page) => StoryText {
            html: &page.html,
            base_url: Some(&page.url),
            full_text: true,
        },
        Source::Feed => StoryText {
            html: feed_html,
            base_url: feed_base,
            full_text: false,
        },
    }
}

/// The text of a story read for showing.
pub fn of(story: &Story) -> StoryText<'_> {
    choose(
        &story.content_html,
        story.base_url.as_deref(),
        story.page.as_ref(),
    )
}

/// The text of a story waiting for the search index.
pub fn of_pending(source: &IndexSource) -> StoryText<'_> {
    choose(
        &source.html,
        source.base_url.as_deref(),
        source.page.as_ref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_is_the_text_and_its_address_the_base() {
        let page = FullText {
            html: "<p>Whole story</p>".into(),
            url: "https://site.example/story".into(),
        };
        let text = choose("<p>Teaser</p>", Some("https://feed.example/"), Some(&page));
        assert_eq!(
            text,
            StoryText {
                html: "<p>Whole story</p>",
                base_url: Some("https://site.example/story"),
                full_text: true,
            }
        );
    }

    #[test]
    fn without_a_page_the_feeds_text_is_the_text() {
        let text = choose("<p>Teaser</p>", Some("https://feed.example/"), None);
        assert_eq!(
            text,
            StoryText {
                html: "<p>Teaser</p>",
                base_url: Some("https://feed.example/"),
                full_text: false,
            }
        );
        assert_eq!(source::<u8>(None), Source::Feed);
    }
}
