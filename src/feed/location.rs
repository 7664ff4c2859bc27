//! What counts as a feed address: `http`, `https` and `file` URLs, and local paths
//! (turned into `file://` URLs so the store holds one canonical form).

use std::path::Path;

use url::Url;

/// Why a string is not a usable feed address.
#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    /// A URL with a scheme we do not fetch.
    #[error("unsupported URL scheme '{scheme}' in {url}: use http, https or file")]
    Scheme { scheme: String, url: String },
    /// Neither a URL nor an existing file.
    #[error("'{0}' is neither a URL nor an existing file")]
    NotFound(String),
}

/// Parses what a user typed as a feed address. Schemeless web addresses
/// (`example.com/feed`) get `https://`; existing local paths become `file://` URLs.
pub(crate) fn parse_location(input: &str) -> Result<Url, LocationError> {
    parse_any(input.trim()).map(|url| crate::url_policy::canonical(&url))
}

fn parse_any(input: &str) -> Result<Url, LocationError> {
    let path = Path::new(input);
    if path.exists() {
        let absolute =
            std::path::absolute(path).map_err(|_| LocationError::NotFound(input.into()))?;
        return Url::from_file_path(&absolute).map_err(|()| LocationError::NotFound(input.into()));
    }
    match Url::parse(input) {
        Ok(url) if matches!(url.scheme(), "http" | "https" | "file") => Ok(url),
        Ok(url) if url.cannot_be_a_base() || !input.contains("://") => with_https(input),
        Ok(url) => Err(LocationError::Scheme {
            scheme: url.scheme().into(),
            url: input.into(),
        }),
        Err(url::ParseError::RelativeUrlWithoutBase) => with_https(input),
        Err(_) => Err(LocationError::NotFound(input.into())),
    }
}

/// File extensions that no top-level domain has: `feed.xml` is a missing file, not a host.
const FILE_EXTENSIONS: &[&str] = &[
    "xml", "rss", "atom", "rdf", "json", "html", "htm", "txt", "opml",
];

fn with_https(input: &str) -> Result<Url, LocationError> {
    let looks_like_host = input.split('/').next().is_some_and(|host| {
        let extension = host.rsplit('.').next().unwrap_or_default();
        host.contains('.')
            && !host.contains(' ')
            && !host.starts_with(['.', '~'])
            && !FILE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
    });
    if looks_like_host && let Ok(url) = Url::parse(&format!("https://{input}")) {
        return Ok(url);
    }
    Err(LocationError::NotFound(input.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_https_and_file_urls() {
        for url in [
            "http://example.com/feed",
            "https://example.com/",
            "file:///tmp/x.xml",
        ] {
            assert_eq!(parse_location(url).unwrap().as_str(), url);
        }
    }

    #[test]
    fn rejects_other_schemes() {
        for url in [
            "ftp://example.com/feed",
            "javascript://alert(1)",
            "gopher://x.org/",
        ] {
            assert!(
                matches!(parse_location(url), Err(LocationError::Scheme { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn schemeless_host_gets_https() {
        assert_eq!(
            parse_location("example.com/feed").unwrap().as_str(),
            "https://example.com/feed"
        );
    }

    #[test]
    fn existing_path_becomes_file_url() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let url = parse_location(file.path().to_str().unwrap()).unwrap();
        assert_eq!(url.scheme(), "file");
        assert_eq!(url.to_file_path().unwrap(), file.path());
    }

    #[test]
    fn nonsense_is_not_found() {
        assert!(matches!(
            parse_location("not a feed"),
            Err(LocationError::NotFound(_))
        ));
    }

    #[test]
    fn missing_files_are_not_taken_for_hosts() {
        for input in [
            "feed.xml",
            "./feed.xml",
            "../feeds/a.rss",
            "~/feed.atom",
            "x.JSON",
        ] {
            assert!(
                matches!(parse_location(input), Err(LocationError::NotFound(_))),
                "{input}"
            );
        }
        assert_eq!(
            parse_location("example.com/feed.xml").unwrap().as_str(),
            "https://example.com/feed.xml"
        );
    }
}
