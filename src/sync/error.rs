//! Why a sync failed, worded for the person at the terminal: every message names the
//! server. A failed sync changes nothing it has not finished, and keeps queued changes.

use std::time::Duration;

use crate::store;

/// What can go wrong talking to the sync server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `LOGIN_ERROR`: wrong user or password.
    #[error("login to {url} as {user} failed")]
    LoginFailed { url: String, user: String },
    /// `API_DISABLED`: the user has not allowed API access.
    #[error(
        "API access is disabled for {user} on {url}: enable it in the user's TT-RSS \
         preferences (Preferences → General → Enable API)"
    )]
    ApiDisabled { url: String, user: String },
    /// The server speaks an older API than tidings needs.
    #[error("{url} speaks TT-RSS API level {found}; tidings needs level {needed} or newer")]
    ApiTooOld {
        url: String,
        found: i64,
        needed: i64,
    },
    /// The session was refused again right after logging in.
    #[error("{url} keeps rejecting the session after logging in as {user}")]
    SessionRejected { url: String, user: String },
    /// No connection: DNS, refused, TLS.
    #[error("cannot reach the sync server {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// The server did not answer in time.
    #[error("the sync server {url} did not answer within {} s", .after.as_secs())]
    Timeout { url: String, after: Duration },
    /// An HTTP error status. TT-RSS answers 500 with an empty body when it fails on a
    /// request, so the message says so.
    #[error("the sync server {url} answered HTTP {status}{}", empty_note(*.empty_body))]
    Http {
        url: String,
        status: u16,
        empty_body: bool,
    },
    /// The server answered with a redirect. It is not followed: the request carries the
    /// password or session, which must not go to another place (or over plain http).
    #[error(
        "the sync server {url} answered HTTP {status}, redirecting to {target}; tidings does not follow redirects with credentials: set sync.url to the right address"
    )]
    Redirect {
        url: String,
        status: u16,
        target: String,
    },
    /// A reply was larger than tidings reads from a sync server.
    #[error("reply from {url} larger than {limit_mib} MiB")]
    TooLarge { url: String, limit_mib: u64 },
    /// The reply is not what the API documents (not JSON, missing fields).
    #[error("the sync server {url} sent a reply tidings cannot read ({op}): {reason}")]
    BadReply {
        url: String,
        op: String,
        reason: String,
    },
    /// The API refused a request.
    #[error("the sync server {url} refused {op}: {error}")]
    Api {
        url: String,
        op: String,
        error: String,
    },
    /// Subscribing failed on the server (bad address, not a feed, unreachable feed).
    #[error("the sync server {url} could not subscribe to {feed}: {reason}")]
    Subscribe {
        url: String,
        feed: String,
        reason: String,
    },
    /// The server said it subscribed, but its feed list lacks the feed.
    #[error("the sync server subscribed to {feed} but does not list it")]
    NotListed { feed: String },
    /// No password could be found.
    #[error(
        "no password for {user}: set sync.password or sync.password_command, or TIDINGS_SYNC_PASSWORD"
    )]
    NoPassword { user: String },
    /// `password_command` failed.
    #[error("sync.password_command `{command}` failed: {reason}")]
    PasswordCommand { command: String, reason: String },
    /// The HTTP client could not be set up.
    #[error("setting up the HTTP client for {url}: {reason}")]
    Setup { url: String, reason: String },
    /// The account changed while changes for the old one wait to be sent.
    #[error(
        "{pending} read/star changes made for {old} were never sent, and the sync account is \
         now {new}: point [sync] back at the old account and sync once to send them, or run \
         `tidings sync --discard-pending` to drop them and start over with the new account"
    )]
    AccountChanged {
        old: String,
        new: String,
        pending: usize,
    },
    #[error(transparent)]
    Store(#[from] store::Error),
}

fn empty_note(empty: bool) -> &'static str {
    if empty {
        " with an empty body (TT-RSS does this when a request fails on the server)"
    } else {
        ""
    }
}
