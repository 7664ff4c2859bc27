//! Fetching a feed over HTTP(S) or from a file: one shared reqwest client, conditional
//! GET, redirects followed by hand (to learn of permanent moves), timeouts and a body cap.

mod body;
mod document;
mod error;
mod reach;

use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

pub use document::Document;
pub use error::{Error, ErrorKind};
pub use reach::{Reach, Zone};

use super::schedule;
use crate::url_policy;

/// Sent with every request, so site owners can see who we are and where to complain.
pub const USER_AGENT: &str = concat!(
    "tidings/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// Feeds first, then anything a page might be (for autodiscovery).
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
    application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, \
    text/html;q=0.7, */*;q=0.5";

/// Bounds on one fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole fetch: every redirect and the full body.
    pub timeout: Duration,
    /// Largest body accepted, counted after decompression.
    pub max_body_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
}

/// Validators saved from the last fetch, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a successful fetch brought back.
#[derive(Debug)]
pub struct Response {
    /// Where the document was finally found.
    pub url: Url,
    /// The feed's new address, when every redirect on the way was permanent (301/308).
    pub moved_to: Option<Url>,
    /// Validators to send next time.
    pub validators: Validators,
    /// How long the server says the response stays fresh (`max-age`, `Expires`).
    pub freshness: Option<Duration>,
    /// The document; `None` for 304 Not Modified.
    pub document: Option<Document>,
    /// Where the document was found, which decides where its links may lead.
    pub zone: Zone,
}

/// The client could not be set up (e.g. no usable TLS configuration).
#[derive(Debug, thiserror::Error)]
#[error("setting up the HTTP client")]
pub struct SetupError(#[from] reqwest::Error);

/// Fetches feeds. Cheap to share: clone it or put it behind an `Arc`; every clone uses the
/// same client (TLS configuration, proxies, DNS).
#[derive(Debug, Clone)]
pub struct Fetcher {
    /// For addresses the user chose.
    client: reqwest::Client,
    /// For addresses a public document named: resolves names to public addresses only.
    public: reqwest::Client,
    /// Whether requests go through a proxy (which then resolves names, not we).
    proxied: bool,
    limits: Limits,
}

impl Fetcher {
    /// A fetcher. Proxies come from `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY`; gzip, deflate and brotli bodies are decompressed.
    pub fn new(limits: Limits) -> Result<Self, SetupError> {
        Self::with_proxy(limits, None)
    }

    /// A fetcher whose requests all go through `proxy` (when given) instead of the
    /// environment's proxies.
    pub fn with_proxy(limits: Limits, proxy: Option<&Url>) -> Result<Self, SetupError> {
        // Fails only if a provider is installed already, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let proxied = reach::proxied(proxy.is_some());
        let client = client_builder(&limits, proxy)?.build()?;
        let mut public = client_builder(&limits, proxy)?;
        // Through a proxy our resolver would only see the proxy's own name.
        if !proxied {
            public = public.dns_resolver(reach::PublicResolver);
        }
        Ok(Self {
            client,
            public: public.build()?,
            proxied,
            limits,
        })
    }

    /// The limits this fetcher enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Fetches `url` (http, https or file), sending `validators` for a conditional GET.
    /// The whole fetch, redirects and body included, ends within the configured timeout.
    /// The address is the user's choice; redirects from a public server stay public.
    pub async fn fetch(&self, url: &Url, validators: &Validators) -> Result<Response, Error> {
        self.fetch_reaching(url, validators, Reach::Anywhere).await
    }

    /// [`Self::fetch`] for an address that may have to be public (one a document named).
    pub async fn fetch_reaching(
        &self,
        url: &Url,
        validators: &Validators,
        reach: Reach,
    ) -> Result<Response, Error> {
        self.start_reaching(url, validators, reach)
            .await?
            .finish(self)
            .await
    }

    /// The zone whose links a document from `url` (a subscribed feed, say) may follow:
    /// by its name, else by what the name resolves to (without a proxy).
    pub async fn zone_of(&self, url: &Url) -> Zone {
        if url_policy::names_private_place(url) {
            return Zone::Local;
        }
        let (Some(host), false) = (url.host_str(), self.proxied) else {
            return Zone::Public;
        };
        let port = url.port_or_known_default().unwrap_or(0);
        match tokio::net::lookup_host((host, port)).await {
            Ok(addrs) => {
                let addrs: Vec<_> = addrs.collect();
                if !addrs.is_empty() && addrs.iter().all(|a| !url_policy::is_public_ip(a.ip())) {
                    Zone::Local
                } else {
                    Zone::Public
                }
            }
            Err(_) => Zone::Public,
        }
    }

    /// The first half of [`Self::fetch`]: connects, follows redirects and reads the
    /// status and headers, but not the body. Between the halves the caller may wait (for
    /// memory to store the body in, say) while the body waits in the socket; that wait does
    /// not count against the timeout.
    pub async fn start(&self, url: &Url, validators: &Validators) -> Result<Pending, Error> {
        self.start_reaching(url, validators, Reach::Anywhere).await
    }

    async fn start_reaching(
        &self,
        url: &Url,
        validators: &Validators,
        reach: Reach,
    ) -> Result<Pending, Error> {
        reach::check(url, reach).map_err(|e| ErrorKind::from(e).at(url.as_str()))?;
        match url.scheme() {
            "http" | "https" => {
                let timeout = self.limits.timeout;
                let started = Instant::now();
                let fetch = self.fetch_http(url, validators, reach);
                let pending = tokio::time::timeout(timeout, fetch)
                    .await
                    .unwrap_or_else(
                        |_| Err(ErrorKind::Timeout { after: timeout }.at(url.as_str())),
                    );
                pending.map(|p| Pending {
                    budget: timeout.saturating_sub(started.elapsed()),
                    ..p
                })
            }
            "file" => Ok(Pending {
                body: None,
                budget: Duration::ZERO,
                response: self.fetch_file(url).await?,
            }),
            other => Err(ErrorKind::Scheme(other.to_owned()).at(url.as_str())),
        }
    }

    async fn fetch_file(&self, url: &Url) -> Result<Response, Error> {
        let path = url
            .to_file_path()
            .map_err(|()| ErrorKind::Other("not a local file".to_owned()).at(url.as_str()))?;
        let limit = self.limits.max_body_bytes;
        let timeout = self.limits.timeout;
        let read = tokio::task::spawn_blocking(move || body::read_file(&path, limit));
        let bytes = tokio::time::timeout(timeout, read)
            .await
            .map_err(|_| ErrorKind::Timeout { after: timeout }.at(url.as_str()))?
            .map_err(|e| ErrorKind::Other(e.to_string()).at(url.as_str()))?
            .map_err(|e| e.at(url.as_str()))?;
        Ok(Response {
            url: url.clone(),
            moved_to: None,
            validators: Validators::default(),
            freshness: None,
            document: Some(Document {
                bytes,
                content_type: None,
            }),
            zone: Zone::Local,
        })
    }

    /// Follows redirects by hand: to learn of permanent moves, and so that a public
    /// server's redirect can't lead to a private address.
    async fn fetch_http(
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
            if visited.contains(&next) {
                return Err(ErrorKind::RedirectLoop(next.to_string()).at(start.as_str()));
            }
            if visited.len() > self.limits.max_redirects {
                return Err(
                    ErrorKind::TooManyRedirects(self.limits.max_redirects).at(start.as_str())
                );
            }
            visited.push(next.clone());
            url = next;
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

    fn explain(&self, err: &reqwest::Error, url: &Url) -> ErrorKind {
        ErrorKind::from_reqwest(
            err,
            url.host_str().unwrap_or_default(),
            self.limits.connect_timeout,
        )
    }
}

/// The client settings both of a fetcher's clients share.
fn client_builder(
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
    response: Response,
    /// The unread body of a 2xx response.
    body: Option<reqwest::Response>,
    /// What is left of the timeout for reading it.
    budget: Duration,
}

impl Pending {
    /// Whether a body remains to be read (not for 304 Not Modified, nor files).
    pub fn has_body(&self) -> bool {
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

/// The `Location` of a redirect, resolved against the current address; only http(s).
fn redirect_target(response: &reqwest::Response, current: &Url) -> Result<Url, ErrorKind> {
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
