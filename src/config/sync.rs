//! `[sync]`: the server that owns subscriptions and reading state, checked when the
//! config is read (an http(s) base address, a user, one way to find the password).

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::Error;

/// How long `password_command` may run unless `[sync]` says otherwise.
const DEFAULT_PASSWORD_TIMEOUT_SECS: u64 = 30;
/// The longest `password_command_timeout_secs` accepted (an hour).
const MAX_PASSWORD_TIMEOUT_SECS: u64 = 3600;

/// A sync server that owns subscriptions and reading state (`[sync]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncServer {
    pub provider: Provider,
    /// The server's base address, always ending in `/` (the TT-RSS API is at `api/`).
    pub url: url::Url,
    pub user: String,
    /// Where the password comes from; `TIDINGS_SYNC_PASSWORD` wins over it when set.
    pub password: PasswordSource,
    /// How long `password_command` may run before it is stopped.
    pub password_timeout: Duration,
}

/// The kinds of sync server tidings speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Tiny Tiny RSS, through its JSON API (level 14 or newer).
    Ttrss,
}

/// How the sync password is found. It is read only when a sync runs, so a
/// `password_command` such as `pass show tt-rss` is not run by every command.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// Written in the file.
    Plain(String),
    /// The first line this shell command prints.
    Command(String),
    /// Neither: only `TIDINGS_SYNC_PASSWORD` can give it.
    Environment,
}

impl std::fmt::Debug for PasswordSource {
    /// Never prints the password itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Plain(_) => f.write_str("Plain(\"***\")"),
            Self::Command(command) => f.debug_tuple("Command").field(command).finish(),
            Self::Environment => f.write_str("Environment"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSync {
    provider: Provider,
    url: String,
    user: String,
    password: Option<String>,
    password_command: Option<String>,
    password_command_timeout_secs: Option<u64>,
}

pub(super) fn validate_sync(raw: &RawSync, path: &Path) -> Result<SyncServer, Error> {
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut url = url::Url::parse(raw.url.trim())
        .map_err(|e| invalid(format!("sync.url '{}' is not a URL: {e}", raw.url)))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(invalid(format!(
            "sync.url '{}' must be an http or https address",
            raw.url
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "sync.url '{}' must be the server's base address, without ?query or #fragment",
            raw.url
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    let user = raw.user.trim();
    if user.is_empty() {
        return Err(invalid("sync.user must not be empty".to_owned()));
    }
    let password = match (&raw.password, &raw.password_command) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "give sync.password or sync.password_command, not both".to_owned(),
            ));
        }
        (Some(password), None) => PasswordSource::Plain(password.clone()),
        (None, Some(command)) if command.trim().is_empty() => {
            return Err(invalid(
                "sync.password_command must not be empty".to_owned(),
            ));
        }
        (None, Some(command)) => PasswordSource::Command(command.trim().to_owned()),
        (None, None) => PasswordSource::Environment,
    };
    let timeout_secs = raw
        .password_command_timeout_secs
        .unwrap_or(DEFAULT_PASSWORD_TIMEOUT_SECS);
    if timeout_secs == 0 || timeout_secs > MAX_PASSWORD_TIMEOUT_SECS {
        return Err(invalid(format!(
            "sync.password_command_timeout_secs must be between 1 and {MAX_PASSWORD_TIMEOUT_SECS}"
        )));
    }
    Ok(SyncServer {
        provider: raw.provider,
        url,
        user: user.to_owned(),
        password,
        password_timeout: Duration::from_secs(timeout_secs),
    })
}
