//! Finding the feed behind an address, for `add` and `inspect` alike: the address itself
//! when it is a feed, else the first feed its HTML page announces that the URL policy
//! lets a page name (a web page may not point at local files or private addresses).

use url::Url;

use super::fetch::{self, Fetcher, Reach, Response};
use super::{Alternate, ParsedFeed, Validators, discover};
use crate::url_policy::{self, Origin, PolicyError};

/// A feed found at, or through, the address asked for.
#[derive(Debug)]
pub struct FoundFeed {
    /// The feed's own address: the one asked for, or the page's feed link.
    pub url: Url,
    /// Its fetch (final address, validators, freshness, the document).
    pub response: Response,
    pub feed: ParsedFeed,
    /// The page the feed was discovered on, when the address was a page.
    pub found_on: Option<Url>,
    /// Further feeds that page announced.
    pub others: Vec<Alternate>,
}

/// Why no feed could be had.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error(transparent)]
    Fetch(#[from] fetch::Error),
    #[error("no feed found at {0}")]
    NoFeed(Url),
    /// The page announces feeds, but only ones it may not lead to.
    #[error("the page at {page} announces a feed tidings may not follow: {reason}")]
    NotAllowed { page: Url, reason: PolicyError },
}

/// The feed at `url`, or the first one the page there announces.
pub(crate) async fn find_feed(fetcher: &Fetcher, url: &Url) -> Result<FoundFeed, FindError> {
    let response = fetcher.fetch(url, &Validators::default()).await?;
    let page = response.url.clone();
    let document = response
        .document
        .as_ref()
        .ok_or_else(|| FindError::NoFeed(url.clone()))?;
    match document.parse(&page) {
        Ok(feed) => {
            return Ok(FoundFeed {
                url: url.clone(),
                response,
                feed,
                found_on: None,
                others: Vec::new(),
            });
        }
        Err(kind) if !document.is_html() => return Err(kind.at(page.as_str()).into()),
        Err(_) => {}
    }
    let html = String::from_utf8_lossy(&document.decoded()).into_owned();
    let (mut allowed, refused) = allowed_alternates(discover(&html, &page), &page);
    if allowed.is_empty() {
        return Err(match refused {
            Some(reason) => FindError::NotAllowed { page, reason },
            None => FindError::NoFeed(url.clone()),
        });
    }
    let first = allowed.remove(0);
    let reach = Reach::for_links_in(response.zone);
    let response = fetcher
        .fetch_reaching(&first.url, &Validators::default(), reach)
        .await?;
    let document = response
        .document
        .as_ref()
        .ok_or_else(|| FindError::NoFeed(first.url.clone()))?;
    let feed = document
        .parse(&response.url)
        .map_err(|e| e.at(response.url.as_str()))?;
    Ok(FoundFeed {
        url: first.url,
        response,
        feed,
        found_on: Some(page),
        others: allowed,
    })
}

/// The alternates a page at `page` may lead to, and why the first refused one was.
fn allowed_alternates(
    alternates: Vec<Alternate>,
    page: &Url,
) -> (Vec<Alternate>, Option<PolicyError>) {
    let origin = Origin::Found {
        in_local_file: page.scheme() == "file",
    };
    let mut refused = None;
    let allowed = alternates
        .into_iter()
        .filter(
            |alternate| match url_policy::check(&alternate.url, origin) {
                Ok(()) => true,
                Err(reason) => {
                    refused.get_or_insert(reason);
                    false
                }
            },
        )
        .collect();
    (allowed, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alternate(url: &str) -> Alternate {
        Alternate {
            url: Url::parse(url).unwrap(),
            title: None,
        }
    }

    #[test]
    fn a_web_page_may_not_announce_local_files() {
        let page = Url::parse("https://evil.example/").unwrap();
        let (allowed, refused) = allowed_alternates(
            vec![
                alternate("file:///etc/passwd"),
                alternate("https://evil.example/feed"),
            ],
            &page,
        );
        assert_eq!(allowed, [alternate("https://evil.example/feed")]);
        assert!(refused.unwrap().to_string().contains("file"));
    }

    #[test]
    fn a_local_page_may_announce_local_files() {
        let page = Url::parse("file:///home/me/page.html").unwrap();
        let (allowed, refused) =
            allowed_alternates(vec![alternate("file:///home/me/feed.xml")], &page);
        assert_eq!(allowed.len(), 1);
        assert!(refused.is_none());
    }
}
