//! Script feeds, as newsboat has them: `exec:COMMAND` (the command's standard output is
//! the feed) and `filter:COMMAND:URL` (the feed at URL, fetched as any other, is piped
//! through COMMAND; its standard output is the feed).
//!
//! The command is split into an argv ([`CommandLine`]) and never given to a shell unless
//! the user writes one (`exec:sh -c '…'`). The child runs without the secrets
//! ([`launch::SECRET_VARS`]), in a process group of its own, under the fetch limits: past
//! the timeout, or once its output passes the body cap, the whole group is killed.
//! It runs as a tokio child process, so a refresh runs many at once and one that hangs
//! holds up no other feed.

mod run;

use url::Url;

use super::fetch::{Document, Error, ErrorKind, Fetcher, Response, Validators, Zone};
use crate::launch::{self, CommandLine};
use crate::url_policy::{self, Origin, PolicyError};

const EXEC: &str = "exec:";
const FILTER: &str = "filter:";

/// A feed address that names a script rather than a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The address as given: what the store keeps and `feeds` shows.
    address: String,
    command: CommandLine,
    /// For `filter:`, the feed piped through the command.
    input: Option<Url>,
}

/// Why an `exec:` or `filter:` address cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("{address}: {source}")]
    Command {
        address: String,
        #[source]
        source: launch::Error,
    },
    #[error("{0}: a filter feed is written filter:COMMAND:URL, with an http, https or file URL")]
    NoUrl(String),
    #[error(transparent)]
    Refused(#[from] PolicyError),
}

