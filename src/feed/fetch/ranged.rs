//! A GET for a download: the same clients, address rules and hand-followed redirects as
//! a feed fetch, plus a `Range` header to resume a partial file, and no overall timeout
//! (a large file takes what it takes; the caller bounds each read instead).

use reqwest::header::{self, HeaderValue};
use url::Url;

use super::http::{hop, redirect_target};
use super::{Error, ErrorKind, Fetcher, Reach, Zone, reach};

impl Fetcher {
    /// Starts downloading `url`, from byte `from` on when it is not 0. The address passes
    /// the rules for `reach`, and so does each redirect on the way (a public server's
    /// redirect can't lead to a private address). Returns the final response, whatever its
    /// status.
    pub async fn get_ranged(
        &self,
        start: &Url,
        mut reach: Reach,
        from: u64,
    ) -> Result<reqwest::Response, Error> {
        let mut url = start.clone();
        let mut visited = vec![start.clone()];
        loop {
            reach::check(&url, reach).map_err(|e| ErrorKind::from(e).at(url.as_str()))?;
            let client = match reach {
                Reach::Anywhere => &self.client,
                Reach::PublicOnly => &self.public,
            };
            let mut request = client
                .get(url.clone())
                .header(header::ACCEPT, HeaderValue::from_static("*/*"))
                // A byte range of a compressed body would not be the file's bytes.
                .header(
                    header::ACCEPT_ENCODING,
                    HeaderValue::from_static("identity"),
                );
            if from > 0 {
                request = request.header(header::RANGE, format!("bytes={from}-"));
            }
            let host = url.host_str().unwrap_or_default().to_owned();
            let response = tokio::time::timeout(self.limits.timeout, request.send())
                .await
                .map_err(|_| {
                    ErrorKind::Timeout {
                        after: self.limits.timeout,
                    }
                    .at(url.as_str())
                })?
                .map_err(|e| {
                    ErrorKind::from_reqwest(&e, &host, self.limits.connect_timeout).at(url.as_str())
                })?;
            let zone = Zone::of(&url, response.remote_addr(), self.proxied);
            reach = match reach {
                Reach::Anywhere => Reach::for_links_in(zone),
                Reach::PublicOnly => Reach::PublicOnly,
            };
            if !response.status().is_redirection() {
                return Ok(response);
            }
            let next = redirect_target(&response, &url).map_err(|e| e.at(url.as_str()))?;
            url = hop(&mut visited, next, start, self.limits.max_redirects)?;
        }
    }

    /// What a feed at `url` may make downloads reach: anywhere for a local feed, public
    /// addresses only for one on the internet.
    pub async fn reach_for_feed(&self, url: &Url) -> Reach {
        Reach::for_links_in(self.zone_of(url).await)
    }
}
