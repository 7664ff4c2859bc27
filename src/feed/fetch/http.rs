//! The HTTP half of a fetch: the clients, each request with its conditional headers,
//! redirects followed by hand, the status and headers read before the body.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

use super::reach::{self, Reach, Zone};
use super::{
    ACCEPT, Document, Error, ErrorKind, Fetcher, Limits, Response, SetupError, USER_AGENT,
    Validators, body,
};
use crate::feed::schedule;

impl Fetcher {
    /// Follows redirects by hand: to learn of permanent moves, and so that a public
    /// server's redirect can't lead to a private address.
    pub(super) async fn fetch_http(
        &self,
        start: &Url,
        validators: &Validators,
        mut reach: Reach,
    ) -> Result<Pending, Error> {
        let mut url = start.clone();
        let mut visited = vec![start.clone()];
        let mut all_permanent = true;
        loop {
            reach::check(&url, reach).map_err(|e| ErrorKind::from(e).at(url.as_str()))?;
            let response = self
                .send(&url, validators, reach)
                .await
                .map_err(|e| e.at(url.as_str()))?;
            let zone = Zone::of(&url, response.remote_addr(), self.proxied);
            tracing::debug!(
                url = %crate::sanitize::clean_line(url.as_str()),
                status = response.status().as_u16(),
                ?zone,
                "response"
            );
            reach = match reach {
                Reach::Anywhere => Reach::for_links_in(zone),
                Reach::PublicOnly => Reach::PublicOnly,
            };
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                let moved_to = (all_permanent && url != *start).then(|| url.clone());
                return head(response, url, moved_to, zone);
            }
            let next = redirect_target(&response, &url).map_err(|e| e.at(url.as_str()))?;
            all_permanent &= matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
            );
            url = hop(&mut visited, next, start, self.limits.max_redirects)?;
        }
    }

    async fn send(
        &self,
        url: &Url,
        validators: &Validators,
        reach: Reach,
    ) -> Result<reqwest::Response, ErrorKind> {
        let client = match reach {
            Reach::Anywhere => &self.client,
            Reach::PublicOnly => &self.public,
        };
        let mut request = client.get(url.clone());
        let conditional = [
            (header::IF_NONE_MATCH, &validators.etag),
            (header::IF_MODIFIED_SINCE, &validators.last_modified),
        ];
        for (name, value) in conditional {
            // A stored validator that is no longer a valid header value is just skipped.
            if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
                request = request.header(name, value);
            }
        }
        request.send().await.map_err(|e| self.explain(&e, url))
    }

    pub(super) fn explain(&self, err: &reqwest::Error, url: &Url) -> ErrorKind {
        ErrorKind::from_reqwest(
            err,
            url.host_str().unwrap_or_default(),
            self.limits.connect_timeout,
        )
    }
}

/// The client settings both of a fetcher's clients share.
pub(super) fn client_builder(
    limits: &Limits,
    proxy: Option<&Url>,
) -> Result<reqwest::ClientBuilder, SetupError> {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .connect_timeout(limits.connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        // No idle connections are kept: hyper's read buffer grows to ~400 KB on a fast
        // body and stays with a pooled connection, which with 64 in flight came to 30 MB
        // of a refresh's 65 MB peak. Without pooling, memory follows the bodies being
        // read, at the price of a new handshake for each feed on a host already used.
        .pool_max_idle_per_host(0)
        .tcp_nodelay(true);
    if let Some(proxy) = proxy {
        builder = builder.proxy(reqwest::Proxy::all(proxy.as_str())?);
    }
    Ok(builder)
}

/// A fetch whose headers have arrived; [`Pending::finish`] reads the body.
#[derive(Debug)]
pub struct Pending {
    /// Everything but the document.
    pub(super) response: Response,
    /// The unread body of a 2xx response.
    pub(super) body: Option<reqwest::Response>,
    /// What is left of the timeout for reading it.
    pub(super) budget: Duration,
}

impl Pending {
    /// Whether a body remains to be read (not for 304 Not Modified, nor files).
    pub(crate) fn has_body(&self) -> bool {
        self.body.is_some()
    }

    /// Reads the body (at most the size limit, within what is left of the timeout).
    pub async fn finish(self, fetcher: &Fetcher) -> Result<Response, Error> {
        let Self {
            mut response,
            body,
            budget,
        } = self;
        let Some(body) = body else {
            return Ok(response);
        };
        let content_type = text(body.headers(), header::CONTENT_TYPE);
        let limit = fetcher.limits.max_body_bytes;
        let url = response.url.clone();
        let read = body::read_capped(body, limit, |e| fetcher.explain(e, &url));
        let after = fetcher.limits.timeout;
        let bytes = tokio::time::timeout(budget, read)
            .await
            .unwrap_or(Err(ErrorKind::Timeout { after }))
            .map_err(|e| e.at(url.as_str()))?;
        response.document = Some(Document {
            bytes,
            content_type,
        });
        Ok(response)
    }
}

/// Reads what the headers of a final (non-redirect) response say.
fn head(
    response: reqwest::Response,
    url: Url,
    moved_to: Option<Url>,
    zone: Zone,
) -> Result<Pending, Error> {
    let headers = response.headers();
    let validators = Validators {
        etag: text(headers, header::ETAG),
        last_modified: text(headers, header::LAST_MODIFIED),
    };
    let now = Utc::now();
    let freshness = schedule::http_freshness(
        text(headers, header::CACHE_CONTROL).as_deref(),
        text(headers, header::EXPIRES).as_deref(),
        text(headers, header::DATE).as_deref(),
        now,
    );
    let status = response.status();
    if !status.is_success() && status != StatusCode::NOT_MODIFIED {
        let retry_after = matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        )
        .then(|| text(headers, header::RETRY_AFTER))
        .flatten()
        .and_then(|v| schedule::retry_after(&v, now));
        return Err(ErrorKind::Status {
            status,
            retry_after,
        }
        .at(url.as_str()));
    }
    let body = (status != StatusCode::NOT_MODIFIED).then_some(response);
    let response = Response {
        url,
        moved_to,
        validators,
        freshness,
        document: None,
        zone,
    };
    Ok(Pending {
        response,
        body,
        budget: Duration::ZERO,
    })
}

fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// One more redirect, to `next`, of a chain from `start` that went through `visited`:
/// refused when it comes back to an address of the chain, or makes the chain too long.
pub(super) fn hop(
    visited: &mut Vec<Url>,
    next: Url,
    start: &Url,
    max_redirects: usize,
) -> Result<Url, Error> {
    if visited.contains(&next) {
        return Err(ErrorKind::RedirectLoop(next.to_string()).at(start.as_str()));
    }
    if visited.len() > max_redirects {
        return Err(ErrorKind::TooManyRedirects(max_redirects).at(start.as_str()));
    }
    visited.push(next.clone());
    Ok(next)
}

/// The `Location` of a redirect, resolved against the current address; only http(s).
pub(super) fn redirect_target(
    response: &reqwest::Response,
    current: &Url,
) -> Result<Url, ErrorKind> {
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ErrorKind::Status {
            status,
            retry_after: None,
        })?;
    let next = current
        .join(location.trim())
        .map_err(|_| ErrorKind::BadRedirect(location.to_owned()))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(ErrorKind::BadRedirect(next.to_string()));
    }
    Ok(next)
}
