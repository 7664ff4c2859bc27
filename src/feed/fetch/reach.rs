//! Which addresses a request may reach. A feed the user subscribed to may live anywhere,
//! loopback and the home network included; an address that a document from the public
//! internet names (a redirect, a page's feed link, a story's link for its full text) may
//! not lead tidings to loopback, private or link-local addresses.

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

use crate::url_policy;

/// Where a request may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Anywhere: the address is the user's own choice.
    Anywhere,
    /// Public addresses only: the address was named by a document from the internet.
    PublicOnly,
}

impl Reach {
    /// What a document at `zone` may make tidings reach.
    pub(crate) fn for_links_in(zone: Zone) -> Self {
        match zone {
            Zone::Local => Self::Anywhere,
            Zone::Public => Self::PublicOnly,
        }
    }
}

/// Where a document was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A local file, loopback, or a private or link-local address: the user's own
    /// machine or network, whose documents may point elsewhere on it.
    Local,
    /// The public internet.
    Public,
}

impl Zone {
    /// The zone of a document fetched from `url`, answered by `peer` (when known and no
    /// proxy stood between: through a proxy only the URL's own name counts).
    pub fn of(url: &Url, peer: Option<SocketAddr>, proxied: bool) -> Self {
        let private_peer = !proxied && peer.is_some_and(|p| !url_policy::is_public_ip(p.ip()));
        if url_policy::names_private_place(url) || private_peer {
            Self::Local
        } else {
            Self::Public
        }
    }
}

/// The environment variables that name a proxy, which reqwest reads.
pub const PROXY_VARS: &[&str] = &[
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// Whether requests go through a proxy: one configured, or one from the environment.
pub(super) fn proxied(configured: bool) -> bool {
    configured
        || PROXY_VARS
            .iter()
            .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

/// A resolver that keeps only public addresses, so a name that resolves to loopback or
/// the home network fails for a [`Reach::PublicOnly`] request. (IP literals never reach
/// a resolver: [`check`] refuses those before the request.)
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PublicResolver;

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = all
                .into_iter()
                .filter(|a| url_policy::is_public_ip(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!("{host} resolves only to private or local addresses").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Refuses a [`Reach::PublicOnly`] request to an address that is private by its very
/// name (an IP literal, `localhost`, a file).
pub(super) fn check(url: &Url, reach: Reach) -> Result<(), url_policy::PolicyError> {
    if reach == Reach::PublicOnly && url_policy::names_private_place(url) {
        return Err(url_policy::PolicyError::PrivateAddress {
            url: url.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_comes_from_the_name_or_the_peer() {
        let public = Url::parse("http://news.example/feed").unwrap();
        let loopback: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let outside: SocketAddr = "93.184.216.34:80".parse().unwrap();
        assert_eq!(Zone::of(&public, Some(outside), false), Zone::Public);
        assert_eq!(Zone::of(&public, Some(loopback), false), Zone::Local);
        // Through a proxy the peer is the proxy: only the name counts.
        assert_eq!(Zone::of(&public, Some(loopback), true), Zone::Public);
        let local = Url::parse("http://127.0.0.1:8080/feed").unwrap();
        assert_eq!(Zone::of(&local, None, true), Zone::Local);
        let file = Url::parse("file:///tmp/feed.xml").unwrap();
        assert_eq!(Zone::of(&file, None, false), Zone::Local);
    }

    #[test]
    fn public_only_refuses_private_literals_and_localhost() {
        for url in ["http://127.0.0.1:9/", "http://[::1]/", "http://localhost/"] {
            let url = Url::parse(url).unwrap();
            assert!(check(&url, Reach::PublicOnly).is_err(), "{url}");
            assert!(check(&url, Reach::Anywhere).is_ok(), "{url}");
        }
        let url = Url::parse("http://news.example/").unwrap();
        assert!(check(&url, Reach::PublicOnly).is_ok());
    }

    #[test]
    fn public_resolver_drops_loopback_names() {
        let name: Name = "localhost".parse().unwrap();
        let result = crate::net::block_on(PublicResolver.resolve(name)).unwrap();
        let err = result.err().expect("localhost resolves only to loopback");
        assert!(err.to_string().contains("private or local"), "{err}");
    }
}
