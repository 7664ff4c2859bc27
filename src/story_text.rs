//! The text of a story: the page fetched for its link when one is kept, else what the
//! feed sent, without its feed's learned template. `show`, the JSON listings, the reader
//! and the search index all ask here, so what is printed, shown and found is always the
//! same text.

use std::borrow::Cow;

use crate::feed::FullText;
use crate::sanitize::template::{self, Template};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryText<'a> {
    pub html: Cow<'a, str>,
    pub base_url: Option<&'a str>,
    /// The text is the story's page, not the feed's.
    pub full_text: bool,
}

/// The text of a story given the feed's body, the kept page and the feed's `template`.
pub fn choose<'a>(
    feed_html: &'a str,
    feed_base: Option<&'a str>,
    page: Option<&'a FullText>,
    template: &Template,
) -> StoryText<'a> {
    let (html, base_url, full_text) = match source(page) {
        Source::Page(page) => (page.html.as_str(), Some(page.url.as_str()), true),
        Source::Feed => (feed_html, feed_base, false),
    };
    StoryText {
        html: without_template(html, template),
        base_url,
        full_text,
    }
}

/// `html` without the blocks of `template` (all of it when that is all it has).
pub fn without_template<'a>(html: &'a str, template: &Template) -> Cow<'a, str> {
    template::strip(html, template).map_or(Cow::Borrowed(html), Cow::Owned)
}

/// The text of a story read for showing, its feed's template being `template`.
pub fn of<'a>(story: &'a Story, template: &Template) -> StoryText<'a> {
    choose(
        &story.content_html,
        story.base_url.as_deref(),
        story.page.as_ref(),
        template,
    )
}

/// The text of a story waiting for the search index.
pub fn of_pending<'a>(source: &'a IndexSource, template: &Template) -> StoryText<'a> {
    choose(
        &source.html,
        source.base_url.as_deref(),
        source.page.as_ref(),
        template,
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
        let none = Template::default();
        let text = choose(
            "<p>Teaser</p>",
            Some("https://feed.example/"),
            Some(&page),
            &none,
        );
        assert_eq!(
            text,
            StoryText {
                html: "<p>Whole story</p>".into(),
                base_url: Some("https://site.example/story"),
                full_text: true,
            }
        );
    }

    #[test]
    fn without_a_page_the_feeds_text_is_the_text() {
        let text = choose(
            "<p>Teaser</p>",
            Some("https://feed.example/"),
            None,
            &Template::default(),
        );
        assert_eq!(
            text,
            StoryText {
                html: "<p>Teaser</p>".into(),
                base_url: Some("https://feed.example/"),
                full_text: false,
            }
        );
        assert_eq!(source::<u8>(None), Source::Feed);
    }

    #[test]
    fn the_feeds_template_goes_from_either_text() {
        let blurb = "<p>Acme Daily publishes news.</p>";
        let template = Template(template::block_hashes(blurb).into_iter().collect());
        let page = FullText {
            html: format!("<p>Whole story</p>{blurb}"),
            url: "https://site.example/story".into(),
        };
        let feed_html = format!("<p>Teaser</p>{blurb}");
        // The block's text goes; its empty tags, which render as nothing, stay.
        let text = choose(&feed_html, None, Some(&page), &template);
        assert_eq!(text.html, "<p>Whole story</p><p></p>");
        let text = choose(&feed_html, None, None, &template);
        assert_eq!(text.html, "<p>Teaser</p><p></p>");
        // A story that is nothing but the template keeps it.
        assert_eq!(choose(blurb, None, None, &template).html, blurb);
    }
}
