//! Fetching a feed over HTTP(S) or from a file: one shared reqwest client, conditional
//! GET, redirects followed by hand (to learn of permanent moves), timeouts and a body cap.

mod body;
mod document;
mod error;
mod http;
mod ranged;
mod reach;

use std::time::{Duration, Instant};

use url::Url;

pub use document::Document;
pub use error::{Error, ErrorKind};
pub use http::Pending;
pub use reach::{PROXY_VARS, Reach, Zone};

use crate::url_policy;
use http::client_builder;

/// Sent with every request, so site owners can see who we are and where to complain.
pub(crate) const USER_AGENT: &str = concat!(
    "tidings/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// Feeds first, then anything a page might be (for autodiscovery).
pub(super) const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
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
    pub(crate) fn with_proxy(limits: Limits, proxy: Option<&Url>) -> Result<Self, SetupError> {
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

    /// The client for addresses the user chose; a sync server is talked to with it too
    /// (see [`crate::net::client`]).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
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
    pub(crate) async fn fetch_reaching(
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
    pub(crate) async fn zone_of(&self, url: &Url) -> Zone {
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
}