/// Whether `address` is a script feed's (`exec:…` or `filter:…`), by its prefix alone.
pub fn is_script(address: &str) -> bool {
    let address = address.trim_start();
    [EXEC, FILTER].iter().any(|prefix| {
        address
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

impl Script {
    /// The script `address` names, or `None` when it is not a script feed's address.
    /// The URL of a `filter:` must be one `origin` allows.
    pub fn parse(address: &str, origin: Origin) -> Result<Option<Self>, ScriptError> {
        let address = address.trim();
        if !is_script(address) {
            return Ok(None);
        }
        let command_error = |source| ScriptError::Command {
            address: address.to_owned(),
            source,
        };
        // `is_script` saw an ASCII prefix, so these byte offsets are character boundaries.
        if address.len() >= EXEC.len() && address[..EXEC.len()].eq_ignore_ascii_case(EXEC) {
            let command = CommandLine::parse(&address[EXEC.len()..]).map_err(command_error)?;
            return Ok(Some(Self {
                address: address.to_owned(),
                command,
                input: None,
            }));
        }
        let rest = &address[FILTER.len()..];
        let (command, url) =
            split_filter(rest).ok_or_else(|| ScriptError::NoUrl(address.to_owned()))?;
        url_policy::check(&url, origin)?;
        let command = CommandLine::parse(command).map_err(command_error)?;
        Ok(Some(Self {
            address: address.to_owned(),
            command,
            input: Some(url),
        }))
    }

    /// The address as given.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// For a `filter:`, the feed's URL.
    pub fn input(&self) -> Option<&Url> {
        self.input.as_ref()
    }

    /// Runs the script under `fetcher`'s limits: an `exec:` alone; a `filter:` after
    /// fetching its URL (a conditional GET with `validators`: when nothing changed, the
    /// command does not run and the response has no document). The response's document
    /// is the command's output.
    pub async fn fetch(
        &self,
        fetcher: &Fetcher,
        validators: &Validators,
    ) -> Result<Response, Error> {
        let limits = *fetcher.limits();
        let Some(url) = &self.input else {
            let bytes = run::run(&self.command, None, &limits)
                .await
                .map_err(|kind| kind.at(&self.address))?;
            return Ok(Response {
                // The address is the base for relative links; those stay unresolved.
                url: Url::parse(&self.address).unwrap_or_else(|_| placeholder_base()),
                moved_to: None,
                validators: Validators::default(),
                freshness: None,
                document: Some(document(bytes)),
                // What a script prints may come from anywhere: its links are treated as
                // a public document's.
                zone: Zone::Public,
            });
        };
        let mut response = fetcher.fetch(url, validators).await?;
        if let Some(fetched) = response.document.take() {
            let bytes = run::run(&self.command, Some(fetched.bytes), &limits)
                .await
                .map_err(|kind| kind.at(&self.address))?;
            response.document = Some(document(bytes));
        }
        // A filter's feed keeps its address: a redirect is not a move of `filter:…`.
        response.moved_to = None;
        Ok(response)
    }
}

/// The URL whose zone a feed's story links fetch within (full text): a `filter:` feed's,
/// the URL it filters; an `exec:` feed's, none with a host (so a public document's);
/// any other feed's, its own.
pub fn zone_address(feed_address: &str) -> Option<Url> {
    match Script::parse(feed_address, Origin::Typed) {
        Ok(Some(script)) => Some(script.input.unwrap_or_else(placeholder_base)),
        Ok(None) => Url::parse(feed_address).ok(),
        Err(_) => Some(placeholder_base()),
    }
}

/// A base for the parser when the address does not parse as a URL: resolves nothing.
fn placeholder_base() -> Url {
    // A fixed, valid URL: cannot fail.
    Url::parse("exec:").unwrap_or_else(|_| unreachable!("`exec:` is a valid URL"))
}

fn document(bytes: Vec<u8>) -> Document {
    Document {
        bytes,
        content_type: None,
    }
}

/// Splits `COMMAND:URL` at the first `:` whose left side is a complete command (its
/// quotes closed) and whose right side is an http, https or file URL, so a colon inside
/// the command (`sed 's:a:b:'`) is not taken for the separator.
fn split_filter(rest: &str) -> Option<(&str, Url)> {
    rest.match_indices(':').find_map(|(at, _)| {
        let (command, url) = (&rest[..at], &rest[at + 1..]);
        let url = Url::parse(url.trim()).ok()?;
        let complete = shlex::split(command).is_some_and(|words| !words.is_empty());
        (complete && matches!(url.scheme(), "http" | "https" | "file")).then_some((command, url))
    })
}

impl From<ScriptError> for ErrorKind {
    fn from(err: ScriptError) -> Self {
        match err {
            ScriptError::Refused(policy) => Self::Policy(policy),
            other => Self::Script(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(address: &str) -> Option<Script> {
        Script::parse(address, Origin::Typed).unwrap()
    }

    #[test]
    fn exec_and_filter_addresses_are_told_from_urls() {
        assert!(is_script("exec:~/bin/feed"));
        assert!(is_script("  EXEC:feed"));
        assert!(is_script("filter:sed -e s/a/b/:https://example.org/feed"));
        assert!(!is_script("https://example.org/exec:x"));
        assert!(!is_script("execute"));
        assert!(parse("https://example.org/").is_none());
    }

    #[test]
    fn an_exec_command_is_split_into_words_without_a_shell() {
        let script = parse("exec:/opt/my feeds/run \"two words\" 'it''s'").unwrap();
        assert_eq!(
            script.command.words(),
            ["/opt/my", "feeds/run", "two words", "its"]
        );
        assert_eq!(script.input(), None);
        assert!(matches!(
            Script::parse("exec:run 'open", Origin::Typed),
            Err(ScriptError::Command { .. })
        ));
        assert!(matches!(
            Script::parse("exec:   ", Origin::Typed),
            Err(ScriptError::Command { .. })
        ));
    }

    #[test]
    fn a_filter_splits_at_the_colon_before_its_url() {
        let script = parse("filter:sed 's:a:b:':https://example.org/feed?x=1").unwrap();
        assert_eq!(script.command.words(), ["sed", "s:a:b:"]);
        assert_eq!(
            script.input().map(Url::as_str),
            Some("https://example.org/feed?x=1")
        );
        assert_eq!(
            script.address(),
            "filter:sed 's:a:b:':https://example.org/feed?x=1"
        );
        assert!(matches!(
            Script::parse("filter:sed s/a/b/", Origin::Typed),
            Err(ScriptError::NoUrl(_))
        ));
    }

    #[test]
    fn story_pages_are_fetched_in_the_zone_of_the_filtered_url() {
        let zone = |address: &str| zone_address(address).map(|u| u.to_string());
        assert_eq!(
            zone("filter:cat:http://127.0.0.1/feed").as_deref(),
            Some("http://127.0.0.1/feed")
        );
        assert_eq!(zone("exec:run").as_deref(), Some("exec:"));
        assert_eq!(
            zone("https://example.org/feed").as_deref(),
            Some("https://example.org/feed")
        );
    }

    #[test]
    fn a_filter_url_obeys_the_policy_of_where_it_came_from() {
        let address = "filter:cat:file:///etc/passwd";
        assert!(Script::parse(address, Origin::Typed).unwrap().is_some());
        assert!(matches!(
            Script::parse(address, Origin::Imported { allow_file: false }),
            Err(ScriptError::Refused(_))
        ));
    }
}
