//! Full text for feeds that send only summaries: a story's web page is fetched and its
//! main content extracted ([`sanitize::extract_article`]). The result is untrusted HTML,
//! cached by the store and rendered by the sanitizer like any story.

use url::Url;

use super::Validators;
use super::fetch::{self, Fetcher, Reach, SetupError, Zone};
use crate::sanitize;

/// The main content of a story's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    /// The content as an HTML fragment (untrusted: sanitize before showing).
    pub html: String,
    /// Where the page was finally found; relative links in `html` resolve against it.
    pub url: String,
}

/// Why a story's full text could not be had.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Only web pages are fetched: a feed must not make tidings read local files.
    #[error("full text needs a web address, not {0}")]
    NotWeb(String),
    #[error(transparent)]
    Fetch(#[from] fetch::Error),
    #[error("{url} is not a web page (content type {content_type})")]
    NotHtml { url: String, content_type: String },
    #[error("no article text found on {0}")]
    NoArticle(String),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Net(#[from] crate::net::RuntimeError),
}

/// Fetches the page at `url`, a story's link in the feed at `feed` (its address decides
/// whether the link may lead to a private address: only a feed that lives on one may),
/// and extracts its main content.
pub(crate) async fn fetch_full_text(
    fetcher: &Fetcher,
    feed: Option<&Url>,
    url: &Url,
) -> Result<FullText, Error> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::NotWeb(url.to_string()));
    }
    let zone = match feed {
        Some(feed) => fetcher.zone_of(feed).await,
        None => Zone::Public,
    };
    let reach = Reach::for_links_in(zone);
    let response = fetcher
        .fetch_reaching(url, &Validators::default(), reach)
        .await?;
    let page = response.url;
    let Some(document) = response.document else {
        return Err(Error::NoArticle(page.to_string()));
    };
    if !document.is_html() {
        return Err(Error::NotHtml {
            url: page.to_string(),
            content_type: document
                .media_type()
                .unwrap_or_else(|| "not given".to_owned()),
        });
    }
    let html = String::from_utf8_lossy(&document.decoded()).into_owned();
    match sanitize::extract_article(&html, page.as_str()) {
        Some(html) => Ok(FullText {
            html,
            url: page.to_string(),
        }),
        None => Err(Error::NoArticle(page.to_string())),
    }
}

/// [`fetch_full_text`] for a caller on a plain thread (the reader's background tasks): run
/// on the process's one runtime ([`crate::net`]), so an open reuses its connections, DNS
/// answers and TLS set-up instead of building a runtime for each story. Not for a caller
/// already on that runtime, which awaits [`fetch_full_text`] instead.
pub(crate) fn fetch_full_text_blocking(
    fetcher: &Fetcher,
    feed: Option<&Url>,
    url: &Url,
) -> Result<FullText, Error> {
    crate::net::block_on(fetch_full_text(fetcher, feed, url))?
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::Limits;

    fn fetcher() -> Fetcher {
        Fetcher::new(Limits {
            connect_timeout: std::time::Duration::from_secs(1),
            timeout: std::time::Duration::from_secs(1),
            max_body_bytes: 1024,
            max_redirects: 0,
        })
        .unwrap()
    }

    #[test]
    fn a_public_feed_cannot_name_a_private_address() {
        // Nothing listens there: were it fetched, the error would be a refused connection.
        let feed = Url::parse("http://news.example/feed.xml").unwrap();
        for link in [
            "http://127.0.0.1:9/page",
            "http://[::1]:9/",
            "http://localhost:9/",
        ] {
            let url = Url::parse(link).unwrap();
            let err = fetch_full_text_blocking(&fetcher(), Some(&feed), &url).unwrap_err();
            assert!(
                err.to_string().contains("private or local address"),
                "{err}"
            );
        }
        let local_feed = Url::parse("http://127.0.0.1:9/feed.xml").unwrap();
        let url = Url::parse("http://127.0.0.1:9/page").unwrap();
        let err = fetch_full_text_blocking(&fetcher(), Some(&local_feed), &url).unwrap_err();
        assert!(err.to_string().contains("refused"), "{err}");
    }

    #[test]
    fn local_files_are_never_read_for_full_text() {
        let limits = Limits {
            connect_timeout: std::time::Duration::from_secs(1),
            timeout: std::time::Duration::from_secs(1),
            max_body_bytes: 1024,
            max_redirects: 0,
        };
        let url = Url::parse("file:///etc/passwd").unwrap();
        let fetcher = Fetcher::new(limits).unwrap();
        let err = fetch_full_text_blocking(&fetcher, None, &url).unwrap_err();
        assert!(matches!(err, Error::NotWeb(_)), "{err}");
    }
}
